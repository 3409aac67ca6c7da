"""Open conversation through a local model the user already runs (optional, off by default).

Anything no skill takes may go to an OpenAI-compatible server on this computer (Ollama,
llama.cpp's server, ...), with a short persona and, only when the user allows it, the facts it
knows about them. The model's words are only ever said: they never reach the intent matcher
or a skill. A slow, absent or confused server is given up on within ``WAIT_SECONDS`` and the
assistant's own reply is said instead. Only servers on this computer (loopback) are used.
"""

import ipaddress
import json
import logging
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from assistant.config import Settings
from assistant.memory.spoken_facts import all_said_back
from assistant.skills.services import Services

_LOGGER = logging.getLogger(__name__)

WAIT_SECONDS = 2.5
"""How long a turn waits for the model before falling back (within the 3 s allowed)."""
MAX_REPLY_CHARS = 600
MAX_TOKENS = 160
LOCAL_NAMES = ("localhost", "localhost.localdomain")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Refuses every redirect: the model's server answers itself or not at all."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        """No new request: the redirect becomes an error the turn falls back from."""


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())
"""Straight to the server on this computer: never through a proxy, never redirected."""


def is_local(url: str) -> bool:
    """Whether ``url`` is an http(s) address on this computer."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    if parts.hostname in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(parts.hostname).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class ChatModel:
    """A local model's chat-completions endpoint, and what it is told about the user."""

    url: str
    """The server's base address, such as ``http://127.0.0.1:11434/v1``."""
    model: str
    """The model's name on that server ("llama3.2"); empty for the server's default."""
    persona: Callable[[], str]
    """The short persona, with the facts the user allowed, made fresh for each turn."""
    wait_seconds: float = WAIT_SECONDS
    """How long to wait before falling back."""

    def reply(self, words: str) -> str | None:
        """The model's answer to ``words``, or ``None`` if it gave none in time."""
        answer: list[str | None] = []
        worker = threading.Thread(
            target=lambda: answer.append(self._ask(words)), name="chat-model", daemon=True
        )
        worker.start()
        worker.join(self.wait_seconds)
        if not answer:
            _LOGGER.info("The local model did not answer within %.1f s", self.wait_seconds)
            return None
        return answer[0]

    def _ask(self, words: str) -> str | None:
        request = urllib.request.Request(
            self.url.rstrip("/") + "/chat/completions",
            data=json.dumps(self._body(words)).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with _OPENER.open(request, timeout=self.wait_seconds) as response:
                return spoken_text(json.loads(response.read(256_000)))
        except (OSError, urllib.error.URLError, ValueError, RecursionError) as error:
            _LOGGER.info("The local model could not be asked: %s", error)
            return None

    def _body(self, words: str) -> dict[str, object]:
        return {
            "model": self.model,
            "messages": [
                {"role": "system", "content": self.persona()},
                {"role": "user", "content": words},
            ],
            "max_tokens": MAX_TOKENS,
            "stream": False,
        }


def spoken_text(answer: object) -> str | None:
    """The text of a chat-completions answer, made safe to say; ``None`` if there is none."""
    try:
        content = answer["choices"][0]["message"]["content"]  # type: ignore[index]
    except (KeyError, IndexError, TypeError):
        return None
    if not isinstance(content, str):
        return None
    printable = "".join(char if char.isprintable() else " " for char in content)
    text = " ".join(printable.split())
    if len(text) > MAX_REPLY_CHARS:
        text = text[:MAX_REPLY_CHARS].rsplit(" ", 1)[0] + " ..."
    return text or None


def persona_prompt(name: str, tone: str, facts: str) -> str:
    """The short persona the model is given, with the facts the user allowed (or none)."""
    prompt = (
        f"You are {name}, a companion program running on the user's own computer. "
        f"Speak {tone}. You are not a person: never claim to be human or to have feelings. "
        "You cannot do anything: never say you have done, sent, set, deleted or changed "
        "anything; if asked to act, say the user can ask you directly. Answer in at most two "
        "short sentences, as plain speech."
    )
    return f"{prompt} What the user has told you: {facts}" if facts else prompt


class LocalModelTalk:
    """What no skill takes, answered by the local model the settings name, if any."""

    def __init__(self, settings: Callable[[], Settings], services: Services) -> None:
        self.settings = settings
        self.services = services

    def reply(self, words: str) -> str | None:
        """The model's words for ``words``; ``None`` when it is off, not local, or silent."""
        settings = self.settings()
        if not settings.chat_model_url:
            return None
        if not is_local(settings.chat_model_url):
            _LOGGER.warning("chat_model_url is not on this computer; it is not used")
            return None
        return ChatModel(settings.chat_model_url, settings.chat_model, self._persona).reply(words)

    def _persona(self) -> str:
        services = self.services
        allowed = self.settings().chat_model_knows_me
        facts = all_said_back(services.memory.facts.all()) if allowed else ""
        return persona_prompt(services.identity.name, services.persona.tone, facts)

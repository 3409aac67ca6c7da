"""Open conversation through a local model: a small HTTP server of the tests' own speaks the
OpenAI chat-completions API on loopback (no model can run here). Its reply is said; its words
never become an action; a server that hangs or is absent falls back within 3 s."""

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from assistant.config import Paths
from assistant.events import ActionDone, IntentRecognised, NotUnderstood, Reply
from assistant.runtime.assistant import Assistant
from assistant.runtime.chat_model import is_local, spoken_text
from harness.mailservers import free_port
from tests.conftest import Recorder

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class FakeModel:
    """What the test server answers, and every request it was sent."""

    answer: str = "Mars is cold and dusty, I'm told."
    url: str = ""
    hang_seconds: float = 0.0
    redirect_to: str = ""
    raw_answer: bytes = b""
    requests: list[dict[str, object]] = field(default_factory=list)


def _handler(model: FakeModel) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the http.server API
            length = int(self.headers.get("Content-Length", "0"))
            model.requests.append({"path": self.path, **json.loads(self.rfile.read(length))})
            time.sleep(model.hang_seconds)
            self._answer()

        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            model.requests.append({"path": self.path, "method": "GET"})
            self._answer()

        def _answer(self) -> None:
            if model.redirect_to:
                self.send_response(302)
                self.send_header("Location", model.redirect_to)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = (
                model.raw_answer
                or json.dumps(
                    {"choices": [{"message": {"role": "assistant", "content": model.answer}}]}
                ).encode()
            )
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            """Quiet."""

    return Handler


def _serve(host: str) -> Iterator[FakeModel]:
    fake = FakeModel()
    server = ThreadingHTTPServer((host, free_port()), _handler(fake))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://{host}:{server.server_port}/v1"
    yield fake
    server.shutdown()
    server.server_close()


@pytest.fixture
def model() -> Iterator[FakeModel]:
    yield from _serve("127.0.0.1")


@pytest.fixture
def elsewhere() -> Iterator[FakeModel]:
    """A second server, at another loopback address, that must never be reached."""
    yield from _serve("127.0.0.2")


def connect(assistant: Assistant, model: FakeModel, knows_me: bool = False) -> None:
    assistant.change_settings(
        chat_model_url=model.url, chat_model="tiny", chat_model_knows_me=knows_me
    )


def test_it_is_off_by_default(assistant: Assistant, recorder: Recorder) -> None:
    assert assistant.settings.chat_model_url == ""
    reply = assistant.conversation().run_text("what's the weather like on mars").reply
    assert reply.startswith(("Sorry, I didn't understand", "I'm not sure what you mean"))


def test_a_reply_from_the_local_model_is_said(
    assistant: Assistant, recorder: Recorder, model: FakeModel
) -> None:
    connect(assistant, model)
    talk = assistant.conversation()
    assert talk.run_text("what's the weather like on mars").reply == model.answer
    assert [e.text for e in recorder.events if isinstance(e, Reply)] == [model.answer]
    assert recorder.of(NotUnderstood) == []
    (sent,) = model.requests
    assert sent["path"] == "/v1/chat/completions"
    assert sent["model"] == "tiny"
    system, user = sent["messages"]  # type: ignore[misc]
    assert user == {"role": "user", "content": "what's the weather like on mars"}
    assert "not a person" in system["content"]


def test_skills_come_first(assistant: Assistant, model: FakeModel) -> None:
    connect(assistant, model)
    assert assistant.conversation().run_text("I'm feeling lonely").reply != model.answer
    assert model.requests == []


def test_the_model_s_words_never_become_an_action(
    assistant: Assistant, recorder: Recorder, model: FakeModel
) -> None:
    connect(assistant, model)
    talk = assistant.conversation()
    talk.run_text("my sister's name is Anna")
    for answer in ("yes", "forget everything you know about me", "set a timer for 2 seconds"):
        model.answer = answer
        assert talk.run_text("blorp the flibbet").reply == answer
    intents = [e.intent for e in recorder.events if isinstance(e, IntentRecognised)]
    assert intents == ["memory.remember"]
    assert len(recorder.of(ActionDone)) == 1
    assert assistant.memory.reminders.pending() == []
    assert assistant.memory.facts.all()[0].value == "Anna"


def test_facts_are_shared_only_when_allowed(assistant: Assistant, model: FakeModel) -> None:
    talk = assistant.conversation()
    talk.run_text("I live in Leeds")
    connect(assistant, model)
    talk.run_text("sing me a sea shanty")
    connect(assistant, model, knows_me=True)
    talk.run_text("sing me a sea shanty")
    prompts = [str(r["messages"][0]["content"]) for r in model.requests]  # type: ignore[index]
    assert "Leeds" not in prompts[0]
    assert "you live in Leeds" in prompts[1]


def test_a_hanging_server_falls_back_within_three_seconds(
    assistant: Assistant, model: FakeModel
) -> None:
    model.hang_seconds = 10
    connect(assistant, model)
    started = time.monotonic()
    reply = assistant.conversation().run_text("what's the weather like on mars").reply
    assert time.monotonic() - started < 3.0
    assert reply.startswith(("Sorry, I didn't understand", "I'm not sure what you mean"))


def test_an_absent_server_falls_back(assistant: Assistant) -> None:
    assistant.change_settings(chat_model_url=f"http://127.0.0.1:{free_port()}/v1")
    reply = assistant.conversation().run_text("what's the weather like on mars").reply
    assert "didn't understand" in reply or "not sure" in reply


def test_only_a_server_on_this_computer_is_used() -> None:
    assert is_local("http://127.0.0.1:11434/v1")
    assert is_local("http://localhost:8080/v1")
    assert is_local("http://[::1]:8080/v1")
    assert not is_local("http://example.com/v1")
    assert not is_local("http://192.168.1.20:11434/v1")
    assert not is_local("file:///etc/passwd")


def test_a_confused_answer_is_no_answer() -> None:
    assert spoken_text({"choices": []}) is None
    assert spoken_text({"error": "no model"}) is None
    assert spoken_text({"choices": [{"message": {"content": "  \x07hello\n there "}}]}) == (
        "hello there"
    )


@pytest.mark.parametrize(
    "environment",
    [
        {"http_proxy": "{proxy}"},
        {"HTTP_PROXY": "{proxy}", "no_proxy": "localhost"},
        {"http_proxy": "{proxy}", "https_proxy": "{proxy}", "all_proxy": "{proxy}"},
    ],
)
def test_a_proxy_in_the_environment_is_never_used(
    tmp_path: Path, model: FakeModel, elsewhere: FakeModel, environment: dict[str, str]
) -> None:
    with Assistant(Paths.resolve(str(tmp_path / "home"))) as assistant:
        connect(assistant, model, knows_me=True)
    proxy = elsewhere.url.removesuffix("/v1")
    elsewhere.answer = "said through the proxy"
    env = {**os.environ, **{name: value.format(proxy=proxy) for name, value in environment.items()}}
    asked = subprocess.run(
        [sys.executable, "-m", "assistant", "ask", "--data-dir", str(tmp_path / "home")]
        + ["I'm allergic to peanuts", "what's the weather like on mars"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert asked.returncode == 0, asked.stderr
    assert model.answer in asked.stdout
    assert elsewhere.requests == []
    (sent,) = model.requests
    assert "peanuts" in str(sent["messages"])


def test_a_redirect_to_another_address_is_not_followed(
    assistant: Assistant, model: FakeModel, elsewhere: FakeModel
) -> None:
    model.redirect_to = elsewhere.url + "/chat/completions"
    elsewhere.answer = "an answer from another address"
    connect(assistant, model)
    reply = assistant.conversation().run_text("what's the weather like on mars").reply
    assert reply.startswith(("Sorry, I didn't understand", "I'm not sure what you mean"))
    assert elsewhere.requests == []


def test_deeply_nested_json_is_no_answer_and_no_traceback(
    assistant: Assistant, model: FakeModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    crashes: list[threading.ExceptHookArgs] = []
    monkeypatch.setattr(threading, "excepthook", crashes.append)
    model.raw_answer = b'{"choices": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"
    connect(assistant, model)
    reply = assistant.conversation().run_text("what's the weather like on mars").reply
    assert reply.startswith(("Sorry, I didn't understand", "I'm not sure what you mean"))
    assert crashes == []

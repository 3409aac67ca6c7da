"""What a skill receives, and the registry that maps intents to skills."""

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from assistant.clock import Clock
from assistant.events import SlotValue
from assistant.files.service import FileService
from assistant.identity import Identity
from assistant.intents.context import Context, Outcome, ProgressReport
from assistant.mail.service import MailService
from assistant.memory.everything import Memory
from assistant.memory.store import MemoryStore
from assistant.persona import Persona


@dataclass(frozen=True)
class Services:
    """What skills may use; passed in, never looked up globally."""

    store: MemoryStore
    """The memory database."""
    persona: Persona
    """Phrasings in the assistant's own voice."""
    identity: Identity
    """The assistant's name."""
    clock: Clock
    """The local time."""
    rng: random.Random
    """Chooses among phrasings; seeded in tests."""
    files: FileService
    """The allowed folders, the file index and the journal."""
    memory: Memory
    """Facts about the user, the conversations, and reminders."""
    mail: MailService
    """The mail accounts, the header cache and the mail journal."""

    def say(self, kind: str, **fields: object) -> str:
        """One phrasing of ``kind`` in the assistant's voice."""
        return self.persona.say(kind, self.rng, name=self.identity.name, **fields)


def _no_progress(done: int, total: int) -> None:
    """Progress that no one is watching."""


@dataclass(frozen=True)
class Request:
    """One understood sentence, handed to the skill for its intent."""

    intent: str
    """The intent's name."""
    slots: Mapping[str, SlotValue]
    """The slot values from the sentence."""
    context: Context
    """The conversation so far."""
    services: Services
    """What the skill may use."""
    progress: ProgressReport = _no_progress
    """Reports how far a long action has got (shown in the window, printed by ``--json``)."""

    def slot(self, name: str) -> str:
        """A slot's value as text; empty when the sentence did not fill it."""
        return str(self.slots.get(name, ""))


Skill = Callable[[Request], Outcome]


class Registry:
    """Maps each intent name to the skill that handles it."""

    def __init__(self) -> None:
        self._skills: dict[str, Skill] = {}

    def handles(self, *intents: str) -> Callable[[Skill], Skill]:
        """Register the decorated function as the skill for ``intents``."""

        def register(skill: Skill) -> Skill:
            for intent in intents:
                self._skills[intent] = skill
            return skill

        return register

    def get(self, intent: str) -> Skill | None:
        """The skill for ``intent``, if there is one."""
        return self._skills.get(intent)

    @property
    def intents(self) -> frozenset[str]:
        """Every intent that has a skill."""
        return frozenset(self._skills)


REGISTRY = Registry()

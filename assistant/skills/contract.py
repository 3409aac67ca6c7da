"""The contract between the pipeline and the skills: what a skill receives (``Request``), what
it returns (``Outcome``, with a plan, an undo or a dictation, from ``assistant.skills.outcome``),
and the ``Registry`` that maps intents to skills, with what each intent does (whether it changes
things).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.events import SlotValue
from assistant.skills.outcome import (
    Awaiting,
    Dictation,
    Outcome,
    PendingAction,
    ProgressReport,
    UndoRecord,
)

if TYPE_CHECKING:
    from assistant.skills.conversation import Context
    from assistant.skills.services import Services


def _no_progress(done: int, total: int) -> None:
    """Progress that no one is watching."""


@dataclass(frozen=True)
class Request:
    """One understood sentence, handed to the skill for its intent."""

    intent: str
    """The intent's name."""
    slots: Mapping[str, SlotValue]
    """The slot values from the sentence."""
    context: "Context"
    """The conversation so far."""
    services: "Services"
    """What the skill may use."""
    progress: ProgressReport = _no_progress
    """Reports how far a long action has got (shown in the window, printed by ``--json``)."""

    def slot(self, name: str) -> str:
        """A slot's value as text; empty when the sentence did not fill it."""
        return str(self.slots.get(name, ""))


Skill = Callable[[Request], Outcome]


@dataclass(frozen=True)
class Handler:
    """The skill for one intent, and what the intent does."""

    skill: Skill
    """Carries the intent out."""
    changes_things: bool = False
    """True when the intent changes or removes something (mail, files, memory, reminders)."""
    needs_two_hearings: bool = False
    """True when it changes things at once, with no plan read back first: from speech it is
    taken only when two decodes agree (see ``assistant.voice``)."""


class Registry:
    """Maps each intent name to the skill that handles it, and says which intents change things.

    Each skill module fills its own (``SKILLS``) with ``handles``;
    ``assistant.skills.registry.build_registry`` joins the modules' into a new one.
    """

    def __init__(self) -> None:
        self._handlers: dict[str, Handler] = {}

    def handles(
        self, *intents: str, changes_things: bool = False, needs_two_hearings: bool = False
    ) -> Callable[[Skill], Skill]:
        """Register the decorated function as the skill for ``intents``.

        ``changes_things`` declares that the intents change or remove something;
        ``needs_two_hearings`` that they do so at once, with no plan waiting for a yes.
        """

        def register(skill: Skill) -> Skill:
            for intent in intents:
                self._handlers[intent] = Handler(skill, changes_things, needs_two_hearings)
            return skill

        return register

    def include(self, other: "Registry") -> None:
        """Take every intent of ``other`` (a later one replaces an earlier one)."""
        self._handlers.update(other._handlers)

    def get(self, intent: str) -> Skill | None:
        """The skill for ``intent``, if there is one."""
        handler = self._handlers.get(intent)
        return handler.skill if handler else None

    @property
    def intents(self) -> frozenset[str]:
        """Every intent that has a skill."""
        return frozenset(self._handlers)

    @property
    def changing(self) -> frozenset[str]:
        """The intents declared to change or remove things."""
        return frozenset(i for i, h in self._handlers.items() if h.changes_things)

    @property
    def heard_twice(self) -> frozenset[str]:
        """The intents that change things at once, so speech must be heard twice alike."""
        return frozenset(i for i, h in self._handlers.items() if h.needs_two_hearings)


__all__ = [
    "Awaiting",
    "Dictation",
    "Handler",
    "Outcome",
    "PendingAction",
    "ProgressReport",
    "Registry",
    "Request",
    "Skill",
    "UndoRecord",
]

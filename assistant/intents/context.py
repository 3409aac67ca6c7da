"""What carries over from one turn to the next: the last reply, a plan awaiting a yes,
and what can be undone."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ProgressReport = Callable[[int, int], None]
"""Told how many of how many steps are done, while a plan is carried out."""

ANSWERS_TO_A_PLAN = frozenset({"system.confirm", "system.deny", "system.cancel", "system.repeat"})
"""The turns that keep a plan waiting: yes, no, never mind, and "say that again"."""


@dataclass(frozen=True)
class PendingAction:
    """A destructive action that has been planned and read back, and waits for a yes."""

    intent: str
    """The intent that planned it."""
    summary: str
    """The plan in one or two sentences, as read back to the user."""
    steps: tuple[str, ...]
    """Every step, for the window and ``--json``."""
    apply: Callable[[ProgressReport], "Outcome"]
    """Carries the plan out, reporting progress; called only after a yes."""


@dataclass(frozen=True)
class UndoRecord:
    """How to reverse something that was done."""

    intent: str
    """The intent whose action this reverses."""
    summary: str
    """What will be put back, in a few words."""
    undo: Callable[[], str]
    """Reverses the action and returns a sentence saying so."""


@dataclass(frozen=True)
class Dictation:
    """The next thing said is taken as free words (a letter's body), not as a command."""

    intent: str
    """The intent reported for that turn ("mail.dictate")."""
    take: Callable[[str], "Outcome"]
    """Takes the words; returns what to say and do."""


@dataclass(frozen=True)
class Outcome:
    """What a skill did with a request."""

    reply: str
    """What to say. An empty reply says nothing (after "stop")."""
    done: str = ""
    """A short summary of an action carried out, if any."""
    action: str = ""
    """The intent whose action was carried out, when not the one asked (after "yes")."""
    plan: PendingAction | None = None
    """A plan that waits for a yes, if any."""
    undo: UndoRecord | None = None
    """How to reverse the action carried out, if it can be."""
    dictation: Dictation | None = None
    """Take the next thing said down word for word, if set."""


@dataclass
class Context:
    """The state of one conversation, across its turns."""

    conversation_id: str
    """Tells the turns of this conversation apart from others in the memory."""
    turn_id: int = 0
    """The number of the current turn."""
    last_reply: str = ""
    """What the assistant said last, for "say that again"."""
    pending: PendingAction | None = None
    """The plan waiting for a yes or a no, if any."""
    pending_turn: int = 0
    """The turn that last asked about the waiting plan (it planned it, or said it again)."""
    dictation: Dictation | None = None
    """Set when the next thing said is to be taken down word for word."""
    undo_stack: list[UndoRecord] = field(default_factory=list)
    """Things that can be undone, newest last."""
    turn_row: int | None = None
    """The memory's row for what the user said this turn (facts point back to it)."""
    recent: dict[str, Any] = field(default_factory=dict)
    """What skills keep between turns, by skill: the files just found, for "open it"."""

    def plan_asked(self, turn_id: int, plan: PendingAction) -> None:
        """``plan`` waits for a yes, asked about in turn ``turn_id``."""
        self.pending, self.pending_turn = plan, turn_id

    def turn_over(self, turn_id: int, intent: str | None) -> None:
        """After a turn: the waiting plan lapses unless this turn asked about it or answered it.

        A yes counts only while the plan is the last thing asked.
        """
        if intent in ANSWERS_TO_A_PLAN:
            self.pending_turn = turn_id
        elif self.pending_turn != turn_id:
            self.pending = None

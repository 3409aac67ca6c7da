"""What carries over from one turn to the next: the last reply, a plan awaiting a yes, what can
be undone, and what each skill keeps between turns (by the skill's own type, see ``Context.kept``).

It knows no skill: a skill's state type lives in the skill's module, so a new skill needs no
change here.
"""

from dataclasses import dataclass, field
from typing import TypeVar

from assistant.skills.outcome import Dictation, PendingAction, UndoRecord

Kept = TypeVar("Kept")

CONFIRM, DENY, CANCEL, REPEAT = "system.confirm", "system.deny", "system.cancel", "system.repeat"
"""The answers to a plan or a question: yes, no, never mind, and "say that again"."""
STOP, SLEEP, WAKE, UNDO = "system.stop", "system.sleep", "system.wake", "system.undo"
"""Stop talking, stop listening, answer to the name, and put back what was done."""
GOODBYE = "chat.goodbye"
"""Ends a conversation typed in the terminal."""

ANSWERS_TO_A_PLAN = frozenset({CONFIRM, DENY, CANCEL, REPEAT})
"""The turns that keep a plan (or a question about a guess) from lapsing: they answer it, or ask
to hear it again. Any other turn moves on, and the plan lapses."""
ESCAPES_FROM_DICTATION = frozenset({CANCEL, STOP})
"""Said while dictation is awaited, these still act as commands ("never mind")."""


def plan_still_shown_after(intent: str) -> bool:
    """Whether a plan shown before a turn of ``intent`` still waits after it: only "say that
    again" keeps it (a yes or a no answers it; anything else lets it lapse)."""
    return intent == REPEAT


CONVERSATION = "chat."
"""The intents of conversation (a greeting, a goodbye, a feeling): never a task to take down;
after one, a line that asks for nothing is still the user talking."""
MORE_OF_THE_SAME = "chat.another"
"""Asks for more of what the last turn did ("another one")."""
ACKNOWLEDGEMENT = "chat.acknowledge"
"""An "ok" or a "haha": it leaves what "another one" gives more of as it was."""


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
    invited: frozenset[str] = frozenset()
    """The requests the last reply invited (``Outcome.invites``), for this line only."""
    undo_stack: list[UndoRecord] = field(default_factory=list)
    """Things that can be undone, newest last."""
    undo_at_once: bool = False
    """Whether "undo" may reverse the newest of ``undo_stack`` without asking: true only while
    every turn since it was understood and tried to change nothing else."""
    turn_row: int | None = None
    """The memory's row for what the user said this turn (facts point back to it)."""
    words: str = ""
    """What the user said this turn, as heard or typed (a skill may read more from it than
    the slots hold)."""
    changed_turn: int | None = None
    """The last turn that changed something (with a way back)."""
    lapsed_turn: int | None = None
    """The last turn in which a plan or question waiting lapsed."""
    last_intent: str | None = None
    """What the last turn was understood as, for "another one" (that one itself aside)."""
    skill_state: dict[type, object] = field(default_factory=dict)
    """What each skill keeps between turns, by its type (the files just found, the mail being
    read); see ``kept``."""

    def kept(self, kind: type[Kept]) -> Kept:
        """The state of type ``kind`` a skill keeps between turns; a new one on first use."""
        if kind not in self.skill_state:
            self.skill_state[kind] = kind()
        state = self.skill_state[kind]
        if not isinstance(state, kind):
            raise TypeError(f"{kind.__name__} kept as {type(state).__name__}")
        return state

    def plan_asked(self, turn_id: int, plan: PendingAction) -> None:
        """``plan`` waits for a yes, asked about in turn ``turn_id``."""
        self.pending, self.pending_turn = plan, turn_id

    def changed(self, undo: UndoRecord | None) -> None:
        """A turn changed something (``undo`` reverses it) or tried to; a change that left no
        way back makes the one before it older than the last change."""
        if undo is not None:
            self.undo_stack.append(undo)
            self.changed_turn = self.turn_id
        self.undo_at_once = undo is not None

    def turn_over(self, turn_id: int, intent: str | None) -> None:
        """After a turn: the waiting plan lapses unless this turn asked about it or answered it.

        A yes counts only while the plan is the last thing asked. "Another one" and an
        acknowledgement leave the last intent as it was, so a second "another one" (or one
        after "haha") gives more of the same.
        """
        if intent not in (MORE_OF_THE_SAME, ACKNOWLEDGEMENT):
            self.last_intent = intent
        if intent in ANSWERS_TO_A_PLAN:
            self.pending_turn = turn_id
        elif self.pending_turn != turn_id:
            self.lapse(turn_id)

    def lapse(self, turn_id: int) -> None:
        """The plan or question waiting lapses in turn ``turn_id`` (if one waits)."""
        if self.pending is not None:
            self.lapsed_turn = turn_id
        self.pending = None

    def lapsed_last_turn(self) -> bool:
        """Whether a plan or question lapsed in the turn before this one (a yes now was
        likely meant for it)."""
        return self.lapsed_turn is not None and self.lapsed_turn >= self.turn_id - 1

    def changed_last_turn(self) -> bool:
        """Whether the turn before this one changed something (and read it back)."""
        return self.changed_turn is not None and self.changed_turn == self.turn_id - 1

"""What carries over from one turn to the next: the last reply, a plan awaiting a yes, what can
be undone, and what each skill keeps between turns (each in its own typed field).

Apart from ``contract`` because it holds the skills' own state types (``assistant.skills.files``
and ``assistant.skills.mail`` define them), which import the contract.
"""

from dataclasses import dataclass, field

from assistant.skills.contract import Dictation, PendingAction, UndoRecord
from assistant.skills.files import FoundFiles
from assistant.skills.mail import Reading

ANSWERS_TO_A_PLAN = frozenset({"system.confirm", "system.deny", "system.cancel", "system.repeat"})
"""The turns that keep a plan waiting: yes, no, never mind, and "say that again"."""


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
    undo_at_once: bool = False
    """Whether "undo" may reverse the newest of ``undo_stack`` without asking: true only while
    every turn since it was understood and tried to change nothing else."""
    turn_row: int | None = None
    """The memory's row for what the user said this turn (facts point back to it)."""
    files: FoundFiles = field(default_factory=FoundFiles)
    """The files just found, for "open it"."""
    mail: Reading = field(default_factory=Reading)
    """Where the conversation is in the user's mail: the list last told, the draft."""

    def plan_asked(self, turn_id: int, plan: PendingAction) -> None:
        """``plan`` waits for a yes, asked about in turn ``turn_id``."""
        self.pending, self.pending_turn = plan, turn_id

    def changed(self, undo: UndoRecord | None) -> None:
        """A turn changed something (``undo`` reverses it) or tried to; a change that left no
        way back makes the one before it older than the last change."""
        if undo is not None:
            self.undo_stack.append(undo)
        self.undo_at_once = undo is not None

    def turn_over(self, turn_id: int, intent: str | None) -> None:
        """After a turn: the waiting plan lapses unless this turn asked about it or answered it.

        A yes counts only while the plan is the last thing asked.
        """
        if intent in ANSWERS_TO_A_PLAN:
            self.pending_turn = turn_id
        elif self.pending_turn != turn_id:
            self.pending = None

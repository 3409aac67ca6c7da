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
    turn_row: int | None = None
    """The memory's row for what the user said this turn (facts point back to it)."""
    files: FoundFiles = field(default_factory=FoundFiles)
    """The files just found, for "open it"."""
    mail: Reading = field(default_factory=Reading)
    """Where the conversation is in the user's mail: the list last told, the draft."""
    last_reminder: int | None = None
    """The reminder last spoken of alone (set, moved, or told as the next), for "that one"."""

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

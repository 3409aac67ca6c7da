"""Speaking first: what the assistant has to tell the user without being asked.

Reminders and timers that come due. The session asks for these between turns, only while the
assistant is awake and the user is not talking; each is one sentence.
"""

from assistant.clock import Clock
from assistant.memory.reminders import TIMER, Reminder, Reminders
from assistant.spoken import spoken_time


class Presence:
    """Finds what to say first, each thing once."""

    def __init__(self, reminders: Reminders, clock: Clock) -> None:
        self.reminders = reminders
        self.clock = clock

    def missed_while_off(self) -> list[str]:
        """At start: the reminders that came due while the assistant was not running."""
        return [missed_sentence(r) for r in self.reminders.take_due(self.clock.now())]

    def to_say_now(self) -> list[str]:
        """The reminders and timers due now, each returned once."""
        return [due_sentence(reminder) for reminder in self.reminders.take_due(self.clock.now())]


def due_sentence(reminder: Reminder) -> str:
    """What to say when it comes due."""
    if reminder.kind == TIMER:
        return f"Time's up: your timer for {reminder.task} is done."
    return f"It's time to {reminder.task}."


def missed_sentence(reminder: Reminder) -> str:
    """What to say at start about one that came due while it was off."""
    if reminder.kind == TIMER:
        return f"While I was off, your timer for {reminder.task} ran out."
    return f"While I was off, you had a reminder to {reminder.task} at {spoken_time(reminder.due)}."

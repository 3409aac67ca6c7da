"""The sentences a click sends: a button in a front end asks in words, as the user would, so the
request is understood, planned, read back, confirmed, journaled and undoable the same way."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from assistant.memory.facts import BIRTHDAY, ME, NAME, Fact
from assistant.memory.feelings import Feeling
from assistant.memory.people import Person
from assistant.memory.reminders import ALARM, TIMER, Reminder
from assistant.skills.reminders import spoken_ahead
from assistant.spoken import reminded

SNOOZE_MINUTES = 10
"""How long the snooze button puts a reminder off."""
CLEAN_UP_MAIL = "clean up my inbox"
MOVE_INTENT = "reminder.move"


def cancel(reminder: Reminder) -> str:
    """ "cancel the reminder to call Mum", "cancel the pasta timer", "cancel my 6:30 am alarm"."""
    if reminder.kind == TIMER:
        return f"cancel the {reminder.label} timer" if reminder.label else "cancel the timer"
    if reminder.kind == ALARM:
        return f"cancel {_named(reminder)}"
    return f"cancel the reminder {reminded(reminder.task)}"


def snooze(reminder: Reminder, now: datetime) -> str:
    """Put it off by ``SNOOZE_MINUTES``: "move the call Mum reminder to today at 6:15 in the
    evening" (a moved reminder, as the user would ask for one)."""
    later = max(reminder.due, now) + timedelta(minutes=SNOOZE_MINUTES)
    return move(reminder, spoken_ahead(later, now))


def move(reminder: Reminder, when: str) -> str:
    """ "move the call Mum reminder to tomorrow at 9", "move my 6:30 am alarm to 7:30"."""
    return f"move {_named(reminder)} to {when.strip()}"


def can_move(reminder: Reminder, intents: Iterable[str]) -> bool:
    """Whether moving (and so snoozing) ``reminder`` can be asked for: a reminder or alarm,
    where the understanding knows ``reminder.move``."""
    return reminder.kind != TIMER and MOVE_INTENT in intents


def _named(reminder: Reminder) -> str:
    """ "my 6:30 am alarm" (its time tells it from another), "the call Mum reminder"."""
    if reminder.kind == ALARM:
        due = reminder.due
        return f"my {due.hour % 12 or 12}:{due.minute:02d} {'am' if due.hour < 12 else 'pm'} alarm"
    return f"the {reminder.task} reminder"


def forget_fact(fact: Fact) -> str:
    """ "forget my sister's name", "forget my birthday", "forget everything about peanuts"."""
    if fact.subject == ME and fact.relation in (NAME, BIRTHDAY):
        return f"forget my {fact.relation}"
    if fact.relation == NAME:
        return f"forget my {fact.subject}'s name"
    return f"forget everything about {fact.value}"


def forget_feeling(feeling: Feeling) -> str:
    """ "forget everything about feeling lonely"."""
    return f"forget everything about feeling {feeling.feeling}"


def forget_person(person: Person) -> str:
    """ "forget Amy Pond"."""
    return f"forget {person.name}"

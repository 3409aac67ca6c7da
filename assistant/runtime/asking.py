"""The sentences a click sends: a button in a front end asks in words, as the user would, so the
request is understood, planned, read back, confirmed, journaled and undoable the same way."""

from assistant.memory.facts import BIRTHDAY, ME, NAME, Fact
from assistant.memory.people import Person
from assistant.memory.reminders import ALARM, TIMER, Reminder
from assistant.spoken import reminded

SNOOZE_MINUTES = 10
"""How long the snooze button puts a reminder off."""
CLEAN_UP_MAIL = "clean up my inbox"


def cancel(reminder: Reminder) -> str:
    """ "cancel the reminder to call Mum", "cancel the pasta timer", "cancel the alarm"."""
    if reminder.kind == TIMER:
        return f"cancel the {reminder.label} timer" if reminder.label else "cancel the timer"
    if reminder.kind == ALARM:
        return "cancel the alarm"
    return f"cancel the reminder {reminded(reminder.task)}"


def snooze(reminder: Reminder) -> str:
    """ "snooze the reminder to call Mum for 10 minutes"."""
    return f"snooze the {_named(reminder)} for {SNOOZE_MINUTES} minutes"


def move(reminder: Reminder, when: str) -> str:
    """ "move the reminder to call Mum to 5 pm" (``when`` as the user typed it)."""
    return f"move the {_named(reminder)} to {when.strip()}"


def _named(reminder: Reminder) -> str:
    if reminder.kind == TIMER:
        return f"{reminder.label} timer" if reminder.label else "timer"
    if reminder.kind == ALARM:
        return "alarm"
    return f"reminder {reminded(reminder.task)}"


def forget_fact(fact: Fact) -> str:
    """ "forget my sister's name", "forget my birthday", "forget everything about peanuts"."""
    if fact.subject == ME and fact.relation in (NAME, BIRTHDAY):
        return f"forget my {fact.relation}"
    if fact.relation == NAME:
        return f"forget my {fact.subject}'s name"
    return f"forget everything about {fact.value}"


def forget_person(person: Person) -> str:
    """ "forget Amy Pond"."""
    return f"forget {person.name}"

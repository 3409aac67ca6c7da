"""What a front end shows as it opens: the recent conversation, and a greeting by name with what
is coming up today (from the reminders, alarms and timers still to come)."""

from dataclasses import dataclass
from datetime import datetime

from assistant.memory.facts import ME, NAME, FactBook
from assistant.memory.reminders import ALARM, TIMER, Reminder, Reminders
from assistant.spoken import listed, reminded, spoken_time
from assistant.store.database import MemoryStore

RECENT_TURNS = 40
"""How much of the last conversation is shown again when the window opens."""
USER = "user"


@dataclass(frozen=True)
class Opening:
    """The window's first lines: the conversation so far, then a greeting."""

    earlier: list[tuple[str, str]]
    """The last turns remembered, oldest first, as (speaker, text); speaker is "user" or
    "assistant"."""
    greeting: str
    """ "Good morning, Sam. Coming up today: ..." ("" on the very first run)."""


def opening(store: MemoryStore, facts: FactBook, reminders: Reminders, now: datetime) -> Opening:
    """What to show as the window opens (it reads the database: call it off the GUI thread)."""
    earlier = [(turn.speaker, turn.text) for turn in store.recent_turns(RECENT_TURNS)]
    if not earlier:
        return Opening([], "")
    return Opening(earlier, greeting(facts, reminders.pending(), now))


def greeting(facts: FactBook, pending: list[Reminder], now: datetime) -> str:
    """ "Good evening, Sam. Coming up today: your reminder to call Mum at 7:00 in the
    evening." (by name when the user has said it)."""
    name = facts.get(ME, NAME)
    hello = f"{_part_of_day(now)}, {name.value}." if name else f"{_part_of_day(now)}."
    return f"{hello} {coming_up_today(pending, now)}"


def coming_up_today(pending: list[Reminder], now: datetime) -> str:
    """One sentence on what is still due today, or that nothing is."""
    today = [r for r in pending if now <= r.due and r.due.date() == now.date()]
    if not today:
        return "Nothing is set for the rest of today."
    return f"Coming up today: {listed([_one(r) for r in today])}."


def _one(reminder: Reminder) -> str:
    at = spoken_time(reminder.due)
    if reminder.kind == ALARM:
        return f"your alarm at {at}"
    if reminder.kind == TIMER:
        return f"your {reminder.timer_name}, done at {at}"
    return f"a reminder {reminded(reminder.task)} at {at}"


def _part_of_day(now: datetime) -> str:
    if now.hour < 5:
        return "Hello"
    if now.hour < 12:
        return "Good morning"
    return "Good afternoon" if now.hour < 18 else "Good evening"

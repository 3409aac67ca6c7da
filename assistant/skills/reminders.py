"""reminder.* and timer.*: set them, list them, cancel the timer. They fire from ``Presence``."""

from datetime import datetime, timedelta

from assistant.intents.context import Outcome
from assistant.memory.reminders import (
    REMINDER,
    TIMER,
    Reminder,
    due_at_clock_time,
    due_at_day_time,
)
from assistant.skills.base import REGISTRY, Request
from assistant.spoken import listed, second_person, spoken_duration, spoken_when

MAX_TASK_CHARS = 200
DAY_WORDS = ("today", "tomorrow")


@REGISTRY.handles("reminder.set")
def set_reminder(request: Request) -> Outcome:
    """Keep a reminder for a clock time, a part of a day, or after a while."""
    services = request.services
    now = services.clock.now()
    task = second_person(request.slot("task")).strip(" .")
    if not task:
        return Outcome("What should I remind you to do?")
    if len(task) > MAX_TASK_CHARS:
        return Outcome("That's a long one. Could you say the reminder in a few words?")
    due = _due(request, now)
    turn = request.context.turn_row
    services.memory.reminders.add(REMINDER, task, due, now, turn)
    when = (
        f"in {spoken_duration(_seconds(request))}" if _seconds(request) else spoken_when(due, now)
    )
    return Outcome(f"Okay. I'll remind you to {task} {when}.", done=f"reminder set for {due}")


def _due(request: Request, now: datetime) -> datetime:
    seconds = _seconds(request)
    if seconds:
        return now + timedelta(seconds=seconds)
    spoken = request.slot("time")
    if spoken.startswith(DAY_WORDS):
        return due_at_day_time(spoken, now)
    return due_at_clock_time(spoken, now)


def _seconds(request: Request) -> int:
    value = request.slots.get("duration")
    return int(value) if value else 0


@REGISTRY.handles("timer.set")
def set_timer(request: Request) -> Outcome:
    """Start a timer."""
    services = request.services
    now = services.clock.now()
    seconds = _seconds(request)
    length = spoken_duration(seconds)
    due = now + timedelta(seconds=seconds)
    services.memory.reminders.add(TIMER, length, due, now, request.context.turn_row)
    return Outcome(f"Timer set for {length}.", done=f"timer set for {length}")


@REGISTRY.handles("timer.cancel")
def cancel_timer(request: Request) -> Outcome:
    """Cancel the running timers."""
    reminders = request.services.memory.reminders
    timers = reminders.pending(TIMER)
    if not timers:
        return Outcome("There's no timer running.")
    reminders.cancel(timers)
    lengths = " and the timer for ".join(timer.task for timer in timers)
    return Outcome(f"I've cancelled the timer for {lengths}.", done="cancelled the timer")


@REGISTRY.handles("reminder.list")
def list_reminders(request: Request) -> Outcome:
    """What is still to come, soonest first."""
    now = request.services.clock.now()
    pending = request.services.memory.reminders.pending()
    if not pending:
        return Outcome("You have no reminders.")
    items = [_item(reminder, now) for reminder in pending]
    count = f"{len(items)} reminder{'s' * (len(items) > 1)}"
    return Outcome(f"You have {count}: {listed(items, ', and ')}.")


def _item(reminder: Reminder, now: datetime) -> str:
    when = spoken_when(reminder.due, now)
    if reminder.kind == TIMER:
        return f"a timer for {reminder.task} that ends {when}"
    return f"to {reminder.task} {when}"

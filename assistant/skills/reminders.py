"""reminder.*, alarm.set and timer.*: set them, list them, cancel them. They fire from ``Presence``.

A reminder is said with its time in any order ("remind me tomorrow to pay rent", "remind me to
take the bins out on Thursday at 8"); ``assistant.intents.when`` tells the time words from the
task. Every reply reads the exact moment back, so a wrong guess is heard at once. With no time,
it asks when, and takes the next thing said as the answer.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import partial

from rapidfuzz import fuzz

from assistant.intents.when import Moment, Prefer, find_moment, moment_in
from assistant.memory.reminders import ALARM, REMINDER, TIMER, Reminder, Reminders
from assistant.skills.contract import (
    Awaiting,
    Dictation,
    Outcome,
    PendingAction,
    Registry,
    Request,
    UndoRecord,
)
from assistant.skills.conversation import Context
from assistant.skills.services import Services
from assistant.spoken import (
    WEEKDAYS,
    listed,
    ordinal,
    reminded,
    second_person,
    spoken_duration,
    spoken_time,
)

SKILLS = Registry()
"""The intents this module handles, with what each does."""

MAX_TASK_CHARS = 200
WAKE_UP = "wake up"
"""The task of an alarm."""
SAME_TASK = 80
"""How alike (0-100) a task said to cancel and a reminder's task must be."""
TIME_SLOTS = ("when", "task", "due")
"""The free words of reminder.set, in the order they are said."""
_RESTATED = re.compile(r"^(?:please\s+)?remind me\s+(?P<task>.+)$", re.IGNORECASE)
_CONNECTOR = re.compile(r"^(?:(?:for\s+)?to)\s+|\s+(?:to|and|on|at)$", re.IGNORECASE)
_ABOUT = re.compile(r"^(?:for|of|on|regarding|about)\s+", re.IGNORECASE)
_A_CLAUSE = re.compile(r"^(?:you|you've|you're|there|it|we|they)\b", re.IGNORECASE)
"""A task said as what is the case ("I have a meeting") is kept as "that you have a meeting"."""
_REPEAT = re.compile(
    r"\b(?:(?:every|each)\s+(?:single\s+)?(?:day|morning|evening|night|week|weekday|"
    rf"(?P<weekday>{'|'.join(WEEKDAYS)}))s?|daily|weekly|"
    r"repeating|recurring)\b",
    re.IGNORECASE,
)
"""How a repeat is said ("every day at 9"): repeats are not kept yet, only the first one."""
_FOR_A_WHILE = re.compile(
    r"^for\s+(?=(?:[\w/-]+\s+){1,4}?(?:minutes?|mins?|hours?|hrs?|days?|weeks?)\b)", re.IGNORECASE
)
"""A reminder "for 5 minutes" (from now), said first: read as "in 5 minutes"."""
NO_REPEATS = " I can't repeat reminders yet, so that's just the first one."


@dataclass(frozen=True)
class _Asked:
    """A reminder half said: what is known so far, while the rest is asked for."""

    services: Services
    """What the skill may use."""
    context: Context
    """The conversation it was said in."""
    kind: str
    """``REMINDER`` or ``ALARM``."""
    task: str
    """What to do, in the second person."""


@SKILLS.handles("reminder.set")
def set_reminder(request: Request) -> Outcome:
    """Keep a reminder for the moment said, or ask for what is missing."""
    said = " ".join(request.slot(name) for name in TIME_SLOTS if request.slot(name))
    once, repeated = without_repeat(_FOR_A_WHILE.sub("in ", said, count=1))
    outcome = _reminder(_Asked(request.services, request.context, REMINDER, ""), once)
    return (
        replace(outcome, reply=outcome.reply + NO_REPEATS) if repeated and outcome.done else outcome
    )


def without_repeat(said: str) -> tuple[str, bool]:
    """``said`` with a repeat taken out ("every Monday" -> "on Monday"), and whether it had one."""
    found = _REPEAT.search(said)
    if found is None:
        return said, False
    weekday = found.group("weekday")
    first = f"on {weekday}" if weekday else ""
    return " ".join(_REPEAT.sub(first, said, count=1).split()), True


def _reminder(asked: _Asked, said: str) -> Outcome:
    """The task and the time in ``said``: kept, or the missing one asked for."""
    found = find_moment(said, asked.services.clock.now())
    task = task_of(found.rest if found else said)
    if len(task) > MAX_TASK_CHARS:
        return Outcome("That's a long one. Could you say the reminder in a few words?")
    if not task:
        return _ask_what(asked, found.moment if found else None)
    asked = replace(asked, task=task)
    return _keep(asked, found.moment) if found else _ask_when(asked)


def _ask_what(asked: _Asked, moment: Moment | None) -> Outcome:
    """Ask for the task; the next thing said is taken as it (with the time, if none yet)."""
    if moment is None:
        question = "What should I remind you to do, and when?"
        take = partial(_reminder, asked)
    else:
        question = (
            f"What should I remind you to do {said_ahead(moment, asked.services.clock.now())}?"
        )
        take = partial(_task_answered, asked, moment)
    return Outcome(
        question,
        dictation=Dictation("reminder.set", lambda words: take(_unsaid(words)), Awaiting.TASK),
    )


def _task_answered(asked: _Asked, moment: Moment, words: str) -> Outcome:
    task = task_of(words)
    if not task:
        return _ask_what(asked, moment)
    return _keep(replace(asked, task=task), moment)


def _unsaid(words: str) -> str:
    """An answer without a leading "remind me" (people often say the whole thing again)."""
    again = _RESTATED.match(words.strip())
    return again.group("task") if again else words


def task_of(words: str) -> str:
    """The task as said back: "to call my mum" -> "call your mum"."""
    previous = None
    task = words.strip(" .,!?")
    while previous != task:
        previous, task = task, _CONNECTOR.sub("", task).strip(" .,!?")
    task = second_person(_ABOUT.sub("about ", task))
    return f"that {task}" if _A_CLAUSE.match(task) else task


@SKILLS.handles("alarm.set")
def set_alarm(request: Request) -> Outcome:
    """An alarm: a reminder to wake up that rings first. An hour said alone is the morning's."""
    services = request.services
    asked = _Asked(services, request.context, ALARM, WAKE_UP)
    words = request.slot("when")
    moment = moment_in(words, services.clock.now(), Prefer.MORNING) if words else None
    if moment is None or not moment.timed:
        return _ask_when(asked)
    return _keep(asked, moment)


def _ask_when(asked: _Asked, opener: str = "") -> Outcome:
    """Ask for the time; the next thing said is taken as the answer."""
    question = (
        "What time should I wake you?"
        if asked.kind == ALARM
        else f"When should I remind you {reminded(asked.task)}?"
    )
    take = _answer_taker(asked)
    return Outcome(f"{opener}{question}", dictation=Dictation(f"{asked.kind}.set", take))


def _answer_taker(asked: _Asked) -> Callable[[str], Outcome]:
    def take(words: str) -> Outcome:
        now = asked.services.clock.now()
        prefer = Prefer.MORNING if asked.kind == ALARM else Prefer.DAYTIME
        moment = moment_in(words, now, prefer)
        found = None if moment else find_moment(words, now, prefer)
        moment = moment or (found.moment if found else None)
        if moment is None or (asked.kind == ALARM and not moment.timed):
            return _ask_when(asked, 'I didn\'t catch a time there. You could say "tomorrow at 9". ')
        return _keep(_restated(asked, found.rest) if found else asked, moment)

    return take


def _restated(asked: _Asked, rest: str) -> _Asked:
    """The reminder said again in full as the answer ("remind me to call mum at 6") is taken
    with its new task; other words around the time ("um", "please") are left out."""
    again = _RESTATED.match(rest)
    task = task_of(again.group("task")) if again else ""
    return replace(asked, task=task) if task and asked.kind == REMINDER else asked


def _keep(asked: _Asked, moment: Moment) -> Outcome:
    """Keep the reminder or alarm, and read the moment back."""
    services = asked.services
    now = services.clock.now()
    if moment.at <= now:
        return _ask_when(asked, f"{said_ahead(moment, now).capitalize()} has already passed. ")
    kept = services.memory.reminders.add(
        asked.kind, asked.task, moment.at, now, asked.context.turn_row
    )
    when = said_ahead(moment, now)
    undo = _undo_setting(services.memory.reminders, kept, described(kept, now))
    if asked.kind == ALARM:
        reply = f"Okay. I'll wake you {when}."
    else:
        reply = f"Okay. I'll remind you {reminded(asked.task)} {when}."
    return Outcome(reply, done=f"{asked.kind} set for {moment.at}", undo=undo)


def _undo_setting(reminders: Reminders, kept: Reminder, what: str) -> UndoRecord:
    """Undo setting it: cancelled, as if it had not been asked."""

    def undo() -> str:
        reminders.cancel([kept])
        return f"I've cancelled {'the reminder ' * (kept.kind == REMINDER)}{what}."

    return UndoRecord(f"{kept.kind}.set", what, undo)


def said_ahead(moment: Moment, now: datetime) -> str:
    """The moment read back: "in 2 hours, today at 6:05 in the evening", "on Thursday the 3rd
    at 8:00 in the morning"."""
    ahead = spoken_ahead(moment.at, now)
    if moment.after is None:
        return ahead
    return f"in {spoken_duration(int(moment.after.total_seconds()))}, {ahead}"


def spoken_ahead(moment: datetime, now: datetime) -> str:
    """A moment to come: "today at ...", "tomorrow at ...", "on Thursday the 3rd at ...",
    "on Monday the 4th of January at ..." (with the year when it is not this one)."""
    at = f"at {spoken_time(moment)}"
    days = (moment.date() - now.date()).days
    if days == 0:
        return f"today {at}"
    if days == 1:
        return f"tomorrow {at}"
    day = f"on {moment:%A} the {ordinal(moment.day)}"
    if days < 7:
        return f"{day} {at}"
    year = f", {moment.year}," if moment.year != now.year else ""
    return f"{day} of {moment:%B}{year} {at}"


@SKILLS.handles("timer.set")
def set_timer(request: Request) -> Outcome:
    """Start a timer."""
    services = request.services
    now = services.clock.now()
    seconds = _seconds(request)
    length = spoken_duration(seconds)
    due = now + timedelta(seconds=seconds)
    label = _label_asked(request)
    services.memory.reminders.add(TIMER, length, due, now, request.context.turn_row, label)
    if label:
        return Outcome(f"Your {label} timer is set for {length}.", done=f"{label} timer set")
    return Outcome(f"Timer set for {length}.", done=f"timer set for {length}")


_LABEL_EDGES = {"the", "my", "a", "an", "timer"}


def _label_asked(request: Request) -> str:
    """The timer's name the words give, as said back ("the Pasta" -> "pasta"): no article, no
    "timer"; empty when they give none."""
    words = str(request.slots.get("label") or "").lower().split()
    while words and words[0] in _LABEL_EDGES:
        words.pop(0)
    while words and words[-1] in _LABEL_EDGES:
        words.pop()
    return " ".join(words)


def _seconds(request: Request) -> int:
    value = request.slots.get("duration")
    return int(value) if value else 0


@SKILLS.handles("timer.cancel")
def cancel_timer(request: Request) -> Outcome:
    """Cancel the running timers."""
    reminders = request.services.memory.reminders
    running = reminders.pending(TIMER)
    if not running:
        return Outcome("There's no timer running.")
    timers = _the_timers_meant(request, running)
    if not timers:
        return Outcome(f"There's no {_timer_asked_for(request)} running.")
    reminders.cancel(timers)
    cancelled = " and ".join(f"the {timer.timer_name}" for timer in timers)
    return Outcome(f"I've cancelled {cancelled}.", done="cancelled the timer")


def _the_timers_meant(request: Request, running: list[Reminder]) -> list[Reminder]:
    """The running timers the words name (by name, or by length); all of them when they name
    none."""
    label, seconds = _label_asked(request), _seconds(request)
    return [
        timer
        for timer in running
        if (not label or timer.label == label)
        and (not seconds or timer.task == spoken_duration(seconds))
    ]


def _timer_asked_for(request: Request) -> str:
    label, seconds = _label_asked(request), _seconds(request)
    length = f" for {spoken_duration(seconds)}" if seconds else ""
    return f"{label} timer{length}" if label else f"timer{length}"


@SKILLS.handles("reminder.list")
def list_reminders(request: Request) -> Outcome:
    """What is still to come, soonest first: reminders, alarms and timers."""
    now = request.services.clock.now()
    pending = request.services.memory.reminders.pending()
    if not pending:
        return Outcome("You have no reminders.")
    items = [described(reminder, now) for reminder in pending]
    count = f"{len(items)} reminder{'s' * (len(items) > 1)}"
    return Outcome(f"You have {count}: {listed(items, ', and ')}.")


def described(reminder: Reminder, now: datetime) -> str:
    """One reminder as listed: "to call your mum tomorrow at ...", "an alarm ..."."""
    when = spoken_ahead(reminder.due, now)
    if reminder.kind == TIMER:
        named = f"the {reminder.label} timer" if reminder.label else "a timer"
        return f"{named} for {reminder.task} that ends {when}"
    if reminder.kind == ALARM:
        return f"an alarm {when}"
    return f"{reminded(reminder.task)} {when}"


@SKILLS.handles("reminder.cancel", changes_things=True, needs_two_hearings=True)
def cancel_reminder(request: Request) -> Outcome:
    """Cancel one reminder at once (undoable), or plan to cancel several and wait for a yes."""
    services = request.services
    chosen = _chosen(request)
    now = services.clock.now()
    if not chosen:
        return Outcome(_none_to_cancel(request))
    if len(chosen) > 1 and not any(request.slot(name) for name in ("scope", "kind", "task")):
        items = listed([described(r, now) for r in chosen], ", or ")
        return Outcome(f"Which one? You have {len(chosen)}: {items}.")
    if len(chosen) == 1:
        return _cancelled(services.memory.reminders, chosen, now)
    return _plan_cancelling(request, chosen, now)


def _chosen(request: Request) -> list[Reminder]:
    """The pending reminders (or alarms) the request names."""
    reminders = request.services.memory.reminders
    if request.slot("kind") == ALARM:
        return reminders.pending(ALARM)
    pending = [r for r in reminders.pending() if r.kind in (REMINDER, ALARM)]
    task = request.slot("task")
    if not task or request.slot("scope"):
        return pending
    return _matching(pending, task, request.services.clock.now())


def _matching(pending: list[Reminder], said: str, now: datetime) -> list[Reminder]:
    """The reminders whose task is the one said ("call mum" is "call your mum")."""
    found = find_moment(said, now)
    wanted = task_of(found.rest if found else said).casefold()
    scores = {r.id: fuzz.token_set_ratio(wanted, r.task.casefold()) for r in pending}
    best = max(scores.values(), default=0)
    if best < SAME_TASK:
        return []
    return [r for r in pending if scores[r.id] >= best - 5 and r.kind == REMINDER]


def _none_to_cancel(request: Request) -> str:
    if request.slot("kind") == ALARM:
        return "You have no alarms set."
    task = request.slot("task")
    if task and request.services.memory.reminders.pending():
        listing = '"what are my reminders"'
        return f"I can't find a reminder {reminded(task_of(task))}. Say {listing} to hear them."
    return "You have no reminders."


def _cancelled(reminders: Reminders, chosen: list[Reminder], now: datetime) -> Outcome:
    """Cancel ``chosen`` now, with an undo that puts them back."""
    reminders.cancel(chosen)
    what = listed([described(r, now) for r in chosen])
    noun = "reminders" if len(chosen) > 1 else "reminder"
    if len(chosen) == 1 and chosen[0].kind == ALARM:
        reply = f"I've cancelled {what}."
    else:
        reply = f"I've cancelled the {noun} {what}."

    def undo() -> str:
        reminders.restore(chosen)
        return f"I've put back the {noun} {what}."

    record = UndoRecord("reminder.cancel", f"the {noun} {what}", undo)
    return Outcome(reply, done=f"cancelled {len(chosen)} {noun}", undo=record)


def _plan_cancelling(request: Request, chosen: list[Reminder], now: datetime) -> Outcome:
    """Read back what would be cancelled; done only on a yes."""
    items = [described(r, now) for r in chosen]
    summary = f"I'd cancel {len(chosen)} reminders: {listed(items, ', and ')}. Shall I?"
    reminders = request.services.memory.reminders
    plan = PendingAction(
        request.intent,
        summary,
        tuple(f"cancel: {item}" for item in items),
        lambda _progress: _cancelled(reminders, chosen, now),
    )
    return Outcome(summary, plan=plan)

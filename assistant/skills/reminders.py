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

from assistant.events import SlotValue
from assistant.intents.learned_slots import another_task
from assistant.intents.repeats import Repeat, find_repeat, first_after, spoken_repeat, with_time
from assistant.intents.understanding import Understanding
from assistant.intents.when import (
    USUAL_HOUR,
    Moment,
    Prefer,
    find_moment,
    moment_in,
    moved_to,
    wall_clock,
    with_named_times,
)
from assistant.memory.reminders import ALARM, REMINDER, TIMER, Reminder, Reminders
from assistant.skills.contract import (
    Awaiting,
    Dictation,
    Outcome,
    Registry,
    Request,
    UndoRecord,
)
from assistant.skills.conversation import Context
from assistant.skills.services import Services
from assistant.spoken import (
    capitalised,
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
_FOR_A_WHILE = re.compile(
    r"^for\s+(?=(?:[\w/-]+\s+){1,4}?(?:minutes?|mins?|hours?|hrs?|days?|weeks?)\b)", re.IGNORECASE
)
"""A reminder "for 5 minutes" (from now), said first: read as "in 5 minutes"."""


@dataclass
class ReminderTalk:
    """What the conversation keeps about reminders between turns (``Context.kept``)."""

    last: int | None = None
    """The reminder last spoken of alone (set, moved, snoozed, or told as the next), for
    "that one"."""


def spoken_of(context: Context, reminder_id: int) -> None:
    """Note the reminder just spoken of alone, for "that one"."""
    context.kept(ReminderTalk).last = reminder_id


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
    repeat: Repeat | None = None
    """How it repeats, when a repeat was said."""


@SKILLS.handles("reminder.set")
def set_reminder(request: Request) -> Outcome:
    """Keep a reminder for the moment said, or ask for what is missing."""
    said = " ".join(request.slot(name) for name in TIME_SLOTS if request.slot(name))
    said = said or _as_a_note(request.slot("note"))
    said = timed_words(request.services, _FOR_A_WHILE.sub("in ", said, count=1))
    found = find_repeat(said)
    asked = _Asked(request.services, request.context, REMINDER, "", found.repeat if found else None)
    return _reminder(asked, found.rest if found else said)


def _as_a_note(note: str) -> str:
    """A reminder said as a note ("reminder: parents evening thursday at 6pm") is about it."""
    return note if not note or note.casefold().startswith("to ") else f"about {note}"


def timed_words(services: Services, said: str) -> str:
    """``said`` with the user's named times as clock times ("after lunch" -> "at 1:30 pm")."""
    return with_named_times(said, services.settings().named_times)


def _reminder(asked: _Asked, said: str) -> Outcome:
    """The task and the time in ``said``: kept, or the missing one asked for. For a repeat, an
    hour said alone is read as from the start of today ("every day at 9" is the morning's)."""
    now = asked.services.clock.now()
    found = find_moment(said, wall_clock(now.date(), 0, 0, now) if asked.repeat else now)
    task = task_of(found.rest if found else said)
    if len(task) > MAX_TASK_CHARS:
        return Outcome("That's a long one. Could you say the reminder in a few words?")
    if not task:
        return _ask_what(asked, found.moment if found else None)
    asked = replace(asked, task=task)
    if found is None and asked.repeat is not None:
        return _keep(asked, _usual_time(asked.services.clock.now()))
    return _keep(asked, found.moment) if found else _ask_when(asked)


def _usual_time(now: datetime) -> Moment:
    """The usual hour today, for a repeat said with no time ("every Monday")."""
    return Moment(wall_clock(now.date(), USUAL_HOUR, 0, now), timed=False)


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
    words = timed_words(services, request.slot("when"))
    found = find_repeat(words)
    asked = _Asked(services, request.context, ALARM, WAKE_UP, found.repeat if found else None)
    words = found.rest if found else words
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
        words = timed_words(asked.services, words)
        moment = moment_in(words, now, prefer)
        found = None if moment else find_moment(words, now, prefer)
        moment = moment or (found.moment if found else None)
        if moment is None or (asked.kind == ALARM and not moment.timed):
            return _ask_when(asked, 'I didn\'t catch a time there. You could say "tomorrow at 9". ')
        another = _another_task(found.rest) if found and asked.kind == REMINDER else ""
        if another:
            return _and_still_asked(_keep(replace(asked, task=another), moment), asked)
        return _keep(_restated(asked, found.rest) if found else asked, moment)

    return take


def _another_task(rest: str) -> str:
    """The task of another reminder said instead of the time asked for ("and put the bins out
    on thursday morning"); "" when the words around the time say no task of their own."""
    another = another_task(rest)
    return task_of(another) if another else ""


def _and_still_asked(kept: Outcome, asked: _Asked) -> Outcome:
    """The other reminder ``kept``, and the time for ``asked`` asked for again."""
    still = _ask_when(asked)
    return replace(kept, reply=f"{kept.reply} {still.reply}", dictation=still.dictation)


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
    if asked.repeat is not None:
        return _keep_repeat(asked, moment, now)
    if moment.at <= now:
        return _ask_when(asked, f"{capitalised(said_ahead(moment, now))} has already passed. ")
    kept = services.memory.reminders.add(
        asked.kind, asked.task, moment.at, now, asked.context.turn_row
    )
    return _kept(asked, kept, said_ahead(moment, now), now)


def _keep_repeat(asked: _Asked, moment: Moment, now: datetime) -> Outcome:
    """Keep a repeating one: at the time said, from the day said (or today) on."""
    assert asked.repeat is not None  # noqa: S101 - only called for a repeat
    first_day = moment.at.date() if moment.dated else now.date()
    rule = with_time(asked.repeat, moment.at.time(), first_day)
    due = first_after(rule, wall_clock(first_day, 0, 0, now), now)
    if due is None:
        return _ask_when(asked, "That repeat never comes round. ")
    kept = asked.services.memory.reminders.add(
        asked.kind, asked.task, due, now, asked.context.turn_row, repeat=rule
    )
    when = f"{spoken_repeat(rule)} at {spoken_time(due)}, starting {spoken_day(due, now)}"
    return _kept(asked, kept, when, now)


def _kept(asked: _Asked, kept: Reminder, when: str, now: datetime) -> Outcome:
    """Read back what was kept, with an undo; a time said next corrects it."""
    spoken_of(asked.context, kept.id)
    undo = _undo_setting(asked.services.memory.reminders, kept, described(kept, now))
    if asked.kind == ALARM:
        reply = f"Okay. I'll wake you {when}."
    else:
        reply = f"Okay. I'll remind you {reminded(asked.task)} {when}."
    correction = corrected(asked.services, asked.context, kept)
    return Outcome(reply, done=f"{asked.kind} set for {kept.due}", undo=undo, dictation=correction)


_CORRECTING = re.compile(
    r"^(?:(?:no|nope|nah|actually|sorry|oh|oops|wait|hmm|um|erm|ok|okay|i meant|i mean|"
    r"make (?:it|that)|change (?:it|that) to|(?:can|could) (?:you|u) make (?:it|that)|lets say|"
    r"let's say|better|rather)[\s,]+)+|(?:\s+(?:instead|please|then|actually|thanks))+$",
    re.IGNORECASE,
)
"""The words around a time said to correct one just set ("no make it 4pm instead")."""


def corrected(services: Services, context: Context, reminder: Reminder) -> Dictation | None:
    """The very next line, when it is only a time or a day ("at 5", "no make it 4pm
    instead", "friday"), is a correction of ``reminder`` just set or moved: the move is read
    back and made on a yes. Any other line is a new turn. A repeat is not corrected so."""
    if reminder.repeat:
        return None

    def due_said(words: str) -> datetime | None:
        said = _CORRECTING.sub("", words.strip(" .!?"))
        now = services.clock.now()
        if not said or moment_in(said, now) is None:
            return None
        return moved_to(said, reminder.due, now, prefer_for(reminder))

    def take(words: str) -> Outcome:
        due = due_said(words)
        now = services.clock.now()
        if due == reminder.due:
            return Outcome(f"That's when it is already. I'll {_as_kept(reminder, now)}.")
        return if_movable(due, now, lambda at: _ask_to_move(reminder, at, now))

    return Dictation(
        "reminder.move",
        take,
        answered_by=lambda words: due_said(words) is not None,
        asked=False,
    )


def if_movable(due: datetime | None, now: datetime, move: Callable[[datetime], Outcome]) -> Outcome:
    """``move`` to ``due``, or why a reminder cannot go there (no time said, or one gone
    by)."""
    if due is None:
        return Outcome('I didn\'t catch when to move it to. You could say "move it to 4pm".')
    if due <= now:
        return Outcome(f"{capitalised(spoken_ahead(due, now))} has already passed.")
    return move(due)


def _the_one(reminder: Reminder) -> str:
    """ "the alarm", "the reminder to call mum"."""
    return "the alarm" if reminder.kind == ALARM else f"the reminder {reminded(reminder.task)}"


def prefer_for(reminder: Reminder) -> Prefer:
    """Which hour an hour said alone means for ``reminder``: an alarm's is the morning's."""
    return Prefer.MORNING if reminder.kind == ALARM else Prefer.DAYTIME


def _ask_to_move(reminder: Reminder, due: datetime, now: datetime) -> Outcome:
    """Read back the move: made by moving "that" one, on a yes."""
    slots: dict[str, SlotValue] = {"task": "that", "when": f"{due:%Y-%m-%d %H:%M}"}
    if reminder.kind == ALARM:
        slots["kind"] = "alarm"
    move = Understanding("reminder.move", slots, sure=False)
    return Outcome(
        f"Shall I move {_the_one(reminder)} to {spoken_ahead(due, now)}?", ask_first=move
    )


def moved(services: Services, context: Context, reminder: Reminder, due: datetime) -> Outcome:
    """Move ``reminder`` to ``due`` now, with an undo that moves it back; a time said next
    corrects it again."""
    now = services.clock.now()
    reminders = services.memory.reminders
    after = reminders.move(reminder, due)
    spoken_of(context, after.id)

    def undo() -> str:
        reminders.put_back(reminder)
        return f"I've moved it back. I'll {_as_kept(reminder, now)}."

    moving = f"moving {_the_one(reminder)} to {spoken_ahead(due, now)}"
    return Outcome(
        f"Okay. I'll now {_as_kept(after, now)}.",
        done=f"moved to {due}",
        undo=UndoRecord("reminder.move", moving, undo),
        dictation=corrected(services, context, after),
    )


def _as_kept(reminder: Reminder, now: datetime) -> str:
    """ "remind you to call mum on Friday at ...", "wake you tomorrow at ..."."""
    verb = "wake you" if reminder.kind == ALARM else "remind you"
    listed_as = described(reminder, now)
    return f"{verb} {listed_as.removeprefix('an alarm ')}"


def _undo_setting(reminders: Reminders, kept: Reminder, what: str) -> UndoRecord:
    """Undo setting it: cancelled, as if it had not been asked."""

    def undo() -> str:
        reminders.cancel([kept])
        return f"I've cancelled {'the reminder ' * (kept.kind == REMINDER)}{what}."

    setting = f"setting {'the reminder ' * (kept.kind == REMINDER)}{what}"
    return UndoRecord(f"{kept.kind}.set", setting, undo)


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
    return f"{spoken_day(moment, now)} at {spoken_time(moment)}"


def spoken_day(moment: datetime, now: datetime) -> str:
    """A day to come: "today", "tomorrow", "on Thursday the 3rd", "on Monday the 4th of
    January, 2027," (the month from a week on, the year when it is not this one)."""
    days = (moment.date() - now.date()).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    day = f"on {moment:%A} the {ordinal(moment.day)}"
    if days < 7:
        return day
    year = f", {moment.year}," if moment.year != now.year else ""
    return f"{day} of {moment:%B}{year}"


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


def described(reminder: Reminder, now: datetime) -> str:
    """One reminder as listed: "to call your mum tomorrow at ...", "an alarm ...", "an alarm
    every weekday at 7:00 in the morning"."""
    when = spoken_ahead(reminder.due, now)
    if reminder.repeat:
        when = f"{spoken_repeat(reminder.repeat)} at {spoken_time(reminder.due)}"
    if reminder.kind == TIMER:
        named = f"the {reminder.label} timer" if reminder.label else "a timer"
        return f"{named} for {reminder.task} that ends {when}"
    if reminder.kind == ALARM:
        return f"an alarm {when}"
    return f"{reminded(reminder.task)} {when}"

"""calendar.agenda and calendar.free: the day ahead, from the user's calendars and reminders.

"whats on tomorrow", "what's my day look like", "anything on this weekend" read the events and
reminders of that span together, soonest first (a few, then how many more); "when is my next
appointment" the first event to come; "am I free on Friday afternoon" and "have I got anything
at 3 tomorrow" say yes, or what is on then. The calendars are only read, never changed.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from assistant.calendar.events import Event
from assistant.calendar.service import CalendarError
from assistant.intents.when import Moment, find_moment, moment_in, wall_clock
from assistant.memory.reminders import REMINDER, TIMER, Reminder
from assistant.skills.contract import Outcome, Registry, Request
from assistant.skills.reminders import described, spoken_day, timed_words
from assistant.spoken import capitalised, listed, reminded, spoken_time

SKILLS = Registry()
"""The intents this module handles, with what each does."""

TOLD = 5
"""How many things of a span are read; the rest are counted."""
_PARTS = {"morning": (6, 12), "afternoon": (12, 18), "evening": (18, 24), "night": (18, 24)}
_WEEKEND = re.compile(r"\b(?P<which>this|next|the|coming)?\s*weekend\b")
_WEEK = re.compile(r"^(?P<which>this|next)\s+week$")


@dataclass(frozen=True)
class Span:
    """A stretch of time asked about."""

    start: datetime
    end: datetime
    spoken: str
    """How it is said back: "tomorrow", "on Friday the 4th in the afternoon"."""


@dataclass(frozen=True)
class _Thing:
    """An event or a reminder, as told in a day."""

    start: datetime
    told: str


def span_of(words: str, now: datetime) -> Span | None:
    """The span ``words`` name: a day, a part of one, a weekend or week, or an hour from a
    time ("at 3 tomorrow"); ``None`` when they name none."""
    words = " ".join(words.casefold().split())
    special = _weekend(words, now) or _week(words, now)
    if special is not None:
        return special
    part = next((name for name in _PARTS if re.search(rf"\b{name}\b", words)), "")
    clock_words = f"at {words}" if words[:1].isdigit() else words
    moment = moment_in(clock_words, now) or _moment_among(words, now)
    if moment is None:
        return None
    day = moment.at.date()
    if moment.timed:
        start = moment.at
        spoken = f"{spoken_day(start, now)} at {spoken_time(start)}"
        return Span(start, start + timedelta(hours=1), spoken)
    if part:
        first, last = _PARTS[part]
        spoken = f"{spoken_day(moment.at, now)} in the {part}"
        return Span(_at(day, first, now), _at(day, last, now), spoken)
    return Span(_at(day, 0, now), _at(day, 24, now), spoken_day(moment.at, now))


def _moment_among(words: str, now: datetime) -> Moment | None:
    """The day or time said among other words ("my calender today", "the diary for friday")."""
    found = find_moment(words, now)
    return moment_in(found.said, now) if found is not None else None


def _at(day: date, hour: int, now: datetime) -> datetime:
    return wall_clock(day + timedelta(days=hour // 24), hour % 24, 0, now)


def _weekend(words: str, now: datetime) -> Span | None:
    """ "this weekend": from its Saturday (or now, at the weekend) to the Monday after."""
    found = _WEEKEND.search(words)
    moment = moment_in(words, now) if found else None
    if found is None or moment is None:
        return None
    first = moment.at.date()
    monday = first + timedelta(days=7 - first.weekday())
    start = max(_at(first, 0, now), now)
    return Span(start, _at(monday, 0, now), f"{found.group('which') or 'this'} weekend")


def _week(words: str, now: datetime) -> Span | None:
    found = _WEEK.match(words)
    if found is None:
        return None
    monday = now.date() - timedelta(days=now.weekday())
    if found.group("which") == "next":
        monday += timedelta(days=7)
        return Span(_at(monday, 0, now), _at(monday, 24 * 7, now), "next week")
    return Span(now, _at(monday, 24 * 7, now), "this week")


@SKILLS.handles("calendar.agenda")
def agenda(request: Request) -> Outcome:
    """What is on in the span asked about (today when none), or the next appointment."""
    services = request.services
    now = services.clock.now()
    if request.slot("scope") == "next":
        return _next_appointment(request, now)
    words = timed_words(services, request.slot("when") or "today")
    span = span_of(words, now)
    if span is None:
        return Outcome("I didn't catch which day. You could say \"what's on tomorrow\".")
    try:
        things = _things(request, span)
    except CalendarError as error:
        return Outcome(error.message)
    if not things:
        return Outcome(f"You have nothing on {span.spoken}.")
    return Outcome(_told(span, things))


def _told(span: Span, things: list[_Thing]) -> str:
    told = [thing.told for thing in things[:TOLD]]
    more = len(things) - TOLD
    rest = f", and {more} more" if more > 0 else ""
    lead = capitalised(span.spoken)
    count = "one thing" if len(things) == 1 else f"{len(things)} things"
    items = listed(told, ", and ") if more <= 0 else ", ".join(told)
    return f"{lead} you have {count}: {items}{rest}."


def _things(request: Request, span: Span, whole_days: bool = True) -> list[_Thing]:
    """The events and reminders (not timers) of ``span``, soonest first (with the events of
    whole days, such as a birthday, unless ``whole_days`` is false)."""
    services = request.services
    calendars = services.calendars
    events = calendars.between(span.start, span.end) if calendars is not None else []
    events = [event for event in events if whole_days or not event.all_day]
    reminders = [
        r for r in services.memory.reminders.between(span.start, span.end) if r.kind != TIMER
    ]
    things = [_Thing(e.start, _event_told(e, span)) for e in events]
    things += [_Thing(r.due, _reminder_told(r, span)) for r in reminders]
    return sorted(things, key=lambda thing: thing.start)


def _event_told(event: Event, span: Span) -> str:
    """ "the staff meeting at 9:00 in the morning", "Dad's birthday, all day"."""
    if event.all_day:
        return f"{event.summary}, all day"
    return f"{event.summary} {_when_in(event.start, span)}"


def _reminder_told(reminder: Reminder, span: Span) -> str:
    at = _when_in(reminder.due, span)
    if reminder.kind != REMINDER:
        return f"an alarm {at}"
    return f"a reminder {reminded(reminder.task)} {at}"


def _when_in(moment: datetime, span: Span) -> str:
    """ "at 9:00 in the morning", or "on Sunday at ..." in a span of more than a day."""
    at = f"at {spoken_time(moment)}"
    return f"on {moment:%A} {at}" if span.end - span.start > timedelta(days=1) else at


def _next_appointment(request: Request, now: datetime) -> Outcome:
    calendars = request.services.calendars
    try:
        event = calendars.next_after(now) if calendars is not None else None
    except CalendarError as error:
        return Outcome(error.message)
    if event is not None:
        when = spoken_day(event.start, now)
        at = "all day" if event.all_day else f"at {spoken_time(event.start)}"
        return Outcome(f"Your next appointment is {event.summary}, {when} {at}.")
    pending = [r for r in request.services.memory.reminders.pending() if r.kind != TIMER]
    if pending:
        first = described(pending[0], now)
        return Outcome(f"There's nothing in your calendar. Your next reminder is {first}.")
    return Outcome("You have no appointments coming up.")


@SKILLS.handles("calendar.free")
def free(request: Request) -> Outcome:
    """Whether the span asked about is free of events and reminders, and what is on if not."""
    services = request.services
    now = services.clock.now()
    span = span_of(timed_words(services, request.slot("when")), now)
    if span is None:
        return Outcome('I didn\'t catch when. You could say "am I free on Friday afternoon".')
    try:
        things = _things(request, span, whole_days=False)
    except CalendarError as error:
        return Outcome(error.message)
    if not things:
        return Outcome(f"Yes, you're free {span.spoken}.")
    told = listed([thing.told for thing in things[:TOLD]], ", and ")
    return Outcome(f"No: {span.spoken} you have {told}.")

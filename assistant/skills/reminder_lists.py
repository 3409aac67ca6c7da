"""reminder.list: lists people can listen to.

Three or fewer are read whole. More are counted, and the next three read ("You have 22
reminders. The next three are ..."); "more" (said next) reads the next five, and so on. A list
can be for a day ("tomorrow you have ..."), of one kind ("my alarms"), about something
("reminders about the school"), or just the next one.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial

from assistant.intents.when import moment_in
from assistant.memory.reminders import ALARM, REMINDER, TIMER, Reminder, Reminders, day_span
from assistant.skills.contract import Dictation, Outcome, Registry, Request
from assistant.skills.reminder_changes import description, fitting
from assistant.skills.reminders import corrected, described, spoken_day, spoken_of
from assistant.spoken import capitalised, listed, reminded, spoken_duration, spoken_time

SKILLS = Registry()
"""The intents this module handles, with what each does."""

FIRST_TOLD = 3
"""How many are read before "say 'more'"."""
THEN_TOLD = 5
"""How many each "more" reads."""
_MORE = re.compile(
    r"^(?:(?:yes|ok|okay|go on|and)\s+)?(?:more|the rest|go on|carry on|keep going|continue|"
    r"next|what else|tell me more|read (?:me )?the rest|(?:yes )?please)(?:\s+please)?$"
)
_NOUNS = {
    ALARM: ("alarm", "alarms"),
    TIMER: ("timer", "timers"),
    REMINDER: ("reminder", "reminders"),
}


@dataclass(frozen=True)
class _Listing:
    """What a list is of, and how it is read."""

    count: int
    """How many there are."""
    fetch: Callable[[int, int], list[Reminder]]
    """``fetch(skip, limit)``: the next ones, soonest first."""
    noun: tuple[str, str]
    """ "reminder", "reminders" (or "alarm", "alarms")."""
    day: date | None = None
    """The day it is for, if for one."""
    about: str = ""
    """What they are about, if asked so."""


@SKILLS.handles("reminder.list")
def list_reminders(request: Request) -> Outcome:
    """What is still to come, soonest first: reminders, alarms and timers."""
    listing = _listing(request)
    now = request.services.clock.now()
    if request.slot("scope") == "next":
        return _the_next(request, listing)
    if not listing.count:
        return Outcome(f"You have no {listing.noun[1]}{_for_what(listing, now)}.")
    return _told(listing, now, 0)


def _listing(request: Request) -> _Listing:
    """The reminders asked for: of a kind, on a day, about something. Only the ones read are
    loaded when the list is not filtered by day or topic."""
    services = request.services
    now = services.clock.now()
    kind = request.slot("kind")
    day = _day_said(request.slot("when") or request.slot("topic"), now)
    about = "" if day else request.slot("topic")
    noun = _NOUNS.get(kind, _NOUNS[REMINDER])
    reminders = services.memory.reminders
    if not day and not about:
        fetch = partial(_fetched, reminders, kind or None)
        return _Listing(reminders.count(kind or None), fetch, noun)
    items = reminders.between(*day_span(day, now)) if day else reminders.pending(kind or None)
    items = [r for r in items if not kind or r.kind == kind]
    if about:
        items = fitting(items, description(about, now), None)
    return _Listing(len(items), lambda skip, limit: items[skip : skip + limit], noun, day, about)


def _fetched(reminders: Reminders, kind: str | None, skip: int, limit: int) -> list[Reminder]:
    return reminders.pending(kind, limit=limit, skip=skip)


def _day_said(words: str, now: datetime) -> date | None:
    moment = moment_in(words, now) if words else None
    return moment.at.date() if moment is not None and moment.dated else None


def _the_next(request: Request, listing: _Listing) -> Outcome:
    now = request.services.clock.now()
    if not listing.count:
        return Outcome(f"You have no {listing.noun[1]}.")
    (first,) = listing.fetch(0, 1)
    spoken_of(request.context, first.id)
    correction = corrected(request.services, request.context, first)  # "make it 7 instead"
    said = described(first, now).removeprefix(f"an {listing.noun[0]} ")  # not "alarm is an alarm"
    return Outcome(f"Your next {listing.noun[0]} is {said}.", dictation=correction)


@SKILLS.handles("timer.left")
def time_left(request: Request) -> Outcome:
    """How long each timer running has left, soonest first ("The pasta timer has 14 minutes
    left."); a timer named ("the pizza timer") only that one, when there is such a timer."""
    now = request.services.clock.now()
    timers = request.services.memory.reminders.pending(TIMER)
    label = request.slot("label").casefold()
    named = [t for t in timers if label and label in t.timer_name.casefold()]
    timers = named or timers
    if not timers:
        return Outcome("You have no timers running.")
    said = [
        f"the {t.timer_name} has {spoken_duration(_seconds_left(t, now))} left"
        for t in timers[:FIRST_TOLD]
    ]
    more = len(timers) - FIRST_TOLD
    rest = f" You have {more} more." if more > 0 else ""
    return Outcome(f"{capitalised(listed(said))}.{rest}")


def _seconds_left(timer: Reminder, now: datetime) -> int:
    """Whole seconds left, rounded to the minute past the first minute."""
    seconds = max(0, int((timer.due - now).total_seconds()))
    return seconds if seconds < 60 else (seconds + 30) // 60 * 60


def _told(listing: _Listing, now: datetime, start: int) -> Outcome:
    """The list from ``start``: whole when short; else a chunk, and "more" for the rest."""
    count = listing.count
    lead = _lead(listing, now)
    if start == 0 and count <= FIRST_TOLD:
        return Outcome(f"{lead}: {_items(listing, listing.fetch(0, count), now)}.")
    told = FIRST_TOLD if start == 0 else THEN_TOLD
    end = start + told
    chunk = _items(listing, listing.fetch(start, told), now)
    if start == 0:
        reply = f"{lead}. The next three are {chunk}."
    else:
        reply = f"{'Then' if end < count else 'And last'}, {chunk}."
    if end >= count:
        return Outcome(reply)
    return Outcome(
        f'{reply} Say "more" for the rest.',
        dictation=Dictation(
            "reminder.list", lambda _words: _told(listing, now, end), answered_by=is_more
        ),
    )


def is_more(words: str) -> bool:
    """Whether ``words`` ask for the rest of a list ("more", "go on", "next")."""
    return _MORE.match(" ".join(re.sub(r"[^\w' ]+", " ", words.casefold()).split())) is not None


def _lead(listing: _Listing, now: datetime) -> str:
    count = listing.count
    noun = listing.noun[0] if count == 1 else listing.noun[1]
    if listing.day is not None:
        return f"{capitalised(_on_day(listing.day, now))} you have {count} {noun}"
    return f"You have {count} {noun}{_for_what(listing, now)}"


def _for_what(listing: _Listing, now: datetime) -> str:
    if listing.day is not None:
        return f" {_on_day(listing.day, now)}"
    return f" about {listing.about}" if listing.about else ""


def _on_day(day: date, now: datetime) -> str:
    return spoken_day(datetime(day.year, day.month, day.day, 12, tzinfo=now.tzinfo), now)


def _items(listing: _Listing, items: list[Reminder], now: datetime) -> str:
    told = [_on_the_day(r) if listing.day else described(r, now) for r in items]
    return listed(told, ", and ")


def _on_the_day(reminder: Reminder) -> str:
    """One reminder on a day already said: "an alarm at 7:00 in the morning"."""
    at = f"at {spoken_time(reminder.due)}"
    if reminder.kind == TIMER:
        return f"the {reminder.timer_name} ending {at}"
    if reminder.kind == ALARM:
        return f"an alarm {at}"
    return f"{reminded(reminder.task)} {at}"

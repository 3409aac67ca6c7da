"""Events of a calendar in a span of time, with their repeats worked out.

``icalendar`` reads the calendar and ``recurring-ical-events`` works out each occurrence of a
repeating event (RRULE, RDATE, EXDATE, moved occurrences) in the span asked for. Times are given
in the user's zone; an all-day event is from the start of its first day to the start of the day
after its last.

A calendar's events are sorted once when it is read: a single event is found by bisecting that
list, and only the repeating ones are expanded for each span, so a question about one day of a
calendar of thousands of events stays quick.
"""

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import icalendar
import recurring_ical_events


@dataclass(frozen=True)
class Event:
    """One occurrence of an event."""

    summary: str
    """What it is ("Dentist")."""
    start: datetime
    """When it starts, in the user's zone."""
    end: datetime
    """When it ends (its start, when it has no length)."""
    all_day: bool = False
    """Whether it is for whole days rather than for a time."""
    location: str = ""
    """Where, when the calendar says."""


@dataclass
class EventIndex:
    """The events of one calendar, ready to be asked about any span."""

    single: list[Event] = field(default_factory=list)
    """The events that do not repeat, by start."""
    starts: list[datetime] = field(default_factory=list)
    """Their starts, for bisecting."""
    longest: timedelta = timedelta(0)
    """The longest of them, so that one started before a span but still on is found."""
    repeating: Any = None
    """The repeating events alone, as a ``recurring_ical_events`` query expanded per span."""


def index_of(calendar: icalendar.Calendar, zone: Any) -> EventIndex:
    """The events of ``calendar`` indexed for ``events_between`` (times in ``zone``)."""
    repeating = icalendar.Calendar()
    for component in calendar.walk("VTIMEZONE"):
        repeating.add_component(component)
    single: list[Event] = []
    for component in calendar.walk("VEVENT"):
        if _repeats(component):
            repeating.add_component(component)
        elif component.get("DTSTART") is not None:
            single.append(_event(component, zone))
    single.sort(key=lambda event: event.start)
    longest = max((event.end - event.start for event in single), default=timedelta(0))
    query = recurring_ical_events.of(repeating) if repeating.walk("VEVENT") else None
    return EventIndex(single, [e.start for e in single], longest, query)


def _repeats(component: icalendar.cal.Component) -> bool:
    """Whether an event repeats, or is a moved occurrence of one that does."""
    return any(component.get(key) is not None for key in ("RRULE", "RDATE", "RECURRENCE-ID"))


def events_between(index: EventIndex, start: datetime, end: datetime) -> list[Event]:
    """The occurrences that overlap ``start`` to ``end``, soonest first."""
    first = bisect.bisect_left(index.starts, start - index.longest)
    last = bisect.bisect_left(index.starts, end)
    found = [e for e in index.single[first:last] if _overlaps(e, start, end)]
    if index.repeating is not None:
        occurrences = index.repeating.between(start, end)
        found += [_event(each, start.tzinfo) for each in occurrences]
    return sorted(found, key=lambda event: (event.start, event.summary))


def _overlaps(event: Event, start: datetime, end: datetime) -> bool:
    if event.end == event.start:
        return start <= event.start < end
    return event.start < end and event.end > start


def _event(component: icalendar.cal.Component, zone: Any) -> Event:
    """One occurrence as an ``Event``, in ``zone``."""
    raw_start = component.decoded("DTSTART")
    all_day = not isinstance(raw_start, datetime)
    start = _moment(raw_start, zone)
    end = _end(component, raw_start, start, zone)
    return Event(
        summary=str(component.get("SUMMARY", "")).strip() or "an event",
        start=start,
        end=end,
        all_day=all_day,
        location=str(component.get("LOCATION", "")).strip(),
    )


def _end(
    component: icalendar.cal.Component, raw_start: Any, start: datetime, zone: Any
) -> datetime:
    if component.get("DTEND") is not None:
        return _moment(component.decoded("DTEND"), zone)
    if component.get("DURATION") is not None:
        length: timedelta = component.decoded("DURATION")
        return start + length
    return (
        _moment(raw_start + timedelta(days=1), zone)
        if not isinstance(raw_start, datetime)
        else start
    )


def _moment(value: date | datetime, zone: Any) -> datetime:
    """A calendar's date or time as an aware time in ``zone``: a date is its midnight there; a
    floating time (no zone) is the user's wall clock."""
    if not isinstance(value, datetime):
        return datetime.combine(value, time(0), zone).astimezone(UTC).astimezone(zone)
    if value.tzinfo is None:
        return value.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)
    return value.astimezone(zone)


def read_calendar(text: bytes | str) -> icalendar.Calendar:
    """A calendar from its iCalendar text; ``ValueError`` when it is not one."""
    return icalendar.Calendar.from_ical(text)


def joined(calendars: Iterable[icalendar.Calendar]) -> icalendar.Calendar:
    """One calendar holding the events (and zones) of several (a CalDAV calendar's objects)."""
    whole = icalendar.Calendar()
    for calendar in calendars:
        for component in calendar.subcomponents:
            whole.add_component(component)
    return whole

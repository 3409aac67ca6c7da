"""Time, injectable so that tests control it; and the arithmetic of wall-clock times in a named
zone (a repeat's next occurrence, a time on a day of another offset)."""

import re
from datetime import UTC, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

import tzlocal
from dateutil.rrule import rrulestr


class Clock(Protocol):
    """Says what time it is, in the user's local zone."""

    def now(self) -> datetime:
        """The current local time, timezone-aware."""
        ...


class SystemClock:
    """The computer's own clock, in the user's zone (``$TZ``, else the system's): a named zone
    (``zoneinfo``), never a fixed offset, so that a time on another day has that day's offset
    (daylight saving)."""

    def __init__(self, zone: str = "") -> None:
        self.zone = ZoneInfo(zone) if zone else local_zone()

    def now(self) -> datetime:
        """The current local time, timezone-aware."""
        return datetime.now(self.zone)


def local_zone() -> ZoneInfo:
    """The user's zone: ``$TZ`` when set, else the system's (UTC when it cannot be told)."""
    try:
        return ZoneInfo(tzlocal.get_localzone_name() or "UTC")
    except (LookupError, ValueError):  # ZoneInfoNotFoundError is a KeyError
        return ZoneInfo("UTC")


def next_occurrence(rule: str, first: datetime, after: datetime) -> datetime | None:
    """The first occurrence of ``rule`` (anchored at ``first``) later than ``after``, as a
    wall-clock time in ``first``'s zone; ``None`` when the rule has ended. A rule of days or
    longer keeps its wall-clock time across a change of the clocks; one of hours or minutes
    keeps real time (every 20 minutes is 20 real minutes)."""
    if re.search(r"FREQ=(?:HOURLY|MINUTELY|SECONDLY)", rule):
        real = rrulestr(rule, dtstart=first.astimezone(UTC)).after(after.astimezone(UTC))
        return None if real is None else real.astimezone(first.tzinfo)
    dates = rrulestr(rule, dtstart=first.replace(tzinfo=None))
    wall = after.astimezone(first.tzinfo).replace(tzinfo=None)
    found = dates.after(wall)
    return None if found is None else in_zone(found, first)


def in_zone(wall: datetime, like: datetime) -> datetime:
    """The naive wall-clock ``wall`` in ``like``'s zone, at its own offset that day."""
    aware = wall.replace(tzinfo=like.tzinfo)
    return aware.astimezone(UTC).astimezone(like.tzinfo)

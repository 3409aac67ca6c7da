"""Time, injectable so that tests control it."""

from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

import tzlocal


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

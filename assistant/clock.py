"""Time, injectable so that tests control it."""

from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    """Says what time it is, in the user's local zone."""

    def now(self) -> datetime:
        """The current local time, timezone-aware."""
        ...


class SystemClock:
    """The computer's own clock."""

    def now(self) -> datetime:
        """The current local time, timezone-aware."""
        return datetime.now().astimezone()

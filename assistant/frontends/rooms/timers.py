"""Timers told to the satellite of the room they were set in, as Home Assistant tells its own
satellites: ``timer-started`` when one is set, ``timer-updated`` when it is moved,
``timer-cancelled`` and ``timer-finished``. A satellite with a screen or a ring of lights shows
them. These four events are known to the wyoming release Home Assistant pins (1.7) as well as to
the one used here (1.10), unchanged between them.

The room a timer belongs to is the room of the turn that set it. The timers are compared with
the ones seen last after every turn and whenever something comes due.
"""

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from wyoming.event import Event
from wyoming.timer import TimerCancelled, TimerFinished, TimerStarted, TimerUpdated

from assistant.clock import Clock
from assistant.memory.reminders import TIMER, Reminder, Reminders
from assistant.store.database import MemoryStore, placeholders

TellRoom = Callable[[str, Event], bool]
"""Sends an event to a room's satellite; False when it is not connected."""
Change = tuple[str, Event]
"""An event for a room."""


@dataclass(frozen=True)
class _Seen:
    """A timer as last told to its room."""

    room: str
    due: datetime


class TimerWatch:
    """Keeps each room's satellite told about the timers set there."""

    def __init__(
        self, store: MemoryStore, reminders: Reminders, clock: Clock, tell: TellRoom
    ) -> None:
        self.store = store
        self.reminders = reminders
        self.clock = clock
        self.tell = tell
        self._seen: dict[int, _Seen] = {}
        self._over: set[int] = set()
        """Timers told as finished or cancelled (a finished one stays pending until it is
        said)."""
        self._lock = threading.Lock()

    def check(self) -> list[Change]:
        """Tell each room what changed among its timers since the last look; returns it."""
        with self._lock:
            now = self.clock.now()
            running = {t.id: t for t in self.reminders.pending(TIMER) if t.id not in self._over}
            changes = [
                *self._started(running),
                *self._updated(running, now),
                *self._ended(running, now),
            ]
        for room, event in changes:
            self.tell(room, event)
        return changes

    def _started(self, running: dict[int, Reminder]) -> Iterator[Change]:
        new = [timer for key, timer in running.items() if key not in self._seen]
        rooms = self._rooms_of([timer.id for timer in new])
        for timer in new:
            room = rooms.get(timer.id)
            if room:
                self._seen[timer.id] = _Seen(room, timer.due)
                yield room, started(timer).event()
            else:
                self._over.add(timer.id)  # set at this computer: no room to tell

    def _updated(self, running: dict[int, Reminder], now: datetime) -> Iterator[Change]:
        for key, seen in list(self._seen.items()):
            timer = running.get(key)
            if timer is not None and timer.due != seen.due and timer.due > now:
                self._seen[key] = _Seen(seen.room, timer.due)
                yield seen.room, TimerUpdated(str(key), True, _seconds(timer.due - now)).event()

    def _ended(self, running: dict[int, Reminder], now: datetime) -> Iterator[Change]:
        for key, seen in list(self._seen.items()):
            timer = running.get(key)
            if timer is not None and timer.due > now:
                continue
            del self._seen[key]
            self._over.add(key)
            if seen.due <= now:
                yield seen.room, TimerFinished(str(key)).event()
            else:
                yield seen.room, TimerCancelled(str(key)).event()

    def _rooms_of(self, timers: list[int]) -> dict[int, str]:
        """The room each timer was set in ("" for this computer)."""
        if not timers:
            return {}
        sql = (
            "select reminders.id as id, turns.room as room from reminders join turns"
            f" on turns.id = reminders.turn where reminders.id in ({placeholders(timers)})"
        )
        with self.store.reading() as db:
            return {int(row["id"]): str(row["room"] or "") for row in db.query(sql, timers)}


def started(timer: Reminder) -> TimerStarted:
    """``timer-started`` for a timer: its whole length, as hours, minutes and seconds too."""
    total = _seconds(timer.due - timer.created)
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    name = timer.label or None
    return TimerStarted(str(timer.id), total, name, hours, minutes, seconds)


def _seconds(length: timedelta) -> int:
    return max(0, round(length.total_seconds()))

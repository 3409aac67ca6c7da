"""Reminders and timers, kept in the memory database so they outlive the process.

Each one fires once: taking it out of the pending set and marking it fired is one transaction.
Times come from the injected clock, so tests move time instead of waiting for it.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from assistant.store.database import MemoryStore, iso_seconds, placeholders

REMINDER = "reminder"
TIMER = "timer"
ALARM = "alarm"
PENDING, FIRED, CANCELLED = "pending", "fired", "cancelled"


@dataclass(frozen=True)
class Reminder:
    """A reminder ("call your sister"), an alarm, or a timer ("ten minutes")."""

    id: int
    kind: str
    """``"reminder"``, ``"alarm"`` or ``"timer"``."""
    task: str
    """What to do, in the second person ("call your sister"); for a timer, its length; for an
    alarm, "wake up"."""
    due: datetime
    """When it fires."""
    created: datetime
    """When it was set."""
    label: str = ""
    """A timer's name ("pasta"), when it was given one."""

    @property
    def timer_name(self) -> str:
        """A timer as named in a sentence: "pasta timer", or "timer for 10 minutes"."""
        return f"{self.label} timer" if self.label else f"timer for {self.task}"


class Reminders:
    """The reminders and timers in the memory database."""

    def __init__(self, store: MemoryStore) -> None:
        self.store = store

    def add(  # noqa: PLR0913 - the columns of one row
        self, kind: str, task: str, due: datetime, now: datetime, turn: int | None, label: str = ""
    ) -> Reminder:
        """Keep a new reminder or timer; it is pending until it fires or is cancelled."""
        row = {
            "label": label,
            "kind": kind,
            "task": task,
            "due": iso_seconds(due),
            "created": iso_seconds(now),
            "state": PENDING,
            "turn": turn,
        }
        with self.store.transaction() as db:
            table = db.table("reminders")
            table.insert(row)
            row_id = int(str(table.last_pk))
        return Reminder(row_id, kind, task, due, now, label)

    def pending(self, kind: str | None = None) -> list[Reminder]:
        """What is still to fire, soonest first."""
        with self.store.transaction() as db:
            return _pending(db, kind)

    def take_due(self, now: datetime) -> list[Reminder]:
        """The pending ones due by ``now``, marked fired in the same transaction (so once only)."""
        with self.store.transaction() as db:
            due = [r for r in _pending(db) if r.due <= now]
            _mark(db, [r.id for r in due], FIRED)
        return due

    def cancel(self, reminders: list[Reminder]) -> None:
        """Cancel these; they will not fire."""
        with self.store.transaction() as db:
            _mark(db, [r.id for r in reminders], CANCELLED)

    def restore(self, reminders: list[Reminder]) -> None:
        """Undo cancelling these: pending again (one already due fires at the next look)."""
        with self.store.transaction() as db:
            _mark(db, [r.id for r in reminders], PENDING, CANCELLED)


def _pending(db: Database, kind: str | None = None) -> list[Reminder]:
    sql = (
        "select id, kind, task, due, created, label from reminders"
        " where state = ? and (? is null or kind = ?) order by due, id"
    )
    return [_reminder(row) for row in db.query(sql, [PENDING, kind, kind])]


def _mark(db: Database, ids: list[int], state: str, was: str = PENDING) -> None:
    db.execute(
        f"update reminders set state = ? where state = ? and id in ({placeholders(ids)})",
        [state, was, *ids],
    )


def _reminder(row: dict[str, object]) -> Reminder:
    return Reminder(
        id=int(str(row["id"])),
        kind=str(row["kind"]),
        task=str(row["task"]),
        due=datetime.fromisoformat(str(row["due"])),
        created=datetime.fromisoformat(str(row["created"])),
        label=str(row["label"] or ""),
    )

"""Reminders and timers, kept in the memory database so they outlive the process.

Each occurrence rings once: taking it out of the pending set (or, for a repeat, moving it on to
its next occurrence) and noting that it rang is one transaction. Times come from the injected
clock, so tests move time instead of waiting for it.

A reminder keeps its zone's name with its moment: shown and repeated, it is a wall-clock time
in that zone, so "every day at 7" stays at 7 across a change of the clocks. A repeat is an
iCalendar RRULE worked out by ``dateutil.rrule`` on wall-clock times.

``Reminders`` is also what a view calls: ``pending`` (or ``between`` two moments) to list,
``cancel`` and ``restore``, ``move`` and ``put_back``, ``snooze``.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from assistant.clock import in_zone, next_occurrence
from assistant.store.database import MemoryStore, iso_seconds, placeholders

REMINDER = "reminder"
TIMER = "timer"
ALARM = "alarm"
PENDING, FIRED, CANCELLED = "pending", "fired", "cancelled"
RINGING, TOLD = "ringing", "told"
"""A ring's states: taken, and said in full."""
_COLUMNS = "id, kind, task, due, created, label, zone, repeat, rung"


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
    """When it (next) fires, in its own zone when it has one."""
    created: datetime
    """When it was set."""
    label: str = ""
    """A timer's name ("pasta"), when it was given one."""
    repeat: str = ""
    """How it repeats, as an RRULE ("FREQ=WEEKLY;BYDAY=MO"); empty when it fires once."""
    missed: int = 0
    """When it is handed out as due: how many occurrences went by unrung (while it was off)."""
    ring: int = 0
    """When it is handed out as due: its ring's row, to mark told once it has been said."""

    @property
    def timer_name(self) -> str:
        """A timer as named in a sentence: "pasta timer", or "timer for 10 minutes"."""
        return f"{self.label} timer" if self.label else f"timer for {self.task}"


class Reminders:
    """The reminders and timers in the memory database."""

    def __init__(self, store: MemoryStore) -> None:
        self.store = store

    def add(  # noqa: PLR0913 - the columns of one row
        self,
        kind: str,
        task: str,
        due: datetime,
        now: datetime,
        turn: int | None,
        label: str = "",
        repeat: str = "",
    ) -> Reminder:
        """Keep a new reminder or timer; it is pending until it fires or is cancelled."""
        row = {
            **{"label": label, "kind": kind, "task": task, "due": iso_seconds(due)},
            **{"created": iso_seconds(now), "state": PENDING, "turn": turn},
            **{"zone": zone_name(due), "repeat": repeat, "due_utc": _utc(due)},
        }
        with self.store.transaction() as db:
            table = db.table("reminders")
            table.insert(row)
            row_id = int(str(table.last_pk))
        return Reminder(row_id, kind, task, due, now, label, repeat)

    def pending(self, kind: str | None = None, limit: int = -1, skip: int = 0) -> list[Reminder]:
        """What is still to fire, soonest first (``limit`` of them after the first ``skip``)."""
        with self.store.transaction() as db:
            return _pending(db, kind, limit=limit, skip=skip)

    def count(self, kind: str | None = None) -> int:
        """How many are still to fire (of ``kind``)."""
        sql = "select count(*) from reminders where state = ? and (? is null or kind = ?)"
        with self.store.transaction() as db:
            return int(db.execute(sql, [PENDING, kind, kind]).fetchone()[0])

    def between(self, start: datetime, end: datetime) -> list[Reminder]:
        """The pending ones due from ``start`` to before ``end``, with each occurrence of a
        repeat in that span (soonest first)."""
        sql = (
            f"select {_COLUMNS} from reminders where state = ? and"
            " ((due_utc >= ? and due_utc < ?) or (repeat != '' and due_utc < ?))"
        )
        with self.store.transaction() as db:
            rows = list(db.query(sql, [PENDING, _utc(start), _utc(end), _utc(end)]))
        found = [
            replace(reminder, due=due)
            for reminder in map(_reminder, rows)
            for due in occurrences(reminder, start, end)
        ]
        return sorted(found, key=lambda reminder: (reminder.due, reminder.id))

    def take_due(self, now: datetime) -> list[Reminder]:
        """The pending ones due by ``now``, each taken once: in the same transaction a repeat
        moves on to its next occurrence after ``now`` (a single one is fired), and a ring is
        noted as ringing until ``told`` says it has been said."""
        with self.store.transaction() as db:
            due = [_with_missed(reminder, now) for reminder in _pending(db, due_by=now)]
            return [_ring(db, reminder, now) for reminder in due]

    def told(self, rung: list[Reminder]) -> None:
        """Note that these rings have been said in full."""
        if not rung:
            return
        with self.store.transaction() as db:
            db.execute(
                f"update reminder_rings set state = ? where id in ({placeholders(rung)})",
                [TOLD, *(reminder.ring for reminder in rung)],
            )

    def cut_off(self) -> list[Reminder]:
        """Rings taken but never told in full (the process was stopped while ringing), as they
        were taken; each is to be told once more, then marked ``told``."""
        sql = (
            "select r.id as id, kind, task, g.due as due, created, label, zone, repeat, rung,"
            " g.id as ring, g.missed as missed from reminder_rings g"
            " join reminders r on r.id = g.reminder where g.state = ? order by g.due_utc, g.id"
        )
        with self.store.transaction() as db:
            rows = list(db.query(sql, [RINGING]))
        return [
            replace(_reminder(row), ring=int(str(row["ring"])), missed=int(str(row["missed"])))
            for row in rows
        ]

    def just_rung(self, now: datetime, within: timedelta) -> Reminder | None:
        """The one that rang last, if it rang no longer than ``within`` ago (for "snooze")."""
        sql = f"select {_COLUMNS} from reminders where rung >= ? order by rung desc, id desc"
        with self.store.transaction() as db:
            rows = list(db.query(sql, [_utc(now - within)]))
        return _reminder(rows[0]) if rows else None

    def snooze(self, rung: Reminder, due: datetime, now: datetime) -> Reminder:
        """Ring ``rung`` again at ``due``: a new single one of the same kind, task and name (a
        repeat keeps its own next time)."""
        return self.add(rung.kind, rung.task, due, now, None, rung.label)

    def cancel(self, reminders: list[Reminder]) -> None:
        """Cancel these; they will not fire."""
        with self.store.transaction() as db:
            _mark(db, [r.id for r in reminders], CANCELLED)

    def restore(self, reminders: list[Reminder]) -> None:
        """Undo cancelling these: pending again (one already due fires at the next look)."""
        with self.store.transaction() as db:
            _mark(db, [r.id for r in reminders], PENDING, CANCELLED)

    def move(self, reminder: Reminder, due: datetime) -> Reminder:
        """Move a pending one to ``due`` (a repeat's next occurrence, and the ones after it at
        that time of day); the moved one is returned."""
        with self.store.transaction() as db:
            db.execute(
                "update reminders set due = ?, due_utc = ?, zone = ?, repeat = ?"
                " where id = ? and state = ?",
                [
                    iso_seconds(due),
                    _utc(due),
                    zone_name(due),
                    moved_repeat(reminder.repeat, due),
                    reminder.id,
                    PENDING,
                ],
            )
        return replace(reminder, due=due, repeat=moved_repeat(reminder.repeat, due))

    def put_back(self, reminder: Reminder) -> None:
        """Undo a move or a repeat's change: the reminder as it was."""
        with self.store.transaction() as db:
            db.execute(
                "update reminders set due = ?, due_utc = ?, zone = ?, repeat = ? where id = ?",
                [
                    *(iso_seconds(reminder.due), _utc(reminder.due)),
                    *(zone_name(reminder.due), reminder.repeat, reminder.id),
                ],
            )


def zone_name(moment: datetime) -> str:
    """The IANA name of ``moment``'s zone ("Europe/London"); empty for a fixed offset."""
    return str(getattr(moment.tzinfo, "key", "") or "")


def occurrences(reminder: Reminder, start: datetime, end: datetime) -> list[datetime]:
    """The moments ``reminder`` fires from ``start`` to before ``end``."""
    if not reminder.repeat:
        return [reminder.due] if start <= reminder.due < end else []
    found: list[datetime] = []
    moment = reminder.due
    while moment < end and len(found) < MAX_LISTED_OCCURRENCES:
        if moment >= start:
            found.append(moment)
        following = next_occurrence(reminder.repeat, reminder.due, moment)
        if following is None:
            break
        moment = following
    return found


MAX_LISTED_OCCURRENCES = 400
"""The most occurrences of one repeat taken for a span (a minute's repeat over a year)."""


def moved_repeat(repeat: str, due: datetime) -> str:
    """A repeat moved to ``due``: at its time of day (and on its weekday for a weekly one on
    one day, on its day of the month for a monthly one)."""
    if not repeat:
        return ""
    parts = dict(part.split("=", 1) for part in repeat.split(";") if "=" in part)
    parts.update({"BYHOUR": str(due.hour), "BYMINUTE": str(due.minute), "BYSECOND": "0"})
    if parts.get("FREQ") == "WEEKLY" and "," not in parts.get("BYDAY", ","):
        parts["BYDAY"] = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[due.weekday()]
    if parts.get("FREQ") == "MONTHLY" and "BYMONTHDAY" in parts:
        parts["BYMONTHDAY"] = str(due.day)
    return ";".join(f"{key}={value}" for key, value in parts.items())


def _ring(db: Database, reminder: Reminder, now: datetime) -> Reminder:
    """Take ``reminder`` at ``now``: a repeat moves on, a single one is fired; its ring is
    noted as ringing. ``reminder`` is returned with its ring's row."""
    after = max(now, reminder.due)
    following = next_occurrence(reminder.repeat, reminder.due, after) if reminder.repeat else None
    state = PENDING if following is not None else FIRED
    due = following or reminder.due
    db.execute(
        "update reminders set state = ?, due = ?, due_utc = ?, rung = ? where id = ? and state = ?",
        [state, iso_seconds(due), _utc(due), _utc(now), reminder.id, PENDING],
    )
    rings = db.table("reminder_rings")
    rings.insert(
        {"reminder": reminder.id, "due": iso_seconds(reminder.due), "due_utc": _utc(reminder.due)}
        | {"missed": reminder.missed, "state": RINGING, "at": _utc(now)}
    )
    return replace(reminder, ring=int(str(rings.last_pk)))


def _utc(moment: datetime) -> str:
    """How the moment a reminder rang is kept: in UTC, so that kept moments sort as text."""
    return iso_seconds(moment.astimezone(ZoneInfo("UTC")))


def _with_missed(reminder: Reminder, now: datetime) -> Reminder:
    """``reminder`` as due, with the count of its occurrences that went by before ``now``."""
    if not reminder.repeat:
        return reminder
    gone = occurrences(reminder, reminder.due, now + timedelta(microseconds=1))
    return replace(reminder, due=gone[-1] if gone else reminder.due, missed=max(len(gone) - 1, 0))


def _pending(
    db: Database,
    kind: str | None = None,
    due_by: datetime | None = None,
    limit: int = -1,
    skip: int = 0,
) -> list[Reminder]:
    """The pending ones (of ``kind``; due by ``due_by``), soonest first."""
    by = _utc(due_by) if due_by is not None else None
    sql = (
        f"select {_COLUMNS} from reminders where state = ? and (? is null or kind = ?)"
        " and (? is null or due_utc <= ?) order by due_utc, id limit ? offset ?"
    )
    rows = db.query(sql, [PENDING, kind, kind, by, by, limit, skip])
    return [_reminder(row) for row in rows]


def _mark(db: Database, ids: list[int], state: str, was: str = PENDING) -> None:
    db.execute(
        f"update reminders set state = ? where state = ? and id in ({placeholders(ids)})",
        [state, was, *ids],
    )


def _reminder(row: dict[str, object]) -> Reminder:
    zone = str(row.get("zone") or "")
    due = datetime.fromisoformat(str(row["due"]))
    return Reminder(
        id=int(str(row["id"])),
        kind=str(row["kind"]),
        task=str(row["task"]),
        due=due.astimezone(ZoneInfo(zone)) if zone else due,
        created=datetime.fromisoformat(str(row["created"])),
        label=str(row["label"] or ""),
        repeat=str(row.get("repeat") or ""),
    )


def day_span(day: date, like: datetime) -> tuple[datetime, datetime]:
    """From the start of ``day`` to the start of the next, in ``like``'s zone."""
    start = in_zone(datetime(day.year, day.month, day.day), like)
    return start, in_zone(datetime.combine(day + timedelta(days=1), datetime.min.time()), like)

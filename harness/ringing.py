"""SIGKILL while reminders ring and repeats move on: a real child process rings the reminders of
a memory database on a fast clock and is killed at a random moment; a second one is started on
the same database (it first tells a ring the kill cut off) and runs to a set end. Every
occurrence must be told in full exactly once (a ring, or "while I was off" for the ones that
went by), as the rings' journal records it; and every ring told must have been said.

Run as a module it is the child: ``python -m harness.ringing DB START SECONDS``. It "says" a ring
by printing ``id due missed`` (missed: how many of a repeat's occurrences went by before it),
then marks it told.
"""

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from assistant.clock import next_occurrence
from assistant.memory.reminders import REMINDER, Reminder, Reminders
from assistant.store.database import MemoryStore

LONDON = ZoneInfo("Europe/London")
START = datetime(2026, 3, 28, 20, 0, tzinfo=LONDON)
"""The Saturday evening before the clocks go forward: the repeats cross the change."""
SPEED = 6 * 3600.0
"""Clock seconds per real second: six hours a second."""
Seeded = list[tuple[int, str, datetime]]


@dataclass(frozen=True)
class Trial:
    """What one trial told, and what it should have."""

    told: list[tuple[int, datetime]]
    """Every occurrence told in full, by the rings' journal."""
    expected: list[tuple[int, datetime]]
    """Every occurrence due by the end."""
    said: list[tuple[int, datetime]]
    """Every occurrence the children said (a ring cut off by the kill is said again)."""

    @property
    def cut_off(self) -> int:
        """Occurrences said twice: cut off by the kill after being said, before being marked."""
        return len(self.said) - len(set(self.said))

    @property
    def exact(self) -> bool:
        """Whether every occurrence was told exactly once."""
        return sorted(self.told) == sorted(self.expected)

    @property
    def wrong(self) -> tuple[list[tuple[int, datetime]], list[tuple[int, datetime]]]:
        """The occurrences told more than once, and those never told."""
        told, wanted = Counter(self.told), Counter(self.expected)
        return sorted((told - wanted).elements()), sorted((wanted - told).elements())


def seed(database: Path) -> Seeded:
    """Repeats every 20 minutes, one every day at 7 (the first after the change), and
    one-offs; each with its rule and first moment."""
    store = MemoryStore(database)
    reminders = Reminders(store)
    wanted = [
        *((START + timedelta(minutes=5 * i + 10), "FREQ=MINUTELY;INTERVAL=20") for i in range(12)),
        (START.replace(hour=7) + timedelta(days=1), "FREQ=DAILY;BYHOUR=7;BYMINUTE=0;BYSECOND=0"),
        *((START + timedelta(minutes=37 * i + 3), "") for i in range(8)),
    ]
    seeded = []
    for index, (first, rule) in enumerate(wanted):
        kept = reminders.add(REMINDER, f"task {index}", first, START, None, repeat=rule)
        seeded.append((kept.id, rule, first))
    store.close()
    return seeded


def _series(rule: str, first: datetime, until: datetime) -> list[datetime]:
    """``first`` and the occurrences after it, to ``until``."""
    found: list[datetime] = []
    moment: datetime | None = first
    while moment is not None and moment <= until:
        found.append(moment)
        moment = next_occurrence(rule, first, moment) if rule else None
    return found


def expected(seeded: Seeded, until: datetime) -> list[tuple[int, datetime]]:
    """Every occurrence due by ``until``."""
    return [
        (row, due.astimezone(UTC))
        for row, rule, first in seeded
        for due in _series(rule, first, until)
    ]


def told_by(lines: list[str], seeded: Seeded) -> list[tuple[int, datetime]]:
    """The occurrences the children's lines tell (a line with missed ones tells those too)."""
    rules = {row: (rule, first) for row, rule, first in seeded}
    told = []
    for line in lines:
        row_text, due_text, missed = line.split()
        row, due = int(row_text), datetime.fromisoformat(due_text)
        rule, first = rules[row]
        series = _series(rule, first, due)
        told += [(row, each.astimezone(UTC)) for each in series[len(series) - int(missed) - 1 :]]
    return told


def run_trial(folder: Path, rng: random.Random, real_seconds: float = 2.5) -> Trial:
    """One trial: a child killed at a random moment, then a second one to the end."""
    database = folder / "memory.db"
    seeded = seed(database)
    first = _child(database, START, real_seconds)
    time.sleep(rng.uniform(0.4, real_seconds))
    first.send_signal(signal.SIGKILL)
    out, _ = first.communicate()
    restarted = START + timedelta(seconds=SPEED * real_seconds)
    second = _child(database, restarted, 0.5)
    out_second, _ = second.communicate(timeout=120)
    until = restarted + timedelta(seconds=SPEED * 0.5)
    lines = [line for line in (out + out_second).decode().splitlines() if line.strip()]
    return Trial(told_in(database, seeded), expected(seeded, until), told_by(lines, seeded))


def told_in(database: Path, seeded: Seeded) -> list[tuple[int, datetime]]:
    """The occurrences the rings' journal records as told in full."""
    store = MemoryStore(database)
    rows = store.db.query("select reminder, due, missed from reminder_rings where state = 'told'")
    lines = [f"{row['reminder']} {row['due']} {row['missed']}" for row in rows]
    store.close()
    return told_by(lines, seeded)


def _child(database: Path, start: datetime, seconds: float) -> "subprocess.Popen[bytes]":
    return subprocess.Popen(
        [sys.executable, "-m", "harness.ringing", str(database), start.isoformat(), str(seconds)],
        stdout=subprocess.PIPE,
        cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def _ring(database: str, start_text: str, seconds_text: str) -> None:
    """The child: ring what comes due on a fast clock for ``seconds``, then at its end."""
    start, seconds = datetime.fromisoformat(start_text), float(seconds_text)
    reminders = Reminders(MemoryStore(Path(database)))
    cut_off = reminders.cut_off()
    for reminder in cut_off:
        _print_ring(reminder)
        reminders.told([reminder])
    began = time.monotonic()
    while (elapsed := time.monotonic() - began) < seconds:
        _say(reminders, start + timedelta(seconds=elapsed * SPEED))
        time.sleep(0.002)
    _say(reminders, start + timedelta(seconds=seconds * SPEED))


def _print_ring(reminder: Reminder) -> None:
    """ "Say" a ring: one line, flushed at once."""
    sys.stdout.write(f"{reminder.id} {reminder.due.isoformat()} {reminder.missed}\n")
    sys.stdout.flush()


def _say(reminders: Reminders, now: datetime) -> None:
    for reminder in reminders.take_due(now.astimezone(LONDON)):
        _print_ring(reminder)
        reminders.told([reminder])


if __name__ == "__main__":
    _ring(*sys.argv[1:4])

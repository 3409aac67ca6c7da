"""The memory database: opened with WAL, migrated, and moved aside if it is corrupt."""

import logging
import sqlite3
import threading
from collections.abc import Iterator, Sized
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import cast

from sqlite_utils import Database

from assistant.errors import StorageError
from assistant.memory.migrations import MIGRATIONS

_LOGGER = logging.getLogger(__name__)

BUSY_TIMEOUT_SECONDS = 5.0


@dataclass(frozen=True)
class TurnRecord:
    """One remembered turn."""

    id: int
    """Its row id."""
    at: str
    """When it happened, ISO 8601 with the local offset."""
    speaker: str
    """"user" or "assistant"."""
    text: str
    """What was said."""
    intent: str | None
    """The intent understood, for the user's turns."""

    @property
    def moment(self) -> datetime:
        """When it happened."""
        return datetime.fromisoformat(self.at)


class MemoryStore:
    """All that the assistant remembers, in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.moved_aside: Path | None = None
        self._lock = threading.RLock()
        self.db = self._open()

    def _open(self) -> Database:
        try:
            return _open_migrated(self.path)
        except sqlite3.DatabaseError as error:
            if _is_locked(error):
                raise _locked_error() from error
            _LOGGER.warning("Memory database %s is unreadable (%s)", self.path, error)
            self.moved_aside = _move_aside(self.path)
            return _open_migrated(self.path)

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """The database, for one transaction that commits at the end (or rolls back on error).

        Other threads wait; SQLite errors become a plain ``StorageError``.
        """
        with self._lock, _storage_errors(self.path), self.db.conn:
            yield self.db

    def get_setting(self, key: str) -> str | None:
        """The stored value for ``key``, or ``None``."""
        with self._lock:
            rows = list(self.db.query("select value from settings where key = ?", [key]))
        return str(rows[0]["value"]) if rows else None

    def set_setting(self, key: str, value: str) -> None:
        """Store ``value`` under ``key``, replacing what was there."""
        with self._lock, _storage_errors(self.path):
            self.db.table("settings").upsert({"key": key, "value": value}, pk="key")

    def log_turn(
        self,
        conversation: str,
        speaker: str,
        text: str,
        intent: str | None = None,
        at: datetime | None = None,
    ) -> int:
        """Remember one turn (said ``at``, default now); returns its row id."""
        row = {
            "at": iso_seconds(at or datetime.now().astimezone()),
            "conversation": conversation,
            "speaker": speaker,
            "text": text,
            "intent": intent,
        }
        with self._lock, _storage_errors(self.path):
            table = self.db.table("turns")
            table.insert(row)
            return cast(int, table.last_pk)

    def recent_turns(self, limit: int = 20) -> list[TurnRecord]:
        """The newest ``limit`` turns, oldest first."""
        sql = "select id, at, speaker, text, intent from turns order by id desc limit ?"
        with self._lock:
            rows = list(self.db.query(sql, [limit]))
        return [TurnRecord(**row) for row in reversed(rows)]

    def count_turns(self) -> int:
        """How many turns are remembered."""
        with self._lock:
            return int(self.db.table("turns").count)

    def purge_deleted(self) -> None:
        """Make deleted turns unrecoverable: rebuild the search index without them, and
        fold the write-ahead log (whose freed pages ``secure_delete`` zeroes) into the file."""
        with self._lock, _storage_errors(self.path):
            with self.db.conn:
                self.db.execute("insert into turns_fts(turns_fts) values ('optimize')")
            self.db.execute("pragma wal_checkpoint(truncate)")

    def close(self) -> None:
        """Close the database file."""
        with self._lock:
            self.db.close()


def iso_seconds(moment: datetime) -> str:
    """How times are kept in the database: ISO 8601 to the second, with the offset."""
    return moment.isoformat("T", "seconds")


def placeholders(values: Sized) -> str:
    """``?,?,?`` for an SQL ``in (...)`` over ``values``."""
    return ",".join("?" * len(values))


def _open_migrated(path: Path) -> Database:
    connection = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False)
    db = Database(connection)
    try:
        _check_integrity(db)
        db.enable_wal()
        db.execute("pragma secure_delete = on")
        MIGRATIONS.apply(db)
    except BaseException:
        db.close()
        raise
    return db


def _check_integrity(db: Database) -> None:
    verdict = db.execute("pragma quick_check").fetchone()[0]
    if verdict != "ok":
        raise sqlite3.DatabaseError(f"quick_check: {verdict}")


def _move_aside(path: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        part = Path(f"{path}{suffix}")
        if part.exists():
            part.rename(Path(f"{target}{suffix}"))
    return target


def _is_locked(error: sqlite3.DatabaseError) -> bool:
    return "locked" in str(error).lower() or "busy" in str(error).lower()


def _locked_error() -> StorageError:
    return StorageError(
        "memory-locked",
        "My memory is busy in another program right now. Try again in a moment.",
    )


@contextmanager
def _storage_errors(path: Path) -> Iterator[None]:
    """Turns SQLite errors during a write into a plain ``StorageError``."""
    try:
        yield
    except sqlite3.DatabaseError as error:
        if _is_locked(error):
            raise _locked_error() from error
        _LOGGER.exception("Cannot write to %s", path)
        raise StorageError(
            "memory-unwritable", "I couldn't write that to my memory. The details are in my log."
        ) from error

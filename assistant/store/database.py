"""The memory database: opened with WAL, migrated, and moved aside only if it is corrupt.

Writes take SQLite's write lock at their start (``BEGIN IMMEDIATE``), so several processes
writing at once wait their turn instead of failing. Only a database that SQLite finds damaged
is ever set aside: a full disk, a read-only file or a busy database gets a plain sentence and
nothing is touched.
"""

import contextlib
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Sized
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import cast

from sqlite_utils import Database

from assistant.errors import StorageError
from assistant.store.migrations import MIGRATIONS

_LOGGER = logging.getLogger(__name__)

BUSY_TIMEOUT_SECONDS = 30.0
"""How long a write waits for another process's write to finish."""
CORRUPT_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
BUSY_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})
READ_ONLY_CODES = frozenset({sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_CANTOPEN})


DISK_FULL_BYTES = 64 * 1024
"""Less free space than this beside the memory counts as a full disk."""


class CorruptDatabase(sqlite3.DatabaseError):
    """SQLite's integrity check found the database damaged."""


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
        """The database, opened; a file this start created but could not fill (a full disk)
        is removed again, so the next start begins afresh rather than on an empty file."""
        existed = self.path.exists()
        try:
            return self._open_or_move_aside()
        except StorageError as error:
            if not existed and error.code == "disk-full":
                _remove_unborn(self.path)
            raise

    def _open_or_move_aside(self) -> Database:
        try:
            return _open_waiting(self.path)
        except CorruptDatabase as error:
            return self._open_fresh(error)
        except sqlite3.DatabaseError as error:
            if _code(error) not in CORRUPT_CODES:
                raise _open_error(self.path, error) from error
            return self._open_fresh(error)

    def _open_fresh(self, error: sqlite3.DatabaseError) -> Database:
        _LOGGER.warning("Memory database %s is damaged (%s)", self.path, error)
        self.moved_aside = _move_aside(self.path)
        try:
            return _open_waiting(self.path)
        except sqlite3.DatabaseError as again:
            raise _open_error(self.path, again) from again

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """The database, for one transaction that commits at the end (or rolls back on error).

        It takes the write lock at once (waiting for other processes); inside another
        transaction it joins that one. Other threads wait; SQLite errors become a plain
        ``StorageError``.
        """
        with self._lock, _storage_errors(self.path):
            if self.db.conn.in_transaction:
                yield self.db
                return
            self.db.execute("begin immediate")
            try:
                yield self.db
            except BaseException:
                self.db.conn.rollback()
                raise
            self.db.conn.commit()

    @contextmanager
    def reading(self) -> Iterator[Database]:
        """The database, for reads only: no write lock, so other processes' writes go on."""
        with self._lock, _storage_errors(self.path):
            yield self.db

    def get_setting(self, key: str) -> str | None:
        """The stored value for ``key``, or ``None``."""
        with self.reading() as db:
            rows = list(db.query("select value from settings where key = ?", [key]))
        return str(rows[0]["value"]) if rows else None

    def set_setting(self, key: str, value: str) -> None:
        """Store ``value`` under ``key``, replacing what was there."""
        with self.transaction() as db:
            db.table("settings").upsert({"key": key, "value": value}, pk="key")

    def log_turn(
        self,
        conversation: str,
        speaker: str,
        text: str,
        intent: str | None = None,
        at: datetime | None = None,
        room: str | None = None,
    ) -> int:
        """Remember one turn (said ``at``, default now, in ``room`` if not on this computer);
        returns its row id."""
        row = {
            "room": room,
            "at": iso_seconds(at or datetime.now().astimezone()),
            "conversation": conversation,
            "speaker": speaker,
            "text": text,
            "intent": intent,
        }
        with self.transaction() as db:
            table = db.table("turns")
            table.insert(row)
            return cast(int, table.last_pk)

    def recent_turns(self, limit: int = 20) -> list[TurnRecord]:
        """The newest ``limit`` turns, oldest first."""
        sql = "select id, at, speaker, text, intent from turns order by id desc limit ?"
        with self.reading() as db:
            rows = list(db.query(sql, [limit]))
        return [TurnRecord(**row) for row in reversed(rows)]

    def count_turns(self) -> int:
        """How many turns are remembered."""
        with self.reading() as db:
            return int(db.table("turns").count)

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


def _open_waiting(path: Path) -> Database:
    """The database opened and migrated, trying again while another process holds it."""
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            return _open_migrated(path)
        except sqlite3.DatabaseError as error:
            if _code(error) not in BUSY_CODES or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _open_migrated(path: Path) -> Database:
    connection = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False)
    db = Database(connection)
    try:
        _check_integrity(db)
        db.enable_wal()
        db.execute("pragma secure_delete = on")
        _migrate(db)
    except BaseException:
        db.close()
        raise
    return db


def _migrate(db: Database) -> None:
    """Apply the migrations not yet applied, holding the write lock so only one process does."""
    if _migrated(db):
        return
    db.execute("begin immediate")
    try:
        MIGRATIONS.apply(db)
    except BaseException:
        db.conn.rollback()
        raise
    db.conn.commit()


def _migrated(db: Database) -> bool:
    return db.table(MIGRATIONS.migrations_table).exists() and not MIGRATIONS.pending(db)


def _check_integrity(db: Database) -> None:
    verdict = db.execute("pragma quick_check").fetchone()[0]
    if verdict != "ok":
        raise CorruptDatabase(f"quick_check: {verdict}")


def _code(error: sqlite3.DatabaseError) -> int:
    """SQLite's primary result code for ``error`` (-1 when it has none)."""
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else -1


def _open_error(path: Path, error: sqlite3.DatabaseError) -> StorageError:
    """Why the memory cannot be opened, in a sentence; the file is left as it is."""
    _LOGGER.info("Cannot open %s: %s", path, error)
    if _code(error) in BUSY_CODES:
        return _locked_error()
    if _code(error) == sqlite3.SQLITE_FULL or _disk_full(path):
        return _disk_full_error(path)
    if _code(error) in READ_ONLY_CODES:
        return StorageError(
            "memory-read-only",
            f"I can't write to my memory file {path}: it or its folder is read-only. "
            "Make both writable and start me again; I haven't changed anything.",
        )
    return StorageError(
        "memory-unusable",
        f"I can't open my memory file {path}, so I haven't changed anything. "
        "The details are in my log.",
    )


def _disk_full(path: Path) -> bool:
    try:
        stats = os.statvfs(path.parent)
    except OSError:
        return False
    return stats.f_bavail * stats.f_frsize < DISK_FULL_BYTES


def _disk_full_error(path: Path) -> StorageError:
    return StorageError(
        "disk-full",
        f"The disk that holds my memory ({path.parent}) is full, so I can't keep anything. "
        "Free some space and try again; I haven't changed anything.",
    )


def _remove_unborn(path: Path) -> None:
    """Remove an empty database file and its companions (never a file that holds data)."""
    with contextlib.suppress(OSError):
        if path.stat().st_size > 0:
            return
    for suffix in ("-wal", "-shm", ""):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _move_aside(path: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        part = Path(f"{path}{suffix}")
        if part.exists():
            part.rename(Path(f"{target}{suffix}"))
    return target


def _is_locked(error: sqlite3.DatabaseError) -> bool:
    return _code(error) in BUSY_CODES


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
        if _code(error) == sqlite3.SQLITE_FULL:
            raise _disk_full_error(path) from error
        if _code(error) in READ_ONLY_CODES:
            raise StorageError(
                "memory-read-only",
                f"I can't write to my memory file {path}: it is read-only, "
                "so I can't keep that. Make it writable and try again.",
            ) from error
        _LOGGER.exception("Cannot write to %s", path)
        raise StorageError(
            "memory-unwritable", "I couldn't write that to my memory. The details are in my log."
        ) from error

"""The memory database: migrations, WAL, turns, settings, and a corrupt file moved aside."""

import random
import sqlite3
from pathlib import Path

import pytest

from assistant.errors import StorageError
from assistant.persona import load_persona
from assistant.persona.identity import NAME_KEY, Identity
from assistant.store.database import MemoryStore
from assistant.store.migrations import MIGRATIONS


@pytest.fixture
def store(tmp_path: Path) -> MemoryStore:
    return MemoryStore(tmp_path / "memory.db")


def test_opens_in_wal_mode_with_every_migration_applied(store: MemoryStore) -> None:
    assert store.db.journal_mode == "wal"
    assert MIGRATIONS.pending(store.db) == []
    assert {"settings", "turns", "turns_fts"} <= set(store.db.table_names())


def test_reopening_applies_nothing_twice(tmp_path: Path) -> None:
    MemoryStore(tmp_path / "memory.db").close()
    again = MemoryStore(tmp_path / "memory.db")
    assert [m.name for m in MIGRATIONS.applied(again.db)] == [
        "0001_settings_and_turns",
        "0002_journal_and_file_index",
        "0003_facts_people_reminders",
        "0004_mail",
        "0005_mail_journal_identity",
        "0006_companion_feelings_and_people_from_mail",
        "0007_timer_names",
        "0008_what_the_user_shared",
        "0009_reminder_zones_repeats_and_rings",
        "0010_turn_rooms",
        "0011_journal_knows_the_file",
    ]


def test_turns_are_logged_in_order_and_searchable(store: MemoryStore) -> None:
    store.log_turn("c1", "user", "what time is it", "system.time")
    store.log_turn("c1", "assistant", "It's noon.")
    turns = store.recent_turns()
    assert [(t.speaker, t.text, t.intent) for t in turns] == [
        ("user", "what time is it", "system.time"),
        ("assistant", "It's noon.", None),
    ]
    assert [row["text"] for row in store.db["turns"].search("noon")] == ["It's noon."]


def test_settings_round_trip(store: MemoryStore) -> None:
    assert store.get_setting("assistant_name") is None
    store.set_setting("assistant_name", "Nora")
    store.set_setting("assistant_name", "Ada")
    assert store.get_setting("assistant_name") == "Ada"


def test_a_corrupt_file_is_moved_aside_and_a_fresh_one_made(tmp_path: Path) -> None:
    path = tmp_path / "memory.db"
    path.write_bytes(b"this is not a database" * 100)
    store = MemoryStore(path)
    assert store.moved_aside is not None
    assert store.moved_aside.read_bytes().startswith(b"this is not a database")
    assert store.count_turns() == 0


def test_a_truncated_database_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "memory.db"
    store = MemoryStore(path)
    for n in range(300):
        store.log_turn("c", "user", f"turn number {n} " * 20)
    store.db.execute("pragma wal_checkpoint(truncate)")
    store.close()
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    reopened = MemoryStore(path)
    assert reopened.moved_aside is not None
    assert reopened.count_turns() == 0


def test_a_database_locked_by_another_process_gives_a_plain_error(tmp_path: Path) -> None:
    path = tmp_path / "memory.db"
    store = MemoryStore(path)
    other = sqlite3.connect(path, timeout=0)
    other.execute("begin exclusive")
    try:
        store.db.conn.execute("pragma busy_timeout = 50")
        with pytest.raises(StorageError) as caught:
            store.log_turn("c", "user", "hello")
        assert caught.value.code == "memory-locked"
        assert "busy" in caught.value.message
    finally:
        other.rollback()
        other.close()
    store.log_turn("c", "user", "hello")
    assert store.count_turns() == 1


def test_a_new_name_is_stored_before_it_is_used(tmp_path: Path) -> None:
    """Whoever sees the new name finds it kept: a rename that cannot be stored changes nothing."""
    store = MemoryStore(tmp_path / "memory.db")
    identity = Identity(store, load_persona("en"), random.Random(1))
    before = identity.name
    other = sqlite3.connect(tmp_path / "memory.db", timeout=0)
    other.execute("begin exclusive")
    try:
        store.db.conn.execute("pragma busy_timeout = 50")
        with pytest.raises(StorageError):
            identity.rename("Samantha")
        assert identity.name == before
    finally:
        other.rollback()
        other.close()
    identity.rename("Samantha")
    assert MemoryStore(tmp_path / "memory.db").get_setting(NAME_KEY) == identity.name == "Samantha"

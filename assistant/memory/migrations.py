"""Versioned changes to the memory database, applied in order, each in a transaction."""

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("assistant.memory")


@MIGRATIONS(name="0001_settings_and_turns")
def settings_and_turns(db: Database) -> None:
    """Key-value settings (the assistant's own name), and every turn of every conversation."""
    db.table("settings").create({"key": str, "value": str}, pk="key")
    db.table("turns").create(
        {
            "id": int,
            "at": str,
            "conversation": str,
            "speaker": str,
            "text": str,
            "intent": str,
        },
        pk="id",
        not_null={"at", "conversation", "speaker", "text"},
    )
    db.table("turns").create_index(["at"])
    db.table("turns").enable_fts(["text"], fts_version="FTS5", create_triggers=True)

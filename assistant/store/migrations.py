"""Versioned changes to the memory database, applied in order, each in a transaction."""

from datetime import UTC, datetime

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


@MIGRATIONS(name="0002_journal_and_file_index")
def journal_and_file_index(db: Database) -> None:
    """The journal of changes to files (written before each change), and the file index.

    Paths are kept as bytes, so names that are not valid UTF-8 survive exactly.
    """
    db.table("operations").create(
        {"id": int, "action": str, "summary": str, "state": str, "at": str, "notice": str},
        pk="id",
        not_null={"action", "summary", "state", "at"},
    )
    db.table("steps").create(
        {"operation": int, "seq": int, "kind": str, "source": bytes, "target": bytes, "state": str},
        pk=("operation", "seq"),
        not_null={"kind", "source", "state"},
    )
    db.table("indexed_files").create(
        {"path": bytes, "folder": bytes, "name": str, "kind": str, "size": int, "mtime": float},
        pk="path",
    )
    db.table("indexed_files").create_index(["folder"])
    db.table("indexed_files").create_index(["mtime"])
    db.table("indexed_files").enable_fts(
        ["name"], fts_version="FTS5", create_triggers=True, tokenize="trigram"
    )
    db.table("indexed_folders").create({"path": bytes, "parent": bytes, "mtime_ns": int}, pk="path")
    db.table("indexed_folders").create_index(["parent"])


@MIGRATIONS(name="0003_facts_people_reminders")
def facts_people_reminders(db: Database) -> None:
    """What the user has said about themselves, the people in their life, and reminders.

    ``turn`` is the row of the turn a fact or reminder came from; times are ISO 8601 with offset.
    """
    db.table("facts").create(
        {"id": int, "subject": str, "relation": str, "value": str, "turn": int, "at": str},
        pk="id",
        not_null={"subject", "relation", "value", "at"},
    )
    db.table("facts").create_index(["subject", "relation"])
    db.table("people").create(
        {"id": int, "name": str, "relation": str, "email": str, "source": str, "at": str},
        pk="id",
        not_null={"name", "source", "at"},
    )
    db.table("people").create_index(["relation"])
    db.table("people").create_index(["email"])
    db.table("reminders").create(
        {
            "id": int,
            "kind": str,
            "task": str,
            "due": str,
            "created": str,
            "state": str,
            "turn": int,
        },
        pk="id",
        not_null={"kind", "task", "due", "created", "state"},
    )
    db.table("reminders").create_index(["state", "due"])


@MIGRATIONS(name="0004_mail")
def mail(db: Database) -> None:
    """Mail accounts (no passwords: those live in the keyring), the header cache, and the
    journal of changes to mailboxes (written before each change, for undo and recovery).

    A message is cached under its UID (IMAP) or its key (Maildir and mbox); its folder's
    UIDVALIDITY is kept with the folder, and when it changes the folder's cache is dropped. A
    second check fetches only what changed.
    """
    db.table("mail_accounts").create(
        {"name": str, "url": str, "smtp_url": str, "insecure_plain": int, "added": str},
        pk="name",
        not_null={"url", "added"},
    )
    db.table("mail_folders").create(
        {"account": str, "folder": str, "validity": str, "uidnext": int, "modseq": int},
        pk=("account", "folder"),
    )
    db.table("mail_messages").create(
        {
            **{"account": str, "folder": str, "key": str, "message_id": str},
            **{"sender_name": str, "sender_address": str, "subject": str, "date": str},
            **{"flags": str, "to_addresses": str, "headers": str},
        },
        pk=("account", "folder", "key"),
    )
    db.table("mail_messages").create_index(["message_id"])
    db.table("mail_messages").create_index(["sender_address"])
    db.table("mail_journal").create(
        {
            **{"id": int, "batch": str, "account": str, "action": str, "message_id": str},
            **{"from_folder": str, "to_folder": str, "flags": str, "state": str, "at": str},
        },
        pk="id",
        not_null={"batch", "account", "action", "message_id", "state", "at"},
    )
    db.table("mail_journal").create_index(["batch"])
    db.table("mail_journal").create_index(["state"])


@MIGRATIONS(name="0005_mail_journal_identity")
def mail_journal_identity(db: Database) -> None:
    """What identifies each journaled message exactly, so that undo and recovery after a crash
    touch only it: its key (IMAP UID or Maildir name) and folder's UIDVALIDITY before and after
    the move, the first UID the target could give it, a fingerprint of its bytes (IMAP), and
    the Maildir file name it had (its flags and new/ or cur/)."""
    journal = db.table("mail_journal")
    for column, kind in (
        *(("from_key", str), ("from_validity", str), ("from_name", str)),
        *(("to_key", str), ("to_validity", str), ("to_floor", int)),
        *(("fingerprint", str), ("back_floor", int)),
    ):
        journal.add_column(column, kind)


@MIGRATIONS(name="0006_companion_feelings_and_people_from_mail")
def feelings_and_people_from_mail(db: Database) -> None:
    """How the user said they felt (and whether it was asked after), facts kept when a newer
    value replaces them (so forgetting finds every value ever said), and what mail teaches
    about people: their address, how often and how lately the user writes to them and hears
    from them, and addresses the user asked it to forget (kept only as a hash)."""
    db.table("feelings").create(
        {"id": int, "feeling": str, "at": str, "turn": int, "followed_up": str},
        pk="id",
        not_null={"feeling", "at"},
    )
    db.table("facts").add_column("superseded", str)
    for column, kind in (
        ("account", str),
        ("sent", int),
        ("received", int),
        ("last_sent", str),
        ("last_received", str),
    ):
        db.table("people").add_column(column, kind)
    db.table("unlearned_addresses").create({"digest": str}, pk="digest")


@MIGRATIONS(name="0007_timer_names")
def timer_names(db: Database) -> None:
    """A timer's name ("the pasta timer"), said when it is set, listed, cancelled and done."""
    db.table("reminders").add_column("label", str)


@MIGRATIONS(name="0008_what_the_user_shared")
def what_the_user_shared(db: Database) -> None:
    """What the user shared of their life (a loss, a worry, good news, a bad day), kept beside
    their feelings: the kind in ``feeling``, and in ``said`` what they said, as it would be
    said back to them ("your grandad died")."""
    db.table("feelings").add_column("said", str)


@MIGRATIONS(name="0009_reminder_zones_repeats_and_rings")
def reminder_zones_repeats_and_rings(db: Database) -> None:
    """A reminder's time zone (its wall-clock time is kept across a change of the clocks), its
    moment in UTC (so that moments sort and compare as text, across changes of offset), how it
    repeats (an iCalendar RRULE, empty for once), and when it last rang (for "snooze"); each
    ring, from when it is taken ("ringing") to when it has been told ("told"), so that a ring
    cut off by a crash is told at the next start; and
    the user's calendars (an ``.ics`` file or a CalDAV address; passwords live in the keyring)."""
    reminders = db.table("reminders")
    for column in ("zone", "repeat", "rung", "due_utc"):
        reminders.add_column(column, str)
    for row in list(db.query("select id, due from reminders")):
        instant = datetime.fromisoformat(row["due"]).astimezone(UTC)
        db.execute(
            "update reminders set due_utc = ? where id = ?",
            [instant.isoformat("T", "seconds"), row["id"]],
        )
    reminders.create_index(["state", "due_utc"])
    reminders.create_index(["rung"])
    db.table("reminder_rings").create(
        {
            **{"id": int, "reminder": int, "due": str, "due_utc": str, "missed": int},
            **{"state": str, "at": str},
        },
        pk="id",
        not_null={"reminder", "due", "due_utc", "state", "at"},
    )
    db.table("reminder_rings").create_index(["state"])
    db.table("calendars").create(
        {"name": str, "url": str, "username": str, "added": str}, pk="name", not_null={"url"}
    )


@MIGRATIONS(name="0010_turn_rooms")
def turn_rooms(db: Database) -> None:
    """The room a turn was said in (a satellite, Home Assistant); empty for this computer."""
    db.table("turns").add_column("room", str)


@MIGRATIONS(name="0011_journal_knows_the_file")
def journal_knows_the_file(db: Database) -> None:
    """Which file each journaled step is about (its device, inode, size and time as planned),
    so that a file that takes its name later is never taken for it, forwards or on undo."""
    for column in ("device", "inode", "size", "mtime_ns"):
        db.table("steps").add_column(column, int)

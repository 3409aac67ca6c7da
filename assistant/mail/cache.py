"""The mail accounts and the header cache, in the memory database.

Only headers are cached (who, what, when, flags, and the headers triage reads); a body is fetched
when it is read. No password is ever written here.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from assistant.mail.accounts import Account, parse_account
from assistant.store.database import MemoryStore, iso_seconds, placeholders

if TYPE_CHECKING:
    from assistant.mail.parse import Letter

INBOX = "INBOX"
SEEN = "\\Seen"
_SEEN_JSON = json.dumps(SEEN).strip('"')


@dataclass(frozen=True)
class Cached:
    """One message as the cache knows it: its headers, where it is, and its flags."""

    account: str
    folder: str
    key: str
    """The IMAP UID, or the Maildir/mbox key, as text."""
    message_id: str
    sender_name: str
    sender_address: str
    subject: str
    date: str
    """ISO 8601, or "" when the mail has no readable date."""
    flags: tuple[str, ...] = ()
    to: tuple[str, ...] = ()
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def unread(self) -> bool:
        return SEEN not in self.flags

    @property
    def moment(self) -> datetime | None:
        return datetime.fromisoformat(self.date) if self.date else None


def cached_from(
    account: str, folder: str, key: str, letter: "Letter", flags: Iterable[str]
) -> Cached:
    """The cache's record of ``letter``."""
    return Cached(
        account,
        folder,
        key,
        letter.message_id,
        letter.sender_name,
        letter.sender_address,
        letter.subject,
        iso_seconds(letter.date) if letter.date else "",
        tuple(sorted(flags)),
        letter.to,
        letter.headers,
    )


@dataclass(frozen=True)
class SyncReport:
    """What one check of a folder found."""

    new: list[Cached]
    """Messages not seen before."""
    removed: int
    """Messages gone from the server since the last check."""
    fetched_headers: int
    """How many messages' headers were fetched (0 when nothing changed)."""
    unreadable: tuple[str, ...] = ()
    """The names of mails skipped because they could not be read (``UnreadableMail``)."""


@dataclass(frozen=True)
class FolderState:
    """What the cache last saw of a folder: enough to tell whether anything changed."""

    validity: str
    """IMAP UIDVALIDITY (or "local"); when it changes, every cached UID is void."""
    uidnext: int
    modseq: int
    """IMAP HIGHESTMODSEQ (CONDSTORE), 0 when the server has none."""


class MailCache:
    """Accounts and cached headers, in the memory database."""

    def __init__(self, store: MemoryStore) -> None:
        self.store = store

    # Accounts.

    def add_account(self, account: Account, now: datetime) -> None:
        row = {
            "name": account.name,
            "url": account.url,
            "smtp_url": account.smtp_url,
            "insecure_plain": int(account.insecure_plain),
            "added": iso_seconds(now),
        }
        with self.store.transaction() as db:
            db.table("mail_accounts").upsert(row, pk="name")

    def remove_account(self, name: str) -> bool:
        """Forget the account and its cached headers; True if it existed."""
        with self.store.transaction() as db:
            gone = db.execute("delete from mail_accounts where name = ?", [name]).rowcount
            db.execute("delete from mail_messages where account = ?", [name])
            db.execute("delete from mail_folders where account = ?", [name])
        return bool(gone)

    def accounts(self) -> list[Account]:
        with self.store.transaction() as db:
            rows = list(db.query("select * from mail_accounts order by added, name"))
        return [
            parse_account(r["name"], r["url"], r["smtp_url"] or "", bool(r["insecure_plain"]))
            for r in rows
        ]

    # Folders.

    def folder_state(self, account: str, folder: str) -> FolderState | None:
        sql = "select validity, uidnext, modseq from mail_folders where account = ? and folder = ?"
        with self.store.transaction() as db:
            rows = list(db.query(sql, [account, folder]))
        return FolderState(**rows[0]) if rows else None

    def save_folder_state(self, account: str, folder: str, state: FolderState) -> None:
        row = {"account": account, "folder": folder, **state.__dict__}
        with self.store.transaction() as db:
            db.table("mail_folders").upsert(row, pk=("account", "folder"))

    # Messages.

    def put(self, messages: Iterable[Cached]) -> None:
        rows = [_row(message) for message in messages]
        with self.store.transaction() as db:
            db.table("mail_messages").upsert_all(rows, pk=("account", "folder", "key"))

    def drop_folder(self, account: str, folder: str) -> None:
        with self.store.transaction() as db:
            db.execute(
                "delete from mail_messages where account = ? and folder = ?", [account, folder]
            )

    def drop(self, account: str, folder: str, keys: Iterable[str]) -> None:
        keys = list(keys)
        sql = "delete from mail_messages where account = ? and folder = ? and key in ({})"
        with self.store.transaction() as db:
            for start in range(0, len(keys), 500):
                batch = keys[start : start + 500]
                db.execute(sql.format(placeholders(batch)), [account, folder, *batch])

    def set_flags(self, account: str, folder: str, flags: dict[str, tuple[str, ...]]) -> None:
        sql = "update mail_messages set flags = ? where account = ? and folder = ? and key = ?"
        with self.store.transaction() as db:
            db.conn.executemany(
                sql, [(json.dumps(sorted(f)), account, folder, key) for key, f in flags.items()]
            )

    def add_header(self, account: str, folder: str, name: str, values: dict[str, str]) -> None:
        """Keep header ``name`` with each message (by key) of ``values`` (a verdict, say)."""
        sql = (
            "update mail_messages set headers = json_set(coalesce(headers, '{}'), ?, ?) "
            "where account = ? and folder = ? and key = ?"
        )
        path = f'$."{name}"'
        with self.store.transaction() as db:
            db.conn.executemany(
                sql, [(path, value, account, folder, key) for key, value in values.items()]
            )

    def keys(self, account: str, folder: str) -> set[str]:
        sql = "select key from mail_messages where account = ? and folder = ?"
        with self.store.transaction() as db:
            return {str(row["key"]) for row in db.query(sql, [account, folder])}

    def messages(self, account: str, folder: str) -> list[Cached]:
        """The folder's cached messages, newest first."""
        sql = "select * from mail_messages where account = ? and folder = ? order by date desc"
        with self.store.transaction() as db:
            return [_cached(row) for row in db.query(sql, [account, folder])]

    def unread(self, account: str, folder: str, limit: int) -> tuple[int, list[Cached]]:
        """How many are unread, and the newest ``limit`` of them."""
        where = f"account = ? and folder = ? and flags not like '%{_SEEN_JSON}%'"
        with self.store.transaction() as db:
            count = db.execute(
                f"select count(*) from mail_messages where {where}", [account, folder]
            )
            total = int(count.fetchone()[0])
            sql = f"select * from mail_messages where {where} order by date desc limit ?"
            return total, [_cached(row) for row in db.query(sql, [account, folder, limit])]

    def addresses_written_to(self) -> set[str]:
        """Everyone the user has sent mail to (the To of mail in their Sent folders)."""
        sql = "select to_addresses from mail_messages where lower(folder) like '%sent%'"
        with self.store.transaction() as db:
            return {a for row in db.query(sql) for a in json.loads(row["to_addresses"] or "[]")}

    def senders(self) -> dict[str, str]:
        """Every sender's address with the name they go by, for resolving spoken names."""
        sql = (
            "select sender_address, sender_name from mail_messages "
            "where sender_address != '' group by sender_address"
        )
        with self.store.transaction() as db:
            return {row["sender_address"]: row["sender_name"] for row in db.query(sql)}

    def sender_names(self, limit: int = 500) -> list[str]:
        """The names of the people who write most, for the speech grammar."""
        sql = (
            "select sender_name, count(*) as n from mail_messages where sender_name != '' "
            "group by sender_name order by n desc limit ?"
        )
        with self.store.transaction() as db:
            return [str(row["sender_name"]) for row in db.query(sql, [limit])]


def _row(message: Cached) -> dict[str, object]:
    return {
        "account": message.account,
        "folder": message.folder,
        "key": message.key,
        "message_id": message.message_id,
        "sender_name": message.sender_name,
        "sender_address": message.sender_address,
        "subject": message.subject,
        "date": message.date,
        "flags": json.dumps(list(message.flags)),
        "to_addresses": json.dumps(list(message.to)),
        "headers": json.dumps(message.headers),
    }


def _cached(row: dict[str, object]) -> Cached:
    return Cached(
        str(row["account"]),
        str(row["folder"]),
        str(row["key"]),
        str(row["message_id"] or ""),
        str(row["sender_name"] or ""),
        str(row["sender_address"] or ""),
        str(row["subject"] or ""),
        str(row["date"] or ""),
        tuple(json.loads(str(row["flags"] or "[]"))),
        tuple(json.loads(str(row["to_addresses"] or "[]"))),
        json.loads(str(row["headers"] or "{}")),
    )

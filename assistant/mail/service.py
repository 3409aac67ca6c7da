"""Mail for the skills and the command line: accounts, checking, reading, cleaning up with undo,
and sending.

Every move is written to the journal before it is made, and undo moves each message back by its
Message-ID (a moved message gets a new UID) and puts its flags back exactly. Nothing is ever
expunged or deleted for good.
"""

import json
import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any, Protocol

from assistant.clock import Clock
from assistant.intents.context import UndoRecord
from assistant.mail.accounts import IMAP, Account, MailError, password_for
from assistant.mail.cache import INBOX, Cached, MailCache, SyncReport
from assistant.mail.parse import Letter, parse_letter
from assistant.mail.triage import TriagePlan, plan_triage
from assistant.memory.facts import FactBook
from assistant.memory.store import MemoryStore, iso_seconds
from assistant.spoken import counted

_LOGGER = logging.getLogger(__name__)

ARCHIVE, TRASH, SENT = "Archive", "Trash", "Sent"
_SPECIAL = {ARCHIVE: b"\\Archive", TRASH: b"\\Trash", SENT: b"\\Sent"}
PLANNED, DONE, GONE, UNDONE = "planned", "done", "gone", "undone"
KEPT_UNREAD = 200
"""How many unread mails a conversation can step through with "next one"."""


class Mailbox(Protocol):
    """What the service needs of an IMAP account or a local mailbox."""

    def close(self) -> None: ...
    def special_folder(self, flag: bytes, fallback: str) -> str: ...
    def sent_folder(self) -> str | None: ...
    def sync(self, folder: str, cache: MailCache) -> SyncReport: ...
    def fetch_raw(self, folder: str, key: str) -> bytes | None: ...
    def find(self, folder: str, message_id: str) -> list[Any]: ...
    def move(self, folder: str, keys: list[Any], target: str) -> None: ...
    def set_flags(self, folder: str, key: Any, flags: tuple[str, ...]) -> None: ...
    def append(self, folder: str, raw: bytes, flags: tuple[str, ...]) -> None: ...


@dataclass(frozen=True)
class Check:
    """What a check of every inbox found."""

    unread_count: int
    """How many mails in the inboxes are unread."""
    unread: list[Cached]
    """The newest ``KEPT_UNREAD`` unread mails, newest first."""
    new: list[Cached]
    """Mail not seen by an earlier check."""
    problems: list[str] = field(default_factory=list)
    """A sentence for each account that could not be checked."""


@dataclass(frozen=True)
class Moved:
    """What applying a clean-up did."""

    moved: int
    gone: int
    """Messages that had already been removed by another program."""


class MailService:
    """The user's mail, through the accounts they added."""

    def __init__(self, store: MemoryStore, clock: Clock, facts: FactBook) -> None:
        self.store = store
        self.clock = clock
        self.facts = facts
        self.cache = MailCache(store)
        self.on_new_senders: Callable[[], None] = lambda: None
        """Called after a check found mail from someone new (the speech grammar learns them)."""
        self.on_checked: Callable[[], object] = lambda: None
        """Called after every check (the memory learns who the user writes to)."""

    # Accounts.

    def accounts(self) -> list[Account]:
        return self.cache.accounts()

    def account(self, name: str) -> Account:
        for account in self.accounts():
            if account.name == name:
                return account
        raise MailError("mail-no-account", f"There's no mail account called {name}.")

    def add_account(self, account: Account) -> None:
        self.cache.add_account(account, self.clock.now())

    @contextmanager
    def opened(self, account: Account) -> Iterator[Mailbox]:
        """A connection to ``account``'s mailbox (password from the keyring), closed afterwards."""
        password = password_for(account.name) if account.kind == IMAP else ""
        mailbox = open_mailbox(account, password)
        try:
            yield mailbox
        finally:
            mailbox.close()

    # Checking and reading.

    def check(self) -> Check:
        """Sync every inbox; an account that fails is reported, the others still checked."""
        accounts = self._required_accounts()
        senders = set(self.cache.sender_names())
        fetched: list[Cached] = []
        new: list[Cached] = []  # since an earlier check: the first look at an inbox finds none
        problems: list[str] = []
        for account in accounts:
            first_look = self.cache.folder_state(account.name, INBOX) is None
            try:
                fresh = self._sync_inbox_and_sent(account)
            except MailError as error:
                problems.append(error.message)
                continue
            fetched += fresh
            new += [] if first_look else fresh
        if len(problems) == len(accounts):
            raise MailError("mail-check-failed", " ".join(problems))
        self.on_checked()
        if any(m.sender_name not in senders for m in fetched):
            self.on_new_senders()
        count, unread = self._unread(accounts)
        return Check(count, unread, new, problems)

    def _sync_inbox_and_sent(self, account: Account) -> list[Cached]:
        """Sync the inbox (what is new there is returned) and the Sent folder (who the user
        writes to)."""
        with self.opened(account) as mailbox:
            fresh = mailbox.sync(INBOX, self.cache).new
            sent = mailbox.sent_folder()
            if sent:
                mailbox.sync(sent, self.cache)
        return fresh

    def unread(self) -> tuple[int, list[Cached]]:
        """How many are unread in every inbox, and the newest ``KEPT_UNREAD`` of them."""
        return self._unread(self._required_accounts())

    def _unread(self, accounts: list[Account]) -> tuple[int, list[Cached]]:
        counted = [self.cache.unread(a.name, INBOX, KEPT_UNREAD) for a in accounts]
        newest = sorted((m for _, some in counted for m in some), key=lambda m: m.date)
        return sum(count for count, _ in counted), newest[::-1][:KEPT_UNREAD]

    def _required_accounts(self) -> list[Account]:
        accounts = self.accounts()
        if not accounts:
            raise MailError(
                "mail-no-accounts",
                "I don't have a mail account yet. Add one with: assistant mail add NAME URL.",
            )
        return accounts

    def inbox(self) -> list[Cached]:
        """Every account's cached inbox, newest first."""
        accounts = self._required_accounts()
        messages = [m for a in accounts for m in self.cache.messages(a.name, INBOX)]
        return sorted(messages, key=lambda m: m.date, reverse=True)

    def read(self, message: Cached) -> Letter:
        """The whole message, fetched and parsed; a clear error if it has gone."""
        with self.opened(self.account(message.account)) as mailbox:
            raw = mailbox.fetch_raw(message.folder, message.key)
        if raw is None:
            raise MailError(
                "mail-message-gone",
                "That message isn't on the server any more; another program may have moved it.",
            )
        return parse_letter(raw)

    def contact_names(self) -> tuple[str, ...]:
        """How people who write (or whom the user named) are said aloud: "amy pond", "amy"."""
        known = [name for name, _ in self.facts.people()]
        names: set[str] = set()
        for name in [*self.cache.sender_names(), *known]:
            words = name.lower().replace('"', "").split()
            if words and all(word.isalpha() for word in words):
                names.update({" ".join(words), words[0]})
        return tuple(sorted(names))

    def addresses(self) -> dict[str, str]:
        """Every address the assistant knows, with its person's name: senders, and people
        in memory who have one."""
        known = {email.lower(): name for name, email in self.facts.people() if email}
        return known | self.cache.senders()

    def people(self) -> set[str]:
        """Addresses of the user's people: those they wrote to, and those in memory."""
        known = {email.lower() for _, email in self.facts.people() if email}
        return known | self.cache.addresses_written_to()

    # Cleaning up.

    def plan_cleanup(self) -> TriagePlan:
        return plan_triage(self.inbox(), self.people())

    def move(
        self,
        messages: list[Cached],
        target: str,
        progress: Callable[[int, int], None],
        batch: str = "",
    ) -> Moved:
        """Move ``messages`` to the account's ``target`` folder (Archive or Trash), journaled
        under ``batch`` (one undo reverses a whole batch)."""
        batch = batch or new_batch()
        moved = gone = 0
        ordered = sorted(messages, key=lambda m: (m.account, m.folder))
        for (name, folder), group in groupby(ordered, key=lambda m: (m.account, m.folder)):
            done, missing = self._move_group(batch, name, folder, list(group), target)
            moved, gone = moved + done, gone + missing
            progress(moved + gone, len(messages))
        return Moved(moved, gone)

    def _move_group(
        self, batch: str, name: str, folder: str, messages: list[Cached], target: str
    ) -> tuple[int, int]:
        with self.opened(self.account(name)) as mailbox:
            destination = mailbox.special_folder(_SPECIAL[target], target)
            self._journal(batch, name, messages, folder, destination)
            mailbox.sync(folder, self.cache)  # another program may have moved some away
            present = self.cache.keys(name, folder) & {m.key for m in messages}
            keys = [m.key for m in messages if m.key in present]
            if keys:
                mailbox.move(folder, _typed_keys(keys), destination)
            self._mark(batch, [m for m in messages if m.key in present], DONE)
            self._mark(batch, [m for m in messages if m.key not in present], GONE)
            self.cache.drop(name, folder, [m.key for m in messages])
        return len(keys), len(messages) - len(keys)

    def _journal(
        self, batch: str, name: str, messages: list[Cached], folder: str, target: str
    ) -> None:
        now = iso_seconds(self.clock.now())
        rows = [
            {
                **{"batch": batch, "account": name, "action": "move"},
                **{"message_id": m.message_id, "from_folder": folder, "to_folder": target},
                **{"flags": json.dumps(list(m.flags)), "state": PLANNED, "at": now},
            }
            for m in messages
        ]
        with self.store.transaction() as db:
            db.table("mail_journal").insert_all(rows)

    def _mark(self, batch: str, messages: list[Cached], state: str) -> None:
        sql = "update mail_journal set state = ? where batch = ? and message_id = ?"
        with self.store.transaction() as db:
            db.conn.executemany(sql, [(state, batch, m.message_id) for m in messages])

    def last_undo_record(self) -> tuple[str, UndoRecord] | None:
        """How to undo the newest clean-up that can still be undone (even from before a
        restart), with when it was done."""
        sql = "select batch, at from mail_journal where state = ? order by id desc limit 1"
        with self.store.transaction() as db:
            rows = list(db.query(sql, [DONE]))
        if not rows:
            return None
        return str(rows[0]["at"]), self.undo_record(str(rows[0]["batch"]), "the last clean-up")

    def undo_record(self, batch: str, summary: str) -> UndoRecord:
        """How "undo" reverses ``batch``."""

        def undo() -> str:
            return f"I put {counted(self.undo(batch), 'mail', 'mails')} back where they were."

        return UndoRecord("mail.triage", summary, undo)

    def undo(self, batch: str) -> int:
        """Move every message of ``batch`` back, with its flags as they were; how many."""
        sql = "select * from mail_journal where batch = ? and state = ? order by id"
        with self.store.transaction() as db:
            rows = list(db.query(sql, [batch, DONE]))
        restored = 0
        for name, group in groupby(rows, key=lambda r: str(r["account"])):
            with self.opened(self.account(name)) as mailbox:
                for row in group:
                    restored += self._put_back(mailbox, row)
        return restored

    def _put_back(self, mailbox: Mailbox, row: dict[str, object]) -> int:
        message_id, home = str(row["message_id"]), str(row["from_folder"])
        found = mailbox.find(str(row["to_folder"]), message_id)
        if found:
            mailbox.move(str(row["to_folder"]), found[-1:], home)
        for key in mailbox.find(home, message_id)[-1:]:
            mailbox.set_flags(home, key, tuple(json.loads(str(row["flags"]))))
        with self.store.transaction() as db:
            db.execute(
                "update mail_journal set state = ? where id = ?", [UNDONE, int(str(row["id"]))]
            )
        return 1 if found else 0

    # Sending.

    def save_sent(self, account: Account, raw: bytes) -> None:
        """Keep a sent mail in the account's Sent folder."""
        with self.opened(account) as mailbox:
            mailbox.append(mailbox.special_folder(_SPECIAL[SENT], SENT), raw, ("\\Seen",))

    def sending_account(self) -> Account:
        for account in self.accounts():
            if account.smtp is not None:
                return account
        raise MailError(
            "mail-no-smtp",
            "None of your mail accounts can send. Add one with --smtp smtp://user@host.",
        )


def new_batch() -> str:
    """A new journal batch: the moves one undo reverses together."""
    return uuid.uuid4().hex


def _typed_keys(keys: list[str]) -> list[Any]:
    """IMAP UIDs as numbers; Maildir keys as they are."""
    return [int(k) for k in keys] if all(k.isdigit() for k in keys) else keys


def open_mailbox(account: Account, password: str) -> Mailbox:
    """A connection to ``account``'s mailbox (logged in, for IMAP). The IMAP and mailbox
    libraries are loaded here, on first use, not when the assistant starts."""
    from assistant.mail.imap import ImapMailbox
    from assistant.mail.local import LocalMailbox

    if account.kind == IMAP:
        assert account.server is not None
        return ImapMailbox(account.name, account.server, password)
    assert account.path is not None
    return LocalMailbox(account.name, account.kind, account.path)

"""Mail for the skills and the command line: accounts, checking, reading, cleaning up with undo,
and sending.

Every move is written to the journal before it is made and settled after it (``journal``), and
undo moves exactly those messages back, found by their new UID or Maildir name, with their flags
as they were. A move a crash cut short is settled on the next check or undo. Nothing is ever
expunged or deleted for good, and no message's bytes are ever rewritten.
"""

import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Protocol

from assistant.clock import Clock
from assistant.mail.accounts import IMAP, Account, MailError, password_for
from assistant.mail.bayes import BayesError, learn
from assistant.mail.cache import INBOX, SEEN, Cached, MailCache, SyncReport
from assistant.mail.journal import (
    DONE,
    PLANNED,
    UNDOING,
    MailJournal,
    Mover,
    by_route,
    move_exactly,
    put_back,
    recover,
)
from assistant.mail.junk_filter import JunkFilterError, bogofilter_binary, ready_filter, teach
from assistant.mail.parse import Letter, UnreadableMail, parse_letter
from assistant.mail.spam import USER_SAID, VERDICT_HEADER, running_filter
from assistant.mail.triage import TriagePlan, needs_judging, plan_triage
from assistant.store.database import MemoryStore

_LOGGER = logging.getLogger(__name__)

ARCHIVE, TRASH, SENT = "Archive", "Trash", "Sent"
_SPECIAL = {ARCHIVE: b"\\Archive", TRASH: b"\\Trash", SENT: b"\\Sent"}
KEPT_UNREAD = 200
JUDGED_AT_MOST = 100
"""How many not-yet-judged mails one clean-up sends to SpamAssassin (the newest first)."""
JUDGED_TOGETHER = 50
"""How many mails are fetched and sent to SpamAssassin at a time."""
JUDGED_BY_BOGOFILTER = 2000
"""How many mails are fetched and given to bogofilter at a time."""


class Judge(Protocol):
    """A junk filter: a verdict for each mail ("yes ...", "no ...", or "" if it cannot say)."""

    def verdicts(self, raws: list[bytes]) -> list[str]: ...


class KnownPeople(Protocol):
    """Who the user knows, as the memory tells it (passed in: mail does not read the memory)."""

    def people(self) -> list[tuple[str, str]]:
        """Everyone the user has named or written to, as (name, email); "" when unknown."""
        ...


class Mailbox(Mover, Protocol):
    """What the service needs of an IMAP account or a local mailbox (moving: ``Mover``)."""

    def close(self) -> None: ...
    def special_folder(self, flag: bytes, fallback: str) -> str: ...
    def sent_folder(self) -> str | None: ...
    def sync(self, folder: str, cache: MailCache) -> SyncReport: ...
    def fetch_raw(self, folder: str, key: str) -> bytes | None: ...
    def fetch_many(self, folder: str, keys: list[str]) -> dict[str, bytes]: ...
    def mark_seen(self, folder: str, key: str) -> None: ...
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

    def __init__(self, store: MemoryStore, clock: Clock, facts: KnownPeople) -> None:
        self.store = store
        self.clock = clock
        self.facts = facts
        self.cache = MailCache(store)
        self.journal = MailJournal(store, clock)
        self.on_new_senders: Callable[[], None] = lambda: None
        """Called after a check found mail from someone new (the speech grammar learns them)."""
        self.on_checked: Callable[[], object] = lambda: None
        """Called after a check that found mail come or go, and after the first check (the
        memory learns who the user writes to)."""
        self._checked_once = False
        self._verdicts_changed = False
        """The user judged a mail since the last check (its sender may now be a person)."""
        self._taught: dict[tuple[str, str, str], bytes] = {}
        """The bytes of each mail the filter was taught from, by account, folder and key."""

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
        self._settle_interrupted()
        senders = set(self.cache.sender_names())
        fetched: list[Cached] = []
        new: list[Cached] = []  # since an earlier check: the first look at an inbox finds none
        failed: list[str] = []
        skipped: list[str] = []
        any_changed = False
        for account in accounts:
            first_look = self.cache.folder_state(account.name, INBOX) is None
            try:
                fresh, unreadable, changed = self._sync_inbox_and_sent(account)
            except MailError as error:
                failed.append(error.message)
                continue
            skipped += [f"I skipped a mail I can't read: {name}." for name in unreadable]
            fetched += fresh
            new += [] if first_look else self._not_put_back(account.name, fresh)
            any_changed = any_changed or changed
        if len(failed) == len(accounts):
            raise MailError("mail-check-failed", " ".join(failed))
        if any_changed or self._verdicts_changed or not self._checked_once:
            self.on_checked()
            self._checked_once, self._verdicts_changed = True, False
        if any(m.sender_name not in senders for m in fetched):
            self.on_new_senders()
        count, unread = self._unread(accounts)
        return Check(count, unread, new, failed + skipped)

    def _not_put_back(self, account: str, fresh: list[Cached]) -> list[Cached]:
        """``fresh`` without the mail an undo put back: it was there before, so it is not news
        (over IMAP it comes back under new UIDs; in a Maildir, uncached)."""
        if not fresh:
            return fresh
        returned = self.journal.put_back_ids(account, INBOX)
        return [m for m in fresh if m.message_id not in returned]

    def _settle_interrupted(self) -> None:
        """Settle a clean-up a crash cut short (so undo can reverse it), when the mail can be
        reached; the first check after a start does it."""
        try:
            self.recover()
        except MailError as error:
            _LOGGER.info("Settling an interrupted clean-up: %s", error.message)

    def _sync_inbox_and_sent(self, account: Account) -> tuple[list[Cached], tuple[str, ...], bool]:
        """Sync the inbox and the Sent folder (who the user writes to): what is new in the
        inbox, the names of mails that could not be read, and whether mail came or went in
        either."""
        with self.opened(account) as mailbox:
            report = mailbox.sync(INBOX, self.cache)
            sent_folder = mailbox.sent_folder()
            sent = mailbox.sync(sent_folder, self.cache) if sent_folder else None
        changed = any(r.new or r.removed for r in (report, sent) if r is not None)
        return report.new, report.unreadable, changed

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
            if message.unread:
                mailbox.mark_seen(message.folder, message.key)
                self._mark_read(message)
        try:
            return parse_letter(raw)
        except UnreadableMail as error:
            raise MailError(
                "mail-unreadable", f"I can't read that mail: {error.name} is built too deeply."
            ) from None

    def _mark_read(self, message: Cached) -> None:
        flags = tuple(sorted({*message.flags, SEEN}))
        self.cache.set_flags(message.account, message.folder, {message.key: flags})

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
        """What cleaning up would do; mail no filter has judged is first judged by
        SpamAssassin (when it is installed)."""
        people = self.people()
        self._judge_junk(people)
        self.on_checked()  # a sender judged not junk may now be a person
        return plan_triage(self.inbox(), people)

    @property
    def _data_folder(self) -> Path:
        return self.store.path.parent

    @property
    def _spam_home(self) -> Path:
        """SpamAssassin's folder in the data folder (its Bayes database, spamd's log)."""
        return self.store.path.parent / "spamassassin"

    def _judge_junk(self, people: set[str]) -> None:
        """Judge every mail no filter has judged yet with bogofilter; what it is unsure of
        (between its cut-off and near certainty), and everything when it is not installed,
        goes to SpamAssassin, the newest ``JUDGED_AT_MOST`` at each clean-up."""
        unjudged = [m for m in self.inbox() if needs_judging(m, people)]
        if not unjudged:
            return
        junk = ready_filter(self._data_folder)
        if junk is not None:
            unjudged = self._judge_with(junk, unjudged, JUDGED_BY_BOGOFILTER)
        if not unjudged:
            return
        with running_filter(self._spam_home) as spam:
            if spam is not None:
                self._judge_with(spam, unjudged[:JUDGED_AT_MOST], JUDGED_TOGETHER)

    def _judge_with(self, judge: Judge, messages: list[Cached], together: int) -> list[Cached]:
        """Keep ``judge``'s verdict on each of ``messages`` with it, ``together`` at a time;
        those it could not judge (newest first)."""
        left: list[Cached] = []
        ordered = sorted(messages, key=lambda m: (m.account, m.folder))
        for (name, folder), group in groupby(ordered, key=lambda m: (m.account, m.folder)):
            some = list(group)
            with self.opened(self.account(name)) as mailbox:
                for start in range(0, len(some), together):
                    batch = some[start : start + together]
                    raws = mailbox.fetch_many(folder, [m.key for m in batch])
                    verdicts = judge.verdicts([raws.get(m.key, b"") for m in batch])
                    judged = {m.key: v for m, v in zip(batch, verdicts, strict=True) if v}
                    self.cache.add_header(name, folder, VERDICT_HEADER, judged)
                    left += [m for m in batch if m.key not in judged]
        return sorted(left, key=lambda m: m.date, reverse=True)

    def teach(self, message: Cached, junk: bool, forget: bool = False) -> bool:
        """Keep the user's word that ``message`` is junk (or not) as its verdict, and teach the
        junk filter so; with ``forget``, drop both, so the filter judges it again. Whether the
        filter learned (without SpamAssassin, only the verdict is kept)."""
        said = "" if forget else f"{'yes' if junk else 'no'} {USER_SAID}"
        self.cache.add_header(message.account, message.folder, VERDICT_HEADER, {message.key: said})
        self._verdicts_changed = True
        raw = self._taught_bytes(message)
        if raw is None:
            return False
        try:
            self._learn(raw, junk, forget)
        except (BayesError, JunkFilterError) as error:
            _LOGGER.warning("teaching the junk filter: %s", error)
            return False
        return True

    def _learn(self, raw: bytes, junk: bool, forget: bool) -> None:
        """Teach bogofilter (or, without it, SpamAssassin) the user's word on ``raw``."""
        said = "spam" if junk else "ham"
        if bogofilter_binary() is not None:
            teach(self._data_folder, raw, f"un{said}" if forget else said)
        else:
            learn(self._spam_home, raw, "forget" if forget else said)

    def _taught_bytes(self, message: Cached) -> bytes | None:
        """The bytes of ``message``, fetched where it is; or, once it has moved on (a clean-up
        and its undo give it a new UID), the bytes the filter was taught with, so that undo
        forgets exactly what was learned."""
        with self.opened(self.account(message.account)) as mailbox:
            raw = mailbox.fetch_raw(message.folder, message.key)
        where = (message.account, message.folder, message.key)
        if raw is None:
            return self._taught.get(where)
        self._taught[where] = raw
        return raw

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
            moving = [(m.key, m.message_id, m.flags) for m in messages]
            done = move_exactly(self.journal, mailbox, batch, (name, folder, destination), moving)
        self.cache.drop(name, folder, [m.key for m in messages])
        return done

    def recover(self, batch: str = "") -> None:
        """Settle moves a crash cut short (of ``batch``, or all): what moved is marked so undo
        brings it back; what never moved is marked void."""
        for entries in by_route(self.journal.entries([PLANNED], batch)):
            with self.opened(self.account(entries[0].account)) as mailbox:
                recover(self.journal, mailbox, entries)

    def newest_undoable(self) -> tuple[str, str] | None:
        """The newest clean-up that can still be undone (even from before a restart, or one a
        crash cut short), as its batch and when it was done."""
        return self.journal.newest_undoable()

    def undo(self, batch: str) -> int:
        """Move every message of ``batch`` back, with its flags (and, in a Maildir, its file
        name) exactly as they were; how many."""
        self.recover(batch)
        restored = 0
        for entries in by_route(self.journal.entries([DONE, UNDOING], batch)):
            with self.opened(self.account(entries[0].account)) as mailbox:
                restored += put_back(self.journal, mailbox, entries)
        return restored

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

"""The journal of mail moves, written before each move and settled after it, so that undo, and a
start after a crash, know exactly which message went where and touch nothing else.

A row is one message: its account; the folder and key it had (an IMAP UID under the folder's
UIDVALIDITY, or a Maildir name); the folder it went to and the first UID that folder could give
it; and what finds it again there: a fingerprint of its bytes (IMAP), or its Maildir key, which
a move keeps. A Maildir message moves by renaming its file into the other folder's ``new/`` or
``cur/``, the name unchanged, so no byte is ever rewritten.

States: ``planned`` (written; the move may or may not have happened), ``done`` (moved, its new
key known), ``gone`` (another program had removed it), ``void`` (a crash came before it moved),
``undoing`` (being put back), ``undone``.
"""

import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from itertools import groupby
from typing import Protocol

from assistant.clock import Clock
from assistant.store.database import MemoryStore, iso_seconds

PLANNED, DONE, GONE, VOID, UNDOING, UNDONE = (
    *("planned", "done", "gone"),
    *("void", "undoing", "undone"),
)
UNDOABLE = (PLANNED, DONE, UNDOING)
Route = tuple[str, str, str]
"""An account, the folder a message is in, and the folder it goes to."""


@dataclass(frozen=True)
class Identity:
    """What finds a message again after it moved."""

    fingerprint: str
    """SHA-256 of its header and size (IMAP), or its Maildir key."""
    name: str = ""
    """Its Maildir file under its folder (``cur/KEY:2,S``: flags, new or cur); "" for IMAP."""


@dataclass(frozen=True)
class Returning:
    """How a message goes back where it was."""

    name: str
    """Its Maildir file name as it was ("" for IMAP)."""
    flags: tuple[str, ...]
    """Its flags as they were."""


class Mover(Protocol):
    """What moving mail exactly needs of a mailbox."""

    def next_key(self, folder: str) -> tuple[str, int]: ...
    def identify(self, folder: str, keys: list[str]) -> dict[str, Identity]: ...
    def locate(self, folder: str, floor: int, wanted: Collection[str]) -> dict[str, list[str]]: ...
    def present(self, folder: str, keys: Collection[str]) -> set[str]: ...
    def move(self, folder: str, keys: list[str], target: str) -> None: ...
    def put_back(self, folder: str, back: dict[str, Returning], home: str) -> None: ...


@dataclass(frozen=True)
class Entry:
    """One journaled message."""

    id: int
    batch: str
    """The clean-up it was part of: one undo reverses a whole batch."""
    account: str
    from_folder: str
    to_folder: str
    from_key: str
    """Its IMAP UID (or Maildir key) before the move."""
    from_name: str
    """Its Maildir file name before the move; "" for IMAP."""
    fingerprint: str
    """What finds it again (see ``Identity``)."""
    flags: tuple[str, ...]
    """Its flags before the move."""
    state: str
    to_key: str = ""
    """Its UID (or Maildir key) in the target, once known."""
    to_validity: str = ""
    """The target's UIDVALIDITY when it moved."""
    to_floor: int = 0
    """The first UID the target could give it."""
    back_floor: int = 0
    """The first UID its home folder could give it when it was being put back."""

    @property
    def group(self) -> tuple[str, str, str]:
        return self.account, self.from_folder, self.to_folder


@dataclass(frozen=True)
class Planned:
    """A message about to move, as the journal records it."""

    key: str
    message_id: str
    flags: tuple[str, ...]
    identity: Identity


class MailJournal:
    """The ``mail_journal`` table."""

    def __init__(self, store: MemoryStore, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    def write(
        self, batch: str, route: Route, moving: list[Planned], target: tuple[str, int]
    ) -> list[Entry]:
        """Record ``moving`` from ``route`` (account, folder, target) before the move, with
        the target's UIDVALIDITY and next UID."""
        account, folder, to_folder = route
        now = iso_seconds(self.clock.now())
        rows = [
            {
                **{"batch": batch, "account": account, "action": "move", "state": PLANNED},
                **{"message_id": p.message_id, "from_folder": folder, "to_folder": to_folder},
                **{"from_key": p.key, "from_name": p.identity.name, "at": now},
                **{"fingerprint": p.identity.fingerprint, "flags": json.dumps(list(p.flags))},
                **{"to_validity": target[0], "to_floor": target[1]},
            }
            for p in moving
        ]
        with self.store.transaction() as db:
            db.table("mail_journal").insert_all(rows)
            found = db.query(
                "select * from mail_journal where batch = ? and state = ? and from_folder = ? "
                "and to_folder = ? and account = ?",
                [batch, PLANNED, folder, to_folder, account],
            )
            return [_entry(row) for row in found]

    def entries(self, states: Iterable[str], batch: str = "") -> list[Entry]:
        """The rows in ``states`` (of ``batch``, if given), grouped by route."""
        wanted = list(states)
        sql = f"select * from mail_journal where state in ({','.join('?' * len(wanted))})"
        args: list[object] = list(wanted)
        if batch:
            sql, args = sql + " and batch = ?", [*args, batch]
        with self.store.transaction() as db:
            rows = [_entry(row) for row in db.query(sql + " order by id", args)]
        return sorted(rows, key=lambda e: (e.group, e.id))

    def newest_undoable(self) -> tuple[str, str] | None:
        """The newest batch that can be undone, with when it was written."""
        marks = ",".join("?" * len(UNDOABLE))
        sql = f"select batch, at from mail_journal where state in ({marks}) order by id desc"
        with self.store.transaction() as db:
            rows = list(db.query(sql + " limit 1", list(UNDOABLE)))
        return (str(rows[0]["batch"]), str(rows[0]["at"])) if rows else None

    def put_back_ids(self, account: str, home: str) -> set[str]:
        """The Message-IDs of ``account``'s mail an undo put back in ``home``."""
        sql = (
            "select distinct message_id from mail_journal "
            "where state = ? and account = ? and from_folder = ? and message_id != ''"
        )
        with self.store.reading() as db:
            return {str(row["message_id"]) for row in db.query(sql, [UNDONE, account, home])}

    def settle(self, moved: dict[int, str], state: str = DONE) -> None:
        """Mark entries (by id) ``state``, with their keys in the target."""
        sql = "update mail_journal set state = ?, to_key = ? where id = ?"
        with self.store.transaction() as db:
            db.conn.executemany(sql, [(state, key, entry) for entry, key in moved.items()])

    def mark(self, entries: Iterable[Entry], state: str, back_floor: int = 0) -> None:
        sql = "update mail_journal set state = ?, back_floor = max(coalesce(back_floor, 0), ?)"
        with self.store.transaction() as db:
            db.conn.executemany(sql + " where id = ?", [(state, back_floor, e.id) for e in entries])


def by_route(entries: list[Entry]) -> Iterable[list[Entry]]:
    """``entries`` in groups of one account, one folder and one target."""
    for _, group in groupby(entries, key=lambda e: e.group):
        yield list(group)


def move_exactly(
    journal: MailJournal,
    mailbox: Mover,
    batch: str,
    route: Route,
    moving: list[tuple[str, str, tuple[str, ...]]],
) -> tuple[int, int]:
    """Move ``moving`` (key, Message-ID, flags) along ``route``, journaled before and settled
    after; how many moved, and how many had already gone."""
    _, folder, target = route
    found = mailbox.identify(folder, [key for key, _, _ in moving])
    planned = [Planned(k, mid, f, found[k]) for k, mid, f in moving if k in found]
    if not planned:
        return 0, len(moving)
    entries = journal.write(batch, route, planned, mailbox.next_key(target))
    mailbox.move(folder, [e.from_key for e in entries], target)
    settle(journal, mailbox, entries)
    return len(entries), len(moving) - len(entries)


def settle(journal: MailJournal, mailbox: Mover, entries: list[Entry]) -> None:
    """Find where moved ``entries`` are now and mark them done (gone if nowhere)."""
    floor = min(e.to_floor or 1 for e in entries)
    found = mailbox.locate(entries[0].to_folder, floor, {e.fingerprint for e in entries})
    placed: dict[int, str] = {}
    for entry in sorted(entries, key=lambda e: _numeric(e.from_key)):
        keys = found.get(entry.fingerprint) or [""]
        placed[entry.id] = keys.pop(0)
    journal.settle({i: k for i, k in placed.items() if k})
    journal.settle({i: k for i, k in placed.items() if not k}, GONE)


def recover(journal: MailJournal, mailbox: Mover, entries: list[Entry]) -> None:
    """After a crash: entries still at home never moved (void); the others are found where
    they went and marked done, so undo can bring them back."""
    home = mailbox.present(entries[0].from_folder, [e.from_key for e in entries])
    journal.mark([e for e in entries if e.from_key in home], VOID)
    moved = [e for e in entries if e.from_key not in home]
    if moved:
        settle(journal, mailbox, moved)


def put_back(journal: MailJournal, mailbox: Mover, entries: list[Entry]) -> int:
    """Move ``entries`` (done or undoing, one route) back home with their flags as they were;
    how many are home now."""
    entries = _current(mailbox, entries)
    there = mailbox.present(entries[0].to_folder, [e.to_key for e in entries if e.to_key])
    moving = [e for e in entries if e.to_key in there]
    if moving:
        _, floor = mailbox.next_key(entries[0].from_folder)
        journal.mark(moving, UNDOING, floor)
        back = {e.to_key: Returning(e.from_name, e.flags) for e in moving}
        mailbox.put_back(entries[0].to_folder, back, entries[0].from_folder)
        journal.mark(moving, UNDONE)
    earlier = [e for e in entries if e.to_key not in there and e.state == UNDOING]
    home = _found_home(mailbox, earlier)
    journal.mark([e for e in earlier if e.id in home], UNDONE)
    journal.mark([e for e in entries if e.to_key not in there and e.id not in home], GONE)
    return len(moving) + len(home)


def _current(mailbox: Mover, entries: list[Entry]) -> list[Entry]:
    """``entries`` with their keys in the target as they are now: found again by fingerprint
    if the target's UIDVALIDITY changed since they moved."""
    validity, _ = mailbox.next_key(entries[0].to_folder)
    if all(e.to_validity in ("", validity) for e in entries):
        return entries
    found = mailbox.locate(entries[0].to_folder, 1, {e.fingerprint for e in entries})
    return [replace(e, to_key=(found.get(e.fingerprint) or [""]).pop(0)) for e in entries]


def _found_home(mailbox: Mover, entries: list[Entry]) -> set[int]:
    """The ids of ``entries`` an interrupted undo had already put back."""
    if not entries:
        return set()
    floor = min(e.back_floor or 1 for e in entries)
    found = mailbox.locate(entries[0].from_folder, floor, {e.fingerprint for e in entries})
    home: set[int] = set()
    for entry in entries:
        if found.get(entry.fingerprint):
            found[entry.fingerprint].pop(0)
            home.add(entry.id)
    return home


def _numeric(key: str) -> tuple[int, str]:
    return (int(key), "") if key.isdigit() else (0, key)


def _entry(row: dict[str, object]) -> Entry:
    def text(name: str) -> str:
        return str(row.get(name) or "")

    return Entry(
        int(str(row["id"])),
        *(text("batch"), text("account"), text("from_folder"), text("to_folder")),
        *(text("from_key"), text("from_name"), text("fingerprint")),
        tuple(json.loads(text("flags") or "[]")),
        text("state"),
        *(text("to_key"), text("to_validity")),
        int(str(row.get("to_floor") or 0)),
        int(str(row.get("back_floor") or 0)),
    )

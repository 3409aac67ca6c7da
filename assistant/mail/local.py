"""Local mailboxes through the standard library's ``mailbox``: Maildir (with folders, and a
Trash folder for deletes) and mbox (read only: one file, no folders to move mail between).

Each check lists a local folder in full (keys and flags, from Maildir file names or mbox heads)
and parses only the mail the cache does not have yet; a mail that cannot be parsed is skipped
and named, never fatal to the others.
"""

import mailbox
import os
from collections.abc import Collection
from email.parser import BytesParser
from email.policy import compat32
from pathlib import Path
from typing import Any

from assistant.mail.accounts import MAILDIR, MailError
from assistant.mail.cache import INBOX, Cached, FolderState, MailCache, SyncReport, cached_from
from assistant.mail.journal import Identity, Returning
from assistant.mail.parse import UnreadableMail, parse_letter

LOCAL_VALIDITY = "local"
_MAILDIR_FLAGS = {
    "S": "\\Seen",
    "R": "\\Answered",
    "F": "\\Flagged",
    "T": "\\Deleted",
    "D": "\\Draft",
}


class LocalMailbox:
    """A Maildir folder tree, or an mbox file."""

    def __init__(self, account: str, kind: str, path: Path) -> None:
        self.account = account
        self.kind = kind
        self.path = path
        if not path.exists():
            raise MailError(
                "mail-folder-missing",
                f"The mailbox for {account} isn't at {path} any more. "
                "If it moved, add the account again with its new place.",
            )

    def close(self) -> None:
        pass

    @property
    def writable(self) -> bool:
        return self.kind == MAILDIR

    def _open(self, folder: str) -> Any:
        """The folder as a ``mailbox.Maildir`` or ``mailbox.mbox`` (keys are text or numbers)."""
        try:
            if self.kind != MAILDIR:
                return mailbox.mbox(self.path, create=False)
            root = mailbox.Maildir(self.path, create=False)
            return root if folder == INBOX else root.get_folder(folder)
        except (OSError, mailbox.Error) as error:
            raise MailError(
                "mail-folder-missing",
                f"I can't open {folder} in the mailbox for {self.account} at {self.path}.",
            ) from error

    def folders(self) -> list[str]:
        if self.kind != MAILDIR:
            return [INBOX]
        return [INBOX, *mailbox.Maildir(self.path, create=False).list_folders()]

    def special_folder(self, flag: bytes, fallback: str) -> str:
        if not self.writable:
            raise MailError(
                "mail-read-only",
                f"The mailbox for {self.account} is an mbox file: I can read it, "
                "but I don't move mail around inside it.",
            )
        root = mailbox.Maildir(self.path, create=False)
        if fallback not in root.list_folders():
            root.add_folder(fallback)
        return fallback

    def sent_folder(self) -> str | None:
        """The Maildir's Sent folder, if it has one."""
        return "Sent" if "Sent" in self.folders() else None

    def sync(self, folder: str, cache: MailCache) -> SyncReport:
        """Bring the cache to match ``folder``: only mail not cached yet is read and parsed; a
        mail that cannot be parsed is skipped and named, the others still read."""
        box = self._open(folder)
        try:
            on_disk = self._flags_on_disk(box, folder)
        except (OSError, mailbox.Error) as error:
            raise MailError(
                "mail-folder-missing", f"I couldn't read {folder} for {self.account}."
            ) from error
        known = cache.keys(self.account, folder)
        gone = known - on_disk.keys()
        cache.drop(self.account, folder, gone)
        new, unreadable = self._parsed(box, folder, on_disk, on_disk.keys() - known)
        cache.put(new)
        cache.set_flags(self.account, folder, {k: f for k, f in on_disk.items() if k in known})
        cache.save_folder_state(self.account, folder, FolderState(LOCAL_VALIDITY, 0, 0))
        return SyncReport(new, len(gone), len(new), tuple(unreadable))

    def _flags_on_disk(self, box: Any, folder: str) -> dict[str, tuple[str, ...]]:
        """Every message's key and flags, without parsing a body: a Maildir's from its file
        names, an mbox's from each message's head."""
        if self.kind == MAILDIR:
            return {key: _name_flags(name) for key, name in self._listing(folder).items()}
        return {str(key): _mbox_flags(box.get_bytes(key)) for key in box.iterkeys()}

    def _parsed(
        self, box: Any, folder: str, flags: dict[str, tuple[str, ...]], keys: Collection[str]
    ) -> tuple[list[Cached], list[str]]:
        """The cache records of ``keys``, and the names of those that could not be read."""
        new: list[Cached] = []
        unreadable: list[str] = []
        for key in sorted(keys):
            raw = bytes(box.get_bytes(_key(self.kind, key)))
            try:
                new.append(cached_from(self.account, folder, key, parse_letter(raw), flags[key]))
            except UnreadableMail as error:
                unreadable.append(error.name)
        return new, unreadable

    def fetch_raw(self, folder: str, key: str) -> bytes | None:
        box = self._open(folder)
        try:
            return bytes(box.get_bytes(_key(self.kind, key)))
        except KeyError:
            return None

    def fetch_many(self, folder: str, keys: list[str]) -> dict[str, bytes]:
        """The whole messages of ``keys`` still there."""
        box = self._open(folder)
        found: dict[str, bytes] = {}
        for key in keys:
            try:
                found[key] = bytes(box.get_bytes(_key(self.kind, key)))
            except (KeyError, OSError):
                continue
        return found

    def mark_seen(self, folder: str, key: str) -> None:
        """Flag the message as read the Maildir way: its file moves to ``cur/`` with S added
        to its flags; not a byte of it changes."""
        if not self.writable:
            return
        name = self._listing(folder).get(key)
        if name is None:
            return
        base = self._folder_path(folder)
        os.rename(base / name, base / "cur" / _with_flag(Path(name).name, "S"))

    # Moves, exactly: a Maildir message keeps its file name (its key, flags, new/ or cur/).

    def next_key(self, folder: str) -> tuple[str, int]:
        return LOCAL_VALIDITY, 0

    def identify(self, folder: str, keys: list[str]) -> dict[str, Identity]:
        """Each of ``keys`` still in ``folder``, with its file name there."""
        listing = self._listing(folder)
        return {key: Identity(key, listing[key]) for key in keys if key in listing}

    def locate(self, folder: str, floor: int, wanted: Collection[str]) -> dict[str, list[str]]:
        """Where the messages with the keys ``wanted`` are in ``folder`` (a key is kept)."""
        return {key: [key] for key in self._listing(folder).keys() & set(wanted)}

    def present(self, folder: str, keys: Collection[str]) -> set[str]:
        return self._listing(folder).keys() & set(keys)

    def move(self, folder: str, keys: list[str], target: str) -> None:
        """Rename each message's file into ``target`` (same new/ or cur/, same name): atomic,
        so a crash leaves it in one place or the other, never neither, and never rewritten."""
        listing, source, destination = (
            self._listing(folder),
            self._folder_path(folder),
            self._folder_path(target),
        )
        for key in keys:
            if key in listing:
                os.rename(source / listing[key], destination / listing[key])

    def put_back(self, folder: str, back: dict[str, Returning], home: str) -> None:
        """Rename each message's file back home under the name it had (its flags as they were)."""
        listing, source, destination = (
            self._listing(folder),
            self._folder_path(folder),
            self._folder_path(home),
        )
        for key, returning in back.items():
            if key in listing:
                os.rename(source / listing[key], destination / (returning.name or listing[key]))

    def _folder_path(self, folder: str) -> Path:
        return self.path if folder == INBOX else self.path / f".{folder}"

    def _listing(self, folder: str) -> dict[str, str]:
        """Every message in the Maildir folder: its key, and its file under the folder."""
        found: dict[str, str] = {}
        for sub in ("new", "cur"):
            try:
                names = os.listdir(self._folder_path(folder) / sub)
            except FileNotFoundError:
                continue
            found |= {n.split(":")[0]: f"{sub}/{n}" for n in names if not n.startswith(".")}
        return found

    def append(self, folder: str, raw: bytes, flags: tuple[str, ...]) -> None:
        if not self.writable:
            return
        root = mailbox.Maildir(self.path, create=False)
        if folder != INBOX and folder not in root.list_folders():
            root.add_folder(folder)
        message = mailbox.MaildirMessage(raw)
        message.set_flags(_maildir_letters(flags))
        message.set_subdir("cur")
        self._open(folder).add(message)


def _with_flag(name: str, flag: str) -> str:
    """A Maildir file name with ``flag`` added to its info (``KEY:2,FS``), letters in order."""
    key, _, info = name.partition(":")
    letters = info[2:] if info.startswith("2,") else ""
    return f"{key}:2,{''.join(sorted(set(letters + flag)))}"


def _name_flags(name: str) -> tuple[str, ...]:
    """The IMAP flags of a Maildir file (``cur/KEY:2,FS``), from the info in its name."""
    info = name.rpartition(":")[2] if ":" in name else ""
    letters = info[2:] if info.startswith("2,") else ""
    return tuple(sorted(_MAILDIR_FLAGS[c] for c in letters if c in _MAILDIR_FLAGS))


def _mbox_flags(raw: bytes) -> tuple[str, ...]:
    """An mbox message's IMAP flags, from its Status header (R is read)."""
    head = BytesParser(policy=compat32).parsebytes(raw[:65536], headersonly=True)
    return ("\\Seen",) if "R" in str(head.get("status", "")) else ()


def _maildir_letters(flags: tuple[str, ...]) -> str:
    """IMAP flags as Maildir's info letters (``\\Seen`` is S)."""
    return "".join(code for code, name in _MAILDIR_FLAGS.items() if name in flags)


def _key(kind: str, key: str) -> str | int:
    return key if kind == MAILDIR else int(key)

"""Local mailboxes through the standard library's ``mailbox``: Maildir (with folders, and a
Trash folder for deletes) and mbox (read only: one file, no folders to move mail between).

A local folder is read in full at each check (a local folder is small beside a server's), and
the cache is brought to match it.
"""

import mailbox
from pathlib import Path
from typing import Any

from assistant.mail.accounts import MAILDIR, MailError
from assistant.mail.cache import INBOX, FolderState, MailCache, SyncReport, cached_from
from assistant.mail.parse import parse_letter

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
        box = self._open(folder)
        try:
            on_disk = {str(key): message for key, message in box.iteritems()}
        except (OSError, mailbox.Error) as error:
            raise MailError(
                "mail-folder-missing", f"I couldn't read {folder} for {self.account}."
            ) from error
        known = cache.keys(self.account, folder)
        gone = known - on_disk.keys()
        cache.drop(self.account, folder, gone)
        new = [
            cached_from(self.account, folder, key, parse_letter(m.as_bytes()), _flags(m))
            for key, m in on_disk.items()
            if key not in known
        ]
        cache.put(new)
        cache.set_flags(
            self.account, folder, {k: _flags(m) for k, m in on_disk.items() if k in known}
        )
        cache.save_folder_state(self.account, folder, FolderState(LOCAL_VALIDITY, 0, 0))
        return SyncReport(new, len(gone), len(new))

    def fetch_raw(self, folder: str, key: str) -> bytes | None:
        box = self._open(folder)
        try:
            return bytes(box.get_bytes(_key(self.kind, key)))
        except KeyError:
            return None

    def find(self, folder: str, message_id: str) -> list[str]:
        box = self._open(folder)
        return [
            str(key)
            for key, message in box.iteritems()
            if str(message.get("message-id", "")).strip() == message_id
        ]

    def move(self, folder: str, keys: list[str], target: str) -> None:
        """Copy each message to ``target``, then remove it here: a crash between the two
        leaves a copy in both places, never in neither."""
        source, destination = self._open(folder), self._open(target)
        for key in keys:
            try:
                message = source[_key(self.kind, key)]
            except KeyError:
                continue
            destination.add(message)
            source.discard(_key(self.kind, key))

    def set_flags(self, folder: str, key: str, flags: tuple[str, ...]) -> None:
        box = self._open(folder)
        if not isinstance(box, mailbox.Maildir):
            return
        message = box.get(key)
        if message is None:
            return
        message.set_flags(_maildir_letters(flags))
        message.set_subdir("cur")
        box[key] = message

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


def _flags(message: mailbox.Message) -> tuple[str, ...]:
    if isinstance(message, mailbox.MaildirMessage):
        return tuple(sorted(_MAILDIR_FLAGS[c] for c in message.get_flags() if c in _MAILDIR_FLAGS))
    if isinstance(message, mailbox.mboxMessage):
        return ("\\Seen",) if "R" in message.get_flags() else ()
    return ()


def _maildir_letters(flags: tuple[str, ...]) -> str:
    """IMAP flags as Maildir's info letters (``\\Seen`` is S)."""
    return "".join(code for code, name in _MAILDIR_FLAGS.items() if name in flags)


def _key(kind: str, key: str) -> str | int:
    return key if kind == MAILDIR else int(key)

"""An IMAP mailbox (imapclient): incremental header sync, bodies on demand, moves, appends.

Sync keeps a folder's headers in the cache under its UIDVALIDITY. A check first compares the
folder's UIDNEXT, message count and HIGHESTMODSEQ with what the cache saw; when none changed,
nothing is fetched. Otherwise only new UIDs get their headers fetched, flags come only for what
changed since the last MODSEQ (CONDSTORE), and expunged UIDs are dropped.

Deleting moves to the Trash folder; nothing is ever expunged.
"""

import functools
import hashlib
import logging
import ssl
from collections.abc import Collection, Iterator
from contextlib import contextmanager, suppress
from typing import Any

import imapclient
import imapclient.exceptions

from assistant.mail.accounts import STARTTLS, TLS, MailError, Server
from assistant.mail.cache import Cached, FolderState, MailCache, SyncReport, cached_from
from assistant.mail.journal import Identity, Returning
from assistant.mail.parse import TRIAGE_HEADERS, parse_letter

_LOGGER = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10.0
FETCH_BATCH = 1000
MOVE_BATCH = 500
HEADER_FIELDS = (
    "FROM",
    "TO",
    "SUBJECT",
    "DATE",
    "MESSAGE-ID",
    *(h.upper() for h in TRIAGE_HEADERS),
)
HEADER_ITEM = f"BODY.PEEK[HEADER.FIELDS ({' '.join(HEADER_FIELDS)})]"


class ImapMailbox:
    """One logged-in IMAP connection to an account."""

    def __init__(self, account: str, server: Server, password: str) -> None:
        self.account = account
        self.server = server
        with server_errors(server, account):
            self.client = _connect(server)
            self.client.login(server.user, password)
            if self.client.has_capability("CONDSTORE"):
                self.client.enable("CONDSTORE")

    def close(self) -> None:
        with suppress(OSError, imapclient.exceptions.IMAPClientError):
            self.client.logout()

    def folders(self) -> list[str]:
        with server_errors(self.server, self.account):
            return [str(name) for _, _, name in self.client.list_folders()]

    def special_folder(self, flag: bytes, fallback: str) -> str:
        """The folder the server marks with ``flag`` (``\\Trash``), or ``fallback``, made if
        missing."""
        with server_errors(self.server, self.account):
            found = self.client.find_special_folder(flag)
            if found:
                return str(found)
            if not self.client.folder_exists(fallback):
                self.client.create_folder(fallback)
            return fallback

    def sent_folder(self) -> str | None:
        """The folder of sent mail, if the account has one."""
        with server_errors(self.server, self.account):
            found = self.client.find_special_folder(b"\\Sent")
            return str(found) if found else None

    def sync(self, folder: str, cache: MailCache) -> SyncReport:
        """Bring the cache's view of ``folder`` up to date, fetching only what changed."""
        with server_errors(self.server, self.account, folder):
            return self._sync(folder, cache)

    def _sync(self, folder: str, cache: MailCache) -> SyncReport:
        status = self.client.select_folder(folder, readonly=True)
        state = FolderState(
            str(status[b"UIDVALIDITY"]),
            int(status.get(b"UIDNEXT", 0)),
            int(status.get(b"HIGHESTMODSEQ", 0)),
        )
        before = cache.folder_state(self.account, folder)
        if before is not None and before.validity != state.validity:
            cache.drop_folder(self.account, folder)
            before = None
        known = cache.keys(self.account, folder)
        if before == state and len(known) == int(status[b"EXISTS"]) and state.modseq:
            return SyncReport([], 0, 0)
        removed = self._drop_expunged(folder, cache, known, int(status[b"EXISTS"]))
        self._update_flags(folder, cache, before, known)
        new = self._fetch_new(folder, cache, before.uidnext if before else 1)
        cache.save_folder_state(self.account, folder, state)
        return SyncReport(new, removed, len(new))

    def _drop_expunged(self, folder: str, cache: MailCache, known: set[str], exists: int) -> int:
        if not known:
            return 0
        on_server = {str(uid) for uid in self.client.search("ALL")} if exists else set()
        gone = known - on_server
        if gone:
            cache.drop(self.account, folder, gone)
            known -= gone
        return len(gone)

    def _update_flags(
        self, folder: str, cache: MailCache, before: FolderState | None, known: set[str]
    ) -> None:
        if before is None or not known:
            return
        modifiers = [f"CHANGEDSINCE {before.modseq}"] if before.modseq else None
        uids = sorted(int(key) for key in known)
        changed: dict[str, tuple[str, ...]] = {}
        for start in range(0, len(uids), FETCH_BATCH):
            batch = uids[start : start + FETCH_BATCH]
            response = self.client.fetch(batch, ["FLAGS"], modifiers=modifiers)
            changed |= {str(uid): _flags(data) for uid, data in response.items()}
        if changed:
            cache.set_flags(self.account, folder, changed)

    def _fetch_new(self, folder: str, cache: MailCache, first_uid: int) -> list[Cached]:
        uids = [uid for uid in self.client.search(["UID", f"{first_uid}:*"]) if uid >= first_uid]
        new: list[Cached] = []
        for start in range(0, len(uids), FETCH_BATCH):
            batch = uids[start : start + FETCH_BATCH]
            response = self.client.fetch(batch, ["FLAGS", HEADER_ITEM])
            fetched = [
                cached_from(
                    self.account, folder, str(uid), parse_letter(_header_bytes(data)), _flags(data)
                )
                for uid, data in response.items()
            ]
            cache.put(fetched)
            new += fetched
        return new

    def fetch_raw(self, folder: str, key: str) -> bytes | None:
        """The whole message, as it is (not marked read), or None if it is gone."""
        with server_errors(self.server, self.account, folder):
            self.client.select_folder(folder, readonly=True)
            response = self.client.fetch([int(key)], ["BODY.PEEK[]"])
            data = response.get(int(key))
            return _part(data, b"BODY[]") if data else None

    def fetch_many(self, folder: str, keys: list[str]) -> dict[str, bytes]:
        """The whole messages of ``keys`` still there (not marked read), fetched in batches."""
        found: dict[str, bytes] = {}
        with server_errors(self.server, self.account, folder):
            self.client.select_folder(folder, readonly=True)
            uids = [int(key) for key in keys]
            for start in range(0, len(uids), FETCH_BATCH):
                response = self.client.fetch(uids[start : start + FETCH_BATCH], ["BODY.PEEK[]"])
                found |= {str(uid): _part(data, b"BODY[]") for uid, data in response.items()}
        return found

    def mark_seen(self, folder: str, key: str) -> None:
        """Flag the message as read (``\\Seen``), as reading it in any mail program does."""
        with server_errors(self.server, self.account, folder):
            self.client.select_folder(folder)
            self.client.add_flags([int(key)], [imapclient.SEEN])

    # Moves, exactly: each message is known by its UID and a fingerprint of its bytes.

    def next_key(self, folder: str) -> tuple[str, int]:
        """The folder's UIDVALIDITY, and the UID the next message put there will get at least."""
        with server_errors(self.server, self.account, folder):
            status = self.client.folder_status(folder, [b"UIDVALIDITY", b"UIDNEXT"])
            return str(status[b"UIDVALIDITY"]), int(status[b"UIDNEXT"])

    def identify(self, folder: str, keys: list[str]) -> dict[str, Identity]:
        """Each of ``keys`` still in ``folder``, with the fingerprint that finds it again."""
        with server_errors(self.server, self.account, folder):
            self.client.select_folder(folder, readonly=True)
            found = self._fingerprints([int(key) for key in keys])
            return {str(uid): Identity(print_, "") for uid, print_ in found.items()}

    def locate(self, folder: str, floor: int, wanted: Collection[str]) -> dict[str, list[str]]:
        """The UIDs (from ``floor`` on) in ``folder`` of the messages with the fingerprints
        ``wanted``, in UID order."""
        with server_errors(self.server, self.account, folder):
            self.client.select_folder(folder, readonly=True)
            uids = [uid for uid in self.client.search(["UID", f"{floor}:*"]) if uid >= floor]
            found: dict[str, list[str]] = {}
            for uid, print_ in sorted(self._fingerprints(uids).items()):
                if print_ in wanted:
                    found.setdefault(print_, []).append(str(uid))
            return found

    def present(self, folder: str, keys: Collection[str]) -> set[str]:
        """Which of ``keys`` are in ``folder``."""
        with server_errors(self.server, self.account, folder):
            self.client.select_folder(folder, readonly=True)
            return {str(uid) for uid in self.client.search("ALL")} & set(keys)

    def move(self, folder: str, keys: list[str], target: str) -> None:
        """Move ``keys`` from ``folder`` to ``target`` (MOVE, or COPY then flag as deleted);
        flags go with them."""
        with server_errors(self.server, self.account, folder):
            self.client.select_folder(folder)
            for batch in _batches([int(key) for key in keys]):
                self._move(batch, target)

    def _move(self, uids: list[int], target: str) -> None:
        if self.client.has_capability("MOVE"):
            self.client.move(uids, target)
        else:
            self.client.copy(uids, target)
            self.client.add_flags(uids, [imapclient.DELETED])

    def put_back(self, folder: str, back: dict[str, Returning], home: str) -> None:
        """Give each message its flags as they were, then move them all to ``home``."""
        with server_errors(self.server, self.account, folder):
            self.client.select_folder(folder)
            by_flags: dict[tuple[str, ...], list[int]] = {}
            for key, returning in back.items():
                by_flags.setdefault(returning.flags, []).append(int(key))
            for flags, uids in by_flags.items():
                for batch in _batches(uids):
                    self.client.set_flags(batch, [flag.encode() for flag in flags])
            for batch in _batches([int(key) for key in back]):
                self._move(batch, home)

    def _fingerprints(self, uids: list[int]) -> dict[int, str]:
        found: dict[int, str] = {}
        for batch in _batches(uids, FETCH_BATCH):
            response = self.client.fetch(batch, ["RFC822.SIZE", "BODY.PEEK[HEADER]"])
            found |= {uid: _fingerprint(data) for uid, data in response.items()}
        return found

    def append(self, folder: str, raw: bytes, flags: tuple[str, ...]) -> None:
        with server_errors(self.server, self.account, folder):
            if not self.client.folder_exists(folder):
                self.client.create_folder(folder)
            self.client.append(folder, raw, flags=[flag.encode() for flag in flags])


def _batches(items: list[int], size: int = MOVE_BATCH) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _fingerprint(data: dict[bytes, Any]) -> str:
    """SHA-256 of the message's whole header and its size: the same bytes, the same print."""
    digest = hashlib.sha256(_part(data, b"BODY[HEADER]"))
    digest.update(str(data.get(b"RFC822.SIZE", "")).encode())
    return digest.hexdigest()


def _part(data: dict[bytes, Any], name: bytes) -> bytes:
    value = data.get(name)
    return bytes(value) if isinstance(value, (bytes, bytearray)) else b""


def _connect(server: Server) -> imapclient.IMAPClient:
    client = imapclient.IMAPClient(
        server.host,
        port=server.port,
        ssl=server.security == TLS,
        ssl_context=_tls_context() if server.security == TLS else None,
        timeout=TIMEOUT_SECONDS,
    )
    if server.security == STARTTLS:
        client.starttls(_tls_context())
    return client


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """The system's trusted certificates, loaded once (it takes tens of milliseconds), and only
    for a connection that uses TLS."""
    return ssl.create_default_context()


def _flags(data: dict[bytes, Any]) -> tuple[str, ...]:
    """The message's flags, without ``\\Recent`` (the server's own, per session)."""
    flags = (f.decode() if isinstance(f, bytes) else str(f) for f in data.get(b"FLAGS", ()))
    return tuple(sorted(flag for flag in flags if flag.lower() != "\\recent"))


def _header_bytes(data: dict[bytes, Any]) -> bytes:
    for key, value in data.items():
        if key.startswith(b"BODY[HEADER") and isinstance(value, bytes):
            return value
    return b""


@contextmanager
def server_errors(server: Server, account: str, folder: str = "") -> Iterator[None]:
    """Turns what an IMAP server or the network can do wrong into a plain ``MailError``."""
    try:
        yield
    except imapclient.exceptions.LoginError as error:
        raise MailError(
            "mail-login-failed",
            f"The mail server for {account} turned down the password. "
            f"Add the account again with the right one.",
        ) from error
    except (TimeoutError, ConnectionError, ssl.SSLError, OSError) as error:
        _LOGGER.info("IMAP %s: %s", server.spoken, error)
        raise MailError(
            "mail-server-down",
            f"I can't reach the mail server for {account} ({server.spoken}). "
            "Nothing was changed; I'll try again when you ask.",
        ) from error
    except imapclient.exceptions.IMAPClientAbortError as error:
        raise MailError(
            "mail-server-down",
            f"The mail server for {account} hung up on me. Nothing was lost; try again.",
        ) from error
    except imapclient.exceptions.IMAPClientError as error:
        _LOGGER.info("IMAP %s, %s: %s", server.spoken, folder, error)
        where = f" in the folder {folder}" if folder else ""
        raise MailError(
            "mail-folder-missing",
            f"The mail server for {account} couldn't do that{where}; the folder may have been "
            "removed or renamed. Nothing was lost.",
        ) from error

"""Setting up a mail account, by the same rules from the command line and the window.

A password is asked for only where a server needs one (IMAP; SMTP whose address names a user).
A Maildir that does not exist yet is made. Both servers are tried before anything is kept, and
the password goes straight to the keyring.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant.mail.accounts import (
    IMAP,
    MAILDIR,
    MBOX,
    Account,
    MailError,
    forget_password,
    password_for,
    store_password,
)
from assistant.mail.send import try_smtp
from assistant.mail.service import MailService, open_mailbox

MAILDIR_PARTS = ("new", "cur", "tmp")


@dataclass(frozen=True)
class ServerCheck:
    """One thing tried: reading mail, sending it, or the stored password."""

    what: str
    """ "incoming", "outgoing" or "password"."""
    ok: bool
    """True when it works."""
    detail: str
    """What was found, or what to do about it."""


def needs_password(account: Account) -> bool:
    """IMAP always logs in; SMTP only when its address names a user (smtp://me@host)."""
    return account.kind == IMAP or (account.smtp is not None and bool(account.smtp.user))


def prepare_local(account: Account) -> str:
    """Make a Maildir that is not there yet (its new, cur and tmp folders); say plainly when an
    mbox file is missing. Returns a note of what was made ("" when nothing was)."""
    path = account.path
    if path is None or path.exists():
        return ""
    if account.kind == MBOX:
        raise MailError("mail-no-mbox", f"There's no mbox file at {path}. Check the path.")
    return _make_maildir(path) if account.kind == MAILDIR else ""


def _make_maildir(path: Path) -> str:
    try:
        for part in MAILDIR_PARTS:
            (path / part).mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise MailError(
            "mail-maildir-unmade",
            f"I couldn't make a Maildir at {path} ({error.strerror}). Check the path.",
        ) from error
    return f"I made a new, empty Maildir at {path}."


def try_account(account: Account, password: str) -> None:
    """Log in to the mailbox and to the sending server once; a ``MailError`` says what is
    wrong (a bad password, a server that is not there, no encryption)."""
    open_mailbox(account, password).close()
    if account.smtp is not None:
        try_smtp(account, password)


def add_account(mail: MailService, account: Account, password: str = "") -> list[str]:
    """Check ``account`` works, then keep it (and its password, in the keyring). Returns
    what was done, in sentences."""
    if needs_password(account) and not password:
        raise MailError("mail-no-password", f"{account.name} needs its password.")
    made = prepare_local(account)
    try_account(account, password)
    if password:
        store_password(account.name, password)
    mail.add_account(account)
    sending = f", sending through {account.smtp.spoken}" if account.smtp else ""
    return [line for line in (made, f"Added {account.name}: {account.url}{sending}.") if line]


def check_account(account: Account) -> list[ServerCheck]:
    """The password in the keyring, the incoming server and the outgoing one, each tried."""
    checks: list[ServerCheck] = []
    password = ""
    if needs_password(account):
        try:
            password = password_for(account.name)
            checks.append(ServerCheck("password", True, "in the keyring"))
        except MailError as error:
            return [ServerCheck("password", False, error.message)]
    checks.append(_tried("incoming", lambda: open_mailbox(account, password).close()))
    if account.smtp is not None:
        checks.append(_tried("outgoing", lambda: try_smtp(account, password)))
    return checks


def _tried(what: str, attempt: Callable[[], None]) -> ServerCheck:
    try:
        attempt()
    except MailError as error:
        return ServerCheck(what, False, error.message)
    return ServerCheck(what, True, "ok")


def remove_account(mail: MailService, name: str) -> bool:
    """Forget the account, its cached mail headers and its password (no mail is touched);
    ``False`` when there is no such account."""
    removed = mail.cache.remove_account(name)
    forget_password(name)
    return removed

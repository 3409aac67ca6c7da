"""Mail accounts: where the mail is (IMAP, Maildir, mbox), where it is sent from (SMTP), and the
password, which lives only in the operating system's keyring.

URLs: ``imap://user@host[:port]`` (STARTTLS), ``imaps://user@host[:port]`` (TLS),
``maildir:/path``, ``mbox:/path``; for sending ``smtp://user@host[:port]`` (STARTTLS) or
``smtps://...``. Plain, unencrypted connections are allowed only to this machine (loopback), and
only when asked for.
"""

import ipaddress
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from assistant import secrets
from assistant.errors import AssistantError

KEYRING_SERVICE = "assistant-mail"
IMAP, MAILDIR, MBOX = "imap", "maildir", "mbox"
STARTTLS, TLS, PLAIN = "starttls", "tls", "plain"
_DEFAULT_PORTS = {("imap", STARTTLS): 143, ("imap", TLS): 993, ("imap", PLAIN): 143}
_DEFAULT_PORTS |= {("smtp", STARTTLS): 587, ("smtp", TLS): 465, ("smtp", PLAIN): 25}


class MailError(AssistantError):
    """Something about mail that the user can fix or retry, said plainly."""


@dataclass(frozen=True)
class Server:
    """An IMAP or SMTP server."""

    host: str
    port: int
    user: str
    security: str
    """``starttls``, ``tls``, or ``plain`` (loopback only)."""

    @property
    def spoken(self) -> str:
        return f"{self.host}:{self.port}"


@dataclass(frozen=True)
class Account:
    """One mail account, by the name the user gave it."""

    name: str
    url: str
    """As given, with no password in it."""
    kind: str
    """``imap``, ``maildir`` or ``mbox``."""
    server: Server | None = None
    """The IMAP server, for an IMAP account."""
    path: Path | None = None
    """The Maildir folder or mbox file, for a local account."""
    smtp_url: str = ""
    smtp: Server | None = None
    """Where mail is sent from; none means this account cannot send."""
    insecure_plain: bool = False


def parse_account(name: str, url: str, smtp_url: str = "", insecure_plain: bool = False) -> Account:
    """An account from its URLs, or a ``MailError`` that says what is wrong with them."""
    if not name.strip() or "/" in name:
        raise MailError("mail-bad-name", "An account needs a short name, like work or home.")
    scheme, _, rest = url.partition(":")
    scheme = scheme.lower()
    smtp = _server(smtp_url, "smtp", insecure_plain) if smtp_url else None
    if scheme in (MAILDIR, MBOX):
        path = Path(unquote(rest.removeprefix("//"))).expanduser()
        local = Account(name, url, scheme, path=path, smtp_url=smtp_url, smtp=smtp)
        return replace(local, insecure_plain=insecure_plain)
    if scheme in ("imap", "imaps"):
        server = _server(url, "imap", insecure_plain)
        return Account(name, url, IMAP, server, None, smtp_url, smtp, insecure_plain)
    raise MailError(
        "mail-bad-url",
        f"I don't know how to reach {url!r}. Use imap://user@host, imaps://user@host, "
        "maildir:/path or mbox:/path.",
    )


def _server(url: str, protocol: str, insecure_plain: bool) -> Server:
    parts = urlsplit(url)
    if parts.scheme.lower() not in (protocol, protocol + "s") or not parts.hostname:
        raise MailError("mail-bad-url", f"{url!r} isn't a {protocol}:// address with a host.")
    if parts.password:
        raise MailError(
            "mail-password-in-url",
            "Leave the password out of the address; I'll ask for it and keep it in the keyring.",
        )
    security = TLS if parts.scheme.lower().endswith("s") else STARTTLS
    if insecure_plain:
        if not _is_loopback(parts.hostname):
            raise MailError(
                "mail-plain-not-loopback",
                "Unencrypted mail connections are only allowed to this computer itself.",
            )
        security = PLAIN
    try:
        port = parts.port or _DEFAULT_PORTS[(protocol, security)]
    except ValueError as error:
        raise MailError("mail-bad-url", f"The port in {url!r} isn't a number.") from error
    return Server(parts.hostname, port, unquote(parts.username or ""), security)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def store_password(account: str, password: str) -> None:
    """Keep the password in the keyring, under the account's name."""
    try:
        secrets.keep(KEYRING_SERVICE, account, password)
    except secrets.KeyringUnavailable as error:
        raise MailError(
            "mail-no-keyring",
            "There's no keyring on this computer to keep the password safely, so I haven't "
            "added the account. Install or unlock one (GNOME Keyring, KWallet) and try again.",
        ) from error


def password_for(account: str) -> str:
    """The account's password from the keyring; a ``MailError`` if it is not there."""
    try:
        password = secrets.kept(KEYRING_SERVICE, account)
    except secrets.KeyringUnavailable as error:
        raise MailError(
            "mail-no-keyring", "I can't open the keyring to get your mail password."
        ) from error
    if password is None:
        raise MailError(
            "mail-no-password",
            f"I don't have the password for {account}. Add the account again to give it to me.",
        )
    return password


def forget_password(account: str) -> None:
    """Remove the password from the keyring, if it is there."""
    secrets.drop(KEYRING_SERVICE, account)

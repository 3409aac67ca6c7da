"""Drafts and sending: a letter built from dictation, sent over SMTP only after a yes."""

import logging
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import TYPE_CHECKING

from assistant.clock import Clock
from assistant.mail.accounts import PLAIN, TLS, Account, MailError, Server, password_for
from assistant.spoken import sentence

if TYPE_CHECKING:
    import smtplib

_LOGGER = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10.0
KEPT_DRAFT = "The draft is kept; say send it to try again."


@dataclass(frozen=True)
class Draft:
    """A letter being written."""

    to_name: str
    to_address: str
    subject: str
    body: str = ""
    in_reply_to: str = ""
    references: str = ""

    def adding(self, words: str) -> "Draft":
        """The draft with ``words`` added as a new sentence."""
        return replace(self, body=_joined(self.body, sentence(words)))

    def changing_last_sentence(self, words: str) -> "Draft":
        """The draft with its last sentence replaced by ``words``."""
        sentences = split_sentences(self.body)
        return replace(self, body=_joined(" ".join(sentences[:-1]), sentence(words)))


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text``, each with its closing mark."""
    sentences: list[str] = []
    current = ""
    for char in text:
        current += char
        if char in ".!?":
            sentences.append(current.strip())
            current = ""
    if current.strip():
        sentences.append(current.strip())
    return sentences


def _joined(first: str, second: str) -> str:
    return " ".join(part for part in (first.strip(), second) if part)


def from_address(account: Account) -> str:
    """The user's own address: the SMTP or IMAP login, when it is an address."""
    for server in (account.smtp, account.server):
        if server is not None and "@" in server.user:
            return server.user
    server = account.smtp or account.server
    if server is None:
        return "me@localhost"
    return f"{server.user or 'me'}@{server.host}"


def build_message(draft: Draft, account: Account, clock: Clock) -> EmailMessage:
    """The mail to send: To, Subject, Date, a Message-ID, and the reply headers."""
    message = EmailMessage()
    message["From"] = address(from_address(account))
    message["To"] = address(draft.to_address, draft.to_name)
    message["Subject"] = draft.subject
    message["Date"] = format_datetime(clock.now())
    message["Message-ID"] = make_msgid(domain=from_address(account).partition("@")[2] or None)
    if draft.in_reply_to:
        message["In-Reply-To"] = draft.in_reply_to
        message["References"] = " ".join(filter(None, (draft.references, draft.in_reply_to)))
    message.set_content(draft.body + "\n")
    return message


def address(addr_spec: str, name: str = "") -> Address:
    """The header form of ``name <addr_spec>``, quoted as the standard says (a name can never
    add or change an address); a ``MailError`` if ``addr_spec`` is not one plain address."""
    try:
        parsed = Address(display_name=" ".join(name.split()), addr_spec=addr_spec)
    except (ValueError, IndexError, HeaderParseError) as error:
        raise MailError(
            "mail-bad-address", f"{addr_spec!r} isn't an address I can send to."
        ) from error
    if not parsed.domain:
        raise MailError("mail-bad-address", f"{addr_spec!r} isn't an address I can send to.")
    return parsed


def recipients(message: EmailMessage) -> list[str]:
    """The addresses in the To header: exactly the ones that were read back."""
    return [a.addr_spec for a in message["To"].addresses]


def send(message: EmailMessage, account: Account) -> None:
    """Send over the account's SMTP server; a ``MailError`` that says why if it cannot be
    done (the server's own reply is logged, and shown under ``--debug``)."""
    try:
        with smtp_session(account) as smtp:
            smtp.send_message(message, to_addrs=recipients(message))
    except SmtpFailure as failure:
        raise MailError(
            "mail-send-failed", f"I couldn't send it: {failure.reason} {KEPT_DRAFT}"
        ) from failure


def try_smtp(account: Account, password: str | None = None) -> None:
    """Connect, greet and (where the server asks for it) log in, then leave: what sending
    would do, without sending anything. A ``MailError`` says what went wrong."""
    try:
        with smtp_session(account, password):
            pass
    except SmtpFailure as failure:
        raise MailError("mail-smtp-failed", f"Sending won't work: {failure.reason}") from failure


class SmtpFailure(MailError):
    """Talking to the SMTP server failed; ``reason`` says why, as a person can act on it."""

    def __init__(self, account: Account, error: BaseException) -> None:
        server = account.smtp
        assert server is not None
        _LOGGER.warning("SMTP %s for %s: %r", server.spoken, account.name, error)
        self.reason = _reason(server, error)
        super().__init__("mail-smtp-failed", self.reason)


@contextmanager
def smtp_session(account: Account, password: str | None = None) -> Iterator["smtplib.SMTP"]:
    """A connection to the account's SMTP server, encrypted as set and logged in where the
    server offers AUTH and the account names a user."""
    server = account.smtp
    if server is None:
        raise MailError("mail-no-smtp", f"The account {account.name} has no server to send from.")
    try:
        with _connected(server.host, server.port, server.security) as smtp:
            smtp.ehlo()  # the extensions (AUTH among them) are known only after EHLO
            if smtp.has_extn("auth") and server.user:
                _log_in(smtp, server.user, password or password_for(account.name))
            yield smtp
    except MailError:
        raise
    except Exception as error:
        raise SmtpFailure(account, error) from error


def _reason(server: Server, error: BaseException) -> str:
    """Why, for each kind of failure: nothing listening, no encryption, a refused address..."""
    import smtplib

    where = f"the mail server at {server.spoken}"
    reasons: list[tuple[type[BaseException], str]] = [
        (
            ConnectionRefusedError,
            f"nothing answered at {server.spoken}. Is the server running, "
            "and is that the right port?",
        ),
        (TimeoutError, f"{where} didn't answer in time."),
        (
            smtplib.SMTPNotSupportedError,
            f"{where} doesn't offer encryption (STARTTLS). If it "
            "runs on this computer, add the account again with --insecure-plain.",
        ),
        (ssl.SSLError, f"the encrypted connection to {where} failed: {_said(error)}."),
        (smtplib.SMTPRecipientsRefused, f"{where} refused the address it was for."),
        (smtplib.SMTPSenderRefused, f"{where} won't send from {_sender(error)}."),
        (smtplib.SMTPServerDisconnected, f"{where} hung up on me."),
        (smtplib.SMTPResponseException, f"{where} said: {_said(error)}."),
        (OSError, f"I couldn't reach {where} ({_said(error)})."),
    ]
    return next((said for kind, said in reasons if isinstance(error, kind)), f"{where} failed.")


def _said(error: BaseException) -> str:
    """The server's reply (or the system's message), as one short line."""
    import smtplib

    if isinstance(error, smtplib.SMTPResponseException):
        reply = error.smtp_error
        text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
        return f"{error.smtp_code} {' '.join(text.split())}"
    return " ".join(str(getattr(error, "strerror", None) or error).split()) or type(error).__name__


def _sender(error: BaseException) -> str:
    return str(getattr(error, "sender", "") or "this address")


def _log_in(smtp: "smtplib.SMTP", user: str, password: str) -> None:
    """AUTH, over the encrypted connection; a refused password (some servers hang up on
    one) is said plainly."""
    import smtplib

    try:
        smtp.login(user, password)
    except (smtplib.SMTPAuthenticationError, smtplib.SMTPServerDisconnected) as error:
        raise MailError(
            "mail-login-failed", "The mail server turned down the password, so nothing was sent."
        ) from error


def _connected(host: str, port: int, security: str) -> "smtplib.SMTP":
    import smtplib

    if security == TLS:
        return smtplib.SMTP_SSL(
            host, port, timeout=TIMEOUT_SECONDS, context=ssl.create_default_context()
        )
    smtp = smtplib.SMTP(host, port, timeout=TIMEOUT_SECONDS)
    if security != PLAIN:
        smtp.starttls(context=ssl.create_default_context())
    return smtp

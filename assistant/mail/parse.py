"""Readable text from any mail: a sender, a subject, a date and a plain body, however malformed.

Headers are decoded from RFC 2047 in any charset; a header that cannot be decoded is kept as it
came. The body is the first plain-text part, or the first HTML part turned into text (nothing
remote is ever fetched: only the text of the markup is kept). Attachments are named, not read.
"""

import email.header
import email.utils
import re
from dataclasses import dataclass, field
from datetime import datetime
from email.message import Message
from email.parser import BytesParser
from email.policy import compat32
from html.parser import HTMLParser

TRIAGE_HEADERS = (
    *("list-unsubscribe", "list-id", "precedence", "auto-submitted", "x-spam-flag"),
    *("x-spam-status", "x-spam-level", "in-reply-to", "references", "reply-to"),
)
"""The headers kept beside the readable fields, for triage and replies."""
READ_ALOUD_CHARS = 1200
"""How much of a body is read aloud before "there's more"."""


@dataclass(frozen=True)
class Letter:
    """One mail, as the assistant reads it."""

    message_id: str
    sender_name: str
    """The sender's name, or their address when the mail gives no name."""
    sender_address: str
    subject: str
    date: datetime | None
    body: str
    """The whole plain-text body."""
    to: tuple[str, ...] = ()
    """The addresses it was sent to."""
    attachments: tuple[str, ...] = ()
    """The names of attached files."""
    headers: dict[str, str] = field(default_factory=dict)
    """The ``TRIAGE_HEADERS`` present, by lowercase name."""

    @property
    def spoken_body(self) -> str:
        """The body for reading aloud: no quoted reply, no signature, no long whitespace."""
        return for_reading(self.body)


def parse_letter(raw: bytes) -> Letter:
    """The readable fields of ``raw``; never raises, whatever the bytes."""
    message = BytesParser(policy=compat32).parsebytes(raw)
    sender = header_text(message, "from") or loose_header(raw, "from")
    name, address = email.utils.parseaddr(sender)
    subject = header_text(message, "subject") or loose_header(raw, "subject")
    return Letter(
        message_id=header_text(message, "message-id").strip(),
        sender_name=name.strip() or address or sender.strip(),
        sender_address=address.lower(),
        subject=" ".join(subject.split()),
        date=_date(header_text(message, "date")),
        body=body_text(message),
        to=tuple(a.lower() for _, a in email.utils.getaddresses([header_text(message, "to")]) if a),
        attachments=tuple(attachment_names(message)),
        headers={h: header_text(message, h) for h in TRIAGE_HEADERS if message.get(h) is not None},
    )


def header_text(message: Message, name: str) -> str:
    """A header decoded from RFC 2047; as it came if it cannot be decoded; "" if absent."""
    value = message.get(name)
    return "" if value is None else decoded_words(str(value))


def decoded_words(text: str) -> str:
    """``text`` with its RFC 2047 encoded words decoded; as it came if they cannot be."""
    try:
        return str(email.header.make_header(email.header.decode_header(text)))
    except (LookupError, UnicodeError, ValueError, email.errors.HeaderParseError):
        return text


def loose_header(raw: bytes, name: str) -> str:
    """A header the parser missed (a space before the colon, lines before the headers), from
    the head of the raw mail; "" if there is none."""
    head = raw[:65536].split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
    found = re.search(rb"^" + name.encode() + rb"[ \t]*:[ \t]*(\S[^\r\n]*)", head, re.I | re.M)
    if found is None:
        return ""
    return decoded_words(found.group(1).decode("utf-8", errors="replace"))


def _date(text: str) -> datetime | None:
    try:
        return email.utils.parsedate_to_datetime(text) if text else None
    except (TypeError, ValueError, IndexError):
        return None


def body_text(message: Message) -> str:
    """The first plain-text part, or else the first HTML part as text; "" if neither."""
    plain = html = None
    for part in message.walk():
        if part.is_multipart() or _is_attachment(part):
            continue
        kind = part.get_content_type()
        if kind == "text/plain" and plain is None:
            plain = _decoded(part)
        elif kind == "text/html" and html is None:
            html = _decoded(part)
    if plain is not None and plain.strip():
        return plain.strip()
    return html_to_text(html).strip() if html else (plain or "").strip()


def attachment_names(message: Message) -> list[str]:
    """The file names of the attachments."""
    names = []
    for part in message.walk():
        if not part.is_multipart() and _is_attachment(part):
            filename = part.get_filename() or ""
            names.append(decoded_words(filename) or part.get_content_type())
    return names


def _is_attachment(part: Message) -> bool:
    disposition = str(part.get("content-disposition", "")).lower()
    return disposition.startswith("attachment") or (
        part.get_filename() is not None and not part.get_content_type().startswith("text/")
    )


def _decoded(part: Message) -> str:
    """A text part's payload as text: its charset, else UTF-8, with bad bytes replaced."""
    try:
        payload = part.get_payload(decode=True)
    except (ValueError, TypeError, AssertionError):
        payload = None
    if not isinstance(payload, bytes):
        raw = part.get_payload()
        return raw if isinstance(raw, str) else ""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except (LookupError, UnicodeError):
        return payload.decode("utf-8", errors="replace")


class _TextOfHtml(HTMLParser):
    """Keeps the text of an HTML document, with line breaks where blocks end."""

    SKIPPED = frozenset({"script", "style", "head", "title"})
    BLOCKS = frozenset({"p", "br", "div", "li", "tr", "h1", "h2", "h3", "h4", "table", "hr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIPPED:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.pieces.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.pieces.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.pieces.append(data)


def html_to_text(html: str) -> str:
    """The words of an HTML body, a line per block; no image or link is ever fetched."""
    parser = _TextOfHtml()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):
        pass
    lines = (" ".join(line.split()) for line in "".join(parser.pieces).splitlines())
    return "\n".join(line for line in lines if line)


_WROTE = re.compile(r"^(on .{3,200} wrote:|.{0,80} (a écrit|schrieb)\s*:)\s*$", re.IGNORECASE)
_FORWARD_OR_ORIGINAL = re.compile(r"^-{2,}\s*(original message|forwarded message)", re.I)


def for_reading(body: str) -> str:
    """The part of a body worth reading aloud: quoted replies and the signature are cut."""
    kept: list[str] = []
    for line in body.splitlines():
        stripped = line.strip()
        if stripped in ("--", "-- ") or line == "-- " or _FORWARD_OR_ORIGINAL.match(stripped):
            break
        if _WROTE.match(stripped):
            break
        if stripped.startswith(">"):
            continue
        kept.append(stripped)
    text = re.sub(r"\n{2,}", "\n", "\n".join(kept)).strip()
    return text if len(text) <= READ_ALOUD_CHARS else text[:READ_ALOUD_CHARS].rsplit(" ", 1)[0]

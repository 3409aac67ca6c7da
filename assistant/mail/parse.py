"""Readable text from any mail: a sender, a subject, a date and a plain body, however malformed.

Headers are decoded from RFC 2047 in any charset; a header that cannot be decoded is kept as it
came. The body is the first plain-text part, or the first HTML part turned into text (nothing
remote is ever fetched: only the text of the markup is kept). Attachments are named, not read.
"""

import email.header
import email.utils
import re
import unicodedata
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
SUBJECT_CHARS = 200
"""How much of a subject is kept and said: a 30 KB subject is not read out."""


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


class UnreadableMail(ValueError):
    """A mail whose parts are nested too deeply to take apart; its ``name`` says which."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def parse_letter(raw: bytes) -> Letter:
    """The readable fields of ``raw``, whatever the bytes; ``UnreadableMail`` only when its
    parts are nested too deeply to walk (hundreds of levels)."""
    try:
        return _letter(raw)
    except RecursionError:
        raise UnreadableMail(mail_name(raw)) from None


def mail_name(raw: bytes) -> str:
    """How a mail is named when it cannot be read: its subject and sender, from its head."""
    subject = bounded(loose_header(raw, "subject"), 80) or "no subject"
    head = BytesParser(policy=compat32).parsebytes(raw[:65536], headersonly=True)
    name, address = sender(head, raw)
    return f"“{subject}” from {name or address or 'an unknown sender'}"


def _letter(raw: bytes) -> Letter:
    message = BytesParser(policy=compat32).parsebytes(raw)
    name, address = sender(message, raw)
    subject = header_text(message, "subject") or loose_header(raw, "subject")
    return Letter(
        message_id=header_text(message, "message-id").strip(),
        sender_name=name,
        sender_address=address,
        subject=bounded(subject, SUBJECT_CHARS),
        date=_date(header_text(message, "date")),
        body=body_text(message),
        to=tuple(a for _, a in _addresses(_raw_header(message, "to"))),
        attachments=tuple(attachment_names(message)),
        headers={h: header_text(message, h) for h in TRIAGE_HEADERS if message.get(h) is not None},
    )


def sender(message: Message, raw: bytes) -> tuple[str, str]:
    """Who sent it: (name, address). The address comes from the header's structure before
    any decoding, so no name, encoded or not, can stand in for it; the name is said, never
    written to."""
    header = _raw_header(message, "from") or loose_header(raw, "from", decode=False)
    found = _addresses(header)
    if not found:
        return visible(decoded_words(header)), ""
    name, address = found[0]
    return _plain_name(visible(decoded_words(name))) or address, address


def _plain_name(name: str) -> str:
    """A display name without anything in it that looks like an address."""
    words = re.sub(r"<[^>]*>", " ", name).replace('"', " ").split()
    return " ".join(word for word in words if "@" not in word).strip(" ,;:'")


def _addresses(header: str) -> list[tuple[str, str]]:
    """The (name, address) pairs of an address header, lowercased addresses; none unreadable."""
    try:
        pairs = email.utils.getaddresses([header])
    except (ValueError, IndexError, TypeError):
        return []
    return [(name, visible(address).lower()) for name, address in pairs if "@" in address]


def _raw_header(message: Message, name: str) -> str:
    """A header as it came, raw UTF-8 (or Latin-1) bytes decoded, encoded words left as they
    are; "" if absent."""
    text = next((str(v) for k, v in message.raw_items() if k.lower() == name), None)
    if text is None:
        return ""
    try:
        raw = text.encode("ascii", "surrogateescape")
    except UnicodeEncodeError:
        return text
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def header_text(message: Message, name: str) -> str:
    """A header decoded from RFC 2047 (and raw UTF-8), with no control character left; as it
    came if it cannot be decoded; "" if absent."""
    return visible(decoded_words(_raw_header(message, name)))


def visible(text: str, keep: str = "") -> str:
    """``text`` without control or formatting characters (terminal escapes, direction
    overrides), which must never reach a terminal or a voice; whitespace in ``keep`` stays,
    other whitespace controls become spaces."""
    kept = []
    for char in text:
        if char in keep:
            kept.append(char)
        elif char in "\t\r\n\v\f":
            kept.append(" ")
        elif unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Co", "Cn"):
            kept.append(char)
    return "".join(kept)


def bounded(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word before ``limit`` characters (with "...")."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "..."


def decoded_words(text: str) -> str:
    """``text`` with its RFC 2047 encoded words decoded; as it came if they cannot be."""
    try:
        return str(email.header.make_header(email.header.decode_header(text)))
    except (LookupError, UnicodeError, ValueError, email.errors.HeaderParseError):
        return text


def loose_header(raw: bytes, name: str, decode: bool = True) -> str:
    """A header the parser missed (a space before the colon, lines before the headers), from
    the head of the raw mail; "" if there is none."""
    head = raw[:65536].split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
    found = re.search(rb"^" + name.encode() + rb"[ \t]*:[ \t]*(\S[^\r\n]*)", head, re.I | re.M)
    if found is None:
        return ""
    text = found.group(1).decode("utf-8", errors="replace")
    return visible(decoded_words(text)) if decode else text


def _date(text: str) -> datetime | None:
    try:
        return email.utils.parsedate_to_datetime(text) if text else None
    except (TypeError, ValueError, IndexError):
        return None


def body_text(message: Message) -> str:
    """The first plain-text part, or else the first HTML part as text; "" if neither; no
    control characters but line breaks."""
    text = _body(message).replace("\r\n", "\n")
    return visible(text, keep="\n").strip()


def _body(message: Message) -> str:
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
            names.append(visible(decoded_words(filename)) or part.get_content_type())
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
    """The part of a body worth reading aloud: quoted text, its "On ... wrote:" line and the
    signature are cut; what the sender wrote between or after quotes (an inline or
    bottom-posted reply) is kept."""
    lines = [line.strip() for line in body.splitlines()]
    kept: list[str] = []
    for index, stripped in enumerate(lines):
        if stripped == "--" or _FORWARD_OR_ORIGINAL.match(stripped):
            break
        if _WROTE.match(stripped):
            if not _quote_follows(lines[index + 1 :]):
                break  # the original follows unquoted: nothing after it is the sender's
            continue
        if not stripped.startswith(">"):
            kept.append(stripped)
    text = re.sub(r"\n{2,}", "\n", "\n".join(kept)).strip()
    return text if len(text) <= READ_ALOUD_CHARS else text[:READ_ALOUD_CHARS].rsplit(" ", 1)[0]


def _quote_follows(lines: list[str]) -> bool:
    """Whether the next line with text is quoted (starts with ">")."""
    return next((line for line in lines if line), "").startswith(">")

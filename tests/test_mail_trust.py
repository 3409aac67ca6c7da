"""Mail that can be trusted: replies go only to the address read back, headers cannot reach the
terminal or the voice with control characters, and sending logs in over STARTTLS. Against real
dovecot (IMAP) and aiosmtpd (SMTP, with TLS and an authenticator) on loopback."""

import shutil
from pathlib import Path

import pytest

from assistant.config import Paths
from assistant.mail.accounts import parse_account, store_password
from assistant.mail.parse import parse_letter
from assistant.runtime.assistant import Assistant
from assistant.runtime.pipeline import Pipeline
from harness.mailservers import (
    MAIL_FIXTURES,
    PASSWORD,
    Dovecot,
    SmtpSink,
    needs_dovecot,
    secure_smtp,
)
from tests.test_mail import open_with_account, said

CONTROLS = ("\x1b", "\x07", "\u202e", "\r")


def letter(name: str) -> bytes:
    return (MAIL_FIXTURES / name).read_bytes()


def local_box(tmp_path: Path, *names: str) -> Path:
    box = tmp_path / "Mail"
    for sub in ("new", "cur", "tmp"):
        (box / sub).mkdir(parents=True)
    for name in names:
        shutil.copy(MAIL_FIXTURES / name, box / "new" / name.replace(".", "_"))
    return box


def test_a_name_that_holds_an_address_never_becomes_the_address() -> None:
    dan = parse_letter(letter("dan_spoofed.eml"))
    assert (dan.sender_name, dan.sender_address) == ("Dan", "dan@example.com")
    eve = parse_letter(letter("eve_encoded_name.eml"))
    assert (eve.sender_name, eve.sender_address) == ("Eve", "eve@attacker.example")


def test_raw_utf_8_headers_read_as_written() -> None:
    jose = parse_letter(letter("jose_bottom_posted.eml"))
    assert jose.sender_name == "Jos\u00e9 N\u00fa\u00f1ez"
    assert jose.subject == "Caf\u00e9 con le\u00f1a"


def test_no_control_character_in_a_header_or_body_survives() -> None:
    eve = parse_letter(letter("eve_encoded_name.eml"))
    for text in (eve.subject, eve.sender_name, eve.body):
        assert not any(c in text for c in CONTROLS), repr(text)
    assert eve.subject.startswith("Invoice [2J]0;pwned")


@needs_dovecot
def test_a_reply_goes_only_to_the_address_read_back(
    tmp_path: Path, keyring_file: Path, dovecot: Dovecot, sink: SmtpSink
) -> None:
    with dovecot.client() as other:
        other.append("INBOX", letter("dan_spoofed.eml"))
        other.append("INBOX", letter("eve_encoded_name.eml"))
    with open_with_account(tmp_path / "home", dovecot, sink) as assistant:
        talk = assistant.conversation()
        told = said(talk, "do I have new mail")
        assert not any(c in told for c in CONTROLS)
        heard = said(talk, "read it")
        assert heard.startswith("From Dan, ")
        said(talk, "reply to him")
        said(talk, "thank you I will")
        plan = said(talk, "send it")
        assert plan.startswith("Send this to Dan at dan@example.com")
        assert said(talk, "yes") == "Sent to Dan."
    (_, recipients, message) = sink.received[0]
    assert recipients == ["dan@example.com"]
    assert [a.addr_spec for a in message["To"].addresses] == ["dan@example.com"]
    assert message["To"].addresses[0].display_name == "Dan"


def write_back_to_amy(talk: Pipeline) -> None:
    """Check, read Amy's mail, reply, and ask to send it (the plan waits for a yes)."""
    for text in ("do I have new mail", "read it", "reply to her", "see you on friday"):
        said(talk, text)
    assert said(talk, "send it").startswith("Send this to Amy Pond at amy@example.org")


def test_sending_logs_in_over_starttls_with_a_trusted_certificate(
    tmp_path: Path, keyring_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    box = local_box(tmp_path, "amy_lunch.eml")
    store_password("local", PASSWORD)
    home = Paths.resolve(str(tmp_path / "home"))
    with secure_smtp(tmp_path, monkeypatch) as secure_sink, Assistant(home) as assistant:
        assistant.mail.add_account(parse_account("local", f"maildir:{box}", secure_sink.url))
        talk = assistant.conversation()
        write_back_to_amy(talk)
        assert said(talk, "yes") == "Sent to Amy Pond."
    assert secure_sink.logins == ["rory"]
    (_, recipients, message) = secure_sink.received[0]
    assert recipients == ["amy@example.org"]
    assert message["Subject"] == "Re: Lunch on Friday? \u2615"
    sent = [p for p in (box / ".Sent").rglob("*") if p.is_file() and p.parent.name == "cur"]
    assert len(sent) == 1


def test_a_wrong_smtp_password_sends_nothing_and_says_so(
    tmp_path: Path, keyring_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    box = local_box(tmp_path, "amy_lunch.eml")
    store_password("local", "not-the-password")
    home = Paths.resolve(str(tmp_path / "home"))
    with secure_smtp(tmp_path, monkeypatch) as secure_sink, Assistant(home) as assistant:
        assistant.mail.add_account(parse_account("local", f"maildir:{box}", secure_sink.url))
        talk = assistant.conversation()
        write_back_to_amy(talk)
        result = talk.run_text("yes")
    assert result.failed is not None
    assert "turned down the password" in result.failed.message
    assert secure_sink.received == []

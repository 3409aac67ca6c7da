"""Setting up mail that cannot trip: no password where none is needed, every option kept for the
next process, a new Maildir made, a failed send that says why, and doctor trying both servers.
Real servers on loopback (aiosmtpd), real folders."""

import logging
from pathlib import Path

import pytest

from assistant.config import Paths
from assistant.frontends.cli import main
from assistant.mail.accounts import MailError, parse_account
from assistant.mail.send import Draft, build_message, send
from assistant.mail.setup import check_account, needs_password
from assistant.runtime.assistant import Assistant
from harness.mailservers import SmtpSink, free_port
from tests.conftest import FixedClock


def _draft() -> Draft:
    return Draft("Amy Pond", "amy@example.org", "Lunch", "See you at noon.")


def test_a_new_maildir_with_open_smtp_is_added_without_a_password_and_sends_later(
    tmp_path: Path, sink: SmtpSink, capsys: pytest.CaptureFixture[str]
) -> None:
    home, box = tmp_path / "home", tmp_path / "not yet" / "Mail"
    smtp = f"smtp://127.0.0.1:{sink.port}"
    args = ["--data-dir", str(home), "mail", "add", "local", f"maildir:{box}", "--smtp", smtp]
    assert main([*args, "--insecure-plain"]) == 0
    said = capsys.readouterr().out
    assert f"I made a new, empty Maildir at {box}." in said
    assert sorted(p.name for p in box.iterdir()) == ["cur", "new", "tmp"]
    with Assistant(Paths.resolve(str(home))) as again:
        account = again.mail.accounts()[0]
        assert account.insecure_plain
        send(build_message(_draft(), account, FixedClock()), account)
    assert [recipients for _, recipients, _ in sink.received] == [["amy@example.org"]]


def test_only_a_server_that_logs_in_needs_a_password(tmp_path: Path) -> None:
    local = parse_account("local", f"maildir:{tmp_path}", "smtp://127.0.0.1:2525", True)
    assert not needs_password(local)
    assert needs_password(parse_account("mine", f"maildir:{tmp_path}", "smtp://me@127.0.0.1"))
    assert needs_password(parse_account("work", "imaps://me@mail.example.org"))


def test_a_send_refused_for_want_of_encryption_says_what_to_do_and_logs_the_reply(
    sink: SmtpSink, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    account = parse_account("local", f"maildir:{tmp_path}", f"smtp://127.0.0.1:{sink.port}")
    caplog.set_level(logging.WARNING, logger="assistant.mail.send")
    with pytest.raises(MailError) as failed:
        send(build_message(_draft(), account, FixedClock()), account)
    assert "doesn't offer encryption (STARTTLS)" in failed.value.message
    assert "--insecure-plain" in failed.value.message
    assert f"SMTP 127.0.0.1:{sink.port} for local" in caplog.text
    assert sink.received == []


def test_a_send_to_nothing_listening_says_so(tmp_path: Path) -> None:
    port = free_port()
    account = parse_account("local", f"maildir:{tmp_path}", f"smtp://127.0.0.1:{port}", True)
    with pytest.raises(MailError) as failed:
        send(build_message(_draft(), account, FixedClock()), account)
    assert f"nothing answered at 127.0.0.1:{port}" in failed.value.message


def test_doctor_tries_the_incoming_and_the_outgoing_server(sink: SmtpSink, tmp_path: Path) -> None:
    for sub in ("new", "cur", "tmp"):
        (tmp_path / "Mail" / sub).mkdir(parents=True)
    open_smtp = f"smtp://127.0.0.1:{sink.port}"
    good = parse_account("good", f"maildir:{tmp_path / 'Mail'}", open_smtp, True)
    assert [(c.what, c.ok) for c in check_account(good)] == [("incoming", True), ("outgoing", True)]
    closed = f"smtp://127.0.0.1:{free_port()}"
    bad = parse_account("bad", f"maildir:{tmp_path / 'Mail'}", closed, True)
    checks = check_account(bad)
    assert [(c.what, c.ok) for c in checks] == [("incoming", True), ("outgoing", False)]
    assert "nothing answered" in checks[1].detail


def test_an_mbox_that_is_not_there_is_said_plainly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere.mbox"
    args = ["--data-dir", str(tmp_path / "home"), "mail", "add", "old", f"mbox:{missing}"]
    assert main(args) == 1
    assert f"There's no mbox file at {missing}." in capsys.readouterr().err

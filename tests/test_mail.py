"""Mail against real servers: dovecot (IMAP) and aiosmtpd (SMTP) on loopback, a Maildir, and the
shared corpus of real mail. Passwords live in a file-backed keyring in a temporary folder."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.config import Paths
from assistant.mail.accounts import MailError, parse_account, store_password
from assistant.mail.cache import INBOX
from assistant.mail.parse import parse_letter
from assistant.runtime.assistant import Assistant
from assistant.runtime.pipeline import Pipeline
from harness.mailservers import (
    MAIL_FIXTURES,
    PASSWORD,
    Dovecot,
    SmtpSink,
    needs_dovecot,
    shared_mail,
)

ROOT = Path(__file__).resolve().parent.parent
SHARED_MAIL = shared_mail()


def open_with_account(
    home: Path, dovecot: Dovecot, sink: SmtpSink | None = None, name: str = "home"
) -> Assistant:
    assistant = Assistant(Paths.resolve(str(home)))
    account = parse_account(name, dovecot.url, sink.url if sink else "", insecure_plain=True)
    store_password(name, PASSWORD)
    assistant.mail.add_account(account)
    return assistant


def said(talk: Pipeline, text: str) -> str:
    result = talk.run_text(text)
    assert result.failed is None, result.failed
    return result.reply


# Reading any mail.


def letter(name: str) -> bytes:
    return (MAIL_FIXTURES / name).read_bytes()


def test_a_person_s_mail_reads_without_its_quote_or_signature() -> None:
    amy = parse_letter(letter("amy_lunch.eml"))
    assert (amy.sender_name, amy.sender_address) == ("Amy Pond", "amy@example.org")
    assert amy.subject == "Lunch on Friday? \u2615"
    assert amy.spoken_body == (
        "Hi Rory,\nAre you free for lunch on Friday? The new place by the river opens at noon."
    )
    assert "Leadworth" in amy.body
    assert "Leadworth" not in amy.spoken_body


def test_html_only_mail_in_latin_1_reads_as_text_with_its_attachment_named() -> None:
    report = parse_letter(letter("catherine_report.eml"))
    assert report.sender_name == "Catherine H\u00f6gberg"
    assert report.body == "Dear Rory,\nThe report is attached. Caf\u00e9 numbers look good."
    assert "track()" not in report.body
    assert "pixel" not in report.body
    assert report.attachments == ("report-q3.pdf",)


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\x00\xff\xfe garbage",
        b"Subject: =?bogus-charset?q?x?=\n\nbody",
        b"From: \n",
        b"Content-Type: multipart/mixed; boundary=none\n\n--none\n",
        b"Content-Type: text/plain; charset=unknown-8\nSubject: hi\n\n\xe9t\xe9",
    ],
)
def test_malformed_mail_never_raises(raw: bytes) -> None:
    parsed = parse_letter(raw)
    assert isinstance(parsed.body, str)
    assert isinstance(parsed.subject, str)


@pytest.mark.skipif(not SHARED_MAIL.exists(), reason="../shared/data/mail is not here")
def test_every_mail_in_the_shared_corpus_parses() -> None:
    import mailbox
    import re

    has_header = re.compile(rb"^(from|subject)[ \t]*:[ \t]*\S", re.I | re.M)
    files = [p for p in sorted((SHARED_MAIL / "eml").rglob("*")) if p.is_file()]
    raws = [p.read_bytes() for p in files]
    raws += [m.as_bytes() for f in (SHARED_MAIL / "mbox").glob("*") for m in mailbox.mbox(f)]
    for folder in (SHARED_MAIL / "maildir").iterdir():
        raws += [m.as_bytes() for m in mailbox.Maildir(folder, create=False)]
    missing = []
    for raw in raws:
        parsed = parse_letter(raw)
        head = raw[:65536].split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
        if has_header.search(head) and not (parsed.sender_name or parsed.subject):
            missing.append(raw[:80])
    assert len(raws) > 900
    assert missing == []


# Accounts.


def test_account_urls_are_checked() -> None:
    account = parse_account("work", "imaps://me@mail.example", "smtp://me@mail.example")
    assert account.server is not None
    assert account.server.port == 993
    assert account.smtp is not None
    assert account.smtp.port == 587
    with pytest.raises(MailError, match="only allowed to this computer"):
        parse_account("work", "imap://me@mail.example", insecure_plain=True)
    with pytest.raises(MailError, match="Leave the password out"):
        parse_account("work", "imap://me:pw@mail.example")
    with pytest.raises(MailError, match="don't know how to reach"):
        parse_account("work", "pop3://me@mail.example")


# The conversation against dovecot and aiosmtpd.


@needs_dovecot
def test_new_mail_read_reply_and_send_by_text(
    tmp_path: Path, keyring_file: Path, dovecot: Dovecot, sink: SmtpSink
) -> None:
    with open_with_account(tmp_path / "home", dovecot, sink) as assistant:
        talk = assistant.conversation()
        told = said(talk, "do I have new mail")
        assert told.startswith("You have 5 unread emails: from Amy Pond, about Lunch on Friday?")
        heard = said(talk, "read the one from Amy")
        assert "Are you free for lunch on Friday?" in heard
        assert "Leadworth" not in heard
        assert said(talk, "reply to her") == "What would you like to say to Amy Pond?"
        draft = said(talk, "friday at noon is perfect see you there")
        assert draft.startswith('To Amy Pond: "Friday at noon is perfect see you there."')
        said(talk, "add I will book a table")
        plan = said(talk, "send it")
        assert plan.startswith("Send this to Amy Pond at amy@example.org")
        assert sink.received == []
        assert said(talk, "yes") == "Sent to Amy Pond."
    (sender, recipients, message) = sink.received[0]
    assert recipients == ["amy@example.org"]
    assert message["To"] == "Amy Pond <amy@example.org>"
    assert message["Subject"] == "Re: Lunch on Friday? \u2615"
    assert message["In-Reply-To"] == "<lunch-1@example.org>"
    assert message["References"] == "<plans-0@example.net> <lunch-1@example.org>"
    assert message.get_payload(decode=True).decode().strip() == (
        "Friday at noon is perfect see you there. I will book a table."
    )
    sent = {mid for mid, folder, _ in dovecot.snapshot() if folder == "Sent"}
    assert message["Message-ID"] in sent


@needs_dovecot
def test_clean_up_then_undo_leaves_the_mailbox_as_it_was(
    tmp_path: Path, keyring_file: Path, dovecot: Dovecot
) -> None:
    before = dovecot.snapshot()
    with open_with_account(tmp_path / "home", dovecot) as assistant:
        talk = assistant.conversation()
        plan = said(talk, "clean up my inbox")
        assert plan == (
            "I'd archive 2 newsletters and move one junk mail to Trash; "
            "one mail from people you write to I'd keep. Shall I?"
        )
        assert dovecot.snapshot() == before
        assert said(talk, "yes").startswith("Done: I moved 3 mails.")
        after = dovecot.snapshot()
        where = {mid: folder for mid, folder, _ in after}
        assert where["<won-99@lottery.example>"] == "Trash"
        assert where["<gw-2026-47@gardenweekly.example>"] == "Archive"
        assert where["<lunch-1@example.org>"] == "INBOX"
        assert said(talk, "undo") == "I put 3 mails back where they were."
    assert dovecot.snapshot() == before


@needs_dovecot
def test_a_second_check_fetches_only_what_changed(
    tmp_path: Path, keyring_file: Path, dovecot: Dovecot
) -> None:
    with open_with_account(tmp_path / "home", dovecot) as assistant:
        account = assistant.mail.account("home")
        with assistant.mail.opened(account) as mailbox:
            assert mailbox.sync(INBOX, assistant.mail.cache).fetched_headers == 5
            assert mailbox.sync(INBOX, assistant.mail.cache).fetched_headers == 0
        with dovecot.client() as other:
            other.append("INBOX", letter("sent_to_amy.eml"))
            other.select_folder("INBOX")
            other.add_flags(
                other.search(["HEADER", "Message-ID", "<build-812@ci.example>"]), [b"\\Seen"]
            )
        with assistant.mail.opened(account) as mailbox:
            report = mailbox.sync(INBOX, assistant.mail.cache)
        assert (report.fetched_headers, report.removed) == (1, 0)
        build = [m for m in assistant.mail.inbox() if m.message_id == "<build-812@ci.example>"]
        assert not build[0].unread


@needs_dovecot
def test_a_server_that_stops_is_said_plainly_and_the_next_try_works(
    tmp_path: Path, keyring_file: Path, dovecot: Dovecot
) -> None:
    with open_with_account(tmp_path / "home", dovecot) as assistant:
        talk = assistant.conversation()
        dovecot.stop()
        result = talk.run_text("do I have new mail")
        assert result.failed is not None
        assert "can't reach the mail server for home" in result.failed.message
        dovecot.start()
        assert said(talk, "do I have new mail").startswith("You have 5 unread emails")


@needs_dovecot
def test_a_wrong_password_is_refused_when_adding(
    tmp_path: Path, keyring_file: Path, dovecot: Dovecot
) -> None:
    done = run_cli(
        tmp_path,
        keyring_file,
        *("mail", "add", "home", dovecot.url, "--insecure-plain", "--password-env", "MAILPW"),
        extra_env={"MAILPW": "wrong"},
    )
    assert done.returncode == 1
    assert "turned down the password" in done.stderr
    listed = run_cli(tmp_path, keyring_file, "mail", "list")
    assert "No mail accounts yet" in listed.stderr


@needs_dovecot
def test_mail_deleted_elsewhere_during_clean_up_is_reported_and_nothing_is_lost(
    tmp_path: Path, keyring_file: Path, dovecot: Dovecot
) -> None:
    with open_with_account(tmp_path / "home", dovecot) as assistant:
        talk = assistant.conversation()
        said(talk, "clean up my inbox")
        with dovecot.client() as other:
            other.select_folder("INBOX")
            uids = other.search(["HEADER", "Message-ID", "<build-812@ci.example>"])
            other.move(uids, "Sent")
        done = said(talk, "yes")
        assert done.startswith("Done: I moved 2 mails. One had already been removed")
        said(talk, "undo")
    where = {mid: folder for mid, folder, _ in dovecot.snapshot()}
    assert where["<build-812@ci.example>"] == "Sent"
    assert where["<gw-2026-47@gardenweekly.example>"] == "INBOX"


def test_a_maildir_that_vanished_is_said_plainly(tmp_path: Path) -> None:
    box = tmp_path / "Mail"
    shutil.copytree(MAIL_FIXTURES, box / "new")
    for sub in ("cur", "tmp"):
        (box / sub).mkdir()
    with Assistant(Paths.resolve(str(tmp_path / "home"))) as assistant:
        assistant.mail.add_account(parse_account("local", f"maildir:{box}"))
        talk = assistant.conversation()
        count = len(list(MAIL_FIXTURES.iterdir()))
        assert said(talk, "do I have new mail").startswith(f"You have {count} unread emails")
        shutil.rmtree(box)
        result = talk.run_text("check my email")
        assert result.failed is not None
        assert "isn't at" in result.failed.message
        assert str(box) in result.failed.message


def test_maildir_clean_up_and_undo(tmp_path: Path) -> None:
    box = tmp_path / "Mail"
    (box / "new").mkdir(parents=True)
    for sub in ("cur", "tmp"):
        (box / sub).mkdir()
    for name in ("amy_lunch.eml", "newsletter_garden.eml", "spam_prize.eml"):
        shutil.copy(MAIL_FIXTURES / name, box / "new" / name.replace(".", "_"))
    before = sorted(p.read_bytes() for p in box.rglob("*") if p.is_file())
    with Assistant(Paths.resolve(str(tmp_path / "home"))) as assistant:
        assistant.mail.add_account(parse_account("local", f"maildir:{box}"))
        talk = assistant.conversation()
        assert said(talk, "clean up my inbox").startswith(
            "I'd archive one newsletter and move one junk mail to Trash"
        )
        assert said(talk, "yes").startswith("Done: I moved 2 mails.")
        trashed = [p for p in (box / ".Trash").rglob("*") if p.is_file() and "/." not in p.name]
        assert [p.read_bytes() for p in trashed if p.parent.name in ("new", "cur")] == [
            (MAIL_FIXTURES / "spam_prize.eml").read_bytes()
        ]
        assert said(talk, "undo") == "I put 2 mails back where they were."
    after = sorted(
        p.read_bytes() for p in box.rglob("*") if p.is_file() and "dovecot" not in p.name
    )
    assert [b for b in after if b.startswith(b"From:")] == before


# The command line, and secrets.


def run_cli(
    tmp_path: Path, keyring_file: Path, *args: str, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring",
        "XDG_DATA_HOME": str(keyring_file.parent.parent / "xdg"),
        **(extra_env or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args, "--data-dir", str(tmp_path / "home")],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,  # generous: speech is heard by two engines on a busy machine
    )


@needs_dovecot
def test_no_secret_is_written_anywhere_but_the_keyring(
    tmp_path: Path, keyring_file: Path, dovecot: Dovecot, sink: SmtpSink
) -> None:
    added = run_cli(
        tmp_path,
        keyring_file,
        *("mail", "add", "home", dovecot.url, "--smtp", sink.url, "--insecure-plain"),
        *("--password-env", "MAILPW"),
        extra_env={"MAILPW": PASSWORD},
    )
    assert added.returncode == 0, added.stderr
    asked = run_cli(
        tmp_path, keyring_file, "ask", "--json", "do I have new mail", "read it", "--debug"
    )
    assert "You have 5 unread emails" in asked.stdout
    doctor = run_cli(tmp_path, keyring_file, "doctor")
    assert "home (imap://rory@127.0.0.1" in doctor.stdout
    assert ": ok" in doctor.stdout
    outputs = [added.stdout, added.stderr, asked.stdout, asked.stderr, doctor.stdout]
    assert not any(PASSWORD in text for text in outputs)
    for path in (tmp_path / "home").rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path
    assert json.loads(asked.stdout.splitlines()[0])["type"] == "turn_started"


AUDIO = ROOT / "tests" / "fixtures" / "audio"


@needs_dovecot
@pytest.mark.audio
def test_the_mail_conversation_by_voice(
    tmp_path: Path, keyring_file: Path, dovecot: Dovecot, sink: SmtpSink
) -> None:
    added = run_cli(
        tmp_path,
        keyring_file,
        *("mail", "add", "home", dovecot.url, "--smtp", sink.url, "--insecure-plain"),
        *("--password-env", "MAILPW"),
        extra_env={"MAILPW": PASSWORD},
    )
    assert added.returncode == 0, added.stderr
    spoken = [
        *("cmd_do_i_have_new_mail.wav", "mail_read_the_one_from_amy.wav", "mail_reply_to_her.wav"),
        *("oog_the_cat_sat_on_the_mat.wav", "cmd_send_it.wav", "cmd_yes_please.wav"),
    ]
    done = run_cli(
        tmp_path, keyring_file, "listen", "--json", "--input-wav", *(str(AUDIO / f) for f in spoken)
    )
    events = [json.loads(line) for line in done.stdout.splitlines()]
    intents = [e["intent"] for e in events if e["type"] == "intent_recognised"]
    assert intents == [
        *("mail.check", "mail.read", "mail.reply", "mail.dictate", "mail.send", "system.confirm")
    ], done.stdout
    dictated = [e["text"] for e in events if e["type"] == "transcript"][3]
    assert dictated == "the cat sat on the mat"  # the words as spoken (oog_the_cat_sat_...)
    (_, recipients, message) = sink.received[0]
    assert recipients == ["amy@example.org"]
    assert message["In-Reply-To"] == "<lunch-1@example.org>"
    assert message["References"] == "<plans-0@example.net> <lunch-1@example.org>"
    body = message.get_payload(decode=True).decode().strip()
    assert body.lower().rstrip(".") == dictated
    assert len(sink.received) == 1


@needs_dovecot
@pytest.mark.audio
def test_clean_up_and_undo_by_voice(tmp_path: Path, keyring_file: Path, dovecot: Dovecot) -> None:
    before = dovecot.snapshot()
    added = run_cli(
        tmp_path,
        keyring_file,
        *("mail", "add", "home", dovecot.url, "--insecure-plain", "--password-env", "MAILPW"),
        extra_env={"MAILPW": PASSWORD},
    )
    assert added.returncode == 0, added.stderr
    spoken = ("cmd_clean_up_my_inbox.wav", "cmd_yes_please.wav")
    done = run_cli(
        tmp_path, keyring_file, "listen", "--json", "--input-wav", *(str(AUDIO / f) for f in spoken)
    )
    events = [json.loads(line) for line in done.stdout.splitlines()]
    assert [e["intent"] for e in events if e["type"] == "intent_recognised"] == [
        "mail.triage",
        "system.confirm",
    ]
    assert {mid: folder for mid, folder, _ in dovecot.snapshot()}[
        "<won-99@lottery.example>"
    ] == "Trash"
    spoken = ("cmd_undo_that.wav", "cmd_yes_please.wav")  # after a restart, undo asks first
    undone = run_cli(
        tmp_path, keyring_file, "listen", "--json", "--input-wav", *(str(AUDIO / f) for f in spoken)
    )
    replies = " ".join(e.get("text", "") for e in map(json.loads, undone.stdout.splitlines()))
    assert "The last change I can undo is the last clean-up of your mail" in replies
    assert "I put 3 mails back" in replies
    assert dovecot.snapshot() == before


@needs_dovecot
def test_new_mail_is_told_once_while_it_runs(
    tmp_path: Path, keyring_file: Path, dovecot: Dovecot
) -> None:
    from datetime import timedelta

    from tests.conftest import FIXED_NOW, FixedClock

    clock = FixedClock(FIXED_NOW)
    with Assistant(Paths.resolve(str(tmp_path / "home")), clock=clock) as assistant:
        store_password("home", PASSWORD)
        assistant.mail.add_account(parse_account("home", dovecot.url, insecure_plain=True))
        assert assistant.presence.to_say_now() == []  # the first look: nothing is news
        with dovecot.client() as other:
            other.append("INBOX", letter("sent_to_amy.eml"))
        assert assistant.presence.to_say_now() == []  # not time to look again yet
        clock.moment = FIXED_NOW + timedelta(minutes=3)
        assert assistant.presence.to_say_now() == ["New mail from Rory Williams, about Plans."]
        clock.moment = FIXED_NOW + timedelta(minutes=6)
        assert assistant.presence.to_say_now() == []


@needs_dovecot
def test_writing_to_a_name_two_people_share_asks_which(
    tmp_path: Path, keyring_file: Path, dovecot: Dovecot
) -> None:
    other_catherine = letter("newsletter_garden.eml").replace(
        b"From: Garden Weekly <news@gardenweekly.example>",
        b"From: Catherine Jones <cjones@example.com>",
    )
    with dovecot.client() as other:
        other.append("INBOX", other_catherine)
    with open_with_account(tmp_path / "home", dovecot) as assistant:
        talk = assistant.conversation()
        said(talk, "check my email")
        asked = said(talk, "write an email to Catherine")
        assert asked == (
            "Which Catherine: Catherine H\u00f6gberg at catherine@hogberg.example "
            "or Catherine Jones at cjones@example.com?"
        )
        assert said(talk, "the second one") == "What would you like to say to Catherine Jones?"
        assert said(talk, "see you soon").startswith('To Catherine Jones: "See you soon."')


def two_amys(tmp_path: Path) -> Assistant:
    """An assistant whose Maildir holds mail from Amy Pond at e.example and Amy Jones at
    gmail.example (the label "e" is a letter of many answers)."""
    box = tmp_path / "Mail"
    for sub in ("new", "cur", "tmp"):
        (box / sub).mkdir(parents=True)
    lunch = letter("amy_lunch.eml")
    for name, sender in (
        ("pond", b"Amy Pond <amy@e.example>"),
        ("jones", b"Amy Jones <amy@gmail.example>"),
    ):
        mail = lunch.replace(b"Amy Pond <amy@example.org>", sender)
        (box / "new" / name).write_bytes(mail.replace(b"<lunch-1@", f"<{name}@".encode()))
    assistant = Assistant(Paths.resolve(str(tmp_path / "home")))
    assistant.mail.add_account(parse_account("local", f"maildir:{box}"))
    return assistant


@pytest.mark.parametrize(
    ("answers", "picked"),
    [
        (["the second one"], "Amy Jones"),
        (["the gmail one"], "Amy Jones"),
        (["Amy Jones"], "Amy Jones"),
        (["amy at gmail dot example"], "Amy Jones"),
        (["the last one"], "Amy Jones"),
        (["the first one"], "Amy Pond"),
        (["amy@e.example"], "Amy Pond"),
        (["Amy", "Pond"], "Amy Pond"),
    ],
)
def test_which_amy_is_picked_by_whole_words(
    tmp_path: Path, answers: list[str], picked: str
) -> None:
    with two_amys(tmp_path) as assistant:
        talk = assistant.conversation()
        said(talk, "check my email")
        asked = said(talk, "write an email to Amy")
        assert asked == "Which Amy: Amy Pond at amy@e.example or Amy Jones at amy@gmail.example?"
        for answer in answers[:-1]:
            assert said(talk, answer) == asked
        assert said(talk, answers[-1]) == f"What would you like to say to {picked}?"


def test_a_mail_s_date_is_said_as_other_moments_are(tmp_path: Path) -> None:
    from tests.conftest import FIXED_NOW, FixedClock

    box = tmp_path / "Mail"
    for sub in ("new", "cur", "tmp"):
        (box / sub).mkdir(parents=True)
    shutil.copy(MAIL_FIXTURES / "amy_lunch.eml", box / "new" / "amy")
    clock = FixedClock(FIXED_NOW)
    with Assistant(Paths.resolve(str(tmp_path / "home")), clock=clock) as assistant:
        assistant.mail.add_account(parse_account("local", f"maildir:{box}"))
        talk = assistant.conversation()
        said(talk, "check my email")
        assert said(talk, "read it").startswith("From Amy Pond, on Thursday, about Lunch")
        clock.moment = FIXED_NOW.replace(month=12, day=30)
        assert said(talk, "read it").startswith(
            "From Amy Pond, on the 19th of November, about Lunch"
        )

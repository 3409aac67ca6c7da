"""Reading and acting on mail as a user would: reading marks a mail read (IMAP and Maildir),
replies written inline or below the quote are read in full, old mail is dated with its year,
a huge subject is not read out, "delete the junk mail" and "archive the newsletters" act on
what "clean up my inbox" counts, and new mail waits while a reply is being dictated."""

import hashlib
import shutil
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from assistant.config import Paths
from assistant.events import Reply
from assistant.mail.accounts import parse_account
from assistant.runtime.assistant import Assistant
from assistant.runtime.session import Session
from harness.mailservers import MAIL_FIXTURES, Dovecot, needs_dovecot
from tests.conftest import FIXED_NOW, FixedClock, Recorder
from tests.test_mail import open_with_account, said
from tests.test_mail_trust import local_box


def opened(tmp_path: Path, box: Path, clock: FixedClock | None = None) -> Assistant:
    assistant = Assistant(Paths.resolve(str(tmp_path / "home")), clock=clock)
    assistant.mail.add_account(parse_account("local", f"maildir:{box}"))
    return assistant


def digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
        if p.is_file() and p.parent.name in ("new", "cur")
    }


def test_reading_a_maildir_mail_marks_it_read_by_renaming_it_only(tmp_path: Path) -> None:
    box = local_box(tmp_path, "amy_lunch.eml", "newsletter_garden.eml")
    before = digests(box)
    with opened(tmp_path, box) as assistant:
        talk = assistant.conversation()
        assert said(talk, "do I have new mail").startswith("You have 2 unread emails")
        said(talk, "read the one from Amy")
        assert assistant.mail.unread()[0] == 1
        assert said(talk, "do I have new mail").startswith("You have one unread email")
    after = digests(box)
    assert after == {
        **{k: v for k, v in before.items() if "amy" not in k},
        "cur/amy_lunch_eml:2,S": before["new/amy_lunch_eml"],
    }


@needs_dovecot
def test_reading_an_imap_mail_marks_it_seen(
    tmp_path: Path, keyring_file: Path, dovecot: Dovecot
) -> None:
    with open_with_account(tmp_path / "home", dovecot) as assistant:
        talk = assistant.conversation()
        assert said(talk, "do I have new mail").startswith("You have 5 unread emails")
        said(talk, "read the one from Amy")
        assert assistant.mail.unread()[0] == 4
    flags = {mid: flags for mid, _, flags in dovecot.snapshot()}
    assert "\\Seen" in flags["<lunch-1@example.org>"]
    assert "\\Seen" not in flags["<gw-2026-47@gardenweekly.example>"]


def test_a_reply_below_or_between_quotes_is_read_in_full_and_old_mail_has_its_year(
    tmp_path: Path,
) -> None:
    box = local_box(tmp_path, "jose_bottom_posted.eml")
    with opened(tmp_path, box, FixedClock(FIXED_NOW)) as assistant:
        talk = assistant.conversation()
        said(talk, "do I have new mail")
        heard = said(talk, "read it")
    assert heard.startswith(
        "From Jos\u00e9 N\u00fa\u00f1ez, on the 14th of February 2011, about Caf\u00e9"
    )
    assert "Yes, at the caf\u00e9 by the station at ten." in heard
    assert "I will bring both maps." in heard
    assert "Shall we meet" not in heard
    assert "wrote:" not in heard


def test_a_huge_subject_is_not_read_out(tmp_path: Path) -> None:
    box = local_box(tmp_path)
    huge = b"Subject: " + b"win big " * 4000 + b"\n"
    raw = (MAIL_FIXTURES / "amy_lunch.eml").read_bytes()
    raw = b"\n".join(huge.rstrip() if x.startswith(b"Subject:") else x for x in raw.split(b"\n"))
    (box / "new" / "huge").write_bytes(raw)
    with opened(tmp_path, box) as assistant:
        talk = assistant.conversation()
        told = said(talk, "do I have new mail")
        heard = said(talk, "read it")
    assert told.startswith("You have one unread email: from Amy Pond, about win big win big")
    assert len(told) < 400
    assert len(heard) < 1800


def test_delete_the_junk_and_archive_the_newsletters_act_on_what_clean_up_counts(
    tmp_path: Path,
) -> None:
    names = ("amy_lunch.eml", "newsletter_garden.eml", "notification_build.eml", "spam_prize.eml")
    box = local_box(tmp_path, *names)
    before = digests(box)
    with opened(tmp_path, box) as assistant:
        counted = said(assistant.conversation(), "clean up my inbox")
        assert counted.startswith("I'd archive 2 newsletters and move one junk mail to Trash")
        talk = assistant.conversation()
        assert said(talk, "delete the junk mail") == (
            "I'd move to Trash one mail that look like junk. Shall I?"
        )
        assert said(talk, "yes").startswith("Done: I moved one mail.")
        assert said(talk, "archive the newsletters") == (
            "I'd archive 2 mails that look like newsletters. Shall I?"
        )
        assert said(talk, "yes").startswith("Done: I moved 2 mails.")
    assert digests(box / ".Trash") == {"new/spam_prize_eml": before["new/spam_prize_eml"]}
    assert sorted(digests(box / ".Archive")) == [
        "new/newsletter_garden_eml",
        "new/notification_build_eml",
    ]


def test_new_mail_waits_while_a_reply_is_dictated(tmp_path: Path) -> None:
    clock = FixedClock(FIXED_NOW)
    box = local_box(tmp_path, "amy_lunch.eml")
    with opened(tmp_path, box, clock) as assistant:
        recorder = Recorder()
        assistant.bus.subscribe(recorder)
        session = Session(assistant)
        session.start()
        try:
            for text in ("do I have new mail", "read it", "reply to her"):
                session.say(text)
            wait_for(lambda: len(recorder.of(Reply)) == 3)
            shutil.copy(MAIL_FIXTURES / "dan_spoofed.eml", box / "new" / "dan")
            clock.moment += timedelta(minutes=3)
            ran(session, session.speak_first)
            assert len(recorder.of(Reply)) == 3
            session.say("see you on friday")
            ran(session, session.speak_first)
            wait_for(lambda: len(recorder.of(Reply)) == 5)
        finally:
            session.close()
    replies = [r.text for r in recorder.of(Reply)]
    assert replies[3].startswith('To Amy Pond: "See you on friday."')
    assert replies[4] == "New mail from Dan, about The spare key."


def ran(session: Session, job: Callable[[], None]) -> None:
    """Run ``job`` on the session's worker and wait until it has run."""
    done = threading.Event()
    session.run_soon(job)
    session.run_soon(done.set)
    assert done.wait(60)


def wait_for(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 60
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)

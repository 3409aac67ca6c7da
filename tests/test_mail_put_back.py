"""What an undo puts back is not news: after a clean-up and its undo, the mail back in the
inbox is not told as new (over IMAP, where it comes back under new UIDs, and in a Maildir), and
undoing "that's junk" still makes the filter forget it. Against real dovecot on loopback, a
Maildir, and a real SpamAssassin."""

import subprocess
from pathlib import Path

from assistant.config import Paths
from assistant.mail.accounts import parse_account
from assistant.mail.junk_filter import FOLDER, WORDLIST
from assistant.runtime.assistant import Assistant
from harness.mailservers import MAIL_FIXTURES, Dovecot, needs_dovecot
from tests.test_mail import open_with_account, said
from tests.test_mail_junk import needs_bogofilter
from tests.test_mail_trust import local_box

CLEANED = ("newsletter_garden.eml", "spam_prize.eml", "amy_lunch.eml", "notification_build.eml")


def clean_up_and_undo(assistant: Assistant) -> None:
    talk = assistant.conversation()
    said(talk, "do I have new mail")
    assert said(talk, "clean up my inbox").startswith("I'd archive")
    assert said(talk, "yes").startswith("Done: I moved")
    assert said(talk, "undo").startswith("I put")


@needs_dovecot
def test_mail_an_undo_put_back_over_imap_is_not_new(
    tmp_path: Path, keyring_file: Path, dovecot: Dovecot
) -> None:
    with open_with_account(tmp_path / "home", dovecot) as assistant:
        clean_up_and_undo(assistant)
        assert assistant.mail.check().new == []
        assert assistant.presence.to_say_now() == []
        with dovecot.client() as other:
            other.append("INBOX", (MAIL_FIXTURES / "offer_teak.eml").read_bytes())
        assert [m.subject for m in assistant.mail.check().new] == [
            "FREE delivery ends tonight: teak loungers 70% off"
        ]


def test_mail_an_undo_put_back_in_a_maildir_is_not_new(tmp_path: Path) -> None:
    box = local_box(tmp_path, *CLEANED)
    with Assistant(Paths.resolve(str(tmp_path / "home"))) as assistant:
        assistant.mail.add_account(parse_account("local", f"maildir:{box}"))
        clean_up_and_undo(assistant)
        assert assistant.mail.check().new == []
        (box / "new" / "offer").write_bytes((MAIL_FIXTURES / "offer_teak.eml").read_bytes())
        assert len(assistant.mail.check().new) == 1


def learned_spam(folder: Path) -> int:
    """How many mails bogofilter's word list in ``folder`` has learned as junk."""
    dumped = subprocess.run(
        ["bogoutil", "-d", str(folder / WORDLIST)], capture_output=True, check=True
    ).stdout
    (line,) = [line for line in dumped.splitlines() if line.startswith(b".MSG_COUNT ")]
    return int(line.split()[1])


@needs_dovecot
@needs_bogofilter
def test_undoing_that_s_junk_after_a_clean_up_and_its_undo_forgets_it_over_imap(
    tmp_path: Path, keyring_file: Path, dovecot: Dovecot
) -> None:
    store = tmp_path / "home" / FOLDER
    with open_with_account(tmp_path / "home", dovecot) as assistant:
        talk = assistant.conversation()
        said(talk, "do I have new mail")
        said(talk, "clean up my inbox")  # the word list is made
        said(talk, "no")
        before = learned_spam(store)
        said(talk, "read the email from garden weekly")
        assert said(talk, "that's junk").startswith("Noted: the mail from Garden Weekly")
        assert learned_spam(store) == before + 1
        assert said(talk, "clean up my inbox").startswith("I'd")
        assert said(talk, "yes").startswith("Done: I moved")
        assert said(talk, "undo").startswith("I put")
        assert said(talk, "undo").startswith("The last change I can undo is marking the mail")
        assert said(talk, "yes").startswith("I've forgotten that the mail from Garden Weekly")
        assert learned_spam(store) == before

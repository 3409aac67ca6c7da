"""Junk where no upstream filter has judged: SpamAssassin (spamd on loopback, local tests only)
judges it, the clean-up moves it to Trash, and mail from people the user writes to is kept
whatever the filter says. The figure on the shared corpus is in ``scripts/bench mail``."""

from pathlib import Path

import pytest

from assistant.app import Assistant
from assistant.config import Paths
from assistant.mail.accounts import parse_account
from assistant.mail.spam import spamd_binary
from tests.mail_faults import add_sent
from tests.mailservers import MAIL_FIXTURES
from tests.test_mail import said
from tests.test_mail_trust import local_box

needs_spamd = pytest.mark.skipif(
    spamd_binary() is None, reason="SpamAssassin's spamd is not installed (scripts/setup does it)"
)


@needs_spamd
def test_junk_no_filter_marked_goes_to_trash_but_a_person_s_mail_is_kept(tmp_path: Path) -> None:
    box = local_box(tmp_path, "bank_phish.eml", "amy_lunch.eml", "catherine_report.eml")
    phish = (MAIL_FIXTURES / "bank_phish.eml").read_bytes()
    from_amy = phish.replace(
        b'From: "Account Security" <security-alert8812@secure-bank-verify.example>',
        b"From: Amy Pond <amy@example.org>",
    )
    (box / "new" / "amy_forwarded").write_bytes(from_amy)
    add_sent(box / ".Sent")
    with Assistant(Paths.resolve(str(tmp_path / "home"))) as assistant:
        assistant.mail.add_account(parse_account("local", f"maildir:{box}"))
        talk = assistant.conversation()
        assert said(talk, "clean up my inbox") == (
            "I'd move one junk mail to Trash; 2 mails from people you write to I'd keep. Shall I?"
        )
        assert said(talk, "yes").startswith("Done: I moved one mail.")
    trashed = [p.read_bytes() for p in (box / ".Trash" / "new").iterdir()]
    assert trashed == [phish]
    kept = sorted(p.name for p in (box / "new").iterdir())
    assert kept == ["amy_forwarded", "amy_lunch_eml", "catherine_report_eml"]

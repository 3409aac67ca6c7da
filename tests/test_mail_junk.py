"""Junk where no upstream filter has judged: SpamAssassin (spamd on loopback, local tests only)
judges it, the clean-up moves it to Trash, and mail from people the user writes to is kept
whatever the filter says. The figure on the shared corpus is in ``scripts/bench mail``."""

import hashlib
import json
import subprocess
from pathlib import Path

import pytest

from assistant.config import Paths
from assistant.mail.accounts import parse_account
from assistant.mail.bayes import DUMP, RECORD, BayesError, ready_store, verified_dump
from assistant.mail.junk_filter import bogofilter_binary
from assistant.mail.spam import spamd_binary
from assistant.runtime.assistant import Assistant
from harness.mail_faults import add_sent
from harness.mailservers import MAIL_FIXTURES
from tests.test_mail import said
from tests.test_mail_trust import local_box

needs_spamd = pytest.mark.skipif(
    spamd_binary() is None, reason="SpamAssassin's spamd is not installed (scripts/setup does it)"
)
needs_bogofilter = pytest.mark.skipif(
    bogofilter_binary() is None, reason="bogofilter is not installed (scripts/setup does it)"
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


def test_the_shipped_bayes_database_is_checked_and_restored(tmp_path: Path) -> None:
    record = json.loads(RECORD.read_text())
    assert hashlib.sha256(DUMP.read_bytes()).hexdigest() == record["sha256"]
    cache = tmp_path / "cache"
    cache.mkdir()
    store = ready_store(tmp_path / "spamassassin", cache=cache)
    assert store is not None
    counts = _magic(store)
    assert counts["nspam"] == sum(n for g, n in record["learned"].items() if "spam" in g)
    assert counts["nham"] == sum(n for g, n in record["learned"].items() if "ham" in g)
    assert counts["ntokens"] == record["tokens"]
    kept = [p.name for p in cache.iterdir()]
    assert kept == [f"bayes-{record['sha256'][:16]}"]
    another = ready_store(tmp_path / "another", cache=cache)
    assert another is not None
    assert _magic(another) == counts


def test_a_dump_that_fails_its_checksum_is_not_restored(tmp_path: Path) -> None:
    damaged = bytearray(DUMP.read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF
    (tmp_path / "bayes.gz").write_bytes(bytes(damaged))
    with pytest.raises(BayesError, match="not the recorded"):
        verified_dump(tmp_path / "bayes.gz", RECORD)
    home, cache = tmp_path / "spamassassin", tmp_path / "cache"
    cache.mkdir()
    assert ready_store(home, tmp_path / "bayes.gz", RECORD, cache) is None
    assert not (home / "bayes").exists()
    assert not list(cache.iterdir())


@needs_spamd
def test_a_mail_the_user_calls_junk_teaches_the_filter_and_undo_forgets(tmp_path: Path) -> None:
    box = local_box(tmp_path, "offer_teak.eml")
    offer = (MAIL_FIXTURES / "offer_teak.eml").read_bytes()
    again = offer.replace(b"preview-8841", b"preview-9907").replace(b"opens today", b"ends Sunday")
    with Assistant(Paths.resolve(str(tmp_path / "home"))) as assistant:
        assistant.mail.add_account(parse_account("local", f"maildir:{box}"))
        talk = assistant.conversation()
        assert said(talk, "clean up my inbox").startswith("Your inbox looks tidy")
        said(talk, "read my new emails")
        said(talk, "read it")
        assert said(talk, "that's junk").startswith(
            "Noted: the mail from Harbour Lane Outlet, about FREE delivery ends tonight: teak "
            "loungers 70% off is junk."
        )
        (box / "new" / "offer_again").write_bytes(again)
        assert said(talk, "clean up my inbox").startswith("I'd move 2 junk mails to Trash")
        said(talk, "no")
        assert said(talk, "undo").startswith("I've forgotten that the mail from Harbour Lane")
        assert said(talk, "clean up my inbox").startswith("I'd move one junk mail to Trash")


@needs_spamd
def test_the_user_s_not_junk_stands_over_the_filter(tmp_path: Path) -> None:
    box = local_box(tmp_path, "bank_phish.eml")
    with Assistant(Paths.resolve(str(tmp_path / "home"))) as assistant:
        assistant.mail.add_account(parse_account("local", f"maildir:{box}"))
        talk = assistant.conversation()
        assert said(talk, "do I have new mail").startswith("You have one unread email")
        said(talk, "read it")
        assert said(talk, "this is not spam").endswith(
            "is not junk. I'll keep it, and learn from it."
        )
        assert said(talk, "clean up my inbox").startswith("Your inbox looks tidy")


def _magic(store: Path) -> dict[str, int]:
    """The counts ``sa-learn --dump magic`` gives: nspam, nham, ntokens."""
    shown = subprocess.run(
        ["sa-learn", f"--dbpath={store}", "--dump", "magic"], capture_output=True, check=True
    ).stdout.decode()
    counts = {}
    for line in shown.splitlines():
        fields = line.split()
        if len(fields) >= 4 and fields[-1] in ("nspam", "nham", "ntokens"):
            counts[fields[-1]] = int(fields[2])
    return counts


@needs_spamd
def test_mail_from_someone_the_user_writes_to_is_kept_even_when_called_junk(
    tmp_path: Path,
) -> None:
    box = local_box(tmp_path, "amy_lunch.eml")
    add_sent(box / ".Sent")
    with Assistant(Paths.resolve(str(tmp_path / "home"))) as assistant:
        assistant.mail.add_account(parse_account("local", f"maildir:{box}"))
        talk = assistant.conversation()
        assert said(talk, "do I have new mail").startswith("You have one unread email")
        said(talk, "read it")
        assert "someone you write to, so I keep it" in said(talk, "that's junk")
        assert said(talk, "clean up my inbox").startswith("Your inbox looks tidy")

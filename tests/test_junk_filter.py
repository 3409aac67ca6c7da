"""Junk by bogofilter: the shipped word list is checked and loaded, every mail no filter has
judged is judged at one clean-up (not only the newest hundred), and what it is unsure of is
left for SpamAssassin. Against a real bogofilter and the shared corpus of real mail."""

import json
import shutil
from pathlib import Path

import pytest

from assistant.config import Paths
from assistant.mail.accounts import parse_account
from assistant.mail.junk_filter import (
    DUMP,
    RECORD,
    SURE,
    JunkFilterError,
    ready_filter,
    verified_dump,
)
from assistant.mail.spam import VERDICT_HEADER
from assistant.runtime.assistant import Assistant
from harness.mailservers import MAIL_FIXTURES, shared_mail
from tests.test_mail_junk import needs_bogofilter

SHARED = shared_mail()


@needs_bogofilter
def test_the_shipped_word_list_is_checked_and_loaded(tmp_path: Path) -> None:
    record = json.loads(RECORD.read_text())
    assert len(verified_dump().splitlines()) == record["tokens"]
    junk = ready_filter(tmp_path)
    assert junk is not None
    assert junk.cutoff == record["spam_cutoff"] < SURE
    assert ready_filter(tmp_path) == junk  # loaded once, then the user's own


def test_a_dump_that_fails_its_checksum_is_not_loaded(tmp_path: Path) -> None:
    altered = tmp_path / "bogofilter.gz"
    packed = bytearray(DUMP.read_bytes())
    packed[len(packed) // 2] ^= 0xFF
    altered.write_bytes(bytes(packed))
    with pytest.raises(JunkFilterError):
        verified_dump(altered, RECORD)
    assert ready_filter(tmp_path / "home", altered, RECORD) is None
    assert not (tmp_path / "home" / "bogofilter").exists()


@needs_bogofilter
@pytest.mark.skipif(not SHARED.exists(), reason="../shared/data/mail is not here")
def test_sure_spam_is_junk_a_person_s_mail_is_not_and_the_unsure_are_left(
    tmp_path: Path,
) -> None:
    junk = ready_filter(tmp_path)
    assert junk is not None
    spam = sorted((SHARED / "eml" / "spamassassin-publiccorpus" / "spam").iterdir())[:20]
    verdicts = junk.verdicts([p.read_bytes() for p in spam])
    assert sum(v.startswith("yes bogofilter") for v in verdicts) >= 15
    for verdict in filter(None, verdicts):
        said, _, score = verdict.split()
        assert (said == "yes") == (float(score) >= SURE)
        assert (said == "no") == (float(score) < junk.cutoff)
    (person,) = junk.verdicts([(MAIL_FIXTURES / "jose_bottom_posted.eml").read_bytes()])
    assert person.startswith("no bogofilter")


@needs_bogofilter
def test_a_clean_up_judges_every_mail_not_only_the_newest_hundred(tmp_path: Path) -> None:
    box = tmp_path / "Mail"
    for sub in ("new", "cur", "tmp"):
        (box / sub).mkdir(parents=True)
    letter = (MAIL_FIXTURES / "jose_bottom_posted.eml").read_bytes()
    for n in range(250):
        (box / "new" / f"m{n}").write_bytes(
            letter.replace(b"Message-ID: <", b"Message-ID: <%d." % n)
        )
    shutil.copy(MAIL_FIXTURES / "amy_lunch.eml", box / "new" / "amy")
    with Assistant(Paths.resolve(str(tmp_path / "home"))) as assistant:
        assistant.mail.add_account(parse_account("local", f"maildir:{box}"))
        assistant.mail.check()
        assistant.mail.plan_cleanup()
        verdicts = [m.headers.get(VERDICT_HEADER, "") for m in assistant.mail.inbox()]
    assert len(verdicts) == 251
    assert all(v.startswith("no bogofilter") for v in verdicts), set(verdicts)

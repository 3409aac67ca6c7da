"""One mail that cannot be parsed (300+ nested multipart levels in a few KB) is skipped and
named; every other mail of its Maildir or mbox is still checked, read and cleaned up."""

import mailbox
import shutil
from pathlib import Path

import pytest

from assistant.config import Paths
from assistant.mail.accounts import parse_account
from assistant.runtime.assistant import Assistant
from harness.mailservers import MAIL_FIXTURES
from tests.test_mail import run_cli, said

OTHERS = ("amy_lunch.eml", "newsletter_garden.eml", "spam_prize.eml")
DEEP_SUBJECT = "Russian dolls"


def nested_mail(depth: int) -> bytes:
    """A small mail whose parts are nested ``depth`` levels deep."""
    head = (
        b"From: Dolls <dolls@nest.example>\nTo: rory@home.example\n"
        b"Subject: " + DEEP_SUBJECT.encode() + b"\nMessage-ID: <dolls@nest.example>\n"
        b"Date: Mon, 07 Dec 2026 08:00:00 +0000\nMIME-Version: 1.0\n"
    )
    opening = b"".join(
        b'Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n' % (i, i) for i in range(depth)
    )
    closing = b"".join(b"--b%d--\n" % i for i in reversed(range(depth)))
    return head + opening + b"Content-Type: text/plain\n\nhello\n" + closing


def maildir_with_deep_mail(tmp_path: Path, depth: int) -> Path:
    box = tmp_path / "Mail"
    for sub in ("new", "cur", "tmp"):
        (box / sub).mkdir(parents=True)
    for name in OTHERS:
        shutil.copy(MAIL_FIXTURES / name, box / "new" / name.replace(".", "_"))
    (box / "new" / "dolls").write_bytes(nested_mail(depth))
    return box


def mbox_with_deep_mail(tmp_path: Path, depth: int) -> Path:
    path = tmp_path / "mail.mbox"
    box = mailbox.mbox(path)
    for raw in [*((MAIL_FIXTURES / n).read_bytes() for n in OTHERS), nested_mail(depth)]:
        box.add(raw)
    box.flush()
    return path


def test_the_deep_mail_is_small() -> None:
    assert len(nested_mail(300)) < 19_500


@pytest.mark.parametrize(("depth", "readable"), [(300, True), (2000, False)])
@pytest.mark.parametrize("kind", ["maildir", "mbox"])
def test_mail_check_skips_and_names_the_mail_it_cannot_read(
    tmp_path: Path, keyring_file: Path, kind: str, depth: int, readable: bool
) -> None:
    made = maildir_with_deep_mail if kind == "maildir" else mbox_with_deep_mail
    path = made(tmp_path, depth)
    added = run_cli(tmp_path, keyring_file, "mail", "add", "local", f"{kind}:{path}")
    assert added.returncode == 0, added.stderr
    checked = run_cli(tmp_path, keyring_file, "mail", "check")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith(f"{len(OTHERS) + readable} unread")
    assert (DEEP_SUBJECT in checked.stderr) != readable, checked.stderr
    assert "Traceback" not in checked.stderr


def test_the_other_mails_are_read_and_cleaned_up(tmp_path: Path) -> None:
    box = maildir_with_deep_mail(tmp_path, 2000)
    with Assistant(Paths.resolve(str(tmp_path / "home"))) as assistant:
        assistant.mail.add_account(parse_account("local", f"maildir:{box}"))
        talk = assistant.conversation()
        heard = said(talk, "do I have new mail")
        assert heard.startswith(f"You have {len(OTHERS)} unread emails"), heard
        assert f"I skipped a mail I can't read: “{DEEP_SUBJECT}” from Dolls." in heard
        assert said(talk, "clean up my inbox").startswith("I'd archive one newsletter")
        assert said(talk, "yes").startswith("Done: I moved 2 mails.")
    assert (box / "new" / "dolls").read_bytes() == nested_mail(2000)

"""Clean-up and undo touch exactly the mail they moved: after a SIGKILL at any moment, undo
after a restart restores every message's folder, flags and bytes; unrelated mail (even without
a Message-ID) is never touched; a Maildir file is renamed between folders, never rewritten.
Against a real dovecot, real Maildirs and the shared corpus of real list mail."""

import shutil
from pathlib import Path

import pytest

from assistant.config import Paths
from assistant.mail.accounts import parse_account
from assistant.runtime.assistant import Assistant
from harness.mail_faults import (
    add_sent,
    cli,
    cli_env,
    fill_maildir,
    imap_snapshot,
    maildir_snapshot,
    run_trial,
)
from harness.mailservers import (
    MAIL_FIXTURES,
    PASSWORD,
    Dovecot,
    needs_dovecot,
    shared_mail,
    start_dovecot,
)
from tests.test_mail import open_with_account, said

LKML = shared_mail() / "maildir" / "lkml"
KILL_DELAYS = (0.0, 0.05, 0.4)
"""When the clean-up is killed, after its first message reached Archive or Trash (seconds)."""


def test_a_maildir_clean_up_and_undo_keep_every_byte_name_and_place_of_real_mail(
    tmp_path: Path,
) -> None:
    if not LKML.exists():
        pytest.skip(f"the shared corpus of real mail is not here ({LKML})")
    box = tmp_path / "Mail"
    shutil.copytree(LKML, box)
    for folder in (box, *(box / sub for sub in ("new", "cur", "tmp"))):
        folder.chmod(0o755)  # the corpus is read-only; its copy is the user's
    for path in sorted((box / "cur").iterdir())[::4]:  # some unseen, in new/ without info
        path.rename(box / "new" / path.name.split(":")[0])
    before = maildir_snapshot(box)
    with Assistant(Paths.resolve(str(tmp_path / "home"))) as assistant:
        assistant.mail.add_account(parse_account("lkml", f"maildir:{box}"))
        talk = assistant.conversation()
        assert said(talk, "clean up my inbox").startswith("I'd archive 210 newsletters")
        assert said(talk, "yes").startswith("Done: I moved 210 mails.")
        archived = maildir_snapshot(box / ".Archive")
        assert sorted(digest for _, digest in archived) == sorted(d for _, d in before)
        assert said(talk, "undo") == "I put 210 mails back where they were."
    assert maildir_snapshot(box) == before


@needs_dovecot
def test_undo_never_touches_mail_it_did_not_move(
    tmp_path: Path, keyring_file: Path, dovecot: Dovecot
) -> None:
    without_id = [
        b"\n".join(x for x in raw.split(b"\n") if not x.startswith(b"Message-ID"))
        for raw in (
            (Path(__file__).parent / "fixtures" / "mail" / name).read_bytes()
            for name in ("newsletter_garden.eml", "notification_build.eml")
        )
    ]
    with dovecot.client() as other:
        other.create_folder("Archive")
        for raw in without_id:
            other.append("Archive", raw.replace(b"Ten bulbs", b"Old bulbs"), [b"\\Seen"])
            other.append("INBOX", raw)
        before = imap_snapshot(other)
    with open_with_account(tmp_path / "home", dovecot) as assistant:
        talk = assistant.conversation()
        assert said(talk, "clean up my inbox").startswith("I'd archive 4 newsletters")
        assert said(talk, "yes").startswith("Done: I moved 5 mails.")
        assert said(talk, "undo") == "I put 5 mails back where they were."
    with dovecot.client() as other:
        assert imap_snapshot(other) == before


def test_a_kill_mid_clean_up_of_a_maildir_is_undone_after_a_restart(tmp_path: Path) -> None:
    box = tmp_path / "Mail"
    fill_maildir(box, 300)
    fill_maildir(box / ".Archive", 20, start=1000)  # older mail, already archived
    add_sent(box / ".Sent")
    home = tmp_path / "home"
    cli(home, "mail", "add", "local", f"maildir:{box}")
    for delay in KILL_DELAYS:
        trial = run_trial(
            home, lambda: maildir_snapshot(box), [box / ".Archive", box / ".Trash"], delay
        )
        assert trial.wrong == 0, trial
        assert not trial.killed or trial.undo_said.startswith("I put"), trial


@needs_dovecot
def test_a_kill_mid_clean_up_over_imap_is_undone_after_a_restart(tmp_path: Path) -> None:
    server = start_dovecot()
    try:
        fill_maildir(server.user_dir, 300)
        add_sent(server.user_dir / "Sent")
        server.own()
        home = tmp_path / "home"
        env = {**cli_env(home), "MAILPW": PASSWORD}
        adding = ("mail", "add", "home", server.url, "--insecure-plain", "--password-env")
        cli(home, *adding, "MAILPW", env=env)
        targets = [server.user_dir / "Archive", server.user_dir / "Trash"]
        for delay in KILL_DELAYS:
            trial = run_trial(home, lambda: _served(server), targets, delay)
            assert trial.wrong == 0, trial
            assert not trial.killed or trial.undo_said.startswith("I put"), trial
    finally:
        server.stop()
        shutil.rmtree(server.root, ignore_errors=True)


def _served(server: Dovecot) -> list[tuple[str, ...]]:
    with server.client() as client:
        return imap_snapshot(client)


@needs_dovecot
def test_undo_finds_the_mail_again_when_the_archive_s_uidvalidity_changed(
    tmp_path: Path, keyring_file: Path, dovecot: Dovecot
) -> None:
    with dovecot.client() as other:
        before = imap_snapshot(other)
    with open_with_account(tmp_path / "home", dovecot) as assistant:
        talk = assistant.conversation()
        said(talk, "clean up my inbox")
        assert said(talk, "yes").startswith("Done: I moved 3 mails.")
        with dovecot.client() as other:
            validity = other.folder_status("Archive", [b"UIDVALIDITY"])[b"UIDVALIDITY"]
        for index in (dovecot.user_dir / "Archive").glob("dovecot*"):
            index.unlink()  # dovecot numbers the folder afresh: every UID there is new
        with dovecot.client() as other:
            assert other.folder_status("Archive", [b"UIDVALIDITY"])[b"UIDVALIDITY"] != validity
        assert said(talk, "undo") == "I put 3 mails back where they were."
    with dovecot.client() as other:
        assert imap_snapshot(other) == before


@needs_dovecot
def test_undo_is_batched_like_the_clean_up(
    tmp_path: Path, keyring_file: Path, dovecot: Dovecot
) -> None:
    """Undo sends the server a few commands for the whole batch, not several per message:
    measured as the bytes the assistant sends dovecot (its logout line), not as time."""
    newsletter = (MAIL_FIXTURES / "newsletter_garden.eml").read_bytes()
    with dovecot.client() as other:
        for n in range(200):
            numbered = newsletter.replace(b"Message-ID: <", f"Message-ID: <{n}.".encode())
            other.append("INBOX", numbered)
    with open_with_account(tmp_path / "home", dovecot) as assistant:
        talk = assistant.conversation()
        said(talk, "clean up my inbox")
        assert said(talk, "yes").startswith("Done: I moved 203 mails.")
        logged = len(dovecot.log())
        assert said(talk, "undo") == "I put 203 mails back where they were."
    sent = [int(part[3:]) for part in dovecot.log()[logged:].split() if part.startswith("in=")]
    assert sent
    assert sum(sent) < 20 * 203 + 2000, sent

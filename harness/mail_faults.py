"""SIGKILL during a mail clean-up, then undo after a restart: every message's folder, flags and
bytes must be as they were. Used by the tests (a few trials) and ``scripts/bench mail`` (many).

A trial runs ``assistant ask "clean up my inbox" "yes"`` in a child process against a Maildir or
a real dovecot, kills it (SIGKILL) a given time after the first message reached its new folder
(the benchmark draws it at random), starts again with ``assistant ask "undo"``, and compares
everything with before.
"""

import hashlib
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAIL_FIXTURES = ROOT / "tests" / "fixtures" / "mail"
KINDS = ("newsletter_garden.eml", "spam_prize.eml", "amy_lunch.eml")
"""A list's newsletter, junk an upstream filter marked, and a person's mail (with the user's
letter to her in Sent): none waits on SpamAssassin, so a trial measures moving, not judging."""
Snapshot = list[tuple[str, ...]]


def fill_maildir(folder: Path, count: int, start: int = 0) -> None:
    """``count`` mails in a Maildir folder: newsletters, junk and a person's;
    some read (in cur/ with S), some new; every 7th without a Message-ID; every 11th a
    byte-for-byte copy of the one before."""
    for sub in ("new", "cur", "tmp"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    templates = [(MAIL_FIXTURES / name).read_bytes() for name in KINDS]
    raw = b""
    for n in range(start, start + count):
        if n % 11 != 10:
            raw = templates[n % len(templates)]
            raw = raw.replace(b"Message-ID: <", f"Message-ID: <{n}.".encode(), 1)
            if n % 7 == 3:
                raw = b"\n".join(x for x in raw.split(b"\n") if not x.startswith(b"Message-ID"))
        name = f"{1700000000 + n}.M{n}P1.faults"
        place = f"new/{name}" if n % 3 == 0 else f"cur/{name}:2,{'S' if n % 2 else ''}"
        (folder / place).write_bytes(raw)


def add_sent(folder: Path) -> None:
    """The user's own letter to Amy, read, in the Maildir folder ``folder`` (their Sent)."""
    for sub in ("new", "cur", "tmp"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    (folder / "cur" / "1690000000.sent.faults:2,S").write_bytes(
        (MAIL_FIXTURES / "sent_to_amy.eml").read_bytes()
    )


def maildir_snapshot(root: Path) -> Snapshot:
    """Every message file of a Maildir tree: its path (folder, new/cur, name with flags) and
    the SHA-256 of its bytes."""
    return sorted(
        (str(path.relative_to(root)), hashlib.sha256(path.read_bytes()).hexdigest())
        for path in root.rglob("*")
        if path.is_file() and path.parent.name in ("new", "cur") and path.name[0] != "."
    )


def imap_snapshot(client: object) -> Snapshot:
    """Every message on an IMAP server: its folder, flags and the SHA-256 of its bytes."""
    from imapclient import IMAPClient

    assert isinstance(client, IMAPClient)
    seen = []
    for _, _, folder in client.list_folders():
        client.select_folder(folder, readonly=True)
        uids = client.search("ALL")
        for start in range(0, len(uids), 500):
            fetched = client.fetch(uids[start : start + 500], ["FLAGS", "BODY.PEEK[]"])
            for data in fetched.values():
                flags = " ".join(sorted(f.decode() for f in data[b"FLAGS"] if f != b"\\Recent"))
                digest = hashlib.sha256(data[b"BODY[]"]).hexdigest()
                seen.append((str(folder), flags, digest))
    return sorted(seen)


def cli_env(home: Path) -> dict[str, str]:
    """The environment of a child ``assistant``: a keyring in a file under ``home``."""
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring",
        "XDG_DATA_HOME": str(home / "xdg"),
    }


def cli(home: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """Run ``assistant ARGS`` with its data in ``home``; its output."""
    done = subprocess.run(
        [sys.executable, "-m", "assistant", *args, "--data-dir", str(home / "data")],
        capture_output=True,
        text=True,
        env=env or cli_env(home),
        cwd=ROOT,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@dataclass(frozen=True)
class Trial:
    """What one kill did."""

    killed: bool
    """False when the clean-up finished before the kill came."""
    moved_at_kill: int
    """Messages in Archive or Trash when it was killed."""
    undo_said: str
    wrong: int
    """Messages lost, changed or misplaced after undo (must be 0)."""


def kill_clean_up(home: Path, targets: list[Path], delay: float) -> bool:
    """Start a clean-up, and SIGKILL it ``delay`` seconds after the first message reached one
    of ``targets``; False if it finished first."""
    return moving_time(home, targets, delay)[0]


def moving_time(home: Path, targets: list[Path], delay: float) -> tuple[bool, float]:
    """Start a clean-up and kill it ``delay`` s after the first message moved: whether it was
    killed, and how long it ran after that first move."""
    already = sum(files_in(t) for t in targets)
    child = subprocess.Popen(
        [sys.executable, "-m", "assistant", "ask", "clean up my inbox", "yes"]
        + ["--data-dir", str(home / "data")],
        env=cli_env(home),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 600
    while child.poll() is None and sum(files_in(t) for t in targets) <= already:
        if time.monotonic() > deadline:
            break
        time.sleep(0.002)
    first_move = time.monotonic()
    try:
        child.wait(timeout=delay)
        return False, time.monotonic() - first_move
    except subprocess.TimeoutExpired:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        return True, time.monotonic() - first_move


def files_in(folder: Path) -> int:
    """How many messages a Maildir folder holds."""
    return sum(len(os.listdir(folder / sub)) for sub in ("new", "cur") if (folder / sub).exists())


def run_trial(
    home: Path,
    snapshot: Callable[[], Snapshot],
    targets: list[Path],
    delay: float,
) -> Trial:
    """One kill and one undo against a mailbox already added to the assistant in ``home``."""
    before = snapshot()
    already = sum(files_in(t) for t in targets)
    killed = kill_clean_up(home, targets, delay)
    moved = sum(files_in(t) for t in targets) - already
    said = _answer_to_yes(cli(home, "ask", "undo", "yes").splitlines())
    after = snapshot()
    wrong = sum((_counts(before) - _counts(after)).values())
    return Trial(killed, moved, said.strip(), wrong)


def _answer_to_yes(lines: list[str]) -> str:
    """After a restart "undo" names the clean-up and asks; what it said to the yes (or, with
    nothing to undo, its first words). New-mail news may come between or after."""
    asked = [n for n, line in enumerate(lines) if line.startswith("The last change I can undo")]
    if not asked:
        return lines[0] if lines else ""
    return next((line for line in lines[asked[0] + 1 :] if "new email" not in line), "")


def _counts(snapshot: Snapshot) -> Counter[tuple[str, ...]]:
    return Counter(snapshot)

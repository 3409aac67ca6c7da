"""spamd can be trusted: no other user of the computer can reach it or stand in for it, it
goes when the assistant is killed (and what it leaves is tidied at the next start), and a spamd
that cannot be run leaves the plain clean-up. Against a real spamd, a second Unix user made
for the test, and a real SIGKILL."""

import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.config import Paths
from assistant.mail.accounts import parse_account
from assistant.mail.spam import running_filter
from assistant.mail.spamd_run import RUN_PREFIX, clean_left_behind
from assistant.runtime.assistant import Assistant
from harness.mailservers import MAIL_FIXTURES
from tests.conftest import REPO
from tests.test_mail import said
from tests.test_mail_junk import needs_spamd
from tests.test_mail_trust import local_box

OTHER_USER = "assistant-neighbour"
SYSTEM_PYTHON = "/usr/bin/python3"
PROBE = """
import socket, sys
kind, where = sys.argv[1], sys.argv[2]
try:
    if kind == "unix":
        link = socket.socket(socket.AF_UNIX)
        link.connect(where)
    else:
        link = socket.create_connection(("127.0.0.1", int(where)), 5)
    link.sendall(b"PING SPAMC/1.5\\r\\n\\r\\n")
    print("reached", link.recv(100))
except OSError as error:
    print("refused", error.errno)
"""


@pytest.fixture(scope="module")
def neighbour() -> Iterator[pwd.struct_passwd]:
    """A second user of this computer, made for the test (and removed after)."""
    if os.geteuid() != 0 or not Path(SYSTEM_PYTHON).exists():
        pytest.skip("a second user needs root and a system Python to run as them")
    made = False
    try:
        pwd.getpwnam(OTHER_USER)
    except KeyError:
        done = subprocess.run(
            ["useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", OTHER_USER],
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            pytest.skip(f"cannot make a second user here: {done.stderr.decode().strip()}")
        made = True
    yield pwd.getpwnam(OTHER_USER)
    if made:
        subprocess.run(["userdel", OTHER_USER], capture_output=True, check=False)


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``, and theirs, all the way down."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found += [int(entry.name), *children(int(entry.name))]
    return found


def command_line(pid: int) -> str:
    return (Path(f"/proc/{pid}/cmdline").read_bytes()).replace(b"\0", b" ").decode()


def spamd_address() -> tuple[str, str]:
    """Where the spamd this process started listens: ("unix", PATH) or ("tcp", PORT)."""
    (spamd,) = [p for p in children(os.getpid()) if "spamd" in command_line(p)][:1]
    command = command_line(spamd)
    tcp = re.search(r"--listen=127\.0\.0\.1:(\d+)", command)
    if tcp:
        return "tcp", tcp.group(1)
    unix = re.search(r"--socketpath=(\S+)", command)
    assert unix, command
    return "unix", unix.group(1)


@needs_spamd
def test_no_other_user_can_reach_or_stand_in_for_spamd(
    tmp_path: Path, neighbour: pwd.struct_passwd
) -> None:
    phish = (MAIL_FIXTURES / "bank_phish.eml").read_bytes()
    with running_filter(tmp_path / "spamassassin") as spam:
        assert spam is not None
        kind, where = spamd_address()
        probe = subprocess.run(
            [SYSTEM_PYTHON, "-c", PROBE, kind, where],
            capture_output=True,
            text=True,
            user=neighbour.pw_uid,
            group=neighbour.pw_gid,
            extra_groups=[],
            cwd="/",
            timeout=30,
            check=False,
        )
        assert probe.stdout.startswith("refused"), (kind, probe.stdout, probe.stderr)
        assert kind == "unix"
        folder = Path(where).parent
        assert folder.stat().st_mode & 0o077 == 0
        assert spam.verdict(phish).startswith("yes")


KEEPS_A_FILTER = """
import sys, time
from pathlib import Path
from assistant.mail.spam import running_filter
with running_filter(Path(sys.argv[1])) as spam:
    print("ready" if spam else "none", flush=True)
    time.sleep(600)
"""


def _gone(pids: list[int], seconds: float) -> list[int]:
    """Those of ``pids`` still running after ``seconds`` (zombies count as gone)."""
    deadline = time.monotonic() + seconds
    running = pids
    while running and time.monotonic() < deadline:
        time.sleep(0.1)
        running = [p for p in pids if _running(p)]
    return running


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@needs_spamd
def test_spamd_goes_when_the_assistant_is_killed_and_its_folder_at_the_next_start(
    tmp_path: Path,
) -> None:
    assistant = subprocess.Popen(
        [sys.executable, "-c", KEEPS_A_FILTER, str(tmp_path / "spamassassin")],
        stdout=subprocess.PIPE,
        env=os.environ | {"PYTHONPATH": str(REPO)},
    )
    assert assistant.stdout is not None
    assert assistant.stdout.readline() == b"ready\n"
    spamd = children(assistant.pid)
    assert spamd
    os.kill(assistant.pid, signal.SIGKILL)
    assistant.wait(timeout=30)
    left = _gone(spamd, 20)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == [], "spamd was left running"
    temporary = Path(tempfile.gettempdir())
    ours = [r for r in temporary.glob(RUN_PREFIX + "*") if _owned_by(r, assistant.pid)]
    assert ours  # a SIGKILL leaves no time to tidy up
    clean_left_behind()
    assert not any(r.exists() for r in ours)


def _owned_by(run: Path, pid: int) -> bool:
    try:
        return (run / "owner").read_text().split()[0] == str(pid)
    except OSError:
        return False


@pytest.mark.parametrize("program", [b"not a program at all\n", b"#!/bin/sh\nexit 3\n"])
def test_a_spamd_that_cannot_be_run_leaves_the_plain_clean_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, program: bytes
) -> None:
    broken = tmp_path / "bin" / "spamd"
    broken.parent.mkdir()
    broken.write_bytes(program)
    broken.chmod(0o755)
    monkeypatch.setenv("PATH", f"{broken.parent}:{os.environ['PATH']}")
    assert shutil.which("spamd") == str(broken)
    with running_filter(tmp_path / "spamassassin") as spam:
        assert spam is None
    unsure = "catherine_report.eml"  # bogofilter is unsure of it: SpamAssassin is asked
    box = local_box(tmp_path, "newsletter_garden.eml", "amy_lunch.eml", "spam_prize.eml", unsure)
    with Assistant(Paths.resolve(str(tmp_path / "home"))) as assistant:
        assistant.mail.add_account(parse_account("local", f"maildir:{box}"))
        reply = said(assistant.conversation(), "clean up my inbox")
    assert reply.startswith("I'd archive one newsletter"), reply

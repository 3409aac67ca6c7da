"""Junk by SpamAssassin, for mail no upstream filter has judged.

SpamAssassin's daemon (``spamd``) is started for one clean-up and stopped after it (and if the
assistant dies first), listening on a Unix socket in a folder only the user can enter (so no
other user of the computer can stand in for it or read what it judges; ``spamd_run``), with
local tests only (``-L``: nothing is looked up on the network), no per-user files, and the data
folder's Bayes database (``bayes.py``: the shipped one, restored the first time, and what the
user taught it; it never learns by itself). Each message is sent to it as it
is (the SPAMC protocol); its verdict is kept with the message's cached headers, so a message is
judged once. Without SpamAssassin installed, junk is only what an upstream filter marked.
"""

import logging
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from assistant.mail.bayes import STORE, ready_store
from assistant.mail.spamd_run import (
    SOCKET,
    clean_left_behind,
    dies_with_parent,
    note_owner,
    own_run_folder,
    spamd_user_ids,
)

_LOGGER = logging.getLogger(__name__)

VERDICT_HEADER = "x-assistant-spam"
"""Kept with a message's cached headers: "yes SCORE" or "no SCORE" (SpamAssassin's), "yes user"
or "no user" (the user's own word, which stands over any filter's), or "" (not judged)."""
USER_SAID = "user"
LARGEST = 512 * 1024
"""Bigger mail is not sent to the filter (spam is small; SpamAssassin's own limit is 500 KB)."""
START_SECONDS = 120.0
CHECK_SECONDS = 60.0
PARALLEL = 2


def spamd_binary() -> str | None:
    found = shutil.which("spamd") or "/usr/sbin/spamd"
    return found if Path(found).exists() else None


@dataclass(frozen=True)
class SpamFilter:
    """A running spamd, on a Unix socket in a folder only the user (and spamd) can enter."""

    socket_path: str

    def verdicts(self, raws: list[bytes]) -> list[str]:
        """SpamAssassin's verdict on each of ``raws``: "yes SCORE", "no SCORE", or "" when it
        could not say."""
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(PARALLEL) as pool:
            return list(pool.map(self.verdict, raws))

    def verdict(self, raw: bytes) -> str:
        if len(raw) > LARGEST:
            return "no 0"
        request = b"CHECK SPAMC/1.5\r\nContent-length: %d\r\n\r\n" % len(raw) + raw
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as link:
                link.settimeout(CHECK_SECONDS)
                link.connect(self.socket_path)
                link.sendall(request)
                link.shutdown(socket.SHUT_WR)
                answer = _read_all(link)
        except OSError as error:
            _LOGGER.info("spamd: %s", error)
            return ""
        return _parsed(answer)


def _read_all(link: socket.socket) -> bytes:
    chunks = []
    while chunk := link.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def _parsed(answer: bytes) -> str:
    """ "yes 19.4" from ``Spam: True ; 19.4 / 5.0``; "" if the answer has no verdict."""
    for line in answer.decode("latin-1").splitlines():
        name, _, value = line.partition(":")
        if name.strip().lower() == "spam":
            said, _, score = value.partition(";")
            verdict = "yes" if said.strip().lower() in ("true", "yes") else "no"
            return f"{verdict} {score.split('/')[0].strip()}"
    return ""


@contextmanager
def running_filter(home: Path) -> Iterator[SpamFilter | None]:
    """spamd on a Unix socket in a private folder while the block runs; None without
    SpamAssassin, or when it cannot be run."""
    binary = spamd_binary()
    if binary is None:
        _LOGGER.info("SpamAssassin (spamd) is not installed: junk is only what was marked")
        yield None
        return
    home.mkdir(parents=True, exist_ok=True)
    clean_left_behind()
    store = ready_store(home)
    with own_run_folder() as run, _spamd(binary, home, run, _bayes_path(store, run)) as process:
        path = str(run / SOCKET)
        yield SpamFilter(path) if process and _answers(process, path) else None


@contextmanager
def _spamd(
    binary: str, home: Path, run: Path, bayes: str
) -> Iterator[subprocess.Popen[bytes] | None]:
    """spamd started for the block and stopped after it; None if it cannot be started. It
    gets SIGTERM if the assistant dies first (``dies_with_parent``), and is noted in the run
    folder, so the next start stops it should that fail."""
    try:
        with (home / "spamd.log").open("ab") as log:
            process = subprocess.Popen(
                _command(binary, run, bayes),
                stdout=subprocess.DEVNULL,
                stderr=log,
                preexec_fn=dies_with_parent(spamd_user_ids()),  # noqa: PLW1509 - see its docstring
            )
    except OSError as error:
        _LOGGER.info("spamd cannot be run (%s): junk is only what was marked", error)
        yield None
        return
    note_owner(run, process.pid)
    try:
        yield process
    finally:
        _stop(process)


def _command(binary: str, run: Path, bayes: str) -> list[str]:
    return [
        *(binary, "--local", "--nouser-config", f"--socketpath={run / SOCKET}"),
        *(f"--max-children={PARALLEL}", "--min-children=1", f"--helper-home-dir={run}"),
        *_bayes_settings(bayes),
        "--syslog=stderr",
    ]


def _bayes_path(store: Path | None, run: Path) -> str:
    """The ``bayes_path`` spamd is given: the user's store, or (when spamd runs as another
    user) a copy of it in the run folder, which goes with that folder."""
    if store is None:
        return ""
    if os.geteuid() != 0:
        return str(store / "bayes")
    view = run / STORE
    shutil.copytree(store, view)
    uid, gid = spamd_user_ids() or (0, 0)
    for path in [view, *view.iterdir()]:
        os.chown(path, uid, gid)
    return str(view / "bayes")


def _bayes_settings(bayes: str) -> list[str]:
    """The data folder's Bayes database (at ``bayes``, its ``bayes_path``; none if empty),
    which learns only what the user teaches it: no automatic learning, no automatic expiry."""
    if not bayes:
        return ["--cf=use_bayes 0", "--cf=bayes_auto_learn 0"]
    return [
        *("--cf=use_bayes 1", f"--cf=bayes_path {bayes}"),
        *("--cf=bayes_auto_learn 0", "--cf=bayes_auto_expire 0"),
    ]


def _answers(process: subprocess.Popen[bytes], path: str) -> bool:
    """Wait until spamd takes connections; False if it stopped or never did."""
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        with suppress(OSError), socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            probe.connect(path)
            return True
        time.sleep(0.1)
    _LOGGER.info("spamd did not start; junk is only what was marked")
    return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=20)

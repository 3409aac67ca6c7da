"""Junk by SpamAssassin, for mail no upstream filter has judged.

SpamAssassin's daemon (``spamd``) is started on a loopback port for one clean-up and stopped
after it, with local tests only (``-L``: nothing is looked up on the network), no per-user
files, and the data folder's Bayes database (``bayes.py``: the shipped one, restored the first
time, and what the user taught it; it never learns by itself). Each message is sent to it as it
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
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from assistant.mail.bayes import SPAMD_USER, ready_store, spamd_view

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
    """A running spamd, on loopback."""

    port: int

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
            with socket.create_connection(("127.0.0.1", self.port), CHECK_SECONDS) as link:
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
    """spamd on a free loopback port while the block runs; None without SpamAssassin."""
    binary = spamd_binary()
    if binary is None:
        _LOGGER.info("SpamAssassin (spamd) is not installed: junk is only what was marked")
        yield None
        return
    home.mkdir(parents=True, exist_ok=True)
    store = ready_store(home)
    with ExitStack() as stack:
        bayes = stack.enter_context(spamd_view(store)) if store else ""
        port = _free_port()
        with (home / "spamd.log").open("ab") as log:
            process = subprocess.Popen(
                _command(binary, home, port, bayes), stdout=subprocess.DEVNULL, stderr=log
            )
        try:
            yield SpamFilter(port) if _answers(process, port) else None
        finally:
            _stop(process)


def _command(binary: str, home: Path, port: int, bayes: str) -> list[str]:
    as_nobody = ["-u", SPAMD_USER] if os.geteuid() == 0 else []
    return [
        *(binary, "--local", "--nouser-config", f"--listen=127.0.0.1:{port}"),
        *(f"--max-children={PARALLEL}", "--min-children=1", f"--helper-home-dir={home}"),
        *_bayes_settings(bayes),
        *("--syslog=stderr", *as_nobody),
    ]


def _bayes_settings(bayes: str) -> list[str]:
    """The data folder's Bayes database (at ``bayes``, its ``bayes_path``; none if empty),
    which learns only what the user teaches it: no automatic learning, no automatic expiry."""
    if not bayes:
        return ["--cf=use_bayes 0", "--cf=bayes_auto_learn 0"]
    return [
        *("--cf=use_bayes 1", f"--cf=bayes_path {bayes}"),
        *("--cf=bayes_auto_learn 0", "--cf=bayes_auto_expire 0"),
    ]


def _answers(process: subprocess.Popen[bytes], port: int) -> bool:
    """Wait until spamd takes connections; False if it stopped or never did."""
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        with suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
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


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])

"""Real faults for tests and benchmarks: a small full disk (tmpfs), a read-only file, and the
assistant as a separate process to SIGKILL or SIGSTOP at chosen moments."""

import errno
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


class CannotMount(Exception):
    """A tmpfs cannot be mounted here (not root, or no permission in this container)."""


@contextmanager
def small_tmpfs(where: Path, size: str = "8m") -> Iterator[Path]:
    """A real tmpfs of ``size`` mounted at ``where`` for the block; unmounted after."""
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        raise CannotMount(mounted.stderr.decode(errors="replace").strip() or "mount failed")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)


@contextmanager
def tmpfs_or_skip(where: Path, size: str) -> Iterator[Path]:
    """``small_tmpfs``, or the test skipped with the reason when none can be mounted here."""
    try:
        with small_tmpfs(where, size) as disk:
            yield disk
    except CannotMount as refused:
        pytest.skip(f"cannot mount a small tmpfs here: {refused}")


def fill_disk(filler: Path) -> int:
    """Write ``filler`` until the disk is full; returns the bytes written."""
    written = 0
    block = b"\0" * 4096
    with open(filler, "wb", buffering=0) as handle:
        try:
            while True:
                written += handle.write(block)
        except OSError as error:
            if error.errno != errno.ENOSPC:
                raise
    return written


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path, with its bytes."""
    found = {}
    for parent, _folders, files in os.walk(folder):
        for name in files:
            path = Path(parent) / name
            found[str(path.relative_to(folder))] = path.read_bytes()
    return found


@contextmanager
def read_only_file(path: Path) -> Iterator[Path]:
    """``path`` made read-only for everyone, root included: bound read-only over itself."""
    for command in (
        ["mount", "--bind", str(path), str(path)],
        ["mount", "-o", "remount,ro,bind", str(path)],
    ):
        done = subprocess.run(command, capture_output=True, check=False)
        if done.returncode != 0:
            subprocess.run(["umount", str(path)], capture_output=True, check=False)
            raise CannotMount(done.stderr.decode(errors="replace").strip() or "mount failed")
    try:
        yield path
    finally:
        subprocess.run(["umount", str(path)], capture_output=True, check=False)


REPO = Path(__file__).resolve().parent.parent


def run_assistant(home: Path, *said: str, wait: bool = True) -> subprocess.Popen[bytes]:
    """``assistant ask`` in its own process, on the data folder ``home``."""
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant", "ask", "--data-dir", str(home), *said],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=os.environ | {"PYTHONPATH": str(REPO)},
    )
    if wait:
        process.wait(timeout=300)
    return process


def loose_files(folder: Path) -> int:
    """Files directly in ``folder`` (not yet sorted into a subfolder)."""
    with os.scandir(folder) as entries:
        return sum(1 for entry in entries if entry.is_file())


def operations(home: Path) -> list[tuple[str, int]]:
    """Each file operation's state and how many steps it has, read as another process would."""
    try:
        with sqlite3.connect(f"file:{home / 'memory.db'}?mode=ro", uri=True, timeout=0) as db:
            return db.execute(
                "select state, (select count(*) from steps where operation = operations.id) "
                "from operations order by id"
            ).fetchall()
    except sqlite3.Error:
        return []


def kill_once_an_operation_appears(process: subprocess.Popen[bytes], home: Path) -> bool:
    """SIGKILL as soon as an operation is in the journal; False if it finished first."""
    while process.poll() is None:
        if operations(home):
            process.send_signal(signal.SIGKILL)
            process.wait()
            return True
    return False


def process_state(process: subprocess.Popen[bytes]) -> str:
    """The process's state letter in /proc ("T" once it is stopped)."""
    stat = Path(f"/proc/{process.pid}/stat").read_text()
    return stat.rpartition(")")[2].split()[0]


def stop_outside_a_write(process: subprocess.Popen[bytes], home: Path) -> None:
    """SIGSTOP ``process`` at a moment it holds no write transaction on the memory."""
    while True:
        process.send_signal(signal.SIGSTOP)
        while process_state(process) != "T":
            time.sleep(0.001)
        with sqlite3.connect(home / "memory.db", timeout=0) as db:
            try:
                db.execute("begin immediate")
            except sqlite3.OperationalError:
                process.send_signal(signal.SIGCONT)
                time.sleep(0.01)
                continue
            db.rollback()
            return

"""Speaking first in the terminal: a due timer is said in ``chat`` and ``ask`` without waiting
for the next line of input (a real 2 s timer in a real process)."""

import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

REPO = Path(__file__).resolve().parent.parent
WAIT = 30.0
"""Generous: the machine may be busy; the test waits on the line, not on a sleep."""


def _lines(stream: IO[str]) -> "queue.Queue[tuple[float, str]]":
    """Each line the process prints, with when it arrived."""
    arrived: queue.Queue[tuple[float, str]] = queue.Queue()

    def read() -> None:
        for line in stream:
            arrived.put((time.monotonic(), line.strip()))

    threading.Thread(target=read, daemon=True).start()
    return arrived


def _wait_for(lines: "queue.Queue[tuple[float, str]]", words: str) -> float:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        at, line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        if words in line:
            return at
    raise AssertionError(f"never printed {words!r}")


def _start(tmp_path: Path, *command: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "assistant", *command, "--data-dir", str(tmp_path / "home")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )


def _timer_is_said_while_input_waits(tmp_path: Path, *command: str) -> None:
    process = _start(tmp_path, *command)
    assert process.stdin is not None
    assert process.stdout is not None
    lines = _lines(process.stdout)
    try:
        process.stdin.write("set a timer for 2 seconds\n")
        process.stdin.flush()
        set_at = _wait_for(lines, "Timer set for 2 seconds")
        said_at = _wait_for(lines, "Time's up")
        # The timer was due two seconds after it was set; it is said within one more second,
        # while standard input is still open and nothing more has been typed.
        assert said_at - set_at < 3.0
        assert process.poll() is None
    finally:
        process.stdin.close()
        process.wait(timeout=WAIT)


def test_a_timer_is_said_in_chat_within_a_second_without_input(tmp_path: Path) -> None:
    _timer_is_said_while_input_waits(tmp_path, "chat")


def test_a_timer_is_said_in_ask_within_a_second_without_input(tmp_path: Path) -> None:
    _timer_is_said_while_input_waits(tmp_path, "ask")

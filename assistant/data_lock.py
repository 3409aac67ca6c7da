"""One process at a time changes things from a data folder: an advisory lock on a file in it.

The lock is ``flock`` on ``operations.lock``, so it goes when its process does, however it ends
(a crash or SIGKILL included): a lock that is held always belongs to a live process. Within one
process it is re-entrant, and threads take turns.
"""

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.errors import SkillError

LOCK_NAME = "operations.lock"
BUSY_ELSEWHERE = "busy-elsewhere"
"""The code of the error raised when another process holds the lock."""
WAIT_SECONDS = 10.0
"""How long an operation waits for another process's operation to end before saying so."""
POLL_SECONDS = 0.05

BUSY_MESSAGE = (
    "Another copy of me is changing things from this data folder right now. "
    "Try again when it has finished."
)


class DataFolderLock:
    """The data folder's operations lock, held by at most one process."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / LOCK_NAME
        self._threads = threading.RLock()
        self._depth = 0
        self._descriptor: int | None = None

    @contextmanager
    def held(self, wait_seconds: float = WAIT_SECONDS) -> Iterator[None]:
        """Hold the lock, waiting up to ``wait_seconds`` for another process to let go.

        Raises ``SkillError`` ("busy-elsewhere") when it is still held then.
        """
        if not self._threads.acquire(timeout=max(wait_seconds, POLL_SECONDS)):
            raise SkillError(BUSY_ELSEWHERE, BUSY_MESSAGE)
        try:
            self._enter(wait_seconds)
            try:
                yield
            finally:
                self._leave()
        finally:
            self._threads.release()

    def _enter(self, wait_seconds: float) -> None:
        if self._depth == 0:
            self._descriptor = _take(self.path, wait_seconds)
        self._depth += 1

    def _leave(self) -> None:
        self._depth -= 1
        if self._depth == 0 and self._descriptor is not None:
            os.close(self._descriptor)
            self._descriptor = None


def _take(path: Path, wait_seconds: float) -> int:
    """An open descriptor of ``path`` holding its exclusive ``flock``."""
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(descriptor)
                raise SkillError(BUSY_ELSEWHERE, BUSY_MESSAGE) from None
            time.sleep(POLL_SECONDS)
        else:
            return descriptor

"""Standard output that goes quiet when its reader has gone (``assistant ask ... | head -1``).

Python ignores SIGPIPE, so a write to a pipe whose reader has closed raises
``BrokenPipeError``, far from where anything could be done about it. Here such a write is
dropped instead, and every later one goes to ``/dev/null``: the command finishes what it was
asked to do, quietly, as any other program on a pipe would.
"""

import io
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer


class _ReaderMayLeave(io.FileIO):
    """A file descriptor whose writes, once its reader has gone, go to ``/dev/null``."""

    def write(self, data: "ReadableBuffer", /) -> int:
        """Write ``data``; when the reader has gone, drop it and silence the descriptor."""
        try:
            return super().write(data)
        except BrokenPipeError:
            self._to_nowhere()
            return len(memoryview(data))

    def _to_nowhere(self) -> None:
        nowhere = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(nowhere, self.fileno())
        finally:
            os.close(nowhere)


def quiet_when_reader_leaves() -> None:
    """Make ``sys.stdout`` quiet when its reader has gone; left alone when it is not the
    process's own standard output (a test's capture, say)."""
    stream = sys.__stdout__
    if stream is None or sys.stdout is not stream:
        return
    try:
        descriptor = stream.fileno()
    except (OSError, ValueError):
        return
    stream.flush()
    sys.stdout = io.TextIOWrapper(
        io.BufferedWriter(_ReaderMayLeave(descriptor, "w", closefd=False)),
        encoding=stream.encoding,
        errors="replace",
        line_buffering=stream.line_buffering,
    )

"""Where audio comes from: a WAV file (tests, scripts) or a microphone (sounddevice).

Both yield 20 ms chunks of 16 kHz mono int16 samples. The sounddevice callback only enqueues.
"""

import logging
import queue
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from assistant.audio import CHUNK_SECONDS
from assistant.audio.devices import CHUNK_SAMPLES, open_stream
from assistant.audio.wav import MAX_SECONDS, Samples, read_wav

_LOGGER = logging.getLogger(__name__)

BACKLOG_SECONDS = 30.0
"""Microphone audio kept while nothing takes it (thinking, speaking): then it is dropped."""
FULL_WAIT_SECONDS = 1.0
"""How long a new chunk waits for room in a full backlog before it is dropped."""


class AudioSource(Protocol):
    """A stream of 20 ms chunks."""

    def chunks(self) -> Iterator[Samples]:
        """Chunks until the source ends (a file) or is closed (a microphone)."""
        ...

    def pending(self) -> list[Samples]:
        """Chunks already waiting, without blocking (what the microphone heard meanwhile)."""
        ...

    def close(self) -> None:
        """Stop reading."""
        ...


class WavSource:
    """A WAV file heard as if through a microphone."""

    def __init__(self, path: Path, max_seconds: float = MAX_SECONDS) -> None:
        self.path = path
        self.samples = read_wav(path, max_seconds)

    def chunks(self) -> Iterator[Samples]:
        """The file in 20 ms chunks; the last is padded with silence."""
        for start in range(0, len(self.samples), CHUNK_SAMPLES):
            chunk = self.samples[start : start + CHUNK_SAMPLES]
            if len(chunk) < CHUNK_SAMPLES:
                chunk = np.pad(chunk, (0, CHUNK_SAMPLES - len(chunk)))
            yield chunk

    def pending(self) -> list[Samples]:
        """A file has no audio arriving while the assistant speaks."""
        return []

    def close(self) -> None:
        """Nothing to release."""


class MicrophoneSource:
    """A live input device, through sounddevice."""

    def __init__(self, device: str | int | None = None) -> None:
        self._queue: queue.Queue[bytes] = queue.Queue(
            maxsize=round(BACKLOG_SECONDS / CHUNK_SECONDS)
        )
        self._stream = open_stream("RawInputStream", device, "microphone", callback=self._enqueue)
        self._open = True

    def _enqueue(self, data: Any, frames: int, time: Any, status: Any) -> None:
        """Keep a chunk; when the backlog is full, wait a little (a device faster than real time
        is slowed to the pace it is taken at), then drop it rather than grow without end."""
        try:
            self._queue.put(bytes(data), timeout=FULL_WAIT_SECONDS)
        except queue.Full:
            _LOGGER.warning("Microphone audio dropped: nothing has taken it for a while")

    def chunks(self) -> Iterator[Samples]:
        """Chunks as they arrive, until closed."""
        while self._open:
            try:
                data = self._queue.get(timeout=0.5)
            except queue.Empty:
                continue
            yield np.frombuffer(data, "<i2").copy()

    def pending(self) -> list[Samples]:
        """The chunks heard by the time of the call, without waiting.

        Only those: a device that delivers faster than they are taken (a file-backed one, or a
        busy machine) would otherwise keep this from ever returning.
        """
        waiting = []
        for _ in range(self._queue.qsize()):
            try:
                waiting.append(np.frombuffer(self._queue.get_nowait(), "<i2").copy())
            except queue.Empty:
                break
        return waiting

    def close(self) -> None:
        """Stop and close the input stream."""
        self._open = False
        self._stream.stop()
        self._stream.close()

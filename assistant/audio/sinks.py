"""Where speech goes: a WAV file (tests, scripts) or a speaker/earpiece (sounddevice).

Playback happens in 20 ms blocks, and ``should_stop`` is asked between blocks, so speech can be
cut off mid-sentence within one block.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import numpy as np

from assistant.audio import SAMPLE_RATE
from assistant.audio.devices import CHUNK_SAMPLES, open_stream
from assistant.audio.wav import Samples, write_wav
from assistant.errors import AudioError

StopCheck = Callable[[], bool]
GAP_SECONDS = 0.3


class AudioSink(Protocol):
    """Plays speech."""

    def play(self, samples: Samples, should_stop: StopCheck) -> bool:
        """Play ``samples``; returns True when ``should_stop`` cut it off."""
        ...

    def close(self) -> None:
        """Finish writing or playing."""
        ...


class WavSink:
    """Writes everything spoken, in order, into one WAV file (a short gap between replies)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.parts: list[Samples] = []
        try:
            write_wav(path, np.zeros(0, np.int16))
        except OSError as error:
            raise AudioError("audio-output-unwritable", f"I can't write to {path}.") from error

    def play(self, samples: Samples, should_stop: StopCheck) -> bool:
        """Append ``samples`` (up to where ``should_stop`` says stop) and rewrite the file."""
        played: list[Samples] = []
        for start in range(0, len(samples), CHUNK_SAMPLES):
            if should_stop():
                self._write(played)
                return True
            played.append(samples[start : start + CHUNK_SAMPLES])
        self._write(played)
        return False

    def _write(self, played: list[Samples]) -> None:
        gap = np.zeros(int(GAP_SECONDS * SAMPLE_RATE), np.int16)
        if self.parts:
            self.parts.append(gap)
        self.parts.extend(played)
        write_wav(self.path, np.concatenate(self.parts) if self.parts else np.zeros(0, np.int16))

    def close(self) -> None:
        """The file is complete after every reply; nothing more to do."""


class SpeakerSink:
    """An output device (speaker, earpiece, headset), through sounddevice."""

    def __init__(self, device: str | int | None = None) -> None:
        self._stream = open_stream("RawOutputStream", device, "speaker")

    def play(self, samples: Samples, should_stop: StopCheck) -> bool:
        """Play block by block, asking ``should_stop`` between blocks."""
        for start in range(0, len(samples), CHUNK_SAMPLES):
            if should_stop():
                return True
            self._stream.write(samples[start : start + CHUNK_SAMPLES].tobytes())
        return False

    def close(self) -> None:
        """Let the last block play out, then close the stream."""
        self._stream.stop()
        self._stream.close()

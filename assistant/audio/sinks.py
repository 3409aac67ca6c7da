"""Where speech goes: a WAV file (tests, scripts) or a speaker/earpiece (sounddevice).

Playback happens in 20 ms blocks, and ``should_stop`` is asked between blocks, so speech can be
cut off mid-sentence within one block.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import numpy as np

from assistant.audio import SAMPLE_RATE
from assistant.audio.sources import CHUNK_SAMPLES
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
        import sounddevice  # noqa: PLC0415 - needs PortAudio, loaded only for live audio

        try:
            self._stream = sounddevice.RawOutputStream(
                samplerate=SAMPLE_RATE,
                channels=1,
                dtype="int16",
                blocksize=CHUNK_SAMPLES,
                device=device,
            )
            self._stream.start()
        except (sounddevice.PortAudioError, ValueError) as error:
            raise AudioError(
                "audio-output-unavailable",
                f"I can't open the speaker {device or ''}".strip()
                + ". Check that it is plugged in, or choose another in the settings.",
            ) from error

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


def list_devices() -> list[str]:
    """One line per audio device: index, name, and its inputs and outputs."""
    try:
        import sounddevice  # noqa: PLC0415

        devices = sounddevice.query_devices()
    except (ImportError, OSError) as error:
        raise AudioError("audio-unavailable", "I can't reach the sound system.") from error
    return [
        f"{index}: {device['name']} ({device['max_input_channels']} in, "
        f"{device['max_output_channels']} out)"
        for index, device in enumerate(devices)
    ]

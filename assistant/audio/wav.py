"""Read any PCM WAV as 16 kHz mono 16-bit samples, and write WAVs."""

import logging
import os
import stat
import struct
import wave
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from assistant.audio import SAMPLE_RATE
from assistant.errors import AudioError

_LOGGER = logging.getLogger(__name__)

Samples = NDArray[np.int16]
MAX_SECONDS = 15 * 60
"""The longest WAV read at all (a file heard turn by turn, as if through the microphone)."""
TRANSCRIBE_MAX_SECONDS = 3 * 60
"""The longest recording transcribed in one go (a dictated letter): longer ones are refused."""


def read_wav(path: Path, max_seconds: float = MAX_SECONDS) -> Samples:
    """The file's audio as 16 kHz mono int16, whatever its rate, width and channels.

    Only regular files are read (a pipe or a device would never end); recordings longer than
    ``max_seconds`` are refused, saying how long they are.
    """
    try:
        _check_regular(path)
        with wave.open(str(path), "rb") as reader:
            rate, width = reader.getframerate(), reader.getsampwidth()
            channels = reader.getnchannels()
            frames = reader.getnframes()
            _check_length(path, frames / max(rate, 1), max_seconds)
            raw = reader.readframes(frames)
    except FileNotFoundError as error:
        raise AudioError("audio-missing", f"I can't find the audio file {path}.") from error
    except (wave.Error, EOFError, RuntimeError, OverflowError, struct.error) as error:
        # A chunk that claims more bytes than the file holds fails in ``chunk`` with a bare
        # RuntimeError (or an overflow): as unreadable as any other broken header.
        _LOGGER.info("Not a readable WAV: %s (%r)", path, error)
        raise AudioError(
            "audio-unreadable", f"{path.name} isn't audio I can read: I need a PCM WAV file."
        ) from error
    if not raw or rate <= 0 or channels <= 0:
        raise AudioError("audio-empty", f"{path.name} holds no sound.")
    return to_16k_mono(_decode(raw, width, channels), rate)


def _check_regular(path: Path) -> None:
    """Refuse a folder, a pipe, a device or a socket before opening it (a pipe would block)."""
    mode = os.stat(path).st_mode
    if stat.S_ISDIR(mode):
        raise AudioError("audio-not-a-file", f"{path} is a folder, not an audio file.")
    if not stat.S_ISREG(mode):
        raise AudioError(
            "audio-not-a-file",
            f"{path.name} isn't a file but a pipe or a device, so I can't read it as audio. "
            "Give me a WAV file.",
        )


def _check_length(path: Path, seconds: float, max_seconds: float) -> None:
    if seconds > max_seconds:
        raise AudioError(
            "audio-too-long",
            f"{path.name} is {spoken_minutes(seconds)} long, and I take at most "
            f"{spoken_minutes(max_seconds)} at a time. Split it into shorter parts.",
        )


def spoken_minutes(seconds: float) -> str:
    """A length as said: "40 seconds", "1 minute", "14 minutes"."""
    if seconds < 60:
        return f"{round(seconds)} seconds"
    minutes = round(seconds / 60)
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def _decode(raw: bytes, width: int, channels: int) -> NDArray[np.float32]:
    """Samples as floats in [-1, 1], mixed down to mono."""
    usable = len(raw) - len(raw) % (width * channels)
    data = raw[:usable]
    if width == 1:
        values = (np.frombuffer(data, np.uint8).astype(np.float32) - 128) / 128
    elif width == 2:
        values = np.frombuffer(data, "<i2").astype(np.float32) / 32768
    elif width == 3:
        bytes3 = np.frombuffer(data, np.uint8).reshape(-1, 3).astype(np.int32)
        ints = bytes3[:, 0] | (bytes3[:, 1] << 8) | (bytes3[:, 2] << 16)
        values = (np.where(ints >= 1 << 23, ints - (1 << 24), ints) / float(1 << 23)).astype(
            np.float32
        )
    elif width == 4:
        values = (np.frombuffer(data, "<i4").astype(np.float64) / 2**31).astype(np.float32)
    else:
        raise AudioError("audio-unreadable", f"I can't read {width * 8}-bit audio.")
    return np.asarray(values.reshape(-1, channels).mean(axis=1), dtype=np.float32)


def to_16k_mono(mono: NDArray[np.float32], rate: int) -> Samples:
    """Resample float mono audio to 16 kHz int16 (linear interpolation)."""
    if rate != SAMPLE_RATE and len(mono) > 1:
        count = max(1, round(len(mono) * SAMPLE_RATE / rate))
        positions = np.linspace(0, len(mono) - 1, count)
        mono = np.interp(positions, np.arange(len(mono)), mono).astype(np.float32)
    return np.clip(np.round(mono * 32767), -32768, 32767).astype(np.int16)


def write_wav(path: Path, samples: Samples, rate: int = SAMPLE_RATE) -> None:
    """Write mono int16 ``samples`` as a WAV file."""
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(samples.astype("<i2").tobytes())

"""Any PCM WAV is read as 16 kHz mono; anything else gets a clear error, never a traceback."""

import wave
from pathlib import Path

import numpy as np
import pytest

from assistant.audio.wav import read_wav, write_wav
from assistant.errors import AudioError


def _write(path: Path, samples: np.ndarray, rate: int, width: int, channels: int) -> Path:
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(channels)
        writer.setsampwidth(width)
        writer.setframerate(rate)
        writer.writeframes(samples.tobytes())
    return path


def _tone(rate: int, seconds: float = 1.0) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    return np.sin(2 * np.pi * 440 * t)


def test_44k_stereo_is_mixed_down_and_resampled(tmp_path: Path) -> None:
    tone = (_tone(44100) * 16000).astype("<i2")
    stereo = np.stack([tone, tone], axis=1)
    samples = read_wav(_write(tmp_path / "a.wav", stereo, 44100, 2, 2))
    assert len(samples) == 16000
    assert 15000 < int(np.max(np.abs(samples))) <= 16001


def test_8_bit_unsigned_is_read(tmp_path: Path) -> None:
    tone = (_tone(8000) * 100 + 128).astype(np.uint8)
    samples = read_wav(_write(tmp_path / "a.wav", tone, 8000, 1, 1))
    assert len(samples) == 16000
    assert 24000 < int(np.max(samples)) < 26500


def test_24_bit_is_read(tmp_path: Path) -> None:
    ints = (_tone(16000) * (1 << 22)).astype(np.int32)
    packed = np.stack([(ints >> s) & 0xFF for s in (0, 8, 16)], axis=1).astype(np.uint8)
    samples = read_wav(_write(tmp_path / "a.wav", packed, 16000, 3, 1))
    assert 16000 < int(np.max(samples)) < 16500


def test_round_trip(tmp_path: Path) -> None:
    original = (np.arange(1600) % 200 - 100).astype(np.int16)
    write_wav(tmp_path / "a.wav", original)
    assert np.array_equal(read_wav(tmp_path / "a.wav"), original)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "audio-unreadable"),
        (b"this is a text file, not audio\n" * 20, "audio-unreadable"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", "audio-unreadable"),
    ],
    ids=["empty", "text", "truncated-header"],
)
def test_what_is_not_audio_is_refused_plainly(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "bad.wav"
    path.write_bytes(content)
    with pytest.raises(AudioError) as caught:
        read_wav(path)
    assert caught.value.code == code
    assert "bad.wav" in caught.value.message


def test_a_header_with_no_samples_is_empty(tmp_path: Path) -> None:
    path = _write(tmp_path / "empty.wav", np.zeros(0, np.int16), 16000, 2, 1)
    with pytest.raises(AudioError) as caught:
        read_wav(path)
    assert caught.value.code == "audio-empty"


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(AudioError) as caught:
        read_wav(tmp_path / "nowhere.wav")
    assert caught.value.code == "audio-missing"

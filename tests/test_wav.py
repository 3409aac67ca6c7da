"""Any PCM WAV is read as 16 kHz mono; anything else gets a clear error, never a traceback."""

import os
import struct
import wave
from pathlib import Path

import numpy as np
import pytest

from assistant.audio.wav import TRANSCRIBE_MAX_SECONDS, read_wav, write_wav
from assistant.errors import AudioError
from tests.conftest import run_cli


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


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.wav"
    os.mkfifo(path)
    return path


def test_a_pipe_is_refused_without_waiting_on_it(fifo: Path) -> None:
    with pytest.raises(AudioError) as caught:
        read_wav(fifo)
    assert caught.value.code == "audio-not-a-file"
    assert "pipe" in caught.value.message


@pytest.mark.parametrize("command", [["transcribe"], ["transcribe", "--dictation"]])
def test_transcribe_fails_fast_with_exit_1_on_a_pipe(fifo: Path, command: list[str]) -> None:
    done = run_cli(*command, str(fifo))
    assert done.returncode == 1
    assert b"pipe or a device" in done.stderr
    assert b"Traceback" not in done.stderr


def test_listen_to_a_pipe_fails_the_turn_plainly(fifo: Path, tmp_path: Path) -> None:
    done = run_cli("listen", "--data-dir", str(tmp_path / "home"), "--input-wav", str(fifo))
    assert done.returncode == 1
    assert b"pipe or a device" in done.stderr


def test_transcribe_exits_1_for_what_is_not_audio(tmp_path: Path) -> None:
    text = tmp_path / "notes.wav"
    text.write_text("not audio\n" * 50)
    done = run_cli("transcribe", str(text))
    assert done.returncode == 1
    assert b"isn't audio I can read" in done.stderr


def test_a_dictation_over_the_limit_is_refused_saying_how_long(tmp_path: Path) -> None:
    minutes = TRANSCRIBE_MAX_SECONDS // 60 + 1
    long = _write(tmp_path / "letter.wav", np.zeros(16000 * 60 * minutes, np.int16), 16000, 2, 1)
    done = run_cli("transcribe", "--dictation", str(long))
    assert done.returncode == 1
    expected = f"letter.wav is {minutes} minutes long, and I take at most 3 minutes at a time."
    assert expected.encode() in done.stderr


def _with_list_chunk(path: Path, size: int) -> Path:
    """A one-second WAV whose LIST chunk claims ``size`` bytes (more than the file holds)."""
    data = np.zeros(16000, "<i2").tobytes()
    fmt = struct.pack("<4sLHHLLHH", b"fmt ", 16, 1, 1, 16000, 32000, 2, 16)
    listing = b"LIST" + struct.pack("<L", size) + b"INFO"
    body = b"WAVE" + fmt + listing + b"data" + struct.pack("<L", len(data)) + data
    path.write_bytes(b"RIFF" + struct.pack("<L", len(body)) + body)
    return path


@pytest.mark.parametrize("size", [0xFFFFFFFF, 0x7FFFFFFF, 40])
def test_a_bogus_list_chunk_is_refused_plainly(tmp_path: Path, size: int) -> None:
    with pytest.raises(AudioError) as caught:
        read_wav(_with_list_chunk(tmp_path / "tagged.wav", size))
    assert caught.value.code == "audio-unreadable"


@pytest.mark.parametrize("command", [["transcribe"], ["listen", "--input-wav"]])
def test_a_bogus_list_chunk_fails_the_command_plainly(tmp_path: Path, command: list[str]) -> None:
    path = _with_list_chunk(tmp_path / "tagged.wav", 0xFFFFFFFF)
    done = run_cli(*command, str(path), "--data-dir", str(tmp_path / "home"))
    assert done.returncode == 1, done.stderr
    assert b"tagged.wav isn't audio I can read" in done.stderr
    assert b"Traceback" not in done.stderr

"""``scripts/bench speech``, voice activity: the energy detector that finds where speech starts
against the silero detector that gates Whisper's decodes, on sounds that are not speech and on
speech. Non-speech sounds are made here, from fixed seeds."""

from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from assistant.audio import CHUNK_SECONDS
from assistant.audio.endpoint import Boundary, Endpointer, EnergyDetector
from assistant.audio.wav import read_wav
from assistant.stt.whisper import Confidence, voice_seconds

RATE = 16000
SECONDS = 4


def _notes(rng: np.random.Generator) -> np.ndarray:
    """A tune: a new chord every quarter of a second, each note struck and fading."""
    quarter = np.arange(RATE // 4) / RATE
    chords = []
    for _ in range(SECONDS * 4):
        pitches = 220 * 2 ** (rng.integers(0, 24, 3) / 12)
        chord = sum(np.sin(2 * np.pi * f * quarter) for f in pitches)
        chords.append(chord * np.exp(-6 * quarter))
    return 6000 * np.concatenate(chords) / 3


def _knocks(rng: np.random.Generator) -> np.ndarray:
    """Door knocks and clicks: short loud bursts in quiet."""
    samples = rng.normal(0, 30, RATE * SECONDS)
    for start in rng.integers(0, RATE * SECONDS - 800, 12):
        samples[start : start + 800] += rng.normal(0, 8000, 800) * np.exp(-np.arange(800) / 120)
    return samples


def _babble_of_noise(rng: np.random.Generator) -> np.ndarray:
    """Noise that comes and goes (a fan, traffic): loud for a second, quiet for a second."""
    envelope = np.repeat(rng.uniform(0.05, 1.0, SECONDS * 2), RATE // 2)
    return rng.normal(0, 4000, RATE * SECONDS) * envelope


def non_speech() -> dict[str, np.ndarray]:
    """Sounds that are not speech, 4 s each."""
    rng = np.random.default_rng(7)
    time = np.arange(RATE * SECONDS) / RATE
    white = rng.normal(0, 3000, RATE * SECONDS)
    return {
        "silence": np.zeros(RATE * SECONDS),
        "steady white noise": white,
        "steady low rumble": np.cumsum(rng.normal(0, 40, RATE * SECONDS)),
        "50 Hz hum": 4000 * np.sin(2 * np.pi * 50 * time),
        "a tune": _notes(rng),
        "knocks and clicks": _knocks(rng),
        "noise that comes and goes": _babble_of_noise(rng),
    }


def energy_finds_speech(samples: np.ndarray) -> bool:
    """The listener's energy detector and endpointer start an utterance somewhere in it."""
    detector, endpointer = EnergyDetector(), Endpointer()
    step = round(RATE * CHUNK_SECONDS)
    chunks = (samples[i : i + step] for i in range(0, len(samples) - step + 1, step))
    return any(
        endpointer.process(CHUNK_SECONDS, detector.is_speech(chunk)) is Boundary.STARTED
        for chunk in chunks
    )


def silero_finds_speech(samples: np.ndarray) -> bool:
    """silero finds enough speech in it for Whisper's decode to be believed."""
    return voice_seconds(samples.astype(np.float32) / 32768) >= Confidence().min_voice_seconds


def speech(folders: list[Path]) -> Iterator[np.ndarray]:
    for folder in folders:
        for path in sorted(folder.glob("*.wav")):
            if path.name.startswith("edge_"):
                continue  # the silence and noise fixtures
            yield read_wav(path).astype(np.float64)


def bench_vad(speech_folders: list[Path]) -> list[str]:
    """How often each detector calls non-speech speech, and speech speech."""
    others = {name: np.clip(s, -32768, 32767).astype(np.int16) for name, s in non_speech().items()}
    spoken = [s.astype(np.int16) for s in speech(speech_folders)]
    detectors: dict[str, Callable[[np.ndarray], bool]] = {
        "energy (finds where speech starts)": energy_finds_speech,
        "silero (gates Whisper's decodes)": silero_finds_speech,
    }
    lines = []
    for name, finds in detectors.items():
        fooled = [sound for sound, samples in others.items() if finds(samples)]
        found = sum(finds(samples) for samples in spoken)
        lines.append(
            f"| voice activity, {name}: non-speech sounds called speech; speech found "
            f"| {len(fooled)}/{len(others)} ({', '.join(fooled) or 'none'}); "
            f"{found}/{len(spoken)} recordings | fewer; all |"
        )
    return lines

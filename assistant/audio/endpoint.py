"""End-of-speech detection as pure logic: chunks marked speech or not in, boundaries out.

No audio is needed to test it. ``EnergyDetector`` decides speech or not for a chunk of samples,
relative to a noise floor it keeps learning.
"""

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray


def not_yet() -> bool:
    """The answer to "has a whole command been heard?" where nothing is listening for one."""
    return False


class Boundary(StrEnum):
    """What a chunk of audio told the endpointer."""

    STARTED = "started"
    ENDED = "ended"
    TOO_LONG = "too_long"


@dataclass(frozen=True)
class EndpointSettings:
    """How speech is found in audio."""

    start_seconds: float = 0.12
    """Speech that lasts this long starts an utterance."""
    end_silence_seconds: float = 0.35
    """Silence that lasts this long ends it."""
    sure_end_silence_seconds: float = 0.2
    """Silence this long ends it sooner, when a whole command has been heard that needs no more
    waiting (the recognise stage says so: see ``Utterance.heard_enough``)."""
    max_seconds: float = 15.0
    """An utterance is cut off at this length."""


@dataclass
class Endpointer:
    """Tracks one utterance: where it starts, and where it ends."""

    settings: EndpointSettings = field(default_factory=EndpointSettings)
    """The thresholds."""
    in_speech: bool = False
    """True between STARTED and ENDED."""
    _speech: float = 0.0
    _silence: float = 0.0
    _length: float = 0.0

    def process(
        self, chunk_seconds: float, is_speech: bool, heard_enough: Callable[[], bool] = not_yet
    ) -> Boundary | None:
        """Feed one chunk; returns a boundary when one is crossed. ``heard_enough`` is asked
        during a silence long enough to end a whole command sooner."""
        if not self.in_speech:
            return self._waiting(chunk_seconds, is_speech)
        self._length += chunk_seconds
        self._silence = 0.0 if is_speech else self._silence + chunk_seconds
        if _reached(self._silence, self.settings.end_silence_seconds) or (
            _reached(self._silence, self.settings.sure_end_silence_seconds) and heard_enough()
        ):
            return self._finish(Boundary.ENDED)
        if _reached(self._length, self.settings.max_seconds):
            return self._finish(Boundary.TOO_LONG)
        return None

    @property
    def speech_lead_seconds(self) -> float:
        """How long speech had been going on when STARTED was returned."""
        return self.settings.start_seconds

    def _waiting(self, chunk_seconds: float, is_speech: bool) -> Boundary | None:
        self._speech = self._speech + chunk_seconds if is_speech else 0.0
        if not _reached(self._speech, self.settings.start_seconds):
            return None
        self.in_speech, self._length, self._silence = True, self._speech, 0.0
        return Boundary.STARTED

    def _finish(self, boundary: Boundary) -> Boundary:
        self.in_speech, self._speech = False, 0.0
        return boundary


def _reached(value: float, limit: float) -> bool:
    """``value >= limit``, forgiving the rounding of many added chunk lengths."""
    return value >= limit - 1e-9


@dataclass
class EnergyDetector:
    """Calls a chunk speech when it is clearly louder than the background noise.

    The noise floor is the quietest level of the last couple of seconds: steady noise sets it,
    while speech, which always has quieter moments, does not lift it.
    """

    margin_db: float = 12.0
    """How far above the noise floor speech must be."""
    min_level_db: float = -50.0
    """Nothing quieter than this is speech, however quiet the room."""
    window_chunks: int = 100
    """How many recent chunks the noise floor is taken over (2 s of 20 ms chunks)."""
    recent_db: deque[float] = field(default_factory=deque)
    """The levels of the recent chunks."""

    @property
    def noise_floor_db(self) -> float:
        """The current estimate of background noise."""
        return min(self.recent_db, default=-100.0)

    def is_speech(self, samples: NDArray[np.int16]) -> bool:
        """True when this chunk sounds like speech; also updates the noise floor."""
        level = level_db(samples)
        self.recent_db.append(level)
        if len(self.recent_db) > self.window_chunks:
            self.recent_db.popleft()
        return level > max(self.noise_floor_db + self.margin_db, self.min_level_db)


def level_db(samples: NDArray[np.int16]) -> float:
    """The chunk's RMS level in dB relative to full scale (-100 for silence)."""
    if len(samples) == 0:
        return -100.0
    rms = float(np.sqrt(np.mean(np.square(samples.astype(np.float64))))) / 32768
    return max(-100.0, 20 * float(np.log10(rms))) if rms > 0 else -100.0

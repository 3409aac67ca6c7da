"""A short two-note chime, rendered in code: what an alarm rings before its spoken line."""

from functools import cache

import numpy as np
from numpy.typing import NDArray

from assistant.audio import SAMPLE_RATE
from assistant.audio.wav import Samples

NOTES_HZ = (880.0, 659.3)
"""A falling major third (A5, E5): a doorbell's "ding-dong"."""
NOTE_SECONDS = 0.35
PAUSE_SECONDS = 0.25
LOUDNESS = 0.35
"""Peak level as a share of full scale: clear, not startling."""


@cache
def chime() -> Samples:
    """The chime, then a short pause before speech; 16 kHz mono 16-bit."""
    notes = [_note(hertz) for hertz in NOTES_HZ]
    pause = np.zeros(int(PAUSE_SECONDS * SAMPLE_RATE), np.float64)
    wave = np.concatenate([*notes, pause])
    return (wave * LOUDNESS * 32767).astype(np.int16)


def _note(hertz: float) -> NDArray[np.float64]:
    """One bell-like note: a tone and its octave, fading out."""
    times = np.arange(int(NOTE_SECONDS * SAMPLE_RATE)) / SAMPLE_RATE
    tone = np.sin(2 * np.pi * hertz * times) + 0.3 * np.sin(4 * np.pi * hertz * times)
    fade = np.exp(-times * 6.0) * np.minimum(1.0, times / 0.005)
    note: NDArray[np.float64] = tone / 1.3 * fade
    return note

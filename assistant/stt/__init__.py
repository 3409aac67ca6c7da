"""Speech to text: vosk when a model is installed, else the pocketsphinx model in its wheel."""

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
    "open_recogniser",
]

MODELS_VARIABLE = "ASSISTANT_MODELS"
DEFAULT_MODELS_DIR = Path(__file__).resolve().parents[2] / "models"


@dataclass(frozen=True)
class EngineChoice:
    """Which recogniser will be used, and why."""

    engine: str
    """"vosk" or "pocketsphinx"."""
    reason: str
    """Why, in a sentence."""
    model: Path | None = None
    """The vosk model folder, when vosk is chosen."""


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

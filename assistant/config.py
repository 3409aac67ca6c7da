"""Where the assistant keeps its state, and its settings from TOML."""

import logging
import os
import tempfile
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

import tomli_w
from platformdirs import user_config_dir, user_data_dir

from assistant.errors import ConfigError, StorageError

_LOGGER = logging.getLogger(__name__)

APP_NAME = "assistant"
HOME_VARIABLE = "ASSISTANT_HOME"


@dataclass(frozen=True)
class Paths:
    """Every file and folder the assistant writes to."""

    data_dir: Path
    """Holds the memory database and the log."""
    config_dir: Path
    """Holds ``config.toml``."""

    @classmethod
    def resolve(cls, data_dir: str | None = None) -> "Paths":
        """``--data-dir``, else ``$ASSISTANT_HOME``, else the platform's usual folders.

        A chosen folder holds everything, config included, so runs never share state.
        """
        chosen = data_dir or os.environ.get(HOME_VARIABLE)
        if chosen:
            base = Path(chosen).expanduser()
            return cls(data_dir=base, config_dir=base)
        return cls(Path(user_data_dir(APP_NAME)), Path(user_config_dir(APP_NAME)))

    @property
    def database(self) -> Path:
        """The memory database."""
        return self.data_dir / "memory.db"

    @property
    def log_file(self) -> Path:
        """The log, with the details that replies leave out."""
        return self.data_dir / "assistant.log"

    @property
    def config_file(self) -> Path:
        """The settings file."""
        return self.config_dir / "config.toml"

    def prepare(self) -> None:
        """Create the folders, and check that they can be written to."""
        for folder in (self.data_dir, self.config_dir):
            _prepare_folder(folder)


def _prepare_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise StorageError(
            "data-dir-not-a-folder",
            f"My data folder {folder} is a file, not a folder. Choose another with --data-dir.",
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder, prefix=".write-test-"):
            pass
    except OSError as error:
        _LOGGER.debug("Cannot write to %s: %s", folder, error)
        raise StorageError(
            "data-dir-unwritable",
            f"I can't write to my data folder {folder}. "
            "Check its permissions, or choose another with --data-dir.",
        ) from error


@dataclass(frozen=True)
class Settings:
    """What the user can change, in ``config.toml`` or the window's settings panel."""

    language: str = "en"
    """The language of the sentence templates and replies."""
    max_utterance_chars: int = 1000
    """Longer typed or spoken input is refused with a clear message."""
    input_device: str = ""
    """The microphone, by name (or part of it) or index; empty for the system's default."""
    output_device: str = ""
    """The speaker, earpiece or headset, by name or index; empty for the system's default."""
    voice: str = ""
    """The voice: a Piper voice's name ("en_US-joe-medium", or one placed in ``models/``) or an
    espeak-ng/system voice id; empty for the usual one (Piper's on Linux where installed)."""
    rate: int = 0
    """Speaking pace in words per minute, applied to either engine; 0 for the voice's own."""
    close_to_tray: bool = False
    """Closing the window keeps the assistant running in the tray."""
    name_first: bool = False
    """Take speech only when it starts with my name ("Samantha, what time is it"), except
    for a few seconds after I ask something, and with push-to-talk."""
    push_to_talk_key: str = "Ctrl+Space"
    """The key that starts listening while the window has focus."""
    allowed_folders: tuple[str, ...] = ()
    """Folders the assistant may organise; empty for the usual user folders."""
    organise_folders: tuple[str, ...] = ()
    """Changes to where each kind goes when organising, as "kind=Folder" ("pdf=Papers")."""
    organise_by_date_over: int = 50
    """A kind with more files than this is split into year-month folders."""
    open_with: str = ""
    """The program that opens files; empty for the desktop's default (xdg-open)."""
    chat_model_url: str = ""
    """An OpenAI-compatible server on this computer for open conversation (Ollama,
    llama.cpp's server), such as "http://127.0.0.1:11434/v1"; empty (the default) for none."""
    chat_model: str = ""
    """The model's name on that server; empty for its default."""
    named_times: tuple[str, ...] = ()
    """Changes to the usual times of named parts of the day, as "after lunch=14:00" (the usual
    ones: first thing 8:00, lunchtime 12:30, after lunch 13:30, after school 15:30, after work
    17:30, bedtime 21:30)."""
    chat_model_knows_me: bool = False
    """Whether the local model is told the facts the assistant knows about the user."""
    satellites: tuple[str, ...] = ()
    """Wyoming satellites in other rooms, as "name=host:port" ("kitchen=192.168.1.20:10700")."""
    speak_first_to: str = "last"
    """Where a reminder or other first word goes when rooms are in use: "last" (the room the
    user spoke in last) or "all"."""
    wyoming_server: bool = False
    """Offer speech-to-text, the voice and understanding to Home Assistant over Wyoming."""
    wyoming_port: int = 10400
    """The port the Wyoming server listens on."""
    wyoming_allowed: tuple[str, ...] = ()
    """Addresses (besides this computer) allowed to use the Wyoming server; while empty, it
    listens on this computer only. Wyoming has no password and no encryption."""
    wyoming_zeroconf: bool = False
    """Announce the Wyoming server on the home network (zeroconf), so Home Assistant finds it."""


def load_settings(paths: Paths) -> Settings:
    """The settings from ``config.toml``, or the defaults when it does not exist."""
    if not paths.config_file.exists():
        return Settings()
    try:
        raw = tomllib.loads(paths.config_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(
            "config-unreadable",
            f"My settings file {paths.config_file} can't be read ({error}). "
            "Fix it, or move it away to start from the defaults.",
        ) from error
    return _settings_from(raw, paths.config_file)


_KIND_NAMES = {
    int: "a whole number",
    str: "text in quotes",
    bool: "true or false",
    tuple: "a list of texts in quotes",
}


def _settings_from(raw: dict[str, object], source: Path) -> Settings:
    defaults = Settings()
    known = {field.name for field in fields(Settings)}
    checked: dict[str, object] = {}
    for key, value in raw.items():
        if key not in known:
            _LOGGER.warning("Ignoring unknown setting %r in %s", key, source)
            continue
        expected = type(getattr(defaults, key))
        if expected is tuple and _is_text_list(value):
            value = tuple(value)  # type: ignore[arg-type]  # checked just above
        if type(value) is not expected:
            raise ConfigError(
                "config-invalid", f"In {source}, {key} should be {_KIND_NAMES[expected]}."
            )
        checked[key] = value
    return replace(defaults, **checked)  # type: ignore[arg-type]  # types checked above


def _is_text_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def save_settings(paths: Paths, settings: Settings) -> None:
    """Write the settings that differ from the defaults to ``config.toml``, atomically."""
    defaults = Settings()
    changed = {
        field.name: _toml_value(getattr(settings, field.name))
        for field in fields(Settings)
        if getattr(settings, field.name) != getattr(defaults, field.name)
    }
    temporary = paths.config_file.with_suffix(".toml.new")
    try:
        temporary.write_text(tomli_w.dumps(changed), encoding="utf-8")
        temporary.replace(paths.config_file)
    except OSError as error:
        raise ConfigError(
            "config-unwritable", f"I couldn't save my settings to {paths.config_file}."
        ) from error


def _toml_value(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value

"""Errors the user can hear about: each carries a stage, a code and a plain sentence."""

from enum import StrEnum


class Stage(StrEnum):
    """Where in a turn something went wrong."""

    INPUT = "input"
    AUDIO = "audio"
    STT = "stt"
    INTENT = "intent"
    SKILL = "skill"
    TTS = "tts"
    MEMORY = "memory"
    CONFIG = "config"
    INTERNAL = "internal"


class AssistantError(Exception):
    """An error with a code for machines and a sentence for people.

    ``message`` is what the user hears and sees; details go to the log.
    """

    stage: Stage = Stage.INTERNAL

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class InputError(AssistantError):
    """The words or bytes given to the assistant cannot be used."""

    stage = Stage.INPUT


class UnderstandingError(AssistantError):
    """The sentence templates could not be loaded or used."""

    stage = Stage.INTENT


class SkillError(AssistantError):
    """A skill could not do what was asked."""

    stage = Stage.SKILL


class StorageError(AssistantError):
    """The data folder or the memory database cannot be used."""

    stage = Stage.MEMORY


class ConfigError(AssistantError):
    """The settings file cannot be read."""

    stage = Stage.CONFIG


INTERNAL_ERROR_MESSAGE = "Something went wrong on my side. The details are in my log."


class AudioError(AssistantError):
    """Audio cannot be read, recorded or played."""

    stage = Stage.AUDIO


class RecogniserError(AssistantError):
    """Speech cannot be turned into words (no engine, no model)."""

    stage = Stage.STT


class SynthesisError(AssistantError):
    """A reply cannot be turned into speech."""

    stage = Stage.TTS

"""The closed set of events a turn publishes, one frozen dataclass per kind.

Every consumer (the window, the ``--json`` printer, the log, the tests) reads these and
nothing else. ``to_json`` turns any of them into one JSON-ready dict with a snake_case
``"type"``.
"""

import re
from dataclasses import asdict, dataclass, field
from enum import Enum, StrEnum
from typing import get_args


class AssistantState(StrEnum):
    """What the assistant is doing, as the window shows it."""

    IDLE = "idle"
    LISTENING = "listening"
    THINKING = "thinking"
    SPEAKING = "speaking"
    ASLEEP = "asleep"
    ERROR = "error"


SlotValue = str | int | float


@dataclass(frozen=True)
class TurnStarted:
    turn_id: int
    """Number of the turn in this conversation, from 1."""
    source: str
    """Where the turn came from: "text", "audio", or "assistant" when it speaks first."""
    room: str = ""
    """The room it happened in (a satellite, or Home Assistant); empty for this computer."""


@dataclass(frozen=True)
class SpeechStarted:
    turn_id: int
    """The turn this speech belongs to."""
    at_seconds: float
    """Where in the audio stream speech began, in seconds."""


@dataclass(frozen=True)
class SpeechEnded:
    turn_id: int
    """The turn this speech belongs to."""
    at_seconds: float
    """Where in the audio stream speech ended, in seconds."""


@dataclass(frozen=True)
class PartialTranscript:
    turn_id: int
    """The turn being transcribed."""
    text: str
    """The words heard so far; they may still change."""


@dataclass(frozen=True)
class Transcript:
    turn_id: int
    """The turn this transcript belongs to."""
    text: str
    """The words the user said or typed."""
    final: bool = True
    """True once the words will no longer change."""
    confidence: float = 1.0
    """How sure the recogniser is, from 0 to 1 (typed text is 1)."""
    engine: str = "text"
    """Which recogniser produced it: "text", "vosk" or "pocketsphinx"."""
    room: str = ""
    """The room the words were said in; empty for this computer."""


@dataclass(frozen=True)
class IntentRecognised:
    turn_id: int
    """The turn that was understood."""
    intent: str
    """The intent's name, such as "system.time"."""
    slots: dict[str, SlotValue] = field(default_factory=dict)
    """The values picked out of the sentence, by slot name."""
    confidence: float = 1.0
    """How much of the sentence the template matched word for word, from 0 to 1."""


@dataclass(frozen=True)
class NotUnderstood:
    turn_id: int
    """The turn that was not understood."""
    text: str
    """What was said."""
    suggestions: tuple[str, ...] = ()
    """A few things that can be said instead."""


@dataclass(frozen=True)
class ActionPlanned:
    turn_id: int
    """The turn that planned the action."""
    action: str
    """The intent whose action waits for a yes."""
    summary: str
    """The plan in one or two sentences, as it is read back."""
    steps: tuple[str, ...] = ()
    """Every step of the plan, for the window and ``--json``."""


@dataclass(frozen=True)
class ActionDone:
    turn_id: int
    """The turn in which the action was carried out."""
    action: str
    """The intent whose action was carried out."""
    summary: str
    """What was done, in a few words."""
    undoable: bool = False
    """True when "undo" can reverse it."""


@dataclass(frozen=True)
class Progress:
    turn_id: int
    """The turn whose action is being carried out."""
    action: str
    """The intent whose action is in progress."""
    done: int
    """Steps finished so far."""
    total: int
    """Steps in all."""


@dataclass(frozen=True)
class Reply:
    turn_id: int
    """The turn being answered."""
    text: str
    """What the assistant says."""
    room: str = ""
    """The room it is said in; empty for this computer."""


@dataclass(frozen=True)
class SpeakingStarted:
    turn_id: int
    """The turn whose reply is being spoken."""
    text: str
    """The words being spoken."""


@dataclass(frozen=True)
class SpeakingFinished:
    turn_id: int
    """The turn whose reply was spoken."""
    interrupted: bool = False
    """True when speech was cut off before its end."""


@dataclass(frozen=True)
class StateChanged:
    turn_id: int
    """The turn during which the state changed (0 between turns)."""
    state: AssistantState
    """The new state."""
    previous: AssistantState
    """The state before."""


@dataclass(frozen=True)
class Failed:
    turn_id: int
    """The turn that failed."""
    stage: str
    """Where it failed: input, audio, stt, intent, skill, tts, memory, config or internal."""
    code: str
    """A stable kebab-case code, such as "input-empty"."""
    message: str
    """A plain sentence for the user."""


@dataclass(frozen=True)
class NameChanged:
    turn_id: int
    """Always 0: a rename is told outside the turns' own events (the turn asking for it has its
    ``ActionDone``)."""
    name: str
    """The assistant's new name, already kept."""


@dataclass(frozen=True)
class SettingsChanged:
    turn_id: int
    """Always 0: settings change outside turns."""
    changed: tuple[str, ...]
    """The names of the settings whose values changed, already kept in ``config.toml``."""


@dataclass(frozen=True)
class TurnEnded:
    turn_id: int
    """The turn that ended, whatever happened in it."""


Event = (
    TurnStarted
    | SpeechStarted
    | SpeechEnded
    | PartialTranscript
    | Transcript
    | IntentRecognised
    | NotUnderstood
    | ActionPlanned
    | ActionDone
    | Progress
    | Reply
    | SpeakingStarted
    | SpeakingFinished
    | StateChanged
    | Failed
    | TurnEnded
    | NameChanged
    | SettingsChanged
)

EVENT_TYPES: tuple[type, ...] = get_args(Event)


def type_name(event_class: type) -> str:
    """The snake_case name of an event class: ``IntentRecognised`` -> ``intent_recognised``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", event_class.__name__).lower()


def to_json(event: Event) -> dict[str, object]:
    """The event as a JSON-ready dict, its ``type`` first."""
    body: dict[str, object] = {"type": type_name(type(event))}
    for key, value in asdict(event).items():
        body[key] = value.value if isinstance(value, Enum) else value
    return body

"""What every speech recogniser offers, whatever the engine."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from hassil import Intents, SlotList

from assistant.stt.grammar import Vocabulary


class Mode(StrEnum):
    """How speech is decoded."""

    COMMAND = "command"
    """Only sentences of the command grammar; anything else is rejected."""
    DICTATION = "dictation"
    """Any words, for letters, notes and "remember that ..."."""


@dataclass(frozen=True)
class Recognition:
    """The words heard in one utterance."""

    text: str
    """The words, lowercase; empty when nothing was recognised."""
    confidence: float
    """How sure the engine is, from 0 to 1."""
    engine: str
    """Which engine heard it."""
    rejected: bool = False
    """True when the speech did not fit the command grammar."""


@dataclass(frozen=True)
class GrammarSpec:
    """What the command grammar is built from: the templates and the values known for slots."""

    intents: Intents
    """The intent templates."""
    slot_lists: Mapping[str, SlotList]
    """The slot lists in use, including generated and dynamic ones."""
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    """Known values for wildcard slots."""


class Recogniser(Protocol):
    """Turns 16 kHz mono 16-bit audio into words, one utterance at a time."""

    name: str

    def set_grammar(self, spec: GrammarSpec) -> None:
        """Build the command grammar from ``spec``."""
        ...

    def start(self, mode: Mode) -> None:
        """Begin an utterance."""
        ...

    def accept(self, pcm: bytes) -> None:
        """Feed audio."""
        ...

    def partial(self) -> str:
        """The words heard so far in this utterance; they may still change."""
        ...

    def partial_recognition(self) -> Recognition:
        """The words heard so far, with how sure the engine is of them as a whole command
        (0 when it cannot tell mid-utterance)."""
        ...

    def finish(self) -> Recognition:
        """End the utterance and return what was heard."""
        ...

    def decode_whole(self, pcm: bytes, mode: Mode) -> Recognition:
        """Recognise a whole recording at once (not live), normalised over all of it."""
        ...

    def close(self) -> None:
        """Let go of the engine (a model still loading is waited for)."""
        ...

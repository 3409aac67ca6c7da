"""Match a sentence against the intent templates in ``sentences/en/*.yaml``.

A sentence either fits a template (an ``Understanding``) or it does not (``None``); it is
never forced onto the nearest intent.
"""

import logging
import re
import string
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from hassil import Intents, RecognizeResult, SlotList, TextSlotList, merge_dict, recognize_best
from hassil.expression import TextChunk

from assistant.errors import UnderstandingError
from assistant.events import SlotValue
from assistant.intents.values import duration_values, time_values

_LOGGER = logging.getLogger(__name__)

SENTENCES_DIR = Path(__file__).parent / "sentences"
_ADDRESS_WORDS = ("hey", "hi", "ok", "okay", "hello")
_SLOT_STRIP = string.whitespace + ".,!?;:\"'"


@dataclass(frozen=True)
class Understanding:
    """What a sentence means: an intent, its slots, and how literally it matched."""

    intent: str
    """The intent's name, such as "system.time"."""
    slots: dict[str, SlotValue] = field(default_factory=dict)
    """The slot values picked out of the sentence."""
    confidence: float = 1.0
    """The share of the sentence matched word for word by the template, from 0 to 1."""


@cache
def load_intents(language: str = "en") -> Intents:
    """The parsed templates for ``language``, read once per process."""
    folder = SENTENCES_DIR / language
    try:
        merged: dict[str, Any] = {}
        for path in sorted(folder.glob("*.yaml")):
            with path.open(encoding="utf-8") as stream:
                merge_dict(merged, yaml.safe_load(stream))
        return Intents.from_dict(merged)
    except (OSError, yaml.YAMLError, KeyError, ValueError, TypeError) as error:
        _LOGGER.exception("Cannot load sentence templates from %s", folder)
        raise UnderstandingError(
            "templates-unreadable", "My list of things I understand is damaged or missing."
        ) from error


@cache
def generated_slot_lists() -> dict[str, SlotList]:
    """The slot lists built in code rather than in the templates."""
    return {
        "duration": TextSlotList.from_tuples(duration_values(), allow_template=False),
        "time": TextSlotList.from_tuples(time_values(), allow_template=False),
    }


class Matcher:
    """Turns text into an ``Understanding``, knowing the assistant's own name."""

    def __init__(self, language: str = "en") -> None:
        self.intents = load_intents(language)
        self._slot_lists = dict(generated_slot_lists())
        self.assistant_name = ""

    def set_assistant_name(self, name: str) -> None:
        """Let the templates (greetings, addressing) know what the assistant is called."""
        self.assistant_name = name
        self._slot_lists["assistant_name"] = TextSlotList.from_strings([name], allow_template=False)

    @property
    def intent_names(self) -> list[str]:
        """Every intent in the catalogue."""
        return sorted(self.intents.intents)

    @property
    def slot_lists(self) -> dict[str, SlotList]:
        """The slot lists in use, including the generated and dynamic ones."""
        return dict(self._slot_lists)

    def list_words(self, list_name: str) -> list[str]:
        """The plain words a slot list accepts ("sister", "mum", ...)."""
        slot_list = self._slot_lists.get(list_name) or self.intents.slot_lists.get(list_name)
        if not isinstance(slot_list, TextSlotList):
            return []
        chunks = (value.text_in for value in slot_list.values)
        return [chunk.text.strip() for chunk in chunks if isinstance(chunk, TextChunk)]

    def understand(self, text: str) -> Understanding | None:
        """The meaning of ``text``, or ``None`` when it fits no template."""
        sentence = self._without_address(text)
        result = recognize_best(sentence, self.intents, slot_lists=self._slot_lists)
        if result is None or result.intent is None:
            return None
        return Understanding(
            intent=result.intent.name,
            slots=_slots_of(result),
            confidence=_literal_share(result, sentence),
        )

    def addressed(self, text: str) -> bool:
        """Whether ``text`` starts with the assistant's name ("Nora, ...", "hey Nora")."""
        return bool(self.assistant_name) and self._address_pattern().match(text) is not None

    def _address_pattern(self) -> re.Pattern[str]:
        words = "|".join(_ADDRESS_WORDS)
        name = re.escape(self.assistant_name)
        return re.compile(rf"^\s*(?:(?:{words})\s+)?{name}\b[\s,.!:;-]*", re.IGNORECASE)

    def _without_address(self, text: str) -> str:
        """Drop a leading "hey Nora," so the rest can be matched on its own."""
        if not self.assistant_name:
            return text
        rest = self._address_pattern().sub("", text, count=1)
        return rest if rest.strip() else text


def _slots_of(result: RecognizeResult) -> dict[str, SlotValue]:
    slots: dict[str, SlotValue] = {}
    for name, entity in result.entities.items():
        value = entity.value
        slots[name] = value.strip(_SLOT_STRIP) if isinstance(value, str) else value
    return slots


def _literal_share(result: RecognizeResult, sentence: str) -> float:
    letters = sum(1 for char in sentence if char.isalnum())
    if letters == 0:
        return 0.0
    return round(min(1.0, result.text_chunks_matched / letters), 3)

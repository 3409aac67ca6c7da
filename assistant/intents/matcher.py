"""Match a sentence against the intent templates in ``sentences/en/*.yaml``.

Every way text arrives (typed, or a transcript of speech) comes through ``Matcher.understand``.
It tries, in order, stopping at the first that fits:

1. the templates on the sentence as written (tidied of emoji, "um" and stray punctuation);
2. the templates on the sentence without the assistant's name and polite wrappers
   ("could you tell me ...", "... for me please");
3. the templates on it without a first word no template knows, taken as another name the
   user calls the assistant by ("Olly, set a timer for ...");
4. the learned step (``learned.LearnedStep``): a model trained on the project's own natural
   sentences names the intent when it is clear enough, finds its slots wherever they are
   said (``learned_slots``), and either acts on it or, returned as not ``sure``, has the
   pipeline ask first (``asking``). It names only intents that have a skill, and those that
   change things only as a question, above a higher bar. Its weights are read the first
   time a sentence needs it (about 50 ms), not at start.

A sentence that none of these fit is not understood (``None``); it is never forced onto the
nearest intent. A length of time is found in the text first ("1 hour and 15 minutes",
"half an hour") and stands in the sentence as one word, so every template with a
``{duration}`` takes every way of saying one.
"""

import logging
import re
import string
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import yaml
from hassil import Intents, RecognizeResult, SlotList, TextSlotList, merge_dict, recognize_ranked
from hassil.expression import TextChunk
from rapidfuzz import fuzz

from assistant.errors import UnderstandingError
from assistant.events import SlotValue
from assistant.intents.asking import QUESTIONS
from assistant.intents.learned import LearnedStep, Placed, prepared
from assistant.intents.normalise import tidy, unwrapped
from assistant.intents.slots import bounded, split_name_from_body, written_address
from assistant.intents.suggestions import about_themselves, asks_for_something
from assistant.intents.understanding import Understanding
from assistant.intents.values import (
    DURATION_WORD,
    duration_values,
    find_duration,
    time_values,
    with_digits,
)
from assistant.intents.vocabulary import known_words

__all__ = ["Matcher", "Understanding", "load_intents"]

CONFIRM, ACKNOWLEDGEMENT = "system.confirm", "chat.acknowledge"
"""A yes, and what a plain "ok" is when no yes is awaited."""
CONVERSATION = "chat."
"""The intents of conversation."""
AFTERTHOUGHT = re.compile(
    r"(?:,\s*|\s+)(?:i|im|i'm|ive|i've|cos|cause|coz|because|since|as|its|it's|they|theyre"
    r"|they're|we|were|we're)\s",
    re.IGNORECASE,
)
"""Where an afterthought starts after a request: "... i already rang them", "..., its for
the pasta"."""
MAX_AFTERTHOUGHT_WORDS = 5
"""The most words an afterthought has: a longer tail is more likely part of the request ("email
the thing I wrote yesterday to everyone at work")."""
MIN_REQUEST_WORDS = 3
"""The fewest words a request before an afterthought has ("forget this, i dont want it" is
no request to forget)."""
_LOGGER = logging.getLogger(__name__)
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML was built with it: the templates load several times
faster."""

SENTENCES_DIR = Path(__file__).parent / "sentences"
_ADDRESS_WORDS = ("hey", "hi", "ok", "okay", "hello")
_SLOT_STRIP = string.whitespace + ".,!?;:\"'"
_VOCATIVE = re.compile(
    r"^(?:(?:hey|hi|ok|okay)\s+)?(?P<name>[a-z]+)[,]?\s+(?P<rest>.+)$", re.IGNORECASE
)
NEAREST_INSIDE = 0.5
"""A sentence not understood is near an intent only when it is more likely for some intent
than for none."""
NEAREST_SHARE = 0.3
"""And only when that intent has this much of the probability."""
OUTSIDE = 0.05
"""A template's match stands unless the learned step gives the sentence less than this
probability of asking for anything at all (measured by five-fold over the corpus and on the
held-out lines: it rejects more of what the assistant does not do and loses none it does)."""
LOOSE_OUTSIDE = 0.3
"""The same for a template whose free-text slot took some of the words ("open {filename}" for
"please open the curtains"): it fits the sentence's shape, not its words, so the learned step
must give it more. Chosen by five-fold over the corpus: from 0.05 to 0.3, 27 more of 4576
lines for no intent rejected, 13 of 20435 that ask for one lost; at 0.5, 41 and 33."""
OVERRULE = 0.9
"""Nor when the learned step gives another intent at least this probability (and would name
it): then the learned step's reading is taken instead."""
ANSWERS = frozenset({"system.confirm", "system.deny"})
"""Template matches kept whatever the learned step says: whether "ok" is a yes depends on
what was asked, which only the conversation knows."""
ECHO_REPLIES = 8
"""How many of its own last replies the assistant knows again when it hears them: its replies
to the pieces of one reply heard back count too, so four could push that reply out before
its last piece was heard (its own fallback, heard in four pieces under load)."""
ECHO_WORDS = 3
ECHO_LIKENESS = 80
"""How alike (0-100, rapidfuzz's partial ratio) speech and a reply must be to be an echo."""
WHOLE_ECHO = 0.6
"""Speech as long as this share of one of its replies, and alike, is that reply heard back
whole (not the user saying a command it suggested)."""
_UNIT_WORDS = re.compile(r"\b(?:hours?|hrs?|minutes?|mins?|seconds?|secs?)\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Duration:
    """The length of time found in a sentence."""

    seconds: int
    """How long it is."""
    written: str
    """How it was written ("half an hour"), put back where it lands in a free-text slot."""


@cache
def load_intents(language: str = "en") -> Intents:
    """The parsed templates for ``language``, read once per process."""
    folder = SENTENCES_DIR / language
    try:
        merged: dict[str, Any] = {}
        for path in sorted(folder.glob("*.yaml")):
            with path.open(encoding="utf-8") as stream:
                merge_dict(merged, yaml.load(stream, Loader=_YAML_LOADER))
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
        self.language = language
        self.intents = load_intents(language)
        self._offered: tuple[frozenset[str], frozenset[str]] | None = None
        self._replies: deque[str] = deque(maxlen=ECHO_REPLIES)
        self._slot_lists = dict(generated_slot_lists())
        self._text_lists = {**self._slot_lists, **text_slot_lists()}
        self.assistant_name = ""

    def set_assistant_name(self, name: str) -> None:
        """Let the templates (greetings, addressing) know what the assistant is called."""
        self.assistant_name = name
        names = TextSlotList.from_strings([name], allow_template=False)
        self._slot_lists["assistant_name"] = self._text_lists["assistant_name"] = names

    @cached_property
    def learned(self) -> LearnedStep:
        """The learned step behind the templates, read the first time a sentence needs it."""
        return LearnedStep.load(self.language)

    @cached_property
    def known_words(self) -> frozenset[str]:
        """Every word the templates and the corpus know."""
        return known_words(self.intents) | self.learned.words

    def offer(self, intents: frozenset[str], changing: frozenset[str]) -> None:
        """Let the learned step name only ``intents`` (those with a skill), and ``changing``
        ones only as a question above its higher bar."""
        self._offered = (intents & frozenset(self.intents.intents), changing)

    @property
    def _skills(self) -> tuple[frozenset[str], frozenset[str]]:
        """The intents the learned step may name, and those that need its higher bar: as
        offered (the app offers its skills'), else every intent in the templates, with every
        one that would be asked about held to the higher bar, as the surest choice."""
        if self._offered is None:
            return frozenset(self.intents.intents), frozenset(QUESTIONS)
        return self._offered

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

    def remember_reply(self, reply: str) -> None:
        """Keep one of the assistant's own replies, to know it when it is heard back."""
        self._replies.append(" ".join(tidy(reply).lower().split()))

    def echoes(self, text: str) -> bool:
        """Whether ``text`` is a piece of one of the assistant's last replies (its own voice
        heard back by the microphone), however short ("sorry" of "Sorry, I didn't understand
        that"): only the templates may take it."""
        return bool(self._echoed(text, shortest=1))

    def within_a_reply(self, text: str) -> bool:
        """Whether ``text`` of two words or more has every word come, in order, in one of the
        assistant's last replies: "sorry what" in "Sorry, I didn't understand that. You could
        ask me "what can you do"." may be its own voice heard back in pieces, so a hearing of
        it is checked. (A word alone, such as "stop", is left to stand.)"""
        words = tidy(text).lower().split()
        return len(words) > 1 and any(_in_order(words, reply.split()) for reply in self._replies)

    def echoes_whole(self, text: str) -> bool:
        """Whether ``text`` is most of one of the assistant's last replies heard back (its
        own fallback, say, with the command it suggests inside it)."""
        said = " ".join(tidy(text).lower().split())
        return any(len(said) >= WHOLE_ECHO * len(reply) for reply in self._echoed(text))

    def _echoed(self, text: str, shortest: int = ECHO_WORDS) -> list[str]:
        """The last replies ``text`` is a piece of, when it is ``shortest`` words or more."""
        said = " ".join(tidy(text).lower().split())
        if not said or len(said.split()) < shortest:
            return []
        return [
            reply for reply in self._replies if fuzz.partial_ratio(said, reply) >= ECHO_LIKENESS
        ]

    def understand(
        self,
        text: str,
        learned: bool = True,
        invited: frozenset[str] = frozenset(),
        awaited: bool = True,
    ) -> Understanding | None:
        """The meaning of ``text``: from the templates, or from the learned step (not ``sure``
        when it should be asked about first); ``None`` when it is not something the assistant
        does. Without ``learned``, only the templates (to judge a hearing of speech). A
        template's match for an ``invited`` intent (one the last reply asked for) stands.
        Unless a yes is ``awaited``, a plain "ok" is an acknowledgement, not a yes."""
        found = self._understood(text, learned, invited)
        if awaited or found is None or found.intent != CONFIRM or found.slots.get("said") != "ok":
            return found
        return Understanding(ACKNOWLEDGEMENT, {}, found.confidence)

    def _understood(
        self, text: str, learned: bool, invited: frozenset[str]
    ) -> Understanding | None:
        """``understand``'s reading, whatever is awaited."""
        sentence, duration = _marked_duration(self._without_address(tidy(text)))
        plain = unwrapped(sentence, self.assistant_name)
        said = prepared(text, self.assistant_name)
        known = {"duration": duration.seconds} if duration else {}
        for reading in self._readings(sentence, plain):
            found = self._matched(reading, duration)
            if found is not None:
                if not learned or found.intent in invited:
                    return found
                return self._second_opinion(found, said, known)
        if not learned:
            return None
        return (
            self._learned(text, said, known)
            or self._before_afterthought(text)
            or self._talk_before_a_comma(text)
        )

    def _talk_before_a_comma(self, text: str) -> Understanding | None:
        """Conversation, then a clause that asks for nothing ("ok cheers, back to it"): the
        conversation, by the templates alone."""
        head, comma, tail = text.partition(",")
        if not comma or not tail.strip() or asks_for_something(tail):
            return None
        found = self._understood(head, learned=False, invited=frozenset())
        if found is None or not found.intent.startswith(CONVERSATION):
            return None
        return replace(found, loose=True)  # a template fits only the line's first part

    def _before_afterthought(self, text: str) -> Understanding | None:
        """A request with a short afterthought run on ("cancel the gp one i already rang
        them"): the request before it, by the templates alone; one that changes things is
        asked about first."""
        cut = AFTERTHOUGHT.search(text)
        before = text[: cut.start()].strip(" ,") if cut else ""
        after = text[cut.start() :].split() if cut else []
        if len(before.split()) < MIN_REQUEST_WORDS or len(after) > MAX_AFTERTHOUGHT_WORDS:
            return None
        found = self._understood(before, learned=False, invited=frozenset())
        if found is None:
            return None
        _, changing = self._skills
        return replace(found, sure=found.intent not in changing, loose=True)

    def _learned(
        self, text: str, said: str, known: Mapping[str, SlotValue]
    ) -> Understanding | None:
        """The learned step's reading, placed once; else, for a line about the user's own life
        whose kind of news is clear though it missed the usual bar ("leo rode his bike today,
        so proud"), that kind: answered in kind, not only listened to; else, for a line that
        asks for nothing and is clearly conversation ("ok nite x"), conversation."""
        offered, changing = self._skills
        placed = self.learned.weights.best(said)
        found = self.learned.reading(placed, said, known, offered, changing)
        if found is not None:
            return found
        if about_themselves(text):
            return self.learned.shared_from(placed, said, offered)
        if not asks_for_something(text):
            return self.learned.conversation_from(placed, said, offered)
        return None

    def _second_opinion(
        self, found: Understanding, said: str, known: Mapping[str, SlotValue]
    ) -> Understanding | None:
        """A template's match, unless the learned step is all but certain the sentence asks
        for nothing it does ("who is the president of france" is not a question about a
        person it knows), or, where a free-text slot took some of the words, clearly for
        another intent it may name ("remind me again in 5" is a snooze, not a reminder to
        "again"); a yes or a no always stands."""
        if found.intent in ANSWERS or found.confidence >= 1.0:
            return found
        placed = self.learned.weights.best(said)
        if placed.inside < (LOOSE_OUTSIDE if found.loose else OUTSIDE):
            return None
        overruled = found.loose and _overrules(placed, found, said)
        if overruled and self.learned.thresholds.met(placed):
            offered, changing = self._skills
            return self.learned.reading(placed, said, known, offered, changing)
        return found

    def _readings(self, sentence: str, plain: str) -> Iterator[str]:
        """The sentence as written, without wrappers, and without a name in front that no
        template knows ("Olly, ...", "hey Max ..."), each only when the one before fails."""
        yield sentence
        if plain != sentence:
            yield plain
        called = _VOCATIVE.match(plain)
        if called is not None and called.group("name").lower() not in self.known_words:
            yield called.group("rest")

    def _matched(self, sentence: str, duration: _Duration | None) -> Understanding | None:
        """The best template match whose slots are all within bounds."""
        for result in recognize_ranked(sentence, self.intents, slot_lists=self._text_lists):
            rules = result.intent_metadata or {}
            slots = split_name_from_body(_slots_of(result, duration), rules)
            if bounded(slots, rules):
                share = _literal_share(result, sentence)
                loose = any(entity.is_wildcard for entity in result.entities.values())
                return Understanding(result.intent.name, slots, share, loose=loose)
        return None

    def nearest(self, sentence: str) -> str | None:
        """The intent a sentence that was not understood comes nearest, to suggest instead;
        ``None`` when what the assistant does not do comes nearer, or nothing is near."""
        placed = self.learned.weights.best(prepared(sentence, self.assistant_name))
        offered, _ = self._skills
        near = placed.inside >= NEAREST_INSIDE and placed.probability >= NEAREST_SHARE
        return placed.intent if near and placed.intent in offered else None

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


def _overrules(placed: Placed, found: Understanding, sentence: str) -> bool:
    """Whether the learned step's ``placed`` reading is clear enough to set aside a template's
    ``found``: another intent, at ``OVERRULE`` or more; not another kind of conversation (each
    kind is answered in kind, and the template's is the more exact); and not of another kind
    of thing when the sentence names the template's ("set a reminder for 10 minutes" is a
    reminder, however like a timer it sounds)."""
    if placed.intent == found.intent or placed.probability < OVERRULE:
        return False
    if placed.intent.startswith(CHAT) and found.intent.startswith(CHAT):
        return False
    kind, other = (intent.split(".", 1)[0] for intent in (found.intent, placed.intent))
    named = KIND_WORDS.get(kind)
    return kind == other or named is None or named.search(sentence) is None


CHAT = "chat."
KIND_WORDS = {
    kind: re.compile(rf"\b(?:{words})\b", re.IGNORECASE)
    for kind, words in {
        "reminder": "reminders?",
        "alarm": "alarms?",
        "timer": "timers?",
        "mail": "e-?mails?|emials?|inbox|mail",
        "files": "files?|folders?",
    }.items()
}
"""The words that name each kind of thing a template's intent is about."""


@cache
def text_slot_lists() -> dict[str, SlotList]:
    """The lists that differ for typed text: every length of time in a sentence is found
    first and stands in it as ``DURATION_WORD`` (see ``_marked_duration``)."""
    return {"duration": TextSlotList.from_tuples([(DURATION_WORD, DURATION_WORD)])}


def _marked_duration(sentence: str) -> tuple[str, _Duration | None]:
    """``sentence`` with its length of time (if any) replaced by ``DURATION_WORD``."""
    if not _UNIT_WORDS.search(sentence):
        return sentence, None
    digits = with_digits(sentence)
    found = find_duration(digits)
    if found is None:
        return sentence, None
    duration = _Duration(found.seconds, digits[found.start : found.end])
    return f"{digits[: found.start]}{DURATION_WORD}{digits[found.end :]}", duration


def _slots_of(result: RecognizeResult, duration: _Duration | None) -> dict[str, SlotValue]:
    return {
        name: _slot_value(name, entity.value, duration) for name, entity in result.entities.items()
    }


def _slot_value(name: str, value: SlotValue, duration: _Duration | None) -> SlotValue:
    """A slot's value as a skill wants it: seconds for a length of time, free text trimmed,
    an address said aloud as written."""
    if not isinstance(value, str):
        return value
    if duration is not None:
        if value == DURATION_WORD:
            return duration.seconds
        value = value.replace(DURATION_WORD, duration.written)
    value = value.strip(_SLOT_STRIP)
    return written_address(value) if name == "contact" else value


def _literal_share(result: RecognizeResult, sentence: str) -> float:
    letters = sum(1 for char in sentence if char.isalnum())
    if letters == 0:
        return 0.0
    return round(min(1.0, result.text_chunks_matched / letters), 3)


def _in_order(words: list[str], within: list[str]) -> bool:
    """Whether ``words`` all come in ``within``, in this order (others may come between)."""
    rest = iter(within)
    return all(word in rest for word in words)

"""A guess from the words alone, for sentences no template fits.

Each intent knows the words of its own templates and of its examples
(``examples/en.yaml``); a word that few intents know says more than one that many know
(its weight is the inverse of how many intents use it). A sentence's score for an intent is
the share of the sentence's weight that the intent knows. A word no intent knows weighs the
most, so "turn on the kitchen lights" scores low everywhere, and the examples of what the
assistant does not do (``not_understood``) compete like an intent: when they win, nothing
is guessed.

Only intents that are safe to ask about are guessed, and only with what they need: a timer
only with a length of time. The pipeline asks before acting on a guess.
"""

import math
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from hassil import (
    Alternative,
    Expression,
    Intents,
    ListReference,
    RuleReference,
    Sequence,
    TextChunk,
    TextSlotList,
)

from assistant.events import SlotValue
from assistant.intents.understanding import Understanding
from assistant.intents.values import DURATION_WORD
from assistant.spoken import spoken_duration

EXAMPLES_DIR = Path(__file__).parent / "examples"
NOT_UNDERSTOOD = "not_understood"


@dataclass(frozen=True)
class Askable:
    """An intent a guess may name: what it needs, and how to ask before acting on it."""

    question: str
    """The question that a yes answers ("Do you want me to set a timer for {duration}?")."""
    needs: tuple[str, ...] = ()
    """The slots it cannot go without."""


GUESSABLE: Mapping[str, Askable] = {
    "system.time": Askable("Do you want to know the time?"),
    "system.date": Askable("Do you want to know today's date?"),
    "system.help": Askable("Do you want to hear what I can do?"),
    "timer.set": Askable("Do you want me to set a timer for {duration}?", ("duration",)),
    "timer.cancel": Askable("Do you want me to cancel the timer?"),
    "mail.check": Askable("Do you want me to check your mail?"),
    "mail.read": Askable("Do you want me to read your new mail?"),
    "reminder.list": Askable("Do you want to hear your reminders?"),
}
"""The intents a guess may name: none destructive, none that needs a name or a task it
cannot know."""
UNKNOWN_WORD_WEIGHT = 3.0
"""A word no intent knows weighs this many times the rarest known word: it is most likely
what the sentence is about ("what time is it in Lisbon")."""
LOWEST_SCORE = 0.7
"""Below this share of the sentence's weight, it is not guessed at all."""
MARGIN = 0.15
"""The best intent must lead the next by this much, or it is too close to call."""
NEAREST_SCORE = 0.3
NEAREST_MARGIN = 0.05
"""Below these, no intent is near enough to a sentence that was not understood to suggest."""
_TOKEN = re.compile(r"[a-z][a-z']*|\d+")
_NEGATIONS = frozenset({"not", "don't", "dont", "never", "no", "without", "won't"})
"""A guess is never made from a sentence that says not to do something."""
_COMMON_WORDS = frozenset({"a", "an", "the", "to", "for", "me", "my", "i", "is", "it", "of", "in"})


@dataclass(frozen=True)
class Guess:
    """The best intent for a sentence and how clearly it leads."""

    intent: str
    """The intent that knows most of the sentence."""
    score: float
    """The share of the sentence's weight it knows, 0 to 1."""
    margin: float
    """How far it leads the next intent."""


class Guesser:
    """Weighs a sentence's words against what each intent knows."""

    def __init__(self, known: Mapping[str, frozenset[str]]) -> None:
        self.known = known
        intents_using = Counter(word for words in known.values() for word in words)
        count = len(known)
        self.weight = {word: math.log(1 + count / used) for word, used in intents_using.items()}
        self.unknown_weight = UNKNOWN_WORD_WEIGHT * math.log(1 + count)
        self.every_word = frozenset(intents_using)

    @classmethod
    def for_intents(cls, intents: Intents, language: str = "en") -> "Guesser":
        """A guesser that knows the words of ``intents`` and of the examples."""
        known = {name: template_words(intents, name) for name in intents.intents}
        for name, sentences in examples(language).items():
            known.setdefault(name, set()).update(w for s in sentences for w in tokens(s))
        return cls({name: frozenset(words) for name, words in known.items()})

    def rank(self, sentence: str) -> Guess | None:
        """The best intent for ``sentence`` by the share of its weight each knows."""
        words = [word for word in tokens(sentence) if word not in _COMMON_WORDS]
        total = sum(self.weight.get(word, self.unknown_weight) for word in words)
        if not total:
            return None
        scores = sorted(
            ((self._share(words, known) / total, name) for name, known in self.known.items()),
            reverse=True,
        )
        (best, name), (second, _) = scores[0], scores[1]
        return Guess(name, round(best, 3), round(best - second, 3))

    def nearest(self, sentence: str) -> str | None:
        """The intent a sentence that was not understood comes nearest, to suggest instead;
        ``None`` when what the assistant does not do comes nearer, or nothing is near."""
        ranked = self.rank(sentence)
        if ranked is None or ranked.intent == NOT_UNDERSTOOD:
            return None
        near = ranked.score >= NEAREST_SCORE and ranked.margin >= NEAREST_MARGIN
        return ranked.intent if near else None

    def _share(self, words: list[str], known: frozenset[str]) -> float:
        return sum(self.weight.get(word, 0.0) for word in words if word in known)

    def guess(self, sentence: str, slots: Mapping[str, SlotValue]) -> Understanding | None:
        """A guess worth asking about, or ``None``."""
        if _NEGATIONS.intersection(tokens(sentence)):
            return None
        ranked = self.rank(sentence)
        if ranked is None or ranked.intent not in GUESSABLE:
            return None
        if ranked.score < LOWEST_SCORE or ranked.margin < MARGIN:
            return None
        needs = GUESSABLE[ranked.intent].needs
        needed = {name: slots[name] for name in needs if name in slots}
        if len(needed) < len(needs):
            return None
        return Understanding(ranked.intent, needed, ranked.score, sure=False)


def tokens(sentence: str) -> list[str]:
    """The words of ``sentence``, lowercased; every number is "#"."""
    return ["#" if word.isdigit() else word for word in _TOKEN.findall(sentence.lower())]


def template_words(intents: Intents, name: str) -> set[str]:
    """Every literal word in the templates of intent ``name``, and in its closed lists."""
    words = _Words(intents)
    for data in intents.intents[name].data:
        for sentence in data.sentences:
            words.add(sentence.expression)
    return words.found


class _Words:
    """Collects the words of template expressions; each rule and list is read once."""

    def __init__(self, intents: Intents) -> None:
        self.intents = intents
        self.found: set[str] = set()
        self._seen: set[str] = set()

    def add(self, expression: Expression) -> None:
        if isinstance(expression, TextChunk):
            self.found.update(tokens(expression.text))
        elif isinstance(expression, RuleReference):
            self._once(f"<{expression.rule_name}>", self._rule, expression.rule_name)
        elif isinstance(expression, ListReference):
            self._once(f"{{{expression.list_name}}}", self._list, expression.list_name)
        elif isinstance(expression, Alternative | Sequence):
            for item in expression.items:
                self.add(item)

    def _once(self, key: str, read: Callable[[str], None], name: str) -> None:
        if key not in self._seen:
            self._seen.add(key)
            read(name)

    def _rule(self, name: str) -> None:
        self.add(self.intents.expansion_rules[name].expression)

    def _list(self, name: str) -> None:
        if name == "duration":
            self.found.add(DURATION_WORD)
        slot_list = self.intents.slot_lists.get(name)
        if isinstance(slot_list, TextSlotList):
            for value in slot_list.values:
                self.add(value.text_in)


@cache
def examples(language: str) -> dict[str, tuple[str, ...]]:
    """The example sentences by intent (and ``not_understood``), written for this assistant."""
    path = EXAMPLES_DIR / f"{language}.yaml"
    if not path.exists():
        return {}
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loaded = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
    return {name: tuple(sentences) for name, sentences in loaded.items()}


def question_for(intent: str, slots: Mapping[str, SlotValue]) -> str:
    """The yes-or-no question asked before acting on a guess of ``intent``."""
    seconds = slots.get("duration")
    duration = spoken_duration(int(seconds)) if isinstance(seconds, int) else ""
    return GUESSABLE[intent].question.format(duration=duration)

"""The learned step behind the templates: a linear model over hashed words and pieces of words
(``features.py``), trained on the project's own natural sentences (``corpus/en``) by
``scripts/train_understanding``, read here with numpy.

Its classes are the intents and ``not_understood``; a sentence is given an intent only when
that intent is the most probable and its probability reaches the threshold chosen by k-fold
on the corpus (``Thresholds``). Nothing is trained at run time.
"""

import json
import re
from collections.abc import Mapping, Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from assistant.errors import UnderstandingError
from assistant.events import SlotValue
from assistant.intents.asking import (
    CONVERSATION_BAR,
    CONVERSATION_SHARE,
    GOOD_NEWS,
    HARD_NEWS,
    HIGH_BAR_ACTED_ON,
    LISTENED_TO,
    NEVER,
    SHARED_BAR,
    SHARED_INSIDE,
    SHARED_MIXED,
    SHARING,
    SHARING_BAR,
    YES,
    acted_on,
    askable,
    kind_of,
)
from assistant.intents.corpus import NOT_UNDERSTOOD
from assistant.intents.features import COLUMNS, columns_of
from assistant.intents.learned_slots import slots_for
from assistant.intents.normalise import tidy, unwrapped
from assistant.intents.slots import bounded
from assistant.intents.understanding import Understanding

MODEL_DIR = Path(__file__).parent / "model"


@dataclass(frozen=True)
class Placed:
    """Where the model places a sentence."""

    intent: str
    """The most probable intent."""
    probability: float
    """Its probability."""
    inside: float
    """The probability that the sentence asks for any intent (not ``not_understood``)."""
    shares: Mapping[str, float] = field(default_factory=dict)
    """How probable each class is, ``not_understood`` included."""


def prepared(text: str, name: str = "") -> str:
    """``text`` as the model sees it, in training and in use alike: tidied, without the
    assistant's name and without polite wrappers."""
    return unwrapped(tidy(text), name)


@dataclass(frozen=True)
class Weights:
    """A linear model: one column of weights per class, and a bias per class."""

    classes: tuple[str, ...]
    """The intents (and ``not_understood``) it chooses between, in column order."""
    weights: npt.NDArray[np.floating[Any]]
    """``COLUMNS`` rows, one column per class (half precision as shipped: 4.6 MB)."""
    bias: npt.NDArray[np.float32]
    """One per class."""

    def probabilities(self, text: str) -> npt.NDArray[np.float64]:
        """How probable each class is for ``text``, summing to 1."""
        found = np.unique(columns_of(text))
        scores = self.bias.astype(np.float64)
        if len(found):
            scores = scores + self.weights[found].sum(axis=0, dtype=np.float64) / np.sqrt(
                len(found)
            )
        exp = np.exp(scores - scores.max())
        return np.asarray(exp / exp.sum(), dtype=np.float64)

    def best(self, text: str) -> "Placed":
        """The most probable intent for ``text`` (never ``not_understood``), how probable it
        is, and how probable it is that ``text`` asks for any intent at all."""
        probabilities = self.probabilities(text)
        shares = dict(zip(self.classes, map(float, probabilities), strict=True))
        outside = self._outside_column()
        inside = 1.0 - (float(probabilities[outside]) if outside is not None else 0.0)
        if outside is not None:
            probabilities[outside] = -1.0
        top = int(probabilities.argmax())
        return Placed(self.classes[top], float(probabilities[top]), inside, shares)

    def _outside_column(self) -> int | None:
        return self.classes.index(NOT_UNDERSTOOD) if NOT_UNDERSTOOD in self.classes else None

    def save(self, path: Path) -> None:
        """Write the weights (half precision, not compressed, so they load in milliseconds)
        to ``path`` (an ``.npz``)."""
        np.savez(
            path,
            classes=np.asarray(self.classes),
            weights=self.weights.astype(np.float16),
            bias=self.bias.astype(np.float32),
        )

    @classmethod
    def load(cls, path: Path) -> "Weights":
        """The weights written by ``save``."""
        try:
            with np.load(path, allow_pickle=False) as stored:
                weights = stored["weights"]
                classes = tuple(str(name) for name in stored["classes"])
                bias = stored["bias"].astype(np.float32)
        except (OSError, KeyError, ValueError) as error:
            raise UnderstandingError(
                "model-unreadable", "My learned understanding is damaged or missing."
            ) from error
        if weights.shape != (COLUMNS, len(classes)):
            raise UnderstandingError(
                "model-unreadable", "My learned understanding does not fit this version."
            )
        return cls(classes, weights, bias)


@dataclass(frozen=True)
class Thresholds:
    """How probable the best intent must be for the learned step to name it."""

    accept: float
    """How probable it must be that a sentence asks for an intent at all, for a kind of
    intent without a bar of its own in ``kinds``."""
    intent: float
    """How probable the intent itself must be (more than all the others together at 0.5), so
    that a sentence between two intents is not forced onto either."""
    changing: float
    """The higher bar: how probable the intent itself must be for one that changes things
    (and even then it is only asked about), or for the few acted on at the higher bar."""

    kinds: Mapping[str, float] = field(default_factory=dict)
    """``accept`` for each kind of intent (``asking.kind_of``: conversation, telling, asking
    first): chosen together so that the corpus's lines for no intent, held out, are rejected
    at least as often as the target while as many of the rest as can be are placed."""

    def accept_for(self, intent: str) -> float:
        """How probable it must be that a sentence placed on ``intent`` asks for an intent."""
        return self.kinds.get(kind_of(intent), self.accept)

    def met(self, placed: "Placed") -> bool:
        """Whether ``placed`` is clear enough to be named at all."""
        return placed.inside >= self.accept_for(placed.intent) and placed.probability >= self.intent

    def high(self, placed: "Placed") -> bool:
        """Whether ``placed`` clears the higher bar as well."""
        return self.met(placed) and placed.probability >= self.changing


@dataclass(frozen=True)
class About:
    """What was recorded with the model when it was trained."""

    corpus_sha256: str
    """The hash of the corpus it was trained on (``corpus.corpus_hash``)."""
    thresholds: Thresholds
    """Its thresholds."""
    words: frozenset[str] = frozenset()
    """Every word of the corpus: a first word outside these (and the templates) may be a name
    the user calls the assistant by."""

    @classmethod
    def load(cls, path: Path) -> "About":
        """The record written beside the weights."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            thresholds = Thresholds(**data["thresholds"])
            words = frozenset(str(word) for word in data.get("words", ()))
            return cls(str(data["corpus_sha256"]), thresholds, words)
        except (OSError, KeyError, TypeError, ValueError) as error:
            raise UnderstandingError(
                "model-unreadable", "My learned understanding is damaged or missing."
            ) from error


class LearnedStep:
    """The learned model, its thresholds, and what it may do with what it places."""

    def __init__(
        self, weights: Weights, thresholds: Thresholds, words: frozenset[str] = frozenset()
    ) -> None:
        self.weights = weights
        self.thresholds = thresholds
        self.words = words
        """Every word of the corpus it was trained on."""

    @classmethod
    def load(cls, language: str = "en", folder: Path = MODEL_DIR) -> "LearnedStep":
        """The model shipped for ``language``."""
        about = About.load(folder / f"{language}.json")
        return cls(Weights.load(folder / f"{language}.npz"), about.thresholds, about.words)

    def understand(
        self,
        text: str,
        known: Mapping[str, SlotValue],
        offered: Set[str],
        changing: Set[str],
    ) -> Understanding | None:
        """What ``text`` asks for, as acted on or asked about; ``None`` when it is not one of
        the ``offered`` intents clearly enough. ``changing`` intents need the higher bar."""
        return self.reading(self.weights.best(text), text, known, offered, changing)

    def reading(
        self,
        placed: Placed,
        text: str,
        known: Mapping[str, SlotValue],
        offered: Set[str],
        changing: Set[str],
    ) -> Understanding | None:
        """``understand`` for a sentence already ``placed`` (by the matcher's second opinion)."""
        intent = placed.intent
        if intent not in offered or intent in NEVER | LISTENED_TO:
            return None
        if not self.thresholds.met(placed):
            return None
        if intent in SHARING and _kind_shared(placed.shares, SHARING_BAR, text) != intent:
            return None  # good news is never answered as hard news when the model is torn
        high = self.thresholds.high(placed)
        slots = slots_for(intent, text, known)
        if not bounded(slots, {}):
            return None
        confidence = round(placed.probability, 3)
        if intent in HIGH_BAR_ACTED_ON:
            return Understanding(intent, slots, confidence, learned=True) if high else None
        if intent in changing or intent == YES:
            return self._asked(intent, slots, confidence, text) if high else None
        if acted_on(intent):
            return Understanding(intent, slots, confidence, learned=True)
        return self._asked(intent, slots, confidence, text)

    @staticmethod
    def shared_from(placed: Placed, text: str, offered: Set[str]) -> Understanding | None:
        """What a line about the user's own life, already ``placed``, shares when the usual
        bar is not met but the kind is clear (``SHARED_BAR``); ``None`` for a line between good
        and hard news, which is only listened to."""
        if placed.inside < SHARED_INSIDE:
            return None
        kind = _kind_shared(placed.shares, SHARED_BAR, text)
        if kind is None or kind not in offered:
            return None
        return Understanding(kind, {}, round(placed.shares[kind], 3), learned=True)

    @staticmethod
    def conversation_from(placed: Placed, text: str, offered: Set[str]) -> Understanding | None:
        """For a line that asks for nothing and missed the usual bar ("ok night then x"), the
        likeliest kind of conversation, when conversation together is this likely
        (``CONVERSATION_BAR``) and that kind clearly the likeliest (``CONVERSATION_SHARE``);
        news only when its kind is clear. ``None`` otherwise."""
        talk = {name: share for name, share in placed.shares.items() if name.startswith("chat.")}
        if not talk or sum(talk.values()) < CONVERSATION_BAR:
            return None
        top = max(talk, key=lambda name: talk[name])
        if talk[top] < CONVERSATION_SHARE * sum(talk.values()):
            return None
        likeliest = _kind_shared(placed.shares, SHARED_BAR, text) if top in SHARING else top
        if likeliest is None or likeliest not in offered:
            return None
        return Understanding(likeliest, {}, round(talk[likeliest], 3), learned=True)

    @staticmethod
    def _asked(
        intent: str, slots: dict[str, SlotValue], confidence: float, text: str = ""
    ) -> Understanding | None:
        """Asked about, when it can be asked with what was found and the sentence does not
        say not to."""
        if not askable(intent, slots) or says_not_to(intent, text):
            return None
        return Understanding(intent, slots, confidence, sure=False, learned=True)


def _kind_shared(probability: Mapping[str, float], bar: float, text: str) -> str | None:
    """Good news, the likeliest kind of hard news, or ``None`` when it is not clear which:
    either must reach ``bar`` with almost none of the other in it, and good news must not
    be said in words of bad news ("got some bad news today")."""
    good = probability.get(GOOD_NEWS, 0.0)
    hard = {kind: probability.get(kind, 0.0) for kind in HARD_NEWS}
    if good >= bar and sum(hard.values()) < SHARED_MIXED and not _BAD_NEWS.search(text):
        return GOOD_NEWS
    if sum(hard.values()) >= bar and good < SHARED_MIXED:
        return max(hard, key=lambda kind: hard[kind])
    return None


_BAD_NEWS = re.compile(
    r"\b(?:bad|terrible|awful|horrible|worst|sad|failed|fail|didnt|didn't|lost|cancer|died|"
    r"tumou?r)\b|\b(?:not|isnt|isn't|wasnt|wasn't) good\b"
    r"|\b(?:redundan\w*|laid off|sacked|fired|rejected|turned down|cancell?ed|bills?|overdrawn"
    r"|going up|burgled|robbed|stolen|nicked|broke down|crashed|cutting|hours cut|at risk"
    r"|evict\w*|kicked out|refused|denied|broken into|written off|fined|repossess\w*)\b",
    re.IGNORECASE,
)
"""Words of bad news: a line with them is never congratulated, however the words around them
are placed (the model learns which words go together, not which are good or bad). On the
corpus, five-fold, this turns away one line taken as good news ("i didnt get the job") and
no line of good news. The words of losing a job, money going out, a theft or a refusal were
added later: none of them is in a line of good news in the corpus."""


_RUNNING_TIMER_CHANGED = re.compile(
    r"\b(?:extend|extra|more|longer|shorter|pause|paused|resume|unpause|continue|increase|"
    r"decrease|reduce|left|remaining|subtract|minus|plus)\b|\+\s?\d|\s-\d",
    re.IGNORECASE,
)
"""Words of a running timer changed ("timer +5 min", "extend the timer by 10", "how long is
left"): something it cannot do, so never asked about as a new timer."""


_NEGATION = re.compile(r"\b(?:don'?t|do not|never|not|no|stop asking)\b", re.IGNORECASE)
_ABOUT_FORGETTING = re.compile(r"\b(?:don'?t|do not|never) (?:let me )?forget\b", re.IGNORECASE)


_ASKS_FOR_ANOTHER = {"timer.set": _RUNNING_TIMER_CHANGED}
"""For an intent, the words that make a sentence like it ask for something else instead."""


def says_not_to(intent: str, text: str) -> bool:
    """Whether ``text`` says not to do what ``intent`` does ("don't cancel the timer"), or asks
    for something else that sounds like it ("timer +5 min" changes a running timer); "don't
    let me forget ..." still asks for a reminder."""
    other = _ASKS_FOR_ANOTHER.get(intent)
    if other is not None and other.search(text):
        return True
    if intent in _NEGATION_KEEPS or (intent == "reminder.set" and _ABOUT_FORGETTING.search(text)):
        return False
    return _NEGATION.search(text) is not None


_NEGATION_KEEPS = frozenset({"identity.user_name", "memory.remember", "mail.not_junk"})
"""What a "not" does not turn round: "I never told you my name, it's Maya", "I'm not a morning
person", "that one is not spam"."""

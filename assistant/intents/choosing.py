"""Which of a few options an answer picks: "the second one", "the gmail one", "Amy Jones",
"amy at gmail dot example".

An answer is read as whole words, never as letters inside other words: the label "e" of
``amy@e.example`` is not found in "the second one". A full address picks its option; an ordinal
picks by position; otherwise the words that tell the options apart decide. When they do not, every
option still in the running is returned, so the caller can ask again.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

_WORD = re.compile(r"\w+", re.UNICODE)
_SPOKEN_AT = re.compile(r"\s+at\s+")
_SPOKEN_DOT = re.compile(r"\s+dot\s+")
ORDINALS = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3}
"""Words that pick an option by its place in the list read out."""
LAST = frozenset({"last", "latter"})
"""Words that pick the last option read out."""


@dataclass(frozen=True)
class Option:
    """One of the options read out."""

    name: str
    """How it was read out ("Amy Jones")."""
    address: str = ""
    """Its address, if it has one ("amy@gmail.example")."""

    @property
    def words(self) -> frozenset[str]:
        """The whole words of its name and address, casefolded."""
        return frozenset(_WORD.findall(f"{self.name} {self.address}".casefold()))


def chosen(answer: str, options: Sequence[Option]) -> list[int]:
    """The positions of the options ``answer`` may mean: one when it picks one, several when it
    does not tell them apart, none when it names none of them."""
    said = answer.casefold()
    if not options:
        return []
    return (
        _by_address(said, options)
        or _by_place(said, len(options))
        or _by_words(frozenset(_WORD.findall(said)), options)
    )


def _by_address(said: str, options: Sequence[Option]) -> list[int]:
    """The option whose whole address is in the answer, typed or said ("amy at gmail dot
    example")."""
    written = _SPOKEN_DOT.sub(".", _SPOKEN_AT.sub("@", f" {said} "))
    return [
        place
        for place, option in enumerate(options)
        if option.address and _holds_whole(written, option.address.casefold())
    ]


def _holds_whole(text: str, address: str) -> bool:
    """Whether ``address`` stands in ``text`` on its own, not as part of a longer one."""
    return re.search(rf"(?<![\w.@+-]){re.escape(address)}(?![\w@-]|\.\w)", text) is not None


def _by_place(said: str, count: int) -> list[int]:
    """The option an ordinal picks ("the second one", "the last one")."""
    words = _WORD.findall(said)
    places = [ORDINALS[w] for w in words if w in ORDINALS] + [count - 1 for w in words if w in LAST]
    return [places[0]] if places and places[0] < count else []


def _by_words(said: frozenset[str], options: Sequence[Option]) -> list[int]:
    """The options sharing the most of the answer's words that tell the options apart."""
    shared_by_all = frozenset.intersection(*(option.words for option in options))
    telling = said - shared_by_all
    scores = [len(telling & option.words) for option in options]
    best = max(scores, default=0)
    if best == 0:
        return [] if said & shared_by_all == frozenset() else list(range(len(options)))
    return [place for place, score in enumerate(scores) if score == best]

"""The recogniser's grammar, built from the same templates the intent matcher uses.

The templates are compiled into a minimal deterministic word graph: every point in a sentence
has one arc per distinct next word, which keeps the decoder's search small. The graph is written
as a pocketsphinx FSG, or listed as phrases for vosk.

A wildcard slot is filled with the values the assistant knows for it (folder names, contacts, its
own name). A path through a template whose wildcard has no known values, or that uses a word the
recogniser cannot say, is left out; such sentences are understood only through dictation.
"""

import logging
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from hassil import (
    Alternative,
    Expression,
    Intents,
    ListReference,
    Permutation,
    RuleReference,
    Sequence,
    SlotList,
    TextChunk,
    TextSlotList,
)

_LOGGER = logging.getLogger(__name__)

_WORD = re.compile(r"[a-z][a-z']*")
WordCheck = Callable[[str], bool]
Arc = tuple[str | None, int]


@dataclass(frozen=True)
class Vocabulary:
    """Values the assistant knows for wildcard slots, so they can be spoken in command mode."""

    values: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Known values by list name, e.g. {"folder": ("downloads", "pictures")}."""


def words_of(text: str) -> list[str] | None:
    """The spoken words of a template chunk, lowercased; ``None`` if it holds digits or symbols."""
    words = text.lower().replace("-", " ").strip(" ,.!?").split()
    return words if all(_WORD.fullmatch(word) for word in words) else None


@dataclass
class WordGraph:
    """A graph of words: arcs labelled with a word, or ``None`` for an empty step."""

    arcs: dict[int, list[Arc]] = field(default_factory=lambda: defaultdict(list))
    """Outgoing arcs by state."""
    starts: frozenset[int] = frozenset()
    """Where sentences begin."""
    finals: frozenset[int] = frozenset()
    """Where sentences may end."""
    size: int = 0
    """How many states there are."""

    def new_state(self) -> int:
        self.size += 1
        return self.size - 1

    def add(self, source: int, word: str | None, target: int) -> None:
        self.arcs[source].append((word, target))


ASSISTANT_NAME_LIST = "assistant_name"
TEXT_ONLY = "text_only"
"""Template blocks with this metadata are for typed text only: broad, or written in digits."""
ADDRESS_WORD = "hey"


class GrammarBuilder:
    """Builds the word graph of every sayable command from the intent templates."""

    def __init__(
        self,
        intents: Intents,
        slot_lists: Mapping[str, SlotList],
        vocabulary: Vocabulary,
        known_word: WordCheck,
    ) -> None:
        self.intents = intents
        self.slot_lists = {**intents.slot_lists, **slot_lists}
        self.vocabulary = vocabulary
        self.known_word = known_word
        self.left_out: set[str] = set()
        self.graph = WordGraph()

    def build(self, intent_names: Iterable[str] | None = None) -> WordGraph:
        """The minimal deterministic graph of the commands of ``intent_names`` (default: all)."""
        start, end = self.graph.new_state(), self.graph.new_state()
        for name in sorted(intent_names or self.intents.intents):
            for data in self.intents.intents[name].data:
                if (data.metadata or {}).get(TEXT_ONLY):
                    continue
                for sentence in data.sentences:
                    self._connect(sentence.expression, start, end)
        addressed = self._addressed(start)
        self.graph.starts, self.graph.finals = frozenset({start, addressed}), frozenset({end})
        return minimise(self.graph)

    def _addressed(self, start: int) -> int:
        """A second start: any command may begin with the name ("Nora, what time is it",
        "hey Nora, ..."), which is how the assistant is woken from sleep by voice."""
        entry, after_hey = self.graph.new_state(), self.graph.new_state()
        self._list(ASSISTANT_NAME_LIST, "", entry, start)
        if self._words(ADDRESS_WORD, entry, after_hey):
            self._list(ASSISTANT_NAME_LIST, "", after_hey, start)
        return entry

    def _connect(self, expression: Expression, source: int, target: int) -> bool:
        """Add paths for ``expression`` from ``source`` to ``target``; False if none is sayable."""
        if isinstance(expression, TextChunk):
            return self._words(expression.text, source, target)
        if isinstance(expression, ListReference):
            return self._list(expression.list_name, "", source, target)
        if isinstance(expression, RuleReference):
            rule = self.intents.expansion_rules[expression.rule_name]
            return self._connect(rule.expression, source, target)
        if isinstance(expression, Permutation):
            raise TypeError("Permutations are not used in the templates")
        if isinstance(expression, Alternative):
            return self._any_of(expression.items, source, target)
        if isinstance(expression, Sequence):
            return self._sequence(expression.items, source, target)
        raise TypeError(f"Unknown template part: {expression!r}")

    def _any_of(self, items: Iterable[Expression], source: int, target: int) -> bool:
        results = [self._connect(item, source, target) for item in items]
        return any(results)

    def _sequence(self, items: Iterable[Expression], source: int, target: int) -> bool:
        parts = _with_possessives(list(items))
        here = source
        for index, part in enumerate(parts):
            after = target if index == len(parts) - 1 else self.graph.new_state()
            if isinstance(part, _Possessive):
                ok = self._list(part.list_name, "'s", here, after)
            else:
                ok = self._connect(part, here, after)
            if not ok:
                return False
            here = after
        if not parts:
            self.graph.add(source, None, target)
        return True

    def _words(self, text: str, source: int, target: int) -> bool:
        words = words_of(text)
        if words is None or not all(self.known_word(word) for word in words):
            self.left_out.add(text)
            return False
        here = source
        for index, word in enumerate(words):
            after = target if index == len(words) - 1 else self.graph.new_state()
            self.graph.add(here, word, after)
            here = after
        if not words:
            self.graph.add(source, None, target)
        return True

    def _list(self, list_name: str, suffix: str, source: int, target: int) -> bool:
        slot_list = self.slot_lists.get(list_name)
        if isinstance(slot_list, TextSlotList):
            values = [value.text_in for value in slot_list.values]
            return any([self._suffixed(value, suffix, source, target) for value in values])
        known = self.vocabulary.values.get(list_name, ())
        return any([self._words(value + suffix, source, target) for value in known])

    def _suffixed(self, expression: Expression, suffix: str, source: int, target: int) -> bool:
        if not suffix:
            return self._connect(expression, source, target)
        if isinstance(expression, TextChunk):
            return self._words(expression.text + suffix, source, target)
        if isinstance(expression, Alternative):
            return any([self._suffixed(item, suffix, source, target) for item in expression.items])
        return False


@dataclass(frozen=True)
class _Possessive:
    """A list reference followed by "'s", as in "my {relation}'s name"."""

    list_name: str


def _with_possessives(items: list[Expression]) -> list[Expression | _Possessive]:
    """Join "{list}" + "'s ..." into a possessive list, since "sister's" is one spoken word."""
    joined: list[Expression | _Possessive] = []
    for item in items:
        previous = joined[-1] if joined else None
        if (
            isinstance(item, TextChunk)
            and item.text.startswith("'s")
            and isinstance(previous, ListReference)
        ):
            joined[-1] = _Possessive(previous.list_name)
            item = TextChunk(item.text[2:])
        joined.append(item)
    return joined


def minimise(graph: WordGraph) -> WordGraph:
    """The minimal deterministic graph for the same sentences (Brzozowski's method)."""
    return _determinise(_reverse(_determinise(_reverse(graph))))


def _reverse(graph: WordGraph) -> WordGraph:
    reversed_graph = WordGraph(starts=graph.finals, finals=graph.starts, size=graph.size)
    for source, arcs in graph.arcs.items():
        for word, target in arcs:
            reversed_graph.add(target, word, source)
    return reversed_graph


def _closure(graph: WordGraph, states: Iterable[int]) -> frozenset[int]:
    seen, todo = set(states), list(states)
    while todo:
        for word, target in graph.arcs.get(todo.pop(), ()):
            if word is None and target not in seen:
                seen.add(target)
                todo.append(target)
    return frozenset(seen)


def _determinise(graph: WordGraph) -> WordGraph:
    result = WordGraph()
    first = _closure(graph, graph.starts)
    number = {first: result.new_state()}
    todo, finals = [first], set()
    while todo:
        subset = todo.pop()
        if subset & graph.finals:
            finals.add(number[subset])
        for word, targets in sorted(_moves(graph, subset).items()):
            following = _closure(graph, targets)
            if following not in number:
                number[following] = result.new_state()
                todo.append(following)
            result.add(number[subset], word, number[following])
    result.starts, result.finals = frozenset({number[first]}), frozenset(finals)
    return result


def _moves(graph: WordGraph, subset: frozenset[int]) -> dict[str, set[int]]:
    moves: dict[str, set[int]] = defaultdict(set)
    for state in subset:
        for word, target in graph.arcs.get(state, ()):
            if word is not None:
                moves[word].add(target)
    return moves


Transition = tuple[int, int, float, str] | tuple[int, int, float]


@dataclass(frozen=True)
class Fsg:
    """A word graph as finite-state grammar transitions, with even odds at each branch."""

    start: int
    """The state sentences begin in."""
    final: int
    """The one state sentences end in."""
    transitions: list[Transition]
    """(from, to, probability, word); no word means an empty step."""
    size: int
    """How many states there are."""


def to_fsg(graph: WordGraph) -> Fsg:
    """The graph as FSG transitions, all ends joined into one final state."""
    final = graph.size
    transitions: list[Transition] = []
    for state in range(graph.size):
        arcs = list(graph.arcs.get(state, ()))
        ends = state in graph.finals
        odds = 1.0 / (len(arcs) + ends) if arcs or ends else 1.0
        transitions += [(state, target, odds, word) for word, target in arcs if word]
        if ends:
            transitions.append((state, final, odds))
    return Fsg(next(iter(graph.starts)), final, transitions, graph.size + 1)


def sentences(graph: WordGraph, limit: int = 20_000) -> Iterator[str]:
    """Up to ``limit`` sentences of the graph, for a phrase-list recogniser such as vosk."""
    stack: list[tuple[int, tuple[str, ...]]] = [(next(iter(graph.starts)), ())]
    produced = 0
    while stack and produced < limit:
        state, words = stack.pop()
        if state in graph.finals and words:
            produced += 1
            yield " ".join(words)
        for word, target in graph.arcs.get(state, ()):
            stack.append((target, (*words, word) if word else words))

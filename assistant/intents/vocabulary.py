"""The words the templates know: a first word none of them knows is taken as a name the user
calls the assistant by ("Olly, set a timer ..."), and the sentence is matched again without it."""

import re
from collections.abc import Callable

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

from assistant.intents.values import DURATION_WORD

_TOKEN = re.compile(r"[a-z][a-z']*|\d+")


def known_words(intents: Intents) -> frozenset[str]:
    """Every literal word of every template of ``intents``."""
    return frozenset(word for name in intents.intents for word in template_words(intents, name))


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

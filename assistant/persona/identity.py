"""The assistant's own name: chosen on its first run, kept, and changed when asked."""

import random
from collections.abc import Callable

from assistant.given_names import is_given_name
from assistant.persona import Persona
from assistant.spoken import tidy_name
from assistant.store.database import MemoryStore

__all__ = ["NAME_KEY", "NOT_A_NAME", "Identity", "is_given_name", "tidy_name"]

NAME_KEY = "assistant_name"

NOT_A_NAME = frozenset(
    ["a", "an", "the", "back", "later", "soon", "again", "now", "tonight", "tomorrow", "today"]
    + ["sometime", "when", "after", "before", "in", "at", "on", "this", "next", "first", "right"]
)
"""First words of "call me back", "I'll call you later", "call me a taxi": about a call or a
time, never a name."""


class Identity:
    """Knows the assistant's name and tells listeners when it changes."""

    def __init__(self, store: MemoryStore, persona: Persona, rng: random.Random) -> None:
        self._store = store
        self._listeners: list[Callable[[str], None]] = []
        stored = store.get_setting(NAME_KEY)
        self.chosen_now = stored is None
        self.name = stored or rng.choice(persona.names)
        if self.chosen_now:
            store.set_setting(NAME_KEY, self.name)

    def on_rename(self, listener: Callable[[str], None]) -> None:
        """Call ``listener`` with the new name after every rename."""
        self._listeners.append(listener)

    def rename(self, new_name: str) -> str:
        """Take ``new_name`` (made tidy) and keep it; returns the name as stored.

        It is stored before it is used, so whoever sees the new name finds it kept.
        """
        self._store.set_setting(NAME_KEY, new_name)
        self.name = new_name
        for listener in self._listeners:
            listener(new_name)
        return new_name

"""The assistant's own name: chosen on its first run, kept, and changed when asked."""

import random
import unicodedata
from collections.abc import Callable

from assistant.persona import Persona
from assistant.store.database import MemoryStore

NAME_KEY = "assistant_name"
MAX_NAME_CHARS = 30
MAX_NAME_WORDS = 3


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


def tidy_name(spoken: str) -> str | None:
    """``spoken`` as a name ("samantha" -> "Samantha"), or ``None`` if it cannot be one."""
    words = spoken.strip(" .,!?\"'").split()
    text = " ".join(words)
    if not words or len(words) > MAX_NAME_WORDS or len(text) > MAX_NAME_CHARS:
        return None
    if not all(_name_char(char) for char in text):
        return None
    return " ".join(word[:1].upper() + word[1:] for word in words)


def _name_char(char: str) -> bool:
    return char.isalpha() or char in " -'" or unicodedata.category(char) == "Mn"

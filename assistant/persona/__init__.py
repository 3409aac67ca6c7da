"""Who the assistant is: its possible names and its way of putting things."""

import random
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PERSONA_DIR = Path(__file__).parent


@dataclass(frozen=True)
class Persona:
    """The names the assistant may choose, and its phrasings for each kind of reply."""

    tone: str
    """A one-line description of how it speaks."""
    names: tuple[str, ...]
    """Names it may pick for itself on its first run."""
    replies: dict[str, tuple[str, ...]]
    """Phrasings by reply kind; ``{fields}`` are filled in when spoken."""

    def say(self, kind: str, rng: random.Random, **fields: object) -> str:
        """One phrasing of ``kind``, filled in with ``fields``."""
        return rng.choice(self.replies[kind]).format(**fields)


@cache
def load_persona(language: str = "en") -> Persona:
    """The persona file for ``language``, read once per process."""
    raw = tomllib.loads((PERSONA_DIR / f"{language}.toml").read_text(encoding="utf-8"))
    replies = {kind: tuple(lines) for kind, lines in raw["replies"].items()}
    return Persona(tone=raw["tone"], names=tuple(raw["names"]), replies=replies)

"""First names people are given, in every language Faker lists: a word that is one ("sam",
"priya") may be a name where a word that is not ("hungry") is not.

The list is read from ``given_names.txt`` beside this module (written from Faker's person
lists by ``scripts/given_names.py``), on first need.
"""

from functools import cache
from pathlib import Path

LIST = Path(__file__).with_name("given_names.txt")


def is_given_name(name: str) -> bool:
    """Whether every word of ``name`` is a first name people are given somewhere."""
    return all(word.casefold() in given_names() for word in name.split())


@cache
def given_names() -> frozenset[str]:
    """The first names, casefolded; read once."""
    lines = LIST.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))

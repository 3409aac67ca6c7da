"""First names people are given, in every language Faker lists: a word that is one ("sam",
"priya") may be a name where a word that is not ("hungry") is not."""

import importlib
import pkgutil
from collections.abc import Iterator
from functools import cache


def is_given_name(name: str) -> bool:
    """Whether every word of ``name`` is a first name people are given somewhere."""
    return all(word.casefold() in given_names() for word in name.split())


@cache
def given_names() -> frozenset[str]:
    """The first names of Faker's person lists, every language, casefolded; read once."""
    import faker.providers.person as people

    return frozenset(name.casefold() for name in _first_names(people.__path__, people.__name__))


def _first_names(path: list[str], package: str) -> Iterator[str]:
    """Every first name listed by the person providers under ``path``."""
    for found in pkgutil.iter_modules(path):
        provider = getattr(importlib.import_module(f"{package}.{found.name}"), "Provider", None)
        for kind in ("first_names", "first_names_male", "first_names_female"):
            listed = getattr(provider, kind, None)
            if isinstance(listed, list | tuple | dict):
                yield from listed

"""Write ``assistant/given_names.txt``: the first names of Faker's person lists, every language,
casefolded and sorted, one a line (Faker is MIT-licensed; its notice is kept in the file).

    .venv/bin/python scripts/given_names.py

Run again only to take a newer Faker's lists; the assistant reads the file, never Faker, so
knowing a name costs a few megabytes rather than every language's person module.
"""

import importlib
import pkgutil
from collections.abc import Iterator
from pathlib import Path

import faker
import faker.providers.person as people

OUT = Path(__file__).resolve().parent.parent / "assistant" / "given_names.txt"
NOTICE = (
    f"# First names from the person providers of Faker {faker.VERSION} (MIT License,\n"
    "# Copyright (c) 2012 Daniele Faraglia), casefolded; written by scripts/given_names.py.\n"
)


def first_names() -> Iterator[str]:
    """Every first name listed by Faker's person providers."""
    for found in pkgutil.iter_modules(people.__path__):
        module = importlib.import_module(f"{people.__name__}.{found.name}")
        provider = getattr(module, "Provider", None)
        for kind in ("first_names", "first_names_male", "first_names_female"):
            listed = getattr(provider, kind, None)
            if isinstance(listed, list | tuple | dict):
                yield from listed


def main() -> None:
    names = sorted({name.casefold() for name in first_names() if name.strip()})
    OUT.write_text(NOTICE + "".join(f"{name}\n" for name in names), encoding="utf-8")
    print(f"{len(names)} names written to {OUT}")


if __name__ == "__main__":
    main()

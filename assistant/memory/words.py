"""The words facts are told and asked in: relations, children, pets, numbers, dates, names.

Shared by the reader of told facts (``told``) and of questions (``asked``), so both know the
same people and pets by the same words.
"""

import re
from functools import cache

from assistant.identity import tidy_name
from assistant.memory.facts import CHILDREN, PETS
from assistant.memory.spoken_facts import RELATIONS
from assistant.spoken import day_and_month

SAID_RELATIONS = {
    "mum": "mother",
    "mom": "mother",
    "mam": "mother",
    "mummy": "mother",
    "dad": "father",
    "daddy": "father",
    "grandma": "grandmother",
    "granny": "grandmother",
    "nan": "grandmother",
    "nana": "grandmother",
    "grandad": "grandfather",
    "grandpa": "grandfather",
    "neighbor": "neighbour",
    "hubby": "husband",
    "missus": "wife",
    "bf": "boyfriend",
    "gf": "girlfriend",
    "fiance": "fiancé",
    "fiancee": "fiancée",
    "stepson": "stepson",
    "stepdaughter": "stepdaughter",
}
"""Relations as said, and as kept: "mum" is kept as "mother"."""
KIDS = {
    "kids": "child",
    "children": "child",
    "kid": "child",
    "child": "child",
    "baby": "child",
    "twins": "child",
    "boys": "son",
    "boy": "son",
    "sons": "son",
    "son": "son",
    "girls": "daughter",
    "girl": "daughter",
    "daughters": "daughter",
    "daughter": "daughter",
}
"""Children as said, and the subject they are kept under."""
SAID_PETS = {"bunny": "rabbit", "doggy": "dog", "doggo": "dog", "kitty": "cat", "pup": "puppy"}
"""Pets as said, when they are kept under another word."""
NUMBERS = {
    word: number
    for number, word in enumerate(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
        + ["eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"]
        + ["eighteen", "nineteen", "twenty"]
    )
}
_NOT_NAMES = (
    "i me you he she it we they him her them this that there here what who which everything"
    " nothing something anything everyone someone life work home today tomorrow tonight"
    " yesterday mine yours ours theirs his hers its all both each one the a an my your our"
    " their not no yes so very really just also too well fine good ok okay great sure"
    " tired sad happy lonely bored sick ill busy back away out off on in up down late early"
    " sorry here now then still to for with at of and but or is are was were has have had be"
    " been when where why how from about into over after before because if died dead gone"
    " asleep awake lovely nice cute annoying poorly doing going getting"
)
NOT_NAMES = frozenset(_NOT_NAMES.split())
"""Words that stand where a name could, but are not one."""

RELATION = "(?:" + "|".join(sorted({*RELATIONS, *SAID_RELATIONS}, key=len, reverse=True)) + ")"
"""A relation, as a pattern."""
KID = "(?:" + "|".join(sorted(KIDS, key=len, reverse=True)) + ")"
PET = (
    "(?:"
    + "|".join(sorted({*PETS, *SAID_PETS, *(f"{p}s" for p in PETS)}, key=len, reverse=True))
    + ")"
)
NUMBER = rf"(?:\d{{1,3}}|{'|'.join(NUMBERS)})"
YEARS = r"(?:\s+(?:years?|yrs?|yo|y/o)(?:\s+old)?|\s+now|\s+today|\s+this year)?"
"""What may follow an age: "7 years old", "7 now"."""


def relation_kept(said: str) -> str:
    """ "mum" -> "mother", "Husband" -> "husband"."""
    word = said.casefold()
    return SAID_RELATIONS.get(word, word)


def pet_kept(said: str) -> str:
    """ "bunny" -> "rabbit", "cats" -> "cat"."""
    word = said.casefold()
    word = SAID_PETS.get(word, word)
    return word[:-1] if word not in PETS and word.endswith("s") else word


def number(said: str) -> int | None:
    """ "7" or "seven" -> 7; ``None`` for anything else."""
    word = said.casefold()
    return int(word) if word.isdigit() else NUMBERS.get(word)


def name_in(said: str) -> str | None:
    """A name in ``said`` ("leo" -> "Leo"), or ``None`` when the words cannot be one."""
    words = said.strip(" .,'").split()
    if not words or len(words) > 2 or any(w.casefold() in NOT_NAMES for w in words):
        return None
    if any(w.casefold() in KIDS or w.casefold() in PETS for w in words):
        return None
    return tidy_name(" ".join(words))


def is_child(subject: str) -> bool:
    """Whether ``subject`` is one of the user's children ("son", "child")."""
    return subject in CHILDREN


YEAR = re.compile(r"[\s,]+((?:19|20)\d\d)\s*$")
"""A year at the end of a date of birth ("3 May 1990")."""


def birthday(said: str) -> str | None:
    """A date of birth as kept ("3 May", "3 May 1990"); ``None`` when it is not a day."""
    said = re.sub(r"^(?:(?:on|is|in|falls on|'s)\s+)+", "", said.strip(), flags=re.IGNORECASE)
    year = YEAR.search(said)
    day = day_and_month(YEAR.sub("", said)) or _parsed_day(YEAR.sub("", said))
    if day is None:
        return None
    return f"{day} {year.group(1)}" if year else day


def _parsed_day(said: str) -> str | None:
    """ "feb 14", "14/02", "14th feb" -> "14 February", through dateparser."""
    parsed = _dateparser()(said)
    return f"{parsed.day} {parsed.strftime('%B')}" if parsed is not None else None


@cache
def _dateparser():  # type: ignore[no-untyped-def]
    """dateparser's parse, set for a day of the year, loaded on first need (it is slow)."""
    import dateparser  # noqa: PLC0415  (loaded on first use)

    settings = {"REQUIRE_PARTS": ["day", "month"], "DATE_ORDER": "DMY"}
    return lambda said: dateparser.parse(said, languages=["en"], settings=settings)

"""Slot values generated in code: spoken durations and clock times.

Each value list is finite, so the recogniser's grammar can be built from it too.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from assistant.spoken import ONES, TENS

_UNIT_SECONDS = {"second": 1, "minute": 60, "hour": 3600}
_UNIT_LIMIT = {"second": 90, "minute": 120, "hour": 24}
_MINUTE_STEPS = (0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55)


def number_words(number: int) -> str:
    """``number`` (0 to 199) in English words: 42 -> "forty two"."""
    if number >= 100:
        rest = number - 100
        return "a hundred" if rest == 0 else f"a hundred and {number_words(rest)}"
    if number < 20:
        return ONES[number]
    tens, ones = divmod(number, 10)
    return TENS[tens] if ones == 0 else f"{TENS[tens]} {ONES[ones]}"


def duration_values() -> list[tuple[str, int]]:
    """Every spoken duration the assistant knows, with its length in seconds."""
    values = [
        ("a second", 1),
        ("a minute", 60),
        ("an hour", 3600),
        ("half an hour", 1800),
        ("a quarter of an hour", 900),
        ("an hour and a half", 5400),
        ("a minute and a half", 90),
    ]
    for unit, seconds in _UNIT_SECONDS.items():
        for count in range(1, _UNIT_LIMIT[unit] + 1):
            values.extend(_spoken_counts(count, unit, count * seconds))
    return values


def _spoken_counts(count: int, unit: str, seconds: int) -> Iterator[tuple[str, int]]:
    """ "ten minutes", "10 minutes", and the singular for "a 10 minute timer"."""
    nouns = (unit,) if count == 1 else (f"{unit}s", unit)
    for noun in nouns:
        yield f"{number_words(count)} {noun}", seconds
        yield f"{count} {noun}", seconds


def time_values() -> list[tuple[str, str]]:
    """Every spoken clock time, with a normalised value such as "5:30 pm" or "5:30"."""
    values = [("noon", "12:00 pm"), ("midday", "12:00 pm"), ("midnight", "12:00 am")]
    for hour in range(1, 13):
        for minute in _MINUTE_STEPS:
            values.extend(_spoken_times(hour, minute))
    return values


def _spoken_times(hour: int, minute: int) -> Iterator[tuple[str, str]]:
    for spoken, _ in _clock_phrases(hour, minute):
        for suffix in (
            "",
            " am",
            " pm",
            " in the morning",
            " in the afternoon",
            " in the evening",
            " tonight",
        ):
            yield spoken + suffix, _normalised_time(hour, minute, suffix)


def _clock_phrases(hour: int, minute: int) -> Iterator[tuple[str, int]]:
    words = number_words(hour)
    if minute == 0:
        yield words, hour
        yield f"{words} o'clock", hour
        yield str(hour), hour
        return
    yield f"{words} {_minute_words(minute)}", hour
    yield f"{hour}:{minute:02d}", hour
    if minute == 30:
        yield f"half past {words}", hour
    if minute == 15:
        yield f"quarter past {words}", hour
        yield f"a quarter past {words}", hour
    if minute == 45:
        to_hour = number_words(hour % 12 + 1)
        yield f"quarter to {to_hour}", hour
        yield f"a quarter to {to_hour}", hour


def _minute_words(minute: int) -> str:
    return f"oh {ONES[minute]}" if minute < 10 else number_words(minute)


def _normalised_time(hour: int, minute: int, suffix: str) -> str:
    clock = f"{hour}:{minute:02d}"
    if suffix in (" am", " in the morning"):
        return f"{clock} am"
    if suffix in (" pm", " in the afternoon", " in the evening", " tonight"):
        return f"{clock} pm"
    return clock


COMMON_TASKS = (
    "take my medicine",
    "take my pills",
    "water the plants",
    "buy milk",
    "buy bread",
    "pick up the kids",
    "check the oven",
    "take the bins out",
    "feed the cat",
    "walk the dog",
    "pay the rent",
    "pay the bills",
    "send the invoice",
    "book a table",
    "stretch",
    "drink some water",
    "go to bed",
    "leave for work",
    "join the meeting",
    "check my email",
    "move the car",
)
"""Tasks common enough to be in the command grammar; any other task is heard free-form."""
REMINDER_SUBJECTS = (
    *("dentist", "doctor", "school", "bins", "rent", "meeting", "appointment", "pills"),
    *("medicine", "car", "bank", "plants", "dog", "cat", "oven", "bills", "shopping"),
)
"""What a reminder is often named by ("cancel the dentist one"), in the command grammar."""


def task_phrases(relations: Iterable[str]) -> tuple[str, ...]:
    """What a reminder may be for, in command mode: the common tasks, calling, ringing,
    texting or emailing each relation the templates know ("call my sister"), and what a
    reminder is often named by ("the dentist one")."""
    people = [
        f"{verb} my {relation}"
        for relation in relations
        for verb in ("call", "ring", "text", "email", "visit")
    ]
    return (*COMMON_TASKS, *people, *REMINDER_SUBJECTS)


_UNIT_PATTERN = r"(?P<unit>hours?|hrs?|minutes?|mins?|seconds?|secs?)\b"
_COUNT_PATTERN = (
    rf"(?P<count>\d+(?:\.\d+)?|\d+/\d+|an?|{'|'.join(ONES[1:])}|half\s+an?|half\s+a|1/2\s+an?|"
    r"(?:a\s+)?quarter\s+of\s+an?|three\s+quarters\s+of\s+an?|half|quarter)"
)
_HALF_PATTERN = r"(?:\s+and\s+a\s+(?:half|1/2)|\s+1/2)"
_PART = re.compile(
    rf"\b{_COUNT_PATTERN}(?P<half_before>{_HALF_PATTERN})?(?:\s*-\s*|\s+){_UNIT_PATTERN}"
    rf"(?P<half_after>{_HALF_PATTERN})?",
    re.IGNORECASE,
)
_JOINER = re.compile(r"\s*,?\s*(?:and\s+)?$", re.IGNORECASE)
_COUNT_WORDS = {"a": 1.0, "an": 1.0} | {word: float(n) for n, word in enumerate(ONES)}
DURATION_WORD = "thelengthoftime"
"""Stands for the length of time found in a sentence while it is matched."""
MAX_DURATION_SECONDS = 7 * 24 * 3600
"""Longer than this is not a timer anyone means."""


@dataclass(frozen=True)
class FoundDuration:
    """A length of time written or said in a sentence, and where it is."""

    start: int
    """Where it starts in the sentence."""
    end: int
    """Where it ends."""
    seconds: int
    """How long it is."""


def find_duration(text: str) -> FoundDuration | None:
    """The first length of time in ``text`` ("1 hour, 15 minutes and 30 seconds",
    "half an hour", "an hour and a half", "5 and a half minutes", "1/2 a minute").

    Larger number words should already be digits (see ``with_digits``, which leaves small
    ones alone); "a", "an" and the words up to "nineteen" count too.
    """
    parts = list(_PART.finditer(text))
    if not parts:
        return None
    first = last = parts[0]
    total = _part_seconds(first)
    for part in parts[1:]:
        if not _JOINER.fullmatch(text[last.end() : part.start()]):
            break
        total += _part_seconds(part)
        last = part
    seconds = round(total)
    if not 0 < seconds <= MAX_DURATION_SECONDS:
        return None
    return FoundDuration(first.start(), last.end(), seconds)


def _part_seconds(part: re.Match[str]) -> float:
    count = _count_value(part.group("count"))
    if part.group("half_before") or part.group("half_after"):
        count += 0.5
    unit = part.group("unit").lower()
    return count * next(seconds for name, seconds in _UNIT_SECONDS.items() if name[0] == unit[0])


def _count_value(count: str) -> float:
    words = " ".join(count.lower().split())
    if words in _COUNT_WORDS:
        return _COUNT_WORDS[words]
    if words.startswith(("half", "1/2")):
        return 0.5
    if words.startswith("three quarters"):
        return 0.75
    if "quarter" in words:
        return 0.25
    if "/" in words:
        top, bottom = words.split("/")
        return int(top) / int(bottom) if int(bottom) else 0.0
    return float(words)


def with_digits(text: str) -> str:
    """``text`` with number words as digits ("twenty five minutes" -> "25 minutes")."""
    from text_to_num import alpha2digit  # noqa: PLC0415  (loaded on first use)

    return str(alpha2digit(text, "en"))

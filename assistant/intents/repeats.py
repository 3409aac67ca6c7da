"""Repeats as people say them ("every weekday at 7", "every Monday and Thursday", "on the first
of each month", "daily"), as iCalendar RRULEs that ``dateutil.rrule`` works out.

``find_repeat`` takes the repeat out of a request and says how it repeats; ``with_time`` fixes
the rule's time of day and first day once the rest of the request has been read; and
``spoken_repeat`` reads a rule back ("every weekday", "on the 1st of every month").
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from assistant.clock import next_occurrence
from assistant.spoken import ordinal

_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_WEEKDAYS = "MO,TU,WE,TH,FR"
_WEEKEND = "SA,SU"
_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_DAY_LIST = rf"{_DAY}s?(?:(?:\s*,\s*|\s+and\s+|\s+&\s+){_DAY}s?)*"
_PLURAL_DAYS = rf"{_DAY}s(?:\s+and\s+{_DAY}s)*"
_DAY_PARTS = "day|morning|evening|night|afternoon"
_MONTH_DAY = r"(?P<monthday>\d{1,2})(?:st|nd|rd|th)?|(?P<last>last)(?:\s+day)?"
_PATTERNS: tuple[tuple[str, str], ...] = (
    (rf"(?:on\s+)?the\s+(?:{_MONTH_DAY})\s+(?:of\s+)?(?:each|every)\s+month", "MONTHLY"),
    (rf"(?:each|every)\s+month\s+on\s+the\s+(?:{_MONTH_DAY})", "MONTHLY"),
    (r"(?:every|each)\s+(?:single\s+)?(?:week\s?day|weekday)s?|on\s+weekdays|weekdays", "WEEKDAYS"),
    (r"(?:every|each)\s+weekend|on\s+weekends|at\s+weekends|weekends", "WEEKEND"),
    (rf"(?:every|each)\s+other\s+(?P<days2>{_DAY_LIST})", "FORTNIGHTLY"),
    (
        rf"(?:every|each)\s+(?P<days>{_DAY_LIST})|on\s+(?P<plural>{_DAY}s(?:\s+and\s+{_DAY}s)*)",
        "DAYS",
    ),
    (
        r"(?:every|each)\s+(?:single\s+)?(?P<part>day|morning|evening|night|afternoon)|daily",
        "DAILY",
    ),
    (r"(?:every|each)\s+other\s+week|every\s+(?:2|two)\s+weeks|fortnightly", "FORTNIGHTLY"),
    (r"(?:every|each)\s+week|weekly", "WEEKLY"),
    (r"(?:every|each)\s+month|monthly", "MONTHLY"),
    (r"(?:every|each)\s+year|yearly|annually", "YEARLY"),
)
_REPEAT_WORDS = re.compile(r"\b(?:repeating|recurring|repeated|regular)\s+", re.IGNORECASE)
_PARTS = {
    "morning": "in the morning",
    "evening": "in the evening",
    "night": "at night",
    "afternoon": "in the afternoon",
}


@dataclass(frozen=True)
class Repeat:
    """How a reminder repeats, before its time of day is known."""

    freq: str
    """DAILY, WEEKLY, MONTHLY or YEARLY."""
    days: str = ""
    """BYDAY ("MO,TH"), when said."""
    month_day: int = 0
    """BYMONTHDAY (-1 for the last), when said."""
    interval: int = 1
    """Every other week is 2."""
    part: str = ""
    """A part of the day said with it ("every morning" -> "in the morning"), for its time."""


@dataclass(frozen=True)
class FoundRepeat:
    """A repeat found in a request, and the request without it."""

    repeat: Repeat
    rest: str


_ORDINALS = (
    *("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"),
    *("tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth"),
    *("seventeenth", "eighteenth", "nineteenth", "twentieth"),
)
_ORDINAL_WORDS = re.compile(
    r"\b(?:(?:(?P<tens>twenty|thirty)[ -])?(?P<unit>" + "|".join(_ORDINALS) + r")|thirtieth)"
    r"(?=\s+(?:day\s+)?(?:of\s+)?(?:each|every)\s+month\b)",
    re.IGNORECASE,
)
"""A day of the month in words, in a monthly repeat ("the first of each month")."""


def _ordinal_digits(found: re.Match[str]) -> str:
    """ "twenty first" -> "21st" (only the digits matter here)."""
    if found.group(0).casefold() == "thirtieth":
        return "30th"
    tens = {"twenty": 20, "thirty": 30}.get((found.group("tens") or "").casefold(), 0)
    return f"{tens + _ORDINALS.index(found.group('unit').casefold()) + 1}th"


def find_repeat(text: str) -> FoundRepeat | None:
    """The repeat said in ``text``, and the rest ("every Monday at 8 take the bins out" ->
    weekly on Monday, "at 8 take the bins out"); ``None`` when none is said."""
    text = _ORDINAL_WORDS.sub(_ordinal_digits, _REPEAT_WORDS.sub("", text))
    for pattern, kind in _PATTERNS:
        found = re.search(rf"\b(?:{pattern})\b", text, re.IGNORECASE)
        if found is not None:
            repeat = _repeat(kind, {k: v for k, v in found.groupdict().items() if v})
            part = f" {_PARTS[repeat.part]} " if repeat.part else " "
            rest = text[: found.start()] + part + text[found.end() :]
            return FoundRepeat(repeat, " ".join(rest.split()))
    return None


def _repeat(kind: str, said: dict[str, str]) -> Repeat:
    if kind == "WEEKDAYS":
        return Repeat("WEEKLY", _WEEKDAYS)
    if kind == "WEEKEND":
        return Repeat("WEEKLY", _WEEKEND)
    if kind == "DAYS":
        return Repeat("WEEKLY", _day_codes(said.get("days") or said.get("plural", "")))
    if kind == "FORTNIGHTLY":
        return Repeat("WEEKLY", _day_codes(said.get("days2", "")), interval=2)
    if kind == "MONTHLY":
        day = -1 if "last" in said else int(said.get("monthday", "0"))
        return Repeat("MONTHLY", month_day=day)
    part = said.get("part", "")
    return Repeat(kind if kind != "DAILY" else "DAILY", part=part if part in _PARTS else "")


def _day_codes(days: str) -> str:
    said = re.findall(_DAY, days.casefold())
    return ",".join(_CODES[_DAYS.index(day)] for day in dict.fromkeys(said))


def with_time(repeat: Repeat, at: time, first: date) -> str:
    """The RRULE for ``repeat`` at ``at``, on ``first``'s weekday or day of the month when the
    repeat names none."""
    parts = {"FREQ": repeat.freq}
    if repeat.interval > 1:
        parts["INTERVAL"] = str(repeat.interval)
    if repeat.freq == "WEEKLY":
        parts["BYDAY"] = repeat.days or _CODES[first.weekday()]
    if repeat.freq == "MONTHLY":
        parts["BYMONTHDAY"] = str(repeat.month_day or first.day)
    if repeat.freq == "YEARLY":
        parts |= {"BYMONTH": str(first.month), "BYMONTHDAY": str(first.day)}
    parts |= {"BYHOUR": str(at.hour), "BYMINUTE": str(at.minute), "BYSECOND": "0"}
    return ";".join(f"{key}={value}" for key, value in parts.items())


def spoken_repeat(rule: str) -> str:
    """A rule read back: "every day", "every weekday", "every Monday and Thursday", "every
    other Friday", "on the 1st of every month", "every year on the 4th of March"."""
    parts = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
    freq, days = parts.get("FREQ", ""), parts.get("BYDAY", "")
    if freq == "DAILY":
        return "every day"
    if freq == "WEEKLY":
        return _spoken_weekly(days, parts.get("INTERVAL", "1"))
    if freq == "MONTHLY":
        day = int(parts.get("BYMONTHDAY", "1"))
        return (
            "on the last day of every month" if day < 0 else f"on the {ordinal(day)} of every month"
        )
    when = date(2000, int(parts.get("BYMONTH", "1")), int(parts.get("BYMONTHDAY", "1")))
    return f"every year on the {ordinal(when.day)} of {when:%B}"


def _spoken_weekly(days: str, interval: str) -> str:
    if days == _WEEKDAYS:
        return "every weekday"
    if days == _WEEKEND:
        return "every weekend day" if interval == "1" else "every other weekend"
    names = [_DAYS[_CODES.index(code)].capitalize() for code in days.split(",") if code in _CODES]
    every = "every other" if interval == "2" else "every"
    return (
        f"{every} {' and '.join(names)}"
        if len(names) < 3
        else (f"{every} {', '.join(names[:-1])} and {names[-1]}")
    )


def first_after(rule: str, start: datetime, now: datetime) -> datetime | None:
    """The first occurrence of ``rule`` from ``start`` (its first possible day) after ``now``,
    in ``start``'s zone."""
    return next_occurrence(rule, start, max(now, start))

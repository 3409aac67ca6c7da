"""Moments as people say them: "on Thursday at 8", "tomorrow", "in 2 hours", "quarter past five".

The calendar (weekdays, dates, "next week", "in 3 days") is read by dateparser, imported on first
use so that it costs nothing at start-up. The clock time is read here, because the hour said
without "am" or "pm" has to be chosen with care: the next sensible one, or the morning for an
alarm. Spoken clock forms ("quarter past five", "five o'clock") are turned into digits first.

``find_moment`` finds the time words at the start or the end of a request ("tomorrow to pay
rent", "take the bins out on Thursday at 8") and returns what is left.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cache
from typing import Any

from hassil import TextSlotList

from assistant.intents.values import duration_values, number_words
from assistant.spoken import WEEKDAYS


class Prefer(StrEnum):
    """Which hour an hour said alone ("at 8") means."""

    DAYTIME = "daytime"
    """The next one in waking hours: 8 in the evening at 4 in the afternoon."""
    MORNING = "morning"
    """The morning's (an alarm)."""


@dataclass(frozen=True)
class Moment:
    """A moment understood from words."""

    at: datetime
    """When, in the clock's zone."""
    after: timedelta | None = None
    """The while it was said as ("in 2 hours"), if it was said so."""
    timed: bool = True
    """Whether a clock time was said (a day alone, or "tomorrow morning", is given a usual
    hour)."""
    guessed: bool = False
    """Whether the hour was said without "am" or "pm" and one was chosen."""


@dataclass(frozen=True)
class Found:
    """Time words found in a sentence, and the rest of it."""

    moment: Moment
    """What the time words mean."""
    said: str
    """The time words, as said."""
    rest: str
    """The sentence without them."""


@dataclass(frozen=True)
class _Clock:
    """A clock time as said."""

    hour: int
    """0 to 23."""
    minute: int
    """0 to 59."""
    half: str = ""
    """ "am", "pm", or "" when not said."""


USUAL_HOUR = 9
"""The hour given to a day said with no time ("tomorrow")."""
WAKING_HOURS = range(7, 23)
"""Hours in which an hour said alone is taken."""
MAX_SPAN_WORDS = 8
"""The most words a time is said in ("on thursday the 3rd at half past seven")."""
_PARTS_OF_DAY = {"morning": ("am", 9), "afternoon": ("pm", 14), "evening": ("pm", 18)}
_NIGHT = ("pm", 20)
_ANCHORS = frozenset(
    {"at", "on", "in", "by", "this", "next", "tomorrow", "tonight", "today", "noon", "midnight"}
    | set(WEEKDAYS)
)
"""Words a span of time words may start with (or a clock time such as "6pm" or "18:00")."""
_MAY_START = _ANCHORS | {"quarter", "half", "a"}
"""The same, before spoken clock forms are turned into digits ("quarter past five")."""
_NEAR_DAYS = {"today": 0, "tomorrow": 1}
"""Days read without dateparser, so the commonest reminders never wait for it to load."""
_CLOCK_START = re.compile(r"^(?:\d{1,2}:\d{2}|\d{1,2}\s*[ap]m)\b")
_CLOCK = re.compile(
    r"\b(?:(?:at|by|for|around)\s+(?P<said>\d{1,2})(?::(?P<said_m>\d{2}))?"
    r"|(?P<h>\d{1,2}):(?P<m>\d{2})|(?P<bare>\d{1,2})(?=\s*[ap]m\b))"
    r"(?:\s*(?P<half>[ap]m))?\b"
)
_NAMED = re.compile(r"\b(?:at\s+)?(?P<name>noon|midnight)\b")
_PART = re.compile(
    r"\b(?P<lead>in the|this|at)?\s*\b(?P<part>morning|afternoon|evening|night)\b|\btonight\b"
)
_RELATIVE = re.compile(r"^(?:in|after)\s+(?P<while>.+?)(?:\s+from now)?$")
_FILLER = re.compile(r"^(?:and|at|on|by|for|,)\s+|\s+(?:and|at|on|by|for|,)$")


def moment_in(text: str, now: datetime, prefer: Prefer = Prefer.DAYTIME) -> Moment | None:
    """The moment ``text`` says, all of it time words; ``None`` when it says none."""
    spoken = spoken_clock(text)
    after = _relative(spoken)
    if after is not None:
        return Moment(now + after, after=after)
    hint, spoken = _part_of_day(spoken)
    clock, spoken = _clock(spoken)
    rest = _without_filler(spoken)
    if not rest:
        return _resolve(now, None, clock, hint, prefer) if clock or hint else None
    calendar = _calendar(rest, now)
    if calendar is None:
        return None
    if isinstance(calendar, datetime):
        exact = calendar.replace(tzinfo=now.tzinfo)
        return Moment(exact) if clock is None and hint is None else None
    return _resolve(now, calendar, clock, hint, prefer)


def find_moment(text: str, now: datetime, prefer: Prefer = Prefer.DAYTIME) -> Found | None:
    """Time words at the start of ``text``, at its end, or both (else within it), and the rest."""
    words = text.split()
    front = _longest_front(words, now, prefer)
    start = front[0] if front else 0
    back = _longest_back(words, start, now, prefer)
    end = back[0] if back else len(words)
    said = " ".join(words[:start] + words[end:])
    moments = [part[1] for part in (front, back) if part]
    if not moments:
        return _within(words, now, prefer)
    both = moment_in(said, now, prefer) if len(moments) == 2 else None
    return Found(both or moments[-1], said, " ".join(words[start:end]))


def _within(words: list[str], now: datetime, prefer: Prefer) -> Found | None:
    """Time words in the middle: "call mum tomorrow about the party"."""
    for start in range(1, len(words) - 1):
        for end in range(min(len(words) - 1, start + MAX_SPAN_WORDS), start, -1):
            moment = _anchored_moment(words[start:end], now, prefer)
            if moment is not None:
                end = _shortest_alike(words, start, end, moment, now, prefer)
                rest = " ".join(words[:start] + words[end:])
                return Found(moment, " ".join(words[start:end]), rest)
    return None


def _longest_front(words: list[str], now: datetime, prefer: Prefer) -> tuple[int, Moment] | None:
    for end in range(min(len(words), MAX_SPAN_WORDS), 0, -1):
        moment = _anchored_moment(words[:end], now, prefer)
        if moment is not None:
            return _shortest_alike(words, 0, end, moment, now, prefer), moment
    return None


def _shortest_alike(
    words: list[str], start: int, end: int, moment: Moment, now: datetime, prefer: Prefer
) -> int:
    """Where the time words really end: dateparser lets "tomorrow about the" pass as
    "tomorrow", so words that do not change the moment are given back to the task."""
    while end - start > 1 and _anchored_moment(words[start : end - 1], now, prefer) == moment:
        end -= 1
    return end


def _longest_back(
    words: list[str], after: int, now: datetime, prefer: Prefer
) -> tuple[int, Moment] | None:
    for start in range(max(after, len(words) - MAX_SPAN_WORDS), len(words)):
        moment = _anchored_moment(words[start:], now, prefer)
        if moment is not None:
            return start, moment
    return None


def _anchored_moment(words: list[str], now: datetime, prefer: Prefer) -> Moment | None:
    """A moment from ``words`` if they start as time words do ("at", "tomorrow", "6pm")."""
    first = words[0].casefold() if words else ""
    if first not in _MAY_START and not first[:1].isdigit() and first not in _numbers():
        return None
    spoken = spoken_clock(" ".join(words))
    first = spoken.split(" ", 1)[0]
    if first not in _ANCHORS and not _CLOCK_START.match(spoken):
        return None
    return moment_in(spoken, now, prefer)


def spoken_clock(text: str) -> str:
    """Lower case, number words as digits, and spoken clock forms as "5:15"."""
    spoken = " ".join(re.sub(r"[^\w:' ]+", " ", text.casefold().replace(".m.", "m")).split())
    spoken = _NUMBER_WORDS.sub(lambda found: str(_numbers()[found.group(0)]), spoken)
    spoken = re.sub(r"\b(\d{1,2}) o'?clock\b", r"\1:00", spoken)
    spoken = re.sub(r"\b(?:a )?quarter past (\d{1,2})\b", r"\1:15", spoken)
    spoken = re.sub(r"\bhalf past (\d{1,2})\b", r"\1:30", spoken)
    spoken = re.sub(r"\b(?:a )?quarter to (\d{1,2})\b", _quarter_to, spoken)
    spoken = re.sub(r"\b((?:at|for|by|around) \d{1,2}) (\d{2})\b", r"\1:\2", spoken)
    return re.sub(r"\bmidday\b", "noon", spoken)


def _quarter_to(found: re.Match[str]) -> str:
    hour = int(found.group(1))
    return f"{(hour - 1) % 12 or 12}:45"


@cache
def _numbers() -> dict[str, int]:
    return {number_words(number): number for number in range(60)}


_NUMBER_WORDS = re.compile(
    r"\b(?:" + "|".join(sorted(_numbers(), key=len, reverse=True)) + r")\b(?!')"
)


@cache
def _durations() -> dict[str, timedelta]:
    return {spoken: timedelta(seconds=seconds) for spoken, seconds in duration_values()}


def _relative(spoken: str) -> timedelta | None:
    """ "in 2 hours", "in half an hour", "after 20 minutes"."""
    found = _RELATIVE.match(spoken)
    return _durations().get(found.group("while")) if found else None


def _part_of_day(spoken: str) -> tuple[tuple[str, int] | None, str]:
    """ "tonight" -> pm, 8 pm by default, and "today"; "tomorrow morning" -> am, 9, "tomorrow"."""
    found = _PART.search(spoken)
    if found is None:
        return None, spoken
    part = found.group("part")
    hint = _PARTS_OF_DAY.get(part, _NIGHT)
    today = part is None or found.group("lead") == "this"
    rest = spoken[: found.start()] + (" today " if today else " ") + spoken[found.end() :]
    return hint, " ".join(rest.split())


def _clock(spoken: str) -> tuple[_Clock | None, str]:
    """The clock time in ``spoken`` ("at 8", "6 pm", "18:00", "noon"), and the rest."""
    named = _NAMED.search(spoken)
    if named is not None:
        hour = 12 if named.group("name") == "noon" else 0
        return _Clock(hour, 0, "24h"), _cut(spoken, named)
    found = _CLOCK.search(spoken)
    if found is None:
        return None, spoken
    hour = int(found.group("said") or found.group("h") or found.group("bare"))
    minute = int(found.group("said_m") or found.group("m") or 0)
    if hour > 23 or minute > 59 or (found.group("half") and not 1 <= hour <= 12):
        return None, spoken
    return _Clock(hour, minute, found.group("half") or ""), _cut(spoken, found)


def _cut(spoken: str, found: re.Match[str]) -> str:
    return " ".join((spoken[: found.start()] + " " + spoken[found.end() :]).split())


def _without_filler(spoken: str) -> str:
    previous = None
    while previous != spoken:
        previous, spoken = spoken, _FILLER.sub("", spoken).strip()
    return "" if spoken in ("and", "at", "on", "by", "for") else spoken


def _calendar(spoken: str, now: datetime) -> date | datetime | None:
    """The day ``spoken`` names ("thursday", "next week", "the 4th of december"), or the exact
    moment when it names one ("in 3 hours", "2 hours from now")."""
    if spoken in _NEAR_DAYS:
        return now.date() + timedelta(days=_NEAR_DAYS[spoken])
    from dateparser.date import DateDataParser  # noqa: PLC0415 - costs 0.4 s; only when needed

    settings: dict[str, Any] = {
        "RELATIVE_BASE": now.replace(tzinfo=None),
        "PREFER_DATES_FROM": "future",
        "RETURN_TIME_AS_PERIOD": True,
        "DATE_ORDER": "DMY",
    }
    found = DateDataParser(languages=["en"], settings=settings).get_date_data(spoken)
    moment: datetime | None = found.date_obj
    if moment is None:
        return None
    return moment if found.period == "time" else moment.date()


def _resolve(
    now: datetime,
    day: date | None,
    clock: _Clock | None,
    hint: tuple[str, int] | None,
    prefer: Prefer,
) -> Moment:
    """The moment for a day (or the next that fits), a clock time and a part of the day.

    Of the moments that fit, the first still to come is taken, in waking hours if one is.
    """
    days = [day] if day else [now.date() + timedelta(days=ahead) for ahead in range(3)]
    if clock is None:
        hours, minute = [hint[1] if hint else USUAL_HOUR], 0
    else:
        hours, minute = _hours(clock, hint[0] if hint else "", prefer), clock.minute
    moments = sorted(_on(each, hour, minute, now) for each in days for hour in hours)
    ahead = [moment for moment in moments if moment > now] or moments
    waking = [moment for moment in ahead if moment.hour in WAKING_HOURS]
    return Moment((waking or ahead)[0], timed=clock is not None, guessed=len(hours) > 1)


def _hours(clock: _Clock, half: str, prefer: Prefer) -> list[int]:
    """The hours a clock time may mean: one, or both halves of the day when it is unsaid."""
    if clock.half == "24h" or clock.hour > 12 or clock.hour == 0:
        return [clock.hour]
    morning = clock.hour % 12
    half = clock.half or half or ("am" if prefer is Prefer.MORNING else "")
    if half:
        return [morning + 12 * (half == "pm")]
    return [morning, morning + 12]


def _on(day: date, hour: int, minute: int, now: datetime) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=now.tzinfo)


def spoken_moments() -> TextSlotList:
    """Times said in words, as one template for the speech grammar: "at eight", "on thursday at
    half past seven", "tomorrow", "in two hours". Other times are heard by the free-form pass."""
    hour = _one_of(number_words(hour) for hour in range(1, 13))
    clock = _one_of(
        [f"{hour} [o'clock|thirty|fifteen|forty five]", f"(half|quarter) past {hour}"]
        + [f"quarter to {hour}", "noon", "midnight"]
    )
    half = "[pm|in the morning|in the afternoon|in the evening|tonight]"
    day = _one_of([*SPOKEN_DAYS, f"on {_one_of(WEEKDAYS)}"])
    hours = _one_of(number_words(count) for count in range(2, 13))
    whiles = _one_of([*SPOKEN_WHILES, f"{hours} hours"])
    template = f"({day} [at {clock} {half}]|(at|for) {clock} {half} [{day}]|in {whiles})"
    return TextSlotList.from_strings([template], allow_template=True)


SPOKEN_DAYS = (
    *("today", "tomorrow", "tonight", "this evening", "next week"),
    *("tomorrow morning", "tomorrow afternoon", "tomorrow evening"),
)
SPOKEN_WHILES = ("(five|ten|fifteen|twenty|thirty|forty five) minutes", "half an hour", "an hour")


def _one_of(choices: Iterable[str]) -> str:
    return "(" + "|".join(choices) + ")"

"""Moments as people say them: "on Thursday at 8", "tomorrow", "in 2 hours", "quarter past five".

The calendar (weekdays, dates, "next week", "in 3 days") is read by dateparser, imported on first
use so that it costs nothing at start-up. The clock time is read here, because the hour said
without "am" or "pm" has to be chosen with care: the next sensible one, or the morning for an
alarm. Spoken clock forms ("quarter past five", "five o'clock") are turned into digits first.

``find_moment`` finds the time words at the start or the end of a request ("tomorrow to pay
rent", "take the bins out on Thursday at 8") and returns what is left.

Rules of the calendar, said in the README too:

- "next Tuesday" is the Tuesday of next week (weeks start on Monday): said on a Monday it is
  eight days ahead, said on a Saturday three. "this Tuesday" is the coming one (today when today
  is Tuesday), "on Tuesday" the coming one after today.
- "tomorrow" said in the small hours (before ``NEW_DAY_HOUR``) is the day after the user's
  sleep: the calendar's today.
- Times are wall-clock times in the clock's zone: "tomorrow at 7" is 7:00 on that day's own
  offset (daylight saving is the zone's business, through ``zoneinfo``); "in 2 hours" is two
  real hours, counted in UTC.
- Common typed shortenings and slips ("tmrw", "2moro", "nxt tues") are read as the words.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from functools import cache
from typing import Any

from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta
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
    dated: bool = True
    """Whether a day (or a while from now) was said: "at 8" alone is not."""


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
NEW_DAY_HOUR = 4
"""Before this hour, "tomorrow" means the day after the user's sleep (the calendar's today)."""
_RELATIVEWEEKDAYS = (MO, TU, WE, TH, FR, SA, SU)
_NAMED_WEEKDAY = re.compile(
    r"^(?:(?P<which>next|this|coming|this coming|on)\s+)?(?:the\s+)?(?P<day>"
    + "|".join(WEEKDAYS)
    + r")$"
)
_WEEKEND = re.compile(r"^(?:on\s+|at\s+)?(this|next|the|coming)?\s*weekend$")
_MONTH_DAY = re.compile(r"^(?:on\s+)?the\s+(\d{1,2})(?:st|nd|rd|th)?$")
_SPELLINGS = {
    **dict.fromkeys(
        ("tomorow", "tommorow", "tommorrow", "tomorrrow", "tomoro", "tomorro", "tmrw", "tmr"),
        "tomorrow",
    ),
    **dict.fromkeys(("tmrow", "tmoz", "2moro", "2morrow", "2morow", "2mrw", "2mro"), "tomorrow"),
    **dict.fromkeys(("tonite", "2nite", "2night", "tonigh"), "tonight"),
    **dict.fromkeys(("2day", "tdy"), "today"),
    "nxt": "next",
    **dict.fromkeys(("tues", "tue", "tuesdy"), "tuesday"),
    **dict.fromkeys(("weds", "wed", "wednesdy", "wensday", "wendsday"), "wednesday"),
    **dict.fromkeys(("thurs", "thur", "thu", "thursdy"), "thursday"),
    **dict.fromkeys(("fri", "fryday"), "friday"),
}
"""Shortenings and slips of time words as typed. "mon", "sat" and "sun" are read as days only
after "on", "next", "this" or "every" (they are words of their own too)."""
NAMED_TIMES = {
    "first thing": "8:00",
    "lunchtime": "12:30",
    "lunch time": "12:30",
    "after lunch": "13:30",
    "after school": "15:30",
    "after work": "17:30",
    "teatime": "17:30",
    "after tea": "18:30",
    "after dinner": "19:30",
    "bedtime": "21:30",
}
"""The usual times of named parts of the day; the user can change them (``named_times``)."""
_SHORT_DAYS = {"mon": "monday", "sat": "saturday", "sun": "sunday"}
_SPELLED = re.compile(r"\b(?P<lead>(?:on|next|nxt|this|every) )?(?P<word>[a-z0-9]+)\b")
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
        return Moment(later(now, after), after=after)
    hint, spoken = _part_of_day(spoken)
    clock, spoken = _clock(spoken)
    rest = _without_filler(spoken)
    if not rest:
        return _resolve(now, None, clock, hint, prefer) if clock or hint else None
    calendar = _calendar(rest, now)
    if calendar is None:
        return None
    if isinstance(calendar, datetime):
        exact = later(now, calendar - now.replace(tzinfo=None))
        return Moment(exact) if clock is None and hint is None else None
    return _resolve(now, calendar, clock, hint, prefer)


def moved_to(
    words: str, due: datetime, now: datetime, prefer: Prefer = Prefer.DAYTIME
) -> datetime | None:
    """Where a reminder due at ``due`` moves to: "4" -> that day at 4 in the afternoon,
    "friday" -> Friday at its own time, "friday at 4" -> both; ``None`` when no time is said."""
    words = f"at {words}" if words[:1].isdigit() else words
    moment = moment_in(words, now, prefer)
    if moment is None:
        return None
    if moment.dated and not moment.timed:
        return wall_clock(moment.at.date(), due.hour, due.minute, now)
    if moment.dated:
        return moment.at
    that_day = moment_in(words, wall_clock(due.date(), 0, 0, now), prefer)
    return that_day.at if that_day is not None else moment.at


def later(now: datetime, after: timedelta) -> datetime:
    """``after`` from ``now`` in real time (two hours are two hours across a change of the
    clocks), as a time in ``now``'s zone."""
    return (now.astimezone(UTC) + after).astimezone(now.tzinfo)


def wall_clock(day: date, hour: int, minute: int, now: datetime) -> datetime:
    """``hour:minute`` on ``day`` in ``now``'s zone, at that day's own offset. A time the
    clocks skip (1:30 when they go forward at 1) is the same while later (2:30)."""
    naive = datetime(day.year, day.month, day.day, hour, minute, tzinfo=now.tzinfo)
    return naive.astimezone(UTC).astimezone(now.tzinfo)


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
    first = spelled(words[0].casefold()) if words else ""
    if first not in _MAY_START and not first[:1].isdigit() and first not in _numbers():
        return None
    spoken = spoken_clock(" ".join(words))
    first = spoken.split(" ", 1)[0]
    if first not in _ANCHORS and not _CLOCK_START.match(spoken):
        return None
    return moment_in(spoken, now, prefer)


def with_named_times(text: str, changed: Iterable[str] = ()) -> str:
    """``text`` with named parts of the day as clock times: "after lunch" -> "at 1:30 pm".

    ``changed`` holds the user's own, as "after lunch=14:00"."""
    named = NAMED_TIMES | dict(_named_time(each) for each in changed if "=" in each)
    pattern = r"\b(?:at |by |around )?(" + "|".join(map(re.escape, named)) + r")\b"
    return re.sub(
        pattern,
        lambda found: _as_clock(named[found.group(1).casefold()]),
        text,
        flags=re.IGNORECASE,
    )


def _named_time(setting: str) -> tuple[str, str]:
    name, _, clock = setting.partition("=")
    return " ".join(name.casefold().split()), clock.strip()


def _as_clock(hours_minutes: str) -> str:
    """ "13:30" -> "at 1:30 pm", so that the hour is never guessed."""
    hour, _, minute = hours_minutes.partition(":")
    if not hour.isdigit() or not (minute or "0").isdigit() or int(hour) > 23:
        return hours_minutes
    half = "pm" if int(hour) >= 12 else "am"
    return f"at {int(hour) % 12 or 12}:{int(minute or 0):02d} {half}"


def spelled(text: str) -> str:
    """``text`` (lower case) with time words as typed in haste written out: "nxt tues" ->
    "next tuesday", "2moro" -> "tomorrow"."""
    return _SPELLED.sub(_spelled_word, text)


def _spelled_word(found: re.Match[str]) -> str:
    lead, word = found.group("lead") or "", found.group("word")
    lead = "next " if lead == "nxt " else lead
    if word in _SHORT_DAYS:
        return lead + _SHORT_DAYS[word] if lead else word
    return lead + (_SPELLINGS.get(word) or word)


def spoken_clock(text: str) -> str:
    """Lower case, number words as digits, and spoken clock forms as "5:15"."""
    spoken = " ".join(re.sub(r"[^\w:' ]+", " ", text.casefold().replace(".m.", "m")).split())
    spoken = spelled(spoken)
    spoken = _NUMBER_WORDS.sub(lambda found: str(_numbers()[found.group(0)]), spoken)
    spoken = re.sub(r"\b(\d{1,2}) o'?clock\b", r"\1:00", spoken)
    spoken = re.sub(r"\b(?:a )?quarter past (\d{1,2})\b", r"\1:15", spoken)
    spoken = re.sub(r"\bhalf past (\d{1,2})\b", r"\1:30", spoken)
    spoken = re.sub(r"\bhalf (\d{1,2})\b(?! (?:hours?|hrs?|minutes?|mins?)\b)", r"\1:30", spoken)
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
    half = found.group("half") or ("24h" if (found.group("h") or "")[:1] == "0" else "")
    return _Clock(hour, minute, half), _cut(spoken, found)


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
        slept = spoken == "tomorrow" and now.hour < NEW_DAY_HOUR
        return now.date() + timedelta(days=_NEAR_DAYS[spoken] - slept)
    day = (
        _named_weekday(spoken, now.date())
        or _day_of_month(spoken, now.date())
        or _weekend(spoken, now.date())
    )
    if day is not None:
        return day
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


def _named_weekday(spoken: str, today: date) -> date | None:
    """ "next tuesday" (next week's), "this tuesday" (the coming one, or today), "tuesday" or
    "on tuesday" (the coming one after today); ``None`` for other words."""
    found = _NAMED_WEEKDAY.match(spoken)
    if found is None:
        return None
    index = WEEKDAYS.index(found.group("day"))
    which = found.group("which") or "on"
    if which == "next":
        return today - timedelta(days=today.weekday()) + timedelta(days=7 + index)
    weekday = _RELATIVEWEEKDAYS[index]
    shift = relativedelta(weekday=weekday(+1), days=+1 if which == "on" else 0)
    return today + shift


def _weekend(spoken: str, today: date) -> date | None:
    """ "this weekend", "the weekend" (its Saturday, or today at the weekend), "next weekend"
    (next week's Saturday when said in the week); ``None`` for other words."""
    found = _WEEKEND.match(spoken)
    if found is None:
        return None
    saturday = today + relativedelta(weekday=SA(+1)) if today.weekday() < 6 else today
    return saturday + timedelta(days=7 * (found.group(1) == "next" and today.weekday() < 5))


def _day_of_month(spoken: str, today: date) -> date | None:
    """ "the 3rd" or "on the 3rd": the next such day (today's included), in a month that has
    it; ``None`` for other words."""
    found = _MONTH_DAY.match(spoken)
    if found is None or not 1 <= int(found.group(1)) <= 31:
        return None
    wanted = int(found.group(1))
    for ahead in range(13):
        month = today.replace(day=1) + relativedelta(months=ahead)
        day = month + relativedelta(day=wanted)
        if day.day == wanted and day >= today:
            return day
    return None


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
    chosen = (waking or ahead)[0]
    return Moment(chosen, timed=clock is not None, guessed=len(hours) > 1, dated=day is not None)


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
    return wall_clock(day, hour, minute, now)


def spoken_moments() -> TextSlotList:
    """Times said in words, as one template for the speech grammar: "at eight", "on thursday at
    half past seven", "tomorrow", "in two hours", "every weekday at seven". Other times are heard
    by the free-form pass."""
    hour = _one_of(number_words(hour) for hour in range(1, 13))
    clock = _one_of(
        [f"{hour} [o'clock|thirty|fifteen|forty five]", f"(half|quarter) past {hour}"]
        + [f"quarter to {hour}", "noon", "midnight"]
    )
    half = "[pm|in the morning|in the afternoon|in the evening|tonight]"
    day = _one_of([*SPOKEN_DAYS, f"on {_one_of(WEEKDAYS)}"])
    hours = _one_of(number_words(count) for count in range(2, 13))
    whiles = _one_of([*SPOKEN_WHILES, f"{hours} hours"])
    every = _one_of(["every (day|weekday|morning|evening|night)", f"every {_one_of(WEEKDAYS)}"])
    template = (
        f"({day} [at {clock} {half}]|(at|for) {clock} {half} [{day}|{every}]|in {whiles}"
        f"|{every} [at {clock} {half}])"
    )
    return TextSlotList.from_strings([template], allow_template=True)


SPOKEN_DAYS = (
    *("today", "tomorrow", "tonight", "this evening", "next week"),
    *("tomorrow morning", "tomorrow afternoon", "tomorrow evening"),
)
SPOKEN_WHILES = ("(five|ten|fifteen|twenty|thirty|forty five) minutes", "half an hour", "an hour")


def _one_of(choices: Iterable[str]) -> str:
    return "(" + "|".join(choices) + ")"

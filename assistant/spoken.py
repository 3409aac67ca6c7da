"""Putting things as a person would say them: "your sister", "yesterday at 3:05", "20 minutes"."""

import re
import unicodedata
from datetime import datetime

_SECOND_PERSON = {
    "i": "you",
    "i'm": "you're",
    "im": "you're",
    "i've": "you've",
    "i'll": "you'll",
    "i'd": "you'd",
    "am": "are",
    "me": "you",
    "my": "your",
    "mine": "yours",
    "myself": "yourself",
    "was": "were",
}
_WORD = re.compile(r"[\w']+|[^\w']+")
ONES = (
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    *("eighteen", "nineteen"),
)
"""The numbers below twenty in words, as said (the one table of them)."""
TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
"""The tens in words, by their digit."""
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""The days of the week, Monday first as ``datetime.weekday()`` counts them. Written here, not
read from ``calendar.day_name``, which follows the process's locale (the window sets it), while
the sentence templates are English."""
_REPORTED = {"we": "you", "we're": "you were", "our": "your", "us": "you", "ours": "yours"}
"""Beyond ``second_person``, for what the user shared: "we" is "you" too."""
_PAST = {
    "you've got": "you had",
    "you have got": "you had",
    "you're": "you were",
    "you are": "you were",
    "you've": "you had",
    "you have": "you had",
}
_CLAUSE_END = re.compile(r"[,.!?;:]+|\s+-\s+|\s+but\s+", re.IGNORECASE)
_ASIDES = frozenset(
    [
        "guess",
        "what",
        "so",
        "well",
        "oh",
        "ok",
        "okay",
        "hey",
        "hi",
        "btw",
        "omg",
        "yay",
        "wow",
        "ugh",
        "um",
        "honestly",
        "anyway",
        "and",
        "lol",
        "haha",
        "actually",
        "just",
    ]
)
"""Words a clause can be made of that say nothing of what happened ("guess what", "so")."""
_SAID_WHEN = re.compile(
    r"\s+(?:last (?:week|night|month|year)|yesterday|today|tonight|this (?:morning|afternoon|"
    r"evening|week)|on \w+day|a few days ago|recently|the other day|again|though|tbh|lol)$",
    re.IGNORECASE,
)
_SUBJECTS = frozenset(
    [
        "you",
        "you're",
        "you've",
        "your",
        "the",
        "a",
        "an",
        "he",
        "she",
        "they",
        "his",
        "her",
        "their",
        "it",
        "that",
        "this",
        "there",
        "work",
        "school",
        "everything",
    ]
)
"""Words a clause with its own subject starts with, said back; others ("passed my test")
cannot be reported word for word."""
MAX_REPORTED_WORDS = 14
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_MONTH = "(" + "|".join(MONTHS) + ")"
_DATE_FORMS = (
    re.compile(rf"^(?:the )?{_DAY} (?:of )?{_MONTH}$"),
    re.compile(rf"^{_MONTH} (?:the )?{_DAY}$"),
)


def spoken_time(moment: datetime) -> str:
    """ "4:05 in the afternoon", "midnight", "noon"."""
    if moment.hour == 0 and moment.minute == 0:
        return "midnight"
    if moment.hour == 12 and moment.minute == 0:
        return "noon"
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {_part_of_day(moment.hour)}"


def _part_of_day(hour: int) -> str:
    if hour >= 22:
        return "at night"
    if hour < 12:
        return "in the morning"
    if hour < 18:
        return "in the afternoon"
    return "in the evening"


def spoken_date(moment: datetime) -> str:
    """ "Saturday, the 21st of November, 2026"."""
    return f"{moment:%A}, the {ordinal(moment.day)} of {moment:%B}, {moment.year}"


def ordinal(number: int) -> str:
    """1 -> "1st", 22 -> "22nd", 13 -> "13th"."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def second_person(text: str) -> str:
    """What the user said about themselves, said back to them: "my sister" -> "your sister".

    "was" becomes "were" only after "I" ("I was born" -> "you were born").
    """
    pieces = _WORD.findall(text.strip())
    out: list[str] = []
    previous = ""
    for piece in pieces:
        lower = piece.casefold()
        swapped = _SECOND_PERSON.get(lower)
        if swapped is None or (lower == "was" and previous != "i"):
            out.append(piece)
        else:
            out.append(swapped)
        if piece.strip():
            previous = lower
    return "".join(out)


def reported(text: str) -> str:
    """What the user shared, said back in the past: "guess what, I'm getting married!" ->
    "you were getting married"; "my grandad died last week" -> "your grandad died".

    Empty when it cannot be said back word for word (a clause with no subject of its own,
    or a long one): the caller says it in its own words then.
    """
    clause = _telling_clause(text)
    while (shorter := _SAID_WHEN.sub("", clause)) != clause:
        clause = shorter
    words = second_person(clause).split()
    words = " ".join(_REPORTED.get(word.casefold(), word) for word in words).split()
    if not words or words[0].casefold() not in _SUBJECTS or len(words) > MAX_REPORTED_WORDS:
        return ""
    said = " ".join(words)
    for present, past in _PAST.items():
        said = re.sub(rf"\b{present}\b", past, said, flags=re.IGNORECASE)
    return said


def _telling_clause(text: str) -> str:
    """The first clause of ``text`` that says something ("guess what, I got it" -> "I got
    it")."""
    for clause in _CLAUSE_END.split(text):
        words = re.findall(r"[\w']+", clause.casefold())
        if words and not set(words) <= _ASIDES:
            return " ".join(clause.split())
    return ""


def reminded(task: str) -> str:
    """What a reminder is for, after "remind you": "to call mum", or as kept "about the party",
    "that you have a meeting"."""
    return task if task.split(" ", 1)[0] in ("about", "that") else f"to {task}"


def listed(items: list[str], last: str = " and ") -> str:
    """ "a, b and c" (or "a, b, and c" with ``last=", and "``)."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + last + items[-1]


def counted(number: int, one: str, many: str) -> str:
    """ "one mail", "3 mails"."""
    return f"{'one' if number == 1 else number} {one if number == 1 else many}"


def capitalised(text: str) -> str:
    """``text`` with its first letter a capital, and the rest as it was ("On Thursday")."""
    return text[:1].upper() + text[1:]


def sentence(text: str) -> str:
    """``text`` with a capital first letter and a full stop."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def spoken_duration(seconds: int) -> str:
    """ "10 minutes", "1 hour and 30 minutes", "45 seconds"."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [
        f"{count} {unit}{'' if count == 1 else 's'}"
        for count, unit in ((hours, "hour"), (minutes, "minute"), (secs, "second"))
        if count
    ]
    return " and ".join(parts) or "no time"


def spoken_when(moment: datetime, now: datetime) -> str:
    """ "today at 3:05 in the afternoon", "yesterday at ...", "on Monday", "on the 3rd of May"."""
    days = (now.date() - moment.date()).days
    if days == 0:
        return f"today at {spoken_time(moment)}"
    if days == 1:
        return f"yesterday at {spoken_time(moment)}"
    if days == -1:
        return f"tomorrow at {spoken_time(moment)}"
    if 1 < days < 7:
        return f"on {moment:%A}"
    return f"on the {ordinal(moment.day)} of {moment:%B}"


def day_and_month(spoken: str) -> str | None:
    """ "the 3rd of May", "May 3rd", "3 may" -> "3 May"; ``None`` when it is not such a date."""
    text = " ".join(spoken.casefold().replace(",", " ").split())
    for form in _DATE_FORMS:
        found = form.match(text)
        if found:
            month, day_text = sorted(found.groups(), key=lambda part: part.isdigit())
            day = int(day_text)
            if _valid_day(day, MONTHS.index(month) + 1):
                return f"{day} {month.capitalize()}"
    return None


def spoken_day_and_month(kept: str) -> str:
    """ "3 May" -> "the 3rd of May"."""
    day, month = kept.split(" ", 1)
    return f"the {ordinal(int(day))} of {month}"


def _valid_day(day: int, month: int) -> bool:
    try:
        datetime(2024, month, day)  # a leap year, so the 29th of February is a birthday too
    except ValueError:
        return False
    return True


def quoted(text: str, limit: int = 80) -> str:
    """``text`` in quotes, cut at a word boundary past ``limit`` characters."""
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " ..."
    return f'"{text}"'


MAX_NAME_CHARS = 30
MAX_NAME_WORDS = 3


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

"""Putting things as a person would say them: "your sister", "yesterday at 3:05", "20 minutes"."""

import re
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

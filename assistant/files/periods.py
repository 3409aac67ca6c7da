"""Spoken periods ("yesterday", "last week", "on monday") as a start and an end in time.

The periods come from a closed list in the sentence templates (speech can only be recognised
from a known grammar), so each is turned into a range here, relative to the clock.
"""

from datetime import datetime, timedelta

from assistant.spoken import WEEKDAYS


def period(spoken: str, now: datetime) -> tuple[datetime, datetime]:
    """The span of time ``spoken`` means, as seen at ``now``."""
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    day = timedelta(days=1)
    week_start = today - timedelta(days=today.weekday())
    month_start = today.replace(day=1)
    fixed = {
        "today": (today, today + day),
        "yesterday": (today - day, today),
        "the day before yesterday": (today - 2 * day, today - day),
        "this morning": (today, today.replace(hour=12)),
        "this afternoon": (today.replace(hour=12), today.replace(hour=18)),
        "last night": ((today - day).replace(hour=18), today.replace(hour=6)),
        "this week": (week_start, week_start + 7 * day),
        "last week": (week_start - 7 * day, week_start),
        "this month": (month_start, _next_month(month_start)),
        "last month": (_previous_month(month_start), month_start),
        "this year": (
            today.replace(month=1, day=1),
            today.replace(year=today.year + 1, month=1, day=1),
        ),
    }
    if spoken in fixed:
        return fixed[spoken]
    if spoken in WEEKDAYS:
        back = (today.weekday() - WEEKDAYS.index(spoken)) % 7
        start = today - timedelta(days=back)
        return start, start + day
    raise ValueError(f"not a period: {spoken!r}")


def _next_month(first: datetime) -> datetime:
    return (first + timedelta(days=32)).replace(day=1)


def _previous_month(first: datetime) -> datetime:
    return (first - timedelta(days=1)).replace(day=1)

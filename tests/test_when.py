"""Times in every form, with an injected clock in a named zone: "next Tuesday" said on each day
of the week, "this Friday", "the 3rd", "in a fortnight", named parts of the day, Feb 29,
"tomorrow" in the small hours, typed shortenings, and both changes of the clocks in
Europe/London and America/New_York."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from assistant.intents.when import Prefer, find_moment, moment_in, with_named_times

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
MONDAY = datetime(2026, 11, 30, 10, 0, tzinfo=LONDON)
"""Monday the 30th of November 2026, 10 in the morning."""


def _at(said: str, now: datetime, prefer: Prefer = Prefer.DAYTIME) -> datetime:
    moment = moment_in(said, now, prefer)
    assert moment is not None, said
    return moment.at


@pytest.mark.parametrize(
    ("said_on", "next_tuesday"),
    [
        (0, date(2026, 12, 8)),  # Monday: the Tuesday of next week, 8 days on
        (1, date(2026, 12, 8)),  # Tuesday: a week on
        (2, date(2026, 12, 8)),
        (3, date(2026, 12, 8)),
        (4, date(2026, 12, 8)),
        (5, date(2026, 12, 8)),  # Saturday: the coming one, 3 days on
        (6, date(2026, 12, 8)),  # Sunday: the coming one, 2 days on
    ],
    ids=["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
)
def test_next_tuesday_is_the_tuesday_of_next_week(said_on: int, next_tuesday: date) -> None:
    now = (
        MONDAY.replace(day=30 + said_on) if said_on == 0 else MONDAY.replace(month=12, day=said_on)
    )
    assert now.weekday() == said_on
    assert _at("next tuesday at 3", now) == datetime.combine(
        next_tuesday, datetime.min.time().replace(hour=15), LONDON
    )


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("this friday", datetime(2026, 12, 4, 9, 0)),
        ("on friday", datetime(2026, 12, 4, 9, 0)),
        ("this monday", datetime(2026, 11, 30, 9, 0)),  # today's, already gone at 10
        ("on monday", datetime(2026, 12, 7, 9, 0)),
        ("on the 3rd", datetime(2026, 12, 3, 9, 0)),
        ("the 3rd at 6pm", datetime(2026, 12, 3, 18, 0)),
        ("in a fortnight", datetime(2026, 12, 14, 9, 0)),
        ("noon", datetime(2026, 11, 30, 12, 0)),
        ("at midday", datetime(2026, 11, 30, 12, 0)),
        ("tonight", datetime(2026, 11, 30, 20, 0)),
        ("tomorrow evening", datetime(2026, 12, 1, 18, 0)),
        ("on the 29th of february", datetime(2028, 2, 29, 9, 0)),
        ("29 feb at 8am", datetime(2028, 2, 29, 8, 0)),
        ("tomorow at 5pm", datetime(2026, 12, 1, 17, 0)),
        ("tmrw", datetime(2026, 12, 1, 9, 0)),
        ("2moro at 8", datetime(2026, 12, 1, 8, 0)),
        ("nxt tues", datetime(2026, 12, 8, 9, 0)),
        ("next sat", datetime(2026, 12, 12, 9, 0)),
        ("on thurs at 4", datetime(2026, 12, 3, 16, 0)),
    ],
)
def test_days_and_times_in_many_forms(said: str, expected: datetime) -> None:
    assert _at(said, MONDAY) == expected.replace(tzinfo=LONDON)


def test_named_parts_of_the_day_have_usual_times_the_user_can_change() -> None:
    assert with_named_times("call mum after lunch") == "call mum at 1:30 pm"
    assert with_named_times("after school tomorrow") == "at 3:30 pm tomorrow"
    changed = with_named_times("after lunch", ["after lunch=14:15"])
    assert changed == "at 2:15 pm"
    assert _at(changed, MONDAY) == datetime(2026, 11, 30, 14, 15, tzinfo=LONDON)


def test_the_29th_of_february_leaves_a_clean_task() -> None:
    found = find_moment("on the 29th of February to pay rent", MONDAY)
    assert found is not None
    assert found.rest == "to pay rent"
    assert found.moment.at.date() == date(2028, 2, 29)


def test_tomorrow_said_in_the_small_hours_is_the_day_after_sleeping() -> None:
    small_hours = datetime(2026, 12, 1, 0, 30, tzinfo=LONDON)
    assert _at("tomorrow at 8", small_hours) == datetime(2026, 12, 1, 8, tzinfo=LONDON)
    after_four = small_hours.replace(hour=4, minute=30)
    assert _at("tomorrow at 8", after_four) == datetime(2026, 12, 2, 8, tzinfo=LONDON)


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


# (zone, said at (wall clock), said, prefer, due in UTC). London: clocks forward on the 29th of
# March 2026 at 1:00 GMT, back on the 25th of October at 2:00 BST. New York: forward on the 8th
# of March at 2:00 EST, back on the 1st of November at 2:00 EDT.
ACROSS_A_CHANGE = {
    "london spring alarm": (
        LONDON,
        (2026, 3, 28, 22, 0),
        "tomorrow at 7",
        "am",
        _utc(2026, 3, 29, 6),
    ),
    "london spring at 8 at 00:30": (
        LONDON,
        (2026, 3, 29, 0, 30),
        "at 8",
        "day",
        _utc(2026, 3, 29, 7),
    ),
    "london spring tomorrow at 00:30": (
        LONDON,
        (2026, 3, 29, 0, 30),
        "tomorrow at 7",
        "day",
        _utc(2026, 3, 29, 6),
    ),
    "london spring weekday": (
        LONDON,
        (2026, 3, 27, 18, 0),
        "on monday at 9",
        "day",
        _utc(2026, 3, 30, 8),
    ),
    "london spring in 2 hours": (
        LONDON,
        (2026, 3, 29, 0, 30),
        "in 2 hours",
        "day",
        _utc(2026, 3, 29, 2, 30),
    ),
    "london autumn alarm": (
        LONDON,
        (2026, 10, 24, 22, 0),
        "tomorrow at 7",
        "am",
        _utc(2026, 10, 25, 7),
    ),
    "london autumn at 8 at 00:30": (
        LONDON,
        (2026, 10, 25, 0, 30),
        "at 8",
        "day",
        _utc(2026, 10, 25, 8),
    ),
    "london autumn weekday": (
        LONDON,
        (2026, 10, 23, 18, 0),
        "on monday at 9",
        "day",
        _utc(2026, 10, 26, 9),
    ),
    "new york spring alarm": (
        NEW_YORK,
        (2026, 3, 7, 22, 0),
        "tomorrow at 7",
        "am",
        _utc(2026, 3, 8, 11),
    ),
    "new york spring at 8 at 00:30": (
        NEW_YORK,
        (2026, 3, 8, 0, 30),
        "at 8",
        "day",
        _utc(2026, 3, 8, 12),
    ),
    "new york spring weekday": (
        NEW_YORK,
        (2026, 3, 6, 18, 0),
        "on monday at 9",
        "day",
        _utc(2026, 3, 9, 13),
    ),
    "new york autumn alarm": (
        NEW_YORK,
        (2026, 10, 31, 22, 0),
        "tomorrow at 7",
        "am",
        _utc(2026, 11, 1, 12),
    ),
    "new york autumn at 8 at 00:30": (
        NEW_YORK,
        (2026, 11, 1, 0, 30),
        "at 8",
        "day",
        _utc(2026, 11, 1, 13),
    ),
    "new york autumn weekday": (
        NEW_YORK,
        (2026, 10, 30, 18, 0),
        "on monday at 9",
        "day",
        _utc(2026, 11, 2, 14),
    ),
    "new york autumn in 3 hours": (
        NEW_YORK,
        (2026, 11, 1, 0, 30),
        "in 3 hours",
        "day",
        _utc(2026, 11, 1, 7, 30),
    ),
}


@pytest.mark.parametrize("case", ACROSS_A_CHANGE, ids=str)
def test_a_time_across_a_change_of_the_clocks_is_the_wall_clock_of_that_day(case: str) -> None:
    zone, said_at, said, prefer, due = ACROSS_A_CHANGE[case]
    now = datetime(*said_at, tzinfo=zone)
    at = _at(said, now, Prefer.MORNING if prefer == "am" else Prefer.DAYTIME)
    assert at.astimezone(UTC) == due
    assert at.tzinfo is zone

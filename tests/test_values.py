"""Spoken numbers, durations and clock times generated for the grammar."""

import pytest

from assistant.intents.values import duration_values, number_words, time_values


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "zero"),
        (7, "seven"),
        (13, "thirteen"),
        (20, "twenty"),
        (42, "forty two"),
        (90, "ninety"),
        (100, "a hundred"),
        (120, "a hundred and twenty"),
    ],
)
def test_number_words(number: int, words: str) -> None:
    assert number_words(number) == words


def test_durations_in_words_and_digits() -> None:
    durations = dict(duration_values())
    assert durations["ten minutes"] == 600
    assert durations["10 minutes"] == 600
    assert durations["5 minute"] == 300
    assert durations["an hour and a half"] == 5400
    assert durations["ninety seconds"] == 90


def test_clock_times_keep_am_and_pm_only_when_said() -> None:
    times = dict(time_values())
    assert times["five"] == "5:00"
    assert times["five pm"] == "5:00 pm"
    assert times["half past three"] == "3:30"
    assert times["quarter to six"] == "5:45"
    assert times["7:15 in the morning"] == "7:15 am"
    assert times["noon"] == "12:00 pm"

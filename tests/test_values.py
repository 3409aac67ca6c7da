"""Spoken numbers, durations and clock times generated for the grammar."""

import pytest

from assistant.intents.values import (
    duration_values,
    find_duration,
    number_words,
    time_values,
    with_digits,
)


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


@pytest.mark.parametrize(
    ("text", "written", "seconds"),
    [
        ("timer for 10 minutes", "10 minutes", 600),
        ("set a timer for ten minutes", "ten minutes", 600),
        ("a 5 minute timer", "5 minute", 300),
        ("for 1/2 an hour", "1/2 an hour", 1800),
        ("for half a minute", "half a minute", 30),
        ("for half an hour", "half an hour", 1800),
        ("for a quarter of an hour", "a quarter of an hour", 900),
        ("for an hour and a half", "an hour and a half", 5400),
        ("for 1 and a half hours", "1 and a half hours", 5400),
        ("for 1 and a 1/2 hours", "1 and a 1/2 hours", 5400),
        ("for 1 hour, 15 minutes, and 30 seconds", "1 hour, 15 minutes, and 30 seconds", 4530),
        ("a 1 hour 15 minute 30 second timer", "1 hour 15 minute 30 second", 4530),
        ("in 90 secs", "90 secs", 90),
        ("in 2 hrs", "2 hrs", 7200),
    ],
)
def test_a_length_of_time_is_found_in_a_sentence(text: str, written: str, seconds: int) -> None:
    found = find_duration(text)
    assert found is not None
    assert (text[found.start : found.end], found.seconds) == (written, seconds)


@pytest.mark.parametrize(
    "text", ["what time is it", "set a timer", "for 0 minutes", "call me at 5", "the second one"]
)
def test_no_length_of_time_where_none_is_given(text: str) -> None:
    assert find_duration(text) is None


def test_number_words_become_digits_before_durations_are_found() -> None:
    assert with_digits("twenty five minutes") == "25 minutes"
    found = find_duration(with_digits("set a timer for twenty five minutes"))
    assert found is not None
    assert found.seconds == 1500

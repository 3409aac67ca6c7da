"""Reminders a person can live with, by text with an injected clock in Europe/London: lists
told a few at a time, one acted on by what it is (cancel, move, snooze), the short question
when several fit, undo, repeats that ring once each, and times across a change of the clocks."""

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlite_utils import Database

from assistant.audio.sources import WavSource
from assistant.calendar.service import CalendarAccount, store_password
from assistant.config import Paths
from assistant.memory.reminders import ALARM, REMINDER
from assistant.runtime import asking
from assistant.runtime.assistant import Assistant
from assistant.runtime.pipeline import Pipeline
from assistant.runtime.presence import Announcement
from assistant.runtime.voice import Listener
from assistant.store.migrations import (
    facts_people_reminders,
    reminder_zones_repeats_and_rings,
    timer_names,
)
from harness.caldav_server import publish_family
from harness.ringing import run_trial
from tests.conftest import FixedClock

LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2026, 11, 30, 10, 0, tzinfo=LONDON)
"""Monday the 30th of November 2026, 10 in the morning."""


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(MONDAY)


@pytest.fixture
def talk(assistant: Assistant) -> Pipeline:
    return assistant.conversation()


def _set(talk: Pipeline, *said: str) -> None:
    for each in said:
        assert talk.run_text(each).reply.startswith("Okay."), each


def _tasks(assistant: Assistant) -> list[str]:
    return [r.task for r in assistant.memory.reminders.pending()]


def test_next_tuesday_said_on_a_monday_is_next_weeks_and_read_back(talk: Pipeline) -> None:
    assert talk.run_text("remind me next Tuesday at 3 to phone the dentist").reply == (
        "Okay. I'll remind you to phone the dentist on Tuesday the 8th of December at 3:00 "
        "in the afternoon."
    )


@pytest.mark.parametrize(
    ("said", "read_back"),
    [
        (
            "reminder: parents evening thursday at 6pm",
            "Okay. I'll remind you about parents evening on Thursday the 3rd at 6:00 in the "
            "evening.",
        ),
        (
            "can u remind me about the staff meeting at 4",
            "Okay. I'll remind you about the staff meeting today at 4:00 in the afternoon.",
        ),
        (
            "remind me after lunch to call mum",
            "Okay. I'll remind you to call mum today at 1:30 in the afternoon.",
        ),
        (
            "remind me on the 29th of February to pay rent",
            "Okay. I'll remind you to pay rent on Tuesday the 29th of February, 2028, at 9:00 "
            "in the morning.",
        ),
        (
            "wake me up every weekday at 7",
            "Okay. I'll wake you every weekday at 7:00 in the morning, starting tomorrow.",
        ),
    ],
)
def test_reminders_said_as_people_say_them(talk: Pipeline, said: str, read_back: str) -> None:
    assert talk.run_text(said).reply == read_back


def test_after_lunch_is_the_users_own_time(assistant: Assistant, talk: Pipeline) -> None:
    assistant.change_settings(named_times=("after lunch=14:00",))
    assert talk.run_text("remind me after lunch to call mum").reply == (
        "Okay. I'll remind you to call mum today at 2:00 in the afternoon."
    )


@pytest.fixture
def week(talk: Pipeline) -> Pipeline:
    """A teacher's week: the dentist, an alarm on Saturday, two about the school, Isla."""
    _set(
        talk,
        "remind me next Tuesday at 3 to phone the dentist",
        "wake me up on saturday at 8",
        "wake me up tomorrow at 6:30",
        "remind me tomorrow to pick up isla",
        "remind me about the school trip money on friday",
        "remind me to email the school at 4 tomorrow",
    )
    return talk


@pytest.mark.parametrize(
    ("said", "cancelled"),
    [
        (
            "cancel the dentist one",
            "the reminder to phone the dentist on Tuesday the 8th of December at 3:00 in the "
            "afternoon",
        ),
        ("cancel the alarm on saturday", "the alarm on Saturday the 5th at 8:00 in the morning"),
        ("delete the alarm for saturday", "the alarm on Saturday the 5th at 8:00 in the morning"),
        ("cancel my alarm for tomorrow", "the alarm tomorrow at 6:30 in the morning"),
        (
            "actually cancel the reminder to pick up isla",
            "the reminder to pick up isla tomorrow at 9:00 in the morning",
        ),
    ],
)
def test_one_is_cancelled_by_what_it_is_and_undo_says_what_it_puts_back(
    assistant: Assistant, week: Pipeline, said: str, cancelled: str
) -> None:
    assert week.run_text(said).reply == f"I've cancelled {cancelled}."
    assert len(assistant.memory.reminders.pending()) == 5
    assert week.run_text("undo").reply == f"I've put back {cancelled}."
    assert len(assistant.memory.reminders.pending()) == 6


def test_when_several_fit_it_asks_which_and_takes_the_next_line(
    assistant: Assistant, week: Pipeline
) -> None:
    assert week.run_text("cancel the school reminders").reply == (
        "Which one should I cancel: to email the school tomorrow at 4:00 in the afternoon, or "
        "about the school trip money on Friday the 4th at 9:00 in the morning? Or all of them?"
    )
    assert week.run_text("the trip money one").reply == (
        "I've cancelled the reminder about the school trip money on Friday the 4th at 9:00 in "
        "the morning."
    )
    assert "about the school trip money" not in _tasks(assistant)


def test_another_request_lets_the_question_go(assistant: Assistant, week: Pipeline) -> None:
    week.run_text("cancel the school reminders")
    assert week.run_text("what time is it").understanding.intent == "system.time"  # type: ignore[union-attr]
    assert week.run_text("the first one").understanding is None or (
        len(assistant.memory.reminders.pending()) == 6
    )
    assert len(assistant.memory.reminders.pending()) == 6


def test_more_than_one_cancelled_needs_a_yes(assistant: Assistant, week: Pipeline) -> None:
    week.run_text("cancel the school reminders")
    assert week.run_text("both").reply.startswith("I'd cancel 2 reminders: to email the school")
    assert len(assistant.memory.reminders.pending()) == 6
    assert week.run_text("yes").reply.startswith("I've cancelled the reminders to email")
    assert len(assistant.memory.reminders.pending()) == 4
    assert week.run_text("undo").reply.startswith("I've put back the reminders to email")
    assert len(assistant.memory.reminders.pending()) == 6


def test_a_reminder_is_moved_by_what_it_is_and_moved_back(
    assistant: Assistant, week: Pipeline
) -> None:
    assert week.run_text("move the dentist to 4").reply == (
        "Okay. I'll now remind you to phone the dentist on Tuesday the 8th of December at 4:00 "
        "in the afternoon."
    )
    assert week.run_text("undo").reply == (
        "I've moved it back. I'll remind you to phone the dentist on Tuesday the 8th of "
        "December at 3:00 in the afternoon."
    )
    assert week.run_text("push my 3pm reminder to friday").reply == (
        "Okay. I'll now remind you to phone the dentist on Friday the 4th at 3:00 in the afternoon."
    )
    (dentist,) = [r for r in assistant.memory.reminders.pending() if "dentist" in r.task]
    assert dentist.due == datetime(2026, 12, 4, 15, tzinfo=LONDON)


def test_that_one_and_the_next_one(assistant: Assistant, week: Pipeline) -> None:
    assert week.run_text("when is my next reminder").reply == (
        "Your next reminder is an alarm tomorrow at 6:30 in the morning."
    )
    assert week.run_text("cancel that one").reply == (
        "I've cancelled the alarm tomorrow at 6:30 in the morning."
    )
    assert week.run_text("cancel the next one").reply == (
        "I've cancelled the reminder to pick up isla tomorrow at 9:00 in the morning."
    )


def test_a_long_list_is_counted_then_told_three_and_more_at_a_time(
    assistant: Assistant, talk: Pipeline
) -> None:
    for day in range(1, 23):
        assistant.memory.reminders.add(
            REMINDER, f"read chapter {day}", MONDAY + timedelta(days=day), MONDAY, None
        )
    assert talk.run_text("what are my reminders").reply == (
        "You have 22 reminders. The next three are to read chapter 1 tomorrow at 10:00 in the "
        "morning, to read chapter 2 on Wednesday the 2nd at 10:00 in the morning, and to read "
        'chapter 3 on Thursday the 3rd at 10:00 in the morning. Say "more" for the rest.'
    )
    more = talk.run_text("more").reply
    assert more.startswith("Then, to read chapter 4 on Friday the 4th")
    assert more.endswith(
        'chapter 8 on Tuesday the 8th of December at 10:00 in the morning. Say "more" for the rest.'
    )
    for _ in range(2):
        talk.run_text("go on")
    assert talk.run_text("more").reply.startswith("And last, to read chapter 19")
    assert talk.run_text("more").understanding is None or True  # the list is over


def test_lists_by_day_kind_and_what_they_are_about(week: Pipeline) -> None:
    assert week.run_text("what reminders do I have tomorrow").reply == (
        "Tomorrow you have 3 reminders: an alarm at 6:30 in the morning, to pick up isla at "
        "9:00 in the morning, and to email the school at 4:00 in the afternoon."
    )
    assert week.run_text("my alarms").reply == (
        "You have 2 alarms: an alarm tomorrow at 6:30 in the morning, and an alarm on "
        "Saturday the 5th at 8:00 in the morning."
    )
    assert week.run_text("reminders about the school").reply == (
        "You have 2 reminders about the school: to email the school tomorrow at 4:00 in the "
        "afternoon, and about the school trip money on Friday the 4th at 9:00 in the morning."
    )


def test_snooze_while_it_rings_and_undo(
    assistant: Assistant, talk: Pipeline, clock: FixedClock
) -> None:
    assert talk.run_text("snooze").reply == (
        "Nothing has rung in the last few minutes, so there's nothing to snooze."
    )
    _set(talk, "wake me up tomorrow at 7")
    clock.moment = datetime(2026, 12, 1, 7, 0, 5, tzinfo=LONDON)
    assert assistant.presence.announcements()[0].ring
    assert talk.run_text("snooze").reply == (
        "Okay. I'll wake you again in 10 minutes, at 7:10 in the morning."
    )
    assert talk.run_text("undo").reply == (
        "I've cancelled the snooze in 10 minutes, at 7:10 in the morning."
    )
    assert talk.run_text("remind me again in 5 minutes").reply == (
        "Okay. I'll wake you again in 5 minutes, at 7:05 in the morning."
    )
    clock.moment = datetime(2026, 12, 1, 7, 5, 5, tzinfo=LONDON)
    assert assistant.presence.announcements() == [
        Announcement("It's 7:05 in the morning: time to wake up.", ring=True)
    ]


def test_a_repeat_rings_once_each_time_and_a_missed_one_is_told_once(
    assistant: Assistant, talk: Pipeline, clock: FixedClock, tmp_path: Path
) -> None:
    _set(talk, "remind me to take my pills every day at 9am")
    rung = []
    for day in range(1, 4):
        for minute in (0, 1):
            clock.moment = datetime(2026, 12, day, 9, minute, tzinfo=LONDON)
            rung += assistant.presence.to_say_now()
    assert rung == ["It's time to take your pills."] * 3
    clock.moment = datetime(2026, 12, 8, 12, 0, tzinfo=LONDON)
    with Assistant(Paths.resolve(str(tmp_path / "home")), clock=clock) as again:
        assert again.notices() == [
            "While I was off, you had a reminder to take your pills (5 times, the last at "
            "9:00 in the morning)."
        ]
        assert again.presence.missed_while_off() == []
        assert again.presence.announcements() == []
        (pills,) = again.memory.reminders.pending()
        assert pills.due == datetime(2026, 12, 9, 9, tzinfo=LONDON)


# London: the clocks go forward on the 29th of March 2026 at 1:00 GMT, back on the 25th of
# October at 2:00 BST.
@pytest.mark.parametrize(
    ("said_at", "said", "rings"),
    [
        ((2026, 3, 28, 22, 0), "wake me up tomorrow at 7", [(2026, 3, 29, 6, 0)]),
        ((2026, 10, 24, 22, 0), "wake me up tomorrow at 7", [(2026, 10, 25, 7, 0)]),
        ((2026, 3, 29, 0, 30), "remind me at 8 to feed the cat", [(2026, 3, 29, 7, 0)]),
        ((2026, 10, 25, 0, 30), "remind me at 8 to feed the cat", [(2026, 10, 25, 8, 0)]),
        (
            (2026, 3, 27, 12, 0),
            "wake me up every day at 7",
            [(2026, 3, 28, 7, 0), (2026, 3, 29, 6, 0), (2026, 3, 30, 6, 0)],
        ),
        (
            (2026, 10, 23, 12, 0),
            "wake me up every weekday at 7",
            [(2026, 10, 23 + 3, 7, 0), (2026, 10, 27, 7, 0)],
        ),
    ],
)
def test_it_rings_at_the_wall_clock_time_across_a_change_of_the_clocks(
    assistant: Assistant,
    talk: Pipeline,
    clock: FixedClock,
    said_at: tuple[int, ...],
    said: str,
    rings: list[tuple[int, ...]],
) -> None:
    clock.moment = datetime(*said_at, tzinfo=LONDON)  # type: ignore[misc]
    _set(talk, said)
    for ring in rings:
        at = datetime(*ring, tzinfo=UTC)  # type: ignore[misc]
        clock.moment = (at - timedelta(seconds=1)).astimezone(LONDON)
        assert assistant.presence.announcements() == []
        clock.moment = at.astimezone(LONDON)
        (announced,) = assistant.presence.announcements()
        local = at.astimezone(LONDON)
        assert announced.text in (
            f"It's {local.hour}:00 in the morning: time to wake up.",
            "It's time to feed the cat.",
        )
    kinds = {r.kind for r in assistant.memory.reminders.pending()}
    assert kinds <= {ALARM}


def test_reminders_kept_before_zones_are_given_their_moment_in_utc() -> None:
    db = Database(memory=True)
    facts_people_reminders(db)
    timer_names(db)
    db.table("reminders").insert(
        {"kind": REMINDER, "task": "pay rent", "due": "2026-12-01T09:00:00+01:00"}
        | {"created": "2026-11-30T09:00:00+00:00", "state": "pending"}
    )
    reminder_zones_repeats_and_rings(db)
    (row,) = db.query("select due_utc, zone, repeat from reminders")
    assert row == {"due_utc": "2026-12-01T08:00:00+00:00", "zone": None, "repeat": None}


def test_sigkill_while_ringing_and_moving_repeats_on_tells_each_occurrence_once(
    tmp_path: Path,
) -> None:
    rng = random.Random(23)
    folders = [tmp_path / f"trial{n}" for n in range(3)]
    for folder in folders:
        folder.mkdir()
    trials = [run_trial(folder, rng) for folder in folders]
    for trial in trials:
        assert len(trial.expected) > 100
        assert trial.exact, trial.wrong
        assert set(trial.said) == set(trial.told)


FIXTURES = Path(__file__).parent / "fixtures" / "audio"


def _hear(listener: Listener, name: str) -> str:
    return listener.run(WavSource(FIXTURES / f"rem_{name}.wav"))[-1].reply


@pytest.mark.audio
def test_by_voice_a_repeat_the_dentist_one_and_a_snooze_while_it_rings(
    assistant: Assistant, talk: Pipeline, clock: FixedClock
) -> None:
    listener = Listener(talk.run_audio)
    assert _hear(listener, "wake_me_up_every_weekday_at_seven") == (
        "Okay. I'll wake you every weekday at 7:00 in the morning, starting tomorrow."
    )
    assert _hear(listener, "remind_me_to_take_my_pills_every_day_at_nine") == (
        "Okay. I'll remind you to take your pills every day at 9:00 in the morning, starting "
        "tomorrow."
    )
    _set(talk, "remind me next Tuesday at 3 to phone the dentist")
    assert _hear(listener, "cancel_the_dentist_one") == (
        "I've cancelled the reminder to phone the dentist on Tuesday the 8th of December at "
        "3:00 in the afternoon."
    )
    clock.moment = datetime(2026, 12, 1, 7, 0, 5, tzinfo=LONDON)
    assert assistant.presence.to_say_now() == ["It's 7:00 in the morning: time to wake up."]
    assert _hear(listener, "snooze") == (
        "Okay. I'll wake you again in 10 minutes, at 7:10 in the morning."
    )


@pytest.mark.audio
def test_by_voice_whats_on_tomorrow_with_a_caldav_calendar(
    assistant: Assistant, talk: Pipeline, radicale: str, keyring_file: Path
) -> None:
    address = publish_family(radicale)
    store_password("family", "secret-pass")
    assistant.calendars.add(CalendarAccount("family", address, "ann"))
    _set(talk, "remind me tomorrow at 4 to email the school")
    assert _hear(Listener(talk.run_audio), "whats_on_tomorrow") == (
        "Tomorrow you have 4 things: Dad's birthday, all day, the staff meeting at 8:30 in the "
        "morning, a reminder to email the school at 4:00 in the afternoon, and the call with Sam "
        "at 8:00 in the evening."
    )


def test_the_windows_buttons_are_understood(assistant: Assistant, week: Pipeline) -> None:
    alarm = assistant.memory.reminders.pending("alarm")[0]
    snoozed = week.run_text(asking.snooze(alarm, MONDAY)).reply
    assert snoozed == "Okay. I'll now wake you tomorrow at 6:40 in the morning."
    (isla,) = [r for r in assistant.memory.reminders.pending() if "isla" in r.task]
    assert week.run_text(asking.move(isla, "friday at 10")).reply == (
        "Okay. I'll now remind you to pick up isla on Friday the 4th at 10:00 in the morning."
    )
    assert week.run_text(asking.cancel(isla)).reply.startswith("I've cancelled the reminder")


def test_an_occurrence_taken_a_moment_early_is_not_rung_again(assistant: Assistant) -> None:
    reminders = assistant.memory.reminders
    reminders.add(REMINDER, "stretch", MONDAY, MONDAY, None, repeat="FREQ=MINUTELY;INTERVAL=20")
    every = MONDAY + timedelta(minutes=20)
    assert [r.due for r in reminders.take_due(every - timedelta(microseconds=1))] == [MONDAY]
    assert [r.due for r in reminders.take_due(every)] == [every]
    assert reminders.take_due(every + timedelta(seconds=1)) == []
    (stretch,) = reminders.pending()
    assert stretch.due == MONDAY + timedelta(minutes=40)

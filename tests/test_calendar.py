"""The day ahead from the user's own calendar, read only: a real ``.ics`` file (repeating events
with an exception and a moved occurrence, all-day events, events in other zones) and a real
CalDAV server (Radicale, started on loopback with a password), with reminders alongside."""

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from assistant.calendar.service import CalendarAccount, store_password
from assistant.runtime.assistant import Assistant
from assistant.runtime.pipeline import Pipeline
from harness.caldav_server import free_port, publish_family
from tests.conftest import FixedClock, run_cli

LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2026, 11, 30, 10, 0, tzinfo=LONDON)
FAMILY = Path(__file__).parent / "fixtures" / "calendar" / "family.ics"

DAY_AHEAD = [
    (
        "whats on tomorrow",
        "Tomorrow you have 4 things: Dad's birthday, all day, the staff meeting at 8:30 in the "
        "morning, a reminder to email the school at 4:00 in the afternoon, and the call with Sam "
        "at 8:00 in the evening.",
    ),
    (
        "what's on thursday",
        "On Thursday the 3rd you have one thing: Isla's swimming at 5:30 in the afternoon.",
    ),
    (
        "am I free on Friday afternoon",
        "No: on Friday the 4th in the afternoon you have the dentist at 3:00 in the afternoon.",
    ),
    ("am I free on Thursday morning", "Yes, you're free on Thursday the 3rd in the morning."),
    (
        "have i got anything at 4 tomorrow",
        "No: tomorrow at 4:00 in the afternoon you have a reminder to email the school at 4:00 "
        "in the afternoon.",
    ),
    (
        "anything on this weekend",
        "This weekend you have one thing: the school trip, all day.",
    ),
    (
        "when is my next appointment",
        "Your next appointment is the staff meeting, tomorrow at 8:30 in the morning.",
    ),
    ("what's on next tuesday", "You have nothing on on Tuesday the 8th of December."),
]


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(MONDAY)


@pytest.fixture
def talk(assistant: Assistant) -> Pipeline:
    talk = assistant.conversation()
    assert talk.run_text("remind me tomorrow at 4 to email the school").reply.startswith("Okay")
    return talk


@pytest.mark.parametrize(("said", "answer"), DAY_AHEAD)
def test_the_day_ahead_from_an_ics_file_and_reminders(
    assistant: Assistant, talk: Pipeline, said: str, answer: str
) -> None:
    assistant.calendars.add(CalendarAccount("family", str(FAMILY)))
    assert talk.run_text(said).reply == answer


def test_with_no_calendar_the_reminders_still_answer(talk: Pipeline) -> None:
    assert talk.run_text("whats on tomorrow").reply == (
        "Tomorrow you have one thing: a reminder to email the school at 4:00 in the afternoon."
    )
    assert talk.run_text("when is my next appointment").reply == (
        "There's nothing in your calendar. Your next reminder is to email the school tomorrow "
        "at 4:00 in the afternoon."
    )


def test_a_day_said_among_other_words_is_the_day_asked_about(talk: Pipeline) -> None:
    assert talk.run_text("whats on my calender tomorrow").reply == (
        "Tomorrow you have one thing: a reminder to email the school at 4:00 in the afternoon."
    )


def test_a_changed_file_is_read_again_and_a_missing_one_is_said(
    assistant: Assistant, talk: Pipeline, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.ics"
    copy.write_bytes(FAMILY.read_bytes())
    assistant.calendars.add(CalendarAccount("family", str(copy)))
    assert "the dentist" in talk.run_text("what's on friday").reply
    copy.write_bytes(FAMILY.read_bytes().replace(b"SUMMARY:the dentist", b"SUMMARY:the optician"))
    assert "the optician" in talk.run_text("what's on friday").reply
    copy.unlink()
    assert talk.run_text("what's on friday").reply == (
        f"I can't read your family calendar at {copy}."
    )


def test_the_day_ahead_from_a_caldav_calendar(
    assistant: Assistant, talk: Pipeline, radicale: str, keyring_file: Path
) -> None:
    address = publish_family(radicale)
    store_password("family", "secret-pass")
    assistant.calendars.add(CalendarAccount("family", address, "ann"))
    for said, answer in DAY_AHEAD:
        assert talk.run_text(said).reply == answer


def test_a_caldav_calendar_is_added_by_command_with_its_password_in_the_keyring(
    tmp_path: Path, radicale: str, keyring_file: Path
) -> None:
    address = publish_family(radicale)
    home = tmp_path / "home"
    env = {
        "CALENDAR_PASSWORD": "secret-pass",
        "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring",
    }
    env["XDG_DATA_HOME"] = str(keyring_file.parent.parent)
    add = ("--data-dir", str(home), "calendar", "add", "family", address, "--user", "ann")
    wrong = run_cli(*add, "--password-env", "NO_SUCH_VARIABLE", env=env)
    assert wrong.returncode == 1
    added = run_cli(*add, "--password-env", "CALENDAR_PASSWORD", env=env)
    assert added.returncode == 0, added.stderr
    assert b"secret-pass" not in added.stdout + added.stderr
    assert b"secret-pass" not in (home / "memory.db").read_bytes()
    listed = run_cli("--data-dir", str(home), "calendar", "list", env=env)
    assert listed.stdout.decode().strip() == f"family: {address} as ann"


def test_a_caldav_calendar_that_cannot_be_reached_is_said_plainly(
    assistant: Assistant, talk: Pipeline, keyring_file: Path
) -> None:
    store_password("work", "x")
    assistant.calendars.add(CalendarAccount("work", f"http://127.0.0.1:{free_port()}/x/", "ann"))
    assert talk.run_text("whats on tomorrow").reply == "I can't reach your work calendar just now."


def test_a_daylight_saving_change_keeps_a_repeating_event_at_its_wall_clock_time(
    assistant: Assistant, talk: Pipeline, clock: FixedClock
) -> None:
    assistant.calendars.add(CalendarAccount("family", str(FAMILY)))
    clock.moment = datetime(2026, 10, 26, 10, 0, tzinfo=LONDON)  # the Monday after the change
    assert "the staff meeting at 8:30 in the morning" in talk.run_text("whats on tomorrow").reply
    before = clock.moment - timedelta(days=7)
    clock.moment = before
    assert "the staff meeting at 8:30 in the morning" in talk.run_text("whats on tomorrow").reply

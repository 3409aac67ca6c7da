"""A time said just after a reminder or an alarm is set corrects it ("remind me to call mum
tomorrow", then "at 5"): the move is read back, made on a yes, and undone by "undo". Any other
line is a new turn, and the correction lapses. By text and by voice; the window's test is in
tests/ui/test_reminders_window.py."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from assistant.audio.sources import WavSource
from assistant.runtime.assistant import Assistant
from assistant.runtime.pipeline import Pipeline
from assistant.runtime.voice import Listener
from tests.conftest import FixedClock

LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2026, 11, 30, 10, 0, tzinfo=LONDON)
"""Monday the 30th of November 2026, 10 in the morning."""
FIXTURES = Path(__file__).parent / "fixtures" / "audio"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(MONDAY)


@pytest.fixture
def talk(assistant: Assistant) -> Pipeline:
    return assistant.conversation()


def _due(assistant: Assistant) -> list[tuple[str, str]]:
    return [(r.task, f"{r.due:%a %H:%M}") for r in assistant.memory.reminders.pending()]


@pytest.mark.parametrize("correction", ["at 5", "5pm", "no make it 5 instead", "actually 5pm"])
def test_a_time_said_next_moves_the_reminder_on_a_yes(
    assistant: Assistant, talk: Pipeline, correction: str
) -> None:
    assert talk.run_text("remind me to call mum tomorrow").reply == (
        "Okay. I'll remind you to call mum tomorrow at 9:00 in the morning."
    )
    assert talk.run_text(correction).reply == (
        "Shall I move the reminder to call mum to tomorrow at 5:00 in the afternoon?"
    )
    assert _due(assistant) == [("call mum", "Tue 09:00")]
    assert talk.run_text("yes").reply == (
        "Okay. I'll now remind you to call mum tomorrow at 5:00 in the afternoon."
    )
    assert _due(assistant) == [("call mum", "Tue 17:00")]
    assert talk.run_text("undo").reply == (
        "I've moved it back. I'll remind you to call mum tomorrow at 9:00 in the morning."
    )
    assert _due(assistant) == [("call mum", "Tue 09:00")]


def test_a_no_leaves_it_where_it_was(assistant: Assistant, talk: Pipeline) -> None:
    talk.run_text("remind me to call mum tomorrow")
    talk.run_text("at 5")
    talk.run_text("no")
    assert _due(assistant) == [("call mum", "Tue 09:00")]


def test_the_time_it_already_has_is_said_back_and_nothing_moves(
    assistant: Assistant, talk: Pipeline
) -> None:
    talk.run_text("remind me to ring dad tomorrow at 12.30")
    assert talk.run_text("12.30").reply == (
        "That's when it is already. I'll remind you to ring dad tomorrow at 12:30 in the afternoon."
    )
    assert talk.context.pending is None


def test_an_alarm_is_corrected_to_the_morning(assistant: Assistant, talk: Pipeline) -> None:
    talk.run_text("set an alarm for 7")
    assert talk.run_text("no make it 6.30").reply == (
        "Shall I move the alarm to tomorrow at 6:30 in the morning?"
    )
    talk.run_text("yes")
    assert _due(assistant) == [("wake up", "Tue 06:30")]
    assert talk.run_text("move my alarm to 6").reply == (
        "Okay. I'll now wake you tomorrow at 6:00 in the morning."
    )


@pytest.mark.parametrize("between", ["thanks", "what time is it", "hmm"])
def test_any_other_line_lets_the_correction_lapse(
    assistant: Assistant, talk: Pipeline, between: str
) -> None:
    talk.run_text("remind me to call mum tomorrow")
    talk.run_text(between)
    assert "move" not in talk.run_text("at 5").reply
    assert talk.context.pending is None
    assert _due(assistant) == [("call mum", "Tue 09:00")]


def test_a_repeat_is_not_corrected_this_way(assistant: Assistant, talk: Pipeline) -> None:
    talk.run_text("remind me to take my pills every day at 8")
    assert "move" not in talk.run_text("at 9").reply
    assert talk.context.pending is None


@pytest.mark.audio
def test_by_voice_a_time_said_next_moves_the_reminder(assistant: Assistant, talk: Pipeline) -> None:
    listener = Listener(talk.run_audio)

    def hear(name: str) -> str:
        return listener.run(WavSource(FIXTURES / f"{name}.wav"))[-1].reply

    assert hear("rem_remind_me_at_six_pm_to_call_my_mum") == (
        "Okay. I'll remind you to call your mum today at 6:00 in the evening."
    )
    assert hear("rem_tomorrow_at_quarter_past_five") == (
        "Shall I move the reminder to call your mum to tomorrow at 5:15 in the afternoon?"
    )
    assert hear("cmd_yes_please") == (
        "Okay. I'll now remind you to call your mum tomorrow at 5:15 in the afternoon."
    )
    assert _due(assistant) == [("call your mum", "Tue 17:15")]

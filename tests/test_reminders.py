"""Reminders and alarms by text, with an injected clock: every way of saying when, the moment read
back, asking when, cancelling one or all (with a yes, undoable), and alarms that ring."""

from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest

from assistant.audio.chime import chime
from assistant.audio.sinks import WavSink
from assistant.audio.sources import WavSource
from assistant.audio.wav import read_wav
from assistant.events import ActionDone, ActionPlanned
from assistant.intents.when import Prefer, find_moment, moment_in
from assistant.memory.reminders import ALARM, REMINDER
from assistant.runtime.assistant import Assistant
from assistant.runtime.pipeline import Pipeline
from assistant.runtime.presence import Announcement
from assistant.runtime.session import Session
from assistant.runtime.voice import Listener, Voice
from assistant.spoken import reminded
from assistant.tts.pyttsx3 import Pyttsx3Synthesiser
from tests.conftest import FixedClock, Recorder

TUESDAY = datetime(2026, 12, 1, 16, 5, tzinfo=timezone(timedelta(hours=1)))
"""Tuesday the 1st of December 2026, 4:05 in the afternoon."""


@pytest.fixture
def clock() -> FixedClock:
    """The shared fixtures' clock, set to a Tuesday."""
    return FixedClock(TUESDAY)


@pytest.fixture
def talk(assistant: Assistant) -> Pipeline:
    return assistant.conversation()


SAID_AND_READ_BACK = [
    (
        "remind me to call Ann on Thursday at 8 about the car",
        "call Ann about the car",
        "on Thursday the 3rd at 8:00 in the morning",
    ),
    (
        "remind me to call mum tomorrow about the party",
        "call mum about the party",
        "tomorrow at 9:00 in the morning",
    ),
    (
        "remind me to take the bins out on Thursday at 8",
        "take the bins out",
        "on Thursday the 3rd at 8:00 in the morning",
    ),
    ("remind me tomorrow to pay rent", "pay rent", "tomorrow at 9:00 in the morning"),
    ("remind me to pay the rent tomorrow", "pay the rent", "tomorrow at 9:00 in the morning"),
    ("in 2 hours remind me to stretch", "stretch", "in 2 hours, today at 6:05 in the evening"),
    ("remind me at 6pm to call mum", "call mum", "today at 6:00 in the evening"),
    ("remind me to call mum at 6pm", "call mum", "today at 6:00 in the evening"),
    ("remind me to call mum at 6 pm", "call mum", "today at 6:00 in the evening"),
    ("remind me to call mum at 18:00", "call mum", "today at 6:00 in the evening"),
    (
        "remind me to ring the bank at quarter past five",
        "ring the bank",
        "today at 5:15 in the afternoon",
    ),
    ("remind me to eat at noon", "eat", "tomorrow at noon"),
    ("remind me to walk the dog at half past 7", "walk the dog", "today at 7:30 in the evening"),
    ("remind me to feed the cat at 8", "feed the cat", "today at 8:00 in the evening"),
    ("Remind me to water the plants tonight.", "water the plants", "today at 8:00 in the evening"),
    (
        "remind me to water the plants tomorrow morning",
        "water the plants",
        "tomorrow at 9:00 in the morning",
    ),
    (
        "remind me next week to book the dentist",
        "book the dentist",
        "on Tuesday the 8th of December at 9:00 in the morning",
    ),
    (
        "remind me to pay the gas bill on Friday",
        "pay the gas bill",
        "on Friday the 4th at 9:00 in the morning",
    ),
    (
        "remind me to renew my passport on the 4th of January at 10am",
        "renew your passport",
        "on Monday the 4th of January, 2027, at 10:00 in the morning",
    ),
    (
        "set a reminder to stretch in an hour",
        "stretch",
        "in 1 hour, today at 5:05 in the afternoon",
    ),
    (
        "remind me to check the oven in half an hour",
        "check the oven",
        "in 30 minutes, today at 4:35 in the afternoon",
    ),
    (
        "don't let me forget to call my sister at five",
        "call your sister",
        "today at 5:00 in the afternoon",
    ),
]


# Other ways of asking for a reminder, each a kind of its own (written for these tests).
OTHER_WORDS = {
    "make a reminder for": (
        "make a reminder for the plumber visit on Friday",
        "about the plumber visit",
        "on Friday the 4th at 9:00 in the morning",
    ),
    "create, time first": (
        "create a reminder at 5pm to feed the fish",
        "feed the fish",
        "today at 5:00 in the afternoon",
    ),
    "a new notification": (
        "new notification for the school run in 3 hours",
        "about the school run",
        "in 3 hours, today at 7:05 in the evening",
    ),
    "send me a reminder": (
        "send me a reminder to water the roses at 7pm",
        "water the roses",
        "today at 7:00 in the evening",
    ),
    "set reminder, no article": (
        "set reminder for the car service tomorrow at 10am",
        "about the car service",
        "tomorrow at 10:00 in the morning",
    ),
    "a reminder that": (
        "set a notification that the library books are due on Thursday",
        "that the library books are due",
        "on Thursday the 3rd at 9:00 in the morning",
    ),
    "remind without me": ("remind to stretch at 6pm", "stretch", "today at 6:00 in the evening"),
    "a slip of the keyboard": (
        "set a remainder to ring Jo at 8pm",
        "ring Jo",
        "today at 8:00 in the evening",
    ),
    "what is on, then remind me": (
        "I have a dentist appointment on Friday, remind me",
        "that you have a dentist appointment",
        "on Friday the 4th at 9:00 in the morning",
    ),
    "a telegraphic reminder for": (
        "reminder for the vet at 5pm",
        "about the vet",
        "today at 5:00 in the afternoon",
    ),
    "put in, with a weekday and a task": (
        "put a reminder in for Thursday to renew the insurance",
        "renew the insurance",
        "on Thursday the 3rd at 9:00 in the morning",
    ),
    "wanting to be reminded": (
        "I want to be reminded to back up the laptop tomorrow",
        "back up the laptop",
        "tomorrow at 9:00 in the morning",
    ),
}


@pytest.mark.parametrize("kind", OTHER_WORDS, ids=str)
def test_a_reminder_asked_for_in_other_words(
    assistant: Assistant, talk: Pipeline, kind: str
) -> None:
    said, task, when = OTHER_WORDS[kind]
    reply = talk.run_text(said).reply
    assert reply == f"Okay. I'll remind you {reminded(task)} {when}."
    (kept,) = assistant.memory.reminders.pending()
    assert (kept.kind, kept.task) == (REMINDER, task)


@pytest.mark.parametrize(
    ("said", "read_back", "rule"),
    [
        (
            "remind me to take my pills every day at 9am",
            "to take your pills every day at 9:00 in the morning, starting tomorrow",
            "FREQ=DAILY;BYHOUR=9;BYMINUTE=0;BYSECOND=0",
        ),
        (
            "set a repeating reminder to stretch daily at 6pm",
            "to stretch every day at 6:00 in the evening, starting today",
            "FREQ=DAILY;BYHOUR=18;BYMINUTE=0;BYSECOND=0",
        ),
        (
            "remind me to put the bins out every Thursday",
            "to put the bins out every Thursday at 9:00 in the morning, starting on Thursday "
            "the 3rd",
            "FREQ=WEEKLY;BYDAY=TH;BYHOUR=9;BYMINUTE=0;BYSECOND=0",
        ),
        (
            "remind me on the first of each month to pay rent",
            "to pay rent on the 1st of every month at 9:00 in the morning, starting on Friday "
            "the 1st of January, 2027,",
            "FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=9;BYMINUTE=0;BYSECOND=0",
        ),
        (
            "remind me to water the plants every Monday and Thursday at 7pm",
            "to water the plants every Monday and Thursday at 7:00 in the evening, starting on "
            "Thursday the 3rd",
            "FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=19;BYMINUTE=0;BYSECOND=0",
        ),
    ],
)
def test_a_repeat_is_kept_and_read_back(
    assistant: Assistant, talk: Pipeline, said: str, read_back: str, rule: str
) -> None:
    assert talk.run_text(said).reply == f"Okay. I'll remind you {read_back}."
    (kept,) = assistant.memory.reminders.pending()
    assert kept.repeat == rule
    assert not {"every", "daily", "repeating", "each"}.intersection(kept.task.split())


def test_a_reminder_for_a_while_asks_what_for_then(talk: Pipeline) -> None:
    reply = talk.run_text("set a reminder for 10 minutes").reply
    assert reply == "What should I remind you to do in 10 minutes, today at 4:15 in the afternoon?"


@pytest.mark.parametrize("said", ["set reminder", "make a new reminder", "set a notification"])
def test_a_reminder_with_nothing_said_asks_what_and_when(talk: Pipeline, said: str) -> None:
    assert talk.run_text(said).reply == "What should I remind you to do, and when?"


@pytest.mark.parametrize(("said", "task", "when"), SAID_AND_READ_BACK)
def test_a_reminder_reads_back_the_exact_moment(
    assistant: Assistant, talk: Pipeline, said: str, task: str, when: str
) -> None:
    assert talk.run_text(said).reply == f"Okay. I'll remind you to {task} {when}."
    (kept,) = assistant.memory.reminders.pending()
    assert (kept.kind, kept.task) == (REMINDER, task)


def test_on_thursday_at_8_said_on_a_tuesday_is_thursday_morning(
    assistant: Assistant, talk: Pipeline
) -> None:
    talk.run_text("remind me to take the bins out on Thursday at 8")
    (kept,) = assistant.memory.reminders.pending()
    assert kept.due == datetime(2026, 12, 3, 8, 0, tzinfo=TUESDAY.tzinfo)
    assert kept.task == "take the bins out"


def test_an_hour_said_alone_is_the_next_sensible_one(
    assistant: Assistant, clock: FixedClock
) -> None:
    clock.moment = TUESDAY.replace(hour=21)
    reply = assistant.conversation().run_text("remind me to feed the cat at 8").reply
    assert reply == "Okay. I'll remind you to feed the cat tomorrow at 8:00 in the morning."
    reply = assistant.conversation().run_text("remind me to phone Ann at 5").reply
    assert reply == "Okay. I'll remind you to phone Ann tomorrow at 5:00 in the afternoon."


def test_with_no_time_it_asks_when_and_takes_the_answer(
    assistant: Assistant, talk: Pipeline
) -> None:
    assert talk.run_text("remind me to call mum").reply == "When should I remind you to call mum?"
    assert assistant.memory.reminders.pending() == []
    assert talk.run_text("tomorrow at quarter past five").reply == (
        "Okay. I'll remind you to call mum tomorrow at 5:15 in the afternoon."
    )
    (kept,) = assistant.memory.reminders.pending()
    assert kept.due == datetime(2026, 12, 2, 17, 15, tzinfo=TUESDAY.tzinfo)


def test_with_no_task_it_asks_what_and_keeps_the_time_said(talk: Pipeline) -> None:
    assert talk.run_text("remind me at 8").reply == (
        "What should I remind you to do today at 8:00 in the evening?"
    )
    assert talk.run_text("feed the fish").reply == (
        "Okay. I'll remind you to feed the fish today at 8:00 in the evening."
    )
    assert talk.run_text("remind me").reply == "What should I remind you to do, and when?"
    assert talk.run_text("to call mum at 6pm").reply == (
        "Okay. I'll remind you to call mum today at 6:00 in the evening."
    )


def test_the_whole_reminder_said_again_as_the_answer_is_taken_whole(
    assistant: Assistant, talk: Pipeline
) -> None:
    talk.run_text("remind me to call mum")
    assert talk.run_text("remind me to call mum about the party at 6pm").reply == (
        "Okay. I'll remind you to call mum about the party today at 6:00 in the evening."
    )
    assert [r.task for r in assistant.memory.reminders.pending()] == ["call mum about the party"]


def test_an_answer_with_no_time_is_asked_again_and_never_mind_lets_go(
    assistant: Assistant, talk: Pipeline
) -> None:
    talk.run_text("remind me to call mum")
    again = talk.run_text("the usual time").reply
    assert again.startswith("I didn't catch a time there.")
    assert again.endswith("When should I remind you to call mum?")
    talk.run_text("never mind")
    assert talk.run_text("at 6pm").understanding is None
    assert assistant.memory.reminders.pending() == []


def test_a_moment_already_past_is_said_so(assistant: Assistant, talk: Pipeline) -> None:
    reply = talk.run_text("remind me to take my medicine at 9 this morning").reply
    assert reply == (
        "Today at 9:00 in the morning has already passed. "
        "When should I remind you to take your medicine?"
    )
    assert assistant.memory.reminders.pending() == []


def test_a_reminder_fires_once_when_due(
    assistant: Assistant, talk: Pipeline, clock: FixedClock
) -> None:
    talk.run_text("in 2 hours remind me to stretch")
    clock.moment = TUESDAY + timedelta(hours=2)
    assert assistant.presence.announcements() == [Announcement("It's time to stretch.")]
    assert assistant.presence.announcements() == []


@pytest.mark.parametrize(
    "said", ["wake me up at 7", "set an alarm for 7am", "wake me up at seven tomorrow"]
)
def test_an_alarm_is_the_next_such_morning(assistant: Assistant, talk: Pipeline, said: str) -> None:
    assert talk.run_text(said).reply == "Okay. I'll wake you tomorrow at 7:00 in the morning."
    (kept,) = assistant.memory.reminders.pending()
    assert (kept.kind, kept.due) == (ALARM, datetime(2026, 12, 2, 7, tzinfo=TUESDAY.tzinfo))


def test_an_alarm_with_no_time_asks_for_one(assistant: Assistant, talk: Pipeline) -> None:
    assert talk.run_text("set an alarm").reply == "What time should I wake you?"
    reply = talk.run_text("half past six").reply
    assert reply == "Okay. I'll wake you tomorrow at 6:30 in the morning."


@pytest.mark.audio
def test_an_alarm_rings_then_speaks_through_the_speaking_first_path(
    assistant: Assistant, talk: Pipeline, clock: FixedClock, tmp_path: Path
) -> None:
    talk.run_text("wake me up at 7")
    clock.moment = datetime(2026, 12, 2, 7, tzinfo=TUESDAY.tzinfo)
    synthesiser = Pyttsx3Synthesiser()
    session = Session(
        assistant, voice=Voice(assistant.emitter, synthesiser, WavSink(tmp_path / "out.wav"))
    )
    try:
        session.speak_first()
    finally:
        synthesiser.close()
    assert session.pipeline.context.last_reply == "It's 7:00 in the morning: time to wake up."
    played, ring = read_wav(tmp_path / "out.wav"), chime()
    assert np.array_equal(played[: len(ring)], ring)
    assert np.abs(played[len(ring) :].astype(np.int32)).max() > 1000  # the words follow
    assert assistant.presence.announcements() == []


def test_an_alarm_is_announced_once_with_a_ring(
    assistant: Assistant, talk: Pipeline, clock: FixedClock
) -> None:
    talk.run_text("wake me up at 7")
    clock.moment = datetime(2026, 12, 2, 7, 1, tzinfo=TUESDAY.tzinfo)
    assert assistant.presence.announcements() == [
        Announcement("It's 7:00 in the morning: time to wake up.", ring=True)
    ]
    assert assistant.presence.announcements() == []


def test_the_list_has_reminders_alarms_and_timers_soonest_first(talk: Pipeline) -> None:
    talk.run_text("wake me up at 7")
    talk.run_text("remind me tomorrow to pay rent")
    talk.run_text("set a timer for ten minutes")
    assert talk.run_text("what are my reminders").reply == (
        "You have 3 reminders: a timer for 10 minutes that ends today at 4:15 in the afternoon, "
        "an alarm tomorrow at 7:00 in the morning, and to pay rent tomorrow at 9:00 in the morning."
    )


@pytest.mark.parametrize("asked", ["what timers do i have", "any timers going", "list my timers"])
def test_asked_for_timers_only_the_timers_are_listed(talk: Pipeline, asked: str) -> None:
    assert talk.run_text(asked).reply == "You have no timers."
    talk.run_text("remind me tomorrow to pay rent")
    talk.run_text("set a timer called pasta for 10 minutes")
    assert talk.run_text(asked).reply == (
        "You have 1 timer: the pasta timer for 10 minutes that ends today at 4:15 in the afternoon."
    )


def test_the_time_left_on_each_timer_is_told(talk: Pipeline, clock: FixedClock) -> None:
    assert talk.run_text("how long is left on the timer").reply == "You have no timers running."
    talk.run_text("set a timer called pasta for 10 minutes")
    talk.run_text("set a timer for 3 minutes")
    clock.moment = TUESDAY + timedelta(minutes=1, seconds=20)
    assert talk.run_text("how long is left on the timer").reply == (
        "The timer for 3 minutes has 2 minutes left and the pasta timer has 9 minutes left."
    )
    asked = talk.run_text("is the timer still running")
    assert asked.understanding is not None
    assert asked.understanding.intent == "timer.left"
    clock.moment = TUESDAY + timedelta(minutes=2, seconds=50)
    assert talk.run_text("how long until the timer goes off").reply.startswith(
        "The timer for 3 minutes has 10 seconds left"
    )


def test_a_timer_keeps_its_name_when_set_listed_cancelled_and_done(
    assistant: Assistant, talk: Pipeline, clock: FixedClock
) -> None:
    assert talk.run_text("set a timer called pasta for 10 minutes").reply == (
        "Your pasta timer is set for 10 minutes."
    )
    assert talk.run_text("set an eggs timer for 3 minutes").reply == (
        "Your eggs timer is set for 3 minutes."
    )
    talk.run_text("set a timer for 5 minutes")
    assert talk.run_text("what are my reminders").reply == (
        "You have 3 reminders: the eggs timer for 3 minutes that ends today at 4:08 in the "
        "afternoon, a timer for 5 minutes that ends today at 4:10 in the afternoon, and the "
        "pasta timer for 10 minutes that ends today at 4:15 in the afternoon."
    )
    assert talk.run_text("cancel the kitchen timer").reply == "There's no kitchen timer running."
    assert talk.run_text("cancel the eggs timer").reply == "I've cancelled the eggs timer."
    assert talk.run_text("stop the 5 minute timer").reply == (
        "I've cancelled the timer for 5 minutes."
    )
    clock.moment = TUESDAY + timedelta(minutes=10)
    assert assistant.presence.announcements() == [
        Announcement("Time's up: your pasta timer is done.")
    ]
    assert assistant.memory.reminders.pending() == []


def test_one_reminder_is_cancelled_at_once_and_can_be_undone(
    assistant: Assistant, talk: Pipeline, recorder: Recorder
) -> None:
    talk.run_text("remind me to call mum at 6pm")
    talk.run_text("remind me to pay rent tomorrow")
    reply = talk.run_text("cancel the reminder to call mum").reply
    assert reply == "I've cancelled the reminder to call mum today at 6:00 in the evening."
    assert [r.task for r in assistant.memory.reminders.pending()] == ["pay rent"]
    assert talk.run_text("undo").reply == (
        "I've put back the reminder to call mum today at 6:00 in the evening."
    )
    assert [r.task for r in assistant.memory.reminders.pending()] == ["call mum", "pay rent"]


@pytest.mark.parametrize(
    "in_between",
    [
        ["cancel the flibbertigibbet thing"],
        ["cancel the reminder about the dentist"],
        ["what time is it", "cancel the dentist"],
    ],
)
def test_undo_after_a_change_that_did_not_happen_names_the_older_one_and_asks(
    assistant: Assistant, talk: Pipeline, in_between: list[str]
) -> None:
    talk.run_text("remind me to ring mum at 6pm")
    for words in in_between:
        talk.run_text(words)
    asked = talk.run_text("undo that").reply
    assert asked == (
        "The last change I can undo is setting the reminder to ring mum today at 6:00 in the "
        "evening. Shall I undo it?"
    )
    assert [r.task for r in assistant.memory.reminders.pending()] == ["ring mum"]
    talk.run_text("no")
    assert [r.task for r in assistant.memory.reminders.pending()] == ["ring mum"]
    talk.run_text("undo")
    assert talk.run_text("yes").reply == (
        "I've cancelled the reminder to ring mum today at 6:00 in the evening."
    )
    assert assistant.memory.reminders.pending() == []


def test_undo_right_after_a_change_says_what_it_undoes(
    assistant: Assistant, talk: Pipeline
) -> None:
    talk.run_text("remind me to ring mum at 6pm")
    talk.run_text("what time is it")
    assert talk.run_text("undo").reply == (
        "I've cancelled the reminder to ring mum today at 6:00 in the evening."
    )
    assert talk.run_text("undo").reply == "There's nothing for me to undo."


def test_cancelling_all_is_planned_and_needs_a_yes(
    assistant: Assistant, talk: Pipeline, recorder: Recorder
) -> None:
    talk.run_text("remind me to call mum at 6pm")
    talk.run_text("wake me up at 7")
    plan = talk.run_text("delete all my reminders").reply
    assert plan == (
        "I'd cancel 2 reminders: to call mum today at 6:00 in the evening, and an alarm "
        "tomorrow at 7:00 in the morning. Shall I?"
    )
    assert [e.action for e in recorder.of(ActionPlanned)] == ["reminder.cancel"]
    assert len(assistant.memory.reminders.pending()) == 2
    assert talk.run_text("yes").reply.startswith("I've cancelled the reminders to call mum")
    assert assistant.memory.reminders.pending() == []
    done = recorder.of(ActionDone)[-1]
    assert (done.action, done.undoable) == ("reminder.cancel", True)
    talk.run_text("undo")
    assert len(assistant.memory.reminders.pending()) == 2


def test_cancelling_all_and_saying_no_keeps_them(assistant: Assistant, talk: Pipeline) -> None:
    talk.run_text("remind me to call mum at 6pm")
    talk.run_text("remind me to pay rent tomorrow")
    talk.run_text("cancel all my reminders")
    talk.run_text("no")
    assert len(assistant.memory.reminders.pending()) == 2


def test_cancelling_what_is_not_there_says_so(talk: Pipeline) -> None:
    assert talk.run_text("cancel my alarm").reply == "You have no alarms set."
    talk.run_text("remind me to pay rent tomorrow")
    assert talk.run_text("cancel the reminder to feed the fish").reply == (
        'I can\'t find a reminder to feed the fish. Say "what are my reminders" to hear them.'
    )


def test_the_alarm_is_cancelled_by_name(assistant: Assistant, talk: Pipeline) -> None:
    talk.run_text("wake me up at 7")
    talk.run_text("remind me to pay rent tomorrow")
    assert talk.run_text("turn off my alarm").reply == (
        "I've cancelled the alarm tomorrow at 7:00 in the morning."
    )
    assert [r.kind for r in assistant.memory.reminders.pending()] == [REMINDER]


@pytest.mark.parametrize(
    "words", ["read chapter 5", "call may", "buy two apples", "to the station"]
)
def test_words_that_are_not_a_time_are_left_alone(words: str) -> None:
    assert find_moment(words, TUESDAY) is None


@pytest.mark.parametrize(
    ("said", "hour"), [("at 7", 7), ("at 7 pm", 19), ("tonight at 7", 19), ("at 19:30", 19)]
)
def test_an_alarm_hour_said_alone_is_the_morning(said: str, hour: int) -> None:
    moment = moment_in(said, TUESDAY, Prefer.MORNING)
    assert moment is not None
    assert moment.at.hour == hour


FIXTURES = Path(__file__).parent / "fixtures" / "audio"
BY_VOICE = [
    ("rem_remind_me_tomorrow_to_pay_the_rent", "pay the rent tomorrow at 9:00 in the morning"),
    ("rem_in_two_hours_remind_me_to_stretch", "stretch in 2 hours, today at 6:05 in the evening"),
    ("rem_remind_me_at_six_pm_to_call_my_mum", "call your mum today at 6:00 in the evening"),
    (
        "rem_remind_me_to_take_the_bins_out_on_thursday_at_eight",
        "take the bins out on Thursday the 3rd at 8:00 in the morning",
    ),
    (
        "rem_remind_me_to_walk_the_dog_at_half_past_seven",
        "walk the dog today at 7:30 in the evening",
    ),
    ("rem_remind_me_to_water_the_plants_tonight", "water the plants today at 8:00 in the evening"),
    ("cmd_remind_me_to_call_my_sister_at_five", "call your sister today at 5:00 in the afternoon"),
]


def _hear(listener: Listener, name: str) -> str:
    return listener.run(WavSource(FIXTURES / f"{name}.wav"))[-1].reply


@pytest.mark.audio
@pytest.mark.parametrize(("fixture", "read_back"), BY_VOICE)
def test_a_spoken_reminder_reads_back_the_moment(
    assistant: Assistant, talk: Pipeline, fixture: str, read_back: str
) -> None:
    listener = Listener(talk.run_audio)
    assert _hear(listener, fixture) == f"Okay. I'll remind you to {read_back}."
    assert len(assistant.memory.reminders.pending()) == 1


@pytest.mark.audio
def test_by_voice_asked_when_alarms_listed_and_all_cancelled_on_a_yes(
    assistant: Assistant, talk: Pipeline
) -> None:
    listener = Listener(talk.run_audio)
    assert _hear(listener, "rem_remind_me_to_feed_the_cat") == (
        "When should I remind you to feed the cat?"
    )
    assert _hear(listener, "rem_tomorrow_at_quarter_past_five") == (
        "Okay. I'll remind you to feed the cat tomorrow at 5:15 in the afternoon."
    )
    for alarm in ("rem_wake_me_up_at_seven", "rem_set_an_alarm_for_seven_in_the_morning"):
        assert _hear(listener, alarm) == "Okay. I'll wake you tomorrow at 7:00 in the morning."
    _hear(listener, "rem_remind_me_at_six_pm_to_call_my_mum")
    assert _hear(listener, "rem_cancel_the_reminder_to_call_my_mum") == (
        "I've cancelled the reminder to call your mum today at 6:00 in the evening."
    )
    assert _hear(listener, "cmd_what_are_my_reminders").startswith(
        "You have 3 reminders: an alarm tomorrow at 7:00 in the morning, an alarm"
    )
    assert _hear(listener, "rem_delete_all_my_reminders").startswith("I'd cancel 3 reminders")
    assert len(assistant.memory.reminders.pending()) == 3
    assert _hear(listener, "cmd_yes_please").startswith("I've cancelled the reminders")
    assert assistant.memory.reminders.pending() == []

"""Questions lapse like plans: the line after a question is its answer, or, when it is clearly
another request (another intent, a greeting or goodbye, a feeling), a new turn of its own."""

from datetime import datetime, timedelta, timezone

import pytest

from assistant.intents.understanding import Understanding
from assistant.memory.reminders import ALARM, REMINDER
from assistant.runtime.assistant import Assistant
from assistant.runtime.pipeline import LISTEN, Pipeline, answers
from assistant.skills.contract import Awaiting, Dictation, Outcome
from tests.conftest import FixedClock

TUESDAY = datetime(2026, 12, 1, 16, 5, tzinfo=timezone(timedelta(hours=1)))
ASKED_WHEN = "When should I remind you to get milk?"


@pytest.fixture
def clock() -> FixedClock:
    """The shared fixtures' clock, set to a Tuesday afternoon."""
    return FixedClock(TUESDAY)


@pytest.fixture
def talk(assistant: Assistant) -> Pipeline:
    talk = assistant.conversation()
    talk.run_text("your name is Robin")
    return talk


def test_the_question_asked(talk: Pipeline) -> None:
    assert talk.run_text("remind me to get milk").reply == ASKED_WHEN


@pytest.mark.parametrize(
    ("line", "intent"),
    [
        ("set an alarm for 6.45", "alarm.set"),
        ("im lonely", "chat.feeling"),
        ("good night robin", "chat.goodbye"),
        ("what time is it", "system.time"),
        ("my grandad died last week", "chat.share_loss"),
        ("hello", "chat.greeting"),
    ],
)
def test_a_new_request_after_a_question_is_a_new_turn(
    assistant: Assistant, talk: Pipeline, line: str, intent: str
) -> None:
    talk.run_text("remind me to get milk")
    result = talk.run_text(line)
    assert result.understanding is not None
    assert result.understanding.intent == intent
    assert "didn't catch a time" not in result.reply
    after = talk.run_text("at 9")  # the question has lapsed
    if intent == "alarm.set":  # a time just after an alarm is set offers to move it
        assert after.reply == "Shall I move the alarm to tomorrow at 9:00 in the morning?"
    else:  # not taken as anything to do (after conversation, only listened to)
        assert after.understanding is None or after.understanding.intent == LISTEN
    assert [r.task for r in assistant.memory.reminders.pending() if r.kind == REMINDER] == []


def test_the_alarm_asked_for_instead_is_set(assistant: Assistant, talk: Pipeline) -> None:
    talk.run_text("remind me to get milk")
    assert talk.run_text("set an alarm for 6.45").reply.startswith("Okay. I'll wake you")
    (alarm,) = assistant.memory.reminders.pending()
    assert (alarm.kind, alarm.due.hour, alarm.due.minute) == (ALARM, 6, 45)


def test_an_answer_stays_an_answer(assistant: Assistant, talk: Pipeline) -> None:
    talk.run_text("remind me to get milk")
    assert talk.run_text("at 9").reply.startswith("Okay. I'll remind you to get milk")
    talk.run_text("remind me to call mum")
    reply = talk.run_text("remind me to call mum at 6pm").reply  # the whole thing said again
    assert reply == "Okay. I'll remind you to call mum today at 6:00 in the evening."
    assert len(assistant.memory.reminders.pending()) == 2


def test_another_reminder_said_instead_of_the_time_is_kept_and_the_time_asked_again(
    assistant: Assistant, talk: Pipeline
) -> None:
    talk.run_text("remind me to get milk")
    reply = talk.run_text("and put the bins out on thursday morning").reply
    assert reply == (
        "Okay. I'll remind you to put the bins out on Thursday the 3rd at 9:00 in the morning. "
        f"{ASKED_WHEN}"
    )
    assert [r.task for r in assistant.memory.reminders.pending()] == ["put the bins out"]
    assert talk.run_text("at 6pm").reply.startswith("Okay. I'll remind you to get milk today")
    assert len(assistant.memory.reminders.pending()) == 2
    undone = "I've cancelled the reminder to get milk today at 6:00 in the evening."
    assert talk.run_text("undo").reply == undone


def test_another_reminder_said_as_more_of_the_one_just_set_is_kept(
    assistant: Assistant, talk: Pipeline
) -> None:
    talk.run_text("remind me to get milk at 6pm")
    reply = talk.run_text("and also to pay the nursery fees on friday").reply
    assert (
        reply
        == "Okay. I'll remind you to pay the nursery fees on Friday the 4th at 9:00 in the morning."
    )
    assert talk.run_text("and to ring gran").reply == "When should I remind you to ring gran?"
    assert len(assistant.memory.reminders.pending()) == 2
    asked = talk.run_text("and what time is it")  # a request of its own, after all
    assert asked.understanding is not None
    assert asked.understanding.intent == "system.time"
    talk.run_text("remind me to get bread at 5pm")
    thanked = talk.run_text("and thanks")  # no task, no time: not another reminder
    assert thanked.understanding is not None
    assert thanked.understanding.intent == "chat.thanks"
    talk.run_text("remind me to get eggs at 5pm")
    asked_first = talk.run_text("and water the plants on saturday").reply  # no "to": asked
    assert asked_first == "Do you want me to set a reminder: water the plants on saturday?"
    assert talk.run_text("yes").reply == (
        "Okay. I'll remind you to water the plants on Saturday the 5th at 9:00 in the morning."
    )


def test_an_answer_that_is_not_one_is_asked_again(talk: Pipeline) -> None:
    talk.run_text("remind me to get milk")
    assert talk.run_text("whenever really").reply.startswith("I didn't catch a time there.")
    assert talk.run_text("at 9 tomorrow").reply.startswith("Okay.")


def test_a_task_asked_for_takes_a_task_but_not_a_goodbye(
    assistant: Assistant, talk: Pipeline
) -> None:
    talk.run_text("remind me at 8")
    assert talk.run_text("check the mail").reply.startswith("Okay. I'll remind you to check")
    talk.run_text("remind me at 8")
    assert talk.run_text("good night robin").understanding == Understanding(
        "chat.goodbye", {"night": "night", "name": "Robin"}, 0.0
    )
    assert [r.task for r in assistant.memory.reminders.pending()] == ["check the mail"]


def _dictation(awaits: Awaiting) -> Dictation:
    return Dictation("reminder.set", lambda words: Outcome(words), awaits)


@pytest.mark.parametrize(
    ("awaits", "understanding", "answered"),
    [
        (Awaiting.ANSWER, None, True),
        (Awaiting.ANSWER, Understanding("reminder.set"), True),
        (Awaiting.ANSWER, Understanding("system.time", sure=False), True),
        (Awaiting.ANSWER, Understanding("alarm.set"), False),
        (Awaiting.ANSWER, Understanding("system.cancel"), False),
        (Awaiting.TASK, Understanding("mail.check"), True),
        (Awaiting.TASK, Understanding("chat.goodbye"), False),
        (Awaiting.WORDS, Understanding("chat.thanks"), True),
        (Awaiting.WORDS, Understanding("system.stop"), False),
    ],
)
def test_the_one_rule(
    awaits: Awaiting, understanding: Understanding | None, answered: bool
) -> None:
    assert answers(_dictation(awaits), understanding) is answered


def test_a_time_alone_answers_whatever_it_is_taken_for(talk: Pipeline) -> None:
    assert answers(_dictation(Awaiting.ANSWER), Understanding("reminder.list"), a_moment=True)
    talk.run_text("remind me to call mum")
    talk.matcher.understand = lambda text, **_: Understanding("reminder.list")  # type: ignore[method-assign]
    assert talk.run_text("next week").reply.startswith("Okay. I'll remind you to call mum")


SOUNDS_LIKE_YES = ("yep thats right go ahead", "sure thing do it", "ok sounds good do it")
"""Yeses no template knows, that the learned step places."""


def _a_learned_yes(talk: Pipeline) -> str:
    guessed = [line for line in SOUNDS_LIKE_YES if _guessed_yes(talk, line)]
    assert guessed, "the learned step places none of these as a yes"
    return guessed[0]


def _guessed_yes(talk: Pipeline, line: str) -> bool:
    understanding = talk.matcher.understand(line)
    return (
        understanding is not None
        and understanding.intent == "system.confirm"
        and (not understanding.sure)
    )


def test_a_yes_only_guessed_asks_the_plan_again_and_a_real_yes_carries_it_out(
    assistant: Assistant, talk: Pipeline
) -> None:
    talk.run_text("remember that my sister is called ruth")
    plan = talk.run_text("forget my sisters name").reply
    assert plan.startswith("I'd forget your sister's name")
    again = talk.run_text(_a_learned_yes(talk))
    assert again.reply == f"Was that a yes? {plan}"
    assert assistant.memory.facts.history("sister", "name")  # nothing forgotten on a guess
    assert talk.context.pending is not None
    assert talk.context.pending.summary == plan
    assert "gone from my memory" in talk.run_text("yes").reply
    assert not assistant.memory.facts.history("sister", "name")


def test_a_yes_only_guessed_with_nothing_waiting_is_answered_as_any_yes(talk: Pipeline) -> None:
    assert talk.run_text(_a_learned_yes(talk)).reply == talk.run_text("yes").reply


def test_a_new_reminder_asked_for_while_a_time_is_awaited_is_a_new_turn(talk: Pipeline) -> None:
    assert talk.run_text("remind me to get milk").reply == ASKED_WHEN
    asked = talk.run_text("remind me to book the car in for its mot").reply
    assert asked == "When should I remind you to book the car in for its mot?"
    assert talk.run_text("half 5").reply == (
        "Okay. I'll remind you to book the car in for its mot today at 5:30 in the afternoon."
    )


def test_a_yes_to_a_change_just_read_back_is_an_acknowledgement(
    assistant: Assistant, talk: Pipeline
) -> None:
    talk.run_text("remind me to ring the dentist at 5pm")
    yes = talk.run_text("yes")
    assert yes.understanding is not None
    assert yes.understanding.intent == "chat.acknowledge"
    assert "nothing waiting" not in yes.reply
    another = talk.run_text("and to get stamps on friday").reply
    assert another.startswith("Okay. I'll remind you to get stamps on Friday")
    assert len(assistant.memory.reminders.pending()) == 2
    talk.run_text("what time is it")
    assert "nothing waiting" in talk.run_text("yes").reply  # nothing was just done


def test_a_time_said_after_the_next_alarm_is_read_moves_it_on_a_yes(
    assistant: Assistant, talk: Pipeline
) -> None:
    talk.run_text("set an alarm for 6.45 tomorrow")
    talk.run_text("thanks")
    assert talk.run_text("when is my alarm").reply == (
        "Your next alarm is tomorrow at 6:45 in the morning."
    )
    assert talk.run_text("can u make it 7 instead").reply == (
        "Shall I move the alarm to tomorrow at 7:00 in the morning?"
    )
    talk.run_text("yes")
    (alarm,) = assistant.memory.reminders.pending(ALARM)
    assert (alarm.due.hour, alarm.due.minute) == (7, 0)


def test_a_request_with_an_afterthought_is_asked_about_first(
    assistant: Assistant, talk: Pipeline
) -> None:
    talk.run_text("remind me to call the plumber tomorrow at 9")
    asked = talk.run_text("cancel the plumber one i already rang him").reply
    assert asked.endswith("?")
    assert len(assistant.memory.reminders.pending()) == 1
    talk.run_text("yes")
    assert assistant.memory.reminders.pending() == []

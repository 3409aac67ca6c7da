"""The words a click sends mean what the button says, to the same understanding as speech."""

import pytest

from assistant.intents.matcher import Matcher
from assistant.memory.facts import ME, NAME, Fact
from assistant.memory.feelings import Feeling
from assistant.memory.people import Person
from assistant.memory.reminders import ALARM, REMINDER, TIMER, Reminder
from assistant.runtime import asking
from tests.conftest import FIXED_NOW


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher()


def _reminder(kind: str, task: str, label: str = "") -> Reminder:
    return Reminder(1, kind, task, FIXED_NOW, FIXED_NOW, label)


@pytest.mark.parametrize(
    ("words", "intent"),
    [
        (asking.cancel(_reminder(REMINDER, "call Mum")), "reminder.cancel"),
        (asking.cancel(_reminder(ALARM, "wake up")), "reminder.cancel"),
        (asking.cancel(_reminder(TIMER, "10 minutes", "pasta")), "timer.cancel"),
        (asking.forget_fact(Fact("sister", NAME, "Anna")), "memory.forget"),
        (asking.forget_fact(Fact(ME, NAME, "Sam")), "memory.forget"),
        (asking.forget_fact(Fact(ME, "allergy", "peanuts")), "memory.forget"),
        (asking.forget_person(Person(1, "Amy Pond")), "memory.forget"),
        (asking.forget_feeling(Feeling(1, "lonely", FIXED_NOW)), "memory.forget"),
        (asking.CLEAN_UP_MAIL, "mail.triage"),
    ],
)
def test_each_click_is_understood_as_its_request(matcher: Matcher, words: str, intent: str) -> None:
    understood = matcher.understand(words)
    assert understood is not None
    assert understood.sure
    assert understood.intent == intent


def test_a_reminder_to_cancel_is_named_by_its_task(matcher: Matcher) -> None:
    understood = matcher.understand(asking.cancel(_reminder(REMINDER, "take the bins out")))
    assert understood is not None
    assert understood.slots["task"] == "take the bins out"


def test_snooze_and_move_name_the_reminder_and_the_time() -> None:
    reminder = _reminder(REMINDER, "call Mum")
    later = "move the call Mum reminder to today at 4:15 in the afternoon"
    assert asking.snooze(reminder, FIXED_NOW) == later
    assert asking.move(reminder, " tomorrow at 9 ") == "move the call Mum reminder to tomorrow at 9"
    assert asking.move(_reminder(ALARM, "wake up"), "7:30") == "move my 4:05 pm alarm to 7:30"


@pytest.mark.parametrize("kind", [REMINDER, ALARM])
def test_a_move_is_understood_as_a_move_or_not_at_all(matcher: Matcher, kind: str) -> None:
    """Where the catalogue has no ``reminder.move`` yet, the view shows no Move or Snooze, and
    the sentence is never read as anything else (a timer, a new reminder)."""
    reminder = _reminder(kind, "call Mum")
    for words in (asking.snooze(reminder, FIXED_NOW), asking.move(reminder, "tomorrow at 9")):
        understood = matcher.understand(words)
        if asking.MOVE_INTENT in matcher.intents.intents:
            assert understood is not None
            assert understood.intent == asking.MOVE_INTENT
        else:
            assert understood is None or not understood.sure


def test_timers_are_never_moved() -> None:
    timer = _reminder(TIMER, "10 minutes", "pasta")
    assert not asking.can_move(timer, [asking.MOVE_INTENT])
    assert asking.can_move(_reminder(ALARM, "wake up"), [asking.MOVE_INTENT])
    assert not asking.can_move(_reminder(ALARM, "wake up"), ["reminder.cancel"])

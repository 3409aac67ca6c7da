"""Speaking first follows one rule in every front end: nothing is said while asleep or while
the user's next words are being taken down."""

from datetime import timedelta

from assistant.frontends.terminal import TerminalTalk
from assistant.runtime.assistant import Assistant
from assistant.runtime.pipeline import TurnResult
from assistant.runtime.speaking_first import SpeakingFirst
from tests.conftest import FixedClock


def test_the_terminal_holds_a_timer_while_a_reminder_is_being_said(
    assistant: Assistant, clock: FixedClock
) -> None:
    said: list[str] = []

    def show(result: TurnResult) -> None:
        said.append(result.reply)

    talk = TerminalTalk(assistant, show)
    talk.run_text("set a timer for 1 minute")
    asked = talk.run_text("remind me").reply
    assert asked.endswith("?")
    clock.moment += timedelta(minutes=2)
    talk.speak_first()
    assert said == []  # the next words are the reminder's: the timer waits
    talk.run_text("to water the plants at 6pm")
    talk.speak_first()
    assert len(said) == 1
    assert "timer" in said[0].lower()


def test_the_user_talking_holds_what_is_due(assistant: Assistant, clock: FixedClock) -> None:
    pipeline = assistant.conversation()
    pipeline.run_text("set a timer for 1 minute")
    clock.moment += timedelta(minutes=2)
    talking = SpeakingFirst(assistant, pipeline, user_talking=lambda: True)
    assert not talking.may_speak()
    assert talking.say_what_is_due() == []
    quiet = SpeakingFirst(assistant, pipeline)
    assert [result.reply for result in quiet.say_what_is_due()] != []

"""The visible state is a pure function of the events."""

from assistant.events import (
    ActionDone,
    AssistantState,
    Event,
    Failed,
    Reply,
    SpeakingFinished,
    SpeakingStarted,
    SpeechEnded,
    SpeechStarted,
    Transcript,
    TurnEnded,
    TurnStarted,
)
from assistant.runtime.state import View, reduce

S = AssistantState


def states(*events: Event, start: View | None = None) -> list[AssistantState]:
    view = start or View()
    seen = []
    for event in events:
        view = reduce(view, event)
        seen.append(view.state)
    return seen


def test_a_spoken_turn_goes_through_every_working_state() -> None:
    assert states(
        TurnStarted(1, "audio"),
        SpeechStarted(1, 0.1),
        SpeechEnded(1, 1.0),
        Transcript(1, "what time is it"),
        Reply(1, "It's noon."),
        SpeakingStarted(1, "It's noon."),
        SpeakingFinished(1),
        TurnEnded(1),
    ) == [S.THINKING, S.LISTENING, S.THINKING, S.THINKING, S.THINKING, S.SPEAKING, S.IDLE, S.IDLE]


def test_a_failure_shows_until_the_next_turn() -> None:
    assert states(
        TurnStarted(1, "text"),
        Failed(1, "input", "input-empty", "No words."),
        SpeakingStarted(1, "No words."),
        SpeakingFinished(1),
        TurnEnded(1),
        TurnStarted(2, "text"),
    ) == [S.THINKING, S.ERROR, S.ERROR, S.ERROR, S.ERROR, S.THINKING]


def test_after_go_to_sleep_it_rests_asleep_even_after_speaking() -> None:
    assert states(
        TurnStarted(1, "text"),
        ActionDone(1, "system.sleep", "stopped listening"),
        SpeakingStarted(1, "Okay."),
        SpeakingFinished(1),
        TurnEnded(1),
    ) == [S.THINKING, S.THINKING, S.SPEAKING, S.ASLEEP, S.ASLEEP]


def test_a_new_turn_wakes_it() -> None:
    asleep = View(S.ASLEEP, asleep=True)
    assert states(TurnStarted(2, "text"), TurnEnded(2), start=asleep) == [S.THINKING, S.IDLE]


def test_reduce_does_not_change_its_input() -> None:
    view = View()
    reduce(view, TurnStarted(1, "text"))
    assert view == View()

"""The assistant's visible state as a pure function of the events seen."""

from dataclasses import dataclass, replace

from assistant.events import (
    ActionDone,
    AssistantState,
    Event,
    Failed,
    SpeakingFinished,
    SpeakingStarted,
    SpeechEnded,
    SpeechStarted,
    Transcript,
    TurnEnded,
    TurnStarted,
)
from assistant.skills.conversation import SLEEP


@dataclass(frozen=True)
class View:
    """What the window shows, and whether the assistant rests asleep or idle."""

    state: AssistantState = AssistantState.IDLE
    """The state shown now."""
    asleep: bool = False
    """True after "go to sleep", until a new turn wakes it."""

    @property
    def resting(self) -> AssistantState:
        """The state to return to when nothing is happening."""
        return AssistantState.ASLEEP if self.asleep else AssistantState.IDLE


_STATE_DURING: dict[type, AssistantState] = {
    SpeechStarted: AssistantState.LISTENING,
    SpeechEnded: AssistantState.THINKING,
    Transcript: AssistantState.THINKING,
    SpeakingStarted: AssistantState.SPEAKING,
}


def reduce(view: View, event: Event) -> View:
    """The view after ``event``, given the view before it."""
    if isinstance(event, TurnStarted):
        return View(AssistantState.THINKING, asleep=False)
    if isinstance(event, ActionDone) and event.action == SLEEP:
        return replace(view, asleep=True)
    if isinstance(event, Failed):
        return replace(view, state=AssistantState.ERROR)
    if view.state is AssistantState.ERROR:
        return view
    if isinstance(event, TurnEnded | SpeakingFinished):
        return replace(view, state=view.resting)
    during = _STATE_DURING.get(type(event))
    return view if during is None else replace(view, state=during)

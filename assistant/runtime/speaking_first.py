"""When the assistant speaks first, the same for every front end (the window's session, the
terminal conversation): what has come due (a timer, a reminder, new mail, a feeling asked
after) is said unless it is asleep, the user is talking, or a letter is being taken down, when
news waits for the letter to end."""

from collections.abc import Callable

from assistant.runtime.assistant import Assistant
from assistant.runtime.pipeline import Pipeline, TurnResult


def _nowhere_else(_text: str, _ring: bool) -> bool:
    """No other rooms: everything is said here."""
    return False


def _nobody_talking() -> bool:
    """No microphone: the user is never heard mid-sentence."""
    return False


class SpeakingFirst:
    """Says what is due in one conversation, when it may."""

    def __init__(
        self,
        assistant: Assistant,
        pipeline: Pipeline,
        user_talking: Callable[[], bool] = _nobody_talking,
    ) -> None:
        self.assistant = assistant
        self.pipeline = pipeline
        self.user_talking = user_talking
        self.said_elsewhere: Callable[[str, bool], bool] = _nowhere_else
        """Says something due in another room instead (the room the user spoke in last, see
        ``assistant.frontends.rooms``); True when it need not be said here too."""

    def may_speak(self) -> bool:
        """Not asleep, the user not in the middle of saying something, not asked for words
        (a letter dictated, an answer)."""
        return not (
            self.assistant.emitter.view.asleep or self.user_talking() or self._asked_for_words()
        )

    def _asked_for_words(self) -> bool:
        dictation = self.pipeline.context.dictation
        return dictation is not None and dictation.asked

    def say_what_is_due(self) -> list[TurnResult]:
        """Announce everything due now, if it may speak; the turns it took. A reminder is
        marked told once it has been said (a ring cut off is told again at the next start)."""
        if not self.may_speak():
            return []
        presence = self.assistant.presence
        said = []
        for item in presence.announcements():
            if not self.said_elsewhere(item.text, item.ring):
                said.append(self.pipeline.announce(item.text, item.ring))
            presence.told(item)
        return said

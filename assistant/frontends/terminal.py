"""A typed conversation in the terminal in which the assistant may speak first.

The user's lines are read on the calling thread; a small ticker thread says what comes due
(a timer, a reminder, a follow-up) within a second of its time, without waiting for input.
Turns and announcements never overlap: each holds the conversation's lock. The conversation is
a ``Companion``, wired as for the window, so news waits in both for the same reasons.
"""

import logging
import threading
from collections.abc import Callable
from types import TracebackType

from assistant.runtime.assistant import Assistant
from assistant.runtime.companion import Companion
from assistant.runtime.pipeline import TurnResult

_LOGGER = logging.getLogger(__name__)

TICK_SECONDS = 0.2
"""How often the ticker looks for something due; well inside the one second allowed."""


class TerminalTalk:
    """One conversation, shared by the reader of typed lines and the speaking-first ticker."""

    def __init__(self, assistant: Assistant, show: Callable[[TurnResult], None]) -> None:
        self.assistant = assistant
        self.companion = Companion(assistant)
        self.show = show
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._ticker = threading.Thread(target=self._tick, name="speak-first", daemon=True)

    def run_text(self, text: str) -> TurnResult:
        """Run ``text`` as the next turn, after any announcement in progress."""
        with self._lock:
            return self.companion.run_text(text)

    def speak_first(self) -> None:
        """Say what is due now, when it may (``SpeakingFirst``: not asleep, no letter being
        taken down)."""
        with self._lock:
            for result in self.companion.say_what_is_due():
                self.show(result)

    def _tick(self) -> None:
        while not self._stopped.wait(TICK_SECONDS):
            try:
                self.speak_first()
            except Exception:
                _LOGGER.exception("Speaking first failed")

    def __enter__(self) -> "TerminalTalk":
        self._ticker.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stopped.set()
        self._ticker.join(timeout=30)

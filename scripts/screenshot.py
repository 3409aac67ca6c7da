"""Render the window in every state, offscreen, to PNGs (docs/screenshots by default).

The conversation is real: typed turns run through the core. The live levels that drive the shape
while listening and speaking are set by hand, since no one is talking.
"""

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication

from assistant.config import Paths
from assistant.events import (
    AssistantState,
    PartialTranscript,
    SpeakingFinished,
    SpeakingStarted,
    SpeechStarted,
    StateChanged,
)
from assistant.runtime.assistant import Assistant
from assistant.runtime.session import Session
from ui.window import Window

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as home:
        paths = Paths.resolve(home)
        with Assistant(paths, rng=random.Random(3)) as assistant:
            session = Session(assistant)
            window = Window(session)
            window.show()
            session.start()
            for name, stage in _stages(window).items():
                stage()
                _settle(app, window)
                path = args.out / f"{name}.png"
                window.grab().save(str(path))
                print(path)
            window.close()
            session.close()
    return 0


def _stages(window: Window) -> dict[str, Callable[[], None]]:
    session, emit = window.session, window.assistant.emitter.emit

    def idle() -> None:
        session.say("hello")
        session.say("what time is it")
        _wait_for(lambda: len(window.transcript_lines()) >= 4)

    def listening() -> None:
        session.levels.heard = 0.7
        emit(SpeechStarted(90, 0.0))
        emit(PartialTranscript(90, "what's the"))

    def thinking() -> None:
        emit(StateChanged(90, AssistantState.THINKING, AssistantState.LISTENING))

    def speaking() -> None:
        session.levels.spoken = 0.8
        emit(SpeakingStarted(90, "It's four o'clock."))

    def asleep() -> None:
        emit(SpeakingFinished(90, False))
        session.say("go to sleep")
        _wait_for(lambda: window.shape_state is AssistantState.ASLEEP)

    def error() -> None:
        session.say("x" * 5000)
        _wait_for(lambda: window.shape_state is AssistantState.ERROR)

    return {
        "idle": idle,
        "listening": listening,
        "thinking": thinking,
        "speaking": speaking,
        "asleep": asleep,
        "error": error,
    }


def _wait_for(condition: Callable[[], bool], seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)


def _settle(app: QApplication, window: Window) -> None:
    deadline = time.monotonic() + 0.4
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.016)


if __name__ == "__main__":
    sys.exit(main())

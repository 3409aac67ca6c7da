"""Render the window in every state, offscreen, to PNGs (docs/screenshots by default).

The conversation is real: typed turns run through the core. The live levels that drive the shape
while listening and speaking are set by hand, since no one is talking.
"""

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication, QScrollArea
from wyoming_peers import Loop, Satellite

from assistant.config import Paths
from assistant.events import (
    AssistantState,
    PartialTranscript,
    SpeakingFinished,
    SpeakingStarted,
    SpeechStarted,
    StateChanged,
    TurnEnded,
)
from assistant.mail.accounts import parse_account
from assistant.memory.reminders import ALARM, REMINDER
from assistant.runtime.assistant import Assistant
from assistant.runtime.session import Session
from ui.settings import SettingsDialog
from ui.views import View
from ui.window import Window

ROOT = Path(__file__).resolve().parent.parent
MAIL_FIXTURES = ROOT / "tests" / "fixtures" / "mail"
MAIL_SHOWN = ("amy_lunch.eml", "catherine_report.eml", "newsletter_garden.eml")
SAID_BEFORE = (
    "my name is Sam",
    "my sister's name is Anna",
    "I'm allergic to peanuts",
    "remind me to renew the passport on Friday at 10",
    "what time is it",
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as home:
        _render(app, Paths.resolve(home), _stages, args.out)
        _lived_in(app, Path(home) / "lived-in", args.out)
    return 0


def _lived_in(app: QApplication, home: Path, out: Path) -> None:
    """The window of someone who has used it for a while: the conversation so far and a
    greeting, a plan beside it, a live caption, each view, and the settings."""
    paths = Paths.resolve(str(home))
    with Assistant(paths, rng=random.Random(3)) as assistant:
        _remember_a_while(assistant, home)
    _render(app, paths, _lived_in_stages, out)


def _render(
    app: QApplication,
    paths: Paths,
    stages: Callable[[Window], dict[str, Callable[[], None]]],
    out: Path,
) -> None:
    """Open the window on ``paths`` and save a picture after each stage (the settings panel's
    own, for the settings stages)."""
    with Assistant(paths, rng=random.Random(3)) as assistant:
        session = Session(assistant)
        window = Window(session, SettingsDialog)
        window.show()
        session.start()
        for name, stage in stages(window).items():
            stage()
            _settle(app, window)
            shown = window.settings_panel if name.startswith("settings") else window
            shown.grab().save(str(out / f"{name}.png"))
            print(out / f"{name}.png")
        if window.rooms is not None:
            window.rooms.close()
        window.close()
        session.close()


def _remember_a_while(assistant: Assistant, home: Path) -> None:
    """A few days of use: turns, the user's name and their sister's, reminders, and mail."""
    talk = assistant.conversation()
    for said in SAID_BEFORE:
        talk.run_text(said)
    now = assistant.services.clock.now()
    reminders = assistant.memory.reminders
    reminders.add(REMINDER, "call Mum", now + timedelta(minutes=50), now, None)
    reminders.add(REMINDER, "take the bins out", now + timedelta(days=1), now, None)
    tomorrow_at_seven = (now + timedelta(days=1)).replace(hour=7, minute=0, second=0)
    reminders.add(ALARM, "wake up", tomorrow_at_seven, now, None)
    box = home / "Mail"
    for sub in ("new", "cur", "tmp"):
        (box / sub).mkdir(parents=True)
    for name in MAIL_SHOWN:
        shutil.copy(MAIL_FIXTURES / name, box / "new" / name.replace(".", "_"))
    assistant.mail.add_account(parse_account("home", f"maildir:{box}"))
    assistant.mail.check()


def _lived_in_stages(window: Window) -> dict[str, Callable[[], None]]:
    """Each picture of the lived-in window, and what to do before taking it."""
    return {
        "welcome": lambda: _wait_for(
            lambda: window.background.pending == 0 and bool(window.transcript_lines())
        ),
        "plan": lambda: _plan(window),
        "live-caption": lambda: _caption(window),
        "reminders": lambda: _open_view(window, window.reminders),
        "memory": lambda: _open_view(window, window.memory),
        "mail": lambda: _open_view(window, window.mail),
        "mail-letter": lambda: _letter(window),
        "settings": lambda: _settings(window),
        "settings-mail": lambda: _settings_mail(window),
        "settings-rooms": lambda: _settings_rooms(window),
    }


def _plan(window: Window) -> None:
    window.session.say("forget my sister's name")
    _wait_for(window.plan.isVisible)


def _caption(window: Window) -> None:
    window.session.say("no")
    _wait_for(lambda: not window.plan.isVisible())
    window.session.levels.heard = 0.6
    window.assistant.emitter.emit(SpeechStarted(99, 0.0))
    window.assistant.emitter.emit(PartialTranscript(99, "remind me to water the"))
    _wait_for(lambda: bool(window.transcript.caption))


def _open_view(window: Window, chosen: View) -> None:
    window.assistant.emitter.emit(SpeakingFinished(99, False))  # back to rest
    window.assistant.emitter.emit(TurnEnded(99))  # the caption goes
    loaded = chosen.loaded
    window.view_buttons[chosen].click()
    _wait_for(lambda: chosen.loaded > loaded)


def _letter(window: Window) -> None:
    window.mail.rows[0].buttons["Read"].click()
    _wait_for(lambda: window.mail.pages.currentIndex() == 1)


def _settings(window: Window) -> None:
    window.view_buttons[window.mail].click()
    window.open_settings()
    _wait_for(lambda: window.settings_panel.mail.loaded > 0)


def _settings_mail(window: Window) -> None:
    panel = window.settings_panel
    scroll = panel.findChild(QScrollArea)
    if scroll is not None:
        scroll.ensureWidgetVisible(panel.mail.add)


def _settings_rooms(window: Window) -> None:
    """A room added in the panel: a satellite on loopback, connected, asked the time there."""
    rooms = window.settings_panel.rooms
    satellite = Satellite(Loop())
    rooms.room_name.setText("kitchen")
    rooms.host.setText("127.0.0.1")
    rooms.port.setValue(satellite.port)
    rooms.add.click()
    _wait_for(lambda: window.rooms is not None and "kitchen" in window.rooms.links, 60)
    satellite.wait_connected()
    satellite.say("cmd_what_time_is_it")
    satellite.wait_replies(1)
    _wait_for(lambda: "last said" in " ".join(rooms.lines()))
    scroll = window.settings_panel.findChild(QScrollArea)
    if scroll is not None:
        scroll.ensureWidgetVisible(window.settings_panel.server.note, 50, 100)


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
    status = main()
    # Leave once the pictures are saved, skipping the interpreter's last garbage collection,
    # which can abort inside PySide6's C code as many windows' objects go (see tests/conftest.py).
    sys.stdout.flush()
    os._exit(status)

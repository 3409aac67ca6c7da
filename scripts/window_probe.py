"""Run by ``scripts/bench window`` in a fresh process: open the window, load the voice stack as
the window does (the grammar recogniser and Whisper, with the voice the settings choose, Piper on
Linux, opened meanwhile), hear a few spoken turns from the test fixtures through it (each heard by
both recognisers, understood, acted on and its reply rendered into a WAV file), then sit idle,
and print what it cost as JSON.

Time to open is measured from the moment the parent started this process (passed in as a
``time.time()`` stamp) to the first frame drawn. Memory is the peak resident set over the whole
run, and the resident set at the end of the idle spell (steady), with the memory after each step.
"""

import argparse
import json
import os
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from assistant.audio.sinks import WavSink
from assistant.audio.sources import WavSource
from assistant.config import Paths
from assistant.events import Event, TurnEnded
from assistant.footprint import tune_allocator
from assistant.runtime.assistant import Assistant
from assistant.runtime.engines import open_voice
from assistant.runtime.session import Session
from ui.settings import SettingsDialog
from ui.window import Window

IDLE_SECONDS = 10.0
TURN_TIMEOUT_SECONDS = 300.0
FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "audio"
TURNS = (
    "cmd_what_time_is_it.wav",
    "free_remind_me_to_renew_the_passport_tomorrow_morning.wav",
    "oog_tell_me_a_joke.wav",
    "cmd_what_can_you_do.wav",
)
"""A grammar command, a reminder with free words, speech that is no command, and a long reply."""


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def memory_mb() -> dict[str, float]:
    """The resident set now (VmRSS) and its peak so far (VmHWM), in MB."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return {name: int(fields[name].split()[0]) / 1024 for name in ("VmRSS", "VmHWM")}


class TurnCounter:
    """Counts the turns that ended, from the bus."""

    def __init__(self) -> None:
        self.ended = 0
        self._changed = threading.Condition()

    def __call__(self, event: Event) -> None:
        if isinstance(event, TurnEnded):
            with self._changed:
                self.ended += 1
                self._changed.notify_all()

    def wait_for(self, count: int, app: QApplication) -> None:
        """Wait (keeping the window drawing) until ``count`` turns have ended."""
        deadline = time.monotonic() + TURN_TIMEOUT_SECONDS
        while self.ended < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"turn {count} did not end")
            app.processEvents()
            with self._changed:
                self._changed.wait(0.05)


def usable(home: str, started: float) -> None:
    """Open the window on ``home`` and print how long until the conversation so far and the
    greeting are shown (read off the GUI thread while the window already draws)."""
    app = QApplication(sys.argv[:1])
    with Assistant(Paths.resolve(home)) as assistant:
        opening = time.time()
        session = Session(assistant)
        window = Window(session, SettingsDialog)
        window.show()
        session.start()
        while window.background.pending or not window.transcript_lines():
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 20)
        window.grab()
        shown = time.time()
        lines = len(window.transcript_lines())
        window.close()
        session.close()
    timed = {"usable_seconds": shown - started, "opening_seconds": shown - opening}
    print(json.dumps(timed | {"lines": lines}))


def main(started: float) -> None:
    tune_allocator()  # as the assistant command does first
    app = QApplication(sys.argv[:1])
    steps: list[tuple[str, dict[str, float]]] = []
    with tempfile.TemporaryDirectory() as home, Assistant(Paths.resolve(home)) as assistant:
        turns = TurnCounter()
        assistant.bus.subscribe(turns)
        session = Session(assistant)
        window = Window(session, SettingsDialog)
        window.show()
        app.processEvents()
        window.grab()
        opened = time.time() - started
        steps.append(("window shown", memory_mb()))
        session.start()
        # As the window opens its audio: the recognisers (Whisper loads in the background)
        # first, then the voice; here the voice speaks into a WAV file, not a sound card.
        hearing = assistant.hearing()
        spoken = WavSink(Path(home) / "spoken.wav")
        voice = open_voice(assistant.settings, assistant.emitter, spoken, session.levels)
        session.use_voice(voice)
        hearing.free_form.model()  # type: ignore[attr-defined]  # wait for Whisper to load
        steps.append((f"Whisper and {voice.synthesiser.name} loaded", memory_mb()))
        before = turns.ended
        for number, name in enumerate(TURNS, 1):
            session.hear(WavSource(FIXTURES / name))
            turns.wait_for(before + number, app)
            steps.append((f"turn {number} heard and answered ({name})", memory_mb()))
        idle_from, cpu_from = time.monotonic(), cpu_seconds()
        loop = QEventLoop()
        QTimer.singleShot(int(IDLE_SECONDS * 1000), loop.quit)
        loop.exec()
        idle_cpu = (cpu_seconds() - cpu_from) / (time.monotonic() - idle_from)
        steps.append(("after 10 s idle", memory_mb()))
        window.close()
        session.close()
    print(
        json.dumps(
            {
                "open_seconds": opened,
                "idle_cpu": idle_cpu,
                "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "steady_mb": steps[-1][1]["VmRSS"],
                "voice": voice.synthesiser.name,
                "steps": steps,
            }
        )
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("started", type=float, help="time.time() when the parent started it")
    parser.add_argument("--home", default="", help="a data folder to open (default: a new one)")
    parser.add_argument("--opening-only", action="store_true", help="time to a usable window only")
    args = parser.parse_args()
    if args.opening_only:
        tune_allocator()
        usable(args.home, args.started)
    else:
        main(args.started)
    # Leave once the figures are out, skipping the interpreter's last garbage collection, which
    # can abort inside PySide6's C code as the window's objects go (as in tests/conftest.py).
    sys.stdout.flush()
    os._exit(0)

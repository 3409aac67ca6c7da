"""Run by ``scripts/bench window`` in a fresh process: open the window with the voice stack
loaded (the grammar recogniser, Whisper, and the voice the settings choose: Piper on Linux),
then sit idle, and print what it cost as JSON.

Time to open is measured from the moment the parent started this process (passed in as a
``time.time()`` stamp) to the first frame drawn.
"""

import json
import resource
import sys
import tempfile
import time

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from assistant.app import Assistant
from assistant.config import Paths
from assistant.session import Session
from assistant.tts import open_synthesiser
from ui.window import Window

IDLE_SECONDS = 10.0


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(started: float) -> None:
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as home, Assistant(Paths.resolve(home)) as assistant:
        session = Session(assistant)
        window = Window(session)
        window.show()
        app.processEvents()
        window.grab()
        opened = time.time() - started
        session.start()
        hearing = assistant.hearing()
        hearing.free_form.model()  # type: ignore[attr-defined]  # wait for Whisper to load
        synthesiser = open_synthesiser(assistant.settings)
        synthesiser.render("Hello.")
        idle_from, cpu_from = time.monotonic(), cpu_seconds()
        loop = QEventLoop()
        QTimer.singleShot(int(IDLE_SECONDS * 1000), loop.quit)
        loop.exec()
        idle_cpu = (cpu_seconds() - cpu_from) / (time.monotonic() - idle_from)
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        synthesiser.close()
        window.close()
        session.close()
    print(json.dumps({"open_seconds": opened, "idle_cpu": idle_cpu, "rss_mb": rss_mb}))


if __name__ == "__main__":
    main(float(sys.argv[1]))

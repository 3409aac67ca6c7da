"""Run by test_xvfb under a real X server: the ``assistant`` window, a typed turn, a clean close.

It starts the program's own entry point, then, from inside its event loop, types a sentence
into the window, waits for the reply, prints the transcript and closes the window.
"""

import sys

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from ui.app import main
from ui.window import Window

TYPED = "what's your name"


def drive(app: QApplication) -> None:
    window = next(w for w in app.topLevelWidgets() if isinstance(w, Window) and w.isVisible())
    QTest.keyClicks(window.entry, TYPED)
    QTest.keyClick(window.entry, Qt.Key.Key_Return)

    def close_after_reply() -> None:
        lines = window.transcript_lines()
        if len(lines) >= 2 and lines[-2] == f"You: {TYPED}":
            print("\n".join(lines), flush=True)
            window.close()
        else:
            QTimer.singleShot(50, close_after_reply)

    close_after_reply()


if __name__ == "__main__":
    application = QApplication(sys.argv[:1])
    QTimer.singleShot(200, lambda: drive(application))
    sys.exit(main(sys.argv[1:]))

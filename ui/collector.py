"""Python's cycle collector, moved onto the GUI thread.

The collector runs on whichever thread happens to allocate when a threshold is crossed. If that
is the assistant's worker thread and the garbage holds Qt objects, Qt destroys them off the GUI
thread and the process can crash. So while a window exists, automatic collection is off and a
timer on the GUI thread collects instead, with the same generational thresholds.
"""

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

COLLECT_EVERY_MS = 500


class GuiThreadCollector(QObject):
    """Runs ``gc`` from a timer on the GUI thread; automatic collection is off meanwhile."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect)
        self.start()

    def start(self) -> None:
        """Turn automatic collection off and collect from the timer instead."""
        gc.disable()
        self._timer.start(COLLECT_EVERY_MS)

    def collect(self) -> None:
        """Collect the generations whose counts crossed their thresholds, oldest first."""
        counts = gc.get_count()
        thresholds = gc.get_threshold()
        for generation in (2, 1, 0):
            if counts[generation] > thresholds[generation]:
                gc.collect(generation)
                return

    def stop(self) -> None:
        """Collect everything now and hand collection back to Python."""
        self._timer.stop()
        gc.collect()
        gc.enable()


def collect_on_gui_thread() -> GuiThreadCollector:
    """The application's collector, made on first use (one per application)."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("make the QApplication before the window")
    existing = app.findChild(GuiThreadCollector)
    if isinstance(existing, GuiThreadCollector):
        existing.start()
        return existing
    return GuiThreadCollector(app)

"""Bus events, re-emitted as a Qt signal that is delivered on the GUI thread."""

from PySide6.QtCore import QObject, Signal

from assistant.runtime.bus import Bus


class Bridge(QObject):
    """Subscribes to the core's bus; every event arrives through ``arrived`` on the GUI thread.

    The bus may publish from the worker thread; the signal's queued delivery moves the event
    to the thread this object lives in.
    """

    arrived = Signal(object)

    def __init__(self, bus: Bus) -> None:
        super().__init__()
        self._unsubscribe = bus.subscribe(self.arrived.emit)

    def close(self) -> None:
        """Stop listening to the bus."""
        self._unsubscribe()

"""Publishing a turn's events on the bus, with the ``StateChanged`` each one causes.

Every part of the runtime that tells what happens (the pipeline, the voice, the assembled
assistant for a rename or new settings) publishes through one ``Emitter``, which keeps the view
state (``assistant.runtime.state``) the window and ``--json`` show.
"""

import threading

from assistant.events import Event, StateChanged, TurnEnded
from assistant.runtime.bus import Bus
from assistant.runtime.state import View, reduce


class Emitter:
    """Publishes events, and a ``StateChanged`` whenever one changes the visible state."""

    def __init__(self, bus: Bus) -> None:
        self.bus = bus
        self.view = View()
        self._lock = threading.Lock()

    def emit(self, event: Event) -> None:
        """Publish ``event`` and the state change it causes, if any.

        The change comes after the event, except that ``TurnEnded`` is always a turn's last.
        """
        with self._lock:
            before, self.view = self.view, reduce(self.view, event)
        change = None
        if self.view.state is not before.state:
            change = StateChanged(event.turn_id, self.view.state, before.state)
        if change and isinstance(event, TurnEnded):
            self.bus.publish(change)
            change = None
        self.bus.publish(event)
        if change:
            self.bus.publish(change)

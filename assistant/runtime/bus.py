"""A small thread-safe publish/subscribe bus for events."""

import logging
import threading
from collections.abc import Callable

from assistant.events import Event

_LOGGER = logging.getLogger(__name__)

Subscriber = Callable[[Event], None]


class Bus:
    """Delivers each published event to every subscriber, in the order they subscribed.

    Delivery happens on the publishing thread. A subscriber that raises is logged and
    skipped, so one broken listener never breaks a turn.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: list[Subscriber] = []

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        """Start delivering events to ``subscriber``; call the result to stop."""
        with self._lock:
            self._subscribers.append(subscriber)
        return lambda: self._unsubscribe(subscriber)

    def publish(self, event: Event) -> None:
        """Deliver ``event`` to every current subscriber."""
        with self._lock:
            subscribers = list(self._subscribers)
        for subscriber in subscribers:
            try:
                subscriber(event)
            except Exception:
                _LOGGER.exception("A subscriber failed on %s", type(event).__name__)

    def _unsubscribe(self, subscriber: Subscriber) -> None:
        with self._lock:
            if subscriber in self._subscribers:
                self._subscribers.remove(subscriber)

"""Where a room's events go: its connection of the moment, written to from any thread."""

import asyncio
import logging

from wyoming.event import Event, async_write_events

_LOGGER = logging.getLogger(__name__)

SEND_SECONDS = 5.0
"""How long a write to a room may take before the room is taken as gone."""


class Outlet:
    """The room's current connection; a turn's thread sends through it, the event loop writes."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._writer: asyncio.StreamWriter | None = None
        self.generation = 0
        """How many connections there have been."""
        self.turn_of: int | None = None
        """The connection the turn running now was heard on (none: the current one). A turn
        heard on a connection that has since dropped sends nothing on the next."""

    def attach(self, loop: asyncio.AbstractEventLoop, writer: asyncio.StreamWriter) -> int:
        """Send to ``writer`` from now on; returns the connection's number."""
        self._loop, self._writer = loop, writer
        self.generation += 1
        return self.generation

    def detach(self) -> None:
        """The connection has gone: sending fails quietly until the next one."""
        self._writer = None

    def stale(self) -> bool:
        """Whether the turn running now was heard on a connection that has since dropped."""
        return self.turn_of is not None and (
            self.turn_of != self.generation or self._writer is None
        )

    def send(self, events: list[Event]) -> bool:
        """Write ``events`` to the room and wait for them to go; False when the room is gone."""
        loop, writer = self._loop, self._writer
        if loop is None or writer is None or self.stale():
            return False
        future = asyncio.run_coroutine_threadsafe(async_write_events(events, writer), loop)
        try:
            future.result(SEND_SECONDS)
        except (OSError, TimeoutError, RuntimeError) as error:
            _LOGGER.info("A room could not be reached: %s", error)
            return False
        return True

"""The rooms' one Whisper and one voice, taken in turn in the order that gets answers out first.

Two cores cannot decode or render faster by doing two things at once (measured: a pool of
Whisper workers answered four rooms no sooner than one at a time), so what is left is the order:

- **Whisper**: the recognise stage starts Whisper early, in the first short silence, in case
  the grammar alone cannot take the command; once the room's words are known (or it asks again,
  when that audio is out of date) a decode of it that has not started yet is needed by nobody,
  and is dropped rather than run ahead of another room's. Measured in ``scripts/bench rooms``:
  four rooms, 20 turns, 13 decodes before and 10 after.
- **The voice**: the first clause of a reply goes before the later clauses of replies already
  playing elsewhere (those are needed only once their first clause has been played).
"""

import heapq
import itertools
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from assistant.audio.wav import Samples
from assistant.stt.base import Mode, Recogniser, Recognition
from assistant.stt.shared import SharedRecogniser
from assistant.tts.base import Synthesiser

_LOGGER = logging.getLogger(__name__)

FIRST, LATER = 0, 1
"""Priorities: a reply's first clause, and the rest."""


class Superseded(Exception):
    """A wait ended because the same room asked again meanwhile."""


class TakingTurns:
    """One thing at a time, granted by priority and then by arrival; a waiting request is
    dropped when a newer one from the same room arrives."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._waiting: list[tuple[int, int]] = []
        self._busy = False
        self._arrivals = itertools.count()
        self._newest: dict[str, int] = {}

    @contextmanager
    def turn(self, priority: int = FIRST, room: str = "") -> Iterator[None]:
        """Wait for the turn (raises ``Superseded`` when ``room`` no longer needs it)."""
        ticket = (priority, next(self._arrivals))
        with self._condition:
            if room:
                self._newest[room] = ticket[1]
            heapq.heappush(self._waiting, ticket)
            self._condition.wait_for(lambda: self._dropped(ticket, room) or self._next(ticket))
            self._waiting.remove(ticket)
            heapq.heapify(self._waiting)
            if self._dropped(ticket, room):
                self._condition.notify_all()
                raise Superseded
            self._busy = True
        try:
            yield
        finally:
            with self._condition:
                self._busy = False
                self._condition.notify_all()

    def drop(self, room: str) -> None:
        """``room`` no longer needs what it asked for and is still waiting for."""
        with self._condition:
            if room in self._newest:
                self._newest[room] = next(self._arrivals)
                self._condition.notify_all()

    def _next(self, ticket: tuple[int, int]) -> bool:
        """First in the queue, and nothing is running."""
        return not self._busy and self._waiting[0] == ticket

    def _dropped(self, ticket: tuple[int, int], room: str) -> bool:
        """The room asked again since, or no longer needs it."""
        return bool(room) and self._newest[room] != ticket[1]


class RoomWhisper(SharedRecogniser):
    """A room's loan of the shared Whisper, taken through ``TakingTurns``."""

    def __init__(self, recogniser: Recogniser, turns: TakingTurns, room: str) -> None:
        super().__init__(recogniser)
        self.turns = turns
        self.room = room

    def decode_whole(self, pcm: bytes, mode: Mode) -> Recognition:
        """The decode of ``pcm``; a rejection, unheard, when the room no longer needs it."""
        try:
            with self.turns.turn(FIRST, self.room):
                return super().decode_whole(pcm, mode)
        except Superseded:
            _LOGGER.debug("Dropped a decode %s no longer needs", self.room)
            return Recognition("", 0.0, self.name, rejected=True)


class RoomSynthesiser:
    """A room's loan of the shared voice, through ``TakingTurns``: a reply's first clause goes
    first (``begin_reply`` marks where a reply starts)."""

    def __init__(self, synthesiser: Synthesiser, turns: TakingTurns) -> None:
        self.synthesiser = synthesiser
        self.name = synthesiser.name
        self.turns = turns
        self._first = True
        self._lock = threading.Lock()

    def begin_reply(self) -> None:
        """The next clause asked for is the first of a reply."""
        with self._lock:
            self._first = True

    def render(self, text: str) -> Samples:
        """``text`` spoken, in its turn."""
        with self._lock:
            priority, self._first = (FIRST if self._first else LATER), False
        with self.turns.turn(priority):
            return self.synthesiser.render(text)

    def close(self) -> None:
        """The owner closes the voice, not a room."""

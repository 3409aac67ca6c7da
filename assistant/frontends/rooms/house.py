"""The rooms the assistant is in: each with its own conversation, all sharing one memory."""

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from assistant.events import Event, Reply, TurnStarted
from assistant.runtime.pipeline import Pipeline, TurnResult

SAME_CALL_SECONDS = 1.0
"""Speech that started this close together in two rooms, with the same words, is one call
heard twice (when each room's hearing ends depends on how busy the machine is; when the speech
started does not), unless the first room had already answered it when the second room's speech
started: that is the user asking again, however soon (audio sent faster than real time can start
well within this of a call already answered)."""
KEEP_CALLS_SECONDS = 30.0
"""How long a call is remembered to compare with."""
SAME_CALL_LIKENESS = 80
"""How alike (0-100, by letters) two rooms' words must be to be the same call."""

_LOGGER = logging.getLogger(__name__)

OpenConversation = Callable[[], Pipeline]


@dataclass
class Room:
    """One room: its name, its own conversation, and what was last said there."""

    name: str
    """The room's name ("kitchen")."""
    pipeline: Pipeline
    """Its own conversation, on the shared memory."""
    connected: bool = False
    """Whether its satellite (or peer) is connected now."""
    last_said: str = ""
    """The last thing the assistant said there."""
    lock: threading.Lock = field(default_factory=threading.Lock)
    """One turn at a time in a room."""

    def run_text(self, text: str) -> TurnResult:
        """One typed (or transcribed) turn in this room."""
        with self.lock:
            return self.pipeline.run_text(text)

    def announce(self, text: str, ring: bool = False) -> TurnResult:
        """Speak first in this room."""
        with self.lock:
            return self.pipeline.announce(text, ring)


@dataclass
class _Call:
    room: str
    words: str
    at: float
    """When the speech started."""
    answered: float | None = None
    """When its room began to answer it (none: not yet)."""


class House:
    """The rooms, which room the user spoke in last, and who answers a call heard twice."""

    def __init__(self) -> None:
        self.rooms: dict[str, Room] = {}
        self.last_spoken_in: str | None = None
        """The room the user spoke in last; none for this computer (or not yet)."""
        self._calls: list[_Call] = []
        self._started: dict[str, float] = {}
        self._lock = threading.Lock()

    def room(self, name: str, open_conversation: OpenConversation) -> Room:
        """The room called ``name``, opened with a conversation of its own on first use."""
        with self._lock:
            if name not in self.rooms:
                pipeline = open_conversation()
                pipeline.room = name
                self.rooms[name] = Room(name, pipeline)
            return self.rooms[name]

    def leave(self, name: str) -> None:
        """Forget room ``name`` (its satellite was removed); a room of that name opened later
        starts afresh."""
        with self._lock:  # a new dict: whoever is reading the rooms now reads them whole
            self.rooms = {key: room for key, room in self.rooms.items() if key != name}

    def note(self, event: Event) -> None:
        """A bus subscriber: keeps each room's last reply, when speech last started there, and
        when each call was answered."""
        if isinstance(event, Reply) and event.room:
            self._answered(event.room)
            if event.room in self.rooms:
                self.rooms[event.room].last_said = event.text
        if isinstance(event, TurnStarted) and event.source != "assistant":
            self._turn_started(event.room, event.source)

    def _turn_started(self, room: str, source: str) -> None:
        if not room:
            self.last_spoken_in = None  # at this computer
        elif source == "audio":
            self._started[room] = time.monotonic()

    def _answered(self, room: str) -> None:
        """Room ``room`` is answering: its call is not one that speech starting from now on
        can be."""
        now = time.monotonic()
        with self._lock:
            for call in self._calls:
                if call.room == room and call.answered is None:
                    call.answered = now

    @staticmethod
    def _same_call(call: _Call, room: str, words: str, started: float) -> bool:
        """Another room heard these words, from speech that started at the same moment, before
        that room answered them."""
        close = abs(call.at - started) < SAME_CALL_SECONDS
        open_then = call.answered is None or started < call.answered
        return call.room != room and close and open_then and _same(call.words, words)

    def spoke_in(self, name: str) -> None:
        """The user has just spoken in room ``name``."""
        self.last_spoken_in = name

    def heard_elsewhere(self, name: str, words: str) -> bool:
        """Were ``words``, just heard in room ``name``, heard in another room moments ago? Then
        that room (the first to hear them) answers and this one stays quiet."""
        now = time.monotonic()
        with self._lock:
            started = self._started.get(name, now)
            self._calls = [c for c in self._calls if now - c.at < KEEP_CALLS_SECONDS]
            same = [c for c in self._calls if self._same_call(c, name, words, started)]
            if same:
                _LOGGER.info("%r in %s was heard in %s too, and answered there", words, name, same)
                return True
            self._calls.append(_Call(name, words, started))
        self.spoke_in(name)
        return False

    def speak_first(self, text: str, to_all: bool, ring: bool = False) -> list[str]:
        """Say ``text`` unasked in the room the user spoke in last, if connected (or in every
        connected room, with ``to_all``); returns the rooms it was said in."""
        chosen = [room for room in self.rooms.values() if room.connected]
        if not to_all:
            chosen = [room for room in chosen if room.name == self.last_spoken_in]
        for room in chosen:
            room.announce(text, ring)
        return [room.name for room in chosen]


def _same(first: str, second: str) -> bool:
    return fuzz.ratio(first, second) >= SAME_CALL_LIKENESS

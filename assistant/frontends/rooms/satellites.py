"""Satellites in other rooms: the core connects to each, asks it to run, hears its audio and
answers there.

A satellite is a Wyoming server (port 10700 by convention). The core sends ``run-satellite``;
the satellite sends ``run-pipeline`` and then ``audio-chunk``s; the core finds the speech and
hears it as it hears its own microphone, and sends back the ``transcript`` and the reply's
``audio-start``/``audio-chunk``/``audio-stop``; the satellite answers ``played`` once its speaker
has said it, and until then what its microphone hears is not listened to. A satellite that drops
is connected to again.
"""

import asyncio
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from wyoming.asr import Transcript as WyomingTranscript
from wyoming.audio import AudioChunk
from wyoming.event import async_read_event, async_write_event
from wyoming.pipeline import RunPipeline
from wyoming.satellite import RunSatellite
from wyoming.snd import Played

from assistant.errors import ConfigError
from assistant.events import Event, Transcript
from assistant.frontends.rooms.audio import RoomMicrophone, RoomSpeaker
from assistant.frontends.rooms.house import Room
from assistant.frontends.rooms.outlet import Outlet
from assistant.runtime.hearing import Utterance
from assistant.runtime.pipeline import TurnResult
from assistant.runtime.voice import Listener

_LOGGER = logging.getLogger(__name__)

SATELLITE_PORT = 10700
"""The port satellites listen on by convention."""
RETRY_SECONDS = 1.0
"""How long to wait before connecting to a satellite again."""


@dataclass(frozen=True)
class SatelliteAddress:
    """Where a room's satellite is: its room's name, host and port."""

    name: str
    """The room's name ("kitchen")."""
    host: str
    """Its host name or address."""
    port: int = SATELLITE_PORT
    """Its port."""

    @classmethod
    def parse(cls, name: str, where: str) -> "SatelliteAddress":
        """``name`` at ``where`` ("HOST:PORT", or "HOST" for the usual port)."""
        host, _, port = where.rpartition(":") if ":" in where else (where, "", "")
        if not name.strip() or "=" in name or not host or (port and not port.isdigit()):
            raise ConfigError(
                "satellite-address", f"{name}={where} is not a room name and a HOST:PORT."
            )
        return cls(name.strip(), host, int(port) if port else SATELLITE_PORT)

    @classmethod
    def from_entry(cls, entry: str) -> "SatelliteAddress":
        """A satellite as the settings keep it: "name=host:port"."""
        name, _, where = entry.partition("=")
        return cls.parse(name, where)

    @property
    def entry(self) -> str:
        """As the settings keep it."""
        return f"{self.name}={self.host}:{self.port}"


class SatelliteLink:
    """The connection to one room's satellite, kept open (and opened again when it drops)."""

    def __init__(
        self,
        address: SatelliteAddress,
        room: Room,
        outlet: Outlet,
        speaker: RoomSpeaker,
        heard: Callable[[], None],
    ) -> None:
        self.address = address
        self.room = room
        self.outlet = outlet
        self.speaker = speaker
        """The room's speaker: told when the satellite has played a reply."""
        self.heard = heard
        """Called after each turn: what was asked for it is no longer needed."""
        self.connections = 0
        """How many times it has connected."""
        self._stopped = False

    async def run(self) -> None:
        """Stay connected until stopped."""
        while not self._stopped:
            try:
                await self._session()
            except OSError as error:
                _LOGGER.debug("Satellite %s not reached: %s", self.address.name, error)
            if not self._stopped:
                await asyncio.sleep(RETRY_SECONDS)

    def stop(self) -> None:
        """Stop connecting (the connection now ends when the satellite next speaks)."""
        self._stopped = True

    async def _session(self) -> None:
        reader, writer = await asyncio.open_connection(self.address.host, self.address.port)
        microphone = RoomMicrophone()
        generation = self.outlet.attach(asyncio.get_running_loop(), writer)
        self.room.connected = True
        self.connections += 1
        self._start_listening(microphone, generation)
        try:
            await async_write_event(RunSatellite().event(), writer)
            await self._hear(reader, microphone)
        finally:
            microphone.end()
            self.outlet.detach()
            self.speaker.played()  # nothing more will be played there
            self.room.connected = False
            writer.close()

    def _start_listening(self, microphone: RoomMicrophone, generation: int) -> None:
        """The room's listener for this connection, on a thread of its own, until the
        connection ends."""
        listener = Listener(lambda utterance: self._turn(utterance, generation))
        name = f"room-{self.room.name}"
        threading.Thread(target=listener.run, args=(microphone,), name=name, daemon=True).start()

    def _turn(self, utterance: Utterance, generation: int) -> TurnResult | None:
        """One spoken turn, answered only on the connection it was heard on."""
        with self.room.lock:
            self.outlet.turn_of = generation
            try:
                return self.room.pipeline.run_audio(utterance)
            finally:
                self.outlet.turn_of = None
                self.heard()

    async def _hear(self, reader: asyncio.StreamReader, microphone: RoomMicrophone) -> None:
        """Audio after ``run-pipeline`` goes to the room's listener, except while the room
        plays a reply (its microphone hears the reply)."""
        running = False
        while not self._stopped and (event := await async_read_event(reader)) is not None:
            if RunPipeline.is_type(event.type):
                running = True
            elif Played.is_type(event.type):
                self.speaker.played()
            elif AudioChunk.is_type(event.type) and running and not self.speaker.playing:
                microphone.feed(AudioChunk.from_event(event))


def transcripts_to(room: str, outlet: Outlet) -> Callable[[Event], None]:
    """A bus subscriber that sends the words heard in ``room`` back to its satellite."""

    def send(event: Event) -> None:
        if isinstance(event, Transcript) and event.room == room and event.text:
            outlet.send([WyomingTranscript(event.text).event()])

    return send

"""The rooms, running: one event loop on a thread of its own holds the satellites' connections
and the Home Assistant server; each room's turns run on threads of their own.
"""

import asyncio
import logging
import threading
from collections.abc import Callable, Coroutine
from concurrent.futures import Future
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from wyoming.event import Event as WyomingEvent
from wyoming.info import (
    AsrModel,
    AsrProgram,
    Attribution,
    HandleModel,
    HandleProgram,
    Info,
    TtsProgram,
    TtsVoice,
)
from wyoming.zeroconf import HomeAssistantZeroconf

from assistant import __version__
from assistant.audio.wav import Samples
from assistant.events import Event, Transcript, TurnEnded
from assistant.frontends.rooms.audio import RoomSpeaker, RoomVoice
from assistant.frontends.rooms.house import House, Room
from assistant.frontends.rooms.outlet import Outlet
from assistant.frontends.rooms.queueing import RoomSynthesiser, RoomWhisper, TakingTurns
from assistant.frontends.rooms.satellites import SatelliteAddress, SatelliteLink, transcripts_to
from assistant.frontends.rooms.server import HomeAssistantHandler, Offer
from assistant.frontends.rooms.timers import TimerWatch
from assistant.runtime.assistant import Assistant
from assistant.runtime.pipeline import AudioStages, Pipeline
from assistant.runtime.voice import Voice
from assistant.stt.base import Mode
from assistant.tts import open_synthesiser
from assistant.tts.base import Synthesiser
from assistant.tts.shared import SharedSynthesiser

_LOGGER = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"
EVERYWHERE = "0.0.0.0"  # noqa: S104  # only when the user has listed the allowed addresses
MAKER = Attribution(name="assistant", url="")
T = TypeVar("T")


@dataclass(frozen=True)
class RoomStatus:
    """A room as ``doctor`` and the window show it."""

    name: str
    """The room's name."""
    connected: bool
    """Whether it is connected now."""
    last_said: str
    """The last thing said there."""


def summary(statuses: list[RoomStatus]) -> str:
    """The rooms in one line, as the window's status shows them."""
    return "Rooms: " + "; ".join(_room_summary(status) for status in statuses)


def _room_summary(status: RoomStatus) -> str:
    return f"{status.name} ({room_state(status)})"


def room_state(status: RoomStatus | None) -> str:
    """Whether a room is connected now, and the last thing said there (none: not connected)."""
    state = "connected" if status is not None and status.connected else "not connected"
    said = f', last said "{status.last_said}"' if status is not None and status.last_said else ""
    return state + said


def wanted(assistant: Assistant) -> bool:
    """Whether the settings ask for rooms at all (satellites, or the server)."""
    return bool(assistant.settings.satellites) or assistant.settings.wyoming_server


class Rooms:
    """Every room the assistant is in, and the server Home Assistant uses."""

    def __init__(self, assistant: Assistant, synthesiser: Synthesiser | None = None) -> None:
        self.assistant = assistant
        self.house = House()
        self._subscriptions: dict[str, Callable[[], None]] = {
            "house": assistant.bus.subscribe(self.house.note)
        }
        """How to stop each bus subscription made here: the house's, each room's, the turns'."""
        self.links: dict[str, SatelliteLink] = {}
        self.port: int | None = None
        """The port the Home Assistant server listens on, once serving."""
        self._synthesiser = SharedSynthesiser(synthesiser) if synthesiser else None
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="rooms", daemon=True)
        self._thread.start()
        self._server: asyncio.Server | None = None
        self._announcer: HomeAssistantZeroconf | None = None
        self._whisper_turns = TakingTurns()
        self._voice_turns = TakingTurns()
        memory = assistant.memory
        self.timers = TimerWatch(
            assistant.store, memory.reminders, assistant.services.clock, self._tell_room
        )
        """Tells each room's satellite about the timers set there."""
        self._subscriptions["turns"] = assistant.bus.subscribe(self._after_each_turn)

    def start(self) -> None:
        """Join the satellites the settings list, and serve Home Assistant if turned on."""
        for entry in self.assistant.settings.satellites:
            self.join(SatelliteAddress.from_entry(entry))
        if self.assistant.settings.wyoming_server:
            self.serve()

    def join(self, address: SatelliteAddress) -> SatelliteLink:
        """Connect to a satellite (and keep connecting); its room is named after it."""
        outlet = Outlet()
        speaker = RoomSpeaker(outlet.send)
        room = self.house.room(
            address.name, lambda: self._spoken_conversation(address, outlet, speaker)
        )
        self._stop_following(address.name)
        self._subscriptions[f"room:{address.name}"] = self.assistant.bus.subscribe(
            transcripts_to(address.name, outlet)
        )
        heard = partial(self._whisper_turns.drop, address.name)
        link = SatelliteLink(address, room, outlet, speaker, heard)
        self.links[address.name] = link
        self._submit(link.run())
        return link

    def leave(self, name: str) -> None:
        """Stop using room ``name``'s satellite (if it is used)."""
        link = self.links.pop(name, None)
        if link is not None:
            link.stop()
        self._stop_following(name)
        self.house.leave(name)

    def _stop_following(self, name: str) -> None:
        """Stop sending room ``name``'s words to a satellite it no longer uses."""
        unsubscribe = self._subscriptions.pop(f"room:{name}", None)
        if unsubscribe is not None:
            unsubscribe()

    def serve(self, port: int | None = None) -> int:
        """Serve Home Assistant on ``port`` (default: the settings'); returns the port."""
        settings = self.assistant.settings
        host = EVERYWHERE if settings.wyoming_allowed else LOOPBACK
        wanted = settings.wyoming_port if port is None else port
        self._server = self._submit(self._start_server(host, wanted)).result()
        self.port = int(self._server.sockets[0].getsockname()[1])
        if settings.wyoming_zeroconf and settings.wyoming_allowed:
            self._submit(self._announce(self.port))
        return self.port

    def speak_first(self, text: str, ring: bool = False) -> list[str]:
        """Say ``text`` unasked where the settings say; returns the rooms it was said in."""
        to_all = self.assistant.settings.speak_first_to == "all"
        return self.house.speak_first(text, to_all, ring)

    def tell_due(self) -> list[str]:
        """Say what is due now (reminders, follow-ups) in the rooms, with no voice here: in
        the room spoken in last, else in every room; returns what was said."""
        self.timers.check()
        due = self.assistant.presence.announcements()
        for announcement in due:
            text, ring = announcement.text, announcement.ring
            self.speak_first(text, ring) or self.house.speak_first(text, True, ring)
        return [announcement.text for announcement in due]

    def said_elsewhere(self, text: str, ring: bool) -> bool:
        """For a front end with a voice of its own (the window): say ``text`` in the room the
        user spoke in last, if that is not here; True when it need not be said here too."""
        self.timers.check()
        to_all = self.assistant.settings.speak_first_to == "all"
        said = self.house.speak_first(text, to_all, ring)
        return bool(said) and not to_all

    def status(self) -> list[RoomStatus]:
        """Each room, whether it is connected, and the last thing said there."""
        return [
            RoomStatus(room.name, room.connected, room.last_said)
            for room in self.house.rooms.values()
        ]

    def _after_each_turn(self, event: Event) -> None:
        """A bus subscriber: once a room's words are known, the Whisper decodes it asked for
        and that have not started are not needed; after each turn, the timers it may have set,
        moved or cancelled."""
        if isinstance(event, Transcript) and event.final and event.room:
            self._whisper_turns.drop(event.room)
        if isinstance(event, TurnEnded):
            self.timers.check()

    def _tell_room(self, room: str, event: WyomingEvent) -> bool:
        """Send ``event`` to ``room``'s satellite; False when it has none connected."""
        link = self.links.get(room)
        return link is not None and link.outlet.send([event])

    def close(self) -> None:
        """Disconnect everything, stop every bus subscription made here, and stop the event
        loop."""
        for unsubscribe in self._subscriptions.values():
            unsubscribe()
        self._subscriptions.clear()
        for link in self.links.values():
            link.stop()
        self._submit(self._shut()).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    async def _shut(self) -> None:
        if self._server is not None:
            self._server.close()
        if self._announcer is not None:
            await self._announcer._aiozc.async_close()  # noqa: SLF001  # it offers no close
        for task in asyncio.all_tasks() - {asyncio.current_task()}:
            task.cancel()

    async def _start_server(self, host: str, port: int) -> asyncio.Server:
        offer = Offer(
            self._info,
            self._transcribe,
            self._render,
            self.house,
            self._text_room,
            lambda: self.assistant.settings.wyoming_allowed,
        )

        async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await HomeAssistantHandler(reader, writer, offer).run()

        return await asyncio.start_server(serve, host, port)

    async def _announce(self, port: int) -> None:
        try:
            self._announcer = HomeAssistantZeroconf(port, name="assistant")
            await self._announcer.register_server()
        except OSError:
            _LOGGER.warning("Could not announce the Wyoming server on the network", exc_info=True)

    def _submit(self, work: Coroutine[Any, Any, T]) -> "Future[T]":
        return asyncio.run_coroutine_threadsafe(work, self._loop)

    def _spoken_conversation(
        self, address: SatelliteAddress, outlet: Outlet, speaker: RoomSpeaker
    ) -> Pipeline:
        """A satellite's conversation: its own hearing, the shared voice, replies sent there."""
        name = address.name
        synthesiser = RoomSynthesiser(self._voice(), self._voice_turns)
        voice = RoomVoice(Voice(self.assistant.emitter, synthesiser, speaker), speaker, synthesiser)
        hearing = self.assistant.room_hearing()
        hearing.free_form = RoomWhisper(hearing.free_form, self._whisper_turns, name)
        stages = AudioStages(
            lambda: hearing,
            voice,
            lambda: self.assistant.settings.name_first,
            lambda words: outlet.stale() or self.house.heard_elsewhere(name, words),
        )
        return self.assistant.conversation(stages=stages)

    def _text_room(self, name: str) -> Room:
        return self.house.room(name, self.assistant.conversation)

    def _voice(self) -> SharedSynthesiser:
        if self._synthesiser is None:
            self._synthesiser = SharedSynthesiser(open_synthesiser(self.assistant.settings))
        return self._synthesiser

    def _transcribe(self, pcm: bytes) -> str:
        return self.assistant.hearing().free_form.decode_whole(pcm, Mode.DICTATION).text

    def _render(self, text: str) -> Samples:
        return self._voice().render(text)

    def _info(self) -> Info:
        """What the server offers: Whisper, the voice, and understanding with skills."""
        languages = [self.assistant.settings.language]
        asr = AsrModel("whisper", MAKER, True, "Whisper", None, languages)
        voice = TtsVoice(self._voice().name, MAKER, True, "The assistant's voice", None, languages)
        handle = HandleModel("skills", MAKER, True, "Understanding and skills", None, languages)
        return Info(
            asr=[AsrProgram("assistant-stt", MAKER, True, "Speech to text", __version__, [asr])],
            tts=[TtsProgram("assistant-voice", MAKER, True, "Voice", __version__, [voice])],
            handle=[HandleProgram("assistant", MAKER, True, "Conversation", __version__, [handle])],
        )


__all__ = ["RoomStatus", "Rooms"]

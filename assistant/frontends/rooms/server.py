"""The Wyoming server Home Assistant uses: speech-to-text (Whisper), the voice (Piper), and
understanding with skills (``handle``).

``describe`` is answered with ``info``; ``transcribe`` and audio with a ``transcript``;
``synthesize`` with the reply's audio; a ``transcript`` sent on its own is handled in a room of
its own (one per Home Assistant conversation) and answered with ``handled`` and the words to say,
or ``not-handled`` when it is not something the assistant does (lights, media), so Home
Assistant can take it. Only events Home Assistant's own older Wyoming knows are sent.

Wyoming has no password and no encryption: a peer whose address is not allowed is refused at
once.
"""

import asyncio
import ipaddress
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from wyoming.asr import Transcribe, Transcript
from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.event import Event
from wyoming.handle import Handled, NotHandled
from wyoming.info import Describe, Info
from wyoming.server import AsyncEventHandler
from wyoming.tts import Synthesize

from assistant.audio import SAMPLE_RATE, SAMPLE_WIDTH
from assistant.audio.wav import Samples
from assistant.frontends.rooms.audio import REPLY_CHUNK_SAMPLES, converter, to_chunk
from assistant.frontends.rooms.house import House, Room
from assistant.runtime.pipeline import TurnResult

_LOGGER = logging.getLogger(__name__)

HOME_ASSISTANT_ROOM = "home-assistant"
"""The name of a room Home Assistant speaks from; its conversation's id follows."""
NOT_MINE = ("no-skill",)
"""Failure codes that mean "not something I do": Home Assistant may take it."""


def is_allowed(host: str, allowed: Iterable[str]) -> bool:
    """This computer always; another address only when listed."""
    try:
        if ipaddress.ip_address(host).is_loopback:
            return True
    except ValueError:
        return False
    return host in set(allowed)


def handled(result: TurnResult) -> bool:
    """Was the words' meaning something the assistant does (else Home Assistant may)?"""
    if result.failed is not None:
        return result.failed.code not in NOT_MINE
    return result.understanding is not None


@dataclass
class Offer:
    """What the server offers, as plain calls (each runs on a worker thread)."""

    info: Callable[[], Info]
    """What ``describe`` is answered with."""
    transcribe: Callable[[bytes], str]
    """16 kHz mono 16-bit speech, in words."""
    render: Callable[[str], Samples]
    """Words, spoken."""
    house: House
    """The rooms; a Home Assistant conversation is one."""
    open_room: Callable[[str], Room]
    """The room of that name, opened for text on first use."""
    allowed: Callable[[], Iterable[str]]
    """The addresses allowed besides this computer."""


class HomeAssistantHandler(AsyncEventHandler):
    """One connection from Home Assistant (or any Wyoming client)."""

    def __init__(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, offer: Offer
    ) -> None:
        super().__init__(reader, writer)
        self.offer = offer
        peer = writer.get_extra_info("peername")
        self.peer = str(peer[0]) if peer else ""
        self._audio: list[bytes] | None = None
        self._converter = converter()

    async def run(self) -> None:
        """Serve the connection, unless its address is not allowed."""
        if not is_allowed(self.peer, self.offer.allowed()):
            _LOGGER.warning("Refused a Wyoming connection from %s (not allowed)", self.peer)
            self.writer.close()
            return
        await super().run()

    async def handle_event(self, event: Event) -> bool:
        """Answer one event; unknown events are passed over."""
        if Describe.is_type(event.type):
            await self.write_event(self.offer.info().event())
        elif Transcribe.is_type(event.type):
            self._audio = []
        elif AudioChunk.is_type(event.type) and self._audio is not None:
            self._audio.append(self._converter.convert(AudioChunk.from_event(event)).audio)
        elif AudioStop.is_type(event.type) and self._audio is not None:
            await self._transcribe(b"".join(self._audio))
        elif Synthesize.is_type(event.type):
            await self._speak(Synthesize.from_event(event).text)
        elif Transcript.is_type(event.type):
            await self._handle(Transcript.from_event(event))
        return True

    async def _transcribe(self, pcm: bytes) -> None:
        self._audio = None
        words = await asyncio.to_thread(self.offer.transcribe, pcm)
        await self.write_event(Transcript(words).event())

    async def _speak(self, text: str) -> None:
        samples = await asyncio.to_thread(self.offer.render, text)
        await self.write_event(AudioStart(SAMPLE_RATE, SAMPLE_WIDTH, 1).event())
        for start in range(0, len(samples), REPLY_CHUNK_SAMPLES):
            await self.write_event(to_chunk(samples[start : start + REPLY_CHUNK_SAMPLES]).event())
        await self.write_event(AudioStop().event())

    async def _handle(self, transcript: Transcript) -> None:
        conversation = (transcript.context or {}).get("conversation_id") or self.peer
        room = self.offer.open_room(f"{HOME_ASSISTANT_ROOM}/{conversation}")
        self.offer.house.spoke_in(room.name)
        result = await asyncio.to_thread(room.run_text, transcript.text)
        context = {"conversation_id": conversation}
        answer = Handled if handled(result) else NotHandled
        await self.write_event(answer(result.reply, context).event())

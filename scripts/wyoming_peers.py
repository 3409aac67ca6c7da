"""Real Wyoming peers for the rooms' tests and bench, on loopback: a satellite written on the
wyoming library's own server classes, fed WAV files, and Home Assistant's side as a client."""

import asyncio
import itertools
import socket
import threading
import time
from collections.abc import Coroutine
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from wyoming.asr import Transcribe, Transcript
from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.client import AsyncTcpClient
from wyoming.event import Event
from wyoming.handle import Handled
from wyoming.pipeline import PipelineStage, RunPipeline
from wyoming.satellite import RunSatellite
from wyoming.server import AsyncEventHandler, AsyncTcpServer
from wyoming.snd import Played

from assistant.audio.endpoint import level_db
from assistant.audio.wav import read_wav

AUDIO = Path(__file__).parent.parent / "tests" / "fixtures" / "audio"
CHUNK = 320
TRAILING_SILENCE = 1.0
"""Silence after each fixture, as ``bench.py``'s real-time microphone pads it."""
LEAD_IN_SILENCE = 1.0
"""Silence before each fixture in the rooms' bench, on both paths: a microphone that is always on
hears some before the user speaks, and the listener's pre-roll (0.3 s) takes it in."""


def voiced_end(samples: np.ndarray) -> int:
    """Where the last voiced sound ends (the end of its 20 ms chunk above -40 dBFS): the end
    of speech as the user hears it, whatever silence the file has after it."""
    loud = [at for at in range(0, len(samples), CHUNK) if level_db(samples[at : at + CHUNK]) > -40]
    return min(len(samples), loud[-1] + CHUNK) if loud else len(samples)


def _padded(samples: np.ndarray) -> np.ndarray:
    """``samples`` with ``TRAILING_SILENCE`` after them, and up to the end of a 20 ms chunk, as
    ``bench.py``'s real-time microphone pads them: the next utterance then starts on a chunk's
    edge, as there (the grammar's hearing of the same words changes with where the chunks fall)."""
    tail = int(TRAILING_SILENCE * 16000) + (-len(samples)) % CHUNK
    return np.concatenate([samples, np.zeros(tail, np.int16)])


def free_port() -> int:
    """A port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Loop:
    """An event loop on a thread of its own."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()

    def run(self, work: Coroutine[Any, Any, Any], timeout: float = 30.0) -> Any:
        return asyncio.run_coroutine_threadsafe(work, self.loop).result(timeout)

    def stop(self) -> None:
        self.run(_cancel_the_rest())
        self.loop.call_soon_threadsafe(self.loop.stop)


async def _cancel_the_rest() -> None:
    for task in asyncio.all_tasks() - {asyncio.current_task()}:
        task.cancel()


@dataclass
class Heard:
    """What the satellite was sent, with when each reply's first sample came."""

    events: list[Event] = field(default_factory=list)
    first_samples: list[float] = field(default_factory=list)
    replies: int = 0
    changed: threading.Condition = field(default_factory=threading.Condition)


class SatelliteHandler(AsyncEventHandler):
    """The satellite's side of one connection from the core."""

    def __init__(self, reader: Any, writer: Any, satellite: "Satellite") -> None:
        super().__init__(reader, writer)
        self.satellite = satellite

    async def handle_event(self, event: Event) -> bool:
        heard = self.satellite.heard
        with heard.changed:
            if RunSatellite.is_type(event.type):
                self.satellite.handler = self
            elif AudioChunk.is_type(event.type) and self.satellite.awaiting_sample:
                self.satellite.awaiting_sample = False
                heard.first_samples.append(time.perf_counter())
            elif AudioStop.is_type(event.type):
                heard.replies += 1
                self._play_out()
            heard.events.append(event)
            heard.changed.notify_all()
        return True

    def _play_out(self) -> None:
        """Say ``played`` once the reply has been played (``plays_for`` seconds; never when
        that is None)."""
        seconds = self.satellite.plays_for
        if seconds is not None:
            loop = asyncio.get_running_loop()
            loop.call_later(seconds, lambda: loop.create_task(self._played()))

    async def _played(self) -> None:
        self.satellite.played_at.append(time.perf_counter())
        await self.write_event(Played().event())


class Satellite:
    """A Wyoming satellite on loopback whose microphone is WAV files."""

    def __init__(self, loop: Loop, plays_for: float | None = 0.0) -> None:
        self.loop = loop
        self.plays_for = plays_for
        """How long the speaker takes to play a reply before ``played`` is sent (None: never)."""
        self.played_at: list[float] = []
        """When each ``played`` was sent."""
        self.port = free_port()
        self.heard = Heard()
        self.handler: SatelliteHandler | None = None
        self.awaiting_sample = False
        self.ended: list[float] = []
        """When each utterance's last sample was handed over."""
        self.server = AsyncTcpServer("127.0.0.1", self.port)
        loop.run(self.server.start(lambda r, w: SatelliteHandler(r, w, self)))

    def wait_connected(self, timeout: float = 10.0) -> None:
        self._wait(lambda: self.handler is not None, timeout)

    def say(
        self, name: str, real_time: bool = False, cut_at: float | None = None, lead_in: float = 0.0
    ) -> None:
        """Stream a fixture (and silence after it), as the satellite's microphone hears it;
        ``cut_at``: drop the connection that many seconds in; ``lead_in``: seconds of silence
        before it."""
        self.start_saying(name, real_time, cut_at, lead_in).result(30)

    def start_saying(
        self, name: str, real_time: bool = False, cut_at: float | None = None, lead_in: float = 0.0
    ) -> "Future[None]":
        """``say``, without waiting for the audio to be sent."""
        samples = read_wav(AUDIO / f"{name}.wav")
        if cut_at is not None:
            work = self._stream(samples[: int(cut_at * 16000)], real_time, drop=True)
        else:
            lead = np.zeros(int(lead_in * 16000), np.int16)
            speech = len(lead) + voiced_end(samples)
            work = self._stream(_padded(np.concatenate([lead, samples])), real_time, speech)
        return asyncio.run_coroutine_threadsafe(work, self.loop.loop)

    async def _stream(
        self, samples: np.ndarray, real_time: bool, speech: int = 0, drop: bool = False
    ) -> None:
        handler = self.handler
        assert handler is not None
        await handler.write_event(RunPipeline(PipelineStage.ASR, PipelineStage.TTS).event())
        start = time.perf_counter()
        for at in range(0, len(samples), CHUNK):
            if real_time:  # a chunk is handed over once it has been spoken
                await asyncio.sleep(max(0.0, start + (at + CHUNK) / 16000 - time.perf_counter()))
            if speech and at < speech <= at + CHUNK:
                # the moment the speech ended: in real time, as the local path's bench counts
                self.ended.append(start + speech / 16000 if real_time else time.perf_counter())
                self.awaiting_sample = True
            chunk = AudioChunk(16000, 2, 1, samples[at : at + CHUNK].tobytes())
            await handler.write_event(chunk.event())
        if drop:
            self.handler = None
            await handler.stop()

    def wait_replies(self, count: int, timeout: float = 30.0) -> None:
        self._wait(lambda: self.heard.replies >= count, timeout)

    def transcripts(self) -> list[str]:
        return [
            Transcript.from_event(e).text for e in self.heard.events if Transcript.is_type(e.type)
        ]

    def _wait(self, done: Any, timeout: float) -> None:
        with self.heard.changed:
            came = self.heard.changed.wait_for(done, timeout)
            assert came, f"the satellite waited in vain; it was sent: {self.received()}"

    def received(self) -> str:
        """What the satellite was sent, in order: each event's type (a run of the same type
        counted), with a transcript's words."""
        said: list[str] = []
        for kind, run in itertools.groupby(self.heard.events, key=_described):
            count = len(list(run))
            said.append(kind if count == 1 else f"{kind} x{count}")
        return ", ".join(said) or "nothing"

    def close(self) -> None:
        self.loop.run(self.server.stop())


def _described(event: Event) -> str:
    """An event's type, with its words when it is a transcript."""
    if Transcript.is_type(event.type):
        return f"{event.type} {Transcript.from_event(event).text!r}"
    return event.type


def ask_home_assistant(port: int, text: str, conversation: str) -> Event | None:
    """Home Assistant's side: hand ``text`` to the conversation agent; its answer."""

    async def ask() -> Event | None:
        async with AsyncTcpClient("127.0.0.1", port) as client:
            context = {"conversation_id": conversation}
            await client.write_event(Transcript(text, context=context).event())
            return await client.read_event()

    return asyncio.run(ask())


def handled_text(answer: Event | None) -> tuple[bool, str]:
    """Whether it was handled, and the words to say."""
    assert answer is not None
    return Handled.is_type(answer.type), str(answer.data.get("text", ""))


def transcribe_for_home_assistant(port: int, name: str) -> str:
    """Home Assistant's side: a fixture sent for speech-to-text; the words."""
    samples = read_wav(AUDIO / f"{name}.wav")

    async def transcribe() -> str:
        async with AsyncTcpClient("127.0.0.1", port) as client:
            await client.write_event(Transcribe().event())
            await client.write_event(AudioStart(16000, 2, 1).event())
            for at in range(0, len(samples), CHUNK):
                chunk = AudioChunk(16000, 2, 1, samples[at : at + CHUNK].tobytes())
                await client.write_event(chunk.event())
            await client.write_event(AudioStop().event())
            answer = await client.read_event()
            assert answer is not None
            return Transcript.from_event(answer).text

    return asyncio.run(transcribe())

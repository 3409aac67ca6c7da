"""A room's microphone and speaker, at the far end of a Wyoming connection.

Audio arrives as ``audio-chunk`` events of any format; it is turned into the 20 ms chunks of
16 kHz mono 16-bit samples that the listener takes from the local microphone, so a room's speech
is found and heard the same way. Replies go back as ``audio-start``, ``audio-chunk``s and
``audio-stop``; the satellite says ``played`` when its speaker has finished. Until then the room
is not listening (its microphone hears the reply) and nothing else is said there; a satellite
that never says it waits for as long as the reply lasts, and a little more.
"""

import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator

import numpy as np
from wyoming.audio import AudioChunk, AudioChunkConverter, AudioStart, AudioStop
from wyoming.event import Event

from assistant.audio import CHUNK_BYTES, SAMPLE_RATE, SAMPLE_WIDTH
from assistant.audio.sinks import StopCheck
from assistant.audio.wav import Samples
from assistant.frontends.rooms.queueing import RoomSynthesiser
from assistant.runtime.pipeline import Speaker

_LOGGER = logging.getLogger(__name__)

REPLY_CHUNK_SAMPLES = 1024
"""Samples in each reply chunk sent to a room (64 ms)."""
PLAYED_GRACE_SECONDS = 1.0
"""How long after a reply should have finished playing a room waits for ``played`` before it
listens again without it."""
_ENDED = b""

Send = Callable[[list[Event]], bool]
"""Sends events to the room; False when the room is gone."""


def to_chunk(samples: Samples) -> AudioChunk:
    """Samples as one Wyoming audio chunk."""
    return AudioChunk(SAMPLE_RATE, SAMPLE_WIDTH, 1, samples.astype("<i2").tobytes())


def converter() -> AudioChunkConverter:
    """Turns a peer's audio into the assistant's format."""
    return AudioChunkConverter(rate=SAMPLE_RATE, width=SAMPLE_WIDTH, channels=1)


class RoomMicrophone:
    """Audio from a room, as an ``AudioSource``: chunks as they arrive, until the room goes."""

    def __init__(self) -> None:
        self._queue: queue.Queue[bytes] = queue.Queue()
        self._converter = converter()
        self._left = b""
        self._open = True

    def feed(self, chunk: AudioChunk) -> None:
        """Take one chunk from the room, in 20 ms pieces."""
        pcm = self._left + self._converter.convert(chunk).audio
        whole = len(pcm) - len(pcm) % CHUNK_BYTES
        for start in range(0, whole, CHUNK_BYTES):
            self._queue.put(pcm[start : start + CHUNK_BYTES])
        self._left = pcm[whole:]

    def end(self) -> None:
        """The room has gone: the chunks end (an utterance cut off is heard as it stands)."""
        self._queue.put(_ENDED)

    def chunks(self) -> Iterator[Samples]:
        """Chunks as they arrive, until the room goes."""
        while self._open:
            data = self._queue.get()
            if data == _ENDED:
                self._open = False
                return
            yield np.frombuffer(data, "<i2").copy()

    def pending(self) -> list[Samples]:
        """Throws away what arrived meanwhile (while the assistant spoke there), as the local
        microphone's listener does; the end of the room is kept."""
        while not self._queue.empty():
            if self._queue.get_nowait() == _ENDED:
                self._queue.put(_ENDED)
                break
        return []

    def close(self) -> None:
        """Stop reading."""
        self.end()


class RoomSpeaker:
    """Plays replies in a room, as an ``AudioSink``: a reply's clauses as one stream, from its
    first clause's ``audio-start`` to ``finish``'s ``audio-stop``, then waits for ``played``."""

    def __init__(self, send: Send) -> None:
        self.send = send
        self._streaming = False
        self._played = threading.Event()
        self._played.set()
        self._ends_at = 0.0
        """When the reply sent should have finished playing there (``time.monotonic``)."""

    @property
    def playing(self) -> bool:
        """From a reply's first chunk until the satellite has played it (or should have)."""
        return not self._played.is_set() and time.monotonic() < self._deadline()

    def play(self, samples: Samples, should_stop: StopCheck) -> bool:
        """Send ``samples`` in chunks, asking ``should_stop`` between them."""
        if not self._streaming:
            self._start()
        for start in range(0, len(samples), REPLY_CHUNK_SAMPLES):
            if should_stop():
                return True
            self.send([to_chunk(samples[start : start + REPLY_CHUNK_SAMPLES]).event()])
        self._ends_at += len(samples) / SAMPLE_RATE
        return False

    def _start(self) -> None:
        self._played.clear()
        self._ends_at = time.monotonic()
        self._streaming = self.send([AudioStart(SAMPLE_RATE, SAMPLE_WIDTH, 1).event()])
        if not self._streaming:
            self._played.set()  # nobody there to play it

    def finish(self) -> None:
        """The reply has been said: end its stream, and wait until the room has played it."""
        if self._streaming and self.send([AudioStop().event()]):
            self.wait_played()
        self._streaming = False
        self._played.set()

    def wait_played(self) -> bool:
        """Wait for ``played`` (at most until the reply should have ended, and the grace);
        False when it did not come."""
        came = self._played.wait(max(0.0, self._deadline() - time.monotonic()))
        if not came:
            _LOGGER.info("A room did not say its reply was played; listening again anyway")
        return came

    def played(self) -> None:
        """The satellite has played the reply (or has gone)."""
        self._played.set()

    def _deadline(self) -> float:
        return self._ends_at + PLAYED_GRACE_SECONDS

    def close(self) -> None:
        """The connection is closed by its owner."""


class RoomVoice:
    """The speak stage of a room: the voice, and the end of each reply's stream."""

    def __init__(self, voice: Speaker, speaker: RoomSpeaker, synthesiser: RoomSynthesiser) -> None:
        self.voice = voice
        self.speaker = speaker
        self.synthesiser = synthesiser

    def speak(self, turn_id: int, text: str, ring: bool = False) -> bool:
        """Say ``text`` in the room; returns True when it was cut off."""
        self.synthesiser.begin_reply()
        try:
            return self.voice.speak(turn_id, text, ring)
        finally:
            self.speaker.finish()

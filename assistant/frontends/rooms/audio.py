"""A room's microphone and speaker, at the far end of a Wyoming connection.

Audio arrives as ``audio-chunk`` events of any format; it is turned into the 20 ms chunks of
16 kHz mono 16-bit samples that the listener takes from the local microphone, so a room's speech
is found and heard the same way. Replies go back as ``audio-start``, ``audio-chunk``s and
``audio-stop``.
"""

import queue
from collections.abc import Callable, Iterator

import numpy as np
from wyoming.audio import AudioChunk, AudioChunkConverter, AudioStart, AudioStop
from wyoming.event import Event

from assistant.audio import CHUNK_BYTES, SAMPLE_RATE, SAMPLE_WIDTH
from assistant.audio.sinks import StopCheck
from assistant.audio.wav import Samples
from assistant.runtime.pipeline import Speaker

REPLY_CHUNK_SAMPLES = 1024
"""Samples in each reply chunk sent to a room (64 ms)."""
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
    first clause's ``audio-start`` to ``finish``'s ``audio-stop``."""

    def __init__(self, send: Send) -> None:
        self.send = send
        self._streaming = False

    def play(self, samples: Samples, should_stop: StopCheck) -> bool:
        """Send ``samples`` in chunks, asking ``should_stop`` between them."""
        if not self._streaming:
            self._streaming = self.send([AudioStart(SAMPLE_RATE, SAMPLE_WIDTH, 1).event()])
        for start in range(0, len(samples), REPLY_CHUNK_SAMPLES):
            if should_stop():
                return True
            self.send([to_chunk(samples[start : start + REPLY_CHUNK_SAMPLES]).event()])
        return False

    def finish(self) -> None:
        """The reply has been said: end its stream."""
        if self._streaming:
            self.send([AudioStop().event()])
        self._streaming = False

    def close(self) -> None:
        """The connection is closed by its owner."""


class RoomVoice:
    """The speak stage of a room: the voice, and the end of each reply's stream."""

    def __init__(self, voice: Speaker, speaker: RoomSpeaker) -> None:
        self.voice = voice
        self.speaker = speaker

    def speak(self, turn_id: int, text: str, ring: bool = False) -> bool:
        """Say ``text`` in the room; returns True when it was cut off."""
        try:
            return self.voice.speak(turn_id, text, ring)
        finally:
            self.speaker.finish()

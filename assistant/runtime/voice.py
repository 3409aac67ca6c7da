"""The voice loop's ends: the listener that finds utterances in audio, and the voice.

One code path serves a microphone and a WAV file. While the assistant speaks, what the microphone
hears is never recognised (so it cannot act on its own voice); it is only checked for the user
talking over it (barge-in), which stops the speech within one 20 ms block.
"""

import logging
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from assistant.audio import CHUNK_SECONDS
from assistant.audio.chime import chime
from assistant.audio.devices import CHUNK_SAMPLES
from assistant.audio.endpoint import (
    Boundary,
    Endpointer,
    EndpointSettings,
    EnergyDetector,
    level_db,
    not_yet,
)
from assistant.audio.sinks import AudioSink
from assistant.audio.sources import AudioSource
from assistant.audio.wav import Samples
from assistant.events import SpeakingFinished, SpeakingStarted
from assistant.runtime.emitter import Emitter
from assistant.runtime.hearing import Utterance
from assistant.runtime.pipeline import Pipeline, TurnResult
from assistant.tts.base import Synthesiser
from assistant.tts.clauses import split_clauses

_LOGGER = logging.getLogger(__name__)

PRE_ROLL_SECONDS = 0.3
BARGE_IN_SECONDS = 0.1
LOUDNESS_FLOOR_DB = 60.0


@dataclass
class Levels:
    """How loud the microphone and the voice are right now, from 0 to 1 (the window's shape)."""

    heard: float = 0.0
    """The microphone's level, block by block."""
    spoken: float = 0.0
    """The voice's level, block by block as it plays."""

    def hear(self, chunk: Samples) -> None:
        """Note the microphone's level from ``chunk``."""
        self.heard = loudness(chunk)


def loudness(chunk: Samples) -> float:
    """A chunk's level on a 0-1 scale: -60 dBFS or quieter is 0, full scale is 1."""
    return scaled(level_db(chunk))


def scaled(decibels: float) -> float:
    """A level in dBFS on the 0-1 scale of ``loudness``."""
    return min(1.0, max(0.0, (decibels + LOUDNESS_FLOOR_DB) / LOUDNESS_FLOOR_DB))


class Voice:
    """Speaks replies clause by clause: the first clause plays while the next are rendered, and
    playing stops between any two 20 ms blocks when told to."""

    def __init__(
        self,
        emitter: Emitter,
        synthesiser: Synthesiser,
        sink: AudioSink,
        levels: Levels | None = None,
    ) -> None:
        self.emitter = emitter
        self.synthesiser = synthesiser
        self.sink = sink
        self.levels = levels or Levels()
        self.interrupt: Callable[[], bool] = lambda: False
        """Asked between blocks: should the speech stop (the user talking over it)?"""
        self._stopped = threading.Event()
        self._renderer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tts-clauses")

    def stop(self) -> None:
        """Cut off what is being said now (the stop button, push-to-talk)."""
        self._stopped.set()

    def close(self) -> None:
        """Finish playing and stop the speech engine."""
        self._renderer.shutdown(cancel_futures=True)
        self.sink.close()
        self.synthesiser.close()

    def speak(self, turn_id: int, text: str, ring: bool = False) -> bool:
        """Say ``text`` (after a chime, with ``ring``); returns True when it was cut off.

        Every clause is handed to the renderer at once; each is played as soon as it is ready
        and the one before it has been played. A failure to render the first clause is raised
        before anything is said.
        """
        self._stopped.clear()
        renders = [self._renderer.submit(self.synthesiser.render, c) for c in split_clauses(text)]
        try:
            return self._play_in_order(turn_id, text, renders, ring)
        finally:
            for render in renders:
                render.cancel()

    def _play_in_order(
        self, turn_id: int, text: str, renders: list[Future[Samples]], ring: bool
    ) -> bool:
        first = renders[0].result() if renders else np.zeros(0, np.int16)
        if ring:
            first = np.concatenate([chime(), first])
        self.emitter.emit(SpeakingStarted(turn_id, text))
        interrupted = False
        try:
            interrupted = self._play(first)
            for render in renders[1:]:
                if interrupted:
                    break
                interrupted = self._stopped.is_set() or self._play(render.result())
        finally:
            self.levels.spoken = 0.0
            self.emitter.emit(SpeakingFinished(turn_id, interrupted))
        return interrupted

    def _play(self, samples: Samples) -> bool:
        """Play one clause; returns True when it was cut off."""
        blocks = iter(
            [
                loudness(samples[i : i + CHUNK_SAMPLES])
                for i in range(0, len(samples), CHUNK_SAMPLES)
            ]
        )

        def before_each_block() -> bool:
            self.levels.spoken = next(blocks, 0.0)
            return self._stopped.is_set() or self.interrupt()

        return self.sink.play(samples, before_each_block)


class Listener:
    """Finds where speech starts and ends in audio, and hands each utterance to ``turns``.

    It does not recognise anything: ``turns`` (the pipeline's ``run_audio``) reads the
    utterance's audio as it is heard, up to where the speech ends.
    """

    def __init__(
        self,
        turns: Callable[[Utterance], TurnResult | None],
        settings: EndpointSettings | None = None,
        levels: Levels | None = None,
        called: Callable[[], bool] = lambda: False,
    ) -> None:
        self.turns = turns
        self.endpointer = Endpointer(settings or EndpointSettings())
        self.detector = EnergyDetector()
        self.pre_roll: deque[Samples] = deque(maxlen=round(PRE_ROLL_SECONDS / CHUNK_SECONDS))
        self.results: list[TurnResult] = []
        self.levels = levels or Levels()
        self.called = called
        """Asked when speech starts: was push-to-talk pressed for it?"""
        self.in_utterance = False
        """True between the start and the end of something said."""
        self._source: AudioSource | None = None
        self._stream: Iterator[Samples] = iter(())
        self._backlog: deque[Samples] = deque()
        self._heard_seconds = 0.0
        self._talking_over = 0.0

    @property
    def heard_seconds(self) -> float:
        """How much audio has been heard, in seconds."""
        return self._heard_seconds

    def attach(self, source: AudioSource) -> None:
        """Take audio from ``source``; it is also what barge-in listens to."""
        self._source = source
        self._stream = iter(source.chunks())

    def run(self, source: AudioSource, max_turns: int | None = None) -> list[TurnResult]:
        """Listen to ``source`` until it ends (or ``max_turns`` turns); returns the turns."""
        self.attach(source)
        while (chunk := self._next_chunk()) is not None:
            self._hear(chunk)
            if max_turns is not None and len(self.results) >= max_turns:
                break
        return self.results

    def hear_pending(self) -> None:
        """Hear what the source has heard meanwhile, without waiting for more (unless speech
        starts: then its utterance is heard to its end)."""
        if self._source is not None:
            self._backlog.extend(self._source.pending())
        while self._backlog:
            self._hear(self._backlog.popleft())

    def _next_chunk(self) -> Samples | None:
        if self._backlog:
            return self._backlog.popleft()
        return next(self._stream, None)

    def _hear(self, chunk: Samples) -> None:
        """One 20 ms chunk outside speech."""
        if self._boundary(chunk) is Boundary.STARTED:
            self._take(chunk)
        else:
            self.pre_roll.append(chunk)

    def _boundary(
        self, chunk: Samples, heard_enough: Callable[[], bool] = not_yet
    ) -> Boundary | None:
        self._heard_seconds += CHUNK_SECONDS
        speech = self.detector.is_speech(chunk)
        boundary = self.endpointer.process(CHUNK_SECONDS, speech, heard_enough)
        self.levels.heard = scaled(self.detector.recent_db[-1])
        return boundary

    def _take(self, first: Samples) -> None:
        """Hand the utterance that starts with ``first`` to a turn."""
        started = round(max(0.0, self._heard_seconds - self.endpointer.speech_lead_seconds), 2)
        utterance = Utterance(started, (), self.called())
        utterance.audio = self._speech(utterance, first)
        self.in_utterance = True
        try:
            result = self.turns(utterance)
        finally:
            for _unheard in utterance.audio:
                pass  # a turn that failed early leaves the rest of the speech unread
            self.in_utterance = False
        if result is not None:
            self.results.append(result)
        self._discard_what_was_heard_while_speaking()

    def _speech(self, utterance: Utterance, first: Samples) -> Iterator[Samples]:
        """The utterance's audio: the pre-roll, then chunks as heard until the speech ends."""
        yield from self.pre_roll
        self.pre_roll.clear()
        yield first
        while (chunk := self._next_chunk()) is not None:
            boundary = self._boundary(chunk, utterance.heard_enough)
            yield chunk
            if boundary in (Boundary.ENDED, Boundary.TOO_LONG):
                break
        utterance.ended = round(self._heard_seconds, 2)

    def user_talks_over(self) -> bool:
        """Asked between blocks of speech: has the user been talking for ``BARGE_IN_SECONDS``?

        Speech is counted across calls (a device hands over about one block per call); a quiet
        block starts the count again.
        """
        if self._source is None:
            return False
        for chunk in self._source.pending()[-self._barge_in_lookback() :]:
            loud = self.detector.is_speech(chunk)
            self._talking_over = self._talking_over + CHUNK_SECONDS if loud else 0.0
        if self._talking_over >= BARGE_IN_SECONDS - CHUNK_SECONDS / 2:
            self._talking_over = 0.0
            return True
        return False

    def _barge_in_lookback(self) -> int:
        """How many of the newest chunks decide a barge-in exactly as all of them would.

        The noise floor spans ``window_chunks``, and only the last few chunks' loudness counts.
        A device faster than real time (a file-backed one) hands over thousands at once.
        """
        return self.detector.window_chunks + round(BARGE_IN_SECONDS / CHUNK_SECONDS) + 1

    def _discard_what_was_heard_while_speaking(self) -> None:
        if self._source is not None:
            self._source.pending()
        self._backlog.clear()
        self.endpointer = Endpointer(self.endpointer.settings)
        self.pre_roll.clear()
        self._talking_over = 0.0


def listening(
    pipeline: Pipeline,
    voice: Voice | None,
    levels: Levels | None = None,
    called: Callable[[], bool] = lambda: False,
) -> Listener:
    """The one way a front end listens: a ``Listener`` that hands each utterance to
    ``pipeline``, whose voice stops when the user talks over it."""
    listener = Listener(pipeline.run_audio, levels=levels, called=called)
    if voice is not None:
        voice.interrupt = listener.user_talks_over
    return listener

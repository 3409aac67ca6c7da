"""The voice loop: audio in, turns through the pipeline, speech out.

One code path serves a microphone and a WAV file. While the assistant speaks, what the microphone
hears is never recognised (so it cannot act on its own voice); it is only checked for the user
talking over it (barge-in), which stops the speech within one 20 ms block.
"""

import logging
import threading
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

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
)
from assistant.audio.sinks import AudioSink
from assistant.audio.sources import AudioSource
from assistant.audio.wav import Samples
from assistant.events import (
    PartialTranscript,
    SpeakingFinished,
    SpeakingStarted,
    SpeechEnded,
    SpeechStarted,
)
from assistant.pipeline import Emitter, Pipeline, TurnResult
from assistant.skills.registry import build_registry
from assistant.stt.base import Mode, Recogniser, Recognition
from assistant.tts.base import Synthesiser
from assistant.tts.clauses import split_clauses

_LOGGER = logging.getLogger(__name__)

PRE_ROLL_SECONDS = 0.3
PARTIAL_EVERY_CHUNKS = 10
"""Partial transcripts are asked for every 200 ms: often enough for live captions."""
BARGE_IN_SECONDS = 0.1
FOLLOW_UP_SECONDS = 8.0
"""After a reply that asks something, how long an answer is taken without the name first."""
WAKE_INTENT = "system.wake"
LOUDNESS_FLOOR_DB = 60.0
_SKILLS = build_registry()
DESTRUCTIVE_INTENTS = _SKILLS.changing
"""Intents that change or remove things, as the skills declare them (``changes_things``)
(measured: never from speech that is not a command)."""
NEEDS_TWO_HEARINGS = _SKILLS.heard_twice
"""Intents acted on at once, with no plan read back first, as the skills declare them
(``needs_two_hearings``): taken from speech only when the command decode and the dictation
decode agree. The rest of ``DESTRUCTIVE_INTENTS`` mostly make a plan, which waits for a yes
(itself one of these)."""


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


@dataclass
class _Utterance:
    turn_id: int
    """The turn it belongs to; 0 while asleep, until the name is heard."""
    started: float
    """Seconds into the audio where the speech began."""
    mode: Mode = Mode.COMMAND
    """Dictation when the assistant asked for free words (a letter's body): heard whole at
    the end, with no live partial transcripts."""
    chunks: list[Samples] = field(default_factory=list)
    partial: str = ""

    @property
    def asleep(self) -> bool:
        """Heard while asleep: it becomes a turn only if it starts with the name."""
        return self.turn_id == 0


class Listener:
    """Finds utterances in audio, recognises them, and runs each as a turn."""

    def __init__(
        self,
        pipeline: Pipeline,
        recogniser: Recogniser,
        voice: Voice | None = None,
        settings: EndpointSettings | None = None,
        levels: Levels | None = None,
        on_utterance: Callable[[], None] = lambda: None,
        awake: Callable[[], bool] | None = None,
        name_first: Callable[[], bool] = lambda: False,
    ) -> None:
        self.pipeline = pipeline
        self.voice = voice
        pipeline.voice = voice
        self.recogniser = recogniser
        self.endpointer = Endpointer(settings or EndpointSettings())
        self.detector = EnergyDetector()
        self.pre_roll: deque[Samples] = deque(maxlen=round(PRE_ROLL_SECONDS / CHUNK_SECONDS))
        self.results: list[TurnResult] = []
        self._utterance: _Utterance | None = None
        self._source: AudioSource | None = None
        self._heard_seconds = 0.0
        self._talking_over = 0.0
        self.levels = levels or Levels()
        self.on_utterance = on_utterance
        self.awake = awake or (lambda: not pipeline.emitter.view.asleep)
        """Whether speech is taken at all without the name first (not asleep, or push-to-talk)."""
        self.name_first = name_first
        """Whether, even awake, speech must start with the name (outside a follow-up)."""
        self._follow_up_until = -1.0

    @property
    def emitter(self) -> Emitter:
        return self.pipeline.emitter

    @property
    def in_utterance(self) -> bool:
        """True between the start and the end of something said."""
        return self._utterance is not None

    def attach(self, source: AudioSource) -> None:
        """Take audio from ``source``: it is what barge-in listens to while the voice speaks."""
        self._source = source
        if self.voice is not None:
            self.voice.interrupt = self.user_talks_over

    def run(self, source: AudioSource, max_turns: int | None = None) -> list[TurnResult]:
        """Listen to ``source`` until it ends (or ``max_turns`` turns); returns the turns."""
        self.attach(source)
        for chunk in source.chunks():
            self.hear(chunk)
            if max_turns is not None and len(self.results) >= max_turns:
                return self.results
        if self._utterance is not None:
            self._end_utterance()
        return self.results

    def hear(self, chunk: Samples) -> None:
        """One 20 ms chunk from the source."""
        self._heard_seconds += CHUNK_SECONDS
        boundary = self.endpointer.process(CHUNK_SECONDS, self.detector.is_speech(chunk))
        self.levels.heard = scaled(self.detector.recent_db[-1])
        if boundary is Boundary.STARTED:
            self._start_utterance()
        if self._utterance is not None:
            self._feed(chunk)
        else:
            self.pre_roll.append(chunk)
        if boundary in (Boundary.ENDED, Boundary.TOO_LONG):
            self._end_utterance()

    def _start_utterance(self) -> None:
        started = round(max(0.0, self._heard_seconds - self.endpointer.speech_lead_seconds), 2)
        turn_id = 0
        if self._takes_without_name():
            turn_id = self.pipeline.begin_audio_turn()
            self.emitter.emit(SpeechStarted(turn_id, started))
        self.on_utterance()
        mode = Mode.DICTATION if turn_id and self.pipeline.context.dictation else Mode.COMMAND
        self._utterance = _Utterance(turn_id, started, mode)
        if mode is Mode.COMMAND:
            self.recogniser.start(mode)
        for chunk in self.pre_roll:
            self._feed(chunk)
        self.pre_roll.clear()

    def _feed(self, chunk: Samples) -> None:
        utterance = self._utterance
        assert utterance is not None
        utterance.chunks.append(chunk)
        if utterance.mode is Mode.DICTATION:
            return  # decoded once, whole, when it ends
        self.recogniser.accept(chunk.tobytes())
        if utterance.asleep or len(utterance.chunks) % PARTIAL_EVERY_CHUNKS:
            return
        partial = self.recogniser.partial()
        if partial and partial != utterance.partial:
            utterance.partial = partial
            self.emitter.emit(PartialTranscript(utterance.turn_id, partial))

    def _end_utterance(self) -> None:
        utterance, self._utterance = self._utterance, None
        assert utterance is not None
        if utterance.asleep:
            self._take_if_addressed(utterance)
        else:
            self.emitter.emit(SpeechEnded(utterance.turn_id, round(self._heard_seconds, 2)))
            recognition = self._recognise(utterance)
            self._finish_turn(utterance.turn_id, recognition)
        self._discard_what_was_heard_while_speaking()

    def _takes_without_name(self) -> bool:
        """Awake, and either not waiting for the name or just after asking something."""
        if not self.awake():
            return False
        return not self.name_first() or self._heard_seconds <= self._follow_up_until

    def _take_if_addressed(self, utterance: _Utterance) -> None:
        """Asleep, or waiting for the name: only speech that starts with the name becomes a
        turn (and wakes it)."""
        recognition = self._recognise(utterance)
        if recognition.rejected or not self.pipeline.matcher.addressed(recognition.text):
            _LOGGER.info("Not addressed by name: %r", recognition.text)
            return
        turn_id = self.pipeline.begin_audio_turn()
        self.emitter.emit(SpeechStarted(turn_id, utterance.started))
        self.emitter.emit(SpeechEnded(turn_id, round(self._heard_seconds, 2)))
        self._finish_turn(turn_id, recognition)

    def _finish_turn(self, turn_id: int, recognition: Recognition) -> None:
        """Run the turn; a reply that asks something opens the follow-up window."""
        result = self.pipeline.finish_audio_turn(turn_id, recognition)
        self.results.append(result)
        if asks_something(result):
            self._follow_up_until = self._heard_seconds + FOLLOW_UP_SECONDS
        else:
            self._follow_up_until = -1.0

    def _recognise(self, utterance: _Utterance) -> Recognition:
        """The command decode, with a dictation pass as a second opinion where it matters.

        Dictation asked for (a letter's body) is decoded once, over the whole recording, which
        normalises it better than a live pass could.

        A command the grammar rejected is taken from dictation if dictation hears a sentence
        that is a safe command. A command that acts at once (``NEEDS_TWO_HEARINGS``) is taken
        only if dictation agrees.
        """
        if utterance.mode is Mode.DICTATION:
            return transcribe(self.recogniser, utterance.chunks, Mode.DICTATION)
        chunks = utterance.chunks
        command = self.recogniser.finish()
        intent = self._intent_of(command)
        if not command.rejected and intent not in NEEDS_TWO_HEARINGS:
            return command
        dictated = transcribe(self.recogniser, chunks, Mode.DICTATION)
        dictated_intent = self._intent_of(dictated)
        if command.rejected:
            safe = dictated_intent is not None and dictated_intent not in NEEDS_TWO_HEARINGS
            return dictated if safe else command
        if dictated_intent == intent:
            return command
        _LOGGER.info("Not acting on %r: dictation heard %r", command.text, dictated.text)
        return Recognition("", 0.0, command.engine, rejected=True)

    def _intent_of(self, heard: Recognition) -> str | None:
        if heard.rejected or not heard.text:
            return None
        understanding = self.pipeline.matcher.understand(heard.text)
        return understanding.intent if understanding else None

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
        self.endpointer = Endpointer(self.endpointer.settings)
        self.pre_roll.clear()
        self._talking_over = 0.0


def asks_something(result: TurnResult) -> bool:
    """A reply that waits for an answer: a question, or "Yes? I'm listening." to its name."""
    called = result.understanding is not None and result.understanding.intent == WAKE_INTENT
    return called or "?" in result.reply


def transcribe(recogniser: Recogniser, chunks: Iterable[Samples], mode: Mode) -> Recognition:
    """Recognise a whole recording in one go."""
    pieces = list(chunks)
    return recogniser.decode_whole(np.concatenate(pieces).tobytes() if pieces else b"", mode)

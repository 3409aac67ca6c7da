"""The recognise stage: what was said in one utterance, from two recognisers.

The grammar recogniser (pocketsphinx or vosk) decodes live, as the audio arrives, for live
captions and a fast first hearing. A command it is sure of that changes nothing is taken at
once. Otherwise Whisper (the free-form recogniser) decodes the whole utterance: it takes what
the grammar rejects, spells free words (a reminder's task, a fact, a contact's name) and
overrules a command the grammar forced onto speech it does not know. Its
words go through the same understanding as typing. Speech asked for as dictation (a letter's
body) goes to Whisper alone.

What protects the user stays here: an intent acted on at once (``Hearing.heard_twice``: a yes, a
forget) is taken only when two hearings agree, and Whisper's decode is dropped when it is not
believably speech (see ``assistant.stt.whisper``). Which intents those are, the skills declare;
the runtime passes them in from the registry it holds.
"""

import logging
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz

from assistant.audio import CHUNK_SECONDS
from assistant.audio.endpoint import EndpointSettings, not_yet
from assistant.audio.wav import Samples
from assistant.intents.matcher import Understanding
from assistant.stt.base import Mode, Recogniser, Recognition

_LOGGER = logging.getLogger(__name__)

PARTIAL_EVERY_CHUNKS = 10
"""Partial transcripts are asked for every 200 ms: often enough for live captions."""

SAME_SOUNDS = 85
"""How alike (0-100, by letters) the two hearings must be to be the same words, spelled or split
differently ("call my mom" for "call my mum", "into our's" for "in two hours", "can't sell" for
"cancel"): then the grammar's words, which are words it knows, stand, and the two hearings
agree. An unusual task the grammar forced onto its own words differs more ("ring my dog at
four" for "renew the passport": 76)."""
SOUND_ALIKE = 68
"""How alike (0-100, by letters) Whisper's words must be to the grammar's to count as a mishearing
of the same command. Measured on the fixtures: "organist my downloads folder" 96, "and do that"
for "undo that" 80, "don't have anything back" for "put everything back" 70; but "tell me a joke"
for "tell me the date" 67, "turn on the kitchen lights" 59 and "turn on the living room lamp" 57
for "turn off the timer", which the grammar forced onto a command."""

GRAMMAR_SURE = 0.5
"""A grammar command whose confidence is above this (its words explain the audio better than
any free sequence of sounds) is taken without waiting for Whisper, when it changes nothing
and has no free words: the fast path for everyday commands."""

FRESH_SILENCE_CHUNKS = round(EndpointSettings().sure_end_silence_seconds / CHUNK_SECONDS)
"""Chunks of a silence long enough to be asked about (``heard_a_whole_command``): an early
Whisper decode started fewer chunks than this before the end was started in the same silence,
so only silence followed it."""

Understand = Callable[[str], Understanding | None]


@dataclass
class Utterance:
    """Something said, as the listener found it: where it starts and ends, and its audio."""

    started: float
    """Seconds into the audio where the speech began."""
    audio: Iterable[Samples]
    """Its 20 ms chunks, yielded as they are heard, until the speech ends."""
    called: bool = False
    """Push-to-talk was pressed for it: taken without the name, even asleep."""
    ended: float = 0.0
    """Seconds into the audio where the speech ended (known once ``audio`` is used up)."""
    heard_enough: Callable[[], bool] = not_yet
    """Asked by the listener during a short silence: has a whole command been heard that needs
    no more waiting? The recognise stage sets it (``Hearing.heard_a_whole_command``)."""


@dataclass(frozen=True)
class Heard:
    """One hearing of an utterance, with what its words mean."""

    recognition: Recognition
    """The words, as the recogniser gave them."""
    understanding: Understanding | None = None
    """Their meaning, when they fit a template."""

    @property
    def intent(self) -> str | None:
        """The intent the words mean, if any."""
        return self.understanding.intent if self.understanding else None


@dataclass
class Hearing:
    """Recognises utterances: the grammar first, Whisper when the grammar cannot take it."""

    grammar: Recogniser
    """The fast command recogniser, fed live."""
    free_form: Recogniser
    """The recogniser of any words (Whisper), run on whole utterances."""
    understand: Understand
    """The text understanding, to judge what each hearing means."""
    free_slots: frozenset[str] = field(default_factory=frozenset)
    """Slots that hold free words (a task, a fact, a name): Whisper spells them better."""
    changing: frozenset[str] = field(kw_only=True)
    """Intents that change or remove things, as the skills declare them (``changes_things``;
    measured: never from speech that is not a command)."""
    heard_twice: frozenset[str] = field(kw_only=True)
    """Intents acted on at once, with no plan read back first, as the skills declare them
    (``needs_two_hearings``): taken from speech only when two hearings agree (the grammar and
    Whisper; or, when the grammar could not take it, Whisper's usual decode and its strict one).
    The rest of ``changing`` mostly make a plan, which waits for a yes (itself one of these)."""
    heard_back: Callable[[str], bool] = field(default=lambda _words: False, kw_only=True)
    """Whether words may be the assistant's own voice heard back (all of them in one of its
    last replies, in order): the grammar's hearing of them never stands alone."""
    _live: bool = False
    _chunks: list[Samples] = field(default_factory=list)
    _early: tuple[int, "Future[Recognition]"] | None = None
    _whisper_early: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(1, thread_name_prefix="whisper-early")
    )

    def hear(
        self,
        audio: Iterable[Samples],
        mode: Mode = Mode.COMMAND,
        on_partial: Callable[[str], None] | None = None,
        for_the_name: bool = False,
    ) -> Recognition:
        """Recognise one utterance as its audio arrives (``audio`` ends where speech ends).

        ``for_the_name``: heard asleep, it only matters if it starts with the name, which the
        grammar knows; speech the grammar rejects is then not decoded again.
        """
        if mode is Mode.DICTATION:
            return self.free_form.decode_whole(_pcm(list(audio)), Mode.DICTATION)
        chunks = self._decode_live(audio, on_partial, early=not for_the_name)
        command = self.grammar.finish()
        if for_the_name and command.rejected:
            return command
        return self.judge(command, chunks)

    def heard_a_whole_command(self) -> bool:
        """Asked in a short silence while a command is heard live: are the words so far a whole
        command the grammar alone would take (``_sure_enough_alone``)? Then the silence need
        not last. If not, the speech has probably ended, so Whisper starts on it now, while the
        silence lasts, rather than once it is over."""
        if not self._live:
            return False
        command = self.grammar.partial_recognition()
        if self._sure_enough_alone(command, self._meaning(command)):
            return True
        self._decode_early()
        return False

    def _decode_early(self) -> None:
        """Start Whisper on the speech so far, unless it started in this same silence."""
        heard = len(self._chunks)
        if self._early is None or heard - self._early[0] >= FRESH_SILENCE_CHUNKS:
            pcm = _pcm(self._chunks)
            future = self._whisper_early.submit(self.free_form.decode_whole, pcm, Mode.DICTATION)
            self._early = (heard, future)

    def _free_hearing(self, chunks: list[Samples]) -> Recognition:
        """Whisper's hearing of the utterance: the one started early when only silence followed
        its start, else a decode now."""
        early, self._early = self._early, None
        if early is not None and len(chunks) - early[0] < FRESH_SILENCE_CHUNKS:
            return early[1].result()
        return self.free_form.decode_whole(_pcm(chunks), Mode.DICTATION)

    def _decode_live(
        self, audio: Iterable[Samples], on_partial: Callable[[str], None] | None, early: bool
    ) -> list[Samples]:
        self.grammar.start(Mode.COMMAND)
        self._chunks, self._early, self._live = [], None, early
        try:
            return self._feed(audio, on_partial)
        finally:
            self._live = False

    def _feed(
        self, audio: Iterable[Samples], on_partial: Callable[[str], None] | None
    ) -> list[Samples]:
        chunks = self._chunks
        shown = ""
        for chunk in audio:
            chunks.append(chunk)
            self.grammar.accept(chunk.tobytes())
            if on_partial is None or len(chunks) % PARTIAL_EVERY_CHUNKS:
                continue
            partial = self.grammar.partial()
            if partial and partial != shown:
                shown = partial
                on_partial(partial)
        return chunks

    def judge(self, command: Recognition, chunks: list[Samples]) -> Recognition:
        """What was said, from the grammar's hearing and Whisper's.

        A command the grammar is sure of that changes nothing is taken at once. Otherwise the
        grammar may have forced speech it does not know onto the nearest command ("turn on the
        living room lamp" heard as "turn off all of the alarms"), so Whisper hears it too.
        Where both mean the same, the grammar's words stand (Whisper's, where either heard free
        words: the grammar may have forced a timer's name onto other words, or where the
        grammar's hearing has no words: "tomorrow at quarter past five"); where
        Whisper heard believable words that mean something else, its words are understood
        instead, unless they are words it got nearly right without meaning anything ("organist
        my downloads folder"); where it heard nothing believable, a grammar command that changes
        nothing stands (a short "stop" can be too brief for it).
        """
        grammar = self._meaning(command)
        if self._sure_enough_alone(command, grammar):
            return command
        free = self._meaning(self._free_hearing(chunks))
        if command.rejected:
            return self._whisper_alone(free, chunks)
        same_words = _same_words(command.text, free.recognition.text)
        if free.intent == grammar.intent:
            if not command.text and not free.recognition.rejected:
                return free.recognition  # the grammar heard no words: Whisper's stand
            free_words = self._has_free_words(grammar) or self._has_free_words(free)
            return free.recognition if free_words and not same_words else command
        if free.recognition.rejected and grammar.intent not in self.changing:
            return command
        if grammar.intent in self.heard_twice or free.intent in self.heard_twice:
            return (
                command if same_words and not free.recognition.rejected else _refused(command, free)
            )
        if free.intent is None and _sound_alike(command.text, free.recognition.text):
            return command
        _LOGGER.info("The grammar heard %r, Whisper %r", command.text, free.recognition.text)
        return free.recognition

    def _sure_enough_alone(self, command: Recognition, grammar: Heard) -> bool:
        """The grammar's hearing stands alone: it is sure (``GRAMMAR_SURE``), the command
        changes nothing and has no free words, and its words may not be the assistant's own
        reply heard back ("sorry what" of "Sorry, I didn't understand that ... what can you
        do"). Whisper hears everything else."""
        return (
            grammar.intent is not None
            and not command.rejected
            and command.confidence > GRAMMAR_SURE
            and grammar.intent not in self.changing | self.heard_twice
            and not self._has_free_words(grammar)
            and not self.heard_back(command.text)
        )

    def _has_free_words(self, heard: Heard) -> bool:
        """A task, a fact or a name: Whisper spells those better than the grammar's lists."""
        return heard.understanding is not None and bool(
            self.free_slots & set(heard.understanding.slots)
        )

    def _whisper_alone(self, free: Heard, chunks: list[Samples]) -> Recognition:
        """Whisper's words when the grammar rejected the speech; an intent acted on at once
        needs Whisper's strict decode to agree."""
        if free.recognition.rejected or free.intent not in self.heard_twice:
            return free.recognition
        strict = self._meaning(self.free_form.decode_whole(_pcm(chunks), Mode.COMMAND))
        if strict.intent == free.intent:
            return free.recognition
        return _refused(free.recognition, strict)

    def close(self) -> None:
        """Let go of both recognisers (after any early decode)."""
        self._whisper_early.shutdown(wait=True)
        self.grammar.close()
        self.free_form.close()

    def _meaning(self, recognition: Recognition) -> Heard:
        if recognition.rejected or not recognition.text:
            return Heard(recognition)
        return Heard(recognition, self.understand(recognition.text))


def _same_words(command: str, free: str) -> bool:
    """Both hearings are the same words, give or take spelling (see ``SAME_SOUNDS``)."""
    return bool(free) and fuzz.ratio(command, free) >= SAME_SOUNDS


def _sound_alike(command: str, free: str) -> bool:
    """Whisper's words are the grammar's, nearly: a letter or two wrong, not other words."""
    return fuzz.ratio(command, free) >= SOUND_ALIKE


def _refused(first: Recognition, second: Heard) -> Recognition:
    _LOGGER.info("Not acting on %r: the second hearing was %r", first.text, second.recognition)
    return Recognition("", 0.0, first.engine, rejected=True)


def _pcm(chunks: list[Samples]) -> bytes:
    return np.concatenate(chunks).tobytes() if chunks else b""

"""pocketsphinx with the US English model its wheel carries: works with no download.

Command mode decodes against a finite-state grammar compiled from the intent templates, with a
garbage path (a loop over single phones) beside it: speech that fits no command is better
explained by the garbage path, and is rejected rather than forced onto the nearest command. The
command decoder knows only the words of that grammar (looked up in ``pronunciations``), not the
whole dictionary, which saves about 20 MB and hears every fixture and real clip the same.

Dictation mode decodes free-form with the wheel's language model and whole dictionary, in a
decoder of its own (about 110 MB) made on the first dictation (0.3 s): where Whisper takes free
speech, as it does whenever it is installed, it is never made. A whole recording (the second pass,
``assistant transcribe``) is decoded at once, normalised over all of it.
"""

import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from pocketsphinx import Decoder

from assistant.errors import RecogniserError
from assistant.stt.base import GrammarSpec, Mode, Recognition
from assistant.stt.fingerprint import fingerprint
from assistant.stt.grammar import Fsg, GrammarBuilder, Transition, to_fsg
from assistant.stt.pronunciations import Pronunciations, bundled

_LOGGER = logging.getLogger(__name__)

ENGINE = "pocketsphinx"
GARBAGE_PREFIX = "gbg_"
PHONES = (
    *("AA", "AE", "AH", "AO", "AW", "AY", "B", "CH", "D", "DH", "EH", "ER", "EY", "F", "G"),
    *("HH", "IH", "IY", "JH", "K", "L", "M", "N", "NG", "OW", "OY", "P", "R", "S", "SH", "T"),
    *("TH", "UH", "UW", "V", "W", "Y", "Z", "ZH"),
)
GARBAGE_ENTRY = 1.0
"""Odds of entering the garbage loop; higher rejects more (measured in scripts/bench speech)."""
SPEECH_MEAN = "48.46,7.09,-4.27,7.17,-6.35,3.37,-2.21,-4.56,3.03,-3.59,3.47,-1.67,0.85"
"""Where each live utterance's cepstral mean starts: the median over the real human speech in
the benchmark corpus. Each utterance also starts with fresh feature extraction (its noise
estimate too), so a command is heard the same whatever was said before it: measured, 61/67
fixtures right in benchmark order and in two shuffled orders, against 57 to 61 when the
previous speaker's mean and noise estimate carried over."""
COMMAND_SEARCH = "command"
DICTATION_SEARCH = "dictation"
PHONES_SEARCH = "phones"
"""Any sequence of phones, alone: what a command's words are weighed against (``finish``)."""
Pronunciation = tuple[str, str]
"""A dictionary entry: the word as the decoder names it ("read(2)"), and its phones."""


@dataclass(frozen=True)
class CompiledGrammar:
    """A command grammar ready for any command decoder."""

    fsg: Fsg
    """The commands' word graph."""
    transitions: list[Transition]
    """Its transitions with the garbage loop beside them."""
    pronunciations: tuple[Pronunciation, ...]
    """How each of its words is said."""


def compile_grammar(spec: GrammarSpec) -> CompiledGrammar:
    """The grammar of ``spec``'s commands, with the words the dictionary knows (it is read for
    this and let go after: about 10 MB)."""
    dictionary = _dictionary()
    builder = GrammarBuilder(spec.intents, spec.slot_lists, spec.vocabulary, dictionary.knows)
    fsg = to_fsg(builder.build())
    pronunciations = _pronunciations(dictionary, _words_in(fsg))
    return CompiledGrammar(fsg, fsg.transitions + _garbage_loop(fsg), pronunciations)


class LastGrammar:
    """The grammar compiled last, kept for the next recogniser taught the same spec: each room
    has a decoder of its own, and they all take one build (built again only when what it is built
    from changes: a rename, new senders)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._spec: GrammarSpec | None = None
        self._fingerprint = ""
        self._grammar: CompiledGrammar | None = None
        self.builds = 0
        """How many grammars it has compiled."""

    def compiled(self, spec: GrammarSpec) -> CompiledGrammar:
        """``spec``'s grammar: the last one when ``spec`` is the same (or has the same content)."""
        with self._lock:
            if self._grammar is not None and spec is self._spec:
                return self._grammar
            key = fingerprint(spec)
            if self._grammar is None or key != self._fingerprint:
                self._grammar, self._fingerprint = compile_grammar(spec), key
                self.builds += 1
            self._spec = spec
            return self._grammar


LAST_GRAMMAR = LastGrammar()
"""The one grammar this process's command decoders share."""


class PocketsphinxRecogniser:
    """Command and dictation decoding with pocketsphinx."""

    name = ENGINE

    def __init__(self) -> None:
        self.decoder = _decoder(lm=None, dict=None)
        """The command decoder: it knows the words of the grammar, and the garbage phones."""
        self._dictation: Decoder | None = None
        self._active = self.decoder
        self._words: set[str] = set()
        _add_phones(self.decoder)
        self.free_phones = _phones_decoder()
        """Free phones alone, fed beside the command decoder: a command's words must beat them."""
        self.mode = Mode.COMMAND

    def set_grammar(self, spec: GrammarSpec) -> None:
        """Take the command grammar, with its garbage path: compiled once in the process for
        the same spec (``LAST_GRAMMAR``), so another room's recogniser takes the same build."""
        grammar = LAST_GRAMMAR.compiled(spec)
        self._learn(grammar.pronunciations)
        fsg = grammar.fsg
        model = self.decoder.create_fsg(COMMAND_SEARCH, fsg.start, fsg.final, grammar.transitions)
        self.decoder.add_fsg(COMMAND_SEARCH, model)

    def knows(self, word: str) -> bool:
        """True when the pronunciation dictionary has ``word``."""
        return _dictionary().knows(word)

    def learn(self, words: Iterable[str]) -> None:
        """Teach the command decoder how ``words`` are said (those the dictionary has)."""
        self._learn(_pronunciations(_dictionary(), words))

    def _learn(self, pronunciations: tuple[Pronunciation, ...]) -> None:
        """Teach the command decoder how the grammar's words are said (those it does not know)."""
        new = [entry for entry in pronunciations if entry[0] not in self._words]
        for number, (name, phones) in enumerate(new, 1):
            self.decoder.add_word(name, phones, number == len(new))
        self._words |= {name for name, _ in new}

    def start(self, mode: Mode) -> None:
        """Begin an utterance in ``mode``."""
        self.mode = mode
        self._active = self.decoder if mode is Mode.COMMAND else self._dictation_decoder()
        self._active.activate_search(COMMAND_SEARCH if mode is Mode.COMMAND else DICTATION_SEARCH)
        for decoder in self._decoders():
            decoder.reinit_feat()  # 0.03 ms; forgets the last utterance's noise estimate
            decoder.set_cmn(SPEECH_MEAN)
            decoder.start_utt()

    def _decoders(self) -> list[Decoder]:
        """The decoders in use: in command mode, the free phones too."""
        return [self._active, self.free_phones] if self.mode is Mode.COMMAND else [self._active]

    def _dictation_decoder(self) -> Decoder:
        """The decoder with the wheel's language model and whole dictionary, made once."""
        if self._dictation is None:
            self._dictation = _decoder()
            default = self._dictation.get_lm(self._dictation.current_search())
            self._dictation.add_lm(DICTATION_SEARCH, default)
        return self._dictation

    def accept(self, pcm: bytes) -> None:
        """Feed audio."""
        for decoder in self._decoders():
            decoder.process_raw(pcm, False, False)

    def decode_whole(self, pcm: bytes, mode: Mode) -> Recognition:
        """Decode a whole recording in one go, with the cepstral mean taken over all of it.

        Live decoding can only normalise with the mean of the audio heard so far (carried over
        from earlier utterances); over a whole recording the mean is exact, which lowered the
        free-form word error rate on real speech from 0.36 to 0.29 (scripts/bench speech).
        """
        self.start(mode)
        for decoder in self._decoders():
            decoder.process_raw(pcm, False, True)
        return self.finish()

    def partial(self) -> str:
        """The words heard so far."""
        return _words(_hypothesis(self._active))

    def partial_recognition(self) -> Recognition:
        """The words so far, weighed against the free phones as ``finish`` does."""
        text = _hypothesis(self._active)
        if self.mode is not Mode.COMMAND or not text or GARBAGE_PREFIX in text:
            return Recognition(_words(text), 0.0, ENGINE, rejected=GARBAGE_PREFIX in text)
        return Recognition(_words(text), self._beats_free_phones(), ENGINE)

    def close(self) -> None:
        """Nothing to release: the model goes with the object."""

    def finish(self) -> Recognition:
        """End the utterance; garbage in command mode means it is rejected.

        A command's confidence is how much better its words explain the audio than the best
        free sequence of phones does, as a share: above 0.5 the words win. Speech the grammar
        does not know, forced onto the nearest command, loses to the free phones ("turn on the
        living room lamp" heard as "turn off all of the alarms"). The phone loop is a second,
        small decoder fed alongside the grammar's, so this costs nothing at the end.
        """
        for decoder in self._decoders():
            decoder.end_utt()
        text = _hypothesis(self._active)
        rejected = self.mode is Mode.COMMAND and GARBAGE_PREFIX in text
        words = "" if rejected else _words(text)
        if not words:
            return Recognition("", 0.0, ENGINE, rejected=rejected)
        confidence = 1.0 if self.mode is Mode.DICTATION else self._beats_free_phones()
        return Recognition(words, confidence, ENGINE)

    def _beats_free_phones(self) -> float:
        """The command path's share of its score and the phone loop's, on the same audio."""
        command, phones = _score(self.decoder), _score(self.free_phones)
        total = command + phones
        return round(command / total, 3) if total > 0 else 0.0


def _hypothesis(decoder: Decoder) -> str:
    hypothesis = decoder.hyp()
    return hypothesis.hypstr if hypothesis is not None else ""


def _score(decoder: Decoder) -> float:
    """The best path's score, as pocketsphinx scales it (higher is a better fit)."""
    hypothesis = decoder.hyp()
    return float(hypothesis.score) if hypothesis is not None else 0.0


def _add_phones(decoder: Decoder) -> None:
    """Teach ``decoder`` the single phones, as words of their own."""
    for phone in PHONES:
        decoder.add_word(GARBAGE_PREFIX + phone.lower(), phone, False)


def _phones_decoder() -> Decoder:
    """A decoder of free phones alone: the same acoustic model, no language model, and a
    dictionary of single phones (8 MB)."""
    decoder = _decoder(lm=None, dict=None)
    _add_phones(decoder)
    decoder.add_fsg(PHONES_SEARCH, decoder.create_fsg(PHONES_SEARCH, 0, 2, _phones()))
    decoder.activate_search(PHONES_SEARCH)
    return decoder


def _decoder(**settings: object) -> Decoder:
    """A decoder with the wheel's acoustic model; its language model and dictionary unless
    ``settings`` say otherwise."""
    try:
        return Decoder(samprate=16000, loglevel="FATAL", bestpath=False, **settings)
    except (RuntimeError, ValueError) as error:
        raise _model_missing() from error


def _dictionary() -> Pronunciations:
    """The pronunciation dictionary in the wheel, read for the question (about 10 MB)."""
    try:
        return bundled()
    except OSError as error:
        raise _model_missing() from error


def _pronunciations(dictionary: Pronunciations, words: Iterable[str]) -> tuple[Pronunciation, ...]:
    """How each of ``words`` is said (those ``dictionary`` has), in alphabetical order."""
    return tuple(entry for word in sorted(set(words)) for entry in dictionary.of(word))


def _model_missing() -> RecogniserError:
    return RecogniserError("stt-model-missing", "My speech recogniser's model can't be loaded.")


def _words_in(fsg: Fsg) -> set[str]:
    """The words on the grammar's arcs."""
    return {arc[3] for arc in fsg.transitions if len(arc) == 4}  # noqa: PLR2004 - a word's arc


def _phones() -> list[Transition]:
    """A loop of single phones alone, from state 0 to state 2."""
    transitions: list[Transition] = []
    for phone in PHONES:
        word = GARBAGE_PREFIX + phone.lower()
        transitions += [(0, 1, 1.0, word), (1, 1, 1.0, word)]
    return [*transitions, (1, 2, 1.0)]


def _garbage_loop(fsg: Fsg) -> list[Transition]:
    """A loop of single phones from start to end, competing with every command."""
    garbage = fsg.size
    transitions: list[Transition] = []
    for phone in PHONES:
        word = GARBAGE_PREFIX + phone.lower()
        transitions.append((fsg.start, garbage, GARBAGE_ENTRY, word))
        transitions.append((garbage, garbage, 1.0, word))
    transitions.append((garbage, fsg.final, 1.0))
    return transitions


def _words(hypothesis: str) -> str:
    """The recognised words, without garbage or fillers."""
    return " ".join(
        word
        for word in hypothesis.split()
        if not word.startswith(GARBAGE_PREFIX) and not word.startswith(("<", "["))
    )

"""vosk, used whenever a vosk model is in ``models/``; loaded only by explicit path.

Command mode passes vosk the sentences of the command grammar plus ``[unk]``: speech that fits
none of them comes out as ``[unk]`` and is rejected. Dictation mode decodes free-form.
"""

import json
import logging
from pathlib import Path
from typing import Any

from assistant.errors import RecogniserError
from assistant.stt.base import GrammarSpec, Mode, Recognition
from assistant.stt.grammar import GrammarBuilder, sentences

_LOGGER = logging.getLogger(__name__)

ENGINE = "vosk"
UNKNOWN = "[unk]"


class VoskRecogniser:
    """Command and dictation decoding with a vosk model from a folder."""

    name = ENGINE

    def __init__(self, model_path: Path) -> None:
        try:
            import vosk  # noqa: PLC0415 - vosk is optional; pocketsphinx is the default

            vosk.SetLogLevel(-1)
            self._vosk = vosk
            self.model = vosk.Model(model_path=str(model_path))
        except Exception as error:  # noqa: BLE001 - vosk raises bare Exception on a bad model
            raise RecogniserError(
                "stt-model-missing", f"The speech model in {model_path} can't be loaded."
            ) from error
        self.phrases: list[str] = []
        self.mode = Mode.COMMAND
        self.recogniser: Any = self._recogniser(Mode.DICTATION)
        self.segments: list[dict[str, Any]] = []

    def knows(self, word: str) -> bool:
        """True when the model's vocabulary has ``word``."""
        return int(self.model.find_word(word)) >= 0

    def set_grammar(self, spec: GrammarSpec) -> None:
        """List the command sentences for vosk's grammar."""
        builder = GrammarBuilder(spec.intents, spec.slot_lists, spec.vocabulary, self.knows)
        self.phrases = sorted(set(sentences(builder.build())))

    def start(self, mode: Mode) -> None:
        """Begin an utterance in ``mode``."""
        self.mode = mode
        self.recogniser = self._recogniser(mode)
        self.segments = []

    def accept(self, pcm: bytes) -> None:
        """Feed audio."""
        if self.recogniser.AcceptWaveform(pcm):
            self.segments.append(json.loads(self.recogniser.Result()))

    def decode_whole(self, pcm: bytes, mode: Mode) -> Recognition:
        """Decode a whole recording (vosk normalises live either way)."""
        self.start(mode)
        self.accept(pcm)
        return self.finish()

    def partial(self) -> str:
        """The words heard so far."""
        partial = str(json.loads(self.recogniser.PartialResult()).get("partial", ""))
        return " ".join([*(str(s.get("text", "")) for s in self.segments), partial]).strip()

    def partial_recognition(self) -> Recognition:
        """The words so far; vosk gives no confidence until the end, so never sure."""
        return Recognition(self.partial(), 0.0, ENGINE)

    def close(self) -> None:
        """Nothing to release: the model goes with the object."""

    def finish(self) -> Recognition:
        """End the utterance; ``[unk]`` in command mode means it is rejected."""
        results = [*self.segments, json.loads(self.recogniser.FinalResult())]
        words = [w for r in results for w in r.get("result", []) if w.get("word") != UNKNOWN]
        text = " ".join(str(r.get("text", "")) for r in results).strip()
        rejected = self.mode is Mode.COMMAND and (UNKNOWN in text or not text)
        confidence = min((float(w.get("conf", 0.0)) for w in words), default=0.0)
        clean = "" if rejected else text.replace(UNKNOWN, "").strip()
        return Recognition(clean, 0.0 if rejected else round(confidence, 3), ENGINE, rejected)

    def _recogniser(self, mode: Mode) -> Any:
        vosk = self._vosk
        if mode is Mode.COMMAND and self.phrases:
            grammar = json.dumps([*self.phrases, UNKNOWN])
            recogniser = vosk.KaldiRecognizer(self.model, 16000, grammar)
        else:
            recogniser = vosk.KaldiRecognizer(self.model, 16000)
        recogniser.SetWords(True)
        return recogniser

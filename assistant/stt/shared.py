"""One recogniser used by several rooms at once: one utterance at a time, never closed by them."""

import threading

from assistant.stt.base import GrammarSpec, Mode, Recogniser, Recognition


class SharedRecogniser:
    """Lends a recogniser (Whisper) to another room's hearing: calls take turns, and closing
    the loan leaves the recogniser open for its owner."""

    def __init__(self, recogniser: Recogniser) -> None:
        self.recogniser = recogniser
        self.name = recogniser.name
        self._lock = threading.Lock()

    def set_grammar(self, spec: GrammarSpec) -> None:
        """The owner teaches it; a room does not."""

    def start(self, mode: Mode) -> None:
        """Whole utterances only: nothing to begin."""

    def accept(self, pcm: bytes) -> None:
        """Whole utterances only: live audio is not taken."""

    def partial(self) -> str:
        """Whole utterances only: no words so far."""
        return ""

    def partial_recognition(self) -> Recognition:
        """Whole utterances only: nothing heard so far."""
        return Recognition("", 0.0, self.name)

    def finish(self) -> Recognition:
        """Whole utterances only: nothing heard live."""
        return Recognition("", 0.0, self.name, rejected=True)

    def decode_whole(self, pcm: bytes, mode: Mode) -> Recognition:
        """The owner's decode of ``pcm``, once no other room is decoding."""
        with self._lock:
            return self.recogniser.decode_whole(pcm, mode)

    def close(self) -> None:
        """The owner closes the recogniser, not a room."""

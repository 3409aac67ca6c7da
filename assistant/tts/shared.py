"""One voice for several rooms at once: one sentence rendered at a time, never closed by them."""

import threading

from assistant.audio.wav import Samples
from assistant.tts.base import Synthesiser


class SharedSynthesiser:
    """Lends a synthesiser to other rooms: renders take turns, and closing the loan leaves it
    open for its owner."""

    def __init__(self, synthesiser: Synthesiser) -> None:
        self.synthesiser = synthesiser
        self.name = synthesiser.name
        self._lock = threading.Lock()

    def render(self, text: str) -> Samples:
        """``text`` spoken, once no other room is rendering."""
        with self._lock:
            return self.synthesiser.render(text)

    def close(self) -> None:
        """The owner closes the synthesiser, not a room."""

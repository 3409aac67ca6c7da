"""What a speech synthesiser offers."""

from typing import Protocol

from assistant.audio.wav import Samples


class Synthesiser(Protocol):
    """Renders text to 16 kHz mono 16-bit audio."""

    name: str

    def render(self, text: str) -> Samples:
        """``text`` spoken, as samples."""
        ...

    def close(self) -> None:
        """Stop the engine."""
        ...

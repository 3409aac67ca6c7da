"""The pronunciation dictionary in pocketsphinx's wheel (CMUdict, 134,000 words), read compactly.

pocketsphinx would hold all of it in its own structures (about 25 MB) to decode a command grammar
of a few hundred words. Here the file's bytes are read with its entry names sorted for lookup
(about 10 MB, in 0.1 s), only while a grammar is built; the decoder is given the words it uses.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

MAX_ALTERNATIVES = 9
"""Entries "read(2)", "read(3)" ... are other ways to say "read"; none has more than this."""


@dataclass(frozen=True)
class Pronunciations:
    """Words and how each is said, as phones ("S EH T"), from a pocketsphinx dictionary file."""

    text: bytes
    """The dictionary file: one entry a line, its name, a space, its phones."""
    names: NDArray[np.bytes_]
    """The entry names, sorted ("a", "a(2)", "aaron", ...)."""
    starts: NDArray[np.int64]
    """Where the line of each sorted name starts in ``text``."""

    @classmethod
    def read(cls, path: Path) -> "Pronunciations":
        """The dictionary in ``path``."""
        text = path.read_bytes()
        lines = text.split(b"\n")
        lengths = np.array([len(line) + 1 for line in lines], np.int64)
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        names = np.array([line.split(b" ", 1)[0] for line in lines])
        order = np.argsort(names, kind="stable")
        return cls(text, names[order], starts[order])

    def knows(self, word: str) -> bool:
        """True when ``word`` has a pronunciation."""
        return self._start(word) is not None

    def of(self, word: str) -> Iterator[tuple[str, str]]:
        """Each way to say ``word``: its entry name ("read", "read(2)") and phones."""
        for number in range(1, MAX_ALTERNATIVES + 1):
            name = word if number == 1 else f"{word}({number})"
            start = self._start(name)
            if start is None:
                return
            end = self.text.find(b"\n", start)
            line = self.text[start : end if end >= 0 else None]
            yield name, line.split(b" ", 1)[1].decode("utf-8").strip()

    def _start(self, name: str) -> int | None:
        key = name.encode("utf-8")
        index = int(np.searchsorted(self.names, key))
        if index < len(self.names) and self.names[index] == key:
            return int(self.starts[index])
        return None


def bundled() -> Pronunciations:
    """The dictionary in pocketsphinx's wheel."""
    from pocketsphinx import Config  # noqa: PLC0415 - only where pocketsphinx is used

    return Pronunciations.read(Path(Config()["dict"]))

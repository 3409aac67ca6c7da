"""The project's own natural sentences, one file an intent (``corpus/en/<intent>.txt``) and
what the assistant does not do (``corpus/en/not_understood.<topic>.txt``): the learned step is
trained on them, and measured on the ones it was not trained on.

Blank lines and lines starting with ``#`` are not sentences.
"""

import hashlib
import zlib
from dataclasses import dataclass
from pathlib import Path

CORPUS_DIR = Path(__file__).parent / "corpus"
NOT_UNDERSTOOD = "not_understood"
FOLDS = 5
"""The corpus is cut into this many folds to measure on lines not trained on."""
HELD_OUT_FOLD = 0
"""The fold of the fixed split left out of the model the tests measure."""


@dataclass(frozen=True)
class Example:
    """One line of the corpus and the intent it asks for (``not_understood`` for none)."""

    text: str
    """The sentence as written."""
    intent: str
    """The intent it asks for."""


def corpus_files(language: str = "en", folder: Path = CORPUS_DIR) -> list[Path]:
    """The corpus files for ``language``, in a fixed order."""
    return sorted((folder / language).glob("*.txt"))


def intent_of(path: Path) -> str:
    """The intent a file's lines ask for: its name, with every ``not_understood.<topic>``
    taken as ``not_understood``."""
    name = path.name.removesuffix(".txt")
    return NOT_UNDERSTOOD if name.startswith(f"{NOT_UNDERSTOOD}.") else name


def read_corpus(language: str = "en", folder: Path = CORPUS_DIR) -> list[Example]:
    """Every sentence of the corpus, labelled, each once per intent."""
    examples: dict[tuple[str, str], Example] = {}
    for path in corpus_files(language, folder):
        intent = intent_of(path)
        for line in path.read_text(encoding="utf-8").splitlines():
            text = line.strip()
            if text and not text.startswith("#"):
                examples.setdefault((text.lower(), intent), Example(text, intent))
    return list(examples.values())


def corpus_hash(language: str = "en", folder: Path = CORPUS_DIR) -> str:
    """A SHA-256 over every corpus file's name and bytes: it changes when any line does."""
    digest = hashlib.sha256()
    for path in corpus_files(language, folder):
        digest.update(path.name.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def fold_of(text: str, folds: int = FOLDS) -> int:
    """The fold a sentence falls in, fixed by its words (lowercased), not by chance."""
    return zlib.crc32(text.lower().encode()) % folds

"""What the learned step sees of a sentence: its words, pairs of words and pieces of words,
each hashed into one of a fixed number of columns.

The same code turns a sentence into columns when the model is trained
(``scripts/train_understanding``) and when it is used, so the two can never disagree. Pieces
of words (three to five letters, across the space between words too) make a misspelt word
("remidn", "tomorow") land mostly where the right one does; every digit counts as "0", so "at 6"
and "at 7" are the same to it.
"""

import re
import zlib

import numpy as np
import numpy.typing as npt

COLUMNS = 1 << 15
"""How many columns the hashed features fall into."""
_WORD = re.compile(r"[a-z0-9']+|[@/]")
_DIGIT = re.compile(r"[0-9]")
PIECE_SIZES = (3, 4, 5)
"""The lengths of the pieces of words, in letters."""


def words_of(text: str) -> list[str]:
    """The sentence's words, lowercased, apostrophes dropped ("what's" and "whats" alike),
    every digit as "0"."""
    lowered = _DIGIT.sub("0", text.lower().replace("’", "'"))
    return [word.replace("'", "") for word in _WORD.findall(lowered) if word != "'"]


def features_of(text: str) -> list[str]:
    """Every feature of ``text``: words, pairs of neighbouring words (with the start and end
    of the sentence), and pieces of letters across the whole sentence."""
    words = words_of(text)
    marked = ["<s>", *words, "</s>"]
    found = [f"w:{word}" for word in words]
    found.extend(f"b:{first} {second}" for first, second in zip(marked, marked[1:], strict=False))
    joined = f" {' '.join(words)} "
    for size in PIECE_SIZES:
        found.extend(f"c:{joined[at : at + size]}" for at in range(len(joined) - size + 1))
    return found


def columns_of(text: str) -> npt.NDArray[np.int64]:
    """The columns ``text`` falls into, one for each feature (a column may repeat)."""
    hashed = [zlib.crc32(feature.encode()) % COLUMNS for feature in features_of(text)]
    return np.asarray(hashed, dtype=np.int64)

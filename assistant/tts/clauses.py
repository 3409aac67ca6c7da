"""A reply cut into clauses, so the first can be spoken while the rest are still being rendered.

Sentences always end a clause. Inside a sentence, a comma, semicolon or colon ends one once it
holds a few words; shorter pieces ("Yes, ...", "Anna, Bob and Carl") stay with what follows,
which keeps lists and short openings in one breath. A long clause with no such mark is cut
before a joining word ("... for 10 minutes | and the timer for 30 minutes."), where a speaker
would take a breath, so the first sound does not wait for all of it. The first clause, which the
listener waits for, is held shorter still: a long one is also cut before a preposition ("I can't
find a folder called taxes | in the folders I may look in.").
"""

import re

MIN_CLAUSE_WORDS = 3
"""A piece ending in a comma, semicolon or colon is spoken on its own from this many words."""
TITLES = frozenset({"mr", "mrs", "ms", "dr", "st", "prof", "mt", "no", "vs", "etc"})
"""Words whose full stop does not end a sentence (nor does one followed by a small letter,
as in "9 a.m. tomorrow")."""

LONG_CLAUSE_WORDS = 10
"""A clause of more words than this is cut before a joining word, if both parts are long enough."""
MIN_PART_WORDS = 4
"""Neither part of a cut clause is shorter than this."""
JOINS = frozenset({"and", "but", "or", "so", "because", "while", "although", "unless"})
"""Words before which a long clause may be cut."""
FIRST_CLAUSE_WORDS = 8
"""A first clause of more words than this is also cut before a preposition."""
PREPOSITIONS = frozenset(
    {"in", "on", "at", "to", "for", "from", "with", "about", "into", "after", "before", "until"}
)
"""Words before which a long first clause may also be cut."""

_BREAK = re.compile(r"(?:(?<=[,;:.!?])|(?<=[,;:.!?][\"'”’)\]]))\s+")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")


def split_clauses(text: str) -> list[str]:
    """``text`` as clauses, in order, each keeping its own punctuation; none is empty."""
    clauses: list[str] = []
    current = ""
    pieces = _pieces(text)
    for piece, following in zip(pieces, [*pieces[1:], ""], strict=False):
        current = f"{current} {piece}" if current else piece
        if _ends_clause(current, piece, following):
            _add(clauses, current)
            current = ""
    if current:
        _add(clauses, current)
    parts = [part for clause in clauses for part in _at_joins(clause)]
    return _first_held_short(parts)


def _first_held_short(clauses: list[str]) -> list[str]:
    """The first clause cut once more, before a preposition, when it is long: its rendering is
    what the listener waits through before the first sound."""
    if not clauses or len(clauses[0].split()) <= FIRST_CLAUSE_WORDS:
        return clauses
    return [*_cut_before(clauses[0], JOINS | PREPOSITIONS), *clauses[1:]]


def _at_joins(clause: str) -> list[str]:
    """A long clause cut before its first joining word that leaves both parts long enough; the
    rest is cut the same way."""
    if len(clause.split()) <= LONG_CLAUSE_WORDS:
        return [clause]
    head, *rest = _cut_before(clause, JOINS)
    return [head, *(part for tail in rest for part in _at_joins(tail))]


def _cut_before(clause: str, words_to_cut_before: frozenset[str]) -> list[str]:
    """``clause`` cut in two before the first of ``words_to_cut_before`` that leaves both parts
    ``MIN_PART_WORDS`` long; whole when there is none."""
    words = clause.split()
    for index in range(MIN_PART_WORDS, len(words) - MIN_PART_WORDS + 1):
        if words[index].lower() in words_to_cut_before:
            return [" ".join(words[:index]), " ".join(words[index:])]
    return [clause]


def _add(clauses: list[str], clause: str) -> None:
    """A clause with nothing to say ("...", a dash) goes with the one before it."""
    if clauses and not any(c.isalnum() for c in clause):
        clauses[-1] = f"{clauses[-1]} {clause}"
    else:
        clauses.append(clause)


def _pieces(text: str) -> list[str]:
    """``text`` cut after each punctuation mark that is followed by a space."""
    return [piece.strip() for piece in _BREAK.split(text.strip()) if piece.strip()]


def _ends_clause(current: str, piece: str, following: str) -> bool:
    if _SENTENCE_END.search(piece):
        return not _is_title(piece) and not following[:1].islower()
    if piece[-1] in ",;:":
        return len(current.split()) >= MIN_CLAUSE_WORDS
    return False


def _is_title(piece: str) -> bool:
    """ "Dr." or "Mrs.": the sentence goes on. A single initial ("J.") too."""
    last = piece.split()[-1].rstrip(".").lower()
    return last in TITLES or (len(last) == 1 and last.isalpha() and last != "i")

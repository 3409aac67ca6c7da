"""How well sentences are understood: a labelled set in, figures out (``scripts/bench text``
and the test of the development set use it)."""

import csv
import time
from collections import Counter
from collections.abc import Iterable, Set
from dataclasses import dataclass, field
from pathlib import Path

from assistant.intents.matcher import Matcher

NOT_UNDERSTOOD = "not_understood"
DEV_SET = Path("shared") / "data" / "understanding" / "dev.tsv"
"""Where the development set lies, beside the checkout (or beside a worktree's folder)."""


def find_development_set(checkout: Path) -> Path | None:
    """The development set beside ``checkout`` or beside its parent, if either has one."""
    for folder in (checkout.parent, checkout.parent.parent):
        if (folder / DEV_SET).exists():
            return folder / DEV_SET
    return None


@dataclass(frozen=True)
class Labelled:
    """A sentence and the intent it asks for (``not_understood`` for none)."""

    text: str
    """The sentence as written."""
    expected: str
    """The intent it asks for."""


@dataclass
class Score:
    """What a matcher made of a labelled set."""

    right: Counter[str] = field(default_factory=Counter)
    """By intent: sentences given that intent, at once or as a question."""
    asked: Counter[str] = field(default_factory=Counter)
    """By intent: of those, the ones asked about first (a guess)."""
    total: Counter[str] = field(default_factory=Counter)
    """By intent: sentences that ask for it."""
    rejected: int = 0
    """Sentences for no intent that were not understood."""
    outside: int = 0
    """Sentences for no intent."""
    destructive: list[str] = field(default_factory=list)
    """Sentences that were taken as a destructive intent they do not ask for."""
    seconds: list[float] = field(default_factory=list)
    """How long each sentence took to understand."""
    confused: Counter[tuple[str, str]] = field(default_factory=Counter)
    """By the intent asked for and the one given instead (``not_understood`` for none)."""

    def add(self, other: "Score") -> None:
        """Count ``other``'s sentences in too (the folds of a k-fold)."""
        for mine, theirs in (
            (self.right, other.right),
            (self.asked, other.asked),
            (self.total, other.total),
        ):
            mine.update(theirs)
        self.confused.update(other.confused)
        self.rejected += other.rejected
        self.outside += other.outside
        self.destructive.extend(other.destructive)
        self.seconds.extend(other.seconds)

    def in_domain(self, leaving_out: Set[str] = frozenset()) -> tuple[int, int]:
        """Right and total over the intents not in ``leaving_out``."""
        kept = [name for name in self.total if name not in leaving_out]
        return sum(self.right[name] for name in kept), sum(self.total[name] for name in kept)


def read_labelled(path: Path) -> list[Labelled]:
    """The rows of a TSV with ``text`` and ``expected_intent`` columns."""
    with path.open(encoding="utf-8", newline="") as stream:
        rows = csv.DictReader(stream, delimiter="\t")
        return [Labelled(row["text"], row["expected_intent"]) for row in rows]


def score(matcher: Matcher, rows: Iterable[Labelled], destructive: Set[str]) -> Score:
    """Understand every sentence of ``rows`` and count how it went."""
    result = Score()
    for row in rows:
        started = time.perf_counter()
        understanding = matcher.understand(row.text, awaited=False)  # said out of the blue
        result.seconds.append(time.perf_counter() - started)
        got = understanding.intent if understanding else NOT_UNDERSTOOD
        if got in destructive and got != row.expected:
            result.destructive.append(row.text)
        if got != row.expected:
            result.confused[row.expected, got] += 1
        if row.expected == NOT_UNDERSTOOD:
            result.outside += 1
            result.rejected += got == NOT_UNDERSTOOD
            continue
        result.total[row.expected] += 1
        if understanding is not None and got == row.expected:
            result.right[got] += 1
            result.asked[got] += not understanding.sure
    return result

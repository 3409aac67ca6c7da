"""Every turn, searchable: full-text search over what was said, and forgetting it again.

Spoken words go into FTS5 queries only as quoted terms, so quotes, ``*``, ``NEAR`` or ``-``
in what the user said are searched for as words, never read as query syntax.
"""

import re
from collections.abc import Iterable
from datetime import datetime

from assistant.store.database import MemoryStore, TurnRecord, iso_seconds, placeholders

STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "my",
        "your",
        "our",
        "his",
        "her",
        "their",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "of",
        "about",
        "on",
        "in",
        "at",
        "to",
        "for",
        "and",
        "or",
        "with",
        "i",
        "me",
        "you",
        "we",
        "some",
        "any",
        "thing",
        "things",
        "stuff",
    ]
)
"""Words that say nothing about a topic ("the contract" searches for "contract")."""
QUIET_INTENTS = ("memory.search", "memory.forget", "memory.recall")
"""Questions about memory are not themselves remembered moments."""
_WORD = re.compile(r"\w+", re.UNICODE)


def topic_terms(topic: str) -> list[str]:
    """The words of ``topic`` worth searching for, in order, without repeats."""
    words = [w.casefold() for w in _WORD.findall(topic)]
    meaningful = [w for w in words if w not in STOP_WORDS] or words
    return list(dict.fromkeys(meaningful))


def fts_query(terms: Iterable[str], joiner: str = " AND ") -> str:
    """An FTS5 query that matches ``terms`` literally (each one quoted)."""
    return joiner.join('"' + term.replace('"', '""') + '"' for term in terms)


class Conversations:
    """The turns in the memory database, searched and forgotten."""

    def __init__(self, store: MemoryStore) -> None:
        self.store = store

    def search(self, topic: str, limit: int = 3, speaker: str | None = "user") -> list[TurnRecord]:
        """Turns that mention every word of ``topic``, newest first."""
        terms = topic_terms(topic)
        if not terms:
            return []
        sql = (
            "select turns.id, turns.at, turns.speaker, turns.text, turns.intent from turns"
            " join turns_fts on turns_fts.rowid = turns.id"
            " where turns_fts match ? and (? is null or turns.speaker = ?)"
            f" and coalesce(turns.intent, '') not in ({placeholders(QUIET_INTENTS)})"
            " order by turns.id desc limit ?"
        )
        parameters = [fts_query(terms), speaker, speaker, *QUIET_INTENTS, limit]
        with self.store.transaction() as db:
            return [TurnRecord(**row) for row in db.query(sql, parameters)]

    def between(self, start: datetime, end: datetime, limit: int = 3) -> list[TurnRecord]:
        """What the user said in ``[start, end)``, newest first."""
        sql = (
            "select id, at, speaker, text, intent from turns"
            " where at >= ? and at < ? and speaker = 'user'"
            f" and coalesce(intent, '') not in ({placeholders(QUIET_INTENTS)})"
            " order by id desc limit ?"
        )
        parameters = [iso_seconds(start), iso_seconds(end), *QUIET_INTENTS, limit]
        with self.store.transaction() as db:
            return [TurnRecord(**row) for row in db.query(sql, parameters)]

    def ids_mentioning(self, words: Iterable[str]) -> list[int]:
        """Every turn (either speaker) that mentions all of ``words``."""
        terms = [term for word in words for term in topic_terms(word)]
        if not terms:
            return []
        sql = "select rowid from turns_fts where turns_fts match ?"
        with self.store.transaction() as db:
            return [row["rowid"] for row in db.query(sql, [fts_query(terms)])]

    def ids_between(self, start: datetime, end: datetime) -> list[int]:
        """Every turn in ``[start, end)``."""
        sql = "select id from turns where at >= ? and at < ?"
        with self.store.transaction() as db:
            return [row["id"] for row in db.query(sql, [iso_seconds(start), iso_seconds(end)])]

    def forget(self, ids: Iterable[int]) -> int:
        """Remove these turns for good, from the table and from the search index."""
        wanted = sorted(set(ids))
        with self.store.transaction() as db:
            for start in range(0, len(wanted), 500):
                batch = wanted[start : start + 500]
                db.execute(f"delete from turns where id in ({placeholders(batch)})", batch)
        self.store.purge_deleted()
        return len(wanted)

"""How the user said they felt, and what they shared of their life, with the time; and asking
after them once, later.

A feeling is one word (lonely, sad, ...). What they share (a loss, a worry, good news, a bad
day) is kept as its kind, with what they said as it would be said back to them ("your grandad
died"). A follow-up is offered only for a feeling worth asking after, or for something shared,
at least ``FOLLOW_UP_AFTER`` after it was said and within ``FOLLOW_UP_WITHIN`` (a feeling) or
``SHARED_FOLLOW_UP_WITHIN`` (something shared); each is asked after once, and never more than
one a day. Something shared comes before a passing feeling.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from assistant.store.database import MemoryStore, iso_seconds, placeholders

WORTH_ASKING_AFTER = frozenset({"lonely", "sad", "stressed", "tired", "unwell", "angry", "bored"})
LOSS, WORRY, GOOD_NEWS, BAD_DAY = "loss", "worry", "good news", "bad day"
SHARED_KINDS = frozenset({LOSS, WORRY, GOOD_NEWS, BAD_DAY})
"""The kinds of things shared of a life; each is worth asking after."""
FOLLOW_UP_AFTER = timedelta(hours=4)
FOLLOW_UP_WITHIN = timedelta(days=3)
SHARED_FOLLOW_UP_WITHIN = timedelta(days=8)
ONE_TELLING = timedelta(hours=1)
"""Shared again within this, the same kind is the same thing told on ("my grandad died",
then "I really miss him"): the first telling is kept."""
LAST_FOLLOW_UP = "feelings.last_follow_up"
"""The setting that holds the day of the last follow-up (at most one a day)."""
_COLUMNS = "id, feeling, at, said"
_FELT = "(said is null or said = '')"


@dataclass(frozen=True)
class Feeling:
    """How the user said they felt, or something they shared."""

    id: int
    """Its row."""
    feeling: str
    """One word (lonely, sad, stressed, tired, happy, ...), or the kind of thing shared."""
    at: datetime
    """When they said it."""
    said: str = ""
    """For something shared, what they said, as said back to them; empty for a feeling."""

    @property
    def shared(self) -> bool:
        """True for something shared of their life, rather than a feeling."""
        return bool(self.said)


class Feelings:
    """The feelings, and what was shared, in the memory database."""

    def __init__(self, store: MemoryStore) -> None:
        self.store = store

    def note(self, feeling: str, at: datetime, turn: int | None) -> None:
        """Keep that the user felt ``feeling`` at ``at``."""
        self._insert({"feeling": feeling, "at": iso_seconds(at), "turn": turn})

    def note_shared(self, kind: str, said: str, at: datetime, turn: int | None) -> None:
        """Keep that the user shared something of ``kind`` at ``at`` (``said`` as said back),
        unless it goes on with what they just shared (``ONE_TELLING``)."""
        latest = self.latest_shared()
        if latest is not None and latest.feeling == kind and at - latest.at < ONE_TELLING:
            return
        self._insert({"feeling": kind, "said": said, "at": iso_seconds(at), "turn": turn})

    def _insert(self, row: dict[str, object]) -> None:
        with self.store.transaction() as db:
            db.table("feelings").insert(row)

    def latest(self) -> Feeling | None:
        """The newest feeling said, if any."""
        return self._newest(_FELT)

    def latest_shared(self) -> Feeling | None:
        """The newest thing shared, if any."""
        return self._newest(f"not {_FELT}")

    def _newest(self, where: str) -> Feeling | None:
        sql = f"select {_COLUMNS} from feelings where {where} order by id desc limit 1"
        with self.store.transaction() as db:
            rows = list(db.query(sql))
        return _feeling(rows[0]) if rows else None

    def follow_up(self, now: datetime) -> Feeling | None:
        """Something to ask after now, marked as asked after; ``None`` when there is none."""
        if self.store.get_setting(LAST_FOLLOW_UP) == now.date().isoformat():
            return None
        for candidate in (self.latest_shared(), self.latest()):
            if candidate is not None and _due(candidate, now) and not self._asked_after(candidate):
                self._mark_asked(candidate, now)
                return candidate
        return None

    def _mark_asked(self, feeling: Feeling, now: datetime) -> None:
        with self.store.transaction() as db:
            db.execute(
                "update feelings set followed_up = ? where id = ?", [iso_seconds(now), feeling.id]
            )
        self.store.set_setting(LAST_FOLLOW_UP, now.date().isoformat())

    def _asked_after(self, feeling: Feeling) -> bool:
        sql = "select followed_up from feelings where id = ?"
        with self.store.transaction() as db:
            rows = list(db.query(sql, [feeling.id]))
        return bool(rows and rows[0]["followed_up"])

    def all(self) -> list[Feeling]:
        """Every feeling said and everything shared, oldest first."""
        with self.store.transaction() as db:
            return [_feeling(row) for row in db.query(f"select {_COLUMNS} from feelings")]

    def mentioning(self, words: list[str]) -> list[Feeling]:
        """What was shared that mentions every one of ``words``."""
        wanted = [word.casefold() for word in words]
        return [f for f in self.all() if f.shared and all(w in f.said.casefold() for w in wanted)]

    def turns(self) -> set[int]:
        """The turns in which feelings were said or things shared."""
        sql = "select turn from feelings where turn is not null"
        with self.store.transaction() as db:
            return {int(row["turn"]) for row in db.query(sql)}

    def forget(self, feelings: Iterable[Feeling]) -> int:
        """Forget these feelings; returns how many."""
        ids = [feeling.id for feeling in feelings]
        sql = f"delete from feelings where id in ({placeholders(ids)})"
        with self.store.transaction() as db:
            return db.execute(sql, ids).rowcount if ids else 0

    def forget_between(self, start: datetime, end: datetime) -> int:
        """Forget the feelings said, and what was shared, in ``[start, end)``; returns how
        many."""
        sql = "delete from feelings where at >= ? and at < ?"
        with self.store.transaction() as db:
            return db.execute(sql, [iso_seconds(start), iso_seconds(end)]).rowcount


def _due(feeling: Feeling, now: datetime) -> bool:
    age = now - feeling.at
    if feeling.shared:
        return FOLLOW_UP_AFTER <= age <= SHARED_FOLLOW_UP_WITHIN
    return feeling.feeling in WORTH_ASKING_AFTER and FOLLOW_UP_AFTER <= age <= FOLLOW_UP_WITHIN


def _feeling(row: dict[str, object]) -> Feeling:
    return Feeling(
        int(str(row["id"])),
        str(row["feeling"]),
        datetime.fromisoformat(str(row["at"])),
        str(row["said"] or ""),
    )

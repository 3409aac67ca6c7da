"""How the user said they felt, with the time, and asking after them once, later.

A follow-up is offered only for a feeling worth asking after (lonely, sad, ...), at least
``FOLLOW_UP_AFTER`` after it was said and within ``FOLLOW_UP_WITHIN``; each feeling is asked
after once, and never more than once a day.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from assistant.store.database import MemoryStore, iso_seconds

WORTH_ASKING_AFTER = frozenset({"lonely", "sad", "stressed", "tired", "unwell", "angry", "bored"})
FOLLOW_UP_AFTER = timedelta(hours=4)
FOLLOW_UP_WITHIN = timedelta(days=3)
LAST_FOLLOW_UP = "feelings.last_follow_up"
"""The setting that holds the day of the last follow-up (at most one a day)."""


@dataclass(frozen=True)
class Feeling:
    """How the user said they felt."""

    id: int
    """Its row."""
    feeling: str
    """One word: lonely, sad, stressed, tired, happy, ..."""
    at: datetime
    """When they said it."""


class Feelings:
    """The feelings in the memory database."""

    def __init__(self, store: MemoryStore) -> None:
        self.store = store

    def note(self, feeling: str, at: datetime, turn: int | None) -> None:
        """Keep that the user felt ``feeling`` at ``at``."""
        row = {"feeling": feeling, "at": iso_seconds(at), "turn": turn}
        with self.store.transaction() as db:
            db.table("feelings").insert(row)

    def latest(self) -> Feeling | None:
        """The newest feeling said, if any."""
        sql = "select id, feeling, at from feelings order by id desc limit 1"
        with self.store.transaction() as db:
            rows = list(db.query(sql))
        return _feeling(rows[0]) if rows else None

    def follow_up(self, now: datetime) -> Feeling | None:
        """A feeling to ask after now, marked as asked after; ``None`` when there is none."""
        if self.store.get_setting(LAST_FOLLOW_UP) == now.date().isoformat():
            return None
        latest = self.latest()
        if latest is None or not _due(latest, now) or self._asked_after(latest):
            return None
        with self.store.transaction() as db:
            db.execute(
                "update feelings set followed_up = ? where id = ?", [iso_seconds(now), latest.id]
            )
        self.store.set_setting(LAST_FOLLOW_UP, now.date().isoformat())
        return latest

    def _asked_after(self, feeling: Feeling) -> bool:
        sql = "select followed_up from feelings where id = ?"
        with self.store.transaction() as db:
            rows = list(db.query(sql, [feeling.id]))
        return bool(rows and rows[0]["followed_up"])

    def all(self) -> list[Feeling]:
        """Every feeling said, oldest first."""
        with self.store.transaction() as db:
            return [_feeling(row) for row in db.query("select id, feeling, at from feelings")]

    def turns(self) -> set[int]:
        """The turns in which feelings were said."""
        sql = "select turn from feelings where turn is not null"
        with self.store.transaction() as db:
            return {int(row["turn"]) for row in db.query(sql)}

    def forget_between(self, start: datetime, end: datetime) -> int:
        """Forget the feelings said in ``[start, end)``; returns how many."""
        sql = "delete from feelings where at >= ? and at < ?"
        with self.store.transaction() as db:
            return db.execute(sql, [iso_seconds(start), iso_seconds(end)]).rowcount


def _due(feeling: Feeling, now: datetime) -> bool:
    age = now - feeling.at
    return feeling.feeling in WORTH_ASKING_AFTER and FOLLOW_UP_AFTER <= age <= FOLLOW_UP_WITHIN


def _feeling(row: dict[str, object]) -> Feeling:
    return Feeling(int(str(row["id"])), str(row["feeling"]), datetime.fromisoformat(str(row["at"])))

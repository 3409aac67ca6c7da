"""Facts the user tells the assistant about themselves and the people in their life.

A fact is (subject, relation, value): ("sister", "name", "Anna"), ("me", "birthday", "3 May"),
("me", "note", "you're allergic to peanuts"). A newer fact replaces the older one for the same
subject and relation (the older is kept, marked superseded, so that forgetting finds every
value ever said); notes and allergies accumulate. Each fact names the turn it came from.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from assistant.store.database import MemoryStore, iso_seconds, placeholders

ME = "me"
NAME = "name"
BIRTHDAY = "birthday"
WORKPLACE = "workplace"
NOTE = "note"
JOB = "job"
HOME = "home"
HOMETOWN = "hometown"
NICKNAME = "nickname"
"""What others call the user ("everyone calls me jonno")."""
ALLERGY = "allergy"
AGE = "age"
"""An age, as told; the fact's ``at`` says when, so it can be grown (see ``age_now``)."""
CHILD_COUNT = "children"
"""How many children the user has ("we have two kids")."""
COUNTS = {
    "child": CHILD_COUNT,
    "son": "sons",
    "daughter": "daughters",
    "grandchild": "grandchildren",
    "grandson": "grandsons",
    "granddaughter": "granddaughters",
}
"""For each kind of child, the relation that keeps how many the user has."""
FAVOURITE = "favourite "
"""The start of a favourite's relation: "favourite colour"."""
ACCUMULATING = frozenset({NOTE, ALLERGY})
"""Relations that keep every value instead of the newest only."""
PETS = frozenset(
    ["dog", "cat", "rabbit", "hamster", "parrot", "budgie", "horse", "tortoise", "guinea pig"]
    + ["goldfish", "puppy", "kitten"]
)
"""Subjects that are animals: named, but not people."""
CHILDREN = frozenset(["child", "son", "daughter", "grandchild", "grandson", "granddaughter"])
"""Subjects that are the user's children: several may be named, so their names accumulate."""
_CURRENT = "superseded is null"
_FIELDS = "subject, relation, value, turn, at"


@dataclass(frozen=True)
class Fact:
    """One thing the assistant knows."""

    subject: str
    """Whom it is about: ``"me"`` (the user) or a relation such as ``"sister"``."""
    relation: str
    """What about them: name, birthday, workplace, or a free note."""
    value: str
    """The value, as the user gave it."""
    turn: int | None = None
    """The turn it came from."""
    at: str = ""
    """When it was learned, ISO 8601."""


@dataclass(frozen=True)
class Learned:
    """What learning a fact changed."""

    fact: Fact
    """The fact as kept."""
    replaced: str | None = None
    """The value it had before, when it had a different one."""
    already_known: bool = False
    """True when exactly this was known already."""


class FactBook:
    """The facts, in the memory database."""

    def __init__(self, store: MemoryStore) -> None:
        self.store = store

    def learn(self, fact: Fact, at: datetime) -> Learned:
        """Keep ``fact``; a fact for the same subject and relation is replaced."""
        fact = Fact(fact.subject, fact.relation, fact.value, fact.turn, iso_seconds(at))
        replaces = not accumulates(fact)
        with self.store.transaction() as db:
            known = _known_values(db, fact)
            if any(value.casefold() == fact.value.casefold() for value in known.values()):
                return Learned(fact, already_known=True)
            if replaces:
                sql = f"update facts set superseded = ? where id in ({placeholders(known)})"
                db.execute(sql, [fact.at, *known])
            db.table("facts").insert(_row(fact))
            if fact.subject not in (ME, *PETS) and fact.relation == NAME:
                _keep_person(db, fact)
        replaced = next(iter(known.values())) if known and replaces else None
        return Learned(fact, replaced=replaced)

    def get(self, subject: str, relation: str) -> Fact | None:
        """The newest fact for ``subject`` and ``relation``."""
        sql = (
            f"select {_FIELDS} from facts where lower(subject) = lower(?) and relation = ?"
            f" and {_CURRENT} order by id desc limit 1"
        )
        with self.store.transaction() as db:
            rows = list(db.query(sql, [subject, relation]))
        return Fact(**rows[0]) if rows else None

    def all(self) -> list[Fact]:
        """Every current fact, oldest first."""
        sql = f"select {_FIELDS} from facts where {_CURRENT} order by id"
        with self.store.transaction() as db:
            return [Fact(**row) for row in db.query(sql)]

    def every(self) -> list[Fact]:
        """Every fact, the replaced ones too, oldest first."""
        with self.store.transaction() as db:
            return [Fact(**row) for row in db.query(f"select {_FIELDS} from facts order by id")]

    def history(self, subject: str, relation: str) -> list[Fact]:
        """Every value ever said for ``subject`` and ``relation``, the replaced ones too."""
        sql = f"select {_FIELDS} from facts where lower(subject) = lower(?) and relation = ?"
        with self.store.transaction() as db:
            return [Fact(**row) for row in db.query(sql, [subject, relation])]

    def of(self, relation: str) -> list[Fact]:
        """The current facts with ``relation``, about anyone, oldest first."""
        return [fact for fact in self.all() if fact.relation == relation]

    def matching(self, words: Iterable[str]) -> list[Fact]:
        """Facts, replaced ones too, whose value or subject holds every one of ``words``."""
        wanted = [word.casefold() for word in words if word]
        return [
            fact
            for fact in self.every()
            if wanted and all(w in f"{fact.subject} {fact.value}".casefold() for w in wanted)
        ]

    def forget(self, facts: Iterable[Fact]) -> int:
        """Remove these facts (and a person known only through them); returns how many."""
        removed = 0
        with self.store.transaction() as db:
            for fact in facts:
                cursor = db.execute(
                    "delete from facts where lower(subject) = lower(?) and relation = ?"
                    " and value = ?",
                    [fact.subject, fact.relation, fact.value],
                )
                removed += cursor.rowcount
                if fact.subject != ME and fact.relation == NAME:
                    db.execute(
                        "delete from people where relation = ? and name = ?",
                        [fact.subject, fact.value],
                    )
        return removed

    def people(self) -> list[tuple[str, str]]:
        """Everyone the user has named or written to, as (name, email); the email is ""
        when unknown. (People who only write to the user are not among them.)"""
        sql = "select name, email from people where source != 'mail' or sent > 0 order by id"
        with self.store.transaction() as db:
            rows = list(db.query(sql))
        return [(str(row["name"]), str(row["email"] or "")) for row in rows]

    def between(self, start: datetime, end: datetime) -> list[Fact]:
        """Facts learned in ``[start, end)``, the replaced ones too."""
        return [f for f in self.every() if start <= datetime.fromisoformat(f.at) < end]


def accumulates(fact: Fact) -> bool:
    """Whether ``fact`` is kept beside the others of its kind (allergies, children's and
    pets' names: "i have 2 cats, salt and pepper") rather than replacing them."""
    named_many = fact.subject in CHILDREN or fact.subject in PETS
    return fact.relation in ACCUMULATING or (fact.relation == NAME and named_many)


def _row(fact: Fact) -> dict[str, object]:
    return {
        "subject": fact.subject,
        "relation": fact.relation,
        "value": fact.value,
        "turn": fact.turn,
        "at": fact.at,
    }


def _known_values(db: Database, fact: Fact) -> dict[int, str]:
    """Row id -> value of the facts about the same thing, newest first."""
    sql = (
        "select id, value from facts where lower(subject) = lower(?) and relation = ?"
        f" and {_CURRENT} order by id desc"
    )
    return {row["id"]: row["value"] for row in db.query(sql, [fact.subject, fact.relation])}


def _keep_person(db: Database, fact: Fact) -> None:
    """The person named by a relation joins the people table (mail adds addresses later)."""
    if fact.subject not in CHILDREN:
        db.execute(
            "delete from people where relation = ? and source = 'conversation'", [fact.subject]
        )
    db.table("people").insert(
        {
            "name": fact.value,
            "relation": fact.subject,
            "email": None,
            "source": "conversation",
            "at": fact.at,
        }
    )

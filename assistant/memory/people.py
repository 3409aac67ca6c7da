"""The people in the user's life: those they named ("my sister Anna") and those mail shows
they write to and hear from, with addresses and how often and how lately.

What mail teaches is worked out again after every check, from the header cache of the
accounts the user added (nothing else): newsletters, notifications and junk senders never
become people, and a person named in conversation gains the address of mail from someone of
that name. An address the user asked to forget is kept only as a hash, so it is not learned
again.
"""

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlite_utils import Database

from assistant.store.database import MemoryStore

QUIET_AFTER = timedelta(days=30)
"""How long without a letter from the user before someone counts as "not written to"."""
MAIL, CONVERSATION = "mail", "conversation"
_COLUMNS = "id, name, relation, email, source, account, sent, received, last_sent, last_received"


@dataclass(frozen=True)
class Person:
    """Someone the user knows."""

    id: int
    """Their row."""
    name: str
    """How they are called ("Amy Pond", or "Anna" as the user said it)."""
    relation: str = ""
    """What they are to the user ("sister"), when the user said so."""
    email: str = ""
    """Their address, once mail shows it."""
    sent: int = 0
    """How many mails the user has sent them."""
    received: int = 0
    """How many mails the user has had from them."""
    last_sent: datetime | None = None
    """When the user last wrote to them."""
    last_received: datetime | None = None
    """When they last wrote to the user."""

    @property
    def first_name(self) -> str:
        """The first word of their name, as said to the user."""
        return self.name.split()[0] if self.name.split() else self.name


class Correspondence(Protocol):
    """What mail shows of one address (the mail domain works it out; the runtime passes it in)."""

    @property
    def address(self) -> str:
        """The address, lower case."""
        ...

    @property
    def name(self) -> str:
        """The name they go by, from the mail's From."""
        ...

    @property
    def account(self) -> str:
        """The account the mail is in."""
        ...

    @property
    def sent(self) -> Sequence[str]:
        """Dates (ISO 8601) of the mails the user sent them."""
        ...

    @property
    def received(self) -> Sequence[str]:
        """Dates (ISO 8601) of the mails they sent the user."""
        ...


MailShows = Callable[[], Mapping[str, Correspondence]]
"""Who the user writes to and hears from, by address, as mail shows it."""


def no_mail() -> Mapping[str, Correspondence]:
    """No mail is known (no source of it was passed in)."""
    return {}


class People:
    """The people table."""

    def __init__(self, store: MemoryStore, mail_shows: MailShows = no_mail) -> None:
        self.store = store
        self.mail_shows = mail_shows

    def all(self) -> list[Person]:
        """Everyone, in the order they were learned."""
        with self.store.transaction() as db:
            return [_person(row) for row in db.query(f"select {_COLUMNS} from people order by id")]

    def named(self, words: str) -> list[Person]:
        """Those called ``words`` ("Amy", "amy pond") or related so ("sister"), best first."""
        wanted = " ".join(words.casefold().split())
        found = [p for p in self.all() if wanted in (p.relation.casefold(), p.name.casefold())]
        found += [
            p
            for p in self.all()
            if p not in found and wanted and wanted in (p.first_name.casefold(), p.email)
        ]
        return sorted(found, key=lambda p: -(p.sent + p.received))

    def quiet(self, now: datetime, after: timedelta = QUIET_AFTER) -> list[Person]:
        """People the user has written to, or named, not written to for ``after``; the
        longest silence first. Someone who only ever wrote to the user is never among them."""
        since = now - after
        quiet = [
            p
            for p in self.all()
            if p.email and (p.sent or p.relation) and (p.last_sent is None or p.last_sent < since)
        ]
        return sorted(quiet, key=lambda p: p.last_sent or datetime.min.replace(tzinfo=now.tzinfo))

    def learn_from_mail(self) -> int:
        """Work the people out again from the cached mail of every account the user added;
        returns how many people mail shows."""
        return self.learn_from(self.mail_shows())

    def learn_from(self, found: Mapping[str, Correspondence]) -> int:
        """Work the people out again from who mail shows, by address."""
        with self.store.transaction() as db:
            forgotten = {
                str(row["digest"]) for row in db.query("select digest from unlearned_addresses")
            }
            kept = {a: c for a, c in found.items() if digest(a) not in forgotten}
            _update_known(db, kept)
            _name_addresses(db, kept)
            _add_new(db, kept)
            _drop_unseen(db, kept)
        return len(kept)

    def give_address(self, person: Person, address: str | None) -> None:
        """Keep ``address`` as the address of ``person`` (``None``: none), as the user said."""
        with self.store.transaction() as db:
            if address is not None:
                db.execute("delete from people where email = ? and source = ?", [address, MAIL])
            db.table("people").update(person.id, {"email": address})

    def forget(self, person: Person) -> None:
        """Forget ``person``; their address is not learned from mail again."""
        with self.store.transaction() as db:
            db.execute("delete from people where id = ?", [person.id])
            if person.email:
                db.table("unlearned_addresses").upsert(
                    {"digest": digest(person.email)}, pk="digest"
                )


def digest(address: str) -> str:
    """An address, hashed: enough to recognise it again, not to read it."""
    return hashlib.sha256(address.casefold().encode()).hexdigest()


def _row(seen: Correspondence) -> dict[str, object]:
    """The people-table columns mail fills in."""
    return {
        "email": seen.address,
        "account": seen.account,
        "sent": len(seen.sent),
        "received": len(seen.received),
        "last_sent": max(filter(None, seen.sent), default=None),
        "last_received": max(filter(None, seen.received), default=None),
    }


def name_from_address(address: str) -> str:
    """ "bob.smith@example.org" -> "Bob Smith", for someone only ever written to."""
    local = address.partition("@")[0].replace(".", " ").replace("_", " ").replace("-", " ")
    return " ".join(word.capitalize() for word in local.split() if word.isalpha()) or address


def _update_known(db: Database, found: Mapping[str, Correspondence]) -> None:
    for row in list(db.query("select id, email from people where email is not null")):
        seen = found.get(str(row["email"]).casefold())
        if seen is not None:
            db.table("people").update(row["id"], _row(seen))


def _name_addresses(db: Database, found: Mapping[str, Correspondence]) -> None:
    """A person the user named ("my sister Anna") gains the address of an Anna the user has
    written to; a display name alone, which anyone can forge, never binds an address."""
    known = {
        str(row["email"]) for row in db.query("select email from people where email is not null")
    }
    sql = "select id, name from people where email is null and source = ?"
    for row in list(db.query(sql, [CONVERSATION])):
        first = _first_word(str(row["name"]))
        matches = [
            c
            for c in found.values()
            if c.sent
            and c.address not in known
            and _first_word(c.name or name_from_address(c.address)) == first
        ]
        if matches:
            best = max(matches, key=lambda c: len(c.sent) + len(c.received))
            db.table("people").update(row["id"], _row(best))
            known.add(best.address)


def _first_word(name: str) -> str:
    """The first word of ``name``, casefolded ("" for no name)."""
    words = name.casefold().split()
    return words[0] if words else ""


def _add_new(db: Database, found: Mapping[str, Correspondence]) -> None:
    known = {
        str(row["email"]) for row in db.query("select email from people where email is not null")
    }
    for address, seen in found.items():
        if address not in known:
            name = seen.name or name_from_address(address)
            at = (
                max([*seen.sent, *seen.received], default="")
                or datetime.now().astimezone().isoformat()
            )
            db.table("people").insert({"name": name, "source": MAIL, "at": at, **_row(seen)})


def _drop_unseen(db: Database, found: Mapping[str, Correspondence]) -> None:
    """Someone known only from mail that is no longer in any added account goes."""
    for row in list(db.query("select id, email from people where source = ?", [MAIL])):
        if str(row["email"]) not in found:
            db.execute("delete from people where id = ?", [row["id"]])


def _person(row: dict[str, object]) -> Person:
    return Person(
        int(str(row["id"])),
        str(row["name"]),
        str(row["relation"] or ""),
        str(row["email"] or ""),
        int(str(row["sent"] or 0)),
        int(str(row["received"] or 0)),
        _moment(row["last_sent"]),
        _moment(row["last_received"]),
    )


def _moment(value: object) -> datetime | None:
    return datetime.fromisoformat(str(value)) if value else None

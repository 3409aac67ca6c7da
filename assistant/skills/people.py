"""memory.person: who someone is, when the user last wrote to them or heard from them, and
who they have not written to in a while; answered from what mail and conversation taught.

Someone the user named ("my sister Anna") is given an address only when the user has written to
it, or says yes when asked: mail signed "Anna" is offered, never taken on its own, since anyone
can put any name on a mail."""

from collections.abc import Callable
from datetime import datetime

from assistant.mail.triage import JUNK, NEWSLETTER, classify
from assistant.memory.people import Person
from assistant.memory.words import relation_kept, without_side_word
from assistant.skills.contract import Outcome, PendingAction, Registry, Request, UndoRecord
from assistant.spoken import counted, listed, spoken_when

SKILLS = Registry()
"""The intents this module handles, with what each does."""

QUIET_NAMED = 5
"""How many people "who have I not written to" names at most."""
Answer = Callable[[Person, datetime], str]


@SKILLS.handles("memory.person", changes_things=True)  # it may offer to keep an address
def person(request: Request) -> Outcome:
    """Answer about one person, or name those not written to lately."""
    for slot, answer in (("writing", _last_wrote), ("hearing", _last_heard), ("someone", who_is)):
        if request.slot(slot):
            return _about(request, request.slot(slot), answer)
    return Outcome(_quiet(request))


def whom(said: str) -> str:
    """ "my sister" -> "sister", "my oldest friend" -> "friend", "my mum" -> "mother"; "Amy"
    stays."""
    said = said.strip()
    return relation_kept(without_side_word(said[3:])) if said.casefold().startswith("my ") else said


def _about(request: Request, said: str, answer: Answer) -> Outcome:
    """``answer`` about the person ``said`` names; "who is" may also offer an address."""
    found = request.services.memory.people.named(whom(said))
    if not found:
        return Outcome(f"I don't know anyone called {said}.")
    told = answer(found[0], request.services.clock.now())
    offered = _offered_address(request, found[0]) if answer is who_is else None
    return _offer(request, found[0], told, offered) if offered else Outcome(told)


def _offered_address(request: Request, person: Person) -> tuple[str, str] | None:
    """Mail (not junk, not a newsletter) from someone with the first name of a person the
    user named who has no address yet: (their name, their address), to be asked about."""
    if person.email or not person.relation or not request.services.mail.accounts():
        return None  # no mail to look in: who they are is answer enough
    known = {p.email for p in request.services.memory.people.all() if p.email}
    first = person.first_name.casefold()
    for message in request.services.mail.inbox():
        name, address = message.sender_name, message.sender_address.casefold()
        named = name.casefold().split()[:1] == [first]
        if named and address not in known and classify(message, set()) not in (JUNK, NEWSLETTER):
            return name, address
    return None


def _offer(request: Request, person: Person, told: str, offered: tuple[str, str]) -> Outcome:
    """Say who the person is, and ask whether the mail signed with their name is theirs."""
    name, address = offered
    whose = f"your {person.relation}'s"
    question = (
        f"{told} Mail came from {name} at {address}, but a name on a mail can be anyone's. "
        f"Is that {whose} address?"
    )
    people = request.services.memory.people

    def keep(_progress: object) -> Outcome:
        people.give_address(person, address)
        record = UndoRecord(
            "memory.person",
            f"keeping {address} as {whose} address",
            lambda: _forgot_address(request, person, address),
        )
        return Outcome(f"Okay, {address} is {whose} address.", done="address kept", undo=record)

    plan = PendingAction("memory.person", question, (f"{person.name}: {address}",), keep)
    return Outcome(question, plan=plan)


def _forgot_address(request: Request, person: Person, address: str) -> str:
    """Undo keeping ``address`` for ``person``."""
    request.services.memory.people.give_address(person, None)
    return f"I've let go of {address}; I don't have an address for {person.name}."


def who_is(person: Person, now: datetime) -> str:
    """Who someone is: their name, relation and address, and the mail each way."""
    parts = [person.name]
    if person.relation:
        parts.append(f"your {person.relation}")
    if person.email:
        parts.append(f"at {person.email}")
    said = ", ".join(parts) + "."
    if person.received:
        said += f" {_heard(person, now)}"
    if person.sent:
        said += f" {_wrote(person, now)}"
    return said


def _last_wrote(person: Person, now: datetime) -> str:
    if not person.sent:
        return f"You haven't written to {person.name} from any account I know."
    return _wrote(person, now)


def _last_heard(person: Person, now: datetime) -> str:
    if not person.received:
        return f"{person.name} hasn't written to you in any account I know."
    return _heard(person, now)


def _wrote(person: Person, now: datetime) -> str:
    when = spoken_when(person.last_sent, now) if person.last_sent else "at some point"
    return f"You last wrote to {person.first_name} {when} ({_mails(person.sent)} in all)."


def _heard(person: Person, now: datetime) -> str:
    when = spoken_when(person.last_received, now) if person.last_received else "at some point"
    return f"{person.first_name} last wrote to you {when} ({_mails(person.received)} in all)."


def _mails(count: int) -> str:
    return counted(count, "mail", "mails")


def _quiet(request: Request) -> str:
    now = request.services.clock.now()
    quiet = request.services.memory.people.quiet(now)[:QUIET_NAMED]
    if not quiet:
        return "There's no one you write to that you haven't written to lately."
    return f"You haven't written in a while to {listed([_since(p, now) for p in quiet])}."


def _since(person: Person, now: datetime) -> str:
    if person.last_sent is None:
        return f"{person.name} (you never have, but they wrote to you)"
    return f"{person.name} (not since {spoken_when(person.last_sent, now).removeprefix('on ')})"

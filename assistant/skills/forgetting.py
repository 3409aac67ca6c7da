"""memory.forget: forgetting for good, on yes: the facts (every value ever said, the replaced
ones too), the people, the feelings, and every moment of conversation that mentions them,
the assistant's own read-backs included. The search index is rebuilt without them."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from assistant.files.periods import period
from assistant.memory.conversation import topic_terms
from assistant.memory.facts import BIRTHDAY, CHILDREN, ME, NAME, Fact
from assistant.memory.feelings import Feeling
from assistant.memory.people import Person
from assistant.memory.spoken_facts import said_back
from assistant.skills.contract import Outcome, PendingAction, Registry, Request
from assistant.skills.people import whom
from assistant.skills.services import Services
from assistant.spoken import second_person, spoken_day_and_month

SKILLS = Registry()
"""The intents this module handles, with what each does."""

BIRTHDAY_WORDS = frozenset({"birthday", "my birthday", "date of birth", "birth date"})
MY_FACTS = {"name": NAME, "birthday": BIRTHDAY}
"""What "forget my ..." may name about the user, besides what ``memory.ask`` knows."""
NOT_SURE_WHAT = (
    'I\'m not sure what to forget. You could say "forget what I told you about the contract", '
    '"forget everything from today" or "forget everything you know about me".'
)


@dataclass(frozen=True)
class Forgetting:
    """What a request to forget would remove."""

    facts: list[Fact]
    """Every fact to go, replaced values included."""
    find_turns: Callable[[], set[int]]
    """The turns to forget; asked again on yes, so the plan's own read-back goes too."""
    what: str
    """What is forgotten, in a few words ("your sister's name", "the contract")."""
    names_the_fact: bool = False
    """True when ``what`` is the fact itself ("your sister's name"), not a topic."""
    people: list[Person] = field(default_factory=list)
    """People to forget (their address is not learned from mail again)."""
    feelings: tuple[datetime, datetime] | None = None
    """The span whose feelings go too, if any."""
    shared: list[Feeling] = field(default_factory=list)
    """What the user shared of their life that mentions it ("your grandad died")."""
    unknown_person: bool = False
    """True for "forget X" when X is no one it knows (nothing is planned then)."""
    felt: list[Feeling] = field(default_factory=list)
    """Feelings the topic names ("forget everything about feeling lonely")."""


@SKILLS.handles("memory.forget", changes_things=True, needs_two_hearings=True)
def forget(request: Request) -> Outcome:
    """Plan to forget facts and the moments that mention them; done only on yes."""
    forgetting = what_to_forget(request)
    turns = forgetting.find_turns()
    if forgetting.unknown_person:
        return Outcome(NOT_SURE_WHAT)
    if not (forgetting.facts or turns or forgetting.people or forgetting.shared or forgetting.felt):
        return Outcome(f"There's nothing about {forgetting.what} in my memory.")
    summary = f"I'd forget {_described(forgetting, len(turns))}. Shall I?"
    steps = tuple(
        [f"forget: {said_back(fact)}" for fact in forgetting.facts]
        + [f"forget {p.name}" + (f" ({p.email})" if p.email else "") for p in forgetting.people]
        + [f"forget that you felt {f.feeling} ({f.at:%A %-d %B})" for f in forgetting.felt]
        + [f"forget {len(turns)} moments of our conversations"] * bool(turns)
    )
    services = request.services
    plan = PendingAction(request.intent, summary, steps, lambda _p: _forget(services, forgetting))
    return Outcome(summary, plan=plan)


def what_to_forget(request: Request) -> Forgetting:
    """What the sentence asks to forget."""
    services = request.services
    relation, topic = request.slot("relation"), request.slot("topic")
    if relation and not _only_the_name(request):
        forgetting = _about_someone(services, f"my {relation}")
        nothing = Forgetting([], set, f"your {relation}")
        return nothing if forgetting.unknown_person else replace(forgetting, what=nothing.what)
    if relation:
        facts = services.memory.facts.history(relation, NAME)
        return _about_facts(services, facts, f"your {relation}'s name", [relation, "name"])
    if topic in BIRTHDAY_WORDS or topic in MY_FACTS:
        kind = MY_FACTS.get(topic, BIRTHDAY)
        facts = services.memory.facts.history(ME, kind)
        return _about_facts(services, facts, f"your {topic}", [])
    if request.slot("someone"):
        return _about_someone(services, request.slot("someone"))
    if "topic" in request.slots:
        return _about_topic(services, topic)
    if request.slot("date"):
        return _from_period(services, request.slot("date"))
    return _everything(services)


def _only_the_name(request: Request) -> bool:
    """ "forget my sister's name" (just that), not "forget my sister" (all about her)."""
    return "name" in request.context.words.casefold() or not request.context.words


def _about_topic(services: Services, topic: str) -> Forgetting:
    words = topic_terms(topic)
    found = services.memory.facts.matching(words) if words else []
    shared = services.memory.feelings.mentioning(words) if words else []
    felt = [f for f in services.memory.feelings.all() if f.feeling.casefold() in words]
    said = [words, *([f.feeling] for f in felt)]
    what = second_person(topic) or "that"
    return Forgetting(found, _mentioning(services, said), what, shared=shared, felt=felt)


def _from_period(services: Services, when: str) -> Forgetting:
    memory = services.memory
    start, end = period(when, services.clock.now())
    return Forgetting(
        memory.facts.between(start, end),
        lambda: set(memory.conversations.ids_between(start, end)),
        when,
        feelings=(start, end),
    )


def _everything(services: Services) -> Forgetting:
    """Every fact about the user, the moments that mention them, and how they felt."""
    memory = services.memory
    facts = memory.facts.every()
    about_facts = _about_facts(services, facts, "you", []).find_turns
    felt = _mentioning(services, [[f.feeling] for f in memory.feelings.all()])
    return Forgetting(
        facts,
        lambda: about_facts() | felt() | memory.feelings.turns(),
        "you",
        feelings=(datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC)),
    )


def _about_someone(services: Services, said: str) -> Forgetting:
    """A person: their row, the facts about them, and every moment that names them."""
    people = services.memory.people.named(whom(said))
    names = _names_of(whom(said), people)
    phrases = _mention_phrases(names, people)
    about = [f for f in services.memory.facts.every() if _names(f, names, phrases)]
    if not people and not about:
        return _about_topic_if_told(services, said)
    mentions = [topic_terms(name) for name in names] + [[p.email] for p in people if p.email]
    turns = _about_facts(services, about, said, []).find_turns
    find_turns = _mentioning(services, mentions)
    return Forgetting(about, lambda: turns() | find_turns(), said, people=people)


def _about_topic_if_told(services: Services, said: str) -> Forgetting:
    """ "forget the contract" names no one: a topic, when a fact or something shared
    mentions it ("forget grandad")."""
    topic = _about_topic(services, said)
    if topic.facts or topic.shared:
        return topic
    return Forgetting([], set, said, unknown_person=True)


def _names_of(said: str, people: list[Person]) -> set[str]:
    """Every way the person is called: as said, their name, first name and relation (not
    "child": the other children are not this one)."""
    names = {said.casefold()} | {p.name.casefold() for p in people}
    names |= {p.first_name.casefold() for p in people}
    return names | {p.relation for p in people if p.relation and p.relation not in CHILDREN}


def _mention_phrases(names: set[str], people: list[Person]) -> re.Pattern[str]:
    """Whole words that mention the person in a fact's value: a name ("Quorra likes tulips"),
    or their relation with "my" or "your" ("your sister likes tulips")."""
    relations = {p.relation for p in people if p.relation and p.relation not in CHILDREN}
    phrases = [*(names - relations), *(f"{w} {r}" for r in relations for w in ("my", "your"))]
    alternatives = "|".join(re.escape(phrase) for phrase in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


def _names(fact: Fact, names: set[str], phrases: re.Pattern[str]) -> bool:
    """Whether ``fact`` is about one of ``names``, names one of them, or mentions them."""
    subject, value = fact.subject.casefold(), fact.value.casefold()
    return subject in names or value in names or phrases.search(fact.value) is not None


def _mentioning(services: Services, alternatives: list[list[str]]) -> Callable[[], set[int]]:
    """The turns that mention all the words of any one of ``alternatives``."""
    conversations = services.memory.conversations

    def find() -> set[int]:
        return {t for words in alternatives if words for t in conversations.ids_mentioning(words)}

    return find


def _about_facts(
    services: Services, facts: list[Fact], what: str, also_words: list[str]
) -> Forgetting:
    """The facts, the turns they came from, every turn that mentions a value as it was said
    or read back, and (with ``also_words``) every turn that mentions all of those words."""
    values = [[value] for fact in facts for value in _as_said(fact)]
    mentions = _mentioning(services, [*values, also_words])

    def find_turns() -> set[int]:
        return {fact.turn for fact in facts if fact.turn is not None} | mentions()

    return Forgetting(facts, find_turns, what, names_the_fact=bool(also_words))


def _as_said(fact: Fact) -> list[str]:
    """The value, and how it was read back ("3 May" -> "the 3rd of May")."""
    if fact.relation != BIRTHDAY:
        return [fact.value]
    return [fact.value, spoken_day_and_month(fact.value)]


def _described(forgetting: Forgetting, turns: int) -> str:
    parts = list(dict.fromkeys(p.name for p in forgetting.people))
    parts += [f"that you felt {word}" for word in dict.fromkeys(f.feeling for f in forgetting.felt)]
    if forgetting.facts:
        count = len(forgetting.facts)
        parts.append(
            forgetting.what
            if forgetting.names_the_fact
            else f"{count} thing{'s' * (count != 1)} you told me about {forgetting.what}"
        )
    if turns:
        parts.append(f"{turns} moment{'s' * (turns != 1)} of our conversations")
    return " and ".join(parts)


def _forget(services: Services, forgetting: Forgetting) -> Outcome:
    memory = services.memory
    facts = memory.facts.forget(forgetting.facts)
    for person in forgetting.people:
        memory.people.forget(person)
    if forgetting.feelings is not None:
        memory.feelings.forget_between(*forgetting.feelings)
    memory.feelings.forget([*forgetting.shared, *forgetting.felt])
    turns = memory.conversations.forget(forgetting.find_turns())
    return Outcome(
        "Done. It's gone from my memory, for good.",
        done=f"forgot {facts} facts, {len(forgetting.people)} people and {turns} turns",
    )

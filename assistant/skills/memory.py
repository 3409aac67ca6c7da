"""memory.*: facts the user tells it, what was said when, and forgetting on request."""

from collections.abc import Callable
from dataclasses import dataclass

from assistant.files.periods import period
from assistant.identity import tidy_name
from assistant.intents.context import Outcome, PendingAction
from assistant.memory.conversation import topic_terms
from assistant.memory.facts import BIRTHDAY, ME, NAME, NOTE, WORKPLACE, Fact, Learned
from assistant.memory.store import TurnRecord
from assistant.skills.base import REGISTRY, Request, Services
from assistant.spoken import (
    day_and_month,
    listed,
    quoted,
    second_person,
    sentence,
    spoken_day_and_month,
    spoken_when,
)

MAX_FACT_CHARS = 300
MOMENTS_SAID = 3
BIRTHDAY_WORDS = frozenset({"birthday", "my birthday", "date of birth", "birth date"})


@REGISTRY.handles("memory.remember")
def remember(request: Request) -> Outcome:
    """Keep a fact: a person's name, the user's birthday or workplace, or a note."""
    fact = _fact_from(request)
    if isinstance(fact, str):
        return Outcome(fact)
    services = request.services
    learned = services.memory.facts.learn(fact, services.clock.now())
    return Outcome(_learned_reply(learned), done=f"remembered {fact.relation} of {fact.subject}")


def _fact_from(request: Request) -> Fact | str:
    """The fact in the sentence, or a sentence saying why it cannot be kept."""
    turn = request.context.turn_row
    if request.slot("relation"):
        name = tidy_name(request.slot("person"))
        if name is None:
            return "That doesn't sound like a name to me. Could you say just the name?"
        return Fact(request.slot("relation"), NAME, name, turn)
    if request.slot("date"):
        day = day_and_month(request.slot("date"))
        if day is None:
            return 'I didn\'t catch a date there. You could say "the 3rd of May".'
        return Fact(ME, BIRTHDAY, day, turn)
    relation, said = (WORKPLACE, "workplace") if request.slot("workplace") else (NOTE, "fact")
    value = second_person(request.slot(said)).strip(" .")
    if not value:
        return "What should I remember?"
    if len(value) > MAX_FACT_CHARS:
        return "That's a lot to keep as one thing. Could you put it in a sentence?"
    return Fact(ME, relation, value, turn)


def _learned_reply(learned: Learned) -> str:
    fact = learned.fact
    if learned.already_known:
        return f"I know. {said_back(fact)}"
    if learned.replaced is not None:
        before, now = _value_as_said(fact, learned.replaced), _value_as_said(fact, fact.value)
        return f"I had {before}; I'll remember {now} now."
    if fact.relation == NOTE:
        return f"I'll remember that {fact.value}."
    return f"Got it. {said_back(fact)}"


def _value_as_said(fact: Fact, value: str) -> str:
    return spoken_day_and_month(value) if fact.relation == BIRTHDAY else value


def said_back(fact: Fact) -> str:
    """A fact as a sentence to the user: "Your sister is Anna."."""
    if fact.relation == NAME:
        return f"Your {fact.subject}'s name is {fact.value}."
    if fact.relation == BIRTHDAY:
        return f"Your birthday is on {spoken_day_and_month(fact.value)}."
    if fact.relation == WORKPLACE:
        return f"You work at {fact.value}."
    return sentence(fact.value)


@REGISTRY.handles("memory.recall")
def recall(request: Request) -> Outcome:
    """Answer from the facts: one asked for, or everything known about the user."""
    facts = request.services.memory.facts
    relation = request.slot("relation")
    if relation:
        fact = facts.get(relation, NAME)
        return Outcome(said_back(fact) if fact else f"You haven't told me your {relation}'s name.")
    if request.slot("topic") in BIRTHDAY_WORDS:
        fact = facts.get(ME, BIRTHDAY)
        return Outcome(said_back(fact) if fact else "You haven't told me your birthday.")
    known = facts.all()
    if not known:
        return Outcome("You haven't told me anything about yourself yet.")
    return Outcome(" ".join(said_back(fact) for fact in known))


@REGISTRY.handles("memory.search")
def search(request: Request) -> Outcome:
    """The moments that mention a topic, or what was said on a day; newest first, briefly."""
    services = request.services
    now = services.clock.now()
    when = request.slot("date")
    if when:
        start, end = period(when, now)
        said = services.memory.conversations.between(start, end, MOMENTS_SAID)
        if not said:
            return Outcome(f"I have nothing from {when}.")
        return Outcome(f"{when[0].upper()}{when[1:]} you said {_list_said(said)}.")
    topic = request.slot("topic")
    said = services.memory.conversations.search(topic, MOMENTS_SAID)
    if not said:
        return Outcome(f"I don't remember you mentioning {second_person(topic)}.")
    moments = [f"{spoken_when(turn.moment, now)} you said {quoted(turn.text)}" for turn in said]
    return Outcome(sentence("; before that, ".join(moments)))


def _list_said(turns: list[TurnRecord]) -> str:
    return listed([quoted(turn.text) for turn in turns])


@dataclass(frozen=True)
class _Forgetting:
    """What a request to forget would remove."""

    facts: list[Fact]
    find_turns: Callable[[], set[int]]
    """The turns to forget; asked again on yes, so the plan's own read-back goes too."""
    what: str
    """What is forgotten, in a few words ("your sister's name", "the contract")."""
    names_the_fact: bool = False
    """True when ``what`` is the fact itself ("your sister's name"), not a topic."""


def _no_turns() -> set[int]:
    return set()


@REGISTRY.handles("memory.forget")
def forget(request: Request) -> Outcome:
    """Plan to forget facts and the moments that mention them; done only on yes."""
    forgetting = _what_to_forget(request)
    turns = forgetting.find_turns()
    if not forgetting.facts and not turns:
        return Outcome(f"There's nothing about {forgetting.what} in my memory.")
    summary = f"I'd forget {_described(forgetting, len(turns))}. Shall I?"
    steps = tuple(
        [f"forget: {said_back(fact)}" for fact in forgetting.facts]
        + [f"forget {len(turns)} moments of our conversations"] * bool(turns)
    )
    services = request.services
    plan = PendingAction(request.intent, summary, steps, lambda _p: _forget(services, forgetting))
    return Outcome(summary, plan=plan)


def _what_to_forget(request: Request) -> _Forgetting:
    services = request.services
    memory, relation, topic = services.memory, request.slot("relation"), request.slot("topic")
    if relation:
        fact = memory.facts.get(relation, NAME)
        return _about_facts(services, [fact] if fact else [], f"your {relation}'s name")
    if topic in BIRTHDAY_WORDS:
        fact = memory.facts.get(ME, BIRTHDAY)
        return _about_facts(services, [fact] if fact else [], "your birthday")
    if "topic" in request.slots:
        words = topic_terms(topic)
        found = memory.facts.matching(words) if words else []
        return _Forgetting(found, _mentioning(services, words), second_person(topic) or "that")
    if request.slot("date"):
        start, end = period(request.slot("date"), services.clock.now())
        return _Forgetting(
            memory.facts.between(start, end),
            lambda: set(memory.conversations.ids_between(start, end)),
            request.slot("date"),
        )
    return _Forgetting(memory.facts.all(), _no_turns, "you")


def _mentioning(services: Services, words: list[str]) -> Callable[[], set[int]]:
    conversations = services.memory.conversations
    return lambda: set(conversations.ids_mentioning(words)) if words else set()


def _about_facts(services: Services, facts: list[Fact], what: str) -> _Forgetting:
    """The facts, the turns they came from, and every turn that mentions their values."""
    conversations = services.memory.conversations

    def find_turns() -> set[int]:
        turns = {fact.turn for fact in facts if fact.turn is not None}
        for fact in facts:
            turns.update(conversations.ids_mentioning([fact.value]))
        return turns

    return _Forgetting(facts, find_turns, what, names_the_fact=True)


def _described(forgetting: _Forgetting, turns: int) -> str:
    parts = []
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


def _forget(services: Services, forgetting: _Forgetting) -> Outcome:
    memory = services.memory
    facts = memory.facts.forget(forgetting.facts)
    turns = memory.conversations.forget(forgetting.find_turns())
    return Outcome(
        "Done. It's gone from my memory, for good.",
        done=f"forgot {facts} facts and {turns} turns",
    )

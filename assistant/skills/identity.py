"""identity.*: the assistant's name and taking a new one; the user's own name."""

from assistant.memory.facts import ME, NAME, Fact
from assistant.memory.told import facts_told, name_said
from assistant.persona.identity import tidy_name
from assistant.skills.contract import Outcome, Registry, Request

SKILLS = Registry()
"""The intents this module handles, with what each does."""

NOT_A_NAME = frozenset(["a", "an", "the", "back", "later", "tomorrow", "tonight", "soon", "now"])
"""First words of "call me a taxi", "call me back": requests, not names."""


@SKILLS.handles("identity.name")
def name(request: Request) -> Outcome:
    """Who the assistant is."""
    return Outcome(request.services.say("introduce"))


@SKILLS.handles("identity.rename", changes_things=True)
def rename(request: Request) -> Outcome:
    """Take the name the user gives."""
    services = request.services
    new_name = tidy_name(request.slot("name"))
    if new_name is None:
        return Outcome(services.say("bad_name"))
    if new_name == services.identity.name:
        return Outcome(services.say("same_name"))
    services.identity.rename(new_name)
    return Outcome(services.say("renamed"), done=f"renamed to {new_name}")


@SKILLS.handles("identity.user_name")
def user_name(request: Request) -> Outcome:
    """Learn (or change) what the user is called; it is kept as a fact about them."""
    said = request.slot("name") or _name_in(request.context.words)
    called = tidy_name(said)
    if called is None or not said or said.split()[0].casefold() in NOT_A_NAME:
        return Outcome(
            "I can't make calls or book things, I'm afraid. "
            'If you meant your name, say "my name is" and then your name.'
        )
    services = request.services
    learned = services.memory.facts.learn(
        Fact(ME, NAME, called, request.context.turn_row), services.clock.now()
    )
    if learned.already_known:
        return Outcome(f"I know, {called}.")
    if learned.replaced is not None:
        return Outcome(f"I had {learned.replaced}; I'll call you {called} now.")
    return Outcome(services.say("nice_to_meet", user=called), done="remembered your name")


@SKILLS.handles("identity.who_am_i")
def who_am_i(request: Request) -> Outcome:
    """The user's own name, when they have said it."""
    fact = request.services.memory.facts.get(ME, NAME)
    if fact is None:
        return Outcome("You haven't told me your name yet. What should I call you?")
    return Outcome(f"You're {fact.value}.")


def _name_in(words: str) -> str:
    """The user's name in a chatty line ("hey so I never told you my name, its Maya")."""
    told = [t.fact for t in facts_told(words)]
    names = [fact.value for fact in told if (fact.subject, fact.relation) == (ME, NAME)]
    return names[-1] if names else (name_said(words) or "")

"""identity.*: the assistant's name and taking a new one; the user's own name."""

from assistant.intents.when import find_moment
from assistant.memory.facts import ME, NAME, Fact
from assistant.memory.told import facts_told, name_said
from assistant.persona.identity import NOT_A_NAME, is_given_name, tidy_name
from assistant.skills.contract import Outcome, PendingAction, Registry, Request, UndoRecord
from assistant.skills.services import Services

SKILLS = Registry()
"""The intents this module handles, with what each does."""


@SKILLS.handles("identity.name")
def name(request: Request) -> Outcome:
    """Who the assistant is."""
    return Outcome(request.services.say("introduce"))


@SKILLS.handles("identity.rename", changes_things=True)
def rename(request: Request) -> Outcome:
    """Take the name the user gives."""
    services = request.services
    said = request.slot("name")
    if _about_a_call(said, services):
        return Outcome(services.say("not_a_call"))
    new_name = tidy_name(said)
    if new_name is None:
        return Outcome(services.say("bad_name"))
    if new_name == services.identity.name:
        return Outcome(services.say("same_name"))
    if not is_given_name(new_name) and new_name not in services.persona.names:
        return _ask_first(request, new_name)
    return _take_name(services, new_name)


def _about_a_call(said: str, services: Services) -> bool:
    """Whether the words after "call you" are about a call or a time ("later", "back",
    "tomorrow", "in five minutes"), not a name."""
    words = said.split()
    if not words or words[0].casefold() in NOT_A_NAME:
        return bool(words)
    return find_moment(said, services.clock.now()) is not None


def _ask_first(request: Request, new_name: str) -> Outcome:
    """An unusual name is read back, and taken only on a yes (it becomes the wake word)."""
    services = request.services
    question = services.say("unusual_name", new_name=new_name)
    plan = PendingAction(
        request.intent,
        question,
        (f"answer to {new_name} from now on",),
        lambda _progress: _take_name(services, new_name),
    )
    return Outcome(question, plan=plan)


def _take_name(services: Services, new_name: str) -> Outcome:
    """Answer to ``new_name`` from now on; undo puts the old name back."""
    old_name = services.identity.name
    services.identity.rename(new_name)

    def undo() -> str:
        services.identity.rename(old_name)
        return f"I'm {old_name} again, not {new_name}."

    record = UndoRecord("identity.rename", f"naming me {new_name}", undo)
    return Outcome(services.say("renamed"), done=f"renamed to {new_name}", undo=record)


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

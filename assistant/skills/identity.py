"""identity.*: the assistant's name, and taking a new one."""

from assistant.identity import tidy_name
from assistant.intents.context import Outcome
from assistant.skills.base import REGISTRY, Request


@REGISTRY.handles("identity.name")
def name(request: Request) -> Outcome:
    """Who the assistant is."""
    return Outcome(request.services.say("introduce"))


@REGISTRY.handles("identity.rename")
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

"""chat.*: greetings, thanks, and small talk, briefly."""

from assistant.intents.context import Outcome
from assistant.skills.base import REGISTRY, Request


@REGISTRY.handles("chat.greeting")
def greeting(request: Request) -> Outcome:
    """Hello, with the time of day when it fits."""
    hour = request.services.clock.now().hour
    kind = (
        "greeting_morning" if 5 <= hour < 12 else "greeting_evening" if hour >= 18 else "greeting"
    )
    return Outcome(request.services.say(kind))


@REGISTRY.handles("chat.thanks")
def thanks(request: Request) -> Outcome:
    """You're welcome."""
    return Outcome(request.services.say("thanks"))


@REGISTRY.handles("chat.how_are_you")
def how_are_you(request: Request) -> Outcome:
    """How it is."""
    return Outcome(request.services.say("how_are_you"))


@REGISTRY.handles("chat.goodbye")
def goodbye(request: Request) -> Outcome:
    """Goodbye, or good night late in the day."""
    hour = request.services.clock.now().hour
    late = hour >= 21 or hour < 4
    return Outcome(request.services.say("good_night" if late else "goodbye"))

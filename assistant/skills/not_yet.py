"""Intents in the catalogue whose skills are still to come: they say so honestly."""

from assistant.intents.context import Outcome
from assistant.skills.base import REGISTRY, Request

NOT_YET = {
    "files": "I can't move files between folders yet, but I can organise a folder for you.",
}

INTENTS = ("files.move",)


@REGISTRY.handles(*INTENTS)
def not_yet(request: Request) -> Outcome:
    """Say plainly that this cannot be done yet."""
    domain = request.intent.split(".", 1)[0]
    return Outcome(NOT_YET[domain])

"""Intents in the catalogue whose skills are still to come: they say so honestly."""

from assistant.skills.contract import Outcome, Registry, Request

SKILLS = Registry()
"""The intents this module handles, with what each does."""

NOT_YET = {
    "files": "I can't move files between folders yet, but I can organise a folder for you.",
}

INTENTS = ("files.move",)
"""Declared as changing things: they ask to, so hearing one by mistake is counted as such."""


@SKILLS.handles(*INTENTS, changes_things=True)
def not_yet(request: Request) -> Outcome:
    """Say plainly that this cannot be done yet."""
    domain = request.intent.split(".", 1)[0]
    return Outcome(NOT_YET[domain])

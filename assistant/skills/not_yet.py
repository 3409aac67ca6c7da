"""Intents in the catalogue whose skills are still to come: they say so honestly."""

from assistant.intents.context import Outcome
from assistant.skills.base import REGISTRY, Request

NOT_YET = {
    "mail": "I can't read or send mail yet.",
    "files": "I can't move files between folders yet, but I can organise a folder for you.",
    "memory": "I can't keep facts about you yet, though I do keep our conversations.",
    "reminder": "I can't set reminders yet.",
    "timer": "I can't set timers yet.",
}

INTENTS = (
    *("mail.check", "mail.read", "mail.next", "mail.previous", "mail.search", "mail.triage"),
    *("mail.delete", "mail.archive", "mail.reply", "mail.compose", "mail.send"),
    *("files.move", "memory.remember", "memory.recall", "memory.forget", "memory.search"),
    *("reminder.set", "reminder.list", "timer.set", "timer.cancel"),
)


@REGISTRY.handles(*INTENTS)
def not_yet(request: Request) -> Outcome:
    """Say plainly that this cannot be done yet."""
    domain = request.intent.split(".", 1)[0]
    return Outcome(NOT_YET[domain])

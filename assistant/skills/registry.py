"""The skills the assistant has, listed explicitly, and ``build_registry``, which joins their
``SKILLS`` into a new registry (a test may pass its own list, with a skill replaced)."""

from typing import Protocol

from assistant.skills import (
    calendar,
    chat,
    files,
    forgetting,
    identity,
    mail,
    memory,
    not_yet,
    people,
    reminder_changes,
    reminder_lists,
    reminders,
    system,
)
from assistant.skills.contract import Registry


class SkillModule(Protocol):
    """A skill module: anything with a ``SKILLS`` registry."""

    @property
    def SKILLS(self) -> Registry:  # noqa: N802 (a module's constant)
        """The intents it handles, with what each does."""
        ...


DEFAULT_SKILLS: tuple[SkillModule, ...] = (
    *(system, chat, identity, memory, people, forgetting),
    *(files, mail, reminders, reminder_lists, reminder_changes, calendar, not_yet),
)
"""Every skill the assistant has, in the order they are joined (a later one wins an intent)."""


def build_registry(modules: tuple[SkillModule, ...] = DEFAULT_SKILLS) -> Registry:
    """A new registry holding the intents of ``modules``."""
    registry = Registry()
    for module in modules:
        registry.include(module.SKILLS)
    return registry

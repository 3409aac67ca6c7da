"""What a skill gives back: its ``Outcome`` (a reply, and perhaps a plan waiting for a yes, a
way to undo, or a dictation to take down).

Plain types only, importing no skill and no service: the conversation's state
(``assistant.skills.conversation``) holds them, and the contract joins them to the requests.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from assistant.intents.understanding import Understanding

ProgressReport = Callable[[int, int], None]
"""Told how many of how many steps are done, while a plan is carried out."""


@dataclass(frozen=True)
class PendingAction:
    """A destructive action that has been planned and read back, and waits for a yes."""

    intent: str
    """The intent that planned it."""
    summary: str
    """The plan in one or two sentences, as read back to the user."""
    steps: tuple[str, ...]
    """Every step, for the window and ``--json``."""
    apply: Callable[[ProgressReport], "Outcome"]
    """Carries the plan out, reporting progress; called only after a yes."""


@dataclass(frozen=True)
class UndoRecord:
    """How to reverse something that was done."""

    intent: str
    """The intent whose action this reverses."""
    summary: str
    """The change, in words that follow "undo" ("setting the reminder to call mum")."""
    undo: Callable[[], str]
    """Reverses the action and returns a sentence saying so."""


class Awaiting(StrEnum):
    """What a dictation waits for, which says whether the next line is its answer or a new
    turn (the rule itself: ``assistant.runtime.pipeline.answers``)."""

    WORDS = "words"
    """A letter's body: anything said but "never mind" or "stop", word for word."""
    TASK = "task"
    """What to be reminded of: anything but conversation (a greeting, a goodbye, a feeling)."""
    ANSWER = "answer"
    """A time, a choice: any line that is clearly another request is a new turn instead."""


@dataclass(frozen=True)
class Dictation:
    """The next thing said is taken as free words (a letter's body, the answer to a
    question), not as a command."""

    intent: str
    """The intent reported for that turn ("mail.dictate")."""
    take: Callable[[str], "Outcome"]
    """Takes the words; returns what to say and do."""
    awaits: Awaiting = Awaiting.ANSWER
    """What it waits for: which lines answer it, and which lapse it."""
    answered_by: Callable[[str], bool] | None = None
    """For a choice from a short list or "more": only the lines it accepts answer it ("the
    first one", "the dentist one", "more"); any other line is a new turn, and the question
    lapses. ``None``: ``awaits`` says."""
    asked: bool = True
    """Whether the user was asked for the words: speech said while it waits is then heard
    as free words (as a letter's body is), and nothing due is said over it. ``False`` for
    one that most next lines are not answers to (a time correcting a reminder just set):
    they are heard as commands are, and what is due may still be said."""


@dataclass(frozen=True)
class Outcome:
    """What a skill did with a request."""

    reply: str
    """What to say. An empty reply says nothing (after "stop")."""
    done: str = ""
    """A short summary of an action carried out, if any."""
    action: str = ""
    """The intent whose action was carried out, when not the one asked (after "yes")."""
    plan: PendingAction | None = None
    """A plan that waits for a yes, if any."""
    undo: UndoRecord | None = None
    """How to reverse the action carried out, if it can be."""
    dictation: Dictation | None = None
    """Take the next thing said down word for word, if set."""
    invites: frozenset[str] = frozenset()
    """The requests the reply invites next ("Say send it, add something, or change the last
    sentence."): a template's match for one of them stands on the next line, however little
    the learned step thinks of it."""
    ask_first: Understanding | None = None
    """Another request, to be carried out by its own skill on a yes: the reply is its
    question ("Shall I move the reminder to call mum to tomorrow at 5?"), and the
    conversation plans it as it plans any change."""

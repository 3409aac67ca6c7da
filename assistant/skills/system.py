"""system.*: time, date, help, and the words that steer a conversation."""

from dataclasses import replace
from datetime import datetime

from assistant.skills.contract import Outcome, PendingAction, Registry, Request, UndoRecord
from assistant.skills.conversation import (
    CANCEL,
    CONFIRM,
    CONVERSATION,
    DENY,
    REPEAT,
    SLEEP,
    STOP,
    UNDO,
    WAKE,
    Context,
)
from assistant.skills.files import last_operation_undo
from assistant.skills.mail import last_cleanup_undo
from assistant.spoken import spoken_date, spoken_time, spoken_when

SKILLS = Registry()
"""The intents this module handles, with what each does."""

HELP_TEXT = (
    "I can remember things you tell me, set reminders and timers, find and tidy your files, "
    "and tell you the time. Say yes or no when I ask, undo when I've done something, "
    "or stop listening to let me rest."
)


@SKILLS.handles("system.help")
def help_(request: Request) -> Outcome:
    """What can be said right now."""
    return Outcome(HELP_TEXT)


@SKILLS.handles(STOP)
def stop(request: Request) -> Outcome:
    """Stop talking; says nothing more."""
    return Outcome("", done="stopped speaking")


@SKILLS.handles("system.time")
def time_(request: Request) -> Outcome:
    """The local time, as a person would say it."""
    return Outcome(f"It's {spoken_time(request.services.clock.now())}.")


@SKILLS.handles("system.date")
def date(request: Request) -> Outcome:
    """Today's date, in full."""
    return Outcome(f"It's {spoken_date(request.services.clock.now())}.")


@SKILLS.handles(SLEEP)
def sleep(request: Request) -> Outcome:
    """Stop listening until called by name or by the button."""
    return Outcome(request.services.say("going_to_sleep"), done="stopped listening")


@SKILLS.handles(WAKE)
def wake(request: Request) -> Outcome:
    """Answer to the name (a new turn has already woken it)."""
    return Outcome(request.services.say("awake"))


@SKILLS.handles(REPEAT)
def repeat(request: Request) -> Outcome:
    """Say the last reply again."""
    last = request.context.last_reply
    return Outcome(last or request.services.say("nothing_said_yet"))


@SKILLS.handles(CONFIRM, changes_things=True, needs_two_hearings=True)
def confirm(request: Request) -> Outcome:
    """Carry out the plan waiting for a yes. (A plain "ok" with nothing waiting never comes
    here: the conversation takes it as an acknowledgement.)"""
    pending = request.context.pending
    if pending is None:
        answer = "yes_go_on" if _asked_in_conversation(request.context) else "nothing_pending"
        return Outcome(request.services.say(answer))
    request.context.pending = None
    outcome = pending.apply(request.progress)
    return replace(outcome, action=outcome.action or pending.intent)


def _asked_in_conversation(context: Context) -> bool:
    """Whether its last reply was a question in conversation ("Do you want to talk about
    it?"), not about anything to do: a yes then answers it."""
    talking = context.last_intent is not None and context.last_intent.startswith(CONVERSATION)
    return talking and context.last_reply.rstrip().endswith("?")


@SKILLS.handles(DENY, CANCEL)
def deny(request: Request) -> Outcome:
    """Drop the plan waiting for a yes, if there is one."""
    if request.context.pending is None:
        kind = "nothing_to_deny" if request.intent == DENY else "nothing_to_cancel"
        return Outcome(request.services.say(kind))
    request.context.pending = None
    return Outcome(request.services.say("cancelled"))


def _newest_undoable(request: Request) -> tuple[str, UndoRecord] | None:
    """After a restart: the newer of the last file operation and the last mail clean-up, with
    when it was done."""
    services = request.services
    undoable = [
        last
        for last in (last_cleanup_undo(services.mail), last_operation_undo(services.files))
        if last is not None
    ]
    return max(undoable, key=lambda last: datetime.fromisoformat(last[0])) if undoable else None


@SKILLS.handles(UNDO, changes_things=True)
def undo(request: Request) -> Outcome:
    """Reverse the last change of this conversation at once, when nothing since was misheard
    or tried to change something else; anything older is named and waits for a yes."""
    context = request.context
    if context.undo_stack and context.undo_at_once:
        return _undone(request, context.undo_stack[-1])
    if context.undo_stack:
        return _ask_to_undo(request, context.undo_stack[-1], "")
    older = _newest_undoable(request)
    if older is None:
        return Outcome(request.services.say("nothing_to_undo"))
    at, record = older
    now = request.services.clock.now()
    when = spoken_when(datetime.fromisoformat(at).astimezone(now.tzinfo), now)
    return _ask_to_undo(request, record, f", {when}")


def _undone(request: Request, record: UndoRecord) -> Outcome:
    """Reverse ``record`` and take it off the conversation's list; the next undo asks first."""
    context = request.context
    if record in context.undo_stack:
        context.undo_stack.remove(record)
    context.undo_at_once = False
    return Outcome(record.undo(), done=f"undid: {record.summary}")


def _ask_to_undo(request: Request, record: UndoRecord, when: str) -> Outcome:
    """Name the change and wait for a yes before reversing it."""
    question = f"The last change I can undo is {record.summary}{when}. Shall I undo it?"
    plan = PendingAction(
        UNDO, question, (f"undo {record.summary}",), lambda _p: _undone(request, record)
    )
    return Outcome(question, plan=plan)

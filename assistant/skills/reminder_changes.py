"""reminder.cancel, reminder.move and reminder.snooze: acting on one reminder by what it is.

A reminder is named by its task words ("the dentist one"), its kind ("the alarm"), its day
("on Saturday"), its time ("my 3pm reminder"), or as "the next one" or "that one" (the one
last spoken of, or the one that just rang). When several fit, the short list is read and the
very next thing said is taken as the choice ("the first one", "the dentist one", "both"); any
other request lets the question go. Cancelling more than one waits for a yes; every change can
be undone, and undo says what it puts back.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from rapidfuzz import fuzz

from assistant.intents.when import find_moment, later, moved_to
from assistant.memory.reminders import (
    ALARM,
    REMINDER,
    TIMER,
    Reminder,
    Reminders,
    day_span,
    occurrences,
)
from assistant.skills.contract import (
    Dictation,
    Outcome,
    PendingAction,
    Registry,
    Request,
    UndoRecord,
)
from assistant.skills.reminders import (
    SAME_TASK,
    ReminderTalk,
    described,
    if_movable,
    moved,
    prefer_for,
    spoken_of,
    task_of,
)
from assistant.spoken import listed, reminded, spoken_duration, spoken_time

SKILLS = Registry()
"""The intents this module handles, with what each does."""

SNOOZE = timedelta(minutes=10)
"""How long "snooze" waits when no length is said."""
JUST_RUNG = timedelta(minutes=15)
"""How long after it rang a reminder can still be snoozed."""
_KINDS = {
    **dict.fromkeys(("alarm", "alarms"), ALARM),
    **dict.fromkeys(("timer", "timers"), TIMER),
    **dict.fromkeys(("reminder", "reminders"), REMINDER),
}
_FILLER = frozenset(
    {"the", "my", "your", "one", "ones", "actually", "all", "a", "of", "for", "on", "at"}
)
_WHICH = {"that": "that", "it": "that", "this": "that", "next": "next", "first": "next"}
_ALL = re.compile(r"^(?:(?:yes\s+)?(?:all|both|every one|everything)(?:\s+of\s+them)?|them all)$")
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
_PICK = re.compile(r"^(?:the\s+)?(?P<nth>" + "|".join(_ORDINALS) + r"|last|\d)(?:\s+one)?$")


@dataclass(frozen=True)
class Description:
    """How the user named a reminder."""

    kind: str = ""
    """``ALARM``, ``TIMER`` or ``REMINDER`` when said."""
    words: str = ""
    """Its task words ("dentist"), when said."""
    day: date | None = None
    """Its day, when said."""
    clock: time | None = None
    """Its time of day, when said."""
    which: str = ""
    """ "next" or "that", when said so."""

    @property
    def says_anything(self) -> bool:
        """Whether it names any reminder in particular."""
        return bool(self.kind or self.words or self.day or self.clock or self.which)


def description(said: str, now: datetime) -> Description:
    """What ``said`` names: "the dentist one", "the alarm on saturday", "my 3pm reminder"."""
    words = [word for word in said.casefold().replace("'s", "").split() if word]
    kind = next((_KINDS[word] for word in words if word in _KINDS), "")
    which = next((_WHICH[word] for word in words if word in _WHICH), "")
    words = [w for w in words if w not in _KINDS and w not in _WHICH]
    found = find_moment(" ".join(words), now) if words else None
    rest = found.rest.split() if found else words
    task = " ".join(word for word in task_of(" ".join(rest)).split() if word not in _FILLER)
    moment = found.moment if found else None
    return Description(
        kind=kind,
        words=task.removeprefix("about ").strip(),
        day=moment.at.date() if moment and moment.dated else None,
        clock=moment.at.time() if moment and moment.timed else None,
        which=which,
    )


def fitting(pending: list[Reminder], named: Description, last: int | None) -> list[Reminder]:
    """The pending reminders that ``named`` fits, soonest first."""
    fits = [r for r in pending if _fits(r, named)]
    if named.which == "that":
        return [r for r in fits if r.id == last][:1]
    return fits[:1] if named.which == "next" else fits


def _fits(reminder: Reminder, named: Description) -> bool:
    if named.kind and reminder.kind != named.kind:
        return False
    if not named.kind and reminder.kind == TIMER:
        return False
    if named.clock and (reminder.due.hour, reminder.due.minute) != (
        named.clock.hour,
        named.clock.minute,
    ):
        return False
    if named.day and not occurrences(reminder, *day_span(named.day, reminder.due)):
        return False
    return not named.words or _same_task(named.words, reminder)


def _same_task(words: str, reminder: Reminder) -> bool:
    task = reminder.task.casefold().removeprefix("about ")
    return fuzz.token_set_ratio(words, task) >= SAME_TASK or fuzz.partial_ratio(words, task) >= 90


def _the_one_meant(request: Request, said: str) -> tuple[Description, list[Reminder]]:
    """What ``said`` names, and the pending reminders it fits ("that one" is the one last
    spoken of, or the one that just rang)."""
    services = request.services
    now = services.clock.now()
    named = description(said, now)
    reminders = services.memory.reminders
    last = request.context.kept(ReminderTalk).last
    if named.which == "that":
        rung = reminders.just_rung(now, JUST_RUNG)
        last = last if last is not None else (rung.id if rung else None)
    return named, fitting(reminders.pending(), named, last)


@SKILLS.handles("reminder.cancel", changes_things=True, needs_two_hearings=True)
def cancel_reminder(request: Request) -> Outcome:
    """Cancel the one named (undoable), ask which when several fit, or plan to cancel them all
    and wait for a yes."""
    said = " ".join(request.slot(name) for name in ("kind", "which", "task"))
    named, chosen = _the_one_meant(request, said)
    if request.slot("scope") == "all":
        return _cancel_all(request, chosen)
    if not chosen:
        return Outcome(_none_fit(request, named))
    if len(chosen) == 1:
        return cancelled(request, chosen)
    return _which(request, chosen, "cancel", lambda picked: _cancel_picked(request, picked))


def _cancel_all(request: Request, chosen: list[Reminder]) -> Outcome:
    if not chosen:
        return Outcome(_none_fit(request, Description(kind=request.slot("kind"))))
    return _plan_cancelling(request, chosen) if len(chosen) > 1 else cancelled(request, chosen)


def _cancel_picked(request: Request, picked: list[Reminder]) -> Outcome:
    return cancelled(request, picked) if len(picked) == 1 else _plan_cancelling(request, picked)


def _none_fit(request: Request, named: Description) -> str:
    pending = request.services.memory.reminders.pending()
    if named.kind == ALARM and not any(r.kind == ALARM for r in pending):
        return "You have no alarms set."
    if not pending:
        return "You have no reminders."
    task = request.slot("task")
    what = f"a reminder {reminded(task_of(task))}" if task else "that reminder"
    return f'I can\'t find {what}. Say "what are my reminders" to hear them.'


def cancelled(request: Request, chosen: list[Reminder]) -> Outcome:
    """Cancel ``chosen`` now, with an undo that puts them back."""
    reminders = request.services.memory.reminders
    now = request.services.clock.now()
    what = _named(chosen, now)
    reminders.cancel(chosen)

    def undo() -> str:
        reminders.restore(chosen)
        return f"I've put back {what}."

    record = UndoRecord("reminder.cancel", f"cancelling {what}", undo)
    return Outcome(f"I've cancelled {what}.", done=f"cancelled {len(chosen)}", undo=record)


def _named(chosen: list[Reminder], now: datetime) -> str:
    """ "the reminder to call mum today at ...", "an alarm tomorrow at ...", "the reminders
    ..."."""
    what = listed([described(r, now) for r in chosen])
    if len(chosen) == 1 and chosen[0].kind == ALARM:
        return f"the alarm {what.removeprefix('an alarm ')}"
    return f"the {'reminders' if len(chosen) > 1 else 'reminder'} {what}"


def _plan_cancelling(request: Request, chosen: list[Reminder]) -> Outcome:
    """Read back what would be cancelled; done only on a yes."""
    now = request.services.clock.now()
    items = [described(r, now) for r in chosen]
    summary = f"I'd cancel {len(chosen)} reminders: {listed(items, ', and ')}. Shall I?"
    plan = PendingAction(
        "reminder.cancel",
        summary,
        tuple(f"cancel: {item}" for item in items),
        lambda _progress: cancelled(request, chosen),
    )
    return Outcome(summary, plan=plan)


def _which(
    request: Request, chosen: list[Reminder], verb: str, act: Callable[[list[Reminder]], Outcome]
) -> Outcome:
    """Ask which of ``chosen`` is meant; only the very next words are taken as the choice."""
    now = request.services.clock.now()
    items = [described(r, now) for r in chosen]
    question = f"Which one should I {verb}: {listed(items, ', or ')}?"
    if len(chosen) > 1 and verb == "cancel":
        question = f"Which one should I cancel: {listed(items, ', or ')}? Or all of them?"

    def take(words: str) -> Outcome:
        return act(picked(words, chosen, now))

    def answers(words: str) -> bool:
        return bool(picked(words, chosen, now))

    dictation = Dictation(f"reminder.{verb}", take, answered_by=answers)
    return Outcome(question, dictation=dictation)


def picked(answer: str, offered: list[Reminder], now: datetime) -> list[Reminder]:
    """The ones ``answer`` chooses of ``offered``: "the second one", "the dentist one",
    "both"; none when it is not a choice."""
    said = " ".join(re.sub(r"[^\w' ]+", " ", answer.casefold()).split())
    said = re.sub(r"^(?:um|er|oh|erm|ok|okay|please)\s+|\s+please$", "", said)
    if _ALL.match(said):
        return list(offered)
    nth = _PICK.match(said)
    if nth is not None:
        return _nth(nth.group("nth"), offered)
    named = description(said, now)
    return fitting(offered, named, None) if named.says_anything else []


def _nth(said: str, offered: list[Reminder]) -> list[Reminder]:
    index = (
        len(offered) - 1
        if said == "last"
        else (int(said) - 1 if said.isdigit() else _ORDINALS.index(said))
    )
    return [offered[index]] if 0 <= index < len(offered) else []


@SKILLS.handles("reminder.move", changes_things=True, needs_two_hearings=True)
def move_reminder(request: Request) -> Outcome:
    """Move the one named to the time said ("move the dentist to 4": the same day at 4;
    "push my 3pm reminder to friday": Friday at 3), with an undo."""
    said = " ".join(request.slot(name) for name in ("kind", "task"))
    named, chosen = _the_one_meant(request, said)
    if not chosen:
        return Outcome(_none_fit(request, named))
    if len(chosen) > 1:
        return _which(request, chosen, "move", lambda picked: _moved(request, picked[0]))
    return _moved(request, chosen[0])


def _moved(request: Request, reminder: Reminder) -> Outcome:
    services = request.services
    now = services.clock.now()
    due = moved_to(request.slot("when"), reminder.due, now, prefer_for(reminder))
    return if_movable(due, now, lambda at: moved(services, request.context, reminder, at))


@SKILLS.handles("reminder.snooze")
def snooze(request: Request) -> Outcome:
    """Ring again in a while (10 minutes, or the while said) the one that just rang."""
    services = request.services
    now = services.clock.now()
    rung = services.memory.reminders.just_rung(now, JUST_RUNG)
    if rung is None:
        return Outcome("Nothing has rung in the last few minutes, so there's nothing to snooze.")
    seconds = int(str(request.slots.get("duration") or 0)) or int(SNOOZE.total_seconds())
    due = later(now, timedelta(seconds=seconds))
    reminders = services.memory.reminders
    again = reminders.snooze(rung, due, now)
    spoken_of(request.context, again.id)
    when = f"in {spoken_duration(seconds)}, at {spoken_time(due)}"
    verb = "wake you" if rung.kind == ALARM else "remind you"
    return Outcome(
        f"Okay. I'll {verb} again {when}.",
        done=f"snoozed until {due}",
        undo=_undo_snooze(reminders, again, when),
    )


def _undo_snooze(reminders: Reminders, again: Reminder, when: str) -> UndoRecord:
    def undo() -> str:
        reminders.cancel([again])
        return f"I've cancelled the snooze {when}."

    return UndoRecord("reminder.snooze", f"the snooze {when}", undo)

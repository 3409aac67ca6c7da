"""Speaking first: what the assistant has to tell the user without being asked.

Reminders and timers that come due, new mail (checked every ``MAIL_EVERY``), and, once,
later, asking after a feeling the user spoke of or something they shared of their life. The session
asks for these between turns, only while the assistant is awake and the user is not talking;
each is one short sentence, said once.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from assistant.clock import Clock
from assistant.mail.accounts import MailError
from assistant.mail.cache import Cached
from assistant.mail.service import MailService
from assistant.memory.feelings import BAD_DAY, GOOD_NEWS, LOSS, WORRY, Feeling, Feelings
from assistant.memory.reminders import ALARM, TIMER, Reminder, Reminders
from assistant.spoken import reminded, spoken_time

_LOGGER = logging.getLogger(__name__)

MAIL_EVERY = timedelta(minutes=2)
"""How often mail is checked in the background while the assistant runs."""


@dataclass(frozen=True)
class Announcement:
    """Something to say first."""

    text: str
    """The sentence."""
    ring: bool = False
    """Whether a chime rings before it (an alarm)."""
    rung: tuple[Reminder, ...] = field(default=(), compare=False)
    """The reminders it tells, to be marked told (``Presence.told``) once it has been said."""


class Presence:
    """Finds what to say first, each thing once."""

    def __init__(
        self,
        reminders: Reminders,
        clock: Clock,
        mail: MailService | None = None,
        feelings: Feelings | None = None,
    ) -> None:
        self.reminders = reminders
        self.clock = clock
        self.mail = mail
        self.feelings = feelings
        self._mail_checked: datetime | None = None

    def missed_while_off(self) -> list[str]:
        """At start: the reminders that came due while the assistant was not running, and any
        it was stopped in the middle of saying (each told once, then marked told)."""
        missed = self.reminders.cut_off() + self.reminders.take_due(self.clock.now())
        self.reminders.told(missed)
        return [missed_sentence(r) for r in missed]

    def to_say_now(self) -> list[str]:
        """The sentences of ``announcements``, taken as said."""
        announcements = self.announcements()
        for announcement in announcements:
            self.told(announcement)
        return [announcement.text for announcement in announcements]

    def told(self, announcement: Announcement) -> None:
        """``announcement`` has been said in full: its reminders are not to be told again."""
        if announcement.rung:
            self.reminders.told(list(announcement.rung))

    def announcements(self) -> list[Announcement]:
        """The reminders, alarms and timers due now, new mail, and a follow-up, each once.
        Call ``told`` with each once it has been said."""
        due = [
            Announcement(due_sentence(reminder), reminder.kind == ALARM, (reminder,))
            for reminder in self.reminders.take_due(self.clock.now())
        ]
        said = [Announcement(sentence) for sentence in self._new_mail() + self._follow_up()]
        return due + said

    def _follow_up(self) -> list[str]:
        """Asking after a feeling, once, later (never more than once a day)."""
        if self.feelings is None:
            return []
        now = self.clock.now()
        feeling = self.feelings.follow_up(now)
        return [follow_up_sentence(feeling, now)] if feeling else []

    def _new_mail(self) -> list[str]:
        """One sentence about mail that came since the last check, if it is time to look."""
        now = self.clock.now()
        if self._mail_checked is not None and now - self._mail_checked < MAIL_EVERY:
            return []
        self._mail_checked = now
        if self.mail is None or not self.mail.accounts():
            return []
        try:
            fresh = [m for m in self.mail.check().new if m.unread]
        except MailError as error:
            _LOGGER.info("Background mail check: %s", error.message)
            return []
        return [new_mail_sentence(fresh)] if fresh else []


def new_mail_sentence(fresh: list[Cached]) -> str:
    """ "New mail from Amy Pond, about Lunch." or "3 new emails; the latest from Amy Pond."."""
    latest = fresh[0]
    who = latest.sender_name or latest.sender_address
    if len(fresh) == 1:
        about = f", about {latest.subject}" if latest.subject else ""
        return f"New mail from {who}{about}."
    return f"{len(fresh)} new emails; the latest from {who}."


def due_sentence(reminder: Reminder) -> str:
    """What to say when it comes due."""
    if reminder.kind == TIMER:
        return f"Time's up: your {reminder.timer_name} is done."
    if reminder.kind == ALARM:
        return f"It's {spoken_time(reminder.due)}: time to wake up."
    task = reminder.task
    return f"It's time to {task}." if reminded(task) == f"to {task}" else f"A reminder {task}."


def missed_sentence(reminder: Reminder) -> str:
    """What to say at start about one that came due while it was off (once, however many of
    a repeat's times went by)."""
    times = f" ({reminder.missed + 1} times, the last at {spoken_time(reminder.due)})"
    times = times if reminder.missed else ""
    if reminder.kind == TIMER:
        return f"While I was off, your {reminder.timer_name} ran out."
    if reminder.kind == ALARM:
        at = "" if times else f" for {spoken_time(reminder.due)}"
        return f"While I was off, your alarm{at} went by{times}."
    at = times or f" at {spoken_time(reminder.due)}"
    return f"While I was off, you had a reminder {reminded(reminder.task)}{at}."


def follow_up_sentence(feeling: Feeling, now: datetime) -> str:
    """ "Yesterday you said you felt lonely. How are you today?", or for something shared,
    "Last week you told me your grandad died. How are you doing?"."""
    if feeling.shared:
        return f"{_told_when(feeling, now)} you told me {feeling.said}. {_asked_after(feeling)}"
    days = (now.date() - feeling.at.date()).days
    if days == 0:
        return f"Earlier today you said you felt {feeling.feeling}. How are you now?"
    when = "Yesterday" if days == 1 else f"On {feeling.at:%A}"
    return f"{when} you said you felt {feeling.feeling}. How are you today?"


SHARED_QUESTIONS = {
    LOSS: "How are you doing?",
    WORRY: "How are things now?",
    GOOD_NEWS: "How is it going?",
    BAD_DAY: "Are things any better now?",
}
"""How it asks after each kind of thing shared."""


def _told_when(feeling: Feeling, now: datetime) -> str:
    """ "Earlier today", "Yesterday", "On Monday", "Last week"."""
    days = (now.date() - feeling.at.date()).days
    if days == 0:
        return "Earlier today"
    if days == 1:
        return "Yesterday"
    return f"On {feeling.at:%A}" if days < 7 else "Last week"


def _asked_after(feeling: Feeling) -> str:
    return SHARED_QUESTIONS.get(feeling.feeling, "How are you doing?")

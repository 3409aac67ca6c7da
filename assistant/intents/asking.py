"""What the learned step may do with what it placed: act on it, ask first, or neither.

- **Acted on** (``ACTED_ON``): intents that only tell or read something (the time, mail, what
  it remembers) and the companion's side of a conversation. A wrong one costs a reply, and it
  is named only above the threshold chosen for rejection.
- **Asked about** (``QUESTIONS``): intents that set, start, send or keep something (a timer,
  a reminder, a letter, a fact). The pipeline says the question ("Do you want me to set a
  reminder: call your mum at 6?"), a yes carries it out, and anything else lets it lapse.
  What the step found in the words is in the question, so a wrong slot is heard before
  anything is done. A sentence that says not to ("don't cancel the timer") is not asked
  about at all.
- **Changing** intents (the registry's ``changing``: delete, move, forget, rename, send) are
  only ever asked about, and only above the higher bar; some never (``NEVER``).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from assistant.events import SlotValue
from assistant.spoken import second_person, spoken_duration

ACTED_ON = frozenset(
    {
        *("system.time", "system.date", "system.help", "system.repeat", "system.wake"),
        *("system.deny", "identity.name", "identity.who_am_i", "reminder.list"),
        *("mail.check", "mail.read", "mail.next", "mail.previous", "mail.search"),
        *("memory.ask", "memory.recall", "memory.search"),
        *("files.find", "files.recent", "calendar.agenda", "calendar.free"),
    }
)
"""Intents acted on from the learned step, besides every ``chat.*`` one."""
HIGH_BAR_ACTED_ON = frozenset({"system.stop", "system.cancel", "files.move"})
"""Acted on only above the higher bar: they cut off speech or drop a letter being written, or
(moving files) only say plainly that it cannot be done yet."""
SHARING = frozenset(
    {"chat.share_good_news", "chat.share_bad_day", "chat.share_loss", "chat.share_worry"}
)
"""What someone shares of their life: answered in kind only when the kind is clear
(``SHARING_BAR``), since congratulating a loss is worse than listening. A line it is not
clear about is listened to instead, as every line about oneself is."""
SHARING_BAR = 0.6
GOOD_NEWS = "chat.share_good_news"
HARD_NEWS = ("chat.share_bad_day", "chat.share_loss", "chat.share_worry")
SHARED_BAR = 0.7
"""A line about the user's own life that misses the usual bar is still answered in kind when
its kind is this clear: good news this probable, or hard news of any kind together this
probable, with little of the other in it (``SHARED_MIXED``)."""
SHARED_MIXED = 0.2
"""The most of the other kind a line may hold and still be answered in kind: "i got a
distinction" torn between good news and a bad day is listened to, never consoled. Chosen by
five-fold over the corpus, counting a reply of the wrong kind as three times worse than a
listening one (0.15: 1012 sharing lines answered in kind, 37 of the wrong kind; 0.2: 1048 and
45; 0.25: 1064 and 57; none: 1069 and 65)."""
SHARED_INSIDE = 0.5
"""How probable it must still be that the line asks for any intent at all."""
CONVERSATION_BAR = 0.6
"""A line that asks for nothing, is not about the user's own life and missed the usual bar is
answered as conversation when the model gives conversation together this much, and the
likeliest kind of it at least half of that (``CONVERSATION_SHARE``: "its really hard" split
between an acknowledgement and news is not answered "Okay."). By five-fold over the corpus,
of the lines no bar took (answered as their own kind, as another kind of conversation, and
lines that ask for something else or for nothing it does): 0.7 with no share, 158, 83 and 20;
0.7 and half, 118, 29 and 12; 0.6 and half, 149, 35 and 19."""
CONVERSATION_SHARE = 0.5
NEVER = frozenset({"memory.forget", "mail.add", "mail.change"})
"""Never named by the learned step: forgetting needs exactly what was said; a letter's words
are changed only while one is written."""
EVERYDAY = "chat.everyday"
LISTENED_TO = frozenset({EVERYDAY})
"""Kinds of talk the learned step learns only to tell other kinds from them, and never names:
everyday things said of one's day ("me and my mum went shopping") are neither good news nor
hard, and such a line is listened to (``Pipeline._talk``), not congratulated or consoled."""
YES = "system.confirm"
"""A yes the learned step places ("yeah go on then") is never taken as one: the plan waiting is
asked again ("Was that a yes? ..."), above the higher bar only. A yes is only ever a
template's."""


@dataclass(frozen=True)
class Question:
    """How to ask before acting on a learned intent."""

    ask: Callable[[Mapping[str, SlotValue]], str]
    """The question, from the slots found."""
    needs: tuple[str, ...] = ()
    """Slots without which it is not asked at all."""


def _slot(slots: Mapping[str, SlotValue], name: str, before: str = " ") -> str:
    value = slots.get(name)
    return f"{before}{value}" if value else ""


def _timer(slots: Mapping[str, SlotValue]) -> str:
    return f"Do you want me to set a timer for {spoken_duration(int(slots['duration']))}?"


def _reminder(slots: Mapping[str, SlotValue]) -> str:
    said = " ".join(str(slots[name]) for name in ("task", "due") if slots.get(name))
    said = f": {second_person(said)}" if said else ""
    return f"Do you want me to set a reminder{said}?"


def _remember(slots: Mapping[str, SlotValue]) -> str:
    return f"Shall I remember that {second_person(str(slots.get('fact', '')))}?"


def _snooze(slots: Mapping[str, SlotValue]) -> str:
    duration = slots.get("duration")
    later = f" for {spoken_duration(int(duration))}" if duration else ""
    return f"Do you want me to snooze the reminder that just rang{later}?"


QUESTIONS: Mapping[str, Question] = {
    "timer.set": Question(_timer, ("duration",)),
    "timer.cancel": Question(lambda s: "Do you want me to cancel the timer?"),
    "alarm.set": Question(lambda s: f"Do you want me to set an alarm{_slot(s, 'when', ' for ')}?"),
    "reminder.set": Question(_reminder),
    "mail.compose": Question(
        lambda s: f"Do you want me to write an email to {s['contact']}?", ("contact",)
    ),
    "mail.reply": Question(lambda s: f"Do you want me to reply{_slot(s, 'contact', ' to ')}?"),
    "mail.triage": Question(lambda s: "Do you want me to tidy up your inbox?"),
    "mail.send": Question(lambda s: "Do you want me to send the email?"),
    "mail.delete": Question(lambda s: "Do you want me to delete this email?"),
    "mail.archive": Question(lambda s: "Do you want me to archive this email?"),
    "mail.junk": Question(lambda s: "Do you want me to mark this email as junk?"),
    "mail.not_junk": Question(lambda s: "Do you want me to mark this email as not junk?"),
    "memory.remember": Question(_remember, ("fact",)),
    "identity.user_name": Question(lambda s: f"Shall I call you {s['name']}?", ("name",)),
    "identity.rename": Question(lambda s: f"Do you want me to be called {s['name']}?", ("name",)),
    "files.open": Question(lambda s: f"Do you want me to open {s['filename']}?", ("filename",)),
    "files.organise": Question(
        lambda s: f"Do you want me to tidy your {s['folder']}?", ("folder",)
    ),
    "files.duplicates": Question(
        lambda s: f"Do you want me to look for duplicate files in your {s['folder']}?", ("folder",)
    ),
    "reminder.cancel": Question(lambda s: "Do you want me to cancel a reminder?"),
    "memory.person": Question(
        lambda s: f"Do you want to hear what I know about {s['someone']}?", ("someone",)
    ),
    "reminder.move": Question(
        lambda s: f"Do you want me to move the reminder to {s['when']}?", ("when",)
    ),
    "reminder.snooze": Question(_snooze),
    "system.sleep": Question(lambda s: "Do you want me to go to sleep?"),
    "system.undo": Question(lambda s: "Do you want me to undo what I just did?"),
    YES: Question(lambda s: "Was that a yes?"),
}
"""The intents asked about before acting, each with its question."""


def acted_on(intent: str) -> bool:
    """Whether a learned ``intent`` is acted on above the usual threshold."""
    return intent in ACTED_ON or intent.startswith("chat.")


CONVERSATION = "conversation"
TELLING = "telling"
ASKING_FIRST = "asking first"
KINDS = (CONVERSATION, TELLING, ASKING_FIRST)
"""The kinds of intent, each with its own bar for the learned step (``Thresholds.kinds``):
a wrong one costs a reply in conversation, a wrong answer when telling, a question when
asking first."""


def kind_of(intent: str) -> str:
    """Which of ``KINDS`` ``intent`` is."""
    if intent.startswith("chat."):
        return CONVERSATION
    return TELLING if intent in ACTED_ON else ASKING_FIRST


def question_for(intent: str, slots: Mapping[str, SlotValue]) -> str:
    """The yes-or-no question asked before acting on a learned ``intent``."""
    question = QUESTIONS.get(intent)
    return question.ask(slots) if question else "Do you want me to do that?"


def askable(intent: str, slots: Mapping[str, SlotValue]) -> bool:
    """Whether ``intent`` may be asked about with ``slots``."""
    question = QUESTIONS.get(intent)
    return question is not None and all(slots.get(name) for name in question.needs)

"""A new user's first two days (``tests/data/a_new_users_day.txt``), typed as people type,
through the real pipeline on one data folder, restarted for each session; what is due is said
first between sessions, as the running assistant would.

Checked strictly: no line about the user herself gets the command fallback, and no question
traps the next line (a line the templates take as another request is that request). The
second test holds what needs the learned step and chatty facts (other work), for the
integrator to enable.
"""

import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from assistant.config import Paths
from assistant.intents.matcher import Understanding
from assistant.runtime.assistant import Assistant
from assistant.runtime.pipeline import TurnResult
from assistant.skills.contract import Dictation
from assistant.skills.conversation import ESCAPES_FROM_DICTATION as ESCAPES
from tests.conftest import FIXED_NOW, FixedClock

DAY = Path(__file__).parent / "data" / "a_new_users_day.txt"
LINE_GAP = timedelta(seconds=40)
"""How long she takes over each line."""
_FIRST_PERSON = re.compile(r"\b(?:i|im|i'm|ive|i've|id|i'd|my|me|mine|myself|we|we're|our|us)\b")
COMMAND_FALLBACK = ("You could ask me", "The nearest I can do is")
"""What the command fallback says (``assistant.runtime.pipeline``)."""


@dataclass(frozen=True)
class Session:
    """One run of the assistant: when it starts, and what she types."""

    starts: datetime
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Turn:
    """One line and what became of it."""

    line: str
    result: TurnResult
    waiting: Dictation | None
    """The question that was waiting for an answer when she typed it, if any."""
    templates: Understanding | None
    """What the templates alone make of the line."""


def sessions() -> list[Session]:
    """The script's sessions, in order."""
    found: list[tuple[datetime, list[str]]] = []
    for raw in DAY.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("@"):
            moment = datetime.fromisoformat(line[1:].split()[0]).replace(tzinfo=FIXED_NOW.tzinfo)
            found.append((moment, []))
        elif line and not line.startswith("#"):
            found[-1][1].append(line)
    return [Session(starts, tuple(lines)) for starts, lines in found]


def about_herself(line: str) -> bool:
    """A line in the first person (the test's own plain reading, not the assistant's)."""
    return _FIRST_PERSON.search(line.casefold()) is not None


@dataclass
class Day:
    """Everything that happened: her lines, and what it said first."""

    turns: list[Turn] = field(default_factory=list)
    said_first: list[str] = field(default_factory=list)


def live_the_day(home: Path) -> Day:
    """Every line of every session, run as she would type it; at each start, what is due."""
    clock = FixedClock()
    paths = Paths.resolve(str(home))
    day = Day()
    for session in sessions():
        clock.moment = session.starts
        with Assistant(paths, clock=clock, rng=random.Random(11)) as assistant:
            talk = assistant.conversation()
            for said in assistant.presence.to_say_now():
                day.said_first.append(talk.announce(said).reply)
            for line in session.lines:
                waiting = talk.context.dictation
                templates = assistant.matcher.understand(line)
                day.turns.append(Turn(line, talk.run_text(line), waiting, templates))
                clock.moment += LINE_GAP
    return day


@pytest.fixture(scope="module")
def day(tmp_path_factory: pytest.TempPathFactory) -> Day:
    return live_the_day(tmp_path_factory.mktemp("maya") / "home")


def test_the_day_is_long_and_in_several_sessions() -> None:
    assert len(sessions()) >= 4
    assert sum(len(session.lines) for session in sessions()) >= 150


NEEDS_THE_OTHER_WORK = {
    "whats my name": "Maya",
    "what am i allergic to again": "penicillin",
    "whens my birthday": "14th of February",
    "how old is leo": "7",
    "how old is isla": "4",
    "whats my husbands name": "Tom",
    "do you remember where im from": "galway",
    "what do you know about me": "Leo",
}
"""Her questions about the facts she told: each is answered back."""
LEARNED_REQUESTS = {
    "what was i worried about yesterday": "Leo",
    "can u remind me to call the garage tomorrow at 9": "garage",
    "what timers do i have": "pasta",
    "how many reminders do i have": "reminder",
    "what reminders do i still have": "reminder",
    "have i gotten any new email": "mail",
    "can you tell me the time it is": "It's",
    "what month is today": "December",
    "what do you think i should do to celebrate": "",
}
"""Her requests in her own words that only the learned step understands, with a word the
answer must hold (measured: 6 of 9 on 2026-12-07: "what was i worried about yesterday",
"what timers do i have" and "have i gotten any new email" are missed)."""
LEARNED_FLOOR = 0.6
"""The share of ``LEARNED_REQUESTS`` that must be understood and answered."""
UNDERSTOOD_WHEN_LEARNED = {
    "I feel lonely tonight, tom's away with work": "chat.feeling",
    "im ok, a bit tired tbh": "chat.wellbeing_answer",
    "isla said her first full sentence today": "chat.share_good_news",
    "we have two kids, Leo and Isla": "memory.remember",
    "Leo is 7 and Isla is 4": "memory.remember",
    "and a cat named Pickle, she's a menace lol": "memory.remember",
    "my birthday's on the 14th of february": "memory.remember",
}
"""Lines only the learned step (or the chatty facts) understand, and as what."""


def test_no_line_about_herself_gets_the_command_fallback(day: Day) -> None:
    fallbacks = [
        (turn.line, turn.result.reply)
        for turn in day.turns
        if about_herself(turn.line)
        and turn.line not in NEEDS_THE_OTHER_WORK
        and turn.line not in LEARNED_REQUESTS
        and _command_fallback(turn)
    ]
    assert fallbacks == []


def _command_fallback(turn: Turn) -> bool:
    return any(words in turn.result.reply for words in COMMAND_FALLBACK)


def test_no_question_traps_the_next_line(day: Day) -> None:
    asked = [turn for turn in day.turns if turn.waiting is not None]
    assert len(asked) >= 2, "the day asks questions"
    trapped = [
        (turn.line, turn.result.reply)
        for turn in asked
        if _another_request(turn) and _taken_as_the_answer(turn)
    ]
    assert trapped == []
    assert any(_another_request(turn) for turn in asked), "one question is left for another"


def _taken_as_the_answer(turn: Turn) -> bool:
    """The question took the line as its answer."""
    assert turn.waiting is not None
    taken = turn.result.understanding
    return taken is not None and taken.intent == turn.waiting.intent


def _another_request(turn: Turn) -> bool:
    """The templates take the line as a sure request other than what the question waits for."""
    assert turn.waiting is not None
    return (
        turn.templates is not None
        and turn.templates.sure
        and turn.templates.intent not in ESCAPES
        and turn.templates.intent != turn.waiting.intent
    )


def test_what_she_shared_is_asked_after_once(day: Day) -> None:
    grandad = [said for said in day.said_first if "your grandad died" in said]
    assert grandad == ["Yesterday you told me your grandad died. How are you doing?"]


def test_the_reminders_she_asked_for_are_kept(day: Day) -> None:
    kept = [turn.line for turn in day.turns if turn.result.reply.startswith("Okay. I'll")]
    assert len(kept) >= 6


def test_with_the_learned_step_and_chatty_facts(day: Day) -> None:
    """Every fact she told is answered back, most of what only the learned step understands is
    understood, and at most 5% of her lines get the command fallback."""
    replies = {turn.line: turn.result for turn in day.turns}
    for question, answer in NEEDS_THE_OTHER_WORK.items():
        assert replies[question].understanding is not None, question
        assert answer.casefold() in replies[question].reply.casefold(), question
    for line, intent in UNDERSTOOD_WHEN_LEARNED.items():
        understood = replies[line].understanding
        assert understood is not None, line
        assert understood.intent == intent, line
    answered = [
        line
        for line, answer in LEARNED_REQUESTS.items()
        if replies[line].understanding is not None
        and answer.casefold() in replies[line].reply.casefold()
    ]
    assert len(answered) >= LEARNED_FLOOR * len(LEARNED_REQUESTS), sorted(
        set(LEARNED_REQUESTS) - set(answered)
    )
    fallbacks = [turn.line for turn in day.turns if _command_fallback(turn)]
    assert len(fallbacks) <= 0.05 * len(day.turns), fallbacks

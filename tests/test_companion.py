"""The companion: small talk and feelings answered warmly and honestly, never "didn't
understand" and never an action; a feeling remembered and asked after once, later."""

import random
from datetime import timedelta
from pathlib import Path

from assistant.config import Paths
from assistant.events import ActionDone, ActionPlanned, NotUnderstood, Reply
from assistant.frontends.terminal import TerminalTalk
from assistant.runtime.assistant import Assistant
from assistant.runtime.pipeline import TurnResult
from tests.conftest import FixedClock, Recorder

SMALL_TALK = (
    "hello",
    "hi there",
    "good morning",
    "how are you today",
    "how was your day",
    "what have you been up to",
    "I'm feeling a bit lonely today",
    "I feel so sad",
    "I'm really stressed out",
    "I've been feeling tired lately",
    "I'm happy today",
    "I'm having a rough day",
    "I've had a great day",
    "I'm not feeling great",
    "I'm bored",
    "I feel a bit down tonight",
    "I'm worried",
    "I'm exhausted",
    "tell me about yourself",
    "are you human",
    "do you have feelings",
    "do you love me",
    "are you my friend",
    "what do you think about love",
    "what do you think of life",
    "how do you feel about Mondays",
    "tell me a joke",
    "tell me another one",
    "make me laugh",
    "you're funny",
    "that's hilarious",
    "I love you",
    "let's chat",
    "talk to me",
    "I just got home",
    "guess what",
    "nothing much",
    "I'm fine thanks",
    "not bad",
    "I can't sleep",
    "nobody talks to me",
    "I miss my friends",
    "what's new with you",
    "are you still there",
    "do you dream",
    "how old are you",
    "where do you live",
    "thank you so much",
    "I'm sorry",
    "good night",
)
"""Ordinary small talk and feelings, typed as a person would."""

CLAIMS_TO_BE_HUMAN = ("i am human", "i'm human", "i'm a person", "i feel lonely", "i love you too")


def test_small_talk_is_answered_warmly_and_never_acted_on(
    assistant: Assistant, recorder: Recorder
) -> None:
    assert len(SMALL_TALK) >= 40
    talk = assistant.conversation()
    replies = [talk.run_text(line).reply for line in SMALL_TALK]
    assert recorder.of(NotUnderstood) == []
    assert recorder.of(ActionDone) == []
    assert recorder.of(ActionPlanned) == []
    assert all(reply and "didn't understand" not in reply for reply in replies)
    assert not any(claim in reply.casefold() for reply in replies for claim in CLAIMS_TO_BE_HUMAN)
    assert len(set(replies)) >= len(replies) - 3, "replies should vary"
    assert "not human" in replies[SMALL_TALK.index("are you human")]


def test_a_joke_is_not_the_same_twice_running(assistant: Assistant) -> None:
    talk = assistant.conversation()
    jokes = [talk.run_text(line).reply for line in ("tell me a joke", "tell me another one") * 4]
    assert all(a != b for a, b in zip(jokes, jokes[1:], strict=False))


def _talk(assistant: Assistant) -> tuple[TerminalTalk, list[str]]:
    said: list[str] = []

    def show(result: TurnResult) -> None:
        said.append(result.reply)

    return TerminalTalk(assistant, show), said


def test_a_feeling_is_asked_after_once_later_and_not_while_asleep(
    assistant: Assistant, clock: FixedClock
) -> None:
    talk, said = _talk(assistant)
    talk.run_text("I'm feeling lonely")
    feeling = assistant.memory.feelings.latest()
    assert feeling is not None
    assert feeling.feeling == "lonely"
    assert feeling.at == clock.moment
    clock.moment += timedelta(hours=1)
    talk.speak_first()
    assert said == []  # too soon
    clock.moment += timedelta(days=1)
    talk.run_text("go to sleep")
    said.clear()
    talk.speak_first()
    assert said == []  # never while asleep
    talk.run_text("wake up")
    said.clear()
    talk.speak_first()
    assert said == ["Yesterday you said you felt lonely. How are you today?"]
    talk.run_text("I'm so sad")
    clock.moment += timedelta(hours=5)
    said.clear()
    talk.speak_first()
    assert said == []  # at most once a day
    clock.moment += timedelta(days=1)
    talk.speak_first()
    assert said == ["Yesterday you said you felt sad. How are you today?"]
    talk.speak_first()
    assert said == ["Yesterday you said you felt sad. How are you today?"]  # once only


def test_a_feeling_is_kept_across_restarts(tmp_path: Path, clock: FixedClock) -> None:
    home = Paths.resolve(str(tmp_path / "home"))
    with Assistant(home, clock=clock, rng=random.Random(1)) as assistant:
        assistant.conversation().run_text("I'm having a really bad day")
    with Assistant(home, clock=clock, rng=random.Random(1)) as assistant:
        feeling = assistant.memory.feelings.latest()
    assert feeling is not None
    assert feeling.feeling == "sad"


def test_replies_are_spoken_events(assistant: Assistant, recorder: Recorder) -> None:
    assistant.conversation().run_text("I'm stressed")
    (reply,) = recorder.of(Reply)
    assert isinstance(reply, Reply)
    assert reply.text

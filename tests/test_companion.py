"""The companion: small talk, feelings and what a person shares of their life answered warmly
and honestly, never "didn't understand" and never an action; a feeling, or something shared,
remembered and asked after once, later; a line about oneself listened to."""

import random
from datetime import timedelta
from pathlib import Path

import pytest

from assistant.config import Paths
from assistant.events import ActionDone, ActionPlanned, IntentRecognised, NotUnderstood, Reply
from assistant.frontends.terminal import TerminalTalk
from assistant.intents.learned_slots import felt_in
from assistant.intents.matcher import Matcher
from assistant.intents.suggestions import (
    FALLBACK_SUGGESTION,
    SUGGESTED,
    about_themselves,
    asks_for_something,
)
from assistant.intents.understanding import Understanding
from assistant.persona import load_persona
from assistant.runtime.assistant import Assistant
from assistant.runtime.pipeline import LISTEN, TurnResult
from assistant.skills.chat import wellbeing_in
from assistant.spoken import reported
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


def asked_a_day_later(talk: TerminalTalk, said: list[str], clock: FixedClock) -> list[str]:
    """What it says first: an hour on (nothing, too soon), then a day on while asleep
    (nothing), then awake again."""
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
    return said


def test_a_feeling_is_asked_after_once_later_and_not_while_asleep(
    assistant: Assistant, clock: FixedClock
) -> None:
    talk, said = _talk(assistant)
    talk.run_text("I'm feeling lonely")
    feeling = assistant.memory.feelings.latest()
    assert feeling is not None
    assert feeling.feeling == "lonely"
    assert feeling.at == clock.moment
    assert asked_a_day_later(talk, said, clock) == [
        "Yesterday you said you felt lonely. How are you today?"
    ]
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


SHARING = {
    "my grandad died last week": ("loss", "your grandad died"),
    "i really miss him": ("loss", "you really miss him"),
    "I'm worried about Leo, he's not sleeping": ("worry", "you were worried about Leo"),
    "guess what, I got the deputy head job!!!": ("good news", "you got the deputy head job"),
    "passed my driving test": ("good news", "your good news"),
    "the head teacher shouted at me in front of the class": (
        "bad day",
        "the head teacher shouted at you in front of the class",
    ),
    "worst day ever": ("bad day", "you'd had a hard day"),
}
"""What a person shares of their life, the kind kept, and how it is said back later."""


@pytest.mark.parametrize(("line", "kept"), SHARING.items())
def test_what_is_shared_is_answered_in_kind_and_kept_with_the_time(
    assistant: Assistant, recorder: Recorder, clock: FixedClock, line: str, kept: tuple[str, str]
) -> None:
    reply = assistant.conversation().run_text(line).reply
    assert recorder.of(NotUnderstood) == []
    assert recorder.of(ActionDone) == recorder.of(ActionPlanned) == []
    assert reply
    assert "didn't understand" not in reply
    shared = assistant.memory.feelings.latest_shared()
    assert shared is not None
    assert (shared.feeling, shared.said, shared.at) == (*kept, clock.moment)
    assert assistant.memory.feelings.latest() is None  # a feeling is a different thing


def test_a_loss_is_answered_with_sympathy_naming_who(assistant: Assistant) -> None:
    reply = assistant.conversation().run_text("my grandad died last week").reply
    assert "sorry" in reply.casefold()
    assert "your grandad" in reply
    assert "them" not in reply


def test_what_was_shared_is_asked_after_once_later_and_never_while_asleep(
    assistant: Assistant, clock: FixedClock
) -> None:
    talk, said = _talk(assistant)
    talk.run_text("my grandad died last week")
    talk.run_text("I'm feeling a bit lonely")  # a passing feeling does not hide the loss
    assert asked_a_day_later(talk, said, clock) == [
        "Yesterday you told me your grandad died. How are you doing?"
    ]
    clock.moment += timedelta(days=1)
    said.clear()
    talk.speak_first()
    assert "grandad" not in " ".join(said)  # once only


@pytest.mark.parametrize(
    "line", ["me and my dad went to the tip with the old bed", "we had a roast at my mums today"]
)
def test_an_everyday_thing_said_of_the_day_is_listened_to_not_taken_for_news(
    assistant: Assistant, line: str
) -> None:
    result = assistant.conversation().run_text(line)
    assert result.understanding is not None
    assert result.understanding.intent == LISTEN
    assert assistant.memory.feelings.all() == []


def test_a_line_naming_someone_they_told_of_is_about_their_life(
    assistant: Assistant, recorder: Recorder
) -> None:
    talk = assistant.conversation()
    line = "maisies swimming coach moved her up a group"
    assert talk.run_text(line).understanding is None  # no one known yet: not their life
    talk.run_text("my daughter is called maisie")
    recorder.events.clear()
    result = talk.run_text(line)
    assert result.understanding is not None
    assert result.understanding.intent.startswith("chat.")
    assert recorder.of(NotUnderstood) == []


def test_what_they_felt_is_asked_back_by_its_kind_and_day(
    assistant: Assistant, clock: FixedClock
) -> None:
    talk = assistant.conversation()
    talk.run_text("I'm worried about Leo, he's not sleeping")
    talk.run_text("I'm feeling a bit lonely")
    clock.moment += timedelta(days=1)
    worried = talk.run_text("what was i worried about yesterday")
    assert worried.understanding is not None
    assert worried.understanding.intent == "memory.search"
    assert worried.reply.startswith("Yesterday at ")
    assert worried.reply.endswith("you were worried about Leo.")
    felt = talk.run_text("how was i feeling yesterday").reply
    assert "worried about Leo" in felt
    assert "felt lonely" in felt
    assert talk.run_text("what was i happy about").reply == (
        "You didn't tell me of anything like that this past week."
    )
    assert talk.run_text("how did i feel today").reply == "You didn't tell me how you felt today."


def test_last_week_is_said_as_such(assistant: Assistant, clock: FixedClock) -> None:
    talk, said = _talk(assistant)
    talk.run_text("I'm worried about Leo, he's not sleeping")
    clock.moment += timedelta(days=7)
    talk.speak_first()
    assert said == ["Last week you told me you were worried about Leo. How are things now?"]
    clock.moment += timedelta(days=9)
    talk.run_text("my car broke down on the motorway")
    clock.moment += timedelta(days=9)
    said.clear()
    talk.speak_first()
    assert said == []  # too long ago to ask after now


def test_what_was_shared_is_exported_and_forgotten_by_topic(assistant: Assistant) -> None:
    talk = assistant.conversation()
    talk.run_text("my grandad died last week")
    talk.run_text("work was awful")
    exported = assistant.memory.export()["feelings"]
    assert [row["said"] for row in exported] == ["your grandad died", "work was awful"]
    assert talk.run_text("forget what I told you about my grandad").reply.endswith("Shall I?")
    talk.run_text("yes")
    assert [f.said for f in assistant.memory.feelings.all()] == ["work was awful"]
    talk.run_text("my nan died on sunday")
    assert talk.run_text("forget nan").reply.endswith("Shall I?")
    talk.run_text("yes")
    assert [f.said for f in assistant.memory.feelings.all()] == ["work was awful"]


def test_its_own_how_are_you_is_answered_in_kind(assistant: Assistant, clock: FixedClock) -> None:
    talk, said = _talk(assistant)
    talk.run_text("I'm so sad")
    clock.moment += timedelta(days=1)
    talk.speak_first()
    assert said == ["Yesterday you said you felt sad. How are you today?"]
    better = talk.run_text("yeah a bit better thanks").reply
    assert "glad" in better.casefold()
    worse = talk.run_text("not great").reply
    assert "sorry" in worse.casefold()
    assert worse.endswith("?")  # an offer


def test_acknowledgements_get_a_light_reply(assistant: Assistant, recorder: Recorder) -> None:
    talk = assistant.conversation()
    talk.run_text("tell me a joke")
    replies = [talk.run_text(line).reply for line in ("haha ok that was bad", "ok", "cool")]
    assert all(reply and len(reply) < 60 for reply in replies)
    assert "nothing waiting" not in replies[1]
    assert recorder.of(NotUnderstood) == []
    assert "nothing waiting" in talk.run_text("yes").reply  # a real yes still says so


def test_ok_is_still_a_yes_to_a_plan(assistant: Assistant) -> None:
    talk = assistant.conversation()
    talk.run_text("remind me to call mum at 6pm")
    talk.run_text("remind me to feed the cat at 7pm")
    assert talk.run_text("cancel all my reminders").reply.endswith("?")
    talk.run_text("ok")
    assert assistant.memory.reminders.pending() == []


def test_another_one_is_more_of_what_it_just_did(assistant: Assistant) -> None:
    jokes = set(load_persona().replies["joke"])
    talk = assistant.conversation()
    assert talk.run_text("another one").reply.startswith("Another what?")
    first = talk.run_text("tell me a joke").reply
    second = talk.run_text("another one").reply
    third = talk.run_text("one more").reply
    assert {first, second, third} <= jokes
    assert first != second != third
    talk.run_text("what time is it")
    assert talk.run_text("another one").reply.startswith("Another what?")


def test_another_after_laughing_at_a_joke_is_another_joke(assistant: Assistant) -> None:
    jokes = set(load_persona().replies["joke"])
    talk = assistant.conversation()
    talk.run_text("tell me a joke")
    laughed = talk.run_text("oh thats terrible haha")
    assert laughed.understanding is not None
    assert laughed.understanding.intent == "chat.acknowledge"
    assert talk.run_text("another").reply in jokes


def test_a_feeling_said_plainly_of_oneself_is_answered_as_one(assistant: Assistant) -> None:
    talk = assistant.conversation()
    said = talk.run_text("i get a bit lonely in the afternoons")
    assert said.understanding is not None
    assert (said.understanding.intent, said.understanding.slots) == (
        "chat.feeling",
        {"feeling": "lonely"},
    )
    assert said.reply.startswith(tuple(load_persona().replies["feeling_lonely"]))
    latest = assistant.memory.feelings.latest()
    assert latest is not None
    assert latest.feeling == "lonely"


@pytest.mark.parametrize(
    ("line", "felt"),
    [
        ("got my results thursday im lowkey stressing", "stressed"),
        ("honestly im just worn out", "tired"),
        ("i was sick last week", "unwell"),
    ],
)
def test_feelings_said_plainly_are_read(line: str, felt: str) -> None:
    assert felt_in(line) == felt


@pytest.mark.parametrize("line", ["im cold", "im down the pub", "im so tired of my boss"])
def test_words_that_only_look_like_feelings_are_not(line: str) -> None:
    assert felt_in(line) is None


def test_a_feeling_of_no_known_kind_is_answered_but_not_kept(assistant: Assistant) -> None:
    reply = assistant.conversation().run_text("im hungry lol").reply
    assert reply in load_persona().replies["feeling_other"]
    assert assistant.memory.feelings.latest() is None


def test_a_name_said_in_passing_with_news_is_kept_quietly(assistant: Assistant) -> None:
    talk = assistant.conversation()
    said = talk.run_text("my wife jean passed away two years ago")
    assert said.understanding is not None
    assert said.understanding.intent == "chat.share_loss"
    assert "Jean" not in said.reply
    assert "Got it" not in said.reply
    assert talk.run_text("what was my wifes name").reply == "Your wife's name is Jean."


def test_goodnight_is_said_back_whatever_the_hour(assistant: Assistant) -> None:
    talk = assistant.conversation()
    talk.run_text("your name is Robin")
    nights = set(load_persona().replies["good_night"])
    for line in ("ok im off to bed. goodnight robin", "goodnight", "night night"):
        assert talk.run_text(line).reply in nights


LIVES = (
    "my nan passed on sunday and the funeral is next week",
    "i had a massive row with my sister",
    "we are moving house in march",
    "the kids were a nightmare at bedtime and i just sat in the car for ten minutes",
)
"""Lines about the user's own life that no template takes."""


@pytest.mark.parametrize("line", LIVES)
def test_a_line_about_oneself_is_listened_to_never_given_the_command_fallback(
    assistant: Assistant, recorder: Recorder, line: str
) -> None:
    result = assistant.conversation().run_text(line)
    assert result.understanding is not None
    assert result.understanding.intent.startswith("chat."), result.understanding
    assert not recorder.of(NotUnderstood)
    if result.understanding.intent == LISTEN:  # no kind of news clear: listened to
        assert result.reply in load_persona().replies["listening"]
        assert recorder.of(IntentRecognised)[-1].intent == LISTEN


def test_a_yes_to_the_listener_s_question_is_an_answer_to_it(assistant: Assistant) -> None:
    talk = assistant.conversation()
    listened = talk.run_text("my manager said my work is not good enough")
    assert listened.understanding is not None
    assert listened.understanding.intent == LISTEN
    for _ in range(20):  # one of its listening replies asks nothing
        if listened.reply.endswith("?"):
            break
        listened = talk.run_text("it was in front of everyone")
    assert listened.reply.endswith("?")
    assert talk.run_text("yeah").reply in load_persona().replies["yes_go_on"]
    assert assistant.memory.feelings.latest() is None  # nothing of it is kept


def test_the_fallback_names_the_nearest_thing_it_can_do(
    assistant: Assistant, recorder: Recorder
) -> None:
    reply = assistant.conversation().run_text("the inbox needs colour coding").reply
    assert '"tidy up my inbox"' in reply
    (event,) = recorder.of(NotUnderstood)
    assert event.suggestions == ("tidy up my inbox", FALLBACK_SUGGESTION)
    far = assistant.conversation().run_text("play some jazz").reply
    assert f'"{FALLBACK_SUGGESTION}"' in far
    assert "what time is it" not in far


@pytest.mark.parametrize(("intent", "sentence"), SUGGESTED.items())
def test_every_suggestion_is_understood_as_its_intent(intent: str, sentence: str) -> None:
    understood = Matcher().understand(sentence)
    assert understood is not None
    assert (understood.intent, understood.sure) == (intent, True)


@pytest.mark.parametrize(
    ("line", "said_back"),
    [
        ("my grandad died last week", "your grandad died"),
        ("guess what, I'm getting married!", "you were getting married"),
        ("we split up", "you split up"),
        ("I've got some good news", "you had some good news"),
        ("passed my driving test", ""),
        ("ok so honestly i think the thing is that it was all a bit much for everyone there", ""),
    ],
)
def test_what_was_shared_is_said_back_in_the_past_or_not_at_all(line: str, said_back: str) -> None:
    assert reported(line) == said_back


@pytest.mark.parametrize(
    ("line", "themselves"),
    [
        ("my grandad died", True),
        ("the head teacher shouted at me", True),
        ("ok so we went to the park", True),
        ("call my mum", False),
        ("whats my name", False),
        ("tell me the weather", False),
        ("the weather is nice", False),
        ("what if i mess it up", True),
        ("so tired", True),
        ("today sucked", True),
        ("turn the volume down", False),
        ("I'd like to be woken at half past six", False),
        ("share my calendar with my mum", False),
        ("I wonder if you could wake me up at nine", False),
        ("my phone is dying, charge it please", False),
        ("dad got bad news from the hospital", True),
        ("nan passed on sunday", True),
        ("facetime mum at 6", False),
        ("video call grandma", False),
    ],
)
def test_a_line_about_oneself_is_told_from_a_request(line: str, themselves: bool) -> None:
    assert about_themselves(line) is themselves


class NamesOnly:
    """Stands in for the learned step: names the intent of each line, with no slots."""

    def __init__(self, intents: dict[str, str]) -> None:
        self.intents = intents

    def understand(
        self,
        text: str,
        learned: bool = True,
        invited: frozenset[str] = frozenset(),
        awaited: bool = True,
    ) -> Understanding | None:
        intent = self.intents.get(text)
        return Understanding(intent) if intent and learned else None

    def remember_reply(self, reply: str) -> None:
        """Its own replies are not needed here."""

    def echoes(self, text: str) -> bool:
        return False


@pytest.mark.parametrize(
    ("line", "intent", "kind"),
    [
        ("not great tbh", "chat.wellbeing_answer", "wellbeing_worse"),
        ("loads better now ta", "chat.wellbeing_answer", "wellbeing_better"),
        ("surviving lol", "chat.wellbeing_answer", "wellbeing_ok"),
        ("nite nite x", "chat.goodbye", "good_night"),
        ("feeling proper meh", "chat.feeling", "feeling_other"),
        ("lmaooo", "chat.acknowledge", "acknowledge_ok"),
        ("my nan passed on sunday", "chat.share_loss", "shared_loss"),
    ],
)
def test_an_intent_named_without_slots_is_still_answered_in_kind(
    assistant: Assistant, line: str, intent: str, kind: str
) -> None:
    talk = assistant.conversation()
    talk.matcher = NamesOnly({line: intent})  # type: ignore[assignment]
    assert talk.run_text(line).reply in load_persona().replies[kind]


@pytest.mark.parametrize(
    "line", ["got some bad news today", "dad got bad news from the hospital", "i didnt get the job"]
)
def test_bad_news_is_never_congratulated(assistant: Assistant, line: str) -> None:
    result = assistant.conversation().run_text(line)
    assert result.understanding is None or result.understanding.intent != "chat.share_good_news"
    assert "pleased" not in result.reply
    assert "great to hear" not in result.reply


@pytest.mark.parametrize(
    ("answer", "read_as"),
    [
        ("not bad thanks", "ok"),
        ("not bad ta, bit knackered", "worse"),
        ("i think im getting a cold", "worse"),
        ("much better today", "better"),
        ("same as ever", "same"),
        ("good thanks", "ok"),
    ],
)
def test_an_answer_to_how_are_you_is_read_by_its_words(answer: str, read_as: str) -> None:
    assert wellbeing_in(answer) == read_as


def test_a_yes_to_its_own_question_in_conversation_is_heard_as_one(
    assistant: Assistant,
) -> None:
    talk = assistant.conversation()
    assert talk.run_text("my mum has dementia").reply.endswith("?")
    answer = talk.run_text("yeah").reply
    assert answer in load_persona().replies["yes_go_on"]
    talk.run_text("what time is it")
    assert talk.run_text("yes").reply == "There's nothing waiting for a yes right now."


def test_a_cry_is_not_a_question() -> None:
    assert not asks_for_something("ugh what a day")
    assert not asks_for_something("what an awful week")
    assert asks_for_something("what a day is it today?")
    assert asks_for_something("ok what time is it")


def test_a_line_asking_for_nothing_in_a_conversation_is_listened_to(
    assistant: Assistant,
) -> None:
    talk = assistant.conversation()
    talk.run_text("hello")  # conversation, though nothing shared yet
    reply = talk.run_text("its really hard").reply
    assert reply in load_persona().replies["listening"]
    talk.run_text("what time is it")
    assert "what can you do" in talk.run_text("the kettle one").reply


def test_a_plain_ok_is_a_yes_only_while_something_waits_for_one(
    assistant: Assistant,
) -> None:
    talk = assistant.conversation()
    said = talk.run_text("ok then")
    assert said.understanding is not None
    assert said.understanding.intent == "chat.acknowledge"
    talk.run_text("remind me to call mum tomorrow at 6")
    talk.run_text("remind me to water the plants tomorrow at 8")
    talk.run_text("delete all my reminders")  # two of them: asked first
    assert talk.context.pending is not None
    yes = talk.run_text("ok")
    assert yes.understanding is not None
    assert yes.understanding.intent == "system.confirm"
    assert assistant.memory.reminders.pending() == []


@pytest.mark.parametrize(
    "line",
    [
        "made a curry for tea",
        "just got back from the tip",
        "wow didnt sleep a wink",
        "finally painted the shed",
        "just back from the shops",
        "did a big clear out of the garage",
    ],
)
def test_a_line_about_their_day_with_the_i_left_out_is_listened_to(
    assistant: Assistant, recorder: Recorder, line: str
) -> None:
    result = assistant.conversation().run_text(line)
    assert recorder.of(NotUnderstood) == []
    assert result.understanding is not None
    assert result.understanding.intent.startswith("chat.")


def test_how_they_feel_said_without_an_i_is_answered_as_that_feeling(
    assistant: Assistant,
) -> None:
    assert felt_in("absolutely knackered") == "tired"
    assert felt_in("ill ring you later") is None  # "I'll", not unwell
    reply = assistant.conversation().run_text("proper shattered tonight").reply
    assert reply in load_persona().replies["feeling_tired"]


def test_a_plain_ok_is_a_yes_only_while_one_is_awaited(matcher: Matcher) -> None:
    ok = matcher.understand("ok", awaited=False)
    assert ok is not None
    assert ok.intent == "chat.acknowledge"
    waiting = matcher.understand("ok", awaited=True)
    assert waiting is not None
    assert waiting.intent == "system.confirm"


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("awful week tbh", "shared_bad_day"),
        ("honestly the morning was a nightmare", "shared_bad_day"),
        ("what if they say no", "shared_worry"),
        ("bad news from the vet, its his kidneys", "shared_bad_day"),
        ("so proud of myself, finished the whole jigsaw", "shared_good_news"),
        ("the week was a total nightmare", "shared_bad_day"),
    ],
)
def test_news_said_in_so_many_words_is_answered_in_its_kind(
    assistant: Assistant, line: str, kind: str
) -> None:
    assert assistant.conversation().run_text(line).reply in load_persona().replies[kind]


def test_no_one_in_touch_is_loneliness_and_bad_news_words_are_never_congratulated(
    assistant: Assistant,
) -> None:
    assert felt_in("nobody has rung me in days") == "lonely"
    assert felt_in("scared its going to rain on the day") == "stressed"
    assert felt_in("not a bad day actually") is None
    for line in ("they're making half the office redundant", "our council tax is going up"):
        reply = assistant.conversation().run_text(line).reply
        assert reply not in load_persona().replies["shared_good_news"]


def test_thanks_then_a_clause_that_asks_nothing_is_thanks(matcher: Matcher) -> None:
    thanked = matcher.understand("ok ta, back to the ironing")
    assert thanked is not None
    assert thanked.intent == "chat.thanks"
    other = matcher.understand("thanks, can you find my tax return")
    assert other is None or other.intent != "chat.thanks"

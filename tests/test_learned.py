"""The learned step behind the templates: trained on the corpus as it is now, measured on lines
it was not trained on, and careful with what it may do."""

from pathlib import Path

import numpy as np
import pytest

from assistant.errors import AssistantError
from assistant.intents.asking import (
    ACTED_ON,
    ASKING_FIRST,
    CONVERSATION,
    HIGH_BAR_ACTED_ON,
    NEVER,
    QUESTIONS,
    TELLING,
    acted_on,
    question_for,
)
from assistant.intents.corpus import (
    HELD_OUT_FOLD,
    NOT_UNDERSTOOD,
    Example,
    corpus_hash,
    fold_of,
    read_corpus,
)
from assistant.intents.features import COLUMNS
from assistant.intents.learned import (
    MODEL_DIR,
    About,
    LearnedStep,
    Placed,
    Thresholds,
    Weights,
    prepared,
)
from assistant.intents.learned_slots import slots_for
from assistant.intents.matcher import Matcher
from assistant.intents.understanding import Understanding
from assistant.runtime.assistant import Assistant
from assistant.skills.registry import build_registry
from tests.conftest import script

DESTRUCTIVE_INTENTS = build_registry().changing
SPLIT_DIR = Path(__file__).parent / "fixtures" / "understanding"
IN_DOMAIN_FLOOR = 0.70
"""Held-out lines of intents with a skill given their intent by the learned step alone (no
templates), at the shipped threshold (measured 2052 of 2857, 0.718, on 2026-12-07)."""
REJECTED_FLOOR = 0.985
"""Held-out lines for no intent rejected by it (measured 0.99)."""
RETRAIN = "the corpus changed: run scripts/train_understanding and commit what it writes"


def test_the_shipped_model_was_trained_on_the_corpus_as_it_is() -> None:
    assert About.load(MODEL_DIR / "en.json").corpus_sha256 == corpus_hash(), RETRAIN
    assert About.load(SPLIT_DIR / "en.json").corpus_sha256 == corpus_hash(), RETRAIN


def test_lines_it_was_not_trained_on_are_placed_and_the_rest_rejected() -> None:
    about = About.load(SPLIT_DIR / "en.json")
    step = LearnedStep(Weights.load(SPLIT_DIR / "en.npz"), about.thresholds)
    skilled = build_registry().intents
    held = [e for e in read_corpus() if fold_of(e.text) == HELD_OUT_FOLD]
    inside = [e for e in held if e.intent in skilled]
    outside = [e for e in held if e.intent == NOT_UNDERSTOOD]
    right = sum(_placed(step, e.text) == e.intent for e in inside)
    rejected = sum(_placed(step, e.text) is None for e in outside)
    assert len(inside) > 1000
    assert len(outside) > 300
    assert right / len(inside) >= IN_DOMAIN_FLOOR, (right, len(inside))
    assert rejected / len(outside) >= REJECTED_FLOOR, (rejected, len(outside))


def _placed(step: LearnedStep, text: str) -> str | None:
    placed = step.weights.best(prepared(text))
    return placed.intent if step.thresholds.met(placed) else None


def test_no_intent_acted_on_from_a_guess_changes_things() -> None:
    assert not ACTED_ON & DESTRUCTIVE_INTENTS
    assert not any(acted_on(intent) for intent in DESTRUCTIVE_INTENTS)


def test_every_intent_that_changes_things_is_asked_about_or_never_named() -> None:
    for intent in DESTRUCTIVE_INTENTS - NEVER - HIGH_BAR_ACTED_ON:
        assert intent in QUESTIONS, intent


def test_moving_files_is_named_at_once_only_because_it_is_only_explained(
    assistant: Assistant,
) -> None:
    """The one changing intent acted on from a guess (above the higher bar) changes nothing:
    its skill says plainly that it cannot move files yet."""
    moving = {"files.move"}
    assert moving == HIGH_BAR_ACTED_ON & DESTRUCTIVE_INTENTS
    talk = assistant.conversation()
    reply = talk._skill_outcome(Understanding("files.move"), None, lambda d, t: None).reply
    assert reply.startswith("I can't move files between folders yet")


@pytest.mark.parametrize(
    "text",
    [
        "pls delete that junk one",
        "bin this email",
        "sort out my downloads its a mess",
        "forget everything about my sister",
        "yeah go on then do it",
        "u can call urself max from now on",
    ],
)
def test_a_learned_hit_never_acts_on_a_change(matcher: Matcher, text: str) -> None:
    offered = set(matcher.intent_names)
    result = matcher.learned.understand(prepared(text), {}, offered, DESTRUCTIVE_INTENTS)
    assert result is None or result.sure is False or result.intent not in DESTRUCTIVE_INTENTS


def test_it_names_only_intents_that_have_a_skill(matcher: Matcher) -> None:
    skilled = build_registry().intents
    for example in read_corpus()[::7]:
        result = matcher.understand(example.text)
        assert result is None or result.intent in skilled, (example.text, result)


@pytest.mark.parametrize(
    ("intent", "text", "slots"),
    [
        ("timer.set", "pasta timer pls", {}),
        ("reminder.set", "dont let me forget the bins tmrw at 7", {"task": "the bins"}),
        ("mail.compose", "write to jo at example dot org saying im late", {}),
        ("mail.compose", "can u drop my landlord a line about the boiler", {}),
        ("mail.search", "has amy sent me anything about the lease", {"contact": "amy"}),
        ("mail.reply", "reply thank you to john", {"contact": "john"}),
        ("files.find", "cant find the pdfs in my downloads", {"kind": "pdf"}),
        ("memory.recall", "whats my sisters name again", {}),
        ("identity.user_name", "hey so i never told you my name, its maya", {"name": "maya"}),
    ],
)
def test_slots_are_found_wherever_they_are_said(
    intent: str, text: str, slots: dict[str, object]
) -> None:
    found = slots_for(intent, prepared(text), {})
    assert slots.items() <= found.items(), found


def test_an_address_said_aloud_is_written_and_a_relation_kept() -> None:
    said = slots_for("mail.compose", "write to jo at example dot org saying im late", {})
    assert said == {"contact": "jo@example.org", "body": "im late"}
    asked = slots_for("mail.compose", "can u drop my landlord a line about the boiler", {})
    assert asked == {"contact": "my landlord", "topic": "the boiler"}
    found = slots_for("files.find", "cant find the pdfs in my downloads", {})
    assert found == {"folder": "downloads", "kind": "pdf"}


def test_a_reminder_is_asked_about_with_its_task_and_time() -> None:
    slots = slots_for("reminder.set", "can u make sure i dont forget to call mum at 6", {})
    assert slots == {"task": "call mum", "due": "at 6"}
    assert question_for("reminder.set", slots) == (
        "Do you want me to set a reminder: call mum at 6?"
    )


def test_a_timer_is_only_asked_about_with_its_length(matcher: Matcher) -> None:
    result = matcher.understand("ping me when 10 minutes are up")
    assert result is not None
    assert (result.intent, result.slots, result.sure) == ("timer.set", {"duration": 600}, False)
    assert slots_for("timer.set", "a pasta timer", {}) == {}


def test_a_sentence_that_says_not_to_is_not_asked_about(matcher: Matcher) -> None:
    for text in ("don't cancel the timer", "never cancel the timer", "do not delete anything"):
        result = matcher.understand(text)
        assert result is None or result.sure, (text, result)


@pytest.mark.parametrize(
    "text", ["timer +5 min", "timer -2 min", "extend timer 10 min", "timer plus 5 minutes"]
)
def test_a_running_timer_changed_is_never_asked_about_as_a_new_one(
    matcher: Matcher, text: str
) -> None:
    found = matcher.understand(text)
    assert found is None or found.intent != "timer.set", found


def test_every_intent_it_may_name_runs_with_no_slots_found(assistant: Assistant) -> None:
    talk = assistant.conversation()
    registry = build_registry()
    asked_bare = {i for i, question in QUESTIONS.items() if not question.needs}
    named = {i for i in registry.intents if acted_on(i) or i in asked_bare} - NEVER
    for intent in sorted(named):
        least = Understanding(intent, slots_for(intent, "", {}))
        try:
            reply = talk._skill_outcome(least, None, lambda done, total: None).reply
        except AssistantError as error:  # said to the user as the turn's failure
            reply = error.message
        assert reply or intent == "system.stop", intent
        assert "  " not in reply, (intent, reply)
        talk.context.pending = None
        talk.context.dictation = None


def test_offered_nothing_it_asks_about_only_what_it_is_very_sure_of() -> None:
    bare = Matcher()
    said = "give me a 10 minute countdown thing"
    placed = bare.learned.weights.best(prepared(said))
    result = bare.understand(said)
    if not bare.learned.thresholds.high(placed):
        assert result is None
    else:
        assert result is not None
        assert not result.sure


GOOD, BAD_DAY, LOSS, WORRY = (
    "chat.share_good_news",
    "chat.share_bad_day",
    "chat.share_loss",
    "chat.share_worry",
)
SHARE_CLASSES = (GOOD, BAD_DAY, LOSS, WORRY, "chat.greeting", NOT_UNDERSTOOD)


def _step_that_always_gives(*probabilities: float) -> LearnedStep:
    """A learned step whose weights are all zero, so that its biases alone give every
    sentence these probabilities (in ``SHARE_CLASSES`` order)."""
    weights = Weights(
        SHARE_CLASSES,
        np.zeros((COLUMNS, len(SHARE_CLASSES)), dtype=np.float16),
        np.log(np.asarray(probabilities, dtype=np.float32)),
    )
    return LearnedStep(weights, Thresholds(accept=0.9, intent=0.5, changing=0.9))


@pytest.mark.parametrize(
    ("probabilities", "shared"),
    [
        ((0.80, 0.05, 0.03, 0.02, 0.05, 0.05), GOOD),
        ((0.04, 0.35, 0.30, 0.21, 0.05, 0.05), BAD_DAY),  # hard news together, the likeliest
        ((0.60, 0.30, 0.02, 0.02, 0.03, 0.03), None),  # torn between good and hard news
        ((0.30, 0.55, 0.05, 0.04, 0.03, 0.03), None),
        ((0.75, 0.01, 0.01, 0.01, 0.20, 0.02), GOOD),  # below the usual bar, kind clear
        ((0.35, 0.01, 0.01, 0.01, 0.60, 0.02), None),  # more likely asking for nothing
    ],
)
def test_a_line_about_oneself_is_answered_in_kind_only_when_its_kind_is_clear(
    probabilities: tuple[float, ...], shared: str | None
) -> None:
    step = _step_that_always_gives(*probabilities)
    said = "it happened today"
    found = step.shared_from(step.weights.best(said), said, set(SHARE_CLASSES))
    assert (found.intent if found else None) == shared
    assert found is None or found.sure


def test_good_news_placed_at_the_usual_bar_is_not_answered_when_hard_news_is_close() -> None:
    step = _step_that_always_gives(0.62, 0.33, 0.01, 0.01, 0.02, 0.01)
    said = "i got a distinction"
    assert step.understand(said, {}, set(SHARE_CLASSES), set()) is None
    clear = _step_that_always_gives(0.90, 0.04, 0.01, 0.01, 0.02, 0.02)
    found = clear.understand(said, {}, set(SHARE_CLASSES), set())
    assert found is not None
    assert found.intent == GOOD


KIND_CLASSES = ("chat.greeting", "system.time", "timer.set", NOT_UNDERSTOOD)


def test_each_kind_of_intent_is_named_at_its_own_bar() -> None:
    bars = {CONVERSATION: 0.9, TELLING: 0.97, ASKING_FIRST: 0.95}
    thresholds = Thresholds(accept=0.99, intent=0.5, changing=0.9, kinds=bars)
    for intent, named in (("chat.greeting", True), ("system.time", False), ("timer.set", False)):
        placed = Placed(intent, 0.9, inside=0.93)
        assert thresholds.met(placed) is named, intent
    assert Thresholds(accept=0.92, intent=0.5, changing=0.9).met(Placed("system.time", 0.9, 0.93))


def test_the_bars_for_each_kind_keep_the_rejection_and_place_more() -> None:
    """Lines for no intent placed confidently only as things it tells: that kind's bar rises
    above them, while conversation keeps a low bar and places its lines."""
    training = script("understanding_model")
    rows = [
        *[("chat.greeting", "chat.greeting", 0.9 + step / 100) for step in range(9)],
        *[("system.time", "system.time", 0.99) for _ in range(5)],
        *[(NOT_UNDERSTOOD, "system.time", 0.97) for _ in range(10)],
        *[(NOT_UNDERSTOOD, "chat.greeting", 0.5) for _ in range(90)],
    ]
    held = training.HeldOut(
        [Example(f"line {at}", intent) for at, (intent, _, _) in enumerate(rows)],
        [best for _, best, _ in rows],
        np.full(len(rows), 0.9, dtype=np.float32),
        np.asarray([inside for _, _, inside in rows], dtype=np.float32),
    )
    single = training.single(training.threshold_for(held, 0.95))
    chosen = training.thresholds_for(held, 0.95)
    assert training.rejection_at(held, chosen) >= 0.95
    assert chosen.kinds[TELLING] > 0.97
    assert chosen.kinds[CONVERSATION] <= 0.9
    assert training.accepted(held, chosen).sum() > training.accepted(held, single).sum()


@pytest.mark.parametrize(
    ("probabilities", "answered"),
    [
        ((0.03, 0.01, 0.01, 0.01, 0.70, 0.24), "chat.greeting"),  # below the usual bar
        ((0.10, 0.01, 0.01, 0.01, 0.42, 0.45), None),  # conversation together only 0.55
        ((0.28, 0.02, 0.02, 0.02, 0.30, 0.36), None),  # no kind of it clearly the likeliest
        ((0.45, 0.30, 0.01, 0.01, 0.03, 0.20), None),  # news, torn between good and hard
        ((0.01, 0.45, 0.25, 0.05, 0.04, 0.20), BAD_DAY),  # hard news, clearly
    ],
)
def test_a_line_asking_for_nothing_is_answered_as_conversation_when_clearly_it_is(
    probabilities: tuple[float, ...], answered: str | None
) -> None:
    step = _step_that_always_gives(*probabilities)
    placed = step.weights.best("ok then")
    assert not step.thresholds.met(placed)
    found = step.conversation_from(placed, "ok then", set(SHARE_CLASSES))
    assert (found.intent if found else None) == answered


def test_a_request_is_never_answered_as_conversation_below_the_bar() -> None:
    matcher = Matcher()
    matcher.learned = _step_that_always_gives(0.03, 0.01, 0.01, 0.01, 0.70, 0.24)
    matcher.offer(set(SHARE_CLASSES), set())
    found = matcher.understand("see you tomorrow then")
    assert found is not None
    assert (found.intent, found.learned) == ("chat.greeting", True)
    assert matcher.understand("can you book me a table for two") is None

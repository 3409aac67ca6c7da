"""The whole catalogue, table-driven: phrasings in, intents and slots out."""

from pathlib import Path

import pytest
import yaml

from assistant.intents.matcher import Matcher

TABLE = yaml.safe_load((Path(__file__).parent / "fixtures" / "phrasings.yaml").read_text())
DESTRUCTIVE = ("mail.delete", "mail.archive", "files.organise", "files.move", "mail.send")


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    matcher = Matcher()
    matcher.set_assistant_name("Nora")
    return matcher


def _row_id(row: list[object]) -> str:
    return str(row[0])


@pytest.mark.parametrize("row", TABLE, ids=_row_id)
def test_phrasing(matcher: Matcher, row: list[object]) -> None:
    text, intent = row[0], row[1]
    expected_slots = row[2] if len(row) > 2 else {}
    result = matcher.understand(str(text))
    if intent is None:
        assert result is None, f"{text!r} was forced onto {result}"
        return
    assert result is not None, f"{text!r} was not understood"
    assert result.intent == intent
    assert result.slots == expected_slots


def test_table_is_large_and_covers_the_catalogue(matcher: Matcher) -> None:
    intents = {row[1] for row in TABLE if row[1] is not None}
    assert len(TABLE) >= 150
    assert intents == set(matcher.intent_names)
    assert sum(1 for row in TABLE if row[1] is None) >= 20


def test_every_intent_has_three_phrasings(matcher: Matcher) -> None:
    counts = {name: sum(1 for row in TABLE if row[1] == name) for name in matcher.intent_names}
    assert min(counts.values()) >= 3, counts


def test_nothing_unknown_triggers_a_destructive_intent(matcher: Matcher) -> None:
    unknown = [row[0] for row in TABLE if row[1] is None]
    for text in unknown:
        result = matcher.understand(str(text))
        assert result is None or result.intent not in DESTRUCTIVE


def test_the_assistants_own_name_is_stripped_when_addressed(matcher: Matcher) -> None:
    assert matcher.understand("Nora, what's the date") == matcher.understand("what's the date")
    greeting = matcher.understand("hi Nora")
    assert greeting is not None
    assert greeting.slots == {"name": "Nora"}


def test_a_rename_changes_who_is_addressed() -> None:
    matcher = Matcher()
    matcher.set_assistant_name("Samantha")
    result = matcher.understand("hello Samantha")
    assert result is not None
    assert result.slots == {"name": "Samantha"}
    assert matcher.understand("hello Nora") is None


def test_confidence_is_lower_when_a_wildcard_carries_most_of_the_sentence(
    matcher: Matcher,
) -> None:
    literal = matcher.understand("what time is it")
    wildcard = matcher.understand("remember that the spare key is under the flower pot")
    assert literal is not None
    assert wildcard is not None
    assert literal.confidence == 1.0
    assert 0 < wildcard.confidence < 0.5

"""What is done is only what was confirmed: a yes belongs to the plan it answers, names are
never merged or escaped through, and long names do not stop an organise."""

from pathlib import Path

import pytest

from assistant.app import Assistant
from assistant.pipeline import Pipeline
from tests.files.conftest import snapshot


@pytest.fixture
def talk(assistant: Assistant) -> Pipeline:
    return assistant.conversation()


@pytest.mark.parametrize("between", ["what time is it", "what's my name", "blorp quux"])
def test_a_yes_after_the_conversation_moved_on_does_nothing(
    talk: Pipeline, downloads: Path, between: str
) -> None:
    before = snapshot(downloads)
    assert talk.run_text("organise my downloads folder").reply.endswith("Shall I?")
    talk.run_text(between)
    assert talk.run_text("yes").reply == "There's nothing waiting for a yes right now."
    assert snapshot(downloads) == before


def test_a_yes_after_say_that_again_still_counts(talk: Pipeline, downloads: Path) -> None:
    plan = talk.run_text("organise my downloads folder").reply
    assert talk.run_text("say that again").reply == plan
    assert talk.run_text("yes").reply.startswith("Done: 14 files moved.")


def test_a_failed_turn_also_lets_the_plan_lapse(talk: Pipeline, downloads: Path) -> None:
    before = snapshot(downloads)
    talk.run_text("organise my downloads folder")
    talk.run_text("   ")
    assert "nothing waiting" in talk.run_text("yes").reply
    assert snapshot(downloads) == before

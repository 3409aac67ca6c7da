"""The assistant picks a name on its first run, keeps it, and takes a new one when asked."""

import random
from pathlib import Path

import pytest

from assistant.config import Paths
from assistant.persona import load_persona
from assistant.persona.identity import tidy_name
from assistant.runtime.assistant import Assistant


def test_first_run_picks_a_name_from_the_persona_and_keeps_it(tmp_path: Path) -> None:
    paths = Paths.resolve(str(tmp_path))
    with Assistant(paths, rng=random.Random(1)) as first:
        name = first.identity.name
        assert first.identity.chosen_now
        assert name in load_persona().names
        assert name in (first.introduction() or "")
    with Assistant(paths, rng=random.Random(99)) as second:
        assert second.identity.name == name
        assert not second.identity.chosen_now
        assert second.introduction() is None


def test_a_rename_lasts_across_restarts(tmp_path: Path) -> None:
    paths = Paths.resolve(str(tmp_path))
    with Assistant(paths) as first:
        first.conversation().run_text("I'll call you Samantha")
    with Assistant(paths) as second:
        assert second.identity.name == "Samantha"
        assert "Samantha" in second.conversation().run_text("what's your name").reply


@pytest.mark.parametrize(
    ("spoken", "name"),
    [
        ("samantha", "Samantha"),
        ("mary jane", "Mary Jane"),
        ("Zoë", "Zoë"),
        ("O'Neil", "O'Neil"),
        ("a" * 500, None),
        ("R2D2", None),
        ("", None),
        ("one two three four", None),
        ("robert'); drop table settings;--", None),
    ],
)
def test_only_sensible_names_are_taken(spoken: str, name: str | None) -> None:
    assert tidy_name(spoken) == name


@pytest.mark.parametrize(
    "said",
    [
        "I'll call you later",
        "I'll call you back",
        "I will call you soon",
        "ill call you tomorrow",
        "i'll call you when i get home",
        "I'll call you again",
        "I'll call you in five minutes",
    ],
)
def test_a_promise_to_call_is_not_a_new_name(tmp_path: Path, said: str) -> None:
    with Assistant(Paths.resolve(str(tmp_path))) as assistant:
        name = assistant.identity.name
        turn = assistant.conversation().run_text(said)
        assert assistant.identity.name == name
        assert "it is" not in turn.reply
        assert "I'm " + name in assistant.conversation().run_text("what's your name").reply


def test_an_unusual_name_is_read_back_and_taken_only_on_yes(tmp_path: Path) -> None:
    with Assistant(Paths.resolve(str(tmp_path))) as assistant:
        name = assistant.identity.name
        talk = assistant.conversation()
        asked = talk.run_text("call yourself pickle")
        assert "Pickle" in asked.reply
        assert asked.reply.endswith("It would be my wake word.")
        assert assistant.identity.name == name
        talk.run_text("yes")
        assert assistant.identity.name == "Pickle"
        assert name in talk.run_text("undo").reply
        assert assistant.identity.name == name


def test_an_unusual_name_is_dropped_on_no(tmp_path: Path) -> None:
    with Assistant(Paths.resolve(str(tmp_path))) as assistant:
        name = assistant.identity.name
        talk = assistant.conversation()
        talk.run_text("your name is sparkle from now on")
        talk.run_text("no")
        assert assistant.identity.name == name

"""Forgetting is complete: after each kind of forget, the forgotten words are in neither
``memory export`` nor the search index, superseded values and the assistant's own read-backs
included; what was not asked to go stays."""

import json
import random
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from assistant.config import Paths
from assistant.memory.conversation import fts_query
from assistant.runtime.assistant import Assistant
from tests.conftest import FixedClock, run_cli


def tell(assistant: Assistant, *lines: str) -> None:
    talk = assistant.conversation()
    for line in lines:
        assert talk.run_text(line).failed is None


def forget(assistant: Assistant, request: str) -> str:
    talk = assistant.conversation()
    plan = talk.run_text(request).reply
    assert plan.endswith("Shall I?"), plan
    assert talk.run_text("yes").reply == "Done. It's gone from my memory, for good."
    return plan


def exported(assistant: Assistant) -> str:
    return json.dumps(assistant.memory.export(), ensure_ascii=False, default=str).casefold()


def indexed(assistant: Assistant, word: str) -> list[str]:
    """Turns the full-text index still finds for ``word``, read straight from the file."""
    with sqlite3.connect(assistant.paths.database) as db:
        db.execute("insert into turns_fts(turns_fts) values ('integrity-check')")
        sql = "select text from turns_fts where turns_fts match ?"
        return [row[0] for row in db.execute(sql, [fts_query([word])])]


def gone(assistant: Assistant, *words: str) -> None:
    for word in words:
        assert word.casefold() not in exported(assistant), word
        assert indexed(assistant, word) == [], word


def kept(assistant: Assistant, *words: str) -> None:
    for word in words:
        assert word.casefold() in exported(assistant), word
        assert indexed(assistant, word), word


def test_a_replaced_name_and_its_read_backs_go(assistant: Assistant) -> None:
    tell(
        assistant,
        "my sister's name is Anne",
        "my sister's name is Anna",
        "what's my sister's name",
        "I work at Blue Bay Letters",
    )
    forget(assistant, "forget my sister's name")
    gone(assistant, "Anne", "Anna")
    kept(assistant, "Blue")
    talk = assistant.conversation()
    reply = talk.run_text("what did I say about Anne").reply
    assert reply == "I don't remember you mentioning Anne."


def test_a_birthday_said_and_read_back_goes(assistant: Assistant) -> None:
    tell(assistant, "my birthday is on the 3rd of May", "when is my birthday", "I live in Leeds")
    forget(assistant, "forget my birthday")
    gone(assistant, "May", "3rd")
    kept(assistant, "Leeds")


def test_the_user_s_own_name_goes_with_every_value(assistant: Assistant) -> None:
    tell(assistant, "my name is Rory", "call me Rob", "what's my name", "I live in Leeds")
    forget(assistant, "forget my name")
    gone(assistant, "Rory", "Rob")
    kept(assistant, "Leeds")


def test_a_topic_goes(assistant: Assistant) -> None:
    tell(assistant, "remember that the contract is due on Friday", "I'm a nurse")
    tell(assistant, "did I mention the contract")
    forget(assistant, "forget what I told you about the contract")
    gone(assistant, "contract")
    kept(assistant, "nurse")


def test_a_person_goes_with_the_facts_about_them(assistant: Assistant) -> None:
    tell(
        assistant,
        "my brother's name is Tobias",
        "Tobias's birthday is on the 2nd of March",
        "when is Tobias's birthday",
        "I live in Leeds",
    )
    forget(assistant, "forget Tobias")
    gone(assistant, "Tobias", "March")
    kept(assistant, "Leeds")


def test_a_person_goes_with_every_fact_that_mentions_them(tmp_path: Path) -> None:
    paths = Paths.resolve(str(tmp_path / "home"))
    with Assistant(paths, rng=random.Random(7)) as assistant:
        tell(assistant, "my friend is called Quorra", "my sister's name is Anna")
        tell(assistant, "remember that Quorra likes tulips", "remember that my sister likes roses")
        tell(assistant, "remember that Annabel sings", "I live in Leeds")
        forget(assistant, "forget Quorra")
        forget(assistant, "forget Anna")
        gone(assistant, "Quorra", "tulips", "roses")
        kept(assistant, "Annabel", "Leeds")
        known = assistant.conversation().run_text("what do you know about me").reply
        assert "tulips" not in known
        assert "roses" not in known
    stored = b"".join(path.read_bytes() for path in paths.database.parent.glob("memory.db*"))
    assert b"Leeds" in stored
    assert b"Quorra" not in stored
    assert b"tulips" not in stored


def test_a_day_goes_and_yesterday_stays(assistant: Assistant, clock: FixedClock) -> None:
    tell(assistant, "I live in Leeds", "I'm feeling lonely")
    clock.moment += timedelta(days=1)
    tell(assistant, "I'm a nurse", "my favourite colour is green", "I'm so stressed")
    forget(assistant, "forget everything from today")
    gone(assistant, "nurse", "green", "stressed")
    kept(assistant, "Leeds", "lonely")


def test_everything_about_me_goes(assistant: Assistant) -> None:
    tell(assistant, "I'm a nurse", "I have a dog called Biscuit", "I'm allergic to peanuts")
    tell(assistant, "I'm feeling lonely", "what's my dog called")
    forget(assistant, "forget everything you know about me")
    gone(assistant, "nurse", "Biscuit", "peanuts", "lonely")


@pytest.mark.parametrize("request_words", ["forget my sister's name"])
def test_memory_export_from_the_command_line_holds_nothing_forgotten(
    tmp_path: Path, request_words: str
) -> None:
    home = str(tmp_path / "home")
    said = ["my sister's name is Anne", "my sister's name is Anna", request_words, "yes"]
    assert run_cli("ask", "--data-dir", home, *said).returncode == 0
    export = run_cli("memory", "export", "--data-dir", home)
    assert export.returncode == 0
    assert b"Ann" not in export.stdout


def test_forget_with_no_one_and_nothing_named_plans_nothing(assistant: Assistant) -> None:
    tell(assistant, "remember that the contract is due on Friday")
    talk = assistant.conversation()
    for vague in ("forget that", "forget everything", "forget Zebedee"):
        assert talk.run_text(vague).reply.startswith("I'm not sure what to forget.")
        assert talk.context.pending is None
    kept(assistant, "contract")


def test_forget_a_thing_by_its_name(assistant: Assistant) -> None:
    tell(assistant, "remember that the contract is due on Friday", "I live in Leeds")
    forget(assistant, "forget the contract")
    gone(assistant, "contract")
    kept(assistant, "Leeds")


def test_a_feeling_is_forgotten_by_name_with_the_moments_it_was_said(
    assistant: Assistant,
) -> None:
    tell(assistant, "I feel lonely today", "I'm so happy")
    feelings = assistant.memory.feelings
    assert sorted(f.feeling for f in feelings.all()) == ["happy", "lonely"]
    said = forget(assistant, "forget everything about feeling lonely")
    assert said.startswith("I'd forget that you felt lonely and ")
    assert [f.feeling for f in feelings.all()] == ["happy"]
    assert indexed(assistant, "lonely") == []

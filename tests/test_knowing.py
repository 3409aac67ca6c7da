"""It knows who it talks to: the user's name and facts said in ordinary sentences, kept across
processes (one ``--data-dir``, three ``assistant ask`` runs) and asked back in two ways each."""

from pathlib import Path

from tests.conftest import run_cli

TOLD = {
    "my name is Rory": "Rory",
    "I'm a nurse": "Got it. You're a nurse.",
    "I was born on 3 May 1990": "Got it. Your birthday is on the 3rd of May 1990.",
    "my favourite colour is green": "Got it. Your favourite colour is green.",
    "I live in Leeds": "Got it. You live in Leeds.",
    "I have a dog called Biscuit": "Got it. Your dog is called Biscuit.",
    "I work at Blue Bay Letters": "Got it. You work at Blue Bay Letters.",
    "I'm allergic to peanuts": "Got it. You're allergic to peanuts.",
    "my sister's name is Anna": "Got it. Your sister's name is Anna.",
    "Anna's birthday is on the 5th of June": "Got it. Anna's birthday is on the 5th of June.",
}
"""Ordinary sentences, and what it says back."""

ASKED = {
    "You're Rory.": ("what's my name", "do you know my name"),
    "You're a nurse.": ("what do I do for a living", "what's my job"),
    "Your birthday is on the 3rd of May 1990.": ("when was I born", "when is my birthday"),
    "Your favourite colour is green.": ("what's my favourite colour", "what colour do I like best"),
    "You live in Leeds.": ("where do I live", "what city do I live in"),
    "Your dog is called Biscuit.": ("what's my dog called", "what's my dog's name"),
    "You work at Blue Bay Letters.": ("where do I work", "who do I work for"),
    "You're allergic to peanuts.": ("what am I allergic to", "do I have any allergies"),
    "Anna's birthday is on the 5th of June.": (
        "when is Anna's birthday",
        "when is my sister's birthday",
    ),
}
"""Each fact, asked for in two different ways."""


def ask(data_dir: Path, *utterances: str) -> list[str]:
    """One ``assistant ask`` process; the replies, one per line."""
    done = run_cli("ask", "--data-dir", str(data_dir), *utterances)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode().splitlines()


def test_name_and_facts_are_known_in_later_processes_asked_two_ways(tmp_path: Path) -> None:
    home = tmp_path / "home"
    told = ask(home, *TOLD)
    for reply, expected in zip(told, TOLD.values(), strict=True):
        assert expected in reply
    first_way = ask(home, *(ways[0] for ways in ASKED.values()))
    assert first_way == list(ASKED)
    second_way = ask(home, *(ways[1] for ways in ASKED.values()), "hello")
    assert second_way[:-1] == list(ASKED)
    assert "Rory" in second_way[-1]


def test_the_user_s_name_can_be_changed_and_is_used_in_greetings(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert ask(home, "what's my name") == [
        "You haven't told me your name yet. What should I call you?"
    ]
    ask(home, "call me Rory")
    assert ask(home, "actually my name is Rob", "who am I") == [
        "I had Rory; I'll call you Rob now.",
        "You're Rob.",
    ]
    assert "Rob" in ask(home, "good morning")[0]


def test_what_it_knows_is_listed_grouped(tmp_path: Path) -> None:
    home = tmp_path / "home"
    ask(home, "my name is Rory", "I live in Leeds", "my sister's name is Anna")
    ask(home, "I have a cat called Mog", "remember that the spare key is under the pot")
    assert ask(home, "what do you know about me") == [
        "About you: your name is Rory and you live in Leeds. "
        "Your people: your sister's name is Anna. Your pets: your cat is called Mog. "
        "You also told me: the spare key is under the pot."
    ]


def test_a_request_is_not_taken_for_a_name_or_a_job(tmp_path: Path) -> None:
    home = tmp_path / "home"
    replies = ask(home, "call me a taxi", "I'm a bit hungry", "what do you know about me")
    assert replies[-1] == "You haven't told me anything about yourself yet."

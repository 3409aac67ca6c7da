"""The command grammar compiled from templates: minimal, deterministic, and only sayable words."""

import pytest
import yaml
from hassil import Intents

from assistant.stt.grammar import GrammarBuilder, Vocabulary, minimise, sentences, to_fsg

TEMPLATES = """
language: en
intents:
  system.time:
    data: [{sentences: ["what time is it [now]", "what's the time"]}]
  memory.recall:
    data: [{sentences: ["what's my {relation}'s name"]}]
  files.organise:
    data: [{sentences: ["(organise|tidy up) [my] {folder} [folder]"]}]
  memory.remember:
    data: [{sentences: ["remember that {fact}"]}]
  zoo.visit:
    data: [{sentences: ["feed the zebra"]}]
lists:
  relation: {values: [sister, {in: mum, out: mother}]}
  folder: {wildcard: true}
  fact: {wildcard: true}
"""

DICTIONARY = set(
    [
        "what",
        "time",
        "is",
        "it",
        "now",
        "what's",
        "the",
        "my",
        "sister's",
        "mum's",
        "name",
        "organise",
        "tidy",
        "up",
        "folder",
        "downloads",
        "remember",
        "that",
        "feed",
    ]
)


def build(vocabulary: Vocabulary | None = None) -> tuple[set[str], GrammarBuilder]:
    intents = Intents.from_dict(yaml.safe_load(TEMPLATES))
    builder = GrammarBuilder(intents, {}, vocabulary or Vocabulary(), DICTIONARY.__contains__)
    return set(sentences(builder.build())), builder


def test_every_sayable_sentence_and_nothing_else() -> None:
    said, builder = build(Vocabulary({"folder": ("downloads",)}))
    assert said == {
        "what time is it",
        "what time is it now",
        "what's the time",
        "what's my sister's name",
        "what's my mum's name",
        "organise downloads",
        "organise downloads folder",
        "organise my downloads",
        "organise my downloads folder",
        "tidy up downloads",
        "tidy up downloads folder",
        "tidy up my downloads",
        "tidy up my downloads folder",
    }
    assert "zebra" in builder.left_out


def test_a_wildcard_with_no_known_values_is_left_to_dictation() -> None:
    said, _ = build()
    assert not any(s.startswith(("organise", "tidy", "remember")) for s in said)


def test_the_graph_is_deterministic_and_minimal() -> None:
    intents = Intents.from_dict(yaml.safe_load(TEMPLATES))
    graph = GrammarBuilder(
        intents, {}, Vocabulary({"folder": ("downloads",)}), DICTIONARY.__contains__
    ).build()
    for arcs in graph.arcs.values():
        words = [word for word, _ in arcs]
        assert None not in words
        assert len(words) == len(set(words))
    assert minimise(graph).size == graph.size


def test_fsg_transitions_have_even_odds_and_one_final_state() -> None:
    intents = Intents.from_dict(yaml.safe_load(TEMPLATES))
    fsg = to_fsg(GrammarBuilder(intents, {}, Vocabulary(), DICTIONARY.__contains__).build())
    by_state: dict[int, float] = {}
    for transition in fsg.transitions:
        by_state[transition[0]] = by_state.get(transition[0], 0.0) + transition[2]
    assert all(total == pytest.approx(1.0) for total in by_state.values())
    assert fsg.final == fsg.size - 1


def test_text_only_templates_are_left_out_of_the_grammar() -> None:
    templates = """
language: en
intents:
  system.time:
    data:
      - sentences: ["what time is it"]
      - metadata: {text_only: true}
        sentences: ["time now"]
"""
    intents = Intents.from_dict(yaml.safe_load(templates))
    graph = GrammarBuilder(intents, {}, Vocabulary(), lambda word: True).build()
    assert set(sentences(graph)) == {"what time is it"}

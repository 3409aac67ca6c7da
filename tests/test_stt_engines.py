"""Each recogniser describes itself; the choice and ``doctor`` read that one list."""

from pathlib import Path

from assistant.stt import (
    COMMANDS,
    FREE_WORDS,
    bundled_whisper_model,
    choose_engine,
    choose_free_form,
    describe_recognisers,
)
from tests.conftest import run_cli


def test_every_recogniser_says_what_it_hears_and_whether_it_is_installed(tmp_path: Path) -> None:
    described = describe_recognisers(tmp_path)
    assert [(e.name, e.hears) for e in described] == [
        ("vosk", COMMANDS),
        ("pocketsphinx", COMMANDS),
        ("whisper", FREE_WORDS),
        ("whisper", FREE_WORDS),
    ]
    vosk, pocketsphinx, larger, bundled = described
    assert not vosk.installed
    assert str(tmp_path) in vosk.note
    assert pocketsphinx.installed
    assert pocketsphinx.languages == ("en",)
    assert not larger.installed
    assert larger.model is None
    assert bundled.installed
    assert bundled.model == bundled_whisper_model()


def test_the_choice_is_the_first_installed_and_says_why(tmp_path: Path) -> None:
    assert choose_engine(tmp_path).engine == "pocketsphinx"
    assert "no vosk model" in choose_engine(tmp_path).reason
    model = tmp_path / "vosk-model-small-en-us-0.15"
    (model / "am").mkdir(parents=True)
    chosen = choose_engine(tmp_path)
    assert (chosen.engine, chosen.model) == ("vosk", model)
    assert describe_recognisers(tmp_path)[0].installed
    assert choose_free_form(tmp_path).model == bundled_whisper_model()


def test_doctor_lists_every_recogniser(tmp_path: Path) -> None:
    out = run_cli("doctor", "--data-dir", str(tmp_path)).stdout.decode()
    line = next(line for line in out.splitlines() if "recognisers" in line)
    assert "vosk (commands, en)" in line
    assert "pocketsphinx (commands, en): installed" in line
    assert "whisper (free words, en)" in line

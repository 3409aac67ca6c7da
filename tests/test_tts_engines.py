"""Each synthesiser describes itself and its voices; the choice, the settings' list and
``doctor`` read that one list."""

from pathlib import Path

from assistant.config import Settings
from assistant.tts import PIPER, PYTTSX3, choose_voice, describe_synthesisers, voice_options
from assistant.tts.piper import BUNDLED_VOICE, bundled_voice
from tests.conftest import run_cli
from tests.test_tts import models, needs_piper, place_voice  # noqa: F401 - a fixture

__all__ = ["models"]


@needs_piper
def test_every_synthesiser_says_whether_it_runs_and_lists_its_voices(models: Path) -> None:
    joe = bundled_voice()
    assert joe is not None
    place_voice(joe, models, "en_GB-placed-low")
    piper, system = describe_synthesisers(models)
    assert (piper.name, system.name) == (PIPER, PYTTSX3)
    assert piper.installed
    assert system.installed
    assert [voice.name for voice in piper.voices] == ["en_GB-placed-low", BUNDLED_VOICE]
    placed = piper.voices[0]
    assert (placed.installed, placed.natural, placed.languages) == (True, True, ("en_GB",))
    assert placed.model == models / "en_GB-placed-low.onnx"
    assert str(models) in placed.note
    usual = system.voices[0]
    assert (usual.name, usual.installed) == ("", True)
    assert any("en-us" in voice.languages for voice in system.voices[1:])


@needs_piper
def test_the_choice_and_the_settings_read_the_described_voices(models: Path) -> None:
    described = [v for engine in describe_synthesisers() for v in engine.voices]
    options = voice_options()
    assert [option.voice for option in options] == [v.name for v in described if v.name]
    assert options[0].label == f"{BUNDLED_VOICE} (natural)"
    chosen = choose_voice(Settings(), platform="linux")
    assert (chosen.engine, chosen.piper and chosen.piper.name) == (PIPER, BUNDLED_VOICE)
    espeak = next(v.name for v in described if v.name and not v.natural)
    assert choose_voice(Settings(voice=espeak)).voice == espeak


def test_a_piper_voice_not_installed_is_spoken_by_pyttsx3(models: Path) -> None:
    choice = choose_voice(Settings(voice="en_US-nobody-medium"))
    assert choice.engine == PYTTSX3
    assert "not installed" in choice.reason


def test_doctor_lists_every_synthesiser(tmp_path: Path) -> None:
    out = run_cli("doctor", "--data-dir", str(tmp_path)).stdout.decode()
    line = next(line for line in out.splitlines() if "  voices  " in line)
    assert "piper (runs here" in line or "piper (does not run here" in line
    assert f"{BUNDLED_VOICE} (en_US)" in line
    assert "pyttsx3 (" in line
    assert "its usual voice (en_US)" in line

"""The settings panel lists the Piper voices in the models folder; choosing one takes it."""

from pathlib import Path

import pytest

from assistant.tts import choose_voice
from assistant.tts.piper import bundled_voice
from tests.test_tts import needs_piper, place_voice
from ui.settings import SettingsDialog
from ui.window import Window


@needs_piper
def test_a_piper_voice_placed_in_models_is_listed_and_can_be_chosen(
    qtbot, window: Window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    models = tmp_path / "models"
    models.mkdir()
    monkeypatch.setenv("ASSISTANT_MODELS", str(models))
    joe = bundled_voice()
    assert joe is not None
    place_voice(joe, models, "en_US-placed-medium")
    dialog = SettingsDialog(window, window.session, window.background)
    qtbot.addWidget(dialog)
    index = dialog.voice.findData("en_US-placed-medium")
    assert index > 0
    assert dialog.voice.itemText(index) == "en_US-placed-medium (natural)"
    assert dialog.voice.findData("en_US-joe-medium") > 0
    dialog.voice.activated.emit(index)
    qtbot.waitUntil(lambda: window.background.pending == 0, timeout=5000)
    assert window.assistant.settings.voice == "en_US-placed-medium"
    chosen = choose_voice(window.assistant.settings).piper
    assert chosen is not None
    assert chosen.model == models / "en_US-placed-medium.onnx"

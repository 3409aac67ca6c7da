"""Organise, yes and undo, spoken: the committed WAV fixtures through the real recogniser."""

from pathlib import Path

import pytest

from assistant.audio.sources import WavSource
from assistant.runtime.assistant import Assistant
from assistant.runtime.voice import Listener
from harness.folders import folders_in, snapshot

pytestmark = pytest.mark.audio

FIXTURES = Path(__file__).parent.parent / "fixtures" / "audio"


def test_organise_yes_undo_by_voice(assistant: Assistant, downloads: Path) -> None:
    before, folders_before = snapshot(downloads), folders_in(downloads)
    listener = Listener(assistant.conversation().run_audio)
    heard = {}
    for name in ("cmd_organise_my_downloads_folder", "cmd_yes_please"):
        heard[name] = listener.run(WavSource(FIXTURES / f"{name}.wav"))[-1]
    assert heard["cmd_organise_my_downloads_folder"].reply.startswith("I'd sort 14 files")
    assert heard["cmd_yes_please"].reply.startswith("Done: 14 files moved.")
    assert (downloads / "PDFs" / "report.pdf").is_file()
    undone = listener.run(WavSource(FIXTURES / "cmd_put_everything_back.wav"))[-1]
    assert len(listener.results) == 3
    assert undone.reply == "I've put it all back: 14 files."
    assert snapshot(downloads) == before
    assert folders_in(downloads) == folders_before

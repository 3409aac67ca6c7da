"""Real folders of real files for the files tests, and a way to snapshot a whole tree."""

import os
from pathlib import Path

import pytest

from assistant.runtime.assistant import Assistant
from harness.folders import fill

NAMES = [
    "report.pdf",
    "tax-return-2025.pdf",
    "holiday.jpg",
    "cat.png",
    "song.mp3",
    "notes.txt",
    "budget.xlsx",
    "slides.pptx",
    "backup.tar.gz",
    "setup.deb",
    "movie.mp4",
    "mystery.bin",
    "still-coming.pdf.part",
    "line\nbreak.pdf",
    "smile 😀.jpg",
    os.fsdecode(b"latin-\xe9t\xe9.txt"),
    ".hidden.pdf",
]


@pytest.fixture(autouse=True)
def own_trash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Files sent to the Trash go to this test's own Trash."""
    from send2trash import plat_other

    data_home = tmp_path / "xdg-data"
    data_home.mkdir()
    monkeypatch.setenv("XDG_DATA_HOME", str(data_home))
    # send2trash reads XDG_DATA_HOME once, when first imported.
    monkeypatch.setattr(plat_other, "XDG_DATA_HOME", os.fsencode(data_home))
    monkeypatch.setattr(plat_other, "HOMETRASH_B", os.fsencode(data_home / "Trash"))
    monkeypatch.setattr(plat_other, "HOMETRASH", str(data_home / "Trash"))
    return data_home / "Trash"


@pytest.fixture
def downloads(tmp_path: Path, assistant: Assistant) -> Path:
    """A Downloads folder full of files, and the only folder the assistant may touch."""
    folder = tmp_path / "Downloads"
    fill(folder, NAMES)
    assistant.change_settings(allowed_folders=(str(folder),))
    return folder

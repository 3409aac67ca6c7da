"""Real folders of real files for the files tests, and a way to snapshot a whole tree."""

import os
from pathlib import Path

import pytest

from assistant.files.mover import file_digest
from assistant.runtime.assistant import Assistant

Tree = dict[bytes, tuple[str, int]]

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


def snapshot(root: Path) -> Tree:
    """Every file under ``root``: relative path (bytes) -> (content digest, mtime in ns)."""
    tree: Tree = {}
    for parent, _folders, files in os.walk(root):
        for name in files:
            path = Path(parent) / name
            relative = os.fsencode(path.relative_to(root))
            tree[relative] = (file_digest(path), path.stat(follow_symlinks=False).st_mtime_ns)
    return tree


def folders_in(root: Path) -> set[str]:
    """Every folder under ``root``, relative."""
    return {str(Path(p).relative_to(root)) for p, _d, _f in os.walk(root)} - {"."}


def fill(folder: Path, names: list[str], seed: int = 1) -> None:
    """Create ``names`` in ``folder`` with distinct contents and spread-out past mtimes."""
    folder.mkdir(parents=True, exist_ok=True)
    for number, name in enumerate(names):
        path = folder / name
        path.write_bytes(f"{name!r} {number} {seed}".encode())
        moment = 1_700_000_000 + number * 86_400 * 7
        os.utime(path, ns=(moment * 10**9, moment * 10**9 + number))


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

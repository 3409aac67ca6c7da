"""Crash safety: the process applying a 2,000-file plan is killed (SIGKILL) at random points.

After each kill, the next start finishes the operation and says so; every file exists exactly
once with its content intact; and undo gives back the original tree exactly.
"""

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from assistant.app import Assistant
from assistant.config import Paths
from tests.files.conftest import fill, folders_in, snapshot

pytestmark = pytest.mark.slow

FILES = 2000
ROUNDS = 20
EXTENSIONS = (".pdf", ".jpg", ".mp3", ".txt", ".xlsx", ".zip", ".deb", ".mp4", ".pptx", ".bin")


def _assistant(home: Path, *said: str, wait: bool = True) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant", "ask", "--data-dir", str(home), *said],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=os.environ | {"PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    if wait:
        process.wait(timeout=120)
    return process


def _loose_files(folder: Path) -> int:
    with os.scandir(folder) as entries:
        return sum(1 for entry in entries if entry.is_file())


def _kill_part_way(process: subprocess.Popen[bytes], folder: Path, left: int) -> bool:
    """SIGKILL once only ``left`` loose files remain; False if it finished first."""
    while process.poll() is None:
        if _loose_files(folder) <= left:
            process.send_signal(signal.SIGKILL)
            process.wait()
            return True
    return False


def _contents(tree: dict[bytes, tuple[str, int]]) -> Counter[tuple[str, int]]:
    return Counter(tree.values())


@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_a_kill_at_a_random_point_loses_nothing(tmp_path: Path, round_number: int) -> None:
    rng = random.Random(round_number)
    folder = tmp_path / "Downloads"
    fill(
        folder,
        [f"file {n}{EXTENSIONS[n % len(EXTENSIONS)]}" for n in range(FILES)],
        seed=round_number,
    )
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text(f'allowed_folders = ["{folder}"]\n')
    before, folders_before = snapshot(folder), folders_in(folder)
    movable = FILES - FILES // len(EXTENSIONS)

    applying = _assistant(home, "organise my downloads folder", "yes", wait=False)
    killed = _kill_part_way(applying, folder, left=FILES - rng.randint(1, movable - 1))

    with Assistant(Paths.resolve(str(home))) as restarted:
        notices = " ".join(restarted.notices())
        after = snapshot(folder)
        assert _contents(after) == _contents(before), "a file was lost or duplicated"
        assert not [p for p in after if b".assistant-copy" in p]
        if killed:
            assert "I was stopped part way through organising a folder" in notices
            assert _loose_files(folder) == FILES - movable
        assert restarted.conversation().run_text("undo").reply.startswith("I've put it all back")
    assert snapshot(folder) == before
    assert folders_in(folder) == folders_before


def test_the_kills_land_mid_operation(tmp_path: Path) -> None:
    """The kill point is chosen among the moves, not before or after them all."""
    folder = tmp_path / "Downloads"
    fill(folder, [f"file {n}.pdf" for n in range(FILES)])
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text(f'allowed_folders = ["{folder}"]\n')
    started = time.monotonic()
    applying = _assistant(home, "organise my downloads folder", "yes", wait=False)
    assert _kill_part_way(applying, folder, left=FILES // 2)
    assert 0 < _loose_files(folder) < FILES
    assert time.monotonic() - started < 60

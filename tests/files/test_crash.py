"""Crash safety: the process applying a 2,000-file plan is killed (SIGKILL) at random points.

After each kill, the next start finishes the operation and says so; every file exists exactly
once with its content intact; and undo gives back the original tree exactly.
"""

import os
import random
import signal
import sqlite3
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
BIG_PLAN = 20_000
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
    _kill_part_way(applying, folder, left=FILES - rng.randint(1, movable - 1))
    # On a busy machine the kill can land later than asked, even after the last move: whether
    # it cut the operation short is read from the journal, not assumed from the timing.
    cut_short = [state for state, _steps in _operations(home)] == ["applying"]

    with Assistant(Paths.resolve(str(home))) as restarted:
        notices = " ".join(restarted.notices())
        after = snapshot(folder)
        assert _contents(after) == _contents(before), "a file was lost or duplicated"
        assert not [p for p in after if b".assistant-copy" in p]
        assert ("I was stopped part way through organising a folder" in notices) == cut_short
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
    applying = _assistant(home, "organise my downloads folder", "yes", wait=False)
    assert _kill_part_way(applying, folder, left=FILES // 2)
    assert 0 < _loose_files(folder) < FILES
    assert [state for state, _steps in _operations(home)] == ["applying"]


def _operations(home: Path) -> list[tuple[str, int]]:
    """Each operation's state and how many steps it has, read as another process would."""
    try:
        with sqlite3.connect(f"file:{home / 'memory.db'}?mode=ro", uri=True, timeout=0) as db:
            return db.execute(
                "select state, (select count(*) from steps where operation = operations.id) "
                "from operations order by id"
            ).fetchall()
    except sqlite3.Error:
        return []


def _kill_once_an_operation_appears(process: subprocess.Popen[bytes], home: Path) -> bool:
    """SIGKILL as soon as an operation is in the journal; False if it finished first."""
    while process.poll() is None:
        if _operations(home):
            process.send_signal(signal.SIGKILL)
            process.wait()
            return True
    return False


@pytest.mark.parametrize("trial", range(2))
def test_a_kill_while_a_big_plan_is_saved_carries_out_none_of_it(
    tmp_path: Path, trial: int
) -> None:
    folder, home = tmp_path / "Downloads", tmp_path / "home"
    fill(folder, [f"file {n}.pdf" for n in range(BIG_PLAN)], seed=trial)
    home.mkdir()
    (home / "config.toml").write_text(f'allowed_folders = ["{folder}"]\n')
    before = snapshot(folder)

    saving = _assistant(home, "organise my downloads folder", "yes", wait=False)
    assert _kill_once_an_operation_appears(saving, home), "it finished before the kill"
    moved_before_restart = BIG_PLAN - _loose_files(folder)

    with Assistant(Paths.resolve(str(home))) as restarted:
        notices = " ".join(restarted.notices())
    if moved_before_restart == 0 and _operations(home)[0][0] == "dropped":
        assert snapshot(folder) == before, "a part of the plan was carried out"
        assert "before anything was moved, so I've dropped that plan" in notices
    else:
        assert _loose_files(folder) == 0, "only a part of the plan was carried out"
        assert "I've finished it now" in notices
    assert _contents(snapshot(folder)) == _contents(before)


def _state(process: subprocess.Popen[bytes]) -> str:
    """The process's state letter in /proc ("T" once it is stopped)."""
    stat = Path(f"/proc/{process.pid}/stat").read_text()
    return stat.rpartition(")")[2].split()[0]


def _stop_outside_a_write(process: subprocess.Popen[bytes], home: Path) -> None:
    """SIGSTOP ``process`` at a moment it holds no write transaction on the memory."""
    while True:
        process.send_signal(signal.SIGSTOP)
        while _state(process) != "T":
            time.sleep(0.001)
        with sqlite3.connect(home / "memory.db", timeout=0) as db:
            try:
                db.execute("begin immediate")
            except sqlite3.OperationalError:
                process.send_signal(signal.SIGCONT)
                time.sleep(0.01)
                continue
            db.rollback()
            return


def test_a_second_process_never_takes_over_a_live_operation(tmp_path: Path) -> None:
    folder, home = tmp_path / "Downloads", tmp_path / "home"
    fill(folder, [f"file {n}.pdf" for n in range(FILES)])
    home.mkdir()
    (home / "config.toml").write_text(f'allowed_folders = ["{folder}"]\n')
    before = snapshot(folder)
    first = _assistant(home, "organise my downloads folder", "yes", wait=False)
    while _loose_files(folder) > FILES - 50:
        assert first.poll() is None, "the first process finished before it could be paused"
    _stop_outside_a_write(first, home)
    try:
        paused_at = _loose_files(folder)
        with Assistant(Paths.resolve(str(home))) as second:
            assert "Another copy of me is changing files" in " ".join(second.notices())
            talk = second.conversation()
            talk.run_text("organise my downloads folder")
            assert talk.run_text("yes").reply.startswith("Another copy of me is changing")
            assert _loose_files(folder) == paused_at
    finally:
        first.send_signal(signal.SIGCONT)
    output, errors = first.communicate(timeout=300)
    assert first.returncode == 0, errors
    assert f"Done: {FILES} files moved.".encode() in output
    assert _loose_files(folder) == 0
    assert _contents(snapshot(folder)) == _contents(before)
    assert [state for state, _steps in _operations(home)] == ["applied"]

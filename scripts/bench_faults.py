"""Fault trials for docs/benchmarks.md: real SIGKILL, a second process, a full disk (tmpfs).

Each row gives the trials, what happened, and the files lost, changed or misplaced (the target
is 0). A file is "changed" when no file has its bytes and modification time any more, and
"misplaced" when a plan was carried out only in part.
"""

import os
import signal
import sqlite3
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.config import Paths  # noqa: E402
from assistant.runtime.assistant import Assistant  # noqa: E402
from harness.faults import (  # noqa: E402
    CannotMount,
    fill_disk,
    kill_once_an_operation_appears,
    loose_files,
    operations,
    run_assistant,
    small_tmpfs,
    stop_outside_a_write,
    tree_bytes,
)
from harness.folders import fill, snapshot  # noqa: E402

SAVE_TRIALS, BIG_PLAN = 5, 20_000
TWO_PROCESS_TRIALS, TWO_PROCESS_FILES = 5, 3000
DISK_TRIALS = 5
ORGANISE = ("organise my downloads folder", "yes")


def bench_faults() -> list[str]:
    """Every fault row."""
    return [_kills_while_saving(), _two_processes(), _full_disk_at_start()]


def _prepared(root: Path, count: int, seed: int) -> tuple[Path, Path]:
    """A Downloads folder of ``count`` PDFs and a data folder allowed to sort it."""
    folder, home = root / "Downloads", root / "home"
    fill(folder, [f"file {n}.pdf" for n in range(count)], seed=seed)
    home.mkdir()
    (home / "config.toml").write_text(f'allowed_folders = ["{folder}"]\n')
    return folder, home


def _lost_or_changed(
    before: dict[bytes, tuple[str, int]], after: dict[bytes, tuple[str, int]]
) -> int:
    return sum((Counter(before.values()) - Counter(after.values())).values())


def _kills_while_saving() -> str:
    outcomes: Counter[str] = Counter()
    lost = misplaced = 0
    for trial in range(SAVE_TRIALS):
        with tempfile.TemporaryDirectory() as scratch:
            folder, home = _prepared(Path(scratch), BIG_PLAN, trial)
            before = snapshot(folder)
            saving = run_assistant(home, *ORGANISE, wait=False)
            kill_once_an_operation_appears(saving, home)
            outcomes[f"killed while {operations(home)[0][0]}"] += 1
            Assistant(Paths.resolve(str(home))).close()
            lost += _lost_or_changed(before, snapshot(folder))
            left = loose_files(folder)
            misplaced += min(left, BIG_PLAN - left)
            outcomes["dropped, nothing moved" if left == BIG_PLAN else "finished whole"] += 1
    said = ", ".join(f"{count} {what}" for what, count in sorted(outcomes.items()))
    return (
        f"| SIGKILL while a {BIG_PLAN:,}-step plan is saved ({SAVE_TRIALS} trials) | {said}; "
        f"{lost} files lost or changed, {misplaced} misplaced | 0 |"
    )


def _two_processes() -> str:
    left_alone = refused = lost = misplaced = 0
    for trial in range(TWO_PROCESS_TRIALS):
        with tempfile.TemporaryDirectory() as scratch:
            folder, home = _prepared(Path(scratch), TWO_PROCESS_FILES, trial)
            before = snapshot(folder)
            result = _second_beside_a_paused_first(folder, home)
            left_alone += result[0]
            refused += result[1]
            lost += _lost_or_changed(before, snapshot(folder))
            misplaced += loose_files(folder)
    return (
        f"| a second process opens the data folder while the first is part way through "
        f"{TWO_PROCESS_FILES:,} moves ({TWO_PROCESS_TRIALS} trials) | it left the live operation "
        f"alone {left_alone}/{TWO_PROCESS_TRIALS}, its own yes was refused plainly "
        f"{refused}/{TWO_PROCESS_TRIALS}; {lost} files lost or changed, {misplaced} misplaced "
        f"| 0 |"
    )


def _second_beside_a_paused_first(folder: Path, home: Path) -> tuple[bool, bool]:
    """Whether the second process left the first's operation alone, and refused its own yes."""
    first = run_assistant(home, *ORGANISE, wait=False)
    while loose_files(folder) > TWO_PROCESS_FILES - 50 and first.poll() is None:
        pass
    stop_outside_a_write(first, home)
    try:
        paused_at = loose_files(folder)
        with Assistant(Paths.resolve(str(home))) as second:
            alone = "Another copy of me" in " ".join(second.notices())
            talk = second.conversation()
            talk.run_text(ORGANISE[0])
            refused = talk.run_text(ORGANISE[1]).reply.startswith("Another copy of me")
        alone = alone and loose_files(folder) == paused_at
    finally:
        first.send_signal(signal.SIGCONT)
    first.communicate(timeout=600)
    return alone, refused


def _full_disk_at_start() -> str:
    try:
        return _full_disk_trials()
    except CannotMount as refused:
        return f"| a full disk at start | not measured: cannot mount a tmpfs here ({refused}) | |"


def _full_disk_trials() -> str:
    plain = untouched = kept = 0
    for _ in range(DISK_TRIALS):
        with tempfile.TemporaryDirectory() as scratch, small_tmpfs(Path(scratch) / "disk") as disk:
            home = disk / "home"
            run_assistant(home, "what time is it", "what's the date")
            before = tree_bytes(home)["memory.db"]
            fill_disk(disk / "filler")
            full = run_assistant(home, "what time is it")
            errors = full.stderr.read() if full.stderr else b""
            plain += full.returncode == 3 and b"is full" in errors and b"Traceback" not in errors
            untouched += tree_bytes(home)["memory.db"] == before and not list(
                home.glob("*corrupt*")
            )
            (disk / "filler").unlink()
            kept += run_assistant(home, "what time is it").returncode == 0 and _turns(home) == 6
    return (
        f"| a full disk at start (8 MB tmpfs, filled; {DISK_TRIALS} trials) | a plain sentence and "
        f"exit code 3: {plain}/{DISK_TRIALS}; memory file untouched, nothing set aside: "
        f"{untouched}/{DISK_TRIALS}; every turn there once space was freed: {kept}/{DISK_TRIALS} "
        f"| all |"
    )


def _turns(home: Path) -> int:
    with sqlite3.connect(home / "memory.db") as db:
        return int(db.execute("select count(*) from turns").fetchone()[0])


if __name__ == "__main__":
    os.environ.setdefault("PYTHONPATH", str(ROOT))
    for row in bench_faults():
        print(row, flush=True)

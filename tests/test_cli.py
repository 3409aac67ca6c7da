"""The command line as a user runs it: a real process, real files, no traceback ever."""

import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.frontends.cli import build_parser
from assistant.intents.matcher import Matcher
from assistant.persona import load_persona
from harness.faults import CannotMount, fill_disk, read_only_file, tmpfs_or_skip, tree_bytes
from tests.conftest import REPO, run_cli


def events_of(output: bytes) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.decode().splitlines()]


def test_ask_json_what_time_is_it(tmp_path: Path) -> None:
    done = run_cli("ask", "--json", "--data-dir", str(tmp_path), "what time is it")
    assert done.returncode == 0, done.stderr
    events = events_of(done.stdout)
    types = [e["type"] for e in events]
    assert types.index("intent_recognised") < types.index("reply") < types.index("turn_ended")
    assert types[-1] == "turn_ended"
    recognised = events[types.index("intent_recognised")]
    assert recognised["intent"] == "system.time"
    assert recognised["slots"] == {}
    assert recognised["confidence"] == 1.0
    reply = str(events[types.index("reply")]["text"])
    assert reply.startswith("It's ")
    assert any(char.isdigit() for char in reply) or "noon" in reply or "midnight" in reply


def test_ask_runs_utterances_as_one_conversation(tmp_path: Path) -> None:
    done = run_cli("ask", "--data-dir", str(tmp_path), "what's the date", "say that again")
    lines = done.stdout.decode().splitlines()
    assert done.returncode == 0
    assert len(lines) == 2
    assert lines[0] == lines[1]
    assert lines[0].startswith("It's ")


def test_state_is_kept_in_the_data_dir_and_nowhere_else(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    run_cli("ask", "--data-dir", str(one), "your name is Samantha from now on")
    assert b"Samantha" in run_cli("ask", "--data-dir", str(one), "what's your name").stdout
    assert b"Samantha" not in run_cli("ask", "--data-dir", str(two), "what's your name").stdout
    env = {**os.environ, "ASSISTANT_HOME": str(one)}
    assert b"Samantha" in run_cli("ask", "what's your name", env=env).stdout


def test_not_understood_is_a_normal_outcome(tmp_path: Path) -> None:
    done = run_cli("ask", "--json", "--data-dir", str(tmp_path), "what's the capital of France")
    assert done.returncode == 0
    types = [e["type"] for e in events_of(done.stdout)]
    assert "not_understood" in types
    assert "intent_recognised" not in types


@pytest.mark.parametrize(
    ("argument", "code"), [("", "input-empty"), ("x" * 10_000, "input-too-long")]
)
def test_bad_arguments_fail_plainly(tmp_path: Path, argument: str, code: str) -> None:
    done = run_cli("ask", "--json", "--data-dir", str(tmp_path), argument)
    assert done.returncode == 1
    failed = [e for e in events_of(done.stdout) if e["type"] == "failed"]
    assert [f["code"] for f in failed] == [code]
    assert b"Traceback" not in done.stderr


def test_non_utf8_stdin_gets_a_clear_message(tmp_path: Path) -> None:
    done = run_cli("ask", "--data-dir", str(tmp_path), stdin=b"what time is it\n\xff\xfe\xc3(\n")
    assert done.returncode == 1
    assert done.stdout.decode().startswith("It's ")
    assert b"wasn't readable text" in done.stderr
    assert b"Traceback" not in done.stderr


def test_chat_reads_stdin_until_goodbye(tmp_path: Path) -> None:
    script = "what's the date\n\x00\x01\nplay some jazz\n\xff\ngoodbye\nwhat time is it\n"
    done = run_cli("chat", "--data-dir", str(tmp_path), stdin=script.encode("latin-1"))
    out = done.stdout.decode()
    assert done.returncode == 0, done.stderr
    assert "picked a name" in out
    assert re.search(r"It's \w+day, the \d+(st|nd|rd|th) of \w+, 20\d\d\.", out)
    assert "didn't get any words" in out
    assert "wasn't readable text" in out
    last = out.strip().splitlines()[-1]
    replies = load_persona().replies
    assert last.split(": ", 1)[1] in replies["goodbye"] + replies["good_night"]
    assert b"Traceback" not in done.stderr


def test_a_data_dir_that_is_a_file_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    done = run_cli("ask", "--json", "--data-dir", str(blocker), "hello")
    assert done.returncode == 3
    assert b"is a file, not a folder" in done.stderr
    assert events_of(done.stdout)[0]["code"] == "data-dir-not-a-folder"
    assert b"Traceback" not in done.stderr


def test_an_unwritable_data_dir_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    done = run_cli("ask", "--data-dir", str(blocker / "inside"), "hello")
    assert done.returncode == 3
    assert b"can't write to my data folder" in done.stderr
    assert b"Traceback" not in done.stderr


def test_a_read_only_filesystem_is_refused() -> None:
    if not Path("/proc/self").exists():
        pytest.skip("needs /proc, a filesystem nobody can create folders in")
    done = run_cli("ask", "--data-dir", "/proc/assistant-home", "hello")
    assert done.returncode == 3
    assert b"can't write to my data folder" in done.stderr


def test_a_corrupt_database_is_moved_aside_and_the_user_told(tmp_path: Path) -> None:
    (tmp_path / "memory.db").write_bytes(b"\x00garbage" * 512)
    done = run_cli("ask", "--data-dir", str(tmp_path), "what's the date")
    assert done.returncode == 0
    assert b"damaged" in done.stderr
    assert done.stdout.startswith(b"It's ")
    assert list(tmp_path.glob("memory.db.corrupt-*"))
    with sqlite3.connect(tmp_path / "memory.db") as db:
        assert db.execute("select count(*) from turns").fetchone()[0] == 2


def test_a_corrupt_config_file_is_explained(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("language = [unclosed\n")
    done = run_cli("ask", "--data-dir", str(tmp_path), "hello")
    assert done.returncode == 3
    assert b"settings file" in done.stderr
    assert b"Traceback" not in done.stderr


def test_a_config_value_of_the_wrong_type_is_explained(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('max_utterance_chars = "lots"\n')
    done = run_cli("ask", "--data-dir", str(tmp_path), "hello")
    assert done.returncode == 3
    assert b"max_utterance_chars should be a whole number" in done.stderr


def test_version() -> None:
    done = run_cli("--version")
    assert done.returncode == 0
    assert done.stdout.decode().startswith("assistant ")


@pytest.mark.parametrize("command", ["ask", "chat", "doctor"])
def test_every_command_has_help(command: str) -> None:
    done = run_cli(command, "--help")
    assert done.returncode == 0
    assert b"--data-dir" in done.stdout


def test_every_command_is_in_the_readme() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for command in commands:
        assert f"assistant {command}" in readme


def test_doctor_reports_every_area(tmp_path: Path) -> None:
    done = run_cli("doctor", "--data-dir", str(tmp_path))
    out = done.stdout.decode()
    assert done.returncode == 0
    for area in (
        "data folder",
        "memory",
        "understanding",
        "speech recognition",
        "speech output",
        "audio devices",
        "mail accounts",
        "folders",
        "junk filter",
    ):
        assert area in out
    assert f"{len(Matcher().intent_names)} intents" in out


def test_doctor_on_an_unusable_data_dir(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    done = run_cli("doctor", "--data-dir", str(blocker))
    assert done.returncode == 3
    assert b"is a file, not a folder" in done.stdout


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 8 MB tmpfs, mounted for the test (needs root; skipped with the reason if not)."""
    with tmpfs_or_skip(tmp_path / "disk", size="8m") as disk:
        yield disk


def _turns(home: Path) -> int:
    with sqlite3.connect(home / "memory.db") as db:
        return int(db.execute("select count(*) from turns").fetchone()[0])


def test_a_full_disk_at_start_touches_nothing_and_says_so(full_disk: Path) -> None:
    home = full_disk / "home"
    assert run_cli("ask", "--data-dir", str(home), "what time is it").returncode == 0
    before = tree_bytes(home)
    fill_disk(full_disk / "filler")
    done = run_cli("ask", "--data-dir", str(home), "what's the date")
    assert done.returncode == 3
    assert b"is full" in done.stderr
    assert b"Traceback" not in done.stderr
    assert not list(home.glob("*corrupt*"))
    assert tree_bytes(home)["memory.db"] == before["memory.db"]
    (full_disk / "filler").unlink()
    again = run_cli("ask", "--data-dir", str(home), "what's the date")
    assert again.returncode == 0
    assert b"damaged" not in again.stderr
    assert _turns(home) == 4


def test_a_read_only_memory_gets_a_sentence_not_a_traceback(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run_cli("ask", "--data-dir", str(home), "what time is it").returncode == 0
    try:
        with read_only_file(home / "memory.db"):
            done = run_cli("ask", "--data-dir", str(home), "what's the date")
    except CannotMount as refused:
        pytest.skip(f"cannot bind the memory file read-only here: {refused}")
    assert done.returncode in (1, 3)
    assert b"read-only" in done.stderr
    assert b"Traceback" not in done.stderr
    assert not list(home.glob("*corrupt*"))


@pytest.mark.slow
@pytest.mark.parametrize("fresh", [True, False], ids=["fresh-folder", "used-folder"])
def test_ask_loops_writing_at_once_lose_no_turn(tmp_path: Path, fresh: bool) -> None:
    home = tmp_path / "home"
    if not fresh:
        assert run_cli("ask", "--data-dir", str(home), "what time is it").returncode == 0
    before = 0 if fresh else _turns(home)
    said = ["what time is it", "remember that I like tea", "what's the date"] * 5
    loops = [
        subprocess.Popen(
            [sys.executable, "-m", "assistant", "ask", "--data-dir", str(home), *said],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=os.environ | {"PYTHONPATH": str(REPO)},
        )
        for _ in range(4)
    ]
    for loop in loops:
        _out, errors = loop.communicate(timeout=600)
        assert loop.returncode == 0, errors
        assert b"busy" not in errors
    assert _turns(home) == before + 4 * len(said) * 2


def test_a_full_disk_leaves_no_empty_memory_in_a_new_data_folder(full_disk: Path) -> None:
    fill_disk(full_disk / "filler")
    home = full_disk / "new-home"
    done = run_cli("ask", "--data-dir", str(home), "what time is it")
    assert done.returncode == 3
    assert b"is full" in done.stderr
    assert b"Traceback" not in done.stderr
    assert not (home / "memory.db").exists()
    (full_disk / "filler").unlink()
    assert run_cli("ask", "--data-dir", str(home), "what time is it").returncode == 0
    assert _turns(home) == 2  # what was said, and the reply


def test_a_reader_that_leaves_early_gets_no_complaint(tmp_path: Path) -> None:
    """``assistant ask ... | head -1``: the reader goes after one line; the rest is quiet."""
    said = ["what time is it", "what's the date"] * 150
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant", "ask", "--json", "--data-dir", str(tmp_path), *said],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=os.environ | {"PYTHONPATH": str(REPO)},
    )
    assert process.stdout is not None
    assert process.stderr is not None
    first = json.loads(process.stdout.readline())
    process.stdout.close()
    complaints = process.stderr.read()
    assert process.wait(timeout=300) == 0, complaints
    assert first["type"] == "turn_started"
    assert b"Something went wrong" not in complaints
    assert b"Traceback" not in complaints
    assert _turns(tmp_path) == 2 * len(said)  # what was said, and the reply

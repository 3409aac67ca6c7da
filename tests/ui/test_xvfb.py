"""The real window on a real X server (Xvfb, through Qt's xcb plugin)."""

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

DRIVER = Path(__file__).with_name("xvfb_driver.py")
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def display() -> Iterator[str]:
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (scripts/setup installs it as root)")
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-nolisten", "tcp", "-screen", "0", "800x600x24"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as numbers:
        number = numbers.readline().strip()
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _run(
    args: list[str], display: dict[str, str], stdin: str = ""
) -> "subprocess.CompletedProcess[str]":
    """Run ``python ARGS`` from the repository with ``display`` as its only display setting."""
    hidden = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    env = {k: v for k, v in os.environ.items() if k not in hidden}
    env |= display | {"PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done


def test_the_window_starts_takes_a_typed_turn_and_closes(display: str, tmp_path: Path) -> None:
    done = _run(
        [str(DRIVER), "window", "--no-audio", "--data-dir", str(tmp_path)],
        {"DISPLAY": display, "QT_QPA_PLATFORM": "xcb"},
    )
    lines = done.stdout.splitlines()
    name = lines[-1].split(": ", 1)[0]
    assert lines[0].startswith(f"{name}: ")
    assert lines[-2] == "You: what's your name"
    assert name in lines[-1].split(": ", 1)[1]


def test_with_no_display_it_talks_in_the_terminal(tmp_path: Path) -> None:
    done = _run(["-m", "ui", "--data-dir", str(tmp_path)], {}, "what's your name\nquit\n")
    assert "no display" in done.stderr
    assert "I'm " in done.stdout


def test_the_views_and_the_settings_are_driven_on_a_real_x_server(display: str) -> None:
    """The view and settings tests (clicks and keys through Qt's event queue), run again with
    the xcb plugin against Xvfb instead of the offscreen plugin."""
    tests = [str(REPO / "tests" / "ui" / name) for name in ("test_views.py", "test_transcript.py")]
    settings = (
        str(REPO / "tests" / "ui" / "test_settings_panel.py")
        + "::"
        + ("test_a_new_maildir_with_open_smtp_is_added_with_no_password_and_tested")
    )
    done = _run(
        ["-m", "pytest", "-q", "-p", "no:cacheprovider", *tests, settings],
        {"DISPLAY": display, "QT_QPA_PLATFORM": "xcb"},
    )
    assert " passed" in done.stdout
    assert "skipped" not in done.stdout

"""The command line's own guard rails: each command's usage on a bad option, and a warning and a
yes before a risky folder is allowed."""

import io
from pathlib import Path

import pytest

from assistant.config import Paths
from assistant.files.roots import risk_of_allowing
from assistant.frontends.cli import main
from assistant.runtime.assistant import Assistant


@pytest.mark.parametrize(
    ("argv", "usage", "unknown"),
    [
        (["ask", "--jsn", "hello"], "usage: assistant ask ", "--jsn"),
        (["mail", "add", "--bogus", "home", "maildir:/x"], "usage: assistant mail add ", "--bogus"),
        (["files", "allow", "--force", "/tmp"], "usage: assistant files allow ", "--force"),
    ],
)
def test_a_bad_option_shows_that_commands_own_usage(
    argv: list[str], usage: str, unknown: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(usage)
    assert f"unrecognised arguments: {unknown}" in err


def _allowed(home: Path) -> tuple[str, ...]:
    with Assistant(Paths.resolve(str(home))) as assistant:
        return assistant.settings.allowed_folders


def test_allowing_the_whole_disk_warns_and_needs_a_yes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    monkeypatch.setattr("sys.stdin", io.StringIO("no\n"))
    assert main(["--data-dir", str(home), "files", "allow", "/"]) == 2
    err = capsys.readouterr().err
    assert "/ is the whole disk" in err
    assert "left my folders as they were" in err
    assert _allowed(home) == ()
    monkeypatch.setattr("sys.stdin", io.StringIO("yes\n"))
    assert main(["--data-dir", str(home), "files", "allow", "/etc"]) == 0
    assert "/etc" in _allowed(home)


def test_an_ordinary_folder_is_allowed_without_a_question(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "Scans"
    folder.mkdir()
    assert risk_of_allowing(folder) == ""
    assert main(["--data-dir", str(tmp_path / "home"), "files", "allow", str(folder)]) == 0
    assert capsys.readouterr().out == f"I may now look in and tidy {folder.resolve()}.\n"


def test_the_home_folder_itself_and_system_folders_are_risks() -> None:
    assert "whole home folder" in risk_of_allowing(Path.home())
    assert "belongs to the system" in risk_of_allowing(Path("/usr/share"))

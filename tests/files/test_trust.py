"""What is done is only what was confirmed: a yes belongs to the plan it answers, names are
never merged or escaped through, and long names do not stop an organise."""

import os
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from assistant.data_lock import DataFolderLock
from assistant.errors import SkillError
from assistant.files import mover
from assistant.files.mover import Result
from assistant.runtime.assistant import Assistant
from assistant.runtime.pipeline import Pipeline
from harness.faults import tmpfs_or_skip
from harness.folders import fill, snapshot


def _month(path: Path) -> str:
    return f"{datetime.fromtimestamp(path.stat().st_mtime):%Y-%m}"


@pytest.fixture
def talk(assistant: Assistant) -> Pipeline:
    return assistant.conversation()


@pytest.mark.parametrize("between", ["what time is it", "what's my name", "blorp quux"])
def test_a_yes_after_the_conversation_moved_on_does_nothing(
    talk: Pipeline, downloads: Path, between: str
) -> None:
    before = snapshot(downloads)
    assert talk.run_text("organise my downloads folder").reply.endswith("Shall I?")
    talk.run_text(between)
    assert talk.run_text("yes").reply == "There's nothing waiting for a yes right now."
    assert snapshot(downloads) == before


def test_a_yes_after_say_that_again_still_counts(talk: Pipeline, downloads: Path) -> None:
    plan = talk.run_text("organise my downloads folder").reply
    assert talk.run_text("say that again").reply == plan
    assert talk.run_text("yes").reply.startswith("Done: 14 files moved.")


def test_a_failed_turn_also_lets_the_plan_lapse(talk: Pipeline, downloads: Path) -> None:
    before = snapshot(downloads)
    talk.run_text("organise my downloads folder")
    talk.run_text("   ")
    assert "nothing waiting" in talk.run_text("yes").reply
    assert snapshot(downloads) == before


def test_a_link_named_like_a_sort_folder_takes_nothing_outside(
    talk: Pipeline, downloads: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (downloads / "Pictures").symlink_to(elsewhere)
    talk.run_text("organise my downloads folder")
    assert talk.run_text("yes").reply.startswith("Done: 14 files moved.")
    assert not any(elsewhere.iterdir())
    assert (downloads / "Pictures (2)" / "holiday.jpg").is_file()
    assert talk.run_text("undo").reply == "I've put it all back: 14 files."
    assert (downloads / "holiday.jpg").is_file()


def test_a_link_made_after_the_plan_is_refused_at_the_yes(
    talk: Pipeline, downloads: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    talk.run_text("organise my downloads folder")
    (downloads / "Pictures").symlink_to(elsewhere)
    reply = talk.run_text("yes").reply
    assert "3 I left alone because the folder for them is a link to somewhere else" in reply
    assert not any(elsewhere.iterdir())
    assert (downloads / "holiday.jpg").is_file()


def test_a_link_deeper_down_is_refused_too(
    talk: Pipeline, assistant: Assistant, tmp_path: Path
) -> None:
    folder, elsewhere = tmp_path / "Big", tmp_path / "elsewhere"
    fill(folder, [f"photo {n}.jpg" for n in range(60)])
    elsewhere.mkdir()
    assistant.change_settings(allowed_folders=(str(folder),))
    (folder / "Pictures").mkdir()
    months = {_month(path) for path in folder.glob("*.jpg")}
    for month in months:
        (folder / "Pictures" / month).symlink_to(elsewhere)
    talk.run_text("organise my big folder")
    assert talk.run_text("yes").reply.startswith("Done: 60 files moved.")
    assert not any(elsewhere.iterdir())


def test_a_very_long_name_does_not_stop_the_organise(talk: Pipeline, downloads: Path) -> None:
    long_name = "a" * 246 + ".pdf"
    (downloads / long_name).write_bytes(b"long")
    (downloads / "PDFs").mkdir()
    (downloads / "PDFs" / long_name).write_bytes(b"another")
    talk.run_text("organise my downloads folder")
    assert talk.run_text("yes").reply.startswith("Done: 15 files moved.")
    (numbered,) = [p for p in (downloads / "PDFs").iterdir() if p.name.endswith("(2).pdf")]
    assert len(os.fsencode(numbered.name)) <= 255
    assert numbered.read_bytes() == b"long"
    assert talk.run_text("undo").reply == "I've put it all back: 15 files."
    assert (downloads / long_name).read_bytes() == b"long"


def test_an_identical_file_put_at_the_target_after_the_plan_is_never_merged(
    talk: Pipeline, downloads: Path
) -> None:
    talk.run_text("organise my downloads folder")
    (downloads / "PDFs").mkdir()
    shutil.copy2(downloads / "report.pdf", downloads / "PDFs" / "report.pdf")
    assert talk.run_text("yes").reply.startswith("Done: 14 files moved.")
    assert (downloads / "PDFs" / "report (2).pdf").is_file()
    assert (downloads / "PDFs" / "report.pdf").is_file()
    assert talk.run_text("undo").reply == "I've put it all back: 14 files."
    assert (downloads / "report.pdf").read_bytes() == (
        downloads / "PDFs" / "report.pdf"
    ).read_bytes()
    assert not (downloads / "PDFs" / "report (2).pdf").exists()


@pytest.fixture
def other_disk(tmp_path: Path) -> Iterator[Path]:
    """A real tmpfs, so that a move onto it is a copy across filesystems."""
    with tmpfs_or_skip(tmp_path / "other", size="4m") as disk:
        yield disk


def test_a_copy_across_disks_cut_short_before_its_name_is_redone(
    tmp_path: Path, other_disk: Path
) -> None:
    source, target = tmp_path / "a.pdf", other_disk / "a.pdf"
    source.write_bytes(b"original")
    (other_disk / ".a.pdf.assistant-copy").write_bytes(b"orig")
    assert mover.move_file(source, target) is Result.DONE
    assert target.read_bytes() == b"original"
    assert not source.exists()
    assert list(other_disk.iterdir()) == [target]


def test_a_copy_across_disks_cut_short_after_its_name_is_finished(
    tmp_path: Path, other_disk: Path
) -> None:
    source, target = tmp_path / "a.pdf", other_disk / "a.pdf"
    source.write_bytes(b"original")
    copy = other_disk / ".a.pdf.assistant-copy"
    copy.write_bytes(b"original")
    os.link(copy, target)
    assert mover.move_file(source, target) is Result.DONE
    assert not source.exists()
    assert list(other_disk.iterdir()) == [target]


def test_a_same_file_already_at_the_target_is_taken_not_merged(
    tmp_path: Path, other_disk: Path
) -> None:
    source, target = tmp_path / "a.pdf", other_disk / "a.pdf"
    source.write_bytes(b"same")
    target.write_bytes(b"same")
    assert mover.move_file(source, target) is Result.TAKEN
    assert source.read_bytes() == target.read_bytes() == b"same"


def test_the_data_folder_lock_is_reentrant_and_shuts_out_another_holder(tmp_path: Path) -> None:
    ours, theirs = DataFolderLock(tmp_path), DataFolderLock(tmp_path)
    with ours.held(), ours.held():
        with pytest.raises(SkillError) as caught, theirs.held(wait_seconds=0.2):
            pass
        assert caught.value.code == "busy-elsewhere"
    with theirs.held(wait_seconds=0):
        assert (tmp_path / "operations.lock").exists()


def test_a_file_moved_away_between_plan_and_yes_is_not_claimed_and_undo_leaves_the_user_s(
    talk: Pipeline, downloads: Path, tmp_path: Path
) -> None:
    assert talk.run_text("organise my downloads folder").reply.endswith("Shall I?")
    (downloads / "report.pdf").rename(tmp_path / "report.pdf")  # the user moves it away ...
    (downloads / "PDFs").mkdir()
    (downloads / "PDFs" / "report.pdf").write_bytes(b"the user's own report")  # ... and writes
    done = talk.run_text("yes").reply
    assert done.startswith("Done: 13 files moved. 1 had gone before I got to it.")
    assert talk.run_text("undo").reply.startswith("I've put it all back: 13 files.")
    assert (downloads / "PDFs" / "report.pdf").read_bytes() == b"the user's own report"
    assert not (downloads / "report.pdf").exists()
    assert (tmp_path / "report.pdf").is_file()


def test_undo_never_moves_a_file_that_took_the_moved_one_s_name(
    talk: Pipeline, downloads: Path
) -> None:
    talk.run_text("organise my downloads folder")
    assert talk.run_text("yes").reply.startswith("Done: 14 files moved.")
    moved = downloads / "PDFs" / "report.pdf"
    moved.unlink()
    moved.write_bytes(b"a new report of the user's")
    undone = talk.run_text("undo").reply
    assert undone.startswith("I've put it all back: 13 files.")
    assert "another file had taken its name" in undone
    assert moved.read_bytes() == b"a new report of the user's"
    assert not (downloads / "report.pdf").exists()


def test_a_duplicate_replaced_between_plan_and_yes_stays(talk: Pipeline, downloads: Path) -> None:
    shutil.copy2(downloads / "notes.txt", downloads / "notes copy.txt")
    assert talk.run_text("find duplicate files in my downloads").reply.endswith("Shall I?")
    extra = downloads / "notes copy.txt"
    extra.unlink()
    extra.write_bytes(b"something else, same name")
    assert "another file had taken its name" in talk.run_text("yes").reply
    assert extra.read_bytes() == b"something else, same name"


class _ListedBeforeDeleting:
    """A listing of ``folder`` taken just before some of its files were deleted: what a plan
    sees when the user deletes files while it is being made."""

    def __init__(self, folder: str, gone: str) -> None:
        with _REAL_SCANDIR(folder) as listing:
            self.entries = list(listing)
        for entry in self.entries:
            if entry.name.startswith(gone):
                os.unlink(entry.path)

    def __enter__(self) -> Iterator[os.DirEntry[str]]:
        return iter(self.entries)

    def __exit__(self, *_exc: object) -> None:
        return None


_REAL_SCANDIR = os.scandir


def test_files_deleted_while_a_plan_is_made_do_not_break_the_turn(
    talk: Pipeline, downloads: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(downloads, [f"scan {n}.pdf" for n in range(60)], seed=2)  # so many: PDFs by month

    def listing(folder: str | Path = ".") -> object:
        if Path(folder) == downloads:
            return _ListedBeforeDeleting(str(folder), gone="scan 1")
        return _REAL_SCANDIR(folder)

    monkeypatch.setattr(os, "scandir", listing)
    turn = talk.run_text("organise my downloads folder")
    monkeypatch.undo()
    assert turn.failed is None
    assert turn.reply.startswith("I'd sort 63 files in Downloads")
    assert talk.run_text("yes").reply.startswith("Done: 63 files moved.")

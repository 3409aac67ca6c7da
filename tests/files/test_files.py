"""Files end to end through the real pipeline: plans, yes, the journal, undo, and bad input."""

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.config import Paths
from assistant.events import ActionPlanned, Progress
from assistant.files.roots import Roots
from assistant.runtime.assistant import Assistant
from assistant.runtime.pipeline import Pipeline
from harness.faults import tmpfs_or_skip
from harness.folders import fill, folders_in, snapshot
from tests.conftest import FIXED_NOW, FixedClock, Recorder, run_cli

MOVED = {
    "report.pdf": "PDFs/report.pdf",
    "holiday.jpg": "Pictures/holiday.jpg",
    "song.mp3": "Music/song.mp3",
    "budget.xlsx": "Spreadsheets/budget.xlsx",
    "backup.tar.gz": "Archives/backup.tar.gz",
    "setup.deb": "Installers/setup.deb",
    "line\nbreak.pdf": "PDFs/line\nbreak.pdf",
    "smile 😀.jpg": "Pictures/smile 😀.jpg",
}
LEFT_ALONE = ("mystery.bin", "still-coming.pdf.part", ".hidden.pdf")


@pytest.fixture
def talk(assistant: Assistant) -> Pipeline:
    return assistant.conversation()


def test_organise_yes_undo_gives_back_the_exact_tree(
    talk: Pipeline, downloads: Path, recorder: Recorder
) -> None:
    before, folders_before = snapshot(downloads), folders_in(downloads)
    plan = talk.run_text("organise my downloads folder").reply
    assert plan == (
        "I'd sort 14 files in Downloads into 9 folders by kind: 3 PDFs, 3 pictures, "
        "2 documents and 6 of other kinds. 2 other files stay where they are. Shall I?"
    )
    assert snapshot(downloads) == before
    (planned,) = recorder.of(ActionPlanned)
    assert "report.pdf → PDFs/report.pdf" in planned.steps
    assert talk.run_text("yes").reply.startswith("Done: 14 files moved.")
    for name, place in MOVED.items():
        assert not (downloads / name).exists()
        assert (downloads / place).is_file()
    assert all((downloads / name).exists() for name in LEFT_ALONE)
    assert sorted(digest for digest, _ in snapshot(downloads).values()) == sorted(
        digest for digest, _ in before.values()
    )
    assert talk.run_text("undo").reply == "I've put it all back: 14 files."
    assert snapshot(downloads) == before
    assert folders_in(downloads) == folders_before


def test_undo_works_after_a_restart(assistant: Assistant, downloads: Path) -> None:
    before = snapshot(downloads)
    home = str(assistant.paths.data_dir)
    done = run_cli("ask", "--data-dir", home, "organise my downloads", "yes")
    assert done.returncode == 0, done.stderr
    assert snapshot(downloads) != before
    undone = run_cli("ask", "--data-dir", home, "undo", "yes")
    asked, done = undone.stdout.decode().strip().splitlines()
    assert asked.startswith("The last change I can undo is sorting your files into folders, today")
    assert done == "I've put it all back: 14 files."
    assert snapshot(downloads) == before


def test_no_leaves_everything_untouched(talk: Pipeline, downloads: Path) -> None:
    before = snapshot(downloads)
    talk.run_text("tidy up my downloads")
    talk.run_text("no")
    assert talk.run_text("yes").reply != ""
    assert snapshot(downloads) == before


def test_a_name_that_is_taken_gets_a_number_not_an_overwrite(
    talk: Pipeline, downloads: Path
) -> None:
    (downloads / "PDFs").mkdir()
    (downloads / "PDFs" / "report.pdf").write_bytes(b"already here")
    talk.run_text("organise my downloads folder")
    talk.run_text("yes")
    assert (downloads / "PDFs" / "report.pdf").read_bytes() == b"already here"
    assert (downloads / "PDFs" / "report (2).pdf").read_bytes().startswith(b"'report.pdf'")


def test_big_kinds_are_split_by_month(
    assistant: Assistant, talk: Pipeline, downloads: Path
) -> None:
    assistant.change_settings(organise_by_date_over=2, organise_folders=("photos=Photos",))
    talk.run_text("organise my downloads folder")
    talk.run_text("yes")
    months = sorted(p.name for p in (downloads / "Photos").iterdir())
    assert len(months) == 3
    assert all(len(m) == 7 and m[4] == "-" for m in months)
    assert len(list((downloads / "PDFs").glob("*/report.pdf"))) == 1
    assert (downloads / "Music" / "song.mp3").exists()


def test_long_runs_report_progress(talk: Pipeline, tmp_path: Path, assistant: Assistant) -> None:
    recorder = Recorder()
    assistant.bus.subscribe(recorder)
    folder = tmp_path / "Downloads"
    fill(folder, [f"scan {n}.pdf" for n in range(450)])
    assistant.change_settings(allowed_folders=(str(folder),), organise_by_date_over=1000)
    talk.run_text("organise my downloads")
    talk.run_text("yes")
    progress = [(e.done, e.total) for e in recorder.of(Progress)]
    assert progress == [(200, 451), (400, 451), (451, 451)]


def test_a_file_that_vanishes_after_the_plan_is_reported(talk: Pipeline, downloads: Path) -> None:
    talk.run_text("organise my downloads folder")
    (downloads / "song.mp3").unlink()
    reply = talk.run_text("yes").reply
    assert "13 files moved" in reply
    assert "1 had gone before I got to it" in reply
    assert talk.run_text("undo").reply == "I've put it all back: 13 files."


@pytest.mark.parametrize(
    ("said", "answer"),
    [
        ("organise my taxes folder", "I can't find a folder called taxes"),
        ("organise my music folder", "I can't find a folder called music"),
        ("organise ../../etc", "I only go into the folders you've allowed"),
        ("organise /etc", "I only go into the folders you've allowed"),
        ("where is the file ../../etc/passwd", "I couldn't find anything like that."),
    ],
)
def test_folders_outside_the_allowed_ones_are_refused(
    talk: Pipeline, downloads: Path, said: str, answer: str
) -> None:
    before = snapshot(downloads)
    assert talk.run_text(said).reply.startswith(answer)
    assert snapshot(downloads) == before


def test_a_symlink_that_leads_outside_is_refused(downloads: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (downloads / "escape").symlink_to(outside)
    roots = Roots((str(downloads),))
    with pytest.raises(Exception, match="not allowed"):
        roots.check_inside(downloads / "escape")
    assert roots.check_inside(downloads / "PDFs") == (downloads / "PDFs").resolve()


def test_a_subfolder_is_found_by_its_spoken_name(downloads: Path) -> None:
    (downloads / "old" / "Taxes").mkdir(parents=True)
    roots = Roots((str(downloads),))
    assert roots.find_folder("the taxes folder") == downloads / "old" / "Taxes"
    assert roots.find_folder("my downloads") == downloads.resolve()


@pytest.fixture
def mounted(tmp_path: Path) -> Iterator[Path]:
    """A tiny tmpfs (64 KiB), where mounting is allowed."""
    with tmpfs_or_skip(tmp_path / "mount", size="64k") as point:
        yield point


def test_a_read_only_folder_is_refused_untouched(
    assistant: Assistant, talk: Pipeline, mounted: Path
) -> None:
    folder = mounted / "Downloads"
    fill(folder, ["a.pdf", "b.jpg"])
    subprocess.run(["mount", "-o", "remount,ro", str(mounted)], check=True)
    assistant.change_settings(allowed_folders=(str(folder),))
    before = snapshot(folder)
    reply = talk.run_text("organise my downloads folder").reply
    assert reply == "I can't change anything in Downloads: it's read-only for me."
    assert snapshot(folder) == before


def test_a_full_disk_stops_cleanly_and_undo_puts_things_back(
    assistant: Assistant, talk: Pipeline, downloads: Path
) -> None:
    """PDFs is a full 64 KiB filesystem of its own: the PDFs must be copied, and cannot be."""
    assistant.change_settings(organise_folders=())
    shutil.rmtree(downloads)
    fill(downloads, ["big.pdf", "a.jpg"])
    (downloads / "big.pdf").write_bytes(os.urandom(200_000))
    with tmpfs_or_skip(downloads / "PDFs", size="64k") as mounted:
        _organise_onto_a_full_disk(talk, downloads, mounted)


def _organise_onto_a_full_disk(talk: Pipeline, downloads: Path, mounted: Path) -> None:
    before = snapshot(downloads)
    talk.run_text("organise my downloads folder")
    reply = talk.run_text("yes").reply
    assert reply.startswith("The disk is full, so I stopped at big.pdf.")
    assert (downloads / "big.pdf").exists()
    assert not any(mounted.iterdir())
    talk.run_text("undo")
    assert snapshot(downloads) == before


def test_extra_copies_go_to_the_trash_and_come_back(
    talk: Pipeline, downloads: Path, own_trash: Path
) -> None:
    (downloads / "Old").mkdir()
    shutil.copy2(downloads / "report.pdf", downloads / "Old" / "report copy.pdf")
    shutil.copy2(downloads / "cat.png", downloads / "cat (1).png")
    before = snapshot(downloads)
    plan = talk.run_text("find duplicate files in my downloads folder").reply
    assert plan.startswith("I found 2 extra copies of files in Downloads")
    assert talk.run_text("yes").reply.startswith("Done: 2 extra copies went to the Trash.")
    assert not (downloads / "Old" / "report copy.pdf").exists()
    assert (downloads / "report.pdf").exists()
    assert sorted(p.name for p in (own_trash / "files").iterdir()) == [
        "cat (1).png",
        "report copy.pdf",
    ]
    assert talk.run_text("undo").reply == "I've put it all back: 2 files."
    assert snapshot(downloads) == before
    assert list((own_trash / "info").iterdir()) == []


def test_find_by_name_then_open_it(
    assistant: Assistant, talk: Pipeline, downloads: Path, tmp_path: Path
) -> None:
    opened = tmp_path / "opened.txt"
    opener = tmp_path / "opener"
    opener.write_text(f'#!/bin/sh\nprintf "%s" "$1" > {opened}\n')
    opener.chmod(0o755)
    assistant.change_settings(open_with=str(opener))
    reply = talk.run_text("where is my tax return").reply
    assert reply.startswith("I found one: tax-return-2025.pdf in Downloads")
    assert talk.run_text("open it").reply == "Opening tax-return-2025.pdf."
    for _ in range(100):
        if opened.exists() and opened.read_text():
            break
        time.sleep(0.05)
    assert opened.read_text() == str(downloads / "tax-return-2025.pdf")


def test_what_was_downloaded_today(talk: Pipeline, downloads: Path, clock: FixedClock) -> None:
    fresh = downloads / "ticket.pdf"
    fresh.write_bytes(b"ticket")
    an_hour_ago = (FIXED_NOW.timestamp() - 3600) * 10**9
    os.utime(fresh, ns=(int(an_hour_ago), int(an_hour_ago)))
    reply = talk.run_text("what did I download today").reply
    assert reply.startswith("I found one: ticket.pdf in Downloads, today at 15:05")
    assert (
        talk.run_text("what did I download yesterday").reply
        == "Nothing new in Downloads yesterday."
    )
    pdfs = talk.run_text("find pdf files in my downloads folder").reply
    assert pdfs.startswith("I found 4: ticket.pdf in Downloads, today at 15:05; line break.pdf")
    assert "tax-return-2025.pdf in Downloads, on the 21st of November, 2023" in pdfs


def test_the_index_rereads_only_folders_that_changed(
    assistant: Assistant, downloads: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.files import index

    read: list[Path] = []
    real_entries = index._entries
    monkeypatch.setattr(index, "_entries", lambda f: read.append(f) or real_entries(f))
    (downloads / "Sub").mkdir()
    files = assistant.files
    files.find(index.Query(kind="pdf"))
    assert set(read) == {downloads.resolve(), (downloads / "Sub").resolve()}
    read.clear()
    files.find(index.Query(kind="pdf"))
    assert read == []
    (downloads / "Sub" / "new.pdf").write_bytes(b"new")
    found = files.find(index.Query(name="new"))
    assert read == [(downloads / "Sub").resolve()]
    assert [f.name for f in found] == ["new.pdf"]
    shutil.rmtree(downloads / "Sub")
    assert files.find(index.Query(name="new")) == []


def test_files_allow_and_list_on_the_command_line(tmp_path: Path) -> None:
    home = str(tmp_path / "home")
    folder = tmp_path / "Taxes"
    folder.mkdir()
    allowed = run_cli("files", "allow", str(folder), "--data-dir", home)
    assert allowed.returncode == 0, allowed.stderr
    listed = run_cli("files", "list", "--data-dir", home).stdout.decode().splitlines()
    assert str(folder) in listed
    missing = run_cli("files", "allow", str(tmp_path / "nope"), "--data-dir", home)
    assert missing.returncode == 2
    assert b"is not a folder" in missing.stderr
    with Assistant(Paths.resolve(home)) as again:
        assert str(folder) in again.settings.allowed_folders


def test_strange_names_are_shown_readably_and_moved_exactly(
    talk: Pipeline, downloads: Path, recorder: Recorder
) -> None:
    talk.run_text("organise my downloads folder")
    (planned,) = recorder.of(ActionPlanned)
    assert "line break.pdf → PDFs/line break.pdf" in planned.steps
    assert "smile 😀.jpg → Pictures/smile 😀.jpg" in planned.steps
    assert "latin-\ufffdt\ufffd.txt → Documents/latin-\ufffdt\ufffd.txt" in planned.steps
    talk.run_text("yes")
    assert (downloads / "Documents" / os.fsdecode(b"latin-\xe9t\xe9.txt")).is_file()
    assert (downloads / "PDFs" / "line\nbreak.pdf").is_file()

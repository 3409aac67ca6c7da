"""Plans: what organising a folder or clearing its duplicates would do, before anything is done.

Each step names the file it is about (``FileIdentity``), so that only that file is ever moved.
A file that vanishes while the plan is made is simply left out of it.
"""

import os
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from stat import S_ISLNK

from assistant.errors import SkillError
from assistant.files.journal import Step, StepKind
from assistant.files.kinds import FOLDER_FOR_KIND, is_partial_download, kind_of
from assistant.files.mover import FileIdentity, file_digest, numbered

PLAN_LIST_LIMIT = 2000
"""At most this many steps are listed for the window and ``--json``; all are carried out."""


@dataclass(frozen=True)
class OrganiseRules:
    """How a folder is organised; the user can change both in ``config.toml``."""

    folders: dict[str, str] = field(default_factory=lambda: dict(FOLDER_FOR_KIND))
    """The subfolder for each kind; kinds not listed stay where they are."""
    by_date_over: int = 50
    """A kind with more files than this is split into year-month folders inside its own."""


@dataclass(frozen=True)
class Plan:
    """Steps to carry out, and what to tell the user about them."""

    folder: Path
    """The folder the plan is for."""
    steps: list[Step]
    """Every step, in order."""
    counts: Counter[str] = field(default_factory=Counter)
    """Files per kind (organising)."""
    left_alone: int = 0
    """Files left where they are: still downloading, or of no kind it sorts."""
    freed_bytes: int = 0
    """Space the plan frees (duplicates)."""

    @property
    def files(self) -> int:
        """Files the plan moves."""
        return sum(1 for step in self.steps if step.kind is not StepKind.MAKE_FOLDER)


def plan_organise(folder: Path, rules: OrganiseRules) -> Plan:
    """Sort the loose files in ``folder`` into a subfolder per kind (by month for big kinds)."""
    loose = list(_loose_files(folder))
    by_kind: dict[str, list[_Loose]] = defaultdict(list)
    left_alone = 0
    for entry in loose:
        kind = kind_of(entry.name)
        if kind in rules.folders and not is_partial_download(entry.name):
            by_kind[kind].append(entry)
        else:
            left_alone += 1
    namer = _FreeNames()
    made: list[Step] = []
    moves: list[Step] = []
    for kind, entries in sorted(by_kind.items()):
        by_month = len(entries) > rules.by_date_over
        for entry in sorted(entries, key=lambda e: e.name):
            month = _month(entry.stat) if by_month else ""
            target_folder = namer.folder(folder, rules.folders[kind], month)
            made += [
                Step(StepKind.MAKE_FOLDER, str(new)) for new in namer.new_folders(target_folder)
            ]
            target = namer.take(target_folder, entry.name)
            moves.append(Step(StepKind.MOVE, entry.path, target, FileIdentity.of(entry.stat)))
    counts = Counter({kind: len(entries) for kind, entries in by_kind.items()})
    return Plan(folder, made + moves, counts, left_alone)


def plan_duplicates(folder: Path) -> Plan:
    """Every extra copy of a file in ``folder`` (same size, then same bytes) to the Trash.

    The copy kept is the oldest (then the one with the shortest path).
    """
    by_size: dict[int, dict[Path, os.stat_result]] = defaultdict(dict)
    for path, stat in _all_files(folder):
        if stat.st_size:
            by_size[stat.st_size][path] = stat
    steps: list[Step] = []
    freed = 0
    for size, stats in by_size.items():
        if len(stats) < 2:
            continue
        for copies in _same_content_groups(list(stats)):
            keep = min(copies, key=lambda p: (stats[p].st_mtime, len(str(p)), str(p)))
            extra = sorted(p for p in copies if p != keep)
            steps += [
                Step(StepKind.TRASH, str(p), identity=FileIdentity.of(stats[p])) for p in extra
            ]
            freed += size * len(extra)
    return Plan(folder, steps, freed_bytes=freed)


def _to_trash(path: Path, stat: os.stat_result) -> Step:
    """The step that moves the file found at ``path`` (as ``stat`` says) to the Trash."""
    return Step(StepKind.TRASH, str(path), identity=FileIdentity.of(stat))


def step_lines(plan: Plan) -> tuple[str, ...]:
    """Each move as a line for the window: "report.pdf → PDFs/report.pdf"."""
    lines = []
    for step in plan.steps[:PLAN_LIST_LIMIT]:
        if step.kind is StepKind.MOVE and step.target is not None:
            target = _shown_relative(step.target, plan.folder)
            lines.append(f"{shown(os.path.basename(step.source))} → {target}")
        elif step.kind is StepKind.TRASH:
            lines.append(f"{_shown_relative(step.source, plan.folder)} → Trash")
    return tuple(lines)


def check_writable(folder: Path) -> None:
    """Refuse a folder that cannot be changed, before planning anything in it."""
    if not os.access(folder, os.W_OK | os.X_OK):
        raise SkillError(
            "folder-read-only",
            f"I can't change anything in {shown(folder.name)}: it's read-only for me.",
        )


def shown(name: str) -> str:
    """A name as it can be said and shown, whatever bytes it is made of."""
    text = os.fsencode(name).decode("utf-8", "replace")
    return " ".join(text.split())


def _shown_relative(path: str, folder: Path) -> str:
    return shown(os.path.relpath(path, folder))


@dataclass(frozen=True)
class _Loose:
    """A loose file found in the folder, as it was when found."""

    name: str
    """Its name."""
    path: str
    """Its path."""
    stat: os.stat_result
    """Its size, times and inode then."""


def _loose_files(folder: Path) -> Iterator[_Loose]:
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_file(follow_symlinks=False) and not entry.name.startswith("."):
                    yield from _still_there(entry)
    except FileNotFoundError as error:
        raise SkillError("folder-gone", f"The folder {shown(folder.name)} isn't there.") from error
    except PermissionError as error:
        raise SkillError(
            "folder-read-only", f"I'm not allowed to look in {shown(folder.name)}."
        ) from error


def _still_there(entry: os.DirEntry[str]) -> Iterator[_Loose]:
    """``entry`` with what it is now, unless it vanished since the folder was listed."""
    try:
        yield _Loose(entry.name, entry.path, entry.stat(follow_symlinks=False))
    except FileNotFoundError:
        return


def _all_files(folder: Path) -> Iterator[tuple[Path, os.stat_result]]:
    for parent, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in files:
            path = Path(parent) / name
            stat = _lstat(path)
            if not name.startswith(".") and stat is not None and not S_ISLNK(stat.st_mode):
                yield path, stat


def _lstat(path: Path) -> os.stat_result | None:
    """What ``path`` is now, or ``None`` once it has vanished."""
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None


def _same_content_groups(paths: list[Path]) -> list[list[Path]]:
    groups: dict[str, list[Path]] = defaultdict(list)
    for path in paths:
        try:
            groups[file_digest(path)].append(path)
        except FileNotFoundError:
            continue  # gone while the plan was made
    return [group for group in groups.values() if len(group) > 1]


def _month(stat: os.stat_result) -> str:
    """The year and month the file was last changed: "2026-11"."""
    return f"{datetime.fromtimestamp(stat.st_mtime):%Y-%m}"


def _real_folder(parent: Path, name: str) -> Path:
    """``parent``/``name``, or "name (2)" and so on while that is taken by something other than
    a real folder: a symbolic link (which could lead anywhere) or a file."""
    candidate, number = parent / name, 1
    while os.path.lexists(candidate) and (candidate.is_symlink() or not candidate.is_dir()):
        number += 1
        candidate = parent / numbered(name, number)
    return candidate


class _FreeNames:
    """Hands out names in target folders that are free now and not promised to another file."""

    def __init__(self) -> None:
        self._taken: dict[Path, set[str]] = {}
        self._folders: dict[tuple[str, str], Path] = {}

    def folder(self, base: Path, kind_folder: str, month: str) -> Path:
        """The target folder for a kind (and month), made once and reused."""
        key = (kind_folder, month)
        if key not in self._folders:
            target = _real_folder(base, kind_folder)
            self._folders[key] = _real_folder(target, month) if month else target
        return self._folders[key]

    def new_folders(self, folder: Path) -> list[Path]:
        """The folders to make (parents first) before ``folder`` can be used; each once."""
        new: list[Path] = []
        while folder not in self._taken:
            exists = folder.is_dir()
            self._taken[folder] = set(os.listdir(folder)) if exists else set()
            if exists:
                break
            new.insert(0, folder)
            folder = folder.parent
        return new

    def take(self, folder: Path, name: str) -> str:
        """A free name in ``folder`` for ``name``: itself, or "name (2).ext" and so on."""
        taken = self._taken[folder]
        candidate, number = name, 1
        while candidate in taken:
            number += 1
            candidate = numbered(name, number)
        taken.add(candidate)
        return f"{folder}{os.sep}{candidate}"

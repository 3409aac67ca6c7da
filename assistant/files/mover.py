"""Moving one file without ever losing or overwriting one, in a way that can be repeated.

Each function looks at the disk to see how far a move got, so running it again after a crash
finishes the job instead of doing it twice. A move never replaces an existing file: it uses a
hard link (which fails if the name is taken) and then removes the old name. Across filesystems it
copies to a hidden temporary name, flushes it to disk, checks it byte for byte, links it to its
name, removes the original, and only then the temporary name: while both names are the same
file, the move is known to be the assistant's own, cut short.

A name that is already taken by another file (even one with the same bytes) is never merged
with: the move reports ``TAKEN`` and the caller chooses another name. A move into a folder that
is really somewhere else (a symbolic link on the way) is refused.

A move knows the file it is about (``FileIdentity``: its device, inode and size as planned). A
missing source with a file at the target counts as done only when that file is the one planned;
a file that took the name since (at the source before a move, or at the target before an undo)
is never moved: the move reports ``CHANGED``.
"""

import errno
import hashlib
import logging
import os
import shutil
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from urllib.parse import unquote

from send2trash import send2trash

_LOGGER = logging.getLogger(__name__)

COPY_SUFFIX = ".assistant-copy"
HASH_BLOCK = 1 << 20
NAME_MAX = 255
"""The longest file name, in bytes, on the usual Linux filesystems."""


class Result(StrEnum):
    """How a step ended."""

    DONE = "done"
    """It happened (now, or before a crash)."""
    MISSING = "missing"
    """The file had gone before it could be moved."""
    CONFLICT = "conflict"
    """Another file already has the name it should take; both were left alone."""
    TAKEN = "taken"
    """Another file has the target's name: nothing was done; another name is needed."""
    REFUSED = "refused"
    """The target's folder is really somewhere else (a symbolic link): left alone."""
    CHANGED = "changed"
    """The file under that name is not the one planned (or moved): left alone."""


@dataclass(frozen=True)
class FileIdentity:
    """Which file a step is about: enough to tell it from another that later takes its name."""

    device: int
    """The device it was on."""
    inode: int
    """Its inode there (a move within one filesystem keeps it)."""
    size: int
    """Its size in bytes."""
    mtime_ns: int
    """When it was last changed (a copy across filesystems keeps it)."""

    @classmethod
    def of(cls, stat: os.stat_result) -> "FileIdentity":
        """The identity of the file ``stat`` describes."""
        return cls(stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)

    def is_at(self, path: Path) -> bool:
        """Whether the file at ``path`` is this one: the same inode and size, or (copied to
        another filesystem) the same size and time."""
        try:
            stat = os.lstat(path)
        except FileNotFoundError:
            return False
        if stat.st_size != self.size:
            return False
        if stat.st_dev == self.device:
            return stat.st_ino == self.inode
        return stat.st_mtime_ns == self.mtime_ns


def _is(identity: FileIdentity | None, path: Path) -> bool:
    """Whether ``path`` holds the file ``identity`` names (any file, for an old step)."""
    return identity is None or identity.is_at(path)


def move_file(source: Path, target: Path, identity: FileIdentity | None = None) -> Result:
    """Move ``source`` to ``target`` unless that already happened; never overwrites, and never
    moves a file other than ``identity`` (when given)."""
    if leads_elsewhere(target.parent):
        return Result.REFUSED
    if _finish_copy(source, target):
        return Result.DONE
    source_there, target_there = os.path.lexists(source), os.path.lexists(target)
    if not source_there:
        return Result.DONE if target_there and _is(identity, target) else Result.MISSING
    if not _is(identity, source):
        return Result.CHANGED
    if target_there:
        return _finish_or_refuse(source, target)
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError as error:
        if error.errno not in (errno.EXDEV, errno.EPERM, errno.ENOTSUP, errno.EMLINK):
            raise
        return _move_without_link(source, target, error.errno)
    os.unlink(source)
    return Result.DONE


def _move_without_link(source: Path, target: Path, reason: int) -> Result:
    if reason == errno.EXDEV:
        _copy_across(source, target)
        return Result.DONE
    if os.path.lexists(target):
        return Result.TAKEN
    os.rename(source, target)
    return Result.DONE


def _finish_or_refuse(source: Path, target: Path) -> Result:
    """Both names exist: a move cut short (one file, two names), or a name taken by another."""
    if os.path.samefile(source, target):
        os.unlink(source)
        return Result.DONE
    return Result.TAKEN


def leads_elsewhere(folder: Path) -> bool:
    """Whether ``folder`` is really somewhere else: a symbolic link on the way to it."""
    return os.path.realpath(folder) != os.path.abspath(folder)


def _copy_across(source: Path, target: Path) -> None:
    temporary = _copy_name(target)
    try:
        shutil.copy2(source, temporary, follow_symlinks=False)
        _flush(temporary)
        _check_copy(source, temporary)
        os.link(temporary, target)
        _flush(target.parent)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    os.unlink(source)
    temporary.unlink()


def _check_copy(source: Path, copy: Path) -> None:
    if not _same_content(source, copy):
        raise OSError(errno.EIO, f"The copy of {source} did not match it")


def _copy_name(target: Path) -> Path:
    """The hidden name a copy has until it is complete; never longer than ``NAME_MAX``."""
    name = f".{target.name}{COPY_SUFFIX}"
    if len(os.fsencode(name)) > NAME_MAX:
        digest = hashlib.blake2b(os.fsencode(target.name), digest_size=16).hexdigest()
        name = f".{digest}{COPY_SUFFIX}"
    return target.with_name(name)


def _finish_copy(source: Path, target: Path) -> bool:
    """Finish a copy across filesystems that a crash cut short; True if it had got its name.

    A copy that had not is only ever a copy (the original is in place) and is removed.
    """
    temporary = _copy_name(target)
    if not os.path.lexists(temporary):
        return False
    finished = os.path.lexists(target) and os.path.samefile(temporary, target)
    if finished and os.path.lexists(source):
        os.unlink(source)
    temporary.unlink()
    return finished


def numbered(name: str, number: int) -> str:
    """``name`` with a number: "report (2).pdf", shortened to fit ``NAME_MAX`` bytes."""
    stem, dot, suffix = name.partition(".") if not name.startswith(".") else (name, "", "")
    mark = f" ({number}){dot}{suffix}"
    room = NAME_MAX - len(os.fsencode(mark))
    if room < 1:
        stem, mark = name, f" ({number})"
        room = NAME_MAX - len(os.fsencode(mark))
    return os.fsdecode(os.fsencode(stem)[:room]) + mark


def free_name(folder: Path, name: str) -> Path:
    """``folder``/``name``, or the first numbered name there that no file has."""
    candidate, number = folder / name, 1
    while os.path.lexists(candidate):
        number += 1
        candidate = folder / numbered(name, number)
    return candidate


def _flush(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _same_content(first: Path, second: Path) -> bool:
    if os.path.getsize(first) != os.path.getsize(second):
        return False
    return file_digest(first) == file_digest(second)


def file_digest(path: Path) -> str:
    """A BLAKE2b digest of the file's bytes."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "blake2b").hexdigest()


def make_folder(folder: Path) -> Result:
    """Create ``folder`` (and its parents) unless it exists; never through a symbolic link."""
    if leads_elsewhere(folder):
        return Result.REFUSED
    folder.mkdir(parents=True, exist_ok=True)
    return Result.DONE


def remove_folder_if_empty(folder: Path) -> Result:
    """Remove a folder the assistant made, if nothing else has been put in it."""
    try:
        folder.rmdir()
    except FileNotFoundError:
        pass
    except OSError:
        _LOGGER.info("Leaving %s: something else is in it now", folder)
    return Result.DONE


def trash_file(source: Path, identity: FileIdentity | None = None) -> Result:
    """Move ``source`` to the desktop's Trash (the freedesktop.org Trash), unless it is there;
    never a file other than ``identity`` (when given)."""
    if os.path.lexists(source):
        if not _is(identity, source):
            return Result.CHANGED
        send2trash(source)
        return Result.DONE
    return Result.DONE if trashed_copy(source) is not None else Result.MISSING


def restore_from_trash(original: Path, identity: FileIdentity | None = None) -> Result:
    """Put a file moved to the Trash back where it was; never over another file."""
    found = trashed_copy(original)
    if found is None:
        if not os.path.lexists(original):
            return Result.MISSING
        return Result.DONE if _is(identity, original) else Result.CONFLICT
    stored, info = found
    result = move_file(stored, original, identity)
    if result is Result.DONE:
        info.unlink(missing_ok=True)
    return Result.CONFLICT if result is Result.TAKEN else result


def trashed_copy(original: Path) -> tuple[Path, Path] | None:
    """The newest Trash entry (file, info file) that came from ``original``, if any."""
    matches = []
    for trash in _trash_folders(original):
        for info in (trash / "info").glob("*.trashinfo"):
            if _trashed_from(info) == os.fsdecode(os.path.abspath(original)):
                matches.append((info.stat().st_mtime, trash / "files" / info.stem, info))
    if not matches:
        return None
    _, stored, info = max(matches)
    return (stored, info) if os.path.lexists(stored) else None


def _trash_folders(original: Path) -> list[Path]:
    data_home = os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share")
    folders = [Path(data_home) / "Trash"]
    mount = _mount_point(original.parent)
    uid = os.getuid()
    folders += [mount / ".Trash" / str(uid), mount / f".Trash-{uid}"]
    return [folder for folder in folders if (folder / "info").is_dir()]


def _mount_point(path: Path) -> Path:
    path = path.resolve()
    while not os.path.ismount(path) and path.parent != path:
        path = path.parent
    return path


def _trashed_from(info: Path) -> str | None:
    try:
        lines = info.read_text(encoding="utf-8", errors="surrogateescape").splitlines()
    except OSError:
        return None
    for line in lines:
        if line.startswith("Path="):
            return os.fsdecode(unquote(line[5:], encoding="utf-8", errors="surrogateescape"))
    return None

"""The folders the assistant may touch, and how a spoken folder name becomes one of them.

Nothing said or typed can reach outside these folders: ``..``, absolute paths and symlinks that
lead elsewhere are refused before anything is read.
"""

import os
from collections.abc import Callable
from pathlib import Path

from platformdirs import (
    user_desktop_dir,
    user_documents_dir,
    user_downloads_dir,
    user_music_dir,
    user_pictures_dir,
    user_videos_dir,
)

from assistant.errors import SkillError

USER_FOLDERS: tuple[Callable[[], str], ...] = (
    user_downloads_dir,
    user_documents_dir,
    user_pictures_dir,
    user_music_dir,
    user_videos_dir,
    user_desktop_dir,
)
ALIASES = {
    "download": "downloads",
    "photos": "pictures",
    "photo": "pictures",
    "movies": "videos",
    "docs": "documents",
    "songs": "music",
}
FILLER_WORDS = {"my", "the", "folder", "directory", "dir"}
SEARCH_DEPTH = 3
"""How deep in the allowed folders a spoken subfolder name ("the taxes folder") is looked for."""


SYSTEM_FOLDERS = frozenset(
    ["/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/opt", "/proc", "/root"]
    + ["/run", "/sbin", "/snap", "/srv", "/sys", "/usr", "/var", "/System", "/Library"]
    + ["/Applications", "C:\\Windows", "C:\\Program Files"]
)
"""Folders of the system itself: tidying in them could stop the computer working."""


def risk_of_allowing(folder: Path) -> str:
    """Why allowing ``folder`` is a risk, in a sentence ("" when it is an ordinary folder):
    the whole disk, the home folder itself, or a folder of the system."""
    resolved = folder.expanduser().resolve()
    if resolved == Path(resolved.anchor):
        return f"{resolved} is the whole disk: every file on this computer."
    if resolved == Path.home().resolve():
        return f"{resolved} is your whole home folder, with every file and setting in it."
    system = next((s for s in SYSTEM_FOLDERS if _is_within(resolved, Path(s))), None)
    if system is not None:
        return f"{resolved} belongs to the system; moving files there can stop it working."
    return ""


def _is_within(folder: Path, parent: Path) -> bool:
    return folder == parent or parent in folder.parents


class Roots:
    """The allowed folders: those the user listed, else the usual user folders."""

    def __init__(self, listed: tuple[str, ...] = ()) -> None:
        chosen = listed or tuple(dict.fromkeys(get() for get in USER_FOLDERS))
        self.folders = [Path(folder).expanduser() for folder in chosen]

    def existing(self) -> list[Path]:
        """The allowed folders that exist, fully resolved."""
        return [folder.resolve() for folder in self.folders if folder.is_dir()]

    def find_folder(self, spoken: str) -> Path:
        """The allowed folder (or a folder inside one) that ``spoken`` names."""
        wanted = _plain_name(spoken)
        refuse_paths(spoken)
        roots = self.existing()
        for root in roots:
            if root.name.lower() == wanted:
                return root
        for root in roots:
            found = _find_subfolder(root, wanted)
            if found is not None:
                return found
        raise SkillError(
            "folder-unknown",
            f"I can't find a folder called {wanted or spoken} in the folders I may look in.",
        )

    def check_inside(self, path: Path) -> Path:
        """``path`` resolved, if it is inside an allowed folder; refused otherwise."""
        real = path.resolve()
        if any(real == root or real.is_relative_to(root) for root in self.existing()):
            return real
        raise SkillError("folder-not-allowed", f"I'm not allowed into {path}.")


def refuse_paths(spoken: str) -> None:
    """Refuse words that are a path rather than a folder's name: nothing escapes the roots."""
    if any(mark in spoken for mark in ("/", "\\", "..")) or spoken.strip().startswith("~"):
        raise SkillError(
            "folder-escapes",
            "I only go into the folders you've allowed, and by name, like downloads; "
            "not by a path.",
        )


def _plain_name(spoken: str) -> str:
    words = [w for w in spoken.lower().split() if w not in FILLER_WORDS]
    name = " ".join(words)
    return ALIASES.get(name, name)


def _find_subfolder(root: Path, wanted: str) -> Path | None:
    """A folder called ``wanted`` (any case) within ``SEARCH_DEPTH`` levels, not via symlinks."""
    level = [root]
    for _ in range(SEARCH_DEPTH):
        below: list[Path] = []
        for folder in level:
            for entry in _subfolders(folder):
                if entry.name.lower() == wanted:
                    return Path(entry.path)
                below.append(Path(entry.path))
        level = below
    return None


def _subfolders(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return [
                e for e in entries if e.is_dir(follow_symlinks=False) and not e.name.startswith(".")
            ]
    except OSError:
        return []

"""Real folders of real files, and a way to snapshot a whole tree (for the files tests and the
fault benchmarks)."""

import os
from pathlib import Path

from assistant.files.mover import file_digest

Tree = dict[bytes, tuple[str, int]]
"""Every file under a folder: relative path (bytes) -> (content digest, mtime in ns)."""


def snapshot(root: Path) -> Tree:
    """Every file under ``root``: relative path (bytes) -> (content digest, mtime in ns)."""
    tree: Tree = {}
    for parent, _folders, files in os.walk(root):
        for name in files:
            path = Path(parent) / name
            relative = os.fsencode(path.relative_to(root))
            tree[relative] = (file_digest(path), path.stat(follow_symlinks=False).st_mtime_ns)
    return tree


def folders_in(root: Path) -> set[str]:
    """Every folder under ``root``, relative."""
    return {str(Path(p).relative_to(root)) for p, _d, _f in os.walk(root)} - {"."}


def fill(folder: Path, names: list[str], seed: int = 1) -> None:
    """Create ``names`` in ``folder`` with distinct contents and spread-out past mtimes."""
    folder.mkdir(parents=True, exist_ok=True)
    for number, name in enumerate(names):
        path = folder / name
        path.write_bytes(f"{name!r} {number} {seed}".encode())
        moment = 1_700_000_000 + number * 86_400 * 7
        os.utime(path, ns=(moment * 10**9, moment * 10**9 + number))

"""The file index: names, kinds, sizes and times of the files in the allowed folders, in SQLite.

It is refreshed folder by folder: a folder whose modification time has not changed has the same
entries as before, so only folders where files came, went or were renamed are read again.
"""

import os
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from assistant.files.kinds import kind_of
from assistant.store.database import MemoryStore

NAME_MATCH_THRESHOLD = 60.0
CANDIDATES = 5000
"""At most this many names sharing any word with the query are scored for a loose match."""
MIN_TOKEN = 3


@dataclass(frozen=True)
class Found:
    """A file found in the index."""

    path: Path
    """Where it is."""
    name: str
    """Its name, as it can be shown and said."""
    kind: str
    """pdf, photos, music, ... or other."""
    size: int
    """Its size in bytes."""
    modified: datetime
    """When it was last changed."""


@dataclass(frozen=True)
class Query:
    """What to look for; every part is optional."""

    name: str = ""
    """Words from the file's name (matched loosely)."""
    kind: str = ""
    """One kind of file."""
    since: datetime | None = None
    """Changed at or after this time."""
    until: datetime | None = None
    """Changed before this time."""


class FileIndex:
    """Finds files fast, from an index kept in the memory database."""

    def __init__(self, store: MemoryStore) -> None:
        self.store = store

    def refresh(self, root: Path) -> None:
        """Bring the index for ``root`` up to date, reading only folders that changed."""
        known, children = self._known_folders(root)
        waiting = [root]
        while waiting:
            folder = waiting.pop()
            encoded = os.fsencode(folder)
            try:
                mtime_ns = folder.stat().st_mtime_ns
            except OSError:
                self._forget(encoded)
                continue
            if known.get(encoded) == mtime_ns:
                waiting += [Path(os.fsdecode(child)) for child in children[encoded]]
                continue
            waiting += self._read_folder(folder, encoded, mtime_ns, children[encoded])

    def search(self, roots: list[Path], query: Query, limit: int = 10) -> list[Found]:
        """Files under ``roots`` matching ``query``: best name match first, then newest."""
        rows = self._rows(roots, query, every_word=True, limit=limit)
        if not rows and query.name:
            rows = self._rows(roots, query, every_word=False, limit=limit)
        found = [_found(row) for row in rows]
        if query.name:
            scored = [(fuzz.WRatio(query.name, f.name), f) for f in found]
            found = [
                f
                for score, f in sorted(scored, key=lambda s: -s[0])
                if score >= NAME_MATCH_THRESHOLD
            ]
        return found[:limit]

    def _rows(
        self, roots: list[Path], query: Query, every_word: bool, limit: int
    ) -> list[dict[str, Any]]:
        """Rows by SQL: names with every word of the query (else any word), newest first.

        Without words in the query only the newest ``limit`` are needed; with words, the
        newest ``CANDIDATES`` are scored.
        """
        where, params = _conditions(roots, query, " and " if every_word else " or ")
        sql = f"select * from indexed_files where {where} order by mtime desc"  # noqa: S608 - built from fixed clauses
        sql += f" limit {int(CANDIDATES if query.name else limit)}"
        with self.store.reading() as db:
            return list(db.query(sql, params))

    def _known_folders(self, root: Path) -> tuple[dict[bytes, int], dict[bytes, list[bytes]]]:
        known: dict[bytes, int] = {}
        children: dict[bytes, list[bytes]] = defaultdict(list)
        prefix = os.fsencode(root)
        with self.store.reading() as db:
            rows = db.execute(
                "select path, parent, mtime_ns from indexed_folders "
                "where path = ? or substr(path, 1, ?) = ?",
                [prefix, len(prefix) + 1, prefix + b"/"],
            ).fetchall()
        for path, parent, mtime_ns in rows:
            known[path] = mtime_ns
            children[parent].append(path)
        return known, children

    def _read_folder(
        self, folder: Path, encoded: bytes, mtime_ns: int, old_children: list[bytes]
    ) -> list[Path]:
        files, subfolders = _entries(folder)
        gone = set(old_children) - {os.fsencode(sub) for sub in subfolders}
        with self.store.transaction() as db:
            db.execute("delete from indexed_files where folder = ?", [encoded])
            db.table("indexed_files").insert_all(files, replace=True)
            db.table("indexed_folders").upsert(
                {"path": encoded, "parent": os.fsencode(folder.parent), "mtime_ns": mtime_ns},
                pk="path",
            )
        for child in gone:
            self._forget(child)
        return subfolders

    def _forget(self, folder: bytes) -> None:
        """Drop a folder that is gone, and everything below it."""
        below = [folder, len(folder) + 1, folder + b"/"]
        with self.store.transaction() as db:
            for table, column in (("indexed_files", "folder"), ("indexed_folders", "path")):
                db.execute(
                    f"delete from {table} where {column} = ? or substr({column}, 1, ?) = ?",  # noqa: S608 - fixed names
                    below,
                )


def _entries(folder: Path) -> tuple[list[dict[str, Any]], list[Path]]:
    files: list[dict[str, Any]] = []
    subfolders: list[Path] = []
    try:
        scanner = os.scandir(folder)
    except OSError:
        return files, subfolders
    with scanner:
        for entry in scanner:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    subfolders.append(Path(entry.path))
                elif entry.is_file(follow_symlinks=False):
                    files.append(_row(entry))
            except OSError:
                continue
    return files, subfolders


def _row(entry: os.DirEntry[str]) -> dict[str, Any]:
    stat = entry.stat(follow_symlinks=False)
    return {
        "path": os.fsencode(entry.path),
        "folder": os.fsencode(os.path.dirname(entry.path)),
        "name": os.fsencode(entry.name).decode("utf-8", "replace"),
        "kind": kind_of(entry.name),
        "size": stat.st_size,
        "mtime": stat.st_mtime,
    }


def _conditions(roots: list[Path], query: Query, joiner: str) -> tuple[str, list[Any]]:
    under = []
    params: list[Any] = []
    for root in roots:
        prefix = os.fsencode(root)
        under.append("(folder = ? or substr(folder, 1, ?) = ?)")
        params += [prefix, len(prefix) + 1, prefix + b"/"]
    clauses = [f"({' or '.join(under) or '0'})"]
    if query.kind:
        clauses.append("kind = ?")
        params.append(query.kind)
    if query.since:
        clauses.append("mtime >= ?")
        params.append(query.since.timestamp())
    if query.until:
        clauses.append("mtime < ?")
        params.append(query.until.timestamp())
    tokens = [t for t in query.name.lower().split() if len(t) >= MIN_TOKEN]
    if tokens:
        clauses.append(
            "rowid in (select rowid from indexed_files_fts where indexed_files_fts match ?)"
        )
        params.append(joiner.upper().join(_quoted(token) for token in tokens))
    return " and ".join(clauses), params


def _quoted(token: str) -> str:
    """A word as an FTS5 string: matched as a piece of a name, never as query syntax."""
    return '"' + token.replace('"', '""') + '"'


def _found(row: dict[str, Any]) -> Found:
    return Found(
        Path(os.fsdecode(row["path"])),
        row["name"],
        row["kind"],
        row["size"],
        datetime.fromtimestamp(row["mtime"]).astimezone(),
    )

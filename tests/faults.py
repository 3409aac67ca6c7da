"""Real faults for tests and benchmarks: a small full disk (tmpfs), and filling it."""

import errno
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


class CannotMount(Exception):
    """A tmpfs cannot be mounted here (not root, or no permission in this container)."""


@contextmanager
def small_tmpfs(where: Path, size: str = "8m") -> Iterator[Path]:
    """A real tmpfs of ``size`` mounted at ``where`` for the block; unmounted after."""
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        raise CannotMount(mounted.stderr.decode(errors="replace").strip() or "mount failed")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)


@contextmanager
def tmpfs_or_skip(where: Path, size: str) -> Iterator[Path]:
    """``small_tmpfs``, or the test skipped with the reason when none can be mounted here."""
    try:
        with small_tmpfs(where, size) as disk:
            yield disk
    except CannotMount as refused:
        pytest.skip(f"cannot mount a small tmpfs here: {refused}")


def fill_disk(filler: Path) -> int:
    """Write ``filler`` until the disk is full; returns the bytes written."""
    written = 0
    block = b"\0" * 4096
    with open(filler, "wb", buffering=0) as handle:
        try:
            while True:
                written += handle.write(block)
        except OSError as error:
            if error.errno != errno.ENOSPC:
                raise
    return written


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path, with its bytes."""
    found = {}
    for parent, _folders, files in os.walk(folder):
        for name in files:
            path = Path(parent) / name
            found[str(path.relative_to(folder))] = path.read_bytes()
    return found


@contextmanager
def read_only_file(path: Path) -> Iterator[Path]:
    """``path`` made read-only for everyone, root included: bound read-only over itself."""
    for command in (
        ["mount", "--bind", str(path), str(path)],
        ["mount", "-o", "remount,ro,bind", str(path)],
    ):
        done = subprocess.run(command, capture_output=True, check=False)
        if done.returncode != 0:
            subprocess.run(["umount", str(path)], capture_output=True, check=False)
            raise CannotMount(done.stderr.decode(errors="replace").strip() or "mount failed")
    try:
        yield path
    finally:
        subprocess.run(["umount", str(path)], capture_output=True, check=False)

"""Where spamd runs: a folder of its own for each clean-up, that no other user can enter.

The folder (``assistant-spamd-*`` in the temporary folder, mode 0700) holds spamd's Unix socket
and, when the assistant runs as root, the copy of the Bayes database that spamd (then run as
``nobody``) reads. Its ``owner`` file names the assistant's process and spamd's. spamd is told
to stop when the assistant dies (the parent-death signal); a folder whose assistant has gone
(killed before it could tidy up) is removed at the next start, and a spamd still running from
it stopped.
"""

import ctypes
import logging
import os
import pwd
import shutil
import signal
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

_LOGGER = logging.getLogger(__name__)

RUN_PREFIX = "assistant-spamd-"
LEFT_BY_EARLIER_VERSIONS = "assistant-bayes-"
SOCKET = "spamd.sock"
OWNER = "owner"
SPAMD_USER = "nobody"
"""Who spamd runs as when the assistant runs as root (spamd will not run as root)."""
FORSAKEN_SECONDS = 3600.0
"""A run folder without an owner, or an earlier version's Bayes copy, older than this is
removed."""
_PR_SET_PDEATHSIG = 1


def spamd_user_ids() -> tuple[int, int] | None:
    """The (uid, gid) spamd runs as: ``nobody``'s when the assistant is root, else None (the
    user's own)."""
    if os.geteuid() != 0:
        return None
    entry = pwd.getpwnam(SPAMD_USER)
    return entry.pw_uid, entry.pw_gid


@contextmanager
def own_run_folder() -> Iterator[Path]:
    """A new private folder for one spamd, removed after the block."""
    run = Path(tempfile.mkdtemp(prefix=RUN_PREFIX))
    try:
        note_owner(run)
        ids = spamd_user_ids()
        if ids is not None:
            os.chown(run, *ids)  # still 0700: only spamd's user (and root) can enter
        yield run
    finally:
        shutil.rmtree(run, ignore_errors=True)


def dies_with_parent(ids: tuple[int, int] | None) -> Callable[[], None]:
    """What the child runs before spamd: become ``ids`` (if given), then ask the kernel for
    SIGTERM when the parent dies (after the change of user, which would clear it). Only
    system calls, no locks: safe between fork and exec."""
    libc = ctypes.CDLL(None, use_errno=True)
    parent = os.getpid()

    def prepare() -> None:
        if ids is not None:
            os.setgroups([])
            os.setgid(ids[1])
            os.setuid(ids[0])
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the request was made
            os._exit(1)

    return prepare


def note_owner(run: Path, spamd: int = 0) -> None:
    """Write who the run folder belongs to: this process, and its spamd once started."""
    (run / OWNER).write_text(f"{os.getpid()} {spamd}\n")


def clean_left_behind() -> None:
    """Remove the run folders of assistants that have gone, stopping any spamd still running
    from one; and the Bayes copies earlier versions left in the temporary folder (an hour
    old: none is in use that long)."""
    temporary = Path(tempfile.gettempdir())
    for run in temporary.glob(RUN_PREFIX + "*"):
        owner = _owner(run)
        if _forsaken(run, owner):
            _stop_spamd(owner[1] if owner else 0, run)
            shutil.rmtree(run, ignore_errors=True)
    for left in temporary.glob(LEFT_BY_EARLIER_VERSIONS + "*"):
        if _older_than(left, FORSAKEN_SECONDS):
            shutil.rmtree(left, ignore_errors=True)


def _forsaken(run: Path, owner: tuple[int, int] | None) -> bool:
    """Whether the assistant that made ``run`` has gone (or, unnamed, it is an hour old)."""
    if owner is None:
        return _older_than(run, FORSAKEN_SECONDS)
    return not _alive(owner[0])


def _older_than(path: Path, seconds: float) -> bool:
    try:
        return time.time() - path.stat().st_mtime > seconds
    except OSError:
        return False


def _owner(run: Path) -> tuple[int, int] | None:
    """(assistant pid, spamd pid or 0) from the run folder; None when it says nothing."""
    try:
        assistant, spamd = (int(n) for n in (run / OWNER).read_text().split())
    except (OSError, ValueError):
        return None
    return assistant, spamd


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: theirs to tidy up
    return True


def _stop_spamd(pid: int, run: Path) -> None:
    """SIGTERM to ``pid`` if it is still the spamd of ``run`` (not a reused pid)."""
    if pid <= 0:
        return
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return
    if str(run / SOCKET).encode() in command:
        _LOGGER.info("Stopping a spamd left running by an assistant that has gone: %s", pid)
        with suppress(OSError):
            os.kill(pid, signal.SIGTERM)

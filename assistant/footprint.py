"""Keeping the process small: memory the speech engines free goes back to the system.

Whisper, Piper and the grammar recogniser each need tens of megabytes while they work and give
them back when they finish; the C allocator (glibc's) keeps what was freed, so without help the
process grows with every turn. Measured in ``scripts/bench window`` (docs/benchmarks.md).

- ``tune_allocator``, first thing at start: at most two malloc arenas (one per thread by
  default, each keeping its own freed memory); blocks from 256 kB up mapped on their own, so
  each goes back to the system the moment it is freed (by default glibc raises that bar as
  large blocks are freed, up to 32 MB, and then keeps Whisper's and Piper's working buffers in
  its heap: measured, 40 MB more held after a decode, and a peak about 18 MB higher with the
  window open); and no private cache in Intel MKL, which CTranslate2 (Whisper) allocates
  through.
- ``release_freed_memory``, after a model loads, before Whisper's encoder takes its 80 MB and
  after each turn: free pages go back (0.2 to 20 ms); ``release_soon`` does it on a thread of
  its own, after a Whisper decode, so the reply is not kept waiting.

Elsewhere (macOS, Windows, or a C library without these calls) both do nothing.
"""

import ctypes
import functools
import logging
import os
import sys
import threading

_LOGGER = logging.getLogger(__name__)

MALLOC_ARENA_MAX = 2
"""Arenas glibc may make (it makes one per thread, up to eight per core, by default)."""
_M_ARENA_MAX = -8
"""``mallopt``'s parameter number for the arena limit (glibc's malloc.h)."""
MMAP_THRESHOLD_BYTES = 256 * 1024
"""Blocks this large or larger are mapped on their own and unmapped when freed."""
_M_MMAP_THRESHOLD = -3
"""``mallopt``'s parameter number for that size (fixing it also stops glibc moving it)."""
MKL_NO_CACHE = ("MKL_DISABLE_FAST_MM", "1")
"""Intel MKL's switch for its own memory cache (measured: 25 MB less, no slower)."""


def tune_allocator() -> None:
    """Limit the allocator's arenas, map large blocks on their own, and turn MKL's cache off;
    call before the engines load."""
    name, value = MKL_NO_CACHE
    os.environ.setdefault(name, value)
    libc = _glibc()
    if libc is not None:
        libc.mallopt(_M_ARENA_MAX, MALLOC_ARENA_MAX)
        libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)


def release_freed_memory() -> None:
    """Hand the pages freed so far back to the system (about 10 ms)."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


def release_soon() -> None:
    """Hand the freed pages back on a thread of its own, so the caller does not wait for it
    (one thread for the whole process; asking again while it works asks for one more pass)."""
    _releaser().set()


@functools.cache
def _releaser() -> threading.Event:
    wanted = threading.Event()
    worker = threading.Thread(target=_release_when, args=(wanted,), name="releaser", daemon=True)
    worker.start()
    return wanted


def _release_when(wanted: threading.Event) -> None:
    while wanted.wait():
        wanted.clear()
        release_freed_memory()


@functools.cache
def _glibc() -> ctypes.CDLL | None:
    """The C library, when it is glibc (the only one with both calls)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
        libc.malloc_trim.argtypes = [ctypes.c_size_t]
    except (OSError, AttributeError):
        _LOGGER.info("No glibc here: memory is left to the system's allocator")
        return None
    return libc

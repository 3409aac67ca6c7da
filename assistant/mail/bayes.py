"""SpamAssassin's Bayes database: the one the assistant ships, and what the user teaches it.

The assistant ships a Bayes database trained on the SpamAssassin public corpus (2002), as the
gzipped dump of ``sa-learn --backup`` in ``data/bayes.gz`` (``scripts/train_spam`` makes it;
``data/bayes.json`` records its SHA-256 and what it was trained on). The first time a data
folder needs it, the dump's SHA-256 is checked and it is restored with ``sa-learn --restore``
(a few seconds, once: it is kept in the user's cache folder under its SHA-256) and copied
there; from then on it is the user's own, and learns
from them ("that's junk", "that's not junk") with ``sa-learn --spam`` / ``--ham``.
"""

import gzip
import hashlib
import json
import logging
import os
import shutil
import subprocess
import tempfile
import threading
from contextlib import suppress
from pathlib import Path

from platformdirs import user_cache_dir

from assistant.config import APP_NAME

_LOGGER = logging.getLogger(__name__)

DATA = Path(__file__).with_name("data")
DUMP = DATA / "bayes.gz"
RECORD = DATA / "bayes.json"
STORE = "bayes"
"""The folder, under SpamAssassin's home in the data folder, that holds the Bayes database."""
TOKENS = "bayes_toks"
LEARN_SECONDS = 120.0
RESTORE_SECONDS = 300.0


class BayesError(Exception):
    """The Bayes database could not be restored or taught."""


def sa_learn_binary() -> str | None:
    return shutil.which("sa-learn")


def store_path(home: Path) -> Path:
    """Where SpamAssassin's Bayes files live under ``home``."""
    return home / STORE


def ready_store(
    home: Path, dump: Path = DUMP, record: Path = RECORD, cache: Path | None = None
) -> Path | None:
    """The Bayes store under ``home``, made from the shipped ``dump`` if it is not there yet
    (restored once in ``cache``, the user's cache folder, and copied); None (and logged) when
    it cannot be."""
    store = store_path(home)
    if (store / TOKENS).exists():
        return store
    try:
        _put_in_place(_restored(dump, record, cache or _user_cache(home)), store)
    except (BayesError, OSError) as error:
        _LOGGER.warning("SpamAssassin's Bayes database is not used: %s", error)
        return None
    return store


_RESTORING = threading.Lock()


def _user_cache(home: Path) -> Path:
    """The user's cache folder, or the data folder where that cannot be written."""
    cache = Path(user_cache_dir(APP_NAME))
    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError:
        return home
    return cache if os.access(cache, os.W_OK) else home


def _restored(dump: Path, record: Path, cache: Path) -> Path:
    """``dump`` restored under ``cache``, named by its SHA-256: a restore takes seconds, so it
    is done once, and every new data folder (in any process) gets a copy, in milliseconds. The
    restore is built beside and renamed into place, so what is there is whole."""
    with _RESTORING:
        kept = cache / f"bayes-{hashlib.sha256(dump.read_bytes()).hexdigest()[:16]}"
        if (kept / TOKENS).exists():
            return kept
        content = verified_dump(dump, record)
        building = Path(tempfile.mkdtemp(prefix=".bayes-", dir=cache))
        try:
            restore(content, building / STORE)
            with suppress(OSError):  # another process may have put one there first
                (building / STORE).rename(kept)
        finally:
            shutil.rmtree(building, ignore_errors=True)
        if not (kept / TOKENS).exists():
            raise BayesError(f"the restored database did not reach {kept}")
        return kept


def _put_in_place(restored: Path, store: Path) -> None:
    """A copy of ``restored`` as ``store``, whole or not at all: built beside it, then renamed."""
    store.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=".bayes-", dir=store.parent))
    try:
        shutil.copytree(restored, building / STORE)
        (building / STORE).rename(store)
    finally:
        shutil.rmtree(building, ignore_errors=True)


def verified_dump(dump: Path = DUMP, record: Path = RECORD) -> bytes:
    """The shipped dump, unpacked, once its SHA-256 matches the recorded one."""
    try:
        packed = dump.read_bytes()
        expected = json.loads(record.read_text())["sha256"]
    except (OSError, ValueError, KeyError) as error:
        raise BayesError(f"the shipped dump cannot be read ({error})") from error
    found = hashlib.sha256(packed).hexdigest()
    if found != expected:
        raise BayesError(f"{dump.name} has SHA-256 {found}, not the recorded {expected}")
    return gzip.decompress(packed)


def restore(dump: bytes, store: Path) -> None:
    """Restore ``dump`` (``sa-learn --backup``) as a new store at ``store``."""
    store.mkdir(parents=True)
    dump_file = store / "dump.txt"
    dump_file.write_bytes(dump)
    try:
        _sa_learn(store, "--restore", str(dump_file), seconds=RESTORE_SECONDS)
    finally:
        dump_file.unlink()


def learn(home: Path, raw: bytes, kind: str) -> None:
    """Teach the user's Bayes store that ``raw`` is "spam" or "ham", or "forget" it."""
    store = ready_store(home)
    if store is None:
        raise BayesError("there is no Bayes database to teach")
    with tempfile.NamedTemporaryFile(dir=home, prefix=".learn-") as message:
        message.write(raw)
        message.flush()
        _sa_learn(store, f"--{kind}", message.name, seconds=LEARN_SECONDS)


def _sa_learn(store: Path, *arguments: str, seconds: float) -> None:
    binary = sa_learn_binary()
    if binary is None:
        raise BayesError("SpamAssassin's sa-learn is not installed")
    command = [binary, "--local", f"--dbpath={store}", *arguments]
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=seconds)
    except subprocess.CalledProcessError as error:
        said = error.stderr.decode("utf-8", "replace").strip()
        raise BayesError(f"sa-learn {arguments[0]} failed: {said}") from error
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BayesError(f"sa-learn {arguments[0]} failed: {error}") from error

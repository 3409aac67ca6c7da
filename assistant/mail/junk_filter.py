"""Junk by bogofilter: a Bayesian filter fast enough to judge every mail of a large inbox.

The assistant ships a bogofilter word list trained on the SpamAssassin public corpus (2002),
less every mail of the measuring corpus, as the gzipped, sorted dump of ``bogoutil -d`` in
``data/bogofilter.gz`` (``scripts/train_spam`` makes it; ``data/bogofilter.json`` records its
SHA-256, what it learned, and the cut-off chosen by cross-validation on the training mail
alone). The first time a data folder needs it, the SHA-256 is checked and it is loaded with
``bogoutil -l`` (about a second); from then on it is the user's own, and learns only from them
("that's junk": ``bogofilter -s``; "that's not junk": ``-n``; undo: ``-S`` / ``-N``).

Mail is judged in bulk: the messages are written into a private folder inside the data folder
and bogofilter reads them by name (``-b``), two processes at once; nothing leaves the computer.
A verdict is kept with the message as "yes bogofilter 0.9981" (at least ``SURE``,
bogofilter's own default spam cut-off) or "no bogofilter 0.0123" (under the cross-validated
cut-off); in between it is unsure, and the mail is left for SpamAssassin to judge.
"""

import json
import logging
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from assistant.mail import bayes

_LOGGER = logging.getLogger(__name__)

DATA = Path(__file__).with_name("data")
DUMP = DATA / "bogofilter.gz"
RECORD = DATA / "bogofilter.json"
FOLDER = "bogofilter"
"""The folder, in the data folder, that holds the user's word list."""
WORDLIST = "wordlist.db"
NAME = "bogofilter"
"""How its verdicts are marked: "yes bogofilter 0.9981"."""
PROCESSES = 2
JUDGE_SECONDS = 300.0
LEARN_SECONDS = 60.0
SURE = 0.99
"""From this score bogofilter's word alone makes a mail junk (its own default spam cut-off)."""
LEARNING = {"spam": "-s", "ham": "-n", "unspam": "-S", "unham": "-N"}
"""How bogofilter is told a mail is junk, is not, or that either was said in error."""


class JunkFilterError(Exception):
    """The word list could not be made ready, or taught."""


def bogofilter_binary() -> str | None:
    return shutil.which("bogofilter")


@dataclass(frozen=True)
class Bogofilter:
    """The user's word list, and the score under which a mail is not junk."""

    folder: Path
    cutoff: float

    def verdicts(self, raws: list[bytes]) -> list[str]:
        """A verdict for each of ``raws`` ("" when bogofilter is unsure or could not say)."""
        if not raws:
            return []
        halves = [raws[: len(raws) // 2], raws[len(raws) // 2 :]]
        with ThreadPoolExecutor(PROCESSES) as pool:
            judged = list(pool.map(self._judged, halves))
        return judged[0] + judged[1]

    def _judged(self, raws: list[bytes]) -> list[str]:
        if not raws:
            return []
        with tempfile.TemporaryDirectory(prefix=".judging-", dir=self.folder.parent) as work:
            names = [str(Path(work) / f"{n:06d}") for n in range(len(raws))]
            for name, raw in zip(names, raws, strict=True):
                Path(name).write_bytes(raw)
            scores = self._scores(names)
        return [self._verdict(scores.get(name)) for name in names]

    def _scores(self, names: list[str]) -> dict[str, float]:
        """bogofilter's spamicity of each named file (bulk mode)."""
        command = [bogofilter_binary() or "bogofilter", "-d", str(self.folder), "-b", "-v", "-T"]
        try:
            done = subprocess.run(
                command,
                input="\n".join(names) + "\n",
                capture_output=True,
                text=True,
                timeout=JUDGE_SECONDS,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            _LOGGER.warning("bogofilter could not judge: %s", error)
            return {}
        return dict(_scored(line) for line in done.stdout.splitlines() if line.count(" ") >= 2)

    def _verdict(self, score: float | None) -> str:
        """ "yes ..." from ``SURE``, "no ..." under the cut-off, "" in between (unsure)."""
        if score is None or self.cutoff <= score < SURE:
            return ""
        return f"{'yes' if score >= SURE else 'no'} {NAME} {score:.4f}"


def _scored(line: str) -> tuple[str, float]:
    """(file, spamicity) from a line of ``bogofilter -b -v -T``: "NAME S 0.999912"."""
    name, _, score = line.rsplit(" ", 2)
    try:
        return name, float(score)
    except ValueError:
        return name, -1.0


def ready_filter(home: Path, dump: Path = DUMP, record: Path = RECORD) -> Bogofilter | None:
    """The user's bogofilter under ``home`` (made from the shipped ``dump`` the first time);
    None when bogofilter is not installed or the word list cannot be made."""
    if bogofilter_binary() is None:
        return None
    try:
        cutoff = float(json.loads(record.read_text())["spam_cutoff"])
        return Bogofilter(_ready_wordlist(home, dump, record), cutoff)
    except (JunkFilterError, OSError, ValueError, KeyError) as error:
        _LOGGER.warning("bogofilter's word list is not used: %s", error)
        return None


def _ready_wordlist(home: Path, dump: Path, record: Path) -> Path:
    """The word list's folder under ``home``, loaded from ``dump`` if it is not there yet:
    built beside it and renamed into place, so what is there is whole."""
    folder = home / FOLDER
    if (folder / WORDLIST).exists():
        return folder
    content = verified_dump(dump, record)
    home.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=".bogofilter-", dir=home))
    try:
        _bogoutil_load(content, building / WORDLIST)
        building.rename(folder)
    except OSError:
        shutil.rmtree(building, ignore_errors=True)
        if not (folder / WORDLIST).exists():  # another process may have put one there first
            raise
    return folder


def verified_dump(dump: Path = DUMP, record: Path = RECORD) -> bytes:
    """The shipped dump, unpacked, once its SHA-256 matches the recorded one."""
    try:
        return bayes.verified_dump(dump, record)
    except bayes.BayesError as error:
        raise JunkFilterError(str(error)) from error


def _bogoutil_load(content: bytes, wordlist: Path) -> None:
    command = ["bogoutil", "-l", str(wordlist)]
    try:
        subprocess.run(command, input=content, check=True, capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError) as error:
        raise JunkFilterError(f"bogoutil -l failed: {error}") from error


def teach(home: Path, raw: bytes, kind: str) -> None:
    """Teach the user's word list that ``raw`` is "spam" or "ham", or take back ("unspam",
    "unham") what it was taught."""
    junk = ready_filter(home)
    if junk is None:
        raise JunkFilterError("there is no bogofilter word list to teach")
    command = [bogofilter_binary() or "bogofilter", "-d", str(junk.folder), LEARNING[kind]]
    try:
        subprocess.run(command, input=raw, check=True, capture_output=True, timeout=LEARN_SECONDS)
    except (OSError, subprocess.SubprocessError) as error:
        raise JunkFilterError(f"bogofilter {LEARNING[kind]} failed: {error}") from error

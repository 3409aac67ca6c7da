"""``scripts/bench mail``: cold sync of 10,000 messages over loopback IMAP (a real dovecot), the
warm "do I have new mail" check, the clean-up plan, parse throughput on the shared corpus, junk
caught by SpamAssassin on its labelled spam and ham, clean-up and undo times, and SIGKILL
during clean-up with undo after a restart (``harness/mail_faults.py``)."""

import mailbox
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.config import Paths  # noqa: E402
from assistant.mail.accounts import parse_account, store_password  # noqa: E402
from assistant.mail.parse import parse_letter  # noqa: E402
from assistant.mail.spam import VERDICT_HEADER  # noqa: E402
from assistant.runtime.assistant import Assistant  # noqa: E402

if TYPE_CHECKING:
    from harness.mail_faults import Trial

SHARED_MAIL = next(
    (
        p / "shared" / "data" / "mail"
        for p in (ROOT.parent, ROOT.parent.parent)
        if (p / "shared" / "data" / "mail").exists()
    ),
    ROOT.parent / "shared" / "data" / "mail",
)
MESSAGES = 10_000
KINDS = ("amy_lunch.eml", "newsletter_garden.eml", "notification_build.eml", "spam_prize.eml")


def bench_mail() -> list[str]:
    from harness.mailservers import PASSWORD, USER, dovecot_binary, start_dovecot

    if dovecot_binary() is None:
        return ["| mail over IMAP | skipped: dovecot is not installed | |"]
    _use_file_keyring()
    server = start_dovecot()
    try:
        _fill_maildir(server.root / "mail" / USER)
        with tempfile.TemporaryDirectory() as home, Assistant(Paths.resolve(home)) as assistant:
            store_password("bench", PASSWORD)
            assistant.mail.add_account(parse_account("bench", server.url, insecure_plain=True))
            started = time.perf_counter()
            unread = assistant.mail.check().unread_count
            cold = time.perf_counter() - started
            warm = []
            for _ in range(20):
                started = time.perf_counter()
                assistant.mail.check()
                warm.append(time.perf_counter() - started)
            started = time.perf_counter()
            plan = assistant.mail.plan_cleanup()
            planning = time.perf_counter() - started
            judged = sum(VERDICT_HEADER in m.headers for m in assistant.mail.inbox())
    finally:
        server.stop()
        shutil.rmtree(server.root, ignore_errors=True)
    return [
        f"| cold sync of {MESSAGES:,} messages' headers, loopback IMAP (dovecot) | "
        f"{cold:.1f} s ({unread:,} unread) | under 15 s |",
        f'| warm "do I have new mail", nothing changed (20 checks) | '
        f"p50 {1000 * statistics.median(warm):.0f} ms, max {1000 * max(warm):.0f} ms "
        "| under 300 ms |",
        f"| clean-up plan over {MESSAGES:,} cached messages, SpamAssassin judging {judged} of "
        f"them | {planning:.1f} s ({len(plan.archive):,} to archive, {len(plan.trash):,} to "
        "Trash) | |",
        *bench_parse(),
    ]


def _use_file_keyring() -> None:
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    backend = PlaintextKeyring()
    backend.file_path = os.path.join(tempfile.mkdtemp(), "keyring.cfg")
    keyring.set_keyring(backend)


def _fill_maildir(user_dir: Path) -> None:
    """10,000 messages written straight into dovecot's Maildir (dovecot indexes them itself)."""
    box = mailbox.Maildir(user_dir, create=True)
    templates = [(ROOT / "tests" / "fixtures" / "mail" / name).read_bytes() for name in KINDS]
    for n in range(MESSAGES):
        raw = templates[n % len(templates)]
        raw = raw.replace(b"Message-ID: <", f"Message-ID: <{n}.".encode(), 1)
        box.add(mailbox.MaildirMessage(raw))
    if os.geteuid() == 0:
        for path in [user_dir, *user_dir.rglob("*")]:
            shutil.chown(path, "nobody", user_dir.parent.group())


def bench_parse() -> list[str]:
    if not SHARED_MAIL.exists():
        return ["| parse throughput, shared corpus | skipped: ../shared is not here | |"]
    raws = [p.read_bytes() for p in sorted((SHARED_MAIL / "eml").rglob("*")) if p.is_file()]
    raws += [m.as_bytes() for f in (SHARED_MAIL / "mbox").glob("*") for m in mailbox.mbox(f)]
    for folder in (SHARED_MAIL / "maildir").iterdir():
        raws += [m.as_bytes() for m in mailbox.Maildir(folder, create=False)]
    started = time.perf_counter()
    for raw in raws:
        parse_letter(raw)
    seconds = time.perf_counter() - started
    return [
        f"| parse throughput, {len(raws)} real mails of the shared corpus | "
        f"{len(raws) / seconds:,.0f} messages/s | |"
    ]


def bench_spam() -> list[str]:
    """SpamAssassin (local rules and the shipped Bayes database) on the labelled spam and ham of
    the shared corpus, through the clean-up: how much spam it would move to Trash, and how much
    ham, by source; and what judging mailing-list mail too would add."""
    from assistant.mail.spam import spamd_binary
    from assistant.mail.triage import needs_judging

    if spamd_binary() is None or not (SHARED_MAIL / "manifest.tsv").exists():
        return ["| junk to Trash, shared corpus | skipped: no spamd or no corpus | |"]
    restoring = _restore_line()
    with tempfile.TemporaryDirectory() as work:
        box, labels = _labelled_maildir(Path(work) / "Mail")
        with Assistant(Paths.resolve(str(Path(work) / "home"))) as assistant:
            assistant.mail.add_account(parse_account("corpus", f"maildir:{box}"))
            assistant.mail.check()
            started, plans = time.perf_counter(), 0
            while any(needs_judging(m, set()) for m in assistant.mail.inbox()) or not plans:
                plan, plans = assistant.mail.plan_cleanup(), plans + 1
            seconds = time.perf_counter() - started
            judged = [m for m in assistant.mail.inbox() if VERDICT_HEADER in m.headers]
            scores = {m.key: m.headers[VERDICT_HEADER] for m in judged}
            listed = _lists_judged(Path(work) / "home", box, [m.key for m in plan.archive])
    trashed = Counter(labels[m.key] for m in plan.trash)
    archived = Counter(labels[m.key] for m in plan.archive)
    total = Counter(labels.values())
    return [
        f"| junk: labelled spam moved to Trash by the clean-up ({_counts(total)}; "
        "SpamAssassin 4.0.1, local rules and the shipped Bayes database, score 5) | "
        f"{_share(trashed, total, 'spam')}; ham moved to Trash: {_sum(trashed, 'ham')}; "
        f"archived as lists: {_sum(archived, 'spam')} spam, {_sum(archived, 'ham')} ham "
        "| at least 90%, and 0 ham |",
        f"| the same by source | spam to Trash: {_by_source(trashed, total, 'spam')}; "
        f"ham to Trash: {_by_source(trashed, total, 'ham')} | |",
        f"| SpamAssassin's time, {len(judged)} mails judged over {plans} clean-up plans | "
        f"{seconds:.0f} s ({seconds / max(1, len(judged)):.2f} s a mail, spamd's starts "
        "included) | |",
        _threshold_line(scores, labels),
        _lists_line(listed, labels),
        restoring,
    ]


def _restore_line() -> str:
    """How long a data folder takes to get the shipped Bayes database: the first on a machine
    (SHA-256 checked, restored into the cache folder, copied) and the next (copied); its size."""
    import json

    from assistant.mail.bayes import DUMP, RECORD, ready_store

    record = json.loads(RECORD.read_text())
    seconds = []
    with tempfile.TemporaryDirectory() as work:
        (Path(work) / "cache").mkdir()
        for folder in ("first", "next"):
            started = time.perf_counter()
            ready = ready_store(Path(work) / folder, cache=Path(work) / "cache") is not None
            seconds.append(time.perf_counter() - started)
    return (
        f"| the shipped Bayes database ({DUMP.stat().st_size / 1e6:.1f} MB gzipped, "
        f"{record['tokens']:,} tokens) into a new data folder: the first for a user "
        f"(SHA-256 checked, restored, kept in the cache folder, copied), the next (copied) | "
        f"{seconds[0]:.1f} s; "
        f"{1000 * seconds[1]:.0f} ms{'' if ready else ' (failed)'} | |"
    )


def _lists_judged(home: Path, box: Path, keys: list[str]) -> dict[str, str]:
    """SpamAssassin's verdict on the mailing-list mail the clean-up archives unjudged."""
    from assistant.mail.spam import running_filter

    with running_filter(home / "spamassassin") as spam:
        if spam is None:
            return {}
        verdicts = spam.verdicts([(box / "new" / k).read_bytes() for k in keys])
    return dict(zip(keys, verdicts, strict=True))


def _lists_line(verdicts: dict[str, str], labels: dict[str, str]) -> str:
    """What judging List-Id mail before calling it a list would add to Trash."""
    over = Counter(labels[k] for k, v in verdicts.items() if _score(v) >= 5)
    return (
        f"| if mailing-list mail were judged too, before being archived as a list | "
        f"{_sum(over, 'spam')} more spam and {_sum(over, 'ham')} more ham to Trash "
        f"({_by_source(over, Counter(labels[k] for k in verdicts), 'spam')} spam; "
        f"{_by_source(over, Counter(labels[k] for k in verdicts), 'ham')} ham) | |"
    )


def _counts(total: Counter[tuple[str, str]]) -> str:
    return f"{_sum(total, 'spam')} spam, {_sum(total, 'ham')} ham"


def _sum(counts: Counter[tuple[str, str]], kind: str) -> int:
    return sum(n for (label, _), n in counts.items() if label == kind)


def _share(done: Counter[tuple[str, str]], total: Counter[tuple[str, str]], kind: str) -> str:
    return f"{_sum(done, kind) / max(1, _sum(total, kind)):.0%} ({_sum(done, kind)})"


def _by_source(done: Counter[tuple[str, str]], total: Counter[tuple[str, str]], kind: str) -> str:
    sources = sorted(source for label, source in total if label == kind)
    return ", ".join(f"{s} {done[(kind, s)]}/{total[(kind, s)]}" for s in sources) or "none"


def _labelled_maildir(box: Path) -> tuple[Path, dict[str, tuple[str, str]]]:
    """The corpus' labelled spam and ham in one Maildir inbox; each key's label and source."""
    for sub in ("new", "cur", "tmp"):
        (box / sub).mkdir(parents=True)
    labels = {}
    for n, line in enumerate((SHARED_MAIL / "manifest.tsv").read_text().splitlines()[1:]):
        path, origin, kind = line.split("\t")[:3]
        if kind in ("spam", "ham"):
            key = f"{n:04d}.corpus"
            shutil.copyfile(SHARED_MAIL / path, box / "new" / key)
            labels[key] = (kind, _source(path, origin))
    return box, labels


def _source(path: str, origin: str) -> str:
    """The corpus a labelled mail comes from: publiccorpus, tdata, flanker, lkml, notmuch."""
    if "lkml" in path:
        return "lkml"
    names = {"publiccorpus": "publiccorpus", "tdata": "tdata", "flanker": "flanker"}
    found = [short for part, short in names.items() if part in path]
    return found[0] if found else origin.split()[1].split("/")[0]


def _threshold_line(scores: dict[str, str], labels: dict[str, tuple[str, str]]) -> str:
    """Spam and ham over a few SpamAssassin scores, for judging the threshold."""
    spam = sum(1 for kind, _ in labels.values() if kind == "spam")
    cells = []
    for threshold in (5, 6, 8, 10):
        over = [k for k, v in scores.items() if _score(v) >= threshold]
        caught = sum(labels[k][0] == "spam" for k in over)
        cells.append(f"{threshold}: {caught / spam:.0%} spam, {len(over) - caught} ham")
    return f"| the same at other scores (judged mail only) | {'; '.join(cells)} | |"


def _score(verdict: str) -> float:
    try:
        return float(verdict.split()[1])
    except (IndexError, ValueError):
        return 0.0


def bench_undo_speed() -> list[str]:
    """Clean-up and its undo of the same 1,000 messages, Maildir and IMAP (dovecot)."""
    from harness.mail_faults import add_sent, fill_maildir
    from harness.mailservers import PASSWORD, dovecot_binary, start_dovecot

    with tempfile.TemporaryDirectory() as work:
        box = Path(work) / "Mail"
        fill_maildir(box, FAULT_MESSAGES)
        add_sent(box / ".Sent")
        lines = [_timed_clean_up(Path(work), "Maildir", f"maildir:{box}")]
    if dovecot_binary() is None:
        return lines
    _use_file_keyring()
    server = start_dovecot()
    try:
        fill_maildir(server.user_dir, FAULT_MESSAGES)
        add_sent(server.user_dir / "Sent")
        server.own()
        store_password("bench", PASSWORD)
        with tempfile.TemporaryDirectory() as work:
            lines.append(_timed_clean_up(Path(work), "IMAP (dovecot)", server.url))
    finally:
        server.stop()
        shutil.rmtree(server.root, ignore_errors=True)
    return lines


def _timed_clean_up(work: Path, kind: str, url: str) -> str:
    with Assistant(Paths.resolve(str(work / "home"))) as assistant:
        assistant.mail.add_account(parse_account("bench", url, insecure_plain=kind != "Maildir"))
        talk = assistant.conversation()
        talk.run_text("clean up my inbox")
        started = time.perf_counter()
        done = talk.run_text("yes").reply
        moving = time.perf_counter() - started
        started = time.perf_counter()
        undone = talk.run_text("undo").reply
        undoing = time.perf_counter() - started
    return (
        f'| {kind}: clean-up ("yes") and undo of the same messages | {moving:.1f} s '
        f"({done.split('.')[0]}), undo {undoing:.1f} s ({undone.rstrip('.')}) "
        "| undo no slower than the clean-up |"
    )


FAULT_TRIALS = 20
FAULT_MESSAGES = 1000


def bench_mail_faults() -> list[str]:
    """SIGKILL at random moments of a clean-up of 1,000 messages, then undo after a restart,
    against a Maildir and a real dovecot: every message's folder, flags and bytes compared."""
    from harness.mailservers import dovecot_binary

    lines = [_faults_line("Maildir", _maildir_trials)]
    if dovecot_binary() is not None:
        lines.append(_faults_line("IMAP (dovecot)", _imap_trials))
    return lines


def _faults_line(kind: str, trials: "Callable[[random.Random], tuple[list[Trial], int]]") -> str:
    done, total = trials(random.Random(2026))
    killed = [t for t in done if t.killed]
    partway = [t for t in killed if 0 < t.moved_at_kill < total]
    wrong = sum(t.wrong for t in done)
    return (
        f"| SIGKILL during clean-up of {FAULT_MESSAGES:,} messages ({total} to move), then undo "
        f"after a restart, {kind}: {len(done)} trials, {len(killed)} killed, {len(partway)} of "
        f"them part-way through the moves | {wrong} messages lost, changed or misplaced | 0 |"
    )


def _maildir_trials(rng: "random.Random") -> "tuple[list[Trial], int]":
    from harness.mail_faults import add_sent, cli, fill_maildir, maildir_snapshot

    with tempfile.TemporaryDirectory() as work:
        box, home = Path(work) / "Mail", Path(work) / "home"
        fill_maildir(box, FAULT_MESSAGES)
        fill_maildir(box / ".Archive", 20, start=FAULT_MESSAGES)
        add_sent(box / ".Sent")
        cli(home, "mail", "add", "local", f"maildir:{box}")
        targets = [box / ".Archive", box / ".Trash"]
        return _trials(home, lambda: maildir_snapshot(box), targets, rng)


def _imap_trials(rng: "random.Random") -> "tuple[list[Trial], int]":
    from harness.mail_faults import add_sent, cli, cli_env, fill_maildir, imap_snapshot
    from harness.mailservers import PASSWORD, start_dovecot

    server = start_dovecot()
    try:
        with tempfile.TemporaryDirectory() as work:
            fill_maildir(server.user_dir, FAULT_MESSAGES)
            add_sent(server.user_dir / "Sent")
            server.own()
            home = Path(work) / "home"
            adding = ("mail", "add", "home", server.url, "--insecure-plain", "--password-env")
            cli(home, *adding, "MAILPW", env={**cli_env(home), "MAILPW": PASSWORD})
            targets = [server.user_dir / "Archive", server.user_dir / "Trash"]

            def snapshot() -> list[tuple[str, ...]]:
                with server.client() as client:
                    return imap_snapshot(client)

            return _trials(home, snapshot, targets, rng)
    finally:
        server.stop()
        shutil.rmtree(server.root, ignore_errors=True)


def _trials(
    home: Path,
    snapshot: "Callable[[], list[tuple[str, ...]]]",
    targets: list[Path],
    rng: "random.Random",
) -> "tuple[list[Trial], int]":
    """One clean-up left to finish (how long moving takes), undone; then the kills, each
    at a moment drawn evenly over that time."""
    from harness.mail_faults import cli, files_in, moving_time, run_trial

    before = sum(files_in(t) for t in targets)
    _, span = moving_time(home, targets, 600)
    total = sum(files_in(t) for t in targets) - before
    cli(home, "ask", "undo")
    trials = [run_trial(home, snapshot, targets, rng.uniform(0, span)) for _ in range(FAULT_TRIALS)]
    return trials, total

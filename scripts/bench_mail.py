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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
    from harness.mailservers import dovecot_binary

    if dovecot_binary() is None:
        return ["| mail over IMAP | skipped: dovecot is not installed | |"]
    with _dovecot_account(_fill_maildir) as assistant:
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


@contextmanager
def _dovecot_account(fill: Callable[[Path], None]) -> Iterator[Assistant]:
    """An assistant with one account on a real dovecot whose Maildir ``fill`` wrote."""
    from harness.mailservers import PASSWORD, USER, start_dovecot

    _use_file_keyring()
    server = start_dovecot()
    try:
        fill(server.root / "mail" / USER)
        with tempfile.TemporaryDirectory() as home, Assistant(Paths.resolve(home)) as assistant:
            store_password("bench", PASSWORD)
            assistant.mail.add_account(parse_account("bench", server.url, insecure_plain=True))
            yield assistant
    finally:
        server.stop()
        shutil.rmtree(server.root, ignore_errors=True)


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
    _give_to_dovecot(user_dir)


def _give_to_dovecot(user_dir: Path) -> None:
    """As root, the Maildir belongs to the user dovecot runs as."""
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
    """The junk filter (bogofilter with the shipped word list; SpamAssassin for what it is
    unsure of) on the labelled spam and ham of the shared corpus, through the clean-up: how much
    spam it would move to Trash, and how much ham; the real mail (public-corpus spam;
    public-corpus, lkml and notmuch ham) apart from SpamAssassin's rule tests (tdata)."""
    from assistant.mail.junk_filter import RECORD, bogofilter_binary
    from assistant.mail.triage import needs_judging

    if bogofilter_binary() is None or not (SHARED_MAIL / "manifest.tsv").exists():
        return ["| junk to Trash, shared corpus | skipped: no bogofilter or no corpus | |"]
    import json

    cutoff = json.loads(RECORD.read_text())["spam_cutoff"]
    with tempfile.TemporaryDirectory() as work:
        box, labels = _labelled_maildir(Path(work) / "Mail")
        with Assistant(Paths.resolve(str(Path(work) / "home"))) as assistant:
            assistant.mail.add_account(parse_account("corpus", f"maildir:{box}"))
            assistant.mail.check()
            started, plans = time.perf_counter(), 0
            while plans < 10 and (
                any(needs_judging(m, set()) for m in assistant.mail.inbox()) or not plans
            ):
                plan, plans = assistant.mail.plan_cleanup(), plans + 1
            seconds = time.perf_counter() - started
            verdicts = [m.headers.get(VERDICT_HEADER, "") for m in assistant.mail.inbox()]
    by = Counter(
        "bogofilter" if "bogofilter" in v else "SpamAssassin" if v else "none" for v in verdicts
    )
    trashed = Counter(labels[m.key] for m in plan.trash)
    archived = Counter(labels[m.key] for m in plan.archive)
    real = {k: v for k, v in labels.items() if v[1] in REAL_SOURCES}
    real_total = Counter(real.values())
    real_trashed = Counter(labels[m.key] for m in plan.trash if m.key in real)
    total = Counter(labels.values())
    return [
        f"| junk on the real mail of the shared corpus ({_counts(real_total)}: public-corpus "
        f"spam; public-corpus, lkml and notmuch ham), through the clean-up (bogofilter 1.2.5, "
        f"the shipped word list, cut-off {cutoff} by cross-validation on the training mail; "
        f"SpamAssassin 4.0.1 for what bogofilter is unsure of) | spam to Trash: "
        f"{_share(real_trashed, real_total, 'spam')}; ham to Trash: {_sum(real_trashed, 'ham')} "
        "| at least 90%, and at most 1 ham |",
        f"| the same by source, SpamAssassin's rule tests (tdata) and flanker apart | spam to "
        f"Trash: {_by_source(trashed, total, 'spam')}; ham to Trash: "
        f"{_by_source(trashed, total, 'ham')}; archived as lists: {_sum(archived, 'spam')} spam, "
        f"{_sum(archived, 'ham')} ham | |",
        f"| who judged the {len(verdicts)} mails, over {plans} clean-up plans | "
        f"{by['bogofilter']} bogofilter, {by['SpamAssassin']} SpamAssassin (unsure), "
        f"{by['none']} none (marked by an upstream filter); {seconds:.0f} s | |",
    ]


REAL_SOURCES = ("publiccorpus", "lkml", "notmuch")
"""The shared corpus's real mail; tdata (SpamAssassin's rule tests) and flanker are apart."""


def bench_judging_speed() -> list[str]:
    """Every unjudged mail of a 10,000-message inbox judged at one clean-up, over loopback IMAP
    (dovecot): real mail of the shared corpus, upstream marks and List-Id taken out so that
    every one needs judging, each with a Message-ID of its own."""
    from harness.mailservers import dovecot_binary

    if dovecot_binary() is None or not (SHARED_MAIL / "manifest.tsv").exists():
        return ["| judging a 10,000-message inbox | skipped: no dovecot or no corpus | |"]
    with _dovecot_account(_fill_with_corpus) as assistant:
        assistant.mail.check()
        spamassassin = _timing_spamassassin()
        started = time.perf_counter()
        plan = assistant.mail.plan_cleanup()
        seconds = time.perf_counter() - started
        verdicts = [m.headers.get(VERDICT_HEADER, "") for m in assistant.mail.inbox()]
    second = sum(spamassassin)
    by = Counter(
        "bogofilter" if "bogofilter" in v else "SpamAssassin" if v else "none" for v in verdicts
    )
    return [
        f"| every unjudged mail of a {MESSAGES:,}-message inbox judged at one clean-up, "
        f"loopback IMAP, {os.cpu_count()} cores (real mail of the shared corpus, repeated) | "
        f"{seconds:.1f} s: {by['bogofilter']:,} by bogofilter in {seconds - second:.1f} s "
        f"(fetched over IMAP included), {by['SpamAssassin']} by SpamAssassin in {second:.1f} s "
        f"(spamd's start included; the newest of those bogofilter was unsure of), "
        f"{by['none']} left for the next clean-up; {len(plan.trash):,} to Trash | under 60 s |"
    ]


def _timing_spamassassin() -> list[float]:
    """The seconds each SpamAssassin pass of a clean-up takes (spamd's start included)."""
    import assistant.mail.service as service

    spent: list[float] = []
    running = service.running_filter

    @contextmanager
    def timed(home: Path) -> Iterator[object]:
        started = time.perf_counter()
        with running(home) as spam:
            yield spam
        spent.append(time.perf_counter() - started)

    service.running_filter = timed  # type: ignore[assignment]
    return spent


_TAKEN_OUT = (b"x-spam-", b"list-id:", b"list-unsubscribe:", b"precedence:")


def _fill_with_corpus(user_dir: Path) -> None:
    """``MESSAGES`` mails cycled from the corpus's labelled real mail, into dovecot's Maildir."""
    paths = [
        SHARED_MAIL / line.split("\t")[0]
        for line in (SHARED_MAIL / "manifest.tsv").read_text().splitlines()[1:]
        if line.split("\t")[2] in ("spam", "ham") and "tdata" not in line
    ]
    raws = [_unmarked(p.read_bytes()) for p in paths]
    box = mailbox.Maildir(user_dir, create=True)
    for n in range(MESSAGES):
        raw = raws[n % len(raws)]
        box.add(mailbox.MaildirMessage(b"Message-ID: <bench-%d@corpus.example>\n" % n + raw))
    _give_to_dovecot(user_dir)


def _unmarked(raw: bytes) -> bytes:
    """``raw`` without upstream spam marks, list headers or its own Message-ID."""
    head, _, body = raw.replace(b"\r\n", b"\n").partition(b"\n\n")
    kept, skipping = [], False
    for line in head.split(b"\n"):
        if line[:1] in (b" ", b"\t") and skipping:
            continue
        lower = line.lower()
        skipping = lower.startswith((*_TAKEN_OUT, b"message-id:"))
        if not skipping:
            kept.append(line)
    return b"\n".join(kept) + b"\n\n" + body


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

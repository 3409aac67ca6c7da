"""``scripts/bench mail``: cold sync of 10,000 messages over loopback IMAP (a real dovecot), the
warm "do I have new mail" check, the clean-up plan, and parse throughput on the shared corpus."""

import mailbox
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.app import Assistant  # noqa: E402
from assistant.config import Paths  # noqa: E402
from assistant.mail.accounts import parse_account, store_password  # noqa: E402
from assistant.mail.parse import parse_letter  # noqa: E402

SHARED_MAIL = ROOT.parent / "shared" / "data" / "mail"
MESSAGES = 10_000
KINDS = ("amy_lunch.eml", "newsletter_garden.eml", "notification_build.eml", "spam_prize.eml")


def bench_mail() -> list[str]:
    from tests.mailservers import PASSWORD, USER, dovecot_binary, start_dovecot

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
    finally:
        server.stop()
        shutil.rmtree(server.root, ignore_errors=True)
    return [
        f"| cold sync of {MESSAGES:,} messages' headers, loopback IMAP (dovecot) | "
        f"{cold:.1f} s ({unread:,} unread) | under 15 s |",
        f'| warm "do I have new mail", nothing changed (20 checks) | '
        f"p50 {1000 * statistics.median(warm):.0f} ms, max {1000 * max(warm):.0f} ms "
        "| under 300 ms |",
        f"| clean-up plan over {MESSAGES:,} cached messages | {1000 * planning:.0f} ms "
        f"({len(plan.archive):,} to archive, {len(plan.trash):,} to Trash) | |",
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

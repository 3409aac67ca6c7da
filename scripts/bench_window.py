"""A data folder as a long-time user's would be, for ``scripts/bench window``: 10,000 turns of
conversation, 500 reminders still to come, and 10,000 mails in the cache."""

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

from assistant.config import Paths
from assistant.mail.accounts import parse_account
from assistant.mail.cache import INBOX, Cached
from assistant.memory.reminders import REMINDER
from assistant.runtime.assistant import Assistant

TURNS, REMINDERS, MAILS = 10_000, 500, 10_000
SEEN = "\\Seen"
DESCRIBED = f"{TURNS:,} turns, {REMINDERS} reminders, {MAILS:,} cached mails"


def fill_home(home: Path, turns: Iterator[dict[str, object]]) -> None:
    """Put the turns, reminders and cached mail into the data folder ``home``."""
    with Assistant(Paths.resolve(str(home))) as assistant:
        now = assistant.services.clock.now()
        with assistant.store.transaction() as db:
            db.table("turns").insert_all(turns, batch_size=10_000)
            db.table("reminders").insert_all(_reminders(now), batch_size=1_000)
        account = parse_account("archive", f"maildir:{home / 'Mail'}")
        assistant.mail.cache.add_account(account, now)
        assistant.mail.cache.put(_mails(now))


def _reminders(now: datetime) -> Iterator[dict[str, object]]:
    for number in range(REMINDERS):
        due = now + timedelta(minutes=37 * (number + 1))
        yield {
            "label": "",
            "kind": REMINDER,
            "task": f"water plant number {number}",
            "due": due.isoformat("T", "seconds"),
            "created": now.isoformat("T", "seconds"),
            "state": "pending",
            "turn": None,
        }


def _mails(now: datetime) -> Iterator[Cached]:
    for number in range(MAILS):
        sent = now - timedelta(minutes=11 * number)
        flags = () if number % 7 == 0 else (SEEN,)
        yield Cached(
            "archive",
            INBOX,
            str(number),
            f"<m{number}@example.org>",
            f"Sender {number % 300}",
            f"sender{number % 300}@example.org",
            f"Letter number {number}",
            sent.isoformat("T", "seconds"),
            flags,
        )

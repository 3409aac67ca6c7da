"""The user's calendars: added like a mail account (an ``.ics`` file, or a CalDAV calendar with
its password in the keyring), read only, and asked about a span of time.

A file is read again only when it changes; a CalDAV calendar is fetched again after
``CALDAV_FRESH``. A calendar that cannot be read is named in a plain ``CalendarError``.
"""

import contextlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import icalendar

from assistant import secrets
from assistant.calendar.events import (
    Event,
    EventIndex,
    events_between,
    index_of,
    joined,
    read_calendar,
)
from assistant.clock import Clock
from assistant.errors import AssistantError
from assistant.store.database import MemoryStore, iso_seconds

KEYRING_SERVICE = "assistant-calendar"
CALDAV_FRESH = timedelta(minutes=5)
"""How long a CalDAV calendar's events are used before they are fetched again."""
LOOK_AHEAD = timedelta(days=120)
"""How far ahead "my next appointment" is looked for."""


class CalendarError(AssistantError):
    """A calendar could not be added or read; the message says which and why."""


@dataclass(frozen=True)
class CalendarAccount:
    """One of the user's calendars."""

    name: str
    """What the user calls it ("work")."""
    url: str
    """A path to an ``.ics`` file, or a CalDAV calendar's ``https://`` address."""
    username: str = ""
    """The CalDAV user name, when it needs one."""

    @property
    def is_file(self) -> bool:
        """Whether it is an ``.ics`` file on this computer."""
        return urlsplit(self.url).scheme in ("", "file")

    @property
    def path(self) -> Path:
        """The file's path (for a file)."""
        return Path(urlsplit(self.url).path if self.url.startswith("file:") else self.url)


class Calendars:
    """The calendars the user added, and their events."""

    def __init__(self, store: MemoryStore, clock: Clock) -> None:
        self.store = store
        self.clock = clock
        self._read: dict[str, tuple[object, EventIndex]] = {}

    def accounts(self) -> list[CalendarAccount]:
        """The calendars, by name."""
        with self.store.transaction() as db:
            rows = db.query("select name, url, username from calendars order by name")
            return [CalendarAccount(r["name"], r["url"], r["username"] or "") for r in rows]

    def add(self, account: CalendarAccount) -> None:
        """Keep ``account`` (replacing one of the same name)."""
        row = {"name": account.name, "url": account.url, "username": account.username}
        with self.store.transaction() as db:
            db.table("calendars").upsert({**row, "added": iso_seconds(self.clock.now())}, pk="name")
        self._read.pop(account.name, None)

    def remove(self, name: str) -> bool:
        """Forget the calendar ``name`` and its password; whether there was one."""
        with self.store.transaction() as db:
            gone = db.execute("delete from calendars where name = ?", [name]).rowcount
        forget_password(name)
        self._read.pop(name, None)
        return bool(gone)

    def between(self, start: datetime, end: datetime) -> list[Event]:
        """Every calendar's events that overlap ``start`` to ``end``, soonest first."""
        found = [
            event
            for account in self.accounts()
            for event in events_between(self.index(account), start, end)
        ]
        return sorted(found, key=lambda event: (event.start, event.summary))

    def next_after(self, moment: datetime) -> Event | None:
        """The first timed event (an appointment, not a whole day) that starts after
        ``moment``, within ``LOOK_AHEAD``."""
        span = timedelta(days=7)
        start = moment
        while start < moment + LOOK_AHEAD:
            found = self.between(start, start + span)
            later = [e for e in found if e.start > moment and not e.all_day]
            if later:
                return later[0]
            start += span
        return None

    def index(self, account: CalendarAccount) -> EventIndex:
        """``account``'s events, read again only when they may have changed."""
        stamp = self._stamp(account)
        kept = self._read.get(account.name)
        if kept is not None and kept[0] == stamp:
            return kept[1]
        text = _file_text(account) if account.is_file else None
        calendar = read_calendar(text) if text is not None else fetch_caldav(account)
        index = index_of(calendar, self.clock.now().tzinfo)
        self._read[account.name] = (stamp, index)
        return index

    def _stamp(self, account: CalendarAccount) -> object:
        """What says a calendar has changed: a file's size and time; for CalDAV, the time
        slot of ``CALDAV_FRESH`` it was fetched in."""
        if account.is_file:
            with contextlib.suppress(OSError):
                stat = account.path.stat()
                return (stat.st_mtime_ns, stat.st_size)
            return None
        kept = self._read.get(account.name)
        now = self.clock.now()
        if kept is not None and isinstance(kept[0], datetime) and now - kept[0] < CALDAV_FRESH:
            return kept[0]
        return now


def _file_text(account: CalendarAccount) -> bytes:
    try:
        return account.path.read_bytes()
    except OSError as error:
        raise CalendarError(
            "calendar-unreadable", f"I can't read your {account.name} calendar at {account.path}."
        ) from error


def fetch_caldav(account: CalendarAccount) -> icalendar.Calendar:
    """Every event of a CalDAV calendar, as one calendar."""
    import caldav  # noqa: PLC0415 - loaded only for a CalDAV calendar
    from caldav.lib.error import DAVError  # noqa: PLC0415

    password = password_for(account.name) if account.username else None
    try:
        client_type: Any = caldav.DAVClient
        with client_type(
            url=account.url, username=account.username or None, password=password
        ) as client:
            objects = client.calendar(url=account.url).events()
            return joined(read_calendar(each.data) for each in objects)
    except (DAVError, OSError, ValueError) as error:
        raise CalendarError(
            "calendar-unreachable", f"I can't reach your {account.name} calendar just now."
        ) from error


def store_password(name: str, password: str) -> None:
    """Keep a CalDAV password in the keyring, under the calendar's name."""
    try:
        secrets.keep(KEYRING_SERVICE, name, password)
    except secrets.KeyringUnavailable as error:
        raise CalendarError(
            "calendar-no-keyring",
            "There's no keyring on this computer to keep the password safely, so I haven't "
            "added the calendar.",
        ) from error


def password_for(name: str) -> str:
    """A CalDAV calendar's password from the keyring."""
    try:
        password = secrets.kept(KEYRING_SERVICE, name)
    except secrets.KeyringUnavailable as error:
        raise CalendarError("calendar-no-keyring", "I can't open the keyring.") from error
    if password is None:
        raise CalendarError(
            "calendar-no-password",
            f"I don't have the password for your {name} calendar. Add it again to give it to me.",
        )
    return password


def forget_password(name: str) -> None:
    """Remove a calendar's password from the keyring, if it is there."""
    secrets.drop(KEYRING_SERVICE, name)

"""A real CalDAV server for the tests: Radicale on loopback with a password, and the family
calendar (tests/fixtures/calendar/family.ics) published on it one event per object."""

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest

FAMILY = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "calendar" / "family.ics"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[str]:
    """A Radicale CalDAV server on loopback, user "ann" with a password; its address."""
    port = free_port()
    users = tmp_path / "users"
    users.write_text("ann:secret-pass\n")
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "radicale", "--server-hosts", f"127.0.0.1:{port}"),
            *("--storage-filesystem-folder", str(tmp_path / "collections")),
            *("--auth-type", "htpasswd", "--auth-htpasswd-filename", str(users)),
            *("--auth-htpasswd-encryption", "plain", "--logging-level", "warning"),
        ],
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _wait_for(port: int) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        except OSError:
            time.sleep(0.1)
        else:
            return
    raise AssertionError("Radicale did not start")


def publish_family(server: str) -> str:
    """Put the family calendar's events on the server, one object per event; its address."""
    import caldav

    whole = icalendar.Calendar.from_ical(FAMILY.read_bytes())
    by_uid: dict[str, icalendar.Calendar] = {}
    for event in whole.walk("VEVENT"):
        one = by_uid.setdefault(str(event["UID"]), icalendar.Calendar())
        one.add("VERSION", "2.0") if "VERSION" not in one else None
        one.add("PRODID", "-//assistant tests//EN") if "PRODID" not in one else None
        one.add_component(event)
    with caldav.DAVClient(url=server, username="ann", password="secret-pass") as client:
        calendar = client.principal().make_calendar(name="family")
        for one in by_uid.values():
            calendar.save_event(one.to_ical().decode())
        return str(calendar.url)

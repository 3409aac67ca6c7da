"""Shared fixtures: an isolated data folder, a fixed clock, and an event recorder."""

import importlib.util
import os
import random
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import ModuleType

import pytest

from assistant.config import Paths
from assistant.events import Event, type_name
from assistant.intents.matcher import Matcher
from assistant.runtime.assistant import Assistant
from assistant.skills.registry import build_registry
from harness.caldav_server import radicale  # noqa: F401 - a fixture for all tests
from harness.mailservers import dovecot, keyring_file, sink  # noqa: F401 - fixtures for all tests

REPO = Path(__file__).resolve().parent.parent


def script(name: str) -> ModuleType:
    """The module ``scripts/<name>.py``, loaded by its path (the scripts are not a package)."""
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SHARED = REPO.parent / "shared"
FIXED_NOW = datetime(2026, 11, 21, 16, 5, tzinfo=timezone(timedelta(hours=1)))
_SESSION_STATUS: list[int] = []


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Keep the run's result for ``pytest_unconfigure``."""
    _SESSION_STATUS.append(int(exitstatus))


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Leave with the run's result once everything is reported, skipping the interpreter's
    last garbage collection: after many Qt windows in one process, that collection can abort
    inside PySide6's C code ("Fatal Python error: bool_dealloc", exit 134) after every test
    has passed and been reported. The assistant itself never runs that many windows in one
    process, and its own start and exit are tested in fresh processes (tests/ui/test_xvfb.py).
    """
    if _SESSION_STATUS:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_SESSION_STATUS[-1])


@dataclass
class FixedClock:
    """A clock that says what the test tells it to."""

    moment: datetime = FIXED_NOW

    def now(self) -> datetime:
        return self.moment


@dataclass
class Recorder:
    """Collects every event published on a bus."""

    events: list[Event] = field(default_factory=list)

    def __call__(self, event: Event) -> None:
        self.events.append(event)

    def types(self, turn_id: int | None = None) -> list[str]:
        return [type_name(type(e)) for e in self.events if turn_id is None or e.turn_id == turn_id]

    def of(self, kind: type) -> list[Event]:
        return [e for e in self.events if isinstance(e, kind)]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    matcher = Matcher()
    matcher.set_assistant_name("Nora")
    registry = build_registry()
    matcher.offer(registry.intents, registry.changing)  # as the app does
    return matcher


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def assistant(tmp_path: Path, clock: FixedClock) -> Iterator[Assistant]:
    with Assistant(Paths.resolve(str(tmp_path / "home")), clock=clock, rng=random.Random(7)) as a:
        yield a


@pytest.fixture
def recorder(assistant: Assistant) -> Recorder:
    recorder = Recorder()
    assistant.bus.subscribe(recorder)
    return recorder


def run_cli(
    *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m assistant`` as a user would, capturing its output."""
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        input=stdin,
        capture_output=True,
        timeout=300,  # generous: a busy machine, and speech models to load
        env=env,
        check=False,
    )

"""The window's tests run offscreen: a real Qt window that draws into memory."""

import gc
import os
from collections.abc import Iterator

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from assistant.runtime.assistant import Assistant  # noqa: E402 - the platform must be chosen first
from assistant.runtime.session import Session  # noqa: E402
from ui.collector import collect_on_gui_thread  # noqa: E402
from ui.settings import SettingsDialog  # noqa: E402
from ui.window import Window  # noqa: E402


@pytest.fixture(autouse=True)
def collect_on_main_thread(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Garbage from a test's widgets is collected here, never on a later worker thread."""
    collector = collect_on_gui_thread()
    yield
    collector.stop()


@pytest.fixture
def session(assistant: Assistant) -> Iterator[Session]:
    session = Session(assistant)
    session.start()
    yield session
    session.close()


@pytest.fixture
def window(session: Session, qtbot) -> Iterator[Window]:  # type: ignore[no-untyped-def]
    window = Window(session, SettingsDialog)
    qtbot.addWidget(window)
    window.show()
    yield window
    window.close()
    session.close()
    gc.collect()

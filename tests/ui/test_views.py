"""The views beside the conversation, clicked as a user would: cancel a reminder from its list,
forget a fact from the memory view, read a mail from the mail view. Each click is checked in the
database and in the event stream (it went through the conversation, as if said)."""

import os
import shutil
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt

from assistant.events import ActionDone, ActionPlanned, Event, Transcript
from assistant.mail.accounts import parse_account
from assistant.memory.reminders import ALARM, REMINDER
from harness.mailservers import MAIL_FIXTURES
from tests.conftest import FIXED_NOW
from ui.views import View
from ui.window import Window

SHOTS = os.environ.get("WINDOW_TEST_SHOTS")
CLICK = Qt.MouseButton.LeftButton


def _heard(window: Window) -> list[Event]:
    seen: list[Event] = []
    window.assistant.bus.subscribe(seen.append)
    return seen


def _open(qtbot, window: Window, view: View) -> None:  # type: ignore[no-untyped-def]
    before = view.loaded
    qtbot.mouseClick(window.view_buttons[view], CLICK)
    qtbot.waitUntil(lambda: view.loaded > before, timeout=5000)
    assert window.open_view is view


def _shot(window: Window, name: str) -> None:
    if SHOTS:
        window.grab().save(str(Path(SHOTS) / f"{name}.png"))


def test_a_reminder_is_cancelled_from_its_list(qtbot, window: Window) -> None:
    reminders = window.assistant.memory.reminders
    reminders.add(REMINDER, "call Mum", FIXED_NOW + timedelta(hours=2), FIXED_NOW, None)
    reminders.add(ALARM, "wake up", FIXED_NOW + timedelta(hours=15), FIXED_NOW, None)
    seen = _heard(window)
    _open(qtbot, window, window.reminders)
    rows = window.reminders.rows
    assert [row.label.text() for row in rows] == [
        "To call Mum today at 6:05 in the evening",
        "An alarm tomorrow at 7:05 in the morning",
    ]
    _shot(window, "view-reminders")
    qtbot.mouseClick(rows[0].buttons["Cancel"], CLICK)
    left = ["An alarm tomorrow at 7:05 in the morning"]
    qtbot.waitUntil(
        lambda: [row.label.text() for row in window.reminders.rows] == left, timeout=5000
    )
    assert [r.task for r in reminders.pending()] == ["wake up"]
    heard = [e.text for e in seen if isinstance(e, Transcript)]
    assert heard == ["cancel the reminder to call Mum"]
    assert any(isinstance(e, ActionDone) and e.action == "reminder.cancel" for e in seen)


def test_a_fact_is_forgotten_from_the_memory_view_with_a_click_and_a_yes(
    qtbot, window: Window
) -> None:
    window.session.say("my sister's name is Anna")
    facts = window.assistant.memory.facts
    qtbot.waitUntil(lambda: bool(facts.all()), timeout=5000)
    seen = _heard(window)
    _open(qtbot, window, window.memory)
    shown = [row.label.text() for row in window.memory.rows]
    assert shown == ["Your sister's name is Anna.", "Anna (sister)"]
    qtbot.mouseClick(window.memory.rows[0].buttons["Forget"], CLICK)
    qtbot.waitUntil(window.plan.isVisible, timeout=5000)
    _shot(window, "view-memory-forget")
    assert facts.all() != []
    qtbot.mouseClick(window.plan.yes, CLICK)
    qtbot.waitUntil(lambda: facts.all() == [], timeout=5000)
    planned = [e for e in seen if isinstance(e, ActionPlanned)]
    assert [e.action for e in planned] == ["memory.forget"]
    # The view is read again after the forgetting is done and again when the turn ends; a
    # read under way when the facts went may still show them, so wait for the last.
    qtbot.waitUntil(lambda: [row.label.text() for row in window.memory.rows] == [], timeout=5000)


def test_a_mail_is_read_in_full_from_the_mail_view(qtbot, window: Window, tmp_path: Path) -> None:
    box = tmp_path / "Mail"
    for sub in ("new", "cur", "tmp"):
        (box / sub).mkdir(parents=True)
    for name in ("amy_lunch.eml", "newsletter_garden.eml"):
        shutil.copy(MAIL_FIXTURES / name, box / "new" / name.replace(".", "_"))
    mail = window.assistant.mail
    mail.add_account(parse_account("local", f"maildir:{box}"))
    mail.check()
    _open(qtbot, window, window.mail)
    rows = window.mail.rows
    amy = next(row for row in rows if "Amy Pond" in row.label.text())
    assert amy.label.font().bold()
    assert window.mail.title.text() == "Mail · 2 unread"
    _shot(window, "view-mail")
    qtbot.mouseClick(amy.buttons["Read"], CLICK)
    qtbot.waitUntil(lambda: window.mail.pages.currentIndex() == 1, timeout=5000)
    assert "Lunch" in window.mail.letter.toPlainText()
    _shot(window, "view-mail-letter")
    assert not [m for m in mail.inbox() if "Amy" in m.sender_name and m.unread]
    loaded = window.mail.loaded
    qtbot.mouseClick(window.mail.back, CLICK)
    qtbot.waitUntil(lambda: window.mail.loaded > loaded, timeout=5000)
    amy = next(row for row in window.mail.rows if "Amy Pond" in row.label.text())
    assert not amy.label.font().bold()
    assert window.mail.title.text() == "Mail · 1 unread"


def test_a_view_opens_and_closes_with_its_button(qtbot, window: Window) -> None:
    width = window.width()
    _open(qtbot, window, window.memory)
    assert window.memory.note.text().startswith("Nothing yet")
    qtbot.mouseClick(window.view_buttons[window.memory], CLICK)
    assert window.open_view is None
    assert window.width() == width

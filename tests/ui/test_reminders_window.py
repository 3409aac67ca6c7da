"""Reminders in the window: typed, read back, and cancelled with the plan's yes button.

An alarm said when due takes the timer's speaking-first path, tested in test_window.py (and its
ring in tests/test_reminders.py)."""

from PySide6.QtCore import Qt

from ui.window import Window


def _say(qtbot, window: Window, text: str) -> str:  # type: ignore[no-untyped-def]
    """Type ``text``; the assistant's reply to it, as shown."""
    before = len(window.transcript_lines())
    qtbot.keyClicks(window.entry, text)
    qtbot.keyClick(window.entry, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(window.transcript_lines()) >= before + 2, timeout=5000)
    return window.transcript_lines()[before + 1]


def test_a_reminder_is_read_back_and_all_are_cancelled_with_the_yes_button(
    qtbot, window: Window
) -> None:
    name = window.assistant.identity.name
    # FIXED_NOW is a Saturday: Thursday is the 26th.
    assert _say(qtbot, window, "remind me to take the bins out on Thursday at 8") == (
        f"{name}: Okay. I'll remind you to take the bins out on Thursday the 26th at 8:00 in "
        "the morning."
    )
    _say(qtbot, window, "wake me up at 7")
    _say(qtbot, window, "delete all my reminders")
    qtbot.waitUntil(window.plan.isVisible, timeout=5000)
    assert window.plan.summary.text().startswith("I'd cancel 2 reminders")
    assert window.plan.steps.count() == 2
    qtbot.mouseClick(window.plan.yes, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.assistant.memory.reminders.pending(), timeout=5000)


def test_a_time_typed_next_corrects_the_reminder_with_the_yes_button(qtbot, window: Window) -> None:
    _say(qtbot, window, "remind me to call mum tomorrow")
    name = window.assistant.identity.name
    assert _say(qtbot, window, "no make it 5 instead") == (
        f"{name}: Shall I move the reminder to call mum to tomorrow at 5:00 in the afternoon?"
    )
    qtbot.waitUntil(window.plan.isVisible, timeout=5000)
    qtbot.mouseClick(window.plan.yes, Qt.MouseButton.LeftButton)
    reminders = window.assistant.memory.reminders
    qtbot.waitUntil(lambda: reminders.pending()[0].due.hour == 17, timeout=5000)

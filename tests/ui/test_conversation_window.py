"""Conversation in the window, typed: a name said in small letters asked about and kept with the
plan's yes button, a name said in passing with news answered back, a line listened to, the
time left on a timer, two pets of one kind, an everyday line, and a worry asked back."""

from PySide6.QtCore import Qt

from ui.window import Window


def _say(qtbot, window: Window, text: str) -> str:  # type: ignore[no-untyped-def]
    """Type ``text``; the assistant's reply to it, as shown (without the name in front)."""
    before = len(window.transcript_lines())
    qtbot.keyClicks(window.entry, text)
    qtbot.keyClick(window.entry, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(window.transcript_lines()) >= before + 2, timeout=5000)
    return window.transcript_lines()[before + 1].split(": ", 1)[1]


def test_a_name_in_small_letters_is_kept_with_the_yes_button(qtbot, window: Window) -> None:
    assert _say(qtbot, window, "hi im sam") == "Shall I remember that your name is Sam?"
    qtbot.waitUntil(window.plan.isVisible, timeout=5000)
    qtbot.mouseClick(window.plan.yes, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _said(window, "Nice to meet you, Sam."), timeout=5000)
    assert _say(qtbot, window, "whats my name") == "You're Sam."


def test_news_with_a_name_in_passing_is_answered_in_kind_and_the_name_kept(
    qtbot, window: Window
) -> None:
    reply = _say(qtbot, window, "my wife jean passed away two years ago")
    assert "Jean" not in reply
    assert _say(qtbot, window, "what was my wifes name") == "Your wife's name is Jean."
    listened = _say(qtbot, window, "my manager said my work is not good enough")
    assert "didn't understand" not in listened
    assert not window.plan.isVisible()


def test_the_time_left_on_a_timer_is_told(qtbot, window: Window) -> None:
    assert _say(qtbot, window, "set a timer called pasta for 10 minutes") == (
        "Your pasta timer is set for 10 minutes."
    )
    assert _say(qtbot, window, "how long is left on the timer") == (
        "The pasta timer has 10 minutes left."
    )


def test_two_cats_an_everyday_line_and_a_worry_asked_back(qtbot, window: Window) -> None:
    assert _say(qtbot, window, "i have two cats milo and luna") == (
        "Got it. Your cats are called Milo and Luna."
    )
    assert _say(qtbot, window, "whats my cats name") == "Your cats are called Milo and Luna."
    everyday = _say(qtbot, window, "me and my dad went to the tip with the old bed")
    assert "sorry" not in everyday.casefold()
    assert "congratulations" not in everyday.casefold()
    _say(qtbot, window, "im worried about Leo, hes not sleeping")
    assert _say(qtbot, window, "what was i worried about today").endswith(
        "you were worried about Leo."
    )


def test_a_slip_in_a_relation_a_yes_to_a_reminder_and_a_correction(qtbot, window: Window) -> None:
    assert _say(qtbot, window, "my huband dev works at the hospital").startswith("Got it.")
    assert _say(qtbot, window, "where does dev work") == "Dev works at the hospital."
    assert _say(qtbot, window, "remind me to ring the vet at 5pm").startswith("Okay.")
    assert "nothing waiting" not in _say(qtbot, window, "yes")
    assert _say(qtbot, window, "and to get stamps on friday").startswith(
        "Okay. I'll remind you to get stamps"
    )
    assert _say(qtbot, window, "when is my next reminder").startswith("Your next reminder")
    assert _say(qtbot, window, "make it 6pm instead").startswith("Shall I move")
    assert window.plan.isVisible()


def _said(window: Window, words: str) -> bool:
    """Whether the last line shown holds ``words``."""
    lines = window.transcript_lines()
    return bool(lines) and words in lines[-1]

"""The conversation in the window: it fills the height, wraps, survives a restart, greets, and
captions live speech."""

import os
from datetime import timedelta
from pathlib import Path

from assistant.events import ActionPlanned, PartialTranscript, Transcript, TurnEnded
from assistant.memory.reminders import ALARM, REMINDER
from assistant.runtime.assistant import Assistant
from assistant.runtime.session import Session
from tests.conftest import FIXED_NOW
from ui.settings import SettingsDialog
from ui.transcript import KEPT_LINES
from ui.transcript import Transcript as TranscriptView
from ui.window import PLACEHOLDER, Window

SHOTS = os.environ.get("WINDOW_TEST_SHOTS")
"""A folder to save what each test saw (unset: no pictures)."""
SHORT = "Okay."
LONG = (
    "Here is everything I found in the letter from the council about the bins, the parking "
    "permit and the new recycling days, which start on the first Monday of next month. "
)
UNBROKEN = "https://example.org/" + "a-very-long-path-without-spaces/" * 8


def _remember_turns(assistant: Assistant, count: int) -> None:
    texts = [SHORT, LONG * 3, UNBROKEN, "what's on today"]
    for number in range(count):
        speaker = "user" if number % 2 == 0 else "assistant"
        assistant.store.log_turn("before", speaker, f"{number}: {texts[number % len(texts)]}")


def _open(qtbot, assistant: Assistant) -> Window:  # type: ignore[no-untyped-def]
    session = Session(assistant)
    window = Window(session, SettingsDialog)
    qtbot.addWidget(window)
    window.show()
    session.start()
    return window


def _shot(window: Window, name: str) -> None:
    if SHOTS:
        window.grab().save(str(Path(SHOTS) / f"{name}.png"))


def test_forty_turns_and_a_plan_wrap_and_the_last_turn_shows_whole(
    qtbot, assistant: Assistant
) -> None:
    _remember_turns(assistant, 40)
    window = _open(qtbot, assistant)
    try:
        qtbot.waitUntil(lambda: len(window.transcript_lines()) == 41, timeout=5000)
        steps = tuple(f"report-{n}.pdf → PDFs/report-{n}.pdf" for n in range(30))
        plan = ActionPlanned(
            1, "files.organise", "I'd sort 30 files into 1 folder. Shall I?", steps
        )
        assistant.emitter.emit(plan)
        qtbot.waitUntil(window.plan.isVisible, timeout=2000)
        qtbot.wait(50)
        _shot(window, "transcript-with-plan")
        view = window.transcript
        assert not view.horizontalScrollBar().isVisible()
        assert view.document().idealWidth() <= view.viewport().width()
        assert view.viewport().height() >= 4 * view.fontMetrics().lineSpacing() * 2
        assert view.last_line_visible()
        assert window.transcript_lines()[0] == f"You: 0: {SHORT}"
    finally:
        window.close()
        window.session.close()


def test_it_greets_by_name_with_what_is_due_today(qtbot, assistant: Assistant) -> None:
    assistant.memory.reminders.add(
        REMINDER, "call Mum", FIXED_NOW + timedelta(hours=2), FIXED_NOW, None
    )
    assistant.memory.reminders.add(ALARM, "wake up", FIXED_NOW + timedelta(days=1), FIXED_NOW, None)
    window = _open(qtbot, assistant)
    window.session.say("my name is Sam")
    name = assistant.identity.name
    qtbot.waitUntil(lambda: len(window.transcript_lines()) == 2, timeout=5000)
    window.close()
    window.session.close()
    again = _open(qtbot, assistant)
    try:
        greeting = (
            f"{name}: Good afternoon, Sam. Coming up today: a reminder to call Mum at "
            "6:05 in the evening."
        )
        qtbot.waitUntil(lambda: greeting in again.transcript_lines(), timeout=5000)
        assert again.transcript_lines()[0] == "You: my name is Sam"
        assert again.transcript_lines()[2:] == [greeting]
    finally:
        again.close()
        again.session.close()


def test_a_first_run_opens_with_no_greeting_and_no_history(qtbot, window: Window) -> None:
    qtbot.wait(200)
    assert window.background.pending == 0
    assert window.transcript_lines() == []


def test_live_captions_show_partial_words_then_the_final_words(qtbot, window: Window) -> None:
    emit = window.assistant.emitter.emit
    emit(PartialTranscript(5, "remind me"))
    qtbot.waitUntil(lambda: window.transcript.caption == "remind me", timeout=2000)
    assert "remind me…" in window.transcript.toPlainText()
    emit(PartialTranscript(5, "remind me to call"))
    qtbot.waitUntil(lambda: window.transcript.caption == "remind me to call", timeout=2000)
    _shot(window, "live-caption")
    emit(Transcript(5, "remind me to call Amy"))
    qtbot.waitUntil(lambda: window.transcript.caption == "", timeout=2000)
    assert window.transcript_lines()[-1] == "You: remind me to call Amy"
    assert "…" not in window.transcript.toPlainText()
    emit(PartialTranscript(6, "hmm"))
    emit(TurnEnded(6))
    qtbot.waitUntil(lambda: "hmm" not in window.transcript.toPlainText(), timeout=2000)


def test_the_placeholder_is_not_cut_off(qtbot, window: Window) -> None:
    entry = window.entry
    assert entry.placeholderText() == PLACEHOLDER
    needed = entry.fontMetrics().horizontalAdvance(PLACEHOLDER)
    assert entry.width() > needed


def test_the_oldest_lines_scroll_away_past_the_kept_number(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = TranscriptView()
    qtbot.addWidget(view)
    view.add_earlier([("You", f"earlier {n}") for n in range(KEPT_LINES - 2)])
    view.show_caption("and the")
    for number in range(5):
        view.add("Robin", f"reply {number}")
    assert len(view.lines) == KEPT_LINES
    assert view.document().blockCount() == KEPT_LINES
    assert view.lines[0] == "You: earlier 3"
    assert view.toPlainText().endswith("Robin\nreply 4")
    assert "and the" not in view.toPlainText()

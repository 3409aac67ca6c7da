"""The window, driven through the core: typed turns, bus events, the settings, errors."""

import random
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from assistant.audio.sinks import WavSink
from assistant.audio.sources import WavSource
from assistant.config import Paths
from assistant.errors import INTERNAL_ERROR_MESSAGE
from assistant.events import (
    ActionDone,
    AssistantState,
    Failed,
    SpeakingFinished,
    SpeakingStarted,
    SpeechStarted,
    TurnEnded,
    TurnStarted,
)
from assistant.files.journal import UNDO_HINT
from assistant.runtime.assistant import Assistant
from assistant.runtime.session import Session
from assistant.runtime.voice import Voice
from assistant.spoken import spoken_time
from assistant.tts.pyttsx3 import Pyttsx3Synthesiser
from harness.folders import fill
from tests.conftest import FIXED_NOW, FixedClock
from ui.app import Tray, greet
from ui.settings import SettingsDialog
from ui.theme import SHAPE, TEXT_ON, contrast_ratio
from ui.window import Window

FIXTURES = Path(__file__).parent.parent / "fixtures" / "audio"


def _type(qtbot, window: Window, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(window.entry, text)
    qtbot.keyClick(window.entry, Qt.Key.Key_Return)


def test_a_typed_turn_shows_the_words_and_the_reply(qtbot, window: Window) -> None:
    _type(qtbot, window, "what time is it")
    reply = f"{window.assistant.identity.name}: It's {spoken_time(FIXED_NOW)}."
    qtbot.waitUntil(lambda: reply in window.transcript_lines(), timeout=5000)
    assert window.transcript_lines()[-2:] == ["You: what time is it", reply]
    assert window.entry.text() == ""


def test_bus_events_move_the_shape_through_every_state(qtbot, window: Window) -> None:
    emit = window.assistant.emitter.emit
    steps = [
        (TurnStarted(1, "audio"), AssistantState.THINKING),
        (SpeechStarted(1, 0.0), AssistantState.LISTENING),
        (SpeakingStarted(1, "Hello."), AssistantState.SPEAKING),
        (SpeakingFinished(1, False), AssistantState.IDLE),
        (ActionDone(1, "system.sleep", "stopped listening"), AssistantState.IDLE),
        (TurnEnded(1), AssistantState.ASLEEP),
        (TurnStarted(2, "text"), AssistantState.THINKING),
        (Failed(2, "skill", "boom", "That didn't work."), AssistantState.ERROR),
    ]
    seen = []
    for event, expected in steps:
        emit(event)
        qtbot.waitUntil(lambda expected=expected: window.shape_state is expected, timeout=2000)
        seen.append(window.shape_state)
        assert window.orb.animating is SHAPE[expected].animated
        assert window.caption.text() == SHAPE[expected].caption
    assert set(seen) == set(AssistantState)


@pytest.mark.audio
def test_a_spoken_turn_from_a_wav_plays_out_in_the_window(
    qtbot, assistant: Assistant, tmp_path: Path
) -> None:
    voice = Voice(assistant.emitter, Pyttsx3Synthesiser(), WavSink(tmp_path / "reply.wav"))
    session = Session(assistant, voice=voice)
    window = Window(session)
    qtbot.addWidget(window)
    shown: list[AssistantState] = []
    window.bridge.arrived.connect(lambda _event: shown.append(window.shape_state))
    session.start()
    try:
        session.hear(WavSource(FIXTURES / "cmd_what_time_is_it.wav"))
        reply = f"{assistant.identity.name}: It's {spoken_time(FIXED_NOW)}."
        # Generous: the speech models load on first use, and the machine may be busy.
        qtbot.waitUntil(lambda: reply in window.transcript_lines(), timeout=120000)
        qtbot.waitUntil(lambda: window.shape_state is AssistantState.IDLE, timeout=20000)
    finally:
        session.close()
        voice.synthesiser.close()
    assert "You: what time is it" in window.transcript_lines()
    listening_then_speaking = [AssistantState.LISTENING, AssistantState.SPEAKING]
    assert [s for s in dict.fromkeys(shown) if s in listening_then_speaking] == (
        listening_then_speaking
    )


def test_an_error_shows_a_plain_sentence(qtbot, window: Window) -> None:
    _type(qtbot, window, "x" * 3000)
    qtbot.waitUntil(window.error.isVisible, timeout=5000)
    assert window.shape_state is AssistantState.ERROR
    assert window.error.text().startswith("That's more than I can take in")
    window.assistant.emitter.emit(Failed(9, "internal", "internal-error", INTERNAL_ERROR_MESSAGE))
    qtbot.waitUntil(lambda: window.error.text() == INTERNAL_ERROR_MESSAGE, timeout=2000)
    assert "Traceback" not in " ".join(window.transcript_lines())


def test_push_to_talk_without_a_microphone_says_so(qtbot, window: Window) -> None:
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window.entry, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.error.isVisible, timeout=5000)
    assert "no microphone" in window.error.text()


def test_the_asleep_button_puts_it_to_sleep(qtbot, window: Window) -> None:
    qtbot.mouseClick(window.asleep, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.shape_state is AssistantState.ASLEEP, timeout=5000)
    assert window.asleep.isChecked()
    assert window.assistant.emitter.view.asleep


def test_settings_apply_at_once_and_persist_across_a_restart(
    qtbot, window: Window, tmp_path: Path
) -> None:
    dialog = SettingsDialog(window, window.session, window.background)
    qtbot.addWidget(dialog)
    dialog.change(voice="gmw/en-GB-scotland", rate=170, output_device="headset")
    dialog.change(input_device="2", close_to_tray=True, push_to_talk_key="Ctrl+T")
    dialog.allow_folder(str(tmp_path))
    dialog.rename("Samantha")
    qtbot.waitUntil(lambda: window.assistant.identity.name == "Samantha", timeout=5000)
    qtbot.waitUntil(lambda: window.background.pending == 0, timeout=5000)
    qtbot.waitUntil(lambda: window.name.text() == "Samantha", timeout=5000)  # told by the bus
    qtbot.waitUntil(lambda: window.talk_key.key().toString() == "Ctrl+T", timeout=5000)
    before = window.assistant.settings
    paths = Paths.resolve(str(window.assistant.paths.data_dir))
    with Assistant(paths, clock=FixedClock()) as again:
        assert again.settings == before
        assert again.identity.name == "Samantha"
        reopened = Window(Session(again))
        qtbot.addWidget(reopened)
        shown = SettingsDialog(reopened, reopened.session, reopened.background)
        qtbot.addWidget(shown)
        assert shown.voice.currentData() == "gmw/en-GB-scotland"
        assert shown.rate.value() == 170
        assert shown.output_device.currentData() == "headset"
        assert shown.close_to_tray.isChecked()
        assert shown.folders_in_effect()[-1] == str(tmp_path)


def test_a_name_that_is_not_a_name_is_refused_in_the_settings(qtbot, window: Window) -> None:
    dialog = SettingsDialog(window, window.session, window.background)
    qtbot.addWidget(dialog)
    before = window.assistant.identity.name
    dialog.rename("x" * 500)
    assert window.assistant.identity.name == before
    assert dialog.name_note.text() == "A name is one to three words of letters."


def test_the_tray_shows_and_hides_the_window(qtbot, window: Window) -> None:
    tray = Tray(window)
    assert window.isVisible()
    tray.toggle_window()
    assert not window.isVisible()
    tray.toggle_window()
    assert window.isVisible()


@pytest.mark.parametrize("background", TEXT_ON)
def test_every_text_colour_meets_wcag_aa(background: str) -> None:
    ratios = {fg: round(contrast_ratio(fg, background), 2) for fg in TEXT_ON[background]}
    assert all(r >= 4.5 for r in ratios.values()), ratios


def test_the_rng_does_not_matter_to_the_window(qtbot, tmp_path: Path) -> None:
    with Assistant(Paths.resolve(str(tmp_path)), rng=random.Random(1)) as assistant:
        window = Window(Session(assistant))
        qtbot.addWidget(window)
        assert window.name.text() == assistant.identity.name == window.windowTitle()


def test_an_organise_plan_shows_yes_and_no_and_yes_applies_it(
    qtbot, window: Window, tmp_path: Path
) -> None:
    folder = tmp_path / "Downloads"
    fill(folder, ["a.pdf", "b.pdf", "c.jpg", "notes.txt"])
    window.assistant.change_settings(allowed_folders=(str(folder),))
    _type(qtbot, window, "organise my downloads folder")
    qtbot.waitUntil(window.plan.isVisible, timeout=5000)
    assert window.plan.summary.text().startswith("I'd sort 4 files in Downloads into 3 folders")
    shown = [window.plan.steps.item(i).text() for i in range(window.plan.steps.count())]
    assert "a.pdf → PDFs/a.pdf" in shown
    assert window.plan.yes.isVisible()
    assert window.plan.no.isVisible()
    assert (folder / "a.pdf").exists()
    qtbot.mouseClick(window.plan.yes, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (folder / "PDFs" / "a.pdf").exists(), timeout=5000)
    qtbot.waitUntil(lambda: not window.plan.isVisible(), timeout=5000)
    # The plan hides on action_done; the reply is published just after it, by the worker.
    done = "Done: 4 files moved. " + UNDO_HINT
    qtbot.waitUntil(lambda: window.transcript_lines()[-1].endswith(done), timeout=5000)
    assert window.transcript_lines()[-1].endswith(done)


def test_no_in_the_window_leaves_the_files_alone(qtbot, window: Window, tmp_path: Path) -> None:
    folder = tmp_path / "Downloads"
    fill(folder, ["a.pdf"])
    window.assistant.change_settings(allowed_folders=(str(folder),))
    _type(qtbot, window, "organise my downloads folder")
    qtbot.waitUntil(window.plan.isVisible, timeout=5000)
    qtbot.mouseClick(window.plan.no, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.plan.isVisible(), timeout=5000)
    assert (folder / "a.pdf").exists()
    assert not (folder / "PDFs").exists()


def test_a_plan_left_unanswered_lapses_in_the_window_too(
    qtbot, window: Window, tmp_path: Path
) -> None:
    folder = tmp_path / "Downloads"
    fill(folder, ["a.pdf"])
    window.assistant.change_settings(allowed_folders=(str(folder),))
    _type(qtbot, window, "organise my downloads folder")
    qtbot.waitUntil(window.plan.isVisible, timeout=5000)
    _type(qtbot, window, "what time is it")
    qtbot.waitUntil(lambda: not window.plan.isVisible(), timeout=5000)
    assert (folder / "a.pdf").exists()


@pytest.mark.parametrize(
    ("said", "set", "done"),
    [
        (
            "set a timer for ten minutes",
            "Timer set for 10 minutes.",
            "Time's up: your timer for 10 minutes is done.",
        ),
        (
            "set a pasta timer for ten minutes",
            "Your pasta timer is set for 10 minutes.",
            "Time's up: your pasta timer is done.",
        ),
    ],
)
def test_a_timer_that_is_done_is_spoken_first_and_shown(  # noqa: PLR0913 - fixtures and a case
    qtbot, window: Window, clock: FixedClock, said: str, set: str, done: str
) -> None:
    _type(qtbot, window, said)
    name = window.assistant.identity.name
    qtbot.waitUntil(lambda: f"{name}: {set}" in window.transcript_lines())
    clock.moment = FIXED_NOW + timedelta(minutes=10)
    done = f"{name}: {done}"
    qtbot.waitUntil(lambda: done in window.transcript_lines(), timeout=5000)
    assert window.transcript_lines().count(done) == 1


def test_a_reminder_missed_while_off_is_told_when_the_window_opens(qtbot, tmp_path: Path) -> None:
    clock = FixedClock(FIXED_NOW.replace(hour=16))
    paths = Paths.resolve(str(tmp_path / "home"))
    with Assistant(paths, clock=clock) as assistant:
        assistant.conversation().run_text("remind me to call my sister at five")
    clock.moment = FIXED_NOW.replace(hour=18)
    with Assistant(paths, clock=clock) as assistant:
        session = Session(assistant)
        window = Window(session)
        qtbot.addWidget(window)
        greet(window)
        session.start()
        try:
            missed = (
                "While I was off, you had a reminder to call your sister at 5:00 in the afternoon."
            )
            qtbot.waitUntil(
                lambda: f"{assistant.identity.name}: {missed}" in window.transcript_lines(),
                timeout=5000,
            )
        finally:
            session.close()

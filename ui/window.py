"""The window: the shape, a quiet transcript, plans to confirm, and a place to type."""

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QCloseEvent,
    QKeySequence,
    QLinearGradient,
    QPainter,
    QPaintEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assistant.events import (
    ActionDone,
    ActionPlanned,
    AssistantState,
    Event,
    Failed,
    IntentRecognised,
    NotUnderstood,
    PartialTranscript,
    Progress,
    Reply,
    StateChanged,
    Transcript,
    TurnStarted,
)
from assistant.runtime.session import Session
from ui.bridge import Bridge
from ui.collector import collect_on_gui_thread
from ui.orb import Orb
from ui.theme import AMBER, CORAL, SHAPE, STYLE_SHEET

PLAN_STEPS_SHOWN = 12
TRANSCRIPT_HEIGHT = 190
_STRETCH = {"orb": 3, "transcript": 1}
W = TypeVar("W", bound=QWidget)
REPEAT_INTENT = "system.repeat"
"""Saying "say that again" keeps a plan waiting; every other turn answers it or lets it lapse."""


def named(widget: W, name: str) -> W:
    """``widget``, named for the style sheet."""
    widget.setObjectName(name)
    return widget


class Field(QWidget):
    """The coral-to-amber background."""

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        gradient = QLinearGradient(0, 0, 0, self.height())
        gradient.setColorAt(0.0, CORAL)
        gradient.setColorAt(1.0, AMBER)
        painter = QPainter(self)
        painter.fillRect(self.rect(), gradient)
        painter.end()


class PlanPanel(QFrame):
    """A plan that waits for a yes: its summary, its steps, and Yes/No."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.setObjectName("plan")
        self.summary = QLabel(wordWrap=True)
        self.steps = QListWidget()
        self.steps.setMaximumHeight(140)
        self.yes = named(QPushButton("Yes"), "yes")
        self.no = QPushButton("No")
        self.yes.clicked.connect(lambda: session.say("yes"))
        self.no.clicked.connect(lambda: session.say("no"))
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.no)
        buttons.addWidget(self.yes)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.steps)
        layout.addLayout(buttons)
        self.hide()

    def show_plan(self, plan: ActionPlanned) -> None:
        """Show ``plan`` and its first steps."""
        self.summary.setText(plan.summary)
        self.steps.clear()
        self.steps.addItems(list(plan.steps[:PLAN_STEPS_SHOWN]))
        hidden = len(plan.steps) - PLAN_STEPS_SHOWN
        if hidden > 0:
            self.steps.addItem(f"... and {hidden} more")
        self.show()


class Window(QMainWindow):
    """The assistant's window. It reads the bus and calls the session; nothing else."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        collect_on_gui_thread()
        self.session = session
        self.assistant = session.assistant
        self.tray_keeps_running = False
        self.setWindowTitle(self.assistant.identity.name)
        self.setStyleSheet(STYLE_SHEET)
        self.resize(420, 640)
        self._build()
        self._bind_keys()
        self.bridge = Bridge(self.assistant.bus)
        self.bridge.arrived.connect(self.on_event)
        self.show_state(self.assistant.emitter.view.state)

    # What the user sees (also what the tests read).

    @property
    def shape_state(self) -> AssistantState:
        """The state the shape shows."""
        return self.orb.state

    def transcript_lines(self) -> list[str]:
        """The conversation as shown, oldest first."""
        return [self.transcript.item(i).text() for i in range(self.transcript.count())]

    # Building.

    def _build(self) -> None:
        field = Field()
        layout = QVBoxLayout(field)
        self.name = named(QLabel(self.assistant.identity.name), "name")
        self.name.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        levels = self.session.levels
        self.orb = named(Orb(lambda: levels.heard, lambda: levels.spoken), "orb")
        self.caption = named(QLabel(), "caption")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.partial = named(QLabel(wordWrap=True), "partial")
        self.partial.hide()
        self.error = named(QLabel(wordWrap=True), "error")
        self.error.hide()
        self.transcript = named(QListWidget(), "transcript")
        self.transcript.setWordWrap(True)
        self.transcript.setMaximumHeight(TRANSCRIPT_HEIGHT)
        self.transcript.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.plan = PlanPanel(self.session)
        self.progress = QProgressBar()
        self.progress.hide()
        shown: tuple[QWidget, ...] = (self.name, self.orb, self.caption, self.partial, self.error)
        for widget in (*shown, self.transcript, self.plan, self.progress):
            layout.addWidget(widget, stretch=_STRETCH.get(widget.objectName(), 0))
        layout.addLayout(self._controls())
        self.setCentralWidget(field)

    def _controls(self) -> QHBoxLayout:
        self.entry = QLineEdit(placeholderText="Type to me, or press Talk")
        self.entry.returnPressed.connect(self._send_typed)
        self.talk = QPushButton("Talk")
        self.talk.clicked.connect(self.push_to_talk)
        self.asleep = QPushButton("Asleep")
        self.asleep.setCheckable(True)
        self.asleep.clicked.connect(self._asleep_clicked)
        self.settings_button = QPushButton("Settings")
        self.settings_button.clicked.connect(self.open_settings)
        row = QHBoxLayout()
        row.addWidget(self.entry, stretch=1)
        for button in (self.talk, self.asleep, self.settings_button):
            row.addWidget(button)
        return row

    def _bind_keys(self) -> None:
        self.talk_key = QShortcut(QKeySequence(self.assistant.settings.push_to_talk_key), self)
        self.talk_key.activated.connect(self.push_to_talk)
        stop = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        stop.activated.connect(self.session.stop_speaking)

    def set_talk_key(self, key: str) -> None:
        """Use ``key`` (such as "Ctrl+Space") for push-to-talk."""
        self.talk_key.setKey(QKeySequence(key))

    # Actions.

    def _send_typed(self) -> None:
        text = self.entry.text()
        if text.strip():
            self.entry.clear()
            self.session.say(text)

    def push_to_talk(self) -> None:
        """Listen now (the button, the hotkey, or waking from asleep)."""
        self.session.push_to_talk()
        self.show_state(AssistantState.LISTENING)

    def _asleep_clicked(self, checked: bool) -> None:
        if checked:
            self.session.say("go to sleep")
        else:
            self.push_to_talk()

    def open_settings(self) -> None:
        """Show the settings panel."""
        from ui.settings import SettingsDialog  # noqa: PLC0415 - built only when asked for

        SettingsDialog(self).exec()

    # Events from the core.

    def on_event(self, event: Event) -> None:
        """Show one event from the bus."""
        handler = _HANDLERS.get(type(event))
        if handler is not None:
            handler(self, event)

    def show_state(self, state: AssistantState) -> None:
        """Move the shape (and its caption) to ``state``."""
        self.orb.show_state(state)
        if state is not AssistantState.LISTENING:
            self.partial.hide()
        self.caption.setText(SHAPE[state].caption)
        self.asleep.setChecked(state is AssistantState.ASLEEP)

    def _state_changed(self, event: StateChanged) -> None:
        self.show_state(event.state)

    def _turn_started(self, event: TurnStarted) -> None:
        self.error.hide()

    def _partial(self, event: PartialTranscript) -> None:
        self.partial.setText(event.text)
        self.partial.show()

    def _transcript(self, event: Transcript) -> None:
        self.partial.hide()
        if event.text:
            self.show_line("You", event.text)

    def _reply(self, event: Reply) -> None:
        self.show_line(self.assistant.identity.name, event.text)

    def _intent(self, event: IntentRecognised) -> None:
        """A yes or a no answers the plan; anything else but "say that again" lets it lapse
        (a new plan is shown again just after)."""
        if event.intent != REPEAT_INTENT:
            self.plan.hide()

    def _not_understood(self, event: NotUnderstood) -> None:
        self.plan.hide()

    def _planned(self, event: ActionPlanned) -> None:
        self.plan.show_plan(event)

    def _done(self, event: ActionDone) -> None:
        self.progress.hide()
        self.show_name(self.assistant.identity.name)

    def _progress(self, event: Progress) -> None:
        self.progress.setMaximum(max(event.total, 1))
        self.progress.setValue(event.done)
        self.progress.setVisible(event.done < event.total)

    def _failed(self, event: Failed) -> None:
        self.plan.hide()
        self.error.setText(event.message)
        self.error.show()
        self.show_line(self.assistant.identity.name, event.message)

    def show_line(self, who: str, text: str) -> None:
        """Add a line to the transcript: "Who: text"."""
        self.transcript.addItem(f"{who}: {text}")
        self.transcript.scrollToBottom()

    def show_name(self, name: str) -> None:
        """Show the assistant's name (after a rename)."""
        self.name.setText(name)
        self.setWindowTitle(name)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self.tray_keeps_running and self.assistant.settings.close_to_tray:
            event.ignore()
            self.hide()
            return
        self.bridge.close()
        event.accept()


_HANDLERS: dict[type, Callable[[Window, Any], None]] = {
    StateChanged: Window._state_changed,
    TurnStarted: Window._turn_started,
    PartialTranscript: Window._partial,
    Transcript: Window._transcript,
    Reply: Window._reply,
    IntentRecognised: Window._intent,
    NotUnderstood: Window._not_understood,
    ActionPlanned: Window._planned,
    ActionDone: Window._done,
    Progress: Window._progress,
    Failed: Window._failed,
}

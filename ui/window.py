"""The window: the shape, the conversation (with plans to confirm), and a place to type.

It opens with the recent conversation and a greeting (read off the GUI thread), and shows live
captions while the user speaks.
"""

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import (
    QCloseEvent,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
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
    NameChanged,
    NotUnderstood,
    PartialTranscript,
    Progress,
    Reply,
    SettingsChanged,
    StateChanged,
    Transcript,
    TurnEnded,
    TurnStarted,
)
from assistant.frontends.rooms.service import Rooms
from assistant.runtime.session import Session
from assistant.runtime.welcome import USER, Opening
from assistant.skills.conversation import plan_still_shown_after
from ui.background import Background
from ui.bridge import Bridge
from ui.collector import collect_on_gui_thread
from ui.orb import Orb
from ui.theme import SHAPE, STYLE_SHEET
from ui.transcript import YOU
from ui.transcript import Transcript as TranscriptView
from ui.views import MailView, MemoryView, RemindersView, View
from ui.widgets import Field, named

PLAN_STEPS_SHOWN = 12
PLAN_STEPS_HEIGHT = 110
ORB_SIZE = 120
PLACEHOLDER = "Type to me, or press Talk"
SIDE_WIDTH = 340
REFRESHED_AFTER = (ActionDone, TurnEnded)
"""Events after which an open view is read again (what it shows may have changed)."""
SettingsPanel = Callable[[QWidget, Session, Background], QDialog]
"""Builds the settings panel for the window (handed in by whoever assembles the window)."""


class PlanPanel(QFrame):
    """A plan that waits for a yes: its summary, its steps, and Yes/No."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.setObjectName("plan")
        self.summary = QLabel(wordWrap=True)
        self.steps = QListWidget()
        self.steps.setMaximumHeight(PLAN_STEPS_HEIGHT)
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

    def __init__(self, session: Session, settings_panel: SettingsPanel | None = None) -> None:
        super().__init__()
        collect_on_gui_thread()
        self.session = session
        self._settings_panel = settings_panel
        self.assistant = session.assistant
        self.companion = session.companion
        self.tray_keeps_running = False
        self.rooms: Rooms | None = None  # the rooms running (the settings panel may start them)
        self.setWindowTitle(self.companion.name)
        self.setStyleSheet(STYLE_SHEET)
        self.resize(560, 680)
        self.background = Background(self)
        self._build()
        self._bind_keys()
        self.bridge = Bridge(self.companion.bus)
        self.bridge.arrived.connect(self.on_event)
        self.show_state(self.companion.view.state)
        self._open_with_the_conversation_so_far()

    # What the user sees (also what the tests read).

    @property
    def shape_state(self) -> AssistantState:
        """The state the shape shows."""
        return self.orb.state

    def transcript_lines(self) -> list[str]:
        """The conversation as shown, oldest first."""
        return list(self.transcript.lines)

    # Building.

    def _build(self) -> None:
        field = Field()
        columns = QHBoxLayout(field)
        conversation = QVBoxLayout()
        columns.addLayout(conversation, stretch=1)
        columns.addWidget(self._side())
        self._conversation(conversation)
        self.setCentralWidget(field)

    def _side(self) -> QStackedWidget:
        """The views beside the conversation, one at a time, hidden until asked for."""
        self.reminders = RemindersView(self.session, self.background)
        self.mail = MailView(self.session, self.background)
        self.memory = MemoryView(self.session, self.background)
        self.side = QStackedWidget()
        self.side.setFixedWidth(SIDE_WIDTH)
        for view in self.views:
            self.side.addWidget(view)
        self.side.hide()
        return self.side

    @property
    def views(self) -> tuple[View, ...]:
        """The views, in the order of their buttons."""
        return (self.reminders, self.mail, self.memory)

    def _conversation(self, layout: QVBoxLayout) -> None:
        layout.addLayout(self._header())
        self.error = named(QLabel(wordWrap=True), "error")
        self.error.hide()
        self.transcript = TranscriptView()
        self.plan = PlanPanel(self.session)
        self.progress = QProgressBar()
        self.progress.hide()
        layout.addWidget(self.transcript, stretch=1)
        for widget in (self.error, self.plan, self.progress):
            layout.addWidget(widget)
        layout.addLayout(self._controls())

    def _header(self) -> QHBoxLayout:
        """The shape, with the name and what it is doing beside it."""
        levels = self.session.levels
        self.orb = named(Orb(lambda: levels.heard, lambda: levels.spoken), "orb")
        self.orb.setMinimumSize(ORB_SIZE, ORB_SIZE)
        self.orb.setFixedSize(ORB_SIZE, ORB_SIZE)
        self.name = named(QLabel(self.companion.name), "name")
        self.caption = named(QLabel(), "caption")
        words = QVBoxLayout()
        words.addStretch()
        words.addWidget(self.name)
        words.addWidget(self.caption)
        words.addStretch()
        header = QHBoxLayout()
        header.addWidget(self.orb)
        header.addLayout(words, stretch=1)
        self.view_buttons: dict[View, QPushButton] = {}
        for label, view in zip(("Reminders", "Mail", "About you"), self.views, strict=True):
            button = QPushButton(label)
            button.setCheckable(True)
            button.clicked.connect(lambda _on, view=view: self.toggle_view(view))
            header.addWidget(button, alignment=Qt.AlignmentFlag.AlignTop)
            self.view_buttons[view] = button
        return header

    def toggle_view(self, view: View) -> None:
        """Show ``view`` beside the conversation (read afresh), or hide it if it is shown."""
        showing = self.side.isVisible() and self.side.currentWidget() is view
        for other, button in self.view_buttons.items():
            button.setChecked(other is view and not showing)
        if showing:
            self.side.hide()
            _settle_layouts(self, self.centralWidget())
            self.resize(self.width() - SIDE_WIDTH, self.height())
            return
        if not self.side.isVisible():
            self.resize(self.width() + SIDE_WIDTH, self.height())
        self.side.setCurrentWidget(view)
        self.side.show()
        view.refresh()

    @property
    def open_view(self) -> View | None:
        """The view shown beside the conversation, if any."""
        shown = self.side.currentWidget() if self.side.isVisible() else None
        return shown if isinstance(shown, View) else None

    def _controls(self) -> QHBoxLayout:
        self.entry = QLineEdit(placeholderText=PLACEHOLDER)
        self.entry.setMinimumWidth(self.entry.fontMetrics().horizontalAdvance(PLACEHOLDER) + 24)
        self.entry.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.entry.returnPressed.connect(self._send_typed)
        self.talk = QPushButton("Talk")
        self.talk.clicked.connect(self.push_to_talk)
        self.asleep = QPushButton("Asleep")
        self.asleep.setCheckable(True)
        self.asleep.clicked.connect(self._asleep_clicked)
        self.settings_button = QPushButton("Settings")
        self.settings_button.clicked.connect(self.open_settings)
        self.settings_button.setVisible(self._settings_panel is not None)
        row = QHBoxLayout()
        row.addWidget(self.entry, stretch=1)
        for button in (self.talk, self.asleep, self.settings_button):
            row.addWidget(button)
        return row

    def _bind_keys(self) -> None:
        self.talk_key = QShortcut(QKeySequence(self.companion.settings.push_to_talk_key), self)
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
        """Show the settings panel (when the window was given one)."""
        if self._settings_panel is not None:
            self.settings_panel = self._settings_panel(self, self.session, self.background)
            self.settings_panel.show()

    # What the window opens with.

    def _open_with_the_conversation_so_far(self) -> None:
        """Read the last turns and what is due today on the session's worker, before any turn
        or start-up notice it runs (so none is shown twice), then show them."""
        self.background.run(self.companion.opening, self._show_opening, on=self.session.run_soon)

    def _show_opening(self, shown: Opening) -> None:
        name = self.name.text()
        earlier = [(_who(speaker, name), text) for speaker, text in shown.earlier]
        self.transcript.add_earlier(earlier)
        if shown.greeting:
            self.transcript.add(name, shown.greeting)

    # Events from the core.

    def on_event(self, event: Event) -> None:
        """Show one event from the bus."""
        handler = _HANDLERS.get(type(event))
        if handler is not None:
            handler(self, event)
        if isinstance(event, REFRESHED_AFTER) and self.open_view is not None:
            self.open_view.refresh()

    def show_state(self, state: AssistantState) -> None:
        """Move the shape (and its caption) to ``state``."""
        self.orb.show_state(state)
        self.caption.setText(SHAPE[state].caption)
        self.asleep.setChecked(state is AssistantState.ASLEEP)

    def _state_changed(self, event: StateChanged) -> None:
        self.show_state(event.state)

    def _turn_started(self, event: TurnStarted) -> None:
        self.error.hide()

    def _partial(self, event: PartialTranscript) -> None:
        self.transcript.show_caption(event.text)

    def _transcript(self, event: Transcript) -> None:
        if event.text:
            self.show_line(YOU, event.text)
        else:
            self.transcript.clear_caption()

    def _turn_ended(self, event: TurnEnded) -> None:
        self.transcript.clear_caption()

    def _reply(self, event: Reply) -> None:
        self.show_line(self.name.text(), event.text)

    def _intent(self, event: IntentRecognised) -> None:
        """A yes or a no answers the plan; anything else but "say that again" lets it lapse
        (a new plan is shown again just after)."""
        if not plan_still_shown_after(event.intent):
            self.plan.hide()

    def _not_understood(self, event: NotUnderstood) -> None:
        self.plan.hide()

    def _planned(self, event: ActionPlanned) -> None:
        self.plan.show_plan(event)

    def _done(self, event: ActionDone) -> None:
        self.progress.hide()

    def _renamed(self, event: NameChanged) -> None:
        self.show_name(event.name)

    def _settings_changed(self, event: SettingsChanged) -> None:
        if "push_to_talk_key" in event.changed:
            self.set_talk_key(self.companion.settings.push_to_talk_key)

    def _progress(self, event: Progress) -> None:
        self.progress.setMaximum(max(event.total, 1))
        self.progress.setValue(event.done)
        self.progress.setVisible(event.done < event.total)

    def _failed(self, event: Failed) -> None:
        self.plan.hide()
        self.error.setText(event.message)
        self.error.show()
        self.show_line(self.name.text(), event.message)

    def show_line(self, who: str, text: str) -> None:
        """Add a line to the transcript: "Who: text"."""
        self.transcript.add(who, text)

    def show_name(self, name: str) -> None:
        """Show the assistant's name (after a rename)."""
        self.name.setText(name)
        self.setWindowTitle(name)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self.tray_keeps_running and self.companion.settings.close_to_tray:
            event.ignore()
            self.hide()
            return
        self.bridge.close()
        self.background.close()
        event.accept()


def _settle_layouts(*widgets: QWidget | None) -> None:
    """Recompute the layouts now (so a hidden panel's width no longer holds the window wide)."""
    for widget in widgets:
        layout = widget.layout() if widget is not None else None
        if layout is not None:
            layout.activate()
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def _who(speaker: str, name: str) -> str:
    """How a remembered turn's speaker is shown."""
    return YOU if speaker == USER else name


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
    NameChanged: Window._renamed,
    SettingsChanged: Window._settings_changed,
    Progress: Window._progress,
    Failed: Window._failed,
    TurnEnded: Window._turn_ended,
}

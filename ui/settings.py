"""The settings panel, in the window's own look: voice and hearing, name and keys, folders, mail
accounts, the rooms and the optional local model. Every change applies at once and is written to
``config.toml`` off the GUI thread; nothing waits for an OK.
"""

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from assistant.audio.devices import device_names
from assistant.errors import AssistantError
from assistant.files.roots import Roots, risk_of_allowing
from assistant.persona.identity import tidy_name
from assistant.runtime.session import Session
from assistant.tts import voice_options
from ui.background import Background
from ui.mail_accounts import MailAccounts
from ui.rooms_panel import RoomsPanel, holder_of
from ui.theme import STYLE_SHEET
from ui.widgets import Field, warned_yes
from ui.wyoming_server import ServerPanel

USUAL = ""
"""The stored value for "the system's default" device, voice or pace."""
PREVIEW = "Hello. This is how I sound at this pace."


class Section(QFrame):
    """A cream card with a title and a form of labelled controls."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.setObjectName("view")
        heading = QLabel(title)
        heading.setObjectName("viewTitle")
        self.form = QFormLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(self.form)

    def row(self, label: str, widget: QWidget) -> QWidget:
        """Add ``widget`` with ``label`` beside it."""
        self.form.addRow(label, widget)
        return widget


class SettingsDialog(QDialog):
    """Each control writes its setting as soon as it changes, off the GUI thread."""

    def __init__(self, parent: QWidget, session: Session, background: Background) -> None:
        super().__init__(parent)
        self.session = session
        self.assistant = session.assistant
        self.background = background
        self.setWindowTitle("Settings")
        self.setStyleSheet(STYLE_SHEET)
        self.resize(680, 760)
        self.name_note = QLabel(wordWrap=True)
        self.name_note.setObjectName("note")
        cards = QVBoxLayout()
        sections = (self._voice(), self._you(), self._folders(), self._mail(), self._rooms(parent))
        for section in (*sections, self._model()):
            cards.addWidget(section)
        inner = QWidget()
        inner.setObjectName("viewInner")
        inner.setLayout(cards)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(inner)
        field = Field()
        QVBoxLayout(field).addWidget(scroll)
        QVBoxLayout(self).addWidget(field)
        self.layout().setContentsMargins(0, 0, 0, 0)  # type: ignore[union-attr]

    # Sections.

    def _voice(self) -> Section:
        settings = self.assistant.settings
        section = Section("Voice and hearing")
        self.input_device = self._choice(
            _labelled(_devices("input")), settings.input_device, "input_device"
        )
        self.output_device = self._choice(
            _labelled(_devices("output")), settings.output_device, "output_device"
        )
        voices = [(option.label, option.voice) for option in voice_options()]
        self.voice = self._choice(voices, settings.voice, "voice")
        self.rate = self._rate(settings.rate)
        self.preview = QPushButton("Say something")
        self.preview.clicked.connect(lambda: self.session.preview_voice(PREVIEW))
        section.row("Microphone", self.input_device)
        section.row("Speaker or earpiece", self.output_device)
        section.row("Voice", self.voice)
        section.row("Pace", self.rate)
        section.row("", self.preview)
        return section

    def _you(self) -> Section:
        settings = self.assistant.settings
        section = Section("Name and keys")
        self.name = QLineEdit(self.assistant.identity.name)
        self.name.editingFinished.connect(lambda: self.rename(self.name.text()))
        self.talk_key = QKeySequenceEdit(settings.push_to_talk_key)
        self.talk_key.editingFinished.connect(self._talk_key_changed)
        self.name_first = self._check("Listen only when called by name (or after a question)")
        self.name_first.setChecked(settings.name_first)
        self.name_first.toggled.connect(lambda on: self.change(name_first=on))
        self.close_to_tray = self._check("Keep running in the tray when the window closes")
        self.close_to_tray.setChecked(settings.close_to_tray)
        self.close_to_tray.toggled.connect(lambda on: self.change(close_to_tray=on))
        section.row("My name", self.name)
        section.row("", self.name_note)
        section.row("Talk key", self.talk_key)
        section.row("", self.name_first)
        section.row("", self.close_to_tray)
        return section

    def _folders(self) -> Section:
        section = Section("Folders I may tidy")
        self.folders = QListWidget()
        self.folders.setMaximumHeight(150)
        self.folders.addItems([str(folder) for folder in self.assistant.files.roots.folders])
        add = QPushButton("Add…")
        add.clicked.connect(self._pick_folder)
        self.remove_folder = QPushButton("Remove")
        self.remove_folder.clicked.connect(self._remove_folder)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.remove_folder)
        buttons.addWidget(add)
        section.form.addRow(self.folders)
        section.form.addRow(buttons)
        return section

    def _mail(self) -> Section:
        section = Section("Mail accounts")
        self.mail = MailAccounts(self.assistant, self.background)
        section.form.addRow(self.mail)
        return section

    def _rooms(self, parent: QWidget) -> Section:
        section = Section("Rooms")
        holder = holder_of(parent)
        self.rooms = RoomsPanel(self.assistant, self.background, holder)
        self.server = ServerPanel(self.assistant, self.background, holder)
        section.form.addRow(self.rooms)
        section.form.addRow(self.server)
        return section

    def _model(self) -> Section:
        settings = self.assistant.settings
        section = Section("Local model (optional)")
        self.model_url = QLineEdit(settings.chat_model_url)
        self.model_url.setPlaceholderText("http://127.0.0.1:11434/v1 (none)")
        self.model_url.editingFinished.connect(
            lambda: self.change(chat_model_url=self.model_url.text().strip())
        )
        self.model_name = QLineEdit(settings.chat_model)
        self.model_name.setPlaceholderText("its default")
        self.model_name.editingFinished.connect(
            lambda: self.change(chat_model=self.model_name.text().strip())
        )
        self.model_knows_me = self._check("Tell it what I know about you")
        self.model_knows_me.setChecked(settings.chat_model_knows_me)
        self.model_knows_me.toggled.connect(lambda on: self.change(chat_model_knows_me=on))
        section.row("Server", self.model_url)
        section.row("Model", self.model_name)
        section.row("", self.model_knows_me)
        return section

    # Changing.

    def change(self, **changes: Any) -> None:
        """Apply and keep ``changes`` off the GUI thread; one that cannot be saved is said."""
        self.background.run(
            lambda: self.assistant.change_settings(**changes), None, self._not_saved
        )

    def _not_saved(self, error: AssistantError) -> None:
        self.name_note.setText(error.message)

    def rename(self, spoken: str) -> None:
        """Take a new name, if it is one; the worker thread stores it."""
        name = tidy_name(spoken)
        if name is None:
            self.name_note.setText("A name is one to three words of letters.")
            self.name.setText(self.assistant.identity.name)
            return
        self.name_note.setText("")
        self.session.run_soon(lambda: self.assistant.identity.rename(name))

    def _check(self, text: str) -> QCheckBox:
        return QCheckBox(text)

    def _choice(self, options: list[tuple[str, str]], current: str, setting: str) -> QComboBox:
        """A list of (label, setting value) pairs, with "Usual" first."""
        box = QComboBox(editable=True)
        box.addItem("Usual", USUAL)
        for label, value in options:
            box.addItem(label, value)
        index = box.findData(current)
        if index < 0:
            box.addItem(current, current)
            index = box.count() - 1
        box.setCurrentIndex(index)
        box.activated.connect(lambda i: self.change(**{setting: box.itemData(i)}))
        return box

    def _rate(self, current: int) -> QSpinBox:
        rate = QSpinBox(minimum=0, maximum=400, singleStep=10, suffix=" words a minute")
        rate.setSpecialValueText("Usual pace")
        rate.setValue(current)
        rate.editingFinished.connect(lambda: self.change(rate=rate.value()))
        return rate

    def _talk_key_changed(self) -> None:
        key = self.talk_key.keySequence().toString()
        if key:
            self.change(push_to_talk_key=key)

    # Folders.

    def folders_in_effect(self) -> list[str]:
        """The folders it may tidy now, as listed: those chosen, else the usual user folders."""
        return [self.folders.item(i).text() for i in range(self.folders.count())]

    def _pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "A folder I may tidy")
        if folder:
            self.allow_folder(folder)

    def allow_folder(self, folder: str) -> bool:
        """Add ``folder`` to the folders it may tidy (after a warning, for a risky one)."""
        risk = risk_of_allowing(Path(folder))
        if risk and not self.confirm_risk(risk):
            return False
        shown = self.folders_in_effect()
        if folder not in shown:
            self.change(allowed_folders=(*shown, folder))
            self.folders.addItem(folder)
        return True

    def confirm_risk(self, risk: str) -> bool:
        """Ask before allowing a risky folder; ``False`` leaves the folders as they are."""
        return warned_yes(self, "Allow this folder?", f"{risk}\n\nAllow it anyway?")

    def _remove_folder(self) -> None:
        item = self.folders.currentItem()
        kept = tuple(f for f in self.folders_in_effect() if item and f != item.text())
        if not item or len(kept) == self.folders.count():
            return
        self.change(allowed_folders=kept)
        self.folders.takeItem(self.folders.row(item))
        if not kept:
            self.folders.addItems([str(folder) for folder in Roots().folders])
            self.name_note.setText("With none chosen, I tidy your usual folders.")


def _labelled(names: list[str]) -> list[tuple[str, str]]:
    """Options shown as they are stored."""
    return [(name, name) for name in names]


def _devices(direction: str) -> list[str]:
    try:
        return device_names(direction)
    except AssistantError:
        return []

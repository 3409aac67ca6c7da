"""The settings panel: devices, voice, name, keys, folders and mail. Changes apply at once."""

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from assistant.audio.devices import device_names
from assistant.errors import AssistantError
from assistant.persona.identity import tidy_name
from assistant.tts import voice_options
from ui.theme import STYLE_SHEET

if TYPE_CHECKING:
    from ui.window import Window

USUAL = ""
"""The stored value for "the system's default" device, voice or pace."""


class SettingsDialog(QDialog):
    """Each control writes its setting as soon as it changes; nothing waits for an OK."""

    def __init__(self, window: "Window") -> None:
        super().__init__(window)
        self.window_ = window
        self.assistant = window.assistant
        self.setWindowTitle("Settings")
        self.setStyleSheet(STYLE_SHEET)
        settings = self.assistant.settings
        form = QFormLayout(self)
        self.name = QLineEdit(self.assistant.identity.name)
        self.name.editingFinished.connect(lambda: self.rename(self.name.text()))
        self.name_note = QLabel(wordWrap=True)
        self.input_device = self._choice(
            _labelled(_devices("input")), settings.input_device, "input_device"
        )
        self.output_device = self._choice(
            _labelled(_devices("output")), settings.output_device, "output_device"
        )
        voices = [(option.label, option.voice) for option in voice_options()]
        self.voice = self._choice(voices, settings.voice, "voice")
        self.rate = self._rate(settings.rate)
        self.talk_key = QKeySequenceEdit(settings.push_to_talk_key)
        self.talk_key.editingFinished.connect(self._talk_key_changed)
        self.name_first = QCheckBox("Listen only when called by name, or just after a question")
        self.name_first.setChecked(settings.name_first)
        self.name_first.toggled.connect(lambda on: self.change(name_first=on))
        self.close_to_tray = QCheckBox("Keep running in the tray when the window closes")
        self.close_to_tray.setChecked(settings.close_to_tray)
        self.close_to_tray.toggled.connect(lambda on: self.change(close_to_tray=on))
        self.mail_accounts = self._mail_accounts()
        for label, widget in (
            ("Name", self.name),
            ("", self.name_note),
            ("Microphone", self.input_device),
            ("Speaker or earpiece", self.output_device),
            ("Voice", self.voice),
            ("Pace", self.rate),
            ("Talk key", self.talk_key),
            ("", self.name_first),
            ("", self.close_to_tray),
            ("Folders I may tidy", self._folders()),
            ("Mail accounts", self.mail_accounts),
        ):
            form.addRow(label, widget)

    def change(self, **changes: Any) -> None:
        """Apply and keep ``changes``; a setting that cannot be saved is said plainly."""
        try:
            self.assistant.change_settings(**changes)
        except AssistantError as error:
            self.name_note.setText(error.message)

    def rename(self, spoken: str) -> None:
        """Take a new name, if it is one; the worker thread stores it."""
        name = tidy_name(spoken)
        if name is None:
            self.name_note.setText("A name is one to three words of letters.")
            self.name.setText(self.assistant.identity.name)
            return
        self.name_note.setText("")
        self.window_.session.run_soon(lambda: self.assistant.identity.rename(name))
        self.window_.show_name(name)

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
            self.window_.set_talk_key(key)

    def _folders(self) -> QWidget:
        self.folders = QListWidget()
        self.folders.addItems(list(self.assistant.settings.allowed_folders))
        add = QPushButton("Add...")
        add.clicked.connect(self._pick_folder)
        remove = QPushButton("Remove")
        remove.clicked.connect(self._remove_folder)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.folders)
        layout.addLayout(buttons)
        return box

    def _pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "A folder I may tidy")
        if folder:
            self.allow_folder(folder)

    def allow_folder(self, folder: str) -> None:
        """Add ``folder`` to the folders it may tidy."""
        folders = self.assistant.settings.allowed_folders
        if folder not in folders:
            self.change(allowed_folders=(*folders, folder))
            self.folders.addItem(folder)

    def _remove_folder(self) -> None:
        item = self.folders.currentItem()
        if item is not None:
            kept = tuple(f for f in self.assistant.settings.allowed_folders if f != item.text())
            self.change(allowed_folders=kept)
            self.folders.takeItem(self.folders.row(item))

    def _mail_accounts(self) -> QLabel:
        accounts = self.assistant.mail.accounts()
        listed = "\n".join(f"{account.name}: {account.url}" for account in accounts)
        hint = "Add one with: assistant mail add NAME URL"
        return QLabel(listed or f"None yet. {hint}", wordWrap=True)


def _labelled(names: list[str]) -> list[tuple[str, str]]:
    """Options shown as they are stored."""
    return [(name, name) for name in names]


def _devices(direction: str) -> list[str]:
    try:
        return device_names(direction)
    except AssistantError:
        return []

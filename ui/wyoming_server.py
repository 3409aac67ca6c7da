"""The server Home Assistant uses, in the settings: on or off, its port, the addresses allowed
and whether it is announced on the network. Each change that lets more in is asked about first,
with the plain warning that Wyoming has no password and no encryption.

Each change is kept in ``config.toml`` and applies at once: how the server listens is fixed when
it starts, so the rooms running are started again (off the GUI thread) when that changes.
"""

import errno
from functools import partial

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from assistant.config import Settings
from assistant.errors import AssistantError, ConfigError
from assistant.frontends.rooms.service import Rooms, wanted
from assistant.runtime.assistant import Assistant
from ui.background import Background
from ui.rooms_panel import HoldsRooms, Job, note, port_box, running
from ui.widgets import named, warned_yes

WYOMING_WARNING = (
    "Wyoming has no password and no encryption: anyone at an allowed address can talk to me and "
    "hear my answers, and anyone on the network in between can listen in."
)
LISTENING = ("wyoming_server", "wyoming_port", "wyoming_zeroconf")
"""The settings fixed when the server starts."""
PORT_TROUBLE = {
    errno.EADDRINUSE: "another program is using it",
    errno.EACCES: "it is kept for the system",
}


class ServerPanel(QWidget):
    """The server's controls, the warning, and what it is doing now."""

    def __init__(self, assistant: Assistant, background: Background, holder: HoldsRooms) -> None:
        super().__init__()
        self.assistant = assistant
        self.background = background
        self.holder = holder
        settings = assistant.settings
        self.serving = QCheckBox("Let Home Assistant use my hearing, voice and understanding")
        self.serving.setChecked(settings.wyoming_server)
        self.serving.clicked.connect(lambda on: self._opened(self.serving, on, "wyoming_server"))
        self.port = port_box(settings.wyoming_port)
        self.port.editingFinished.connect(self._port_changed)
        self.allowed = QLineEdit(", ".join(settings.wyoming_allowed))
        self.allowed.setPlaceholderText("none: this computer only")
        self.allowed.editingFinished.connect(self._allowed_changed)
        self.announced = QCheckBox("Announce me on the network, so Home Assistant finds me")
        self.announced.setChecked(settings.wyoming_zeroconf)
        self.announced.clicked.connect(
            lambda on: self._opened(self.announced, on, "wyoming_zeroconf")
        )
        self.note = note(self.state())
        self._lay_out()

    def _lay_out(self) -> None:
        """The controls under their heading, then the warning and the state now."""
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(named(QLabel("Home Assistant"), "heading"))
        form.addRow("", self.serving)
        form.addRow("Server port", self.port)
        form.addRow("Allowed addresses", self.allowed)
        form.addRow("", self.announced)
        form.addRow("", note(WYOMING_WARNING))
        form.addRow("", self.note)

    def confirm_open(self) -> bool:
        """Ask, with the warning, before the server lets more in; False leaves it as it was."""
        return warned_yes(self, "Let Home Assistant in?", f"{WYOMING_WARNING}\n\nGo ahead?")

    def state(self) -> str:
        """Whether Home Assistant may use the assistant now, and from where."""
        rooms = self.holder.rooms
        port = rooms.port if rooms is not None else None
        if port is None:
            return "Off: Home Assistant cannot use me."
        where = ", ".join(self.assistant.settings.wyoming_allowed) or "this computer only"
        return f"On, port {port}; allowed: {where}."

    # Changes.

    def _opened(self, box: QCheckBox, on: bool, setting: str) -> None:
        """A box ticked that lets more in is asked about first; unticked, it needs no asking."""
        if on and not self.confirm_open():
            box.setChecked(False)
            return
        self._change(**{setting: on})

    def _allowed_changed(self) -> None:
        """The addresses typed, comma-separated; a new one is asked about first."""
        allowed = tuple(part.strip() for part in self.allowed.text().split(",") if part.strip())
        before = self.assistant.settings.wyoming_allowed
        if allowed == before:
            return
        if set(allowed) - set(before) and not self.confirm_open():
            self.allowed.setText(", ".join(before))
            return
        self._change(wyoming_allowed=allowed)

    def _port_changed(self) -> None:
        """Another port (it needs no asking: it lets no one else in)."""
        if self.port.value() != self.assistant.settings.wyoming_port:
            self._change(wyoming_port=self.port.value())

    def _change(self, **changes: object) -> None:
        """Keep ``changes`` and serve as they say, off the GUI thread."""
        self.background.run(partial(self._apply, **changes), self._changed, self._failed)

    def _apply(self, **changes: object) -> None:
        """On the background thread: the settings first, then the server as they say."""
        before = self.assistant.settings
        after = self.assistant.change_settings(**changes)
        rooms = self.holder.rooms
        if rooms is not None and rooms.port is not None:
            if _listens_otherwise(before, after):
                self._start_again(rooms)
        elif after.wyoming_server:
            rooms = running(self.holder, self.assistant)
            _serving(rooms.serve, after.wyoming_port)

    def _start_again(self, rooms: Rooms) -> None:
        """The rooms running closed, and started again as the settings now say (the satellites
        joined again; the server, if on, listening as it now should)."""
        rooms.close()
        self.holder.rooms = None
        if wanted(self.assistant):
            again = running(self.holder, self.assistant)
            _serving(again.start, self.assistant.settings.wyoming_port)

    def _changed(self, _done: None) -> None:
        """Show what the server does now."""
        self.note.setText(self.state())

    def _failed(self, error: AssistantError) -> None:
        """Show what went wrong, in its plain sentence."""
        self.note.setText(error.message)


def _listens_otherwise(before: Settings, after: Settings) -> bool:
    """Whether the server must start again to follow the settings (the addresses allowed are
    checked as each connection comes; where it listens, only as it starts)."""
    moved = any(getattr(before, name) != getattr(after, name) for name in LISTENING)
    return moved or bool(before.wyoming_allowed) != bool(after.wyoming_allowed)


def _serving(start: Job, port: int) -> None:
    """Start serving (``Rooms.serve``, or a whole ``Rooms.start``); a port that cannot be had
    is said in words."""
    try:
        start()
    except OSError as error:
        why = PORT_TROUBLE.get(error.errno or 0, "the system would not let me")
        said = f"I can't serve Home Assistant on port {port}: {why}."
        raise ConfigError("wyoming-port", said) from error

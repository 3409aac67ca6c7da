"""Rooms in the settings: each room's satellite, whether it is connected now and what was last
said there, each with Remove; a form that adds one by host and port (the same rule as
``assistant rooms add``); a look around the network for satellites, each offered with Add and
none joined unasked; and the server Home Assistant uses (``ui.wyoming_server``).

Settings are written, satellites joined and the network looked at off the GUI thread.
"""

import threading
from collections.abc import Callable
from typing import Protocol, runtime_checkable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from assistant.errors import AssistantError
from assistant.frontends.rooms.cli import add_room, remove_room
from assistant.frontends.rooms.discovery import LOOK_SECONDS, Found, find_satellites
from assistant.frontends.rooms.satellites import SATELLITE_PORT, SatelliteAddress
from assistant.frontends.rooms.service import Rooms, RoomStatus, room_state
from assistant.runtime.assistant import Assistant
from ui.background import Background
from ui.views import Row
from ui.widgets import named

SHOWN_EVERY_MS = 1000
"""How often each room's state is shown again."""
HIGHEST_PORT = 65535
Job = Callable[[], object]


@runtime_checkable
class HoldsRooms(Protocol):
    """Whatever keeps the rooms running (the window): the panel starts them if none are."""

    rooms: Rooms | None


class KeptHere:
    """Rooms kept by the panel itself, when it has no window to keep them."""

    def __init__(self) -> None:
        self.rooms: Rooms | None = None


def holder_of(parent: object) -> HoldsRooms:
    """``parent`` (the window) when it keeps the rooms running, else a keeper of the panel's own."""
    return parent if isinstance(parent, HoldsRooms) else KeptHere()


class RoomsPanel(QWidget):
    """The rooms, each with Remove; the form that adds one; the rooms found, each with Add."""

    def __init__(self, assistant: Assistant, background: Background, holder: HoldsRooms) -> None:
        super().__init__()
        self.assistant = assistant
        self.background = background
        self.holder = holder
        self.look_seconds = LOOK_SECONDS
        self.rows: dict[str, Row] = {}
        self.found: list[Row] = []
        self.listing = QVBoxLayout()
        self.offers = QVBoxLayout()
        self.note = note()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.listing)
        layout.addWidget(self.note)
        layout.addLayout(self._form())
        layout.addLayout(self.offers)
        self.timer = QTimer(self, interval=SHOWN_EVERY_MS)
        self.timer.timeout.connect(self.show_state)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """The rooms' state is shown again every second while the panel is seen."""
        self.timer.start()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        """Nothing is shown again while the panel is hidden."""
        self.timer.stop()
        super().hideEvent(event)

    def lines(self) -> list[str]:
        """The rooms as listed ("kitchen: 192.168.1.20:10700, connected")."""
        return [row.label.text() for row in self.rows.values()]

    def say(self, text: str) -> None:
        """Show ``text`` under the rooms."""
        self.note.setText(text)

    def _fail(self, error: AssistantError) -> None:
        """What went wrong, in its plain sentence."""
        self.say(error.message)

    # The form.

    def _form(self) -> QFormLayout:
        """Name, host and port (the usual one to start with), Add, and Look for rooms."""
        form = QFormLayout()
        self.room_name = QLineEdit(placeholderText="kitchen, study…")
        self.host = QLineEdit(placeholderText="192.168.1.20, or kitchen-pi.local")
        self.port = port_box(SATELLITE_PORT)
        self.add = QPushButton("Add the room")
        self.add.setObjectName("yes")
        self.add.clicked.connect(self.add_from_form)
        self.look = QPushButton("Look for rooms")
        self.look.clicked.connect(self.look_around)
        for label, widget in (
            ("Room", self.room_name),
            ("Satellite", self.host),
            ("Port", self.port),
            ("", self.add),
            ("", self.look),
        ):
            form.addRow(label, widget)
        return form

    def add_from_form(self) -> None:
        """Add the room the form describes."""
        where = f"{self.host.text().strip()}:{self.port.value()}"
        self.add_room(self.room_name.text(), where)

    def add_room(self, name: str, where: str) -> None:
        """Keep room ``name`` at ``where`` and join its satellite, off the GUI thread."""
        self.say(f"Adding {name.strip()}…")
        self.background.run(lambda: self._keep_and_join(name, where), self._added, self._fail)

    def _keep_and_join(self, name: str, where: str) -> SatelliteAddress:
        """On the background thread: the settings first (as the command line keeps them)."""
        address = add_room(self.assistant, name, where)
        rooms = self._running()
        rooms.leave(address.name)
        rooms.join(address)
        return address

    def _added(self, address: SatelliteAddress) -> None:
        """Say so, empty the form and list the rooms again."""
        self.say(f"Added {address.name} at {address.host}:{address.port}.")
        self.room_name.clear()
        self.host.clear()
        self.port.setValue(SATELLITE_PORT)
        self.refresh()

    def _running(self) -> Rooms:
        """The rooms running (started now if none were), on the background thread."""
        return running(self.holder, self.assistant)

    # The rooms kept.

    def refresh(self) -> None:
        """List the rooms as the settings keep them, each with its state now."""
        for row in self.rows.values():
            self.listing.removeWidget(row)
            row.deleteLater()
        addresses = _addresses(self.assistant.settings.satellites)
        self.rows = {address.name: self._row(address) for address in addresses}
        if not addresses:
            self.say("No rooms yet. Add one below, or look for them on the network.")
        self.show_state()

    def _row(self, address: SatelliteAddress) -> Row:
        """A room's row, with Remove (its words are filled in by ``show_state``)."""
        row = Row(address.name)
        row.button("Remove", lambda: self._remove_asked(row, address.name))
        self.listing.addWidget(row)
        return row

    def show_state(self) -> None:
        """Each room's line: where, whether connected now, and the last thing said there."""
        rooms = self.holder.rooms
        statuses = {status.name: status for status in rooms.status()} if rooms else {}
        for address in _addresses(self.assistant.settings.satellites):
            if address.name in self.rows:
                line = room_line(address, statuses.get(address.name))
                self.rows[address.name].label.setText(line)

    def _remove_asked(self, row: Row, name: str) -> None:
        """The first click asks; the second removes the room (nothing else is touched)."""
        button = row.buttons["Remove"]
        if button.text() == "Remove":
            button.setText("Sure? Remove")
            self.say(f"Remove {name}? I'd stop listening and answering there.")
            return
        self.background.run(lambda: self._forget(name), self._removed, self._fail)

    def _forget(self, name: str) -> str:
        """On the background thread: out of the settings, then out of the rooms running."""
        remove_room(self.assistant, name)
        if self.holder.rooms is not None:
            self.holder.rooms.leave(name)
        return name

    def _removed(self, name: str) -> None:
        """Say so and list the rooms again."""
        self.say(f"Removed {name}. I no longer listen there; nothing else changed.")
        self.refresh()

    # Looking for rooms.

    def look_around(self) -> None:
        """Listen for satellites on the network for a few seconds, on a thread of its own."""
        self.look.setEnabled(False)
        self.say("Looking for rooms on the network…")
        seconds = self.look_seconds
        self.background.run(lambda: find_satellites(seconds), self._offer, self._fail, _own_thread)

    def _offer(self, found: list[Found]) -> None:
        """Each satellite found, with Add; those already kept are left out."""
        self.look.setEnabled(True)
        for row in self.found:
            self.offers.removeWidget(row)
            row.deleteLater()
        kept = {(a.host, a.port) for a in _addresses(self.assistant.settings.satellites)}
        new = [(name, host, port) for name, host, port in found if (host, port) not in kept]
        self.found = [self._offered(*satellite) for satellite in new]
        self.say(f"Found {_count(len(new))}." if new else "No new rooms answered on the network.")

    def _offered(self, name: str, host: str, port: int) -> Row:
        """A satellite found, with Add; nothing is joined until it is clicked."""
        row = Row(f"Found {name} at {host}:{port}")
        row.button("Add", lambda: self._add_found(row, name, f"{host}:{port}"))
        self.offers.addWidget(row)
        return row

    def _add_found(self, row: Row, name: str, where: str) -> None:
        """Add a satellite found, named as it names itself; it is offered no more."""
        self.found.remove(row)
        self.offers.removeWidget(row)
        row.deleteLater()
        self.add_room(name, where)


def running(holder: HoldsRooms, assistant: Assistant) -> Rooms:
    """The rooms running, started now if none were (on the background thread)."""
    if holder.rooms is None:
        holder.rooms = Rooms(assistant)
    return holder.rooms


def room_line(address: SatelliteAddress, status: RoomStatus | None) -> str:
    """A room as the panel lists it: where, whether connected now, what was last said."""
    return f"{address.name}: {address.host}:{address.port}, {room_state(status)}"


def _addresses(entries: tuple[str, ...]) -> list[SatelliteAddress]:
    """The satellites the settings keep (an entry that cannot be read is left out)."""
    addresses = []
    for entry in entries:
        try:
            addresses.append(SatelliteAddress.from_entry(entry))
        except AssistantError:
            continue
    return addresses


def _own_thread(job: Job) -> None:
    """Run ``job`` on a thread of its own (looking takes seconds; settings need not wait)."""
    threading.Thread(target=job, name="rooms-look", daemon=True).start()


def _count(found: int) -> str:
    """ "one room", "3 rooms"."""
    return "one room" if found == 1 else f"{found} rooms"


def port_box(port: int) -> QSpinBox:
    """A port number, from 1 up."""
    return QSpinBox(minimum=1, maximum=HIGHEST_PORT, value=port)


def note(text: str = "") -> QLabel:
    """A line of quiet words under a form."""
    return named(QLabel(text, wordWrap=True), "note")

"""The settings panel's rooms, used as a person would: a real Wyoming satellite on loopback added
by typing its host and port, shown connected with what was last said there (and in the window's
status line), then removed with a second click; one found by a
real zeroconf announcement on loopback and added with its Add; the Home Assistant server turned
on only after the warning. Checked in config.toml and on the network."""

import socket
import tomllib
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from zeroconf import ServiceInfo, Zeroconf

from assistant.events import Reply
from assistant.frontends.rooms.discovery import SERVICE
from scripts.wyoming_peers import Loop, Satellite, free_port
from tests.conftest import Recorder
from ui.app import follow_rooms
from ui.rooms_panel import RoomsPanel
from ui.settings import SettingsDialog
from ui.window import Window
from ui.wyoming_server import ServerPanel

CLICK = Qt.MouseButton.LeftButton
LOOK_SECONDS = 0.5


@pytest.fixture
def panel(qtbot, window: Window) -> Iterator[SettingsDialog]:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(window.settings_button, CLICK)
    panel = window.settings_panel
    qtbot.addWidget(panel)
    yield panel
    _settle(qtbot, panel)
    if window.rooms is not None:
        window.rooms.close()


@pytest.fixture
def satellite() -> Iterator[Satellite]:
    loop = Loop()
    satellite = Satellite(loop)
    yield satellite
    satellite.close()
    loop.stop()


@pytest.fixture
def announced(satellite: Satellite) -> Iterator[str]:
    """The satellite announced on loopback as a Wyoming service, as a real one announces itself."""
    zeroconf = Zeroconf(interfaces=["127.0.0.1"])
    info = ServiceInfo(
        SERVICE,
        f"porch.{SERVICE}",
        addresses=[socket.inet_aton("127.0.0.1")],
        port=satellite.port,
        server="porch-satellite.local.",
    )
    zeroconf.register_service(info, cooperating_responders=True)
    yield "porch"
    zeroconf.unregister_service(info)
    zeroconf.close()


def _settle(qtbot, panel: SettingsDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: panel.background.pending == 0, timeout=30000)


def _type_over(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Select what the field holds and type ``text`` in its place."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)


def _saved(panel: SettingsDialog) -> dict[str, object]:
    return tomllib.loads(panel.assistant.paths.config_file.read_text())


def test_a_satellite_is_added_by_typing_shown_connected_and_removed_with_a_yes(
    qtbot, window: Window, panel: SettingsDialog, satellite: Satellite, recorder: Recorder
) -> None:
    follow_rooms(window)  # as the window opens, with no rooms yet
    rooms: RoomsPanel = panel.rooms
    assert rooms.lines() == []
    assert rooms.note.text().startswith("No rooms yet.")
    qtbot.keyClicks(rooms.room_name, "kitchen")
    qtbot.keyClicks(rooms.host, "127.0.0.1")
    _type_over(qtbot, rooms.port, str(satellite.port))
    qtbot.mouseClick(rooms.add, CLICK)
    _settle(qtbot, panel)
    where = f"127.0.0.1:{satellite.port}"
    assert rooms.note.text() == f"Added kitchen at {where}."
    assert _saved(panel)["satellites"] == [f"kitchen={where}"]
    satellite.wait_connected()
    qtbot.waitUntil(lambda: rooms.lines() == [f"kitchen: {where}, connected"], timeout=5000)
    status = window.statusBar()
    qtbot.waitUntil(lambda: status.currentMessage() == "Rooms: kitchen (connected)", timeout=5000)
    satellite.say("cmd_what_time_is_it")
    satellite.wait_replies(1)
    qtbot.waitUntil(lambda: "last said" in rooms.lines()[0], timeout=5000)
    reply = next(event.text for event in recorder.of(Reply) if event.room == "kitchen")
    assert rooms.lines() == [f'kitchen: {where}, connected, last said "{reply}"']
    remove = rooms.rows["kitchen"].buttons["Remove"]
    qtbot.mouseClick(remove, CLICK)
    assert remove.text() == "Sure? Remove"
    assert _saved(panel)["satellites"] == [f"kitchen={where}"]
    qtbot.mouseClick(remove, CLICK)
    _settle(qtbot, panel)
    assert rooms.lines() == []
    assert "satellites" not in _saved(panel)
    qtbot.waitUntil(lambda: status.currentMessage() == "", timeout=5000)
    running = rooms.holder.rooms
    assert running is not None
    assert running.house.rooms == {}


def test_a_wrong_room_is_said_and_nothing_is_kept_or_started(qtbot, panel: SettingsDialog) -> None:
    rooms: RoomsPanel = panel.rooms
    qtbot.keyClicks(rooms.room_name, "hall=upstairs")
    qtbot.keyClicks(rooms.host, "127.0.0.1")
    qtbot.mouseClick(rooms.add, CLICK)
    _settle(qtbot, panel)
    assert rooms.note.text() == "hall=upstairs=127.0.0.1:10700 is not a room name and a HOST:PORT."
    assert panel.assistant.settings.satellites == ()
    assert rooms.holder.rooms is None


def test_a_satellite_announced_on_the_network_is_offered_and_added_only_when_asked(
    qtbot, panel: SettingsDialog, satellite: Satellite, announced: str
) -> None:
    rooms: RoomsPanel = panel.rooms
    rooms.look_seconds = LOOK_SECONDS
    qtbot.mouseClick(rooms.look, CLICK)
    qtbot.waitUntil(lambda: rooms.look.isEnabled(), timeout=10000)
    offered = [row.label.text() for row in rooms.found]
    assert f"Found {announced} at 127.0.0.1:{satellite.port}" in offered
    assert panel.assistant.settings.satellites == ()
    row = next(row for row in rooms.found if announced in row.label.text())
    qtbot.mouseClick(row.buttons["Add"], CLICK)
    _settle(qtbot, panel)
    assert panel.assistant.settings.satellites == (f"{announced}=127.0.0.1:{satellite.port}",)
    satellite.wait_connected()
    assert row not in rooms.found


def test_home_assistant_is_let_in_only_after_the_warning(
    qtbot, panel: SettingsDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    server: ServerPanel = panel.server
    warned: list[bool] = []
    monkeypatch.setattr(server, "confirm_open", lambda: warned.append(True) or False)
    qtbot.mouseClick(server.serving, CLICK)
    assert warned == [True]
    assert not server.serving.isChecked()
    _settle(qtbot, panel)
    assert not panel.assistant.settings.wyoming_server
    assert server.note.text() == "Off: Home Assistant cannot use me."
    port = free_port()
    _type_over(qtbot, server.port, str(port))
    qtbot.keyClick(server.port, Qt.Key.Key_Return)
    monkeypatch.setattr(server, "confirm_open", lambda: True)
    qtbot.mouseClick(server.serving, CLICK)
    _settle(qtbot, panel)
    saved = _saved(panel)
    assert (saved["wyoming_server"], saved["wyoming_port"]) == (True, port)
    assert server.note.text() == f"On, port {port}; allowed: this computer only."
    socket.create_connection(("127.0.0.1", port), 2).close()
    _type_over(qtbot, server.allowed, "192.168.1.30")
    qtbot.keyClick(server.allowed, Qt.Key.Key_Return)
    _settle(qtbot, panel)
    assert _saved(panel)["wyoming_allowed"] == ["192.168.1.30"]
    assert _listening_on(server) == {"0.0.0.0"}  # now reachable from that address
    assert server.note.text() == f"On, port {port}; allowed: 192.168.1.30."
    qtbot.mouseClick(server.serving, CLICK)
    _settle(qtbot, panel)
    assert not _saved(panel).get("wyoming_server", False)
    assert server.note.text() == "Off: Home Assistant cannot use me."
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), 2)


def _listening_on(server: ServerPanel) -> set[str]:
    rooms = server.holder.rooms
    assert rooms is not None
    assert rooms._server is not None
    return {sock.getsockname()[0] for sock in rooms._server.sockets}


def test_a_port_in_use_is_said_in_words(
    qtbot, panel: SettingsDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    server: ServerPanel = panel.server
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        _type_over(qtbot, server.port, str(port))
        qtbot.keyClick(server.port, Qt.Key.Key_Return)
        monkeypatch.setattr(server, "confirm_open", lambda: True)
        qtbot.mouseClick(server.serving, CLICK)
        _settle(qtbot, panel)
    said = f"I can't serve Home Assistant on port {port}: another program is using it."
    assert server.note.text() == said

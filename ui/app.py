"""``assistant``: opens the window (or, with no display, the terminal conversation).

Every other command is the core's command line, unchanged.
"""

import argparse
import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from assistant.frontends import cli
from assistant.frontends.rooms.service import Rooms, summary, wanted
from assistant.runtime.session import Session
from ui.settings import SettingsDialog
from ui.theme import AMBER, CORAL
from ui.window import Window

ROOMS_SHOWN_EVERY_MS = 2000


def main(argv: list[str] | None = None) -> int:
    """The ``assistant`` command: the window by default, or any command of the core."""
    return cli.main(argv, window=run_window)


def run_window(args: argparse.Namespace) -> int:
    """Open the window until it is closed (or quit from the tray)."""
    if not has_display():
        print(  # noqa: T201 - the terminal is where the user is
            "There's no display here, so let's talk in the terminal.", file=sys.stderr
        )
        return cli.chat(args)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with cli.open_assistant(args) as assistant:
        session = Session(assistant, live_audio=not args.no_audio)
        window = Window(session, SettingsDialog)
        tray = Tray(window)
        greet(window)
        window.show()
        session.start()
        window.rooms = open_rooms(window)
        try:
            return app.exec()
        finally:
            tray.hide()
            if window.rooms is not None:  # the settings may have started them
                window.rooms.close()
            session.close()


def open_rooms(window: Window) -> Rooms | None:
    """The other rooms and the Home Assistant server, when the settings ask for them (the
    settings panel may start them later); their state is shown in the window's status line."""
    follow_rooms(window)
    if not wanted(window.assistant):
        return None
    rooms = Rooms(window.assistant)
    rooms.start()
    return rooms


def follow_rooms(window: Window) -> None:
    """Whenever rooms are running, speaking first reaches them and the status line shows them."""
    speaking_first = window.session.speaking_first
    speaking_first.said_elsewhere = lambda text, ring: _said_in_rooms(window, text, ring)
    timer = QTimer(window, interval=ROOMS_SHOWN_EVERY_MS)
    timer.timeout.connect(lambda: _show_rooms(window))
    timer.start()


def _said_in_rooms(window: Window, text: str, ring: bool) -> bool:
    return window.rooms is not None and window.rooms.said_elsewhere(text, ring)


def _show_rooms(window: Window) -> None:
    """The rooms in the status line (which the window has only once rooms are running)."""
    if window.rooms is not None:
        statuses = window.rooms.status()
        window.statusBar().showMessage(summary(statuses) if statuses else "")


def has_display() -> bool:
    """Whether Qt has somewhere to draw: X11, Wayland, or a platform chosen explicitly."""
    if sys.platform != "linux":
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def greet(window: Window) -> None:
    """Say the start-up notices (missed reminders among them) and, on the very first run,
    the introduction: spoken and shown, as soon as the session starts."""
    assistant = window.assistant
    for line in [*assistant.notices(), assistant.introduction()]:
        if line:
            window.session.announce(line)


class Tray(QSystemTrayIcon):
    """The tray icon: show or hide the window, put the assistant to sleep, quit."""

    def __init__(self, window: Window) -> None:
        super().__init__(orb_icon(), window)
        self.window = window
        self.setToolTip(window.assistant.identity.name)
        menu = QMenu()
        menu.addAction("Show or hide", self.toggle_window)
        menu.addAction("Asleep", lambda: window.session.say("go to sleep"))
        menu.addAction("Quit", self.quit)
        self.setContextMenu(menu)
        self._menu = menu
        self.activated.connect(lambda _reason: self.toggle_window())
        window.tray_keeps_running = QSystemTrayIcon.isSystemTrayAvailable()
        if window.tray_keeps_running:
            self.show()

    def toggle_window(self) -> None:
        """Show the window if hidden, hide it if shown."""
        self.window.setVisible(not self.window.isVisible())

    def quit(self) -> None:
        """Close the window for good and leave."""
        self.window.tray_keeps_running = False
        self.window.close()
        QApplication.quit()


def orb_icon() -> QIcon:
    """The shape, small: the tray's and the window's icon."""
    pixmap = QPixmap(64, 64)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(CORAL))
    painter.setPen(QColor(AMBER))
    painter.drawEllipse(4, 4, 56, 56)
    painter.end()
    return QIcon(pixmap)

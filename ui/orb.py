"""The one living shape: a soft orb that breathes, listens, thinks and speaks."""

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QRadialGradient
from PySide6.QtWidgets import QWidget

from assistant.events import AssistantState
from ui.theme import SHAPE

FRAME_MS = 16
"""About 60 frames a second while the shape moves; no frames at all while it rests."""

Level = Callable[[], float]


class Orb(QWidget):
    """Draws the state; while listening or speaking its size follows the live audio level."""

    def __init__(self, heard: Level, spoken: Level, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = AssistantState.IDLE
        self._heard = heard
        self._spoken = spoken
        self._level = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._tick)
        self.setMinimumSize(220, 220)

    def show_state(self, state: AssistantState) -> None:
        """Change the state shown; frames run only while it is animated."""
        self.state = state
        if SHAPE[state].animated:
            self._timer.start()
        else:
            self._timer.stop()
            self._level = 0.0
        self.update()

    @property
    def animating(self) -> bool:
        """True while frames are being drawn."""
        return self._timer.isActive()

    def _tick(self) -> None:
        target = self._target_level()
        self._level += (target - self._level) * 0.35
        self.update()

    def _target_level(self) -> float:
        if self.state is AssistantState.LISTENING:
            return self._heard()
        if self.state is AssistantState.SPEAKING:
            return self._spoken()
        if self.state is AssistantState.THINKING:
            return 0.15 + 0.1 * math.sin(time.monotonic() * 6)
        return 0.0

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        look = SHAPE[self.state]
        radius = min(self.width(), self.height()) * 0.25 * (1 + 0.3 * self._level)
        centre = QPointF(self.width() / 2, self.height() / 2)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        halo = radius * (1.3 + 0.25 * self._level)
        painter.setBrush(_glow(centre, halo, look.outer, look.outer, centre_alpha=70))
        painter.drawEllipse(centre, halo, halo)
        painter.setBrush(_glow(centre, radius, look.inner, look.outer, centre_alpha=255))
        painter.drawEllipse(centre, radius, radius)
        painter.end()


def _glow(centre: QPointF, radius: float, inner: str, outer: str, centre_alpha: int) -> QBrush:
    """A radial gradient from ``inner`` at the centre to ``outer``, fading out at the rim."""
    gradient = QRadialGradient(centre, radius)
    start = QColor(inner)
    start.setAlpha(centre_alpha)
    gradient.setColorAt(0.0, start)
    middle = QColor(outer)
    middle.setAlpha(centre_alpha)
    gradient.setColorAt(0.7, middle)
    rim = QColor(outer)
    rim.setAlpha(0)
    gradient.setColorAt(1.0, rim)
    return QBrush(gradient)

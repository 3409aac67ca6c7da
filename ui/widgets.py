"""Small widgets the window and its panels share: the warm background and a named widget."""

from typing import TypeVar

from PySide6.QtGui import QLinearGradient, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from ui.theme import AMBER, CORAL

W = TypeVar("W", bound=QWidget)


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

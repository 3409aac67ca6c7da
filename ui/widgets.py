"""Small widgets the window and its panels share: the warm background, a named widget, and a
warning answered yes or no."""

from typing import TypeVar

from PySide6.QtGui import QLinearGradient, QPainter, QPaintEvent
from PySide6.QtWidgets import QMessageBox, QWidget

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


def warned_yes(parent: QWidget, title: str, text: str) -> bool:
    """Show ``text`` as a warning with Yes and No (No first); whether Yes was chosen."""
    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    return QMessageBox.warning(parent, title, text, yes | no, no) == yes

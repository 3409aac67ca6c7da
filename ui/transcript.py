"""The conversation as it reads: lines that wrap to the window's width, newest at the bottom.

While the user speaks, the words heard so far show as a live caption at the end, in italics;
the final words replace them.
"""

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser

from ui.theme import SOFT_BROWN

YOU = "You"
KEPT_LINES = 400
"""Older lines scroll away for good (they stay in the memory database)."""
BLOCK_SPACING = 8


class Transcript(QTextBrowser):
    """The lines of the conversation, "Who: text", wrapped; never scrolled sideways."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("transcript")
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setLineWrapMode(QTextBrowser.LineWrapMode.WidgetWidth)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setOpenLinks(False)
        self.lines: list[str] = []
        self._caption = ""
        self._following = True
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self._scrolled)
        bar.rangeChanged.connect(self._keep_following)

    def add(self, who: str, text: str) -> None:
        """Add a line at the end (after any earlier ones) and scroll to it."""
        self._drop_caption()
        line = f"{who}: {text}"
        self.lines.append(line)
        self._append(_inline(line))
        if len(self.lines) > KEPT_LINES:
            del self.lines[0]
            self._drop_first_block()
        self._follow()

    def add_earlier(self, lines: list[tuple[str, str]]) -> None:
        """Put remembered lines (who, text) before those shown since the window opened."""
        earlier = [f"{who}: {text}" for who, text in lines]
        self.lines[:0] = earlier
        del self.lines[:-KEPT_LINES]
        self._render()

    def show_caption(self, words: str) -> None:
        """Show the words heard so far, as the last line, until the final words come."""
        self._drop_caption()
        self._caption = words
        self._append(_caption_inline(words))
        self._follow()

    def clear_caption(self) -> None:
        """Take the live caption away (the speech was not for the assistant)."""
        self._drop_caption()

    @property
    def caption(self) -> str:
        """The live caption shown now ("" for none)."""
        return self._caption

    def last_line_visible(self) -> bool:
        """Whether the whole of the last line is inside the visible area."""
        document: QTextDocument = self.document()
        last = document.lastBlock()
        layout = document.documentLayout()
        bottom = layout.blockBoundingRect(last).bottom()
        top = layout.blockBoundingRect(last).top()
        shown_from = self.verticalScrollBar().value()
        shown_to = shown_from + self.viewport().height()
        return shown_from <= top and bottom <= shown_to + 1

    def _scrolled(self, value: int) -> None:
        """Scrolled up by the user: stay there; back at the bottom: follow new lines again."""
        self._following = value >= self.verticalScrollBar().maximum()

    def _keep_following(self, _low: int, high: int) -> None:
        """The text or the room for it changed (a plan opened below): keep the end in view."""
        if self._following:
            self.verticalScrollBar().setValue(high)

    def _render(self) -> None:
        """Lay the whole conversation out again (once, when the earlier lines arrive)."""
        self.clear()
        caption, self._caption = self._caption, ""
        for line in self.lines:
            self._append(_inline(line))
        if caption:
            self.show_caption(caption)
        self._follow()

    def _append(self, inline_html: str) -> None:
        """One more block at the end, spaced like a paragraph."""
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        spaced = QTextBlockFormat()
        spaced.setBottomMargin(BLOCK_SPACING)
        if self.document().isEmpty():
            cursor.setBlockFormat(spaced)
        else:
            cursor.insertBlock(spaced, QTextCharFormat())
        cursor.insertHtml(inline_html)

    def _drop_caption(self) -> None:
        """Remove the live caption's block (always the last one), if there is one."""
        if not self._caption:
            return
        self._caption = ""
        cursor = QTextCursor(self.document())
        cursor.setPosition(max(self.document().lastBlock().position() - 1, 0))
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()

    def _drop_first_block(self) -> None:
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.NextBlock, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()

    def _follow(self) -> None:
        """Scroll to the end (new words are always shown)."""
        self._following = True
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())


def _inline(line: str) -> str:
    who, _, text = line.partition(": ")
    colour = f' style="color: {SOFT_BROWN};"' if who == YOU else ""
    return f"<span{colour}><b>{escape(who)}</b><br>{escape(text)}</span>"


def _caption_inline(words: str) -> str:
    return f'<span style="color: {SOFT_BROWN};"><b>{YOU}</b><br><i>{escape(words)}…</i></span>'

"""Three quiet views beside the conversation: reminders and alarms, mail, and what it remembers
about the user.

Each reads the database off the GUI thread (``Background``). A button never changes anything
itself: it sends the words the user would say (``assistant.asking``), so the request is planned,
read back, confirmed, journaled and undoable exactly as if spoken.
"""

from collections.abc import Callable
from datetime import datetime
from html import escape
from typing import TypeVar, cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from assistant.errors import AssistantError
from assistant.mail.cache import Cached
from assistant.mail.parse import Letter
from assistant.memory.facts import Fact
from assistant.memory.feelings import Feeling
from assistant.memory.people import Person
from assistant.memory.reminders import Reminder
from assistant.memory.spoken_facts import said_back
from assistant.runtime import asking
from assistant.runtime.session import Session
from assistant.skills.reminders import described
from ui.background import Background

T = TypeVar("T")
SHOWN_AT_MOST = 100
"""Rows a view shows; the rest are counted ("and 400 more")."""
MAIL_SHOWN = 50


class Row(QFrame):
    """One thing in a view: its words, and the buttons that ask about it."""

    def __init__(self, text: str, bold: bool = False) -> None:
        super().__init__()
        self.setObjectName("row")
        self.label = QLabel(text, wordWrap=True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.label.font()
        font.setBold(bold)
        self.label.setFont(font)
        self.buttons: dict[str, QPushButton] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(8, 6, 8, 6)
        self._layout.addWidget(self.label)
        self._row = QHBoxLayout()
        self._row.addStretch()
        self._layout.addLayout(self._row)

    def button(self, label: str, clicked: Callable[[], None]) -> QPushButton:
        """Add a small button that calls ``clicked``."""
        button = QPushButton(label)
        button.setObjectName("small")
        button.clicked.connect(clicked)
        self._row.addWidget(button)
        self.buttons[label] = button
        return button


class View(QFrame):
    """A titled, scrolling list of rows, read again whenever it is shown or a turn ends."""

    def __init__(self, title: str, session: Session, background: Background) -> None:
        super().__init__()
        self.setObjectName("view")
        self.session = session
        self.assistant = session.assistant
        self.background = background
        self.rows: list[Row] = []
        self.title = QLabel(title)
        self.title.setObjectName("viewTitle")
        self.note = QLabel(wordWrap=True)
        self.note.setObjectName("note")
        self._list = QVBoxLayout()
        self._list.setSpacing(6)
        inner = QWidget()
        inner.setObjectName("viewInner")
        outer = QVBoxLayout(inner)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self._list)
        outer.addStretch()
        self.scrolling = QScrollArea(widgetResizable=True)
        self.scrolling.setWidget(inner)
        self.scrolling.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.title)
        self.layout_.addWidget(self.note)
        self.layout_.addWidget(self.scrolling, stretch=1)
        self.loaded = 0
        """How many times it has been read (tests wait for a fresh read)."""
        self.say("")

    def refresh(self) -> None:
        """Read the view's things again, off the GUI thread."""
        self.background.run(self.load, self._loaded, self._failed)

    def load(self) -> object:
        """What to show (runs off the GUI thread)."""
        raise NotImplementedError

    def fill(self, loaded: object) -> None:
        """Show ``loaded`` as rows (on the GUI thread)."""
        raise NotImplementedError

    def say(self, text: str) -> None:
        """Show a short note above the list ("" hides it)."""
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def ask(self, words: str) -> None:
        """Send ``words`` as the user's next turn."""
        self.session.say(words)

    def _loaded(self, loaded: object) -> None:
        self._clear()
        self.say("")
        self.fill(loaded)
        self.loaded += 1

    def _failed(self, error: AssistantError) -> None:
        self._clear()
        self.say(error.message)
        self.loaded += 1

    def add_row(self, row: Row) -> Row:
        """Put ``row`` at the end of the list."""
        self.rows.append(row)
        self._list.addWidget(row)
        return row

    def add_heading(self, text: str) -> None:
        """A small heading between groups of rows."""
        heading = QLabel(text)
        heading.setObjectName("heading")
        self._list.addWidget(heading)

    def _clear(self) -> None:
        self.rows = []
        while self._list.count():
            item = self._list.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()


class RemindersView(View):
    """Reminders, alarms and timers still to come: cancel, snooze, or move each."""

    def __init__(self, session: Session, background: Background) -> None:
        super().__init__("Reminders and alarms", session, background)
        self.moving: Reminder | None = None
        self.when = QLineEdit(placeholderText="To when? (say, tomorrow at 9)")
        self.when.returnPressed.connect(self._move_to_typed)
        self.when.hide()
        self.layout_.addWidget(self.when)

    def load(self) -> tuple[list[Reminder], datetime]:
        return self.assistant.memory.reminders.pending(), self.assistant.services.clock.now()

    def fill(self, loaded: object) -> None:
        pending, now = cast(tuple[list[Reminder], datetime], loaded)
        if not pending:
            self.say('Nothing is set. Say "remind me to ..." to add one.')
        for reminder in pending[:SHOWN_AT_MOST]:
            self._add(reminder, now)
        _say_how_many_more(self, len(pending))

    def _add(self, reminder: Reminder, now: datetime) -> None:
        row = self.add_row(Row(_capitalised(described(reminder, now))))
        row.button("Cancel", lambda: self.ask(asking.cancel(reminder)))
        if asking.can_move(reminder, self.assistant.matcher.intents.intents):
            row.button("Snooze", lambda: self.ask(asking.snooze(reminder, now)))
            row.button("Move…", lambda: self._ask_when(reminder))

    def _ask_when(self, reminder: Reminder) -> None:
        self.moving = reminder
        self.when.show()
        self.when.setFocus()

    def _move_to_typed(self) -> None:
        if self.moving is not None and self.when.text().strip():
            self.ask(asking.move(self.moving, self.when.text()))
        self.moving = None
        self.when.clear()
        self.when.hide()


class MailView(View):
    """The inbox's recent mail (unread in bold); a letter read in full; the clean-up plan."""

    def __init__(self, session: Session, background: Background) -> None:
        super().__init__("Mail", session, background)
        self.letter = QTextBrowser()
        self.letter.setObjectName("letter")
        self.letter.setOpenLinks(False)
        self.back = QPushButton("Back to the inbox")
        self.back.clicked.connect(self.show_inbox)
        self.clean_up = QPushButton("Clean up…")
        self.clean_up.clicked.connect(lambda: self.ask(asking.CLEAN_UP_MAIL))
        self.pages = QStackedWidget()
        reading = QWidget()
        reading_layout = QVBoxLayout(reading)
        reading_layout.setContentsMargins(0, 0, 0, 0)
        reading_layout.addWidget(self.letter)
        reading_layout.addWidget(self.back)
        self.layout_.removeWidget(self.scrolling)
        self.pages.addWidget(self.scrolling)
        self.pages.addWidget(reading)
        self.layout_.addWidget(self.pages, stretch=1)
        self.layout_.addWidget(self.clean_up)

    def load(self) -> tuple[list[Cached], int]:
        inbox = self.assistant.mail.inbox()
        return inbox[:MAIL_SHOWN], sum(message.unread for message in inbox)

    def fill(self, loaded: object) -> None:
        messages, unread = cast(tuple[list[Cached], int], loaded)
        self.title.setText(f"Mail · {unread} unread" if unread else "Mail")
        if not messages:
            self.say("The inbox is empty.")
        for message in messages:
            self._add(message)

    def _add(self, message: Cached) -> None:
        who = message.sender_name or message.sender_address
        when = message.moment.strftime("%-d %b, %H:%M") if message.moment else ""
        text = f"{who} · {when}\n{message.subject or '(no subject)'}"
        row = self.add_row(Row(text, bold=message.unread))
        row.button("Read", lambda: self.read(message))

    def read(self, message: Cached) -> None:
        """Fetch ``message`` off the GUI thread and show it in full."""
        self.say("Opening it…")
        self.background.run(lambda: self.assistant.mail.read(message), self._show, self._failed)

    def _show(self, letter: Letter) -> None:
        self.say("")
        self.letter.setHtml(_letter_html(letter))
        self.pages.setCurrentIndex(1)

    def show_inbox(self) -> None:
        """Back to the list (read again: the letter is no longer unread)."""
        self.pages.setCurrentIndex(0)
        self.refresh()


class MemoryView(View):
    """What it remembers about the user: facts, people, feelings; each can be forgotten."""

    def __init__(self, session: Session, background: Background) -> None:
        super().__init__("What I remember about you", session, background)

    def load(self) -> tuple[list[Fact], list[Person], list[Feeling]]:
        memory = self.assistant.memory
        return memory.facts.all(), memory.people.all(), memory.feelings.all()

    def fill(self, loaded: object) -> None:
        facts, people, feelings = cast(tuple[list[Fact], list[Person], list[Feeling]], loaded)
        if not (facts or people or feelings):
            self.say("Nothing yet. Tell me about yourself, and I'll keep it here.")
        self._group("Facts", facts, said_back, asking.forget_fact)
        self._group("People", people[:SHOWN_AT_MOST], _person_line, asking.forget_person)
        self._group("Feelings", feelings, _feeling_line, asking.forget_feeling)

    def _group(
        self,
        heading: str,
        things: list[T],
        line: Callable[[T], str],
        forget: Callable[[T], str] | None,
    ) -> None:
        if not things:
            return
        self.add_heading(heading)
        for thing in things:
            row = self.add_row(Row(line(thing)))
            if forget is not None:
                self._forget_button(row, forget(thing))

    def _forget_button(self, row: Row, words: str) -> None:
        row.button("Forget", lambda: self.ask(words))


def _person_line(person: Person) -> str:
    about = ", ".join(part for part in (person.relation, person.email) if part)
    return f"{person.name} ({about})" if about else person.name


def _feeling_line(feeling: Feeling) -> str:
    return f"You felt {feeling.feeling} on {feeling.at:%A %-d %B}."


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _say_how_many_more(view: View, total: int) -> None:
    if total > SHOWN_AT_MOST:
        view.add_heading(f"… and {total - SHOWN_AT_MOST} more")


def _letter_html(letter: Letter) -> str:
    when = f"{letter.date:%A %-d %B %Y, %H:%M}" if letter.date else ""
    sender = escape(letter.sender_name or letter.sender_address)
    head = f"<p><b>{escape(letter.subject or '(no subject)')}</b><br>From {sender}<br>{when}</p>"
    body = escape(letter.body).replace("\n", "<br>")
    return f"{head}<p>{body}</p>"

"""Mail accounts in the settings: the accounts kept, each tested or removed, and a form to add one
(an IMAP server with its user and password, or a Maildir or mbox on this computer).

The same rules as ``assistant mail add`` (``assistant.mail.setup``): a password only where a
server needs one, straight to the keyring; both servers tried before the account is kept. All of
it runs off the GUI thread.
"""

from pathlib import Path
from urllib.parse import quote

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assistant.errors import AssistantError
from assistant.mail.accounts import IMAP, MAILDIR, MBOX, Account, parse_account
from assistant.mail.setup import ServerCheck, add_account, check_account, remove_account
from assistant.runtime.assistant import Assistant
from ui.background import Background
from ui.views import Row

KINDS = {
    IMAP: "A mail server (IMAP)",
    MAILDIR: "A Maildir folder on this computer",
    MBOX: "An mbox file on this computer",
}
SMTPS_PORT = 465


class MailAccounts(QWidget):
    """The accounts, each with Test and Remove, and the form that adds one."""

    def __init__(self, assistant: Assistant, background: Background) -> None:
        super().__init__()
        self.assistant = assistant
        self.background = background
        self.rows: list[Row] = []
        self.loaded = 0
        self.listing = QVBoxLayout()
        self.note = QLabel(wordWrap=True)
        self.note.setObjectName("note")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.listing)
        layout.addWidget(self.note)
        layout.addLayout(self._form())
        self.refresh()

    def lines(self) -> list[str]:
        """The accounts as listed ("home: imaps://me@mail.example.org")."""
        return [row.label.text() for row in self.rows]

    # The form.

    def _form(self) -> QFormLayout:
        form = QFormLayout()
        self.kind = QComboBox()
        for kind, label in KINDS.items():
            self.kind.addItem(label, kind)
        self.kind.currentIndexChanged.connect(lambda _i: self._show_fields())
        self.account_name = QLineEdit(placeholderText="home, work…")
        self.server = QLineEdit(placeholderText="mail.example.org, or host:port")
        self.user = QLineEdit(placeholderText="you@example.org")
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.path = QLineEdit(placeholderText="~/Mail")
        self.choose = QPushButton("Choose…")
        self.choose.clicked.connect(self._choose_path)
        self.smtp = QLineEdit(placeholderText="smtp.example.org:587 (to send; optional)")
        self.smtp_login = QCheckBox("Log in to send, with the user and password above")
        self.plain = QCheckBox("No encryption (only for a server on this computer)")
        self.add = QPushButton("Add the account")
        self.add.setObjectName("yes")
        self.add.clicked.connect(self.add_from_form)
        self._where = _beside(self.path, self.choose)
        for label, widget in (
            ("Kind", self.kind),
            ("Name", self.account_name),
            ("Server", self.server),
            ("Folder or file", self._where),
            ("User", self.user),
            ("Password", self.password),
            ("Sending server", self.smtp),
            ("", self.smtp_login),
            ("", self.plain),
            ("", self.add),
        ):
            form.addRow(label, widget)
        self._form_layout = form
        self._show_fields()
        return form

    def _show_fields(self) -> None:
        """IMAP asks for a server; a Maildir or mbox for a path (and a user only to send)."""
        imap = self.kind.currentData() == IMAP
        self._form_layout.setRowVisible(self.server, imap)
        self._form_layout.setRowVisible(self._where, not imap)
        self.smtp_login.setVisible(not imap)

    def _choose_path(self) -> None:
        if self.kind.currentData() == MAILDIR:
            chosen = QFileDialog.getExistingDirectory(self, "The Maildir folder")
        else:
            chosen, _ = QFileDialog.getOpenFileName(self, "The mbox file")
        if chosen:
            self.path.setText(chosen)

    def account_from_form(self) -> Account:
        """The account the form describes (a ``MailError`` says what is wrong with it)."""
        kind, user = self.kind.currentData(), self.user.text().strip()
        plain = self.plain.isChecked()
        if kind == IMAP:
            scheme = "imap" if plain else "imaps"
            url = f"{scheme}://{quote(user)}@{self.server.text().strip()}"
        else:
            url = f"{kind}:{Path(self.path.text().strip()).expanduser()}"
        logs_in = kind == IMAP or self.smtp_login.isChecked()
        smtp = _smtp_url(self.smtp.text().strip(), user if logs_in else "")
        return parse_account(self.account_name.text().strip(), url, smtp, plain)

    def add_from_form(self) -> None:
        """Check and keep the account off the GUI thread; say what happened."""
        try:
            account = self.account_from_form()
        except AssistantError as error:
            self.say(error.message)
            return
        password = self.password.text()
        self.password.clear()
        self.say(f"Trying {account.name}…")
        mail = self.assistant.mail
        self.background.run(lambda: add_account(mail, account, password), self._added, self._fail)

    def _added(self, done: list[str]) -> None:
        self.say(" ".join(done))
        self.account_name.clear()
        self.refresh()

    # The accounts.

    def refresh(self) -> None:
        """List the accounts again (read off the GUI thread)."""
        self.background.run(self.assistant.mail.accounts, self._fill, self._fail)

    def _fill(self, accounts: list[Account]) -> None:
        for row in self.rows:
            self.listing.removeWidget(row)
            row.deleteLater()
        self.rows = [self._row(account) for account in accounts]
        if not accounts:
            self.say("No mail account yet. Add one below.")
        self.loaded += 1

    def _row(self, account: Account) -> Row:
        row = Row(f"{account.name}: {account.url}")
        row.button("Test", lambda: self.test(account))
        row.button("Remove", lambda: self._remove_asked(row, account))
        self.listing.addWidget(row)
        return row

    def test(self, account: Account) -> None:
        """Try the password, the incoming and the outgoing server; say what works."""
        self.say(f"Trying {account.name}…")
        self.background.run(lambda: check_account(account), self._tested, self._fail)

    def _tested(self, checks: list[ServerCheck]) -> None:
        self.say("; ".join(f"{check.what}: {check.detail}" for check in checks))

    def _remove_asked(self, row: Row, account: Account) -> None:
        """The first click asks; the second removes (the account, its cache, its password)."""
        button = row.buttons["Remove"]
        if button.text() == "Remove":
            button.setText("Sure? Remove")
            return
        mail = self.assistant.mail
        self.background.run(lambda: remove_account(mail, account.name), self._removed, self._fail)

    def _removed(self, _removed: bool) -> None:
        self.say("Removed. No mail was touched; its password is gone from the keyring.")
        self.refresh()

    def say(self, text: str) -> None:
        """Show ``text`` under the accounts."""
        self.note.setText(text)

    def _fail(self, error: AssistantError) -> None:
        self.say(error.message)


def _smtp_url(server: str, user: str) -> str:
    """ "smtp://user@host:port" (smtps for port 465), or "" with no server."""
    if not server:
        return ""
    scheme = "smtps" if server.endswith(f":{SMTPS_PORT}") else "smtp"
    return f"{scheme}://{quote(user)}@{server}" if user else f"{scheme}://{server}"


def _beside(*widgets: QWidget) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget)
    return box

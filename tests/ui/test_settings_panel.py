"""The settings panel, used as a person would: folders in effect and a warning before a risky
one, and mail accounts added (a Maildir with open SMTP, an IMAP account on dovecot), tested and
removed with clicks and keys. Checked in config.toml, the database and the keyring."""

import os
import tomllib
from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import Qt

from assistant.mail.accounts import KEYRING_SERVICE
from harness.mailservers import PASSWORD, USER, Dovecot, SmtpSink, needs_dovecot
from ui.mail_accounts import MailAccounts
from ui.settings import SettingsDialog
from ui.window import Window

SHOTS = os.environ.get("WINDOW_TEST_SHOTS")
CLICK = Qt.MouseButton.LeftButton


@pytest.fixture
def panel(qtbot, window: Window) -> SettingsDialog:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(window.settings_button, CLICK)
    panel = window.settings_panel
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.mail.loaded > 0, timeout=5000)
    return panel


def _settle(qtbot, panel: SettingsDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: panel.background.pending == 0, timeout=20000)


def _fill(qtbot, mail: MailAccounts, fields: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    for name, text in fields.items():
        qtbot.keyClicks(getattr(mail, name), text)


def _choose_kind(qtbot, mail: MailAccounts, steps_down: int) -> None:  # type: ignore[no-untyped-def]
    mail.kind.setFocus()
    for _ in range(steps_down):
        qtbot.keyClick(mail.kind, Qt.Key.Key_Down)


def test_the_folders_in_effect_are_shown_and_a_risky_one_needs_a_yes(
    qtbot, panel: SettingsDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = panel.folders_in_effect()
    assert shown
    assert shown == [str(f) for f in panel.assistant.files.roots.folders]
    asked: list[str] = []
    monkeypatch.setattr(panel, "confirm_risk", lambda risk: asked.append(risk) or False)
    assert not panel.allow_folder("/")
    assert asked == ["/ is the whole disk: every file on this computer."]
    assert "/" not in panel.folders_in_effect()
    monkeypatch.setattr(panel, "confirm_risk", lambda risk: True)
    assert panel.allow_folder("/")
    _settle(qtbot, panel)
    saved = tomllib.loads(panel.assistant.paths.config_file.read_text())
    assert saved["allowed_folders"] == [*shown, "/"]


def test_a_new_maildir_with_open_smtp_is_added_with_no_password_and_tested(
    qtbot, panel: SettingsDialog, sink: SmtpSink, tmp_path: Path
) -> None:
    mail = panel.mail
    box = tmp_path / "Mail"
    _choose_kind(qtbot, mail, 1)
    assert not mail.server.isVisibleTo(panel)
    _fill(qtbot, mail, {"account_name": "local", "path": str(box)})
    _fill(qtbot, mail, {"smtp": f"127.0.0.1:{sink.port}"})
    qtbot.mouseClick(mail.plain, CLICK)
    qtbot.mouseClick(mail.add, CLICK)
    _settle(qtbot, panel)
    assert mail.note.text().startswith(f"I made a new, empty Maildir at {box}. Added local")
    qtbot.waitUntil(lambda: mail.lines() == [f"local: maildir:{box}"], timeout=5000)
    account = panel.assistant.mail.accounts()[0]
    assert account.insecure_plain
    assert (box / "new").is_dir()
    qtbot.mouseClick(mail.rows[0].buttons["Test"], CLICK)
    _settle(qtbot, panel)
    assert mail.note.text() == "incoming: ok; outgoing: ok"
    if SHOTS:
        panel.grab().save(str(Path(SHOTS) / "settings.png"))
    qtbot.mouseClick(mail.rows[0].buttons["Remove"], CLICK)
    assert mail.rows[0].buttons["Remove"].text() == "Sure? Remove"
    qtbot.mouseClick(mail.rows[0].buttons["Remove"], CLICK)
    _settle(qtbot, panel)
    qtbot.waitUntil(lambda: mail.lines() == [], timeout=5000)
    assert panel.assistant.mail.accounts() == []


def _add_imap(qtbot, panel: SettingsDialog, dovecot: Dovecot, password: str) -> None:  # type: ignore[no-untyped-def]
    """Fill in the IMAP form for the dovecot on loopback (no encryption) and click Add."""
    mail = panel.mail
    _fill(qtbot, mail, {"account_name": "home", "server": f"127.0.0.1:{dovecot.port}"})
    _fill(qtbot, mail, {"user": USER, "password": password})
    qtbot.mouseClick(mail.plain, CLICK)
    qtbot.mouseClick(mail.add, CLICK)
    _settle(qtbot, panel)


@needs_dovecot
def test_an_imap_account_is_added_with_its_password_going_to_the_keyring(
    qtbot, panel: SettingsDialog, dovecot: Dovecot, keyring_file: Path
) -> None:
    mail = panel.mail
    _add_imap(qtbot, panel, dovecot, PASSWORD)
    assert mail.note.text() == f"Added home: {dovecot.url}."
    assert mail.password.text() == ""
    assert keyring.get_password(KEYRING_SERVICE, "home") == PASSWORD
    assert [a.url for a in panel.assistant.mail.accounts()] == [dovecot.url]
    assert PASSWORD not in panel.assistant.store.path.read_bytes().decode("latin-1")


@needs_dovecot
def test_a_wrong_password_is_said_and_nothing_is_kept(
    qtbot, panel: SettingsDialog, dovecot: Dovecot, keyring_file: Path
) -> None:
    mail = panel.mail
    _add_imap(qtbot, panel, dovecot, "not it")
    assert "password" in mail.note.text()
    assert panel.assistant.mail.accounts() == []
    assert keyring.get_password(KEYRING_SERVICE, "home") is None


def test_a_folder_is_removed_with_a_click_and_none_left_means_the_usual_ones(
    qtbot, panel: SettingsDialog
) -> None:
    usual = panel.folders_in_effect()
    panel.folders.setCurrentRow(0)
    qtbot.mouseClick(panel.remove_folder, CLICK)
    _settle(qtbot, panel)
    assert panel.folders_in_effect() == usual[1:]
    assert panel.assistant.settings.allowed_folders == tuple(usual[1:])
    for _ in usual[1:]:
        panel.folders.setCurrentRow(0)
        qtbot.mouseClick(panel.remove_folder, CLICK)
    _settle(qtbot, panel)
    assert panel.assistant.settings.allowed_folders == ()
    assert panel.folders_in_effect() == usual
    assert panel.name_note.text() == "With none chosen, I tidy your usual folders."

"""Mail typed in the window, against a real dovecot and SMTP server on loopback."""

from pathlib import Path

from PySide6.QtCore import Qt

from assistant.mail.accounts import parse_account, store_password
from harness.mailservers import PASSWORD, Dovecot, SmtpSink, needs_dovecot
from ui.settings import SettingsDialog
from ui.window import Window


def _type(qtbot, window: Window, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(window.entry, text)
    qtbot.keyClick(window.entry, Qt.Key.Key_Return)


def _reply_to(qtbot, window: Window, text: str, starts: str) -> None:  # type: ignore[no-untyped-def]
    _type(qtbot, window, text)
    name = window.assistant.identity.name
    qtbot.waitUntil(
        lambda: (
            window.transcript_lines()[-1:] != []
            and window.transcript_lines()[-1].startswith(f"{name}: {starts}")
        ),
        timeout=10000,
    )


@needs_dovecot
def test_reading_and_answering_mail_in_the_window(
    qtbot,  # type: ignore[no-untyped-def]
    window: Window,
    keyring_file: Path,
    dovecot: Dovecot,
    sink: SmtpSink,
    tmp_path: Path,
) -> None:
    store_password("home", PASSWORD)
    account = parse_account("home", dovecot.url, sink.url, insecure_plain=True)
    window.assistant.mail.add_account(account)
    settings = SettingsDialog(window, window.session, window.background)
    qtbot.addWidget(settings)
    qtbot.waitUntil(lambda: settings.mail.loaded > 0, timeout=5000)
    assert settings.mail.lines() == [f"home: {dovecot.url}"]
    settings.close()
    _reply_to(qtbot, window, "do I have new mail", "You have 5 unread emails: from Amy Pond")
    _reply_to(qtbot, window, "read the one from Amy", "From Amy Pond,")
    _reply_to(qtbot, window, "reply to her", "What would you like to say to Amy Pond?")
    _reply_to(qtbot, window, "see you at noon", 'To Amy Pond: "See you at noon."')
    _reply_to(qtbot, window, "send it", "Send this to Amy Pond at amy@example.org")
    assert window.plan.isVisible()
    assert sink.received == []
    _reply_to(qtbot, window, "yes", "Sent to Amy Pond.")
    window.grab().save(str(tmp_path / "mail.png"))
    (_, recipients, message) = sink.received[0]
    assert recipients == ["amy@example.org"]
    assert message["In-Reply-To"] == "<lunch-1@example.org>"

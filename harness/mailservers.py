"""Real mail servers on loopback for the tests: dovecot (IMAP) and aiosmtpd (SMTP).

Dovecot runs from a throwaway folder with its own config. Run as root, its login processes use
Debian's dovenull and dovecot users and the mail belongs to nobody (dovecot refuses root for
both); run as a user, everything is that user.
"""

import grp
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import Message
from pathlib import Path

import keyring
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from imapclient import IMAPClient
from keyrings.alt.file import PlaintextKeyring

MAIL_FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "mail"
USER, PASSWORD = "rory", "s3cr3t-Pa55-xyzzy"
INBOX_FIXTURES = (
    *("amy_lunch.eml", "catherine_report.eml", "newsletter_garden.eml"),
    *("notification_build.eml", "spam_prize.eml"),
)


def shared_mail() -> Path:
    """The shared mail corpus (../shared/data/mail from the project, or from its worktree)."""
    root = Path(__file__).resolve().parent.parent
    candidates = [root.parent / "shared", root.parent.parent / "shared"]
    found = next((c for c in candidates if (c / "data" / "mail").exists()), candidates[0])
    return found / "data" / "mail"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def dovecot_binary() -> str | None:
    return shutil.which("dovecot") or (
        "/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None
    )


@dataclass
class Dovecot:
    """A dovecot serving one user's Maildir on a loopback port."""

    root: Path
    port: int = field(default_factory=free_port)

    @property
    def url(self) -> str:
        return f"imap://{USER}@127.0.0.1:{self.port}"

    def start(self) -> None:
        self._write_config()
        binary = dovecot_binary()
        assert binary is not None
        subprocess.run([binary, "-c", str(self.root / "dovecot.conf")], check=True)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
            except OSError:
                time.sleep(0.02)
            else:
                return
        raise RuntimeError(f"dovecot did not start: {self.log()}")

    def stop(self) -> None:
        binary = dovecot_binary()
        assert binary is not None
        subprocess.run(
            [binary, "-c", str(self.root / "dovecot.conf"), "stop"],
            check=False,
            capture_output=True,
        )
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                time.sleep(0.02)
            except OSError:
                return

    @property
    def user_dir(self) -> Path:
        """The user's Maildir (INBOX; a folder F is ``F/`` in it)."""
        return self.root / "mail" / USER

    def own(self) -> None:
        """Give mail written straight into the Maildir to the user dovecot serves it as."""
        if os.geteuid() != 0:
            return
        owner, group = _users()[2:]
        for path in [self.user_dir, *self.user_dir.rglob("*")]:
            shutil.chown(path, owner, group)

    def log(self) -> str:
        path = self.root / "run" / "dovecot.log"
        return path.read_text() if path.exists() else ""

    def client(self) -> IMAPClient:
        client = IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=5)
        client.login(USER, PASSWORD)
        return client

    def seed(self, files: tuple[str, ...] = INBOX_FIXTURES) -> None:
        """Put the fixtures in INBOX, and the user's own letter in Sent."""
        with self.client() as client:
            for name in files:
                client.append("INBOX", (MAIL_FIXTURES / name).read_bytes())
            client.create_folder("Sent")
            client.append("Sent", (MAIL_FIXTURES / "sent_to_amy.eml").read_bytes(), [b"\\Seen"])

    def snapshot(self) -> set[tuple[str, str, tuple[str, ...]]]:
        """Every message as (Message-ID, folder, flags): what must survive clean-up and undo."""
        seen = set()
        with self.client() as client:
            for _, _, folder in client.list_folders():
                client.select_folder(folder, readonly=True)
                uids = client.search("ALL")
                fetched = client.fetch(uids, ["FLAGS", "BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"])
                for data in fetched.values():
                    header = data[b"BODY[HEADER.FIELDS (MESSAGE-ID)]"].decode().strip()
                    flags = tuple(sorted(f.decode() for f in data[b"FLAGS"] if f != b"\\Recent"))
                    seen.add((header.partition(":")[2].strip(), str(folder), flags))
        return seen

    def _write_config(self) -> None:
        run = self.root / "run"
        mail = self.root / "mail"
        run.mkdir(parents=True, exist_ok=True)
        mail.mkdir(exist_ok=True)
        login, internal, owner, group = _users()
        if os.geteuid() == 0:
            shutil.chown(mail, owner, group)
        (self.root / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
        (self.root / "dovecot.conf").write_text(
            f"""
protocols = imap
listen = 127.0.0.1
base_dir = {run}
state_dir = {run}/state
log_path = {run}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
imap_logout_format = in=%i out=%o
first_valid_uid = 1
default_internal_user = {internal}
default_internal_group = {internal}
default_login_user = {login}
mail_location = maildir:{mail}/%u:LAYOUT=fs
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {self.root}/users
}}
userdb {{
  driver = static
  args = uid={owner} gid={group} home={mail}/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""
        )


def _users() -> tuple[str, str, str, str]:
    """The login user, the internal user, and the mail's owner and group."""
    if os.geteuid() != 0:
        me = pwd.getpwuid(os.getuid()).pw_name
        group = grp.getgrgid(os.getgid()).gr_name
        return me, me, me, group
    nobody_group = grp.getgrgid(pwd.getpwnam("nobody").pw_gid).gr_name
    return "dovenull", "dovecot", "nobody", nobody_group


def start_dovecot() -> Dovecot:
    root = Path(tempfile.mkdtemp(prefix="dovecot-"))
    root.chmod(0o755)
    server = Dovecot(root)
    server.start()
    return server


@dataclass
class SmtpSink:
    """aiosmtpd on loopback, keeping every message it receives."""

    port: int = field(default_factory=free_port)
    received: list[tuple[str, list[str], Message]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"smtp://{USER}@127.0.0.1:{self.port}"

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:  # noqa: N802
        data = getattr(envelope, "content", b"")
        self.received.append(
            (
                str(getattr(envelope, "mail_from", "")),
                list(getattr(envelope, "rcpt_tos", [])),
                message_from_bytes(
                    data if isinstance(data, bytes) else data.encode(), policy=policy.default
                ),
            )
        )
        return "250 OK"


@dataclass
class SecureSmtpSink(SmtpSink):
    """aiosmtpd that takes mail only over STARTTLS, after AUTH with the user's password."""

    logins: list[str] = field(default_factory=list)
    """Every login it accepted."""

    @property
    def url(self) -> str:
        return f"smtp://{USER}@127.0.0.1:{self.port}"

    def authenticate(
        self, server: object, session: object, envelope: object, mechanism: str, data: object
    ) -> AuthResult:
        accepted = isinstance(data, LoginPassword) and (data.login, data.password) == (
            USER.encode(),
            PASSWORD.encode(),
        )
        if accepted:
            self.logins.append(USER)
        return AuthResult(success=accepted)


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, made with openssl."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"),
            *("-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1"),
            *("-addext", "subjectAltName=IP:127.0.0.1"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return cert, key


needs_dovecot = pytest.mark.skipif(
    dovecot_binary() is None, reason="dovecot is not installed (scripts/setup dev installs it)"
)


@pytest.fixture
def keyring_file(tmp_path: Path) -> Iterator[Path]:
    """A keyring in a file under the test's folder, for this process and its children."""
    backend = PlaintextKeyring()
    path = tmp_path / "keyring" / "keyring_pass.cfg"
    path.parent.mkdir()
    backend.file_path = str(path)
    before = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield path
    keyring.set_keyring(before)


@pytest.fixture
def dovecot() -> Iterator[Dovecot]:
    """A dovecot with the fixtures in INBOX and the user's own letter in Sent."""
    server = start_dovecot()
    server.seed()
    yield server
    server.stop()
    shutil.rmtree(server.root, ignore_errors=True)


@pytest.fixture
def sink() -> Iterator[SmtpSink]:
    """aiosmtpd on loopback, keeping what it receives."""
    server = SmtpSink()
    controller = Controller(server, hostname="127.0.0.1", port=server.port)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


@contextmanager
def secure_smtp(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SecureSmtpSink]:
    """aiosmtpd with STARTTLS required and AUTH required, its self-signed certificate trusted
    by this process (SSL_CERT_FILE) for the test only."""
    import ssl

    cert, key = self_signed_certificate(folder)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    server = SecureSmtpSink()
    controller = Controller(
        server,
        hostname="127.0.0.1",
        port=server.port,
        tls_context=context,
        require_starttls=True,
        auth_required=True,
        auth_require_tls=True,
        authenticator=server.authenticate,
    )
    controller.start()
    try:
        yield server
    finally:
        controller.stop()

"""Passwords in the operating system's keyring (GNOME Keyring, KWallet), under a service name
for each kind of account ("assistant-mail", "assistant-calendar") and the account's name. They
are never written anywhere else. ``keyring`` is loaded on first use, not at start."""

import contextlib


class KeyringUnavailable(Exception):
    """There is no keyring to use, or it is locked."""


def keep(service: str, name: str, password: str) -> None:
    """Keep ``password`` for ``name``; ``KeyringUnavailable`` when it cannot be kept safely."""
    import keyring.errors  # noqa: PLC0415 - loaded on first use

    try:
        keyring.set_password(service, name, password)
    except keyring.errors.KeyringError as error:
        raise KeyringUnavailable(str(error)) from error


def kept(service: str, name: str) -> str | None:
    """The password kept for ``name``, or ``None``; ``KeyringUnavailable`` when the keyring
    cannot be opened."""
    import keyring.errors  # noqa: PLC0415

    try:
        return keyring.get_password(service, name)
    except keyring.errors.KeyringError as error:
        raise KeyringUnavailable(str(error)) from error


def drop(service: str, name: str) -> None:
    """Remove the password kept for ``name``, if there is one."""
    import keyring.errors  # noqa: PLC0415

    with contextlib.suppress(keyring.errors.KeyringError):
        keyring.delete_password(service, name)

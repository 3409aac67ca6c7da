"""A group of sub-commands (``assistant mail ...``, ``assistant rooms ...``) whose handlers are
given the way to open the assistant."""

import argparse
import getpass
import os
import sys
from collections.abc import Callable

from assistant.runtime.assistant import Assistant

Opener = Callable[[argparse.Namespace], Assistant]
AddAction = Callable[[str, Callable[..., int], str], argparse.ArgumentParser]
"""Adds one action: its name, its handler ``(args, opener) -> exit code``, and what it does."""


def command_group(
    commands: "argparse._SubParsersAction[argparse.ArgumentParser]",
    common: argparse.ArgumentParser,
    name: str,
    summary: str,
    opener: Opener,
) -> AddAction:
    """The ``name`` command, whose actions are added with the function returned."""
    group = commands.add_parser(name, help=summary, description=summary)
    actions = group.add_subparsers(title=f"{name} commands", metavar="ACTION", required=True)

    def action(verb: str, handler: Callable[..., int], about: str) -> argparse.ArgumentParser:
        sub = actions.add_parser(verb, parents=[common], help=about, description=about)
        sub.set_defaults(handler=lambda args: handler(args, opener))
        return sub

    return action


def read_password(env_var: str | None, name: str, refused: Callable[[str], Exception]) -> str:
    """A password from the variable ``env_var`` (``--password-env``), else typed at a prompt;
    ``refused`` makes the error when neither can be had."""
    if env_var:
        password = os.environ.get(env_var)
        if password is None:
            raise refused(f"The variable {env_var} isn't set.")
        return password
    if not sys.stdin.isatty():
        raise refused("Give the password with --password-env VAR, or type it at a prompt.")
    return getpass.getpass(f"Password for {name}: ")

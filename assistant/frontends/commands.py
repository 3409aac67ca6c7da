"""A group of sub-commands (``assistant mail ...``, ``assistant rooms ...``) whose handlers are
given the way to open the assistant."""

import argparse
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

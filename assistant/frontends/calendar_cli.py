"""``assistant calendar``: add, list and remove the calendars it reads (an ``.ics`` file or a
CalDAV calendar), and show what is on.

A CalDAV password comes from a prompt or ``--password-env VAR`` and goes straight to the
keyring; it is never printed, logged, or written to the database or the settings.
"""

import argparse
import sys
from collections.abc import Callable

from assistant.calendar.service import (
    CalendarAccount,
    CalendarError,
    forget_password,
    store_password,
)
from assistant.frontends.commands import read_password
from assistant.runtime.assistant import Assistant

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
Opener = Callable[[argparse.Namespace], Assistant]


def add_calendar_commands(
    commands: "argparse._SubParsersAction[argparse.ArgumentParser]",
    common: argparse.ArgumentParser,
    opener: Opener,
) -> None:
    """The ``calendar`` command and its actions."""
    group = commands.add_parser("calendar", help="your calendars", description="calendars")
    actions = group.add_subparsers(title="calendar commands", metavar="ACTION", required=True)

    def command(name: str, handler: Callable[..., int], summary: str) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, parents=[common], help=summary, description=summary)
        sub.set_defaults(handler=lambda args: handler(args, opener))
        return sub

    add = command("add", calendar_add, "add a calendar: a path to an .ics file, or https://")
    add.add_argument("name", metavar="NAME")
    add.add_argument("url", metavar="URL")
    add.add_argument("--user", default="", help="the CalDAV user name")
    add.add_argument(
        "--password-env", metavar="VAR", help="take the password from this environment variable"
    )
    command("list", calendar_list, "list the calendars")
    remove = command("remove", calendar_remove, "remove a calendar and its password")
    remove.add_argument("name", metavar="NAME")


def calendar_add(args: argparse.Namespace, opener: Opener) -> int:
    """Read the calendar once (so a wrong address or password is said now), then keep it."""
    account = CalendarAccount(args.name, args.url, args.user)
    try:
        if account.username:
            store_password(account.name, _password(args))
        with opener(args) as assistant:
            count = len(assistant.calendars.index(account).single)
            assistant.calendars.add(account)
    except CalendarError as error:
        print(error.message, file=sys.stderr)
        if account.username:
            forget_password(account.name)
        return EXIT_FAILED
    print(f"Added {account.name}: {account.url} ({count} single events, and the repeating ones)")
    return EXIT_OK


def _password(args: argparse.Namespace) -> str:
    return read_password(
        args.password_env, args.name, lambda why: CalendarError("calendar-no-password", why)
    )


def calendar_list(args: argparse.Namespace, opener: Opener) -> int:
    """Print the calendars."""
    with opener(args) as assistant:
        accounts = assistant.calendars.accounts()
    for account in accounts:
        user = f" as {account.username}" if account.username else ""
        print(f"{account.name}: {account.url}{user}")
    if not accounts:
        print("No calendars yet. Add one with: assistant calendar add NAME URL", file=sys.stderr)
    return EXIT_OK


def calendar_remove(args: argparse.Namespace, opener: Opener) -> int:
    """Forget a calendar and its password (the calendar itself is not touched)."""
    with opener(args) as assistant:
        removed = assistant.calendars.remove(args.name)
    if not removed:
        print(f"There's no calendar called {args.name}.", file=sys.stderr)
        return EXIT_USAGE
    print(f"Removed {args.name}; the calendar itself was not touched.")
    return EXIT_OK

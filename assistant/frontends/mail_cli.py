"""``assistant mail``: add, list, remove and check mail accounts.

Passwords come from a prompt or ``--password-env VAR`` and go straight to the keyring; they are
never printed, logged, or written to the database or the settings.
"""

import argparse
import sys

from assistant.frontends.commands import Opener, command_group, read_password
from assistant.mail.accounts import Account, MailError, parse_account
from assistant.mail.cache import INBOX
from assistant.mail.setup import add_account, needs_password, remove_account

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def add_mail_commands(
    commands: "argparse._SubParsersAction[argparse.ArgumentParser]",
    common: argparse.ArgumentParser,
    opener: Opener,
) -> None:
    command = command_group(commands, common, "mail", "your mail accounts", opener)
    add = command("add", mail_add, "add an account: imap://, imaps://, maildir:/path, mbox:/path")
    add.add_argument("name", metavar="NAME")
    add.add_argument("url", metavar="URL")
    add.add_argument("--smtp", metavar="URL", default="", help="send through smtp://user@host")
    add.add_argument(
        "--password-env", metavar="VAR", help="take the password from this environment variable"
    )
    add.add_argument(
        "--insecure-plain",
        action="store_true",
        help="no encryption (allowed only for a server on this computer)",
    )
    command("list", mail_list, "list the accounts")
    remove = command("remove", mail_remove, "remove an account and its password")
    remove.add_argument("name", metavar="NAME")
    command("check", mail_check, "check every inbox now")


def mail_add(args: argparse.Namespace, opener: Opener) -> int:
    """Check the account works, then keep the password in the keyring and the account (the
    same rules as the window's settings: ``assistant.mail.setup``)."""
    with opener(args) as assistant:
        try:
            account = parse_account(args.name, args.url, args.smtp, args.insecure_plain)
            done = add_account(assistant.mail, account, _password(args, account))
        except MailError as error:
            print(error.message, file=sys.stderr)
            return EXIT_FAILED
    print("\n".join(done))
    return EXIT_OK


def _password(args: argparse.Namespace, account: Account) -> str:
    """The password, only where a server needs one: from ``--password-env`` or a prompt."""
    if not needs_password(account):
        return ""
    return read_password(
        args.password_env, account.name, lambda why: MailError("mail-no-password", why)
    )


def mail_list(args: argparse.Namespace, opener: Opener) -> int:
    with opener(args) as assistant:
        accounts = assistant.mail.accounts()
        for account in accounts:
            cached = len(assistant.mail.cache.keys(account.name, INBOX))
            sending = f", sends via {account.smtp_url}" if account.smtp_url else ""
            print(f"{account.name}: {account.url}{sending} ({cached} in the inbox at last check)")
    if not accounts:
        print("No mail accounts yet. Add one with: assistant mail add NAME URL", file=sys.stderr)
    return EXIT_OK


def mail_remove(args: argparse.Namespace, opener: Opener) -> int:
    with opener(args) as assistant:
        removed = remove_account(assistant.mail, args.name)
        assistant.memory.people.learn_from_mail()  # people known only from it go
    if not removed:
        print(f"There's no account called {args.name}.", file=sys.stderr)
        return EXIT_USAGE
    print(f"Removed {args.name}; its password is gone from the keyring. No mail was touched.")
    return EXIT_OK


def mail_check(args: argparse.Namespace, opener: Opener) -> int:
    with opener(args) as assistant:
        try:
            found = assistant.mail.check()
        except MailError as error:
            print(error.message, file=sys.stderr)
            return EXIT_FAILED
    print(f"{found.unread_count} unread, {len(found.new)} new since the last check.")
    for problem in found.problems:
        print(problem, file=sys.stderr)
    return EXIT_OK

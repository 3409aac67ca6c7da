"""The command line: thin wiring from arguments to the core.

Commands: ``ask``, ``chat``, ``doctor``, ``listen``, ``transcribe``, ``say``, ``devices``,
``files``, ``memory``, ``mail``, ``rooms``.
With no command it starts a typed conversation; the ``assistant`` program (``ui.app``) adds
``window`` and opens it by default.
The names, options and ``--json`` output are a contract other tools rely on.
"""

import argparse
import json
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import TextIO

from assistant import __version__
from assistant.config import Paths
from assistant.errors import INTERNAL_ERROR_MESSAGE, AssistantError
from assistant.events import Failed, to_json
from assistant.files.roots import risk_of_allowing
from assistant.footprint import tune_allocator
from assistant.frontends import voice_cli
from assistant.frontends.calendar_cli import add_calendar_commands
from assistant.frontends.doctor import format_report, run_checks
from assistant.frontends.mail_cli import add_mail_commands
from assistant.frontends.quiet_output import quiet_when_reader_leaves
from assistant.frontends.rooms.cli import add_rooms_commands
from assistant.frontends.terminal import TerminalTalk
from assistant.runtime.assistant import Assistant
from assistant.runtime.pipeline import TurnResult
from assistant.skills.conversation import GOODBYE

_LOGGER = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_TURN_FAILED = 1
EXIT_USAGE = 2
EXIT_CANNOT_START = 3
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130

QUIT_WORDS = {"quit", "exit", "/quit", "/exit"}

Handler = Callable[[argparse.Namespace], int]


def main(argv: list[str] | None = None, window: Handler | None = None) -> int:
    """Run the command line; returns the exit code.

    A front end passes ``window`` to add the ``window`` command and make it the default.
    """
    tune_allocator()
    _prepare_streams()
    quiet_when_reader_leaves()
    args = parse_arguments(build_parser(window), argv)
    _log_to_stderr(args.debug)
    handler: Handler = args.handler
    try:
        return handler(args)
    except AssistantError as error:
        _report_start_failure(args, error)
        return EXIT_CANNOT_START
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception:
        _LOGGER.exception("Unexpected failure")
        print(INTERNAL_ERROR_MESSAGE, file=sys.stderr)
        return EXIT_INTERNAL


def build_parser(window: Handler | None = None) -> argparse.ArgumentParser:
    """The argument parser, with one sub-parser per command."""
    parser = argparse.ArgumentParser(
        prog="assistant",
        parents=[_common_options(None, False)],
        description="An offline, voice-first desktop companion. With no command, open the window.",
    )
    # Given after a command too; there they must not reset what was given before the command.
    common = _common_options(argparse.SUPPRESS, argparse.SUPPRESS)
    parser.add_argument("--version", action="version", version=f"assistant {__version__}")
    parser.set_defaults(handler=window or chat, no_audio=False)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    if window is not None:
        sub = _add_command(commands, common, "window", window, "open the window (the default)")
        sub.add_argument(
            "--no-audio", action="store_true", help="typed turns only: no microphone or voice"
        )
    _add_ask(commands, common)
    _add_command(commands, common, "chat", chat, "hold a typed conversation in the terminal")
    _add_command(commands, common, "doctor", doctor, "say what works on this machine")
    _add_voice_commands(commands, common)
    _add_files_commands(commands, common)
    _add_memory_commands(commands, common)
    add_mail_commands(commands, common, open_assistant)
    add_calendar_commands(commands, common, open_assistant)
    add_rooms_commands(commands, common, open_assistant)
    return parser


def parse_arguments(parser: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace:
    """The arguments; an option no command knows is refused with the usage of the command it
    was given to ("ask --jsn" shows ask's usage, not the whole program's)."""
    _name_own_parsers(parser)
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        own: argparse.ArgumentParser = getattr(args, "command_parser", parser)
        own.error(f"unrecognised arguments: {' '.join(unknown)}")
    return args


def _name_own_parsers(parser: argparse.ArgumentParser) -> None:
    """Let each command's parser put itself in the arguments it parses."""
    for action in parser._actions:  # noqa: SLF001 - argparse's only way to walk its commands
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            for sub in action.choices.values():
                sub.set_defaults(command_parser=sub)
                _name_own_parsers(sub)


def _common_options(data_dir: object, debug: object) -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=data_dir,
        help="keep all state in DIR (default: $ASSISTANT_HOME, else the usual data folder)",
    )
    common.add_argument(
        "--debug", action="store_true", default=debug, help="log details to standard error"
    )
    return common


def _add_command(
    commands: "argparse._SubParsersAction[argparse.ArgumentParser]",
    common: argparse.ArgumentParser,
    name: str,
    handler: Handler,
    summary: str,
) -> argparse.ArgumentParser:
    sub = commands.add_parser(name, parents=[common], help=summary, description=summary)
    sub.set_defaults(handler=handler)
    return sub


def _add_ask(
    commands: "argparse._SubParsersAction[argparse.ArgumentParser]",
    common: argparse.ArgumentParser,
) -> None:
    sub = _add_command(
        commands, common, "ask", ask, "run each utterance as the next turn of one conversation"
    )
    sub.add_argument(
        "utterance",
        nargs="*",
        metavar="UTTERANCE",
        help="what to say; with none, one utterance per line of standard input",
    )
    sub.add_argument(
        "--json", action="store_true", help="print every event as one JSON object per line"
    )


def _add_voice_commands(
    commands: "argparse._SubParsersAction[argparse.ArgumentParser]",
    common: argparse.ArgumentParser,
) -> None:
    listen = _add_command(
        commands,
        common,
        "listen",
        _listen,
        "hear speech (a microphone, or WAV files) and answer aloud",
    )
    listen.add_argument(
        "--input-wav",
        nargs="+",
        metavar="F",
        help="hear these WAV files as microphone input, in order, then exit",
    )
    listen.add_argument("--speak-to", metavar="OUT.wav", help="write the spoken replies here")
    listen.add_argument("--json", action="store_true", help="print every event as JSON")
    listen.add_argument(
        "--input-device", help="microphone, by name or index (default: as in the settings)"
    )
    listen.add_argument(
        "--output-device", help="speaker or earpiece, by name or index (default: the settings)"
    )
    listen.add_argument(
        "--turns", type=int, metavar="N", help="stop listening to the microphone after N turns"
    )
    transcribe = _add_command(
        commands, common, "transcribe", voice_cli.transcribe_file, "print the words in a WAV file"
    )
    transcribe.add_argument("file", metavar="F.wav")
    transcribe.add_argument("--dictation", action="store_true", help="any words, not just commands")
    transcribe.add_argument("--json", action="store_true", help="print a transcript event")
    say = _add_command(commands, common, "say", voice_cli.say, "speak TEXT aloud")
    say.add_argument("text", nargs="+", metavar="TEXT")
    say.add_argument("--out", metavar="F.wav", help="write the speech to a WAV file instead")
    say.add_argument("--output-device", help="speaker or earpiece, by name or index")
    _add_command(commands, common, "devices", voice_cli.devices, "list the audio devices")


def _command_group(
    commands: "argparse._SubParsersAction[argparse.ArgumentParser]", name: str, summary: str
) -> "argparse._SubParsersAction[argparse.ArgumentParser]":
    group = commands.add_parser(name, help=summary, description=summary)
    return group.add_subparsers(title=f"{name} commands", metavar="ACTION", required=True)


def _add_files_commands(
    commands: "argparse._SubParsersAction[argparse.ArgumentParser]",
    common: argparse.ArgumentParser,
) -> None:
    actions = _command_group(commands, "files", "the folders the assistant may tidy")
    _add_command(actions, common, "list", files_list, "list the folders it may tidy")
    for name, handler, summary in (
        ("allow", files_allow, "let it look in and tidy PATH"),
        ("disallow", files_disallow, "stop it touching PATH"),
    ):
        sub = _add_command(actions, common, name, handler, summary)
        sub.add_argument("path", metavar="PATH")
        if name == "allow":
            sub.add_argument(
                "--yes", action="store_true", help="no question for a risky folder (/, home)"
            )


def _add_memory_commands(
    commands: "argparse._SubParsersAction[argparse.ArgumentParser]",
    common: argparse.ArgumentParser,
) -> None:
    actions = _command_group(commands, "memory", "what the assistant knows about you")
    export = _add_command(actions, common, "export", memory_export, "write it all out as JSON")
    export.add_argument("--out", metavar="F.json", help="write to this file (default: stdout)")
    forget = _add_command(actions, common, "forget", memory_forget, "forget it all, for good")
    forget.add_argument("--all", action="store_true", required=True, help="everything about you")
    forget.add_argument("--yes", action="store_true", help="do not ask for a confirmation")


def memory_export(args: argparse.Namespace) -> int:
    """``assistant memory export``: every fact, person, reminder and turn, as JSON."""
    with open_assistant(args) as assistant:
        data = {"assistant_name": assistant.identity.name, **assistant.memory.export()}
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    if args.out is None:
        print(text)
        return EXIT_OK
    try:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    except OSError as error:
        print(f"I couldn't write {args.out}: {error.strerror}.", file=sys.stderr)
        return EXIT_USAGE
    print(f"Everything I know about you is in {args.out}.", file=sys.stderr)
    return EXIT_OK


def memory_forget(args: argparse.Namespace) -> int:
    """``assistant memory forget --all``: wipe what it knows about the user, once confirmed."""
    with open_assistant(args) as assistant:
        counts = assistant.memory.counts()
        print(
            f"This forgets {counts['facts']} facts, {counts['people']} people, "
            f"{counts['reminders']} reminders and {counts['turns']} turns, for good.",
            file=sys.stderr,
        )
        if not (args.yes or _confirmed('Type "forget" to go ahead: ')):
            print("Nothing was forgotten.", file=sys.stderr)
            return EXIT_USAGE
        assistant.memory.wipe()
    print("Done. I've forgotten everything about you.", file=sys.stderr)
    return EXIT_OK


def _confirmed(prompt: str) -> bool:
    print(prompt, end="", file=sys.stderr, flush=True)
    answer = sys.stdin.readline() if sys.stdin is not None else ""
    return answer.strip().casefold() == "forget"


def files_list(args: argparse.Namespace) -> int:
    """``assistant files list``: the allowed folders, and whether each exists."""
    with open_assistant(args) as assistant:
        for folder in assistant.files.roots.folders:
            print(f"{folder}{'' if folder.is_dir() else '  (not there)'}")
    return EXIT_OK


def files_allow(args: argparse.Namespace) -> int:
    """``assistant files allow PATH``: add a folder to those it may tidy (the whole disk, the
    home folder itself or a system folder only after a warning and a yes)."""
    folder = Path(args.path).expanduser().resolve()
    if not folder.is_dir():
        print(f"{args.path} is not a folder.", file=sys.stderr)
        return EXIT_USAGE
    risk = risk_of_allowing(folder)
    if risk and not (args.yes or _said_yes(f"{risk} Allow it anyway? Type yes: ")):
        print("I've left my folders as they were.", file=sys.stderr)
        return EXIT_USAGE
    with open_assistant(args) as assistant:
        current = [str(f) for f in assistant.files.roots.folders]
        if str(folder) not in current:
            assistant.change_settings(allowed_folders=(*current, str(folder)))
        print(f"I may now look in and tidy {folder}.")
    return EXIT_OK


def _said_yes(prompt: str) -> bool:
    print(prompt, end="", file=sys.stderr, flush=True)
    answer = sys.stdin.readline() if sys.stdin is not None else ""
    return answer.strip().casefold() in ("yes", "y")


def files_disallow(args: argparse.Namespace) -> int:
    """``assistant files disallow PATH``: take a folder off the list."""
    folder = str(Path(args.path).expanduser().resolve())
    with open_assistant(args) as assistant:
        current = [str(f) for f in assistant.files.roots.folders]
        if folder not in current:
            print(f"{folder} wasn't one of my folders.", file=sys.stderr)
            return EXIT_USAGE
        assistant.change_settings(allowed_folders=tuple(f for f in current if f != folder))
        print(f"I won't touch {folder} any more.")
    return EXIT_OK


def _listen(args: argparse.Namespace) -> int:
    with open_assistant(args) as assistant:
        _print_notices(assistant, sys.stderr)
        return voice_cli.listen(args, assistant)


def ask(args: argparse.Namespace) -> int:
    """``assistant ask``: each utterance is the next turn; replies (or events) are printed.

    Utterances from standard input are taken as they come, and what comes due in between
    (a timer, a reminder) is said without waiting for the next line.
    """
    utterances: Iterable[str] = list(args.utterance) or _stdin_lines()
    with open_assistant(args) as assistant:
        _print_notices(assistant, sys.stderr)
        if args.json:
            assistant.bus.subscribe(voice_cli.EventPrinter(True, assistant.identity.name))
        show = _ignore if args.json else _print_reply
        with TerminalTalk(assistant, show) as talk:
            failures = [_ask_one(talk, text, args.json) for text in utterances]
    return EXIT_TURN_FAILED if any(failures) else EXIT_OK


def _ask_one(talk: TerminalTalk, text: str, as_json: bool) -> bool:
    result = talk.run_text(text)
    if not as_json:
        _print_reply(result)
    return result.failed is not None


def _print_reply(result: TurnResult) -> None:
    stream = sys.stderr if result.failed else sys.stdout
    if result.reply:
        print(result.reply, file=stream, flush=True)


def _ignore(result: TurnResult) -> None:
    """The ``--json`` printer already showed it."""


def chat(args: argparse.Namespace) -> int:
    """``assistant chat``: a typed conversation in the terminal, until EOF or "quit".

    What comes due while the user is reading or typing is said at once.
    """
    with open_assistant(args) as assistant:
        name = assistant.identity.name
        _print_notices(assistant, sys.stdout)
        print(assistant.introduction() or f'{name} here. Type to talk; "quit" to leave.')

        def show(result: TurnResult) -> None:
            if result.reply:
                print(f"{assistant.identity.name}: {result.reply}", flush=True)

        with TerminalTalk(assistant, show) as talk:
            for line in _prompted_lines("you> "):
                if line.strip().lower() in QUIT_WORDS:
                    break
                result = talk.run_text(line)
                show(result)
                if result.understanding and result.understanding.intent == GOODBYE:
                    break
    return EXIT_OK


def doctor(args: argparse.Namespace) -> int:
    """``assistant doctor``: one line per area, ok or not, with what to do."""
    checks = run_checks(Paths.resolve(args.data_dir))
    print(f"assistant {__version__}")
    print(format_report(checks))
    return EXIT_OK if checks[0].ok else EXIT_CANNOT_START


def open_assistant(args: argparse.Namespace) -> Assistant:
    """The assistant for ``--data-dir``, logging to its data folder."""
    paths = Paths.resolve(args.data_dir)
    assistant = Assistant(paths)
    _log_to_file(paths)
    return assistant


def _stdin_lines() -> Iterator[str]:
    if sys.stdin is None or sys.stdin.isatty():
        return
    for line in sys.stdin:
        yield line.rstrip("\n")


def _prompted_lines(prompt: str) -> Iterator[str]:
    interactive = sys.stdin is not None and sys.stdin.isatty()
    while True:
        try:
            line = input(prompt) if interactive else sys.stdin.readline()
        except EOFError:
            return
        if not interactive and not line:
            return
        yield line.rstrip("\n")


def _print_notices(assistant: Assistant, stream: TextIO) -> None:
    for notice in assistant.notices():
        print(notice, file=stream)


def _report_start_failure(args: argparse.Namespace, error: AssistantError) -> None:
    _LOGGER.debug("Cannot start: %s", error.code)
    if getattr(args, "json", False):
        failed = Failed(0, error.stage.value, error.code, error.message)
        print(json.dumps(to_json(failed), ensure_ascii=False))
    print(error.message, file=sys.stderr)


def _prepare_streams() -> None:
    """Undecodable input reaches the pipeline (which says so) instead of crashing."""
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="surrogateescape" if stream is sys.stdin else "replace")


def _log_to_stderr(debug: bool) -> None:
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    if debug:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)


def _log_to_file(paths: Paths) -> None:
    """Keep the details that replies leave out in the data folder's log."""
    handler = RotatingFileHandler(
        paths.log_file, maxBytes=1_000_000, backupCount=2, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)

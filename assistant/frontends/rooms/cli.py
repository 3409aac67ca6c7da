"""``assistant rooms``: the satellites in other rooms, and the server Home Assistant uses.

Satellites found on the network are only offered (with the command that adds one); nothing is
joined unless the user adds it.
"""

import argparse
import socket
import time

from assistant.errors import AssistantError
from assistant.events import Event, Reply, Transcript
from assistant.frontends.commands import Opener, command_group
from assistant.frontends.rooms.discovery import find_satellites
from assistant.frontends.rooms.satellites import SatelliteAddress
from assistant.frontends.rooms.service import Rooms
from assistant.runtime.assistant import Assistant

EXIT_OK, EXIT_FAILED = 0, 1
REACH_SECONDS = 0.5
"""How long ``list`` waits to reach each satellite."""
TELL_EVERY_SECONDS = 1.0
"""How often ``serve`` looks for reminders due."""


def add_rooms_commands(
    commands: "argparse._SubParsersAction[argparse.ArgumentParser]",
    common: argparse.ArgumentParser,
    opener: Opener,
) -> None:
    """The ``rooms`` commands: add, remove, list, find, serve."""
    summary = "other rooms and Home Assistant (Wyoming)"
    command = command_group(commands, common, "rooms", summary, opener)
    add = command("add", rooms_add, "add a room's Wyoming satellite at HOST:PORT")
    add.add_argument("name", metavar="NAME")
    add.add_argument("where", metavar="HOST:PORT")
    remove = command("remove", rooms_remove, "stop using a room's satellite")
    remove.add_argument("name", metavar="NAME")
    command("list", rooms_list, "list the rooms, whether each can be reached, and the server")
    command("find", rooms_find, "look for satellites on the network (nothing is joined)")
    command("serve", rooms_serve, "join the rooms and serve Home Assistant until stopped")


def rooms_add(args: argparse.Namespace, opener: Opener) -> int:
    """``assistant rooms add NAME HOST:PORT``."""
    SatelliteAddress.parse(args.name, args.where)  # a wrong address is said before opening
    with opener(args) as assistant:
        address = add_room(assistant, args.name, args.where)
    print(f"Added {address.name} at {address.host}:{address.port}.")
    return EXIT_OK


def rooms_remove(args: argparse.Namespace, opener: Opener) -> int:
    """``assistant rooms remove NAME``."""
    with opener(args) as assistant:
        if not remove_room(assistant, args.name):
            print(f"There is no room called {args.name}.")
            return EXIT_FAILED
    print(f"Removed {args.name}.")
    return EXIT_OK


def add_room(assistant: Assistant, name: str, where: str) -> SatelliteAddress:
    """Keep room ``name``'s satellite at ``where`` ("HOST:PORT", or "HOST" for the usual port)
    in the settings, in place of any room of that name; a ``ConfigError`` says what is wrong."""
    address = SatelliteAddress.parse(name, where)
    kept = _without(assistant.settings.satellites, address.name)
    assistant.change_settings(satellites=(*kept, address.entry))
    return address


def remove_room(assistant: Assistant, name: str) -> bool:
    """Stop keeping room ``name``'s satellite; False when there is no room of that name."""
    before = assistant.settings.satellites
    kept = _without(before, name)
    if kept != before:
        assistant.change_settings(satellites=kept)
    return kept != before


def rooms_list(args: argparse.Namespace, opener: Opener) -> int:
    """``assistant rooms list``."""
    with opener(args) as assistant:
        settings = assistant.settings
        for line in room_lines(settings.satellites):
            print(line)
        print(server_line(settings.wyoming_server, settings.wyoming_port, settings.wyoming_allowed))
    return EXIT_OK


def rooms_find(args: argparse.Namespace, opener: Opener) -> int:
    """``assistant rooms find``: offers what answers on the network; joins nothing."""
    found = find_satellites()
    if not found:
        print("No Wyoming services answered on the network.")
    for name, host, port in found:
        print(f"{name} at {host}:{port}: to use it, run  assistant rooms add ROOM {host}:{port}")
    return EXIT_OK


def rooms_serve(args: argparse.Namespace, opener: Opener) -> int:
    """``assistant rooms serve``: runs until interrupted, printing what is said in each room."""
    with opener(args) as assistant:
        rooms = Rooms(assistant)
        assistant.bus.subscribe(_print_room_event)
        try:
            rooms.start()
            if rooms.port is not None:
                print(f"Serving Home Assistant on port {rooms.port}.")
            while True:
                rooms.tell_due()
                time.sleep(TELL_EVERY_SECONDS)
        finally:
            rooms.close()


def room_lines(entries: tuple[str, ...]) -> list[str]:
    """One line per room: where its satellite is, and whether it answers now."""
    if not entries:
        return ["No rooms yet: add one with  assistant rooms add NAME HOST:PORT"]
    return [_room_line(entry) for entry in entries]


def _room_line(entry: str) -> str:
    try:
        address = SatelliteAddress.from_entry(entry)
    except AssistantError as error:
        return error.message
    state = "reachable" if reachable(address) else "not reachable now"
    return f"{address.name}: {address.host}:{address.port} ({state})"


def server_line(on: bool, port: int, allowed: tuple[str, ...]) -> str:
    """Whether Home Assistant may use the assistant, and from where."""
    if not on:
        return "Home Assistant server: off (turn on wyoming_server in the settings)"
    where = ", ".join(allowed) if allowed else "this computer only"
    return f"Home Assistant server: on, port {port}, allowed: {where}"


def reachable(address: SatelliteAddress) -> bool:
    """Whether the satellite accepts a connection now."""
    try:
        with socket.create_connection((address.host, address.port), REACH_SECONDS):
            return True
    except OSError:
        return False


def _without(entries: tuple[str, ...], name: str) -> tuple[str, ...]:
    return tuple(entry for entry in entries if entry.partition("=")[0] != name)


def _print_room_event(event: Event) -> None:
    if isinstance(event, Transcript) and event.room and event.final:
        print(f"[{event.room}] you: {event.text}", flush=True)
    elif isinstance(event, Reply) and event.room:
        print(f"[{event.room}] me: {event.text}", flush=True)

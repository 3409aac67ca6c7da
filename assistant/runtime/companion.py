"""One conversation as every front end has it: the window's session, the terminal's ``chat``
and ``ask``, and the voice commands all get theirs here, wired the same way.

A ``Companion`` owns the conversation's pipeline, the voice it speaks with, the listener on its
microphone (or on a recording), speaking first (which holds news while the user talks, while
asleep, and while a letter is being taken down) and the audio the settings name. A front end
sends it requests and subscribes to the bus; how it keeps turns from overlapping (a worker
thread, a lock) is its own affair.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from assistant.audio.sources import AudioSource
from assistant.config import Settings
from assistant.errors import AssistantError
from assistant.runtime.assistant import Assistant
from assistant.runtime.bus import Bus
from assistant.runtime.engines import SwitchableVoice, open_microphone, open_voice
from assistant.runtime.pipeline import Pipeline, TurnResult
from assistant.runtime.speaking_first import SpeakingFirst
from assistant.runtime.state import View
from assistant.runtime.voice import Levels, Listener, Voice, listening
from assistant.runtime.welcome import Opening, opening

Job = Callable[[], object]
AUDIO_SETTINGS = ("input_device", "output_device", "voice", "rate")
"""The settings that reopen the microphone and the voice when they change."""


@dataclass
class Audio:
    """The live audio of a conversation: what it hears with and what it speaks with."""

    microphone: AudioSource | None = None
    voice: Voice | None = None

    def close(self) -> None:
        """Release the devices and the speech engine."""
        if self.microphone is not None:
            self.microphone.close()
        if self.voice is not None:
            self.voice.close()


def _at_once(job: Job) -> None:
    """Run ``job`` now, on the calling thread."""
    job()


def _never_called() -> bool:
    """No push-to-talk: speech is heard as it comes."""
    return False


class Companion:
    """One conversation and everything wired around it, the same for every front end."""

    def __init__(
        self,
        assistant: Assistant,
        voice: Voice | None = None,
        live_audio: bool = False,
        called: Callable[[], bool] = _never_called,
        later: Callable[[Job], None] = _at_once,
    ) -> None:
        """It speaks with ``voice`` (a WAV file in tests, or none: replies are only shown);
        with ``live_audio`` it opens the microphone and voice the settings name, and opens
        them again when those settings change. ``called`` is asked as speech starts (was
        push-to-talk pressed for it?); ``later`` runs a job on the thread that owns the turns."""
        self.assistant = assistant
        self.speaker = SwitchableVoice(voice)
        self.pipeline: Pipeline = assistant.conversation(self.speaker)
        self.levels = voice.levels if voice else Levels()
        self.audio = Audio(voice=voice)
        self.live_audio = live_audio
        self.listener: Listener | None = None
        """The microphone's listener, while one is open."""
        self.speaking_first = SpeakingFirst(assistant, self.pipeline, self.user_talking)
        self._called = called
        self._later = later
        if live_audio:
            assistant.on_settings_changed(self._settings_changed)

    @property
    def settings(self) -> Settings:
        """The settings in force now."""
        return self.assistant.settings

    def change_settings(self, **changes: Any) -> Settings:
        """Apply and keep new settings (a ``SettingsChanged`` event follows)."""
        return self.assistant.change_settings(**changes)

    @property
    def bus(self) -> Bus:
        """Where every turn's events are published."""
        return self.assistant.bus

    @property
    def view(self) -> View:
        """What a front end shows now (listening, speaking, asleep, ...)."""
        return self.assistant.emitter.view

    @property
    def name(self) -> str:
        """The assistant's name now (``NameChanged`` tells when it changes)."""
        return self.assistant.identity.name

    def opening(self) -> Opening:
        """What a front end opens with: the last turns, and a greeting for today. It reads
        the database: call it where the turns run, not on a window's thread."""
        memory, now = self.assistant.memory, self.assistant.services.clock.now()
        return opening(self.assistant.store, memory.facts, memory.reminders, now)

    def run_text(self, text: str) -> TurnResult:
        """Run ``text`` as the next turn, as if spoken."""
        return self.pipeline.run_text(text)

    def announce(self, sentence: str) -> TurnResult:
        """Say ``sentence`` unprompted (a start-up notice, say)."""
        return self.pipeline.announce(sentence)

    def say_what_is_due(self) -> list[TurnResult]:
        """Say what has come due, unless asleep, the user is talking, or a letter is being
        taken down (``SpeakingFirst``); the turns it took."""
        return self.speaking_first.say_what_is_due()

    def user_talking(self) -> bool:
        """True while the microphone hears the user in the middle of saying something."""
        return self.listener is not None and self.listener.in_utterance

    def listen_to(self, source: AudioSource | None = None) -> Listener:
        """A listener (on ``source``, if given) whose utterances are this conversation's
        turns, and whose voice stops when the user talks over it."""
        listener = listening(self.pipeline, self.audio.voice, self.levels, self._called)
        if source is not None:
            listener.attach(source)
        return listener

    def hear(self, source: AudioSource, max_turns: int | None = None) -> list[TurnResult]:
        """Hear ``source`` (a recording, or a microphone) to its end, or ``max_turns`` turns."""
        return self.listen_to(source).run(source, max_turns)

    def hear_microphone(self) -> None:
        """Hear what the microphone has heard meanwhile (a whole utterance, once one starts)."""
        if self.audio.microphone is not None and self.listener is not None:
            self.listener.hear_pending()

    def open_audio(self) -> None:
        """Open the microphone and the voice the settings name, in place of those open now;
        what cannot be opened is reported as a turn."""
        self.audio.close()
        self.assistant.hearing()  # Whisper's model starts loading in the background
        self.audio = open_audio(self.settings, self.pipeline, self.levels)
        self.speaker.current = self.audio.voice
        self.listener = None
        if self.audio.microphone is not None:
            self.listener = self.listen_to(self.audio.microphone)

    def use_voice(self, voice: Voice) -> None:
        """Speak with ``voice`` from now on, in place of the one open now, which is closed."""
        if self.audio.voice is not None:
            self.audio.voice.close()
        self.audio.voice = self.speaker.current = voice

    def preview_voice(self, text: str) -> None:
        """Say ``text`` with the voice and pace set now."""
        self.speaker.speak(0, text)

    def stop_speaking(self) -> None:
        """Cut the current reply off."""
        if self.audio.voice is not None:
            self.audio.voice.stop()

    def close(self) -> None:
        """Release the microphone and the voice."""
        self.audio.close()

    def _settings_changed(self, before: Settings, after: Settings) -> None:
        if any(getattr(before, name) != getattr(after, name) for name in AUDIO_SETTINGS):
            self._later(self.open_audio)


def open_audio(settings: Settings, pipeline: Pipeline, levels: Levels) -> Audio:
    """The microphone and voice the settings name; what cannot be opened is reported as a turn."""
    audio = Audio()
    try:
        audio.voice = open_voice(settings, pipeline.emitter, levels=levels)
    except AssistantError as error:
        pipeline.fail_audio_turn(error)
    try:
        audio.microphone = open_microphone(settings)
    except AssistantError as error:
        pipeline.fail_audio_turn(error)
    return audio

"""A running conversation behind a front end (the window): one worker thread owns the pipeline.

Typed turns, button presses and microphone audio all become jobs on that thread, so turns never
overlap. The front end only calls the methods here and reads the bus; it never waits on a turn.
"""

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from assistant.audio.sources import AudioSource
from assistant.config import Settings
from assistant.errors import AssistantError
from assistant.events import Event, TurnEnded
from assistant.footprint import release_freed_memory
from assistant.runtime.assistant import Assistant
from assistant.runtime.engines import SwitchableVoice, open_microphone, open_voice
from assistant.runtime.pipeline import Pipeline
from assistant.runtime.speaking_first import SpeakingFirst
from assistant.runtime.voice import Levels, Listener, Voice, listening

_LOGGER = logging.getLogger(__name__)

Job = Callable[[], object]
SPEAK_FIRST_POLL_SECONDS = 0.5
MICROPHONE_POLL_SECONDS = 0.02
AUDIO_SETTINGS = ("input_device", "output_device", "voice", "rate")


@dataclass
class Audio:
    """The live audio of a session: what it hears with and what it speaks with."""

    microphone: AudioSource | None = None
    voice: Voice | None = None

    def close(self) -> None:
        """Release the devices and the speech engine."""
        if self.microphone is not None:
            self.microphone.close()
        if self.voice is not None:
            self.voice.close()


class Session:
    """One conversation, run on its own worker thread."""

    def __init__(
        self, assistant: Assistant, live_audio: bool = False, voice: Voice | None = None
    ) -> None:
        """With ``live_audio``, it opens the devices the settings name; otherwise it speaks
        with ``voice`` (a WAV file in tests), or not at all."""
        self.assistant = assistant
        self._speaker = SwitchableVoice(voice)
        self.pipeline: Pipeline = assistant.conversation(self._speaker)
        self.levels = voice.levels if voice else Levels()
        self.live_audio = live_audio
        self._audio = Audio(voice=voice)
        self._listener: Listener | None = None
        self._jobs: queue.Queue[Job | None] = queue.Queue()
        self._push_to_talk = threading.Event()
        self._spoke_first_check = 0.0
        self.speaking_first = SpeakingFirst(assistant, self.pipeline, self._user_talking)
        self._thread = threading.Thread(target=self._work, name="assistant-core", daemon=True)
        assistant.on_settings_changed(self._settings_changed)
        self._stop_releasing = assistant.bus.subscribe(_release_after_turn)

    def start(self) -> None:
        """Start the worker (and, with live audio, the microphone and the voice)."""
        self._thread.start()
        if self.live_audio:
            self._jobs.put(self._open_audio)

    def say(self, text: str) -> None:
        """Run ``text`` as the next turn, as if spoken."""
        self.run_soon(lambda: self.pipeline.run_text(text))

    def hear(self, source: AudioSource) -> None:
        """Hear ``source`` (a recording) through the same path as the microphone."""
        self.run_soon(lambda: self._new_listener(source).run(source))

    def push_to_talk(self) -> None:
        """Listen to the next thing said, even while asleep; cuts off any speech first."""
        self.stop_speaking()
        self._push_to_talk.set()
        if self._audio.microphone is None:
            self._jobs.put(self._report_no_microphone)

    def use_voice(self, voice: Voice) -> None:
        """Speak with ``voice`` from the next turn on (a WAV file, in a benchmark), in place of
        the one open now, which is closed."""
        self.run_soon(lambda: self._use_voice(voice))

    def _use_voice(self, voice: Voice) -> None:
        if self._audio.voice is not None:
            self._audio.voice.close()
        self._audio.voice = self._speaker.current = voice

    def preview_voice(self, text: str) -> None:
        """Say ``text`` with the voice and pace set now (the settings' "say something")."""
        self.run_soon(lambda: self._speaker.speak(0, text))

    def stop_speaking(self) -> None:
        """Cut the current reply off."""
        if self._audio.voice is not None:
            self._audio.voice.stop()

    def run_soon(self, job: Job) -> None:
        """Run ``job`` on the worker thread, after the turns already waiting."""
        self._jobs.put(job)

    def close(self) -> None:
        """Finish the turn in progress, stop the worker, release the audio."""
        self.stop_speaking()
        if self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join(timeout=10)
        self._audio.close()
        self._stop_releasing()

    def _work(self) -> None:
        while True:
            try:
                job = self._jobs.get(timeout=self._poll_seconds())
            except queue.Empty:
                job = _nothing
            if job is None:
                return
            self._run_job(job)
            self._hear_microphone()
            if time.monotonic() - self._spoke_first_check >= SPEAK_FIRST_POLL_SECONDS:
                self._spoke_first_check = time.monotonic()
                self._run_job(self.speak_first)

    def _poll_seconds(self) -> float:
        if self._audio.microphone is not None:
            return MICROPHONE_POLL_SECONDS
        return SPEAK_FIRST_POLL_SECONDS

    def announce(self, sentence: str) -> None:
        """Say ``sentence`` unprompted, before the turns that come after this call
        (a start-up notice, say)."""
        self.run_soon(lambda: self.pipeline.announce(sentence))

    def speak_first(self) -> None:
        """Say what is due (reminders, queued news), unless asleep or the user is talking.

        The worker calls this twice a second between jobs.
        """
        self.speaking_first.say_what_is_due()

    def _user_talking(self) -> bool:
        return self._listener is not None and self._listener.in_utterance

    def _run_job(self, job: Job) -> None:
        try:
            job()
        except Exception:
            _LOGGER.exception("A job on the worker thread failed")

    def _hear_microphone(self) -> None:
        if self._audio.microphone is not None and self._listener is not None:
            self._listener.hear_pending()

    def _pushed_to_talk(self) -> bool:
        """Asked as speech starts: was push-to-talk pressed for it? (It is used up then.)"""
        pushed = self._push_to_talk.is_set()
        self._push_to_talk.clear()
        return pushed

    def _open_audio(self) -> None:
        self._audio.close()
        self.assistant.hearing()  # Whisper's model starts loading in the background
        self._audio = open_audio(self.assistant.settings, self.pipeline, self.levels)
        self._speaker.current = self._audio.voice
        self._listener = None
        if self._audio.microphone is not None:
            self._listener = self._new_listener(self._audio.microphone)

    def _new_listener(self, source: AudioSource) -> Listener:
        listener = listening(self.pipeline, self._audio.voice, self.levels, self._pushed_to_talk)
        listener.attach(source)
        return listener

    def _report_no_microphone(self) -> None:
        self._push_to_talk.clear()
        self.pipeline.fail_audio_turn(
            AssistantError(
                "audio-no-microphone",
                "I can't hear you: no microphone is open. Choose one in the settings, "
                "or type to me.",
            )
        )

    def _settings_changed(self, before: Settings, after: Settings) -> None:
        if self.live_audio and any(
            getattr(before, name) != getattr(after, name) for name in AUDIO_SETTINGS
        ):
            self._jobs.put(self._open_audio)


def _release_after_turn(event: Event) -> None:
    """Once a turn is over (its reply spoken), hand back what its decodes and renders freed,
    so the process does not grow turn by turn (see ``assistant.footprint``)."""
    if isinstance(event, TurnEnded):
        release_freed_memory()


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


def _nothing() -> None:
    """A pass of the worker loop with no job: only the microphone is heard."""

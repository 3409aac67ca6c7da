"""A running conversation behind a front end (the window): one worker thread owns the pipeline.

Typed turns, button presses and microphone audio all become jobs on that thread, so turns never
overlap. The conversation itself, its listener, speaking first and its audio, is a
``Companion``, wired as for every other front end. The front end only calls the methods here
and reads the bus; it never waits on a turn.
"""

import logging
import queue
import threading
import time

from assistant.audio.sources import AudioSource
from assistant.errors import AssistantError
from assistant.events import Event, TurnEnded
from assistant.footprint import release_freed_memory
from assistant.runtime.assistant import Assistant
from assistant.runtime.companion import Companion, Job
from assistant.runtime.pipeline import Pipeline
from assistant.runtime.speaking_first import SpeakingFirst
from assistant.runtime.voice import Levels, Voice

_LOGGER = logging.getLogger(__name__)

SPEAK_FIRST_POLL_SECONDS = 0.5
MICROPHONE_POLL_SECONDS = 0.02


class Session:
    """One conversation, run on its own worker thread."""

    def __init__(
        self, assistant: Assistant, live_audio: bool = False, voice: Voice | None = None
    ) -> None:
        """With ``live_audio``, it opens the devices the settings name; otherwise it speaks
        with ``voice`` (a WAV file in tests), or not at all."""
        self.assistant = assistant
        self._jobs: queue.Queue[Job | None] = queue.Queue()
        self._push_to_talk = threading.Event()
        self.companion = Companion(
            assistant, voice, live_audio, self._pushed_to_talk, self.run_soon
        )
        self._spoke_first_check = 0.0
        self._thread = threading.Thread(target=self._work, name="assistant-core", daemon=True)
        self._stop_releasing = assistant.bus.subscribe(_release_after_turn)

    @property
    def pipeline(self) -> Pipeline:
        """The conversation's pipeline."""
        return self.companion.pipeline

    @property
    def speaking_first(self) -> SpeakingFirst:
        """When this conversation speaks first."""
        return self.companion.speaking_first

    @property
    def levels(self) -> Levels:
        """The live loudness of what is heard and said, for the window to draw."""
        return self.companion.levels

    @property
    def live_audio(self) -> bool:
        """Whether it hears and speaks with the devices the settings name."""
        return self.companion.live_audio

    def start(self) -> None:
        """Start the worker (and, with live audio, the microphone and the voice)."""
        self._thread.start()
        if self.live_audio:
            self.run_soon(self.companion.open_audio)

    def say(self, text: str) -> None:
        """Run ``text`` as the next turn, as if spoken."""
        self.run_soon(lambda: self.companion.run_text(text))

    def hear(self, source: AudioSource) -> None:
        """Hear ``source`` (a recording) through the same path as the microphone."""
        self.run_soon(lambda: self.companion.hear(source))

    def push_to_talk(self) -> None:
        """Listen to the next thing said, even while asleep; cuts off any speech first."""
        self.stop_speaking()
        self._push_to_talk.set()
        if self.companion.audio.microphone is None:
            self.run_soon(self._report_no_microphone)

    def use_voice(self, voice: Voice) -> None:
        """Speak with ``voice`` from the next turn on (a WAV file, in a benchmark), in place of
        the one open now, which is closed."""
        self.run_soon(lambda: self.companion.use_voice(voice))

    def preview_voice(self, text: str) -> None:
        """Say ``text`` with the voice and pace set now (the settings' "say something")."""
        self.run_soon(lambda: self.companion.preview_voice(text))

    def stop_speaking(self) -> None:
        """Cut the current reply off."""
        self.companion.stop_speaking()

    def run_soon(self, job: Job) -> None:
        """Run ``job`` on the worker thread, after the turns already waiting."""
        self._jobs.put(job)

    def close(self) -> None:
        """Finish the turn in progress, stop the worker, release the audio."""
        self.stop_speaking()
        if self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join(timeout=10)
        self.companion.close()
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
            self.companion.hear_microphone()
            if time.monotonic() - self._spoke_first_check >= SPEAK_FIRST_POLL_SECONDS:
                self._spoke_first_check = time.monotonic()
                self._run_job(self.speak_first)

    def _poll_seconds(self) -> float:
        if self.companion.audio.microphone is not None:
            return MICROPHONE_POLL_SECONDS
        return SPEAK_FIRST_POLL_SECONDS

    def announce(self, sentence: str) -> None:
        """Say ``sentence`` unprompted, before the turns that come after this call
        (a start-up notice, say)."""
        self.run_soon(lambda: self.companion.announce(sentence))

    def speak_first(self) -> None:
        """Say what is due (reminders, queued news), unless asleep or the user is talking.

        The worker calls this twice a second between jobs.
        """
        self.companion.say_what_is_due()

    def _run_job(self, job: Job) -> None:
        try:
            job()
        except Exception:
            _LOGGER.exception("A job on the worker thread failed")

    def _pushed_to_talk(self) -> bool:
        """Asked as speech starts: was push-to-talk pressed for it? (It is used up then.)"""
        pushed = self._push_to_talk.is_set()
        self._push_to_talk.clear()
        return pushed

    def _report_no_microphone(self) -> None:
        self._push_to_talk.clear()
        self.pipeline.fail_audio_turn(
            AssistantError(
                "audio-no-microphone",
                "I can't hear you: no microphone is open. Choose one in the settings, "
                "or type to me.",
            )
        )


def _release_after_turn(event: Event) -> None:
    """Once a turn is over (its reply spoken), hand back what its decodes and renders freed,
    so the process does not grow turn by turn (see ``assistant.footprint``)."""
    if isinstance(event, TurnEnded):
        release_freed_memory()


def _nothing() -> None:
    """A pass of the worker loop with no job: only the microphone is heard."""

"""pyttsx3 (espeak-ng on Linux), rendering each reply to a WAV.

The engine is created and run on one thread only, which owns it; ``render`` hands text to that
thread and waits for the audio. Rendering to a file (rather than ``say``) lets the reply be
played on any output device and cut off mid-sentence.
"""

import ctypes
import logging
import queue
import subprocess
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from assistant.audio.wav import Samples, read_wav
from assistant.errors import AssistantError, AudioError, SynthesisError

_LOGGER = logging.getLogger(__name__)

ENGINE = "pyttsx3"
PREFERRED_VOICES = ("gmw/en-us", "en-us", "english-us")
"""US English, which the recogniser also speaks: used unless another voice is chosen."""
RENDER_TIMEOUT_SECONDS = 30.0
ESPEAK_RATE = 200
"""espeak-ng's own pace, in words a minute (pyttsx3's default), when the settings name none."""
RENDER_ATTEMPTS = 4


class Pyttsx3Synthesiser:
    """Speech from pyttsx3, rendered on its own thread."""

    name = ENGINE

    def __init__(self, voice: str | None = None, rate: int | None = None) -> None:
        self._jobs: queue.Queue[tuple[str, Future[Samples]] | None] = queue.Queue()
        self._ready: Future[None] = Future()
        self._thread = threading.Thread(
            target=self._run, args=(voice, rate), name="tts", daemon=True
        )
        self._thread.start()
        try:
            self._ready.result(timeout=RENDER_TIMEOUT_SECONDS)
        except Exception as error:
            raise SynthesisError(
                "tts-unavailable",
                "My voice isn't working: the speech engine (espeak-ng) could not start.",
            ) from error

    def render(self, text: str) -> Samples:
        """``text`` spoken, as 16 kHz mono samples."""
        result: Future[Samples] = Future()
        self._jobs.put((text, result))
        try:
            return result.result(timeout=RENDER_TIMEOUT_SECONDS)
        except AssistantError:
            raise
        except Exception as error:
            raise SynthesisError("tts-failed", "I couldn't find my voice just now.") from error

    def close(self) -> None:
        """Stop the engine's thread."""
        self._jobs.put(None)
        self._thread.join(timeout=5)

    def _run(self, voice: str | None, rate: int | None) -> None:
        try:
            engine, properties = _start_engine(voice, rate)
        except Exception as error:  # noqa: BLE001 - reported to the caller through the future
            self._ready.set_exception(error)
            return
        self._ready.set_result(None)
        with tempfile.TemporaryDirectory(prefix="assistant-tts-") as folder:
            while (job := self._jobs.get()) is not None:
                text, result = job
                try:
                    _apply(engine, properties)
                    result.set_result(_render_with(engine, text, Path(folder) / "reply.wav"))
                except Exception as error:  # noqa: BLE001 - reported to the caller
                    result.set_exception(error)


def english_voices() -> list[str]:
    """The ids of the English voices espeak-ng has (for choosing one in the settings)."""
    try:
        listing = subprocess.run(
            ["espeak-ng", "--voices=en"], capture_output=True, text=True, timeout=10, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    rows = [line.split() for line in listing.splitlines()[1:]]
    return [row[4] for row in rows if len(row) > 4]


def _apply(engine: object, properties: dict[str, object]) -> None:
    """Set the voice and the pace again before each render: espeak-ng keeps them for the whole
    process, so another synthesiser (a new one from the settings, say) may have changed them."""
    for name, value in properties.items():
        engine.setProperty(name, value)  # type: ignore[attr-defined]


def _start_engine(voice: str | None, rate: int | None) -> tuple[object, dict[str, object]]:
    import pyttsx3  # noqa: PLC0415 - loaded on the engine's own thread

    _silence_driver_messages()
    engine = pyttsx3.init()
    available = {v.id.lower(): v.id for v in engine.getProperty("voices")}
    wanted = (voice,) if voice else PREFERRED_VOICES
    chosen = next((available[w.lower()] for w in wanted if w.lower() in available), None)
    if voice and chosen is None:
        raise SynthesisError("tts-no-such-voice", f"I don't have a voice called {voice}.")
    properties: dict[str, object] = {"rate": rate or ESPEAK_RATE}
    if chosen:
        properties["voice"] = chosen
    _apply(engine, properties)
    return engine, properties


def _silence_driver_messages() -> None:
    """The espeak driver prints "Audio saved to ..." from its own callbacks, at any moment,
    onto standard output (which may be carrying ``--json`` events); give it a quiet print.
    It also writes the file before keeping the last block of audio when that block comes with
    the end of the message, so a reply could lose its last words: each block is kept first."""
    from pyttsx3.drivers import espeak  # noqa: PLC0415

    espeak.print = lambda *_args, **_kwargs: None
    driver = espeak.EspeakDriver
    if not getattr(driver, "_keeps_last_block", False):
        driver._onSynth = _keeping_each_block_first(driver._onSynth)  # noqa: SLF001
        driver._keeps_last_block = True  # noqa: SLF001


def _keeping_each_block_first(on_synth: Callable[..., int]) -> Callable[..., int]:
    """The driver's callback, with the block's samples added to its buffer before its events
    are handled (the end of the message writes the buffer out)."""

    def keeping(driver: Any, wav: Any, samples: int, events: Any) -> int:
        if getattr(driver, "_speaking", False) and samples > 0:
            block = ctypes.string_at(wav, samples * ctypes.sizeof(ctypes.c_short))
            driver._data_buffer += block  # noqa: SLF001
        return on_synth(driver, wav, 0, events)

    return keeping


def _render_with(engine: object, text: str, path: Path) -> Samples:
    """Render ``text``, trying again when the engine hands back an empty file.

    pyttsx3's espeak driver can write the file before the last (sometimes the only) block of
    audio has arrived, so a short reply now and then comes back silent.
    """
    for attempt in range(1, RENDER_ATTEMPTS + 1):
        path.unlink(missing_ok=True)
        engine.save_to_file(text, str(path))  # type: ignore[attr-defined]
        engine.runAndWait()  # type: ignore[attr-defined]
        try:
            return read_wav(path)
        except AudioError as error:
            if error.code not in ("audio-empty", "audio-missing") or attempt == RENDER_ATTEMPTS:
                raise
            _LOGGER.info("The speech engine returned no audio; trying again (%d)", attempt)
    raise AssertionError("unreachable")

"""pyttsx3 (espeak-ng on Linux), rendering each reply to a WAV.

espeak-ng is one engine per process, so it is created and run on one thread of the process,
which owns it; every synthesiser's ``render`` hands its text, voice and pace to that thread and
waits for the audio. Rendering to a file (rather than ``say``) lets the reply be
played on any output device and cut off mid-sentence.
"""

import ctypes
import importlib.util
import logging
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

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

_Result = TypeVar("_Result")


class Pyttsx3Synthesiser:
    """Speech from pyttsx3, in its own voice and pace, rendered on the process's espeak thread."""

    name = ENGINE

    def __init__(self, voice: str | None = None, rate: int | None = None) -> None:
        self._properties = _on_engine_thread(lambda engine: _properties(engine, voice, rate))

    def render(self, text: str) -> Samples:
        """``text`` spoken, as 16 kHz mono samples."""
        properties = self._properties
        return _on_engine_thread(lambda engine: _render(engine, properties, text))

    def close(self) -> None:
        """Nothing of its own to stop: the espeak thread is the process's, shared and idle."""


_Job = tuple[Callable[[object], Any], Future[Any]]
_JOBS: queue.Queue[_Job] = queue.Queue()
_ENGINE_STARTED: list[Future[None]] = []
_ENGINE_START = threading.Lock()


def _on_engine_thread(job: Callable[[object], _Result]) -> _Result:
    """Run ``job`` with the process's one espeak-ng engine, on the thread that owns it.

    espeak-ng is one engine per process: pyttsx3 hands every caller the same one, and the
    library's audio callback is process-wide. So every synthesiser renders through this thread,
    one reply at a time, each with its own voice and pace applied first.
    """
    _engine_ready()
    result: Future[_Result] = Future()
    _JOBS.put((job, result))
    try:
        return result.result(timeout=RENDER_TIMEOUT_SECONDS)
    except AssistantError:
        raise
    except Exception as error:
        raise SynthesisError("tts-failed", "I couldn't find my voice just now.") from error


def _engine_ready() -> None:
    """Start the espeak thread once per process (again, if it could not start before); raise if
    its engine could not start."""
    with _ENGINE_START:
        if not _ENGINE_STARTED or _failed(_ENGINE_STARTED[0]):
            started: Future[None] = Future()
            thread = threading.Thread(target=_run_engine, args=(started,), name="tts", daemon=True)
            thread.start()
            _ENGINE_STARTED[:] = [started]
        started = _ENGINE_STARTED[0]
    try:
        started.result(timeout=RENDER_TIMEOUT_SECONDS)
    except Exception as error:
        raise SynthesisError(
            "tts-unavailable",
            "My voice isn't working: the speech engine (espeak-ng) could not start.",
        ) from error


def _run_engine(started: Future[None]) -> None:
    try:
        engine = _start_engine()
    except Exception as error:  # noqa: BLE001 - reported to every caller through the future
        started.set_exception(error)
        return
    started.set_result(None)
    while True:
        job, result = _JOBS.get()
        try:
            result.set_result(job(engine))
        except Exception as error:  # noqa: BLE001 - reported to the caller
            result.set_exception(error)


def _failed(started: Future[None]) -> bool:
    return started.done() and started.exception() is not None


def missing_parts(platform: str = sys.platform) -> list[str]:
    """What pyttsx3 needs that this machine lacks (the package; espeak-ng on Linux)."""
    missing = [] if importlib.util.find_spec("pyttsx3") else ["the pyttsx3 package"]
    if platform.startswith("linux") and shutil.which("espeak-ng") is None:
        missing.append("the espeak-ng program")
    return missing


def english_voices() -> list[tuple[str, str]]:
    """The English voices espeak-ng has (for choosing one in the settings): each one's id and
    its language ("gmw/en-US", "en-us")."""
    try:
        listing = subprocess.run(
            ["espeak-ng", "--voices=en"], capture_output=True, text=True, timeout=10, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    rows = [line.split() for line in listing.splitlines()[1:]]
    return [(row[4], _language(row)) for row in rows if len(row) > 4]


def _language(row: list[str]) -> str:
    """A listed voice's language; a variant ("!v/Storm") takes its first other language."""
    if row[1] != "variant" or len(row) < 6:
        return row[1]
    return row[5].strip("(")


def _apply(engine: object, properties: dict[str, object]) -> None:
    """Set the voice and the pace before each render: espeak-ng keeps them for the whole
    process, and another synthesiser (a new one from the settings, say) may have changed them."""
    for name, value in properties.items():
        engine.setProperty(name, value)  # type: ignore[attr-defined]


def _render(engine: object, properties: dict[str, object], text: str) -> Samples:
    """``text`` rendered in ``properties``' voice and pace.

    espeak-ng synthesises on a thread of its own and queues a new pace behind whatever it is
    still doing, while the driver reports a render done at its last event. So the engine is
    waited for before the pace is set, and again before the text is given, or the pace of the
    render before may be the one heard.
    """
    from pyttsx3.drivers import _espeak  # noqa: PLC0415 - loaded on the engine's own thread

    _espeak.Synchronize()
    _apply(engine, properties)
    _espeak.Synchronize()
    with tempfile.TemporaryDirectory(prefix="assistant-tts-") as folder:
        return _render_with(engine, text, Path(folder) / "reply.wav")


def _start_engine() -> object:
    import pyttsx3  # noqa: PLC0415 - loaded on the engine's own thread

    _silence_driver_messages()
    return pyttsx3.init()


def _properties(engine: object, voice: str | None, rate: int | None) -> dict[str, object]:
    """The engine's settings for ``voice`` (else the preferred US English one) and ``rate``."""
    voices = engine.getProperty("voices")  # type: ignore[attr-defined]
    available = {v.id.lower(): v.id for v in voices}
    wanted = (voice,) if voice else PREFERRED_VOICES
    chosen = next((available[w.lower()] for w in wanted if w.lower() in available), None)
    if voice and chosen is None:
        raise SynthesisError("tts-no-such-voice", f"I don't have a voice called {voice}.")
    properties: dict[str, object] = {"voice": chosen} if chosen else {}
    properties["rate"] = rate or ESPEAK_RATE
    return properties


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

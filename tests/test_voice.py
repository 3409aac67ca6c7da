"""The voice loop end to end, from committed spoken fixtures, with the real engines."""

import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import yaml

from assistant.audio.sinks import WavSink
from assistant.audio.sources import WavSource
from assistant.audio.wav import Samples, read_wav
from assistant.config import Paths
from assistant.events import IntentRecognised, SpeakingFinished, SpeakingStarted
from assistant.runtime.assistant import Assistant
from assistant.runtime.voice import Listener, Voice
from assistant.skills.registry import build_registry
from assistant.stt import Mode, bundled_whisper_model
from assistant.stt.pocketsphinx import PocketsphinxRecogniser
from assistant.stt.whisper import WhisperRecogniser
from assistant.tts.pyttsx3 import Pyttsx3Synthesiser
from tests.conftest import FIXED_NOW, FixedClock, Recorder, run_cli

pytestmark = pytest.mark.audio

FIXTURES = Path(__file__).parent / "fixtures" / "audio"
MANIFEST = yaml.safe_load((FIXTURES / "manifest.yaml").read_text())
COMMANDS = [row for row in MANIFEST if row["intent"]]
NOT_COMMANDS = [row for row in MANIFEST if not row["intent"] and row["text"]]


@pytest.fixture(scope="module")
def voice_assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    home = tmp_path_factory.mktemp("voice")
    afternoon = FixedClock(FIXED_NOW.replace(hour=15))
    with Assistant(Paths.resolve(str(home)), clock=afternoon, rng=random.Random(3)) as assistant:
        assistant.identity.rename("Nora")
        yield assistant


@pytest.fixture(scope="module")
def heard(voice_assistant: Assistant) -> dict[str, list[tuple[str, dict[str, object]]]]:
    """Every fixture heard once, through the same path as a microphone: the intents acted on.

    (A skill may then fail, say for a folder this test machine lacks; what was heard counts.)
    Each is heard as with push-to-talk, so "go to sleep" in one does not mute the next.
    """
    recorder = Recorder()
    voice_assistant.bus.subscribe(recorder)
    results = {}
    for row in MANIFEST:
        recorder.events.clear()
        listener = Listener(voice_assistant.conversation().run_audio, called=lambda: True)
        listener.run(WavSource(FIXTURES / row["file"]))
        results[row["file"]] = [(e.intent, dict(e.slots)) for e in recorder.of(IntentRecognised)]
    return results


def test_spoken_commands_give_the_right_intent_and_slots(heard: dict) -> None:
    right = [
        row["file"] for row in COMMANDS if heard[row["file"]][:1] == [(row["intent"], row["slots"])]
    ]
    wrong = sorted(set(row["file"] for row in COMMANDS) - set(right))
    # Measured in docs/benchmarks.md; the floor guards against getting worse.
    assert len(right) >= 45, f"{len(right)}/{len(COMMANDS)} right; wrong: {wrong}"


def test_speech_that_is_not_a_command_is_rejected(heard: dict) -> None:
    accepted = {row["file"]: heard[row["file"]] for row in NOT_COMMANDS if heard[row["file"]]}
    # Small talk ("I like turtles") may be answered as such, by the learned step too ("have you
    # seen my glasses anywhere" is taken as a question about itself); anything else is rejected.
    assert len(NOT_COMMANDS) - len(accepted) >= len(NOT_COMMANDS) - 2, accepted
    assert all(intent.startswith("chat.") for got in accepted.values() for intent, _ in got)


def test_nothing_outside_the_grammar_ever_triggers_a_destructive_intent(heard: dict) -> None:
    changing = build_registry().changing
    for row in NOT_COMMANDS:
        assert not any(intent in changing for intent, _ in heard[row["file"]])


def test_silence_and_noise_start_no_turn(heard: dict) -> None:
    assert heard["edge_silence.wav"] == []
    assert heard["edge_noise.wav"] == []


def test_leading_and_trailing_silence_do_not_matter(heard: dict) -> None:
    assert heard["var_padded_what_time_is_it.wav"] == [("system.time", {})]


def test_listen_speaks_the_reply_to_a_wav(tmp_path: Path) -> None:
    out = tmp_path / "reply.wav"
    done = run_cli(
        "listen",
        "--json",
        "--data-dir",
        str(tmp_path / "home"),
        "--speak-to",
        str(out),
        "--input-wav",
        str(FIXTURES / "cmd_thank_you_very_much.wav"),
    )
    assert done.returncode == 0, done.stderr
    events = [json.loads(line) for line in done.stdout.decode().splitlines()]
    types = [e["type"] for e in events]
    for kind in (
        "turn_started",
        "speech_started",
        "speech_ended",
        "transcript",
        "intent_recognised",
        "reply",
        "speaking_started",
        "speaking_finished",
        "turn_ended",
    ):
        assert kind in types
    assert types.index("speaking_finished") < types.index("turn_ended")
    transcript = events[types.index("transcript")]
    assert (transcript["engine"], transcript["final"]) == ("pocketsphinx", True)
    reply = events[types.index("reply")]["text"]
    _assert_speech_fits(read_wav(out), reply)


def _assert_speech_fits(speech: Samples, reply: str) -> None:
    seconds = len(speech) / 16000
    assert 0.04 * len(reply) < seconds < 0.2 * len(reply) + 0.5
    assert float(np.sqrt(np.mean(speech.astype(float) ** 2))) > 500


def test_the_spoken_reply_is_recognisable(tmp_path: Path, voice_assistant: Assistant) -> None:
    """The reply WAV holds the reply: a recogniser whose grammar is that sentence accepts it."""
    synthesiser = Pyttsx3Synthesiser()
    voice = Voice(voice_assistant.emitter, synthesiser, WavSink(tmp_path / "out.wav"))
    listener = Listener(voice_assistant.conversation(voice).run_audio)
    (result,) = listener.run(WavSource(FIXTURES / "cmd_good_morning.wav"))
    synthesiser.close()
    assert result.understanding is not None
    assert result.understanding.intent == "chat.greeting"
    _assert_speech_fits(read_wav(tmp_path / "out.wav"), result.reply)
    assert _recogniser_accepts(tmp_path / "out.wav", result.reply)


def _recogniser_accepts(path: Path, sentence: str) -> bool:
    """A recogniser hears ``sentence`` in the WAV: every word of it, in order (anything spoken
    around it aside). Whisper is the recogniser where installed; else pocketsphinx with a
    grammar of just that sentence."""
    words = re.sub(r"[^a-z' ]", "", sentence.lower()).split()
    model = bundled_whisper_model()
    if model is None:
        return _pocketsphinx_accepts(path, words)
    heard = WhisperRecogniser(model).decode_whole(read_wav(path).tobytes(), Mode.DICTATION)
    said = iter(re.sub(r"[^a-z' ]", "", heard.text.lower()).split())
    return all(word in said for word in words)


def _pocketsphinx_accepts(path: Path, words: list[str]) -> bool:
    recogniser = PocketsphinxRecogniser()
    recogniser.learn(words)
    transitions = [(i, i + 1, 1.0, word) for i, word in enumerate(words)]
    fsg = recogniser.decoder.create_fsg("reply", 0, len(words), transitions)
    recogniser.decoder.add_fsg("reply", fsg)
    recogniser.decoder.activate_search("reply")
    recogniser.decoder.start_utt()
    recogniser.decoder.process_raw(read_wav(path).tobytes(), False, True)
    recogniser.decoder.end_utt()
    hypothesis = recogniser.decoder.hyp()
    return hypothesis is not None and hypothesis.hypstr == " ".join(words)


class EchoingMicrophone:
    """A microphone that hears the user's command, then the assistant's own voice."""

    def __init__(self, command: Path, echo: Samples) -> None:
        self.command = WavSource(command)
        self.echo = [echo[i : i + 320] for i in range(0, len(echo) - 320, 320)]
        self.echo_heard = 0

    def chunks(self) -> Iterator[Samples]:
        yield from self.command.chunks()
        yield from (np.zeros(320, np.int16) for _ in range(50))

    def pending(self) -> list[Samples]:
        heard, self.echo = self.echo, []
        self.echo_heard += len(heard)
        return heard

    def close(self) -> None:
        pass


def test_it_never_acts_on_its_own_voice(tmp_path: Path, voice_assistant: Assistant) -> None:
    synthesiser = Pyttsx3Synthesiser()
    own_voice = synthesiser.render("I could delete the junk mail for you, or delete it all.")
    recorder = Recorder()
    voice_assistant.bus.subscribe(recorder)
    voice = Voice(voice_assistant.emitter, synthesiser, WavSink(tmp_path / "out.wav"))
    microphone = EchoingMicrophone(FIXTURES / "cmd_what_time_is_it.wav", own_voice)
    listener = Listener(voice_assistant.conversation(voice).run_audio)
    voice.interrupt = listener.user_talks_over
    results = listener.run(microphone)
    synthesiser.close()
    assert microphone.echo_heard > 0
    assert [e.intent for e in recorder.of(IntentRecognised)] == ["system.time"]
    assert len(results) == 1
    assert recorder.of(SpeakingStarted)
    assert recorder.of(SpeakingFinished)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.wav", b""),
        ("text.wav", b"not audio at all\n" * 50),
        ("truncated.wav", b"RIFF\x24\x00\x00\x00WAVEfmt "),
    ],
)
def test_bad_audio_gets_a_failed_event_not_a_traceback(
    tmp_path: Path, name: str, content: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    done = run_cli(
        "listen", "--json", "--data-dir", str(tmp_path / "home"), "--input-wav", str(path)
    )
    events = [json.loads(line) for line in done.stdout.decode().splitlines()]
    failed = [e for e in events if e["type"] == "failed"]
    assert done.returncode == 1
    assert [f["stage"] for f in failed] == ["audio"]
    assert name in failed[0]["message"]
    assert events[-1]["type"] == "turn_ended"
    assert b"Traceback" not in done.stderr


def test_long_silence_and_pure_noise_are_heard_without_harm(tmp_path: Path) -> None:
    from assistant.audio.wav import write_wav

    write_wav(tmp_path / "silence.wav", np.zeros(16000 * 600, np.int16))
    noise = np.random.default_rng(2).normal(0, 6000, 16000 * 5).clip(-32768, 32767)
    write_wav(tmp_path / "noise.wav", noise.astype(np.int16))
    done = run_cli(
        "listen",
        "--json",
        "--data-dir",
        str(tmp_path / "home"),
        "--input-wav",
        str(tmp_path / "silence.wav"),
        str(tmp_path / "noise.wav"),
    )
    assert done.returncode == 0, done.stderr
    events = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert not [e for e in events if e["type"] == "intent_recognised"]


def test_transcribe_in_command_and_dictation_modes(tmp_path: Path) -> None:
    wav = str(FIXTURES / "cmd_set_a_timer_for_ten_minutes.wav")
    command = run_cli("transcribe", "--json", "--data-dir", str(tmp_path), wav)
    assert json.loads(command.stdout)["text"] == "set a timer for ten minutes"
    dictation = run_cli("transcribe", "--dictation", wav)
    assert b"timer" in dictation.stdout


def test_say_writes_speech(tmp_path: Path) -> None:
    out = tmp_path / "hello.wav"
    done = run_cli("say", "Hello there, it's lovely to meet you.", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert 1.0 < len(read_wav(out)) / 16000 < 5.0

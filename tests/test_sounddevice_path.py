"""The real sounddevice path: a file-backed ALSA microphone in, a file-backed speaker out."""

import contextlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.audio.wav import read_wav

pytestmark = pytest.mark.audio

REPO = Path(__file__).resolve().parent.parent
ASOUNDRC = Path(os.environ.get("ASSISTANT_ASOUNDRC", REPO.parent / "shared" / "audio" / "asoundrc"))
FIXTURES = Path(__file__).parent / "fixtures" / "audio"


@pytest.mark.skipif(not ASOUNDRC.is_file(), reason="needs ../shared/audio/asoundrc (fake devices)")
def test_a_command_through_the_microphone_is_answered_through_the_speaker(tmp_path: Path) -> None:
    speaker_out = tmp_path / "speaker.wav"
    process = subprocess.Popen(
        [
            sys.executable,
            str(REPO / "scripts" / "fake_audio.py"),
            str(FIXTURES / "cmd_what_time_is_it.wav"),
            str(speaker_out),
            "--",
            sys.executable,
            "-m",
            "assistant",
            "listen",
            "--json",
            "--turns",
            "1",
            "--data-dir",
            str(tmp_path / "home"),
            "--input-device",
            "fakemic",
            "--output-device",
            "speaker",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=600)
    finally:
        # The assistant runs as a grandchild (under fake_audio): end the whole group, so that a
        # run cut short leaves nothing behind.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    done = subprocess.CompletedProcess(process.args, process.wait(), stdout, stderr)
    assert done.returncode == 0, done.stderr
    events = [json.loads(line) for line in done.stdout.decode().splitlines()]
    intents = [e["intent"] for e in events if e["type"] == "intent_recognised"]
    reply = next(e["text"] for e in events if e["type"] == "reply")
    assert intents == ["system.time"]
    assert [e["type"] for e in events][-1] == "turn_ended"
    speech = read_wav(speaker_out)
    assert 0.04 * len(reply) < len(speech) / 16000 < 0.2 * len(reply) + 1.0
    assert int(np.abs(speech).max()) > 5000

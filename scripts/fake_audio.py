"""Run a command with a file-backed microphone and speaker (for machines with no sound card).

    scripts/fake_audio MIC.wav SPEAKER_OUT.wav -- COMMAND...

Uses ../shared/audio/asoundrc (or $ASSISTANT_ASOUNDRC): ALSA devices "fakemic", which plays
MIC.wav into the microphone, and "speaker", which writes what is played to SPEAKER_OUT.wav.
Past the end of MIC.wav the microphone hears silence.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from assistant.audio.wav import read_wav

SHARED_ASOUNDRC = Path(__file__).resolve().parent.parent.parent / "shared" / "audio" / "asoundrc"


def asoundrc() -> Path | None:
    """The ALSA set-up to use, if there is one."""
    chosen = Path(os.environ.get("ASSISTANT_ASOUNDRC", SHARED_ASOUNDRC))
    return chosen if chosen.is_file() else None


def main(argv: list[str]) -> int:
    if "--" not in argv or argv.index("--") != 2:
        sys.exit(__doc__)
    microphone, speaker, command = Path(argv[0]), Path(argv[1]), argv[3:]
    config = asoundrc()
    if config is None:
        sys.exit(
            "no asoundrc: put ../shared/audio/asoundrc beside the checkout, "
            "or set ASSISTANT_ASOUNDRC"
        )
    with tempfile.TemporaryDirectory(prefix="fake-audio-") as home:
        shutil.copy(config, Path(home) / ".asoundrc")
        raw = Path(home) / "mic.raw"
        raw.write_bytes(read_wav(microphone).astype("<i2").tobytes())
        env = {
            **os.environ,
            "HOME": home,
            "ASSISTANT_FAKEMIC_IN": str(raw),
            "ASSISTANT_SPEAKER_OUT": str(speaker.resolve()),
        }
        return subprocess.run(command, env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

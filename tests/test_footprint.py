"""The process gives memory back: freed pages return to the system, and the speech engines
start with what they need, not more."""

import ctypes
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.audio.sources import WavSource
from assistant.errors import RecogniserError
from assistant.footprint import MKL_NO_CACHE, release_freed_memory, release_soon, tune_allocator
from assistant.stt import pocketsphinx
from assistant.stt.base import Mode
from assistant.stt.pocketsphinx import PocketsphinxRecogniser
from assistant.stt.pronunciations import Pronunciations

FIXTURES = Path(__file__).parent / "fixtures" / "audio"
BLOCK = 64 * 1024
"""Small enough for glibc to take from its heap (not a mapping of its own)."""
BLOCKS = 400

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="glibc's allocator is only on Linux"
)


def resident_mb() -> float:
    status = Path("/proc/self/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


class FreedBlocks:
    """25 MB of the C heap, written to and freed, under a block that stays in use."""

    def __init__(self) -> None:
        self.libc = ctypes.CDLL("libc.so.6")
        self.libc.malloc.restype = ctypes.c_void_p
        self.libc.free.argtypes = [ctypes.c_void_p]
        blocks = [self.libc.malloc(BLOCK) for _ in range(BLOCKS)]
        for block in blocks:
            ctypes.memset(block, 1, BLOCK)
        self.top = self.libc.malloc(BLOCK)  # keeps the heap's top in use: free alone returns none
        for block in blocks:
            self.libc.free(block)

    def close(self) -> None:
        self.libc.free(self.top)


MOST_OF_IT = BLOCK * BLOCKS / 2**20 / 2


@linux_only
def test_freed_memory_goes_back_to_the_system() -> None:
    freed = FreedBlocks()
    before = resident_mb()
    release_freed_memory()
    after = resident_mb()
    freed.close()
    assert before - after > MOST_OF_IT


@linux_only
def test_freed_memory_goes_back_soon_without_waiting_for_it() -> None:
    freed = FreedBlocks()
    before = resident_mb()
    release_soon()
    deadline = time.monotonic() + 30
    while before - resident_mb() < MOST_OF_IT and time.monotonic() < deadline:
        time.sleep(0.01)
    after = resident_mb()
    freed.close()
    assert before - after > MOST_OF_IT


LARGE_BLOCKS = """
import ctypes, sys
from pathlib import Path
from assistant.footprint import tune_allocator
def resident_mb():
    status = Path("/proc/self/status").read_text().splitlines()
    return int(next(l for l in status if l.startswith("VmRSS:")).split()[1]) / 1024
if sys.argv[1] == "tuned":
    tune_allocator()
libc = ctypes.CDLL("libc.so.6")
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
libc.free(libc.malloc(16 * 2**20))
blocks = [libc.malloc(2**20) for _ in range(30)]
for block in blocks:
    ctypes.memset(block, 1, 2**20)
top = libc.malloc(64 * 1024)
before = resident_mb()
for block in blocks:
    libc.free(block)
print(before - resident_mb())
"""
"""In a fresh interpreter (a long test run leaves free room in the heap that later blocks
would come from): 30 blocks of 1 MB, after a block of 16 MB was freed, are freed under a
block that stays in use; prints how many MB went back."""


@linux_only
@pytest.mark.parametrize(("how", "most_back"), [("tuned", True), ("as glibc comes", False)])
def test_large_blocks_go_back_when_freed_once_tuned(how: str, most_back: bool) -> None:
    """glibc raises its bar for a mapping of their own once a block of 16 MB is freed, and
    then keeps later 1 MB blocks in its heap; tuned, they go back the moment they are freed."""
    done = subprocess.run(
        [sys.executable, "-c", LARGE_BLOCKS, how], capture_output=True, text=True, check=True
    )
    assert (float(done.stdout) > 25) is most_back


def test_the_allocator_is_tuned_without_overriding_a_choice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    name, value = MKL_NO_CACHE
    monkeypatch.delenv(name, raising=False)
    tune_allocator()
    assert os.environ[name] == value
    monkeypatch.setenv(name, "0")
    tune_allocator()
    assert os.environ[name] == "0"


@pytest.mark.audio
def test_pocketsphinx_commands_need_only_the_words_of_the_grammar() -> None:
    recogniser = PocketsphinxRecogniser()
    assert recogniser.knows("zebra")
    assert recogniser.decoder.lookup_word("zebra") is None  # not the whole dictionary
    recogniser.learn(["zebra", "read", "qwxzt"])
    assert recogniser.decoder.lookup_word("zebra") is not None
    assert recogniser.decoder.lookup_word("read(2)") is not None  # other ways to say it too
    assert recogniser.decoder.lookup_word("qwxzt") is None


@pytest.mark.audio
def test_pocketsphinx_dictates_with_a_model_loaded_on_first_use() -> None:
    recogniser = PocketsphinxRecogniser()
    pcm = WavSource(FIXTURES / "cmd_set_a_timer_for_ten_minutes.wav").samples.tobytes()
    heard = recogniser.decode_whole(pcm, Mode.DICTATION)
    assert "timer" in heard.text.split()
    assert recogniser.decode_whole(pcm, Mode.DICTATION).text == heard.text


def test_the_dictionary_finds_each_way_to_say_a_word(tmp_path: Path) -> None:
    path = tmp_path / "words.dict"
    path.write_text("read R IY D\nzoo Z UW\nread(2) R EH D\na AH\n")
    words = Pronunciations.read(path)
    assert list(words.of("read")) == [("read", "R IY D"), ("read(2)", "R EH D")]
    assert list(words.of("zoo")) == [("zoo", "Z UW")]
    assert words.knows("a")
    assert not words.knows("re")
    assert list(words.of("nothing")) == []


def test_a_missing_dictionary_is_a_plain_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(
        pocketsphinx, "bundled", lambda: Pronunciations.read(tmp_path / "missing.dict")
    )
    with pytest.raises(RecogniserError) as raised:
        PocketsphinxRecogniser().knows("hello")
    assert raised.value.code == "stt-model-missing"

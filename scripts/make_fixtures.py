"""Synthesise the spoken test fixtures with Festival voices into tests/fixtures/audio/.

Needs festival, festvox-kallpc16k, festvox-us-slt-hts and sox (scripts/setup installs them).
The WAVs are committed, so the tests never need a synthesiser.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import yaml

from assistant.audio.wav import read_wav, write_wav

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "audio"
VOICES = ("cmu_us_slt_arctic_hts", "kal_diphone")

COMMANDS: list[tuple[str, str, dict[str, object]]] = [
    ("what time is it", "system.time", {}),
    ("what's the date today", "system.date", {}),
    ("what can you do", "system.help", {}),
    ("stop", "system.stop", {}),
    ("cancel", "system.cancel", {}),
    ("yes please", "system.confirm", {}),
    ("go ahead", "system.confirm", {}),
    ("no thanks", "system.deny", {}),
    ("undo that", "system.undo", {}),
    ("say that again", "system.repeat", {}),
    ("stop listening", "system.sleep", {}),
    ("what's your name", "identity.name", {}),
    ("who are you", "identity.name", {}),
    ("good morning", "chat.greeting", {}),
    ("thank you very much", "chat.thanks", {}),
    ("how are you today", "chat.how_are_you", {}),
    ("good night", "chat.goodbye", {}),
    ("what's my sister's name", "memory.recall", {"relation": "sister"}),
    ("when is my birthday", "memory.recall", {"topic": "birthday"}),
    ("what do you know about me", "memory.recall", {}),
    ("forget my sister's name", "memory.forget", {"relation": "sister"}),
    ("what did we talk about yesterday", "memory.search", {"date": "yesterday"}),
    ("do I have new mail", "mail.check", {}),
    ("check my email", "mail.check", {}),
    ("read my new mail", "mail.read", {}),
    ("next one", "mail.next", {}),
    ("previous one", "mail.previous", {}),
    ("clean up my inbox", "mail.triage", {}),
    ("delete the junk mail", "mail.delete", {"which": "junk"}),
    ("archive all the newsletters", "mail.archive", {"which": "newsletters"}),
    ("reply to this one", "mail.reply", {}),
    ("send it", "mail.send", {}),
    ("organise my downloads folder", "files.organise", {"folder": "downloads"}),
    ("find duplicate files in pictures", "files.duplicates", {"folder": "pictures"}),
    ("move the pdfs into documents", "files.move", {"kind": "pdf", "folder": "documents"}),
    ("what did I download today", "files.recent", {"date": "today"}),
    ("find pdf files in my downloads folder", "files.find", {"kind": "pdf", "folder": "downloads"}),
    ("what are my reminders", "reminder.list", {}),
    ("set a timer for ten minutes", "timer.set", {"duration": 600}),
    ("start a timer for half an hour", "timer.set", {"duration": 1800}),
    ("cancel the timer", "timer.cancel", {}),
    (
        "remind me to call my sister at five",
        "reminder.set",
        {"task": "call my sister", "time": "5:00"},
    ),
    (
        "remember that I am allergic to peanuts",
        "memory.remember",
        {"fact": "i am allergic to peanuts"},
    ),
    ("put everything back", "system.undo", {}),
]

NOT_COMMANDS = [
    "play some jazz",
    "turn on the kitchen lights",
    "what's the capital of France",
    "what's the weather like tomorrow",
    "tell me a joke",
    "set the thermostat to twenty degrees",
    "who won the football last night",
    "how tall is mount everest",
    "order a pizza",
    "turn the volume up",
    "lock the front door",
    "I like turtles",
    "the cat sat on the mat",
    "book a table for two at eight",
    "navigate to the nearest petrol station",
    "skip to the next song",
    "what is two plus two",
    "my favourite colour is blue",
    "it looks like rain this afternoon",
    "have you seen my glasses anywhere",
]


WAKE = ["samantha what time is it", "samantha"]
"""Addressed by name, for the wake-word tests (the assistant is renamed Samantha there)."""


MAIL = ["read the one from amy", "reply to her"]
"""For the mail conversation by voice (Amy's name joins the grammar once her mail is seen)."""


FREE_WORDS = ["remind me to renew the passport tomorrow morning"]
"""Commands with words no template lists (an unusual task): heard through Whisper."""


def synthesise(text: str, voice: str, target: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        raw = Path(folder) / "raw.wav"
        subprocess.run(
            ["text2wave", "-eval", f"(voice_{voice})", "-o", str(raw)],
            input=text.encode(),
            check=True,
            capture_output=True,
        )
        subprocess.run(
            ["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(target)], check=True
        )


def slug(text: str) -> str:
    return "_".join("".join(c for c in word if c.isalnum()) for word in text.lower().split())


def make_spoken(rows: list[dict[str, object]]) -> None:
    for index, (text, intent, slots) in enumerate(COMMANDS):
        voice = VOICES[index % len(VOICES)]
        name = f"cmd_{slug(text)}.wav"
        synthesise(text, voice, OUT / name)
        rows.append({"file": name, "text": text, "intent": intent, "slots": slots, "voice": voice})
    for index, text in enumerate(NOT_COMMANDS):
        voice = VOICES[index % len(VOICES)]
        name = f"oog_{slug(text)}.wav"
        synthesise(text, voice, OUT / name)
        rows.append({"file": name, "text": text, "intent": None, "slots": {}, "voice": voice})


def make_variants(rows: list[dict[str, object]]) -> None:
    """Padded with silence, clipped, quiet, and noisy versions of two commands."""
    base = read_wav(OUT / "cmd_what_time_is_it.wav")
    rng = np.random.default_rng(7)
    silence = np.zeros(16000 * 2, np.int16)
    noise = (rng.normal(0, 300, len(base))).astype(np.int16)
    variants = {
        "var_padded_what_time_is_it.wav": np.concatenate([silence, base, silence]),
        "var_clipped_what_time_is_it.wav": np.clip(base.astype(np.int32) * 8, -32768, 32767),
        "var_noisy_what_time_is_it.wav": np.clip(base.astype(np.int32) + noise, -32768, 32767),
    }
    for name, samples in variants.items():
        write_wav(OUT / name, samples.astype(np.int16))
        rows.append(
            {
                "file": name,
                "text": "what time is it",
                "intent": "system.time",
                "slots": {},
                "voice": VOICES[0],
            }
        )
    write_wav(OUT / "edge_silence.wav", np.zeros(16000 * 3, np.int16))
    write_wav(OUT / "edge_noise.wav", rng.normal(0, 4000, 16000 * 3).astype(np.int16))
    rows.append({"file": "edge_silence.wav", "text": "", "intent": None, "slots": {}, "voice": ""})
    rows.append({"file": "edge_noise.wav", "text": "", "intent": None, "slots": {}, "voice": ""})


def make_free_words() -> None:
    for index, text in enumerate(FREE_WORDS):
        synthesise(text, VOICES[(index + 1) % len(VOICES)], OUT / f"free_{slug(text)}.wav")


def main() -> None:
    if shutil.which("text2wave") is None or shutil.which("sox") is None:
        sys.exit("make_fixtures needs festival and sox: run scripts/setup dev as root first")
    OUT.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, object]] = []
    make_spoken(rows)
    make_variants(rows)
    for text in WAKE:
        synthesise(text, VOICES[0], OUT / f"wake_{slug(text)}.wav")
    for text in MAIL:
        synthesise(text, VOICES[0], OUT / f"mail_{slug(text)}.wav")
    make_free_words()
    header = "# Spoken fixtures made by scripts/make_fixtures; intent ~ means not a command.\n"
    (OUT / "manifest.yaml").write_text(header + yaml.safe_dump(rows, sort_keys=False))
    print(f"wrote {len(rows)} fixtures to {OUT}")


if __name__ == "__main__":
    main()

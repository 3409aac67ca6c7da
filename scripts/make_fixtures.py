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
    ("when is my birthday", "memory.ask", {"asked": "birthday"}),
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
    ("remind me to call my sister at five", "reminder.set", {"task": "call my sister at five"}),
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
UNDERSTOOD_SINCE: dict[str, tuple[str, dict[str, object]]] = {
    "tell me a joke": ("chat.joke", {}),
    "my favourite colour is blue": (
        "memory.remember",
        {"favourite_thing": "colour", "favourite_value": "blue"},
    ),
}
"""Sentences first recorded as not-commands (their files keep the oog_ name) that are now
understood: small talk and facts about the user."""


WAKE = ["samantha what time is it", "samantha"]
"""Addressed by name, for the wake-word tests (the assistant is renamed Samantha there)."""


MAIL = ["read the one from amy", "reply to her"]
"""For the mail conversation by voice (Amy's name joins the grammar once her mail is seen)."""


REMINDERS = [
    "remind me tomorrow to pay the rent",
    "in two hours remind me to stretch",
    "remind me at six pm to call my mum",
    "remind me to take the bins out on thursday at eight",
    "remind me to walk the dog at half past seven",
    "remind me to water the plants tonight",
    "remind me to feed the cat",
    "tomorrow at quarter past five",
    "wake me up at seven",
    "set an alarm for seven in the morning",
    "cancel the reminder to call my mum",
    "delete all my reminders",
    "wake me up every weekday at seven",
    "remind me to take my pills every day at nine",
    "cancel the dentist one",
    "snooze",
    "what's on tomorrow",
]
"""For reminders by voice (tests/test_reminders.py, tests/test_reminder_changes.py): each way
of saying when, an answer to "when?", alarms, cancelling, repeats, "the dentist one", snoozing
while it rings, and the day ahead. ``make_fixtures reminders`` makes only these."""
COMPANION: list[tuple[str, str, dict[str, object]]] = [
    ("I'm feeling a bit lonely today", "chat.feeling", {"feeling": "lonely"}),
    ("I feel so sad", "chat.feeling", {"feeling": "sad"}),
    ("I'm really stressed out", "chat.feeling", {"feeling": "stressed"}),
    ("I'm so tired", "chat.feeling", {"feeling": "tired"}),
    ("I'm happy today", "chat.feeling", {"feeling": "happy"}),
    ("I'm having a rough day", "chat.feeling", {"feeling": "sad"}),
    ("I'm bored", "chat.feeling", {"feeling": "bored"}),
    ("how was your day", "chat.how_are_you", {"about": "day"}),
    ("tell me about yourself", "chat.about_you", {"question": "yourself"}),
    ("are you human", "chat.about_you", {"question": "human"}),
    ("do you have feelings", "chat.about_you", {"question": "feelings"}),
    ("do you love me", "chat.about_you", {"question": "love_me"}),
    ("tell me a joke", "chat.joke", {}),
    ("make me laugh", "chat.joke", {}),
    ("you're funny", "chat.kind_words", {"said": "praise"}),
    ("let's chat", "chat.chatter", {"said": "talk"}),
    ("I just got home", "chat.chatter", {"said": "home"}),
    ("nothing much", "chat.chatter", {"said": "nothing"}),
    ("I can't sleep", "chat.chatter", {"said": "no_sleep"}),
    ("I miss my friends", "chat.chatter", {"said": "miss"}),
    ("where do I work", "memory.ask", {"asked": "workplace"}),
    ("what am I allergic to", "memory.ask", {"asked": "allergy"}),
    ("what's my name", "identity.who_am_i", {}),
    ("who have I not written to in a while", "memory.person", {}),
    ("what have you been up to", "chat.how_are_you", {"about": "day"}),
    ("I've been feeling tired lately", "chat.feeling", {"feeling": "tired"}),
    ("I've had a great day", "chat.feeling", {"feeling": "happy"}),
    ("I'm not feeling great", "chat.feeling", {"feeling": "sad"}),
    ("I feel a bit down tonight", "chat.feeling", {"feeling": "sad"}),
    ("I'm worried", "chat.feeling", {"feeling": "stressed"}),
    ("are you my friend", "chat.about_you", {"question": "friend"}),
    ("tell me another one", "chat.joke", {}),
    ("I love you", "chat.kind_words", {"said": "love"}),
    ("talk to me", "chat.chatter", {"said": "talk"}),
    ("guess what", "chat.chatter", {"said": "guess"}),
    ("nobody talks to me", "chat.chatter", {"said": "nobody"}),
    ("what's new with you", "chat.chatter", {"said": "new"}),
    ("are you still there", "chat.chatter", {"said": "there"}),
    ("do you dream", "chat.about_you", {"question": "sleep"}),
    ("where do you live", "chat.about_you", {"question": "home"}),
]
"""Small talk, feelings and questions about the user, said as a person would
(tests/fixtures/audio/talk_*.wav, listed in talk.yaml)."""
FREE_WORDS = [
    "remind me to renew the passport tomorrow morning",
    "set a timer called pasta for ten minutes",
]
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
        intent, slots = UNDERSTOOD_SINCE.get(text, (None, {}))
        rows.append({"file": name, "text": text, "intent": intent, "slots": slots, "voice": voice})


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


def make_reminders() -> None:
    for text in REMINDERS:
        synthesise(text, VOICES[0], OUT / f"rem_{slug(text)}.wav")


def make_companion() -> None:
    """The small-talk fixtures and their own manifest."""
    rows = []
    for index, (text, intent, slots) in enumerate(COMPANION):
        voice = VOICES[index % len(VOICES)]
        name = f"talk_{slug(text)}.wav"
        synthesise(text, voice, OUT / name)
        rows.append({"file": name, "text": text, "intent": intent, "slots": slots, "voice": voice})
    header = "# Small-talk fixtures made by scripts/make_fixtures (make_companion).\n"
    (OUT / "talk.yaml").write_text(header + yaml.safe_dump(rows, sort_keys=False))


def make_free_words() -> None:
    for index, text in enumerate(FREE_WORDS):
        synthesise(text, VOICES[(index + 1) % len(VOICES)], OUT / f"free_{slug(text)}.wav")


def main() -> None:
    if shutil.which("text2wave") is None or shutil.which("sox") is None:
        sys.exit("make_fixtures needs festival and sox: run scripts/setup dev as root first")
    OUT.mkdir(parents=True, exist_ok=True)
    make_reminders()
    if sys.argv[1:] == ["reminders"]:
        return
    rows: list[dict[str, object]] = []
    make_spoken(rows)
    make_variants(rows)
    for text in WAKE:
        synthesise(text, VOICES[0], OUT / f"wake_{slug(text)}.wav")
    for text in MAIL:
        synthesise(text, VOICES[0], OUT / f"mail_{slug(text)}.wav")
    make_companion()
    make_free_words()
    header = "# Spoken fixtures made by scripts/make_fixtures; intent ~ means not a command.\n"
    (OUT / "manifest.yaml").write_text(header + yaml.safe_dump(rows, sort_keys=False))
    print(f"wrote {len(rows)} fixtures to {OUT}")


if __name__ == "__main__":
    main()

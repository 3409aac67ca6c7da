"""Reminders: what reading times costs (dateparser's import, a warm parse, a reminder turn), the
speech grammar with spoken times in it, and the spoken reminder fixtures heard word for word."""

import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from make_fixtures import OUT, REMINDERS, slug

from assistant.audio.sources import WavSource
from assistant.calendar.service import CalendarAccount
from assistant.config import Paths
from assistant.events import Transcript
from assistant.intents.when import find_moment
from assistant.memory.reminders import REMINDER
from assistant.runtime.assistant import Assistant
from assistant.runtime.pipeline import Pipeline
from assistant.runtime.voice import Listener
from assistant.stt.grammar import GrammarBuilder
from assistant.stt.pocketsphinx import PocketsphinxRecogniser

TUESDAY = datetime(2026, 12, 1, 16, 5, tzinfo=timezone(timedelta(hours=1)))
SAID = (
    "remind me to take the bins out on Thursday at 8",
    "remind me tomorrow to pay rent",
    "in 2 hours remind me to stretch",
    "remind me at 6pm to call mum",
    "remind me to call mum at 18:00",
    "remind me to ring the bank at quarter past five",
    "remind me to water the plants tonight",
    "remind me next week to book the dentist",
    "remind me to call mum tomorrow about the party",
    "wake me up at 7",
)
COLD_IMPORT = (
    "import time; t = time.perf_counter(); from dateparser.date import DateDataParser; "
    "i = time.perf_counter(); DateDataParser(languages=['en']).get_date_data('on thursday'); "
    "print(i - t, time.perf_counter() - i)"
)
STARTS_WITHOUT_IT = "import sys, assistant.app, assistant.cli; print('dateparser' in sys.modules)"


class _Tuesday:
    def now(self) -> datetime:
        return TUESDAY


def bench_reminders() -> list[str]:
    return [
        *_cold_dateparser(),
        _reminder_turns(),
        _find_moment_latency(),
        *_big_book(),
        _kill_trials(),
        _grammar_size(),
        _spoken_fixtures(),
    ]


LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2026, 11, 30, 10, 0, tzinfo=LONDON)
BIG = 10_000
EVENTS = 5_000


class _Monday:
    def now(self) -> datetime:
        return MONDAY


def _big_book(rounds: int = 40) -> list[str]:
    """10,000 reminders and a calendar of 5,000 events: questions, and start-up."""
    with tempfile.TemporaryDirectory() as home:
        paths = Paths.resolve(home)
        with Assistant(paths, clock=_Monday()) as assistant:
            _fill(assistant, Path(home) / "big.ics")
        start_ups = [_opened_ms(paths) for _ in range(5)]
        with Assistant(paths, clock=_Monday()) as assistant:
            talk = assistant.conversation()
            rows = [
                _question(talk, said, rounds)
                for said in (
                    "what are my reminders",
                    "whats on tomorrow",
                    "when is my next reminder",
                    "am I free on Friday afternoon",
                )
            ]
    with tempfile.TemporaryDirectory() as empty:
        bare = [_opened_ms(Paths.resolve(empty)) for _ in range(5)]
    return [
        *rows,
        f"| start-up with {BIG:,} reminders and a {EVENTS:,}-event calendar (5 opens) | "
        f"p50 {statistics.median(start_ups):.0f} ms (empty: {statistics.median(bare):.0f} ms) | "
        "no more than 100 ms slower |",
    ]


def _fill(assistant: Assistant, calendar: Path) -> None:
    rng = random.Random(5)
    reminders = assistant.memory.reminders
    with assistant.store.transaction():
        for index in range(BIG):
            due = MONDAY + timedelta(minutes=rng.randrange(1, 60 * 24 * 365))
            repeat = (
                "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0;BYSECOND=0" if index % 100 == 0 else ""
            )
            reminders.add(REMINDER, f"task number {index}", due, MONDAY, None, repeat=repeat)
    calendar.write_text(_calendar_text(rng))
    assistant.calendars.add(CalendarAccount("big", str(calendar)))


def _calendar_text(rng: random.Random) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//EN"]
    for index in range(EVENTS):
        start = datetime(2026, 1, 1, 8) + timedelta(minutes=15 * rng.randrange(0, 4 * 24 * 730))
        repeat = ["RRULE:FREQ=WEEKLY"] if index % 50 == 0 else []
        lines += [
            "BEGIN:VEVENT",
            f"UID:event-{index}@bench",
            "DTSTAMP:20260101T000000Z",
            f"SUMMARY:event {index}",
            f"DTSTART;TZID=Europe/London:{start:%Y%m%dT%H%M%S}",
            f"DTEND;TZID=Europe/London:{start + timedelta(minutes=45):%Y%m%dT%H%M%S}",
            *repeat,
            "END:VEVENT",
        ]
    return "\r\n".join([*lines, "END:VCALENDAR", ""])


def _opened_ms(paths: Paths) -> float:
    started = time.perf_counter()
    with Assistant(paths, clock=_Monday()):
        pass
    return (time.perf_counter() - started) * 1000


def _question(talk: Pipeline, said: str, rounds: int) -> str:
    talk.run_text(said)  # the calendar is read once, then only when it changes
    samples = [_turn_ms(talk, said) for _ in range(rounds)]
    return (
        f'| "{said}" with {BIG:,} reminders and {EVENTS:,} events ({rounds} turns, warm) | '
        f"p50 {_percentile(samples, 0.5):.1f} ms, p95 {_percentile(samples, 0.95):.1f} ms | "
        "under 50 ms |"
    )


def _kill_trials(trials: int = 25) -> str:
    """SIGKILL while reminders ring and repeats move on (harness/ringing.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from harness.ringing import run_trial  # noqa: PLC0415 - the trial the tests run, 25 times

    rng = random.Random(11)
    exact = cut_off = occurrences = 0
    with tempfile.TemporaryDirectory() as folder:
        for number in range(trials):
            trial_folder = Path(folder) / str(number)
            trial_folder.mkdir()
            trial = run_trial(trial_folder, rng)
            exact += trial.exact and set(trial.said) == set(trial.told)
            cut_off += trial.cut_off
            occurrences += len(trial.expected)
    return (
        f"| SIGKILL while ringing and moving repeats on, then restart ({trials} trials, "
        f"{occurrences} occurrences across a change of the clocks) | each told in full exactly "
        f"once in {exact}/{trials}; {cut_off} rings cut off by the kill were told again at the "
        "next start | all |"
    )


def _cold_dateparser(runs: int = 5) -> list[str]:
    timings = [_run(COLD_IMPORT).split() for _ in range(runs)]
    imports = statistics.median(float(t[0]) for t in timings)
    first = statistics.median(float(t[1]) for t in timings)
    loaded = _run(STARTS_WITHOUT_IT).strip()
    return [
        f"| dateparser, new process ({runs} runs, median) | import {imports:.2f} s, first parse "
        f"{first:.2f} s; loaded at start: {'yes' if loaded == 'True' else 'no'} | "
        "not at start |"
    ]


def _run(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout


def _reminder_turns(rounds: int = 20) -> str:
    with (
        tempfile.TemporaryDirectory() as home,
        Assistant(Paths.resolve(home), clock=_Tuesday(), rng=random.Random(1)) as assistant,
    ):
        talk = assistant.conversation()
        talk.run_text(SAID[0])  # dateparser's first use
        samples, plain = [], []
        for text in SAID * rounds:
            samples.append(_turn_ms(talk, text))
            plain.append(_turn_ms(talk, "what time is it"))
    return (
        f"| reminder or alarm set, text turn, warm ({len(samples)} turns, {len(SAID)} forms) | "
        f"p50 {_percentile(samples, 0.5):.1f} ms, p95 {_percentile(samples, 0.95):.1f} ms "
        f'("what time is it" in the same run: p50 {_percentile(plain, 0.5):.1f} ms) | '
        "p50 under 10 ms |"
    )


def _turn_ms(talk: Pipeline, text: str) -> float:
    started = time.perf_counter()
    talk.run_text(text)
    return (time.perf_counter() - started) * 1000


def _find_moment_latency(rounds: int = 50) -> str:
    find_moment(SAID[0], TUESDAY)
    samples = []
    for text in SAID * rounds:
        started = time.perf_counter()
        find_moment(text.removeprefix("remind me "), TUESDAY)
        samples.append((time.perf_counter() - started) * 1000)
    return (
        f"| time words found in a request (`find_moment`, {len(samples)} calls) | "
        f"p50 {_percentile(samples, 0.5):.2f} ms, p95 {_percentile(samples, 0.95):.2f} ms | |"
    )


def _grammar_size() -> str:
    with tempfile.TemporaryDirectory() as home, Assistant(Paths.resolve(home)) as assistant:
        spec = assistant.grammar_spec()
        knows = PocketsphinxRecogniser().knows
        sizes = []
        for lists in ({**spec.slot_lists, "moment": None}, spec.slot_lists):
            started = time.perf_counter()
            builder = GrammarBuilder(spec.intents, dict(lists), spec.vocabulary, knows)
            graph = builder.build()
            sizes.append((graph.size, time.perf_counter() - started))
    (before, _), (after, seconds) = sizes
    return (
        f"| command grammar with spoken times | {after} states ({after - before} for the times),"
        f" built in {seconds:.2f} s | small |"
    )


def _spoken_fixtures() -> str:
    with (
        tempfile.TemporaryDirectory() as home,
        Assistant(Paths.resolve(home), clock=_Tuesday()) as assistant,
    ):
        heard: list[str] = []
        assistant.bus.subscribe(
            lambda event: heard.append(event.text) if isinstance(event, Transcript) else None
        )
        listener = Listener(assistant.conversation().run_audio)
        exact = 0
        for text in REMINDERS:
            heard.clear()
            listener.run(WavSource(Path(OUT) / f"rem_{slug(text)}.wav"))
            exact += heard == [text]
    return (
        f"| spoken reminder fixtures heard word for word | {exact}/{len(REMINDERS)} | "
        "all acted on as said (tests/test_reminders.py) |"
    )


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

"""Benchmarks, printed as Markdown for docs/benchmarks.md.

scripts/bench            every benchmark
scripts/bench text       text-turn latency and cold start
"""

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from assistant.app import Assistant
from assistant.config import Paths

UTTERANCES = (
    "what time is it",
    "Nora, what's the date today?",
    "remember that the spare key is under the pot",
    "find pdf files in my downloads folder",
    "remind me to call my sister at half past five",
    "set a timer for ten minutes",
    "play some jazz",
    "what's the capital of France",
    "thank you so much",
    "say that again",
)


def percentile(samples: list[float], share: float) -> float:
    """The value below which ``share`` of ``samples`` fall."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [
            line.split(":", 1)[1].strip()
            for line in cpuinfo.read_text().splitlines()
            if line.startswith("model name")
        ]
        cpu = names[0] if names else cpu
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {date.today()}"


def bench_text_turns(turns: int = 1000) -> list[str]:
    with tempfile.TemporaryDirectory() as home, Assistant(Paths.resolve(home)) as assistant:
        talk = assistant.conversation()
        for text in UTTERANCES * 5:
            talk.run_text(text)
        samples = []
        for n in range(turns):
            started = time.perf_counter()
            talk.run_text(UTTERANCES[n % len(UTTERANCES)])
            samples.append((time.perf_counter() - started) * 1000)
    return [
        f"| text turn, in process ({turns} turns) | p50 {percentile(samples, 0.5):.2f} ms, "
        f"p95 {percentile(samples, 0.95):.2f} ms | p50 under 5 ms |"
    ]


def first_reply_seconds(home: str) -> float:
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant", "ask", "--data-dir", home, "what time is it"],
        stdout=subprocess.PIPE,
    )
    assert process.stdout is not None
    process.stdout.readline()
    elapsed = time.perf_counter() - started
    process.wait()
    return elapsed


def bench_cold_start(runs: int = 10) -> list[str]:
    with tempfile.TemporaryDirectory() as home:
        first = first_reply_seconds(home)
        samples = [first_reply_seconds(home) for _ in range(runs)]
    return [
        f"| cold start to first reply, new process ({runs} runs) | "
        f"p50 {statistics.median(samples):.2f} s, max {max(samples):.2f} s; "
        f"first run ever {first:.2f} s | under 1 s |"
    ]


def peak_rss_line() -> str:
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return f"| peak RSS of the benchmark process | {peak_mb:.0f} MB | |"


BENCHES: dict[str, list[Callable[[], list[str]]]] = {
    "text": [bench_text_turns, bench_cold_start],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("which", nargs="*", help=f"any of: {', '.join(BENCHES)} (default: all)")
    chosen = parser.parse_args().which or list(BENCHES)
    unknown = sorted(set(chosen) - set(BENCHES))
    if unknown:
        parser.error(f"no benchmark called {', '.join(unknown)}; choose from {', '.join(BENCHES)}")
    print(f"Machine: {machine()}\n")
    print("| measure | result | target |\n|---|---|---|")
    for name in chosen:
        for bench in BENCHES[name]:
            for line in bench():
                print(line, flush=True)
    print(peak_rss_line())


if __name__ == "__main__":
    main()

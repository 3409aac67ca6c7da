"""The rooms' one Whisper and one voice taken in turn: real threads, real waits."""

import threading
import time
from collections.abc import Callable

from assistant.frontends.rooms.queueing import FIRST, LATER, TakingTurns


def _waiting(turns: TakingTurns, count: int) -> None:
    deadline = time.monotonic() + 5
    while len(turns._waiting) < count:
        assert time.monotonic() < deadline, "nobody came to wait"
        time.sleep(0.005)


def _ask(
    turns: TakingTurns, done: list[str], name: str, priority: int = FIRST, room: str = ""
) -> threading.Thread:
    def work() -> None:
        try:
            with turns.turn(priority, room):
                done.append(name)
        except Exception as error:  # noqa: BLE001 - what happened is the result
            done.append(f"{name}: {type(error).__name__}")

    thread = threading.Thread(target=work)
    thread.start()
    return thread


def _while_busy(turns: TakingTurns, then: Callable[[], list[threading.Thread]]) -> None:
    """Hold the turn while ``then`` queues its requests, then let them go."""
    with turns.turn():
        threads = then()
        _waiting(turns, len(threads))
    for thread in threads:
        thread.join(5)


def test_a_first_clause_goes_before_later_ones_asked_earlier() -> None:
    turns, done = TakingTurns(), []
    _while_busy(
        turns,
        lambda: [
            _ask(turns, done, "kitchen, second clause", priority=LATER),
            _ask(turns, done, "hall, first clause"),
        ],
    )
    assert done == ["hall, first clause", "kitchen, second clause"]


def test_a_decode_a_room_no_longer_needs_is_dropped_unrun() -> None:
    turns, done = TakingTurns(), []

    def queue() -> list[threading.Thread]:
        early = _ask(turns, done, "kitchen early", room="kitchen")
        _waiting(turns, 1)
        hall = _ask(turns, done, "hall", room="hall")
        _waiting(turns, 2)
        turns.drop("kitchen")  # the kitchen's words are known now
        early.join(5)
        return [hall]

    _while_busy(turns, queue)
    assert done == ["kitchen early: Superseded", "hall"]


def test_a_newer_decode_from_the_same_room_replaces_the_waiting_one() -> None:
    turns, done = TakingTurns(), []

    def queue() -> list[threading.Thread]:
        older = _ask(turns, done, "older", room="study")
        _waiting(turns, 1)
        newer = _ask(turns, done, "newer", room="study")
        older.join(5)
        return [newer]

    _while_busy(turns, queue)
    assert done == ["older: Superseded", "newer"]

"""The bus delivers in order, survives a broken subscriber, and is thread-safe."""

import threading

from assistant.events import Event, Reply, TurnEnded
from assistant.runtime.bus import Bus


def test_delivers_in_subscription_order_and_unsubscribes() -> None:
    bus, seen = Bus(), []
    stop_a = bus.subscribe(lambda e: seen.append(("a", e.turn_id)))
    bus.subscribe(lambda e: seen.append(("b", e.turn_id)))
    bus.publish(TurnEnded(1))
    stop_a()
    bus.publish(TurnEnded(2))
    assert seen == [("a", 1), ("b", 1), ("b", 2)]


def test_a_failing_subscriber_does_not_stop_the_others() -> None:
    bus, seen = Bus(), []

    def broken(event: Event) -> None:
        raise RuntimeError("boom")

    bus.subscribe(broken)
    bus.subscribe(seen.append)
    bus.publish(Reply(1, "hi"))
    assert seen == [Reply(1, "hi")]


def test_publishing_from_many_threads_loses_nothing() -> None:
    bus, seen = Bus(), []
    lock = threading.Lock()

    def collect(event: Event) -> None:
        with lock:
            seen.append(event.turn_id)

    bus.subscribe(collect)
    threads = [
        threading.Thread(target=lambda n=n: [bus.publish(TurnEnded(n)) for _ in range(200)])
        for n in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(seen) == sorted(n for n in range(8) for _ in range(200))

"""Work the window must not wait for (database reads and writes, saving settings, testing a
mail server), run on a thread of its own; each result comes back on the GUI thread."""

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal, Slot

from assistant.errors import AssistantError

_LOGGER = logging.getLogger(__name__)

T = TypeVar("T")
Then = Callable[[Any], None]


class Background(QObject):
    """Runs jobs in order on one thread; ``then(result)`` is called on the GUI thread."""

    _finished = Signal(object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="window-background")
        self._finished.connect(self._hand_over)
        self.pending = 0

    def run(
        self,
        work: Callable[[], T],
        then: Callable[[T], None] | None = None,
        failed: Callable[[AssistantError], None] | None = None,
        on: Callable[[Callable[[], object]], None] | None = None,
    ) -> None:
        """Run ``work`` off the GUI thread (on this object's thread, or handed to ``on``, such
        as the session's worker, to keep its place among the turns); then ``then(result)``,
        or ``failed(error)`` with the plain sentence of an ``AssistantError``."""
        self.pending += 1
        future: Future[T] = Future()
        future.add_done_callback(lambda done: self._deliver(done, then, failed))
        (on or self._pool.submit)(lambda: _settle(future, work))

    def _deliver(
        self,
        done: "Future[T]",
        then: Callable[[T], None] | None,
        failed: Callable[[AssistantError], None] | None,
    ) -> None:
        try:
            result: object = done.result()
            callback: Then | None = then
        except AssistantError as error:
            result, callback = error, failed
        except Exception:
            _LOGGER.exception("Background work for the window failed")
            result, callback = None, None
        self._finished.emit(callback, result)

    @Slot(object, object)
    def _hand_over(self, then: Then | None, result: object) -> None:
        self.pending -= 1
        if then is not None:
            then(result)

    def close(self) -> None:
        """Wait for the jobs already started, then stop the thread."""
        self._pool.shutdown(wait=True)


def _settle(future: "Future[T]", work: Callable[[], T]) -> None:
    """Run ``work`` and put its result (or its exception) in ``future``."""
    try:
        future.set_result(work())
    except BaseException as error:  # noqa: BLE001 - handed over whole, read in _deliver
        future.set_exception(error)

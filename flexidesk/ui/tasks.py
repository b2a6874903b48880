"""Work off the main thread, done one way: ``run_task``, in the manner of Picard's ``run_task``
and Anki's ``QueryOp``.

The function runs in a QThreadPool worker and is handed a ``progress(done, total)`` callable;
its progress, its result and any exception come back to the main thread by queued signal,
where the callbacks run (every database write and every widget stays on the main thread).
An exception the caller does not take (no ``on_failure``, or one that returns False) goes to
``sys.excepthook``: the crash handler logs it and apologises, as for any other bug.

Nothing needs to hold the returned ``Task``: it keeps itself alive until it has finished.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

#: What the work is handed to report progress: usually (done, total); the demo's writer
#: reports (fraction, the step under way). Whatever it passes reaches ``on_progress``.
Progress = Callable[[Any, Any], None]
#: A failure callback returns True when it has dealt with the exception (a known problem of
#: the world, told to the user); False (or None) passes it on as a bug.
OnFailure = Callable[[BaseException], bool | None]

_running: set[Task] = set()


class Task(QObject):
    """One function run in the thread pool; signals arrive on the main thread."""

    progressed = Signal(object, object)  # done, total (or what the work reports)
    succeeded = Signal(object)  # what the function returned
    failed = Signal(object)  # the exception it raised
    finished = Signal()  # after succeeded or failed

    # Emitted from the worker thread; the Task lives on the main thread, so these arrive there.
    _progress_from_worker = Signal(object, object)
    _result_from_worker = Signal(object)
    _error_from_worker = Signal(object)

    def __init__(self, work: Callable[[Progress], Any], parent: QObject | None = None):
        super().__init__(parent)
        self.work = work
        self.running = False
        self.result: Any = None
        self.error: BaseException | None = None
        self._progress_from_worker.connect(self.progressed)
        self._result_from_worker.connect(self._succeeded)
        self._error_from_worker.connect(self._failed)
        self._runnable = _Runnable(self)

    def start(self, pool: QThreadPool | None = None) -> Task:
        """Queue the work; returns self."""
        self.running = True
        _running.add(self)
        (pool or QThreadPool.globalInstance()).start(self._runnable)
        return self

    def _succeeded(self, result: Any) -> None:
        self.running, self.result = False, result
        _running.discard(self)
        self.succeeded.emit(result)
        self.finished.emit()

    def _failed(self, error: BaseException) -> None:
        self.running, self.error = False, error
        _running.discard(self)
        self.failed.emit(error)
        self.finished.emit()


class _Runnable(QRunnable):
    def __init__(self, task: Task):
        super().__init__()
        self.task = task
        self.setAutoDelete(False)  # the Task owns it

    def run(self) -> None:
        task = self.task
        try:
            result = task.work(task._progress_from_worker.emit)
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread, decided there
            task._error_from_worker.emit(exc)
        else:
            task._result_from_worker.emit(result)


def report_bug(error: BaseException) -> None:
    """Hand an exception nobody expected to the crash handler (log it, apologise)."""
    sys.excepthook(type(error), error, error.__traceback__)


def run_task(work: Callable[[Progress], Any], *,
             on_success: Callable[[Any], None] | None = None,
             on_failure: OnFailure | None = None,
             on_progress: Progress | None = None,
             parent: QObject | None = None) -> Task:
    """Run ``work(progress)`` in the thread pool and call back on the main thread."""
    task = Task(work, parent)
    if on_progress is not None:
        task.progressed.connect(on_progress)
    if on_success is not None:
        task.succeeded.connect(on_success)

    def failed(error: BaseException) -> None:
        if on_failure is None or not on_failure(error):
            report_bug(error)

    task.failed.connect(failed)
    return task.start()


def running_tasks() -> int:
    """How many tasks have been started and have not yet reported back."""
    return len(_running)


def wait_for_tasks() -> None:
    """Block until every queued task has run (before closing or replacing the database)."""
    QThreadPool.globalInstance().waitForDone()

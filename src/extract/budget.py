"""A time budget per page: a runaway page becomes a ``timeout`` reject naming its stage.

``with page_budget(seconds):`` arms a watchdog around one page. Stages are announced with
:func:`stage` (``read``, ``decode``, ``tokenize``, each pipeline component, ``rows``); when
the budget runs out, :class:`PageTimeout` is raised inside the page's own thread, carrying
the stage it interrupted.

Two mechanisms, chosen by where the page runs:

- the main thread of a process (a worker of the process pool, or an inline run): a
  ``SIGALRM`` interval timer. Python's regular-expression engine checks for signals while it
  matches, so even a pattern stuck in backtracking is interrupted;
- any other thread (a Dask worker thread, a Prefect thread-pool task): a watchdog thread
  that raises the exception in the page's thread (``PyThreadState_SetAsyncExc``). That takes
  effect at the next Python bytecode: a single C call runs to its end first.

The alarm is re-armed every second after the budget, so a page whose code catches the
exception and goes on is interrupted again. :class:`PageTimeout` derives from
``BaseException``: a broad ``except Exception`` inside an extractor does not swallow it.
"""
from __future__ import annotations

import ctypes
import signal
import threading
from contextlib import contextmanager

DEFAULT_BUDGET_S = 10.0
_REARM_S = 1.0

_stages: dict[int, str] = {}  # thread id -> the stage its current page is in


class PageTimeout(BaseException):
    """The page used up its time budget; ``stage`` is where it was interrupted."""

    stage = "unknown"
    seconds = 0.0

    def __init__(self, stage: str | None = None, seconds: float | None = None):
        if stage is not None:
            self.stage = stage
        if seconds is not None:
            self.seconds = seconds
        super().__init__(f"page exceeded its {self.seconds:g} s budget in stage {self.stage}")


def stage(name: str) -> None:
    """Announce the stage the current thread's page has reached (cheap: a dict store)."""
    _stages[threading.get_ident()] = name


def current_stage() -> str:
    return _stages.get(threading.get_ident(), "unknown")


@contextmanager
def page_budget(seconds: float | None):
    """Interrupt the body with :class:`PageTimeout` after ``seconds`` (None or <= 0: no limit)."""
    if not seconds or seconds <= 0:
        yield
        return
    stage("start")
    if threading.current_thread() is threading.main_thread():
        with _alarm(seconds):
            yield
    else:
        with _watchdog(seconds):
            yield


@contextmanager
def _alarm(seconds: float):
    tid = threading.get_ident()

    def on_alarm(_signum, _frame):
        raise PageTimeout(_stages.get(tid, "unknown"), seconds)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds, _REARM_S)
    try:
        yield
    finally:
        while True:  # an alarm due just now may land here: stop the timer first
            try:
                signal.setitimer(signal.ITIMER_REAL, 0)
                break
            except PageTimeout:
                continue
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _watchdog(seconds: float):
    tid = threading.get_ident()
    done = threading.Event()

    def watch() -> None:
        wait = seconds
        while not done.wait(wait):
            # an exception class, not an instance, is what CPython raises asynchronously
            exc = type("PageTimeout", (PageTimeout,), {"stage": _stages.get(tid, "unknown"), "seconds": seconds})
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), ctypes.py_object(exc))
            wait = _REARM_S

    t = threading.Thread(target=watch, name="page-budget", daemon=True)
    t.start()
    try:
        yield
    finally:
        while True:  # an exception the watchdog set just now may land here: stop it first
            try:
                done.set()
                t.join()
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), None)
                break
            except PageTimeout:
                continue

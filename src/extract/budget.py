"""A time budget per page: a runaway page becomes a ``timeout`` reject naming its stage.

``with page_budget(seconds):`` arms a watchdog around one page. Stages are announced with
:func:`stage` (``read``, ``ingest``, each pipeline component, ``rows``); when
the budget runs out, :class:`PageTimeout` is raised inside the page's own thread, carrying
the stage it interrupted.

The budget is CPU time: on a loaded machine an ordinary page may wait for a processor for
seconds, and its result must not depend on that. A page that makes no progress at all (a
read blocked on a dead network mount) is stopped by a wall-clock ceiling, WALL_FACTOR times
the budget.

Two mechanisms, chosen by where the page runs:

- the main thread of a process (a worker of the process pool, or an inline run): interval
  timers (``ITIMER_PROF`` for CPU time, ``ITIMER_REAL`` for the ceiling). Python's
  regular-expression engine checks for signals while it matches, so even a pattern stuck in
  backtracking is interrupted;
- any other thread (a Dask worker thread, a Prefect thread-pool task): a watchdog thread that
  reads the page thread's CPU clock and raises the exception in that thread
  (``PyThreadState_SetAsyncExc``). That takes effect at the next Python bytecode: a single C
  call runs to its end first.

Both re-arm every second after the budget, so a page whose code catches the exception and
goes on is interrupted again. :class:`PageTimeout` derives from ``BaseException``: a broad
``except Exception`` inside an extractor does not swallow it.
"""
from __future__ import annotations

import ctypes
import signal
import threading
import time
from contextlib import contextmanager

DEFAULT_BUDGET_S = 10.0
WALL_FACTOR = 10.0
_REARM_S = 1.0

_stages: dict[int, str] = {}  # thread id -> the stage its current page is in


class PageTimeout(BaseException):
    """The page used up its time budget; ``stage`` is where it was interrupted, ``clock``
    which budget ran out (``CPU`` time, or the ``wall-clock`` ceiling)."""

    stage = "unknown"
    seconds = 0.0
    clock = "CPU"

    def __init__(self, stage: str | None = None, seconds: float | None = None, clock: str | None = None):
        for k, v in (("stage", stage), ("seconds", seconds), ("clock", clock)):
            if v is not None:
                setattr(self, k, v)
        super().__init__(self.detail())

    def detail(self) -> str:
        return f"the page exceeded its {self.seconds:g} s {self.clock} time budget in stage {self.stage}"


def stage(name: str) -> None:
    """Announce the stage the current thread's page has reached (cheap: a dict store)."""
    _stages[threading.get_ident()] = name


def current_stage() -> str:
    return _stages.get(threading.get_ident(), "unknown")


@contextmanager
def page_budget(seconds: float | None):
    """Interrupt the body with :class:`PageTimeout` after ``seconds`` of CPU time (or
    WALL_FACTOR times as long on the clock); None or <= 0: no limit."""
    if not seconds or seconds <= 0:
        yield
        return
    stage("start")
    if threading.current_thread() is threading.main_thread():
        with _timers(seconds):
            yield
    else:
        with _watchdog(seconds):
            yield


@contextmanager
def _timers(seconds: float):
    tid = threading.get_ident()

    def on_cpu(_signum, _frame):
        raise PageTimeout(_stages.get(tid, "unknown"), seconds, "CPU")

    def on_wall(_signum, _frame):
        raise PageTimeout(_stages.get(tid, "unknown"), seconds * WALL_FACTOR, "wall-clock")

    previous = signal.signal(signal.SIGPROF, on_cpu), signal.signal(signal.SIGALRM, on_wall)
    signal.setitimer(signal.ITIMER_PROF, seconds, _REARM_S)
    signal.setitimer(signal.ITIMER_REAL, seconds * WALL_FACTOR, _REARM_S)
    try:
        yield
    finally:
        while True:  # a timer due just now may fire here: stop both first
            try:
                signal.setitimer(signal.ITIMER_PROF, 0)
                signal.setitimer(signal.ITIMER_REAL, 0)
                break
            except PageTimeout:
                continue
        signal.signal(signal.SIGPROF, previous[0])
        signal.signal(signal.SIGALRM, previous[1])


@contextmanager
def _watchdog(seconds: float):
    tid = threading.get_ident()
    clock = time.pthread_getcpuclockid(tid)
    cpu0, wall0 = time.clock_gettime(clock), time.monotonic()
    done = threading.Event()

    def watch() -> None:
        poll = min(0.1, seconds / 4)
        next_shot = 0.0
        while not done.wait(poll):
            cpu, wall = time.clock_gettime(clock) - cpu0, time.monotonic() - wall0
            kind = "CPU" if cpu > seconds else "wall-clock" if wall > seconds * WALL_FACTOR else None
            if kind is None or wall < next_shot:
                continue
            limit = seconds if kind == "CPU" else seconds * WALL_FACTOR
            # an exception class, not an instance, is what CPython raises asynchronously
            exc = type("PageTimeout", (PageTimeout,), {"stage": _stages.get(tid, "unknown"), "seconds": limit,
                                                       "clock": kind})
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), ctypes.py_object(exc))
            next_shot = wall + _REARM_S

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

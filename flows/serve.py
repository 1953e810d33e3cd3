"""Serve the flow on a schedule: a Prefect runner that stops cleanly on SIGTERM and Ctrl-C.

``trial-extract serve`` registers a deployment of ``extract_trials`` on the Prefect server
named by ``PREFECT_API_URL`` and polls it for scheduled runs; each run executes in its own
process. Stopping (SIGTERM or Ctrl-C) cancels a run in progress (publication is atomic, so
nothing half-written stays), pauses the deployment's schedule and exits with code 0.
"""
from __future__ import annotations

import asyncio
import signal
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import flows  # noqa: F401  (Prefect environment defaults, before prefect is imported)
from prefect.runner import Runner
from prefect.schedules import Cron, Interval, Schedule
from prefect.types.entrypoint import EntrypointType

from flows.extract_trials import extract_trials


class CleanStopRunner(Runner):
    """Prefect's runner with a stop that is awaited.

    Prefect 3.8's own SIGTERM handler calls the synchronous ``stop()`` from inside the
    running event loop, where it returns an ``astop()`` coroutine nobody awaits
    ("coroutine 'Runner.astop' was never awaited"), then leaves the loop with ``sys.exit``.
    Here SIGTERM and SIGINT only schedule ``astop()`` on the loop (at once, or as soon as
    the runner has started); ``start()`` then returns normally, after pausing the schedule.
    """

    _stop_requested = False
    _stop_task: asyncio.Task | None = None

    def handle_sigterm(self, *args: Any, **kwargs: Any) -> None:
        # a signal handler: runs in the main thread between two steps of the running loop
        asyncio.get_running_loop().call_soon_threadsafe(self.request_stop)

    def request_stop(self) -> None:
        """Stop serving (idempotent); called on the loop."""
        self._stop_requested = True
        if self._stop_task is None and self.started:
            self._logger.warning("Stopping: cancelling runs in progress and pausing the schedule")
            self._stop_task = asyncio.ensure_future(self.astop())

    async def __aenter__(self) -> "CleanStopRunner":
        await super().__aenter__()
        if self._stop_requested:  # a signal came while the runner was starting
            self.request_stop()
        return self

    async def serve(self) -> None:
        signal.signal(signal.SIGTERM, self.handle_sigterm)  # start() installs it again
        asyncio.get_running_loop().add_signal_handler(signal.SIGINT, self.request_stop)
        await self.start()  # returns once astop() has run


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def make_schedule(cron: str | None, interval: float | None, timezone: str = "UTC") -> Schedule:
    """One schedule from a cron expression or an interval in seconds (exactly one of them).

    Raises ``ValueError`` for a bad cron expression, interval or IANA time zone name.
    """
    if (cron is None) == (interval is None):
        raise ValueError("give exactly one of a cron expression and an interval")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {timezone!r} (use an IANA name such as Europe/Berlin)") from None
    if interval is not None:
        if interval <= 0:
            raise ValueError(f"the interval must be positive, not {interval}")
        return Interval(timedelta(seconds=interval), timezone=timezone)
    return Cron(cron, timezone=timezone)


def serve_flow(schedule: Schedule, parameters: dict[str, Any], name: str) -> None:
    """Register the deployment with ``schedule`` and run scheduled runs until stopped."""
    signal.signal(signal.SIGTERM, _interrupt)  # while registering, SIGTERM acts as Ctrl-C
    try:
        runner = CleanStopRunner(name=name, pause_on_shutdown=True)
        runner.add_flow(
            extract_trials,
            name=name,
            schedule=schedule,
            parameters=parameters,
            # by module, not file path: runs work from any directory with the package installed
            entrypoint_type=EntrypointType.MODULE_PATH,
        )
        asyncio.run(runner.serve())
    except KeyboardInterrupt:  # stopped before the runner was running: nothing to clean up
        pass

"""A run's steps as library code: lock -> recover -> discover -> plan -> extract batches ->
publish. ``trial-extract run`` calls :func:`run_local` directly when no Prefect server is
configured (``python -m extract.local RAW OUT`` does the same); the Prefect flow
(``flows/extract_trials.py``) calls the same steps as tasks.

Extraction runs in ``workers`` processes: the calling process and ``workers - 1`` started
ones, forked from this warmed process where that is safe, else spawned and each building the pipeline once. Every batch writes its rows as Parquet parts into the
new version folder and returns a small summary, so memory stays flat however many pages a
run has; ``--dask`` sends the batches to a Dask cluster instead (its workers write the parts
to the same folder, which must be on a file system they share). SIGTERM and Ctrl-C stop a
run at once: the workers are killed, the unfinished version is removed and the last
published state stays. The result never depends on the batch size, the workers or the
runner.
"""
from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import shutil
import signal
import sys
import threading
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Executor, wait
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from . import publish, store
from .batch import BatchSummary, PageRef, extract_batch_to_parts
from .budget import DEFAULT_BUDGET_S
from .ingest import DEFAULT_MAX_BYTES
from .summary import RunSummary
from .report import progress
from .testhook import checkpoint

MAX_BATCH = 250
# a worker process costs about 3 s of start-up (imports, pipeline, warm-up): below this many
# pages the calling process alone finishes first
POOL_MIN_PAGES = 200


def default_workers() -> int:
    """The processors this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover (not Linux)
        return max(1, os.cpu_count() or 1)


def auto_batch_size(n_pages: int, workers: int) -> int:
    """About eight batches per worker (an even finish), at most MAX_BATCH pages each."""
    return max(1, min(MAX_BATCH, math.ceil(n_pages / (8 * max(1, workers)))))


def batches(pages: list[PageRef], size: int) -> list[list[PageRef]]:
    size = max(1, size)
    return [pages[i:i + size] for i in range(0, len(pages), size)]


@dataclass(frozen=True)
class Job:
    """One batch for a worker: small to send (page references, not page text)."""

    pages: list[PageRef]
    parts_dir: str
    batch_no: int
    max_bytes: int
    ingested_at: datetime
    budget: float | None


def run_job(job: Job) -> BatchSummary:
    return extract_batch_to_parts(job.pages, job.parts_dir, job.batch_no, job.max_bytes, job.ingested_at, job.budget)


def make_jobs(pages: list[PageRef], parts_dir: Path, batch_size: int, max_bytes: int, started: datetime,
              budget: float | None) -> list[Job]:
    """Jobs with absolute paths: a Dask worker may run in another working directory."""
    pages = [p if os.path.isabs(p.path) else replace(p, path=os.path.abspath(p.path)) for p in pages]
    parts = os.path.abspath(parts_dir)
    return [Job(b, parts, i, max_bytes, started, budget) for i, b in enumerate(batches(pages, batch_size))]


# --------------------------------------------------------------------------- workers
def _die_with_parent() -> None:
    """Linux: the kernel kills this worker when the process that started it dies."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover (not Linux)
        pass


def init_worker() -> None:
    """Start-up of a worker process, once: the parent handles Ctrl-C (it reaches the whole
    process group) and kills the workers; the pipeline is built and warmed here (a forked
    worker has it already, from its parent)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked worker inherits the parent's handler
    _die_with_parent()
    from .pipeline import warm_up

    warm_up()


def pool_context() -> multiprocessing.context.BaseContext:
    """How worker processes start. Forked from this process when it may safely fork: on a
    platform with fork and with no other Python thread running (a thread could hold a lock the
    child would inherit locked: under Prefect's task runners, for one), after warming the
    pipeline here, so a worker starts in milliseconds and shares the loaded rules and compiled
    patterns copy-on-write. Otherwise spawned: a fresh interpreter that builds its own (~2 s of
    CPU each)."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        from .batch import warm_up_io
        from .pipeline import warm_up

        warm_up()
        warm_up_io()
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _kill_workers() -> None:
    for p in multiprocessing.active_children():
        p.kill()


def extract_all(jobs: list[Job], workers: int = 1, executor: Executor | None = None,
                on_batch: Callable[[BatchSummary], None] | None = None) -> list[BatchSummary]:
    """Run every job; returns their summaries (in completion order).

    With no ``executor``, ``workers - 1`` processes (:func:`pool_context`) take jobs from the front while
    this process works through them from the back (a run of fewer than POOL_MIN_PAGES pages
    stays in this process, in order). With an executor (Dask), it runs them all.
    """
    todo = deque(jobs)
    results: list[BatchSummary] = []
    own = None
    remote = max(1, workers)
    if executor is None and workers > 1 and len(todo) > 1 and sum(len(j.pages) for j in todo) >= POOL_MIN_PAGES:
        from concurrent.futures import ProcessPoolExecutor

        remote = min(workers - 1, len(todo) - 1)
        own = executor = ProcessPoolExecutor(max_workers=remote,
                                             mp_context=pool_context(),
                                             initializer=init_worker)
    inline = own is not None or executor is None
    # in flight per remote worker: one running and one queued (this process takes the rest)
    cap = 2 * remote
    inflight: set = set()

    def finished(s: BatchSummary) -> None:
        results.append(s)
        if on_batch is not None:
            on_batch(s)

    try:
        while todo or inflight:
            while todo and executor is not None and len(inflight) < cap:
                inflight.add(executor.submit(run_job, todo.popleft()))
            done = {f for f in inflight if f.done()}
            for f in done:
                inflight.discard(f)
                finished(f.result())
            if todo and inline:  # alone: in page order; beside a pool: from the back
                finished(run_job(todo.pop() if executor is not None else todo.popleft()))
            elif inflight and not done:
                wait(inflight, return_when=FIRST_COMPLETED)
    except BaseException:
        for f in inflight:
            f.cancel()
        if own is not None:
            _kill_workers()
        raise
    finally:
        if own is not None:
            own.shutdown(wait=True, cancel_futures=True)
    return results


# ------------------------------------------------------------------------ stopping
class Stopped(KeyboardInterrupt):
    """The run was asked to stop (SIGTERM); raised in the main thread like Ctrl-C."""


@contextmanager
def stop_on_sigterm():
    """SIGTERM stops the run the way Ctrl-C does (only the main thread can install it)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_term(signum, _frame):
        raise Stopped(f"stopped by signal {signum}")

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def discard_unfinished(vdir: Path) -> None:
    """Remove a version that was never marked complete (a stopped or failed run)."""
    if not (vdir / store.MANIFEST).exists():
        shutil.rmtree(vdir, ignore_errors=True)


# ---------------------------------------------------------------------------- a run
def discover(raw_dir: str | Path, files: list[str] | None, state: store.State | None,
             max_bytes: int = DEFAULT_MAX_BYTES) -> store.Discovered:
    hints = state.hints() if state is not None else None
    # the size limit refuses ZIP members by their declared size; passed only when not the default
    kw = {} if max_bytes == DEFAULT_MAX_BYTES else {"max_bytes": max_bytes}
    if files:
        return store.discover_files([Path(f) for f in files], hints, **kw)
    return store.discover(Path(raw_dir), hints, **kw)


def run_local(raw_dir: str | Path, out_dir: str | Path, files: list[str] | None = None,
              batch_size: int | None = None, max_bytes: int = DEFAULT_MAX_BYTES, lock_timeout: float | None = 0.0,
              workers: int = 1, budget: float | None = DEFAULT_BUDGET_S, executor: Executor | None = None,
              on_batch: Callable[[BatchSummary], None] | None = None, report: bool = False) -> RunSummary:
    """One run over ``raw_dir`` (or just ``files``, ad hoc) into ``out_dir``.

    Announces its progress (:mod:`extract.report.progress`); with ``report`` it writes the
    run report (``report.html``) after publishing, while it still holds the lock."""
    out = Path(out_dir)
    with stop_on_sigterm(), store.run_lock(out, timeout=lock_timeout):
        started = datetime.now(timezone.utc)  # after the lock: runs and ingestions are ordered
        store.recover(out)
        state = store.read_state(out)
        found = discover(raw_dir, files, state, max_bytes)
        plan = store.make_plan(state, found, overlay=bool(files), max_bytes=max_bytes)
        checkpoint("run planned")
        progress.planned(len(plan.to_extract))
        if state is not None and not plan.has_changes:
            summary = publish.unchanged_summary(out, plan, state, started)
        else:
            run_id, vdir = store.begin_version(out, started)
            try:
                size = batch_size or auto_batch_size(len(plan.to_extract), workers)
                jobs = make_jobs(plan.to_extract, vdir / store.PARTS, size, max_bytes, started, budget)

                def batch_done(s: BatchSummary) -> None:
                    progress.done(s.pages)
                    if on_batch is not None:
                        on_batch(s)

                summaries = extract_all(jobs, workers, executor, batch_done)
                summary = publish.publish_run(out, plan, state, summaries, vdir, run_id, started)
            except BaseException:
                discard_unfinished(vdir)
                raise
        if report:
            from .report.runreport import report_after_run

            _path, _markdown, error = report_after_run(out, summary)
            if error:
                print(f"trial-extract: run report not written: {error}", file=sys.stderr)
        return summary


@contextmanager
def dask_executor(workers: int, address: str | None = None):
    """A Dask executor: a local cluster of ``workers`` single-threaded processes, or the
    scheduler at ``address`` (``tcp://host:port``; its workers must see the output folder)."""
    import flows  # noqa: F401  (quiet Dask logging defaults, set before distributed is imported)
    from distributed import Client, LocalCluster

    from .pipeline import warm_up

    if address:
        client, cluster = Client(address), None
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        client.run(warm_up)  # start-up once per worker, before the first batch
        yield client.get_executor()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m extract.local", description="Run the extraction without Prefect.")
    ap.add_argument("raw", help="folder of raw pages")
    ap.add_argument("out", help="curated output folder")
    ap.add_argument("--batch-size", type=int, default=None, help="pages per batch (default: sized to the run)")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES)
    ap.add_argument("--budget", type=float, default=DEFAULT_BUDGET_S, help="seconds per page (0: no limit)")
    ap.add_argument("--lock-timeout", type=float, default=0.0, help="seconds to wait for another run on OUT")
    a = ap.parse_args(argv)
    if not Path(a.raw).is_dir():
        print(f"trial-extract: raw folder {a.raw} does not exist", file=sys.stderr)
        return 2
    try:
        summary = run_local(a.raw, a.out, batch_size=a.batch_size, max_bytes=a.max_bytes,
                            lock_timeout=a.lock_timeout, workers=a.workers, budget=a.budget)
    except store.LockBusy as e:
        print(f"trial-extract: {e}", file=sys.stderr)
        return 3
    except KeyboardInterrupt as e:  # Ctrl-C, or SIGTERM (Stopped)
        print(f"trial-extract: {e or 'interrupted'}; the run was stopped and {a.out} keeps its last "
              "published state", file=sys.stderr)
        return 143 if isinstance(e, Stopped) else 130
    print(summary.render())
    return 0


if __name__ == "__main__":
    sys.exit(main())

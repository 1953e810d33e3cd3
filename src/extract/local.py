"""The flow's steps in-process, without Prefect: for tests, the benchmark, debugging and
cron-style use (``python -m extract.local RAW OUT``).

Same library calls in the same order as ``flows/extract_trials.py``; the flow adds
orchestration (tasks, retries, parallel batches, logging to Prefect). With ``workers > 1``
the batches run in a pool of spawned processes; the result does not depend on it.
"""
from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone
from pathlib import Path

from . import store
from .batch import BatchResult, PageRef, extract_batch
from .ingest import DEFAULT_MAX_BYTES
from .summary import RunSummary
from .testhook import checkpoint


def batches(pages: list[PageRef], size: int) -> list[list[PageRef]]:
    size = max(1, size)
    return [pages[i:i + size] for i in range(0, len(pages), size)]


def discover(raw_dir: str | Path, files: list[str] | None, state: store.State | None,
             max_bytes: int = DEFAULT_MAX_BYTES) -> store.Discovered:
    hints = state.hints() if state is not None else None
    # the size limit refuses ZIP members by their declared size; passed only when not the default
    kw = {} if max_bytes == DEFAULT_MAX_BYTES else {"max_bytes": max_bytes}
    if files:
        return store.discover_files([Path(f) for f in files], hints, **kw)
    return store.discover(Path(raw_dir), hints, **kw)


def run_local(raw_dir: str | Path, out_dir: str | Path, files: list[str] | None = None,
              batch_size: int = 250, max_bytes: int = DEFAULT_MAX_BYTES, lock_timeout: float | None = 0.0,
              workers: int = 1) -> RunSummary:
    out = Path(out_dir)
    with store.run_lock(out, timeout=lock_timeout):
        started = datetime.now(timezone.utc)  # after the lock: runs and ingestions are ordered
        store.recover(out)
        state = store.read_state(out)
        found = discover(raw_dir, files, state, max_bytes)
        plan = store.make_plan(state, found, overlay=bool(files), max_bytes=max_bytes)
        checkpoint("run planned")
        result = BatchResult()
        parts = batches(plan.to_extract, batch_size)
        if workers > 1 and len(parts) > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as ex:
                for part in ex.map(extract_batch, parts, [max_bytes] * len(parts), [started] * len(parts)):
                    result.extend(part)
        else:
            for part in parts:
                result.extend(extract_batch(part, max_bytes=max_bytes, ingested_at=started))
        return store.assemble_and_publish(out, plan, result, started, prev=state)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m extract.local", description="Run the extraction without Prefect.")
    ap.add_argument("raw", help="folder of raw pages")
    ap.add_argument("out", help="curated output folder")
    ap.add_argument("--batch-size", type=int, default=250)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES)
    ap.add_argument("--lock-timeout", type=float, default=0.0, help="seconds to wait for another run on OUT")
    a = ap.parse_args(argv)
    if not Path(a.raw).is_dir():
        print(f"trial-extract: raw folder {a.raw} does not exist", file=sys.stderr)
        return 2
    try:
        summary = run_local(a.raw, a.out, batch_size=a.batch_size, max_bytes=a.max_bytes,
                            lock_timeout=a.lock_timeout, workers=a.workers)
    except store.LockBusy as e:
        print(f"trial-extract: {e}", file=sys.stderr)
        return 3
    print(summary.render())
    return 0


if __name__ == "__main__":
    sys.exit(main())

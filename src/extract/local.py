"""The flow's steps in-process, without Prefect: for tests, the benchmark and debugging.

Same library calls in the same order as ``flows/extract_trials.py``; the flow adds
orchestration (tasks, retries, parallel batches, logging to Prefect).
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from . import store
from .batch import BatchResult, extract_batch
from .ingest import DEFAULT_MAX_BYTES
from .summary import RunSummary


def run_local(raw_dir: str | Path, out_dir: str | Path, files: list[str] | None = None,
              batch_size: int = 250, max_bytes: int = DEFAULT_MAX_BYTES, lock_timeout: float = 0.0) -> RunSummary:
    started = datetime.now(timezone.utc)
    out = Path(out_dir)
    with store.run_lock(out, timeout=lock_timeout):
        store.cleanup(out)
        found = store.discover_files([Path(f) for f in files]) if files else store.discover(Path(raw_dir))
        plan = store.make_plan(store.read_current(out), found, overlay=bool(files))
        result = BatchResult()
        for i in range(0, len(plan.to_extract), max(1, batch_size)):
            result.extend(extract_batch(plan.to_extract[i:i + batch_size], max_bytes=max_bytes, ingested_at=started))
        return store.assemble_and_publish(out, plan, result, started)

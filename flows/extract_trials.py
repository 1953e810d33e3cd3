"""The Prefect flow: discover -> plan -> extract batches -> assemble and publish.

Orchestration only: every task is a thin, typed call into the ``extract`` library.
Documents are extracted in batches (one task per batch, not per document); with
``workers > 1`` the batches run in parallel processes (Prefect's process pool, or a Dask
cluster with ``--dask``).
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import flows  # noqa: F401  (Prefect environment defaults, before prefect is imported)
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

from extract import local, store
from extract.batch import BatchResult, PageRef, extract_batch
from extract.local import batches
from extract.ingest import DEFAULT_MAX_BYTES
from extract.report import progress
from extract.report.runreport import report_after_run
from extract.summary import RunSummary


@task(name="discover-pages")
def discover_pages(raw_dir: str, files: list[str] | None, out_dir: str, max_bytes: int = DEFAULT_MAX_BYTES) -> store.Discovered:
    return local.discover(raw_dir, files, store.read_state(Path(out_dir)), max_bytes)


@task(name="plan-run")
def plan_run(out_dir: str, found: store.Discovered, overlay: bool, max_bytes: int) -> store.Plan:
    return store.make_plan(store.read_state(Path(out_dir)), found, overlay=overlay, max_bytes=max_bytes)


@task(name="extract-batch")
def extract_pages(pages: list[PageRef], max_bytes: int, ingested_at: datetime) -> BatchResult:
    return extract_batch(pages, max_bytes=max_bytes, ingested_at=ingested_at)


@task(name="publish")
def publish_run(out_dir: str, plan: store.Plan, result: BatchResult, started: datetime) -> RunSummary:
    return store.assemble_and_publish(Path(out_dir), plan, result, started)


@task(name="run-report")
def write_run_report(out_dir: str, summary: RunSummary) -> tuple[str | None, str, str | None]:
    path, markdown, error = report_after_run(out_dir, summary)
    return (str(path) if path else None), markdown, error


@flow(name="trial-extract", log_prints=False, validate_parameters=False)
def extract_trials(
    raw_dir: str = "raw",
    out_dir: str = "curated",
    files: list[str] | None = None,
    batch_size: int = 250,
    max_bytes: int = DEFAULT_MAX_BYTES,
    lock_timeout: float | None = 0.0,
) -> RunSummary:
    """Extract the pages of ``raw_dir`` (or just ``files``, ad hoc) into ``out_dir``."""
    logger = get_run_logger()
    with store.run_lock(Path(out_dir), timeout=lock_timeout):
        started = datetime.now(timezone.utc)  # after the lock: runs and ingestions are ordered
        store.recover(Path(out_dir))
        found = discover_pages(raw_dir, files, out_dir, max_bytes)
        plan = plan_run(out_dir, found, overlay=bool(files), max_bytes=max_bytes)
        result = BatchResult()
        parts = batches(plan.to_extract, batch_size)
        progress.planned(len(plan.to_extract))
        futures = [extract_pages.submit(b, max_bytes, started) for b in parts]
        for part, fut in zip(parts, futures):
            result.extend(fut.result())
            progress.done(len(part))
        summary = publish_run(out_dir, plan, result, started)
        report, markdown, error = write_run_report(out_dir, summary)
    logger.warning(summary.render())
    if error:
        logger.warning(f"run report not written: {error}")
    if markdown:
        create_markdown_artifact(markdown=markdown, key="trial-extract-run-report",
                                 description=f"trial-extract run report ({report or 'no HTML'})")
    return summary


def run_flow(workers: int = 1, dask: bool = False, **params) -> RunSummary:
    """Run the flow with a task runner fitting ``workers``."""
    if dask:
        from prefect_dask import DaskTaskRunner

        runner = DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True})
    elif workers > 1:
        runner = ProcessPoolTaskRunner(max_workers=workers)
    else:
        runner = ThreadPoolTaskRunner(max_workers=1)
    return extract_trials.with_options(task_runner=runner)(**params)

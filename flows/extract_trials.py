"""The Prefect flow: prepare (recover, discover, plan) -> extract batches -> publish.

Orchestration only: every task is a thin call into the ``extract`` library, the same steps
``extract.local.run_local`` runs without Prefect, so both give the same tables. The batches
run in the library's worker processes (or on a Dask cluster with ``dask=True``) and write
their rows as Parquet parts into the new version folder; the tasks pass only page
references and small batch summaries, never rows.

``trial-extract run`` uses this flow when a Prefect server is configured (PREFECT_API_URL)
or when ``--prefect`` asks for it; otherwise it runs the library steps directly.
"""
from __future__ import annotations

from contextlib import nullcontext
from datetime import datetime, timezone
from pathlib import Path

import flows  # noqa: F401  (Prefect environment defaults, before prefect is imported)
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote  # large parameters: not walked by Prefect

from extract import local, publish, store
from extract.batch import BatchSummary
from extract.budget import DEFAULT_BUDGET_S
from extract.ingest import DEFAULT_MAX_BYTES
from extract.report import progress
from extract.report.runreport import report_after_run
from extract.summary import RunSummary


@task(name="prepare-run", cache_policy=NO_CACHE)
def prepare_run(raw_dir: str, files: list[str] | None, out_dir: str, max_bytes: int):
    """Recover what a crashed run left, read the published state, discover and plan."""
    out = Path(out_dir)
    store.recover(out)
    state = store.read_state(out)
    found = local.discover(raw_dir, files, state, max_bytes)
    return state, store.make_plan(state, found, overlay=bool(files), max_bytes=max_bytes)


@task(name="extract-batches", cache_policy=NO_CACHE)
def extract_batches(jobs: list[local.Job], workers: int, dask: bool, address: str | None) -> list[BatchSummary]:
    logger = get_run_logger()
    total = sum(len(j.pages) for j in jobs)
    done = [0]

    def on_batch(s: BatchSummary) -> None:
        done[0] += s.pages
        logger.info("batch %d: %d pages in %.1f s (%d/%d)", s.batch_no, s.pages, s.seconds, done[0], total)
        progress.done(s.pages)

    with local.dask_executor(workers, address) if dask else nullcontext() as executor:
        return local.extract_all(jobs, workers, executor, on_batch)


@task(name="publish", cache_policy=NO_CACHE)
def publish_run(out_dir: str, plan: store.Plan, state: store.State | None, summaries: list[BatchSummary],
                vdir: str, run_id: str, started: datetime) -> RunSummary:
    return publish.publish_run(Path(out_dir), plan, state, summaries, Path(vdir), run_id, started)


@task(name="run-report")
def write_run_report(out_dir: str, summary: RunSummary) -> tuple[str | None, str, str | None]:
    path, markdown, error = report_after_run(out_dir, summary)
    return (str(path) if path else None), markdown, error


@flow(name="trial-extract", log_prints=False, validate_parameters=False)
def extract_trials(
    raw_dir: str = "raw",
    out_dir: str = "curated",
    files: list[str] | None = None,
    batch_size: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    lock_timeout: float | None = 0.0,
    workers: int | None = None,
    budget: float | None = DEFAULT_BUDGET_S,
    dask: bool = False,
    address: str | None = None,
) -> RunSummary:
    """Extract the pages of ``raw_dir`` (or just ``files``, ad hoc) into ``out_dir``."""
    logger = get_run_logger()
    out = Path(out_dir)
    workers = workers or local.default_workers()
    with local.stop_on_sigterm(), store.run_lock(out, timeout=lock_timeout):
        started = datetime.now(timezone.utc)  # after the lock: runs and ingestions are ordered
        state, plan = prepare_run(raw_dir, files, out_dir, max_bytes)
        progress.planned(len(plan.to_extract))
        if state is not None and not plan.has_changes:
            summary = publish.unchanged_summary(out, plan, state, started)
        else:
            run_id, vdir = store.begin_version(out, started)
            try:
                size = batch_size or local.auto_batch_size(len(plan.to_extract), workers)
                jobs = local.make_jobs(plan.to_extract, vdir / store.PARTS, size, max_bytes, started, budget)
                summaries = extract_batches(quote(jobs), workers, dask, address)
                summary = publish_run(out_dir, quote(plan), quote(state), quote(summaries), str(vdir), run_id,
                                      started)
            except BaseException:
                local.discard_unfinished(vdir)
                raise
        report, markdown, error = write_run_report(out_dir, summary)
    logger.warning(summary.render())
    if error:
        logger.warning(f"run report not written: {error}")
    if markdown:
        create_markdown_artifact(markdown=markdown, key="trial-extract-run-report",
                                 description=f"trial-extract run report ({report or 'no HTML'})")
    return summary


def run_flow(workers: int | None = None, dask: bool = False, **params) -> RunSummary:
    """Run the flow (kept for callers of the earlier API: the task runner is the library's)."""
    return extract_trials(workers=workers, dask=dask, **params)

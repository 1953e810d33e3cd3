"""A run's publication: the new version assembled from the previous one and this run's
Parquet parts (:mod:`extract.assemble`), the run history, the file index and the manifest,
then the atomic swap (:mod:`extract.store`); and the summary of what the run did."""
from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from . import __version__
from .batch import BatchResult
from .ruledata import rule_hashes
from .schema import ALL_TABLES, DOCUMENT_TABLES, SCHEMA_VERSION, to_table
from .store import Plan, State, read_parquet, as_state, pipeline_fingerprint, read_state
from .versions import (FILES, PARTS, FILES_SCHEMA, publication_pause, begin_version,
                       cleanup, commit_version, files_table, snapshot_dir, write_table_atomic)


def runs_table(prev: State | dict[str, pa.Table] | None, run_row: dict, out_dir: Path | None = None) -> pa.Table:
    """The run history plus this run. When the published state could not be used (damaged,
    or another schema), the history is salvaged from its runs table if that still reads."""
    rows = []
    if prev is not None:
        rows = as_state(prev).table("runs").to_pylist()
    elif out_dir is not None and (vdir := snapshot_dir(out_dir)) is not None:
        try:
            rows = pq.ParquetFile(vdir / "runs.parquet").read().to_pylist()
            to_table("runs", rows)
        except Exception:  # noqa: BLE001  (no usable history: start a new one)
            rows = []
    rows.append(run_row)
    return to_table("runs", rows)


def run_row(run_id: str, started: datetime, finished: datetime, counts: dict[str, int], plan: Plan,
            n_rejects: int) -> dict:
    return {
        "run_id": run_id,
        "started_at": started,
        "finished_at": finished,
        "pipeline_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "rule_hashes": sorted(rule_hashes().items()),
        "table_counts": sorted(counts.items()),
        "n_added": len(plan.added),
        "n_changed": len(plan.changed),
        "n_removed": len(plan.removed),
        "n_unchanged": len(plan.unchanged),
        "n_rejects": n_rejects,
    }


def _summary(out_dir: Path, plan: Plan, new_rejects: list[dict]):
    from .summary import RunSummary

    return RunSummary(
        run_id=None,
        published=False,
        out_dir=str(out_dir),
        added=plan.added,
        changed=plan.changed,
        removed=plan.removed,
        unchanged=len(plan.unchanged),
        reprocessed=plan.reprocessed,
        reason=plan.reason,
        hashed=plan.hashed,
        rejects=[(r["source_path"], r["reason"], r["detail"] or "") for r in new_rejects + [
            r for r in plan.pre_rejects if r["source_path"] not in plan.keep_reject_paths]],
    )


def unchanged_summary(out_dir: Path, plan: Plan, prev: State, started: datetime):
    """The summary of a run that found nothing to do (and wrote nothing)."""
    summary = _summary(out_dir, plan, [])
    summary.run_id = prev.manifest.get("run_id")
    summary.table_counts = {t: prev.manifest["tables"].get(t, 0) for t in ALL_TABLES}
    summary.seconds = (datetime.now(timezone.utc) - started).total_seconds()
    return summary


def publish_run(out_dir: Path, plan: Plan, prev: State | None, summaries: list, vdir: Path, run_id: str,
                started: datetime):
    """Assemble the new version from the previous one and this run's parts (streaming, see
    :mod:`extract.assemble`), write the run history and file index, and publish it."""
    from . import assemble

    out_dir = Path(out_dir)
    summaries = sorted(summaries, key=lambda s: s.batch_no)
    new_rejects = [r for s in summaries for r in s.rejects]
    publication_pause("version folder")
    order = assemble.decide_order(prev, plan.keep_document_ids, summaries)
    counts = assemble.write_document_tables(vdir, prev, order, summaries, vdir / PARTS, pause=publication_pause)
    rejects = assemble.rejects_table(prev, plan, new_rejects, order.duplicates)
    publication_pause("write rejects")
    write_table_atomic(rejects, vdir / "rejects.parquet")
    counts["rejects"] = rejects.num_rows
    finished = datetime.now(timezone.utc)
    runs = runs_table(prev, run_row(run_id, started, finished, counts, plan, rejects.num_rows), out_dir)
    publication_pause("write runs")
    write_table_atomic(runs, vdir / "runs.parquet")
    write_table_atomic(_files_index(plan, prev), vdir / FILES)
    shutil.rmtree(vdir / PARTS, ignore_errors=True)
    counts["runs"] = runs.num_rows
    commit_version(out_dir, vdir, {
        "run_id": run_id,
        "started_at": started.isoformat(),
        "finished_at": finished.isoformat(),
        "pipeline_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "fingerprint": plan.fingerprint or pipeline_fingerprint(),
        "tables": dict(sorted(counts.items())),
    })
    cleanup(out_dir)
    summary = _summary(out_dir, plan, new_rejects)
    summary.run_id = run_id
    summary.published = True
    summary.table_counts = {t: counts[t] for t in ALL_TABLES}
    summary.seconds = (datetime.now(timezone.utc) - started).total_seconds()
    return summary


def _files_index(plan: Plan, prev: State | None) -> pa.Table:
    files = files_table(plan.files)
    if plan.overlay and prev is not None and prev.vdir is not None and (prev.vdir / FILES).exists():
        # ad hoc ingestion names a few pages: keep the index entries of the others
        old = read_parquet(prev.vdir / FILES, FILES_SCHEMA)
        named = pa.array(sorted({p.source_path for p in plan.files}), pa.string())
        old = old.filter(pc.invert(pc.is_in(old["source_path"], value_set=named)))
        files = pa.concat_tables([old, files]).sort_by("source_path")
    return files


def assemble_and_publish(out_dir: Path, plan: Plan, result: BatchResult, started: datetime,
                         prev: State | None = None):
    """Publish rows extracted in memory (a :class:`BatchResult`): they are written as one
    part, then published like a run's parts. Nothing is written when nothing changed."""
    from .batch import BatchSummary, part_path

    out_dir = Path(out_dir)
    prev = as_state(prev) if prev is not None else read_state(out_dir)
    if prev is not None and not plan.has_changes:
        return unchanged_summary(out_dir, plan, prev, started)
    run_id, vdir = begin_version(out_dir, started)
    rows = {}
    for t in DOCUMENT_TABLES:
        tab = result.table(t)
        rows[t] = tab.num_rows
        if tab.num_rows:
            pq.write_table(tab, part_path(vdir / PARTS, 0, t))
    docs = result.table("documents")
    meta = docs.select(["source_path", "document_id", "sha256", "nct_id", "ingested_at"]).to_pydict()
    trials = result.table("trials").select(["document_id", "last_update_posted"]).to_pydict()
    lu = dict(zip(trials["document_id"], trials["last_update_posted"]))
    meta["last_update_posted"] = [lu.get(d) for d in meta["document_id"]]
    summary = BatchSummary(0, docs.num_rows, rows, list(result.rejects), meta)
    return publish_run(out_dir, plan, prev, [summary], vdir, run_id, started)

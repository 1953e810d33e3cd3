"""Benchmark screening over N trials: the published tables of a curated folder copied N / (its
trials) times under new document ids and NCT IDs.

    .venv/bin/python scripts/bench_screen.py CURATED PROFILE [N]        # in-process, median of 5
    .venv/bin/python scripts/bench_screen.py --write BIG CURATED [N]    # a curated folder of N trials

``--write`` publishes the copies as a curated folder of its own (one version, its manifest, the
``current`` link and the top-level table links), so that ``trial-extract match PROFILE --out BIG``
can be timed end to end as a whole process (start-up included) with any process timer.
"""
from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from extract.report.snapshot import open_snapshot
from extract.schema import SCHEMAS

TABLES = ("trials", "lab_thresholds", "her2_criteria", "documents")


def replicate(t: pa.Table, copies: int) -> pa.Table:
    parts = []
    for k in range(copies):
        part = t
        for col in ("document_id", "nct_id"):
            if col in part.column_names:
                ids = pc.binary_join_element_wise(part[col], pa.scalar(f"-{k}"), "")
                part = part.set_column(part.schema.get_field_index(col), col, ids)
        parts.append(part)
    return pa.concat_tables(parts)


def copied_tables(curated: str, n: int) -> dict[str, pa.Table]:
    snap = open_snapshot(curated)
    copies = max(1, -(-n // snap.table("trials").num_rows))
    return {name: replicate(snap.table(name), copies) for name in TABLES}


def write_folder(big: str, curated: str, n: int) -> None:
    """A curated folder holding the copies as its one published version."""
    tables = copied_tables(curated, n)
    run_id = "bench-screen"
    vdir = Path(big) / "_versions" / run_id
    vdir.mkdir(parents=True, exist_ok=True)
    for name, schema in SCHEMAS.items():
        t = tables.get(name, schema.empty_table())
        pq.write_table(t.cast(schema), vdir / f"{name}.parquet")
    manifest = {"run_id": run_id, "schema_version": "bench",
                "tables": {name: tables[name].num_rows if name in tables else 0 for name in SCHEMAS}}
    (vdir / "_MANIFEST.json").write_text(json.dumps(manifest, indent=2))
    cur = Path(big) / "current"
    if cur.is_symlink():
        cur.unlink()
    os.symlink(f"_versions/{run_id}", cur)
    for name in SCHEMAS:
        link = Path(big) / f"{name}.parquet"
        if not link.is_symlink():
            os.symlink(f"current/{name}.parquet", link)
    rows = tables["lab_thresholds"].num_rows + tables["her2_criteria"].num_rows
    print(f"{big}: {tables['trials'].num_rows} trials, {rows} bound and HER2 rows")


def main(curated: str, profile: str, n: int = 3000) -> None:
    from extract.screen import load_profile, match, read_tables

    tables = copied_tables(curated, n)
    prof = load_profile(profile)
    match(prof, {k: v.slice(0, 10) for k, v in tables.items()})  # warm the rule caches
    times = []
    for _ in range(5):
        t0 = time.process_time()
        verdicts = match(prof, read_tables(tables))
        times.append(time.process_time() - t0)
    rows = tables["lab_thresholds"].num_rows + tables["her2_criteria"].num_rows
    print(f"{len(verdicts)} trials, {rows} bound and HER2 rows: CPU median of 5 {statistics.median(times):.3f} s "
          f"(min {min(times):.3f}, max {max(times):.3f})")


if __name__ == "__main__":
    args = sys.argv[1:]
    if args and args[0] == "--write":
        write_folder(args[1], args[2], int(args[3]) if len(args) > 3 else 3000)
    else:
        main(args[0], args[1], int(args[2]) if len(args) > 2 else 3000)

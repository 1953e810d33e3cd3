"""Time ``extract.screen.match`` over N trials: the published tables of a curated folder, copied
N / (its trials) times under new document ids and NCT IDs, handed in as pyarrow tables.

    .venv/bin/python scripts/bench_screen.py CURATED PROFILE [N]
"""
from __future__ import annotations

import sys
import time

import pyarrow as pa
import pyarrow.compute as pc

from extract.report.snapshot import open_snapshot
from extract.screen import load_profile, match, read_tables


def replicate(t: pa.Table, copies: int) -> pa.Table:
    parts = []
    for k in range(copies):
        ids = pc.binary_join_element_wise(t["document_id"], pa.scalar(f"-{k}"), "")
        part = t.set_column(t.schema.get_field_index("document_id"), "document_id", ids)
        if "nct_id" in part.column_names:
            nct = pc.binary_join_element_wise(part["nct_id"], pa.scalar(f"-{k}"), "")
            part = part.set_column(part.schema.get_field_index("nct_id"), "nct_id", nct)
        parts.append(part)
    return pa.concat_tables(parts)


def main(curated: str, profile: str, n: int = 3000) -> None:
    snap = open_snapshot(curated)
    trials = snap.table("trials")
    copies = max(1, -(-n // trials.num_rows))
    tables = {name: replicate(snap.table(name), copies)
              for name in ("trials", "lab_thresholds", "her2_criteria", "documents")}
    prof = load_profile(profile)
    match(prof, {k: v.slice(0, 10) for k, v in tables.items()})  # warm the rule caches
    best = None
    for _ in range(3):
        t0 = time.perf_counter()
        loaded = read_tables(tables)
        verdicts = match(prof, loaded)
        dt = time.perf_counter() - t0
        best = dt if best is None else min(best, dt)
    rows = tables["lab_thresholds"].num_rows + tables["her2_criteria"].num_rows
    print(f"{len(verdicts)} trials, {rows} bound and HER2 rows: best of 3 {best:.3f} s")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 3000)

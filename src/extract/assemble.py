"""Streaming assembly: the published state + this run's Parquet parts -> the new version.

Workers write each batch's rows as Parquet parts (``batch.extract_batch_to_parts``) and hand
back a small summary per batch. This module decides, from small per-page columns only, which
rows survive (carried-over rows of unchanged pages, rows of extracted pages, one document
per normalized text) and their canonical order, then streams every table into the new
version folder in bounded memory: rows are read in chunks, tagged with their document's
rank, spread over rank buckets on disk when the table is large, and each bucket is sorted
and appended. The rows and their order are those of the in-memory assembly they replace:
documents by source_path, every other table grouped in that document order (each
document's rows in the order ``records`` gave them), rejects by (source_path, reason).
"""
from __future__ import annotations

import math
import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .batch import SRC, BatchSummary, part_path, reject_row
from .schema import DOCUMENT_TABLES, SCHEMAS, to_table

BUCKET_DOCS = 10_000  # documents per sort bucket: a bucket of the documents table is ~100 MB of text
READ_ROWS = 16_384  # rows per chunk read from the previous version
_RANK, _SEQ = "__rank", "__seq"


@dataclass
class Order:
    """Which document rows survive and where they go, from small per-page columns."""

    ranks: pa.Array  # winning document ids in their final order (the position is the rank)
    winner_paths: pa.Array  # the source_path that won for each of those documents
    keep: pa.Array  # document ids whose rows are carried over from the previous version
    duplicates: list[dict] = field(default_factory=list)  # rejects for the paths that lost
    not_current: set[str] = field(default_factory=set)  # documents whose trial is not is_current

    @property
    def n_docs(self) -> int:
        return len(self.ranks)


def new_meta(summaries: list[BatchSummary]) -> pa.Table:
    """The per-page columns of every extracted page, in batch order."""
    cols: dict[str, list] = {}
    for s in sorted(summaries, key=lambda s: s.batch_no):
        for k, v in s.docs.items():
            cols.setdefault(k, []).extend(v)
    names = ("source_path", "document_id", "sha256", "nct_id", "ingested_at", "last_update_posted")
    types = (pa.string(), pa.string(), pa.string(), pa.string(), pa.timestamp("us", tz="UTC"), pa.date32())
    return pa.table({n: pa.array(cols.get(n, []), t) for n, t in zip(names, types)})


def prev_meta(prev, keep: set[str]) -> pa.Table:
    """The same columns for the previous version's carried-over documents."""
    names = ["source_path", "document_id", "sha256", "nct_id", "ingested_at", "last_update_posted"]
    if prev is None or not keep:
        return new_meta([]).select(names)
    docs = prev.table("documents", ["source_path", "document_id", "sha256", "nct_id", "ingested_at"])
    docs = docs.filter(pc.is_in(docs["document_id"], value_set=pa.array(sorted(keep), pa.string())))
    trials = prev.table("trials", ["document_id", "last_update_posted"])
    lu = dict(zip(trials["document_id"].to_pylist(), trials["last_update_posted"].to_pylist()))
    return docs.append_column("last_update_posted",
                              pa.array([lu.get(d) for d in docs["document_id"].to_pylist()], pa.date32()))


def decide_order(prev, keep: set[str], summaries: list[BatchSummary]) -> Order:
    """One document per normalized text (the first source_path wins; the others become
    ``duplicate`` rejects), ranked by source_path; and which trials are current."""
    old, new = prev_meta(prev, keep).to_pydict(), new_meta(summaries).to_pydict()
    meta = {k: old[k] + new[k] for k in new}
    paths, ids, shas = meta["source_path"], meta["document_id"], meta["sha256"]
    winner_path: dict[str, str] = {}
    winners: list[int] = []
    dups: list[dict] = []
    for i in sorted(range(len(paths)), key=lambda i: paths[i]):
        if ids[i] in winner_path:
            dups.append(reject_row(paths[i], shas[i], "duplicate",
                                   f"same normalized text as {winner_path[ids[i]]} (document {ids[i]})",
                                   document_id=ids[i]))
            continue
        winner_path[ids[i]] = paths[i]
        winners.append(i)
    order = Order(
        ranks=pa.array([ids[i] for i in winners], pa.string()),
        winner_paths=pa.array([paths[i] for i in winners], pa.string()),
        keep=pa.array(sorted(keep), pa.string()),
        duplicates=dups,
    )
    order.not_current = _not_current(meta, winners)
    return order


def _not_current(meta: dict, winners: list[int]) -> set[str]:
    """Among documents naming the same NCT ID, the one with the newest last update is
    current, then the newest ingestion, then (a tie: same run) the greatest source_path."""
    best: dict[str, tuple] = {}
    named = []
    for i in winners:
        nct = meta["nct_id"][i]
        if not nct:
            continue
        lu, at, sp = meta["last_update_posted"][i], meta["ingested_at"][i], meta["source_path"][i]
        key = (lu is not None, lu.toordinal() if lu else 0, at.timestamp() if at else 0.0, sp)
        named.append(i)
        if nct not in best or key > best[nct][0]:
            best[nct] = (key, i)
    current = {i for _k, i in best.values()}
    return {meta["document_id"][i] for i in named if i not in current}


# ------------------------------------------------------------------ row sources
def _member(values: pa.Array, arr: pa.ChunkedArray | pa.Array) -> np.ndarray:
    return pc.is_in(arr, value_set=values).to_numpy(zero_copy_only=False)


def _prev_chunks(prev, table: str, order: Order) -> Iterator[pa.Table]:
    """Rows of the previous version that are carried over, in chunks."""
    if prev is None or not len(order.keep):
        return
    if prev.vdir is None:
        batches = prev.table(table).to_batches(READ_ROWS)
    else:
        batches = pq.ParquetFile(prev.vdir / f"{table}.parquet").iter_batches(READ_ROWS)
    for b in batches:
        chunk = pa.Table.from_batches([b]).cast(SCHEMAS[table])
        mask = _member(order.keep, chunk["document_id"])
        if table == "documents":  # a carried-over document whose path lost to a new duplicate
            mask &= _member(order.winner_paths, chunk["source_path"])
        if mask.any():
            yield chunk.filter(pa.array(mask))


def _new_chunks(parts_dir: Path, summaries: list[BatchSummary], table: str, order: Order) -> Iterator[pa.Table]:
    """Rows written by this run's batches: each document from the path that won, and only
    for documents whose rows are not carried over."""
    for s in sorted(summaries, key=lambda s: s.batch_no):
        if not s.rows.get(table):
            continue
        chunk = pq.ParquetFile(part_path(parts_dir, s.batch_no, table)).read()
        mask = _member(order.winner_paths, chunk[SRC])
        if table != "documents":
            mask &= ~_member(order.keep, chunk["document_id"])
        if mask.any():
            yield chunk.filter(pa.array(mask)).drop_columns([SRC]).cast(SCHEMAS[table])


# ------------------------------------------------------------------ sorted writing
def _tagged(chunks: Iterator[pa.Table], order: Order) -> Iterator[pa.Table]:
    """Each chunk with its rows' document rank and a running sequence number."""
    seq = 0
    for chunk in chunks:
        rank = pc.cast(pc.index_in(chunk["document_id"], value_set=order.ranks), pa.int64())
        n = chunk.num_rows
        yield chunk.append_column(_RANK, rank).append_column(
            _SEQ, pa.array(np.arange(seq, seq + n), pa.int64()))
        seq += n


def _sorted(t: pa.Table) -> pa.Table:
    idx = pc.sort_indices(t.select([_RANK, _SEQ]), sort_keys=[(_RANK, "ascending"), (_SEQ, "ascending")])
    return t.take(idx).drop_columns([_RANK, _SEQ])


def write_sorted(dest_writer: pq.ParquetWriter, chunks: Iterator[pa.Table], order: Order, scratch: Path,
                 fix=None) -> int:
    """Write the rows of ``chunks`` in document-rank order; returns the row count.

    Up to BUCKET_DOCS documents the rows are sorted in memory; beyond that they are first
    spread over rank buckets (Arrow IPC files in ``scratch``), then each bucket is sorted
    and appended, so memory holds one bucket at a time."""
    fix = fix or (lambda t: t)
    n_buckets = max(1, math.ceil(order.n_docs / BUCKET_DOCS))
    if n_buckets == 1:
        parts = list(_tagged(chunks, order))
        if not parts:
            return 0
        out = fix(_sorted(pa.concat_tables(parts)))
        dest_writer.write_table(out)
        return out.num_rows
    scratch.mkdir(parents=True, exist_ok=True)
    writers: dict[int, pa.ipc.RecordBatchFileWriter] = {}
    try:
        for chunk in _tagged(chunks, order):
            bucket = chunk[_RANK].to_numpy() // BUCKET_DOCS
            for k in np.unique(bucket).tolist():
                if k not in writers:
                    writers[k] = pa.ipc.new_file(scratch / f"{k:06d}.arrow", chunk.schema)
                writers[k].write_table(chunk.filter(pa.array(bucket == k)))
    finally:
        for w in writers.values():
            w.close()
    total = 0
    for k in sorted(writers):
        path = scratch / f"{k:06d}.arrow"
        with pa.memory_map(str(path)) as src:
            out = fix(_sorted(pa.ipc.open_file(src).read_all()))
        dest_writer.write_table(out)
        total += out.num_rows
        path.unlink()
    return total


def _mark_current(order: Order):
    def fix(trials: pa.Table) -> pa.Table:
        flags = ~_member(pa.array(sorted(order.not_current), pa.string()), trials["document_id"]) \
            if order.not_current else np.ones(trials.num_rows, dtype=bool)
        col = trials.schema.get_field_index("is_current")
        return trials.set_column(col, trials.schema.field(col), pa.array(flags, pa.bool_()))
    return fix


def write_document_tables(vdir: Path, prev, order: Order, summaries: list[BatchSummary], parts_dir: Path,
                          pause=lambda step: None) -> dict[str, int]:
    """Stream every document table into ``vdir``; returns the row count of each."""
    counts: dict[str, int] = {}
    for table in DOCUMENT_TABLES:
        pause(f"write {table}")
        dest = vdir / f"{table}.parquet"
        tmp = dest.with_name(f".{dest.name}.{uuid.uuid4().hex}.tmp")
        chunks = _chain(_prev_chunks(prev, table, order), _new_chunks(parts_dir, summaries, table, order))
        with pq.ParquetWriter(tmp, SCHEMAS[table], compression="zstd") as w:
            counts[table] = write_sorted(w, chunks, order, vdir / "_sort" / table,
                                         _mark_current(order) if table == "trials" else None)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        pause(f"rename {dest.name}")
        os.replace(tmp, dest)
    shutil.rmtree(vdir / "_sort", ignore_errors=True)
    return counts


def _chain(*its: Iterator[pa.Table]) -> Iterator[pa.Table]:
    for it in its:
        yield from it


def rejects_table(prev, plan, new_rejects: list[dict], duplicates: list[dict]) -> pa.Table:
    """Carried-over rejects of unchanged inputs + refused inputs + this run's rejects +
    duplicates, by (source_path, reason)."""
    rejects = []
    if prev is not None and plan.keep_reject_paths:
        rejects = [r for r in prev.table("rejects").to_pylist() if r["source_path"] in plan.keep_reject_paths]
    carried = {r["source_path"] for r in rejects}
    rejects.extend(r for r in plan.pre_rejects if r["source_path"] not in carried)
    rejects.extend(new_rejects)
    rejects.extend(duplicates)
    rejects.sort(key=lambda r: (r["source_path"], r["reason"]))
    return to_table("rejects", rejects)

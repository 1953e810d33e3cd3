"""Extract a batch of pages: bytes -> Document -> pipeline -> rows. Library code the flow calls.

A page that cannot be read or extracted becomes a ``rejects`` row with its reason; the rest
of the batch goes on. A page that outlives its time budget (:mod:`extract.budget`) becomes a
``timeout`` reject naming the stage it was in. An extractor that raises costs only its own page: the error (type,
message and the extractor frame it came from) is recorded with the page's ``document_id``.
"""
from __future__ import annotations

import os
import time
import traceback
from dataclasses import dataclass, field
from operator import itemgetter
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa

from .budget import PageTimeout, page_budget, stage
from .cache import PAGE_MIN_SECONDS, compiled_patterns
from .ingest import DEFAULT_MAX_BYTES, Reject, RawPage, TooLarge, make_document
from .ingest.archive import read_ref
from .model import Document
from .records import DocumentRows, build_rows, looks_like_registry_page
from .schema import DOCUMENT_TABLES, SCHEMAS
from .testhook import checkpoint


@dataclass(frozen=True)
class PageRef:
    """A page to extract: where its bytes are, the source_path it is recorded under, and the
    sha256 already computed while planning (None: compute on read). ``size``, ``mtime_ns``,
    ``ctime_ns``, ``inode`` and ``hashed_ns`` are what discovery saw (the next run's hint;
    for a ZIP member: its size and CRC-32). ``member`` names the ZIP member the bytes are
    in, ``pointer`` the study of a record file listing several (``ingest.archive``)."""

    path: str
    source_path: str
    sha256: str | None = None
    size: int | None = None
    mtime_ns: int | None = None
    ctime_ns: int | None = None
    inode: int | None = None
    hashed_ns: int | None = None
    member: str | None = None
    pointer: str | None = None


SRC = "_src"  # extra column of batch tables: the source_path of the page that made the row


def batch_schema(table: str) -> pa.Schema:
    return SCHEMAS[table].append(pa.field(SRC, pa.string(), nullable=False))


def rows_to_arrow(table: str, rows: list[dict], sources: list[str]) -> pa.Table:
    """Rows of one table (dicts) and the page each came from -> an Arrow table of the batch
    schema. Raises (ArrowInvalid, TypeError, OverflowError, ...) when a value does not fit."""
    schema = batch_schema(table)
    names = [f.name for f in schema if f.name != SRC]
    try:  # rows that hold every column (the usual case): transposed in one pass
        columns = list(zip(*map(itemgetter(*names), rows))) if rows and len(names) > 1 else None
    except KeyError:
        columns = None
    if columns is None:
        columns = [[r.get(n) for r in rows] for n in names]
    return pa.Table.from_arrays([pa.array(c, type=schema.field(n).type) for n, c in zip(names, columns)]
                                + [pa.array(sources, type=pa.string())], schema=schema)


def warm_up_io() -> None:
    """Load what turning rows into Parquet parts loads on first use (pyarrow's conversion
    imports pandas when it is installed: ~0.4 s), so workers forked afterwards share it."""
    import pyarrow.parquet  # noqa: F401

    rows_to_arrow("documents", [], [])


@dataclass
class BatchResult:
    """Rows of extracted pages as Arrow tables (converted and type-checked where the batch ran,
    so a worker pool does that work in parallel), plus the rejects."""

    tables: dict[str, list[pa.Table]] = field(default_factory=lambda: {t: [] for t in DOCUMENT_TABLES})
    rejects: list[dict] = field(default_factory=list)

    def extend(self, other: "BatchResult") -> None:
        for t, chunks in other.tables.items():
            self.tables.setdefault(t, []).extend(chunks)
        self.rejects.extend(other.rejects)

    def table(self, name: str) -> pa.Table:
        chunks = [c for c in self.tables.get(name, []) if c.num_rows]
        return pa.concat_tables(chunks) if chunks else batch_schema(name).empty_table()

    @property
    def n_documents(self) -> int:
        return sum(c.num_rows for c in self.tables.get("documents", []))


def reject_row(source_path: str, sha256: str | None, reason: str, detail: str, when: datetime | None = None,
               document_id: str | None = None, nct_id: str | None = None) -> dict:
    return {
        "source_path": source_path,
        "sha256": sha256,
        "reason": reason,
        "detail": detail[:2000],
        "rejected_at": when or datetime.now(timezone.utc),
        "document_id": document_id,
        "nct_id": nct_id,
    }


def extract_document(doc: Document) -> DocumentRows:
    """One decoded document through the pipeline. Raises :class:`Reject` or the extractor's error."""
    from .pipeline import process  # lazy: locking, planning and no-change runs never load the extractors

    if doc.record is not None:  # a registry record file: fields from the record, free text as pages
        from .record_rows import extract_record

        return extract_record(doc)
    page = process(doc.text)
    layout, facts = page.layout, page.facts
    stage("rows")
    if not looks_like_registry_page(doc, layout, facts):
        raise Reject("not_a_registry_page", "no registry sections, trial fields or study vocabulary found")
    return build_rows(doc, layout, facts)


def extract_text(page: RawPage, ingested_at: datetime | None = None) -> DocumentRows:
    """One page through the whole pipeline. Raises :class:`Reject` or the extractor's error."""
    return extract_document(make_document(page, ingested_at))


def describe_error(e: BaseException) -> str:
    """``Type: message (at file:line in function)``, naming the innermost frame of our package."""
    head = traceback.format_exception_only(type(e), e)[-1].strip()
    frames = [f for f in traceback.extract_tb(e.__traceback__) if "/extract/" in f.filename.replace("\\", "/")]
    if frames:
        f = frames[-1]
        where = f.filename.replace("\\", "/").rsplit("/extract/", 1)[-1]
        head += f" (at extract/{where}:{f.lineno} in {f.name})"
    return head


@dataclass
class BatchSummary:
    """What a worker hands back for one batch: counts, rejects and one small line per
    extracted page (no text, no fact rows: those are in the batch's Parquet parts)."""

    batch_no: int
    pages: int
    rows: dict[str, int]
    rejects: list[dict]
    docs: dict[str, list]  # columns of DOC_META (one entry per extracted page, batch order)
    seconds: float = 0.0
    pid: int = 0  # the process that ran it


# the per-page columns the parent needs to order, de-duplicate and mark current rows
DOC_META = ("source_path", "document_id", "sha256", "nct_id", "ingested_at", "last_update_posted")


def part_path(parts_dir: str | Path, batch_no: int, table: str) -> Path:
    return Path(parts_dir) / f"{batch_no:06d}-{table}.parquet"


def extract_batch(pages: list[PageRef], max_bytes: int = DEFAULT_MAX_BYTES, ingested_at: datetime | None = None,
                  budget: float | None = None) -> BatchResult:
    """A batch of pages -> their rows as Arrow tables and their rejects, in memory."""
    out = BatchResult()
    when = ingested_at or datetime.now(timezone.utc)
    done = _extract_pages(pages, max_bytes, when, budget, out.rejects)
    out.tables = _tables_that_fit(done, out.rejects, when)
    return out


def extract_batch_to_parts(pages: list[PageRef], parts_dir: str, batch_no: int, max_bytes: int = DEFAULT_MAX_BYTES,
                           ingested_at: datetime | None = None, budget: float | None = None) -> BatchSummary:
    """A batch of pages -> one Parquet part per table in ``parts_dir``; returns a small summary.

    What a worker runs: the rows stay on disk, so neither the worker pool nor the parent ever
    holds more than one batch of them.
    """
    import pyarrow.parquet as pq

    t0 = time.perf_counter()
    rejects: list[dict] = []
    when = ingested_at or datetime.now(timezone.utc)
    done = _extract_pages(pages, max_bytes, when, budget, rejects)
    tables = {t: (chunks[0] if chunks else batch_schema(t).empty_table())
              for t, chunks in _tables_that_fit(done, rejects, when).items()}
    for t, tab in tables.items():
        if tab.num_rows:
            dest = part_path(parts_dir, batch_no, t)
            tmp = dest.with_name(dest.name + ".tmp")
            pq.write_table(tab, tmp, compression="lz4")
            os.replace(tmp, dest)  # a retried batch (Dask) overwrites its own part whole
    docs = tables["documents"].select(["source_path", "document_id", "sha256", "nct_id", "ingested_at"]).to_pydict()
    trials = tables["trials"].select(["document_id", "last_update_posted"]).to_pydict()
    lu = dict(zip(trials["document_id"], trials["last_update_posted"]))
    docs["last_update_posted"] = [lu.get(d) for d in docs["document_id"]]
    return BatchSummary(batch_no, len(pages), {t: tab.num_rows for t, tab in tables.items()}, rejects, docs,
                        time.perf_counter() - t0, os.getpid())


def _extract_pages(pages: list[PageRef], max_bytes: int, when: datetime, budget: float | None,
                   rejects: list[dict]) -> list[tuple[PageRef, str, DocumentRows]]:
    """Every page through the pipeline within its time budget; failures go to ``rejects``."""
    from .pipeline import renew_if_grown, warm_up  # lazy: planning and no-change runs never load it

    renew_if_grown()
    warm_up()  # once per process (and after a renewal), outside every page's budget: the rules are
    # loaded and their patterns compiled (or read from the on-disk cache) before the first page
    done: list[tuple[PageRef, str, DocumentRows]] = []
    # the rules' patterns built on first need (per first character, per rule set) come from
    # the on-disk cache too; the small ones made of a page's own words are not kept
    with compiled_patterns(PAGE_MIN_SECONDS):
        for ref in pages:
            _extract_page(ref, max_bytes, when, budget, rejects, done)
    return done


def _extract_page(ref: PageRef, max_bytes: int, when: datetime, budget: float | None, rejects: list[dict],
                  done: list[tuple[PageRef, str, DocumentRows]]) -> None:
    """One page within its time budget: its rows to ``done``, or its reject to ``rejects``."""
    checkpoint(f"extract {ref.source_path}")
    sha = ref.sha256
    doc = None
    try:
        with page_budget(budget):
            stage("read")
            page = read_ref(ref, max_bytes)
            sha = page.sha256
            stage("ingest")
            doc = make_document(page, when)
            rows = extract_document(doc)
    except PageTimeout as t:
        rejects.append(reject_row(ref.source_path, sha, "timeout", t.detail(), when,
                                  document_id=doc.document_id if doc else None))
        return
    except TooLarge as r:
        rejects.append(reject_row(ref.source_path, r.sha256, r.reason, r.detail, when))
        return
    except Reject as r:
        rejects.append(reject_row(ref.source_path, sha, r.reason, r.detail, when,
                                  document_id=doc.document_id if doc else None))
        return
    except Exception as e:  # an extractor bug must not cost the other pages
        rejects.append(reject_row(ref.source_path, sha, "extract_error", describe_error(e), when,
                                  document_id=doc.document_id if doc else None))
        return
    done.append((ref, sha, rows))


def _tables_that_fit(done: list[tuple[PageRef, str, DocumentRows]], rejects: list[dict],
                     when: datetime) -> dict[str, list[pa.Table]]:
    """The batch's rows as Arrow tables; a page with a value that does not fit a schema is
    found (page by page) and rejected, the others kept."""
    try:
        return _to_arrow(done)
    except Exception:  # noqa: BLE001  (some page has a value that does not fit the schema: find it)
        fit = []
        for item in done:
            try:
                _to_arrow([item])
                fit.append(item)
            except Exception as e:  # noqa: BLE001
                ref, sha, rows = item
                rejects.append(reject_row(ref.source_path, sha, "extract_error",
                                          f"a row does not fit the table schema: {describe_error(e)}",
                                          when,
                                          document_id=rows.document_id, nct_id=rows.nct_id))
        return _to_arrow(fit)


def _to_arrow(done: list[tuple[PageRef, str, DocumentRows]]) -> dict[str, list[pa.Table]]:
    res = {}
    for t in DOCUMENT_TABLES:
        rows: list[dict] = []
        sources: list[str] = []
        for ref, _sha, dr in done:
            rs = dr.tables.get(t, [])
            rows.extend(rs)
            sources.extend([ref.source_path] * len(rs))
        res[t] = [rows_to_arrow(t, rows, sources)]
    return res

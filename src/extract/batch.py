"""Extract a batch of pages: bytes -> Document -> pipeline -> rows. Library code the flow calls.

A page that cannot be read or extracted becomes a ``rejects`` row with its reason; the rest
of the batch goes on. An extractor that raises costs only its own page: the error (type,
message and the extractor frame it came from) is recorded with the page's ``document_id``.
"""
from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from datetime import datetime, timezone

import pyarrow as pa

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
    cols = {f.name: [r.get(f.name) for r in rows] for f in schema if f.name != SRC}
    cols[SRC] = sources
    return pa.Table.from_pydict(cols, schema=schema)


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
    from .pipeline import process  # lazy: locking, planning and no-change runs never load spaCy

    if doc.record is not None:  # a registry record file: fields from the record, free text as pages
        from .record_rows import extract_record

        return extract_record(doc)
    sdoc = process(doc.text)
    layout, facts = sdoc._.layout, sdoc._.facts
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


def extract_batch(pages: list[PageRef], max_bytes: int = DEFAULT_MAX_BYTES, ingested_at: datetime | None = None) -> BatchResult:
    out = BatchResult()
    when = ingested_at or datetime.now(timezone.utc)
    done: list[tuple[PageRef, str, DocumentRows]] = []
    for ref in pages:
        checkpoint(f"extract {ref.source_path}")
        sha = ref.sha256
        doc = None
        try:
            page = read_ref(ref, max_bytes)
            sha = page.sha256
            doc = make_document(page, when)
            rows = extract_document(doc)
        except TooLarge as r:
            out.rejects.append(reject_row(ref.source_path, r.sha256, r.reason, r.detail, when))
            continue
        except Reject as r:
            out.rejects.append(reject_row(ref.source_path, sha, r.reason, r.detail, when,
                                          document_id=doc.document_id if doc else None))
            continue
        except Exception as e:  # an extractor bug must not cost the other pages
            out.rejects.append(reject_row(ref.source_path, sha, "extract_error", describe_error(e), when,
                                          document_id=doc.document_id if doc else None))
            continue
        done.append((ref, sha, rows))
    try:
        out.tables = _to_arrow(done)
    except Exception:  # noqa: BLE001  (some page has a value that does not fit the schema: find it)
        fit = []
        for item in done:
            try:
                _to_arrow([item])
                fit.append(item)
            except Exception as e:  # noqa: BLE001
                ref, sha, rows = item
                out.rejects.append(reject_row(ref.source_path, sha, "extract_error",
                                              f"a row does not fit the table schema: {describe_error(e)}", when,
                                              document_id=rows.document_id, nct_id=rows.nct_id))
        out.tables = _to_arrow(fit)
    return out


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

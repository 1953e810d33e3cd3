"""Extract a batch of pages: bytes -> Document -> pipeline -> rows. Library code the flow calls.

A page that cannot be read or extracted becomes a ``rejects`` row with its reason; the rest
of the batch goes on. An extractor that raises costs only its own page: the error (type,
message and the extractor frame it came from) is recorded with the page's ``document_id``.
"""
from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .ingest import DEFAULT_MAX_BYTES, Reject, RawPage, TooLarge, make_document, read_page
from .model import Document
from .records import DocumentRows, build_rows, looks_like_registry_page
from .schema import DOCUMENT_TABLES


@dataclass(frozen=True)
class PageRef:
    """A page to extract: where its bytes are, the source_path it is recorded under, and the
    sha256 already computed while planning (None: compute on read). ``size``, ``mtime_ns``,
    ``ctime_ns``, ``inode`` and ``hashed_ns`` are what discovery saw (the next run's hint)."""

    path: str
    source_path: str
    sha256: str | None = None
    size: int | None = None
    mtime_ns: int | None = None
    ctime_ns: int | None = None
    inode: int | None = None
    hashed_ns: int | None = None


@dataclass
class BatchResult:
    tables: dict[str, list[dict]] = field(default_factory=lambda: {t: [] for t in DOCUMENT_TABLES})
    rejects: list[dict] = field(default_factory=list)

    def extend(self, other: "BatchResult") -> None:
        for t, rows in other.tables.items():
            self.tables.setdefault(t, []).extend(rows)
        self.rejects.extend(other.rejects)


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
    for ref in pages:
        sha = ref.sha256
        doc = None
        try:
            page = read_page(Path(ref.path), ref.source_path, max_bytes, sha256=ref.sha256)
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
        for t, rows_ in rows.tables.items():
            for r in rows_:
                r["_src"] = ref.source_path  # which page made the row (same text under two paths)
            out.tables[t].extend(rows_)
    return out

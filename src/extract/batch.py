"""Extract a batch of pages: bytes -> Document -> pipeline -> rows. Library code the flow calls.

A page that cannot be read or extracted becomes a ``rejects`` row with its reason; the rest
of the batch goes on.
"""
from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .ingest import DEFAULT_MAX_BYTES, Reject, RawPage, TooLarge, make_document, read_page
from .pipeline import build_nlp
from .records import build_rows, looks_like_registry_page
from .schema import DOCUMENT_TABLES


@dataclass(frozen=True)
class PageRef:
    """A page to extract: where its bytes are, the source_path it is recorded under, and the
    sha256 already computed while planning (None: compute on read)."""

    path: str
    source_path: str
    sha256: str | None = None


@dataclass
class BatchResult:
    tables: dict[str, list[dict]] = field(default_factory=lambda: {t: [] for t in DOCUMENT_TABLES})
    rejects: list[dict] = field(default_factory=list)

    def extend(self, other: "BatchResult") -> None:
        for t, rows in other.tables.items():
            self.tables.setdefault(t, []).extend(rows)
        self.rejects.extend(other.rejects)


def reject_row(source_path: str, sha256: str | None, reason: str, detail: str, when: datetime | None = None) -> dict:
    return {
        "source_path": source_path,
        "sha256": sha256,
        "reason": reason,
        "detail": detail[:2000],
        "rejected_at": when or datetime.now(timezone.utc),
        "document_id": None,
        "nct_id": None,
    }


def extract_text(page: RawPage, ingested_at: datetime | None = None):
    """One page through the whole pipeline; returns (DocumentRows | None, reject | None)."""
    doc = make_document(page, ingested_at)
    sdoc = build_nlp()(doc.text)
    layout, facts = sdoc._.layout, sdoc._.facts
    if not looks_like_registry_page(doc, layout, facts):
        raise Reject("not_a_registry_page", "no registry sections, trial fields or study vocabulary found")
    return build_rows(doc, layout, facts)


def extract_batch(pages: list[PageRef], max_bytes: int = DEFAULT_MAX_BYTES, ingested_at: datetime | None = None) -> BatchResult:
    out = BatchResult()
    when = ingested_at or datetime.now(timezone.utc)
    for ref in pages:
        sha = ref.sha256
        try:
            page = read_page(Path(ref.path), ref.source_path, max_bytes)
            sha = page.sha256
            rows = extract_text(page, when)
        except TooLarge as r:
            out.rejects.append(reject_row(ref.source_path, r.sha256, r.reason, r.detail, when))
            continue
        except Reject as r:
            out.rejects.append(reject_row(ref.source_path, sha, r.reason, r.detail, when))
            continue
        except Exception as e:  # an extractor bug must not cost the other pages
            tb = traceback.format_exception_only(type(e), e)[-1].strip()
            out.rejects.append(reject_row(ref.source_path, sha, "extract_error", tb, when))
            continue
        for t, rows_ in rows.tables.items():
            out.tables[t].extend(rows_)
    return out

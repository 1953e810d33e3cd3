"""Bytes -> Document: a registry record file (one study of it) or a text page."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone

from ..model import Document
from .errors import Reject
from .pages import RawPage, new_document, page_document
from .records import FORMAT_NAMES, Study, load_studies
from .render import Rendered, render


@dataclass(frozen=True)
class RecordInfo:
    """What a record document carries besides its text: the format it came in and the
    rendering (structured facts, and the record field of every rendered span)."""

    format: str  # FORMAT_NAMES value, e.g. "ctgov_api_v2_json"
    rendered: Rendered
    pointer: str | None = None


def record_document(page: RawPage, study: Study, ingested_at: datetime | None = None) -> Document:
    rendered = render(study)
    return new_document(page, rendered.text, ingested_at,
                        record=RecordInfo(FORMAT_NAMES[study.fmt], rendered, study.pointer))


def make_documents(page: RawPage, ingested_at: datetime | None = None) -> list[Document]:
    """Every document of an input: one per study of a record file, else the page."""
    studies = load_studies(page.raw, page.source_path, page.pointer)
    if studies is None:
        return [page_document(page, ingested_at)]
    when = ingested_at or datetime.now(timezone.utc)
    return [record_document(page, s, when) for s in studies]


def make_document(page: RawPage, ingested_at: datetime | None = None) -> Document:
    """The one document of an input. Raises :class:`Reject` (also for a record file holding
    several studies read without a pointer: discovery gives each study its own)."""
    docs = make_documents(page, ingested_at)
    if len(docs) != 1:
        raise Reject("not_a_study", f"the file holds {len(docs)} studies; each is read as "
                     "<file>#<JSON pointer> (discovery lists them)")
    return docs[0]


def document_from_text(text: str, source_path: str = "<text>") -> Document:
    """Convenience for tests and ad hoc use: a Document from a Python string."""
    raw = text.encode("utf-8")
    return make_document(RawPage(source_path, raw, hashlib.sha256(raw).hexdigest()))

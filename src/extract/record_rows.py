"""Rows of a registry record document: structured fields from the record, free-text facts
from the same pipeline pages go through.

Trial fields, identifiers and dates come only from the record's fields (the rendering's
facts); the pipeline's readings of the rendered labels are dropped. Doses, lab thresholds
and HER2 criteria come from the extractors run over the rendered text, exactly as for a page,
and each names the record field its text came from (``record_field``).
"""
from __future__ import annotations

from .model import Document
from .records import DocumentRows, build_rows

TEXT_KINDS = ("dose", "lab_threshold", "her2")
# pipeline components whose facts a record's own fields replace: not run on record text
SKIPPED_COMPONENTS = ("trial_facts",)


def extract_record(doc: Document) -> DocumentRows:
    """One record document through the pipeline. Raises the extractor's error."""
    from .pipeline import build_nlp, process  # lazy, as in batch.extract_document

    info = doc.record
    page = process(doc.text, build_nlp(), skip=SKIPPED_COMPONENTS)
    layout = page.layout
    layout.name = info.format  # documents.layout of a record is its format (the object is this doc's own)
    facts = list(info.rendered.facts)
    for f in page.facts:
        if f.kind in TEXT_KINDS:
            f.attrs["record_field"] = info.rendered.field_at(f.start)
            facts.append(f)
    return build_rows(doc, layout, facts)

"""Facts -> typed table rows (one dict per row, columns as in ``schema.py``).

The pipeline leaves facts (with offsets) on the Doc; this module picks, de-duplicates and
orders them into the CONTRACT tables. Everything here is deterministic: the same text gives
the same rows in the same order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from . import ruledata
from .model import Document, Fact, Layout
from .normalize.phases import phases_in


@dataclass
class DocumentRows:
    document_id: str
    nct_id: str | None
    tables: dict[str, list[dict]] = field(default_factory=dict)


def _fact_row(doc: Document, nct: str | None, f: Fact, columns: Iterable[str]) -> dict:
    row = {"document_id": doc.document_id, "nct_id": nct}
    for c in columns:
        row[c] = f.attrs.get(c)
    row.update(
        evidence=doc.text[f.evidence_start:f.evidence_end].strip(),
        char_start=f.start,
        char_end=f.end,
        rule_id=f.rule_id,
        record_field=f.attrs.get("record_field"),
    )
    return row


def _first(facts: list[Fact], field_name: str):
    """The value of the highest-priority fact for a field (first on the page among equals)."""
    best = None
    for f in facts:
        if f.attrs.get("field") == field_name and (best is None or f.attrs.get("priority", 0) > best.attrs.get("priority", 0)):
            best = f
    return best.attrs["value"] if best is not None else None


_ORDER = lambda r: (r["char_start"], r["char_end"], str(r.get("rule_id")))  # noqa: E731


def _id_rows(doc: Document, nct: str | None, id_facts: list[Fact]) -> list[dict]:
    """trial_ids: each distinct id once; the primary NCT ID is never also related/secondary."""
    ids: list[dict] = []
    seen: set[str] = set()
    for f in sorted(id_facts, key=lambda f: (f.attrs["role"] != "PRIMARY", f.attrs["role"] != "SECONDARY", f.start)):
        key = f.attrs["id_value"].upper()
        if key in seen:
            continue
        seen.add(key)
        ids.append(_fact_row(doc, nct, f, ("id_value", "id_type", "role")))
    return sorted(ids, key=_ORDER)


def _date_rows(doc: Document, nct: str | None, facts: list[Fact]) -> list[dict]:
    """dates: one row per milestone type, the first the page states."""
    dates: list[dict] = []
    seen_types: set[str] = set()
    for f in facts:
        if f.kind == "date" and f.attrs["date_type"] not in seen_types:
            seen_types.add(f.attrs["date_type"])
            dates.append(_fact_row(doc, nct, f, ("date_type", "date", "precision", "is_estimated")))
    return sorted(dates, key=_ORDER)


def _trial_row(doc: Document, nct: str | None, trial_facts: list[Fact], dates: list[dict]) -> dict:
    """trials: one row per document."""
    title = _first(trial_facts, "title_official") or _first(trial_facts, "title_brief") or _first(trial_facts, "title_first_line")
    phases = _first(trial_facts, "phases")
    if phases is None and title:
        phases = [p for p in phases_in(title) if p != "NA"]
    min_age = _first(trial_facts, "min_age_years")
    max_age = _first(trial_facts, "max_age_years")
    if min_age is None and max_age is None:
        min_age = _first(trial_facts, "criteria_min_age")
        max_age = _first(trial_facts, "criteria_max_age")
    last_update = next((r["date"] for r in dates if r["date_type"] == "LAST_UPDATE_POSTED"), None)
    enrollment = _first(trial_facts, "enrollment")
    return {
        "document_id": doc.document_id,
        "nct_id": nct,
        "title": title,
        "phases": phases or [],
        "overall_status": _first(trial_facts, "overall_status"),
        "study_type": _first(trial_facts, "study_type"),
        "enrollment": enrollment,
        "enrollment_type": _first(trial_facts, "enrollment_type") if enrollment is not None else None,
        "min_age_years": min_age,
        "max_age_years": max_age,
        "sex": _first(trial_facts, "sex"),
        "healthy_volunteers": _first(trial_facts, "healthy_volunteers"),
        "last_update_posted": last_update,
        "is_current": True,
    }


def build_rows(doc: Document, layout: Layout, facts: list[Fact]) -> DocumentRows:
    trial_facts = [f for f in facts if f.kind == "trial_field"]
    id_facts = [f for f in facts if f.kind == "trial_id"]
    nct = next((f.attrs["id_value"] for f in id_facts if f.attrs["role"] == "PRIMARY"), None)
    dates = _date_rows(doc, nct, facts)
    tables = {
        "documents": [
            {
                "document_id": doc.document_id,
                "nct_id": nct,
                "source_path": doc.source_path,
                "sha256": doc.sha256,
                "text": doc.text,
                "layout": layout.name,
                "ingested_at": doc.ingested_at,
                "n_sections": len(layout.sections),
                "n_criteria": len(layout.criteria),
            }
        ],
        "trials": [_trial_row(doc, nct, trial_facts, dates)],
        "trial_ids": _id_rows(doc, nct, id_facts),
        "dates": dates,
    }
    for kind, table, cols in (
        ("dose", "doses", ("intervention", "dose_low", "dose_high", "unit", "route", "interval_days", "dose_level", "context")),
        ("lab_threshold", "lab_thresholds", ("criterion_type", "analyte", "comparator", "value", "unit", "value_as_written", "unit_as_written", "condition")),
        ("her2", "her2_criteria", ("criterion_type", "her2_status", "ihc_scores", "ish", "expression_pct_min", "assay_text")),
    ):
        rows = [_fact_row(doc, nct, f, cols) for f in facts if f.kind == kind]
        rows.sort(key=_ORDER)
        tables[table] = rows
    return DocumentRows(doc.document_id, nct, tables)


@lru_cache(maxsize=1)
def _registry_vocab() -> list[re.Pattern]:
    return [re.compile(r["pattern"], re.I) for r in ruledata.load("registry_page.yaml", required=["pattern"])]


def looks_like_registry_page(doc: Document, layout: Layout, facts: list[Fact]) -> bool:
    """False for a page that is only boilerplate: no sections, no facts, no study vocabulary."""
    if any(f.kind in ("trial_id", "date", "trial_field") and f.attrs.get("field") != "title_first_line" for f in facts):
        return True
    # criteria lists count; eligibility units the context cut from open text do not
    lists = layout.criteria and not getattr(layout, "open_units", False)
    if lists or any(s.name not in ("title", "other") for s in layout.sections):
        return True
    hits = sum(len(p.findall(doc.text)) for p in _registry_vocab())
    return hits >= 3

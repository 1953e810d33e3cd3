"""Short, normalized labels of fact rows: what a highlight in the viewer says.

``anc ≥ 1.5 10^9/L``, ``HER2 LOW (IHC 1+, 2+/ISH-)``, ``FS-1502 0.4 mg/kg IV q21d, dose level 3``.
Pure functions over table rows (dicts); the text they return is escaped by the templates.
"""
from __future__ import annotations

import math

CMP = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}

# the fact tables the viewer highlights, in the order they are listed, with a short kind name
FACT_KINDS = {
    "lab_thresholds": "lab",
    "her2_criteria": "her2",
    "doses": "dose",
    "dates": "date",
    "trial_ids": "id",
}

# the columns of each fact table shown beside the text
FACT_COLUMNS = {
    "lab_thresholds": ["criterion_type", "analyte", "comparator", "value", "unit", "value_as_written",
                       "unit_as_written", "condition"],
    "her2_criteria": ["criterion_type", "her2_status", "ihc_scores", "ish", "expression_pct_min", "assay_text"],
    "doses": ["intervention", "dose_low", "dose_high", "unit", "route", "interval_days", "dose_level", "context"],
    "dates": ["date_type", "date", "precision", "is_estimated"],
    "trial_ids": ["id_value", "id_type", "role"],
}

TRIAL_FIELDS = ["nct_id", "title", "phases", "overall_status", "study_type", "enrollment", "enrollment_type",
                "min_age_years", "max_age_years", "sex", "healthy_volunteers", "last_update_posted", "is_current"]


def num(v) -> str:
    """A number as people write it: 1.5, 100, 1000000, 0.0001."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "?"
    f = float(v)
    if f.is_integer() and abs(f) < 1e15:
        return str(int(f))
    return f"{f:.6g}"


def cell(v) -> str:
    """A table cell: lists joined, None empty, floats without trailing zeros."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return num(v)
    if isinstance(v, (list, tuple)):
        return ", ".join(cell(x) for x in v)
    return str(v)


def _prefix(criterion_type: str | None) -> str:
    return {"EXCLUSION": "excl. ", "POPULATION": "population: "}.get(criterion_type or "", "")


def lab_label(r: dict) -> str:
    unit = r.get("unit")
    unit = "" if unit in (None, "1") else f" {unit}"
    cond = f" if {r['condition']}" if r.get("condition") else ""
    cmp_ = CMP.get(r.get("comparator") or "", r.get("comparator") or "?")
    return f"{_prefix(r.get('criterion_type'))}{r.get('analyte')} {cmp_} {num(r.get('value'))}{unit}{cond}"


def her2_label(r: dict) -> str:
    parts = []
    scores = list(r.get("ihc_scores") or [])
    ish = {"POSITIVE": "ISH+", "NEGATIVE": "ISH-"}.get(r.get("ish") or "")
    if scores:
        parts.append("IHC " + ", ".join(scores) + (f"/{ish}" if ish else ""))
    elif ish:
        parts.append(ish)
    if r.get("expression_pct_min") is not None:
        parts.append(f"≥ {num(r['expression_pct_min'])}%")
    detail = f" ({'; '.join(parts)})" if parts else ""
    return f"{_prefix(r.get('criterion_type'))}HER2 {r.get('her2_status')}{detail}"


def dose_amount(r: dict) -> str:
    low, high = r.get("dose_low"), r.get("dose_high")
    amount = num(low) if high is None or low == high else f"{num(low)}–{num(high)}"
    return f"{amount} {r.get('unit') or ''}".strip()


def dose_label(r: dict) -> str:
    bits = [r.get("intervention") or "dose", dose_amount(r)]
    if r.get("route"):
        bits.append(r["route"])
    if r.get("interval_days") is not None:
        bits.append(f"q{num(r['interval_days'])}d")
    label = " ".join(bits)
    if r.get("dose_level") is not None:
        label += f", dose level {r['dose_level']}"
    return label


def date_label(r: dict) -> str:
    d = r.get("date")
    shown = "?" if d is None else {"YEAR": f"{d:%Y}", "MONTH": f"{d:%Y-%m}"}.get(r.get("precision") or "", f"{d}")
    est = " (estimated)" if r.get("is_estimated") else ""
    return f"{r.get('date_type')} {shown}{est}"


def id_label(r: dict) -> str:
    return f"{r.get('id_type')} {r.get('role')}"


LABELERS = {
    "lab_thresholds": lab_label,
    "her2_criteria": her2_label,
    "doses": dose_label,
    "dates": date_label,
    "trial_ids": id_label,
}


def label(table: str, row: dict) -> str:
    return LABELERS[table](row)

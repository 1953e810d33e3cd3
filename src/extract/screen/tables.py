"""The published tables screening reads, and how bounds of one criterion are tied together.

Only published tables are read (a curated folder's current version, or tables handed in). Rows of
one criterion are the rows of one document whose ``evidence`` (the criterion line) is the same span
of ``documents.text``: the evidence is located around each row's ``char_start``/``char_end``. Two
inclusion bounds of one criterion are alternatives when the last connective word between them
(``rules/screen.yaml`` connectives) is an "or".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..ruledata import load

TRIAL_COLUMNS = ["document_id", "nct_id", "title", "phases", "overall_status", "min_age_years", "max_age_years",
                 "sex", "is_current"]
LAB_COLUMNS = ["document_id", "criterion_type", "analyte", "comparator", "value", "unit", "value_as_written",
               "unit_as_written", "condition", "evidence", "char_start", "char_end"]
HER2_COLUMNS = ["document_id", "criterion_type", "her2_status", "ihc_scores", "ish", "expression_pct_min",
                "assay_text", "evidence", "char_start", "char_end"]


@dataclass
class Tables:
    """Rows by document: trials (current pages), lab bounds and HER2 rows, and page texts."""

    trials: list[dict]
    labs: dict[str, list[dict]] = field(default_factory=dict)
    her2: dict[str, list[dict]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)


def _rows(t, columns: list[str]) -> list[dict]:
    """A pyarrow Table, pandas DataFrame or list of dicts -> list of dicts (only ``columns``)."""
    if t is None:
        return []
    if isinstance(t, list):
        return [{c: r.get(c) for c in columns} for r in t]
    if hasattr(t, "to_pylist"):  # pyarrow
        return t.select([c for c in columns if c in t.column_names]).to_pylist()
    import pyarrow as pa

    cols = [c for c in columns if c in t.columns]
    return pa.Table.from_pandas(t[cols], preserve_index=False).to_pylist()


def _by_doc(rows: list[dict], docs: set[str]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in rows:
        if r["document_id"] in docs:
            out.setdefault(r["document_id"], []).append(r)
    return out


def _current(trials: list[dict], ncts: list[str] | None) -> list[dict]:
    out = [t for t in trials if t.get("is_current") is not False]
    if ncts:
        want = {n.strip().upper() for n in ncts}
        out = [t for t in out if (t.get("nct_id") or "").upper() in want]
    return out


def read_tables(source, ncts: list[str] | None = None) -> Tables:
    """``source``: a curated folder (its current published version) or a mapping table -> rows."""
    if isinstance(source, (str, Path)):
        return _read_snapshot(Path(source), ncts)
    trials = _current(_rows(source.get("trials"), TRIAL_COLUMNS), ncts)
    docs = {t["document_id"] for t in trials}
    texts = {r["document_id"]: r["text"] for r in _rows(source.get("documents"), ["document_id", "text"])
             if r["document_id"] in docs}
    return Tables(trials, _by_doc(_rows(source.get("lab_thresholds"), LAB_COLUMNS), docs),
                  _by_doc(_rows(source.get("her2_criteria"), HER2_COLUMNS), docs), texts)


def _read_snapshot(out: Path, ncts: list[str] | None) -> Tables:
    from ..report.snapshot import open_snapshot

    snap = open_snapshot(out)
    if snap is None:
        raise FileNotFoundError(f"nothing is published in {out}; run `trial-extract run` first")
    trials = _current(snap.table("trials", TRIAL_COLUMNS).to_pylist(), ncts)
    docs = {t["document_id"] for t in trials}
    labs = _by_doc(snap.table("lab_thresholds", LAB_COLUMNS).to_pylist(), docs)
    her2 = _by_doc(snap.table("her2_criteria", HER2_COLUMNS).to_pylist(), docs)
    texts: dict[str, str] = {}
    need = {d for d, rows in labs.items() if len(rows) > 1}
    if need:
        import pyarrow.compute as pc
        import pyarrow as pa

        t = snap.table("documents", ["document_id", "text"])
        t = t.filter(pc.is_in(t["document_id"], value_set=pa.array(sorted(need))))
        texts = dict(zip(t["document_id"].to_pylist(), t["text"].to_pylist()))
    return Tables(trials, labs, her2, texts)


# ----------------------------------------------------------------------------- criteria
def evidence_span(row: dict, text: str | None) -> tuple:
    """The span of ``text`` holding the row's evidence around its offsets (the criterion), or the
    evidence string itself when the text is not at hand or does not hold it there."""
    ev = row.get("evidence") or ""
    s, e = row["char_start"], row["char_end"]
    if text and ev:
        i = text.rfind(ev, 0, s + 1)
        while i >= 0:
            if i + len(ev) >= e:
                return (i, i + len(ev))
            i = text.rfind(ev, 0, i)
        i = text.find(ev, max(0, e - len(ev)))
        if 0 <= i <= s:
            return (i, i + len(ev))
    return ("evidence", ev)


@lru_cache(maxsize=1)
def _connectives() -> re.Pattern:
    rows = load("screen.yaml", required=["joins", "pattern"], key="connectives")
    return re.compile("|".join(f"(?P<{r['joins']}{i}>{r['pattern']})" for i, r in enumerate(rows)), re.I)


def last_connective(gap: str) -> str | None:
    """'or' or 'and': the last connective word in ``gap``; None when there is none, or when the gap
    holds a bound of its own (a number or comparator)."""
    last = None
    for m in _connectives().finditer(gap):
        last = m.lastgroup
        if last.startswith("stop"):
            return None
    return re.sub(r"\d+$", "", last) if last else None


def gap_text(a: dict, b: dict, text: str | None) -> str:
    """The words between two bounds of one criterion (from a's start when their surfaces overlap:
    "AST and ALT ≤ 2.5 × ULN" shares one surface end)."""
    if not text:
        return ""
    start = a["char_end"] if a["char_end"] <= b["char_start"] else a["char_start"]
    return text[start:b["char_start"]]


def alternative_groups(rows: list[dict], text: str | None) -> list[int]:
    """A group number per row (same order): inclusion rows of one criterion joined by "or" share
    one. A conditional row never joins, and it breaks the chain between its neighbours."""
    group = list(range(len(rows)))
    by_crit: dict[tuple, list[int]] = {}
    times: dict[str, int] = {}  # how often each evidence occurs: located only when more than once
    for i, r in enumerate(rows):
        ev = r.get("evidence") or ""
        if ev not in times:
            times[ev] = text.count(ev) if text and ev else 0
        key = ("evidence", ev) if times[ev] == 1 else evidence_span(r, text)
        by_crit.setdefault(key, []).append(i)
    for idx in by_crit.values():
        idx.sort(key=lambda i: (rows[i]["char_start"], rows[i]["char_end"]))
        for i, j in zip(idx, idx[1:]):
            a, b = rows[i], rows[j]
            if a["condition"] or b["condition"] or "INCLUSION" != a["criterion_type"] or a["criterion_type"] != b["criterion_type"]:
                continue
            if last_connective(gap_text(a, b, text)) == "or":
                old, new = group[j], group[i]
                group = [new if g == old else g for g in group]
    return group

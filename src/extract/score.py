"""Gold records vs curated tables: per-table, per-field precision, recall and F1.

Gold records are YAML files, one per document (format: ``tests/gold/README.md``). The
curated tables are the Parquet tables of the output contract (``/work/shared/CONTRACT.md``).

Scoring, per table and per document:

* Rows are paired one to one by the table's **key** (``TABLES[table].key``). Rows are
  multisets: two identical gold rows need two predicted rows. Within a group of rows that
  share a key, gold and predicted rows are paired greedily, best field agreement first,
  so that e.g. two doses with the same amount but different interventions pair sensibly.
  Unpaired rows are never paired on anything else. Key scores: tp = pairs, fp = unpaired
  predictions, fn = unpaired gold rows.
* On the paired rows every other column is a **field**: tp when both are non-null and
  equal; fp when the prediction is non-null and differs (including gold null); fn when the
  gold value is non-null and the prediction differs or is null (a wrong value is fp and
  fn). Both null is an agreement that counts in the field accuracy but not in tp/fp/fn.
* ``trials`` holds one row per document: its key is empty, so the document's trial row
  pairs with any predicted trial row of that document, and every column is a field. A
  document with no predicted trial row is a key fn and every gold field of it a field fn
  (as if each were null): a trial row is judged field by field, never by its presence.

Equality, by column kind: floats and ints within 1e-3 relative; ``ihc_scores`` as sets,
``phases`` as ordered lists (an empty list is null); dates as ISO strings (date objects,
datetimes at any time of day and strings are all accepted); free text case- and
whitespace-insensitively (whitespace removed); everything else (enums, ids, units) as stripped
strings. ``condition`` and ``context`` are compared as words (case-folded, possessive 's and
punctuation dropped): equal when the words are the same, or when the shorter text is a run of
whole words of the longer one and at least ``MIN_CONTAINED`` characters long ("Cohort 1" is in
"Cohort 1: Drug A monotherapy" but not in "Cohort 12"; "1a" and "s" are too short to count).

Gold YAML is read with the YAML *base* loader (every scalar a string) and each value is
then coerced by its column kind, so ``id_value: 0123`` stays "0123", ``value: 1e9`` is a
float and ``ihc_scores: [0, 1+]`` gives ["0", "1+"].
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extract.gold import GoldRecord, load_gold
from extract.score_match import (ENUM, INT, LIST, SET, TABLES, TEXT, TEXT_CONTAINS, TableSpec, display, native, comparison_form,
                                 same)
from extract.score_report import format_report

# --------------------------------------------------------------------------- score objects

def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


@dataclass
class PRF:
    """Counts and precision/recall/F1 (None when undefined, i.e. 0/0)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    @property
    def perfect(self) -> bool:
        return self.fp == 0 and self.fn == 0

    def __add__(self, other: PRF) -> PRF:
        if not isinstance(other, PRF):
            return NotImplemented
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": self.precision,
                "recall": self.recall, "f1": self.f1}


@dataclass
class FieldScore(PRF):
    """PRF of one field on paired rows, plus agreement (both-null included) over pairs."""

    agree: int = 0
    n: int = 0

    @property
    def accuracy(self) -> float | None:
        return _ratio(self.agree, self.n)

    def __add__(self, other: FieldScore) -> FieldScore:
        if not isinstance(other, FieldScore):
            return NotImplemented
        return FieldScore(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn,
                          self.agree + other.agree, self.n + other.n)

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "agree": self.agree, "n": self.n, "accuracy": self.accuracy}


@dataclass
class Ratio:
    """hits out of total (an accuracy or a rate)."""

    hits: int = 0
    total: int = 0

    @property
    def rate(self) -> float | None:
        return _ratio(self.hits, self.total)

    def __add__(self, other: Ratio) -> Ratio:
        if not isinstance(other, Ratio):
            return NotImplemented
        return Ratio(self.hits + other.hits, self.total + other.total)

    def to_dict(self) -> dict[str, Any]:
        return {"hits": self.hits, "total": self.total, "rate": self.rate}


@dataclass
class Issue:
    """One thing a developer should look at: a missing (fn) or extra (fp) row, or a field
    that differs on a paired row. Values are in display form (JSON-friendly)."""

    kind: str  # "missing" | "extra" | "field"
    key: dict[str, Any]
    field: str | None = None
    gold: Any = None
    pred: Any = None
    row: dict[str, Any] | None = None  # the whole unpaired row, for missing/extra

    def to_dict(self) -> dict[str, Any]:
        d = {"kind": self.kind, "key": self.key}
        if self.kind == "field":
            d.update(field=self.field, gold=self.gold, pred=self.pred)
        else:
            d["row"] = self.row
        return d


@dataclass
class TableScore:
    """Scores of one table; addable (micro average: counts are summed)."""

    table: str
    key: PRF = field(default_factory=PRF)
    fields: dict[str, FieldScore] = field(default_factory=dict)
    sub: dict[str, PRF | Ratio] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    documents: int = 1

    @property
    def perfect(self) -> bool:
        return self.key.perfect and all(f.perfect for f in self.fields.values())

    def __add__(self, other: TableScore) -> TableScore:
        if isinstance(other, int) and other == 0:  # sum() start value
            return self
        if not isinstance(other, TableScore):
            return NotImplemented
        if other.table != self.table:
            raise ValueError(f"cannot add scores of {self.table!r} and {other.table!r}")
        fields = dict(self.fields)
        for name, fs in other.fields.items():
            fields[name] = fields[name] + fs if name in fields else fs
        sub = dict(self.sub)
        for name, s in other.sub.items():
            sub[name] = sub[name] + s if name in sub else s
        return TableScore(self.table, self.key + other.key, fields, sub,
                          self.issues + other.issues, self.documents + other.documents)

    __radd__ = __add__

    def to_dict(self, details: bool = False) -> dict[str, Any]:
        d: dict[str, Any] = {
            "table": self.table,
            "documents": self.documents,
            "key_columns": list(TABLES[self.table].key) if self.table in TABLES else [],
            "key": self.key.to_dict(),
            "fields": {k: v.to_dict() for k, v in self.fields.items()},
            "sub": {k: v.to_dict() for k, v in self.sub.items()},
        }
        if details:
            d["issues"] = [i.to_dict() for i in self.issues]
        return d


# --------------------------------------------------------------------------- score_table

def _prepare(spec: TableSpec, rows: Sequence[Mapping[str, Any]]) -> list[tuple[dict, dict]]:
    """(normalized, display) forms of each row, restricted to the table's columns."""
    out = []
    for r in rows:
        norm = {c: comparison_form(k, r.get(c)) for c, k in spec.columns.items()}
        disp = {c: _shown(k, r.get(c), norm[c]) for c, k in spec.columns.items()}
        out.append((norm, disp))
    return out


def _shown(kind: str, raw: Any, norm: Any) -> Any:
    """Display form of a value: typed by its column kind, text as written."""
    if norm is None:
        return None
    if kind in (TEXT, TEXT_CONTAINS, ENUM):
        return str(display(raw)).strip()
    if kind == INT and isinstance(norm, float) and norm.is_integer():
        return int(norm)
    if kind == SET:
        return sorted(norm)
    if kind == LIST:
        return list(norm)
    return norm


def _key_equal(spec: TableSpec, g: dict, p: dict) -> bool:
    return all(same(spec.columns[c], g[c], p[c]) for c in spec.key)


def _agreement(spec: TableSpec, g: dict, p: dict) -> int:
    return sum(same(spec.columns[c], g[c], p[c]) for c in spec.fields)


def _pair(spec: TableSpec, gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    """Greedy one-to-one pairing of rows with equal keys, best field agreement first."""
    cands = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if _key_equal(spec, g, p):
                cands.append((-_agreement(spec, g, p), gi, pi))
    cands.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, gi, pi in cands:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    pairs.sort()
    return pairs


def _has_condition(norm: dict) -> bool:
    return norm.get("condition") is not None


# CONTRACT's lab vocabulary: "a bound on an analyte outside this list may be written with
# another id, and is not scored" -- such rows are dropped from gold and prediction alike
CONTRACT_ANALYTES = frozenset(
    "anc wbc lymphocytes platelets hemoglobin albumin total_bilirubin direct_bilirubin creatinine ast alt alp "
    "creatinine_clearance gfr inr aptt pt potassium sodium calcium magnesium glucose hba1c lvef "
    "oxygen_saturation qtc hbv_dna lipase amylase tsh troponin urine_protein".split()
)


def score_table(table: str, gold_rows: list[dict], pred_rows: list[dict]) -> TableScore:
    """Score one document's rows of one table (pure; see the module docstring)."""
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r} (known: {sorted(TABLES)})")
    if table == "lab_thresholds":
        gold_rows = [r for r in gold_rows if r.get("analyte") in CONTRACT_ANALYTES]
        pred_rows = [r for r in pred_rows if r.get("analyte") in CONTRACT_ANALYTES]
    spec = TABLES[table]
    gold = _prepare(spec, gold_rows)
    pred = _prepare(spec, pred_rows)
    pairs = _pair(spec, [g for g, _ in gold], [p for p, _ in pred])
    paired_g = {gi for gi, _ in pairs}
    paired_p = {pi for _, pi in pairs}
    score = TableScore(table)
    score.key = PRF(tp=len(pairs), fp=len(pred) - len(pairs), fn=len(gold) - len(pairs))
    score.fields = {f: FieldScore() for f in spec.fields}
    for name, _ in spec.accuracy_subscores:
        score.sub[name] = Ratio()

    def key_of(disp: dict) -> dict:
        return {c: disp[c] for c in spec.key}

    exact = Ratio(total=len(gold)) if table == "trials" else None
    compared = [(gold[gi], pred[pi]) for gi, pi in pairs]
    if not spec.key:  # trials: a document without a trial row has every field null
        null = {c: None for c in spec.columns}
        compared += [(gold[gi], (null, null)) for gi in range(len(gold)) if gi not in paired_g]
    for (gn, gd), (pn, pd_) in compared:
        all_agree = True
        for f in spec.fields:
            fs = score.fields[f]
            kind = spec.columns[f]
            gv, pv = gn[f], pn[f]
            fs.n += 1
            if same(kind, gv, pv):
                fs.agree += 1
                if gv is not None:
                    fs.tp += 1
                continue
            all_agree = False
            if pv is not None:
                fs.fp += 1
            if gv is not None:
                fs.fn += 1
            score.issues.append(Issue("field", key_of(gd), f, gd[f], pd_[f]))
        if exact is not None and all_agree:
            exact.hits += 1
    for name, f in spec.accuracy_subscores:
        fs = score.fields[f]
        score.sub[name] = Ratio(fs.agree, fs.n)
    if exact is not None:
        score.sub["exact rows"] = exact
    if table == "lab_thresholds":
        cond = PRF()
        for gi, pi in pairs:
            if _has_condition(gold[gi][0]) or _has_condition(pred[pi][0]):
                cond.tp += 1
        cond.fp = sum(1 for pi, (pn, _) in enumerate(pred)
                      if pi not in paired_p and _has_condition(pn))
        cond.fn = sum(1 for gi, (gn, _) in enumerate(gold)
                      if gi not in paired_g and _has_condition(gn))
        score.sub["conditional rows"] = cond
    for gi, (_, gd) in enumerate(gold):
        if gi not in paired_g:
            score.issues.append(Issue("missing", key_of(gd), row=gd))
    for pi, (_, pd_) in enumerate(pred):
        if pi not in paired_p:
            score.issues.append(Issue("extra", key_of(pd_), row=pd_))
    return score


# --------------------------------------------------------------------------- score_dir

@dataclass
class DocumentResult:
    gold_path: str
    document: str
    document_id: str | None
    tables: dict[str, TableScore] = field(default_factory=dict)
    missing_reason: str | None = None  # set when the document is not in the curated output

    @property
    def missing(self) -> bool:
        return self.missing_reason is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold_path, "document": self.document, "document_id": self.document_id,
            "missing": self.missing_reason,
            "tables": {t: s.to_dict(details=True) for t, s in self.tables.items()},
        }


@dataclass
class Report:
    tables: dict[str, TableScore]  # totals per table (micro average over documents)
    documents: list[DocumentResult]
    missing_tables: list[str] = field(default_factory=list)  # scored but absent in curated dir
    gold_dir: str = ""
    curated_dir: str = ""

    @property
    def missing_documents(self) -> list[DocumentResult]:
        return [d for d in self.documents if d.missing]

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold_dir": self.gold_dir,
            "curated_dir": self.curated_dir,
            "gold_files": len(self.documents),
            "missing_documents": [
                {"gold": d.gold_path, "document": d.document, "reason": d.missing_reason}
                for d in self.missing_documents
            ],
            "missing_tables": list(self.missing_tables),
            "tables": {t: s.to_dict() for t, s in self.tables.items()},
            "documents": [d.to_dict() for d in self.documents],
        }


def _table_path(curated_dir: Path, table: str) -> Path | None:
    p = curated_dir / f"{table}.parquet"
    return p if p.exists() else None


def _read_table(path: Path, columns: Iterable[str] | None = None) -> list[dict[str, Any]]:
    import pandas as pd

    df = pd.read_parquet(path, dtype_backend="pyarrow")
    if columns is not None:
        df = df[[c for c in columns if c in df.columns]]
    return df.to_dict("records")


def score_dir(
    gold_dir: str | Path,
    curated_dir: str | Path,
    root: str | Path | None = None,
    only: Iterable[str] | None = None,
) -> Report:
    """Score the gold records of ``gold_dir`` against the curated tables of ``curated_dir``.

    Gold documents are matched to curated ones by the sha256 of their raw bytes
    (``documents.parquet`` column ``sha256``). ``only`` keeps the gold files whose stem
    starts with one of the given prefixes. Raises FileNotFoundError when
    ``documents.parquet`` is absent.
    """
    curated_dir = Path(curated_dir)
    records = load_gold(gold_dir, root)
    if only is not None:
        prefixes = (only,) if isinstance(only, str) else tuple(only)
        records = [r for r in records if r.stem.startswith(prefixes)]

    docs_path = _table_path(curated_dir, "documents")
    if docs_path is None:
        raise FileNotFoundError(f"{curated_dir}/documents.parquet not found")
    by_sha: dict[str, set[str]] = {}
    for row in _read_table(docs_path, ["document_id", "sha256"]):
        sha, doc_id = native(row.get("sha256")), native(row.get("document_id"))
        if sha is not None and doc_id is not None:
            by_sha.setdefault(str(sha), set()).add(str(doc_id))

    wanted = sorted({t for r in records for t in r.tables})
    pred_by_table: dict[str, dict[str, list[dict]]] = {}
    missing_tables = []
    for table in wanted:
        path = _table_path(curated_dir, table)
        buckets: dict[str, list[dict]] = {}
        if path is None:
            missing_tables.append(table)
        else:
            for row in _read_table(path, ["document_id", *TABLES[table].columns]):
                doc_id = native(row.get("document_id"))
                if doc_id is not None:
                    buckets.setdefault(str(doc_id), []).append(row)
        pred_by_table[table] = buckets

    totals: dict[str, TableScore] = {}
    results: list[DocumentResult] = []
    for rec in records:
        reason = None
        doc_id = None
        if rec.sha256 is None:
            reason = f"raw file not found: {rec.document_path}"
        elif rec.sha256 not in by_sha:
            reason = "no curated document with this sha256"
        else:
            doc_id = sorted(by_sha[rec.sha256])[0]
        res = DocumentResult(str(rec.path), rec.document, doc_id, missing_reason=reason)
        for table, gold_rows in rec.tables.items():
            pred_rows = pred_by_table[table].get(doc_id, []) if doc_id is not None else []
            s = score_table(table, gold_rows, pred_rows)
            res.tables[table] = s
            totals[table] = totals[table] + s if table in totals else s
        results.append(res)
    ordered = {t: totals[t] for t in TABLES if t in totals}
    return Report(ordered, results, missing_tables, str(gold_dir), str(curated_dir))



__all__ = [
    "TABLES", "TableSpec", "PRF", "FieldScore", "Ratio", "Issue", "TableScore",
    "GoldRecord", "DocumentResult", "Report",
    "score_table", "load_gold", "score_dir", "format_report",
]

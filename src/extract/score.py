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

import hashlib
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from extract.ingest.pages import normalize_text

# --------------------------------------------------------------------------- table specs

ENUM, TEXT, TEXT_CONTAINS, FLOAT, INT, BOOL, DATE, SET, LIST = (
    "enum", "text", "text_contains", "float", "int", "bool", "date", "set", "list",
)

# converted lab values are rounded by whoever converts them (17.1 umol/L per mg/dL is itself
# rounded): values within 0.1% are the same bound
REL_TOL = 1e-3
# a condition or context contained in the other counts only from this many characters on
# ("part 1", "group 3", "phase 1a"; not "1a" or "s")
MIN_CONTAINED = 6


@dataclass(frozen=True)
class TableSpec:
    name: str
    key: tuple[str, ...]
    columns: dict[str, str]  # column -> kind, key columns included, in contract order
    # field accuracies reported as sub-scores, as (sub-score name, field)
    accuracy_subscores: tuple[tuple[str, str], ...] = ()

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if c not in self.key)


TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in (
        TableSpec(
            "trials",
            (),
            {
                "nct_id": ENUM, "title": TEXT, "phases": LIST, "overall_status": ENUM,
                "study_type": ENUM, "enrollment": INT, "enrollment_type": ENUM,
                "min_age_years": FLOAT, "max_age_years": FLOAT, "sex": ENUM,
                "healthy_volunteers": BOOL,
            },
        ),
        TableSpec(
            "trial_ids",
            ("id_value", "id_type", "role"),
            {"id_value": ENUM, "id_type": ENUM, "role": ENUM},
        ),
        TableSpec(
            "dates",
            ("date_type", "date"),
            {"date_type": ENUM, "date": DATE, "precision": ENUM, "is_estimated": BOOL},
        ),
        TableSpec(
            "doses",
            ("dose_low", "dose_high", "unit"),
            {
                "intervention": TEXT, "dose_low": FLOAT, "dose_high": FLOAT, "unit": ENUM,
                "route": ENUM, "interval_days": FLOAT, "dose_level": INT,
                "context": TEXT_CONTAINS,
            },
            (("route accuracy", "route"), ("interval accuracy", "interval_days")),
        ),
        TableSpec(
            "lab_thresholds",
            ("criterion_type", "analyte", "comparator", "value", "unit"),
            {
                "criterion_type": ENUM, "analyte": ENUM, "comparator": ENUM, "value": FLOAT,
                "unit": ENUM, "value_as_written": TEXT, "unit_as_written": TEXT,
                "condition": TEXT_CONTAINS,
            },
        ),
        TableSpec(
            "her2_criteria",
            ("criterion_type", "her2_status"),
            {
                "criterion_type": ENUM, "her2_status": ENUM, "ihc_scores": SET, "ish": ENUM,
                "expression_pct_min": FLOAT, "assay_text": TEXT,
            },
            (("ihc_scores accuracy", "ihc_scores"), ("ish accuracy", "ish")),
        ),
    )
}

# Columns every curated table carries; tolerated (and ignored) in gold rows of list tables.
_COMMON_COLUMNS = frozenset({"document_id", "nct_id", "evidence", "char_start", "char_end"})
_NULL_WORDS = frozenset({"", "~", "null", "none"})
_TRUE_WORDS = frozenset({"true", "yes", "on", "y"})
_FALSE_WORDS = frozenset({"false", "no", "off", "n"})


# --------------------------------------------------------------------------- value handling

def _is_null(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float):
        return math.isnan(v)
    if type(v).__name__ in ("NAType", "NaTType"):  # pandas markers (NaT is a datetime)
        return True
    if isinstance(v, (str, int, list, date)):
        return False
    return type(v).__name__.startswith("float") and v != v  # numpy float nan


def _native(v: Any) -> Any:
    """Plain Python value (no numpy/pyarrow/pandas scalars); nulls become None."""
    if _is_null(v):
        return None
    if isinstance(v, (str, bool, int, float, date)) and not hasattr(v, "to_pydatetime"):
        return v
    if isinstance(v, (list, tuple)):
        return [_native(x) for x in v]
    if hasattr(v, "as_py"):  # pyarrow scalar
        return _native(v.as_py())
    if hasattr(v, "to_pydatetime"):  # pandas Timestamp
        return v.to_pydatetime()
    if hasattr(v, "tolist"):  # numpy scalar or array
        return _native(v.tolist())
    return v


def _display(v: Any) -> Any:
    """JSON-friendly form of a value, for reports."""
    v = _native(v)
    if isinstance(v, datetime):
        return v.date().isoformat() if v.time() == datetime.min.time() else v.isoformat()
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, list):
        return [_display(x) for x in v]
    return v


def _to_float(v: Any) -> Any:
    if isinstance(v, bool):
        return float(v)
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, str):
        try:
            return float(v.strip())
        except ValueError:
            return v.strip()
    return v


def _norm(kind: str, v: Any) -> Any:
    """The comparison form of a value of a column kind; None for null."""
    v = _native(v)
    if v is None:
        return None
    if kind in (SET, LIST):
        items = v if isinstance(v, list) else [v]
        out = [str(_display(x)).strip() for x in items if _native(x) is not None]
        out = [x for x in out if x]
        if not out:
            return None
        return frozenset(out) if kind == SET else tuple(out)
    if kind in (FLOAT, INT):
        if isinstance(v, str) and v.strip().lower() in _NULL_WORDS:
            return None
        return _to_float(v)
    if kind == BOOL:
        if isinstance(v, str):
            s = v.strip().lower()
            if s in _NULL_WORDS:
                return None
            if s in _TRUE_WORDS:
                return True
            if s in _FALSE_WORDS:
                return False
            return s
        return bool(v) if isinstance(v, (bool, int)) else v
    if kind == DATE:
        if isinstance(v, datetime):
            return v.date().isoformat()
        if isinstance(v, date):
            return v.isoformat()
        s = str(v).strip()
        return s or None
    # stored text is normalized at ingest ("Ⅲ" -> "III", "m²" -> "m2", "10⁹" -> "10^9", "10\\^9"
    # -> "10^9"); gold written from the page as displayed is compared in the same form
    s = normalize_text(str(_display(v))).strip()
    if kind == TEXT_CONTAINS:  # "Gilbert's syndrome" and "Gilbert syndrome" are one condition
        s = " ".join(re.sub(r"['’]s\b|[\W_]", " ", s.casefold()).split())
    elif kind == TEXT:
        s = "".join(s.split()).casefold()
    else:
        s = s.strip()
    return s or None


def _equal(kind: str, a: Any, b: Any) -> bool:
    """Equality of two normalized non-null values."""
    if isinstance(a, float) and isinstance(b, float):
        return a == b or math.isclose(a, b, rel_tol=REL_TOL, abs_tol=0.0)
    if kind == TEXT_CONTAINS and isinstance(a, str) and isinstance(b, str):
        return _words_equal_or_contained(a, b)
    return a == b


def _words_equal_or_contained(a: str, b: str) -> bool:
    """Two normalized word strings (single spaces): the same words (spacing aside), or the
    shorter a run of whole words of the longer and at least MIN_CONTAINED characters."""
    if a.replace(" ", "") == b.replace(" ", ""):
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= MIN_CONTAINED and f" {short} " in f" {long_} "


def _same(kind: str, a: Any, b: Any) -> bool:
    """Agreement of two normalized values, null included (both null agree)."""
    if a is None or b is None:
        return a is None and b is None
    return _equal(kind, a, b)


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
        norm = {c: _norm(k, r.get(c)) for c, k in spec.columns.items()}
        disp = {c: _shown(k, r.get(c), norm[c]) for c, k in spec.columns.items()}
        out.append((norm, disp))
    return out


def _shown(kind: str, raw: Any, norm: Any) -> Any:
    """Display form of a value: typed by its column kind, text as written."""
    if norm is None:
        return None
    if kind in (TEXT, TEXT_CONTAINS, ENUM):
        return str(_display(raw)).strip()
    if kind == INT and isinstance(norm, float) and norm.is_integer():
        return int(norm)
    if kind == SET:
        return sorted(norm)
    if kind == LIST:
        return list(norm)
    return norm


def _key_equal(spec: TableSpec, g: dict, p: dict) -> bool:
    return all(_same(spec.columns[c], g[c], p[c]) for c in spec.key)


def _agreement(spec: TableSpec, g: dict, p: dict) -> int:
    return sum(_same(spec.columns[c], g[c], p[c]) for c in spec.fields)


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
            if _same(kind, gv, pv):
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


# --------------------------------------------------------------------------- gold records

@dataclass
class GoldRecord:
    path: Path  # the gold YAML file
    document: str  # document path as written (relative to the repository root)
    document_path: Path  # resolved against root
    tables: dict[str, list[dict[str, Any]]]  # table -> gold rows (trials: one row)
    notes: str | None = None
    sha256: str | None = None  # of the raw bytes; None when the file cannot be read

    @property
    def stem(self) -> str:
        return self.path.stem


def _null_str(v: Any) -> Any:
    return None if isinstance(v, str) and v.strip().lower() in _NULL_WORDS else v


def _check_row(path: Path, spec: TableSpec, row: Any, allowed: frozenset[str]) -> dict:
    if not isinstance(row, dict):
        raise ValueError(f"{path}: table {spec.name!r}: a row must be a mapping, got {row!r}")
    unknown = set(row) - allowed
    if unknown:
        raise ValueError(f"{path}: table {spec.name!r}: unknown column(s) {sorted(unknown)}")
    return {c: _null_str(v) for c, v in row.items() if c in spec.columns}


def _parse_gold(path: Path, root: Path) -> GoldRecord:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    if not isinstance(data, dict) or not _null_str(data.get("document")):
        raise ValueError(f"{path}: a gold record is a mapping with a 'document' path")
    document = str(data["document"]).strip()
    raw_tables = data.get("tables")
    raw_tables = _null_str(raw_tables)
    if raw_tables is None:
        raw_tables = {}
    if not isinstance(raw_tables, dict):
        raise ValueError(f"{path}: 'tables' must be a mapping of table name to rows")
    tables: dict[str, list[dict]] = {}
    for name, rows in raw_tables.items():
        if name not in TABLES:
            raise ValueError(f"{path}: unknown table {name!r} (known: {sorted(TABLES)})")
        spec = TABLES[name]
        rows = _null_str(rows)
        if name == "trials":
            allowed = frozenset(spec.columns) | _COMMON_COLUMNS
            if rows is None:
                tables[name] = []
            elif isinstance(rows, dict):
                tables[name] = [_check_row(path, spec, rows, allowed)]
            else:
                raise ValueError(f"{path}: 'trials' must be one mapping")
        else:
            allowed = frozenset(spec.columns) | _COMMON_COLUMNS
            if rows is None:
                rows = []
            if not isinstance(rows, list):
                raise ValueError(f"{path}: table {name!r} must be a list of rows")
            tables[name] = [_check_row(path, spec, r, allowed) for r in rows]
    doc_path = Path(document)
    if not doc_path.is_absolute():
        doc_path = root / doc_path
    try:
        sha = hashlib.sha256(doc_path.read_bytes()).hexdigest()
    except OSError:
        sha = None
    notes = _null_str(data.get("notes"))
    return GoldRecord(path, document, doc_path, tables, notes, sha)


def load_gold(gold_dir: str | Path, root: str | Path | None = None) -> list[GoldRecord]:
    """Read every ``*.yaml``/``*.yml`` gold record of ``gold_dir`` (sorted by file name).

    ``root`` is what the records' ``document`` paths are relative to (default: the nearest
    folder above ``gold_dir`` that holds a ``pyproject.toml``, else ``gold_dir/../..``).
    Raises ValueError on a malformed record (unknown table or column, ...).
    """
    gold_dir = Path(gold_dir)
    if root is None:
        ancestors = gold_dir.resolve().parents
        root = next((a for a in ancestors if (a / "pyproject.toml").exists()), gold_dir.resolve().parent.parent)
    root = Path(root)
    files = sorted(p for p in gold_dir.iterdir()
                   if p.is_file() and p.suffix in (".yaml", ".yml"))
    return [_parse_gold(p, root) for p in files]


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
        sha, doc_id = _native(row.get("sha256")), _native(row.get("document_id"))
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
                doc_id = _native(row.get("document_id"))
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


# --------------------------------------------------------------------------- formatting

def _f(x: float | None) -> str:
    return "    -" if x is None else f"{x:5.3f}"


_HEAD = f"{'':28}{'tp':>6}{'fp':>6}{'fn':>6}  {'prec':>5}  {'rec':>5}  {'f1':>5}"


def _prf_line(label: str, s: PRF, extra: str = "") -> str:
    return (f"{label:28.28}{s.tp:6d}{s.fp:6d}{s.fn:6d}  {_f(s.precision)}  {_f(s.recall)}"
            f"  {_f(s.f1)}{extra}")


def _show(v: Any) -> str:
    if isinstance(v, str):
        return repr(v)
    if isinstance(v, list):
        return "[" + ", ".join(_show(x) for x in v) + "]"
    return "null" if v is None else str(v)


def _show_key(key: dict[str, Any]) -> str:
    return "(" + ", ".join(_show(v) for v in key.values()) + ")" if key else "(row)"


def _show_row(row: dict[str, Any] | None, skip: Iterable[str]) -> str:
    skip = set(skip)
    return ", ".join(f"{k}={_show(v)}" for k, v in (row or {}).items()
                     if k not in skip and v is not None)


def _issue_lines(table: str, s: TableScore) -> list[str]:
    spec = TABLES[table]
    lines = [f"    {table}: key tp={s.key.tp} fp={s.key.fp} fn={s.key.fn}"]
    for i in s.issues:
        if i.kind == "field":
            lines.append(f"      field    {i.field} @ {_show_key(i.key)}: "
                         f"gold={_show(i.gold)} pred={_show(i.pred)}")
        else:
            rest = _show_row(i.row, spec.key)
            lines.append(f"      {i.kind:8} {_show_key(i.key)}" + (f"  {rest}" if rest else ""))
    return lines


def format_report(report: Report, by_document: bool = False) -> str:
    """Fixed-width text: per table the key P/R/F1, per field P/R/F1 (+ accuracy over the
    paired rows), the sub-scores; with ``by_document``, every non-perfect document table
    with its missing/extra rows and differing fields."""
    out: list[str] = []
    n = len(report.documents)
    miss = report.missing_documents
    out.append(f"Gold files: {n}   curated: {report.curated_dir}   "
               f"documents missing from curated output: {len(miss)}")
    for d in miss:
        out.append(f"  MISSING  {d.gold_path} -> {d.document}: {d.missing_reason}")
    for t in report.missing_tables:
        out.append(f"  MISSING TABLE  {t}.parquet (all its gold rows count as fn)")
    for table, s in report.tables.items():
        spec = TABLES[table]
        out.append("")
        keydesc = ", ".join(spec.key) if spec.key else "one row per document"
        out.append(f"== {table}  ({s.documents} documents; key: {keydesc})")
        out.append(_HEAD + "    acc")
        out.append(_prf_line("KEY", s.key))
        for name, fs in s.fields.items():
            out.append(_prf_line("  " + name, fs, f"  {_f(fs.accuracy)}"))
        if s.sub:
            out.append("  sub-scores")
            for name, sub in s.sub.items():
                if isinstance(sub, PRF):
                    out.append(_prf_line("    " + name, sub))
                else:
                    out.append(f"{'    ' + name:28.28}{sub.hits:>6d}/{sub.total:<6d}"
                               f"{'':28}{_f(sub.rate)}")
    if by_document:
        out.append("")
        out.append("== per document (tables that are not perfect)")
        for d in report.documents:
            bad = {t: s for t, s in d.tables.items() if not s.perfect}
            if not bad:
                continue
            ident = d.document_id or "not in curated output"
            out.append(f"  {Path(d.gold_path).name}  {d.document}  [{ident}]")
            for t, s in bad.items():
                out.extend(_issue_lines(t, s))
    return "\n".join(out) + "\n"


__all__ = [
    "TABLES", "TableSpec", "PRF", "FieldScore", "Ratio", "Issue", "TableScore",
    "GoldRecord", "DocumentResult", "Report",
    "score_table", "load_gold", "score_dir", "format_report",
]

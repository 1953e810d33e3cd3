"""What the scored tables are and when two values are the same (see :mod:`extract.score` for the rules:
pairing by key, equality by column kind, conditions and contexts compared as words)."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

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
COMMON_COLUMNS = frozenset({"document_id", "nct_id", "evidence", "char_start", "char_end"})
NULL_WORDS = frozenset({"", "~", "null", "none"})
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


def native(v: Any) -> Any:
    """Plain Python value (no numpy/pyarrow/pandas scalars); nulls become None."""
    if _is_null(v):
        return None
    if isinstance(v, (str, bool, int, float, date)) and not hasattr(v, "to_pydatetime"):
        return v
    if isinstance(v, (list, tuple)):
        return [native(x) for x in v]
    if hasattr(v, "as_py"):  # pyarrow scalar
        return native(v.as_py())
    if hasattr(v, "to_pydatetime"):  # pandas Timestamp
        return v.to_pydatetime()
    if hasattr(v, "tolist"):  # numpy scalar or array
        return native(v.tolist())
    return v


def display(v: Any) -> Any:
    """JSON-friendly form of a value, for reports."""
    v = native(v)
    if isinstance(v, datetime):
        return v.date().isoformat() if v.time() == datetime.min.time() else v.isoformat()
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, list):
        return [display(x) for x in v]
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


def comparison_form(kind: str, v: Any) -> Any:
    """The comparison form of a value of a column kind; None for null."""
    v = native(v)
    if v is None:
        return None
    if kind in (SET, LIST):
        items = v if isinstance(v, list) else [v]
        out = [str(display(x)).strip() for x in items if native(x) is not None]
        out = [x for x in out if x]
        if not out:
            return None
        return frozenset(out) if kind == SET else tuple(out)
    if kind in (FLOAT, INT):
        if isinstance(v, str) and v.strip().lower() in NULL_WORDS:
            return None
        return _to_float(v)
    if kind == BOOL:
        if isinstance(v, str):
            s = v.strip().lower()
            if s in NULL_WORDS:
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
    s = normalize_text(str(display(v))).strip()
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


def same(kind: str, a: Any, b: Any) -> bool:
    """Agreement of two normalized values, null included (both null agree)."""
    if a is None or b is None:
        return a is None and b is None
    return _equal(kind, a, b)



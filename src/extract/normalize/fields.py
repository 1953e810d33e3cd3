"""Trial-level field values -> CONTRACT enums and numbers (vocabularies in rules/values.yaml)."""
from __future__ import annotations

import re
from functools import lru_cache

from .. import ruledata


@lru_cache(maxsize=1)
def _vocab() -> dict[str, list[tuple[re.Pattern, object, str]]]:
    out: dict[str, list] = {}
    for r in ruledata.load("values.yaml", required=["field", "pattern"]):
        out.setdefault(r["field"], []).append((re.compile(r["pattern"], re.I), r["value"], r["id"]))
    return out


def vocab_value(field: str, value: str):
    """The normalized value of ``value`` for ``field``, or None. Returns (value, rule_id, match)."""
    for pat, norm, rid in _vocab().get(field, ()):
        m = pat.search(value)
        if m:
            return norm, rid, m
    return None


# weeks: 52.1429 per year (365/7, as registries convert); days: 365.25 per year
_UNIT_YEARS = {"year": 1.0, "yr": 1.0, "month": 1 / 12, "mo": 1 / 12, "week": 1 / 52.1429, "wk": 1 / 52.1429, "day": 1 / 365.25}
_AGE = re.compile(r"(?P<n>\d{1,3}(?:\.\d+)?)\s*(?P<u>years?|yrs?|months?|mos?|weeks?|wks?|days?)?\b", re.I)
_AGE_RANGE = re.compile(
    r"(?P<a>\d{1,3}(?:\.\d+)?)\s*(?P<ua>years?|yrs?|months?|weeks?|days?)?\s*(?:to|-|–|and)\s*"
    r"(?P<b>\d{1,3}(?:\.\d+)?)\s*(?P<ub>years?|yrs?|months?|weeks?|days?)?",
    re.I,
)
_OPEN_UP = re.compile(r"(?:and|or)\s+(?:older|over|above)|\+|or more|and up|minimum|at least|older than|over|≥|>=|>", re.I)
_OPEN_DOWN = re.compile(r"up to|under|younger than|below|maximum|at most|≤|<=|<|or younger|and under", re.I)


def _years(n: str, unit: str | None) -> float:
    u = (unit or "year").lower().rstrip("s")
    for k, f in _UNIT_YEARS.items():
        if u.startswith(k):
            return round(float(n) * f, 10)
    return float(n)


def parse_age(value: str) -> float | None:
    """"18 Years" -> 18.0, "6 Months" -> 0.5; None for "N/A", "No limit"."""
    m = _AGE.search(value)
    if not m:
        return None
    return _years(m.group("n"), m.group("u"))


def parse_age_range(value: str) -> tuple[float | None, float | None]:
    """"18 Years to 75 Years", "18-75 years", "18 years and older", "up to 65 years"."""
    m = _AGE_RANGE.search(value)
    if m and (m.group("ua") or m.group("ub") or 0 < float(m.group("a")) < float(m.group("b")) <= 120):
        ub = m.group("ub") or m.group("ua")
        ua = m.group("ua") or ub
        return _years(m.group("a"), ua), _years(m.group("b"), ub)
    m = _AGE.search(value)
    if not m:
        return None, None
    age = _years(m.group("n"), m.group("u"))
    before, after = value[: m.start()], value[m.end():]
    if _OPEN_DOWN.search(before) or re.match(r"\s*(?:or younger|and younger|and under|or under)", after, re.I):
        return None, age
    return age, None


# thousands grouped with commas, or with a (thin, no-break) space as French and German write it ("1 200")
_ENROLL = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![ \u00a0\u202f]?[\d.,])|\d+)(?![\d.])")


def parse_enrollment(value: str) -> tuple[int, re.Match] | None:
    m = _ENROLL.search(value)
    if not m:
        return None
    n = int(re.sub(r"[, \u00a0\u202f]", "", m.group(1)))
    return (n, m) if n < 10_000_000 else None

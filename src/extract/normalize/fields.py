"""Trial-level field values -> CONTRACT enums and numbers (vocabularies in rules/values.yaml)."""
from __future__ import annotations

import re

from ..context import langgate
from ..pageindex import Triggered, odd_folds, required_words
from .numbers import number_pattern, read_number


class _Vocab:
    """values.yaml's rows per field, those that apply on pages holding ``langs`` (None: every
    row; :mod:`extract.context.langgate`), in file order."""

    def __init__(self, langs: frozenset[str] | None = None) -> None:
        self.rows: dict[str, list[tuple[re.Pattern, object, str]]] = {}
        if langs is None:
            for r in langgate.load("values.yaml", None, ["field", "pattern"]):
                self.rows.setdefault(r["field"], []).append((re.compile(r["pattern"], re.I), r["value"], r["id"]))
        else:  # every row's pattern is compiled once: a set of languages keeps its rows
            keep = {r["id"] for r in langgate.load("values.yaml", langs, ["field", "pattern"])}
            for field, rows in VOCAB.compiled(None).rows.items():
                self.rows[field] = [row for row in rows if row[2] in keep]
        self._gates: dict[str, tuple] = {}
        self._triggered: dict[str, tuple[Triggered, ...]] = {}

    def gates(self, field: str) -> tuple[tuple[tuple[str, ...], frozenset[str]] | None, ...]:
        """Each of ``field``'s rows: its :func:`~extract.pageindex.required_words` and the letters a
        case-insensitive match may read where the lower-cased value shows other ones; or None."""
        g = self._gates.get(field)
        if g is None:
            words = (required_words(p) for p, _, _ in self.rows.get(field, ()))
            g = self._gates[field] = tuple(ws and (ws, frozenset(odd_folds(ws))) for ws in words)
        return g

    def triggered(self, field: str) -> tuple[Triggered, ...]:
        """``field``'s patterns, each with the words every match of it holds (:class:`Triggered`)."""
        t = self._triggered.get(field)
        if t is None:
            t = self._triggered[field] = tuple(Triggered(p) for p, _, _ in self.rows.get(field, ()))
        return t


VOCAB = langgate.Gated(_Vocab, "values.yaml")  # the rows of the page being read: VOCAB.rules()


def _vocab() -> dict[str, list[tuple[re.Pattern, object, str]]]:
    return VOCAB.compiled(None).rows


def vocab_value(field: str, value: str):
    """The normalized value of ``value`` for ``field``, or None. Returns (value, rule_id, match).
    A row none of whose required words the value holds is not searched (it cannot match: a
    language's rows cost a few substring tests on a value in another language), nor a row of a
    language the page does not hold."""
    V = VOCAB.rules()
    low, chars = value.lower(), frozenset(value)
    for (pat, norm, rid), gate in zip(V.rows.get(field, ()), V.gates(field)):
        if gate and chars.isdisjoint(gate[1]) and not any(w in low for w in gate[0]):
            continue
        m = pat.search(value)
        if m:
            return norm, rid, m
    return None


def vocab_pattern(field: str) -> re.Pattern:
    """The patterns of ``field``'s rows in values.yaml as one (a language may add a row of its own)."""
    pats = [p.pattern for p, _, _ in _vocab()[field]]
    return re.compile(pats[0] if len(pats) == 1 else "|".join(f"(?:{p})" for p in pats), re.I)


# an age, an age range, the words that make one age an upper bound, the unit words (values.yaml)
_AGE = vocab_pattern("age_value")
_AGE_RANGE = vocab_pattern("age_range_shape")
_UPPER_BEFORE = vocab_pattern("age_upper_before")
_UPPER_AFTER = vocab_pattern("age_upper_after")
_UNIT_YEARS = tuple((pat, 1 / float(per_year)) for pat, per_year, _ in _vocab()["age_unit"])


def _years(n: str, unit: str | None) -> float:
    u = (unit or "year").lower().rstrip("s")
    for pat, f in _UNIT_YEARS:
        if pat.search(u):
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
    if _UPPER_BEFORE.search(before) or _UPPER_AFTER.search(after):
        return None, age
    return age, None


# a count: thousands grouped with commas, (thin, no-break) spaces or full stops ("1,200", "1 200",
# "circa 1.800 pazienti"; a comma after the figure that is no decimal comma ends it: "1.200, în 14 centre"):
# the count rows of number_shapes.yaml; else plain digits
_ENROLL = re.compile(rf"(?<![\d.])({number_pattern('count')}|\d+)(?![\d.])")


def parse_enrollment(value: str) -> tuple[int, re.Match] | None:
    m = _ENROLL.search(value)
    if not m:
        return None
    n = int(read_number(m.group(1), "count"))
    return (n, m) if n < 10_000_000 else None

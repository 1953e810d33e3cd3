"""HER2 categories: ASCO/CAP 2018/2023 scoring of IHC scores and ISH results (pure).

The scoring table lives in ``rules/her2_ascocap.yaml``; this module only applies it:

* :func:`normalize_score` turns a written IHC score ("3+", "3 +", "+++", "(++)", "IHC 0") into
  one of ``0``, ``1+``, ``2+``, ``3+``; :func:`expand_at_least` / :func:`expand_range` give the
  scores a bound allows ("IHC ≥ 1+" allows 1+, 2+ and 3+);
* :func:`ish_from_measure` reads an ISH measure and its bound ("HER2/CEP17 ratio ≥ 2.0",
  "≥ 6 signals/cell") as an ISH result;
* :func:`alternative_status` gives the status of one alternative of a definition (IHC 3+ is
  POSITIVE, IHC 2+ with ISH+ POSITIVE, 2+ with ISH- LOW, IHC 1+ LOW, IHC 0 with faint staining
  ULTRALOW, IHC 0 NEGATIVE, 2+ alone EQUIVOCAL, "≥ 1+" EXPRESSING);
* :func:`combine_statuses` gives the statuses a whole definition states: "IHC 3+ or 2+/ISH+"
  is POSITIVE; "IHC 1+ or 2+/ISH-" LOW; a composite allowing positive or low gives both; a
  bare 2+ next to other scores ("IHC 1+, 2+ or 3+") means any expression (EXPRESSING); IHC 0
  with 1+ (and 2+/ISH-) is the classic HER2-negative; a definition allowing every status
  states no requirement.

Nothing here sees spaCy objects or text offsets.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extract.ruledata import load

SCORES = ("0", "1+", "2+", "3+")
STATUSES = ("POSITIVE", "LOW", "ULTRALOW", "NEGATIVE", "EQUIVOCAL", "EXPRESSING", "AMPLIFIED", "MUTANT")
ISH_RESULTS = ("POSITIVE", "NEGATIVE")

_SCORE_RE = re.compile(r"([0-3])\s*\+|(\+{1,3})|(?<![\d.])([0-3])(?![\d.])")


def normalize_score(surface: str) -> str | None:
    """The IHC score written in ``surface`` ("IHC3+", "3 +", "(+++)", "++", "IHC 0"), or None."""
    m = _SCORE_RE.search(surface)
    if not m:
        return None
    if m.group(1):
        return "0" if m.group(1) == "0" else f"{m.group(1)}+"  # "IHC 0+" is IHC 0
    if m.group(2):
        n = len(m.group(2))
        return f"{n}+" if n >= 2 else None  # a single "+" is a sign, not a score
    return "0" if m.group(3) == "0" else None


def scores_in(surface: str) -> list[str]:
    """Every IHC score written in ``surface``, in order ("1+ to 3+" gives 1+, 3+)."""
    out: list[str] = []
    for m in _SCORE_RE.finditer(surface):
        s = normalize_score(m.group(0))
        if s and s not in out:
            out.append(s)
    return out


def expand_at_least(score: str) -> list[str]:
    """Scores allowed by "IHC ≥ score": ``expand_at_least("1+") == ["1+", "2+", "3+"]``."""
    return list(SCORES[SCORES.index(score):])


def expand_range(low: str, high: str) -> list[str]:
    """Scores of a range "low to high": ``expand_range("1+", "3+") == ["1+", "2+", "3+"]``."""
    a, b = sorted((SCORES.index(low), SCORES.index(high)))
    return list(SCORES[a : b + 1])


@lru_cache(maxsize=1)
def _thresholds() -> tuple[dict, ...]:
    return tuple(load("her2_ascocap.yaml", required=["measure", "op", "value", "ish"], key="ish_thresholds"))


@lru_cache(maxsize=1)
def _alternatives() -> tuple[dict, ...]:
    return tuple(load("her2_ascocap.yaml", required=["ihc", "ish", "status"], key="alternatives"))


def ish_from_measure(measure: str, op: str | None, value: float) -> str | None:
    """ISH result of a bound on an ISH measure (``ratio`` or ``signals`` per cell).

    The bound is read as written: ``("ratio", ">=", 2.0)`` is POSITIVE, ``("ratio", "<",
    2.0)`` NEGATIVE, ``("signals", ">=", 6)`` POSITIVE, ``("signals", "<", 4)`` NEGATIVE. A
    value without comparator is read as a lower bound (">= value"). A bound that ASCO/CAP does
    not settle (e.g. 4 to 6 signals per cell) gives None.
    """
    op = op or ">="
    lower = op in (">=", ">", "=")
    for row in _thresholds():
        if row["measure"] != measure:
            continue
        t = float(row["value"])
        if row["op"] == ">=" and lower and value >= t:
            return row["ish"]
        if row["op"] == "<" and not lower and value <= t:
            return row["ish"]
    return None


@dataclass(frozen=True)
class Alternative:
    """One alternative of a HER2 definition: an IHC score (or none) with its qualifiers."""

    ihc: str | None = None  # 0, 1+, 2+, 3+ or None (an ISH result alone)
    ish: str | None = None  # POSITIVE, NEGATIVE or None
    faint: bool = False  # IHC 0 with faint/incomplete staining (HER2-ultralow)
    at_least: bool = False  # the score is a lower bound ("IHC ≥ 1+", "1+ to 3+")

    def scores(self) -> list[str]:
        if self.ihc is None:
            return []
        return expand_at_least(self.ihc) if self.at_least else [self.ihc]


def _field_ok(rule_value, value) -> bool:
    if rule_value == "any":
        return True
    if rule_value == "none":
        return value is None
    return str(rule_value) == str(value)


def alternative_status(alt: Alternative) -> str | None:
    """ASCO/CAP status of one alternative (see ``rules/her2_ascocap.yaml``), or None."""
    for row in _alternatives():
        if bool(row.get("at_least")) != alt.at_least:
            continue
        if row.get("faint") and not alt.faint:
            continue
        if _field_ok(row["ihc"], alt.ihc) and _field_ok(row["ish"], alt.ish):
            return row["status"]
    return None


def combine_statuses(statuses: list[str | None]) -> list[str]:
    """Statuses a whole definition states, from the statuses of its alternatives.

    >>> combine_statuses(["POSITIVE", "POSITIVE"])            # IHC 3+ or 2+/ISH+
    ['POSITIVE']
    >>> combine_statuses(["POSITIVE", "POSITIVE", "LOW"])     # IHC 3+, 2+/ISH+ or 1+
    ['POSITIVE', 'LOW']
    >>> combine_statuses(["LOW", "EQUIVOCAL", "POSITIVE"])    # IHC 1+, 2+ or 3+
    ['EXPRESSING']
    >>> combine_statuses(["NEGATIVE", "LOW", "LOW"])          # IHC 0, 1+ or 2+/ISH-
    ['NEGATIVE']
    """
    s = [x for x in statuses if x]
    seen: list[str] = []
    for x in s:
        if x not in seen:
            seen.append(x)
    if not seen:
        return []
    u = set(seen)
    if len(u) == 1:
        return seen
    if "POSITIVE" in u and "NEGATIVE" in u:
        return []  # every status allowed: no requirement
    if "EXPRESSING" in u or "EQUIVOCAL" in u:
        return ["EXPRESSING"]
    if "NEGATIVE" in u:
        return ["NEGATIVE"]  # IHC 0 with 1+ (and 2+/ISH-): the classic HER2-negative
    return [x for x in STATUSES if x in u]


def status_of_alternatives(alts: list[Alternative]) -> list[tuple[str, list[Alternative]]]:
    """Statuses of a definition with, for each, the alternatives that support it.

    An alternative whose own status is not among the combined statuses (e.g. the 2+ of
    "IHC 1+, 2+ or 3+", read as EXPRESSING) supports every combined status.
    """
    own = [alternative_status(a) for a in alts]
    combined = combine_statuses(own)
    out = []
    for st in combined:
        support = [a for a, o in zip(alts, own) if o == st or o not in combined]
        out.append((st, support))
    return out


def ihc_scores_of(alts: list[Alternative]) -> list[str]:
    """IHC scores named by the alternatives, in written order, bounds expanded."""
    out: list[str] = []
    for a in alts:
        for s in a.scores():
            if s not in out:
                out.append(s)
    return out


def ish_of(alts: list[Alternative]) -> str | None:
    """The ISH result the alternatives agree on (those that state one), else None."""
    vals = {a.ish for a in alts if a.ish}
    return vals.pop() if len(vals) == 1 else None


def collapse_explicit(statuses: list[str]) -> list[str]:
    """Statuses stated by words, as one requirement.

    "overexpression or amplification" is HER2-positive (ASCO/CAP: amplification is how
    positivity is shown), so POSITIVE absorbs AMPLIFIED; "positive or negative" allows every
    status, so it states none; EXPRESSING next to a specific status is dropped only when it is
    the weak reading of the same mention (the caller decides that).
    """
    u: list[str] = []
    for s in statuses:
        if s not in u:
            u.append(s)
    if "POSITIVE" in u and "NEGATIVE" in u:
        return []
    if "POSITIVE" in u and "AMPLIFIED" in u:
        u.remove("AMPLIFIED")
    return u

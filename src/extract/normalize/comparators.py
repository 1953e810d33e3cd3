"""Comparators of numeric bounds: symbols, escaped symbols and words -> ``>=``, ``>``, ``<=``, ``<``, ``=``.

The table lives in ``rules/lab_comparators.yaml``; this module only compiles it. Each rule has a
``position``: ``prefix`` ("≥ 1.5", "at least 1.5", "\\>= 1.5", "=\\< 1.5"), ``postfix``
("1,500/mm3 or more"), ``range_open`` ("between", "from") and ``range_sep`` ("and", "to", "-").

``PREFIX``, ``POSTFIX``, ``RANGE_OPEN`` and ``RANGE_SEP`` are regex fragments without capture
groups, for embedding in larger patterns; :func:`comparator_rule` maps a matched surface back to
its operator and rule id. The comparator is reported as written: nothing here inverts it.
"""
from __future__ import annotations

import re
from functools import lru_cache

from extract.ruledata import load

OPS = (">=", ">", "<=", "<", "=")
RANGE_OPS = (">=", "<=")  # a range gives two rows, both ends inclusive

_RULES = load("lab_comparators.yaml", required=["id", "position", "pattern"])


def _wrapped(rule: dict) -> str:
    pat = rule["pattern"]
    if rule.get("word"):
        # word comparators: not inside a word ("overall", "underlying"); a digit may follow
        return rf"(?<![\w])(?:{pat})(?![A-Za-z])"
    return f"(?:{pat})"


def _by_position(position: str) -> list[dict]:
    rows = [r for r in _RULES if r["position"] == position]
    # longer patterns first: "greater than or equal to" before "greater than", ">=" before ">"
    return sorted(rows, key=lambda r: -len(r["pattern"]))


def branches(position: str) -> list[str]:
    """The wrapped patterns of one position, longest first (the branches of its alternation)."""
    return [_wrapped(r) for r in _by_position(position)]


def _alternation(position: str) -> str:
    return "(?:" + "|".join(branches(position)) + ")"


PREFIX = _alternation("prefix")
POSTFIX = _alternation("postfix")
RANGE_OPEN = _alternation("range_open")
RANGE_SEP = _alternation("range_sep")

_COMPILED = {
    pos: [(re.compile(_wrapped(r)), r["op"], r["id"]) for r in _by_position(pos)]
    for pos in ("prefix", "postfix")
}


@lru_cache(maxsize=4096)
def comparator_rule(surface: str, position: str = "prefix") -> tuple[str, str] | None:
    """(operator, rule id) of a comparator surface as written, or None when it is not one."""
    s = " ".join(surface.split())
    for rx, op, rid in _COMPILED[position]:
        if rx.fullmatch(s):
            return op, rid
    return None


def normalize_comparator(surface: str) -> str | None:
    """``"\\>="`` -> ``">="``, ``"no more than"`` -> ``"<="``, ``"below"`` -> ``"<"``; None if unknown."""
    hit = comparator_rule(surface, "prefix") or comparator_rule(surface, "postfix")
    return hit[0] if hit else None


"""Phase phrases -> ClinicalTrials.gov API v2 phase enums, in enum order.

"Phase 1 Phase 2", "Phase I/II", "PHASE1/PHASE2", "Phase 1b/2" -> [PHASE1, PHASE2];
"Phase Ia/Ib" -> [PHASE1]; "Early Phase 1" -> [EARLY_PHASE1]; "N/A", "Not Applicable" -> [NA].
"""
from __future__ import annotations

import re

from .. import ruledata

ORDER = ("EARLY_PHASE1", "PHASE1", "PHASE2", "PHASE3", "PHASE4", "NA")
_NUM = r"(?:[1-4]|iv|i{1,3})(?:[ab])?(?![\w])"


def _part(part: str) -> str:
    """The patterns of values.yaml phase_words rows of one ``part`` as one alternation."""
    rows = ruledata.load("values.yaml", required=["part", "pattern"], key="phase_words")
    return "(?:" + ("|".join(f"(?:{r['pattern']})" for r in rows if r["part"] == part) or "(?!)") + ")"


_PHASE, _SEP = _part("phase"), rf"(?:\s*[/&,+-]\s*|\s+{_part('join')}\s+|\s*_?)"
PHASE_RE = re.compile(
    rf"\b(?P<early>{_part('early')}[ _]?{_PHASE}[ _]?(?:1|i)(?![\w]))"
    rf"|\b{_PHASE}[ _]?(?P<nums>{_NUM}(?:{_SEP}(?:{_PHASE}[ _]?)?{_NUM})*)"
    rf"|(?P<na>{_part('na')})",
    re.I,
)
_ONE = re.compile(r"(iv|i{1,3}|[1-4])", re.I)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def _num(tok: str) -> int:
    tok = tok.lower()
    return int(tok) if tok.isdigit() else _ROMAN[tok]


def phases_in(text: str) -> list[str]:
    """All phases named in ``text`` (a field value or a title), in enum order."""
    found: set[str] = set()
    for m in PHASE_RE.finditer(text):
        if m.group("early"):
            found.add("EARLY_PHASE1")
        elif m.group("na"):
            found.add("NA")
        else:
            for tok in re.split(r"[^0-9ivIV]+|(?<=[0-9iI])[abAB]", re.sub(r"(?i)phase", " ", m.group("nums"))):
                for t in _ONE.findall(tok):
                    found.add(f"PHASE{_num(t)}")
    return [p for p in ORDER if p in found]


def phase_spans(text: str):
    """Yield (start, end, phases) for every phase mention in ``text``."""
    for m in PHASE_RE.finditer(text):
        ph = phases_in(m.group(0))
        if ph:
            yield m.start(), m.end(), ph

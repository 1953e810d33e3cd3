"""Eligibility tables of two columns: a header row naming an inclusion and an exclusion column
("| Inclusion criteria | Exclusion criteria |"), then rows whose cells sit in those columns.
A row's cell is a criterion of its column's type, whichever list the layout put the row in."""
from __future__ import annotations

import re

from ..model import EXCLUSION, INCLUSION
from .cues import Cues

_RULE = re.compile(r"[ \t|:\-–=+]*")  # a table's rule line ("|---|---|")
_MAX_ROWS = 40  # how far above a row its header may stand


def cells(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """The cells of line ``text[a:b]`` split at "|" (a leading and a trailing pipe open and
    close the row), each without its padding; [] for a line with no pipe."""
    if "|" not in text[a:b]:
        return []
    bounds, pos = [], a
    for k in range(a, b):
        if text[k] == "|":
            bounds.append((pos, k))
            pos = k + 1
    bounds.append((pos, b))
    if not text[bounds[0][0]:bounds[0][1]].strip():
        bounds = bounds[1:]
    if bounds and not text[bounds[-1][0]:bounds[-1][1]].strip():
        bounds = bounds[:-1]
    out = []
    for s, e in bounds:
        while s < e and text[s] in " \t*_":
            s += 1
        while e > s and text[e - 1] in " \t*_":
            e -= 1
        out.append((s, e))
    return out


def header_types(C: Cues, text: str, a: int, b: int) -> list[str | None] | None:
    """The criterion type each column of a header row names, when the row names both types
    (one eligibility cue a cell); None for any other line."""
    found: list[str | None] = []
    for s, e in cells(text, a, b):
        kinds = [EXCLUSION if m.group("exc") else INCLUSION for m in C.elig_cue.finditer(text, s, e)]
        if len(kinds) > 1:
            return None
        found.append(kinds[0] if kinds else None)
    return found if {INCLUSION, EXCLUSION} <= set(found) else None


def row_cells(C: Cues, text: str, lines: list[tuple[int, int]], i: int) -> list[tuple[int, int, str]] | None:
    """(start, end, type) of each non-empty cell of table row ``i`` under a two-column
    eligibility header (only table rows, rule lines and blank lines between them); None when
    line ``i`` is no such row."""
    row = cells(text, *lines[i])
    if len(row) < 2:
        return None
    j = i - 1
    while j >= 0 and i - j <= _MAX_ROWS:
        a, b = lines[j]
        types = header_types(C, text, a, b)
        if types is not None:
            if len(types) != len(row):
                return None
            return [(s, e, t) for (s, e), t in zip(row, types) if t is not None and e > s]
        if "|" not in text[a:b] and text[a:b].strip():
            return None
        if _RULE.fullmatch(text, a, b) is None and len(cells(text, a, b)) != len(row):
            return None
        j -= 1
    return None

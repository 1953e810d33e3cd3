"""Values in tables ("| Phase | Status |" rows), column grids and label-stripped status blocks."""
from __future__ import annotations

import re

from ...model import Fact, Layout
from .base import Rules, lines_in, next_nonempty_line, strip_cell, value_facts, line_bounds


_SEPARATOR_ROW = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def table_facts(text: str, layout: Layout, R: Rules) -> list[Fact]:
    out: list[Fact] = []
    if "|" not in text:
        return out
    for m in re.finditer(r"^[^\n]*\|[^\n]*\|[^\n]*\n(?:[ \t]*\|?[ \t]*:?-{3,}[^\n]*$)?", text, re.M):
        header_s, header_e = line_bounds(text, m.start())
        cells = [c.strip() for c in text[header_s:header_e].strip().strip("|").split("|")]
        wanted = {}
        for i, c in enumerate(cells):
            hit = R.label_field.get(c.lower())
            if hit and hit[0] in ("phases", "overall_status", "study_type", "enrollment"):
                wanted[i] = hit
        if not wanted:
            continue
        # the data row may span several lines; take text up to the row's last pipe
        row_s = m.end()
        if row_s >= len(text):
            continue
        if text[row_s - 1] != "\n":
            row_s += 1
        row_end = row_s
        pipes = 0
        while row_end < len(text) and pipes < len(cells):
            ch = text[row_end]
            if ch == "|":
                pipes += 1
            row_end += 1
        bounds, p = [], row_s
        for i in range(len(cells)):
            q = text.find("|", p, row_end)
            q = row_end if q == -1 else q
            bounds.append((p, q))
            p = q + 1
        for i, (field, rid, _prio) in wanted.items():
            if i < len(bounds):
                s, e = strip_cell(text, *bounds[i])
                if e > s:
                    out.extend(value_facts(text, field, rid + ".table", s, e, header_s, row_end, None, None))
    return out


# ------------------------------------------------------------------- column grids
_GRID_CELL = re.compile(r"(?:^|(?<=   ))\S(?:[^ ]| (?! ))*", re.M)


def grid_facts(text: str, layout: Layout, R: Rules) -> list[Fact]:
    """Labels side by side in columns, values below them at the same columns:

        Submission date        Recruitment status
        24/02/2022             No longer recruiting
    """
    if "   " not in text:
        return []
    out: list[Fact] = []
    for ls, le in lines_in(text, 0, len(text)):
        line = text[ls:le]
        if "   " not in line.strip():
            continue
        cells = [(m.start(), m.end()) for m in _GRID_CELL.finditer(line)]
        labels = [(s, e, R.label_field.get(line[s:e].lower())) for s, e in cells]
        if len(cells) < 2 or not any(f for *_, f in labels):
            continue
        nxt = next_nonempty_line(text, le, 1)
        if not nxt:
            continue
        below = text[nxt[0]:nxt[1]]
        vcells = [(m.start(), m.end()) for m in _GRID_CELL.finditer(below)]
        for s, e, hit in labels:
            if not hit:
                continue
            val = next(((vs, ve) for vs, ve in vcells if abs(vs - s) <= 2), None)
            if val is None:
                continue
            field, rid, prio = hit
            for f in value_facts(text, field, rid + ".grid", nxt[0] + val[0], nxt[0] + val[1], ls, nxt[1], None, None):
                f.attrs["priority"] = prio
                out.append(f)
    return out


# --------------------------------------------------------------------------- shapes
def shape_facts(text: str, layout: Layout, R: Rules) -> list[Fact]:
    """Values recognised by shape and order in a label-stripped status block / eligibility tail."""
    from ...layout import rules as layout_rules

    out: list[Fact] = []
    stripped = layout.name in layout_rules().stripped_layouts
    for sec in layout.sections:
        if sec.name == "status" and stripped:
            dates: list[tuple[int, int]] = []
            for ls, le in lines_in(text, sec.start, sec.end):
                line = text[ls:le].strip()
                for rid, field, pat in R.shapes:
                    if field.startswith("elig:"):
                        continue
                    mm = pat.fullmatch(line)
                    if not mm:
                        continue
                    s = ls + (len(text[ls:le]) - len(text[ls:le].lstrip()))
                    e = s + len(line)
                    if field == "date":
                        dates.append((s, e))
                    else:
                        out.extend(value_facts(text, field, rid, s, e, s, e, None, None))
                    break
            order = R.date_orders.get(len(dates))
            if order:
                for (s, e), dtype in zip(dates, order):
                    out.extend(value_facts(text, "date:" + dtype, "shape.date_order", s, e, s, e, None, None))
        elif sec.name == "eligibility" and sec.rule_id == "shape.elig_fields":
            ages = []
            for ls, le in lines_in(text, sec.start, sec.end):
                line = text[ls:le].strip()
                for rid, field, pat in R.shapes:
                    if not field.startswith("elig:") or not pat.fullmatch(line):
                        continue
                    f = field[5:]
                    if f == "age":
                        ages.append((ls, le, rid))
                    else:
                        out.extend(value_facts(text, f, rid, ls, le, ls, le, None, None))
                    break
            if len(ages) == 1:
                out.extend(value_facts(text, "age_range", ages[0][2], ages[0][0], ages[0][1], ages[0][0], ages[0][1], None, None))
            elif len(ages) >= 2:
                for (ls, le, rid), f in zip(ages[:2], ("min_age_years", "max_age_years")):
                    out.extend(value_facts(text, f, rid, ls, le, ls, le, None, None))
    return out


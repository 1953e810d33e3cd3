"""Where each HER2 mention of a page stands: the criteria lists and the units the shared
context layer cuts from the rest of the page (:class:`~extract.context.placement.Placement`)."""
from __future__ import annotations

import re
from bisect import bisect_left

from ...context import wrapped_span
from ...context.columns import row_cells
from ...context.cues import title_cut
from ...context.placement import Placement, minus
from ...model import Layout
from .frames import Row
from .reader import Reader
from .rules import Rules
from .verdicts import assay_of, merge_into, unit_rows


class Page:
    """The HER2 mentions of a page and where each stands: inside a criterion of the page's
    lists, or in the units the context layer places outside them (module docstring of the
    package, "Where rows come from"). Sections of the layout are evidence, never a gate."""

    def __init__(self, R: Rules, text: str, layout: Layout | None, extra: re.Pattern | None,
                 anchors: list[tuple[int, int]]):
        self.R, self.text, self.extra = R, text, extra
        open_units = bool(getattr(layout, "open_units", False))
        crits = list(layout.criteria) if layout and not open_units else []
        self.at = Placement(R.ctx, text, layout, crits)  # the context layer's placement
        self.crits = crits
        spans = list(anchors)  # the HER2 spellings of the page (one scan, shared)
        if extra is not None:
            spans += [(m.start(), m.end()) for m in extra.finditer(text)]
        self.anchors = sorted(spans)
        self.anchor_starts = [a for a, _ in self.anchors]

    def has_anchor(self, a: int, b: int) -> bool:
        """Whether ``text[a:b]`` holds a HER2 spelling."""
        k = bisect_left(self.anchor_starts, a)
        while k < len(self.anchors) and self.anchors[k][0] < b:
            if self.anchors[k][1] <= b:
                return True
            k += 1
        return False

    # -- criteria lists
    def criteria_rows(self) -> tuple[list[Row], list[tuple[int, int]]]:
        """Rows of the criteria lists (one unit each; a nested criterion that only defines its
        parent's status adds to the parent's row), and the labeled title lines found inside them."""
        R, text = self.R, self.text
        # an unmarked line the layout swept into a list after a title or condition label
        # ("Health Condition(s) or Problem(s) studied" / "HER2-positive gastric cancer") is
        # that label's value, not a criterion
        # and a criterion of an earlier protocol version ("Previous participant inclusion
        # criteria: 1. ...") is no requirement of the study as it stands
        self.crits = crits = [c for c in self.at.listed(self.crits)
                              if not (self.has_anchor(c.start, c.end) and
                                      (self.at.label_value(c.start) or self._superseded(c.start)))]
        self.at.crits = crits  # the page's body starts at the first criterion at the latest
        titled: list[tuple[int, int]] = []
        ends: list[int] = []
        for c in crits:
            cut, title = (c.end, None)
            if self.has_anchor(c.start, c.end):
                cut, title = title_cut(R.ctx, text, c.start, c.end)
            ends.append(cut)
            if title is not None:
                titled.append(title)
        anchored = [self.has_anchor(c.start, ue) for c, ue in zip(crits, ends)]
        ctypes = self.at.list_types(crits, anchored)
        rows_of: dict[int, list[Row]] = {}

        def ancestor(i: int) -> int | None:
            p, seen = crits[i].parent, 0
            while p is not None and 0 <= p < len(crits) and seen < 10:
                if anchored[p]:
                    return p
                p, seen = crits[p].parent, seen + 1
            return None

        ordered: list[Row] = []
        for i, c in enumerate(crits):
            anc = None if anchored[i] else ancestor(i)
            if not anchored[i] and anc is None:
                continue
            table = self._table_rows(c.start, ends[i])
            if table is not None:  # a row of a two-column eligibility table
                rows_of[i] = table
                ordered.extend(table)
                continue
            reader = Reader(R, text, c.start, ends[i], self.extra)
            rows = unit_rows(reader, ctypes[i], (c.start, c.end))
            target = anc if anc is not None else (ancestor(i) if c.parent is not None else None)
            orphan = reader.orphan_rows(ctypes[i], (c.start, c.end), specific_only=target is None)
            parent_rows = rows_of.get(target, []) if target is not None else []
            for row in orphan:
                hit = next((r for r in parent_rows if r.ctype == row.ctype and r.status == row.status), None)
                if hit is None:
                    merge_into(rows, row)
                    continue
                mine, theirs = assay_of(text, hit), assay_of(text, row)
                joined = f"{mine}; {theirs}" if mine and theirs and theirs.lower() not in mine.lower() else mine or theirs
                hit.merge(row, union_assay=False)
                hit.assay = joined
            rows_of[i] = rows
            ordered.extend(rows)
        return ordered, titled

    def _superseded(self, pos: int) -> bool:
        """A mention in a criterion of an earlier protocol version ("Previous participant
        inclusion criteria: 1. ...")."""
        ls = self.at.lines[self.at.line_at(pos)][0]
        first = self.anchors[bisect_left(self.anchor_starts, pos)][0]
        return self.R.ctx.superseded.search(self.text, ls, first) is not None

    def _table_rows(self, a: int, b: int) -> list[Row] | None:
        """Rows of ``text[a:b]`` when it is a row of a two-column eligibility table (module
        columns): each cell read with its column's type; None for any other text."""
        if "|" not in self.text[a:b]:
            return None
        got = row_cells(self.R.ctx, self.text, self.at.lines, self.at.line_at(a))
        if got is None:
            return None
        rows: list[Row] = []
        for s, e, ctype in got:
            s, e = max(s, a), min(e, b)
            if e > s and self.has_anchor(s, e):
                rows.extend(unit_rows(Reader(self.R, self.text, s, e, self.extra), ctype, (s, e)))
        return rows

    # -- everything else
    def free_units(self, titled: list[tuple[int, int]]):
        """(rank, start, end, kind, inherit) of the text outside the criteria lists that holds
        a HER2 mention, as the context layer places it (``Placement.units_of``); the title
        lines found inside the lists first."""
        for a, b in titled:
            yield 0, a, a, b, "title", False
        covered = sorted((c.start, c.end) for c in self.crits) + sorted(titled)
        seen_lines: set[int] = set()
        at = self.at
        for m in self.anchor_starts:
            i = at.line_at(m)
            if i in seen_lines:
                continue
            # a hard-wrapped paragraph is read whole ("... Patient:innen ab 18 Jahren mit\neinem HER2-positiven ...")
            a, b = wrapped_span(self.text, *at.lines[i])
            seen_lines.update(range(at.line_at(a), at.line_at(max(a, b - 1)) + 1))
            for s, e in minus(a, b, covered):
                if self.has_anchor(s, e) and at.own(s):
                    yield from at.units_of(i, s, e, self.has_anchor)

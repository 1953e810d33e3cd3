"""Where each HER2 mention of a page stands: criteria lists, title, conditions, prose units."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace

from ... import ruledata
from ...layout import rules as layout_rules
from ...model import EXCLUSION, INCLUSION, Layout
from ...context import not_own_spans, section_at
from .columns import row_cells
from .frames import _Row
from .reader import _Reader
from .rules import _Rules
from .verdicts import _assay_of, _merge_into, _sentences, _title_cut, _unit_rows


# --------------------------------------------------------------------------- where a mention stands

_SKIP_SECTIONS = frozenset(
    name for r in ruledata.load("her2_cues.yaml", required=["sections"], key="population_skip_sections")
    for name in r["sections"])
_RANK = {"title": 0, "conditions": 1}
_LIST_MARK = re.compile(r"[ \t>#]*(?:(?:[-*•·◦▪●‣+|]|\(?\d{1,2}[.)]|\(\d{1,2}\)|[a-z][.)])[ \t]+|[・◆■□◇○●•][ \t]*)?")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
# site furniture the layout's title skips leave (rules/her2_cues.yaml page_furniture)
_FURNITURE = ruledata.load("her2_cues.yaml", required=["pattern"], key="page_furniture")
_NAV = re.compile("|".join(f"(?:{r['pattern']})" for r in _FURNITURE if not r.get("cjk")))
_CJK_NAV = re.compile("|".join(f"(?:{r['pattern']})" for r in _FURNITURE if r.get("cjk")))
# a line that starts with a label of its own: a few words, then ":" or "|"
_OWN_LABEL = re.compile(r"[^\W\d_][\w()/&'’ -]{0,48}?[ \t]*(?:\||:(?!//))")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|。")
_DOC_HEADING = re.compile(r"[ \t]*#{1,6}[ \t]+\S")  # a markdown heading line
_HEADING_TAIL = re.compile(r"[ \t]*[:：]?[ \t]*")  # what may follow a heading's cue
_TAG = re.compile(r"[\x00-\x7f]{0,5}")  # a blank line, a language tag ("en", "pt-br"), a dash


class _Page:
    """Where each HER2 mention of a page stands: inside a criterion of the page's lists, or in
    title, conditions, eligibility or summary text found anywhere (module docstring, "Where
    rows come from"). Sections of the layout are evidence, never a gate."""

    def __init__(self, R: _Rules, text: str, layout: Layout | None, extra: re.Pattern | None,
                 anchors: list[tuple[int, int]]):
        self.R, self.text, self.extra = R, text, extra
        self.sections = list(layout.sections) if layout else []
        open_units = bool(getattr(layout, "open_units", False))
        self.crits = list(layout.criteria) if layout and not open_units else []
        self.lines = _raw_lines(text)
        self.starts = [a for a, _ in self.lines]
        self.not_own = not_own_spans(self.sections)  # the context layer's: not about this study
        self._body: int | None = None
        self._content: dict[int, tuple[int, int, bool]] = {}
        spans = list(anchors)  # the HER2 spellings of the page (one scan, shared)
        if extra is not None:
            spans += [(m.start(), m.end()) for m in extra.finditer(text)]
        self.anchors = sorted(spans)
        self.anchor_starts = [a for a, _ in self.anchors]

    # -- basics
    def has_anchor(self, a: int, b: int) -> bool:
        """Whether ``text[a:b]`` holds a HER2 spelling."""
        k = bisect_left(self.anchor_starts, a)
        while k < len(self.anchors) and self.anchors[k][0] < b:
            if self.anchors[k][1] <= b:
                return True
            k += 1
        return False

    def section_at(self, pos: int) -> str | None:
        return section_at(self.sections, pos)  # the context layer's reading of sections

    def line_at(self, pos: int) -> int:
        return max(0, bisect_right(self.starts, pos) - 1)

    def content(self, i: int) -> tuple[int, int, bool]:
        """(start, end, is a list item) of line ``i`` without its list mark and padding."""
        got = self._content.get(i)
        if got is None:
            a, b = self.lines[i]
            m = _LIST_MARK.match(self.text, a, b)
            cs = m.end()
            while b > cs and self.text[b - 1] in " \t|":
                b -= 1
            got = self._content[i] = (cs, b, m.group(0).strip(" \t>#") != "")
        return got

    # -- criteria lists
    def criteria_rows(self) -> tuple[list[_Row], list[tuple[int, int]]]:
        """Rows of the criteria lists (one unit each; a nested criterion that only defines its
        parent's status adds to the parent's row), and the labeled title lines found inside them."""
        R, text = self.R, self.text
        # an unmarked line the layout swept into a list after a title or condition label
        # ("Health Condition(s) or Problem(s) studied" / "HER2-positive gastric cancer") is
        # that label's value, not a criterion
        # and a criterion of an earlier protocol version ("Previous participant inclusion
        # criteria: 1. ...") is no requirement of the study as it stands
        self.crits = crits = [c for c in self._listed(self.crits)
                              if not (self.has_anchor(c.start, c.end) and
                                      (self._label_value(c.start) or self._superseded(c.start)))]
        titled: list[tuple[int, int]] = []
        ends: list[int] = []
        for c in crits:
            cut, title = (c.end, None)
            if self.has_anchor(c.start, c.end):
                cut, title = _title_cut(R, text, c.start, c.end)
            ends.append(cut)
            if title is not None:
                titled.append(title)
        anchored = [self.has_anchor(c.start, ue) for c, ue in zip(crits, ends)]
        ctypes = self._list_types(crits, anchored)
        rows_of: dict[int, list[_Row]] = {}

        def ancestor(i: int) -> int | None:
            p, seen = crits[i].parent, 0
            while p is not None and 0 <= p < len(crits) and seen < 10:
                if anchored[p]:
                    return p
                p, seen = crits[p].parent, seen + 1
            return None

        ordered: list[_Row] = []
        for i, c in enumerate(crits):
            anc = None if anchored[i] else ancestor(i)
            if not anchored[i] and anc is None:
                continue
            table = self._table_rows(c.start, ends[i])
            if table is not None:  # a row of a two-column eligibility table
                rows_of[i] = table
                ordered.extend(table)
                continue
            reader = _Reader(R, text, c.start, ends[i], self.extra)
            rows = _unit_rows(reader, ctypes[i], (c.start, c.end))
            target = anc if anc is not None else (ancestor(i) if c.parent is not None else None)
            orphan = reader.orphan_rows(ctypes[i], (c.start, c.end), specific_only=target is None)
            parent_rows = rows_of.get(target, []) if target is not None else []
            for row in orphan:
                hit = next((r for r in parent_rows if r.ctype == row.ctype and r.status == row.status), None)
                if hit is None:
                    _merge_into(rows, row)
                    continue
                mine, theirs = _assay_of(text, hit), _assay_of(text, row)
                joined = f"{mine}; {theirs}" if mine and theirs and theirs.lower() not in mine.lower() else mine or theirs
                hit.merge(row, union_assay=False)
                hit.assay = joined
            rows_of[i] = rows
            ordered.extend(rows)
        return ordered, titled

    def _listed(self, crits: list) -> list:
        """The criteria before a document heading the layout swept into a list ("### Statistical
        considerations"): that heading and the items after it, while the layout's list lasts, are
        page text, not criteria. A heading naming an eligibility list is no such end."""
        crits = self._unwrapped(crits)
        if not self.text.startswith("#") and "\n#" not in self.text:
            return crits  # no markdown heading on the page
        out, closed = [], None
        for c in crits:
            if closed is not None and c.criterion_type == closed:
                continue
            closed = None
            a = self.lines[self.line_at(c.start)][0]
            if _DOC_HEADING.match(self.text, a, c.end) and self.R.elig_cue.search(self.text, a, c.end) is None:
                closed = c.criterion_type
                continue
            out.append(c)
        return out

    def _unwrapped(self, crits: list) -> list:
        """The criteria with the lines of a hard-wrapped item joined: an unmarked line right
        under a marked item's line (or its continuation) that does not end a sentence or a
        clause is more of that item."""
        out: list = []
        text = self.text
        for c in crits:
            prev = out[-1] if out else None
            if (prev is not None and prev.parent is None and c.parent is None
                    and prev.criterion_type == c.criterion_type
                    and text.count("\n", prev.end, c.start) == 1
                    and text[prev.end - 1] not in ".;:。；!? "
                    and not self.content(self.line_at(c.start))[2]
                    and self.content(self.line_at(prev.start))[2]):
                out[-1] = replace(prev, end=c.end, text=self.text[prev.start:c.end])
                continue
            out.append(c)
        return out

    def _table_rows(self, a: int, b: int) -> list[_Row] | None:
        """Rows of ``text[a:b]`` when it is a row of a two-column eligibility table (module
        columns): each cell read with its column's type; None for any other text."""
        if "|" not in self.text[a:b]:
            return None
        got = row_cells(self.R, self.text, self.lines, self.line_at(a))
        if got is None:
            return None
        rows: list[_Row] = []
        for s, e, ctype in got:
            s, e = max(s, a), min(e, b)
            if e > s and self.has_anchor(s, e):
                rows.extend(_unit_rows(_Reader(self.R, self.text, s, e, self.extra), ctype, (s, e)))
        return rows

    def _list_types(self, crits: list, anchored: list[bool]) -> list[str]:
        """The criterion type of each criterion: its list's, except after a heading the layout
        left inside the list as an item ("Main non-inclusion criteria:" under the inclusion
        list): the items after it, while the layout's list lasts, are of the heading's type."""
        out: list[str] = []
        switch: tuple[str, str] | None = None  # (layout type it overrides, heading's type)
        last = max((i for i, x in enumerate(anchored) if x), default=-1)
        for c, x in zip(crits[:last + 1], anchored):  # a heading matters only above a HER2 criterion
            if switch is not None and c.criterion_type != switch[0]:
                switch = None  # the layout's own next list
            heading = None if x else self._heading_type(c.start, c.end)
            if heading is not None:
                switch = (c.criterion_type, heading) if heading != c.criterion_type else None
            out.append(switch[1] if switch else c.criterion_type)
        return out + [c.criterion_type for c in crits[len(out):]]

    def _heading_type(self, a: int, b: int) -> str | None:
        """The type an item that is only an eligibility heading names ("Key exclusion
        criteria:", "CRITÈRES DE NON-INCLUSION :"): at most two words before the cue, nothing
        after it but a colon, no other cue earlier on its line (a table's header row
        "Inclusion criteria | Exclusion criteria" heads two columns); None for any other item."""
        if b - a > 80 or self.text.count(" ", a, b) > 10:
            return None
        m = None
        for m in self.R.elig_cue.finditer(self.text, a, b):
            pass
        if m is None or _HEADING_TAIL.fullmatch(self.text, m.end(), b) is None:
            return None
        if _last_cue(self.R, self.text, self.lines[self.line_at(a)][0], a) is not None:
            return None
        if len(self.text[a:m.start()].split()) > 2:
            return None
        return EXCLUSION if m.group("exc") else INCLUSION

    # -- everything else
    def free_units(self, titled: list[tuple[int, int]]):
        """(rank, start, end, kind) of the text outside the criteria lists that holds a HER2
        mention: kind ``title``/``conditions`` (POPULATION), ``prose`` (POPULATION when the
        sentence says whom the study enrolls), ``criterion`` (a prose requirement) or
        INCLUSION/EXCLUSION (text led by an eligibility cue)."""
        for a, b in titled:
            yield 0, a, a, b, "title", False
        covered = sorted((c.start, c.end) for c in self.crits) + sorted(titled)
        seen_lines: set[int] = set()
        for m in self.anchor_starts:
            i = self.line_at(m)
            if i in seen_lines:
                continue
            seen_lines.add(i)
            a, b = self.lines[i]
            for s, e in _minus(a, b, covered):
                if self.has_anchor(s, e) and self.own(s):
                    yield from self._units_of(i, s, e)


    def own(self, pos: int) -> bool:
        return not any(a <= pos < b for a, b in self.not_own)

    def _units_of(self, i: int, s: int, e: int):
        role = self._population_role(i, s, e)
        if role is not None:
            kind, s2 = role
            yield _RANK[kind], s2, s2, e, kind, False
            return
        lead = self._lead_line(i)
        for s2, e2, ctype in self._eligibility_segments(i, s, e, lead):
            if not self.has_anchor(s2, e2):
                continue
            if ctype is not None:
                if not self.R.superseded.search(self.text, self.lines[i][0], s2):
                    yield 3, s2, s2, e2, ctype, False
            elif self.section_at(s2) not in _SKIP_SECTIONS:
                # a list item under a line that says whom the study enrolls ("The study plans
                # to enroll about 180 people:") says it too
                # (2: the lead also says who may take part: "Women were only allowed to enrol if:")
                cued = self._enroll_lead(lead) if lead is not None and self.content(i)[2] else 0
                sentences, title = _sentences(self.R, self.text, s2, e2)
                if title is not None and self.has_anchor(*title):
                    yield 0, title[0], title[0], title[1], "title", False
                for a, b in sentences:
                    # a sentence without an enroll or a require cue states nothing: not read
                    if self.has_anchor(a, b) and (cued or self.R.enroll.search(self.text, a, b)
                                                  or self.R.require.search(self.text, a, b)
                                                  or self.R.elig_prose.search(self.text, a, b)):
                        yield 2, a, a, b, "prose", cued

    def _enroll_lead(self, j: int) -> int:
        """1 when line ``j`` leads a list and says whom the study enrolls, 2 when it also says
        who is eligible (rule roles ``elig_prose``, ``require``), else 0."""
        cs, ce, _ = self.content(j)
        if not self.text[cs:ce].endswith(":") or self.R.enroll.search(self.text, cs, ce) is None:
            return 0
        R = self.R
        return 2 if R.elig_prose.search(self.text, cs, ce) or R.require.search(self.text, cs, ce) else 1

    def _population_role(self, i: int, s: int, e: int) -> tuple[str, int] | None:
        """("title"|"conditions", where the value starts) for a title or condition line: a
        labeled line (value on it or on the line after the label), the layout's title or
        conditions section, or the page's headline."""
        label = self._label(i)
        if label is not None:
            kind, vs = label
            if vs < self.content(i)[1]:
                return (kind, max(s, vs)) if e > vs else None
        prev = self._label_above(i)
        if prev is not None:
            return prev, s
        sec = self.section_at(s)
        if sec in ("title", "conditions"):
            return sec, s
        if self._headline(i):
            return "title", s
        return None

    def _superseded(self, pos: int) -> bool:
        i = self.line_at(pos)
        return self.R.superseded.search(self.text, self.lines[i][0], self.anchors[bisect_left(self.anchor_starts, pos)][0]) is not None

    def _label_value(self, pos: int) -> bool:
        i = self.line_at(pos)
        cs, _, is_list = self.content(i)
        if is_list or pos > cs:
            return False
        label = self._label(i)
        return (label is not None and label[1] > cs) or self._label_above(i) is not None

    def _label(self, i: int) -> tuple[str, int] | None:
        cs, ce, _ = self.content(i)
        m = self.R.line_label.match(self.text, cs, ce)
        if m is None:
            return None
        return ("title" if m.group("title") else "conditions"), m.end()

    def _label_above(self, i: int) -> str | None:
        """The label of a label-only line right above line ``i`` (short tags such as a
        language code "en" may stand between)."""
        j, tags = i - 1, 0
        while j >= 0 and tags <= 2:
            cs, ce, _ = self.content(j)
            if ce - cs == 0:
                j -= 1
                continue
            label = self._label(j)
            if label is not None and label[1] >= ce:
                return label[0]
            if ce - cs > 5:
                return None
            j, tags = j - 1, tags + 1
        return None

    def _headline(self, i: int) -> bool:
        """Whether line ``i`` is (part of) the page's headline: a title-like line above the
        page's body (its first sentence of prose or first criterion); site bars, breadcrumbs,
        list items and section headings are not."""
        if self._body is None:
            self._body = self._body_line()
        if i >= self._body:
            return False
        cs, ce, is_list = self.content(i)
        line = self.text[cs:ce]
        cjk = len(_CJK.findall(line))
        words = len(line.split())
        if is_list or not (3 <= words <= 45 or cjk >= 8) or len(line) > 400 \
                or line.endswith((":", ";", ",")) or "http" in line or self._skipped(line, cjk):
            return False
        b = self.lines[i][1]
        return not any(s.start in (b + 1, b + 2) for s in self.sections)  # not a section heading

    def _skipped(self, line: str, cjk: int) -> bool:
        """Site furniture: site bars, breadcrumbs, site names (the layout's title skips read a
        CJK title, one "word" without spaces, as a site name: CJK lines have their own test)."""
        if _NAV.search(line):
            return True
        if cjk >= 8:
            return _CJK_NAV.search(line) is not None
        return any(p.search(line) for p in layout_rules().title_skip)

    def _body_line(self) -> int:
        """The first line of the page's body: a sentence of prose or a criterion."""
        stop = min((c.start for c in self.crits), default=len(self.text))
        for i, (a, _) in enumerate(self.lines[:80]):
            if a >= stop:
                return i
            cs, ce, _ = self.content(i)
            line = self.text[cs:ce]
            if _SENTENCE_END.search(line) is None:
                continue
            cjk = len(_CJK.findall(line))
            if (len(line.split()) >= 12 or cjk >= 20) and not self._skipped(line, cjk):
                return i
        return min(80, len(self.lines))

    def _eligibility_segments(self, i: int, s: int, e: int, lead: int | None) -> list[tuple[int, int, str | None]]:
        """The piece ``text[s:e]`` of line ``i`` cut at inline eligibility cues ("Key inclusion
        criteria - (1) ... Key exclusion criteria - (1) ..."), each with the criterion type its
        nearest cue gives (None: no cue): earlier on the line, or on the lead line above."""
        a, _ = self.lines[i]
        ctype = _last_cue(self.R, self.text, a, s)
        if ctype is None and lead is not None:
            cs, ce, _ = self.content(lead)
            if _short(self.text[cs:ce]):
                ctype = _last_cue(self.R, self.text, cs, ce)
        out, pos = [], s
        for m in self.R.elig_inline.finditer(self.text, s, e):
            if m.start() > pos:
                out.append((pos, m.start(), ctype))
            pos, ctype = m.end(), (EXCLUSION if m.group("exc") else INCLUSION)
        out.append((pos, e, ctype))
        return out

    def _lead_line(self, i: int) -> int | None:
        """The line that heads line ``i``'s list or paragraph: the nearest line above that
        ends with ":" or holds an eligibility cue, passing over the items of the same list
        (marked items, or unmarked ones ending with ";"), blank lines and language tags; a
        line that carries its own label ("Brief Summary | ...") has none."""
        text = self.text
        cs, ce, is_list = self.content(i)
        if not is_list and _OWN_LABEL.match(text, cs, ce):
            return None
        j = i - 1
        while j >= 0 and i - j <= 40:
            cs, ce, j_list = self.content(j)
            line = text[cs:ce]
            if _TAG.fullmatch(line):
                j -= 1
                continue
            if line.endswith(":") or (_short(line) and self.R.elig_cue.search(line)):
                return j
            if line.endswith((";", "；", ",")) or (is_list and j_list):
                j -= 1  # an item of the same list
                continue
            return j
        return None


def _short(line: str) -> bool:
    """A heading-like line: a few words (or a short CJK line), or a label ending with ":"."""
    if _CJK.search(line):
        return len(line) <= 40
    n = len(line.split())
    return n <= 12 or (line.endswith(":") and n <= 25)


def _last_cue(R: _Rules, text: str, a: int, b: int) -> str | None:
    last = None
    for m in R.elig_cue.finditer(text, a, b):
        last = EXCLUSION if m.group("exc") else INCLUSION
    return last


def _raw_lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _minus(a: int, b: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``[a, b)`` without the given spans."""
    out, pos = [], a
    for s, e in spans:
        if e <= pos or s >= b:
            continue
        if s > pos:
            out.append((pos, s))
        pos = max(pos, e)
    if pos < b:
        out.append((pos, b))
    return out

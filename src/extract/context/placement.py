"""Where a span of a page stands: the shared context layer's placement of a candidate.

An extractor that found a candidate anywhere on a page asks where it stands
(:class:`Placement`): inside a criterion of the page's lists (and of which type, a heading
the layout left inside a list switching it), or in text outside them, cut into units by
:meth:`Placement.units_of`, each with its kind:

- ``title`` / ``conditions`` (a population statement): a line starting with a title label,
  its value on the line ("Scientific Title of Study | ...", "Full title  ...", "项目名称: ...")
  or on the next one ("Public title" / value; language tags such as "en" between), the layout's
  title section, or the page's headline (title-like lines above the body, site bars and
  breadcrumbs skipped); a title label inside a line ("... Official title: ...", role
  ``title_label``) starts a title too; a condition label ("Health Condition(s) or Problem(s)
  studied", "Medical Condition(s):", "対象疾患") or the layout's conditions section;
- INCLUSION / EXCLUSION: text led by an eligibility cue, earlier on its line ("Key inclusion
  criteria - (1) ... Key exclusion criteria - (1) ...") or on the short line heading its list or
  paragraph ("You cannot join if:", "Criterios de exclusión", "選択基準"; roles
  ``elig_inc``/``elig_exc``); criteria of an earlier protocol version (``superseded``) are none;
- ``prose`` (text outside outcomes, arms, contacts, locations and related trials), sentence by
  sentence: a sentence with an enroll, require or eligibility cue, or an item of a list led by
  a line ending in ":" that carries an enroll cue ("The study plans to enroll about 180
  people:"). Other sentences state nothing.

Prose policy (:func:`~extract.context.cues.prose_kind`): in a sentence of prose, a candidate is
a criterion when the sentence states a requirement ("To be eligible, patients must have ...",
"are eligible if", "are not eligible"; role ``require``), a statement of the population when it
says whom the study enrolls or targets ("this study", "will be enrolled", "is for", "intends to
include", "X is a phase 2 study of ..."; role ``enroll``), else background. The cue must stand
in the part of the sentence that holds the candidate (parts split by a ``contrast`` cue: "... in
other trials for HER2-positive breast cancer, but this study only includes ..."), and its clause
must carry no ``background`` cue ("accounting for 15-20%", "in view of the efficacy of", "is
already approved for", "other studies in").

Inside the criteria lists, :meth:`Placement.list_types` types each criterion (its list's, or
the type of a heading the layout left inside the list as an item), :meth:`Placement.listed`
joins hard-wrapped items and ends a list at a document heading swept into it, and
:mod:`extract.context.columns` types the cells of a two-column eligibility table.

The cues are rule rows (``rules/context.yaml`` ``criterion_cues``, :mod:`extract.context.cues`);
sections are evidence, never a gate.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace

from .. import ruledata
from ..layout import rules as layout_rules
from ..model import EXCLUSION, INCLUSION, Layout
from . import not_own_spans, section_at
from ..pageindex import PageIndex, page_index
from .cues import Cues, last_cue, sentences

__all__ = ["Placement", "minus"]

_SKIP_SECTIONS = frozenset(
    name for r in ruledata.load("context.yaml", required=["sections"], key="population_skip_sections")
    for name in r["sections"])
_RANK = {"title": 0, "conditions": 1}
_LIST_MARK = re.compile(r"[ \t>#]*(?:(?:[-*•·◦▪●‣+|]|\(?\d{1,2}[.)]|\(\d{1,2}\)|[a-z][.)])[ \t]+|[・◆■□◇○●•][ \t]*)?")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
# site furniture the layout's title skips leave (rules/context.yaml page_furniture)
_FURNITURE = ruledata.load("context.yaml", required=["pattern"], key="page_furniture")
_NAV = re.compile("|".join(f"(?:{r['pattern']})" for r in _FURNITURE if not r.get("cjk")))
_CJK_NAV = re.compile("|".join(f"(?:{r['pattern']})" for r in _FURNITURE if r.get("cjk")))
# a line that starts with a label of its own: a few words, then ":" or "|"
_OWN_LABEL = re.compile(r"[^\W\d_][\w()/&'’ -]{0,48}?[ \t]*(?:\||:(?!//))")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|。")
_DOC_HEADING = re.compile(r"[ \t]*#{1,6}[ \t]+\S")  # a markdown heading line
_HEADING_TAIL = re.compile(r"[ \t]*[:：]?[ \t]*")  # what may follow a heading's cue
_TAG = re.compile(r"[\x00-\x7f]{0,5}")  # a blank line, a language tag ("en", "pt-br"), a dash


class Placement:
    """Where each span of one page stands (module docstring), for the cues ``C``; ``crits``:
    the page's criteria the caller keeps (its body starts at the first of them at the latest)."""

    def __init__(self, C: Cues, text: str, layout: Layout | None, crits: list | None = None):
        self.C, self.text = C, text
        self.sections = list(layout.sections) if layout else []
        self.crits = list(crits or [])
        self.lines = _Lines(page_index(text))  # the shared page index's lines
        self.starts = self.lines.starts
        self.not_own = not_own_spans(self.sections)  # not about this study
        self._body: int | None = None  # the line the page's body starts at, once found
        self._seen = 0  # the lines before it read so far
        self._stop: int | None = None  # where the first criterion starts
        self._content: dict[int, tuple[int, int, bool]] = {}

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

    def own(self, pos: int) -> bool:
        """Whether the text at ``pos`` speaks of this study (not another trial's listing)."""
        return not any(a <= pos < b for a, b in self.not_own)

    # -- criteria lists
    def listed(self, crits: list) -> list:
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
            if _DOC_HEADING.match(self.text, a, c.end) and self.C.elig_cue.search(self.text, a, c.end) is None:
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

    def list_types(self, crits: list, anchored: list[bool]) -> list[str]:
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
        for m in self.C.elig_cue.finditer(self.text, a, b):
            pass
        if m is None or _HEADING_TAIL.fullmatch(self.text, m.end(), b) is None:
            return None
        if last_cue(self.C, self.text, self.lines[self.line_at(a)][0], a) is not None:
            return None
        if len(self.text[a:m.start()].split()) > 2:
            return None
        return EXCLUSION if m.group("exc") else INCLUSION

    # -- everything else
    def units_of(self, i: int, s: int, e: int, holds):
        """(rank, start, end, kind, inherit) of the units of the piece ``text[s:e]`` of line
        ``i`` (outside the criteria lists) that hold a candidate (``holds(a, b)``): kind
        ``title``/``conditions``, INCLUSION/EXCLUSION or ``prose`` (module docstring); rank
        orders population statements (title 0, conditions 1, prose 2); ``inherit``: the lead
        line of a prose item says whom the study enrolls (1) and who may take part (2)."""
        role = self._population_role(i, s, e)
        if role is not None:
            kind, s2 = role
            yield _RANK[kind], s2, s2, e, kind, False
            return
        lead = self._lead_line(i)
        for s2, e2, ctype in self._eligibility_segments(i, s, e, lead):
            if not holds(s2, e2):
                continue
            if ctype is not None:
                if not self.C.superseded.search(self.text, self.lines[i][0], s2):
                    yield 3, s2, s2, e2, ctype, False
            elif self.section_at(s2) not in _SKIP_SECTIONS:
                # a list item under a line that says whom the study enrolls ("The study plans
                # to enroll about 180 people:") says it too
                # (2: the lead also says who may take part: "Women were only allowed to enrol if:")
                cued = self._enroll_lead(lead) if lead is not None and self.content(i)[2] else 0
                parts, title = sentences(self.C, self.text, s2, e2)
                if title is not None and holds(*title):
                    yield 0, title[0], title[0], title[1], "title", False
                for a, b in parts:
                    # a sentence without an enroll or a require cue states nothing: not read
                    if holds(a, b) and (cued or self.C.enroll.search(self.text, a, b)
                                        or self.C.require.search(self.text, a, b)
                                        or self.C.elig_prose.search(self.text, a, b)):
                        yield 2, a, a, b, "prose", cued

    def _enroll_lead(self, j: int) -> int:
        """1 when line ``j`` leads a list and says whom the study enrolls, 2 when it also says
        who is eligible (rule roles ``elig_prose``, ``require``), else 0."""
        cs, ce, _ = self.content(j)
        if not self.text[cs:ce].endswith(":") or self.C.enroll.search(self.text, cs, ce) is None:
            return 0
        R = self.C
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
        cell = self._condition_cell(i)
        if cell is not None and cell < e:
            return "conditions", max(s, cell)
        sec = self.section_at(s)
        if sec in ("title", "conditions"):
            return sec, s
        if self._headline(i):
            return "title", s
        return None

    def _condition_cell(self, i: int) -> int | None:
        """Where the cell under a condition label starts in the table row ``i`` ("| Cohort |
        Population | N |" over "| B1 | HER2-positive gastric cancer | 40 |"): the header is the
        first row of the table's run of rows."""
        a, b = self.lines[i]
        text = self.text
        if text.count("|", a, b) < 2:
            return None
        head, j = None, i - 1
        while j >= 0 and i - j <= 60:
            ja, jb = self.lines[j]
            row = text[ja:jb].strip()
            if not row.startswith("|"):
                break
            if row.strip("|-: \t"):
                head = j
            j -= 1
        if head is None:
            return None
        ha, hb = self.lines[head]
        heads = text[ha:hb].strip().strip("|").split("|")
        col = next((k for k, h in enumerate(heads) if self.C.condition_cell.fullmatch(h.strip())), None)
        if col is None:
            return None
        pos = text.find("|", a, b)
        for _ in range(col):
            pos = text.find("|", pos + 1, b)
            if pos == -1:
                return None
        return pos + 1

    def label_value(self, pos: int) -> bool:
        i = self.line_at(pos)
        cs, _, is_list = self.content(i)
        if is_list or pos > cs:
            return False
        label = self._label(i)
        return (label is not None and label[1] > cs) or self._label_above(i) is not None

    def _label(self, i: int) -> tuple[str, int] | None:
        cs, ce, _ = self.content(i)
        m = self.C.line_label.match(self.text, cs, ce)
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
        list items and section headings are not. (The line's own tests first: the body is
        looked for only as far as a line that passes them.)"""
        if i >= 80:
            return False  # the body starts within the first 80 lines
        cs, ce, is_list = self.content(i)
        line = self.text[cs:ce]
        if is_list or len(line) > 400 or line.endswith((":", ";", ",")) or "http" in line:
            return False
        cjk = len(_CJK.findall(line))
        if not (3 <= len(line.split()) <= 45 or cjk >= 8):
            return False
        if self._body_by(i) or self._skipped(line, cjk):
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

    def _body_by(self, i: int) -> bool:
        """Whether the page's body (its first sentence of prose or first criterion, within the
        first 80 lines) starts at line ``i`` or before; the lines are read once, as far as
        asked."""
        if self._body is not None:
            return i >= self._body
        if self._stop is None:
            self._stop = min((c.start for c in self.crits), default=len(self.text))
        last = min(80, len(self.lines))
        while self._seen <= i:
            j = self._seen
            if j >= last or self.starts[j] >= self._stop or self._opens_body(j):
                self._body = j
                return True
            self._seen += 1
        return False

    def _opens_body(self, j: int) -> bool:
        """A sentence of prose: a sentence end, 12 words or more (20 CJK characters), no site
        furniture."""
        cs, ce, _ = self.content(j)
        line = self.text[cs:ce]
        if _SENTENCE_END.search(line) is None:
            return False
        cjk = len(_CJK.findall(line))
        return (len(line.split()) >= 12 or cjk >= 20) and not self._skipped(line, cjk)

    def _eligibility_segments(self, i: int, s: int, e: int, lead: int | None) -> list[tuple[int, int, str | None]]:
        """The piece ``text[s:e]`` of line ``i`` cut at inline eligibility cues ("Key inclusion
        criteria - (1) ... Key exclusion criteria - (1) ..."), each with the criterion type its
        nearest cue gives (None: no cue): earlier on the line, or on the lead line above."""
        a, _ = self.lines[i]
        ctype = last_cue(self.C, self.text, a, s)
        if ctype is None and lead is not None:
            cs, ce, _ = self.content(lead)
            if _short(self.text[cs:ce]):
                ctype = last_cue(self.C, self.text, cs, ce)
        out, pos = [], s
        for m in self.C.elig_inline.finditer(self.text, s, e):
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
            if line.endswith(":") or (_short(line) and self.C.elig_cue.search(text, cs, ce)):
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


class _Lines:
    """(start, end) of each physical line of the page (end: before its newline), read from the
    page index's line starts."""

    def __init__(self, idx: PageIndex) -> None:
        self.starts, self.n = idx.line_starts, len(idx.text)

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, i: int) -> tuple[int, int]:
        starts = self.starts
        return starts[i], (starts[i + 1] - 1 if i + 1 < len(starts) else self.n)


def minus(a: int, b: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
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

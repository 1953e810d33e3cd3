"""The shared context layer: what a candidate fact belongs to.

Extractors find their candidates anywhere in the text; this layer decides, from one set of
rules (``rules/context.yaml``) and the layout's sections as evidence, what each candidate
belongs to: the eligibility unit and criterion type (INCLUSION/EXCLUSION), whether the text
speaks of this study at all (not a "similar trials" list), and which section it sits in.

A page whose layout found criteria lists keeps them. A page where it found none is not
skipped: its open text (everything outside sections that are never eligibility: outcomes,
arms, contacts, similar trials...) is cut into units (logical lines, then sentences), each
typed by the nearest exclusion cue in it (INCLUSION otherwise), so that a lab bound or a HER2
requirement written anywhere on an unfamiliar page is still read as a criterion.

:class:`Context` is a :class:`~extract.model.Layout` (extractors take it where they took the
layout) whose ``criteria`` are the page's eligibility units.

What a span's own words and place say it states is the layer's too: :mod:`.cues` (criterion
cues as rule rows, per language) and :mod:`.placement` (a candidate's criterion type inside the
lists, and the title / condition / eligibility / prose units outside them).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from .. import ruledata
from ..model import EXCLUSION, INCLUSION, Criterion, Layout

__all__ = ["Context", "bound_type", "build_context", "not_own_spans", "open_pieces", "rules"]


class ContextRules:
    def __init__(self) -> None:
        closed = ruledata.load("context.yaml", ["section"], key="closed_sections")
        self.closed = frozenset(r["section"] for r in closed if not r.get("lists_open"))
        self.lists_open = frozenset(r["section"] for r in closed if r.get("lists_open"))
        self.not_own = frozenset(r["section"] for r in ruledata.load("context.yaml", ["section"], key="not_own_sections"))
        self.closed_for: dict[str, frozenset[str]] = {}
        for r in ruledata.load("context.yaml", ["component", "section"], key="component_closed_sections"):
            self.closed_for[r["component"]] = self.closed_for.get(r["component"], frozenset()) | {r["section"]}
        self.exclusion = re.compile(
            "|".join(f"(?:{r['pattern']})" for r in ruledata.load("context.yaml", ["pattern"], key="exclusion_cues")), re.I
        )
        self.boilerplate = re.compile(
            "|".join(f"(?:{r['pattern']})" for r in ruledata.load("context.yaml", ["pattern"], key="boilerplate_lines")), re.I
        )
        self.list_order = re.compile(
            "|".join(f"(?:{r['pattern']})" for r in ruledata.load("context.yaml", ["pattern"], key="list_order_headings")), re.I
        )
        self.prose_eligibility = re.compile(
            "|".join(f"(?:{r['pattern']})" for r in ruledata.load("context.yaml", ["pattern"], key="prose_eligibility")), re.I
        )
        self.unit_break = re.compile(
            "|".join(f"(?:{r['pattern']})" for r in ruledata.load("context.yaml", ["pattern"], key="unit_breaks"))
        )


@lru_cache(maxsize=1)
def rules() -> ContextRules:
    return ContextRules()


@dataclass
class Context(Layout):
    """A layout plus the context decisions shared by every extractor."""

    open_units: bool = False  # criteria were cut from open text (no criteria list on the page)
    _not_own: list[tuple[int, int]] = field(default_factory=list)

    def own(self, pos: int) -> bool:
        """Whether the text at ``pos`` speaks of this study (not another trial's listing)."""
        return not any(a <= pos < b for a, b in self._not_own)


def section_at(sections, pos: int) -> str | None:
    """The name of the innermost of ``sections`` holding ``pos`` (None outside every one)."""
    best = None
    for s in sections:
        if s.start <= pos < s.end and (best is None or s.end - s.start <= best.end - best.start):
            best = s
    return best.name if best else None


def open_pieces(length: int, layout: Layout, component: str, shut_also: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    """Where ``component`` reads the page as open text: everything outside the sections closed
    for it (rules/context.yaml component_closed_sections) and the sections named in
    ``shut_also``, cut at every section boundary (a piece lies wholly inside or outside each
    section, so that a label's context never runs into another section)."""
    closed = rules().closed_for.get(component, frozenset()) | set(shut_also)
    shut: list[list[int]] = []
    for a, b in sorted((s.start, s.end) for s in layout.sections if s.name in closed):
        if shut and a <= shut[-1][1]:
            shut[-1][1] = max(shut[-1][1], b)
        else:
            shut.append([a, b])
    shut_starts = [a for a, _ in shut]
    cuts = sorted({0, length, *(s.start for s in layout.sections), *(s.end for s in layout.sections)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        i = bisect_right(shut_starts, a) - 1
        if b > a and not (i >= 0 and a < shut[i][1]):
            out.append((a, b))
    return out


def build_context(text: str, layout: Layout) -> Context:
    R = rules()
    criteria = list(layout.criteria)
    open_units = False
    if not criteria:
        criteria = _open_units(text, layout, R)
        open_units = bool(criteria)
    not_own = [(s.start, s.end) for s in layout.sections if s.name in R.not_own]
    return Context(layout.name, list(layout.sections), criteria, open_units=open_units, _not_own=not_own)


def not_own_spans(sections) -> list[tuple[int, int]]:
    """The spans of ``sections`` that do not speak of this study (rule rows ``not_own_sections``)."""
    names = rules().not_own
    return [(s.start, s.end) for s in sections if s.name in names]


_CUE_COLON = re.compile(r"\w*(?:[ \t]+\w+)?[ \t]*[:：]")
_LIST_LINE = re.compile(r"[ \t]*(?:[-*•▪◦●·–?\ufffd]\s|\(?\d{1,2}[.)]\s)")


def _closed_spans(layout: Layout, R: ContextRules, names: frozenset[str]) -> list[tuple[int, int]]:
    spans = sorted((s.start, s.end) for s in layout.sections if s.name in names)
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def _open_ranges(text: str, layout: Layout, R: ContextRules):
    """(start, end) ranges of the page outside the closed sections."""
    pos = 0
    for a, b in _closed_spans(layout, R, R.closed):
        if a > pos:
            yield pos, a
        pos = max(pos, b)
    if pos < len(text):
        yield pos, len(text)


_FIRST_ITEM = re.compile(r"[ \t]*\(?1[.)]\s")


class _Carry:
    """The criterion type a lead carries over the lines after it in open text: a lead-in line
    ending with ":" ("A patient is not eligible if he or she:") types the list lines right under
    it; a heading naming both lists in order ("Inclusion criteria, exclusion criteria and study
    summary") types the numbered lists under it that restart at 1, one list type each."""

    def __init__(self) -> None:
        self.lead: str | None = None
        self.order: list[str] = []

    def line_type(self, text: str, pos: int, le: int, own: str) -> str:
        if _FIRST_ITEM.match(text, pos, le) and self.order:
            self.lead = self.order.pop(0)
        elif not _LIST_LINE.match(text, pos, le):
            self.lead = None
        return self.lead if self.lead is not None and own == INCLUSION else own

    def after_line(self, text: str, pos: int, le: int, last_end: int, last_type: str, R: ContextRules) -> None:
        if last_end > pos and text[last_end - 1] in ":：":
            self.lead = last_type
        if le - pos <= 120 and R.list_order.search(text, pos, le):
            self.order = [INCLUSION, EXCLUSION]
            self.lead = None


def _open_units(text: str, layout: Layout, R: ContextRules) -> list[Criterion]:
    """Eligibility units cut from the open text: logical lines, then sentences."""
    out: list[Criterion] = []
    prose_closed = _closed_spans(layout, R, R.lists_open)
    carry = _Carry()
    for a, b in _open_ranges(text, layout, R):
        pos = a
        while pos < b:
            nl = text.find("\n", pos, b)
            le = _wrapped_end(text, pos, b if nl == -1 else nl, b)
            in_prose = any(x <= pos < y for x, y in prose_closed)
            if pos == le or R.boilerplate.search(text, pos, le) or (in_prose and not _LIST_LINE.match(text, pos, le)):
                # a summary's prose line is no unit, but its lead-in still types the list under it
                # ("You may not qualify if you:" / "- Have a QTcF > 450 ms")
                carry.lead = None
                if in_prose and pos < le:
                    out.extend(_eligibility_sentences(text, pos, le, R))
                    last = list(_sentences(text, pos, le, R))[-1:]
                    if last and text[last[0][1] - 1] in ":：":
                        carry.lead = EXCLUSION if R.exclusion.search(text, *last[0]) else INCLUSION
                pos = le + 1
                continue
            section = section_at(layout.sections, pos)
            carried = carry.line_type(text, pos, le, _section_type(layout, pos))
            cued = carry.lead is not None or section in ("inclusion", "exclusion")
            last_end, ctype = pos, carried
            for s, e in _sentences(text, pos, le, R):
                # a unit with its own exclusion cue is an exclusion; one that ends with ":" ("People
                # cannot join if they:") also types the units after it in the same paragraph
                m = R.exclusion.search(text, s, e)
                ctype = EXCLUSION if m is not None else carried
                # ... and so does an inline heading ("Criterios de exclusión: a; b; c"): the cue
                # and at most one word before a colon types the rest of its line
                if text[e - 1] == ":" or (m is not None and _CUE_COLON.match(text, m.end(), e)):
                    carried, cued = ctype, True
                out.append(Criterion(ctype, s, e, text[s:e], cued=cued or m is not None))
                last_end = e
            carry.after_line(text, pos, le, last_end, ctype, R)
            pos = le + 1
    return out


_WRAP_MIN = 40  # a hard-wrapped paragraph's lines are long; a shorter line ends where it ends
_WRAP_NEXT = re.compile(r"[ \t]*[^\W\d_A-Z\u00c0-\u00de\u0391-\u03a9\u0400-\u042f\u3040-\u9fff\uac00-\ud7af]")
# a capitalized next line continues a longer line that stops on a lower-case word ("... LPZ-0917 in einer\nDosis von
# 5,4 mg/kg"), unless it opens a label ("Arms: ...") or a list
_WRAP_UPPER_MIN = 55
_WRAP_LOWER_END = re.compile(r"[a-zà-ÿß,][ \t]*$")
_WRAP_LABEL = re.compile(r"[ \t]*[^\s:|]+(?:[ \t]+[^\s:|]+){0,3}[ \t]*[:|]")
_WRAP_WORD = re.compile(r"[ \t]*\w")
_CELL_GAP = re.compile(r"\S(?:[ \t]{3,}|\t)\S|\S[ \t]{2}(?=[^\s.])(?<![.!?:][ \t]{2})\S")


def is_wrap(text: str, ls: int, le: int, b: int) -> bool:
    """Whether the line ``text[ls:le]`` runs on into the next one (up to ``b``): hard-wrapped prose."""
    if le >= b or le - ls < _WRAP_MIN or text[le - 1] in ".!?:;。：；|" or "|" in text[ls:le]:
        return False
    nl = text.find("\n", le + 1, b)
    nxt = b if nl == -1 else nl
    if _LIST_LINE.match(text, le + 1, nxt) or _CELL_GAP.search(text, ls, le) or _CELL_GAP.search(text, le + 1, nxt):
        return False  # (a list item, or a row of a table flattened with space gaps: "Public Title of Study   ...")
    if _WRAP_NEXT.match(text, le + 1, nxt):
        return True
    return (le - ls >= _WRAP_UPPER_MIN and _WRAP_LOWER_END.search(text, ls, le) is not None
            and _WRAP_WORD.match(text, le + 1, nxt) is not None and not _WRAP_LABEL.match(text, le + 1, nxt))


def _wrapped_end(text: str, pos: int, le: int, b: int) -> int:
    """The end of a line of hard-wrapped prose ("Thrombozyten\nmindestens 100 × 10^9/l"): a line
    that runs on (:func:`is_wrap`) takes the next lines."""
    while is_wrap(text, pos, le, b):
        nl = text.find("\n", le + 1, b)
        pos, le = le + 1, (b if nl == -1 else nl)
    return le


def wrapped_span(text: str, a: int, b: int) -> tuple[int, int]:
    """The hard-wrapped paragraph line ``text[a:b]`` belongs to (:func:`_wrapped_end`): the lines
    above it that run on into it, and those it runs on into."""
    while a > 0:
        ps = text.rfind("\n", 0, a - 1) + 1
        if not is_wrap(text, ps, a - 1, b):
            break
        a = ps
    return a, _wrapped_end(text, a, b, len(text)) if b < len(text) else b


_UPPER_BOUNDS = frozenset(("<", "<="))
_LOWER_BOUNDS = frozenset((">", ">="))


def bound_type(crit: Criterion, healthy: str | None, comparator: str) -> str:
    """The criterion type of a bound in ``crit``: the criterion's own, but where nothing on the
    page typed it (an open-text unit under no recognised heading or cue, in a language or
    arrangement the rules do not know), the side the bound stands on: a bound on the unhealthy
    side of its analyte ("QTc > 470 ms", "ANC < 1.5": ``healthy`` is the analyte's healthy side,
    rules/analytes.tsv) says who is excluded."""
    if crit.cued or crit.criterion_type != INCLUSION or healthy is None:
        return crit.criterion_type
    unhealthy = _UPPER_BOUNDS if healthy == "high" else _LOWER_BOUNDS if healthy == "low" else ()
    return EXCLUSION if comparator in unhealthy else crit.criterion_type


def _eligibility_sentences(text: str, pos: int, le: int, R: ContextRules):
    """The sentences of a summary's prose line that say who is eligible ("Eligible patients had
    HER2-positive disease ... and a left ventricular ejection fraction of at least 50%"): units."""
    for s, e in _sentences(text, pos, le, R):
        if R.prose_eligibility.search(text, s, e):
            yield Criterion(EXCLUSION if R.exclusion.search(text, s, e) else INCLUSION, s, e, text[s:e])


def _section_type(layout: Layout, pos: int) -> str:
    """A unit's criterion type before its own cues: its exclusion section's, else INCLUSION."""
    return EXCLUSION if section_at(layout.sections, pos) == "exclusion" else INCLUSION


def _sentences(text: str, start: int, end: int, R: ContextRules):
    cuts = [m.end() for m in R.unit_break.finditer(text, start, end)]
    prev = start
    for c in [*cuts, end]:
        s, e = prev, c
        while s < e and text[s] in " \t*•-|":
            s += 1
        while e > s and text[e - 1] in " \t|":
            e -= 1
        if e > s:
            yield s, e
        prev = c

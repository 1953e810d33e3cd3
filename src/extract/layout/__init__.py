"""Layout detection and sectioning: text -> :class:`Layout` (sections + eligibility criteria).

Everything that names a heading, a layout signal or a value shape is rule data
(``rules/sections.yaml``, ``rules/layouts.yaml``); this module is the mechanism:

1. split the text into lines with offsets;
2. score the layout signals;
3. open a section at every heading line (or implicit section opener), close it at the next;
4. split the inclusion/exclusion sections into criteria: list markers, nested numbering,
   run-together items on one line ("1. A; 2. B; 3. C"), unmarked lines;
5. peel trailing value-shaped lines (a label-stripped page's "18 Years", "ALL", "No") off the
   last criteria list;
6. read the arrangements of unfamiliar pages (``arrangements.py``): a lone exclusion list takes
   the run of items or the short section before it as the inclusion list; a list given once
   per language is read once; a two-column table flattened column by column.

Modules: ``lines.py`` (logical lines and the helpers every step shares), ``criteria.py``
(step 4), ``arrangements.py`` (steps 5-6); this module holds the rules, headings, sections,
the title line and :func:`analyze`.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .. import ruledata
from ..model import Layout, Section
from ..pageindex import line_local, page_index
from .arrangements import (column_pairs, eligibility_spans, language_copies, lone_exclusion, peel_value_lines,
                           translations)
from .criteria import read_criteria
from .lines import ELIG_LISTS, LIST_ITEM, Line, LineList, rstrip_end

__all__ = ["analyze", "detect_layout", "heading_of", "LayoutRules"]


class LayoutRules:
    """Compiled layout rules (loaded once per process)."""

    def __init__(self) -> None:
        heads = ruledata.load("sections.yaml", required=["section", "pattern"])
        self.headings = [
            (r["id"], r["section"], re.compile(rf"(?:{r['pattern']})", re.I), bool(r.get("inline")))
            for r in heads
        ]
        # one alternation for all headings: the first rule that matches in full wins
        self.heading_all = re.compile(
            "|".join(f"(?P<h{i}>{h[2].pattern})" for i, h in enumerate(self.headings)), re.I
        )
        self.inline_headings = [
            (rid, sec, re.compile(rf"(?:{h.pattern})\s*:\s*(?=\S)", re.I))
            for rid, sec, h, inline in self.headings
            if inline
        ]
        self.implicit = [
            (
                r["id"],
                r["section"],
                re.compile(r["pattern"], re.I),
                frozenset(r.get("when_in") or ()),
                bool(r.get("after_table_row")),
            )
            for r in ruledata.load("sections.yaml", required=["section", "pattern"], key="implicit")
        ]
        # whether any implicit opener can apply to a line at all: one match at its start for the
        # openers anchored there, one search (for a literal) for the others
        pats = [p.pattern for _, _, p, _, _ in self.implicit]
        self.implicit_at_start = re.compile("|".join(f"(?:{p})" for p in pats if p.startswith("^")) or "(?!)", re.I)
        self.implicit_inside = re.compile("|".join(f"(?:{p})" for p in pats if not p.startswith("^")) or "(?!)", re.I)
        ends = ruledata.load("sections.yaml", required=["section", "pattern"], key="list_end")
        # each list as one alternation: the first row that matches at the line start wins
        self.list_end = _first_row_at_start([r for r in ends if not r.get("items")])
        # rows that end a list even on a line marked as an item ("3. WHAT TREATMENT WILL I GET?")
        self.list_end_items = _first_row_at_start([r for r in ends if r.get("items")])
        self.language_marks = re.compile("|".join(
            f"(?:{r['pattern']})" for r in ruledata.load("sections.yaml", required=["pattern"], key="language_marks")), re.M)
        self.inclusion_before_exclusion = frozenset(
            r["section"] for r in ruledata.load("sections.yaml", required=["section"], key="inclusion_before_exclusion"))
        self.value_shapes = [
            re.compile(r["pattern"])
            for r in ruledata.load("sections.yaml", required=["pattern"], key="elig_value_shapes")
        ]
        self.layouts = []
        for r in ruledata.load("layouts.yaml", required=["signals"]):
            # a signal anchored at a line start is searched as "\n..." in "\n" + text: the
            # regex engine then scans for the literal newline instead of trying every position
            sigs = [(re.compile("\n" + s["pattern"][1:] if s["pattern"].startswith("^") else s["pattern"], re.M),
                     float(s.get("weight", 1)), tuple(s.get("words") or ())) for s in r["signals"]]
            self.layouts.append((r["id"], float(r.get("min_score", 1)), sigs, bool(r.get("stripped"))))
        self.stripped_layouts = frozenset(lid for lid, _, _, s in self.layouts if s)
        self.no_title_layouts = frozenset(
            r["id"] for r in ruledata.load("layouts.yaml", required=["signals"]) if r.get("first_line_title") is False
        )
        self.breaks = [_break_rule(r) for r in ruledata.load("sections.yaml", required=["pattern"], key="inline_breaks")]
        self.title_needs = [
            re.compile(r["pattern"]) for r in ruledata.load("sections.yaml", required=["pattern"], key="title_needs")
        ]
        self.title_skip = [
            re.compile(r["pattern"], re.I) for r in ruledata.load("sections.yaml", required=["pattern"], key="title_skip")
        ]


def _break_rule(r: dict) -> tuple:
    """(id, pattern, min_count, after, trigger, words, and for the pattern and the trigger the
    lower-cased words whose lines it is tried on, or None for the whole page). Every match of
    a rule's pattern and trigger holds one of its words (rules/sections.yaml): one that reads
    no further than its line is tried only on the lines holding one."""
    rx = re.compile(r["pattern"], re.M)
    trigger = re.compile(r["trigger"]) if r.get("trigger") else None
    words = tuple(r.get("words") or ())
    low = tuple(dict.fromkeys(w.lower() for w in words)) or None
    return (r["id"], rx, int(r.get("min_count") or 1), re.compile(r["after"]) if r.get("after") else None,
            trigger, words, low if low and line_local(rx) else None,
            low if low and trigger is not None and line_local(trigger) else None)


def _first_row_at_start(rows: list[dict]):
    """A function: line -> (rule id, section) of the first of ``rows`` whose pattern matches at
    the line's start, or None (one match of one alternation)."""
    alt = re.compile("|".join(f"(?P<r{i}>{r['pattern']})" for i, r in enumerate(rows)) or "(?!)")

    def first(line: str):
        m = alt.match(line)
        return (rows[int(m.lastgroup[1:])]["id"], rows[int(m.lastgroup[1:])]["section"]) if m else None
    return first


@lru_cache(maxsize=1)
def rules() -> LayoutRules:
    return LayoutRules()


# ---------------------------------------------------------------------------- helpers
_HEAD_STRIP = re.compile(r"^[\s#*_>]+|\s*\{#[\w-]+\}|[\s*_:|]+$|(?<=\w)\s+[-–]$")
# an export's module heading: "[protocolSection.identificationModule]" -> "identificationModule"
_BRACKET_KEY = re.compile(r"^\[(?:\w+\.)*(\w+)\]$")
_MD_HEADING = re.compile(r"^(#{1,6})\s")
_MD_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\s*[·.:)-]?\s+")
_CAMEL_KEY = re.compile(r"^\s*\"?[a-z]+[A-Z]\w*\"?\s*:\s*")
_MAX_HEADING = 90
# a criteria heading numbered as a section ("3.2 Criteri di inclusione") or marked ("■ 주요 선정기준", ". CRITERES")
_SECTION_MARK = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})+\.?|[.■□◆◇▶►▪])\s*")
_NUMBERED = re.compile(r"\d{1,2}[.)]\s")
_HEADING_NOTE = re.compile(r"\s*\([^()]{1,60}\)$")  # "Dosing (per the X regimen)": a heading's note
_ITEM_MARK = re.compile(r"^(?:[-•·–]|\d{1,2}[.)])\s*")
_BLANKS = "".join(c for c in map(chr, range(0x3000 + 1)) if c.isspace())  # what str.isspace() calls blank
_LEAD_MARKS, _TRAIL_MARKS = "#*_>" + _BLANKS, "*_:|" + _BLANKS


def _strip_marks(s: str) -> str:
    """``_HEAD_STRIP.sub("", s)`` without running the pattern at every position of the line."""
    if "{#" in s:
        return _HEAD_STRIP.sub("", s)
    s = s.lstrip(_LEAD_MARKS).rstrip(_TRAIL_MARKS)
    if len(s) > 2 and s[-1] in "-–" and s[-2].isspace():  # "Key inclusion criteria -"
        s = s[:-1].rstrip(_BLANKS)
    return s


def _lines(text: str, R: LayoutRules | None = None) -> list[Line]:
    """Logical lines: the physical lines, each split further at the inline breaks of the
    rules (a heading in mid-line, inline bullets), as (start, end) ranges of ``text``."""
    cuts = _breaks(text, R) if R is not None else {}
    out = LineList()
    pos = 0
    for part in text.split("\n"):
        prev = 0
        for c in cuts.get(pos, ()):
            if c > prev and part[prev:c].strip():
                out.append(Line(pos + prev, pos + c, part[prev:c]))
                prev = c
        out.append(Line(pos + prev, pos + len(part), part[prev:]))
        pos += len(part) + 1
    return out


def _breaks(text: str, R: LayoutRules) -> dict[int, list[int]]:
    """Line start -> sorted offsets in that line where a new logical line starts. Each rule
    is one pass over the whole text, or over the lines holding its words (the page index);
    ``min_count`` counts a rule's matches per line."""
    cuts: dict[int, set[int]] = {}
    idx = page_index(text)
    for _rid, rx, min_count, after, trigger, words, rx_words, trigger_words in R.breaks:
        if words and not any(w in text for w in words):
            continue
        if trigger is not None and next(_scan(idx, trigger, trigger_words), None) is None:
            continue
        per_line: dict[int, list[int]] = {}
        for m in _scan(idx, rx, rx_words):
            if after is not None and not after.search(text, max(0, m.start("b") - 12), m.start("b")):
                continue
            ls = text.rfind("\n", 0, m.start("b")) + 1
            found = per_line.setdefault(ls, [])
            found.append(m.start("b") - ls)
            if "a" in rx.groupindex:
                found.append(m.end("a") - ls)
        for ls, found in per_line.items():
            if len(found) >= min_count:
                le = text.find("\n", ls)
                n = (len(text) if le == -1 else le) - ls
                cuts.setdefault(ls, set()).update(c for c in found if 0 < c < n)
    return {ls: sorted(cs) for ls, cs in cuts.items()}


def _scan(idx, pattern: re.Pattern, words: tuple[str, ...] | None):
    """``pattern.finditer(text)``, on the lines holding one of ``words`` when given."""
    return idx.finditer_on_lines(pattern, idx.lines_holding(words)) if words and idx.aligned \
        else pattern.finditer(idx.text)


def _full_heading(core: str, R: LayoutRules):
    return _full_heading_cached(core) if R is rules() else _full_heading_of(core, R)


@lru_cache(maxsize=8192)
def _full_heading_cached(core: str):
    # labels repeat from page to page: each short line is matched once per process
    return _full_heading_of(core, rules())


def _full_heading_of(core: str, R: LayoutRules):
    m = R.heading_all.fullmatch(core)
    if not m:
        return None
    rid, sec, _pat, _inline = R.headings[int(m.lastgroup[1:])]
    return rid, sec, None


def heading_of(line: str, R: LayoutRules):
    """(rule_id, section, content_offset_in_line or None) when the line is a heading."""
    return _heading_cached(line) if R is rules() else _heading_of_line(line, R)


@lru_cache(maxsize=16384)
def _heading_cached(line: str):
    # headings and labels repeat from page to page: each line is read once per process
    return _heading_of_line(line, rules())


def _heading_of_line(line: str, R: LayoutRules):
    s = line.strip()
    if not s or len(s) > 400:
        return None
    if s[0] in "-•·–" or (s[0].isdigit() and _NUMBERED.match(s)):
        # list items are never headings, but for a criteria-list heading numbered as an item
        # of the list it ends ("13. Exclusion Criteria:")
        if len(s) > _MAX_HEADING + 6:
            return None
        item = _strip_marks(_ITEM_MARK.sub("", s))
        hit = _full_heading(item, R)
        return hit if hit and hit[1] in ELIG_LISTS else None
    core = _strip_marks(s)
    if s.startswith("#"):  # a numbered markdown heading: "## 3 · Design"
        core = _MD_NUMBER.sub("", core)
    bk = core.startswith("[") and _BRACKET_KEY.match(core)
    if bk:
        core = bk.group(1)
    if len(core) <= _MAX_HEADING:
        hit = _full_heading(core, R)
        if hit:
            return hit
        note = core.endswith(")") and _HEADING_NOTE.search(core)
        if note and note.start() and (hit := _full_heading(core[:note.start()], R)):
            return hit
        mark = _SECTION_MARK.match(core)
        if mark:
            hit = _full_heading(core[mark.end():], R)
            if hit and hit[1] in ELIG_LISTS:
                return hit
    if "|" in s:
        return _row_heading(line, R)
    if ":" not in s:
        return None
    # inline headings: "Inclusion Criteria: * adults ..." / "eligibilityCriteria: Inclusion Criteria:"
    lead = len(line) - len(line.lstrip())
    body = line[lead:]
    km = _CAMEL_KEY.match(body)
    for candidate_off in ([km.end()] if km else []) + [0]:
        b = body[candidate_off:]
        b_stripped = b.lstrip("#*_ \"'")
        off = lead + candidate_off + (len(b) - len(b_stripped))
        core2 = _strip_marks(b_stripped)
        if candidate_off and len(core2) <= _MAX_HEADING:
            hit = _full_heading(core2, R)
            if hit:
                return hit
        for rid, sec, pat in R.inline_headings:
            m = pat.match(b_stripped)
            if m:
                return rid, sec, off + m.end()
    return None


_CELL_CODE = re.compile(r"^(?:[A-Z](?:\.\d+)*\.?|[A-Z]?\d+(?:\.\d+)*\.?|[A-Z]\.\d+(?:\.\d+)*)$")


def _row_heading(line: str, R: LayoutRules):
    """A table row that is a heading: its only cell besides a numbering code is one
    ("E.3 | Principal inclusion criteria |"), or its first cell names a criteria list whose
    content follows in the row's other cells ("Exclusion Criteria | Details | 1. ...")."""
    cells = [c.strip(" *_:") for c in line.split("|")]
    cells = [c for c in cells if c]
    if len(cells) > 1 and _CELL_CODE.match(cells[0]):
        cells = cells[1:]
    if not cells or len(cells[0]) > _MAX_HEADING:
        return None
    hit = _full_heading(cells[0], R)
    if hit and len(cells) == 1:
        return hit
    if hit and hit[1] in ELIG_LISTS and not line.lstrip().startswith("|"):
        return hit[0], hit[1], line.index("|") + 1
    return None


def detect_layout(text: str) -> str:
    R = rules()
    best, best_score = "unknown", 0.0
    head = "\n" + text[:20000]
    for lid, min_score, sigs, _ in R.layouts:
        score = sum(w for pat, w, words in sigs if (not words or any(x in head for x in words)) and pat.search(head))
        if score >= min_score and score > best_score:
            best, best_score = lid, score
    return best


# -------------------------------------------------------------------------- sections
def _sections(text: str, lines: list[Line], R: LayoutRules) -> list[tuple[Section, int | None]]:
    """Flat sections in page order, each with the offset where its content starts."""
    opened: list[tuple[str, str | None, str, int, int | None]] = []  # (name, heading, rule_id, line_idx, content_start)
    current = None
    prev_nonempty = ""
    list_items_seen = False
    list_md_level = 0  # markdown level of the heading that opened the current criteria list
    for i, ln in enumerate(lines):
        if not ln.text.strip():
            continue
        item = current in ELIG_LISTS and LIST_ITEM.search(ln.text) is not None
        list_items_seen = list_items_seen or item
        h = heading_of(ln.text, R)
        if h:
            rid, sec, inline_off = h
            content = ln.start + inline_off if inline_off is not None else None
            opened.append((sec, ln.text.strip(), rid, i, content))
            current = sec
            list_items_seen = False
            md = _MD_HEADING.match(ln.text)
            list_md_level = len(md.group(1)) if md else 0
        elif current in ELIG_LISTS and (md := _MD_HEADING.match(ln.text)) \
                and len(md.group(1)) <= (list_md_level or 2):
            # a markdown heading of the list's own level (or a top-level one) ends the list
            opened.append(("other", ln.text.strip(), "md.heading", i, None))
            current = "other"
        elif current in ELIG_LISTS:
            # implicit openers never apply inside a criteria list; a label row ends it
            ends = R.list_end if list_items_seen and not item else R.list_end_items
            end = ends(ln.text)
            if end:
                opened.append((end[1], None, end[0], i, ln.start))
                current = end[1]
        elif R.implicit_at_start.match(ln.text) or R.implicit_inside.search(ln.text):
            for rid, sec, pat, when_in, after_table in R.implicit:
                if when_in and current not in when_in:
                    continue
                if after_table and not prev_nonempty.rstrip().endswith("|"):
                    continue
                if sec == current and rid != "imp.official_title_row":
                    continue
                if pat.search(ln.text):
                    opened.append((sec, None, rid, i, ln.start))
                    current = sec
                    break
        prev_nonempty = ln.text
    out: list[tuple[Section, int | None]] = []
    for k, (sec, heading, rid, li, content) in enumerate(opened):
        start = content if content is not None else (
            lines[li].start if heading is None else (lines[li + 1].start if li + 1 < len(lines) else len(text))
        )
        end = lines[opened[k + 1][3]].start if k + 1 < len(opened) else len(text)
        start = min(start, len(text))
        end = max(start, min(end, len(text)))
        end = rstrip_end(text, start, end)
        out.append((Section(sec, start, end, heading, rid), content))
    return out


def _title_section(text: str, lines: list[Line], R) -> Section | None:
    """The page's first line, when it reads as a title (not a heading, not a list item);
    site bars, breadcrumbs and rules above it are skipped."""
    skipped = 0
    for i, ln in enumerate(lines):
        s = ln.text.strip()
        if not s:
            continue
        if skipped < 6 and (any(p.search(s) for p in R.title_skip)
                            or not any(p.search(s) for p in R.title_needs)):
            skipped += 1
            continue
        if heading_of(ln.text, R):
            return None
        if s.startswith(("-", "*", "|", "!", "[")) or len(s) > 400 or len(s) < 8:
            return None
        if re.match(r"^(?:NCT\d{8}|https?://)", s):
            return None
        lead = len(ln.text) - len(ln.text.lstrip(" #"))
        end = ln.end
        while end > ln.start + lead and ln.text[end - ln.start - 1] in " |#":
            end -= 1
        return Section("title", ln.start + lead, end, None, "title.first_line")
    return None


# ------------------------------------------------------------------------------- API
def analyze(text: str) -> Layout:
    """Detect the layout of ``text`` and split it into sections and criteria."""
    R = rules()
    lines = _lines(text, R)
    name = detect_layout(text)
    flat = _sections(text, lines, R)
    sections = [s for s, _ in flat]
    title = None if name in R.no_title_layouts else _title_section(text, lines, R)
    if title and not any(s.start <= title.start < s.end for s in sections):
        sections.insert(0, title)
    sections = peel_value_lines(text, sections, R)
    sections = column_pairs(text, sections, lines)
    sections = lone_exclusion(text, sections, lines, R)
    sections = translations(text, language_copies(text, sections, lines, R))
    sections.extend(eligibility_spans(sections))
    sections.sort(key=lambda s: (s.start, -s.end))
    criteria = read_criteria(text, sections, lines)
    return Layout(name, sections, criteria)



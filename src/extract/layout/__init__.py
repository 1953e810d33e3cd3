"""Layout detection and sectioning: text -> :class:`Layout` (sections + eligibility criteria).

Everything that names a heading, a layout signal or a value shape is rule data
(``rules/sections.yaml``, ``rules/layouts.yaml``); this module is the mechanism:

1. split the text into lines with offsets;
2. score the layout signals;
3. open a section at every heading line (or implicit section opener), close it at the next;
4. split the inclusion/exclusion sections into criteria: list markers, nested numbering,
   run-together items on one line ("1. A; 2. B; 3. C"), unmarked lines;
5. peel trailing value-shaped lines (a label-stripped page's "18 Years", "ALL", "No") off the
   last criteria list.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from .. import ruledata
from ..model import EXCLUSION, INCLUSION, Criterion, Layout, Section

__all__ = ["analyze", "detect_layout", "LayoutRules"]


@dataclass(frozen=True)
class _Line:
    start: int
    end: int  # exclusive, before the newline
    text: str


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
        # one search per line tells whether any implicit opener can apply at all
        self.implicit_any = re.compile("|".join(f"(?:{p.pattern})" for _, _, p, _, _ in self.implicit), re.I)
        ends = ruledata.load("sections.yaml", required=["section", "pattern"], key="list_end")
        self.list_end = [(r["id"], r["section"], re.compile(r["pattern"])) for r in ends if not r.get("items")]
        # rows that end a list even on a line marked as an item ("3. WHAT TREATMENT WILL I GET?")
        self.list_end_items = [(r["id"], r["section"], re.compile(r["pattern"])) for r in ends if r.get("items")]
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
                     float(s.get("weight", 1))) for s in r["signals"]]
            self.layouts.append((r["id"], float(r.get("min_score", 1)), sigs, bool(r.get("stripped"))))
        self.stripped_layouts = frozenset(lid for lid, _, _, s in self.layouts if s)
        self.no_title_layouts = frozenset(
            r["id"] for r in ruledata.load("layouts.yaml", required=["signals"]) if r.get("first_line_title") is False
        )
        self.breaks = [
            (r["id"], re.compile(r["pattern"], re.M), int(r.get("min_count") or 1),
             re.compile(r["after"]) if r.get("after") else None,
             re.compile(r["trigger"]) if r.get("trigger") else None)
            for r in ruledata.load("sections.yaml", required=["pattern"], key="inline_breaks")
        ]
        self.title_needs = [
            re.compile(r["pattern"]) for r in ruledata.load("sections.yaml", required=["pattern"], key="title_needs")
        ]
        self.title_skip = [
            re.compile(r["pattern"], re.I) for r in ruledata.load("sections.yaml", required=["pattern"], key="title_skip")
        ]


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
_NUMBERED = re.compile(r"\d{1,2}[.)]\s")
_ITEM_MARK = re.compile(r"^(?:[-•·–]|\d{1,2}[.)])\s*")
_LEAD_MARKS, _TRAIL_MARKS = "#*_>", "*_:|"


def _strip_marks(s: str) -> str:
    """``_HEAD_STRIP.sub("", s)`` without running the pattern at every position of the line."""
    if "{#" in s:
        return _HEAD_STRIP.sub("", s)
    i, j = 0, len(s)
    while i < j and (s[i] in _LEAD_MARKS or s[i].isspace()):
        i += 1
    while j > i and (s[j - 1] in _TRAIL_MARKS or s[j - 1].isspace()):
        j -= 1
    if j - i > 2 and s[j - 1] in "-–" and s[j - 2].isspace():  # "Key inclusion criteria -"
        j -= 1
        while j > i and s[j - 1].isspace():
            j -= 1
    return s[i:j]


class _LineList(list):
    """The logical lines of a page, with their end offsets for bisection (built once)."""

    @property
    def ends(self) -> list[int]:
        e = self.__dict__.get("_ends")
        if e is None:
            e = self.__dict__["_ends"] = [ln.end for ln in self]
        return e


def _lines(text: str, R: LayoutRules | None = None) -> list[_Line]:
    """Logical lines: the physical lines, each split further at the inline breaks of the
    rules (a heading in mid-line, inline bullets), as (start, end) ranges of ``text``."""
    cuts = _breaks(text, R) if R is not None else {}
    out = _LineList()
    pos = 0
    for part in text.split("\n"):
        prev = 0
        for c in cuts.get(pos, ()):
            if c > prev and part[prev:c].strip():
                out.append(_Line(pos + prev, pos + c, part[prev:c]))
                prev = c
        out.append(_Line(pos + prev, pos + len(part), part[prev:]))
        pos += len(part) + 1
    return out


def _breaks(text: str, R: LayoutRules) -> dict[int, list[int]]:
    """Line start -> sorted offsets in that line where a new logical line starts. Each rule
    is one pass over the whole text; ``min_count`` counts a rule's matches per line."""
    cuts: dict[int, set[int]] = {}
    for _rid, rx, min_count, after, trigger in R.breaks:
        if trigger is not None and not trigger.search(text):
            continue
        per_line: dict[int, list[int]] = {}
        for m in rx.finditer(text):
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


def _heading_of(line: str, R: LayoutRules):
    """(rule_id, section, content_offset_in_line or None) when the line is a heading."""
    s = line.strip()
    if not s or len(s) > 400:
        return None
    if s[0] in "-•·–" or _NUMBERED.match(s):
        # list items are never headings, but for a criteria-list heading numbered as an item
        # of the list it ends ("13. Exclusion Criteria:")
        if len(s) > _MAX_HEADING + 6:
            return None
        item = _strip_marks(_ITEM_MARK.sub("", s))
        hit = _full_heading(item, R)
        return hit if hit and hit[1] in _ELIG_LISTS else None
    core = _strip_marks(s)
    if s.startswith("#"):  # a numbered markdown heading: "## 3 · Design"
        core = _MD_NUMBER.sub("", core)
    bk = _BRACKET_KEY.match(core)
    if bk:
        core = bk.group(1)
    if len(core) <= _MAX_HEADING:
        hit = _full_heading(core, R)
        if hit:
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
    if hit and hit[1] in _ELIG_LISTS and not line.lstrip().startswith("|"):
        return hit[0], hit[1], line.index("|") + 1
    return None


def detect_layout(text: str) -> str:
    R = rules()
    best, best_score = "unknown", 0.0
    head = "\n" + text[:20000]
    for lid, min_score, sigs, _ in R.layouts:
        score = sum(w for pat, w in sigs if pat.search(head))
        if score >= min_score and score > best_score:
            best, best_score = lid, score
    return best


# -------------------------------------------------------------------------- sections
_ELIG_LISTS = {"inclusion", "exclusion"}


def _sections(text: str, lines: list[_Line], R: LayoutRules) -> list[tuple[Section, int | None]]:
    """Flat sections in page order, each with the offset where its content starts."""
    opened: list[tuple[str, str | None, str, int, int | None]] = []  # (name, heading, rule_id, line_idx, content_start)
    current = None
    prev_nonempty = ""
    list_items_seen = False
    list_md_level = 0  # markdown level of the heading that opened the current criteria list
    for i, ln in enumerate(lines):
        if not ln.text.strip():
            continue
        if current in _ELIG_LISTS and _LIST_ITEM.search(ln.text):
            list_items_seen = True
        h = _heading_of(ln.text, R)
        if h:
            rid, sec, inline_off = h
            content = ln.start + inline_off if inline_off is not None else None
            opened.append((sec, ln.text.strip(), rid, i, content))
            current = sec
            list_items_seen = False
            md = _MD_HEADING.match(ln.text)
            list_md_level = len(md.group(1)) if md else 0
        elif current in _ELIG_LISTS and (md := _MD_HEADING.match(ln.text)) \
                and len(md.group(1)) <= (list_md_level or 2):
            # a markdown heading of the list's own level (or a top-level one) ends the list
            opened.append(("other", ln.text.strip(), "md.heading", i, None))
            current = "other"
        elif current in _ELIG_LISTS:
            # implicit openers never apply inside a criteria list; a label row ends it
            ends = R.list_end if list_items_seen and not _LIST_ITEM.search(ln.text) else R.list_end_items
            for rid, sec, pat in ends:
                if pat.match(ln.text):
                    opened.append((sec, None, rid, i, ln.start))
                    current = sec
                    break
        elif R.implicit_any.search(ln.text):
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
        end = _rstrip_end(text, start, end)
        out.append((Section(sec, start, end, heading, rid), content))
    return out


# "?" and "\ufffd" at a line start are bullets that were lost in decoding ("? Age = 18 years")
_LIST_ITEM = re.compile(r"^\s*(?:[-*•·–?\ufffd]\s+|\(?\d{1,2}[.)]\s)|(?:^|\s)1\.\s+\S")


def _rstrip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " \n\t|":
        end -= 1
    return end


def _title_section(text: str, lines: list[_Line], R) -> Section | None:
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
        if _heading_of(ln.text, R):
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


# -------------------------------------------------------------------------- criteria
_MARKER = re.compile(
    r"^(?P<indent>[ \t]*)"
    r"(?P<bullet>[-*•·–—○▪►◦+]\s*|[?\ufffd]\s+)?"
    r"(?:(?P<num>\d{1,2})[.)](?=\s|$)\s*|\((?P<pnum>\d{1,2})\)\s*"
    r"|(?P<alpha>[a-z])[.)]\s+|\((?P<palpha>[a-z])\)\s*"
    r"|(?P<roman>(?:i{1,3}|iv|v|vi{1,3}|ix|x))[.)]\s+|\((?P<proman>(?:i{1,3}|iv|v|vi{1,3}|ix|x))\)\s*)?"
)
_RUN_TOGETHER = re.compile(r"(?:(?<=[;.:!?])|(?<=[;.:!?]\s)|(?<=\s))\s*(?P<n>\d{1,2})[.)]\s+(?=\S)")


def _split_run_together(text: str, start: int, end: int, first_number: int | None) -> list[tuple[int, int, int | None]]:
    """Split "1. A; 2. B; 3. C" (content after the first marker) into (start, end, number)."""
    if first_number is None:
        return [(start, end, None)]
    pieces = []
    expect = first_number + 1
    seg_start = start
    n_cur = first_number
    for m in _RUN_TOGETHER.finditer(text, start, end):
        if int(m.group("n")) == expect and m.start() > seg_start:
            pieces.append((seg_start, m.start(), n_cur))
            seg_start = m.end()
            n_cur = expect
            expect += 1
    pieces.append((seg_start, end, n_cur))
    return pieces


_HAS_WORD = re.compile(r"[^\W_]")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t":
        start += 1
    while end > start and text[end - 1] in " \t;|":
        end -= 1
    return start, end


def _criteria(text: str, sections: list[Section], lines: list[_Line]) -> list[Criterion]:
    crits: list[Criterion] = []
    # a page with an eligibility section but no inclusion heading ("Who can take part?" then
    # a list): that section's items are the inclusion criteria
    no_inclusion = not any(s.name == "inclusion" for s in sections)
    for sec in sections:
        as_inclusion = no_inclusion and sec.name == "eligibility" and sec.rule_id == "sec.eligibility"
        if sec.name not in _ELIG_LISTS and not as_inclusion:
            continue
        if as_inclusion and _mixed_prose(text, sec, lines):
            continue
        ctype = EXCLUSION if sec.name == "exclusion" else INCLUSION
        found = _criteria_of(text, sec, ctype, base=len(crits), lines=lines)
        crits.extend(_own_cue_types(found) if as_inclusion else found)
    return crits


def _own_cue_types(crits: list[Criterion]) -> list[Criterion]:
    """Under an eligibility heading read as the inclusion list, a sentence of its own that says
    who is excluded ("Volunteers could not take part if they ...") is an exclusion criterion."""
    from ..context import rules as context_rules

    cue = context_rules().exclusion
    return [Criterion(EXCLUSION, c.start, c.end, c.text, c.parent, c.heading)
            if c.parent is None and cue.search(c.text) else c for c in crits]


def _mixed_prose(text: str, sec: Section, lines) -> bool:
    """Prose under an eligibility heading that also says who is excluded ("women aged ... are
    eligible if ...; patients with ... are not eligible"): not one inclusion list. The context
    layer cuts it into units and types each by its own cue."""
    from ..context import rules as context_rules

    spans = list(_section_lines(text, sec, lines))
    if any(_LIST_ITEM.search(text[a:b]) for a, b in spans):
        return False
    return context_rules().exclusion.search(text, sec.start, sec.end) is not None


def _section_lines(text: str, sec: Section, lines: list[_Line]):
    """The logical lines of ``sec``, clipped to it, as (start, end)."""
    ends = lines.ends if isinstance(lines, _LineList) else [ln.end for ln in lines]
    k = bisect_right(ends, sec.start - 1) if lines else 0
    for ln in lines[k:]:
        if ln.start >= sec.end:
            break
        s, e = max(ln.start, sec.start), min(ln.end, sec.end)
        if e >= s:
            yield s, e


def _criteria_of(text: str, sec: Section, ctype: str, base: int, lines: list[_Line]) -> list[Criterion]:
    out: list[Criterion] = []
    # numbering levels: [expected_next, parent_index]
    levels: list[list] = []
    prev_unmarked = False
    bullet_stack: list[tuple[int, int]] = []  # (indent, criterion index)
    last_numbered: int | None = None
    prev_content_col: int | None = None  # column where the previous item's text started
    prev_blank = True
    for pos, line_end in _section_lines(text, sec, lines):
        line = text[pos:line_end]
        if not line.strip():
            prev_blank = True
            continue
        m = _MARKER.match(line)
        content_start = pos + m.end()
        indent = len(m.group("indent").expandtabs(4))
        num = m.group("num") or m.group("pnum")
        sub = m.group("alpha") or m.group("palpha") or m.group("roman") or m.group("proman")
        marked = bool(num or sub or m.group("bullet"))
        if (not marked and out and not prev_blank and prev_content_col is not None
                and prev_content_col >= 2 and indent >= prev_content_col):
            # a wrapped line, indented to the text of the item above: same criterion
            last = out[-1]
            e = _trim(text, content_start, line_end)[1]
            out[-1] = Criterion(last.criterion_type, last.start, e, text[last.start:e], last.parent, last.heading)
            prev_blank = False
            continue
        pieces = _split_run_together(text, content_start, line_end, int(num) if num else None)
        for k, (s, e, n) in enumerate(pieces):
            s, e = _trim(text, s, e)
            if e <= s or not _HAS_WORD.search(text, s, e):
                continue  # nothing but punctuation (a closing quote of an export string)
            idx = base + len(out)
            parent = None
            if n is not None:
                parent = _place_numbered(levels, n, idx, out, base, prev_unmarked and k == 0)
                bullet_stack.clear()
                last_numbered = idx
            elif sub is not None:
                parent = last_numbered
            elif m.group("bullet"):
                while bullet_stack and bullet_stack[-1][0] >= indent:
                    bullet_stack.pop()
                parent = bullet_stack[-1][1] if bullet_stack else (levels[-1][1] if levels else None)
                bullet_stack.append((indent, idx))
            else:  # an unmarked line: a criterion of its own, sibling of the current level
                parent = levels[-1][1] if levels else None
            heading = out[parent - base].text if parent is not None and parent - base < len(out) else None
            out.append(Criterion(ctype, s, e, text[s:e], parent, heading))
        prev_unmarked = not marked
        prev_content_col = content_start - pos
        prev_blank = False
    return out


def _place_numbered(levels: list[list], n: int, idx: int, out: list[Criterion], base: int, after_unmarked: bool):
    """Find the numbering level item ``n`` continues; returns its parent criterion index."""
    for depth in range(len(levels) - 1, -1, -1):
        if levels[depth][0] == n:
            del levels[depth + 1:]
            levels[depth][0] = n + 1
            return levels[depth][1]
    if not levels or n != 1:
        if not levels:
            levels.append([n + 1, None])
            return None
        levels[-1][0] = n + 1
        return levels[-1][1]
    # a new list starting at 1: nested under the latest heading-like criterion
    if after_unmarked and len(levels) > 1:
        levels.pop()  # a sibling sub-list, not a deeper one
    parent = _last_numbered_or_colon(out, base, after=levels[-1][1] if levels else None)
    levels.append([2, parent])
    return parent


def _last_numbered_or_colon(out: list[Criterion], base: int, after: int | None = None) -> int | None:
    """Index of the latest criterion ending with ':' (a list heading), else the latest one."""
    for j in range(len(out) - 1, -1, -1):
        if after is not None and base + j <= after:
            break
        if out[j].text.rstrip().endswith(":"):
            return base + j
    return base + len(out) - 1 if out else None


def _peel_value_lines(text: str, sections: list[Section], R: LayoutRules) -> list[Section]:
    """Split value-shaped trailing lines off the last criteria list into an eligibility section."""
    for k in range(len(sections) - 1, -1, -1):
        sec = sections[k]
        if sec.name not in _ELIG_LISTS:
            continue
        body = text[sec.start:sec.end]
        lines = body.split("\n")
        cut = len(lines)
        while cut > 0 and (not lines[cut - 1].strip() or any(p.match(lines[cut - 1].strip()) for p in R.value_shapes)):
            cut -= 1
        if cut == len(lines) or not any(ln.strip() for ln in lines[cut:]):
            return sections
        new_end = sec.start + len("\n".join(lines[:cut]))
        peeled_start = new_end + 1 if new_end < sec.end else new_end
        sections = list(sections)
        sections[k] = Section(sec.name, sec.start, _rstrip_end(text, sec.start, new_end), sec.heading, sec.rule_id)
        sections.insert(k + 1, Section("eligibility", peeled_start, sec.end, None, "shape.elig_fields"))
        return sections
    return sections


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
    sections = _peel_value_lines(text, sections, R)
    sections = _column_pairs(text, sections, lines)
    sections = _lone_exclusion(text, sections, lines, R)
    sections = _translations(text, _language_copies(text, sections, lines, R))
    sections.extend(_eligibility_spans(sections))
    sections.sort(key=lambda s: (s.start, -s.end))
    criteria = _criteria(text, sections, lines)
    return Layout(name, sections, criteria)


_FIRST_ITEM = re.compile(r"[ \t]*(?:[-*•]\s*)?\(?1[.)]\s")


def _column_pairs(text: str, sections: list[Section], lines: list[_Line]) -> list[Section]:
    """An inclusion heading with nothing under it, right before an exclusion heading: a
    two-column table (or a pair of tabs) flattened column by column. The list that follows
    is the inclusion list up to the next exclusion heading, or else up to where its numbering
    starts again at 1 (the exclusion column)."""
    out = list(sections)
    for k in range(len(out) - 1):
        inc, exc = out[k], out[k + 1]
        if inc.name != "inclusion" or exc.name != "exclusion" or text[inc.start:inc.end].strip():
            continue
        if any(s.name == "exclusion" for s in out[k + 2:]):
            out[k + 1] = Section("inclusion", exc.start, exc.end, exc.heading, exc.rule_id)
            continue
        restart = None
        for ls, le in _section_lines(text, exc, lines):
            if restart is None and _FIRST_ITEM.match(text, ls, le):
                restart = -1  # the first list's own "1."
            elif restart == -1 and _FIRST_ITEM.match(text, ls, le):
                restart = ls
                break
        if restart and restart > 0:
            out[k + 1] = Section("inclusion", exc.start, _rstrip_end(text, exc.start, restart), exc.heading, exc.rule_id)
            out.insert(k + 2, Section("exclusion", restart, exc.end, exc.heading, exc.rule_id))
    return out


def _eligibility_spans(sections: list[Section]) -> list[Section]:
    """One ``eligibility`` section around each run of consecutive inclusion/exclusion lists
    (an "Eligibility" heading, where there is one, covers only the text before the lists)."""
    out = []
    run: list[Section] = []
    for s in sections + [Section("other", 10**12, 10**12)]:
        if s.name in _ELIG_LISTS:
            run.append(s)
            continue
        if run:
            out.append(Section("eligibility", run[0].start, run[-1].end, None, "derived.eligibility"))
            run = []
    return out


# ---------------------------------------------------------------- unfamiliar arrangements
_ITEM_MARK_KIND = re.compile(r"(?:([-*•·–?\ufffd])\s|\(?\d{1,2}[.)]\s)")


def _lone_exclusion(text: str, sections: list[Section], lines, R: LayoutRules) -> list[Section]:
    """An exclusion list with no inclusion list on the page: the inclusion criteria stand right
    before it under another heading. The run of list items that ends at the exclusion heading
    becomes the inclusion list; with no such run, a short section of the kinds the rules name
    (``inclusion_before_exclusion``) right before it does."""
    if any(s.name == "inclusion" for s in sections):
        return sections
    # the last exclusion list (a table of contents may name the exclusion heading before it)
    k = next((i for i in range(len(sections) - 1, -1, -1) if sections[i].name == "exclusion"), None)
    if not k:
        return sections
    prev, exc = sections[k - 1], sections[k]
    if prev.end > exc.start:
        return sections
    run_start, mark = None, None
    for ls, le in reversed(list(_section_lines(text, prev, lines))):
        line = text[ls:le].strip()
        if not line:
            continue
        m = _ITEM_MARK_KIND.match(line)
        kind = m and (m.group(1) or "n")
        if not m or (mark is not None and kind != mark):
            break  # the run is the items marked alike ("?" items after "- Label" rows are not one list)
        mark, run_start = kind, ls
    out = list(sections)
    items = [1 for ls, le in _section_lines(text, Section("x", run_start, prev.end), lines)
             if text[ls:le].strip()] if run_start is not None else []
    if len(items) >= 2 and run_start == prev.start and prev.rule_id == "sec.eligibility":
        return sections  # an eligibility heading over the list: read as the inclusion list already
    if len(items) >= 2:
        head = _rstrip_end(text, prev.start, run_start)
        out[k - 1:k] = ([Section(prev.name, prev.start, head, prev.heading, prev.rule_id)] if head > prev.start else []) \
            + [Section("inclusion", run_start, prev.end, None, "derived.inclusion_before_exclusion")]
        return out
    body = [ln for ln in text[prev.start:prev.end].split("\n") if ln.strip()]
    if prev.name in R.inclusion_before_exclusion and prev.heading and 0 < len(body) <= 3:
        out[k - 1] = Section("inclusion", prev.start, prev.end, prev.heading, "derived.inclusion_before_exclusion")
    return out


def _language_copies(text: str, sections: list[Section], lines, R: LayoutRules) -> list[Section]:
    """A criteria list given once per language, each copy under a line that names its language
    ("日本語" ... "英語" ...): one section per copy."""
    out: list[Section] = []
    for sec in sections:
        marks = [(ls, le) for ls, le in _section_lines(text, sec, lines) if sec.name in _ELIG_LISTS
                 and R.language_marks.match(text, ls, le)] if sec.name in _ELIG_LISTS else []
        if len(marks) < 2:
            out.append(sec)
            continue
        cuts = [sec.start] + [le + 1 for _, le in marks]
        for i, a in enumerate(cuts):
            b = marks[i][0] if i < len(marks) else sec.end
            b = _rstrip_end(text, a, min(b, sec.end))
            if text[a:b].strip():
                out.append(Section(sec.name, a, b, sec.heading, sec.rule_id))
    return out


_NUMBER_TOKEN = re.compile(r"\d+(?:[.,]\d+)?")


def _translations(text: str, sections: list[Section]) -> list[Section]:
    """A criteria list that repeats the list of the same kind before it in another language
    (the same numbers, in the same amount) is not read again: it becomes ``other``."""
    from collections import Counter

    out = list(sections)
    last: dict[str, Counter] = {}
    for i, sec in enumerate(out):
        if sec.name not in _ELIG_LISTS:
            continue
        tokens = _NUMBER_TOKEN.findall(text, sec.start, sec.end)
        if len(tokens) < 3:
            continue  # too little to compare (a heading's remainder before the first copy)
        nums = Counter(tokens)
        before = last.get(sec.name)
        last[sec.name] = nums
        n = sum(before.values()) if before else 0
        if n:
            # the copy may run on past its list (an unrecognised label after it): its first numbers
            if sum((before & Counter(tokens[:n])).values()) >= 0.8 * n:
                out[i] = Section("other", sec.start, sec.end, sec.heading, "derived.translation")
                last[sec.name] = before
    return out

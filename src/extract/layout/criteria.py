"""Eligibility criteria of the inclusion/exclusion sections: list markers, nested numbering,
run-together items on one line ("1. A; 2. B; 3. C"), unmarked lines."""
from __future__ import annotations

import re

from ..model import EXCLUSION, INCLUSION, Criterion, Section
from .lines import _ELIG_LISTS, _LIST_ITEM, _Line, _section_lines

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
    nxt = str(first_number + 1)
    if text.find(nxt + ".", start, end) < 0 and text.find(nxt + ")", start, end) < 0:
        return [(start, end, first_number)]  # the next number is nowhere in the line
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
            # with no criteria list on the page the context layer cuts it; beside a list it would be lost
            if any(s.name in _ELIG_LISTS for s in sections):
                crits.extend(_prose_units(text, sec, lines))
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


def _prose_units(text: str, sec: Section, lines) -> list[Criterion]:
    """Prose under an eligibility heading beside a criteria list ("Who can take part" prose, then
    "Not eligible: ..."): each sentence or semicolon-separated unit (rules/context.yaml unit_breaks)
    a criterion, an exclusion when it holds an exclusion cue."""
    from ..context import rules as context_rules

    R = context_rules()
    out: list[Criterion] = []
    for a, b in _section_lines(text, sec, lines):
        cuts = [m.end() for m in R.unit_break.finditer(text, a, b)] + [b]
        prev = a
        for c in cuts:
            s, e = _trim(text, prev, c)
            prev = c
            if e > s and _HAS_WORD.search(text, s, e):
                ctype = EXCLUSION if R.exclusion.search(text, s, e) else INCLUSION
                out.append(Criterion(ctype, s, e, text[s:e]))
    return out


def _criteria_of(text: str, sec: Section, ctype: str, base: int, lines: list[_Line]) -> list[Criterion]:
    out: list[Criterion] = []
    # numbering levels: [expected_next, parent_index]
    levels: list[list] = []
    prev_unmarked = False
    bullet_stack: list[tuple[int, int]] = []  # (indent, criterion index)
    last_numbered: int | None = None
    prev_content_col: int | None = None  # column where the previous item's text started
    prev_blank = True
    in_marked = False  # the line before belongs to a marked item (its first line or a wrapped one)
    n_marked = 0
    tail: int | None = None  # where unmarked paragraphs after the marked items began
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
        n_marked += marked
        if marked:
            tail = None
        elif tail is None and prev_blank and n_marked >= 2 and out and "|" not in line:
            tail = len(out)
        if (not marked and out and not prev_blank and prev_content_col is not None
                and ((prev_content_col >= 2 and indent >= prev_content_col)
                     or (in_marked and _runs_on(text, out[-1].end, content_start, line_end)))):
            # a wrapped line, indented to the text of the item above, or hard-wrapped at the margin in
            # mid-sentence (the item above ends without punctuation, this line goes on in lower case): same criterion
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
        in_marked = marked
        prev_content_col = content_start - pos
        prev_blank = False
    # a marked list ends at its last item: the plain paragraphs after it (a blank line, then
    # unmarked lines and no marked item after them: prose, a contact block, links to other
    # studies) are not criteria; a table's "label | value" rows under the list stay its criteria
    return out if tail is None else out[:tail]


def _runs_on(text: str, item_end: int, start: int, line_end: int) -> bool:
    """Whether a line at the margin continues the item above mid-sentence: the item ends without
    closing punctuation and the line starts in lower case ("... (<= 5 x ULN if liver" / "metastases are present).")."""
    last = text[item_end - 1] if item_end > 0 else ""
    first = text[start] if start < line_end else ""
    return bool(last) and last not in ".;:!?|" and first.islower() and "|" not in text[start:line_end]


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



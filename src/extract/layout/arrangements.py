"""Rearrangements of the sections found: value lines peeled off a list, two-column tables,
eligibility spans, and the arrangements of unfamiliar pages (a lone exclusion list, a list
given once per language)."""
from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from ..model import Section
from .lines import ELIG_LISTS, Line, rstrip_end, section_lines

if TYPE_CHECKING:
    from . import LayoutRules


def peel_value_lines(text: str, sections: list[Section], R: LayoutRules) -> list[Section]:
    """Split value-shaped trailing lines off the last criteria list into an eligibility section."""
    for k in range(len(sections) - 1, -1, -1):
        sec = sections[k]
        if sec.name not in ELIG_LISTS:
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
        sections[k] = Section(sec.name, sec.start, rstrip_end(text, sec.start, new_end), sec.heading, sec.rule_id)
        sections.insert(k + 1, Section("eligibility", peeled_start, sec.end, None, "shape.elig_fields"))
        return sections
    return sections


_FIRST_ITEM = re.compile(r"[ \t]*(?:[-*•]\s*)?\(?1[.)]\s")


def column_pairs(text: str, sections: list[Section], lines: list[Line]) -> list[Section]:
    """An inclusion heading with nothing under it, right before an exclusion heading: a
    two-column table (or a pair of tabs) flattened column by column. The list that follows
    is the inclusion list up to the next exclusion heading, or else up to where its numbering
    starts again at 1 (the exclusion column)."""
    out = list(sections)
    for k in range(len(out) - 1):
        inc, exc = out[k], out[k + 1]
        if inc.name != "inclusion" or exc.name != "exclusion" or text[inc.start:inc.end].strip():
            continue
        cells = _cell_rows(text, inc, exc, lines)
        if cells:
            out[k:k + 2] = cells
            return out
        if any(s.name == "exclusion" for s in out[k + 2:]):
            out[k + 1] = Section("inclusion", exc.start, exc.end, exc.heading, exc.rule_id)
            continue
        restart = None
        for ls, le in section_lines(text, exc, lines):
            if restart is None and _FIRST_ITEM.match(text, ls, le):
                restart = -1  # the first list's own "1."
            elif restart == -1 and _FIRST_ITEM.match(text, ls, le):
                restart = ls
                break
        if restart and restart > 0:
            out[k + 1] = Section("inclusion", exc.start, rstrip_end(text, exc.start, restart), exc.heading, exc.rule_id)
            out.insert(k + 2, Section("exclusion", restart, exc.end, exc.heading, exc.rule_id))
    return out


_CELL_SEP = re.compile(r"[ \t]*\|[ \t]*|\t+")


def _cell_rows(text: str, inc: Section, exc: Section, lines: list[Line]) -> list[Section]:
    """A header row "Inclusion criteria | Exclusion criteria" over rows "<inclusion cell> |
    <exclusion cell>" (a two-column table flattened one row per line): each cell a section of
    its own, up to the first line without a cell separator (the rest stays an exclusion)."""
    hs = text.rfind("\n", 0, exc.start - 1) + 1
    if inc.start < hs or not _CELL_SEP.search(text, hs, exc.start):
        return []  # the two headings are not cells of one header row
    out: list[Section] = []
    rest = exc.start
    for ls, le in section_lines(text, exc, lines):
        if ls == exc.start and not text[ls:le].strip():
            continue
        sep = _CELL_SEP.search(text, ls, le)
        if sep is None or not text[ls:le].strip():
            break
        if text[ls:sep.start()].strip():
            out.append(Section("inclusion", ls, sep.start(), inc.heading, inc.rule_id))
        if text[sep.end():le].strip():
            out.append(Section("exclusion", sep.end(), rstrip_end(text, sep.end(), le), exc.heading, exc.rule_id))
        rest = min(le + 1, exc.end)
    if len(out) < 2:
        return []
    if rest < exc.end and text[rest:exc.end].strip():
        out.append(Section("exclusion", rest, exc.end, exc.heading, exc.rule_id))
    return out


def eligibility_spans(sections: list[Section]) -> list[Section]:
    """One ``eligibility`` section around each run of consecutive inclusion/exclusion lists
    (an "Eligibility" heading, where there is one, covers only the text before the lists)."""
    out = []
    run: list[Section] = []
    for s in sections + [Section("other", 10**12, 10**12)]:
        if s.name in ELIG_LISTS:
            run.append(s)
            continue
        if run:
            out.append(Section("eligibility", run[0].start, run[-1].end, None, "derived.eligibility"))
            run = []
    return out


# ---------------------------------------------------------------- unfamiliar arrangements
_ITEM_MARK_KIND = re.compile(r"(?:([-*•·–?\ufffd])\s|\(?\d{1,2}[.)]\s)")


def lone_exclusion(text: str, sections: list[Section], lines, R: LayoutRules) -> list[Section]:
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
    for ls, le in reversed(list(section_lines(text, prev, lines))):
        line = text[ls:le].strip()
        if not line:
            continue
        m = _ITEM_MARK_KIND.match(line)
        kind = m and (m.group(1) or "n")
        if not m or (mark is not None and kind != mark):
            break  # the run is the items marked alike ("?" items after "- Label" rows are not one list)
        mark, run_start = kind, ls
    out = list(sections)
    items = [1 for ls, le in section_lines(text, Section("x", run_start, prev.end), lines)
             if text[ls:le].strip()] if run_start is not None else []
    if len(items) >= 2 and run_start == prev.start and prev.rule_id == "sec.eligibility":
        return sections  # an eligibility heading over the list: read as the inclusion list already
    if len(items) >= 2:
        head = rstrip_end(text, prev.start, run_start)
        out[k - 1:k] = ([Section(prev.name, prev.start, head, prev.heading, prev.rule_id)] if head > prev.start else []) \
            + [Section("inclusion", run_start, prev.end, None, "derived.inclusion_before_exclusion")]
        return out
    body = [ln for ln in text[prev.start:prev.end].split("\n") if ln.strip()]
    if prev.name in R.inclusion_before_exclusion and prev.heading and 0 < len(body) <= 3:
        out[k - 1] = Section("inclusion", prev.start, prev.end, prev.heading, "derived.inclusion_before_exclusion")
    return out


def language_copies(text: str, sections: list[Section], lines, R: LayoutRules) -> list[Section]:
    """A criteria list given once per language, each copy under a line that names its language
    ("日本語" ... "英語" ...): one section per copy."""
    out: list[Section] = []
    for sec in sections:
        marks = [(ls, le) for ls, le in section_lines(text, sec, lines) if sec.name in ELIG_LISTS
                 and R.language_marks.match(text, ls, le)] if sec.name in ELIG_LISTS else []
        if len(marks) < 2:
            out.append(sec)
            continue
        cuts = [sec.start] + [le + 1 for _, le in marks]
        for i, a in enumerate(cuts):
            b = marks[i][0] if i < len(marks) else sec.end
            b = rstrip_end(text, a, min(b, sec.end))
            if text[a:b].strip():
                out.append(Section(sec.name, a, b, sec.heading, sec.rule_id))
    return out


_NUMBER_TOKEN = re.compile(r"\d+(?:[.,]\d+)?")


def translations(text: str, sections: list[Section]) -> list[Section]:
    """A criteria list that repeats the list of the same kind before it in another language
    (the same numbers, in the same amount) is not read again: it becomes ``other``."""
    out = list(sections)
    last: dict[str, Counter] = {}
    kinds = Counter(sec.name for sec in out)
    for i, sec in enumerate(out):
        if sec.name not in ELIG_LISTS or kinds[sec.name] < 2:
            continue  # no other list of its kind to repeat
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

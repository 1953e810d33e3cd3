"""What a page gives every span read: its interventions and aliases, dose matches, names near a dose."""
from __future__ import annotations

import bisect
import re
from typing import Mapping

from ...model import Layout, Section
from ...normalize import doses as nd
from .blocks import BULLET, Ln, aliases, known_names, label_shaped, section_lines, stems
from .bounds import LINE, merged
from .rows import fold
from .rules import find_type_labels, rules


# ----------------------------------------------------------------------------- reading

class Page:
    def __init__(self, text: str, layout: Layout, abbreviations: Mapping[str, str] | None,
                 read: list[tuple[int, int]] = ()) -> None:
        self.text = text
        self.layout = layout
        self._lines: dict[tuple[int, int], list[Ln]] = {}
        # the doses of the parts read (arms sections, open text; not the closed sections, where
        # criteria hold many numbers and units), found once per run of adjacent parts
        self.read = merged(read)
        self._doses: dict[tuple[int, int], list[nd.DoseMatch]] = {}
        self._dose_starts: dict[tuple[int, int], list[int]] = {}  # (sorted)
        for a, b in self.read:
            self.doses(a, b)
        self._mentions: dict[tuple[int, int], list[tuple[int, int, str]]] = {}
        self._cycles: set[float] | None = None
        self._scans: dict[tuple[str, int, int], list[nd.Mention]] = {}
        self.type_labels = find_type_labels(text)
        label_at: list[tuple[int, str]] = []
        self.known = known_names(text, layout, abbreviations, self.lines, self.type_labels, label_at)
        if not self.known:
            # a page that lists no interventions: the one sponsor code its title names
            codes = {m.group(0) for sec in layout.of("title") for m in rules().title_code.finditer(text, sec.start, sec.end)}
            if len(codes) == 1:
                self.known = list(codes)
        canon: dict[str, str] = {}
        if abbreviations:
            order = {n.casefold(): i for i, n in enumerate(self.known)}
            for short, long in abbreviations.items():
                if short and long and short.casefold() in order and long.casefold() in order:
                    first, other = sorted((short, long), key=lambda x: order[x.casefold()])
                    canon.setdefault(other.casefold(), self.known[order[first.casefold()]])
        label_at.sort()
        for alias, name in aliases(text, layout, self.known, label_at, self.lines, self.read).items():
            if alias.casefold() not in {n.casefold() for n in self.known}:
                self.known.append(alias)
            canon.setdefault(alias.casefold(), name)
        self.known_fold = {n.casefold() for n in self.known}
        self.canon = canon
        # interventions the page names, aliases not counted
        self.n_interventions = len({self.canonical(n).casefold() for n in self.known})
        if self.known:
            alt = "|".join(re.escape(n) for n in sorted(self.known, key=len, reverse=True))
            self.name_re = re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])", re.I)
        else:
            self.name_re = None
        self.abbr_re = None
        if abbreviations:
            shorts = [a for a in abbreviations if a and a.casefold() not in self.known_fold and len(a) >= 2]
            if shorts:
                alt = "|".join(re.escape(a) for a in sorted(shorts, key=len, reverse=True))
                self.abbr_re = re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])")
        # short form -> long form, for a dose named only by a short form that is no listed name
        self.long_forms = {a: nd.clean_name(b) for a, b in (abbreviations or {}).items()
                           if a and b and a.casefold() not in self.known_fold and nd.clean_name(b)}

    def resolve(self, name: str | None) -> str | None:
        """An intervention as written, with a short form of the page's abbreviations that no
        listed name covers written as its long form ("TIL" -> "tumor-infiltrating lymphocytes")."""
        if name and name in self.long_forms:
            return self.canonical(self.long_forms[name])
        return name

    def cycle_lengths(self) -> set[float]:
        """The cycle lengths ("21-day cycle", "cycles of 28 days") the parts read state."""
        if self._cycles is None:
            self._cycles = {s.value for a, b in self.read for s in nd.find_schedules(self.text, a, b)
                            if s.kind == "cycle" and s.value is not None}
        return self._cycles

    def scan(self, what: str, start: int, end: int) -> list[nd.Mention]:
        """Routes ("r") or schedules ("s") of ``text[start:end]``, scanned once per span (the
        same sentence is read from a block, a name statement and a default)."""
        key = (what, start, end)
        found = self._scans.get(key)
        if found is None:
            found = self._scans[key] = (nd.find_routes if what == "r" else nd.find_schedules)(self.text, start, end)
        return found

    def abbreviations_in(self, start: int, end: int) -> list[tuple[int, str]]:
        """Short forms of the page's abbreviations written in ``text[start:end]``."""
        if self.abbr_re is None:
            return []
        return [(m.start(), m.group(0)) for m in self.abbr_re.finditer(self.text, start, end)]

    def lines(self, sec: Section, known_fold: set[str] | None = None) -> list[Ln]:
        """The classified lines of an arms section (classified once, with the intervention
        names known when first asked)."""
        key = (sec.start, sec.end)
        if key not in self._lines:
            self._lines[key] = section_lines(self.text, sec, self.doses(sec.start, sec.end), known_fold)
        return self._lines[key]

    def doses(self, start: int, end: int) -> list[nd.DoseMatch]:
        """Dose matches of ``text[start:end]``, read once per section."""
        for (a, b), found in self._doses.items():
            if a <= start and end <= b:
                i = bisect.bisect_left(self._dose_starts[(a, b)], start)
                j = bisect.bisect_left(self._dose_starts[(a, b)], end, i)
                return [d for d in found[i:j] if d.end <= end]
        found = self._doses[(start, end)] = nd.find_doses(self.text, start, end)
        self._dose_starts[(start, end)] = [d.start for d in found]
        return found

    def canonical(self, surface: str) -> str:
        f = surface.casefold()
        if f in self.canon:
            return self.canon[f]
        for n in self.known:
            if n.casefold() == f:
                return n
        return surface

    def mentions(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """Known intervention names written in ``text[start:end]`` (scanned once per section)."""
        if not self.name_re:
            return []
        for (a, b), found in self._mentions.items():
            if a <= start and end <= b:
                i = bisect.bisect_left(found, (start,))
                out = []
                while i < len(found) and found[i][0] < end:
                    if found[i][1] <= end:
                        out.append(found[i])
                    i += 1
                return out
        sec = next((x for x in self.layout.sections if x.start <= start and end <= x.end), None)
        a, b = (sec.start, sec.end) if sec is not None else (start, end)
        found = [_with_salt(self.text, m.start(), m.end(), self.canonical(m.group(0)), b)
                 for m in self.name_re.finditer(self.text, a, b)]
        self._mentions[(a, b)] = found
        return self.mentions(start, end)


def _with_salt(text: str, start: int, end: int, name: str, limit: int) -> tuple[int, int, str]:
    """A name and the salt word written after it ("eribulin mesylate"), if any."""
    m = rules().salt_re.match(text, end, limit)
    if m is None or name.casefold().endswith(m.group(0).strip().casefold()):
        return start, end, name
    return start, m.end(), f"{name} {m.group(0).strip()}"


def rejected(text: str, clause: tuple[int, int], d: nd.DoseMatch) -> bool:
    """A bound, cap, prior exposure or product strength rather than a dose ("> 10 mg",
    "maximum 800 mg", "available in 20 mg and 80 mg strengths")."""
    before = text[max(clause[0], d.value_start - 48):d.value_start]
    R = rules()
    return R.reject.search(before) is not None or R.reject_after.match(text, d.end, clause[1]) is not None \
        or _in_strength_column(text, d.start)


def _in_strength_column(text: str, pos: int) -> bool:
    """The amount at ``pos`` stands in a table column headed by a product strength ("Form | Strength | ..." over
    "SOLUTION, INTRAVENOUS | 300 mg/10 mL | ...": dose_filters.yaml strength_headers); pipe rows, with or without
    their outer pipes."""
    ls = text.rfind("\n", 0, pos) + 1
    le = text.find("\n", pos)
    le = len(text) if le == -1 else le
    if text.count("|", ls, le) < 2:
        return False
    col = text.count("|", ls, pos) - text[ls:pos].lstrip().startswith("|")
    head, p = None, ls
    for _ in range(30):  # up the run of pipe rows to its first (separator rows passed over)
        if p == 0:
            break
        ps = text.rfind("\n", 0, p - 1) + 1
        row = text[ps:p - 1]
        if row.count("|") < 2:
            break
        if row.strip("|-: \t"):
            head = row
        p = ps
    if head is None:
        return False
    cells = head.strip().strip("|").split("|") if head.lstrip().startswith("|") else head.strip().split("|")
    return col < len(cells) and rules().strength_header.fullmatch(cells[col].strip()) is not None


def best_schedule(after: list[nd.Mention], before: list[nd.Mention]) -> nd.Mention | None:
    best = None
    for rank_pos, group in enumerate((after, list(reversed(before)))):
        for s in group:
            if s.value is None:
                continue
            key = (nd.KIND_RANK.get(s.kind, 5), rank_pos)
            if best is None or key < best[0]:
                best = (key, s)
    return best[1] if best else None


def name_right_after(page: Page, pos: int, end: int) -> bool:
    """Whether a listed or drug-like name follows the dose ending at ``pos`` within two plain
    words ("300 mg oral ZN-1041"; not "375 mg/m2 IV and doxorubicin")."""
    starts = [m[0] for m in page.mentions(pos, end)] + [a for a, _ in stems(page.text, pos, min(end, pos + 40))]
    gap = rules().gap_to_name
    return any(gap.fullmatch(page.text, pos, a) for a in starts)


def looks_named(name: str) -> bool:
    """A capital, a digit or a hyphen, or a drug-like stem: a name, not a plain word."""
    if not name:
        return False
    return any(c.isupper() or c.isdigit() or c == "-" for c in name) or rules().stems.search(name) is not None


def names_in(page: Page, start: int, end: int) -> list[tuple[int, int, str]]:
    """Listed and drug-like names in ``text[start:end]``, in text order."""
    found = {m[0]: m for m in page.mentions(start, end)}
    for a, name in stems(page.text, start, end):
        found.setdefault(a, (a, a + len(name), page.canonical(name)))
    return [found[a] for a in sorted(found)]


def name_after_link(page: Page, pos: int, end: int) -> str | None:
    """The name an amount is "of", written right after it ("1200 mg de pertuzumab")."""
    m = rules().after_link.match(page.text, pos, end)
    if m is None:
        return None
    names = names_in(page, m.end(), min(end, m.end() + 60))
    return names[0][2] if names and names[0][0] == m.end() else None


def name_pair(page: Page, start: int, pos: int) -> tuple[str, str, int] | None:
    """The last two names before ``pos`` joined as a pair ("pertuzumab/trastuzumab",
    "pertuzumab y trastuzumab"): the names of a "1200 mg/600 mg" pair of amounts, in order."""
    names = names_in(page, start, pos)
    for (a1, e1, n1), (a2, e2, n2) in reversed(list(zip(names, names[1:]))):
        if rules().pair_joiner.fullmatch(page.text, e1, a2) and fold(n1) != fold(n2):
            return n1, n2, a1
    return None


def name_before(text: str, lo: int, value_start: int) -> tuple[str, int] | None:
    """Up to three name-like words written right before a dose value ("vitamin D 1000 IU")
    and their start; None when a stop word, punctuation or number comes first."""
    R = rules()
    # a dose-level cue before the value ("DL #2 0.6 mg/kg") is no name: read after it
    for lv in nd.find_levels(text, max(lo, value_start - 24), value_start):
        lo = max(lo, lv.end)
    # nor a table cell before the value's own ("Venetoclax plus azacitidine  Azacitidine 75 mg/m2")
    for sep in _CELL_SEP.finditer(text, max(lo, value_start - 80), value_start):
        if "|" in sep.group(0) or "\t" in sep.group(0) or sep.end() - sep.start() >= 2:
            lo = max(lo, sep.end())
    toks = list(re.finditer(r"\S+", text[lo:value_start]))[-5:]
    if toks and nd.has_cjk(toks[-1].group(0)):
        return _cjk_name_before(text, lo + toks[-1].start(), lo + toks[-1].end())
    if toks and toks[-1].group(0).casefold() in R.name_bridges:
        toks = toks[:-1]  # "VX-1 at 2 mg/kg": the name before a bridging word
    words: list[re.Match] = []
    if toks and (pm := R.name_particle.search(toks[-1].group(0))) and R.stems.fullmatch(toks[-1].group(0)[:pm.start()]):
        return toks[-1].group(0)[:pm.start()], lo + toks[-1].start()  # "옥살리플라틴은 130 mg/m2"
    for t in reversed(toks[-4:]):
        w = t.group(0).strip("*_") or t.group(0)  # markdown emphasis: "**Premedication:**"
        if w[-1] in ",;:.)(" or w[0] in "([" or w.casefold() in R.name_stops or re.fullmatch(r"[\d.,/]+", w) or (
                not any(ch.isalnum() for ch in w)) or (
                nd.is_level_label(w)):
            break
        words.insert(0, t)
        if len(words) == 3:
            break
    if not words:
        # "Step 2 (cell infusion): TIL, 1 × 10^9 cells": a name right after a label or a
        # conjunction, set off by a comma
        # (also after a conjunction: "..., or eribulin, 1.4 mg/m2 IV")
        m = rules().label_name.search(text, lo, value_start)
        if m is None or any(w.casefold() in R.name_stops for w in m.group(1).split()):
            return None
        words = list(re.finditer(r"\S+", m.group(1)))
        lo = m.start(1)
    name = " ".join(w.group(0) for w in words)
    if not (looks_named(name) or (len(name) >= 6 and not _HANGUL.search(name))):
        # (a script without capitals: its words are a name only by a drug-like form)
        return None
    return nd.clean_name(name), lo + words[0].start()


_HANGUL = re.compile(r"[가-힣]")
_CJK_SEGMENT_END = re.compile(r"[,;:()\[\]、，：；（）]")


def _cjk_name_before(text: str, start: int, end: int) -> tuple[str, int] | None:
    """The name in a Chinese or Japanese run written right before a dose value, without
    spaces ("联合XELOX方案(奥沙利铂130 mg/m²", "曲妥珠单抗首剂8 mg/kg"): its last segment
    between punctuation, without the words around names (rules/dose_names.yaml cjk_affixes);
    a segment left empty or naming the route steps back over its comma ("曲妥珠单抗,首剂8 mg/kg"),
    or over the colon of a label line ("卡培他濱片:口服,每次1000 mg/m2"), twice at most."""
    R = rules()
    cuts = [start] + [m.end() for m in _CJK_SEGMENT_END.finditer(text, start, end)]
    for i in range(len(cuts) - 1, max(-1, len(cuts) - 4), -1):
        a, b = cuts[i], (end if i == len(cuts) - 1 else cuts[i + 1] - 1)
        seg = text[a:b]
        while True:
            m = R.cjk_affix_start.match(seg) or R.cjk_affix_end.search(seg)
            if m is None or not m.group(0):
                break
            seg = seg[m.end():] if m.start() == 0 else seg[:m.start()]
        seg = seg.strip()
        if seg and not nd.find_routes(seg) and not nd.has_context_cue(seg):
            return nd.clean_name(seg), a + text[a:b].find(seg)
        if i < len(cuts) - 1 and (text[cuts[i] - 1] not in ",、，:：" or (seg and not nd.find_routes(seg))):
            break
    return None


def _list_intro(text: str, start: int, pos: int) -> tuple[int, int] | None:
    """The line introducing the bullet list whose item starts at ``pos``: the nearest line
    above it in ``text[start:pos]`` that is no bullet item (its last sentence); None when
    ``pos`` opens no item."""
    ls = text.rfind("\n", start, pos) + 1
    ls = max(ls, start)
    if not BULLET.match(text, ls):
        return None
    while ls > start:
        prev_start = max(start, text.rfind("\n", start, ls - 1) + 1)
        line = text[prev_start:ls - 1]
        if line.strip() and not BULLET.match(line):
            # of a paragraph, its last sentence ("... had HER2-positive disease. Patients were
            # randomized to one of two arms:")
            last = None
            for last in _SENTENCE_END.finditer(text, prev_start, ls - 1):
                pass
            return (last.end() if last else prev_start), ls - 1
        ls = prev_start
    return None


_SENTENCE_END = re.compile(r"[.!?][ \t]+(?=[A-Z])")


_HEADING_MAX_WORDS = 8
_HEADING_MAX_CHARS = 60


def subheadings(text: str, start: int, end: int, doses: list[nd.DoseMatch]) -> list[tuple[int, int]]:
    """Heading-shaped lines of a prose span: short, capitalized, no sentence or label
    punctuation, no dose, after a blank line or a finished sentence, before a paragraph."""
    lines = [(m.start(), m.end()) for m in LINE.finditer(text, start, end) if m.end() > m.start()]
    out = []
    for j, (a, b) in enumerate(lines):
        line = text[a:b].strip()
        if not line or len(line) > _HEADING_MAX_CHARS or len(line.split()) > _HEADING_MAX_WORDS:
            continue
        if not line[0].isupper() or line[-1] in ".,;:|)]" or any(c in line for c in ":|[") or not label_shaped(line):
            continue
        if any(a <= d.start < b for d in doses) or not _names_something(line):
            continue
        prev = next((text[x:y].strip() for x, y in reversed(lines[:j]) if text[x:y].strip()), "")
        nxt = next((text[x:y].strip() for x, y in lines[j + 1:] if text[x:y].strip()), "")
        # (a first line is the section's own heading or lead-in, not a sub-heading)
        if not prev or prev[-1] not in ".!?:]" or len(nxt) <= _HEADING_MAX_CHARS or nxt[-1] not in ".!?]":
            continue
        a += len(text[a:b]) - len(text[a:b].lstrip())
        # "B群:医師選択化学療法(以下のいずれか)": the label before its colon names the group
        colon = min((p for p in (text.find(":", a, b), text.find("：", a, b)) if p != -1), default=-1)
        out.append((a, colon if colon > a and nd.has_context_cue(text[a:colon]) else b))
    return out


def _names_something(line: str) -> bool:
    """A sub-heading that names a group or a treatment: a capitalized word or a number after its
    first word ("VX-H27 With Pembrolizumab", "Cohort 2"), a drug-like word or a context cue; not a
    plain phrase in sentence case ("My treatment schedule")."""
    return any(w[0].isupper() or any(c.isdigit() for c in w) for w in line.split()[1:]) or (
        rules().stems.search(line) is not None or nd.has_context_cue(line) is not None)


_PAREN = re.compile(r"\([^()\n]*\)")


def _last(pat: re.Pattern, text: str, a: int, b: int) -> int | None:
    """Where the last match of ``pat`` in text[a:b] starts (None: no match); a literal-free
    pattern is only tried when the span holds an assignment word."""
    if "assign" not in text[a:b] and "randomi" not in text[a:b] and "allocat" not in text[a:b]:
        return None
    found = None
    for m in pat.finditer(text, a, b):
        found = m.start()
    return found


def open_dose(page: Page, start: int, sent: tuple[int, int], clause: tuple[int, int], d: nd.DoseMatch,
               labelled: bool, scan) -> bool:
    """Whether a dose in open text (outside the arms sections) is the study's: no background
    cue in its clause (a parenthesis that does not hold the dose and the words about the
    people after it do not count), no eligibility cue in its sentence, and a drug name, a
    treatment cue or an arm/cohort label in force near it (its clause; its sentence or the
    line introducing its list for a study cue)."""
    text, R = page.text, rules()
    a, b = clause
    people = R.people_after.search(text, d.end, b)
    if people:
        b = people.start()
    if (assigned := _last(R.people_before, text, a, d.start)) is not None:
        a = assigned  # "patients with prior therapy were randomly assigned to X 5 mg/kg": who, not what
    scope = text[a:b]
    for m in reversed(list(_PAREN.finditer(text, a, b))):
        if not (m.start() <= d.start < m.end()):
            scope = scope[:m.start() - a] + " " * (m.end() - m.start()) + scope[m.end() - a:]
    # a list item: the line introducing its list speaks for it too ("Earlier studies used:")
    intro = _list_intro(text, start, sent[0])
    if R.summary_background.search(scope) or R.eligibility_cue.search(text, *sent) or (intro is not None and (
            R.summary_background.search(text, *intro) or R.eligibility_cue.search(text, *intro))):
        return False
    if labelled or R.summary_study.search(text, *sent) or (intro is not None and R.summary_study.search(text, *intro)):
        return True
    return bool(R.treatment_cue.search(text, a, b) or page.mentions(a, b) or stems(text, a, b)
                or scan("r", a, b) or scan("s", a, b))


_CELL_SEP = re.compile(r"[ \t]*\|[ \t]*|(?<![\n \t])[ \t]{2,}")  # (a line's indent is no cell gap)
_ROW_LABEL_MAX = 100


def row_labels(text: str, start: int, end: int, doses: list[nd.DoseMatch]) -> list[tuple[int, int, str | None]]:
    """Table rows (cells between pipes, or at least three cells set apart by runs of spaces)
    whose doses stand in a later cell: the cells before it name the row ("| Comparator Agent |
    Perjeta | Perjeta 840 mg IV ..."), the context of the row's doses."""
    out = []
    for m in LINE.finditer(text, start, end):
        a, b = m.start(), m.end()
        first = next((d for d in doses if a <= d.start < b), None)
        if first is None:
            continue
        seps = [x for x in _CELL_SEP.finditer(text, a, b) if x.start() > a or "|" in x.group(0)]
        if not ("|" in text[a:b] or len(seps) >= 2):
            continue
        cells = [c.strip() for c in _CELL_SEP.split(text[a:first.start])[:-1] if c.strip()]
        if "|" not in text[a:b] and any(c[-1] in ".!?" for c in cells):
            continue  # sentences set apart by two spaces ("... an infusion day.  X is given at 600 mg"): prose
        heads = _table_header(text, a, b)
        if heads is not None and text[a:b].lstrip().startswith("|"):
            # a dose-level column gives the row's level, not its name
            cells = [c.strip() for k, c in enumerate(text[a:first.start].split("|")[1:-1])
                     if c.strip() and not (k < len(heads) and nd.is_level_header(heads[k]))]
        label = " ".join(cells)
        if cells and len(label) <= _ROW_LABEL_MAX and not nd.find_doses(label):
            out.append((a, b, nd.normalize_context(label)))
    return out


def _cells(text: str, a: int, b: int) -> list[str]:
    """The cells of the table row text[a:b] (between pipes), stripped."""
    return [c.strip() for c in text[a:b].strip().strip("|").split("|")]


def _table_header(text: str, a: int, b: int) -> list[str] | None:
    """The header cells of the pipe table whose row is text[a:b]: the first row of its run of
    rows (separator rows passed over); None when the row is no pipe row or is the header."""
    if text.count("|", a, b) < 2:
        return None
    head = None
    pos = a
    for _ in range(60):
        if pos == 0:
            break
        ls = text.rfind("\n", 0, pos - 1) + 1
        row = text[ls:pos - 1].strip()
        if not row.startswith("|"):
            break
        if row.strip("|-: \t"):
            head = (ls, pos - 1)
        pos = ls
    return None if head is None else _cells(text, *head)


def table_levels(text: str, start: int, end: int, doses: list[nd.DoseMatch]) -> dict[int, int]:
    """Dose levels read from a table column headed by a level label ("| Dose Level | X dose |"
    over "| 2 | 1 mg/kg |"): by dose index, the first dose of each row."""
    out: dict[int, int] = {}
    for m in LINE.finditer(text, start, end):
        a, b = m.start(), m.end()
        k = next((k for k, d in enumerate(doses) if a <= d.start < b), None)
        heads = _table_header(text, a, b) if k is not None else None
        if heads is None:
            continue
        for h, c in zip(heads, _cells(text, a, b)):
            if nd.is_level_header(h) and c.isdigit() and len(c) <= 2:
                out[k] = int(c)
                break
    return out


_ARM_TYPED = re.compile(r"[ \t]*([A-Z][A-Za-z ]{2,24}):[ \t]*(\S[^\n|\t]{0,80}?)[ \t]*$")


def group_lines(text: str, start: int, end: int, doses: list[nd.DoseMatch]) -> list[tuple[int, int]]:
    """Whole label-shaped lines naming an arm or cohort ("Experimental group", "Group B",
    "试验组"): no dose, at most a few words, a context cue; or an arm's label after its registry type
    ("Experimental: SOX + trastuzumab")."""
    out = []
    for m in LINE.finditer(text, start, end):
        a, b = m.start(), m.end()
        line = text[a:b].strip()
        typed = _ARM_TYPED.match(text, a, b)
        if typed and rules().type_kind.get(typed.group(1).casefold(), ("",))[0] == "arm" \
                and not any(a <= d.start < b for d in doses):
            # a registry's arm line whose layout was not typed ("Experimental: SOX + trastuzumab"): its label
            out.append((typed.start(2), typed.end(2)))
            continue
        if (not line or len(line.split()) > 6 or not label_shaped(line) or any(a <= d.start < b for d in doses)
                or not nd.has_context_cue(line)):
            continue
        a += len(text[a:b]) - len(text[a:b].lstrip())
        # "B群:医師選択化学療法(以下のいずれか)": the label before its colon names the group
        colon = min((p for p in (text.find(":", a, b), text.find("：", a, b)) if p != -1), default=-1)
        out.append((a, colon if colon > a and nd.has_context_cue(text[a:colon]) else b))
    return out

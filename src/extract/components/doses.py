"""Doses: every dose the page states for the study's interventions (CONTRACT table ``doses``).

Public API: ``extract_doses(text, layout, abbreviations=None) -> list[Fact]`` with
``kind="dose"``, ``label`` the normalized unit, ``rule_id`` the unit rule that read the
amount, ``start/end`` the surface read (value and unit: "0.1 mg/kg", "100-200mg/m2",
"AUC 5"), ``evidence_start/evidence_end`` its sentence, and ``attrs`` exactly the CONTRACT
columns intervention, dose_low, dose_high, unit, route, interval_days, dose_level, context.

Where doses are read: everywhere the page speaks of this study, but for the sections where a
dose is never the study's (eligibility criteria name prior therapies and limits; outcomes;
other trials: rules/dose_filters.yaml closed_sections; text the shared context layer says is
not the study's own). The ``arms`` sections are cut into blocks (below); so are the lines
under a heading about the study's treatment that the layout did not type, also inside a
section that ran on over it ("Intervention(s)", "What's involved", "## 4 · Dosing"), and, on a
page without arms, the lines of an API export about arms and interventions. Everything else is
open text, cut at section boundaries: a dose there is kept when a drug name, a route, a
schedule, a treatment cue, an arm or cohort label or a study cue stands near it and no
background cue ("approved", "in an earlier trial") nor eligibility cue ("must have") does; a
list item counts with the line introducing its list. An amount right after a comparator or a
cap word ("> 10 mg", "maximum 800 mg") is a bound, not a dose; a product strength ("available
in 20 mg and 80 mg strengths", "supplied as 25 mg tablets") is none either. A page that lists
no interventions takes the one sponsor code its title names. Languages are rule rows (routes,
schedules, group and level words, name stems in Spanish, Portuguese, German, French, Chinese,
Japanese; decimal commas). Every word list and pattern is in the rule files ``rules/dose_*``;
this module is the mechanism.

1. Blocks. Each arms section is cut into arms and interventions: "Experimental: Arm A" /
   "Drug: X" labels (at a line start or inline in a flattened table cell), label lines typed
   by a following "Group Type" / "Intervention Type" line (mirror pages: one label per
   marker-delimited stretch), labels of an "Interventions" section, API-export keys
   ("label:", "name:"). A flattened table row writes an arm's label, its description and its
   intervention cells on one line ("Experimental: Part 1 Escalation KT-9 IV ... | Drug: KT-9
   |"): the label ends where the description starts (a listed name or a description opener
   not joined to the word before by a connector, else a drug-like word, else a capitalized
   word before a lower-case one). Intervention names are known from those labels, the
   "Type: X" lists anywhere on the page, their "Other Intervention Names" and parenthesized
   short forms.
2. Context: the nearest arm or cohort label. A label holding a cue ("Phase Ia:", "Cohort A:",
   "**Arm B:**", "__Group 2__:", also inside a run of text: "... Treatment Plan Arm A: X")
   sets the context of the doses after it (a bullet item's label only for that item);
   otherwise the arm's label; an intervention listed under an arm is that arm's, also when
   the same description is repeated under other arms (one row per arm). In open text, a
   sub-heading line over a paragraph ("VX-1 With Pembrolizumab"), a label line naming a group
   ("Experimental group", "对照组") and the first cells of a table row ("| Comparator Agent |
   Perjeta | Perjeta 840 mg ...") are the context of the doses after them; a dose of the arms
   sections without one takes the nearest group label line above it. A cue in parentheses
   right after a dose is its own ("4,8 mg/kg (bras A)"). Without a label, a clause or a
   sentence that opens with a cue ("In Part 2, ...", "Group A will receive ...", "Participants
   in Arm B take ...") sets its own.
3. Intervention of a dose: the name it is "of" ("1200 mg de pertuzumab"), a name written in
   its own words (from the previous dose), a pair of names for a pair of amounts
   ("pertuzumab/trastuzumab ... 1200 mg/600 mg"), else the block's intervention, else a drug-like word or a name-like phrase right before the value
   (over a bridging "at": "VX-1 at 2 mg/kg"), else names earlier in the sentence, later in
   the clause, in the sub-block, in the arm's label; the arm's or the page's only
   intervention. "8 mg/kg then 6 mg/kg", "160 mg/800 mg" and "X 0.5 mg/kg (DL1), 1 mg/kg
   (DL2)" keep the first dose's intervention. A drug-like word between a listed name and the
   value is the nearer name ("mFOLFOX6 every 2 weeks: oxaliplatin 85 mg/m2"), unless it is
   another name in parentheses ("(T-DXd; DS-8201a)"); a salt or form word after a name stays
   in it ("eribulin mesylate"). A level cue ("DL2") or a short form in parentheses after a
   name ("trastuzumab emtansine (T-DM1)") is no name; a short form of the page's
   abbreviations that no listed name covers is written as its long form.
4. Route and interval: from the dose's own words (a per-time unit first; the nearest route
   word; a stated frequency first, then a regimen's schedule stated once before its doses
   ("mFOLFOX6 every 2 weeks: oxaliplatin ..., leucovorin ..."), then the dose's cycle length
   or day list; "loading", "single", "a single 120 mg dose", one day of the first cycle ("on
   Cycle 1 Day 1", "C1D1") or "X then Y IV Q3W" of one drug make a one-off dose), else from
   the doses coordinated with it ("A x IV and B y IV on days 1 and 8") or the shared ending
   of its list ("A x, B y and C z, all given IV on Day 1 of each 21-day cycle"), else from
   its sentence, else from the first statement of its sub-block (not a one-off stated for
   another dose), those two only where the text speaks of the same intervention; the route
   last from a statement about its intervention without a dose ("Pembrolizumab / Given IV",
   "the infusion of X", "gets SP-88 through an IV once every 3 weeks": also its frequency,
   when nothing else spoke of it). A day list without a frequency ("days 1 and 8", "day 1 of each
   cycle", "once per cycle") takes the cycle length stated around it (its sentence; the only
   one of its sub-block, its block, or, for positive days, of the page's arms and
   summaries); its own spacing only without one.
5. Dose level: a cue right before the dose ("Dose level 3: 0.4 mg/kg", "DL2 1.0 mg/kg",
   "dose2 (") or written after it ("15 mg/m2/day (dose level 2)"); a list "at dose levels 1, 2
   and 3, respectively" pairs in order with the doses before it in its sentence. A sentence
   that opens with a context cue and states no dose sets the context of the next sentence of
   its paragraph ("In Part 1, each group ... . The doses tested are 4 and 5 mg/kg").

De-duplication policy: each distinct dose once per context. Two rows merge when their
(low, high, unit) are equal and their dose level, context and intervention are compatible
(equal, one containing the other, or one of them null), unless one is given once by its own
words and the other repeatedly ("DL3 120 mg daily" and "a single 120 mg dose" in the DL3
cohort), or their own words state different routes: so the same text under Study Groups
and Interventions gives one row; the same dose stated for two different arms or cohorts
(also by one intervention description repeated under both) gives two, also when one arm's label contains the other's ("A + B + C" and "B + C"). A merged row keeps
the first row's surface and evidence and, per attribute, the value read most directly (own
words > sentence > block > intervention default). Summary doses only add what the arms
sections do not already state (same low/high/unit); open-text doses likewise.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Mapping

from .. import ruledata
from ..model import Fact, Layout, Section
from ..normalize import doses as nd

__all__ = ["extract_doses"]

_OWN, _SENTENCE, _BLOCK, _DEFAULT = 0, 1, 2, 3
_NO_SOURCE = 9


def _alternation(name: str, key: str = "rules", flags: int = re.I) -> re.Pattern:
    """The ``pattern`` column of a rule list as one compiled alternation."""
    rows = ruledata.load(name, required=["pattern"], key=key)
    return re.compile("|".join(f"(?:{r['pattern']})" for r in rows) or r"(?!)", flags)


class _Rules:
    """The component's rule files, compiled once per process."""

    def __init__(self) -> None:
        types = ruledata.load("dose_layout.yaml", required=["kind", "label"])
        self.type_kind = {t["label"].casefold(): (t["kind"], t["id"]) for t in types}
        alt = "|".join(re.escape(t["label"]) for t in sorted(types, key=lambda t: -len(t["label"])))
        # "Drug: X" / "Experimental: Arm A" opening a line (inline labels: _type_labels)
        # an export's numbered field key may come first ("Arm Group 1: EXPERIMENTAL: Arm A ...")
        keys = _alternation("dose_layout.yaml", "type_line_keys").pattern
        self.type_line_re = re.compile(
            rf"^\s*(?:[-*•]\s*)?(?:(?:{keys})\s*)?(?P<type>{alt})\s*:\s*(?P<rest>\S.*)$", re.I)
        line_rows = ruledata.load("dose_layout.yaml", required=["kind", "pattern"], key="lines")
        self.line_kinds = [r["kind"] for r in line_rows]
        # every role pattern anchored at the line start: a match, not a search, per line
        self.line_anchored = all(r["pattern"].startswith("^") for r in line_rows)
        # one search per line: the rows as named alternatives, first row first
        self.line_re = re.compile(
            "|".join(f"(?P<l{i}>{r['pattern'].replace('(?P<rest>', f'(?P<rest{i}>')})" for i, r in enumerate(line_rows)),
            re.I | re.M,
        )
        self.int_headings = [
            (r["id"], re.compile(r["pattern"], re.I))
            for r in ruledata.load("dose_layout.yaml", required=["pattern"], key="interventions_headings")
        ]
        self.no_split_before = _alternation("dose_layout.yaml", "no_split_before")
        self.fallback_arm_line = _alternation("dose_layout.yaml", "fallback_arm_lines", re.M)
        self.fallback_heading = _alternation("dose_layout.yaml", "fallback_arm_headings", re.I | re.M)
        split = ruledata.load("dose_layout.yaml", required=["kind", "words"], key="label_split")

        def words_of(kind: str) -> str:
            return "|".join(re.escape(w) for r in split if r["kind"] == kind for w in str(r["words"]).split()) or r"(?!)"

        self.label_connector = re.compile(rf"(?:{words_of('connector')})", re.I)
        self.desc_opener = re.compile(rf"(?:{words_of('opener')})", re.I)
        self.label_separator = re.compile(rf"(?:{words_of('separator')})", re.I)
        stops: set[str] = set()
        for r in ruledata.load("dose_names.yaml", required=["words"]):
            stops.update(w.casefold() for w in str(r["words"]).split())
        self.name_stops = frozenset(stops)
        self.name_bridges = frozenset(
            w.casefold() for r in ruledata.load("dose_names.yaml", required=["words"], key="bridges")
            for w in str(r["words"]).split())
        self.stems = _alternation("dose_names.yaml", "stems", 0)
        codes = [r for r in ruledata.load("dose_names.yaml", required=["pattern"], key="stems") if r.get("title_name")]
        self.title_code = re.compile("|".join(f"(?:{r['pattern']})" for r in codes) or r"(?!)")
        salts = _alternation("dose_names.yaml", "salts")
        self.salt_re = re.compile(rf"[ \t]+(?:{salts.pattern})(?![\w-])", re.I)
        self.all_groups = _alternation("dose_cues.yaml", "all_groups")
        self.after_link = _alternation("dose_names.yaml", "after_links")
        affixes = ruledata.load("dose_names.yaml", required=["side", "words"], key="cjk_affixes")

        def affix_alt(side: str) -> str:
            return "|".join(re.escape(w) for r in affixes if r["side"] == side
                            for w in str(r["words"]).split()) or "(?!)"

        self.cjk_affix_start = re.compile(f"(?:{affix_alt('start')})+")
        self.cjk_affix_end = re.compile(f"(?:{affix_alt('end')})+$")
        self.pair_joiner = _alternation("dose_names.yaml", "pair_joiners")
        self.route_links = [
            (r["id"], r["side"], re.compile(r["pattern"], re.I), int(r["max_gap"]))
            for r in ruledata.load("dose_names.yaml", required=["side", "pattern", "max_gap"], key="route_links")
        ]
        self.reject = _alternation("dose_filters.yaml")
        self.reject_after = _alternation("dose_filters.yaml", "reject_after")
        self.closed_sections = frozenset(
            r["section"] for r in ruledata.load("dose_filters.yaml", required=["section"], key="closed_sections"))
        self.summary_study = _alternation("dose_filters.yaml", "summary_study")
        self.people_after = _alternation("dose_filters.yaml", "people_after")
        self.eligibility_cue = _alternation("dose_filters.yaml", "eligibility_cues")
        self.treatment_cue = _alternation("dose_filters.yaml", "treatment_cues")
        self.summary_background = _alternation("dose_filters.yaml", "summary_background")
        self.coordination = _alternation("dose_filters.yaml", "coordination")
        self.shared_tail = _alternation("dose_filters.yaml", "shared_tail")
        self.combination = _alternation("dose_filters.yaml", "combination", 0)
        self.single_breaks = _alternation("dose_schedules.yaml", "single_breaks")
        self.sequence = _alternation("dose_schedules.yaml", "sequence")
        self.regimen_header = _alternation("dose_schedules.yaml", "regimen_header")
        self.header_hint = _alternation("dose_schedules.yaml", "header_hint")
        # mechanism, not vocabulary: a short form in parentheses; a label ending in a colon at
        # a line start (after a bullet) or after a sentence/clause end or a table pipe, maybe
        # in markdown emphasis ("**Arm A:**", "__Cohort 2__:")
        self.paren_re = re.compile(r"\(\s*([^()\n]{2,20}?)\s*\)")
        # an inline context cue ending in a colon, anywhere ("Treatment Plan Arm A: ..."),
        # with its parenthesis ("Cohort 2 (prior HER2 therapy): ...")
        inline = [r["pattern"] for r in ruledata.load("dose_cues.yaml", required=["pattern"], key="contexts")
                  if str(r.get("inline")).lower() in ("yes", "true")]
        self.cue_colon_re = re.compile(
            rf"(?<![\w-])(?P<label>(?:{'|'.join(f'(?:{p})' for p in inline) or '(?!)'})(?:[ \t]*\([^()\n]{{0,80}}\))?)"
            r"[ \t]*(?:\*\*?|__?)?[ \t]*:(?![\d/])", re.I)
        self.context_after = re.compile(
            rf"[ \t]*[(（][ \t]*(?P<cue>{'|'.join(f'(?:{p})' for p in inline) or '(?!)'})[ \t]*[)）]", re.I)
        self.cue_label_re = re.compile(
            r"(?:(?<=^)|(?<=[.;|。；])|(?<=[.;|][ \t])|(?<=\.\.[ \t]))[ \t]*(?:(?:[-*•▪◦]|\d{1,2}[.)])[ \t]+)?"
            rf"(?:\*\*?|__?)?(?P<label>[A-Z(\u3040-\u30ff\u4e00-\u9fff][^:：\n;；.。|*]{{0,70}}?)[ \t]*(?:\*\*?|__?)?[ \t]*[:：](?![\d/])",
            re.M,
        )


@lru_cache(maxsize=1)
def rules() -> _Rules:
    return _Rules()


@dataclass(frozen=True)
class _TypeLabel:
    start: int  # label start ("Drug")
    end: int  # after the colon and spaces: where the name starts
    type: str


def _type_labels(text: str, start: int = 0, end: int | None = None) -> list[_TypeLabel]:
    """"Drug: ", "Experimental: " ... labels in ``text[start:end]``, followed by text: the one
    or two words before each colon, looked up in the label table."""
    end = len(text) if end is None else end
    kinds = rules().type_kind
    out = []
    i = text.find(":", start, end)
    while i != -1:
        j = i + 1
        while j < end and text[j] in " \t":
            j += 1
        if j < end and not text[j].isspace():
            words = text[max(start, i - 32):i].split()
            for n in (1, 2, 3):
                if len(words) < n:
                    break
                cand = " ".join(words[-n:])
                if cand.casefold() in kinds:
                    ls = text.rfind(cand, max(start, i - 40), i)
                    if ls == start or (ls > 0 and text[ls - 1] in " \t\n|"):
                        out.append(_TypeLabel(ls, j, cand))
                    break
        i = text.find(":", i + 1, end)
    return out


# ----------------------------------------------------------------------------- text spans

_SENT_END = re.compile(r"\n|\|(?!\w)|(?<=[.!?])[ \t]+(?=[A-Z(\[]|\d{1,2}(?:\.\d{1,2})*[ \t]+[A-Z])|(?<=[。！？])")
_CLAUSE_END = re.compile(r"[;；]")
_LINE = re.compile(r"[^\n]*")


def _sentence_bounds(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    s = start
    for m in _SENT_END.finditer(text, start, end):
        if m.group(0).strip(" \t") == "" and m.group(0) != "\n" and rules().no_split_before.search(
            text[max(start, m.start() - 8):m.start()]
        ):
            continue
        if m.start() > s:
            out.append((s, m.start()))
        s = m.end()
    if s < end:
        out.append((s, end))
    return [(a, b) for a, b in (_trim(text, a, b) for a, b in out) if b > a]


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in " \t|":
        a += 1
    while b > a and text[b - 1] in " \t|":
        b -= 1
    return a, b


def _clause_bounds(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clauses of a sentence: split at semicolons, not in a parenthesized list of names
    ("(T-DXd; DS-8201a)": no number between the parenthesis and the semicolon)."""
    out = []
    s = start
    for m in _CLAUSE_END.finditer(text, start, end):
        po = text.rfind("(", s, m.start())
        if po != -1 and text.find(")", po, m.start()) == -1 and not any(c.isdigit() for c in text[po:m.start()]):
            continue
        out.append((s, m.start()))
        s = m.end()
    out.append((s, end))
    return out


def _containing(bounds: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    for a, b in bounds:
        if a <= pos < b:
            return a, b
    return None


# ----------------------------------------------------------------------------- blocks

@dataclass
class _Block:
    kind: str  # arm | intervention | free | stop
    start: int  # label start
    desc_start: int  # description start (after the label)
    end: int = 0
    label: str | None = None  # arm label / intervention name as written
    marker: str | None = None  # arm | intervention, from a following "... Type" line
    arm: int | None = None  # index of the arm block this intervention belongs to
    section: int = 0
    typed: bool = False  # opened by a "Type:" prefix


def _line_kind(line: str) -> str | None:
    return _line_role(line)[0]


class _Role:
    """The part of a role line's match the code uses: the label text after an export key."""

    def __init__(self, m: re.Match, i: int) -> None:
        self._m, self._i = m, i

    def start(self, _name: str = "rest") -> int:
        return self._m.start(f"rest{self._i}")

    def end(self, _name: str = "rest") -> int:
        return self._m.end(f"rest{self._i}")


def _line_role(line: str) -> tuple[str | None, _Role | None]:
    R = rules()
    m = R.line_re.match(line) if R.line_anchored else R.line_re.search(line)
    if not m:
        return None, None
    i = int(m.lastgroup[1:])
    return R.line_kinds[i], _Role(m, i)


def _label_shaped(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > 100 or len(s.split()) > 14:
        return False
    return s[-1] not in ".:;,|" and not s.startswith(("-", "*", "•", "("))


@dataclass
class _Ln:
    start: int
    end: int
    kind: str  # skip | arm_marker | intervention_marker | stop | type | label | content
    marker: str | None = None  # for labels: arm | intervention, from the marker line below
    label_start: int | None = None  # where the label text starts (after an export key)
    label_end: int | None = None

    def label(self, text: str) -> str | None:
        return nd.clean_name(text[self.label_start if self.label_start is not None else self.start:
                                  self.label_end if self.label_end is not None else self.end])


def _section_lines(text: str, sec: Section, doses: list[nd.DoseMatch], known_fold: set[str] | None = None) -> list[_Ln]:
    """Classify the lines of an arms section once: role lines (rules), "Type: X" lines,
    label lines (short, no sentence end, no dose) and content; a "Group Type" /
    "Intervention Type" marker types the nearest label above it.

    Where the section has marker lines, each stretch between markers holds one label (its
    first label-shaped line: "Pembrolizumab" / "Given IV" / "Intervention Type ..."); a later
    label-shaped line there is a label only when it is a known intervention name."""
    R = rules()
    dose_starts = [d.start for d in doses]
    out: list[_Ln] = []
    for m in _LINE.finditer(text, sec.start, sec.end):
        ls, le = m.start(), m.end()
        line = text[ls:le]
        if not line.strip():
            continue
        kind, m = _line_role(line)
        if kind in ("arm_label", "intervention_label"):
            # an export key ("label: X", "name: X"): a label typed by its key
            out.append(_Ln(ls, le, "label", "arm" if kind == "arm_label" else "intervention",
                           ls + m.start("rest"), ls + m.end("rest")))
            continue
        if kind is None:
            if R.type_line_re.match(line):
                kind = "type"
            elif _label_shaped(line) and not _any_in(dose_starts, ls, le):
                kind = "label"
            else:
                kind = "content"
        out.append(_Ln(ls, le, kind))
    if any(ln.kind in ("arm_marker", "intervention_marker") for ln in out):
        seg_label = False
        for ln in out:
            if ln.kind in ("arm_marker", "intervention_marker", "type", "stop"):
                seg_label = False
            elif ln.kind == "label" and ln.label_start is None:
                if seg_label and not (known_fold and (ln.label(text) or "").casefold() in known_fold):
                    ln.kind = "content"
                seg_label = True
    last_label: _Ln | None = None
    for ln in out:
        if ln.kind == "label":
            last_label = ln
        elif ln.kind in ("arm_marker", "intervention_marker"):
            if last_label is not None and last_label.marker is None:
                last_label.marker = "arm" if ln.kind == "arm_marker" else "intervention"
            last_label = None
        elif ln.kind in ("type", "stop"):
            last_label = None
    return out


def _any_in(sorted_positions: list[int], a: int, b: int) -> bool:
    """Whether a position of the sorted list lies in [a, b)."""
    i = bisect.bisect_left(sorted_positions, a)
    return i < len(sorted_positions) and sorted_positions[i] < b


def _name_after_type(text: str, start: int, limit: int, known: list[str]) -> tuple[str | None, int]:
    """The intervention name written after a "Drug:" label at ``start`` and its end offset."""
    seg = text[start:limit]
    low = seg.casefold()
    best = None
    for n in known:
        if low.startswith(n.casefold()) and (len(seg) == len(n) or not seg[len(n)].isalnum()):
            if best is None or len(n) > len(best):
                best = n
    if best:
        return seg[: len(best)], start + len(best)
    # up to the line end, a pipe or the next type label, if that is short and dose-free
    stop = len(seg)
    for ch in "\n|":
        i = seg.find(ch)
        if i != -1:
            stop = min(stop, i)
    tl = _type_labels(seg, 0, stop)
    if tl:
        stop = min(stop, tl[0].start)
    cand = seg[:stop].strip()
    if cand and len(cand) <= 80 and len(cand.split()) <= 10 and not nd.find_doses(cand) and not cand.endswith("."):
        return nd.clean_name(cand), start + len(seg[:stop].rstrip())
    # heuristic: words up to a stop word, punctuation or a number
    words = []
    for m in re.finditer(r"\S+", seg[:stop]):
        w = m.group(0)
        core = w.strip(",;:()[]")
        if not core or core.casefold() in rules().name_stops or re.fullmatch(r"[\d.,]+", core):
            break
        words.append(core)
        pos = m.start() + len(w.rstrip(",;:"))
        if w != core or len(words) >= 6:
            break
    if not words:
        return None, start
    return nd.clean_name(" ".join(words)), start + pos


def _known_names(text: str, layout: Layout, abbreviations: Mapping[str, str] | None, sec_lines,
                 labels: list[_TypeLabel], label_at: list[tuple[int, str]]) -> list[str]:
    """Intervention names the page lists: "Drug: X" labels anywhere (the registry's
    intervention list), label lines typed "Intervention Type ...", labels of Interventions
    sections."""
    R = rules()
    names: list[str] = []

    def add(n: str | None) -> None:
        n = nd.clean_name(n)
        if n and len(n) >= 3 and n.casefold() not in {x.casefold() for x in names}:
            names.append(n)

    for k, m in enumerate(labels):
        kind, _ = R.type_kind[m.type.casefold()]
        if kind != "intervention":
            continue
        seg_end = len(text)
        nl = text.find("\n", m.end)
        if nl != -1:
            seg_end = nl
        nxt = labels[k + 1].start if k + 1 < len(labels) and labels[k + 1].start < seg_end else seg_end
        pipe = text.find("|", m.end, seg_end)
        stop = min(seg_end, nxt, pipe if pipe != -1 else seg_end)
        cand = text[m.end:stop].strip()
        if cand and len(cand) <= 80 and len(cand.split()) <= 10 and not cand.endswith(".") and not (
            any(c.isdigit() for c in cand) and nd.find_doses(cand)
        ):
            add(cand)
    # intervention sections first (their labels are names), then the study groups
    arms = [(sec, _section_kind(sec)) for sec in layout.of("arms")]
    for phase in ("interventions", "groups"):
        for sec, kind in arms:
            if kind != phase:
                continue
            for ln in sec_lines(sec, {n.casefold() for n in names}):
                if ln.kind == "label" and (ln.marker == "intervention" or (
                        kind == "interventions" and ln.marker is None and not nd.has_context_cue(ln.label(text) or ""))):
                    add(ln.label(text))
                    label_at.append((ln.start, ln.label(text)))
    if abbreviations:
        folded = {n.casefold(): n for n in names}
        for short, long in abbreviations.items():
            if long and long.casefold() in folded:
                add(short)
            elif short and short.casefold() in folded:
                add(long)
    return names


# where a short form is defined next to an intervention name
def _aliases(text: str, layout: Layout, known: list[str], label_at: list[tuple[int, str]], sec_lines,
             read: list[tuple[int, int]]) -> dict[str, str]:
    """Other names of listed interventions: the list under an "Other Intervention Names"
    heading or line (names of the intervention labelled just before it), and a short form in
    parentheses right after a listed name ("trastuzumab deruxtecan (T-DXd)")."""
    out: dict[str, str] = {}
    starts = [sec.start for sec in layout.of("arms") if _section_kind(sec) == "skip"]
    for sec in layout.of("arms"):
        if _section_kind(sec) != "skip":
            starts.extend(ln.end for ln in sec_lines(sec) if ln.kind == "stop")
    for pos in starts:
        owner = [n for p, n in label_at if p < pos]
        if not owner or not owner[-1]:
            continue
        for m in _LINE.finditer(text, pos):
            line = text[m.start():m.end()].strip()
            if not line or _line_kind(line) == "skip":
                if m.end() >= len(text):
                    break
                continue
            for alias in re.split(r"\s*[,;]\s*", line):
                alias = nd.clean_name(alias)
                if alias and len(alias) >= 2 and alias.casefold() != owner[-1].casefold():
                    out.setdefault(alias, owner[-1])
            break
    if known:
        folded = [(n.casefold(), n) for n in sorted(known, key=len, reverse=True)]
        for m in (m for a, b in read or [(0, len(text))] for m in rules().paren_re.finditer(text, a, b)):
            before = text[max(0, m.start() - 80):m.start()].rstrip().casefold()
            for fold, name in folded:
                if before.endswith(fold) and (len(before) == len(fold) or not (
                    before[-len(fold) - 1].isalnum() or before[-len(fold) - 1] == "-")):
                    alias = nd.clean_name(m.group(1))
                    if alias and any(c.isalpha() for c in alias) and not nd.find_doses(alias):
                        out.setdefault(alias, name)
                    break
    return out


def _section_kind(sec: Section) -> str:
    head = sec.heading or ""
    for rid, rx in rules().int_headings:
        if rx.search(head):
            return "skip" if rid.endswith("other_names") else "interventions"
    return "groups"


def _cell_end(text: str, start: int, end: int, type_labels: list[_TypeLabel]) -> int:
    """Where the table cell starting at ``start`` ends: a pipe or the next type label."""
    pipe = text.find("|", start, end)
    stop = end if pipe == -1 else pipe
    for t in type_labels:
        if start < t.start < stop:
            return t.start
    return stop


def _arm_label_end(text: str, start: int, end: int, name_re: re.Pattern | None) -> int:
    """Where the arm label written at ``text[start:end]`` ends. A short label-shaped cell is
    all label; in a flattened table cell the description runs on after the label on the same
    line ("Experimental: Phase 1a Dose Escalation HXB-101 IV infusion with ..."): it starts at
    the first listed intervention name or word that opens a description (rules), else at a
    drug-like word, none of them joined to the word before by a connector ("A + B"), else at a
    capitalized word followed by a lower-case one ("Exercise + protein Two supervised ...")."""
    R = rules()
    cell = text[start:end].rstrip()
    if _label_shaped(cell) and not nd.find_doses(cell):
        return end
    words = list(_WORD.finditer(text, start, end))
    if len(words) < 2:
        return end
    starts = {w.start(): k for k, w in enumerate(words)}

    def free(k: int) -> bool:
        # not the first word, not joined to the word before it ("Neratinib + Capecitabine"),
        # unless that is a separator after a closed parenthesis ("Cohort A (X + Y) - X 300 mg")
        if k < 1:
            return False
        before = words[k - 1].group(0)
        if k >= 2 and R.label_separator.fullmatch(before) and words[k - 2].group(0).endswith(")"):
            return True
        return not R.label_connector.fullmatch(before)

    candidates: list[int] = []
    if name_re is not None:
        candidates = [m.start() for m in name_re.finditer(text, start, end) if m.start() in starts]
    found = sorted([p for p in candidates if free(starts[p])]
                   + [w.start() for k, w in enumerate(words) if free(k) and R.desc_opener.fullmatch(w.group(0))])
    if not found:
        found = [a for a, _ in _stems(text, start, end) if a in starts and free(starts[a])]
    if not found:
        for k in range(1, len(words) - 1):
            w, nxt = words[k].group(0), words[k + 1].group(0)
            if free(k) and w[0].isupper() and nxt[0].islower() and len(nxt) >= 3 and not R.label_connector.fullmatch(nxt):
                found = [words[k].start()]
                break
    return found[0] if found else end


_WORD = re.compile(r"[^\s|]+")


def _blocks(text: str, sec: Section, sec_index: int, known: list[str], lines: list[_Ln],
            type_labels: list[_TypeLabel], name_re: re.Pattern | None = None) -> list[_Block]:
    R = rules()
    known_fold = {n.casefold() for n in known}
    kind = _section_kind(sec)
    blocks = [_Block("free", sec.start, sec.start, section=sec_index)]
    for ln in lines:
        ls, le = ln.start, ln.end
        if ln.kind == "stop":
            blocks.append(_Block("stop", ls, le, section=sec_index))
        elif ln.kind == "type":
            tm = R.type_line_re.match(text[ls:le])
            tkind, _ = R.type_kind[tm.group("type").casefold()]
            if tkind == "arm":
                rest = ls + tm.start("rest")
                cell_end = _cell_end(text, rest, le, type_labels)
                label_end = _arm_label_end(text, rest, cell_end, name_re)
                blocks.append(_Block("arm", ls, label_end, label=nd.clean_name(text[rest:label_end]), section=sec_index,
                                     typed=True))
                # a flattened table row: the intervention cells after the arm's cell
                _inline_types(text, label_end, le, blocks, sec_index, known, type_labels)
            else:
                name, name_end = _name_after_type(text, ls + tm.start("rest"), le, known)
                blocks.append(_Block("intervention", ls, name_end, label=name, section=sec_index, typed=True))
                _inline_types(text, name_end, le, blocks, sec_index, known, type_labels)
        elif ln.kind == "label":
            blocks.append(_Block("label", ls, le, label=ln.label(text), marker=ln.marker, section=sec_index,
                                 typed=ln.label_start is not None))
        elif ln.kind == "content":
            _inline_types(text, ls, le, blocks, sec_index, known, type_labels)
    # resolve plain labels into arms and interventions; close blocks
    for b in blocks:
        if b.kind != "label":
            continue
        if b.marker:
            b.kind = b.marker
            b.typed = b.typed or b.marker == "arm"
        elif b.label and b.label.casefold() not in known_fold and nd.has_context_cue(b.label):
            b.kind = "arm"  # a group's label line ("Group A", "Experimental group", "试验组")
        elif kind == "interventions" or (b.label and b.label.casefold() in known_fold):
            b.kind = "intervention"
        else:
            b.kind = "arm"
    for j, b in enumerate(blocks):
        b.end = blocks[j + 1].start if j + 1 < len(blocks) else sec.end
    # an intervention belongs to the arm above it only when that arm is typed ("Experimental:",
    # "Group Type ..."): in a label-stripped page an arm's interventions cannot be told apart
    arm = None
    for j, b in enumerate(blocks):
        if b.kind == "arm":
            arm = j if (b.typed or b.marker == "arm") else None
        elif b.kind == "intervention":
            b.arm = arm if kind == "groups" else None
        elif b.kind == "stop":
            arm = None
    return blocks


def _inline_types(text: str, start: int, end: int, blocks: list[_Block], sec_index: int, known: list[str],
                  type_labels: list[_TypeLabel]) -> None:
    """"... Drug: Cyclophosphamide Administered ..." inside a flattened table cell."""
    R = rules()
    labels = [t for t in type_labels if start < t.start and t.end <= end]
    for k, m in enumerate(labels):
        tkind, _ = R.type_kind[m.type.casefold()]
        if tkind == "arm":
            nl = text.find("\n", m.end, end)
            stop = end if nl == -1 else nl
            blocks.append(_Block("arm", m.start, stop, label=nd.clean_name(text[m.end:stop]), section=sec_index, typed=True))
        else:
            limit = labels[k + 1].start if k + 1 < len(labels) else end
            name, name_end = _name_after_type(text, m.end, limit, known)
            blocks.append(_Block("intervention", m.start, max(name_end, m.end), label=name, section=sec_index, typed=True))


# ----------------------------------------------------------------------------- rows

@dataclass
class _Row:
    start: int
    end: int
    ev_start: int
    ev_end: int
    rule_id: str
    attrs: dict
    src: dict = field(default_factory=dict)  # attribute -> provenance rank
    arm: tuple | None = None  # the arm block it was read under (its label's span)


def _fold(s: str | None) -> str | None:
    return "".join(s.split()).casefold() if s else None


def _compatible_text(a: str | None, b: str | None) -> bool:
    """Null, equal, or one's words a run of the other's ("Arm B" in "Arm B (control)"; not
    "Arm I" in "Arm II")."""
    if not a or not b:
        return True
    wa, wb = _WORDS.findall(a.casefold()), _WORDS.findall(b.casefold())
    short, long_ = sorted((wa, wb), key=len)
    n = len(short)
    return any(long_[i:i + n] == short for i in range(len(long_) - n + 1))


_WORDS = re.compile(r"\w+")


def _same_key(a: dict, b: dict) -> bool:
    return a["unit"] == b["unit"] and abs(a["dose_low"] - b["dose_low"]) <= 1e-9 * max(1.0, abs(a["dose_low"])) and abs(
        a["dose_high"] - b["dose_high"]) <= 1e-9 * max(1.0, abs(a["dose_high"]))


def _mergeable(a: _Row, b: _Row) -> bool:
    x, y = a.attrs, b.attrs
    if not _same_key(x, y):
        return False
    if x["dose_level"] is not None and y["dose_level"] is not None and x["dose_level"] != y["dose_level"]:
        return False
    if _once_and_repeated(a, b) or _once_and_repeated(b, a) or (
            x["route"] != y["route"] and a.src.get("route") == b.src.get("route") == _OWN):
        return False
    if a.arm is not None and b.arm is not None and a.arm != b.arm and _fold(x["context"]) != _fold(y["context"]):
        # two arms, one label inside the other ("A + B + C" and "B + C"): one row per arm
        return False
    return _compatible_text(x["context"], y["context"]) and _compatible_text(x["intervention"], y["intervention"])


def _once_and_repeated(a: _Row, b: _Row) -> bool:
    """Whether ``a`` is a dose given once by its own words ("a single 120 mg dose", a loading
    dose: null interval) and ``b`` a repeated one: two doses, not one text read twice."""
    return a.attrs["interval_days"] is None and a.src.get("interval_days") == _OWN and b.attrs["interval_days"] is not None


def _merge(a: _Row, b: _Row) -> None:
    for k, v in b.attrs.items():
        if v is None:
            continue
        if a.attrs.get(k) is None or b.src.get(k, _NO_SOURCE) < a.src.get(k, _NO_SOURCE):
            a.attrs[k] = v
            a.src[k] = b.src.get(k, _NO_SOURCE)


def _dedup(rows: list[_Row]) -> list[_Row]:
    out: list[_Row] = []
    for r in rows:
        for o in out:
            if _mergeable(o, r):
                _merge(o, r)
                break
        else:
            out.append(r)
    return out


# ----------------------------------------------------------------------------- reading

class _Page:
    def __init__(self, text: str, layout: Layout, abbreviations: Mapping[str, str] | None,
                 read: list[tuple[int, int]] = ()) -> None:
        self.text = text
        self.layout = layout
        self._lines: dict[tuple[int, int], list[_Ln]] = {}
        # the doses of the parts read (arms sections, open text; not the closed sections, where
        # criteria hold many numbers and units), found once per run of adjacent parts
        self.read = _merged(read)
        self._doses: dict[tuple[int, int], list[nd.DoseMatch]] = {}
        for a, b in self.read:
            self._doses[(a, b)] = nd.find_doses(text, a, b)
        self._mentions: dict[tuple[int, int], list[tuple[int, int, str]]] = {}
        self._cycles: set[float] | None = None
        self.type_labels = _type_labels(text)
        label_at: list[tuple[int, str]] = []
        self.known = _known_names(text, layout, abbreviations, self.lines, self.type_labels, label_at)
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
        for alias, name in _aliases(text, layout, self.known, label_at, self.lines, self.read).items():
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

    def abbreviations_in(self, start: int, end: int) -> list[tuple[int, str]]:
        """Short forms of the page's abbreviations written in ``text[start:end]``."""
        if self.abbr_re is None:
            return []
        return [(m.start(), m.group(0)) for m in self.abbr_re.finditer(self.text, start, end)]

    def lines(self, sec: Section, known_fold: set[str] | None = None) -> list[_Ln]:
        """The classified lines of an arms section (classified once, with the intervention
        names known when first asked)."""
        key = (sec.start, sec.end)
        if key not in self._lines:
            self._lines[key] = _section_lines(self.text, sec, self.doses(sec.start, sec.end), known_fold)
        return self._lines[key]

    def doses(self, start: int, end: int) -> list[nd.DoseMatch]:
        """Dose matches of ``text[start:end]``, read once per section."""
        for (a, b), found in self._doses.items():
            if a <= start and end <= b:
                return [d for d in found if start <= d.start and d.end <= end]
        found = nd.find_doses(self.text, start, end)
        self._doses[(start, end)] = found
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


def _rejected(text: str, clause: tuple[int, int], d: nd.DoseMatch) -> bool:
    """A bound, cap, prior exposure or product strength rather than a dose ("> 10 mg",
    "maximum 800 mg", "available in 20 mg and 80 mg strengths")."""
    before = text[max(clause[0], d.value_start - 48):d.value_start]
    R = rules()
    return R.reject.search(before) is not None or R.reject_after.match(text, d.end, clause[1]) is not None


def _best_schedule(after: list[nd.Mention], before: list[nd.Mention]) -> nd.Mention | None:
    best = None
    for rank_pos, group in enumerate((after, list(reversed(before)))):
        for s in group:
            if s.value is None:
                continue
            key = (nd.KIND_RANK.get(s.kind, 5), rank_pos)
            if best is None or key < best[0]:
                best = (key, s)
    return best[1] if best else None


_BULLET = re.compile(r"[ \t]*(?:[-*•▪◦]|\d{1,2}[.)])[ \t]+")


def _stems(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """Drug-like words in ``text[start:end]`` (rules/dose_names.yaml stems), each widened to
    its whole hyphenated token ("trimethoprim-sulfamethoxazole")."""
    out: list[tuple[int, str]] = []
    last_end = -1
    for m in rules().stems.finditer(text, start, end):
        a, b = m.start(), m.end()
        w = nd.is_word_char
        while a > start and (w(text[a - 1]) or (text[a - 1] == "-" and a - 1 > start and w(text[a - 2]))):
            a -= 1
        while b < end and (w(text[b]) or (text[b] == "-" and b + 1 < end and w(text[b + 1]) and not text[b + 1].isdigit())):
            b += 1
        # a numbered name: "interleukin-2", "IL-15"
        num = _NUMBER_SUFFIX.match(text, b, end)
        if num:
            b = num.end()
        salt = rules().salt_re.match(text, b, end)
        if salt:
            b = salt.end()
        name = nd.clean_name(text[a:b])
        if not name or nd.is_level_label(name) or (out and out[-1][0] == a):
            continue
        # "trastuzumab emtansine (T-DM1)", "(T-DXd; DS-8201a)": another name in parentheses
        # right after a name is that name's alias, not another drug
        if out and _alias_in_parentheses(text, last_end, a, b):
            continue
        out.append((a, name))
        last_end = b
    return out


_OPEN_PAREN = re.compile(r"\s*[(\[](?:[^()\[\];,/]*[;,/]\s*)*\s*")
_ALIAS_CLOSE = re.compile(r"\s*[)\];,/]")


def _alias_in_parentheses(text: str, name_end: int, a: int, b: int) -> bool:
    """Whether the name at ``text[a:b]`` is one of a list of other names in parentheses
    opened right after a name ending at ``name_end`` ("X (T-DXd; DS-8201a)")."""
    return _OPEN_PAREN.fullmatch(text, name_end, a) is not None and _ALIAS_CLOSE.match(text, b) is not None
_NUMBER_SUFFIX = re.compile(r"-\d{1,3}(?![\w.,/-])")


_GAP_TO_NAME = re.compile(r"[ \t]+(?:(?!(?:and|or|plus|with|then|and)\b)[^\W\d]+[ \t]+){0,2}")


def _name_right_after(page: _Page, pos: int, end: int) -> bool:
    """Whether a listed or drug-like name follows the dose ending at ``pos`` within two plain
    words ("300 mg oral ZN-1041"; not "375 mg/m2 IV and doxorubicin")."""
    starts = [m[0] for m in page.mentions(pos, end)] + [a for a, _ in _stems(page.text, pos, min(end, pos + 40))]
    return any(_GAP_TO_NAME.fullmatch(page.text, pos, a) for a in starts)


def _looks_named(name: str) -> bool:
    """A capital, a digit or a hyphen, or a drug-like stem: a name, not a plain word."""
    if not name:
        return False
    return any(c.isupper() or c.isdigit() or c == "-" for c in name) or rules().stems.search(name) is not None


def _names_in(page: _Page, start: int, end: int) -> list[tuple[int, int, str]]:
    """Listed and drug-like names in ``text[start:end]``, in text order."""
    found = {m[0]: m for m in page.mentions(start, end)}
    for a, name in _stems(page.text, start, end):
        found.setdefault(a, (a, a + len(name), page.canonical(name)))
    return [found[a] for a in sorted(found)]


def _name_after_link(page: _Page, pos: int, end: int) -> str | None:
    """The name an amount is "of", written right after it ("1200 mg de pertuzumab")."""
    m = rules().after_link.match(page.text, pos, end)
    if m is None:
        return None
    names = _names_in(page, m.end(), min(end, m.end() + 60))
    return names[0][2] if names and names[0][0] == m.end() else None


def _name_pair(page: _Page, start: int, pos: int) -> tuple[str, str, int] | None:
    """The last two names before ``pos`` joined as a pair ("pertuzumab/trastuzumab",
    "pertuzumab y trastuzumab"): the names of a "1200 mg/600 mg" pair of amounts, in order."""
    names = _names_in(page, start, pos)
    for (a1, e1, n1), (a2, e2, n2) in reversed(list(zip(names, names[1:]))):
        if rules().pair_joiner.fullmatch(page.text, e1, a2) and _fold(n1) != _fold(n2):
            return n1, n2, a1
    return None


def _name_before(text: str, lo: int, value_start: int) -> tuple[str, int] | None:
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
    for t in reversed(toks[-4:]):
        w = t.group(0).strip("*_") or t.group(0)  # markdown emphasis: "**Premedication:**"
        if w[-1] in ",;:.)(" or w[0] in "([" or w.casefold() in R.name_stops or re.fullmatch(r"[\d.,/]+", w) or (
                nd.is_level_label(w)):
            break
        words.insert(0, t)
        if len(words) == 3:
            break
    if not words:
        # "Step 2 (cell infusion): TIL, 1 × 10^9 cells": a name right after a label, set off
        # by a comma
        m = _LABEL_NAME.search(text, lo, value_start)
        if m is None or any(w.casefold() in R.name_stops for w in m.group(1).split()):
            return None
        words = list(re.finditer(r"\S+", m.group(1)))
        lo = m.start(1)
    name = " ".join(w.group(0) for w in words)
    if not (_looks_named(name) or len(name) >= 6):
        return None
    return nd.clean_name(name), lo + words[0].start()


_CJK_SEGMENT_END = re.compile(r"[,;:()\[\]、，：；（）]")


def _cjk_name_before(text: str, start: int, end: int) -> tuple[str, int] | None:
    """The name in a Chinese or Japanese run written right before a dose value, without
    spaces ("联合XELOX方案(奥沙利铂130 mg/m²", "曲妥珠单抗首剂8 mg/kg"): its last segment
    between punctuation, without the words around names (rules/dose_names.yaml cjk_affixes);
    a segment left empty steps back over its comma ("曲妥珠单抗,首剂8 mg/kg"), once."""
    R = rules()
    cuts = [start] + [m.end() for m in _CJK_SEGMENT_END.finditer(text, start, end)]
    for i in range(len(cuts) - 1, max(-1, len(cuts) - 3), -1):
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
        if i < len(cuts) - 1 and text[cuts[i] - 1] not in ",、，":
            break
    return None


_LABEL_NAME = re.compile(r":[ \t]*([^\W\d][^,;:.()\n]{0,40}?)[ \t]*,[ \t]*$")


def _list_intro(text: str, start: int, pos: int) -> tuple[int, int] | None:
    """The line introducing the bullet list whose item starts at ``pos``: the nearest line
    above it in ``text[start:pos]`` that is no bullet item; None when ``pos`` opens no item."""
    ls = text.rfind("\n", start, pos) + 1
    ls = max(ls, start)
    if not _BULLET.match(text, ls):
        return None
    while ls > start:
        prev_start = max(start, text.rfind("\n", start, ls - 1) + 1)
        line = text[prev_start:ls - 1]
        if line.strip() and not _BULLET.match(line):
            return prev_start, ls - 1
        ls = prev_start
    return None


_HEADING_MAX_WORDS = 8
_HEADING_MAX_CHARS = 60


def _subheadings(text: str, start: int, end: int, doses: list[nd.DoseMatch]) -> list[tuple[int, int]]:
    """Heading-shaped lines of a prose span: short, capitalized, no sentence or label
    punctuation, no dose, after a blank line or a finished sentence, before a paragraph."""
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text, start, end) if m.end() > m.start()]
    out = []
    for j, (a, b) in enumerate(lines):
        line = text[a:b].strip()
        if not line or len(line) > _HEADING_MAX_CHARS or len(line.split()) > _HEADING_MAX_WORDS:
            continue
        if not line[0].isupper() or line[-1] in ".,;:|)]" or any(c in line for c in ":|[") or not _label_shaped(line):
            continue
        if any(a <= d.start < b for d in doses):
            continue
        prev = next((text[x:y].strip() for x, y in reversed(lines[:j]) if text[x:y].strip()), "")
        nxt = next((text[x:y].strip() for x, y in lines[j + 1:] if text[x:y].strip()), "")
        # (a first line is the section's own heading or lead-in, not a sub-heading)
        if not prev or prev[-1] not in ".!?:]" or len(nxt) <= _HEADING_MAX_CHARS or nxt[-1] not in ".!?]":
            continue
        out.append((a + len(text[a:b]) - len(text[a:b].lstrip()), b))
    return out


_PAREN = re.compile(r"\([^()\n]*\)")


def _open_dose(page: _Page, start: int, sent: tuple[int, int], clause: tuple[int, int], d: nd.DoseMatch,
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
    return bool(R.treatment_cue.search(text, a, b) or page.mentions(a, b) or _stems(text, a, b)
                or scan("r", a, b) or scan("s", a, b))


_CELL_SEP = re.compile(r"[ \t]*\|[ \t]*|[ \t]{2,}")
_ROW_LABEL_MAX = 100


def _row_labels(text: str, start: int, end: int, doses: list[nd.DoseMatch]) -> list[tuple[int, int, str | None]]:
    """Table rows (cells between pipes, or at least three cells set apart by runs of spaces)
    whose doses stand in a later cell: the cells before it name the row ("| Comparator Agent |
    Perjeta | Perjeta 840 mg IV ..."), the context of the row's doses."""
    out = []
    for m in _LINE.finditer(text, start, end):
        a, b = m.start(), m.end()
        first = next((d for d in doses if a <= d.start < b), None)
        if first is None:
            continue
        seps = [x for x in _CELL_SEP.finditer(text, a, b) if x.start() > a or "|" in x.group(0)]
        if not ("|" in text[a:b] or len(seps) >= 2):
            continue
        cells = [c.strip() for c in _CELL_SEP.split(text[a:first.start])[:-1] if c.strip()]
        label = " ".join(cells)
        if cells and len(label) <= _ROW_LABEL_MAX and not nd.find_doses(label):
            out.append((a, b, nd.normalize_context(label)))
    return out


def _group_lines(text: str, start: int, end: int, doses: list[nd.DoseMatch]) -> list[tuple[int, int]]:
    """Whole label-shaped lines naming an arm or cohort ("Experimental group", "Group B",
    "试验组"): no dose, at most a few words, a context cue."""
    out = []
    for m in _LINE.finditer(text, start, end):
        a, b = m.start(), m.end()
        line = text[a:b].strip()
        if (not line or len(line.split()) > 6 or not _label_shaped(line) or any(a <= d.start < b for d in doses)
                or not nd.has_context_cue(line)):
            continue
        out.append((a + len(text[a:b]) - len(text[a:b].lstrip()), b))
    return out


def _read_span(page: _Page, start: int, end: int, *, block_label: str | None, base_context: str | None,
               arm_label: str | None, arm_interventions: list[str], open_text: bool) -> list[_Row]:
    """Read the doses of one block description (or span of open text) ``text[start:end]``."""
    text = page.text
    R = rules()
    doses = page.doses(start, end)
    if not doses:
        return []
    # sub-blocks: context labels ("Phase Ia:", "Cohort A:") inside the span. A label that opens
    # a bullet item holds for that item only; any other label up to the next label.
    cuts: list[tuple[int, int, str | None]] = []  # (from, to, context)
    label_matches = list(R.cue_label_re.finditer(text, start, end))
    for m in label_matches:
        label = m.group("label").strip()
        if nd.is_level_label(label) or label.casefold() in R.type_kind:
            continue
        if not nd.has_context_cue(label):
            # another label at a line start ("Supportive care:") ends the cue before it
            ls = text.rfind("\n", start, m.start("label")) + 1
            if text[max(ls, start):m.start("label")].strip(" \t-*•▪◦0123456789.)") == "":
                cuts.append((m.start("label"), end, base_context))
            continue
        ls = text.rfind("\n", start, m.start("label")) + 1
        ls = max(ls, start)
        to = end
        if _BULLET.match(text, ls) and text[ls:m.start("label")].strip(" \t-*•▪◦0123456789.)") == "":
            nl = text.find("\n", m.end(), end)
            to = end if nl == -1 else nl
        cuts.append((m.start("label"), to, nd.normalize_context(label)))
    # a cue label inside a run of text ("... 2.0 Treatment Plan Arm A: HT-550 300 mg ...")
    labelled = [(m.start("label"), m.end("label")) for m in label_matches]
    for m in R.cue_colon_re.finditer(text, start, end):
        if not any(a < m.end("label") and m.start("label") < b for a, b in labelled):
            cuts.append((m.start("label"), end, nd.normalize_context(m.group("label"))))
    if open_text:
        # a sub-heading line inside a prose section ("VX-H27 With Pembrolizumab" over the
        # paragraph describing that group), or a label line that names an arm or cohort
        # ("Experimental group", "对照组"), sets the context of the doses after it
        heads = _subheadings(text, start, end, doses) + _group_lines(text, start, end, doses)
        cuts.extend((a, end, nd.normalize_context(text[a:b])) for a, b in sorted(set(heads)))
        cuts.extend(_row_labels(text, start, end, doses))
    cuts.sort(key=lambda c: c[0])
    if cuts:
        # a bullet item whose label was line-scoped returns to the enclosing context after it
        bounds = sorted({start, end, *(c[0] for c in cuts), *(c[1] for c in cuts)})
        subs: list[tuple[int, int, str | None]] = []
        for a, b in zip(bounds, bounds[1:]):
            ctx = base_context
            for c0, c1, cx in cuts:
                if c0 <= a and b <= c1:
                    ctx = cx  # the latest label covering the piece
            subs.append((a, b, ctx))
    else:
        subs = [(start, end, base_context)]
    sentences = _sentence_bounds(text, start, end)
    levels = nd.find_levels(text, start, end)
    dose_spans = [(d.value_start, d.value_end) for d in doses]
    levels = [lv for lv in levels if not any(a < lv.end and lv.start < b for a, b in dose_spans)]

    sent_starts = [a for a, _ in sentences]
    # routes ("r") and schedules ("s") are scanned once per sentence, when first needed
    memo: dict[tuple[str, int], list[nd.Mention]] = {}

    def sentence_scan(what: str, si: int) -> list[nd.Mention]:
        key = (what, si)
        if key not in memo:
            memo[key] = (nd.find_routes if what == "r" else nd.find_schedules)(text, *sentences[si])
        return memo[key]

    def scan(what: str, a: int, b: int) -> list[nd.Mention]:
        """Routes or schedules wholly inside text[a:b] (a span within one sentence, or any
        span: then every sentence it overlaps is scanned)."""
        key = (what, a, b)
        out = scanned.get(key)
        if out is not None:
            return out
        out = []
        if a < b:
            si = max(0, bisect.bisect_right(sent_starts, a) - 1)
            while si < len(sentences) and sentences[si][0] < b:
                if sentences[si][1] > a:
                    found = sentence_scan(what, si)
                    if found:
                        out.extend(x for x in found if a <= x.start and x.end <= b)
                si += 1
        scanned[key] = out
        return out

    scanned: dict[tuple[str, int, int], list[nd.Mention]] = {}

    # dose levels: a cue after a dose (right after it, or in parentheses before the next dose)
    # is that dose's; any other cue is the next dose's (within 40 characters)
    levels_of: dict[int, int] = {}
    # "A, B or C cells at dose levels 1, 2 and 3, respectively": the doses before the list in
    # its sentence, in order
    for lr in nd.find_respective_levels(text, start, end):
        sent_r = _containing(sentences, lr.start)
        ks = [k for k, d in enumerate(doses) if d.end <= lr.start and (sent_r is None or d.start >= sent_r[0])]
        n = len(lr.value)
        if len(ks) >= n:
            for k, value in zip(ks[-n:], lr.value):
                levels_of.setdefault(k, value)
    for lv in levels:
        before = [k for k, d in enumerate(doses) if d.end <= lv.start]
        after = [k for k, d in enumerate(doses) if d.start >= lv.end]
        k_prev = before[-1] if before else None
        k_next = after[0] if after else None
        same_sentence = k_prev is not None and _containing(sentences, doses[k_prev].start) == _containing(sentences, lv.start)
        if k_next is not None and nd.level_before(text, lv, doses[k_next].start):
            # "DL2 1.0 mg/kg", "Dose level 2: 10 mg/kg": the cue heads the dose right after it
            levels_of.setdefault(k_next, lv.value)
        elif k_prev is not None and same_sentence and (
            nd.level_after(text, doses[k_prev].end, lv) or nd.level_in_parentheses(text, lv)
        ):
            levels_of.setdefault(k_prev, lv.value)
        elif k_next is not None and doses[k_next].start - lv.end <= 40:
            levels_of.setdefault(k_next, lv.value)

    # ---- pass 1: which doses are read, and their spans, interventions, levels, contexts
    items = []
    pairs: dict[int, tuple[str, str]] = {}  # first amount of a "A mg/B mg" pair -> its two names
    for k, d in enumerate(doses):
        sent = _containing(sentences, d.start) or (start, end)
        clause = _containing(_clause_bounds(text, *sent), d.start) or sent
        if _rejected(text, clause, d):
            continue
        sub = next((x for x in subs if x[0] <= d.start < x[1]), subs[-1])
        if open_text and not _open_dose(page, start, sent, clause, d, sub[2] is not None, scan):
            continue
        prev_end = max([x.end for x in doses[:k] if x.end <= d.start and x.end > clause[0]] + [clause[0]])
        nxt = [x.start for x in doses[k + 1:] if x.start >= d.end]
        next_start = min(nxt + [clause[1]])
        had_prev = prev_end > clause[0]
        # --- intervention: named in the dose's own words first, then around it
        intervention, isrc = None, _NO_SOURCE
        own_mentions = page.mentions(prev_end, d.start)
        if own_mentions:
            # the name nearest the value: "mFOLFOX6 every 2 weeks: oxaliplatin 85 mg/m2"
            # (not an other name in parentheses right after the listed name: "(DS-8201a)")
            later = [s_ for s_ in _stems(text, own_mentions[-1][1], d.start)
                     if page.canonical(s_[1]).casefold() != own_mentions[-1][2].casefold()
                     and not _alias_in_parentheses(text, own_mentions[-1][1], s_[0], s_[0] + len(s_[1]))]
            if later:
                own_mentions = [(later[-1][0], later[-1][0] + len(later[-1][1]), page.canonical(later[-1][1]))]
        stems_before = [] if own_mentions else _stems(text, prev_end, d.start)
        before_name = None if (own_mentions or stems_before) else _name_before(text, prev_end, d.value_start)
        if before_name and not _looks_named(before_name[0]) and _name_right_after(page, d.end, clause[1]):
            before_name = None  # "to evaluate 300 mg oral ZN-1041": the drug-like name after it
        abbr_before = [] if (own_mentions or stems_before or before_name) else page.abbreviations_in(prev_end, d.start)
        mention_start = None
        prev_item = items[-1] if items and items[-1][0].end == prev_end else None
        named_after = _name_after_link(page, d.end, clause[1])
        nxt_dose = doses[k + 1] if k + 1 < len(doses) else None
        if named_after is not None:
            # "1200 mg de pertuzumab", "5 mg/kg of ZX-1": the name the amount is of
            intervention, isrc = named_after, _OWN
        elif prev_item is not None and R.combination.fullmatch(text, prev_end, d.start):
            # "160 mg/800 mg": a second amount of the same combination product, or of the second
            # of two names paired before it ("pertuzumab/trastuzumab ... 1200 mg/600 mg")
            pair = pairs.get(k - 1)
            intervention, isrc = (pair[1], _SENTENCE) if pair else (prev_item[6], prev_item[7])
        elif nxt_dose is not None and R.combination.fullmatch(text, d.end, nxt_dose.start) and (
                pair := _name_pair(page, sent[0], d.start)) is not None:
            pairs[k] = pair[:2]
            intervention, isrc, mention_start = pair[0], _SENTENCE, pair[2]
        elif own_mentions:
            intervention, isrc = own_mentions[-1][2], _OWN
            mention_start = own_mentions[-1][0]
        elif block_label:
            # an intervention's own description: other words before a value are its synonyms
            intervention, isrc = block_label, _OWN
            if stems_before:
                mention_start = stems_before[-1][0]
            elif before_name:
                mention_start = before_name[1]
        elif stems_before:
            (mention_start, intervention), isrc = stems_before[-1], _OWN
        elif before_name:
            (intervention, mention_start), isrc = before_name, _OWN
        elif abbr_before:
            (mention_start, intervention), isrc = abbr_before[-1], _OWN
        else:
            # named elsewhere: earlier in the sentence, later in the clause, earlier in the
            # sub-block, in the arm's label; the arm's or the page's only intervention
            for finder in (
                # "8 mg/kg IV loading dose then 6 mg/kg": the dose before it, in sequence
                lambda: [prev_item[6]] if prev_item is not None and prev_item[6] and R.sequence.search(
                    text, prev_end, d.start) else [],
                # (a listed or drug-like name, the nearest)
                lambda: [m[2] for m in _names_in(page, sent[0], d.start)][-1:],
                lambda: [m[2] for m in _names_in(page, d.end, clause[1])][:1],
                # "ZY-3 0.5 mg/kg (dose level 1), 1 mg/kg (dose level 2)": the drug of the
                # dose before it in the sentence
                lambda: [it[6] for it in items if it[1] == sent and it[6]][-1:],
                lambda: [m[2] for m in _names_in(page, sub[0], d.start)][-1:],
                lambda: [m[2] for m in _names_in(page, *arm_label)][:1] if arm_label else [],
                lambda: arm_interventions if len(arm_interventions) == 1 else [],
                lambda: [page.canonical(page.known[0])] if page.n_interventions == 1 else [],
            ):
                found = finder()
                if found:
                    intervention, isrc = found[0], _SENTENCE
                    break
        # the dose's own words: before it from its intervention's name (or from the clause
        # start when it is the clause's first dose), after it up to the next dose
        if mention_start is not None and mention_start >= prev_end:
            own_before = (mention_start, d.start)
        elif had_prev:
            own_before = (d.start, d.start)
        else:
            own_before = (clause[0], d.start)
        own_after_full = (d.end, min(next_start, clause[1]))
        seq = R.sequence.search(text, *own_after_full)
        # what follows "then"/"followed by" is about the next administration
        own_after = (d.end, seq.start()) if seq else own_after_full
        level = levels_of.get(k)
        # --- context: the label in force, else the cue a sentence opens with
        context = sub[2]
        after = R.context_after.match(text, d.end, clause[1])
        if after is not None:
            # a cue in parentheses right after the dose ("4,8 mg/kg (bras A) soit 6,4 mg/kg (bras B)")
            context = nd.normalize_context(after.group("cue"))
        elif context is None:
            # the cue its clause or its sentence opens with ("...; in phase 2, all participants ...")
            inline = nd.find_inline_context(text, *clause) if clause[0] > sent[0] else None
            inline = inline or nd.find_inline_context(text, *sent)
            if inline is None:
                # "In Part 1 (Phase Ib), each new group ... . The doses tested are 4 mg/kg ...":
                # the sentence right before in the same paragraph opens with the cue, no dose of its own
                si = sentences.index(sent) if sent in sentences else -1
                if si > 0:
                    pa, pb = sentences[si - 1]
                    if "\n" not in text[pb:sent[0]] and not any(pa <= x.start < pb for x in doses):
                        inline = nd.find_inline_context(text, pa, pb)
            if inline is not None:
                context = inline.value
        intervention = page.resolve(intervention)
        items.append((d, sent, clause, sub, own_before, own_after, intervention, isrc, level, context, own_after_full))

    # a regimen's schedule stated once before its doses: "mFOLFOX6 every 2 weeks: oxaliplatin
    # 85 mg/m2 IV, leucovorin 400 mg/m2 IV, ..." (to the sentence end) or a line ending in such
    # a header and the lines after it (to the next blank line)
    headers: list[tuple[int, int, nd.Mention]] = []
    if R.header_hint.search(text, start, end):
        for si, (a, b) in enumerate(sentences):
            if not R.header_hint.search(text, a, b):
                continue
            for s in sentence_scan("s", si):
                if s.value is None or s.kind not in ("freq", "cycle"):
                    continue
                hm = R.regimen_header.match(text, s.end, b)
                if not hm:
                    continue
                scope_end = b
                if not text[hm.end():b].strip():
                    sub_end = next((x[1] for x in subs if x[0] <= s.start < x[1]), end)
                    blank = text.find("\n\n", b, sub_end)
                    scope_end = sub_end if blank == -1 else blank
                headers.append((hm.end(), scope_end, s))

    def header_schedule(d: nd.DoseMatch) -> nd.Mention | None:
        found = None
        for a, b, s in headers:
            if a <= d.start < b:
                found = s
        return found

    page_cycles: list[set] = []

    def cycle_length(d: nd.DoseMatch, sent: tuple[int, int], sub: tuple, page_ok: bool) -> float | None:
        """The cycle length stated around a dose: nearest in its sentence, else the only one
        of its sub-block, of its block, or (``page_ok``) of the page's arms and summaries."""
        cs = [s for s in scan("s", *sent) if s.kind == "cycle" and s.value is not None]
        if cs:
            return min(cs, key=lambda s: abs(s.start - d.start)).value
        for a, b in ((sub[0], sub[1]), (start, end)):
            vals = {s.value for s in scan("s", a, b) if s.kind == "cycle" and s.value is not None}
            if len(vals) == 1:
                return vals.pop()
            if vals:
                return None
        if page_ok:
            if not page_cycles:
                page_cycles.append(page.cycle_lengths())
            if len(page_cycles[0]) == 1:
                return next(iter(page_cycles[0]))
        return None

    def owner(pos: int, sent: tuple[int, int]) -> str | None:
        """The intervention the text at ``pos`` speaks of: that of the nearest dose before it
        in its sentence, else the nearest name before it, else the block's."""
        best = None
        for it in items:
            if it[1] == sent and it[0].end <= pos:
                best = it[6]
        if best is not None:
            return best
        names = page.mentions(sent[0], pos)
        if names:
            return names[-1][2]
        return block_label

    def same_owner(intervention: str | None, pos: int, sent: tuple[int, int]) -> bool:
        o = owner(pos, sent)
        return o is None or (intervention is not None and _fold(o) == _fold(intervention))

    def coordinated_tail(i: int) -> list[tuple[int, int]]:
        """The after-windows of the doses coordinated with dose ``i`` ("A x and B y IV")."""
        out = []
        while i + 1 < len(items) and items[i + 1][2] == items[i][2]:
            gap = text[items[i][10][0]:items[i][10][1]]
            if items[i][10][1] != items[i + 1][0].start or not (
                    R.coordination.search(gap) or R.combination.fullmatch(gap)):
                break
            i += 1
            out.append(items[i][5])
        return out

    shared_memo: dict[tuple[int, int], tuple[int, int] | None] = {}

    def shared_tail(sent: tuple[int, int]) -> list[tuple[int, int]]:
        """The words after the last dose of a sentence that hold for all its doses ("...,
        all given IV on Day 1 of each 21-day cycle"), as a window list (empty: none)."""
        if sent not in shared_memo:
            last = max((it[0].end for it in items if it[1] == sent), default=sent[0])
            m = R.shared_tail.search(text, last, sent[1])
            shared_memo[sent] = (m.start(), sent[1]) if m else None
        w = shared_memo[sent]
        return [w] if w else []

    # ---- pass 2: route and interval
    rows: list[_Row] = []
    for i, (d, sent, clause, sub, own_before, own_after, intervention, isrc, level, context, own_after_full) in enumerate(items):
        src: dict = {"intervention": isrc}
        # the doses coordinated with this one ("A x and B y IV"), then a shared ending
        tail = coordinated_tail(i) + shared_tail(sent)
        # route: own words, else the rest of the sentence, else the sub-block's first
        # statement, in both cases only where they speak of the same intervention
        route = None
        own_r = scan("r", *own_after) + scan("r", *own_before)
        if own_r:
            # the route word nearest to the dose ("Single oral dose of 100 ug ..., followed by
            # an intravenous ...": oral)
            near = min(own_r, key=lambda r: r.start - d.end if r.start >= d.end else d.start - r.end)
            route, src["route"] = near.value, _OWN
        elif any(scan("r", *w) for w in tail):
            route, src["route"] = next(scan("r", *w)[0] for w in tail if scan("r", *w)).value, _SENTENCE
        else:
            sent_r = [r for r in scan("r", *sent) if same_owner(intervention, r.start, sent)]
            if sent_r:
                route, src["route"] = min(sent_r, key=lambda r: abs(r.start - d.start)).value, _SENTENCE
            else:
                for r in scan("r", sub[0], sub[1]):
                    rs = _containing(sentences, r.start) or sent
                    if same_owner(intervention, r.start, rs):
                        route, src["route"] = r.value, _BLOCK
                        break
        # interval: a per-time unit; own words (a single/loading administration stops here);
        # a regimen's schedule stated once before its doses ("mFOLFOX6 every 2 weeks: ...");
        # else the coordinated doses; else the sentence; else the sub-block's first statement.
        # A day list without a frequency then gives way to a cycle length stated around it.
        interval = None
        if d.per_time:
            interval, src["interval_days"] = d.interval_days, _OWN
        else:
            after_s, before_s = scan("s", *own_after), scan("s", *own_before)
            singles = [s for s in after_s if s.kind == "single"] + [
                s for s in before_s if s.kind == "single" and d.start - s.end <= 30
                and not R.single_breaks.search(text[s.end:d.start])]
            best = _best_schedule(after_s, before_s)
            nxt_item = items[i + 1] if i + 1 < len(items) else None
            # "8 mg/kg IV then 6 mg/kg IV every 21 days": a first dose given once, when the
            # next dose of the same drug states its own schedule (not "400 mg/m2 bolus
            # followed by 2400 mg/m2 over 46 hours", one administration in two parts)
            # (also a pair's: "carga de 1200 mg/600 mg y después 600 mg/600 mg cada 3 semanas")
            first_of_sequence = R.sequence.search(text, *own_after_full) is not None and any(
                it[2] == clause and _fold(it[6]) == _fold(intervention)
                and _best_schedule(scan("s", *it[10]) + [x for w in coordinated_tail(j) for x in scan("s", *w)], [])
                is not None for j, it in enumerate(items) if j > i)
            header = header_schedule(d)
            chosen, csrc = None, _NO_SOURCE
            if (singles or first_of_sequence) and (best is None or best.kind != "freq"):
                src["interval_days"] = _OWN
            elif best is not None and best.kind == "freq":
                chosen, csrc = best, _OWN
            elif header is not None:
                chosen, csrc = header, _SENTENCE
            elif best is not None:
                chosen, csrc = best, _OWN
            elif any(_best_schedule(scan("s", *w), []) for w in tail):
                chosen = next(_best_schedule(scan("s", *w), []) for w in tail if _best_schedule(scan("s", *w), []))
                csrc = _SENTENCE
            else:
                sent_s = [s for s in scan("s", *sent) if s.value is not None and s.kind != "single"
                          and same_owner(intervention, s.start, sent)]
                if sent_s:
                    chosen = min(sent_s, key=lambda s: (nd.KIND_RANK.get(s.kind, 5), abs(s.start - d.start)))
                    csrc = _SENTENCE
                else:
                    for s in scan("s", sub[0], sub[1]):
                        ss = _containing(sentences, s.start) or sent
                        if s.kind == "single" and any(
                                j != i and (it[4][0] <= s.start < it[4][1] or it[5][0] <= s.start < it[5][1])
                                for j, it in enumerate(items)):
                            continue  # a one-off administration stated for another dose
                        if (s.kind == "single" or s.value is not None) and same_owner(intervention, s.start, ss):
                            if s.kind != "single":
                                chosen = s
                            csrc = _BLOCK
                            break
            if chosen is not None or csrc != _NO_SOURCE:
                interval, src["interval_days"] = (chosen.value if chosen is not None else None), csrc
            # a day list (or "once per cycle") without a frequency: the cycle length stated
            # around it, else the day list's spacing
            cue = None
            if chosen is not None:
                cue = chosen if chosen.kind == "daylist" else None
            elif csrc == _NO_SOURCE and not singles and not first_of_sequence:
                cue = next((s for s in after_s + before_s if s.kind in ("daylist", "per_cycle")), None)
            if cue is not None:
                cyc = cycle_length(d, sent, sub, cue.kind == "per_cycle" or (bool(cue.days) and min(cue.days) >= 1))
                if cyc is not None:
                    interval = cyc
                    src["interval_days"] = csrc if cue is chosen else _SENTENCE
        attrs = {
            "intervention": intervention,
            "dose_low": d.low,
            "dose_high": d.high,
            "unit": d.unit,
            "route": route,
            "interval_days": interval,
            "dose_level": level,
            "context": context,
        }
        rows.append(_Row(d.start, d.end, sent[0], sent[1], d.rule_id, attrs, src))
    return _for_every_group(text, rows)


def _for_every_group(text: str, rows: list[_Row]) -> list[_Row]:
    """A dose without a context in a sentence about every group ("In both groups trastuzumab
    is given ... 8 mg/kg ...") is each earlier group's dose: one row per context read before it."""
    out: list[_Row] = []
    for r in rows:
        groups = list(dict.fromkeys(o.attrs["context"] for o in out if o.attrs["context"]))
        if r.attrs["context"] is None and groups and rules().all_groups.search(text, r.ev_start, r.ev_end):
            for g in groups:
                out.append(_Row(r.start, r.end, r.ev_start, r.ev_end, r.rule_id, {**r.attrs, "context": g},
                                {**r.src, "context": _SENTENCE}))
        else:
            out.append(r)
    return out


def _name_defaults(page: _Page, blocks: list[_Block], spans: list[tuple[int, int]],
                   needed: set[str]) -> dict[str, dict]:
    """Route and frequency stated without a dose for the interventions in ``needed``
    (casefolded), in the arms sections and the open text: the description of its block
    ("Pembrolizumab / Given IV"), or a sentence naming it next to a route ("before the infusion
    of X", "X is administered as a single intravenous infusion", "gets SP-88 through an IV
    once every 3 weeks") and a frequency after it in its clause, before any other name or dose."""
    out: dict[str, dict] = {}
    text = page.text
    for b in blocks:
        if b.kind == "intervention" and b.label and b.desc_start < b.end:
            name = page.canonical(b.label).casefold()
            if name in needed and name not in out and not page.doses(b.desc_start, b.end):
                found = nd.find_routes(text, b.desc_start, b.end)
                if found:
                    out[name] = {"route": found[0].value}
    # the sentences that name them (found by their names as written: no scan for drug-like words)
    surfaces = {n for n in page.known if page.canonical(n).casefold() in needed} | needed
    name_re = re.compile(rf"(?<![\w-])(?:{'|'.join(re.escape(n) for n in sorted(surfaces, key=len, reverse=True))})(?![\w-])",
                         re.I)
    done: set[tuple[int, int]] = set()
    for a0, b0 in [(sec.start, sec.end) for sec in page.layout.of("arms")] + spans:
        for m in name_re.finditer(text, a0, b0):
            ls = max(a0, text.rfind("\n", a0, m.start()) + 1)
            le = text.find("\n", m.end(), b0)
            sent = _containing(_sentence_bounds(text, ls, b0 if le == -1 else le), m.start())
            if sent is None or sent in done:
                continue
            done.add(sent)
            names = [x for x in _names_in(page, *sent) if x[2].casefold() in needed]
            if names:
                _name_statements(page, sent[0], sent[1], names, out)
    return out


def _name_statements(page: _Page, a: int, b: int, names: list[tuple[int, int, str]], out: dict) -> None:
    """The route and frequency a sentence ``text[a:b]`` states for each of its ``names``."""
    text = page.text
    for r in nd.find_routes(text, a, b):
        # the route word right before the name ("infusion of X", "intravenous X") or
        # the name as the subject of the route's clause ("X is administered ... IV")
        for ms, me, name in names:
            for _, side, rx, max_gap in rules().route_links:
                gap = (r.end, ms) if side == "before" else (me, r.start)
                if 0 <= gap[1] - gap[0] <= max_gap and rx.fullmatch(text, gap[0], gap[1]):
                    out.setdefault(name.casefold(), {}).setdefault("route", r.value)
                    break
    starts = sorted({m[0] for m in _names_in(page, a, b)} | {d.start for d in page.doses(a, b)})
    for ms, me, name in names:
        nxt = next((p for p in starts if p > ms), b)
        clause_end = min([m.start() for m in _CLAUSE_END.finditer(text, me, nxt)] + [nxt])
        freq = [s for s in nd.find_schedules(text, me, clause_end) if s.kind == "freq" and s.value is not None]
        if freq:
            out.setdefault(name.casefold(), {}).setdefault("interval_days", freq[0].value)


def _apply_defaults(page: _Page, blocks: list[_Block], spans: list[tuple[int, int]], rows: list[_Row]) -> None:
    """Fill a row's missing route, and its interval when nothing was said of it, from what the
    page states of its intervention without a dose (_name_defaults)."""
    def missing(r: _Row) -> list[str]:
        return [k for k in ("route", "interval_days") if r.attrs[k] is None and k not in r.src]

    needed = {r.attrs["intervention"].casefold() for r in rows if r.attrs["intervention"] and missing(r)}
    defaults = _name_defaults(page, blocks, spans, needed) if needed else {}
    for r in rows:
        found = defaults.get((r.attrs["intervention"] or "").casefold(), {})
        for k in missing(r):
            if found.get(k) is not None:
                r.attrs[k], r.src[k] = found[k], _DEFAULT


_FIELD_KEY = re.compile(r"\s*[^\s:：]{1,20}[:：]")
_FIELD_SPLIT = re.compile(r"[ \t]{2,}|[ \t]+(?=[^\s:：]{1,20}[:：])")


def _arm_context(label: str | None) -> str | None:
    """An arm label as a context; a label line of "key: value" fields ("组别:试验组 样本量:280")
    gives the value that names a group."""
    fields = _FIELD_SPLIT.split(label) if label and _FIELD_KEY.match(label) else []
    for f in fields if len(fields) > 1 else []:
        key, sep, value = f.replace("：", ":").partition(":")
        if sep and value.strip() and not nd.has_context_cue(key) and nd.has_context_cue(value):
            return nd.normalize_context(value)
    return nd.normalize_context(label)


def _nearest_group_lines(page: _Page, rows: list[_Row]) -> None:
    """A dose of the arms sections read without a context takes the nearest group label line
    above it in the arms sections ("Group:\n\nExperimental group\n\nIntervention:\n\nX 10 g
    ..." split into sections at each label), when no dose of another context lies between."""
    text = page.text
    lines = sorted(g for sec in page.layout.of("arms") for g in _group_lines(text, sec.start, sec.end,
                                                                             page.doses(sec.start, sec.end)))
    if not lines:
        return
    starts = [a for a, _ in lines]
    labelled = [o.start for o in rows if o.attrs["context"] is not None]
    for r in rows:
        if r.attrs["context"] is not None:
            continue
        i = bisect.bisect_right(starts, r.start) - 1
        if i < 0 or any(lines[i][1] <= p < r.start for p in labelled):
            continue
        r.attrs["context"] = nd.normalize_context(text[lines[i][0]:lines[i][1]])
        r.src["context"] = _BLOCK


def _export_arms(text: str) -> list[Section]:
    """Arms sections for a page whose layout found none: each run of export lines about arms
    and interventions (rules/dose_layout.yaml fallback_arm_lines), blank lines allowed."""
    out: list[Section] = []
    run: list[int] | None = None  # [start, end]
    for m in rules().fallback_arm_line.finditer(text):
        ls = m.start()
        le = text.find("\n", ls)
        le = len(text) if le == -1 else le
        if run is not None and text[run[1]:ls].strip() == "":
            run[1] = le
        else:
            if run is not None:
                out.append(Section("arms", run[0], run[1], None, "dose.fallback_arms"))
            run = [ls, le]
    if run is not None:
        out.append(Section("arms", run[0], run[1], None, "dose.fallback_arms"))
    return out


def _heading_arms(text: str, known: list[Section]) -> list[Section]:
    """The lines under a heading about the study's treatment that the layout did not type as
    arms ("Products and treatment arms", "## 4 · Dosing", "What's involved",
    "Intervention(s)"), up to the next heading-shaped line (a markdown heading or a short line
    with no closing punctuation that is no list item): a heading is closer evidence than a
    section that ran on over it."""
    out: list[Section] = []
    for m in rules().fallback_heading.finditer(text):
        hs = m.start()
        he = text.find("\n", hs)
        if he == -1 or any(sec.start <= hs < sec.end or sec.start <= he + 1 < sec.end for sec in known):
            continue
        end = len(text)
        for ln in _LINE.finditer(text, he + 1):
            line = text[ln.start():ln.end()]
            if line.lstrip().startswith("#") or (_label_shaped(line) and len(line.split()) <= 8
                                                 and not nd.find_doses(line)):
                end = ln.start()
                break
        body = text[he + 1:end]
        if body.strip() and not any(sec.start < end and hs < sec.end for sec in out):
            out.append(Section("arms", he + 1, end, text[hs:he].strip(), "dose.fallback_arms"))
    return out


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans joined where they touch or overlap."""
    out: list[list[int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _open_spans(text: str, layout: Layout) -> list[tuple[int, int]]:
    """The page's open text: everything outside the arms sections (read as blocks) and the
    sections never read for doses (eligibility, outcomes, other trials ...), cut at every
    section boundary so that a label's context never runs into another section."""
    closed = rules().closed_sections
    shut = sorted((s.start, s.end) for s in layout.sections if s.name in closed or s.name == "arms")
    cuts = sorted({0, len(text), *(s.start for s in layout.sections), *(s.end for s in layout.sections)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        if b > a and not any(x <= a and b <= y for x, y in shut):
            out.append((a, b))
    return out


def extract_doses(text: str, layout: Layout, abbreviations: Mapping[str, str] | None = None) -> list[Fact]:
    """Every dose the page states for its interventions, one Fact per distinct dose."""
    own = getattr(layout, "own", None)  # the shared context layer, when the pipeline gives it
    extra = _heading_arms(text, layout.of("arms")) + ([] if layout.of("arms") else _export_arms(text))
    if extra:
        layout = Layout(layout.name, sorted([*layout.sections, *extra], key=lambda x: (x.start, x.end)),
                        layout.criteria)
    spans = _open_spans(text, layout)
    page = _Page(text, layout, abbreviations, spans + [(sec.start, sec.end) for sec in layout.of("arms")])
    arm_rows: list[_Row] = []
    all_blocks: list[_Block] = []
    for si, sec in enumerate(layout.of("arms")):
        if _section_kind(sec) == "skip":
            continue
        all_blocks.extend(_blocks(text, sec, si, page.known, page.lines(sec), page.type_labels, page.name_re))
    blocks_by_sec: dict[int, list[_Block]] = {}
    for b in all_blocks:
        blocks_by_sec.setdefault(b.section, []).append(b)
    read_blocks: dict[tuple, str | None] = {}
    for si, blocks in blocks_by_sec.items():
        for j, b in enumerate(blocks):
            if b.kind == "stop" or b.desc_start >= b.end:
                continue
            base_context = None
            arm_ints: list[str] = []
            arm_label = None
            if b.kind == "arm":
                base_context = _arm_context(b.label)
                arm_ints = [page.canonical(x.label) for x in blocks if x.kind == "intervention" and x.arm == j and x.label]
                arm_ints = list(dict.fromkeys(arm_ints))
                arm_label = (b.start, b.desc_start)
            elif b.kind == "intervention" and b.arm is not None:
                # an intervention listed under an arm is that arm's, also when the same
                # description is repeated under other arms (one row per arm)
                arm_label = (blocks[b.arm].start, blocks[b.arm].desc_start)
                base_context = _arm_context(blocks[b.arm].label)
            label = page.canonical(b.label) if (b.kind == "intervention" and b.label) else None
            # a verbatim copy of a block already read (Study Groups / Interventions) with no
            # other context would only give rows that merge into the earlier ones
            copy_key = (b.kind, label, " ".join(text[b.desc_start:b.end].split()).strip(" |"))
            if copy_key in read_blocks and base_context in (None, read_blocks[copy_key]):
                continue
            read_blocks.setdefault(copy_key, base_context)
            read = _read_span(page, b.desc_start, b.end, block_label=label, base_context=base_context,
                              arm_label=arm_label, arm_interventions=arm_ints, open_text=False)
            for r in read:
                r.arm = arm_label
            arm_rows.extend(read)
    _nearest_group_lines(page, arm_rows)
    open_rows: list[_Row] = []
    for a, b in spans:
        open_rows.extend(r for r in _read_span(page, a, b, block_label=None, base_context=None,
                                                  arm_label=None, arm_interventions=[], open_text=True)
                            if own is None or own(r.start))
    _apply_defaults(page, all_blocks, spans, arm_rows + open_rows)
    rows = _dedup(arm_rows)
    open_rows = [s for s in open_rows if not any(_same_key(s.attrs, r.attrs) for r in rows)]
    rows.extend(_dedup(open_rows))
    return [
        Fact(kind="dose", label=r.attrs["unit"], rule_id=r.rule_id, start=r.start, end=r.end,
             evidence_start=r.ev_start, evidence_end=r.ev_end, attrs=dict(r.attrs))
        for r in rows
    ]

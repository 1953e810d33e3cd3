"""Doses: every dose the page states for the study's interventions (CONTRACT table ``doses``).

Public API: ``extract_doses(text, layout, abbreviations=None) -> list[Fact]`` with
``kind="dose"``, ``label`` the normalized unit, ``rule_id`` the unit rule that read the
amount, ``start/end`` the surface read (value and unit: "0.1 mg/kg", "100-200mg/m2",
"AUC 5"), ``evidence_start/evidence_end`` its sentence, and ``attrs`` exactly the CONTRACT
columns intervention, dose_low, dose_high, unit, route, interval_days, dose_level, context.

Where doses are read: everywhere the page speaks of this study, but for the sections where a
dose is never the study's (eligibility criteria name prior therapies and limits; outcomes;
other trials: the shared context layer's component_closed_sections, rules/context.yaml; text
it says is not the study's own). The ``arms`` sections are cut into blocks (below); so are the lines
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

from typing import Mapping

from ...context import open_pieces
from ...context.langgate import reading
from ...model import Fact, Layout
from .arms import (
    apply_defaults, arm_context, case_endings, export_arms, heading_arms, levels_of_one_drug, nearest_group_lines,
)
from .blocks import Block, section_blocks, section_kind
from .page import Page
from .read import read_span
from .rows import Row, dedup, same_key


__all__ = ["extract_doses"]

def extract_doses(text: str, layout: Layout, abbreviations: Mapping[str, str] | None = None) -> list[Fact]:
    """Every dose the page states for its interventions, one Fact per distinct dose (read with
    the rule rows of the page's languages)."""
    with reading(text):
        return _extract_doses(text, layout, abbreviations)


def _extract_doses(text: str, layout: Layout, abbreviations: Mapping[str, str] | None) -> list[Fact]:
    own = getattr(layout, "own", None)  # the shared context layer, when the pipeline gives it
    extra = heading_arms(text, layout.of("arms")) + ([] if layout.of("arms") else export_arms(text))
    if extra:
        layout = Layout(layout.name, sorted([*layout.sections, *extra], key=lambda x: (x.start, x.end)),
                        layout.criteria)
    spans = open_pieces(len(text), layout, "doses", shut_also=("arms",))
    page = Page(text, layout, abbreviations, spans + [(sec.start, sec.end) for sec in layout.of("arms")])
    arm_rows: list[Row] = []
    all_blocks: list[Block] = []
    for si, sec in enumerate(layout.of("arms")):
        if section_kind(sec) == "skip":
            continue
        all_blocks.extend(section_blocks(text, sec, si, page.known, page.lines(sec), page.type_labels, page.name_re))
    blocks_by_sec: dict[int, list[Block]] = {}
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
                base_context = arm_context(b.label)
                arm_ints = [page.canonical(x.label) for x in blocks if x.kind == "intervention" and x.arm == j and x.label]
                arm_ints = list(dict.fromkeys(arm_ints))
                arm_label = (b.start, b.desc_start)
            elif b.kind == "intervention" and b.arm is not None:
                # an intervention listed under an arm is that arm's, also when the same
                # description is repeated under other arms (one row per arm)
                arm_label = (blocks[b.arm].start, blocks[b.arm].desc_start)
                base_context = arm_context(blocks[b.arm].label)
            label = page.canonical(b.label) if (b.kind == "intervention" and b.label) else None
            # a verbatim copy of a block already read (Study Groups / Interventions) with no
            # other context would only give rows that merge into the earlier ones
            copy_key = (b.kind, label, " ".join(text[b.desc_start:b.end].split()).strip(" |"))
            if copy_key in read_blocks and base_context in (None, read_blocks[copy_key]):
                continue
            read_blocks.setdefault(copy_key, base_context)
            read = read_span(page, b.desc_start, b.end, block_label=label, base_context=base_context,
                              arm_label=arm_label, arm_interventions=arm_ints, open_text=False)
            for r in read:
                r.arm = arm_label
            arm_rows.extend(read)
    nearest_group_lines(page, arm_rows)
    open_rows: list[Row] = []
    for a, b in spans:
        open_rows.extend(r for r in read_span(page, a, b, block_label=None, base_context=None,
                                                  arm_label=None, arm_interventions=[], open_text=True)
                            if own is None or own(r.start))
    apply_defaults(page, all_blocks, spans, arm_rows + open_rows)
    levels_of_one_drug(arm_rows + open_rows)
    case_endings(arm_rows + open_rows)
    rows = dedup(arm_rows)
    open_rows = [s for s in open_rows if not any(same_key(s.attrs, r.attrs) for r in rows)]
    rows.extend(dedup(open_rows))
    return [
        Fact(kind="dose", label=r.attrs["unit"], rule_id=r.rule_id, start=r.start, end=r.end,
             evidence_start=r.ev_start, evidence_end=r.ev_end, attrs=dict(r.attrs))
        for r in rows
    ]

"""Lab thresholds: every numeric bound on a laboratory or physiological value in the criteria.

``extract_lab_thresholds(text, layout, abbreviations)`` reads each eligibility criterion of the
layout and returns one :class:`Fact` (kind ``lab_threshold``) per bound, with the CONTRACT columns
of ``lab_thresholds`` in ``attrs``.

How a criterion is read (all vocabularies and patterns are rule files, see ``rules/analytes.tsv``
and ``rules/lab_*``):

1. *Mentions*: analyte aliases (one trie-compiled pattern, case-insensitive, abbreviations then
   checked case-sensitively) plus short forms the page defines itself (``abbreviations``).
   Mentions joined only by "and", "or", "/", "(", "serum"... form a *group* ("AST and ALT").
2. *Bounds*: comparator + value + unit ("≥ 1.5 x 10^9/L", "at least 9 g/dL", "≤ ULN"), value +
   postfix comparator ("1,500/mm3 or more") and ranges ("between 1.0 and 1.5", "8-12 g/dL",
   two rows). A number followed by a non-lab unit ("within 7 days", "5 mg/day") is no bound.
   A value and unit without comparator opening a parenthesis or an alternative ("(5 times if the
   cancer is in your liver)") is an *elliptic* bound: it takes comparator and normal limit from
   the bound before it, and only counts when a condition follows (else it is a restatement).
3. *Attachment*: a bound belongs to the group right before it when only filler stands between
   (no digits, no blocker such as "ECOG", "grade", "weeks"), or to a group named in a
   parenthesis right after it ("below 50 mL/min (creatinine clearance)"), or to the group of the
   previous bound when only connectives ("or", ",", "(") and a condition stand between ("≤ 1.5 x
   ULN, or ≤ 3 x ULN if Gilbert syndrome"); a nested item without analyte takes its heading's.
   Each member of the group whose accepted unit kinds fit the bound gets a row ("Creatinine OR
   CrCl ≤ 1.5 x ULN OR ≥ 60 mL/min" pairs by unit).
4. *Conditions* ("if liver metastases", "in patients with Gilbert's syndrome") after the bound,
   between bounds, or before the analyte (also "participants with X may enroll if <analyte>");
   a condition read after a bound ends there and never reaches the next group; a bound inside a
   condition ("for participants with creatinine > 1.5 x ULN") is part of the condition, not a row.
5. *Criterion type* from the list; a negated requirement in the inclusion list ("must not have
   HbA1c ≥ 9%", "Do not have diabetes that is out of control (HbA1c ...)") is EXCLUSION. The
   negation reaches over analytes mentioned without a bound, not over a new verb or "and".
   Where nothing on the page typed the criterion, the context layer types the bound by the
   analyte's healthy side (``extract.context.bound_type``: "QTc > 470 ms" is an exclusion).
"""
from __future__ import annotations

import re
from typing import Mapping

from extract.context import bound_type
from extract.model import EXCLUSION, INCLUSION, Criterion, Fact, Layout
from extract.normalize import units as un
from extract.pageindex import page_index

from extract.components.lab_scan import (  # the scanning half of this module
    BOUND_RX, Bound, DIGIT_RX, FLAGS, Group, LIMIT_WORDS,
    Mention, Side, alt, group_mentions, page_abbreviations,
    rules, scan_bounds, scan_mentions,
)

KIND = "lab_threshold"

# --- context rules
_BLOCKER_RX = re.compile(alt(rules("lab_guards.yaml", "blocker")), FLAGS)
_CONNECT_RX = re.compile(r"(?:\s+|" + alt(rules("lab_coordination.yaml", "connective")) + r")*", FLAGS)
_ALTERNATIVE_RX = re.compile(r"\s*,?\s*" + alt(rules("lab_coordination.yaml", "alternative")) + r"\s*", FLAGS)
_OPEN_ALTERNATIVE_RX = re.compile(alt(rules("lab_coordination.yaml", "open_alternative")) + r"$")


def _cue_rx(where: str) -> re.Pattern:
    rows = rules("lab_conditions.yaml", "cue", where)
    return re.compile(r"(?<![\w])" + alt(rows) + r"\s*", FLAGS)


_CUE_POST = _cue_rx("post")
_CUE_GAP = _cue_rx("gap")
_CUE_LEAD = _cue_rx("lead")
_CUE_LEAD_GAP = re.compile(f"(?:{_CUE_LEAD.pattern})|(?:{_CUE_GAP.pattern})", FLAGS)
_PAREN_COND_RX = re.compile(
    r"\s*\(\s*(?P<cond>" + alt(rules("lab_conditions.yaml", "paren")) + r")\s*\)", FLAGS
)
_WEAK_POST = re.compile(
    r"(?<![\w])" + alt(rules("lab_conditions.yaml", "weak_cue", "post")) + r"\s+", FLAGS
)
_KEYWORD_RX = re.compile(alt(rules("lab_conditions.yaml", "keyword")), FLAGS)
_STOP_RX = re.compile(alt(rules("lab_conditions.yaml", "stop")), FLAGS)
_REWRITES = [
    (re.compile(r["pattern"], FLAGS), r.get("replacement") or "")
    for r in rules("lab_conditions.yaml", "rewrite")
]
_LEADING_RX = next(
    re.compile(r["pattern"], FLAGS) for r in rules("lab_conditions.yaml", "rewrite") if r["id"] == "rw_leading"
)
_NEG_LEAD = [(re.compile(r["pattern"], FLAGS), r["id"]) for r in rules("lab_negation.yaml", where="lead")]
_NEG_POST = [(re.compile(r["pattern"], FLAGS), r["id"]) for r in rules("lab_negation.yaml", where="post")]
_SUFFIX_GAP = [re.compile(r["pattern"], FLAGS) for r in rules("lab_conditions.yaml", "suffix_gap")]
_PERMIT = [re.compile(r["pattern"], FLAGS) for r in rules("lab_conditions.yaml", "permit")]
_PAREN_RX = re.compile(r"\([^()]*\)")
_OPEN_PAREN_RX = re.compile(r"\s*\(\s*")
_CLOSE_PAREN_RX = re.compile(r"\s*\)")
_PAREN_BEFORE_RX = re.compile(r"\(\s*$")
_CLAUSE_RX = re.compile(r";|\.\s+(?=[A-Z])|\n")

_FILLER_STOP_RX = re.compile(r"\d|;|\.\s")
_AFTER_BOUND_RX = re.compile(r"\s*[(,]?\s*" + alt(rules("lab_coordination.yaml", "after_bound")) + "?")
_NOTE_PAREN_RX = re.compile(r"\s*\([^()\d;]{1,40}\)")

_MAX_FILLER_CHARS = 60
_MAX_FILLER_WORDS = 8
_MAX_CONDITION_CHARS = 90
_DUP_TOLERANCE = 0.02  # "≥ 9 g/dL (≥ 5.6 mmol/L)" restates one bound

# ---------------------------------------------------------------- context -----------


def _filler_ok(gap: str) -> bool:
    """Text between an analyte and its bound: "level of", "(ANC)", "of the heart", " | "."""
    stripped = gap
    for _ in range(3):
        new = _PAREN_RX.sub(" ", stripped)
        if new == stripped:
            break
        stripped = new
    if len(stripped) > _MAX_FILLER_CHARS or len(stripped.split()) > _MAX_FILLER_WORDS:
        return False
    if _FILLER_STOP_RX.search(stripped):
        return False
    return not _BLOCKER_RX.search(stripped)


def _clean_condition(s: str) -> str | None:
    s = " ".join(s.split()).strip(" ,;:.(")
    for rx, rep in _REWRITES:
        s = rx.sub(rep, s).strip(" ,;:.(")
    if s.count("(") > s.count(")"):
        s = s.rstrip("(").strip()
    if s.count(")") > s.count("("):
        s = s.replace(")", "").strip()
    return s or None


def _cut_condition(text: str, cstart: int, limit: int, mentions: list[Mention], bounds: list[Bound]) -> tuple[int, list[Bound]]:
    """End of a condition that starts at ``cstart`` (before ``limit``) and the bounds it swallows.

    A condition stops at punctuation and clause words (rule file). If it opens with an analyte
    ("for participants with creatinine levels > 1.5 x ULN") it runs through that analyte's bound;
    otherwise it stops before the next analyte that carries a bound of its own.
    """
    stop = _STOP_RX.search(text, cstart, limit)
    cend = stop.start() if stop else limit
    lead = _LEADING_RX.match(text, cstart, cend)
    body = lead.end() if lead else cstart
    inner = [mt for mt in mentions if cstart <= mt.start < limit]
    for mt in inner:
        b = next((b for b in bounds if b.start >= mt.end and not b.consumed), None)
        if b is None or not _filler_ok(text[mt.end:b.start]):
            continue
        if mt.start <= body + 1 and b.end <= limit:
            # the condition is itself a bound on an analyte: swallow it, stop after it
            return b.end, [b]
        if mt.start < cend:
            cend = mt.start
        break
    swallowed = [b for b in bounds if cstart <= b.start < cend]
    return cend, swallowed


def _condition_after(text: str, pos: int, limit: int, mentions, bounds) -> tuple[str | None, list[Bound], int]:
    """A condition right after a bound: "(≤ 5 x ULN if liver metastases)" -> "liver metastases"."""
    paren = _PAREN_COND_RX.match(text, pos, limit)
    if paren:  # "> 470 ms (females)"
        return _clean_condition(paren.group("cond")), [], paren.end()
    m = _AFTER_BOUND_RX.match(text, pos, limit)
    p = m.end() if m else pos
    note = _NOTE_PAREN_RX.match(text, pos, limit)
    if note and not _CUE_POST.match(text, p, limit):
        # a note on the method between bound and condition: "≥ 50 mL/min (Cockcroft-Gault) for Cohort 2A"
        m = _AFTER_BOUND_RX.match(text, note.end(), limit)
        p = m.end() if m else note.end()
    cue = _CUE_POST.match(text, p, limit)
    weak = False
    if cue is None:
        cue = _WEAK_POST.match(text, p, limit)
        weak = cue is not None
    if cue is None:
        return None, [], pos
    cend, swallowed = _cut_condition(text, cue.end(), limit, mentions, bounds)
    cond = _clean_condition(text[cue.end():cend])
    if not cond or len(cond) > _MAX_CONDITION_CHARS:
        return None, [], pos
    if weak and not _KEYWORD_RX.search(cond):
        return None, [], pos
    opening = text[pos:cue.start()]
    if opening.count("(") > opening.count(")") and _leads_next_bound(text, cue.end(), limit, mentions, bounds):
        return None, [], pos  # "≤ 3 x ULN (if liver metastases ≤ 5 x ULN)": the condition leads the next bound
    if "(" not in opening and _OPEN_ALTERNATIVE_RX.search(opening.strip(" ,")):
        return None, [], pos  # "QTc above 480 ms, or if they have complete gastric outlet obstruction": an alternative
    return cond, swallowed, cend


def _leads_next_bound(text: str, cstart: int, limit: int, mentions, bounds: list[Bound]) -> bool:
    """Whether the condition opened at ``cstart`` (inside a parenthesis) runs, with no analyte and
    no stop, into the next bound: then it is that bound's condition, not the one before."""
    nb = next((b for b in bounds if cstart < b.start <= limit and not b.consumed), None)
    if nb is None or _STOP_RX.search(text, cstart, nb.start):
        return False
    return not any(cstart <= mt.start < nb.start for mt in mentions)


def _condition_in(text: str, start: int, end: int, cue_rx: re.Pattern) -> tuple[str | None, int, int]:
    """A condition inside a gap ("; for patients with Gilbert syndrome, "): (text, span start, end)."""
    cue = cue_rx.search(text, start, end)
    if cue is None:
        return None, start, start
    stop = _STOP_RX.search(text, cue.end(), end)
    cend = stop.start() if stop else end
    cond = _clean_condition(text[cue.end():cend])
    if not cond or len(cond) > _MAX_CONDITION_CHARS:
        return None, start, start
    return cond, cue.start(), cend


def _suffix_condition(text: str, start: int, end: int) -> str | None:
    """A condition written before its cue that fills the gap between two bounds ("(肝转移者≤5×ULN)")."""
    for rx in _SUFFIX_GAP:
        m = rx.fullmatch(text, start, end)
        if m:
            return _clean_condition(m.group("cond"))
    return None


def _negated_lead(lead: str) -> bool:
    return any(rx.search(lead) for rx, _ in _NEG_LEAD)


def _negated_after(text: str, pos: int, limit: int) -> bool:
    return any(rx.match(text, pos, limit) for rx, _ in _NEG_POST)


def _permit_condition(text: str, start: int, end: int) -> str | None:
    """A population admitted on the bound that follows: "(participants with X may enroll if" -> X."""
    for rx in _PERMIT:
        m = rx.search(text, start, end)
        if m:
            return _clean_condition(m.group("cond"))
    return None


def _named_after(text: str, b: Bound, group_at: dict) -> tuple[Group | None, int]:
    """The analyte a parenthesis right after the bound names: "below 50 mL/min (creatinine clearance)"."""
    m = _OPEN_PAREN_RX.match(text, b.end)
    g = group_at.get(m.end()) if m else None
    if g is None:
        return None, -1
    close = _CLOSE_PAREN_RX.match(text, g.end)
    return (g, close.end()) if close else (None, -1)


# ---------------------------------------------------------------- reading -----------


def _clause_start(text: str, lo: int, pos: int) -> int:
    last = lo
    for m in _CLAUSE_RX.finditer(text, lo, pos):
        last = m.end()
    return last


def _heading_group(text: str, layout: Layout, crit: Criterion, page) -> Group | None:
    """The analyte a heading names when its nested items carry only values ("Bilirubin:" / "- ≤ 1.5 x ULN")."""
    if crit.parent is None or not (0 <= crit.parent < len(layout.criteria)):
        return None
    parent = layout.criteria[crit.parent]
    mentions = scan_mentions(text, None, parent.start, parent.end, page)
    if not mentions:
        return None
    groups = group_mentions(text, mentions)
    last = groups[-1]
    rest = text[last.end:parent.end]
    if BOUND_RX.search(rest) or not _filler_ok(rest.rstrip(" :-")):
        return None
    return last


def _open_group(text: str, crit_start: int, ctype: str, g: Group, prev: Bound | None, last_end: int,
                last_bound_end: int, prev_group_negated: bool) -> None:
    """A new analyte group of a criterion: the condition its lead states and, in an inclusion
    criterion, whether a negation before it (or the group before it, joined by a connector) covers it."""
    lead_start = max(_clause_start(text, crit_start, g.start), last_end)
    # right after a bound, the lead may be a gap phrase: "..., except patients with X, who may have"
    cues = _CUE_LEAD_GAP if prev is not None and lead_start == max(prev.end, prev.surface_end, prev.after) else _CUE_LEAD
    g.condition = _permit_condition(text, lead_start, g.start)
    g.permitted = g.condition is not None
    if g.condition is None:
        cond, cs, ce = _condition_in(text, lead_start, g.start, cues)
        if cond and _CONNECT_RX.fullmatch(text, ce, g.start) and _CONNECT_RX.fullmatch(text, lead_start, cs):
            g.condition = cond
    if ctype == INCLUSION:
        # the negation may stand before an analyte mentioned without a bound ("Don't have blood
        # sugar that is badly controlled (HbA1c ...")": its scope starts after the last bound
        neg_start = max(_clause_start(text, crit_start, g.start), last_bound_end)
        g.negated = _negated_lead(text[neg_start:g.start]) or (
            prev_group_negated and _CONNECT_RX.fullmatch(text, lead_start, g.start) is not None
        )


def _after_own_bound(text: str, b: Bound, prev: Bound, current: Group) -> tuple[Group | None, str | None]:
    """(owner, condition) of a bound that follows a bound of the same group: the group's when only
    connectors, a gap condition or a suffix condition stand between them; it borrows the comparator
    (elliptic "5 times if ...") and the normal limit (bare multiplier) of the bound before it."""
    owner: Group | None = None
    cond: str | None = None
    pend = max(prev.end, prev.surface_end, prev.after)
    gap_cond, cs, ce = _condition_in(text, pend, b.start, _CUE_GAP)
    suffix = None if gap_cond else _suffix_condition(text, pend, b.start)
    if gap_cond and _CONNECT_RX.fullmatch(text, pend, cs) and _CONNECT_RX.fullmatch(text, ce, b.start):
        owner, cond = current, gap_cond
    elif suffix is not None:
        owner, cond = current, suffix
    elif _CONNECT_RX.fullmatch(text, pend, b.start) and not _BLOCKER_RX.search(text, pend, b.start):
        owner = current
    # a bound borrowed from its predecessor must say its unit: "≤ 3" alone is too weak
    if owner is not None and all(s.unit is None for s in b.sides) and not b.bare_limit:
        owner = None
    if owner is not None and b.elliptic:
        # "≤ 3 x ULN (5 times if ...)": the comparator of the bound before it
        if len(prev.sides) != 1 or not prev.sides[0].op:
            owner = None
        else:
            b.sides[0].op = prev.sides[0].op
    # "... more than 3 times the ULN, or more than 5 times if ...": the bare multiplier
    # takes the normal limit of the bound before it
    limit = prev.sides[-1].unit
    for side in b.sides:
        if side.unit is not None and side.unit.kind == "times" and limit is not None and limit.kind in ("uln", "lln"):
            side.unit = limit
    return owner, cond


def _read_criterion(text: str, low: str, layout: Layout, crit: Criterion, page) -> list[tuple[Bound, list]]:
    """Bounds of one criterion with their analytes: [(bound, [(analyte, mention start)])]."""
    crit_start, crit_end = crit.start, crit.end
    if not DIGIT_RX.search(text, crit_start, crit_end):
        seg = low[crit_start:crit_end]
        if not any(w in seg for w in LIMIT_WORDS):
            return []
    heading = _heading_group(text, layout, crit, page)  # only for a criterion that may hold a bound
    mentions = scan_mentions(text, low, crit_start, crit_end, page)
    if not mentions and heading is None:
        return []
    # a bound needs an analyte before it (the heading's, or one named in a parenthesis right after
    # it): otherwise there is nothing to read before the first one
    scan_from = crit_start if heading is not None else mentions[0].start
    if scan_from > crit_start and _PAREN_BEFORE_RX.search(text, crit_start, scan_from):
        scan_from = crit_start
    bounds = scan_bounds(text, low, scan_from, crit_end)
    if not bounds:
        return []
    mentions = [mt for mt in mentions if not any(b.start < mt.end and mt.start < b.end for b in bounds)]
    groups = group_mentions(text, mentions)
    events = sorted([(g.start, 0, g) for g in groups] + [(b.start, 1, b) for b in bounds], key=lambda e: (e[0], e[1]))
    walk = _CriterionWalk(text, crit_start, crit_end, crit.criterion_type, heading, mentions, bounds,
                          {g.start: g for g in groups})
    for idx, (_, is_bound, ev) in enumerate(events):
        if is_bound:
            walk.bound(ev, events[idx + 1][0] if idx + 1 < len(events) else crit_end)
        else:
            walk.group(ev)
    return walk.out


class _CriterionWalk:
    """One criterion's analyte groups and bounds, visited in text order: each bound goes to the
    group that owns it (the group before it, the analyte named right after it, the heading's),
    with its condition and negation. Holds what the walk has seen so far."""

    def __init__(self, text: str, crit_start: int, crit_end: int, ctype: str, heading: Group | None,
                 mentions: list, bounds: list, group_at: dict) -> None:
        self.text, self.crit_start, self.crit_end, self.ctype, self.heading = text, crit_start, crit_end, ctype, heading
        self.mentions, self.bounds, self.group_at = mentions, bounds, group_at
        self.out: list[tuple[Bound, list]] = []
        self.current: Group | None = None
        self.group_has_bound = False
        self.prev: Bound | None = None
        self.prev_group_negated = False
        self.last_end = crit_start  # end of the previous group or bound, for leads
        self.last_bound_end = crit_start

    def group(self, g: Group) -> None:
        if g.claimed:  # already read with the bound before it
            self.current, self.group_has_bound = g, True
            self.last_end = max(self.last_end, g.end)
            return
        _open_group(self.text, self.crit_start, self.ctype, g, self.prev, self.last_end, self.last_bound_end,
                    self.prev_group_negated)
        before = self.prev.group if self.prev is not None else None
        if g.condition is None and before is not None and before.permitted \
                and _ALTERNATIVE_RX.fullmatch(self.text, self.last_end, g.start):
            # "(participants with X) may be included if total bilirubin ≤ 3 × ULN or direct bilirubin
            # ≤ 1.5 × ULN": the admitted population holds for each alternative bound
            g.condition, g.permitted = before.condition, True
        self.prev_group_negated = g.negated
        self.current, self.group_has_bound = g, False
        self.last_end = g.end

    def _owner(self, b: Bound) -> tuple[Group | None, str | None]:
        """The group a bound belongs to, and a condition read between them; (None, None): no row."""
        text, current = self.text, self.current
        named, named_end = _named_after(text, b, self.group_at)
        if named is not None and named.claimed:
            named = None
        if current is not None and not self.group_has_bound:
            if b.elliptic:  # no comparator of its own, nothing before it to borrow one from
                return None, None
            gap_cond, cs, _ce = _condition_in(text, current.end, b.start, _CUE_GAP)
            if gap_cond and _filler_ok(text[current.end:cs]):
                return current, gap_cond
            return (current if _filler_ok(text[current.end:b.start]) else None), None
        if named is not None and not b.elliptic:
            # the analyte is named after the value: "kidney function below 50 mL/min (creatinine clearance)"
            named.claimed = True
            b.surface_end = named_end
            if self.ctype == INCLUSION:
                lead_from = max(_clause_start(text, self.crit_start, b.start), self.last_bound_end)
                named.negated = _negated_lead(text[lead_from:b.start])
            return named, None
        if current is not None and self.prev is not None and self.prev.group is current:
            return _after_own_bound(text, b, self.prev, current)
        if current is None and self.heading is not None and not b.elliptic \
                and _filler_ok(text[self.crit_start:b.start]):
            return self.heading, None
        return None, None

    def bound(self, b: Bound, nxt: int) -> None:
        if b.consumed:
            return
        owner, cond = self._owner(b)
        if owner is None:
            return
        text, crit_end = self.text, self.crit_end
        read_end = max(b.end, b.surface_end)
        post_cond, swallowed, after = _condition_after(text, read_end, nxt if nxt > read_end else crit_end,
                                                       self.mentions, self.bounds)
        if post_cond is None:
            post_cond, swallowed, after = _condition_after(text, read_end, crit_end, self.mentions, self.bounds)
        if b.elliptic and post_cond is None:
            return  # a bare value restates the bound before it ("≥ 1.5 × 10^9/L (1500/mm3)"): no row
        if post_cond is not None:
            b.after = after
        for s in swallowed:
            s.consumed = True
        b.group = owner
        b.condition = cond or post_cond or owner.condition
        b.negated = owner.negated or (self.ctype == INCLUSION and _negated_after(text, b.end, crit_end))
        self.group_has_bound = True
        self.prev = b
        self.last_end = self.last_bound_end = max(read_end, b.after)
        self.out.append((b, owner.members))


def _rows(bound: Bound, members: list) -> list[tuple[str, Side, float, str, str, int]]:
    """(analyte, side, canonical value, canonical unit, rule id, mention start) for each fitting member."""
    rows = []
    for analyte, mstart in members:
        for side in bound.sides:
            # the value's readings in turn: "1.500/µl" is 1500 where 1.5 is no plausible value
            hit = next(filter(None, (_canonical(analyte, side, v) for v in (side.value, *side.more))), None)
            if hit is None:
                continue
            target, value, label, unit_rule = hit
            rows.append((target, side, value, label, f"{bound.rule}:{unit_rule or 'unitless'}", mstart))
    return rows


def _healthy(analyte: str) -> str | None:
    a = un.analytes().get(analyte)
    return a.healthy if a is not None else None


def _canonical(analyte: str, side: Side, raw: float) -> tuple[str, float, str, str | None] | None:
    """(analyte, canonical value, canonical unit, unit rule) of one bound side, or None when it
    does not fit the analyte or is no plausible value."""
    target = un.resolve_analyte(analyte, side.unit)
    unit_rule = side.unit.id if side.unit is not None else None
    conv = None
    if target is not None:
        conv = un.to_canonical(raw, side.unit, target)
    elif side.unit is None:
        bare = un.convert_bare(raw, analyte)
        if bare is not None:
            target, conv, unit_rule = analyte, bare[:2], bare[2]
    if target is None or conv is None:
        return None
    value, label = conv
    if not un.plausible(target, value, label):
        return None
    return target, value, label, unit_rule


def extract_lab_thresholds(
    text: str, layout: Layout, abbreviations: Mapping[str, str] | None = None
) -> list[Fact]:
    """Every bound on a laboratory or physiological value in the criteria, as ``lab_threshold`` facts.

    ``Fact.label`` is the analyte id; ``start/end`` the surface read (analyte mention through
    value and unit); ``evidence_start/evidence_end`` the criterion; ``attrs`` the CONTRACT columns
    criterion_type, analyte, comparator, value, unit, value_as_written, unit_as_written, condition.
    """
    page = page_abbreviations(tuple(sorted((abbreviations or {}).items())))
    crits = list(layout.criteria)
    idx = page_index(text)  # the page's shared index holds it in lower case
    low = idx.low
    if not idx.aligned:  # a few characters change length when lower-cased ("İ")
        low = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    # innermost criteria first, so that a parent whose span holds its sub-items does not repeat them
    order = sorted(crits, key=lambda c: (c.end - c.start, c.start))
    facts: list[Fact] = []
    seen_surfaces: set[tuple] = set()
    for crit in order:
        kept: list[tuple] = []
        for bound, members in _read_criterion(text, low, layout, crit, page):
            for analyte, side, value, label, rule_id, mstart in _rows(bound, members):
                ctype = EXCLUSION if bound.negated else bound_type(crit, _healthy(analyte), side.op)
                start = mstart if crit.start <= mstart < bound.start else bound.start
                key = (analyte, side.op, label, bound.condition, ctype)
                if any(k == key and abs(v - value) <= _DUP_TOLERANCE * max(abs(v), abs(value)) for k, v in kept):
                    continue
                surface_key = (start, bound.end, analyte, side.op, value)
                if surface_key in seen_surfaces:
                    continue
                kept.append((key, value))
                seen_surfaces.add(surface_key)
                facts.append(
                    Fact(
                        kind=KIND,
                        label=analyte,
                        rule_id=rule_id,
                        start=start,
                        end=max(bound.end, bound.surface_end),
                        evidence_start=crit.start,
                        evidence_end=crit.end,
                        attrs={
                            "criterion_type": ctype,
                            "analyte": analyte,
                            "comparator": side.op,
                            "value": value,
                            "unit": label,
                            "value_as_written": side.written[0],
                            "unit_as_written": side.written[1],
                            "condition": bound.condition,
                        },
                    )
                )
    facts.sort(key=lambda f: (f.evidence_start, f.start, f.end))
    return facts

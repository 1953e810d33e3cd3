"""Reading the doses of one block description or span of open text.

:func:`read_span` reads a span in two passes over its dose matches: the first decides which
doses are read and, for each, its sentence and clause, its own words, its intervention, level
and context (:meth:`Span.read_item`); the second its route and interval
(:class:`~.attrs._Attributes`).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ...normalize import doses as nd
from .attrs import Attributes, Item
from .blocks import BULLET, alias_in_parentheses, stems
from .bounds import clause_bounds, containing, sentence_bounds
from .page import (
    Page, group_lines, looks_named, name_after_link, name_before, name_pair,
    name_right_after, names_in, open_dose, rejected, row_labels, subheadings, table_levels,
)
from .rows import Row, for_every_group
from .rules import NO_SOURCE, OWN, SENTENCE, CHOSEN_CONTEXT, rules

_Sub = tuple[int, int, "str | None"]  # a sub-block: (start, end, context in force)


def read_span(page: Page, start: int, end: int, *, block_label: str | None, base_context: str | None,
               arm_label: tuple[int, int] | None, arm_interventions: list[str], open_text: bool) -> list[Row]:
    """Read the doses of one block description (or span of open text) ``text[start:end]``."""
    doses = page.doses(start, end)
    if not doses:
        return []
    span = Span(page, start, end, doses, _Given(block_label, base_context, arm_label, arm_interventions, open_text))
    for k, d in enumerate(doses):
        item = span.read_item(k, d)
        if item is not None:
            span.items.append(item)
    span.find_headers()
    rows = [span.row(i, item) for i, item in enumerate(span.items)]
    return for_every_group(page.text, rows, span.groups_before)


@dataclass(frozen=True)
class _Given:
    """What the caller knows of the span: the block's intervention label, the context in force,
    the arm label's span and the arm's interventions, and whether it is open text."""

    label: str | None
    base_context: str | None
    arm_label: tuple[int, int] | None
    arm_interventions: list[str]
    open_text: bool


# a label inside a run of text is short ("... 2.0 Treatment Plan Arm A: ...") or opens with its cue
# ("Part Ia tests increasing dose levels (dose level 1: ..."); another run of words before a colon
# is a sentence
_RUN_LABEL_WORDS = 6
_SENTENCE_STOP = re.compile(r"\n|[.!?](?=\s)")


def _label_cuts(text: str, start: int, end: int, base_context: str | None) -> list[tuple[int, int, str | None]]:
    """Context labels ("Phase Ia:", "Cohort A:") and lines opening with a cue that introduce
    what follows ("Part A (Dose Escalation) - ...:") inside the span: (from, to, context). A
    label that opens a bullet item holds for that item only; any other label up to the next label."""
    R = rules()
    cuts: list[tuple[int, int, str | None]] = []
    colon_lines = _colon_lines(text, start, end)
    label_matches = [m for a, b in colon_lines for m in R.cue_label_re.finditer(text, a, b)]
    # a line introducing what follows that opens with a cue ("Part A (Dose Escalation) - X given
    # IV on Day 1 of each cycle:" over a table of dose levels): up to the next label
    for a, b in colon_lines:
        if text[a:b].rstrip().endswith((":", "：")) and not any(a <= m.start() < b for m in label_matches) and (
                inline := nd.find_inline_context(text, a, b)) is not None:
            cuts.append((inline.start, end, inline.value))
    for m in label_matches:
        label = m.group("label").strip()
        if nd.is_level_label(label) or label.casefold() in R.type_kind:
            continue
        ls = max(text.rfind("\n", start, m.start("label")) + 1, start)
        bare = text[ls:m.start("label")].strip(" \t-*•▪◦0123456789.)") == ""
        words = label.split()
        if not bare and len(words) > _RUN_LABEL_WORDS and not nd.has_context_cue(" ".join(words[:3])):
            continue  # a sentence inside a paragraph ending in a colon is no label ("It is a Phase 2 study: ...")
        if not nd.has_context_cue(label):
            # another label at a line start ("Supportive care:") ends the cue before it
            if bare:
                cuts.append((m.start("label"), end, base_context))
            continue
        to = end
        if BULLET.match(text, ls) and bare:
            nl = text.find("\n", m.end(), end)
            to = end if nl == -1 else nl
        cuts.append((m.start("label"), to, nd.normalize_context(label)))
    # a cue as a clause's subject inside a sentence ("...: Arm A received X and Arm B received Y"): up to the
    # sentence's end
    for m in R.cue_subject_re.finditer(text, start, end):
        stop = _SENTENCE_STOP.search(text, m.end(), end)
        cuts.append((m.start("label"), end if stop is None else stop.start(), nd.normalize_context(m.group("label"))))
    # a cue label inside a run of text ("... 2.0 Treatment Plan Arm A: HT-550 300 mg ...")
    labelled = [(m.start("label"), m.end("label")) for m in label_matches]
    for m in (R.cue_colon_re.finditer(text, start, end) if text.find(":", start, end) != -1 else ()):
        if not any(a < m.end("label") and m.start("label") < b for a, b in labelled):
            cuts.append((m.start("label"), end, nd.normalize_context(m.group("label"))))
    return cuts


def _colon_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The lines of ``text[start:end]`` holding a colon (a label line's cheap pre-scan: a
    label and its colon never span two lines)."""
    out: list[tuple[int, int]] = []
    for colon in (":", "："):
        pos = text.find(colon, start, end)
        while pos != -1:
            a = max(start, text.rfind("\n", start, pos) + 1)
            b = text.find("\n", pos, end)
            b = end if b == -1 else b
            out.append((a, b))
            pos = text.find(colon, b, end)
    return sorted(set(out))


def _sub_blocks(text: str, start: int, end: int, doses: list[nd.DoseMatch], base_context: str | None,
                open_text: bool) -> list[_Sub]:
    """The span cut at its context labels, each piece with the context in force there."""
    cuts = _label_cuts(text, start, end, base_context)
    if open_text:
        # a sub-heading line inside a prose section ("VX-H27 With Pembrolizumab" over the
        # paragraph describing that group), or a label line that names an arm or cohort
        # ("Experimental group", "对照组"), sets the context of the doses after it
        heads = subheadings(text, start, end, doses) + group_lines(text, start, end, doses)
        cuts.extend((a, end, nd.normalize_context(text[a:b])) for a, b in sorted(set(heads)))
        cuts.extend(row_labels(text, start, end, doses))
    cuts.sort(key=lambda c: c[0])
    if not cuts:
        return [(start, end, base_context)]
    # a bullet item whose label was line-scoped returns to the enclosing context after it
    bounds = sorted({start, end, *(c[0] for c in cuts), *(c[1] for c in cuts)})
    subs: list[_Sub] = []
    for a, b in zip(bounds, bounds[1:]):
        ctx = base_context
        for c0, c1, cx in cuts:
            if c0 <= a and b <= c1:
                ctx = cx  # the latest label covering the piece
        subs.append((a, b, ctx))
    return subs


def _levels_of(text: str, start: int, end: int, doses: list[nd.DoseMatch],
               sentences: list[tuple[int, int]]) -> dict[int, int]:
    """Dose levels by dose index: a cue after a dose (right after it, or in parentheses before
    the next dose) is that dose's; any other cue is the next dose's (within 40 characters)."""
    dose_spans = [(d.value_start, d.value_end) for d in doses]
    levels = [lv for lv in nd.find_levels(text, start, end)
              if not any(a < lv.end and lv.start < b for a, b in dose_spans)]
    levels_of: dict[int, int] = table_levels(text, start, end, doses)
    # "A, B or C cells at dose levels 1, 2 and 3, respectively": the doses before the list in
    # its sentence, in order
    for lr in nd.find_respective_levels(text, start, end):
        sent_r = containing(sentences, lr.start)
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
        same_sentence = k_prev is not None and containing(sentences, doses[k_prev].start) == containing(sentences, lv.start)
        if k_next is not None and nd.level_before(text, lv, doses[k_next].start):
            # "DL2 1.0 mg/kg", "Dose level 2: 10 mg/kg": the cue heads the dose right after it
            levels_of.setdefault(k_next, lv.value)
        elif k_prev is not None and same_sentence and (
            nd.level_after(text, doses[k_prev].end, lv) or nd.level_in_parentheses(text, lv)
        ):
            levels_of.setdefault(k_prev, lv.value)
        elif k_next is not None and doses[k_next].start - lv.end <= 40:
            levels_of.setdefault(k_next, lv.value)
    return levels_of


class Span(Attributes):
    """One span being read: its sub-blocks, sentences, dose levels, the routes and schedules
    of its sentences (scanned once each, when first needed) and the items read so far."""

    def __init__(self, page: Page, start: int, end: int, doses: list[nd.DoseMatch], block: _Given) -> None:
        self.page, self.text, self.R = page, page.text, rules()
        self.start, self.end, self.doses, self.block = start, end, doses, block
        self.subs = _sub_blocks(self.text, start, end, doses, block.base_context, block.open_text)
        self.sentences = sentence_bounds(self.text, start, end)
        self.sent_starts = [a for a, _ in self.sentences]
        self.levels_of = _levels_of(self.text, start, end, doses, self.sentences)
        self.items: list[Item] = []
        self.pairs: dict[int, tuple[str, str]] = {}  # first amount of a "A mg/B mg" pair -> its two names
        self._memo: dict[tuple[str, int], list[nd.Mention]] = {}
        self._scanned: dict[tuple[str, int, int], list[nd.Mention]] = {}
        self._shared: dict[tuple[int, int], tuple[int, int] | None] = {}
        self._page_cycles: set[float] | None = None
        self.headers: list[tuple[int, int, nd.Mention]] = []

    # -- routes ("r") and schedules ("s"), scanned once per sentence
    def sentence_scan(self, what: str, si: int) -> list[nd.Mention]:
        key = (what, si)
        if key not in self._memo:
            self._memo[key] = self.page.scan(what, *self.sentences[si])
        return self._memo[key]

    def scan(self, what: str, a: int, b: int) -> list[nd.Mention]:
        """Routes or schedules wholly inside text[a:b] (a span within one sentence, or any
        span: then every sentence it overlaps is scanned)."""
        key = (what, a, b)
        out = self._scanned.get(key)
        if out is None:
            out = self._scanned[key] = list(self.iter_scan(what, a, b))
        return out

    def iter_scan(self, what: str, a: int, b: int):
        """:meth:`scan`'s mentions in text order, each sentence scanned only when reached (a
        reader that stops at the first it takes leaves the later sentences unscanned)."""
        si = max(0, bisect.bisect_right(self.sent_starts, a) - 1)
        while a < b and si < len(self.sentences) and self.sentences[si][0] < b:
            if self.sentences[si][1] > a:
                yield from (x for x in self.sentence_scan(what, si) if a <= x.start and x.end <= b)
            si += 1

    # -- pass 1: which doses are read, and their spans, interventions, levels, contexts
    def read_item(self, k: int, d: nd.DoseMatch) -> Item | None:
        text, doses = self.text, self.doses
        sent = containing(self.sentences, d.start) or (self.start, self.end)
        clause = containing(clause_bounds(text, *sent), d.start) or sent
        if rejected(text, clause, d):
            return None
        sub = next((x for x in self.subs if x[0] <= d.start < x[1]), self.subs[-1])
        if self.block.open_text and not open_dose(self.page, self.start, sent, clause, d, sub[2] is not None, self.scan):
            return None
        prev_end = max([x.end for x in doses[:k] if x.end <= d.start and x.end > clause[0]] + [clause[0]])
        next_start = min([x.start for x in doses[k + 1:] if x.start >= d.end] + [clause[1]])
        intervention, isrc, mention_start = self._intervention(k, d, sent, clause, sub, prev_end)
        # the dose's own words: before it from its intervention's name (or from the clause
        # start when it is the clause's first dose), after it up to the next dose
        if mention_start is not None and mention_start >= prev_end:
            own_before = (mention_start, d.start)
        elif prev_end > clause[0]:
            own_before = (d.start, d.start)
        else:
            own_before = (clause[0], d.start)
        own_after_full = (d.end, min(next_start, clause[1]))
        seq = self.R.sequence.search(text, *own_after_full)
        # what follows "then"/"followed by" is about the next administration
        own_after = (d.end, seq.start()) if seq else own_after_full
        return Item(d, sent, clause, sub, own_before, own_after, self.page.resolve(intervention), isrc,
                     self.levels_of.get(k), self._context(d, sent, clause, sub), own_after_full)

    def groups_before(self, pos: int) -> list[str]:
        """The groups the span names before ``pos``: its labels in force and the cues its
        sentences open with ("Group A: ...", "En el brazo control reciben ..."), in order."""
        found = [(a, cx) for a, _, cx in self.subs if a < pos and cx is not None]
        for a, b in self.sentences:
            if b <= pos and (inline := nd.find_inline_context(self.text, a, b)) is not None:
                found.append((a, inline.value))
        return list(dict.fromkeys(cx for _, cx in sorted(found)))

    def _own_name(self, d: nd.DoseMatch, clause: tuple[int, int], prev_end: int):
        """A name in the dose's own words before it: (a listed name's mention, a stem, a
        drug-like name, a short form of the page's abbreviations), the first kind found."""
        page, text = self.page, self.text
        own_mentions = page.mentions(prev_end, d.start)
        if own_mentions:
            # the name nearest the value: "mFOLFOX6 every 2 weeks: oxaliplatin 85 mg/m2"
            # (not an other name in parentheses right after the listed name: "(DS-8201a)")
            later = [s_ for s_ in stems(text, own_mentions[-1][1], d.start)
                     if page.canonical(s_[1]).casefold() != own_mentions[-1][2].casefold()
                     and not alias_in_parentheses(text, own_mentions[-1][1], s_[0], s_[0] + len(s_[1]))]
            if later:
                own_mentions = [(later[-1][0], later[-1][0] + len(later[-1][1]), page.canonical(later[-1][1]))]
        stems_before = [] if own_mentions else stems(text, prev_end, d.start)
        before_name = None if (own_mentions or stems_before) else name_before(text, prev_end, min(d.start, d.value_start))  # (a unit written first: "AUC 6")
        if before_name and not looks_named(before_name[0]) and name_right_after(page, d.end, clause[1]):
            before_name = None  # "to evaluate 300 mg oral ZN-1041": the drug-like name after it
        abbr_before = [] if (own_mentions or stems_before or before_name) else page.abbreviations_in(prev_end, d.start)
        return own_mentions, stems_before, before_name, abbr_before

    def _intervention(self, k: int, d: nd.DoseMatch, sent: tuple[int, int], clause: tuple[int, int],
                      sub: _Sub, prev_end: int) -> tuple[str | None, int, int | None]:
        """(intervention, its source, where its mention starts): named in the dose's own words
        first, then around it."""
        text, R = self.text, self.R
        own_mentions, stems_before, before_name, abbr_before = self._own_name(d, clause, prev_end)
        prev_item = self.items[-1] if self.items and self.items[-1].d.end == prev_end else None
        named_after = name_after_link(self.page, d.end, clause[1])
        nxt_dose = self.doses[k + 1] if k + 1 < len(self.doses) else None
        if named_after is not None:
            # "1200 mg de pertuzumab", "5 mg/kg of ZX-1": the name the amount is of
            return named_after, OWN, None
        if prev_item is not None and R.combination.fullmatch(text, prev_end, d.start):
            # "160 mg/800 mg": a second amount of the same combination product, or of the second
            # of two names paired before it ("pertuzumab/trastuzumab ... 1200 mg/600 mg")
            pair = self.pairs.get(k - 1)
            return (pair[1], SENTENCE, None) if pair else (prev_item.intervention, prev_item.isrc, None)
        if nxt_dose is not None and R.combination.fullmatch(text, d.end, nxt_dose.start) and (
                pair := name_pair(self.page, sent[0], d.start)) is not None:
            self.pairs[k] = pair[:2]
            return pair[0], SENTENCE, pair[2]
        if own_mentions:
            return own_mentions[-1][2], OWN, own_mentions[-1][0]
        if self.block.label:
            # an intervention's own description: other words before a value are its synonyms
            if stems_before:
                return self.block.label, OWN, stems_before[-1][0]
            return self.block.label, OWN, (before_name[1] if before_name else None)
        if stems_before:
            return stems_before[-1][1], OWN, stems_before[-1][0]
        if before_name:
            return before_name[0], OWN, before_name[1]
        if abbr_before:
            return abbr_before[-1][1], OWN, abbr_before[-1][0]
        found = self._named_elsewhere(d, sent, clause, sub, prev_item, prev_end)
        return (found, SENTENCE, None) if found is not None else (None, NO_SOURCE, None)

    def _named_elsewhere(self, d: nd.DoseMatch, sent: tuple[int, int], clause: tuple[int, int], sub: _Sub,
                         prev_item: Item | None, prev_end: int) -> str | None:
        """Named elsewhere: earlier in the sentence, later in the clause, earlier in the
        sub-block, in the arm's label; the arm's or the page's only intervention."""
        page, text, block = self.page, self.text, self.block
        for finder in (
            # "8 mg/kg IV loading dose then 6 mg/kg": the dose before it, in sequence
            lambda: [prev_item.intervention] if prev_item is not None and prev_item.intervention
            and self.R.sequence.search(text, prev_end, d.start) else [],
            # (a listed or drug-like name, the nearest)
            lambda: [m[2] for m in names_in(page, sent[0], d.start)][-1:],
            lambda: [m[2] for m in names_in(page, d.end, clause[1])][:1],
            # "ZY-3 0.5 mg/kg (dose level 1), 1 mg/kg (dose level 2)": the drug of the
            # dose before it in the sentence
            lambda: [it.intervention for it in self.items if it.sent == sent and it.intervention][-1:],
            lambda: [m[2] for m in names_in(page, sub[0], d.start)][-1:],
            lambda: [m[2] for m in names_in(page, *block.arm_label)][:1] if block.arm_label else [],
            lambda: block.arm_interventions if len(block.arm_interventions) == 1 else [],
            lambda: [page.canonical(page.known[0])] if page.n_interventions == 1 else [],
        ):
            found = finder()
            if found:
                return found[0]
        return None

    def _context(self, d: nd.DoseMatch, sent: tuple[int, int], clause: tuple[int, int], sub: _Sub) -> str | None:
        """The label in force, else the cue a sentence opens with."""
        text = self.text
        after = self.R.context_after.match(text, d.end, clause[1])
        if after is not None:
            # a cue in parentheses right after the dose ("4,8 mg/kg (bras A) soit 6,4 mg/kg (bras B)")
            return nd.normalize_context(after.group("cue"))
        chosen = self.R.chosen_after.match(text, d.end, clause[1]) if "RP2D" in text[d.end:clause[1]] or \
            "ecommended" in text[d.end:clause[1]] else None
        if chosen is not None:  # "20 mg/kg was declared the RP2D": the dose of the study's next part
            return CHOSEN_CONTEXT
        # a label carried from above yields to a sentence about every group ("Group B: ...\n\nPatients in
        # both groups also receive ..."); a label inside the sentence is the dose's own
        # (or whose paragraph opens with one: "In both groups, everyone also has X and Y. The first dose of X is ...")
        para = max(sub[0], text.rfind("\n", 0, sent[0]) + 1)
        if sub[2] is not None and not (sub[0] < sent[0] and self.R.all_groups.search(text, para, sent[1])
                                       and self.groups_before(sent[0])):
            return sub[2]
        topic = nd.find_topic_context(text, sent[0], d.start)
        if topic is not None:
            return topic.value
        # the cue its clause or its sentence opens with ("...; in phase 2, all participants ..."), or closes it
        # in parentheses ("X 1800 mg SC ..., koos dotsetakseeliga 75 mg/m2 ... (rühm A).")
        inline = nd.find_inline_context(text, *clause) if clause[0] > sent[0] else None
        inline = inline or nd.find_inline_context(text, *sent)
        if inline is None and (")" in text[sent[1] - 3:sent[1]] or "）" in text[sent[1] - 3:sent[1]]):
            tail = self.R.context_tail.search(text, d.end, sent[1])
            if tail is not None:
                return nd.normalize_context(tail.group("cue"))
        if inline is None:
            # "In Part 1 (Phase Ib), each new group ... . The doses tested are 4 mg/kg ...":
            # the sentence right before in the same paragraph opens with the cue, no dose of its own
            si = self.sentences.index(sent) if sent in self.sentences else -1
            if si > 0:
                pa, pb = self.sentences[si - 1]
                if "\n" not in text[pb:sent[0]] and not any(pa <= x.start < pb for x in self.doses):
                    inline = nd.find_inline_context(text, pa, pb)
                    if inline is not None and rules().kind_of_trial.fullmatch(text, pa, inline.start):
                        inline = None  # "A phase 1 trial is about finding the right dose.": a kind of trial, no part
        return inline.value if inline is not None else None

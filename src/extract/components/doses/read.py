"""Reading the doses of one block description or span of open text."""
from __future__ import annotations

import bisect

from ...normalize import doses as nd
from .blocks import _BULLET, _alias_in_parentheses, _stems
from .bounds import _clause_bounds, _containing, _sentence_bounds
from .page import (
    _Page, _best_schedule, _group_lines, _looks_named, _name_after_link, _name_before, _name_pair,
    _name_right_after, _names_in, _open_dose, _rejected, _row_labels, _subheadings,
)
from .rows import _Row, _fold, _for_every_group
from .rules import _BLOCK, _NO_SOURCE, _OWN, _SENTENCE, rules


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

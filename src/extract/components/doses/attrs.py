"""The second pass over a span's doses: each dose's route and interval, from its own words,
the doses coordinated with it, a regimen header, its sentence or its sub-block."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...normalize import doses as nd
from .bounds import containing
from .page import best_schedule, names_in
from .rows import Row, fold
from .rules import BLOCK, NO_SOURCE, OWN, SENTENCE

if TYPE_CHECKING:
    from .read import Span

_Window = tuple[int, int]


@dataclass
class Item:
    """One dose read in the first pass: where it stands and what it is of."""

    d: nd.DoseMatch
    sent: _Window
    clause: _Window
    sub: tuple[int, int, str | None]
    own_before: _Window  # its own words before it
    own_after: _Window  # its own words after it, up to "then"/"followed by"
    intervention: str | None
    isrc: int
    level: int | None
    context: str | None
    own_after_full: _Window  # its own words after it, up to the next dose or the clause end


class Attributes:
    """Route and interval of the items of a :class:`~.read._Span` (its text, sentences,
    sub-blocks, scans and items)."""

    def find_headers(self: "Span") -> None:
        """A regimen's schedule stated once before its doses: "mFOLFOX6 every 2 weeks:
        oxaliplatin 85 mg/m2 IV, leucovorin 400 mg/m2 IV, ..." (to the sentence end) or a line
        ending in such a header and the lines after it (to the next blank line)."""
        text, R = self.text, self.R
        last = self.doses[-1].start  # (a header holds only for the doses after it)
        if not R.header_hint.search(text, self.start, last):
            return
        for si, (a, b) in enumerate(self.sentences):
            if a >= last:
                break
            if not R.header_hint.search(text, a, b):
                continue
            for s in self.sentence_scan("s", si):
                if s.value is None or s.kind not in ("freq", "cycle"):
                    continue
                hm = R.regimen_header.match(text, s.end, b)
                if not hm:
                    continue
                scope_end = b
                if not text[hm.end():b].strip():
                    sub_end = next((x[1] for x in self.subs if x[0] <= s.start < x[1]), self.end)
                    if not text[b:sub_end].strip():
                        sub_end = self.end  # the header's line ends its sub-block: it opens the labelled lines below
                    blank = text.find("\n\n", b, sub_end)
                    scope_end = sub_end if blank == -1 else blank
                self.headers.append((hm.end(), scope_end, s))

    def header_schedule(self: "Span", d: nd.DoseMatch) -> nd.Mention | None:
        found = None
        for a, b, s in self.headers:
            if a <= d.start < b:
                found = s
        return found

    def cycle_length(self: "Span", d: nd.DoseMatch, sent: _Window, sub: tuple, page_ok: bool) -> float | None:
        """The cycle length stated around a dose: nearest in its sentence, else the only one
        of its sub-block, of its block, or (``page_ok``) of the page's arms and summaries."""
        cs = [s for s in self.scan("s", *sent) if s.kind == "cycle" and s.value is not None]
        if cs:
            return min(cs, key=lambda s: abs(s.start - d.start)).value
        for a, b in ((sub[0], sub[1]), (self.start, self.end)):
            vals = {s.value for s in self.scan("s", a, b) if s.kind == "cycle" and s.value is not None}
            if len(vals) == 1:
                return vals.pop()
            if vals:
                return None
        if page_ok:
            if self._page_cycles is None:
                self._page_cycles = self.page.cycle_lengths()
            if len(self._page_cycles) == 1:
                return next(iter(self._page_cycles))
        return None

    def owner(self: "Span", pos: int, sent: _Window) -> str | None:
        """The intervention the text at ``pos`` speaks of: that of the nearest dose before it
        in its sentence, unless a name stands between them ("X 300 mg by mouth and Y by vein
        (8 mg/kg ...)": "by vein" is Y's), else the nearest name before it, else the block's."""
        best, best_end = None, sent[0]
        for it in self.items:
            if it.sent == sent and it.d.end <= pos:
                best, best_end = it.intervention, it.d.end
        if best is not None:
            # (listed names or drug-like words: a page may list none)
            between = names_in(self.page, best_end, pos)
            return between[-1][2] if between else best
        names = self.page.mentions(sent[0], pos)
        if names:
            return names[-1][2]
        return self.block.label

    def same_owner(self: "Span", intervention: str | None, pos: int, sent: _Window) -> bool:
        o = self.owner(pos, sent)
        return o is None or (intervention is not None and fold(o) == fold(intervention))

    def coordinated_tail(self: "Span", i: int) -> list[_Window]:
        """The after-windows of the doses coordinated with dose ``i`` ("A x and B y IV")."""
        items, out = self.items, []
        while i + 1 < len(items) and items[i + 1].clause == items[i].clause:
            gap = self.text[items[i].own_after_full[0]:items[i].own_after_full[1]]
            if items[i].own_after_full[1] != items[i + 1].d.start or not (
                    self.R.coordination.search(gap) or self.R.combination.fullmatch(gap)):
                break
            i += 1
            out.append(items[i].own_after)
        return out

    def shared_tail(self: "Span", sent: _Window) -> list[_Window]:
        """The words after the last dose of a sentence that hold for all its doses ("...,
        all given IV on Day 1 of each 21-day cycle"), as a window list (empty: none)."""
        if sent not in self._shared:
            last = max((it.d.end for it in self.items if it.sent == sent), default=sent[0])
            m = self.R.shared_tail.search(self.text, last, sent[1])
            self._shared[sent] = (m.start(), sent[1]) if m else None
        w = self._shared[sent]
        return [w] if w else []

    # -- pass 2: route and interval
    def row(self: "Span", i: int, it: Item) -> Row:
        src: dict = {"intervention": it.isrc}
        # the doses coordinated with this one ("A x and B y IV"), then a shared ending
        tail = self.coordinated_tail(i) + self.shared_tail(it.sent)
        route = self._route(it, tail, src)
        interval = it.d.interval_days if it.d.per_time else self._interval(i, it, tail, src)
        if it.d.per_time:
            src["interval_days"] = OWN
        d = it.d
        attrs = {
            "intervention": it.intervention,
            "dose_low": d.low,
            "dose_high": d.high,
            "unit": d.unit,
            "route": route,
            "interval_days": interval,
            "dose_level": it.level,
            "context": it.context,
        }
        return Row(d.start, d.end, it.sent[0], it.sent[1], d.rule_id, attrs, src)

    def _route(self: "Span", it: Item, tail: list[_Window], src: dict) -> str | None:
        """Own words, else the rest of the sentence, else the sub-block's first statement, in
        both cases only where they speak of the same intervention."""
        scan, d, sent = self.scan, it.d, it.sent
        own_r = scan("r", *it.own_after) + scan("r", *it.own_before)
        if own_r:
            # the route word nearest to the dose ("Single oral dose of 100 ug ..., followed by
            # an intravenous ...": oral)
            near = min(own_r, key=lambda r: r.start - d.end if r.start >= d.end else d.start - r.end)
            src["route"] = OWN
            return near.value
        # a route stated earlier in the sentence for the dose's own drug comes before the ending
        # of a list it is coordinated with ("X is taken orally ... at 400 mg, together with Y 8 mg/kg IV")
        sent_r = [r for r in scan("r", *sent) if self.same_owner(it.intervention, r.start, sent)]
        if tail and (named := [r for r in sent_r if r.end <= d.start and self.owner(r.start, sent) is not None]):
            src["route"] = SENTENCE
            return named[-1].value
        tail_r = [r for w in tail for r in scan("r", *w) if not self.R.own_route.search(self.text, w[0], r.start)]
        if tail_r:
            src["route"] = SENTENCE
            return tail_r[0].value
        if sent_r:
            src["route"] = SENTENCE
            return min(sent_r, key=lambda r: abs(r.start - d.start)).value
        for r in self.iter_scan("r", it.sub[0], it.sub[1]):
            rs = containing(self.sentences, r.start) or sent
            if self.same_owner(it.intervention, r.start, rs):
                src["route"] = BLOCK
                return r.value
        if (every := self.all_route(d.start)) is not None:
            src["route"] = BLOCK
            return every
        return None

    def all_route(self: "Span", pos: int) -> str | None:
        """The route a sentence before ``pos`` states for every treatment and no dose ("All
        treatments are given by drip into a vein."); tried only on sentences holding "all"."""
        for a, b in self.sentences:
            if a >= pos:
                break
            low = self.text[a:b].lower()
            if "all " not in low and "both " not in low:
                continue
            m = self.R.shared_tail.search(self.text, a, b)
            if m and not any(a <= x.start < b for x in self.doses) and (rs := self.scan("r", m.start(), b)):
                return rs[0].value
        return None

    def _first_of_sequence(self: "Span", i: int, it: Item) -> bool:
        """"8 mg/kg IV then 6 mg/kg IV every 21 days": a first dose given once, when the next
        dose of the same drug states its own schedule (not "400 mg/m2 bolus followed by 2400
        mg/m2 over 46 hours", one administration in two parts; also a pair's: "carga de 1200
        mg/600 mg y después 600 mg/600 mg cada 3 semanas")."""
        return self.R.sequence.search(self.text, *it.own_after_full) is not None and any(
            o.clause == it.clause and fold(o.intervention) == fold(it.intervention)
            and best_schedule(self.scan("s", *o.own_after_full)
                               + [x for w in self.coordinated_tail(j) for x in self.scan("s", *w)], [])
            is not None for j, o in enumerate(self.items) if j > i)

    def _interval(self: "Span", i: int, it: Item, tail: list[_Window], src: dict) -> float | None:
        """Own words (a single/loading administration stops here); a regimen's schedule stated
        once before its doses; else the coordinated doses; else the sentence; else the
        sub-block's first statement. A day list without a frequency then gives way to a cycle
        length stated around it."""
        d, scan = it.d, self.scan
        after_s, before_s = scan("s", *it.own_after), scan("s", *it.own_before)
        singles = [s for s in after_s if s.kind == "single"] + [
            s for s in before_s if s.kind == "single" and d.start - s.end <= 30
            and not self.R.single_breaks.search(self.text[s.end:d.start])]
        best = best_schedule(after_s, before_s)
        first_of_sequence = self._first_of_sequence(i, it)
        header = self.header_schedule(d)
        chosen, csrc = None, NO_SOURCE
        if (singles or first_of_sequence) and (best is None or best.kind != "freq"):
            src["interval_days"] = OWN
        elif best is not None and best.kind == "freq":
            chosen, csrc = best, OWN
        elif header is not None:
            chosen, csrc = header, SENTENCE
        elif best is not None:
            chosen, csrc = best, OWN
        elif any(best_schedule(scan("s", *w), []) for w in tail):
            chosen = next(best_schedule(scan("s", *w), []) for w in tail if best_schedule(scan("s", *w), []))
            csrc = SENTENCE
        else:
            chosen, csrc = self._stated_around(i, it)
        interval = None
        if chosen is not None or csrc != NO_SOURCE:
            interval, src["interval_days"] = (chosen.value if chosen is not None else None), csrc
        # a day list (or "once per cycle") without a frequency: the cycle length stated
        # around it, else the day list's spacing
        cue = None
        if chosen is not None:
            cue = chosen if chosen.kind == "daylist" else None
        elif csrc == NO_SOURCE and not singles and not first_of_sequence:
            cue = next((s for s in after_s + before_s if s.kind in ("daylist", "per_cycle")), None)
        if cue is not None:
            cyc = self.cycle_length(d, it.sent, it.sub, cue.kind == "per_cycle" or (bool(cue.days) and min(cue.days) >= 1))
            if cyc is not None:
                interval = cyc
                src["interval_days"] = csrc if cue is chosen else SENTENCE
        return interval

    def _stated_around(self: "Span", i: int, it: Item) -> tuple[nd.Mention | None, int]:
        """A schedule of the dose's sentence about the same intervention, else the sub-block's
        first statement (a one-off administration stated for another dose does not count)."""
        sent, scan = it.sent, self.scan
        sent_s = [s for s in scan("s", *sent) if s.value is not None and s.kind != "single"
                  and self.same_owner(it.intervention, s.start, sent)]
        if sent_s:
            return min(sent_s, key=lambda s: (nd.KIND_RANK.get(s.kind, 5), abs(s.start - it.d.start))), SENTENCE
        for s in self.iter_scan("s", it.sub[0], it.sub[1]):
            ss = containing(self.sentences, s.start) or sent
            if s.kind == "single" and any(
                    j != i and (o.own_before[0] <= s.start < o.own_before[1] or o.own_after[0] <= s.start < o.own_after[1])
                    for j, o in enumerate(self.items)):
                continue  # a one-off administration stated for another dose
            if (s.kind == "single" or s.value is not None) and self.same_owner(it.intervention, s.start, ss):
                return (s if s.kind != "single" else None), BLOCK
        return None, NO_SOURCE

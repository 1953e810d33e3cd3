"""What a unit's frames say: statuses, polarity, assay text, rows; and the unit-level helpers."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Mapping

from ...model import EXCLUSION, INCLUSION, POPULATION, Fact
from ...normalize import comparators
from ...normalize import her2 as nh
from .frames import _Frame, _Row, _Tok
from .rules import KIND, _METHOD_ROLES, _Rules, _SPECIFIC, _extra_anchor_re

if TYPE_CHECKING:
    from .reader import _Reader

# an IHC keyword glued to the word before it (a flattened table's label cell: "HER2 statusIHC 3+")
_GLUED_KW = re.compile(r"(?<=[a-z])(?:IHC|IHQ)\s*$")


class _Verdicts:
    """The verdicts of a :class:`~.reader._Reader` (its frames, tokens and rules)."""

    def _qualifies_prior(self, f: _Frame) -> bool:
        """A mention of the same clause stands before ``f``, not coordinated with it."""
        lo = self._clause_start(f.start)
        prior = [g for g in self.frames if lo <= g.start and g.end <= f.start]
        if not prior:
            return False
        return self.R.coord_lead.match(self.text, prior[-1].end, f.start) is None

    def _negated(self, start: int) -> bool:
        lo = max(self._clause_start(start), start - 60)
        for f in self.frames:
            if f.end <= start and f.end > lo:
                lo = f.end
        window = self.text[lo:start]
        cut = max(window.rfind(","), window.rfind("("))
        if cut >= 0:
            window = window[cut + 1 :]
        window = self.R.neg_skip.sub(" ", window)  # "non-small cell", "células no pequeñas"
        m = self.R.last_words.search(window)
        return bool(m and self.R.neg_pre.search(m.group(0)))

    def statuses(self, f: _Frame) -> list[tuple[str, list[nh.Alternative], str]]:
        """[(status, supporting alternatives, rule id)] of a frame."""
        explicit = f.explicit
        rid = f.rid
        strong = [w for w in f.words if w[1] == "strong"]
        if strong:
            rid = strong[0][2]
        if explicit == ["AMPLIFIED"] and any(a.ihc in ("3+", "2+") for a in f.alts):
            explicit = ["POSITIVE"]  # "HER2 amplification (IHC 3+ or FISH ratio ≥ 2.0)": ASCO/CAP positive
        if explicit:
            if len(explicit) == 1 or not f.alts:
                return [(s, f.alts, rid) for s in explicit]
            own = [nh.alternative_status(a) for a in f.alts]
            out = []
            for s in explicit:
                sup = [a for a, o in zip(f.alts, own) if o == s or o not in explicit]
                out.append((s, sup, rid))
            return out
        if any(w[1] == "neutral" for w in f.words) and f.scope and f.paren:
            inner = nh.collapse_explicit([
                t.row["status"] for i, t in enumerate(self.toks)
                if t.kind == "status" and t.row["strength"] == "strong" and i not in self.consumed
                and f.scope[0] <= t.start < f.scope[1]
            ])
            if inner:
                return [(s, f.alts if len(inner) == 1 else [], next(w[2] for w in f.words)) for s in inner]
        erid = next((e.rid for e in f.elems if not e.row.get("descriptor")), f.elems[0].rid) if f.elems else rid
        derived = nh.status_of_alternatives(f.alts)
        if derived:
            return [(s, sup, erid) for s, sup in derived]
        if f.alts:
            return []  # every status allowed
        if f.pct_min is not None:
            return [("EXPRESSING", [], erid)]
        if f.variants:
            return [("MUTANT", [], erid)]
        if f.copies:
            return [("AMPLIFIED", [], erid)]
        if f.weak:
            return [("EXPRESSING", [], next(w[2] for w in f.words if w[1] == "weak"))]
        return []

    def polarity(self, f: _Frame, base: str) -> str | None:
        """Criterion type of the frame's rows, or None when the mention is no requirement."""
        R, text = self.R, self.text
        before = text[max(self._clause_start(f.start), f.start - 60) : f.start]
        if f.moot or R.any_pre.search(before):
            return None
        negated = self._negated(f.start)
        end = f.surface_end
        stop = self._clause_end(end)
        for g in self.frames:
            if g.start >= end and g.start < stop:
                if R.coord_gap.fullmatch(self._gap(end, g.start)) is None:
                    stop = g.start
                    break
                end = g.surface_end
        after = text[end : min(stop, end + 100)]
        if base != POPULATION and R.moot_post.search(after):
            return None
        excluded = R.ctx.excl_post.search(after) is not None
        if base == INCLUSION:
            return EXCLUSION if (negated or excluded) else INCLUSION
        if base == EXCLUSION:
            if excluded:
                return EXCLUSION
            if negated:
                # "ERBB2 amplification in the absence of an activating HER2 mutation": the negated
                # mention qualifies the excluded one before it in the clause, it requires nothing
                return None if self._qualifies_prior(f) else INCLUSION
            if R.allow_post.search(after):
                return None
            if R.therapy_pre.search(text[max(self._clause_start(f.start), f.start - 80) : f.start]):
                return None
            return EXCLUSION
        return None if (negated or excluded) else POPULATION

    def assay_span(self, f: _Frame) -> tuple[int, int] | None:
        """Span of the assay definition of a frame: first to last element, parentheses
        balanced ("(IHC 3+) or HER2 gene amplification (FISH ratio ≥ 2.0)"); a score written
        right after the spelling ("HER2 (+++)", "Her2 3+") starts it."""
        elems = self._assay_elems(f)
        if f.sign_score:
            a = f.start
            b = elems[-1].end if elems else f.end
            return _balanced(self.text, a, b, self.us, self.ue)
        if not elems:
            return None
        R, text = self.R, self.text
        a, b = elems[0].start, elems[-1].end
        if elems[0].kind == "ratio":
            m = R.ratio_prefix.search(text, max(self.us, a - 12), a)
            if m:
                a = m.start()  # "HER2/CEP17 ratio ≥ 2.0"
        elif elems[0].kind in ("score", "score_range"):
            m = _GLUED_KW.search(text, max(self.us, a - 8), a)
            if m:
                a = m.start()  # "HER2 statusIHC 3+ or ...": the keyword glued to a flattened table's label cell
        # a test named by its method takes the specimen before it and the noun after it
        # ("tissue or plasma NGS assay"), never quality words ("CLIA-certified or equivalent")
        if elems[0].kind in _METHOD_ROLES and not elems[0].row.get("descriptor"):
            lo = max(self.us, a - 60, f.end if f.end <= a else self.us)
            m = R.test_specimen.search(text, lo, a)
            if m:
                a = m.start()
        # ... and so does an ISH result ("IHC 2+ with an ISH-positive result")
        if elems[-1].kind in _METHOD_ROLES | {"ish_pos", "ish_neg"} and not elems[-1].row.get("descriptor"):
            m = R.test_head.match(text, b, self.ue)
            if m is None and text.startswith(")", b):
                m = R.test_head.match(text, b + 1, self.ue)  # "sequencing (NGS) assay"
            if m:
                b = m.end()
            if elems[-1].kind in _METHOD_ROLES:
                m = R.test_of.match(text, b, self.ue)
                if m:
                    b = m.end()
        return _balanced(text, a, b, self.us, self.ue)

    def _assay_elems(self, f: _Frame) -> list[_Tok]:
        """The elements an assay text spans: no named variants (they are the status, not
        an assay), no leading score word ("score of 1+"), no trailing parenthesis of
        descriptors only ("by IHC (any staining intensity)"), never descriptors alone."""
        elems = [e for e in f.elems if e.kind != "variant"]
        while len(elems) > 1 and elems[0].row.get("lead") is False:
            elems = elems[1:]
        while len(elems) > 1 and elems[-1].row.get("descriptor") \
                and "(" in self.text[elems[-2].end : elems[-1].start]:
            elems = elems[:-1]
        # a trailing parenthesis that allows any result ("IHC 1+, 2+ or 3+ (any ISH result)")
        while len(elems) > 1:
            gap = self.text[elems[-2].end : elems[-1].start]
            k = gap.rfind("(")
            if k < 0 or ")" in gap[k:] or not self.R.any_word.search(gap[k + 1 :]):
                break
            elems = elems[:-1]
        if elems and all(e.row.get("descriptor") for e in elems) and not f.sign_score:
            return []
        return self._without_ratio_gloss(elems)

    def _without_ratio_gloss(self, elems: list[_Tok]) -> list[_Tok]:
        """A trailing parenthesis of ISH measures right after an ISH result of the definition
        restates that result's threshold ("IHC 3+ or ISH-positive (HER2/CEP17 ratio ≥ 2.0)",
        "IHC 2+ with gene amplification by FISH (HER2/CEP17 ratio ≥ 2.0)"): a gloss, not part
        of the assay phrase. After a status word it IS the definition and stays ("HER2 gene
        amplification (FISH ratio ≥ 2.0)"); so does a ratio that is the only ISH statement."""
        text = self.text
        for k in range(len(elems) - 1, 0, -1):
            if elems[k].kind not in ("ratio", "signals", "ish_name"):
                return elems  # ISH names in brackets gloss the method: "(FISH, CISH or SISH)"
            gap = text[elems[k - 1].end : elems[k].start]
            if "(" not in gap:
                continue
            if ")" in gap or elems[k - 1].kind not in ("ish_pos", "ish_neg", "ish_name"):
                return elems
            if any(e.kind in ("ish_pos", "ish_neg") and not e.row.get("status_mention") for e in elems[:k]):
                return elems[:k]
            return elems
        return elems

    def assay_text(self, f: _Frame) -> str | None:
        span = self.assay_span(f)
        if span is None:
            return None
        return " ".join(self.text[span[0] : span[1]].split()) or None

    def rows(self, base: str, ev: tuple[int, int]) -> list[_Row]:
        out: list[_Row] = []
        for f in self.frames:
            if f.skip:
                continue
            sts = self.statuses(f)
            if not sts:
                continue
            ctype = self.polarity(f, base)
            if ctype is None:
                continue
            assay = self.assay_span(f)
            for status, sup, rid in sts:
                ish = nh.ish_of(sup)
                if ish is None and status == "AMPLIFIED" and f.ish_named and not f.ngs_named:
                    ish = "POSITIVE"
                a, b = _balanced(self.text, f.surface_start, f.surface_end, self.us, self.ue)
                out.append(
                    _Row(ctype, status, nh.ihc_scores_of(sup), ish, f.pct_min, None, rid,
                         a, b, ev[0], ev[1], assay_span=assay)
                )
        return out

    def orphan_rows(self, ctype: str, ev: tuple[int, int], specific_only: bool = False) -> list[_Row]:
        """Rows of definitions without a HER2 status mention (a nested criterion "IHC 3+").

        ``specific_only``: only definitions by a HER2-specific ISH measure ("HER2/CEP17 ratio
        ≥ 2.0", "≥ 6 HER2 signals/cell"), which need no HER2 mention around them."""
        out = []
        for run in self.orphans:
            if specific_only and not any(
                t.kind in ("ratio", "signals") and _SPECIFIC.search(self.text, t.start, t.end) for t in run
            ):
                continue
            f = _Frame(run[0].start, run[0].start, run[0].rid, elems=list(run), synthetic=True)
            f.end = f.start
            self._alternatives(f)
            for status, sup, rid in self.statuses(f):
                out.append(
                    _Row(ctype, status, nh.ihc_scores_of(sup), nh.ish_of(sup), f.pct_min,
                         None, rid, run[0].start, run[-1].end, ev[0], ev[1],
                         assay_span=self.assay_span(f))
                )
        return out


def _score_alternatives(R: _Rules, kind: str, s: str) -> list[nh.Alternative]:
    scores = nh.scores_in(s)
    if not scores:
        return []
    if kind == "score_range" and len(scores) >= 2:
        allowed = nh.expand_range(scores[0], scores[-1])
        if allowed[-1] == "3+":
            return [nh.Alternative(allowed[0], at_least=True)]
        return [nh.Alternative(x) for x in allowed]
    sc = scores[-1]
    m = R.cmp_prefix.search(s)
    op = comparators.normalize_comparator(m.group(0)) if m else None
    if R.cmp_post.search(s):
        op = ">="
    if op == ">=":
        return [nh.Alternative(sc, at_least=sc != "3+")] if sc != "3+" else [nh.Alternative("3+")]
    if op == ">":
        nxt = nh.SCORES[min(nh.SCORES.index(sc) + 1, 3)]
        return [nh.Alternative(nxt, at_least=nxt != "3+")] if nxt != "3+" else [nh.Alternative("3+")]
    if op in ("<=", "<"):
        hi = nh.SCORES.index(sc) - (1 if op == "<" else 0)
        return [nh.Alternative(x) for x in nh.SCORES[: max(hi, 0) + 1]]
    return [nh.Alternative(sc)]


def _ish_result(R: _Rules, kind: str, s: str) -> str | None:
    if kind == "ish_pos":
        return "POSITIVE"
    if kind == "ish_neg":
        return "NEGATIVE"
    nums = R.num.findall(s.split("CEP")[-1] if kind == "ratio" else s)
    if not nums:
        return None
    m = R.cmp_prefix.search(s)
    op = comparators.normalize_comparator(m.group(0)) if m else None
    return nh.ish_from_measure(kind, op, float(nums[-1].replace(",", ".")))  # (a decimal comma: "2,0")


def _pct_min(R: _Rules, s: str) -> float | None:
    m = R.num.search(s)
    if not m:
        return None
    c = R.cmp_prefix.search(s, 0, m.start())
    op = comparators.normalize_comparator(c.group(0)) if c else None
    post = R.cmp_post.search(s, m.end())
    if post:  # "30% or more" is a minimum; "10% 이하" (at most) is none
        hit = comparators.comparator_rule(post.group(0), "postfix")
        op = hit[0] if hit else ">="
    return float(m.group(0).replace(",", ".")) if op in (">=", ">") else None


# --------------------------------------------------------------------------- units

def _balanced(text: str, a: int, b: int, lo: int, hi: int) -> tuple[int, int]:
    """Extend ``[a, b)`` to the parenthesis that a ")" or "(" inside it leaves open."""
    depth, unmatched_close = 0, 0
    for ch in text[a:b]:
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth:
                depth -= 1
            else:
                unmatched_close += 1
    while unmatched_close and a > lo:
        p = text.rfind("(", max(lo, a - 30), a)
        if p < 0 or ")" in text[p:a]:
            break
        a, unmatched_close = p, unmatched_close - 1
    while depth and b < hi:
        q = text.find(")", b, min(hi, b + 30))
        if q < 0 or "(" in text[b:q]:
            break
        b, depth = q + 1, depth - 1
    return a, b


def _assay_of(text: str, row: _Row) -> str | None:
    if row.assay is not None:
        return row.assay
    if row.assay_span is None:
        return None
    return " ".join(text[row.assay_span[0] : row.assay_span[1]].split()) or None


def _fact(text: str, row: _Row) -> Fact:
    return Fact(
        kind=KIND,
        label=row.status,
        rule_id=row.rid,
        start=row.start,
        end=row.end,
        evidence_start=row.ev_start,
        evidence_end=row.ev_end,
        attrs={
            "criterion_type": row.ctype,
            "her2_status": row.status,
            "ihc_scores": list(row.ihc),
            "ish": row.ish,
            "expression_pct_min": row.pct,
            "assay_text": _assay_of(text, row),
        },
    )


def _merge_into(rows: list[_Row], row: _Row) -> None:
    for r in rows:
        if r.ctype == row.ctype and r.status == row.status:
            r.merge(row)
            return
    rows.append(row)


def _abbreviation_anchor(R: _Rules, abbreviations: Mapping[str, str] | None) -> re.Pattern | None:
    """Short forms the page defines for HER2 ("human epidermal growth factor receptor 2
    (HER-2/neu; hereafter H2)") read as spellings."""
    if not abbreviations:
        return None
    shorts = tuple(sorted(
        s for s, long in abbreviations.items()
        if s and long and R.long_re.search(long) and not R.quick_re.fullmatch(s)
    ))
    return _extra_anchor_re(shorts)


def _unit_rows(reader: "_Reader", base: str, ev: tuple[int, int]) -> list[_Row]:
    rows: list[_Row] = []
    for row in reader.rows(base, ev):
        _merge_into(rows, row)
    return rows

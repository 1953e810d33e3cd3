"""Reading one unit: its tokens, the frames anchored on its HER2 mentions, what binds to them."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace

from ...normalize import her2 as nh
from .frames import Frame, Tok
from .rules import (CMP_TARGETS, EARLY_ROLES, IHC_ROLES, IHC_WORD, ISH_ROLES, LATE_ROLES, MAX_CHAIN_GAP,
                    MAX_CHAIN_WORDS, METHOD_ROLES, SPECIFIC, VALUE_ROLES, Rules)
from .verdicts import Verdicts, ish_result, pct_min, score_alternatives


class Reader(Verdicts):
    """Reads the HER2 mentions of one unit ``text[us:ue]``."""

    def __init__(self, R: Rules, text: str, us: int, ue: int, extra: re.Pattern | None):
        self.R, self.text, self.us, self.ue = R, text, us, ue
        self.toks = self._tokens(extra)
        self.frames: list[Frame] = []
        self.orphans: list[list[Tok]] = []
        self.converted: list[Tok] = []  # amplification mentions read as ISH results
        self.consumed: set[int] = set()  # status tokens read as part of a mention
        self._clause_ends: list[int] | None = None  # where the unit's clauses end, once asked
        self._read()

    # -- tokens
    def _tokens(self, extra: re.Pattern | None) -> list[Tok]:
        R, t = self.R, self.text
        toks: list[Tok] = []
        pending: Tok | None = None  # a comparator waiting for its number
        for i, m in R.tokens.scan(t, self.us, self.ue):
            kind, row = R.token_rows[i]
            tok = Tok(kind, row["id"], m.start(), m.end(), row)
            if pending is not None and kind in CMP_TARGETS and m.start() - pending.end <= 2 \
                    and not t[pending.end : m.start()].strip():
                tok.start = pending.start  # "≥ 30%", "≥ 1+": the comparator is part of the reading
            pending = tok if kind == "cmp" else None
            if kind != "cmp":
                toks.append(tok)
        if extra is not None:
            taken = [(k.start, k.end) for k in toks]
            for m in extra.finditer(t, self.us, self.ue):
                if not any(s < m.end() and m.start() < e for s, e in taken):
                    toks.append(Tok("anchor", "sp.abbreviation", m.start(), m.end(), {"id": "sp.abbreviation"}))
            toks.sort(key=lambda k: k.start)
        return toks

    def _gap(self, a: int, b: int) -> str:
        return self.text[a:b] if b > a else ""

    def _chain_ok(self, a: int, b: int) -> bool:
        if b < a:
            return False
        g = self.text[a:b]
        if len(g) > MAX_CHAIN_GAP or self.R.clause.search(g):
            return False
        if len(self.R.words.findall(g)) > MAX_CHAIN_WORDS or self.R.marker.search(g):
            return False
        return self.R.chain_gap.fullmatch(g) is not None

    def _binds(self, a: int, b: int) -> bool:
        g = self._gap(a, b)
        return len(g) <= MAX_CHAIN_GAP and self.R.bind_gap.fullmatch(g) is not None and not self.R.or_word.search(g)

    def _clause_end(self, pos: int) -> int:
        """Where the clause holding ``pos`` ends: the unit's clause marks (one character each,
        the same wherever a search starts) found once, then bisected."""
        if pos < self.us:
            m = self.R.clause.search(self.text, pos, self.ue)
            return m.start() if m else self.ue
        ends = self._clause_ends
        if ends is None:
            ends = self._clause_ends = [m.start() for m in self.R.clause.finditer(self.text, self.us, self.ue)]
        k = bisect_left(ends, pos)
        return ends[k] if k < len(ends) else self.ue

    def _clause_start(self, pos: int) -> int:
        lo = max(self.us, pos - 200)
        last = lo
        for m in self.R.clause.finditer(self.text, lo, pos):
            last = m.end()
        return last

    # -- frames
    def _read(self) -> None:
        R, text, toks = self.R, self.text, self.toks
        consumed: set[int] = set()
        for i, t in enumerate(toks):
            if t.kind != "anchor":
                continue
            before = text[max(self.us, t.start - 40) : t.start]
            if R.guard_pre.search(before) or R.guard_post.match(text, t.end, self.ue):
                continue
            f = Frame(t.start, t.end, t.rid)
            self._sign(f)
            self._words_after(f, i, consumed)
            if not any(w[1] == "strong" for w in f.words) and not f.sign_status and i > 0:
                self._words_before(f, i, consumed)
            self._any(f, t)
            for w in f.words:
                if w[3].get("ihc"):
                    f.init_alts.append(nh.Alternative(str(w[3]["ihc"])))
            self.frames.append(f)
        self.consumed = consumed
        self._scopes()
        self._convert_amplification()
        elems = self._elements(consumed)
        self._attach(elems)
        self._fold()
        for f in self.frames:
            self._alternatives(f)
        self._distribute()

    def _sign(self, f: Frame) -> None:
        """A sign right after the mention ("HER2(+++)", "HER2+"): its status or IHC score."""
        m = self.R.sign_re.match(self.text, f.end, self.ue)
        if m:
            row = self.R.sign_rows[m.lastgroup]
            if row.get("status"):
                f.sign_status = row["status"]
            if row.get("ihc"):
                f.init_alts.append(nh.Alternative(str(row["ihc"])))
                f.sign_score = True
            f.end = m.end()
            f.rid = row["id"]

    def _words_after(self, f: Frame, i: int, consumed: set[int]) -> None:
        """Status words right after the mention ("HER2 positive", "HER2-low or ultralow")."""
        R, text, toks = self.R, self.text, self.toks
        first = True
        for j in range(i + 1, len(toks)):
            tj = toks[j]
            if tj.start < f.end:
                continue
            if tj.kind != "status" or tj.row["side"] not in ("post", "both"):
                break
            gap = self._gap(f.end, tj.start)
            if first:
                ok = R.post_gap.fullmatch(gap) is not None and len(gap) <= 40
            else:
                ok = R.coord_gap.fullmatch(gap) is not None or (
                    R.post_gap.fullmatch(gap) is not None and len(gap) <= 3
                )
                if ok and R.marker_after.match(text, tj.end, self.ue):
                    ok = False
            if not ok:
                break
            f.words.append((tj.row["status"], tj.row["strength"], tj.rid, tj.row))
            f.end = tj.end
            consumed.add(j)
            first = False

    def _words_before(self, f: Frame, i: int, consumed: set[int]) -> None:
        """A status word right before the mention ("positive HER2") and the words
        coordinated before it ("with low or ultralow HER2")."""
        R, text, toks, t = self.R, self.text, self.toks, self.toks[i]
        tk = toks[i - 1]
        if (
            tk.kind == "status"
            and (i - 1) not in consumed
            and tk.row["side"] in ("pre", "both")
            and R.pre_gap.fullmatch(self._gap(tk.end, t.start))
            and len(self._gap(tk.end, t.start)) <= 14
            and not R.marker_before.search(text[max(self.us, tk.start - 30) : tk.start])
        ):
            f.words.insert(0, (tk.row["status"], tk.row["strength"], tk.rid, tk.row))
            f.start = tk.start
            consumed.add(i - 1)
            # coordinated words before it: "with low or ultralow HER2"
            k = i - 2
            while k >= 0:
                tc = toks[k]
                gap = self._gap(tc.end, toks[k + 1].start)
                if (
                    tc.kind != "status" or k in consumed or tc.row["side"] not in ("pre", "both")
                    or not R.or_word.search(gap) and "and" not in gap.lower()
                    or R.coord_gap.fullmatch(gap) is None
                ):
                    break
                f.words.insert(0, (tc.row["status"], tc.row["strength"], tc.rid, tc.row))
                f.start = tc.start
                consumed.add(k)
                k -= 1

    def _any(self, f: Frame, anchor: Tok) -> None:
        """"any level of HER2", "any HER2 staining": a requirement of expression (EXPRESSING);
        "any HER2 status", "all HER2 subtypes": every status allowed (no requirement)."""
        R, text = self.R, self.text
        before = text[max(self.us, anchor.start - 50) : anchor.start]
        m = R.any_level.search(before)
        rid = R.cue_id["any_level"]
        if m is None:
            rid = R.cue_id["any_noun"]
            m = R.any_word.search(before)
            if m is None:
                return
            if R.any_category.match(text, f.end, self.ue):
                f.moot = True
                return
            if any(w[1] == "strong" for w in f.words) or f.sign_status or f.init_alts:
                return
            n = R.any_noun.match(text, f.end, self.ue)
            if n is None:
                return
            f.end = n.end()
        elif any(w[1] == "strong" for w in f.words) or f.sign_status or f.init_alts:
            return
        elif not f.words:
            n = R.any_noun.match(text, f.end, self.ue)
            if n is not None:
                f.end = n.end()  # "any level of HER2 protein"
        row = {"id": rid, "status": "EXPRESSING", "strength": "strong", "side": "pre"}
        f.words.insert(0, ("EXPRESSING", "strong", rid, row))
        f.start = min(f.start, anchor.start - len(before) + m.start())

    def _scopes(self) -> None:
        R, text = self.R, self.text
        for f in self.frames:
            lim = min(self.ue, f.end + 40)
            p = text.find("(", f.end, lim)
            if p >= 0 and self._chain_ok(f.end, p):
                depth, q = 0, p
                while q < self.ue:
                    ch = text[q]
                    if ch == "(":
                        depth += 1
                    elif ch == ")":
                        depth -= 1
                        if depth == 0:
                            break
                    q += 1
                f.scope = (p + 1, min(q, self.ue))
                f.paren = q < self.ue
                continue
            m = R.definition.match(text, f.end, self.ue)
            if m:
                f.scope = (m.end(), self._clause_end(m.end()))

    def _amplification_only(self, f: Frame) -> bool:
        if not f.words or f.sign_status or f.init_alts:
            return False
        return all(w[3].get("ish") for w in f.words)

    def _convert_amplification(self) -> None:
        """An amplification mention inside another definition is an ISH result of it."""
        keep = []
        scopes = _union([g.scope for g in self.frames if g.scope])  # a frame's own starts after it
        ends = [t.end for t in self.toks]  # in order: tokens never overlap
        for f in self.frames:
            inside = _holds(scopes, f.start)
            k = bisect_right(ends, f.start)
            prev = self.toks[k - 1] if k else None  # the last token before the mention
            after_score = (
                prev is not None
                and prev.kind in IHC_ROLES
                and self._binds(prev.end, f.start)
            )
            if self._amplification_only(f) and (inside or after_score):
                res = f.words[0][3]["ish"]
                if res == "POSITIVE" and self._negated(f.start):
                    res = "NEGATIVE"
                role = "ish_pos" if res == "POSITIVE" else "ish_neg"
                self.converted.append(Tok(role, f.words[0][2], f.start, f.end, {"id": f.words[0][2]}))
                continue
            keep.append(f)
        self.frames = keep

    def _elements(self, consumed: set[int]) -> list[Tok]:
        # not inside a mention, nor inside an amplification mention read as an ISH result (the
        # tokens themselves never overlap: one taken holds no later one)
        covered = _union([(f.start, f.end) for f in self.frames] + [(c.start, c.end) for c in self.converted])
        out = list(self.converted)
        for i, t in enumerate(self.toks):
            if _holds(covered, t.start):
                continue
            if t.kind in EARLY_ROLES or t.kind in LATE_ROLES:
                out.append(t)
            elif t.kind == "status" and i not in consumed and t.row.get("ish"):
                role = "ish_pos" if t.row["ish"] == "POSITIVE" else "ish_neg"
                out.append(Tok(role, t.rid, t.start, t.end, t.row))
            elif t.kind == "status" and i not in consumed and t.row["status"] == "MUTANT":
                out.append(Tok("variant", t.rid, t.start, t.end, t.row))
        out.sort(key=lambda k: k.start)
        return out

    def _attach(self, elems: list[Tok]) -> None:
        if not elems:
            return
        frames = self.frames
        runs: list[list[Tok]] = [[elems[0]]]
        for e in elems[1:]:
            prev = runs[-1][-1]
            between = any(prev.end <= f.start < e.start for f in frames)
            if not between and self._chain_ok(prev.end, e.start):
                runs[-1].append(e)
            else:
                runs.append([e])
        for run in runs:
            target = None
            rs, re_ = run[0].start, run[-1].end
            if self.R.marker_before.search(self.text[max(self.us, rs - 25) : rs]):
                continue  # "PR < 1%": the bound of another marker
            prev_f = [f for f in frames if f.end <= rs]
            next_f = [f for f in frames if f.start >= re_]
            if prev_f and self._chain_ok(prev_f[-1].end, rs):
                target = prev_f[-1]
            if target is None:
                scoped = [f for f in frames if f.scope and f.scope[0] <= rs < f.scope[1] + 1]
                if scoped:
                    target = scoped[-1]
            valued = any(t.kind in VALUE_ROLES for t in run)
            # a parenthesis glosses what stands before it: "HER2-low cancer (IHC 1+ or 2+/ISH-), HER2-positive ..."
            glossed = self.text[max(self.us, rs - 3):rs].rstrip().endswith("(") and \
                self.text[re_:re_ + 3].lstrip().startswith(")")
            if target is None and valued and next_f and not (glossed and prev_f) and self._chain_ok(re_, next_f[0].start) \
                    and not self.R.or_word.search(self._gap(re_, next_f[0].start)):
                target = next_f[0]  # "IHC 3+ HER2 overexpression"; "(IHC 3+), or ERBB2 ..." is no definition of it
            if target is None and prev_f and self._method_by(prev_f[-1], run):
                target = prev_f[-1]
            if target is not None:
                target.elems.extend(run)
                target.elems.sort(key=lambda k: k.start)
                continue
            if not self._eligible_orphan(run):
                continue
            # loose attachment inside the unit: the nearest frame, no other marker between
            near = prev_f[-1] if prev_f else (next_f[0] if next_f else None)
            if near is not None:
                a, b = (near.end, rs) if near.end <= rs else (re_, near.start)
                if not self.R.marker.search(self.text[a:b]):
                    near.elems.extend(run)
                    near.elems.sort(key=lambda k: k.start)
                    continue
                continue
            self.orphans.append(run)
        self.frames.sort(key=lambda f: f.start)

    def _method_by(self, f: Frame, run: list[Tok]) -> bool:
        """A test name introduced by "by/using/with ..." after the mention, in the same clause
        and with no other marker between: the test the mention was found by."""
        if not all(t.kind in METHOD_ROLES and not t.row.get("descriptor") for t in run):
            return False
        a, rs = f.surface_end, run[0].start
        if a > rs or rs - a > 200:
            return False
        gap = self.text[a:rs]
        if self.R.clause.search(gap) or self.R.marker.search(gap):
            return False
        return self.R.method_by.search(self.text, max(a, rs - 80), rs) is not None

    def _fold(self) -> None:
        """A bare spelling inside the definition of the mention before it ("HER2-low (i.e.,
        HER2 IHC 1+ ...)", "FISH (HER2/CEP17 ratio ≥ 2.0)") is part of that definition."""
        keep: list[Frame] = []
        for f in self.frames:
            g = keep[-1] if keep else None
            bare = not f.words and not f.sign_status and not f.init_alts and not f.synthetic
            if g is not None and bare and f.elems:
                a = g.elems[-1].end if g.elems else g.end
                gap = self._gap(a, f.start)
                in_scope = g.paren and g.scope is not None and g.scope[0] <= f.start < g.scope[1]
                if self._chain_ok(a, f.start) and (in_scope or not self.R.or_word.search(gap)):
                    g.elems.extend(f.elems)
                    continue
            keep.append(f)
        self.frames = keep
        self._absorb_amplification()

    def _absorb_amplification(self) -> None:
        """"HER2 overexpression (IHC 3+) or HER2 gene amplification (FISH ratio ≥ 2.0)" is one
        requirement, HER2-positive: the amplification is its ISH alternative (ASCO/CAP)."""
        k = 0
        while k < len(self.frames) - 1:
            f, g = self.frames[k], self.frames[k + 1]
            pair = None
            if f.explicit == ["POSITIVE"] and g.explicit == ["AMPLIFIED"]:
                pair = (f, g)
            elif f.explicit == ["AMPLIFIED"] and g.explicit == ["POSITIVE"]:
                pair = (g, f)
            gap = self._gap(f.surface_end, g.start)
            if pair and self.R.coord_gap.fullmatch(gap) and self.R.or_word.search(gap) \
                    and self._ish_defined(pair[1]):
                pos, amp = pair
                tok = Tok("ish_pos", amp.words[0][2], amp.start, amp.end,
                           {"id": amp.words[0][2], "status_mention": True})
                pos.elems = sorted(pos.elems + [tok] + amp.elems, key=lambda t: t.start)
                pos.start = min(pos.start, amp.start)
                pos.end = max(pos.end, amp.end)
                if amp.scope and amp.paren:
                    pos.scope, pos.paren = amp.scope, True
                self.frames.remove(amp)
                continue
            k += 1

    @staticmethod
    def _ish_defined(amp: Frame) -> bool:
        """An amplification is the ISH alternative of HER2-positive ("gene amplification (FISH
        ratio ≥ 2.0)") unless NGS is named as a test that finds it: then it is a requirement of
        its own, AMPLIFIED ("..., or ERBB2 gene amplification detected by a tissue NGS assay")."""
        return not any(e.kind == "ngs_name" for e in amp.elems)

    def _eligible_orphan(self, run: list[Tok]) -> bool:
        """A definition without a HER2 mention counts only when it names an IHC/ISH assay
        and a value ("IHC 3+", "ISH ratio ≥ 2.0", "HER2/CEP17 ratio ≥ 2.0"), never for a
        bare "≤ 1+" or "ratio ≥ 2.0"."""
        kinds = {t.kind for t in run}
        if not kinds & {"score", "score_range", "ratio", "signals", "ish_pos", "ish_neg"}:
            return False
        if kinds & {"ihc_kw", "ish_name"}:
            return True
        for t in run:
            s = self.text[t.start : t.end]
            if t.kind in ("score", "score_range") and IHC_WORD.match(s):
                return True
            if t.kind in ("ish_pos", "ish_neg", "ratio", "signals") and SPECIFIC.search(s):
                return True
        return False

    # -- alternatives and statuses
    def _alternatives(self, f: Frame) -> None:
        R, text = self.R, self.text
        alts = list(f.init_alts)
        cur_i = len(alts) - 1 if alts else None
        prev_end = f.end if f.end <= (f.elems[0].start if f.elems else f.end) else None
        for e in f.elems:
            bind = prev_end is not None and self._binds(prev_end, e.start)
            s = text[e.start : e.end]
            if e.kind == "score" and e.row.get("ihc") is not None:
                alts.append(nh.Alternative(str(e.row["ihc"]), faint=bool(e.row.get("faint"))))
                cur_i = len(alts) - 1
            elif e.kind in ("score", "score_range"):
                for a in score_alternatives(R, e.kind, s):
                    alts.append(a)
                cur_i = len(alts) - 1
            elif e.kind in ISH_ROLES:
                res = ish_result(R, e.kind, s)
                if res == "POSITIVE" and R.neg_before.search(text, max(self.us, e.start - 14), e.start):
                    res = "NEGATIVE"  # "without ISH amplification"
                if res is not None:
                    # IHC 2+ is settled by ISH: an ISH result after a bare 2+ belongs to it
                    # unless "or" stands between ("IHC 2+ ...; only FISH-amplified tumours")
                    settles = (cur_i is not None and alts[cur_i].ihc == "2+" and alts[cur_i].ish is None
                               and prev_end is not None and not R.or_word.search(self._gap(prev_end, e.start)))
                    # a measure right after the same ISH result restates it: "2+ with a negative
                    # ISH result (HER2/CEP17 ratio below 2.0)" is one alternative
                    restates = (e.kind in ("ratio", "signals") and cur_i is not None and alts[cur_i].ish == res
                                and prev_end is not None and not R.or_word.search(self._gap(prev_end, e.start)))
                    if restates:
                        pass
                    elif cur_i is not None and (bind or settles) and (alts[cur_i].ish is None or alts[cur_i].ihc is None):
                        alts[cur_i] = replace(alts[cur_i], ish=alts[cur_i].ish or res)
                    else:
                        alts.append(nh.Alternative(None, res))
                        cur_i = len(alts) - 1
            elif e.kind == "faint":
                if cur_i is not None and alts[cur_i].ihc == "0":
                    alts[cur_i] = replace(alts[cur_i], faint=True)
            elif e.kind == "pct":
                lo = pct_min(R, s)
                if lo is not None:
                    f.pct_min = lo if f.pct_min is None else max(f.pct_min, lo)
            elif e.kind == "variant":
                f.variants += 1
            elif e.kind == "copies":
                f.copies = True
            elif e.kind == "ish_name":
                f.ish_named = True
            elif e.kind == "ngs_name":
                f.ngs_named = True
            prev_end = e.end
        f.alts = alts

    def _distribute(self) -> None:
        """"HER2-positive or HER2-low (IHC 3+, 2+/ISH+, 1+ or 2+/ISH-)": each alternative
        goes to the coordinated mention whose status it scores as."""
        for k in range(1, len(self.frames)):
            f, g = self.frames[k], self.frames[k - 1]
            if not f.alts or g.alts or not g.explicit or not f.explicit:
                continue
            if self.R.coord_gap.fullmatch(self._gap(g.end, f.start)) is None:
                continue
            own = [nh.alternative_status(a) for a in f.alts]
            move = [a for a, o in zip(f.alts, own) if o in g.explicit and o not in f.explicit]
            if move:
                g.alts = move
                g.elems = list(f.elems)  # the shared definition is the assay of both
                f.alts = [a for a in f.alts if a not in move]


def _union(spans: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """The union of half-open spans as (starts, ends) of disjoint spans in order."""
    starts: list[int] = []
    ends: list[int] = []
    for a, b in sorted(sp for sp in spans if sp[1] > sp[0]):
        if ends and a <= ends[-1]:
            ends[-1] = max(ends[-1], b)
        else:
            starts.append(a)
            ends.append(b)
    return starts, ends


def _holds(union: tuple[list[int], list[int]], x: int) -> bool:
    """Whether ``x`` lies inside the union of spans ``union`` (:func:`_union`)."""
    k = bisect_right(union[0], x) - 1
    return k >= 0 and x < union[1][k]

"""Lab thresholds, the scanning half: the rule data compiled once (analyte names as one
trie-shaped pattern, values, units, comparators), and the scans of one criterion for analyte
mentions (grouped when only "and", "/", "(" ... stand between them) and for bounds.
``extract.components.labs`` reads a criterion from what these scans find."""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from extract.normalize import comparators as cmp
from extract.normalize import units as un
from extract.normalize.numbers import FACTOR_RE, NUMBER, NUMBER_RE, POWER_ONLY_RE, parse_number
from extract.components.prescan import first_chars
from extract.ruledata import load

_FLAGS = re.IGNORECASE

# ---------------------------------------------------------------- rule data ---------


def _rules(name: str, kind: str | None = None, where: str | None = None) -> list[dict]:
    rows = load(name, required=["id", "pattern"])
    out = []
    for r in rows:
        if kind is not None and r.get("kind") != kind:
            continue
        if where is not None:
            w = r.get("where")
            if (w if isinstance(w, list) else [w]).count(where) == 0:
                continue
        out.append(r)
    return out


def _alt(rows: list[dict]) -> str:
    return "(?:" + "|".join(f"(?:{r['pattern']})" for r in rows) + ")"


# --- analyte mentions: one trie-shaped pattern over all aliases (fast: no 400-way alternation)
_SEP, _HYPH = r"[\s-]+", r"[\s-]*"


def _atoms(alias: str) -> tuple[str, ...]:
    out = []
    for ch in alias.lower():
        if ch == " ":
            if not out or out[-1] != _SEP:
                out.append(_SEP)
        elif ch == "-":
            out.append(_HYPH)
        else:
            out.append(re.escape(ch))
    return tuple(out)


def _trie_regex(seqs) -> str:
    root: dict = {}
    for seq in seqs:
        node = root
        for a in seq:
            node = node.setdefault(a, {})
        node[None] = {}

    def emit(node: dict) -> str:
        end = None in node
        branches = [a + emit(child) for a, child in node.items() if a is not None]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            return f"(?:{body})?"
        return body

    return emit(root)


_SEPS_RX = re.compile(r"[\s-]+")
_GROUP_CI: dict[str, tuple[str, ...]] = {}  # "transaminases" -> ("ast", "alt"): filled with the mentions
# scripts written without spaces between words (Chinese, Japanese, Korean names run into the next word; so do
# Thai ones: "เกล็ดเลือดไม่น้อยกว่า 100,000")
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u0e00-\u0e7f"


def _key(s: str, fold: bool) -> str:
    s = _SEPS_RX.sub("", s)
    return s.lower() if fold else s


def _build_mentions():
    ci: dict[str, str] = {}
    cs: dict[str, str] = {}
    seqs = set()
    for a in un.analytes().values():
        for alias in a.aliases:
            ci.setdefault(_key(alias, True), a.id)
            seqs.add(_atoms(alias))
        for abbr in a.abbreviations:
            cs.setdefault(_key(abbr, False), a.id)
            seqs.add(_atoms(abbr))
    for r in _rules("lab_coordination.yaml", "group_alias"):
        for word in r["pattern"].split("|"):
            _GROUP_CI[_key(word, True)] = tuple(r["analytes"])
            seqs.add(_atoms(word))
    # greedy optional tails + backtracking give the longest alias at each position. Words are
    # bounded by letters and digits, but not by CJK characters (no spaces between words there:
    # "AST和ALT")
    # a CJK name may run straight into its number ("ヘモグロビン9.0g/dL以上")
    core = rf"(?<![^\W{_CJK}])" + _trie_regex(sorted(seqs)) + rf"(?:(?![^\W{_CJK}])|(?<=[{_CJK}])(?=\d))"
    # a name right after a digit in CJK text, where circled item numbers were unfolded ("①好中球数"
    # read as "1好中球数", "⑤AST" as "5AST"): a scan of its own, run only where CJK text is (one
    # lookbehind in the main scan keeps it fast)
    after_digit = re.compile(r"(?<=\d)" + _trie_regex(sorted(seqs)) + rf"(?![^\W{_CJK}])", _FLAGS)
    # a name glued to the label before it in a flattened table ("Cardiac conductionQTc > 470 ms"): tried only where a
    # capital follows three lower-case letters (_GLUED_AT_RX), kept only where no mention of the main scan overlaps
    glued = re.compile(_trie_regex(sorted(seqs)) + rf"(?![^\W{_CJK}])", _FLAGS)
    # the scan runs on lower-cased text without IGNORECASE (twice as fast); abbreviations are
    # then checked case-sensitively on the original surface
    return re.compile(core, _FLAGS), re.compile(core), ci, cs, after_digit, glued


_MENTION_RX, _MENTION_LOWER_RX, _CI, _CS, _MENTION_AFTER_DIGIT_RX, _MENTION_GLUED_RX = _build_mentions()
_GLUED_AT_RX = re.compile(r"(?<=[^\W\dA-Z_]{3})(?=[A-Z])")
_CJK_RX = re.compile(f"[{_CJK}]")


def _analyte_of(surface: str) -> str | None:
    return _CI.get(_key(surface, True)) or _CS.get(_key(surface, False))


# --- values and bounds
def _no_groups(p: str) -> str:
    return re.sub(r"\(\?P<\w+>", "(?:", p)


_NUM = _no_groups(NUMBER)
_POW = _no_groups(POWER_ONLY_RE.pattern)
_EU = r"\d{1,3},\d{1,2}(?![\d])(?:\s*[x×X*]\s*10\s*(?:\\?\^|\*\*)\s*-?\d{1,2})?"  # "1,5 x 10^9"
_SPACE_K = r"\d{1,3}(?: \d{3})+(?![\d.,])"  # "100 000"
_LAKH = r"\d{1,2}(?:,\d{2})+,\d{3}(?![\d,])"  # "1,00,000": Indian grouping (lakh), before the European decimal comma
_MYRIAD = r"\d{1,3}(?:\.\d+)?\s*万"  # "10万/μL": Chinese and Japanese count in ten-thousands
_NUMBER_WORDS = {
    r["word"].lower(): float(r["value"]) for r in load("lab_number_words.tsv", required=["id", "word", "value"])
}
_WORDS = "|".join(
    re.escape(w).replace(r"\ ", r"\s+") for w in sorted(_NUMBER_WORDS, key=len, reverse=True)
)
# a value stands after no letter or digit, but may follow a CJK character ("LVEFが50%以上")
VALUE = rf"(?<![.,^])(?<![^\W{_CJK}])(?:{_POW}(?!\d)|{_MYRIAD}|{_LAKH}|{_EU}|{_SPACE_K}|{_NUM}|(?i:{_WORDS})(?![A-Za-z]))"
# "× ULN for age", "LLN of the site": read through, but neither unit as written nor condition
_QUAL = r"(?:\s+(?i:" + _alt(load("lab_unit_qualifiers.yaml", required=["id", "pattern"])) + r")(?![\w-]))?"



def _fill_words(where: str) -> str:
    return "|".join(w for r in load("lab_comparators.yaml", required=["where", "words"], key="fillers")
                    if r["where"] == where for w in r["words"])


_FILL_AFTER_PREFIX = _fill_words("after_prefix")
_FILL_NOT_AFTER_POSTFIX = _fill_words("not_after_postfix")
_FILL_BEFORE_POSTFIX = _fill_words("before_postfix") or "(?!)"


def _led(p: str) -> str:
    """A lookahead for the first characters a match of ``p`` can start with: a branch of the
    bound scan that cannot start at a position is left after a few tests (the same matches)."""
    first = first_chars(p)
    return f"(?=(?i:{first}))" if first else ""


_LED_VALUE = _led(VALUE)
# the comparator and unit alternations with each branch led by its own first characters: a position is left after
# one class test per row instead of a try of each of its spellings (same matches; the rows of many languages stay cheap
# on an English page)
_PREFIX = "(?:" + "|".join(_led(b) + b for b in cmp.branches("prefix")) + ")"
_POSTFIX = "(?:" + "|".join(_led(b) + b for b in cmp.branches("postfix")) + ")"
_U = "(?:" + "|".join(_led(b) + b for b in un.unit_branches()) + ")" + un.UNIT_END
_LIM = "(?:" + "|".join(_led(b) + b for b in un.unit_branches(("uln", "lln"))) + ")" + un.UNIT_END
_BOUND_RX = re.compile(
    # only at a symbol/digit or a word start where a branch can start (its first characters)
    r"(?=[^\sA-Za-z,;:.()]|(?<![A-Za-z])[A-Za-z])" + _led(f"{cmp.RANGE_OPEN}|{cmp.PREFIX}|{VALUE}") + "(?:"
    rf"(?P<rng>{_led(cmp.RANGE_OPEN)}(?P<ropen>{cmp.RANGE_OPEN})\s*(?P<rv1>{VALUE})\s*(?P<ru1>{_U})?{cmp.RANGE_SEP}"
    rf"(?P<rv2>{VALUE})(?:\s*(?P<ru2>{_U}))?)"
    rf"|(?P<pre>{_led(cmp.PREFIX)}(?P<cmp>{_PREFIX})\s*:?\s*(?:(?:{_FILL_AFTER_PREFIX})\s+)?"
    rf"(?:(?>(?P<ppct>%(?=\s?\d))?\s*(?P<val>{VALUE})(?:\s*(?P<unit>{_U}){_QUAL})?)(?!{cmp.RANGE_SEP}{VALUE})"
    # a redundant postfix ("≥ 50% or more"), unless it opens the next bound ("below 50% or below the LLN")
    rf"(?:\s*(?P<post2>{_POSTFIX})(?!\s+(?:(?:{_FILL_NOT_AFTER_POSTFIX})\b|\d)|\s*{_LIM}))?|(?P<bare>{_LIM}){_QUAL}))"
    rf"|(?P<drng>{_LED_VALUE}(?P<dv1>{VALUE})\s*(?P<du1>{_U})?{cmp.RANGE_SEP}(?P<dv2>{VALUE})\s*(?P<du2>{_U}))"
    rf"|(?P<postfix>{_LED_VALUE}(?>(?P<pval>{VALUE})(?:\s*(?P<punit>{_U}))?)(?:{_FILL_BEFORE_POSTFIX})?\s*(?P<pcmp>{_POSTFIX}))"
    # elliptic: value and unit without comparator opening a parenthesis or an alternative, "(5 times if ...)";
    # kept only as a conditional restatement of the bound before it (comparator and limit from that bound)
    rf"|(?P<ell>{_LED_VALUE}(?:(?<=\()|(?<=\(\s)|(?<=\bor\s))(?P<eval>{VALUE})\s*(?P<eunit>{_U}))"
    r")"
)
# every bound holds a number or a normal limit: the full pattern only runs in windows around these
_LIMIT_WORDS = tuple(w for r in load("lab_guards.yaml", required=["words"], key="limit_anchors") for w in r["words"])
_ANCHOR_RX = re.compile(r"\d+|" + "|".join(map(re.escape, _LIMIT_WORDS)))  # run on lower-cased text
_DIGIT_RX = re.compile(r"\d")
_WINDOW_BEFORE, _WINDOW_AFTER = 45, 100
_UNIT_GAP = 40  # characters between a value and its unit, at most

_SPACE_K_RX = re.compile(_SPACE_K)
_LAKH_RX = re.compile(_LAKH)
_EU_RX = re.compile(r"\d{1,3},\d{1,2}(?!\d)")
# --- guards the scans apply
_NONLAB_RX = re.compile(r"\s*" + _alt(_rules("lab_guards.yaml", "nonlab_unit")), _FLAGS)
_COORD_RX = re.compile(r"(?:\s+|" + _alt(_rules("lab_coordination.yaml", "coord")) + r")*", _FLAGS)


# ---------------------------------------------------------------- data holders ------


@dataclass
class _Mention:
    start: int
    end: int
    analyte: str


@dataclass
class _Group:
    start: int
    end: int
    members: list  # [(analyte, mention start)] in order, unique analytes
    condition: str | None = None
    negated: bool = False
    claimed: bool = False  # named after a bound it owns: "below 50 mL/min (creatinine clearance)"
    permitted: bool = False  # its condition admits a population on the bound(s) that follow ("... may enrol if")


@dataclass
class _Side:
    op: str
    value: float
    value_text: str
    unit_text: str | None
    unit: un.Unit | None
    written: tuple[str | None, str | None] | None = None  # (value, unit) as the table shows them

    def __post_init__(self):
        if self.written is None:
            self.written = (self.value_text, self.unit_text)


@dataclass
class _Bound:
    start: int
    end: int
    rule: str
    sides: list  # one _Side, or two for a range
    bare_limit: bool = False
    consumed: bool = False
    after: int = -1  # end of the condition read after the bound, if any
    group: _Group | None = None
    condition: str | None = None
    negated: bool = False
    elliptic: bool = False  # no comparator of its own: "(5 times if the cancer is in your liver)"
    surface_end: int = -1  # end of the surface read when the analyte is named after the value


# ---------------------------------------------------------------- scanning ----------


def _parse_value(s: str) -> float:
    s = s.strip()
    word = _NUMBER_WORDS.get(" ".join(s.lower().split()))
    if word is not None:
        return word
    if s.endswith("万"):
        return float(s[:-1].strip()) * 1e4
    if _SPACE_K_RX.fullmatch(s):
        return float(s.replace(" ", ""))
    if _LAKH_RX.fullmatch(s):
        return float(s.replace(",", ""))
    if _EU_RX.match(s):
        s = s.replace(",", ".", 1)
    return parse_number(s)


def _power_of_ten(vtext: str) -> float:
    m = NUMBER_RE.fullmatch(vtext.strip())
    exp = m and (m.group("exp") or m.group("exp2") or m.group("exp3"))
    return 10.0 ** int(exp.replace("−", "-")) if exp else 1.0


def _side(op: str, vtext: str | None, utext: str | None, text: str, vend: int) -> _Side | None:
    """One end of a bound; None when the number is no lab value (followed by a non-lab unit)."""
    u = un.identify_unit(utext) if utext else None
    if utext and u is None:
        return None
    if vtext is None:  # "≤ ULN": an explicit bound at the normal limit is 1.0 x ULN
        return _Side(op, 1.0, None, utext.strip(), u)
    if u is None and (_NONLAB_RX.match(text, vend) or vtext[:1].isalpha()):
        return None  # "within 7 days"; a number word needs a unit ("three times ULN")
    try:
        value = _parse_value(vtext)
    except ValueError:
        return None
    side = _Side(op, value, vtext.strip(), utext.strip() if utext else None, u)
    side.written = _written(text, vtext, vend, side.unit_text)
    return side


def _written(text: str, vtext: str, vend: int, utext: str | None) -> tuple[str, str | None]:
    """(value, unit) as written: a power of ten written as a factor ("1.5 x 10^9/L") belongs
    to the unit ("1.5", "x 10^9/L"), as the canonical unit 10^9/L holds it; the page's own
    characters from the factor to the unit's end."""
    value = vtext.strip()
    m = FACTOR_RE.search(value) if value[:1].isdigit() else None
    if m is None:
        return value, utext
    factor_at = vend - len(vtext.lstrip()) + m.start()
    unit_end = vend
    if utext:
        k = text.find(utext, vend, vend + len(utext) + _UNIT_GAP)
        unit_end = k + len(utext) if k >= 0 else vend
    return value[:m.start()], text[factor_at:unit_end].strip()


def _scan_bounds(text: str, low: str, start: int, end: int) -> list[_Bound]:
    out: list[_Bound] = []
    spans: list[list[int]] = []
    for a in _ANCHOR_RX.finditer(low, start, end):
        ws, we = max(start, a.start() - _WINDOW_BEFORE), min(end, a.end() + _WINDOW_AFTER)
        if spans and ws <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], we)
        else:
            spans.append([ws, we])
    for ws, we in spans:
        out.extend(_scan_window(text, ws, we))
    return out


def _scan_window(text: str, start: int, end: int) -> list[_Bound]:
    out: list[_Bound] = []
    for m in _BOUND_RX.finditer(text, start, end):
        g = m.group
        if g("rng") or g("drng"):
            p = "r" if g("rng") else "d"
            u1, u2 = g(f"{p}u1"), g(f"{p}u2")
            shared = u2 or u1
            lo = _side(">=", g(f"{p}v1"), u1 or shared, text, m.end(f"{p}v1"))
            hi = _side("<=", g(f"{p}v2"), shared, text, m.end(f"{p}v2"))
            if lo is None or hi is None:
                continue
            if u1 is None:
                # "3.0-11.0 × 10^9/L": the power of ten written once belongs to both ends
                lo.value *= _power_of_ten(g(f"{p}v2")) / _power_of_ten(g(f"{p}v1"))
                lo.written = (lo.written[0], hi.written[1])
            if lo.value > hi.value:
                continue
            rule = "range_between" if p == "r" else "range_dash"
            out.append(_Bound(m.start(), m.end(), rule, [lo, hi]))
        elif g("pre"):
            hit = cmp.comparator_rule(g("cmp"))
            if hit is None:
                continue
            op, rid = hit
            if g("bare"):
                side = _side(op, None, g("bare"), text, m.end())
                if side:
                    out.append(_Bound(m.start(), m.end(), rid, [side], bare_limit=True))
                continue
            # Turkish writes the percent sign before the number ("LVEF < %50")
            side = _side(op, g("val"), g("unit") or g("ppct"), text, m.end("val"))
            if side:
                out.append(_Bound(m.start(), m.end(), rid, [side]))
        elif g("postfix"):
            hit = cmp.comparator_rule(g("pcmp"), "postfix")
            if hit is None:
                continue
            side = _side(hit[0], g("pval"), g("punit"), text, m.end("pval"))
            if side:
                out.append(_Bound(m.start(), m.end(), hit[1], [side]))
        elif g("ell"):
            side = _side("", g("eval"), g("eunit"), text, m.end("eval"))
            if side:
                out.append(_Bound(m.start(), m.end(), "elliptic", [side], elliptic=True))
    return out


@lru_cache(maxsize=256)
def _page_abbreviations(items: tuple) -> tuple[re.Pattern | None, dict]:
    """Short forms a page defines -> analyte (or None when the page gives them another meaning)."""
    resolved: dict[str, str | None] = {}
    for short, long in items:
        if not short or not long:
            continue
        target = _analyte_of(long)
        if target is None:
            m = _MENTION_RX.search(long)
            target = _analyte_of(m.group(0)) if m else None
        resolved[short] = target
    new = [s for s, a in resolved.items() if a and _analyte_of(s) is None]
    rx = None
    if new:
        alts = "|".join(re.escape(s) for s in sorted(new, key=len, reverse=True))
        rx = re.compile(rf"(?<![\w])(?:{alts})(?![\w])")
    return rx, resolved


def _scan_mentions(text: str, low: str | None, start: int, end: int, page: tuple) -> list[_Mention]:
    page_rx, resolved = page
    out = []
    found = _MENTION_LOWER_RX.finditer(low, start, end) if low is not None else _MENTION_RX.finditer(text, start, end)
    for m in found:
        surface = text[m.start():m.end()]
        analyte = _analyte_of(surface)
        if surface in resolved:
            # the page defines this short form: its own long form decides (None = something else)
            analyte = resolved[surface] if resolved[surface] else (analyte if _CI.get(_key(surface, True)) else None)
        if analyte:
            out.append(_Mention(m.start(), m.end(), analyte))
        elif surface not in resolved:  # "transaminases": one mention of each analyte it names
            out.extend(_Mention(m.start(), m.end(), a) for a in _GROUP_CI.get(_key(surface, True), ()))
    if page_rx is not None:
        for m in page_rx.finditer(text, start, end):
            out.append(_Mention(m.start(), m.end(), resolved[m.group(0)]))
    unsorted = page_rx is not None
    if _MENTION_AFTER_DIGIT_RX is not None and _CJK_RX.search(text, start, end):
        for m in _MENTION_AFTER_DIGIT_RX.finditer(text, start, end):
            analyte = _analyte_of(m.group(0))
            if analyte:
                out.append(_Mention(m.start(), m.end(), analyte))
                unsorted = True
    glued = _glued_mentions(text, start, end, out)
    if glued:
        out.extend(glued)
        unsorted = True
    if unsorted:
        out.sort(key=lambda x: x.start)
    return out


def _running_max(values: list[int]) -> list[int]:
    out, top = [], -1
    for v in values:
        top = max(top, v)
        out.append(top)
    return out


def _glued_mentions(text: str, start: int, end: int, found: list[_Mention]) -> list[_Mention]:
    """Names glued to a table label before them ("Cardiac conductionQTc"), where no found mention overlaps."""
    out = []
    spans = None
    for at in _GLUED_AT_RX.finditer(text, start, end):
        m = _MENTION_GLUED_RX.match(text, at.start(), end)
        if not m:
            continue
        if spans is None:  # sorted once, searched by bisection: linear on a page of many glued words
            spans = sorted((f.start, f.end) for f in found)
            ends = _running_max([e for _, e in spans])  # ends[k]: the furthest end of spans[:k + 1]
        k = bisect_left(spans, (m.end(),))  # mentions starting before the glued name's end
        if k and ends[k - 1] > m.start():
            continue  # a mention of the main scan overlaps it
        analyte = _analyte_of(m.group(0))
        if analyte:
            out.append(_Mention(m.start(), m.end(), analyte))
    return out


def _group_mentions(text: str, mentions: list[_Mention]) -> list[_Group]:
    groups: list[_Group] = []
    for mt in mentions:
        if groups and (mt.start < groups[-1].end or _COORD_RX.fullmatch(text, groups[-1].end, mt.start)):
            g = groups[-1]
            g.end = max(g.end, mt.end)
            if all(a != mt.analyte for a, _ in g.members):
                g.members.append((mt.analyte, mt.start))
        else:
            groups.append(_Group(mt.start, mt.end, [(mt.analyte, mt.start)]))
    return groups



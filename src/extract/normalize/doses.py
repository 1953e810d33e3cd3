"""Pure dose normalization: amounts, units, routes, schedules and contexts as written.

Everything that names a unit, route, schedule phrase or cue lives in the rule files
``rules/dose_units.tsv``, ``dose_unit_parts.yaml``, ``dose_routes.tsv``,
``dose_schedules.yaml``, ``dose_numbers.tsv`` and ``dose_cues.yaml``; this module compiles
them once into a few regexes and offers:

* :func:`find_doses` -- every "value [range|list] unit" (and "AUC 5") in a span of text,
  with offsets, the parsed low/high values, the canonical unit and the interval split off a
  per-time unit ("50 mg/kg/day" -> ``mg/kg`` + 1.0);
* :func:`normalize_unit` -- one unit as written -> (canonical unit, interval_days);
* :func:`parse_dose_value` -- "100-200", "1-5 x 10^6", "1 x 10^6 to 1 x 10^7" -> (low, high);
* :func:`find_routes` / :func:`normalize_route` -- route words and abbreviations -> IV, PO,
  SC, IM, IT;
* :func:`find_schedules` / :func:`schedule_interval` -- schedule phrases -> interval_days;
* :func:`find_levels`, :func:`find_context_cues`, :func:`normalize_context`.

No spaCy objects, no layout: plain strings and offsets.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from .. import ruledata
from .numbers import NUMBER_RE, POWER_ONLY_RE, number_from_match, plain_numbers

from .dose_rules import WORDCH, triggered, VALUE_RE, DoseMatch, Mention, UnitRule, has_cjk, is_word_char, rules

# names of the compiled vocabulary that callers reach through this module
__all__ = ["DoseMatch", "Mention", "UnitRule", "WORDCH", "has_cjk", "is_word_char", "rules"]

# --------------------------------------------------------------------------- values and units

def parse_dose_value(surface: str) -> tuple[float, float]:
    """"0.1" -> (0.1, 0.1); "100-200" -> (100, 200); "1-5 x 10^6" -> (1e6, 5e6)."""
    s = surface.strip()
    if not VALUE_RE.fullmatch(s):
        raise ValueError(f"not a dose value: {surface!r}")
    # continental writing ("5,4" is 5.4, "1.000" is 1000): the dose rows of number_shapes.yaml
    s = plain_numbers(s, "dose")
    parts: list[tuple[float, bool]] = []
    pos = 0
    while pos < len(s) and len(parts) < 2:
        m = NUMBER_RE.search(s, pos)
        p = POWER_ONLY_RE.search(s, pos)
        if p and (not m or p.start() <= m.start()) and s[p.start():p.start() + 2] == "10" and (
            not m or m.end() <= p.end()
        ):
            parts.append((10.0 ** int(p.group("exp").replace("−", "-")), True))
            pos = p.end()
            continue
        if not m:
            break
        has_exp = bool(m.group("exp") or m.group("exp2") or m.group("exp3"))
        parts.append((number_from_match(m), has_exp))
        pos = m.end()
    if not parts:
        raise ValueError(f"not a dose value: {surface!r}")
    if len(parts) == 1:
        return parts[0][0], parts[0][0]
    (lo, lo_exp), (hi, hi_exp) = parts
    if hi_exp and not lo_exp:
        # "1-5 x 10^6": the power of ten is shared
        factor = _power_of(s)
        if factor and lo * factor <= hi:
            lo *= factor
    if lo > hi:
        lo, hi = hi, lo
    return lo, hi


def _power_of(surface: str) -> float | None:
    m = None
    for m in NUMBER_RE.finditer(surface):
        pass
    if m is None:
        return None
    exp = m.group("exp") or m.group("exp2") or m.group("exp3")
    return 10.0 ** int(exp.replace("−", "-")) if exp else None


def normalize_unit(surface: str) -> tuple[str, float | None]:
    """A dose unit as written -> (canonical unit, interval_days of a per-time unit).

    "mg/m^2" -> ("mg/m2", None); "mcg/kg" -> ("ug/kg", None); "mg/kg/day" -> ("mg/kg", 1.0);
    "CAR-T cells/kg" -> ("cells/kg", None); "AUC" -> ("AUC", None). ValueError otherwise.
    """
    r = rules()
    m = r.unit_full.fullmatch(surface)
    if not m:
        b = r.before_unit_full.fullmatch(surface.strip())
        if b:
            return next(u.unit for i, u in enumerate(r.units) if u.position == "before" and b.group(f"u{i}") is not None), None
        raise ValueError(f"not a dose unit: {surface!r}")
    unit, interval, _ = _unit_of(m)
    return unit, interval


def _unit_of(m: re.Match) -> tuple[str, float | None, str]:
    """(canonical unit, interval_days, rule id) of a match of after_re or unit_full."""
    r = rules()
    rule = None
    for i in r.after_idx:
        if m.group(f"u{i}") is not None:
            rule = r.units[i]
            break
    if rule is None:
        raise ValueError("no unit rule matched")
    unit = rule.unit
    den = m.group("den")
    if den and rule.denominators:
        for _, rx, suffix in r.dens:
            if rx.fullmatch(den):
                unit += suffix
                break
    interval = None
    pt = m.group("pt")
    if pt:
        for _, rx, days in r.per_time:
            if rx.fullmatch(pt):
                interval = float(days) if days is not None else None
                break
    return unit, interval, rule.id


def _has_power(value_surface: str) -> bool:
    return bool(re.search(r"10\s*(?:\\?\^|\*\*)|[eE][-−]?\d|[x×*]\s*1?[eE]", value_surface))


def find_doses(text: str, start: int = 0, end: int | None = None) -> list[DoseMatch]:
    """Every dose amount in ``text[start:end]``, in text order (offsets into ``text``)."""
    r = rules()
    end = len(text) if end is None else end
    out: list[DoseMatch] = []
    for m in _after_matches(text, start, end):
        try:
            unit, interval, rid = _unit_of(m)
        except ValueError:
            continue
        rule = next(u for u in r.units if u.id == rid)
        val = m.group("val")
        if rule.requires_power and not _has_power(val):
            continue
        try:
            low, high = parse_dose_value(val)
        except ValueError:
            continue
        mult = m.group("mult")
        if mult:
            factor = r.multipliers[mult.lower()]
            low, high = low * factor, high * factor
        if rule.min_value is not None and low < rule.min_value:
            continue
        per_time = m.group("pt") is not None
        vs, ve = m.span("val")
        if m.group("list") and _good_list(text, m):
            items = list(NUMBER_RE.finditer(text, m.start("list"), m.end("list")))
            values = [number_from_match(x) for x in items]
            if values == sorted(values) and values and values[-1] < low:
                for x, v in zip(items, values):
                    out.append(DoseMatch(x.start(), m.end("unit"), x.start(), x.end(), v, v, unit,
                                         interval, per_time, rid))
        out.append(DoseMatch(vs, m.end(), vs, ve, low, high, unit, interval, per_time, rid))
    for m in (r.before_re.finditer(text, start, end) if _has_before_unit(text, start, end) else ()):
        rid = next(u.id for i, u in enumerate(r.units) if u.position == "before" and m.group(f"u{i}") is not None)
        unit = next(u.unit for u in r.units if u.id == rid)
        try:
            low, high = parse_dose_value(m.group("val"))
        except ValueError:
            continue
        out.append(DoseMatch(m.start(), m.end(), m.start("val"), m.end("val"), low, high,
                             unit, None, False, rid))
    out.sort(key=lambda d: (d.start, -d.end))
    return _spread_ranges(text, out)


def _spread_ranges(text: str, doses: list[DoseMatch]) -> list[DoseMatch]:
    """"from 0.8 mg/kg to 6.0 mg/kg", "zwischen 1 mg/kg und 12 mg/kg": two amounts of one unit
    after an opening word and joined by a range word are one dose, low-high (dose_cues.yaml
    spread_range)."""
    r = rules()
    if r.spread_open is None or len(doses) < 2:
        return doses
    out: list[DoseMatch] = []
    i = 0
    while i < len(doses):
        a = doses[i]
        b = doses[i + 1] if i + 1 < len(doses) else None
        if (b is not None and a.unit == b.unit and a.interval_days == b.interval_days and a.low == a.high
                and b.low == b.high and a.low < b.low and r.spread_join.fullmatch(text, a.end, b.start)
                and r.spread_open.search(text, max(0, a.start - 30), a.start)):
            out.append(DoseMatch(a.start, b.end, a.value_start, b.value_end, a.low, b.high, a.unit,
                                 a.interval_days, a.per_time, a.rule_id))
            i += 2
            continue
        out.append(a)
        i += 1
    return out


# a number start, not inside a word or number, nor the denominator of a fraction ("1/10"):
# digit runs found by a plain pattern (cheap), the character before them checked in code
_DIGIT_RUN = re.compile(r"\.?\d+")
_NOT_BEFORE_NUMBER = frozenset(".^\\_")


def _number_starts_near(text: str, start: int, end: int, hints: list[int]):
    """The number starts of ``text[start:end]`` that a unit hint follows within _HINT_REACH
    characters: digit runs are scanned only in those windows (each widened to the left over
    digits and dots, so that a run is found from its true start)."""
    last = -1
    for a, e in _hint_windows(start, end, hints):
        w = a
        while w > start and (text[w - 1].isdecimal() or text[w - 1] == "."):
            w -= 1
        for s in _number_starts(text, w, e):
            if s >= a and s > last:
                last = s
                yield s


def _hint_windows(start: int, end: int, hints: list[int]) -> list[tuple[int, int]]:
    """The merged windows [hint - _HINT_REACH, hint) before the hints."""
    out: list[list[int]] = []
    for h in hints:
        a = max(start, h - _HINT_REACH)
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], h)
        elif h > a:
            out.append([a, h])
    return [(a, b) for a, b in out]


def _number_starts(text: str, start: int, end: int):
    for m in _DIGIT_RUN.finditer(text, start, end):
        s = m.start()
        if s > 0:
            c = text[s - 1]
            if is_word_char(c) or c in _NOT_BEFORE_NUMBER or (c in "/-" and s > 1 and (
                    text[s - 2].isdigit() if c == "/" else text[s - 2].isalpha())):
                continue  # inside a word or number, a fraction's denominator, a code ("RX-2320")
        yield s


_HINT_REACH = 80  # how far after a number its unit may start (lists, cell qualifiers)


def _after_matches(text: str, start: int, end: int):
    """Matches of the value-then-unit pattern, tried only where a number starts with a unit
    word close after it (cheap scans first: the full pattern is costly to try everywhere)."""
    r = rules()
    low = text[start:end].lower()
    if len(low) != end - start:
        hints = [start + h.start() for h in r.unit_hint.finditer(text[start:end], 0) ]
    else:
        hints = [start + h.start() for h in r.unit_hint.finditer(low)]
    if not hints:
        return
    rx = r.after_re
    pos = start
    for c in _number_starts_near(text, start, end, hints):
        if c < pos:
            continue
        i = bisect.bisect_right(hints, c)
        if i == len(hints) or hints[i] - c > _HINT_REACH:
            continue
        m = rx.match(text, c, end)
        if m:
            pos = m.end()
            yield m


def _has_before_unit(text: str, start: int, end: int) -> bool:
    return rules().before_hint.search(text, start, end) is not None


def _good_list(text: str, m: re.Match) -> bool:
    before = text[max(0, m.start("list") - 12):m.start("list")]
    return not rules().list_not_after.search(before)


# --------------------------------------------------------------------------- routes

def find_routes(text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Route words and abbreviations in ``text[start:end]`` -> Mention(value=route)."""
    r = rules()
    end = len(text) if end is None else end
    out = []
    for m in r.route.finditer(text, start, end):
        rid, route, not_after = r.routes[int(m.lastgroup[1:])]
        if not_after and not_after.search(text[max(0, m.start() - 24):m.start()]):
            continue
        out.append(Mention(m.start(), m.end(), route, "route", rid))
    return out


def normalize_route(surface: str) -> str | None:
    """"intravenously" -> "IV"; "p.o." -> "PO"; "s.c." -> "SC"; unknown -> None."""
    found = find_routes(surface.strip())
    return found[0].value if found else None


# --------------------------------------------------------------------------- schedules

# Which schedule phrase gives the interval when a dose's words hold several: a stated
# frequency ("daily", "Q3W", "every 2 weeks") first, then the cycle length ("21-day cycle"),
# then the spacing of a day list ("days 1 and 8": 7), used only when no cycle length is stated.
KIND_RANK = {"per_time": 0, "freq": 1, "cycle": 2, "daylist": 3}


def parse_day_list(s: str) -> list[int]:
    """"-3 and day -2" -> [-3, -2]; "1-14" -> [1..14]; "-5 to -3" -> [-5, -4, -3]; "1, 8, 15"."""
    nums: list[int] = []
    prev = None  # kind of the previous token: num | dash | range | sep
    sign = 1
    pending_range = False
    range_words = rules().day_range_words
    for tok in rules().day_token_re.findall(s.lower()):
        if tok.isdigit():
            v = sign * int(tok)
            sign = 1
            if pending_range and nums:
                a = nums[-1]
                if a < v <= a + 60:
                    nums.extend(range(a + 1, v + 1))
                pending_range = False
            else:
                nums.append(v)
            prev = "num"
        elif tok in "-−–":
            if prev == "num":
                pending_range = True  # "1-14"
                prev = "range"
            else:
                sign = -1  # "day -3", "-5 to -3"
                prev = "dash"
        elif tok in range_words:
            pending_range = True
            prev = "range"
        else:
            pending_range = False
            prev = "sep"
    seen: list[int] = []
    for n in nums:
        if n not in seen:
            seen.append(n)
    return seen


def day_list_interval(days: list[int]) -> float | None:
    """Regular spacing of administration days -> interval; one day or irregular -> None."""
    if len(days) < 2:
        return None
    ds = sorted(days)
    gaps = {b - a for a, b in zip(ds, ds[1:])}
    if len(gaps) == 1:
        g = gaps.pop()
        return float(g) if g > 0 else None
    return None


def _number(s: str) -> float:
    r = rules()
    s = s.strip().lower()
    return r.number_words[s] if s in r.number_words else float(s)


def find_schedules(text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Schedule phrases in ``text[start:end]``: Mention(kind=freq|daylist|cycle|per_cycle|single,
    value=interval_days or None; a day list also gives its ``days``)."""
    r = rules()
    end = len(text) if end is None else end
    out = []
    for m in _triggered(r.schedule, r.schedule_trigger, text, start, end):
        i = int(m.lastgroup[1:])
        rid, kind, days, per = r.schedules[i]
        value: float | None = days
        gd = m.groupdict()
        n = next((gd[f"n{i}_{j}"] for j in range(r.schedule_ns[i]) if gd.get(f"n{i}_{j}") is not None), None)
        if per is not None and n is not None:
            value = round(_number(n) * per, 9)
        day_list: tuple[int, ...] = ()
        if gd.get(f"list{i}") is not None:
            day_list = tuple(parse_day_list(gd[f"list{i}"]))
            value = day_list_interval(list(day_list))
        if r.schedule_not_after.search(text, max(start, m.start() - 24), m.start()):
            continue
        out.append(Mention(m.start(), m.end(), value, kind, rid, day_list))
    return out


_BACK = 32  # how far before its trigger word a schedule phrase may start
_WORD_START = re.compile(rf"(?<!{WORDCH})(?<!\.)[\w.]")


def _triggered(rx, trigger: re.Pattern, text: str, start: int, end: int):
    """Matches of ``rx`` in ``text[start:end]`` that contain a ``trigger`` hit: ``rx`` is
    tried only at the word starts up to _BACK characters before each hit. ``trigger`` is
    case-sensitive and runs on the lower-cased text (much cheaper than an IGNORECASE scan)."""
    low = text[start:end].lower()
    if len(low) != end - start:  # a character whose lower case has another length
        yield from rx.finditer(text, start, end)
        return
    last = start
    tried: dict[int, re.Match | None] = {}  # the windows of near triggers overlap: one try per word start
    for t in trigger.finditer(low):
        ts = start + t.start()
        if ts < last:
            continue
        for w in _WORD_START.finditer(text, max(last, ts - _BACK), ts + 1):
            p = w.start()
            m = tried[p] if p in tried else tried.setdefault(p, rx.match(text, p, end))
            if m and m.end() > ts:
                last = m.end()
                yield m
                break


def schedule_interval(phrase: str) -> float | None:
    """The interval of the first schedule phrase in ``phrase`` ("Q3W" -> 21.0), else None."""
    for s in find_schedules(phrase):
        if s.value is not None:
            return float(s.value)
    return None


# --------------------------------------------------------------------------- cues

def find_levels(text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Dose-level cues ("Dose level 3", "DL-1", "dose2") -> Mention(value=int)."""
    r = rules()
    end = len(text) if end is None else end
    out: list[Mention] = []
    # the trigger words, then one scan for all cues first
    if not triggered(r.level_triggers, text, start, end) or r.level_any.search(text, start, end) is None:
        return out
    for rid, rx in r.levels:
        for m in rx.finditer(text, start, end):
            if any(o.start <= m.start() < o.end for o in out):
                continue
            out.append(Mention(m.start(), m.end(), int(m.group("n").replace("−", "-")), "level", rid))
    out.sort(key=lambda x: x.start)
    return out


def find_respective_levels(text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Level lists that pair with the doses before them in order ("... at dose levels 1, 2
    and 3, respectively") -> Mention(value=tuple of ints)."""
    end = len(text) if end is None else end
    out: list[Mention] = []
    if not triggered(rules().level_respectively_triggers, text, start, end):
        return out
    for m in rules().level_respectively.finditer(text, start, end):
        nums = tuple(int(x) for x in re.findall(r"\d+", m.group("list")))
        out.append(Mention(m.start(), m.end(), nums, "levels", "lvl.respectively"))
    return out


def level_after(text: str, end: int, cue: Mention) -> bool:
    """Whether level cue ``cue`` is written right after a dose ending at ``end``
    ("0.1 mg/kg (dose level 1)", "0.1 mg/kg, dose level 1")."""
    return cue.start >= end and rules().level_adjacent.fullmatch(text, end, cue.start) is not None


def level_before(text: str, cue: Mention, dose_start: int) -> bool:
    """Whether level cue ``cue`` heads the dose starting at ``dose_start`` right after it
    ("DL2 1.0 mg/kg", "Dose level 2: 10 mg/kg", "dose1 (1×10^6 cells/kg)")."""
    return dose_start >= cue.end and rules().level_before.fullmatch(text, cue.end, dose_start) is not None


def level_in_parentheses(text: str, cue: Mention) -> bool:
    """Whether level cue ``cue`` stands in parentheses ("... on days 2-6 (dose level 1)")."""
    r = rules()
    return (r.level_open.search(text[max(0, cue.start - 4):cue.start]) is not None
            and r.level_close.search(text[cue.end:cue.end + 4]) is not None)


def is_level_label(s: str) -> bool:
    return rules().level_any.fullmatch(s.strip()) is not None


def is_level_header(s: str) -> bool:
    """Whether ``s`` is the header of a table column of dose levels ("Dose Level", "DL")."""
    return rules().level_header.fullmatch(s.strip(" \t*_")) is not None


def has_context_cue(s: str) -> str | None:
    """Rule id of the first context cue in ``s`` (a label text), else None."""
    if rules().context_any.search(s) is None:
        return None
    for rid, rx, _ in rules().contexts:
        if rx.search(s):
            return rid
    return None


def find_topic_context(text: str, start: int, end: int) -> Mention | None:
    """The nearest cue marked as the topic before ``end`` in a Japanese or Korean sentence
    ``text[start:end]`` ("続く用量拡大パートでは ... 4.8mg/kg"), else None."""
    if not any(ord(c) > 0x3000 for c in text[start:end]):
        return None
    last = None
    for m in rules().topic_context.finditer(text, start, end):
        last = m
    if last is None:
        return None
    return Mention(last.start("cue"), last.end("cue"), normalize_context(last.group("cue")), "context", "ctx.topic")


_RUN_IN_LABEL = re.compile(r"[ \t]*[^\W\d_][\w-]{1,30}(?:[ \t]+[\w-]{1,30})?[ \t]*:[ \t]+")


def find_inline_context(text: str, start: int = 0, end: int | None = None) -> Mention | None:
    """The context cue a sentence ``text[start:end]`` opens with ("In dose escalation period,
    patients receive ..." -> "dose escalation period"; "Group A will receive ..." -> "Group
    A"), else None."""
    end = len(text) if end is None else end
    m = rules().inline_context.match(text[start:end])
    if not m and (lab := _RUN_IN_LABEL.match(text, start, end)) is not None:
        # after a run-in label ("Behandlung: In Arm A erhalten ...", "Treatment: In Part 2, ...")
        start = lab.end()
        m = rules().inline_context.match(text[start:end])
    if not m:
        return None
    g = "cue" if m.group("cue") is not None else "subj"
    return Mention(start + m.start(g), start + m.end(g), normalize_context(m.group(g)), "context", f"ctx.inline.{g}")


_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}


@lru_cache(maxsize=1)
def _roman_re() -> tuple[re.Pattern, re.Pattern]:
    words = []
    for r in ruledata.load("dose_cues.yaml", required=["words"], key="roman_numerals"):
        words.extend(str(r["words"]).split())
    alt = "|".join(re.escape(w) for w in words) or r"(?!)"
    return (re.compile(rf"\b((?:{alt})\s*)(iv|i{{1,3}})(?=[ab]?\b|\s*/)", re.I),
            re.compile(r"(/\s*)(iv|i{1,3})(?=[ab]?\b)", re.I))


def normalize_context(s: str | None) -> str | None:
    """Trim a context label and write phase numerals in digits ("Phase Ia:" -> "Phase 1a")."""
    if s is None:
        return None
    s = _unquote(" ".join(s.split()).strip(" :;,.-|"))
    if not s:
        return None

    def roman(m: re.Match) -> str:
        return m.group(1) + _ROMAN[m.group(2).lower()]

    # a trailing parenthesis that only restates route and frequency is no part of the name
    # ("Part Ia, target dose levels (SC, QW)" -> "Part Ia, target dose levels")
    m = _TRAILING_PAREN.search(s)
    if m and m.start() > 0 and _only_route_schedule(m.group(1)):
        s = s[:m.start()].rstrip(" :;,.-|")
    first, second = _roman_re()
    if first.search(s):
        s = first.sub(roman, s)
        s = second.sub(roman, s)
    return s


_TRAILING_PAREN = re.compile(r"\s*\(([^()]*)\)$")


def _only_route_schedule(inner: str) -> bool:
    """Whether every comma/slash-separated item of ``inner`` is a route or a frequency word."""
    items = [x.strip() for x in re.split(r"[,/;]|\band\b", inner) if x.strip()]
    if not items:
        return False
    for x in items:
        routes = find_routes(x)
        scheds = find_schedules(x)
        if not any(m.start == 0 and m.end == len(x) for m in [*routes, *scheds]):
            return False
    return True


def clean_name(s: str | None) -> str | None:
    """Trim an intervention name as written."""
    if s is None:
        return None
    s = _unquote(" ".join(s.split()).strip(" :;,.-|"))
    # a list mark left at its start ("・カペシタビン", "• X"): a mark inside stays ("A・B")
    s = s.lstrip("・•·‧▪◦ ")
    return s or None


def _unquote(s: str) -> str:
    """Drop one pair of enclosing quotes ("'Part A: Dose Escalation'" in an export)."""
    while len(s) >= 2 and s[0] == s[-1] and s[0] in "'\"":
        s = s[1:-1].strip(" :;,.-|")
    return s

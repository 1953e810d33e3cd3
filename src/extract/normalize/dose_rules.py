"""The dose vocabulary compiled: unit, route, schedule and cue rule files as regexes (once
per process), the value patterns they share, and the match records of :mod:`.doses`."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import ruledata
from ..context import langgate
from ..components.prescan import GroupedAlternation, first_chars_any, first_class
from ..pageindex import Triggered
from .numbers import NUMBER, number_pattern

# Word characters for boundaries: letters and digits of alphabetic scripts. Chinese and
# Japanese characters are no word characters here: they run into numbers, routes and
# schedules without spaces ("奥沙利铂130 mg/m²", "2週間に1回点滴静注"). So are the other scripts
# written without spaces between words: Thai, Lao, Khmer, Myanmar ("ยาไพโรทินิบ", "รับประทานวันละ 1 ครั้ง").
_CJK = ("\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
        "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff")
# case-sensitive inside (the same characters: checked over every code point): under re.I,
# compiling the CJK ranges folds each of their ~28,000 characters (~15 ms a use)
WORDCH = rf"(?-i:[^\W{_CJK}])"
_CJK_RE = re.compile(f"[{_CJK}]")


def has_cjk(s: str) -> bool:
    """Whether ``s`` holds a Chinese or Japanese character."""
    return _CJK_RE.search(s) is not None


def is_word_char(c: str) -> bool:
    """A letter, digit or underscore of an alphabetic script (not a CJK character)."""
    return (c.isalnum() or c == "_") and not _CJK_RE.match(c)


def _cjk_last(rows: list[dict]) -> list[dict]:
    """Rule rows in the order their alternatives are tried: the word rules (bounded as words
    of an alphabetic script) first, then the Chinese or Japanese phrases."""
    return [r for r in rows if not has_cjk(r["pattern"])] + [r for r in rows if has_cjk(r["pattern"])]


def bounded(alts: list[tuple[str, str]], extra_before: str = "", flags: int = re.I) -> GroupedAlternation:
    """Rules' alternatives (regex, rule pattern) as one :class:`~..components.prescan.GroupedAlternation`
    (a match's ``lastgroup`` is ``g<i>``, i its alternative): bounded as words of an
    alphabetic script, but for Chinese or Japanese phrases (they stand right after "mg" or a
    digit: "200 mg静脉滴注", "mg/m2口服"). Scanning stops only at word starts and where a
    Chinese or Japanese phrase can start."""
    first = {p: first_class(a, flags) for a, p in alts}
    cand = None
    if all(first.values()):
        words, cjk = ("".join(c[1:-1] for p, c in first.items() if has_cjk(p) == k) for k in (False, True))
        lead = first_chars_any([a for a, p in alts if not has_cjk(p)], flags)
        cand = "|".join(c for c in (rf"(?<!{WORDCH}){extra_before}(?:{lead or f'[{words}]'})" if words else "",
                                    f"[{cjk}]" if cjk else "") if c) or r"(?!)"
    return GroupedAlternation("", [a if has_cjk(p) else rf"(?<!{WORDCH}){extra_before}(?:{a})(?!{WORDCH})"
                                   for a, p in alts], flags, named=True, candidates=cand)


# A number without named groups (so it can be repeated inside one pattern).
_NUM = re.sub(r"\(\?P<\w+>", "(?:", NUMBER)
# a decimal comma ("5,4 mg/kg"), a dot before thousands ("1.000 mg"): the dose rows of number_shapes.yaml
_NUMX = rf"(?:{number_pattern('dose')}|{_NUM}|10\s*(?:\\?\^|\*\*)\s*[-−]?\d{{1,2}})"


def _words(key: str) -> str:
    """The ``pattern`` rows of one list of dose_unit_parts.yaml as one alternation."""
    return "|".join(f"(?:{r['pattern']})" for r in ruledata.load("dose_unit_parts.yaml", required=["pattern"], key=key))


# "100-200", "100 to 200" (dose_unit_parts.yaml range_words)
_RANGE_SEP = rf"\s*(?:{_words('range_words')})\s*"
_VALUE = rf"{_NUMX}(?:{_RANGE_SEP}{_NUMX})?"
# "0.3, 1, 3 and 10 mg/kg": bare numbers before the dose that share its unit (list_words)
_LIST = rf"(?:{_NUM}\s*,\s*)*{_NUM}\s*,?\s+(?:{_words('list_words')})\s+"
VALUE_RE = re.compile(_VALUE, re.I)
_CASE_SENSITIVE = "s"


def _wrap_case(pattern: str, case: str | None) -> str:
    return f"(?-i:{pattern})" if (case or "i").strip() == _CASE_SENSITIVE else f"(?:{pattern})"


@dataclass(frozen=True)
class UnitRule:
    id: str
    unit: str
    denominators: bool
    position: str  # after | before
    requires_power: bool
    min_value: float | None = None


@dataclass(frozen=True)
class DoseMatch:
    """One dose read from text: offsets are into the text given to :func:`find_doses`."""

    start: int  # surface start (the value, or "AUC")
    end: int  # surface end (after the unit)
    value_start: int
    value_end: int
    low: float
    high: float
    unit: str
    interval_days: float | None  # from a per-time unit ("/day"), else None
    per_time: bool  # a per-time unit was read (even one without interval, "/cycle")
    rule_id: str


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    value: object  # route string, schedule days, level number or context text
    kind: str
    rule_id: str
    days: tuple[int, ...] = ()  # a day list's administration days ("days 1 and 8" -> (1, 8))


class _DoseRules:
    """The dose rule files, compiled once per set of page languages (rows tagged ``lang``
    apply only on pages that hold one of its languages: :mod:`extract.context.langgate`)."""

    def __init__(self, langs: frozenset[str] | None = None) -> None:
        self.langs = langs
        self._units()
        self._routes_and_schedules()
        self._cues()

    def _load(self, name: str, required: list[str] | tuple[str, ...] = (), key: str = "rules") -> list[dict]:
        return langgate.load(name, self.langs, required, key)

    def _units(self) -> None:
        """rules/dose_units.tsv and dose_unit_parts.yaml: the value-then-unit and unit-then-value
        patterns, unit hints."""
        rows = self._load("dose_units.tsv", required=["pattern", "unit", "position"])
        self.units: list[UnitRule] = []
        after_alts, before_alts = [], []
        for i, r in enumerate(rows):
            rule = UnitRule(
                r["id"], r["unit"], (r.get("denominators") or "").strip() == "yes",
                r["position"].strip(), (r.get("requires_power") or "").strip() == "yes",
                float(r["min_value"]) if r.get("min_value") else None,
            )
            self.units.append(rule)
            alt = f"(?P<u{i}>{_wrap_case(r['pattern'], r.get('case'))})"
            (before_alts if rule.position == "before" else after_alts).append(alt)
        dens = self._load("dose_unit_parts.yaml", required=["pattern", "suffix"])
        self.after_idx = [i for i, u in enumerate(self.units) if u.position == "after"]
        self.dens = [(r["id"], re.compile(rf"(?:{r['pattern']})", re.I), r["suffix"]) for r in dens]
        den_alt = "|".join(f"(?:{r['pattern']})" for r in dens)
        pts = self._load("dose_unit_parts.yaml", required=["pattern"], key="per_time")
        self.per_time = [
            (r["id"], re.compile(rf"(?:{r['pattern']})", re.I), r.get("days")) for r in pts
        ]
        pt_alt = "|".join(f"(?:{r['pattern']})" for r in pts)
        nas = self._load("dose_unit_parts.yaml", required=["pattern"], key="not_after")
        na_alt = "|".join(f"(?:{r['pattern']})" for r in nas)
        tails = self._load("dose_unit_parts.yaml", required=["pattern"], key="auc_tail")
        tail_alt = "|".join(f"(?:{r['pattern']})" for r in tails)
        mults = self._load("dose_unit_parts.yaml", required=["word", "factor"], key="multipliers")
        self.multipliers = {m["word"].lower(): float(m["factor"]) for m in mults}
        mult_alt = "|".join(re.escape(w) for w in self.multipliers) or r"(?!)"
        self.list_not_after = re.compile(
            "|".join(f"(?:{r['pattern']})" for r in self._load("dose_unit_parts.yaml", required=["pattern"], key="list_not_after")),
            re.I,
        )
        self.after_re = re.compile(
            rf"(?<!{WORDCH})(?<![.^\\])(?<!\d/)(?P<list>{_LIST})?(?P<val>{_VALUE})(?:[ \t]+(?P<mult>{mult_alt}))?"
            # a value and its unit stand on one (logical) line: "day 2" at a line's end and "mg"
            # starting the next are not "2 mg"
            # (a unit ends where no letter follows, accented Latin ones too: "28 günlük" is no "28 g")
            rf"[ \t]*(?P<unit>(?:{'|'.join(after_alts)})(?![A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f])(?P<den>{den_alt})?)"
            rf"(?P<pt>{pt_alt})?(?!{na_alt})",
            re.I,
        )
        self.before_re = re.compile(
            rf"(?<!{WORDCH})(?P<unit>{'|'.join(before_alts)})(?P<val>{_VALUE})(?![\d.])"
            rf"(?P<tail>{tail_alt})?",
            re.I,
        )
        hint_rows = self._load("dose_unit_parts.yaml", required=["pattern"], key="unit_hints")
        self.unit_hint = re.compile("|".join(f"(?:{h['pattern']})" for h in hint_rows))
        self.before_unit_full = re.compile(rf"(?:{'|'.join(before_alts)})" if before_alts else r"(?!)", re.I)
        # (answered from the page index at once for a span without "auc")
        self.before_hint = Triggered(re.compile("|".join(f"(?:{a})" for a in before_alts) or r"(?!)", re.I))
        self.unit_full = re.compile(
            rf"\s*(?:{'|'.join(after_alts)})(?![A-Za-z])(?P<den>{den_alt})?(?P<pt>{pt_alt})?\s*",
            re.I,
        )

    def _routes_and_schedules(self) -> None:
        """rules/dose_routes.tsv, dose_numbers.tsv, dose_schedules.yaml."""
        # routes
        rrows = _cjk_last(self._load("dose_routes.tsv", required=["pattern", "route"]))
        self.routes = []
        ralts = []
        for r in rrows:
            na = r.get("not_after")
            self.routes.append((r["id"], r["route"], re.compile(na, re.I) if na else None))
            ralts.append((_wrap_case(r['pattern'], r.get('case')), r["pattern"]))
        self.route = bounded(ralts, r"(?<!\.)")
        # schedules
        words = self._load("dose_numbers.tsv", required=["word", "value"])
        self.number_words = {w["word"].lower(): float(w["value"]) for w in words}
        word_alt = "|".join(re.escape(w) for w in sorted(self.number_words, key=len, reverse=True))
        srows = _cjk_last(self._load("dose_schedules.yaml", required=["pattern", "kind"]))
        self.schedules = []
        self.schedule_ns: list[int] = []  # how many {N} each schedule pattern holds
        salts = []
        for i, r in enumerate(srows):
            parts = r["pattern"].split("{N}")
            pat = parts[0]
            for j, part in enumerate(parts[1:]):
                pat += f"(?P<n{i}_{j}>\\d+(?:\\.\\d+)?|{word_alt})" + part
            self.schedule_ns.append(len(parts) - 1)
            pat = pat.replace("(?P<list>", f"(?P<list{i}>")
            per = r.get("per")
            days = r.get("days")
            self.schedules.append(
                (r["id"], r["kind"], float(days) if days is not None else None,
                 float(per) if per is not None else None)
            )
            salts.append((pat, r["pattern"]))
        self.schedule = bounded(salts)
        trig = self._load("dose_schedules.yaml", required=["pattern"], key="triggers")
        self.schedule_trigger = re.compile("|".join(f"(?:{t['pattern']})" for t in trig))
        self.schedule_not_after = re.compile(
            "|".join(f"(?:{r['pattern']})" for r in self._load("dose_schedules.yaml", required=["pattern"], key="not_after")),
            re.I,
        )

    def _cues(self) -> None:
        """rules/dose_cues.yaml: dose levels, contexts, inline cues; day-list words."""
        la = self._load("dose_cues.yaml", required=["adjacent", "open", "close"], key="level_after")
        self.level_adjacent = re.compile("|".join(f"(?:{r['adjacent']})" for r in la))
        self.level_open = re.compile("|".join(f"(?:{r['open']})" for r in la))
        self.level_close = re.compile("|".join(f"(?:{r['close']})" for r in la))
        lb = self._load("dose_cues.yaml", required=["between"], key="level_before")
        self.level_before = re.compile("|".join(f"(?:{r['between']})" for r in lb) or r"(?!)")
        # cues
        self.levels = [
            (r["id"], re.compile(r["pattern"], re.I))
            for r in self._load("dose_cues.yaml", required=["pattern"], key="levels")
        ]
        crow = self._load("dose_cues.yaml", required=["pattern"], key="contexts")
        self.contexts = [
            (r["id"], re.compile(r["pattern"], re.I), str(r.get("inline")).lower() in ("yes", "true"))
            for r in crow
        ]
        self.context_any = re.compile("|".join(f"(?:{r['pattern']})" for r in crow), re.I)
        prefix = "|".join(
            f"(?:{r['pattern']})"
            for r in self._load("dose_cues.yaml", required=["pattern"], key="inline_prefix")
        )
        inline_alt = "|".join(
            f"(?:{r['pattern']})" for r in crow if str(r.get("inline")).lower() in ("yes", "true")
        )
        subject = "|".join(
            f"(?:{r['pattern']})"
            for r in self._load("dose_cues.yaml", required=["pattern"], key="inline_subject")
        ) or r"(?!)"
        topic = "|".join(f"(?:{r['pattern']})" for r in ruledata.load("dose_cues.yaml", required=["pattern"],
                                                                        key="topic_particles")) or r"(?!)"
        self.topic_context = re.compile(rf"(?P<cue>{inline_alt})[ \t]*(?:{topic})", re.I)
        # (a subject cue keeps the parenthesis right after it: "Part A (dose escalation) will use ...")
        self.inline_context = re.compile(
            rf"^\W*(?:(?:{prefix})(?P<cue>{inline_alt})|(?P<subj>(?:{inline_alt})(?:[ \t]*\([^()\n]{{1,40}}\))?)(?=\s*(?:{subject})))", re.I)
        dl = self._load("dose_schedules.yaml", required=["kind", "words"], key="day_list_words")
        self.day_range_words = frozenset(w for r in dl if r["kind"] == "range" for w in str(r["words"]).split())
        dl_words = sorted({w for r in dl for w in str(r["words"]).split()}, key=len, reverse=True)
        # a day list's tokens: numbers, dashes, commas and the words (not inside a longer word)
        self.day_token_re = re.compile(
            rf"\d+|[-−–]|,|(?<![^\W\d])(?:{'|'.join(re.escape(w) for w in dl_words) or '(?!)'})(?![^\W\d])")
        lr = self._load("dose_cues.yaml", required=["pattern"], key="level_respectively")
        self.level_respectively = re.compile("|".join(f"(?:{r['pattern']})" for r in lr) or r"(?!)", re.I)
        self.level_respectively_triggers = _triggers(lr)
        lh = self._load("dose_cues.yaml", required=["pattern"], key="level_header")
        self.level_header = re.compile("|".join(f"(?:{r['pattern']})" for r in lh) or r"(?!)", re.I)
        sr = self._load("dose_cues.yaml", required=["open", "join"], key="spread_range")
        self.spread_open = re.compile("(?:" + "|".join(f"(?:{r['open']})" for r in sr) + r")\s*$", re.I) if sr else None
        self.spread_join = re.compile(r"\s*(?:" + "|".join(f"(?:{r['join']})" for r in sr) + r")\s*", re.I) if sr else None
        lv = self._load("dose_cues.yaml", required=["pattern"], key="levels")
        self.level_any = re.compile("|".join(f"(?:{r['pattern']})".replace("(?P<n>", "(?:") for r in lv), re.I)
        self.level_triggers = _triggers(lv)


def _triggers(rows: list[dict]) -> tuple[str, ...] | None:
    """The trigger words of rule rows (one of which every match of a row holds, lower case),
    or None when a row names none (its patterns are then scanned everywhere)."""
    if any(not str(r.get("triggers") or "").split() for r in rows):
        return None
    return tuple(w for r in rows for w in str(r["triggers"]).split())


def triggered(triggers: tuple[str, ...] | None, text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` may hold a match of rows with these ``triggers``."""
    if triggers is None:
        return True
    low = text[start:end].lower()
    return len(low) != end - start or any(w in low for w in triggers)


DOSE_FILES = ("dose_schedules.yaml", "dose_routes.tsv", "dose_numbers.tsv", "dose_cues.yaml", "dose_names.yaml",
              "dose_units.tsv", "dose_unit_parts.yaml", "dose_filters.yaml", "dose_layout.yaml")
GATE = langgate.Gated(_DoseRules, *DOSE_FILES)  # the rules of the page being read: rules()
rules, compiled, gate, tagged_codes = GATE.rules, GATE.compiled, GATE.gate, GATE.tagged

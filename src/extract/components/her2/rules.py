"""Compiled HER2 rules: spellings, assay and status tokens, cue words, per language."""
from __future__ import annotations

import re
from functools import lru_cache

from ... import ruledata
from ...normalize import comparators
from ...context.cues import CJK_CHARS as _CJK_CHARS, cues, language_files, languages, with_languages as _with_languages
from ..prescan import GroupedAlternation, any_case as _any_case, first_class


KIND = "her2"
# order of the token alternatives: specific assay shapes first, then spellings and status
# words, then bare assay names
_EARLY_ROLES = ("ratio", "signals", "copies", "pct", "ish_pos", "ish_neg", "score_range", "score", "cmp")
_CMP_TARGETS = frozenset({"score", "pct", "signals", "copies"})
_LATE_ROLES = ("ish_name", "ngs_name", "ihc_kw", "variant", "faint")
_VALUE_ROLES = frozenset({"ratio", "signals", "copies", "pct", "ish_pos", "ish_neg", "score_range", "score", "variant"})
_ISH_ROLES = frozenset({"ish_pos", "ish_neg", "ratio", "signals"})
_IHC_ROLES = frozenset({"score", "score_range", "ihc_kw"})
_METHOD_ROLES = frozenset({"ihc_kw", "ish_name", "ngs_name"})
_EDGE_L = r"(?<![A-Za-z0-9])"
# with CJK rules loaded, a token may also start right after a letter or digit when it starts
# with a CJK character ("HER2阳性": the status word stands glued to the spelling), and right after
# a list number at a line start: NFKC turns the circled numbers of Japanese lists into digits
# ("③HER2陽性" -> "3HER2陽性")
_EDGE_L_CJK = rf"(?:(?<![A-Za-z]|(?<!\n)[0-9])|(?=[{_CJK_CHARS}]))"
_EDGE_R = r"(?![A-Za-z0-9])"
_EDGE_L_AFTER = r"(?<![A-Za-z0-9].)"  # _EDGE_L tested after the first character
_EDGE_L_CJK_AFTER = rf"(?:(?<![A-Za-z].)(?<!(?<!\n)[0-9].)|(?<=[{_CJK_CHARS}]))"  # the same for _EDGE_L_CJK
_MAX_CHAIN_GAP = 60
_MAX_CHAIN_WORDS = 7
_SPECIFIC = re.compile(r"(?i)CEP|ISH|HER|ERBB|in\s+situ")
_IHC_WORD = re.compile(r"(?i)\s*(?:IHC|immunohisto)")


def _alt(patterns: list[str]) -> str:
    return "(?:" + "|".join(f"(?:{p})" for p in patterns) + ")"


class _Rules:
    """Compiled HER2 rules (built once per process and set of languages): the English base
    files plus the given language files ``her2_lang_*.yaml`` (a language is one file of status
    words, assay words and cues, under the keys ``status``, ``assay`` and ``cues``, and the
    ``detect`` patterns that say a page needs it)."""

    def __init__(self, langs: frozenset[str]) -> None:
        one, anchor = self._spellings()
        fill = _filler(one)
        cjk = self._tokens(langs, anchor, fill)
        self.quick_cjk = bool(cjk)
        if cjk:  # the CJK edge also finds the page's mentions ("3HER2陽性")
            self.quick_re = re.compile(rf"{_EDGE_L_CJK}(?:{self._quick[0]})(?:{self._quick[1]})?{_EDGE_R}|CEP[-‐\s]?17", re.I)
            self.quick = _Starts(self.quick_re, rf"{self._quick[2]}(?:{_EDGE_L_CJK_AFTER}|(?<=[Cc])(?=[Ee][Pp]))"
                                 rf"(?<=(?=(?i:{self.quick_re.pattern})).)")
        c, w, self.cue_id = _cue_table(langs)
        self._gap_patterns(c, w, one, fill)
        self._cue_patterns(langs)

    def _spellings(self) -> tuple[str, str]:
        """The HER2 spellings: (one spelling as a pattern, a whole anchor mention)."""
        spell = ruledata.load("her2_spellings.tsv", required=["pattern", "form"])
        base = [r["pattern"] for r in spell if r["form"] != "suffix"]
        suffix = [r["pattern"] for r in spell if r["form"] == "suffix"]
        one = _alt(sorted(base, key=len, reverse=True))
        two = _alt(base + suffix)
        # "HER2/neu", "HER2 (ERBB2)", "ERBB2/HER2", "human epidermal growth factor receptor 2 (HER2)"
        glued = _alt(suffix)
        anchor = rf"{one}(?:{glued}{_EDGE_R}|{_EDGE_R}(?:\s*/\s*{two}{_EDGE_R}|\s*\(\s*{two}\s*\))?)"
        self.long_re = re.compile(
            _alt([r["pattern"] for r in spell if r["form"] == "long"]), re.I
        )
        self.ratio_prefix = re.compile(rf"{_EDGE_L}{one}\s*[/:]\s*$", re.I)
        self.quick_re = re.compile(rf"{_EDGE_L}{one}(?:{glued})?{_EDGE_R}|CEP[-‐\s]?17", re.I)
        # where a spelling (after a word edge) or "CEP17" (anywhere) starts: a class first (``re``
        # skips ahead to its characters), then the whole pattern tested there, still in ``re``
        first = _any_case(first_class(one + '|C', re.I))
        self._quick = (one, glued, first)
        starts = rf"{first}(?:(?<![A-Za-z0-9].)|(?<=[Cc])(?=[Ee][Pp]))"
        self.quick = _Starts(self.quick_re, rf"{starts}(?<=(?=(?i:{self.quick_re.pattern})).)")
        return one, anchor

    def _tokens(self, langs: frozenset[str], anchor: str, fill) -> bool:
        """The token alternation (assay roles, the anchor, status words); whether a CJK
        language file is read."""
        assay = _with_languages("her2_assay.yaml", "rules", "assay", ["role", "pattern"], langs)
        status = _with_languages("her2_status.tsv", "rules", "status", ["pattern", "status", "strength", "side"], langs)
        groups: list[str] = []
        self.group: dict[str, tuple[str, dict]] = {}  # group g{i} of tokens.whole: (kind, row)
        self.token_rows: list[tuple[str, dict]] = []  # the same by index

        def add(kind: str, row: dict, pattern: str) -> None:
            name = f"g{len(groups)}"
            rx = re.compile(pattern, re.I)
            if rx.groups:
                raise ruledata.RuleFileError(f"her2 rule {row['id']!r}: capture groups are not allowed")
            groups.append(pattern)
            self.group[name] = (kind, row)
            self.token_rows.append((kind, row))

        # a row marked ``prefer`` (a longer form of a shared row: "≤ 10 % naviko ląstelių") is tried before the
        # other rows of its role
        assay = sorted(assay, key=lambda r: not r.get("prefer"))
        for role in _EARLY_ROLES:
            for r in assay:
                if r["role"] == role:
                    add(role, r, fill(r["pattern"]))
        for r in assay:  # a late role read before the status words ("equivocal ISH result")
            if r.get("early") and r["role"] not in _EARLY_ROLES:
                add(r["role"], r, f"(?:{fill(r['pattern'])}){_EDGE_R}")
        add("anchor", {"id": "sp.anchor"}, anchor)
        for r in sorted(status, key=lambda r: -len(r["pattern"])):
            add("status", r, f"(?:{r['pattern']}){_EDGE_R}")
        for role in _LATE_ROLES:
            for r in assay:
                if r["role"] == role and not r.get("early"):
                    add(role, r, f"(?:{fill(r['pattern'])}){_EDGE_R}")
        # one word-edge test per position, then the alternatives (tokens never start inside a
        # word: "IHC3+" is read from its "IHC", "HER2(+++)" by the sign rules)
        cjk = any(re.search(f"[{_CJK_CHARS}]", r["pattern"]) for r in status + assay)
        self.tokens = GroupedAlternation(_EDGE_L_CJK if cjk else _EDGE_L, groups, re.I,
                                         edge_after=_EDGE_L_CJK_AFTER if cjk else _EDGE_L_AFTER)

        signs = ruledata.load("her2_assay.yaml", required=["pattern"], key="signs")
        self.sign_rows = {f"s{i}": r for i, r in enumerate(signs)}
        self.sign_re = re.compile("|".join(f"(?P<s{i}>{r['pattern']})" for i, r in enumerate(signs)))
        return cjk

    def _gap_patterns(self, c: dict[str, str], w, one: str, fill) -> None:
        """What may stand between the parts of one reading (cue words of rules/her2_cues.yaml)."""
        I = re.I
        self.post_gap = re.compile(rf"(?:\s|[-‐–—:/(),、]|{w('filler')}|{w('receptor')}|\band(?![A-Za-z]))*", I)
        # ")" ends a parenthetical gloss: "a change (mutation) in the HER2 gene"; an apostrophe
        # ends an elided article ("expressió baixa d'HER2", "expression faible d'HER2")
        self.pre_gap = re.compile(rf"(?:\s|[-‐–)'’]|{w('pre_gap')})*", I)
        self.coord_gap = re.compile(rf"\s*[,、]?\s*(?:{c['coord']})?\s*[-‐–]?\s*", I)
        self.chain_gap = re.compile(rf"(?:\s|[-‐–,、:/()\[\]=+.]|{w('chain')}|\b{one}(?![A-Za-z]))*", I)
        self.bind_gap = re.compile(rf"(?:\s|[/\\+,:]|{w('bind')}|\b(?:{fill('{ISH}')}|{one})(?![A-Za-z]))*", I)
        self.or_word = re.compile(w("or_word"), I)
        self.coord_lead = re.compile(rf"\s*(?:[,;/、]|{w('coord')})", I)
        self.marker = re.compile(rf"{_EDGE_L}(?:{c['marker']}){_EDGE_R}", I)
        self.marker_before = re.compile(rf"{_EDGE_L}(?:{c['marker']})\s*[-‐/+]?\s*$", I)
        self.method_by = re.compile(rf"(?:{c['method_by']})$", I)
        spec = c["test_specimen"]
        self.test_specimen = re.compile(
            rf"(?<![A-Za-z0-9])(?:{spec})(?:[-‐]based|[-‐](?=\s))?(?:\s*(?:,|/|\bor\b|\band/or\b|\band\b)\s*(?:{spec})(?:[-‐]based|[-‐](?=\s))?)*"
            rf"(?:\s*(?:,|/|\bor\b|\band/or\b))?\s+$", I)
        self.test_head = re.compile(rf"\s*(?:{c['test_head']})(?![A-Za-z])", I)
        # the specimen written after the test ("NGS of tissue or blood", "next-generation
        # sequencing of tumour tissue or plasma ctDNA", "NGS en tejido tumoral o en plasma"; a
        # language that puts the specimen in the genitive writes no preposition: "NGS vyšetrením tkaniva")
        self.test_of = re.compile(
            rf"\s+(?:(?:{c['test_of']})\s+)?(?:(?:the|a|an)\s+)?(?:{spec})"
            rf"(?:\s*(?:,|/|\b(?:{c['or_word']}|and)\b)?\s*(?:(?:{c['test_of']})\s+)?(?:{spec}))*(?![A-Za-z])", I)
        self.marker_after = re.compile(rf"\s*(?:for\s+)?(?:{c['marker']}){_EDGE_R}", I)
        self.guard_pre = re.compile(rf"\b(?:{c['guard_pre']})$", I)
        self.guard_post = re.compile(rf"(?:{c['guard_post']})(?![a-z])", I)
        self.any_pre = re.compile(rf"(?:{c['any_pre']})$", I)
        self.any_level = re.compile(rf"(?:{c['any_level']})$", I)
        self.any_word = re.compile(rf"(?:{c['any_word']})$", I)
        self.any_noun = re.compile(rf"(?:{c['any_noun']})(?![A-Za-z])", I)
        self.any_category = re.compile(rf"(?:{c['any_category']})(?![A-Za-z])", I)
        self.neg_pre = re.compile(c["neg_pre"], I)
        self.neg_skip = re.compile(c["neg_skip"], I)
        self.allow_post = re.compile(c["allow_post"], I)
        self.therapy_pre = re.compile(c["therapy_pre"], I)
        self.moot_post = re.compile(c["moot_post"], I)
        self.neg_before = re.compile(r"\b(?:without|no|not|absence\s+of)\s+$", I)

    def _cue_patterns(self, langs: frozenset[str]) -> None:
        """Unit-level patterns; the criterion cues (eligibility, title, condition, prose policy,
        negated requirements) are the shared context layer's (``self.ctx``)."""
        I = re.I
        self.ctx = cues(langs)
        self.definition = re.compile(r"\s*(?:,\s*)?(?:defined\s+as|i\.e\.,?|ie,?|as\s+follows|:)", I)
        self.clause = re.compile(r";|；|。|\n|(?<!e\.g)(?<!i\.e)\.(?=\s+[A-Z(]|\s*$)")
        self.words = re.compile(r"[A-Za-z]+")
        self.cmp_prefix = re.compile(rf"(?:{comparators.PREFIX})", I)
        self.cmp_post = re.compile(rf"(?:{comparators.POSTFIX})", I)
        self.num = re.compile(r"\d+(?:\.\d+)?")
        self.last_words = re.compile(r"(?:\S+\s+){0,4}\S*$")


class _Starts:
    """The matches of ``rx`` (``finditer``, ``search``: the same as ``rx``'s), tried only where
    ``cand`` (a scan for the characters a match can start with, much cheaper than trying
    ``rx`` at every position) finds one can start. ``rx`` never matches the empty string."""

    def __init__(self, rx: re.Pattern, cand: str) -> None:
        self.rx, self.pattern, self.cand = rx, rx.pattern, re.compile(cand)
        if rx.fullmatch("") is not None:
            raise ValueError(f"_Starts: {rx.pattern[:60]!r} matches the empty string")

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):
        end = len(text) if endpos is None else endpos
        cand, match = self.cand.search, self.rx.match
        while (c := cand(text, pos, end)) is not None:
            m = match(text, c.start(), end)
            if m is None:
                pos = c.start() + 1
                continue
            yield m
            pos = m.end()

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        return next(self.finditer(text, pos, endpos), None)


def _filler(one: str):
    """``fill(pattern)``: the {NAME} fragments of rules/her2_assay.yaml written out."""
    frag = {r["name"]: r["pattern"] for r in ruledata.load("her2_assay.yaml", required=["name", "pattern"], key="fragments")}
    frag["POST"] = comparators.POSTFIX
    frag["HER2"] = one

    def fill(p: str) -> str:
        for _ in range(3):
            p = re.sub(r"\{([A-Z0-9]+)\}", lambda m: frag[m.group(1)], p)
        return p
    return fill


def _cue_table(langs: frozenset[str]) -> tuple[dict[str, str], object, dict[str, str]]:
    """The cue words by role (``c``: one alternation each), ``w(role)``: a role's words
    between word edges, or glued, and the first rule id of each role."""
    # cue words: a row flagged `glued` is written without word edges (CJK words stand
    # right next to the words around them: "IHC 1+或IHC 2+且ISH阴性")
    cues: dict[str, list[str]] = {}
    stuck: dict[str, list[str]] = {}
    cue_id: dict[str, str] = {}  # the first rule id of each role
    for r in _with_languages("her2_cues.yaml", "rules", "cues", ["role", "pattern"], langs):
        (stuck if r.get("glued") else cues).setdefault(r["role"], []).append(r["pattern"])
        cue_id.setdefault(r["role"], r["id"])
    c = {k: _alt(v + stuck.get(k, [])) for k, v in cues.items()}
    c.update({k: _alt(v) for k, v in stuck.items() if k not in cues})

    def w(role: str) -> str:
        """The words of a role between word edges, or glued."""
        parts = [rf"\b(?:{_alt(cues[role])})(?![A-Za-z])"] if role in cues else []
        parts += [_alt(stuck[role])] if role in stuck else []
        return "(?:" + "|".join(parts) + ")"
    return c, w, cue_id

@lru_cache(maxsize=16)
def rules(langs: frozenset[str] | None = None) -> _Rules:
    """The compiled rules for the given language files (None: every language)."""
    return _Rules(language_files() if langs is None else langs)


@lru_cache(maxsize=64)
def _extra_anchor_re(shorts: tuple[str, ...]) -> re.Pattern | None:
    if not shorts:
        return None
    alt = "|".join(re.escape(s) for s in sorted(shorts, key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z0-9])(?:{alt})(?![A-Za-z0-9])")

"""HER2 requirements (issue 4): one ``her2`` fact per HER2 requirement of a page.

Public API: :func:`extract_her2` ``(text, layout, abbreviations) -> list[Fact]``. Each fact is one
row of the CONTRACT table ``her2_criteria``: ``label`` is the status, ``attrs`` holds exactly the
columns ``criterion_type``, ``her2_status``, ``ihc_scores``, ``ish``, ``expression_pct_min`` and
``assay_text``; ``start/end`` delimit the mention that was read ("HER2 positive (defined as
IHC3+ or IHC2+/FISH+)"), ``evidence_start/evidence_end`` the criterion, line or sentence.

Where rows come from (the page's context decides, never the extractor's own section logic)
--------------------
Mentions are found anywhere on the page; where a mention stands decides its criterion type.

* INCLUSION / EXCLUSION from the criteria lists: every criterion of ``layout.criteria`` (one
  unit each), when the context found lists. A negated mention inside the inclusion list ("was
  never HER2-positive", "HER2-positive patients are ineligible") is an EXCLUSION of that status;
  a negated mention inside the exclusion list ("tumours that are not HER2-positive") is an
  INCLUSION. Inside the exclusion list a mention that is only permitted ("HER2-low disease is
  allowed") or that qualifies a prior therapy ("trastuzumab for HER2-positive early disease") is
  no row. Plain-language pages: the items of a "Who can take part?" list are inclusion criteria.
  Criteria of an earlier protocol version ("Previous participant inclusion criteria: 1. ...";
  role ``superseded``) are no rows; a line the layout swept into a list right after a title or
  condition label is that label's value.
* Everything else (all of a page without lists, whose open-text units the context cut: HER2
  judges each line itself) is read line by line, in this order:
  - a title line (POPULATION): a line starting with a title label, its value on the line
    ("Scientific Title of Study | ...", "Full title  ...", "项目名称: ...") or on the next one
    ("Public title" / value; language tags such as "en" between), the layout's title section,
    or the page's headline (title-like lines above the body, site bars and breadcrumbs
    skipped); a title label inside a line ("... Official title: ...", rule role
    ``title_label``) starts a title too (a page footer the layout left inside the exclusion
    list is never an EXCLUSION row);
  - a condition line (POPULATION): a condition label ("Health Condition(s) or Problem(s)
    studied", "Medical Condition(s):", "対象疾患") or the layout's conditions section;
  - eligibility text (INCLUSION/EXCLUSION): text led by an eligibility cue, earlier on the same
    line ("Key inclusion criteria - (1) ... Key exclusion criteria - (1) ...") or on the short
    line heading its list or paragraph ("You cannot join if:", "Criterios de exclusión",
    "選択基準"; roles ``elig_inc``/``elig_exc``);
  - prose (summary or any other text outside outcomes, arms, contacts, locations and related
    trials), sentence by sentence, see "Prose policy".
  Criterion rows read here that restate a criterion row already read (a translation, a summary
  sentence restating a list item) are the same requirement: one row, details from the first
  mention that has any.
* POPULATION: ONE row per status per DOCUMENT (lead's policy): an analyst asks which population
  the trial targets, and the same status in the title, the conditions and the summary is one
  requirement. The row is the first mention in the order title, conditions, prose (then page
  order); its IHC/ISH/percentage/assay details are those of the first mention that states any
  (title "HER2-low", summary "HER2-low (IHC 1+ or IHC 2+/ISH-)": one LOW row with 1+, 2+, ISH-).
  A negated population mention is no row. Criteria rows stay one per (criterion, status).

Prose policy: in a sentence of prose, a mention is a criterion when the sentence states a
requirement ("To be eligible, patients must have ...", "are eligible if", "are not eligible";
role ``require``), a POPULATION mention when it says whom the study enrolls or targets (an
*enroll* cue: "this study", "will be enrolled", "is for", "intends to include", "X is a phase 2
study of ...", ...; role ``enroll``), else background (no row). The cue must stand in the part
of the sentence that holds the mention (parts split by a *contrast* cue: "... in other trials
for HER2-positive breast cancer, but this study only includes ..."; role ``contrast``), and the
clause of the mention must carry no *background* cue ("accounting for 15-20%", "in view of the
efficacy of", "is already approved for", "other studies in", "is a tyrosine kinase receptor";
role ``background``). The items of a list led by a line ending in ":" that carries an enroll cue
("The study plans to enroll about 180 people:") say whom the study enrolls. Serum or
circulating HER2 levels are never a status (guard ``serum``). A status word in a parenthetical
gloss before the spelling counts ("a change (mutation) in the HER2 gene" is MUTANT).

Languages: a language is one rule file ``rules/her2_lang_<code>.yaml`` of status words
("HER2陽性", "HER2 positivo", "HER2-positivem"), assay words ("ISH阴性", "con ISH negativo") and
cues (connectors "或/又は/o/oder", eligibility headings, title labels, enroll and require cues);
CJK and Hangul words are matched without word edges (``glued``). A page reads only the language
files it uses (their ``detect`` rows: words of the language, or a character class), so an
English page reads exactly the English base files.

One row per distinct requirement: within one unit (criterion, line, sentence) the mentions of
the same status and criterion type merge into one row (IHC scores united, ISH kept when the
mentions agree); a composite that allows two statuses ("HER2-positive or HER2-low", "IHC 3+,
2+/ISH+ or 1+") gives one row per status. A nested criterion that only defines its parent's
status ("HER2-positive, defined as:" / "IHC 3+" / "IHC 2+ and ISH+") adds its details to the
parent's row; one that states a status of its own is its own row.

How a mention is read (mechanism; every word list is in ``rules/her2_*``)
--------------------------------------------------------------------------
1. one compiled pattern finds the tokens of a unit: HER2 spellings, status words, IHC scores,
   ISH results, ratios, copy numbers, percentages, variants;
2. a spelling (not guarded as a drug or therapy name) opens a *frame*; a sign ("HER2+",
   "HER2(+++)") and the status words right after it (or one right before it: "overexpression of
   HER2") give its explicit statuses;
3. assay elements chained to a frame (only connector words between them) are its definition;
   they are split into alternatives ("IHC 3+" | "IHC 2+ / ISH+"), each scored by ASCO/CAP
   (``extract.normalize.her2``); an amplification mention inside another definition ("2+ with
   HER2 gene amplification") is an ISH result of that definition, not a frame of its own;
4. explicit status words win; a weak word ("HER2 expression: IHC 3+") or none takes the status
   from the scores; a percentage alone gives EXPRESSING; a named variant MUTANT;
5. polarity and guards from the context cues decide the criterion type or drop the mention.

"Any" and "regardless"
----------------------
"any level of HER2 (protein)", "any degree of HER2 expression", "any HER2 expression", "any
HER2 staining", "HER2 expression at any level" require expression: EXPRESSING. "any HER2
status", "any HER2 expression level", "all HER2 subtypes" allow every status: no row.
"regardless of / irrespective of HER2 <X>" never states a requirement by itself (every status,
IHC 0 included, is allowed: no row); the words it qualifies still state theirs ("HER2-expressing
tumours, regardless of the level of expression" is EXPRESSING from "HER2-expressing"). Cues in
``rules/her2_cues.yaml`` (roles any_pre, any_level, any_word, any_noun, any_category).

ihc_scores policy
-----------------
``ihc_scores`` lists the IHC scores the row's requirement ADMITS, bounds and ranges expanded:
"IHC ≥ 1+", "IHC 1+ to 3+" and "IHC 1+, 2+ or 3+" all give ``["1+", "2+", "3+"]``; "IHC ≤ 1+"
gives ``["0", "1+"]``, "IHC 0-1+" ``["0", "1+"]``. So one requirement has one value however it
is written, and "does the trial take IHC 2+?" is a membership test. Scores are listed in the
order written, the expansion of a bound in place of the bound. A composite row lists only the
alternatives supporting its status ("IHC 3+, 2+/ISH+ or 1+": POSITIVE 3+, 2+; LOW 1+).

assay_text policy
-----------------
``assay_text`` is the assay phrase as written, never wider: from the first to the last assay
element of the mention ("IHC3+ or IHC2+/FISH+", "≥ 30% of tumour cells", "copy number ≥ 6 by
NGS", "HER2/CEP17 ratio ≥ 2.0"), balanced parentheses; a score written right after the spelling
starts it ("HER2 (+++) by immunohistochemistry"). Not part of it: a leading score word ("a HER2
score of 1+ or 2+ with a negative ISH test" gives "1+ or 2+ with a negative ISH test"), a
trailing parenthesis of descriptors only ("by immunohistochemistry (any staining intensity)"),
and named variants (S310F, "exon 20 insertions": they ARE the MUTANT status, not an assay).
A trailing parenthesis of ISH measures right after an ISH result of the definition restates
that result's threshold and is not part of it ("IHC 3+ or ISH-positive (HER2/CEP17 ratio ≥
2.0)" gives "IHC 3+ or ISH-positive"; nor is it an alternative of its own); a ratio that is the
only ISH statement ("IHC 2+ with HER2/CEP17 ratio ≥ 2.0") or that defines a status word
("HER2 gene amplification (FISH ratio ≥ 2.0)") is. The assay of a mutation or amplification
is the test that found it, also when it stands further on in the criterion after
"by/using/with ..."; a test named by its method takes the specimen written before it and the
noun after it, never quality words ("mutation (e.g. L755S) detected by a CLIA-certified or
equivalent tissue or plasma NGS assay" gives "tissue or plasma NGS assay"; rule roles
``method_by``, ``test_specimen``, ``test_head``). Null when the mention names no assay.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Mapping

from .. import ruledata
from ..layout import rules as layout_rules
from ..model import EXCLUSION, INCLUSION, POPULATION, Fact, Layout
from ..normalize import comparators
from ..normalize import her2 as nh
from .prescan import Alternation

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
# with a CJK character ("HER2阳性": the status word stands glued to the spelling)
_CJK_CHARS = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff"
_EDGE_L_CJK = rf"(?:(?<![A-Za-z0-9])|(?=[{_CJK_CHARS}]))"
_EDGE_R = r"(?![A-Za-z0-9])"
_MAX_CHAIN_GAP = 60
_MAX_CHAIN_WORDS = 7
_SPECIFIC = re.compile(r"(?i)CEP|ISH|HER|ERBB|in\s+situ")
_IHC_WORD = re.compile(r"(?i)\s*(?:IHC|immunohisto)")


def _language_files() -> frozenset[str]:
    return frozenset(n for n in ruledata.rule_files() if n.startswith("her2_lang_"))


def _with_languages(name: str, key: str, lang_key: str, required: list[str], langs: frozenset[str]) -> list[dict]:
    """Rows of a base rule file followed by the rows of the given language files under ``lang_key``."""
    rows = ruledata.load(name, required=required, key=key)
    for lang in sorted(langs):
        rows += ruledata.load(lang, required=required, key=lang_key)
    return rows


@lru_cache(maxsize=1)
def _detectors() -> tuple[tuple[str, int, frozenset[str] | None, re.Pattern | None], ...]:
    out = []
    for name in sorted(_language_files()):
        for r in ruledata.load(name, required=["min"], key="detect"):
            words = frozenset(w.lower() for w in r.get("words") or ()) or None
            rx = re.compile(r["pattern"]) if r.get("pattern") else None
            if words is None and rx is None:
                raise ruledata.RuleFileError(f"{name}: detect row {r['id']!r} has neither words nor pattern")
            out.append((name, int(r["min"]), words, rx))
    return tuple(out)


def languages(text: str) -> frozenset[str]:
    """The language files a page needs (English, the base files, is always read): those of
    whose ``detect`` words the page uses at least ``min`` different ones, or that have at least
    ``min`` characters of their ``detect`` character class."""
    found: set[str] = set()
    used: set[str] | None = None
    for name, n, words, rx in _detectors():
        if name in found:
            continue
        head = text[:6000]  # the page's head says its language
        if rx is not None:
            if len(rx.findall(head)) >= n:
                found.add(name)
            continue
        if used is None:
            used = set(head.lower().split())
        if len(words & used) >= n:
            found.add(name)
    return frozenset(found)


def _alt(patterns: list[str]) -> str:
    return "(?:" + "|".join(f"(?:{p})" for p in patterns) + ")"



class _Rules:
    """Compiled HER2 rules (built once per process and set of languages): the English base
    files plus the given language files ``her2_lang_*.yaml`` (a language is one file of status
    words, assay words and cues, under the keys ``status``, ``assay`` and ``cues``, and the
    ``detect`` patterns that say a page needs it)."""

    def __init__(self, langs: frozenset[str]) -> None:
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

        frag = {r["name"]: r["pattern"] for r in ruledata.load("her2_assay.yaml", required=["name", "pattern"], key="fragments")}
        frag["POST"] = comparators.POSTFIX
        frag["HER2"] = one

        def fill(p: str) -> str:
            for _ in range(3):
                p = re.sub(r"\{([A-Z0-9]+)\}", lambda m: frag[m.group(1)], p)
            return p

        assay = _with_languages("her2_assay.yaml", "rules", "assay", ["role", "pattern"], langs)
        status = _with_languages("her2_status.tsv", "rules", "status", ["pattern", "status", "strength", "side"], langs)
        groups: list[str] = []
        self.group: dict[str, tuple[str, dict]] = {}

        def add(kind: str, row: dict, pattern: str) -> None:
            name = f"g{len(groups)}"
            rx = re.compile(pattern, re.I)
            if rx.groups:
                raise ruledata.RuleFileError(f"her2 rule {row['id']!r}: capture groups are not allowed")
            groups.append(f"(?P<{name}>{pattern})")
            self.group[name] = (kind, row)

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
        self.tokens = Alternation(_EDGE_L_CJK if cjk else _EDGE_L, groups, re.I)
        self.token_re = self.tokens.whole

        signs = ruledata.load("her2_assay.yaml", required=["pattern"], key="signs")
        self.sign_rows = {f"s{i}": r for i, r in enumerate(signs)}
        self.sign_re = re.compile("|".join(f"(?P<s{i}>{r['pattern']})" for i, r in enumerate(signs)))

        # cue words: a row flagged `glued` is written without word edges (CJK words stand
        # right next to the words around them: "IHC 1+或IHC 2+且ISH阴性")
        cues: dict[str, list[str]] = {}
        stuck: dict[str, list[str]] = {}
        self.cue_id: dict[str, str] = {}
        for r in _with_languages("her2_cues.yaml", "rules", "cues", ["role", "pattern"], langs):
            (stuck if r.get("glued") else cues).setdefault(r["role"], []).append(r["pattern"])
            self.cue_id.setdefault(r["role"], r["id"])
        c = {k: _alt(v + stuck.get(k, [])) for k, v in cues.items()}
        c.update({k: _alt(v) for k, v in stuck.items() if k not in cues})

        def w(role: str) -> str:
            """The words of a role between word edges, or glued."""
            parts = [rf"\b(?:{_alt(cues[role])})(?![A-Za-z])"] if role in cues else []
            parts += [_alt(stuck[role])] if role in stuck else []
            return "(?:" + "|".join(parts) + ")"

        I = re.I
        self.post_gap = re.compile(rf"(?:\s|[-‐–—:/(),、]|{w('filler')}|{w('receptor')}|\band(?![A-Za-z]))*", I)
        # ")" ends a parenthetical gloss: "a change (mutation) in the HER2 gene"
        self.pre_gap = re.compile(rf"(?:\s|[-‐–)]|{w('pre_gap')})*", I)
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
        self.marker_after = re.compile(rf"\s*(?:for\s+)?(?:{c['marker']}){_EDGE_R}", I)
        self.guard_pre = re.compile(rf"\b(?:{c['guard_pre']})$", I)
        self.guard_post = re.compile(rf"(?:{c['guard_post']})(?![a-z])", I)
        self.any_pre = re.compile(rf"(?:{c['any_pre']})$", I)
        self.any_level = re.compile(rf"(?:{c['any_level']})$", I)
        self.any_word = re.compile(rf"(?:{c['any_word']})$", I)
        self.any_noun = re.compile(rf"(?:{c['any_noun']})(?![A-Za-z])", I)
        self.any_category = re.compile(rf"(?:{c['any_category']})(?![A-Za-z])", I)
        self.neg_pre = re.compile(c["neg_pre"], I)
        self.excl_post = re.compile(c["excl_post"], I)
        self.allow_post = re.compile(c["allow_post"], I)
        self.therapy_pre = re.compile(c["therapy_pre"], I)
        self.moot_post = re.compile(c["moot_post"], I)
        self.neg_before = re.compile(r"\b(?:without|no|not|absence\s+of)\s+$", I)
        # cue searches start at a word start only (much faster than trying every position);
        # with CJK rules, a CJK character starts a word anywhere
        ws = rf"(?:(?<![^\W\d_])|(?=[{_CJK_CHARS}]))" if cjk else r"(?<![^\W\d_])(?=\w)"
        self.enroll = re.compile(rf"{ws}(?:{c['enroll']})", I)
        self.require = re.compile(rf"{ws}(?:{c['require']})", I)
        self.background = re.compile(rf"{ws}(?:{c['background']})", I)
        self.contrast = re.compile(rf"{ws}(?:{c['contrast']})", I)
        self.title_label = re.compile(c["title_label"], I)  # searched first (cheap), then its prefix
        self.title_prefix = re.compile(rf"(?:{c['title_prefix']})*$", I)
        # a label at the start of a line: its value follows on the line or on the next one
        sep = r"(?:[ \t]*[:：|][ \t]*|[ \t]{2,}|[ \t]+[-–][ \t]+|[ \t]*(?=\n|\Z))"
        self.line_label = re.compile(
            rf"[\"'*_]*(?:(?P<title>{c['title_line']})|(?P<conditions>{c['condition_line']}))[\"'*_]*{sep}", I)
        self.elig_cue = re.compile(rf"{ws}(?:(?P<exc>{c['elig_exc']})|(?P<inc>{c['elig_inc']}))", I)
        # an inline cue starts the criteria after it: followed by ":", "-", "|", or by the
        # first item's number ("4.1. 適格規準(組み入れ規準) 1) ...")
        self.elig_inline = re.compile(
            rf"{ws}(?:(?P<exc>{c['elig_exc']})|(?P<inc>{c['elig_inc']}))"
            r"(?:[\"']?[ \t]*[:：\-–|]|(?:[ \t]*\([^)\n]{0,20}\))?[ \t]*(?=\d{1,2}[.)]\s|\(\d{1,2}\)))", I)
        self.definition = re.compile(r"\s*(?:,\s*)?(?:defined\s+as|i\.e\.,?|ie,?|as\s+follows|:)", I)
        self.clause = re.compile(r";|；|。|\n|(?<!e\.g)(?<!i\.e)\.(?=\s+[A-Z(]|\s*$)")
        self.words = re.compile(r"[A-Za-z]+")
        self.cmp_prefix = re.compile(rf"(?:{comparators.PREFIX})", I)
        self.cmp_post = re.compile(rf"(?:{comparators.POSTFIX})", I)
        self.num = re.compile(r"\d+(?:\.\d+)?")
        self.sentence = re.compile(r"(?<=[a-z0-9)\]%][.!?])\s*(?=[A-Z])|(?<=[.!?])\s+(?=[A-Z(\[\"'])|(?<=[。！？])")
        self.clause_split = re.compile(r"[,;:]|\s-\s")
        self.clause_paren = re.compile(r"[(),;:]|\s-\s")
        self.superseded = re.compile(c["superseded"], I)
        self.last_words = re.compile(r"(?:\S+\s+){0,4}\S*$")


@lru_cache(maxsize=16)
def rules(langs: frozenset[str] | None = None) -> _Rules:
    """The compiled rules for the given language files (None: every language)."""
    return _Rules(_language_files() if langs is None else langs)


@lru_cache(maxsize=64)
def _extra_anchor_re(shorts: tuple[str, ...]) -> re.Pattern | None:
    if not shorts:
        return None
    alt = "|".join(re.escape(s) for s in sorted(shorts, key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z0-9])(?:{alt})(?![A-Za-z0-9])")


# --------------------------------------------------------------------------- reading a unit

@dataclass
class _Tok:
    kind: str
    rid: str
    start: int
    end: int
    row: dict


@dataclass
class _Frame:
    start: int
    end: int
    rid: str
    words: list[tuple[str, str, str, dict]] = field(default_factory=list)  # (status, strength, rid, row)
    sign_status: str | None = None
    init_alts: list[nh.Alternative] = field(default_factory=list)
    elems: list[_Tok] = field(default_factory=list)
    scope: tuple[int, int] | None = None
    paren: bool = False  # the scope is a parenthesis right after the mention
    sign_score: bool = False  # a score written right after the spelling ("HER2 (+++)")
    moot: bool = False  # "any HER2 status": every status allowed, no requirement
    synthetic: bool = False
    alts: list[nh.Alternative] = field(default_factory=list)
    pct_min: float | None = None
    variants: int = 0
    copies: bool = False
    ish_named: bool = False
    ngs_named: bool = False
    skip: bool = False

    @property
    def explicit(self) -> list[str]:
        out = [w[0] for w in self.words if w[1] == "strong"]
        if self.sign_status:
            out.append(self.sign_status)
        return nh.collapse_explicit(out)

    @property
    def weak(self) -> bool:
        return any(w[1] == "weak" for w in self.words)

    @property
    def surface_end(self) -> int:
        end = self.end
        if self.elems:
            end = max(end, self.elems[-1].end)
        if self.paren and self.scope and self.scope[1] >= end - 1 and self.scope[0] <= end:
            end = max(end, self.scope[1] + 1)
        return end

    @property
    def surface_start(self) -> int:
        return min([self.start] + [e.start for e in self.elems])


@dataclass
class _Row:
    ctype: str
    status: str
    ihc: list[str]
    ish: str | None
    pct: float | None
    assay: str | None
    rid: str
    start: int
    end: int
    ev_start: int
    ev_end: int
    ish_conflict: bool = False
    assay_span: tuple[int, int] | None = None

    @property
    def detailed(self) -> bool:
        return bool(self.ihc or self.ish or self.pct is not None or self.assay or self.assay_span)

    def adopt_details(self, other: "_Row") -> None:
        """Take the assay details of another mention of the same requirement, as one block."""
        self.ihc, self.ish, self.pct = list(other.ihc), other.ish, other.pct
        self.assay, self.assay_span, self.ish_conflict = other.assay, other.assay_span, other.ish_conflict

    def merge(self, other: "_Row", union_assay: bool = True) -> None:
        if union_assay and other.assay_span:
            if self.assay_span is None:
                self.assay_span = other.assay_span
            else:
                self.assay_span = (min(self.assay_span[0], other.assay_span[0]),
                                   max(self.assay_span[1], other.assay_span[1]))
        for s in other.ihc:
            if s not in self.ihc:
                self.ihc.append(s)
        if other.ish and self.ish and other.ish != self.ish:
            self.ish, self.ish_conflict = None, True
        elif other.ish and not self.ish_conflict:
            self.ish = self.ish or other.ish
        if self.pct is None:
            self.pct = other.pct


class _Reader:
    """Reads the HER2 mentions of one unit ``text[us:ue]``."""

    def __init__(self, R: _Rules, text: str, us: int, ue: int, extra: re.Pattern | None):
        self.R, self.text, self.us, self.ue = R, text, us, ue
        self.toks = self._tokens(extra)
        self.frames: list[_Frame] = []
        self.orphans: list[list[_Tok]] = []
        self.converted: list[_Tok] = []  # amplification mentions read as ISH results
        self.consumed: set[int] = set()  # status tokens read as part of a mention
        self._read()

    # -- tokens
    def _tokens(self, extra: re.Pattern | None) -> list[_Tok]:
        R, t = self.R, self.text
        toks: list[_Tok] = []
        pending: _Tok | None = None  # a comparator waiting for its number
        for m in R.tokens.finditer(t, self.us, self.ue):
            kind, row = R.group[m.lastgroup]
            tok = _Tok(kind, row["id"], m.start(), m.end(), row)
            if pending is not None and kind in _CMP_TARGETS and m.start() - pending.end <= 2 \
                    and not t[pending.end : m.start()].strip():
                tok.start = pending.start  # "≥ 30%", "≥ 1+": the comparator is part of the reading
            pending = tok if kind == "cmp" else None
            if kind != "cmp":
                toks.append(tok)
        if extra is not None:
            taken = [(k.start, k.end) for k in toks]
            for m in extra.finditer(t, self.us, self.ue):
                if not any(s < m.end() and m.start() < e for s, e in taken):
                    toks.append(_Tok("anchor", "sp.abbreviation", m.start(), m.end(), {"id": "sp.abbreviation"}))
            toks.sort(key=lambda k: k.start)
        return toks

    def _gap(self, a: int, b: int) -> str:
        return self.text[a:b] if b > a else ""

    def _chain_ok(self, a: int, b: int) -> bool:
        if b < a:
            return False
        g = self.text[a:b]
        if len(g) > _MAX_CHAIN_GAP or self.R.clause.search(g):
            return False
        if len(self.R.words.findall(g)) > _MAX_CHAIN_WORDS or self.R.marker.search(g):
            return False
        return self.R.chain_gap.fullmatch(g) is not None

    def _binds(self, a: int, b: int) -> bool:
        g = self._gap(a, b)
        return len(g) <= _MAX_CHAIN_GAP and self.R.bind_gap.fullmatch(g) is not None and not self.R.or_word.search(g)

    def _clause_end(self, pos: int) -> int:
        m = self.R.clause.search(self.text, pos, self.ue)
        return m.start() if m else self.ue

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
            f = _Frame(t.start, t.end, t.rid)
            m = R.sign_re.match(text, t.end, self.ue)
            if m:
                row = R.sign_rows[m.lastgroup]
                if row.get("status"):
                    f.sign_status = row["status"]
                if row.get("ihc"):
                    f.init_alts.append(nh.Alternative(str(row["ihc"])))
                    f.sign_score = True
                f.end = m.end()
                f.rid = row["id"]
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
            if not any(w[1] == "strong" for w in f.words) and not f.sign_status and i > 0:
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

    def _any(self, f: _Frame, anchor: _Tok) -> None:
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

    def _amplification_only(self, f: _Frame) -> bool:
        if not f.words or f.sign_status or f.init_alts:
            return False
        return all(w[3].get("ish") for w in f.words)

    def _convert_amplification(self) -> None:
        """An amplification mention inside another definition is an ISH result of it."""
        keep = []
        for f in self.frames:
            inside = any(
                g is not f and g.scope and g.scope[0] <= f.start < g.scope[1] for g in self.frames
            )
            prev = None
            for t in self.toks:
                if t.end <= f.start:
                    prev = t
                else:
                    break
            after_score = (
                prev is not None
                and prev.kind in _IHC_ROLES
                and self._binds(prev.end, f.start)
            )
            if self._amplification_only(f) and (inside or after_score):
                res = f.words[0][3]["ish"]
                if res == "POSITIVE" and self._negated(f.start):
                    res = "NEGATIVE"
                role = "ish_pos" if res == "POSITIVE" else "ish_neg"
                self.converted.append(_Tok(role, f.words[0][2], f.start, f.end, {"id": f.words[0][2]}))
                continue
            keep.append(f)
        self.frames = keep

    def _elements(self, consumed: set[int]) -> list[_Tok]:
        spans = [(f.start, f.end) for f in self.frames]
        out = list(self.converted)
        for i, t in enumerate(self.toks):
            if any(s <= t.start < e for s, e in spans):
                continue
            if any(c.start <= t.start < c.end for c in out):
                continue
            if t.kind in _EARLY_ROLES or t.kind in _LATE_ROLES:
                out.append(t)
            elif t.kind == "status" and i not in consumed and t.row.get("ish"):
                role = "ish_pos" if t.row["ish"] == "POSITIVE" else "ish_neg"
                out.append(_Tok(role, t.rid, t.start, t.end, t.row))
            elif t.kind == "status" and i not in consumed and t.row["status"] == "MUTANT":
                out.append(_Tok("variant", t.rid, t.start, t.end, t.row))
        out.sort(key=lambda k: k.start)
        return out

    def _attach(self, elems: list[_Tok]) -> None:
        if not elems:
            return
        frames = self.frames
        runs: list[list[_Tok]] = [[elems[0]]]
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
            valued = any(t.kind in _VALUE_ROLES for t in run)
            if target is None and valued and next_f and self._chain_ok(re_, next_f[0].start):
                target = next_f[0]
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

    def _method_by(self, f: _Frame, run: list[_Tok]) -> bool:
        """A test name introduced by "by/using/with ..." after the mention, in the same clause
        and with no other marker between: the test the mention was found by."""
        if not all(t.kind in _METHOD_ROLES and not t.row.get("descriptor") for t in run):
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
        keep: list[_Frame] = []
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
            if pair and self.R.coord_gap.fullmatch(gap) and self.R.or_word.search(gap):
                pos, amp = pair
                tok = _Tok("ish_pos", amp.words[0][2], amp.start, amp.end,
                           {"id": amp.words[0][2], "status_mention": True})
                pos.elems = sorted(pos.elems + [tok] + amp.elems, key=lambda t: t.start)
                pos.start = min(pos.start, amp.start)
                pos.end = max(pos.end, amp.end)
                if amp.scope and amp.paren:
                    pos.scope, pos.paren = amp.scope, True
                self.frames.remove(amp)
                continue
            k += 1

    def _eligible_orphan(self, run: list[_Tok]) -> bool:
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
            if t.kind in ("score", "score_range") and _IHC_WORD.match(s):
                return True
            if t.kind in ("ish_pos", "ish_neg", "ratio", "signals") and _SPECIFIC.search(s):
                return True
        return False

    # -- alternatives and statuses
    def _alternatives(self, f: _Frame) -> None:
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
                for a in _score_alternatives(R, e.kind, s):
                    alts.append(a)
                cur_i = len(alts) - 1
            elif e.kind in _ISH_ROLES:
                res = _ish_result(R, e.kind, s)
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
                lo = _pct_min(R, s)
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
        excluded = R.excl_post.search(after) is not None
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
        # a test named by its method takes the specimen before it and the noun after it
        # ("tissue or plasma NGS assay"), never quality words ("CLIA-certified or equivalent")
        if elems[0].kind in _METHOD_ROLES and not elems[0].row.get("descriptor"):
            lo = max(self.us, a - 60, f.end if f.end <= a else self.us)
            m = R.test_specimen.search(text, lo, a)
            if m:
                a = m.start()
        if elems[-1].kind in _METHOD_ROLES and not elems[-1].row.get("descriptor"):
            m = R.test_head.match(text, b, self.ue)
            if m is None and text.startswith(")", b):
                m = R.test_head.match(text, b + 1, self.ue)  # "sequencing (NGS) assay"
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
            if elems[k].kind not in ("ratio", "signals"):
                return elems
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
    return nh.ish_from_measure(kind, op, float(nums[-1]))


def _pct_min(R: _Rules, s: str) -> float | None:
    m = R.num.search(s)
    if not m:
        return None
    c = R.cmp_prefix.search(s, 0, m.start())
    op = comparators.normalize_comparator(c.group(0)) if c else None
    if R.cmp_post.search(s, m.end()):
        op = ">="
    return float(m.group(0)) if op in (">=", ">") else None


# --------------------------------------------------------------------------- units

def _title_cut(R: _Rules, text: str, a: int, b: int) -> tuple[int, tuple[int, int] | None]:
    """A labeled title line inside ``text[a:b]`` ("Full study title: ...", "Official title:
    ..."): (where the unit's own text ends, the span of the title to the end of its line)."""
    pos = a
    while True:
        m = R.title_label.search(text, pos, b)
        if m is None:
            return b, None
        p = R.title_prefix.search(text, max(a, m.start() - 40), m.start())
        start = p.start() if p else m.start()
        if start == a or not text[start - 1].isalpha():
            break
        pos = m.end()  # "subtitle:", "entitle:": not a label
    nl = text.find("\n", m.end(), b)
    t0, t1 = m.end(), b if nl < 0 else nl
    while t0 < t1 and text[t0].isspace():
        t0 += 1
    while t1 > t0 and text[t1 - 1].isspace():
        t1 -= 1
    cut = start
    while cut > a and text[cut - 1].isspace():
        cut -= 1
    return cut, ((t0, t1) if t1 > t0 else None)


def _sentences(R: _Rules, text: str, a: int, b: int) -> tuple[list[tuple[int, int]], tuple[int, int] | None]:
    """The sentences of a piece of prose ``text[a:b]`` (one line), and the span of a labeled
    title inside it ("... Official title: ..."), which is no sentence."""
    b, title = _title_cut(R, text, a, b)
    out, pos = [], a
    for m in R.sentence.finditer(text, a, b):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if b > pos:
        out.append((pos, b))
    return out, title


def _prose_kind(R: _Rules, text: str, s: int, e: int, inherit: bool, frame: _Frame) -> str | None:
    """What a mention in a sentence of prose states: "criterion" (the sentence states a
    requirement: "To be eligible, patients must have ..."), POPULATION (it says whom the study
    enrolls or targets) or None (background). The cue must stand in the part of the sentence
    that holds the mention ("X is studied in other trials for HER2-positive cancer, but this
    study only includes ..."), and the clause of the mention must not be background."""
    a, b = s, e
    for m in R.contrast.finditer(text, s, e):
        if m.end() <= frame.start:
            a = m.start()
        elif m.start() >= frame.surface_end:
            b = m.start()
            break
    c0 = s
    for m in R.clause_split.finditer(text, s, frame.start):
        c0 = m.end()
    # the clause runs on to the first separator outside parentheses ("a trial in people with
    # HER2-positive cancer (HLXT-301, NCT05811923) is ongoing")
    c1, depth = e, 0
    for m in R.clause_paren.finditer(text, frame.surface_end, e):
        if m.group(0) == "(":
            depth += 1
        elif m.group(0) == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            c1 = m.start()
            break
    if R.background.search(text, c0, c1):
        return None
    if R.require.search(text, a, b):
        return "criterion"
    if inherit or R.enroll.search(text, a, b):
        return POPULATION
    return None


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


def extract_her2(
    text: str, layout: Layout, abbreviations: Mapping[str, str] | None = None
) -> list[Fact]:
    """Every HER2 requirement of a page as ``her2`` facts (see the module docstring)."""
    extra = _abbreviation_anchor(rules(frozenset()), abbreviations)
    anchors = [(m.start(), m.end()) for m in rules(frozenset()).quick_re.finditer(text)]
    if extra is None and not anchors:
        return []
    R = rules(languages(text))
    page = _Page(R, text, layout, extra, anchors)
    rows, titled = page.criteria_rows()
    pop: dict[str, _Row] = {}
    pop_order: list[tuple[int, int, str]] = []
    for rank, _, s, e, kind, inherit in sorted(page.free_units(titled)):
        if kind in (INCLUSION, EXCLUSION):
            for row in _unit_rows(_Reader(R, text, s, e, extra), kind, (s, e)):
                _merge_restated(rows, row)
            continue
        reader = _Reader(R, text, s, e, extra)
        if kind == "prose":
            # a prose sentence: each mention is a requirement, a population or background
            said = [_prose_kind(R, text, s, e, inherit, f) for f in reader.frames]
            if "criterion" in said:
                for f, k in zip(reader.frames, said):
                    f.skip = k != "criterion"
                for row in _unit_rows(reader, INCLUSION, (s, e)):
                    _merge_restated(rows, row)
            if POPULATION not in said:
                continue
            for f, k in zip(reader.frames, said):
                f.skip = k != POPULATION
        for row in _unit_rows(reader, POPULATION, (s, e)):
            first = pop.get(row.status)
            if first is None:
                pop[row.status] = row
                pop_order.append((rank, row.start, row.status))
            elif not first.detailed and row.detailed:
                first.adopt_details(row)
    out = [_fact(text, r) for r in rows]
    out.extend(_fact(text, pop[k]) for _, _, k in sorted(pop_order))
    return out


def _unit_rows(reader: "_Reader", base: str, ev: tuple[int, int]) -> list[_Row]:
    rows: list[_Row] = []
    for row in reader.rows(base, ev):
        _merge_into(rows, row)
    return rows


def _merge_restated(rows: list[_Row], row: _Row) -> None:
    """A requirement read outside a criteria list (prose, an unlisted paragraph, a
    translation) that a criterion row already states is the same requirement: one row,
    details from the first mention that has any."""
    for r in rows:
        if r.ctype == row.ctype and r.status == row.status:
            if not r.detailed and row.detailed:
                r.adopt_details(row)
            return
    rows.append(row)


# --------------------------------------------------------------------------- where a mention stands

_SKIP_SECTIONS = frozenset({"outcomes", "arms", "sponsors", "locations", "related"})
_RANK = {"title": 0, "conditions": 1}
_LIST_MARK = re.compile(r"[ \t>#]*(?:(?:[-*•·◦▪●‣+|]|\(?\d{1,2}[.)]|\(\d{1,2}\)|[a-z][.)])[ \t]+|[・◆■□◇○●•][ \t]*)?")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
# site furniture the layout's title skips leave: breadcrumbs with one separator, site names
# with a domain, CJK bars
_NAV = re.compile(r"\s(?:>|›|»)\s|\S\s/\s\S.*\s/\s|\b[\w-]+\.(?:com|org|net|co|gov|io|de|es|fr|jp|cn|in|uk|au|nl|it|br)\b")
_CJK_NAV = re.compile(r"[>›»|]|\S\s{2,}\S")
# a line that starts with a label of its own: a few words, then ":" or "|"
_OWN_LABEL = re.compile(r"[^\W\d_][\w()/&'’ -]{0,48}?[ \t]*(?:\||:(?!//))")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|。")
_TAG = re.compile(r"[\x00-\x7f]{0,5}")  # a blank line, a language tag ("en", "pt-br"), a dash


class _Page:
    """Where each HER2 mention of a page stands: inside a criterion of the page's lists, or in
    title, conditions, eligibility or summary text found anywhere (module docstring, "Where
    rows come from"). Sections of the layout are evidence, never a gate."""

    def __init__(self, R: _Rules, text: str, layout: Layout | None, extra: re.Pattern | None,
                 anchors: list[tuple[int, int]]):
        self.R, self.text, self.extra = R, text, extra
        self.sections = list(layout.sections) if layout else []
        open_units = bool(getattr(layout, "open_units", False))
        self.crits = list(layout.criteria) if layout and not open_units else []
        self.lines = _raw_lines(text)
        self.starts = [a for a, _ in self.lines]
        self.not_own = [(s.start, s.end) for s in self.sections if s.name == "related"]
        self._body: int | None = None
        self._content: dict[int, tuple[int, int, bool]] = {}
        spans = list(anchors)  # the HER2 spellings of the page (one scan, shared)
        if extra is not None:
            spans += [(m.start(), m.end()) for m in extra.finditer(text)]
        self.anchors = sorted(spans)
        self.anchor_starts = [a for a, _ in self.anchors]

    # -- basics
    def has_anchor(self, a: int, b: int) -> bool:
        """Whether ``text[a:b]`` holds a HER2 spelling."""
        k = bisect_left(self.anchor_starts, a)
        while k < len(self.anchors) and self.anchors[k][0] < b:
            if self.anchors[k][1] <= b:
                return True
            k += 1
        return False

    def section_at(self, pos: int) -> str | None:
        best = None
        for s in self.sections:
            if s.start <= pos < s.end and (best is None or s.end - s.start <= best.end - best.start):
                best = s
        return best.name if best else None

    def line_at(self, pos: int) -> int:
        return max(0, bisect_right(self.starts, pos) - 1)

    def content(self, i: int) -> tuple[int, int, bool]:
        """(start, end, is a list item) of line ``i`` without its list mark and padding."""
        got = self._content.get(i)
        if got is None:
            a, b = self.lines[i]
            m = _LIST_MARK.match(self.text, a, b)
            cs = m.end()
            while b > cs and self.text[b - 1] in " \t|":
                b -= 1
            got = self._content[i] = (cs, b, m.group(0).strip(" \t>#") != "")
        return got

    # -- criteria lists
    def criteria_rows(self) -> tuple[list[_Row], list[tuple[int, int]]]:
        """Rows of the criteria lists (one unit each; a nested criterion that only defines its
        parent's status adds to the parent's row), and the labeled title lines found inside them."""
        R, text = self.R, self.text
        # an unmarked line the layout swept into a list after a title or condition label
        # ("Health Condition(s) or Problem(s) studied" / "HER2-positive gastric cancer") is
        # that label's value, not a criterion
        # and a criterion of an earlier protocol version ("Previous participant inclusion
        # criteria: 1. ...") is no requirement of the study as it stands
        self.crits = crits = [c for c in self.crits
                              if not (self.has_anchor(c.start, c.end) and
                                      (self._label_value(c.start) or self._superseded(c.start)))]
        titled: list[tuple[int, int]] = []
        ends: list[int] = []
        for c in crits:
            cut, title = (c.end, None)
            if self.has_anchor(c.start, c.end):
                cut, title = _title_cut(R, text, c.start, c.end)
            ends.append(cut)
            if title is not None:
                titled.append(title)
        anchored = [self.has_anchor(c.start, ue) for c, ue in zip(crits, ends)]
        rows_of: dict[int, list[_Row]] = {}

        def ancestor(i: int) -> int | None:
            p, seen = crits[i].parent, 0
            while p is not None and 0 <= p < len(crits) and seen < 10:
                if anchored[p]:
                    return p
                p, seen = crits[p].parent, seen + 1
            return None

        ordered: list[_Row] = []
        for i, c in enumerate(crits):
            anc = None if anchored[i] else ancestor(i)
            if not anchored[i] and anc is None:
                continue
            reader = _Reader(R, text, c.start, ends[i], self.extra)
            rows = _unit_rows(reader, c.criterion_type, (c.start, c.end))
            target = anc if anc is not None else (ancestor(i) if c.parent is not None else None)
            orphan = reader.orphan_rows(c.criterion_type, (c.start, c.end), specific_only=target is None)
            parent_rows = rows_of.get(target, []) if target is not None else []
            for row in orphan:
                hit = next((r for r in parent_rows if r.ctype == row.ctype and r.status == row.status), None)
                if hit is None:
                    _merge_into(rows, row)
                    continue
                mine, theirs = _assay_of(text, hit), _assay_of(text, row)
                joined = f"{mine}; {theirs}" if mine and theirs and theirs.lower() not in mine.lower() else mine or theirs
                hit.merge(row, union_assay=False)
                hit.assay = joined
            rows_of[i] = rows
            ordered.extend(rows)
        return ordered, titled

    # -- everything else
    def free_units(self, titled: list[tuple[int, int]]):
        """(rank, start, end, kind) of the text outside the criteria lists that holds a HER2
        mention: kind ``title``/``conditions`` (POPULATION), ``prose`` (POPULATION when the
        sentence says whom the study enrolls), ``criterion`` (a prose requirement) or
        INCLUSION/EXCLUSION (text led by an eligibility cue)."""
        text = self.text
        for a, b in titled:
            yield 0, a, a, b, "title", False
        covered = sorted((c.start, c.end) for c in self.crits) + sorted(titled)
        seen_lines: set[int] = set()
        for m in self.anchor_starts:
            i = self.line_at(m)
            if i in seen_lines:
                continue
            seen_lines.add(i)
            a, b = self.lines[i]
            for s, e in _minus(a, b, covered):
                if self.has_anchor(s, e) and self.own(s):
                    yield from self._units_of(i, s, e)


    def own(self, pos: int) -> bool:
        return not any(a <= pos < b for a, b in self.not_own)

    def _units_of(self, i: int, s: int, e: int):
        role = self._population_role(i, s, e)
        if role is not None:
            kind, s2 = role
            yield _RANK[kind], s2, s2, e, kind, False
            return
        lead = self._lead_line(i)
        for s2, e2, ctype in self._eligibility_segments(i, s, e, lead):
            if not self.has_anchor(s2, e2):
                continue
            if ctype is not None:
                if not self.R.superseded.search(self.text, self.lines[i][0], s2):
                    yield 3, s2, s2, e2, ctype, False
            elif self.section_at(s2) not in _SKIP_SECTIONS:
                # a list item under a line that says whom the study enrolls ("The study plans
                # to enroll about 180 people:") says it too
                cued = lead is not None and self.content(i)[2] and self._enroll_lead(lead)
                sentences, title = _sentences(self.R, self.text, s2, e2)
                if title is not None and self.has_anchor(*title):
                    yield 0, title[0], title[0], title[1], "title", False
                for a, b in sentences:
                    # a sentence without an enroll or a require cue states nothing: not read
                    if self.has_anchor(a, b) and (cued or self.R.enroll.search(self.text, a, b)
                                                  or self.R.require.search(self.text, a, b)):
                        yield 2, a, a, b, "prose", cued

    def _enroll_lead(self, j: int) -> bool:
        cs, ce, _ = self.content(j)
        return self.text[cs:ce].endswith(":") and self.R.enroll.search(self.text, cs, ce) is not None

    def _population_role(self, i: int, s: int, e: int) -> tuple[str, int] | None:
        """("title"|"conditions", where the value starts) for a title or condition line: a
        labeled line (value on it or on the line after the label), the layout's title or
        conditions section, or the page's headline."""
        label = self._label(i)
        if label is not None:
            kind, vs = label
            if vs < self.content(i)[1]:
                return (kind, max(s, vs)) if e > vs else None
        prev = self._label_above(i)
        if prev is not None:
            return prev, s
        sec = self.section_at(s)
        if sec in ("title", "conditions"):
            return sec, s
        if self._headline(i):
            return "title", s
        return None

    def _superseded(self, pos: int) -> bool:
        i = self.line_at(pos)
        return self.R.superseded.search(self.text, self.lines[i][0], self.anchors[bisect_left(self.anchor_starts, pos)][0]) is not None

    def _label_value(self, pos: int) -> bool:
        i = self.line_at(pos)
        cs, _, is_list = self.content(i)
        if is_list or pos > cs:
            return False
        label = self._label(i)
        return (label is not None and label[1] > cs) or self._label_above(i) is not None

    def _label(self, i: int) -> tuple[str, int] | None:
        cs, ce, _ = self.content(i)
        m = self.R.line_label.match(self.text, cs, ce)
        if m is None:
            return None
        return ("title" if m.group("title") else "conditions"), m.end()

    def _label_above(self, i: int) -> str | None:
        """The label of a label-only line right above line ``i`` (short tags such as a
        language code "en" may stand between)."""
        j, tags = i - 1, 0
        while j >= 0 and tags <= 2:
            cs, ce, _ = self.content(j)
            if ce - cs == 0:
                j -= 1
                continue
            label = self._label(j)
            if label is not None and label[1] >= ce:
                return label[0]
            if ce - cs > 5:
                return None
            j, tags = j - 1, tags + 1
        return None

    def _headline(self, i: int) -> bool:
        """Whether line ``i`` is (part of) the page's headline: a title-like line above the
        page's body (its first sentence of prose or first criterion); site bars, breadcrumbs,
        list items and section headings are not."""
        if self._body is None:
            self._body = self._body_line()
        if i >= self._body:
            return False
        cs, ce, is_list = self.content(i)
        line = self.text[cs:ce]
        cjk = len(_CJK.findall(line))
        words = len(line.split())
        if is_list or not (3 <= words <= 45 or cjk >= 8) or len(line) > 400 \
                or line.endswith((":", ";", ",")) or "http" in line or self._skipped(line, cjk):
            return False
        b = self.lines[i][1]
        return not any(s.start in (b + 1, b + 2) for s in self.sections)  # not a section heading

    def _skipped(self, line: str, cjk: int) -> bool:
        """Site furniture: site bars, breadcrumbs, site names (the layout's title skips read a
        CJK title, one "word" without spaces, as a site name: CJK lines have their own test)."""
        if _NAV.search(line):
            return True
        if cjk >= 8:
            return _CJK_NAV.search(line) is not None
        return any(p.search(line) for p in layout_rules().title_skip)

    def _body_line(self) -> int:
        """The first line of the page's body: a sentence of prose or a criterion."""
        stop = min((c.start for c in self.crits), default=len(self.text))
        for i, (a, _) in enumerate(self.lines[:80]):
            if a >= stop:
                return i
            cs, ce, _ = self.content(i)
            line = self.text[cs:ce]
            cjk = len(_CJK.findall(line))
            if _SENTENCE_END.search(line) and (len(line.split()) >= 12 or cjk >= 20) \
                    and not self._skipped(line, cjk):
                return i
        return min(80, len(self.lines))

    def _eligibility_segments(self, i: int, s: int, e: int, lead: int | None) -> list[tuple[int, int, str | None]]:
        """The piece ``text[s:e]`` of line ``i`` cut at inline eligibility cues ("Key inclusion
        criteria - (1) ... Key exclusion criteria - (1) ..."), each with the criterion type its
        nearest cue gives (None: no cue): earlier on the line, or on the lead line above."""
        a, _ = self.lines[i]
        ctype = _last_cue(self.R, self.text, a, s)
        if ctype is None and lead is not None:
            cs, ce, _ = self.content(lead)
            if _short(self.text[cs:ce]):
                ctype = _last_cue(self.R, self.text, cs, ce)
        out, pos = [], s
        for m in self.R.elig_inline.finditer(self.text, s, e):
            if m.start() > pos:
                out.append((pos, m.start(), ctype))
            pos, ctype = m.end(), (EXCLUSION if m.group("exc") else INCLUSION)
        out.append((pos, e, ctype))
        return out

    def _lead_line(self, i: int) -> int | None:
        """The line that heads line ``i``'s list or paragraph: the nearest line above that
        ends with ":" or holds an eligibility cue, passing over the items of the same list
        (marked items, or unmarked ones ending with ";"), blank lines and language tags; a
        line that carries its own label ("Brief Summary | ...") has none."""
        text = self.text
        cs, ce, is_list = self.content(i)
        if not is_list and _OWN_LABEL.match(text, cs, ce):
            return None
        j = i - 1
        while j >= 0 and i - j <= 40:
            cs, ce, j_list = self.content(j)
            line = text[cs:ce]
            if _TAG.fullmatch(line):
                j -= 1
                continue
            if line.endswith(":") or (_short(line) and self.R.elig_cue.search(line)):
                return j
            if line.endswith((";", "；", ",")) or (is_list and j_list):
                j -= 1  # an item of the same list
                continue
            return j
        return None


def _short(line: str) -> bool:
    """A heading-like line: a few words (or a short CJK line), or a label ending with ":"."""
    if _CJK.search(line):
        return len(line) <= 40
    n = len(line.split())
    return n <= 12 or (line.endswith(":") and n <= 25)


def _last_cue(R: _Rules, text: str, a: int, b: int) -> str | None:
    last = None
    for m in R.elig_cue.finditer(text, a, b):
        last = EXCLUSION if m.group("exc") else INCLUSION
    return last


def _raw_lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _minus(a: int, b: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``[a, b)`` without the given spans."""
    out, pos = [], a
    for s, e in spans:
        if e <= pos or s >= b:
            continue
        if s > pos:
            out.append((pos, s))
        pos = max(pos, e)
    if pos < b:
        out.append((pos, b))
    return out


def row_of(fact: Fact) -> dict[str, Any]:
    """The CONTRACT row of a fact (its ``attrs``), for tests and scorers."""
    return dict(fact.attrs)

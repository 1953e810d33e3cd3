"""Criterion cues of the shared context layer: what a span's own words say it states.

One compiled set of cues per set of languages (``rules/context.yaml`` ``criterion_cues``, plus
the ``context`` rows of the page's language files ``rules/her2_lang_<code>.yaml``), read the
same way by every extractor:

- eligibility cues (``elig_inc``/``elig_exc``): the criterion type a heading, a lead line or an
  inline cue ("Key exclusion criteria - (1) ...") gives the text after it (:func:`last_cue`);
- title and condition labels (``title_line``, ``condition_line``, ``title_label``): a line
  that names the trial or its population, never a criterion (:func:`title_cut`);
- the prose policy (``require``, ``enroll``, ``elig_prose``, ``background``, ``contrast``): a
  mention in a sentence of prose is a criterion, a statement of the population, or background
  (:func:`prose_kind`);
- negated requirements (``excl_post``: "patients with X are ineligible") and criteria of an
  earlier protocol version (``superseded``).

A language is rule data: :func:`languages` tells from a page's head which language files it
needs (their ``detect`` rows), so an English page reads exactly the base rows.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .. import ruledata
from ..components.prescan import any_case, first_chars, first_class
from ..model import POPULATION
from ..pageindex import Triggered

__all__ = ["CJK_CHARS", "Cues", "cues", "language_files", "languages", "last_cue", "page_languages",
           "prose_kind", "sentences", "title_cut", "with_languages"]

CJK_CHARS = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff"
_ROLES = ("elig_inc", "elig_exc", "elig_verb", "superseded", "title_line", "condition_line", "title_label",
          "title_prefix", "require", "enroll", "elig_prose", "background", "contrast", "excl_post")


# --------------------------------------------------------------------------- languages

def language_files() -> frozenset[str]:
    return frozenset(n for n in ruledata.rule_files() if n.startswith("her2_lang_"))


def with_languages(name: str, key: str, lang_key: str, required: list[str], langs: frozenset[str]) -> list[dict]:
    """Rows of a base rule file followed by the rows of the given language files under ``lang_key``
    (a language file's ``marks`` are optional after each of its letters: :func:`with_marks`)."""
    rows = ruledata.load(name, required=required, key=key)
    for lang in sorted(langs):
        marks = _marks(lang)
        rows += [{**r, "pattern": with_marks(r["pattern"], marks)} if marks and r.get("pattern") else r
                 for r in ruledata.load(lang, required=required, key=lang_key)]
    return rows


def _marks(lang: str) -> str | None:
    data = ruledata._parse_yaml(lang)
    return data.get("marks") if isinstance(data, dict) else None


_QUANT = re.compile(r"(?:[?*+]|\{\d+(?:,\d*)?\})\??")


def with_marks(pattern: str, marks: str) -> str:
    """``pattern`` with the combining marks ``marks`` (a character-class body, e.g. Arabic short
    vowels and shadda) allowed after each of its non-ASCII letters and letter classes, so a word
    written without its vowel marks also reads the word written with them ("ايجابي" reads
    "إِيجَابِيّ"). A quantifier stays with its letter ("[ةه]?" -> "[ةه]?[marks]*")."""
    out, i, n = [], 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if c == "[":
            j = i + 1
            while j < n and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            atom, i = pattern[i:j + 1], j + 1
            letter = any(x.isalpha() and not x.isascii() for x in atom)
        else:
            atom, i = c, i + 1
            letter = c.isalpha() and not c.isascii()
        out.append(atom)
        if letter:
            q = _QUANT.match(pattern, i)
            if q:
                out.append(q.group(0))
                i = q.end()
            out.append(f"[{marks}]*")
    return "".join(out)


@lru_cache(maxsize=2)
def detectors(recall: bool = False) -> tuple[tuple[str, int, frozenset[str] | None, re.Pattern | None], ...]:
    """The ``detect`` rows of every language file; with ``recall`` also the rows kept for the
    recall-first page reading alone (``recall_only``: a language's letters or script, words
    no other page uses)."""
    out = []
    for name in sorted(language_files()):
        for r in ruledata.load(name, required=["min"], key="detect"):
            if r.get("recall_only") and not recall:
                continue
            words = frozenset(w.lower() for w in r.get("words") or ()) or None
            rx = re.compile(r["pattern"]) if r.get("pattern") else None
            if words is None and rx is None:
                raise ruledata.RuleFileError(f"{name}: detect row {r['id']!r} has neither words nor pattern")
            out.append((name, int(r["min"]), words, rx))
    return tuple(out)


@lru_cache(maxsize=2)
def _any_script(recall: bool = False) -> re.Pattern:
    """A character a match of some ``detect`` pattern starts with (one search, not one each)."""
    alts = [rx.pattern for _, _, _, rx in detectors(recall) if rx is not None]
    if not alts:
        return re.compile("(?!)")
    first = first_class("|".join(f"(?:{a})" for a in alts))
    return re.compile(any_case(first) if first else "")  # every case written out: a fast scan


@lru_cache(maxsize=2)
def _detect_words(recall: bool = False) -> frozenset[str]:
    """Every ``detect`` word of every language file."""
    return frozenset().union(*(words for _, _, words, _ in detectors(recall) if words))


def languages(text: str) -> frozenset[str]:
    """The language files a page needs (English, the base files, is always read): those of
    whose ``detect`` words the page uses at least ``min`` different ones, or that have at least
    ``min`` characters of their ``detect`` character class."""
    found: set[str] = set()
    used: set[str] | None = None
    head = text[:6000]  # the page's head says its language
    scripts = _any_script().search(head) is not None  # a character some class detector counts
    for name, n, words, rx in detectors():
        if name in found:
            continue
        if rx is not None:
            if scripts and len(rx.findall(head)) >= n:
                found.add(name)
            continue
        if used is None:
            used = _detect_words().intersection(head.lower().split())  # the head's detect words
        if len(words & used) >= n:
            found.add(name)
    return frozenset(found)


def page_languages(text: str) -> frozenset[str]:
    """The codes (``her2_lang_<code>.yaml``) of every language a page holds, read once per page
    and shared by the components that gate their rule rows by language (``lang``): recall-first,
    over the whole page: a language counts when the page uses two different ones of its
    ``detect`` words (one when its ``min`` is one) or one character a ``detect`` pattern counts
    (with the ``recall_only`` rows: the language's own letters or script). So a mixed page, or
    an English page quoting one phrase in the language, gets the language's rows; a superset of
    :func:`languages` (the head's language, by its ``min``)."""
    return _page_languages(text)


@lru_cache(maxsize=1)
def _first_chars() -> tuple[re.Pattern | None, ...]:
    """Per recall detector, the characters a match of its pattern starts with."""
    return tuple(re.compile(first_class(rx.pattern) or "") if rx is not None else None
                 for _, _, _, rx in detectors(True))


@lru_cache(maxsize=4)
def _page_languages(text: str) -> frozenset[str]:
    found: set[str] = set()
    used: set[str] | None = None
    chars = "".join(set(text))  # each character of the page once: a pattern is tried only when one may start it
    for (name, n, words, rx), first in zip(detectors(True), _first_chars()):
        code = name[len("her2_lang_"):].rsplit(".", 1)[0]
        if code in found:
            continue
        if rx is not None:
            if first.search(chars) and rx.search(text):
                found.add(code)
            continue
        if used is None:
            used = _detect_words(True).intersection(text.lower().split())
        if len(words & used) >= min(2, n):
            found.add(code)
    return frozenset(found)


# --------------------------------------------------------------------------- compiled cues

def _alt(patterns: list[str]) -> str:
    return "(?:" + "|".join(f"(?:{p})" for p in patterns) + ")"


class Cues:
    """The criterion cues of the base rows and the given language files, compiled."""

    def __init__(self, langs: frozenset[str]) -> None:
        rows = with_languages("context.yaml", "criterion_cues", "context", ["role", "pattern"], langs)
        plain: dict[str, list[str]] = {}
        glued: dict[str, list[str]] = {}  # CJK words, written without word edges
        for r in rows:
            if r["role"] not in _ROLES:
                raise ruledata.RuleFileError(f"criterion cue {r['id']!r}: unknown role {r['role']!r}")
            (glued if r.get("glued") else plain).setdefault(r["role"], []).append(r["pattern"])
        c = {k: _alt(plain.get(k, []) + glued.get(k, [])) for k in {*plain, *glued}}
        cjk = any(re.search(f"[{CJK_CHARS}]", str(r.get("pattern", "")))
                  for name in langs for key in ("status", "assay") for r in ruledata.load(name, key=key))
        self.cjk = cjk
        self._compile(c, cjk)

    def _compile(self, c: dict[str, str], cjk: bool) -> None:
        I = re.I
        # cue searches start at a word start only (much faster than trying every position);
        # with CJK rules, a CJK character starts a word anywhere
        ws = rf"(?:(?<![^\W\d_])|(?=[{CJK_CHARS}]))" if cjk else r"(?<![^\W\d_])(?=\w)"

        def at_word(body: str) -> Triggered:
            """``body`` at a word start; a word start whose first characters no match of
            ``body`` starts with is left at once (faster than trying every alternative), and a
            window of the page holding none of the words every match holds at once."""
            first = first_chars(body, I)
            return Triggered(re.compile(rf"{ws}{f'(?=(?i:{first}))' if first else ''}(?:{body})", I))
        self.enroll = at_word(c["enroll"])
        self.require = at_word(c["require"])
        self.elig_prose = at_word(c["elig_prose"])
        self.background = at_word(c["background"])
        self.contrast = at_word(c["contrast"])
        self.excl_post = re.compile(c["excl_post"], I)
        self.title_label = re.compile(c["title_label"], I)  # searched first (cheap), then its prefix
        self.title_prefix = re.compile(rf"(?:{c['title_prefix']})*$", I)
        # a label at the start of a line: its value follows on the line or on the next one
        sep = r"(?:[ \t]*[:：|][ \t]*|[ \t]{2,}|[ \t]+[-–][ \t]+|[ \t]*(?=\n|\Z))"
        self.line_label = re.compile(
            rf"[\"'*_]*(?:(?P<title>{c['title_line']})|(?P<conditions>{c['condition_line']}))[\"'*_]*{sep}", I)
        # a table column headed by a condition label ("| Cohort | Population | N |")
        self.condition_cell = re.compile(rf"[\"'*_]*(?:{c['condition_line']})[\"'*_]*", I)
        self.elig_cue = at_word(rf"(?P<exc>{c['elig_exc']})|(?P<inc>{c['elig_inc']})")
        # an inline cue starts the criteria after it: followed by ":", "-", "|", or by the
        # first item's number ("4.1. 適格規準(組み入れ規準) 1) ..."), maybe after a verb
        # ("Exclusion criteria are (1) ...", "Inclusion criteria included: ...")
        self.elig_inline = at_word(
            rf"(?:(?P<exc>{c['elig_exc']})|(?P<inc>{c['elig_inc']}))(?:[ \t]+(?:{c['elig_verb']}))?"
            r"(?:[\"']?[ \t]*[:：\-–|]|(?:[ \t]*\([^)\n]{0,20}\))?[ \t]*(?=\d{1,2}[.)]\s|\(\d{1,2}\)))")
        self.superseded = re.compile(c["superseded"], I)
        self.sentence = re.compile(r"(?<=[a-z0-9)\]%][.!?])\s*(?=[A-Z])|(?<=[.!?])\s+(?=[A-Z(\[\"'])|(?<=[。！？])")
        self.clause_split = re.compile(r"[,;:]|\s-\s")
        self.clause_paren = re.compile(r"[(),;:]|\s-\s")


@lru_cache(maxsize=16)
def cues(langs: frozenset[str] = frozenset()) -> Cues:
    """The compiled criterion cues for the given language files."""
    return Cues(langs)


# --------------------------------------------------------------------------- what a span says

def last_cue(C: Cues, text: str, a: int, b: int) -> str | None:
    """The criterion type the last eligibility cue in ``text[a:b]`` gives (None: no cue)."""
    last = None
    for m in C.elig_cue.finditer(text, a, b):
        last = "EXCLUSION" if m.group("exc") else "INCLUSION"
    return last


def title_cut(C: Cues, text: str, a: int, b: int) -> tuple[int, tuple[int, int] | None]:
    """A labeled title line inside ``text[a:b]`` ("Full study title: ...", "Official title:
    ..."): (where the unit's own text ends, the span of the title to the end of its line)."""
    pos = a
    while True:
        m = C.title_label.search(text, pos, b)
        if m is None:
            return b, None
        p = C.title_prefix.search(text, max(a, m.start() - 40), m.start())
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


def sentences(C: Cues, text: str, a: int, b: int) -> tuple[list[tuple[int, int]], tuple[int, int] | None]:
    """The sentences of a piece of prose ``text[a:b]`` (one line), and the span of a labeled
    title inside it ("... Official title: ..."), which is no sentence."""
    b, title = title_cut(C, text, a, b)
    out, pos = [], a
    for m in C.sentence.finditer(text, a, b):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if b > pos:
        out.append((pos, b))
    return out, title


def prose_kind(C: Cues, text: str, s: int, e: int, inherit: bool, ms: int, me: int) -> str | None:
    """What a mention ``text[ms:me]`` in the sentence of prose ``text[s:e]`` states:
    "criterion" (the sentence states a requirement: "To be eligible, patients must have ..."),
    POPULATION (it says whom the study enrolls or targets; ``inherit``: its lead line said so)
    or None (background). The cue must stand in the part of the sentence that holds the mention
    ("X is studied in other trials for HER2-positive cancer, but this study only includes ..."),
    and the clause of the mention must not be background."""
    a, b = s, e
    for m in C.contrast.finditer(text, s, e):
        if m.end() <= ms:
            a = m.start()
        elif m.start() >= me:
            b = m.start()
            break
    c0 = s
    for m in C.clause_split.finditer(text, s, ms):
        c0 = m.end()
    # the clause runs on to the first separator outside parentheses ("a trial in people with
    # HER2-positive cancer (ABC-301, NCT########) is ongoing")
    c1, depth = e, 0
    for m in C.clause_paren.finditer(text, me, e):
        if m.group(0) == "(":
            depth += 1
        elif m.group(0) == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            c1 = m.start()
            break
    if C.background.search(text, c0, c1):
        return None
    if C.require.search(text, a, b):
        return "criterion"
    if inherit or C.enroll.search(text, a, b) or C.elig_prose.search(text, a, b):
        return POPULATION
    return None

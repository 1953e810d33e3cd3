"""The NLP pipeline: ``spacy.blank("en")`` + scispaCy's AbbreviationDetector + rule components.

The page is a Doc split on whitespace. Fixed order: ``trial_layout`` (sections and
criteria, from compiled patterns) -> ``eligibility_abbreviations`` (spaCy's English
tokenizer and scispaCy's detector, run only over the criteria and arm lines that need them)
-> one component per kind of fact (``trial_facts``, ``lab_thresholds``, ``her2_criteria``,
``doses``). Each fact component calls a pure extractor function and
records its facts twice: as :class:`~extract.model.Fact` objects in ``doc._.facts`` (what
``records`` turns into rows) and as labelled spans in ``doc.spans[<kind>]`` whose ``id_`` is
the rule id. A trained model is never required; if one is installed, nothing here uses it.
"""
from __future__ import annotations

import importlib
import re
import warnings
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import Callable

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from .context import build_context
from .budget import stage
from .layout import analyze
from .model import Fact, Layout

for _attr, _default in (("layout", None), ("facts", None), ("abbreviations", None)):
    if not Doc.has_extension(_attr):
        Doc.set_extension(_attr, default=_default)

# kind of fact -> "module:function" of its extractor; the spaCy span group is the kind
EXTRACTORS: dict[str, str] = {
    "trial_facts": "extract.components.trial:extract_trial_facts",
    "lab_thresholds": "extract.components.labs:extract_lab_thresholds",
    "her2_criteria": "extract.components.her2:extract_her2",
    "doses": "extract.components.doses:extract_doses",
}
COMPONENT_ORDER = ("trial_layout", "eligibility_abbreviations", *EXTRACTORS)
MAX_TEXT_CHARS = 2**31 - 1


def _resolve(path: str) -> Callable:
    mod, fn = path.split(":")
    return getattr(importlib.import_module(mod), fn)


@Language.factory("trial_layout", default_config={})
def make_trial_layout(nlp: Language, name: str):
    def trial_layout(doc: Doc) -> Doc:
        # Doc.text is rebuilt from the tokens on every access: keep it once
        text = _text(doc)
        if doc._.layout is None:
            # the layout's sections are evidence for the shared context layer, which gives
            # every extractor the page's eligibility units and what each position belongs to
            doc._.layout = build_context(text, analyze(text))
        if doc._.facts is None:
            doc._.facts = []
        return doc

    return trial_layout


class EligibilityAbbreviations:
    """scispaCy's AbbreviationDetector over the criteria and arm lines that need it.

    The detector resolves parenthesised short forms ("absolute neutrophil count (ANC)").
    Run over whole pages it costs more than all rule components together, so it sees only
    the criteria that contain a parenthesised short-form candidate (a compiled pattern finds
    them), each tokenized as one small Doc.
    """

    CANDIDATE = re.compile(r"\(\s*[A-Za-z][A-Za-z0-9/-]{0,11}\s*\)")

    def __init__(self, nlp: Language, sections: list[str], max_chars: int):
        import scispacy.abbreviation  # noqa: F401  (registers the factory)

        self.tokenizer = None  # spaCy's English tokenizer: make_nlp hands it over, else built on first use
        self.detector = scispacy.abbreviation.AbbreviationDetector(nlp, make_serializable=True)
        self.sections = set(sections)
        self.max_chars = max_chars

    def __call__(self, doc: Doc) -> Doc:
        found: dict[str, str] = {}
        layout: Layout | None = doc._.layout
        doc._.abbreviations = found
        if layout is None:
            return doc
        text = _text(doc)
        parts = [text[c.start:c.end] for c in layout.criteria if self.CANDIDATE.search(text, c.start, c.end)]
        seen_lines: set[int] = set()
        for sec in layout.sections:
            if sec.name not in self.sections or sec.name in ("eligibility", "inclusion", "exclusion"):
                continue
            for m in self.CANDIDATE.finditer(text, sec.start, sec.end):
                ls = text.rfind("\n", 0, m.start()) + 1
                if ls not in seen_lines:
                    seen_lines.add(ls)
                    le = text.find("\n", m.end())
                    parts.append(text[ls:le if le != -1 else len(text)])
        if parts:
            self._detect(parts, found)
        return doc

    def _detect(self, parts: list[str], found: dict[str, str]) -> None:
        """The detector over each part on its own (its matcher pairs every "(" with every later
        ")" of a Doc: over all parts at once, or over a part with thousands of parentheses,
        that is quadratic). A short form keeps its first long form and a long form its first
        short form, as in one Doc; at most ``max_chars`` characters in all."""
        if self.tokenizer is None:
            self.tokenizer = english_tokenizer()
        seen_long: set[str] = set()
        room = self.max_chars
        for part in parts:
            part = _cap_parens(part[:room], MAX_PARENS_PER_PART)
            room -= len(part) + 1
            sub = self.tokenizer(part)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # W036: its global matcher starts empty
                self.detector(sub)
            for abrv in sub._.abbreviations:
                # make_serializable=True stores plain dicts (needed for n_process > 1)
                if isinstance(abrv, dict):
                    short, long = abrv.get("short_text"), abrv.get("long_text")
                else:
                    short = abrv.text
                    long = abrv._.long_form.text if abrv._.long_form is not None else None
                if short and long and short not in found and long not in seen_long:
                    found[short] = long
                    seen_long.add(long)
            if room <= 0:
                break


MAX_PARENS_PER_PART = 64  # a criterion with more is cut before its 65th "(" for abbreviations


def _cap_parens(part: str, limit: int) -> str:
    """``part`` up to its ``limit + 1``-th opening parenthesis."""
    pos = -1
    for _ in range(limit + 1):
        pos = part.find("(", pos + 1)
        if pos < 0:
            return part
    return part[:pos]


def _text(doc: Doc) -> str:
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text


@Language.factory(
    "eligibility_abbreviations",
    default_config={"sections": ["eligibility", "inclusion", "exclusion", "arms"], "max_chars": 60000},
)
def make_eligibility_abbreviations(nlp: Language, name: str, sections: list[str], max_chars: int):
    return EligibilityAbbreviations(nlp, sections, max_chars)


class FactComponent:
    """Wraps a pure extractor ``f(text, layout, abbreviations) -> list[Fact]``."""

    def __init__(self, kind: str, extractor: str):
        self.kind = kind
        self.extract = _resolve(extractor)

    def __call__(self, doc: Doc) -> Doc:
        facts: list[Fact] = self.extract(_text(doc), doc._.layout, doc._.abbreviations or {})
        doc._.facts.extend(facts)
        doc.spans[self.kind] = []
        if facts:
            starts = doc.user_data.get("token_starts")
            if starts is None:
                starts = doc.user_data["token_starts"] = doc.to_array("IDX").tolist()
            spans = []
            for f in facts:
                # the tokens covering [start, end) ("expand" alignment), found by bisection
                i = max(0, bisect_right(starts, f.start) - 1)
                j = bisect_left(starts, f.end)
                if j > i:
                    spans.append(Span(doc, i, j, label=f.label, span_id=f.rule_id))
            doc.spans[self.kind] = spans
        return doc


def _register(kind: str, extractor: str) -> None:
    @Language.factory(kind, default_config={"extractor": extractor})
    def _make(nlp: Language, name: str, extractor: str):
        return FactComponent(kind, extractor)


for _kind, _path in EXTRACTORS.items():
    _register(_kind, _path)


def english_tokenizer(nlp: Language | None = None):
    """spaCy's English tokenizer, without the whitespace special cases that defeat its cache
    on line-broken text (~3x slower with them; the tokens are the same)."""
    tok = spacy.blank("en").tokenizer if nlp is None else nlp.tokenizer
    tok.rules = {k: v for k, v in tok.rules.items() if not k.isspace()}
    return tok


def make_nlp() -> Language:
    """A fresh pipeline (see module docstring for the order).

    The page Doc only carries the facts as spans, so it is split on whitespace (0.4 ms for a
    9 KB page instead of 2.4 ms with the English rules); spaCy's English tokenizer and the
    abbreviation detector see only the criteria and arm lines that need them.
    """
    from spacy.tokenizer import Tokenizer

    nlp = spacy.blank("en")
    english = english_tokenizer(nlp)  # kept for the abbreviation text (one blank("en") instead of two)
    nlp.tokenizer = Tokenizer(nlp.vocab)
    # max_length guards spaCy's parser and NER memory, which this pipeline does not use: a
    # page up to the size limit is split on whitespace, never refused (offsets are int32)
    nlp.max_length = MAX_TEXT_CHARS
    for name in COMPONENT_ORDER:
        nlp.add_pipe(name)
    nlp.get_pipe("eligibility_abbreviations").tokenizer = english
    return nlp


@lru_cache(maxsize=1)
def build_nlp() -> Language:
    """The process-wide pipeline (built once per process; workers build their own)."""
    return make_nlp()


def process(text: str, nlp: Language | None = None) -> Doc:
    """Run the pipeline over one normalized document text (kept on the Doc, so components
    never rebuild it from the tokens). Each stage is announced to :mod:`extract.budget`."""
    nlp = nlp or build_nlp()
    stage("tokenize")
    doc = nlp.make_doc(text)
    doc.user_data["text"] = text
    for name, proc in nlp.pipeline:
        stage(name)  # named in a ``timeout`` reject if the page's budget runs out here
        doc = proc(doc)
    return doc


_WARM_TEXT = """A Phase 2 Study of Warmupmab in HER2-low Breast Cancer
NCT Number: NCT00000000
Overall Status: Recruiting
Study Type: Interventional
Enrollment: 40 (Estimated)
Study Start: 2024-01-15
Last Update Posted: 2024-02-01
Arms and Interventions
Drug: Warmupmab 5.4 mg/kg intravenously every 3 weeks (Q3W)
Eligibility Criteria
Inclusion Criteria:
1. Adults aged 18 years or older
2. HER2-low (IHC 1+ or IHC 2+/ISH-negative) disease
3. Absolute neutrophil count (ANC) >= 1.5 x 10^9/L; total bilirubin <= 1.5 x ULN
Exclusion Criteria:
1. Creatinine clearance < 30 mL/min
"""


# spaCy keeps every string it has seen in the pipeline's vocabulary (ids, numbers, names are
# new on nearly every page): a worker that has seen this many rebuilds its pipeline
MAX_VOCAB_STRINGS = 500_000


def renew_if_grown(limit: int = MAX_VOCAB_STRINGS) -> bool:
    """Rebuild the process-wide pipeline when its vocabulary passed ``limit`` strings, so a
    long-running worker's memory stays flat (about a second, every few hundred thousand
    pages). Returns whether it did."""
    if not build_nlp.cache_info().currsize:
        return False
    nlp = build_nlp()
    if len(nlp.vocab.strings) <= limit:  # the English tokenizer of the abbreviations shares it
        return False
    build_nlp.cache_clear()
    warm_up.cache_clear()
    return True


@lru_cache(maxsize=1)
def warm_up() -> None:
    """Build the pipeline and run one small page through every component, so that rule
    loading and compilation happen once per process, before any page's time budget."""
    process(_WARM_TEXT)

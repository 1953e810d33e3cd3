"""The pipeline: the page's layout and context, scispaCy's AbbreviationDetector, rule components.

Fixed order: ``trial_layout`` (sections and criteria, from compiled patterns, and the shared
context layer) -> ``eligibility_abbreviations`` (spaCy's English tokenizer and scispaCy's
detector, run only over the criteria and arm lines that contain a parenthesised short form)
-> one component per kind of fact (``trial_facts``, ``lab_thresholds``, ``her2_criteria``,
``doses``). Each fact component calls a pure extractor function ``f(text, layout,
abbreviations) -> list[Fact]``; the facts are what ``records`` turns into rows.

The page itself is never a spaCy Doc: every component reads the text and the layout, nothing
reads tokens or spans of the whole page, so splitting it into tokens (and keeping every new
string in a vocabulary) was pure cost. spaCy is imported only when a page has a short form
to resolve, for the abbreviation detector. A trained model is never required.
"""
from __future__ import annotations

import importlib
import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable

from .budget import stage
from .cache import compiled_patterns
from .context import build_context
from .layout import analyze
from .model import Fact, Layout
from .pageindex import PageIndex, page_index

# kind of fact -> "module:function" of its extractor
EXTRACTORS: dict[str, str] = {
    "trial_facts": "extract.components.trial:extract_trial_facts",
    "lab_thresholds": "extract.components.labs:extract_lab_thresholds",
    "her2_criteria": "extract.components.her2:extract_her2",
    "doses": "extract.components.doses:extract_doses",
}
COMPONENT_ORDER = ("trial_layout", "eligibility_abbreviations", *EXTRACTORS)
ABBREVIATION_SECTIONS = ("eligibility", "inclusion", "exclusion", "arms")
ABBREVIATION_MAX_CHARS = 60000


def _resolve(path: str) -> Callable:
    mod, fn = path.split(":")
    return getattr(importlib.import_module(mod), fn)


@dataclass
class Page:
    """One page as the components see it: its normalized text, then what they add."""

    text: str
    layout: Layout | None = None
    abbreviations: dict[str, str] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)

    @property
    def index(self) -> PageIndex:
        """The page's shared index (``extract.pageindex``: lower-cased text, line starts, the
        lines holding a rule's trigger words), built once per page for every component."""
        return page_index(self.text)

    @property
    def _(self) -> "Page":
        """``page._.facts`` etc., as on the spaCy Doc this used to be (callers keep working)."""
        return self


def trial_layout(page: Page) -> Page:
    # the layout's sections are evidence for the shared context layer, which gives every
    # extractor the page's eligibility units and what each position belongs to
    if page.layout is None:
        page.layout = build_context(page.text, analyze(page.text))
    return page


class EligibilityAbbreviations:
    """scispaCy's AbbreviationDetector over the criteria and arm lines that need it.

    The detector resolves parenthesised short forms ("absolute neutrophil count (ANC)").
    Run over whole pages it costs more than all rule components together, so it sees only
    the criteria that contain a parenthesised short-form candidate (a compiled pattern finds
    them), each tokenized as one small Doc. spaCy and the detector are loaded on the first
    page that has such a candidate.
    """

    CANDIDATE = re.compile(r"\(\s*[A-Za-z][A-Za-z0-9/-]{0,11}\s*\)")

    def __init__(self, sections=ABBREVIATION_SECTIONS, max_chars: int = ABBREVIATION_MAX_CHARS):
        self.nlp = None  # spacy.blank("en") with its English tokenizer, built on first use
        self.detector = None
        self.sections = set(sections)
        self.max_chars = max_chars
        self._seen: dict[str, tuple[tuple[str, str], ...]] = {}  # part -> its pairs (``_pairs``)

    def __call__(self, page: Page) -> Page:
        found: dict[str, str] = {}
        page.abbreviations = found
        layout = page.layout
        if layout is None:
            return page
        text = page.text
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
        return page

    def load(self) -> None:
        """spaCy's English tokenizer and scispaCy's detector (about 1.5 s, once per process)."""
        if self.detector is None:
            with compiled_patterns():
                import scispacy.abbreviation

                self.nlp = english_nlp()
                self.detector = scispacy.abbreviation.AbbreviationDetector(self.nlp, make_serializable=True)

    def vocabulary_size(self) -> int:
        return len(self.nlp.vocab.strings) if self.nlp is not None else 0

    def _detect(self, parts: list[str], found: dict[str, str]) -> None:
        """The detector over each part on its own (its matcher pairs every "(" with every later
        ")" of a Doc: over all parts at once, or over a part with thousands of parentheses,
        that is quadratic). A short form keeps its first long form and a long form its first
        short form, as in one Doc; at most ``max_chars`` characters in all."""
        seen_long: set[str] = set()
        room = self.max_chars
        for part in parts:
            part = _cap_parens(part[:room], MAX_PARENS_PER_PART)
            room -= len(part) + 1
            for short, long in self._pairs(part):
                if short not in found and long not in seen_long:
                    found[short] = long
                    seen_long.add(long)
            if room <= 0:
                break

    def _pairs(self, part: str) -> tuple[tuple[str, str], ...]:
        """(short form, long form) pairs the detector gives for one part, in its order. A part
        is read once per process: criteria repeat word for word across a registry's pages (a
        sponsor's template, "Eastern Cooperative Oncology Group (ECOG) performance status"),
        and the detector's answer depends on the part's text alone (the last
        ``PART_CACHE_SIZE`` parts read are kept)."""
        got = self._seen.get(part)
        if got is None:
            got = self._seen[part] = self._pairs_of(part)
            while len(self._seen) > PART_CACHE_SIZE:
                del self._seen[next(iter(self._seen))]  # the oldest part read
        return got

    def _pairs_of(self, part: str) -> tuple[tuple[str, str], ...]:
        self.load()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # W036: its global matcher starts empty
            sub = self.detector(self.nlp.tokenizer(part))
        out = []
        for abrv in sub._.abbreviations:
            # make_serializable=True stores plain dicts
            if isinstance(abrv, dict):
                short, long = abrv.get("short_text"), abrv.get("long_text")
            else:
                short = abrv.text
                long = abrv._.long_form.text if abrv._.long_form is not None else None
            if short and long:
                out.append((short, long))
        return tuple(out)


MAX_PARENS_PER_PART = 64  # a criterion with more is cut before its 65th "(" for abbreviations
PART_CACHE_SIZE = 4096  # parts whose pairs a process keeps (a few hundred KB)


def _cap_parens(part: str, limit: int) -> str:
    """``part`` up to its ``limit + 1``-th opening parenthesis."""
    pos = -1
    for _ in range(limit + 1):
        pos = part.find("(", pos + 1)
        if pos < 0:
            return part
    return part[:pos]


def english_nlp():
    """``spacy.blank("en")`` whose tokenizer drops the whitespace special cases that defeat
    its cache on line-broken text (~3x slower with them; the tokens are the same)."""
    import spacy

    nlp = spacy.blank("en")
    tok = nlp.tokenizer
    tok.rules = {k: v for k, v in tok.rules.items() if not k.isspace()}
    return nlp


class FactComponent:
    """Wraps a pure extractor ``f(text, layout, abbreviations) -> list[Fact]``."""

    def __init__(self, kind: str, extractor: str):
        self.kind = kind
        self.extract = _resolve(extractor)

    def __call__(self, page: Page) -> Page:
        facts: list[Fact] = self.extract(page.text, page.layout, page.abbreviations or {})
        page.facts.extend(facts)
        return page


class Pipeline:
    """The components in their fixed order (``pipeline``: (name, component) pairs)."""

    def __init__(self, components: list[tuple[str, Callable[[Page], Page]]]):
        self.pipeline = components

    @property
    def pipe_names(self) -> list[str]:
        return [name for name, _ in self.pipeline]

    def get_pipe(self, name: str) -> Any:
        return dict(self.pipeline)[name]

    def __call__(self, text: str) -> Page:
        return process(text, self)


def make_nlp() -> Pipeline:
    """A fresh pipeline (see module docstring for the order)."""
    comps: list[tuple[str, Callable[[Page], Page]]] = [
        ("trial_layout", trial_layout), ("eligibility_abbreviations", EligibilityAbbreviations())]
    comps += [(kind, FactComponent(kind, path)) for kind, path in EXTRACTORS.items()]
    return Pipeline(comps)


@lru_cache(maxsize=1)
def build_nlp() -> Pipeline:
    """The process-wide pipeline (built once per process; workers build their own)."""
    with compiled_patterns():
        return make_nlp()


def process(text: str, nlp: Pipeline | None = None, skip: tuple[str, ...] = ()) -> Page:
    """Run the pipeline (but the components named in ``skip``) over one normalized document
    text. Each stage is announced to :mod:`extract.budget` (named in a ``timeout`` reject if
    the page's budget runs out there)."""
    nlp = nlp or build_nlp()
    page = Page(text)
    for name, proc in nlp.pipeline:
        if name in skip:
            continue
        stage(name)
        page = proc(page)
    return page


# a placeholder id (eight zeros: no record has it), built so no registry id stands in the source
_WARM_NCT = "NCT" + "0" * 8
_WARM_TEXT = f"""A Phase 2 Study of Warmupmab in HER2-low Breast Cancer
NCT Number: {_WARM_NCT}
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


# spaCy keeps every string it has seen in the abbreviation tokenizer's vocabulary (short
# forms and the words around them): a worker whose vocabulary grew this large renews it
MAX_VOCAB_STRINGS = 500_000


def renew_if_grown(limit: int = MAX_VOCAB_STRINGS) -> bool:
    """Rebuild the process-wide pipeline when the vocabulary of its abbreviation tokenizer
    passed ``limit`` strings, so a long-running worker's memory stays flat. Returns whether it did."""
    if not build_nlp.cache_info().currsize:
        return False
    if build_nlp().get_pipe("eligibility_abbreviations").vocabulary_size() <= limit:
        return False
    build_nlp.cache_clear()
    warm_up.cache_clear()
    return True


@lru_cache(maxsize=1)
def warm_up() -> None:
    """Build the pipeline and run one small page through every component, so that rule
    loading and compilation happen once per process, before any page's time budget (the
    compiled patterns come from the on-disk cache: ``extract.cache``)."""
    with compiled_patterns():
        process(_WARM_TEXT)

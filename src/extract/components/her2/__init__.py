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
* Everything else (all of a page without lists) is placed by the shared context layer
  (``extract.context.placement``: title and condition lines, text led by an eligibility cue,
  prose sentences with an enroll or require cue; ``extract.context.cues.prose_kind``: whether a
  mention in a prose sentence is a criterion, the population, or background). Criterion rows
  read there that restate a criterion row already read (a translation, a summary sentence
  restating a list item) are the same requirement: one row, details from the first mention
  that has any.
* POPULATION: ONE row per status per DOCUMENT (lead's policy): an analyst asks which population
  the trial targets, and the same status in the title, the conditions and the summary is one
  requirement. The row is the first mention in the order title, conditions, prose (then page
  order); its IHC/ISH/percentage/assay details are those of the first mention that states any
  (title "HER2-low", summary "HER2-low (IHC 1+ or IHC 2+/ISH-)": one LOW row with 1+, 2+, ISH-).
  A negated population mention is no row. Criteria rows stay one per (criterion, status).

Serum or circulating HER2 levels are never a status (guard ``serum``). A status word in a
parenthetical gloss before the spelling counts ("a change (mutation) in the HER2 gene" is MUTANT).

Languages: a language is one rule file ``rules/her2_lang_<code>.yaml`` of status words
("HER2陽性", "HER2 positivo", "HER2-positivem"), assay words ("ISH阴性", "con ISH negativo") and
cues (connectors "或/又は/o/oder"), and under ``context`` the context layer's cues of the
language (eligibility headings, title labels, enroll and require cues);
CJK and Hangul words are matched without word edges (``glued``). A page reads only the language
files it uses (their ``detect`` rows: words of the language, or a character class), so an
English page reads exactly the English base files. A file's ``marks`` (Arabic short vowels,
shadda, tatweel) may follow each letter of its patterns (``extract.context.cues.with_marks``);
rule words are spelt naturally and NFKC-normalised at load (``extract.ruledata.nfkc_rule``).

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

from dataclasses import replace
from typing import Any, Mapping

from ...context.cues import prose_kind
from ...model import EXCLUSION, INCLUSION, POPULATION, Fact, Layout
from ...pageindex import page_index
from .frames import Row
from .page import Page
from .reader import Reader
from .rules import KIND, languages, rules
from .verdicts import abbreviation_anchor, row_fact, unit_rows

__all__ = ["KIND", "extract_her2", "languages", "row_of", "rules"]


def extract_her2(
    text: str, layout: Layout, abbreviations: Mapping[str, str] | None = None
) -> list[Fact]:
    """Every HER2 requirement of a page as ``her2`` facts (see the module docstring)."""
    extra = abbreviation_anchor(rules(frozenset()), abbreviations)
    anchors = [(m.start(), m.end()) for m in rules(frozenset()).quick.finditer(text)]
    if extra is None and not anchors:
        return []
    page_index(text)  # the page's shared index (the context layer's cue searches use it)
    R = rules(languages(text))
    if R.quick_cjk:  # CJK edges: "3HER2陽性" (NFKC of "③HER2陽性")
        anchors = [(m.start(), m.end()) for m in R.quick.finditer(text)]
    page = Page(R, text, layout, extra, anchors)
    rows, titled = page.criteria_rows()
    pop: dict[str, Row] = {}
    pop_order: list[tuple[int, int, str]] = []
    for rank, _, s, e, kind, inherit in sorted(page.free_units(titled)):
        if kind in (INCLUSION, EXCLUSION):
            for row in unit_rows(Reader(R, text, s, e, extra), kind, (s, e)):
                _merge_restated(rows, row)
            continue
        reader = Reader(R, text, s, e, extra)
        if kind == "prose":
            # a prose sentence: each mention is a requirement, a population or background
            said = [prose_kind(R.ctx, text, s, e, inherit, f.start, f.surface_end) for f in reader.frames]
            if "criterion" in said:
                for f, k in zip(reader.frames, said):
                    f.skip = k != "criterion"
                for row in unit_rows(reader, INCLUSION, (s, e)):
                    _merge_restated(rows, row)
            if POPULATION not in said:
                continue
            for f, k in zip(reader.frames, said):
                f.skip = k != POPULATION
        # a population mention with an assay definition in a sentence that says who is
        # eligible ("Eligible patients were adults with HER2-positive (IHC 3+ ...) cancer")
        # states the inclusion requirement too: the definition is that row's, the population
        # row names the status
        elig = kind == "prose" and (inherit == 2 or R.ctx.elig_prose.search(text, s, e) is not None)
        for row in unit_rows(reader, POPULATION, (s, e)):
            if elig and row.detailed:
                _merge_restated(rows, replace(row, ctype=INCLUSION, ihc=list(row.ihc)))
                row = replace(row, ihc=[], ish=None, pct=None, assay=None, assay_span=None, ish_conflict=False)
            first = pop.get(row.status)
            if first is None:
                pop[row.status] = row
                pop_order.append((rank, row.start, row.status))
            elif not first.detailed and row.detailed:
                first.adopt_details(row)
    out = [row_fact(text, r) for r in rows]
    out.extend(row_fact(text, pop[k]) for _, _, k in sorted(pop_order))
    return out


def _merge_restated(rows: list[Row], row: Row) -> None:
    """A requirement read outside a criteria list (prose, an unlisted paragraph, a
    translation) that a criterion row already states is the same requirement: one row,
    details from the first mention that has any."""
    for r in rows:
        if r.ctype == row.ctype and r.status == row.status:
            if not r.detailed and row.detailed:
                r.adopt_details(row)
            return
    rows.append(row)


def row_of(fact: Fact) -> dict[str, Any]:
    """The CONTRACT row of a fact (its ``attrs``), for tests and scorers."""
    return dict(fact.attrs)

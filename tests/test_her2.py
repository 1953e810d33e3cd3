"""HER2 requirements extractor (issue 4): criteria read through hand-built layouts."""
from __future__ import annotations

import re

import pytest

from extract import ruledata
from extract.components.her2 import KIND, extract_her2, rules
from extract.model import INCLUSION, Criterion, Layout, Section
from util import criteria_layout

COLUMNS = {"criterion_type", "her2_status", "ihc_scores", "ish", "expression_pct_min", "assay_text"}


def _check_facts(text, layout, facts):
    """Every fact: CONTRACT columns only, surface inside its evidence, offsets into text."""
    for f in facts:
        assert f.kind == KIND
        assert set(f.attrs) == COLUMNS
        assert f.label == f.attrs["her2_status"]
        assert f.rule_id
        assert 0 <= f.evidence_start <= f.start < f.end <= f.evidence_end <= len(text)
        surface = text[f.start : f.end]
        assert surface == surface.strip() and surface
        if f.attrs["assay_text"]:  # as written: every part of it is on the page
            for part in f.attrs["assay_text"].split("; "):
                assert " ".join(part.split()) in " ".join(text.split())


def read(inc=(), exc=()):
    text, layout = criteria_layout(list(inc), list(exc))
    facts = extract_her2(text, layout, {})
    _check_facts(text, layout, facts)
    return [
        (f.attrs["criterion_type"], f.attrs["her2_status"], f.attrs["ihc_scores"], f.attrs["ish"],
         f.attrs["expression_pct_min"], f.attrs["assay_text"], text[f.start : f.end])
        for f in facts
    ]


def keys(rows):
    return [(r[0], r[1]) for r in rows]


# --------------------------------------------------------------------------- spellings and signs

@pytest.mark.parametrize(
    "criterion, status, surface",
    [
        ("HER2-positive breast cancer", "POSITIVE", "HER2-positive"),
        ("HER-2 positive gastric cancer", "POSITIVE", "HER-2 positive"),
        ("HER 2 Low-expressing breast cancer", "LOW", "HER 2 Low-expressing"),
        ("Her2-negative disease", "NEGATIVE", "Her2-negative"),
        ("HER2/neu overexpression", "POSITIVE", "HER2/neu overexpression"),
        ("ErbB2-positive tumour", "POSITIVE", "ErbB2-positive"),
        ("ERBB2 amplification", "AMPLIFIED", "ERBB2 amplification"),
        ("c-erbB-2 (+++)", "POSITIVE", "c-erbB-2 (+++)"),
        ("HER2 (ERBB2) exon 20 insertion", "MUTANT", "HER2 (ERBB2) exon 20 insertion"),
        ("human epidermal growth factor receptor 2 (HER2)-positive", "POSITIVE",
         "human epidermal growth factor receptor 2 (HER2)-positive"),
        ("HR+/HER2- advanced breast cancer", "NEGATIVE", "HER2-"),
        ("HER2+ metastatic disease", "POSITIVE", "HER2+"),
        ("HER2 non-amplified breast cancer", "NEGATIVE", "HER2 non-amplified"),
        ("overexpression of HER2 in the primary tumour", "POSITIVE", "overexpression of HER2"),
        ("low HER2 expression", "LOW", "low HER2 expression"),
        ("HER2-ultralow tumours", "ULTRALOW", "HER2-ultralow"),
        ("HER2-null tumours", "NEGATIVE", "HER2-null"),
        ("Her2neu 3+", "POSITIVE", "Her2neu 3+"),
        ("Tumours that express HER2", "EXPRESSING", "express HER2"),
        ("HER2-mutant NSCLC", "MUTANT", "HER2-mutant"),
        ("Confirmed HER2 negativity", "NEGATIVE", "HER2 negativity"),
        ("HER2 status: negative", "NEGATIVE", "HER2 status: negative"),
    ],
)
def test_spellings_and_status_words(criterion, status, surface):
    rows = read([criterion])
    assert [(r[1], r[6]) for r in rows] == [(status, surface)]


def test_plus_minus_scores():
    (row,) = read(["HER2 (++) with FISH showing gene amplification"])
    assert row[1:4] == ("POSITIVE", ["2+"], "POSITIVE")
    (row,) = read(["HER2 (+++)"])
    assert row[1:4] == ("POSITIVE", ["3+"], None)
    (row,) = read(["HER2 (1+) tumour"])
    assert row[1:3] == ("LOW", ["1+"])


# --------------------------------------------------------------------------- composite definitions

@pytest.mark.parametrize(
    "criterion, expected",
    [
        ("HER2 positive (defined as IHC3+ or IHC2+/FISH+);",
         [("POSITIVE", ["3+", "2+"], "POSITIVE", None, "IHC3+ or IHC2+/FISH+")]),
        ("HER2 expression: IHC3+, IHC2+/FISH+",
         [("POSITIVE", ["3+", "2+"], "POSITIVE", None, "IHC3+, IHC2+/FISH+")]),
        ("HER2 expression: IHC1+, IHC2+/FISH-",
         [("LOW", ["1+", "2+"], "NEGATIVE", None, "IHC1+, IHC2+/FISH-")]),
        ("HER2-low, defined as IHC 1+ or IHC 2+ and ISH negative",
         [("LOW", ["1+", "2+"], "NEGATIVE", None, "IHC 1+ or IHC 2+ and ISH negative")]),
        ("HER2-positive expression (staining 3+, or staining 2+ with HER2 gene amplification by ISH)",
         [("POSITIVE", ["3+", "2+"], "POSITIVE", None,
           "staining 3+, or staining 2+ with HER2 gene amplification by ISH")]),
        ("HER2/CEP17 ratio ≥ 2.0",
         [("POSITIVE", [], "POSITIVE", None, "HER2/CEP17 ratio ≥ 2.0")]),
        ("HER2 expression ≥ 30% of tumour cells",
         [("EXPRESSING", [], None, 30.0, "≥ 30% of tumour cells")]),
        ("HER2 antigen expression percentage ≥ 30%.",
         [("EXPRESSING", [], None, 30.0, "≥ 30%")]),
        ("HER2-expressing (IHC ≥ 1+) solid tumour",
         [("EXPRESSING", ["1+", "2+", "3+"], None, None, "IHC ≥ 1+")]),
        ("HER2 IHC 1+, 2+ or 3+",
         [("EXPRESSING", ["1+", "2+", "3+"], None, None, "IHC 1+, 2+ or 3+")]),
        ("HER2-negative (IHC 0, 1+, or 2+ with negative ISH)",
         [("NEGATIVE", ["0", "1+", "2+"], "NEGATIVE", None, "IHC 0, 1+, or 2+ with negative ISH")]),
        ("HER2-ultralow (IHC 0 with faint, incomplete membrane staining in ≤ 10% of tumour cells)",
         [("ULTRALOW", ["0"], None, None,
           "IHC 0 with faint, incomplete membrane staining in ≤ 10% of tumour cells")]),
        ("≥ 10% of tumour cells with HER2 membrane staining ≥ 1+",
         [("EXPRESSING", ["1+", "2+", "3+"], None, 10.0,
           "≥ 10% of tumour cells with HER2 membrane staining ≥ 1+")]),
        ("HER2 IHC 2+ without HER2 gene amplification",
         [("LOW", ["2+"], "NEGATIVE", None, "IHC 2+ without HER2 gene amplification")]),
        ("HER2 overexpression (IHC 3+) or HER2 gene amplification (FISH ratio ≥ 2.0)",
         [("POSITIVE", ["3+"], "POSITIVE", None, "(IHC 3+) or HER2 gene amplification (FISH ratio ≥ 2.0)")]),
        ("HER2-low (IHC 1+ or IHC 2+/ISH−) or HER2-ultralow (IHC 0 with membrane staining, i.e. IHC >0 <1+)",
         [("LOW", ["1+", "2+"], "NEGATIVE", None, "IHC 1+ or IHC 2+/ISH−"),
          ("ULTRALOW", ["0"], None, None, "IHC 0 with membrane staining, i.e. IHC >0 <1+")]),
    ],
)
def test_composite_definitions(criterion, expected):
    rows = read([criterion])
    assert [(r[1], r[2], r[3], r[4], r[5]) for r in rows] == expected


def test_ihc_2plus_is_settled_by_ish():
    (row,) = read(["HER2 2+ by IHC must have FISH performed; only FISH-amplified tumours are eligible"])
    assert row[1:4] == ("POSITIVE", ["2+"], "POSITIVE")
    (row,) = read(["HER2 IHC 3+ or 2+ or ISH+"])  # a bare 2+ among alternatives: any expression
    assert row[1] == "EXPRESSING"
    (row,) = read(["Tumour HER2 IHC 0 (no staining) or IHC 0+ (faint staining in ≤10% of cells)"])
    assert row[1:3] == ("NEGATIVE", ["0"])
    (row,) = read(["Known HER2 amplification (IHC 3+ or FISH ratio ≥ 2.0)"])  # defined by IHC
    assert row[1:4] == ("POSITIVE", ["3+"], "POSITIVE")
    (row,) = read(["ER-positive and HER2-negative (IHC 0 or 1+, or IHC 2+ without ISH amplification)"])
    assert row[1:4] == ("NEGATIVE", ["0", "1+", "2+"], "NEGATIVE")


def test_composite_allowing_positive_or_low_gives_both():
    rows = read(["HER2-positive (IHC 3+ or IHC 2+/ISH+) or HER2-low (IHC 1+ or IHC 2+/ISH-) breast cancer"])
    assert [(r[1], r[2], r[3]) for r in rows] == [
        ("POSITIVE", ["3+", "2+"], "POSITIVE"), ("LOW", ["1+", "2+"], "NEGATIVE")]
    rows = read(["HER2-positive or HER2-low (IHC 3+, 2+/ISH+, 1+ or 2+/ISH-)"])
    assert [(r[1], r[2], r[3]) for r in rows] == [
        ("POSITIVE", ["3+", "2+"], "POSITIVE"), ("LOW", ["1+", "2+"], "NEGATIVE")]
    rows = read(["IHC 3+, IHC 2+/ISH+ or IHC 1+ HER2 expression"])
    assert keys(rows) == [("INCLUSION", "POSITIVE"), ("INCLUSION", "LOW")]
    assert keys(read(["HER2-positive or -low"])) == [("INCLUSION", "POSITIVE"), ("INCLUSION", "LOW")]


def test_one_row_per_status_per_criterion():
    rows = read(["Her2-positive patients: patients with IHC3+ or IHC2+ and FISH positive; a positive "
                 "HER2 test from a local laboratory is accepted for HER2-positive patients"])
    assert [(r[1], r[2], r[3], r[5]) for r in rows] == [
        ("POSITIVE", ["3+", "2+"], "POSITIVE", "IHC3+ or IHC2+ and FISH positive")]


# --------------------------------------------------------------------------- genomic criteria

def test_genomic_criteria():
    (row,) = read(["Documented activating HER2 mutation (e.g., S310F, L755S, V777L, exon 20 insertions) by NGS"])
    assert row[1] == "MUTANT" and row[5] == "NGS"  # the test, not the variants, is the assay
    (row,) = read(["ERBB2 amplification by NGS (copy number ≥ 6)"])
    assert row[1:4] == ("AMPLIFIED", [], None)
    (row,) = read(["HER2 gene amplification by FISH"])
    assert row[1:4] == ("AMPLIFIED", [], "POSITIVE")
    (row,) = read(["ERBB2 copy number gain detected by NGS"])
    assert row[1] == "AMPLIFIED"
    assert keys(read(["Tumours harbouring ERBB2 alterations (amplification or mutation)"])) == [
        ("INCLUSION", "AMPLIFIED"), ("INCLUSION", "MUTANT")]
    (row,) = read(["NSCLC with HER2 exon 20 insertion"])
    assert row[1] == "MUTANT"
    assert read(["Non-small cell lung cancer with HER2 activation"]) == []


# --------------------------------------------------------------------------- "any", "regardless"

@pytest.mark.parametrize(
    "criterion, expected",
    [
        ("Tumours with any level of HER2 protein on a laboratory test",
         [("EXPRESSING", [], None, "any level of HER2 protein")]),
        ("Solid tumours with any degree of HER2 expression",
         [("EXPRESSING", [], None, "any degree of HER2 expression")]),
        ("Any detectable amount of HER2 on the archival sample",
         [("EXPRESSING", [], None, "Any detectable amount of HER2")]),
        ("Any HER2 staining on immunohistochemistry",
         [("EXPRESSING", [], "immunohistochemistry", "Any HER2 staining on immunohistochemistry")]),
        ("Any HER2 expression (IHC 1+, 2+ or 3+ accepted)",
         [("EXPRESSING", ["1+", "2+", "3+"], "IHC 1+, 2+ or 3+",
           "HER2 expression (IHC 1+, 2+ or 3+ accepted)")]),
        ("HER2 expression at any level by IHC", [("EXPRESSING", [], "IHC", "HER2 expression at any level by IHC")]),
        ("HER2-expressing tumour, irrespective of the staining intensity",
         [("EXPRESSING", [], None, "HER2-expressing")]),
        ("All HER2-positive patients must have LVEF ≥ 50%", [("POSITIVE", [], None, "HER2-positive")]),
        ("Breast cancer regardless of HER2 expression level", []),
        ("Irrespective of HER2 status or hormone receptor status", []),
        ("Any HER2 expression level is allowed", []),
        ("All HER2 subtypes", []),
        ("Any HER2 status (positive, low, or negative)", []),
    ],
)
def test_any_and_regardless(criterion, expected):
    rows = read([criterion])
    assert [(r[1], r[2], r[5], r[6]) for r in rows] == expected
    assert all(r[0] == "INCLUSION" for r in rows)


def test_any_in_the_exclusion_list():
    assert keys(read([], ["Any HER2-positive disease (IHC 3+ or ISH+)"])) == [("EXCLUSION", "POSITIVE")]
    assert read([], ["Any HER2 status is acceptable for the run-in cohort"]) == []
    assert read([], ["Prior treatment with any HER2-directed antibody-drug conjugate"]) == []
    assert read(["Prior treatment with any HER2 protein-targeted agent"]) == []  # a drug, not expression


# --------------------------------------------------------------------------- policies

@pytest.mark.parametrize(
    "criterion",
    ["HER2 IHC ≥ 1+", "HER2 IHC 1+ to 3+", "HER2 IHC 1+, 2+ or 3+", "HER2 IHC 1+ or higher",
     "HER2 expression of at least 1+ by IHC"],
)
def test_ihc_scores_are_the_scores_admitted(criterion):
    (row,) = read([criterion])
    assert row[1:3] == ("EXPRESSING", ["1+", "2+", "3+"])


def test_ihc_scores_upper_bound():
    (row,) = read(["HER2 IHC ≤ 1+"])
    assert row[1:3] == ("NEGATIVE", ["0", "1+"])


@pytest.mark.parametrize(
    "criterion, status, assay",
    [
        # a leading score word is not part of the assay
        ("HER2-low, meaning a HER2 test score of 1+ or 2+ with a negative ISH test",
         "LOW", "1+ or 2+ with a negative ISH test"),
        ("HER2 scored 3+ by immunohistochemistry", "POSITIVE", "3+ by immunohistochemistry"),
        # a trailing parenthesis of descriptors is not part of it; the percentage and test are
        ("Tumour HER2 expression in ≥ 10% of tumor cells by immunohistochemistry (any staining intensity)",
         "EXPRESSING", "≥ 10% of tumor cells by immunohistochemistry"),
        # the test that found a mutation, also further on in the criterion, not the variants;
        # the test is its specimen, method and noun ("tissue or plasma ... test"), not its
        # quality words ("certified", "CLIA-certified or equivalent")
        ("Activating HER2 (ERBB2) mutation in exon 19 or exon 20 (for example A775_G776insYVMA or "
         "L755S) detected by a certified tissue or plasma next-generation sequencing test",
         "MUTANT", "tissue or plasma next-generation sequencing test"),
        ("ERBB2 kinase-domain mutation (e.g. V777L), or exon 20 insertions, as reported by a "
         "CAP-accredited or comparable laboratory using a blood-based NGS assay",
         "MUTANT", "blood-based NGS assay"),
        ("HER2 exon 20 insertion confirmed by a local, validated tumour tissue NGS panel",
         "MUTANT", "tumour tissue NGS panel"),
        ("ERBB2 amplification detected by a plasma ctDNA assay", "AMPLIFIED", "plasma ctDNA assay"),
        ("Lung cancer harboring an activating HER2 mutation identified by NGS", "MUTANT", "NGS"),
        ("HER2 exon 20 insertion (e.g. Y772_A775dupYVMA)", "MUTANT", None),
        ("ERBB2 amplification detected using ctDNA", "AMPLIFIED", "ctDNA"),
        # a ratio parenthesis after an ISH result restates its threshold: not the assay phrase
        ("HER2-positive: IHC 3+ or ISH-positive (HER2/CEP17 ratio ≥ 2.0)", "POSITIVE", "IHC 3+ or ISH-positive"),
        ("Centrally confirmed HER2 overexpression, i.e. IHC 3+, or IHC 2+ with gene amplification by "
         "SISH (CEP17 ratio of 2.0 or more and ≥ 4 signals/cell)",
         "POSITIVE", "IHC 3+, or IHC 2+ with gene amplification by SISH"),
        ("HER2-low: IHC 1+, or IHC 2+ with a negative FISH result (ratio < 2.0)",
         "LOW", "IHC 1+, or IHC 2+ with a negative FISH result"),
        # ... but the ratio that is the only ISH statement, or that defines a status word, is
        ("HER2 IHC 2+ with a HER2/CEP17 ratio ≥ 2.0", "POSITIVE", "IHC 2+ with a HER2/CEP17 ratio ≥ 2.0"),
        ("HER2 overexpression (IHC 3+) or HER2 gene amplification (FISH ratio ≥ 2.0)",
         "POSITIVE", "(IHC 3+) or HER2 gene amplification (FISH ratio ≥ 2.0)"),
        # descriptors that are part of the definition stay
        ("HER2-null (IHC 0 with absent membrane staining)", "NEGATIVE", "IHC 0 with absent membrane staining"),
    ],
)
def test_assay_text_is_the_assay_phrase(criterion, status, assay):
    (row,) = read([criterion])
    assert (row[1], row[5]) == (status, assay)


def test_method_far_from_the_mention_needs_by_and_no_other_marker():
    (row,) = read(["HER2-positive disease; PD-L1 expression by IHC"])
    assert row[1:6] == ("POSITIVE", [], None, None, None)
    (row,) = read(["HER2 mutation, and archival tissue for central sequencing"])
    assert row[5] is None


# --------------------------------------------------------------------------- context and polarity

@pytest.mark.parametrize(
    "inc, exc, expected",
    [
        ([], ["Known HER2-positive disease"], [("EXCLUSION", "POSITIVE")]),
        (["Was never HER2-positive (IHC 3+ or ISH+)"], [], [("EXCLUSION", "POSITIVE")]),
        (["HER2-positive patients are ineligible"], [], [("EXCLUSION", "POSITIVE")]),
        (["Patients must not have HER2-positive disease"], [], [("EXCLUSION", "POSITIVE")]),
        (["HER2 0 or HER2 (1+) tumours are not eligible"], [],
         [("EXCLUSION", "NEGATIVE"), ("EXCLUSION", "LOW")]),
        (["Patients with HER2-negative or unknown HER2 status"], [], [("INCLUSION", "NEGATIVE")]),
        (["HER2-low (IHC 1+), not HER2-positive"], [],
         [("INCLUSION", "LOW"), ("EXCLUSION", "POSITIVE")]),
        ([], ["Tumours that are not HER2-positive"], [("INCLUSION", "POSITIVE")]),
        ([], ["Disease that is non-HER2-positive on the most recent biopsy"], [("INCLUSION", "POSITIVE")]),
        ([], ["HER2-low or HER2-negative disease"], [("EXCLUSION", "LOW"), ("EXCLUSION", "NEGATIVE")]),
        ([], ["HER2-positive disease (HER2-low disease is allowed)"], [("EXCLUSION", "POSITIVE")]),
        (["Tumours without HER2 amplification"], [], [("EXCLUSION", "AMPLIFIED")]),
        (["Triple-negative breast cancer (ER < 1%, PR < 1%, HER2-negative)"], [], [("INCLUSION", "NEGATIVE")]),
    ],
)
def test_polarity(inc, exc, expected):
    assert keys(read(inc, exc)) == expected


@pytest.mark.parametrize(
    "criterion",
    [
        "Prior treatment with any anti-HER2 therapy, including trastuzumab deruxtecan",
        "Patients previously treated with anti-HER2 ADC drugs.",
        "The therapeutic drugs are anti-HER2-ADC drugs",
        "Prior HER2-targeted therapy for early-stage disease is not permitted",
        "Prior HER2 tyrosine kinase inhibitor therapy (e.g., pyrotinib) is not allowed",
        "Prior treatment with a HER2-directed antibody-drug conjugate",
        "Any HER2 x CD3 bispecific antibody",
        "Known hypersensitivity to anti-HER2-CAR-T components",
        "HER2 status must be available",
        "Archival tumour tissue must be available for central HER2 testing",
        "The enrollment can be based on written HER2 test report from certified local lab",
        "HER2 status (positive or negative) must be known",
        "Patients will be enrolled regardless of HER2-low status",
        "Any HER2 status",
        "HER2-enriched subtype by PAM50",
        "Serum HER2 levels will be measured every cycle",
        "Progression on trastuzumab; urinary protein ≤ 1+; ECOG 0 or 1",
        "HER2 status unknown or not evaluable",
        "Any HER2 status; HER2-positive patients also receive trastuzumab",
        "HER2 amplification alone is not sufficient",
    ],
)
def test_not_a_status(criterion):
    assert read([criterion]) == [] and read([], [criterion]) == []


def test_prior_therapy_context_in_exclusion_list():
    assert read([], ["Prior trastuzumab for HER2-positive early breast cancer"]) == []
    # the same words in the inclusion list state the population
    assert keys(read(["Prior trastuzumab for HER2-positive early breast cancer"])) == [
        ("INCLUSION", "POSITIVE")]


def test_marker_bounds_stay_with_their_marker():
    (row,) = read(["HER2-positive; PD-L1 CPS ≥ 1; urine protein/creatinine ratio ≥ 2.0"])
    assert row[1:6] == ("POSITIVE", [], None, None, None)


# --------------------------------------------------------------------------- nested criteria

def _nested(parent: str, children: list[str], ctype="INCLUSION"):
    from extract.model import Criterion

    text = "Inclusion Criteria:\n"
    crits = []
    start = len(text)
    text += f"1. {parent}\n"
    crits.append(Criterion(ctype, start + 3, start + 3 + len(parent), parent))
    for ch in children:
        s = len(text) + 5
        text += f"   - {ch}\n"
        crits.append(Criterion(ctype, s, s + len(ch), ch, parent=0, heading=parent))
    return text, Layout("test", [Section("inclusion", 20, len(text))], crits)


def test_nested_items_complete_their_parent():
    text, layout = _nested("Cohort 1 (HER2-positive), defined as either of the following:",
                           ["IHC 3+", "ISH-amplified (HER2/CEP17 ratio ≥ 2.0 with ≥ 4.0 HER2 signals/cell)"])
    facts = extract_her2(text, layout)
    _check_facts(text, layout, facts)
    (f,) = facts
    assert (f.attrs["her2_status"], f.attrs["ihc_scores"], f.attrs["ish"]) == ("POSITIVE", ["3+"], "POSITIVE")
    # the ratio parenthesis restates the ISH result's threshold: not part of the assay phrase
    assert f.attrs["assay_text"] == "IHC 3+; ISH-amplified"


def test_nested_items_with_own_status_are_own_rows():
    text, layout = _nested("Patients with HER2-expressing advanced solid tumors:",
                           ["HER2 expression: IHC3+, IHC2+/FISH+", "HER2 expression: IHC1+, IHC2+/FISH-"])
    facts = extract_her2(text, layout)
    _check_facts(text, layout, facts)
    assert [f.label for f in facts] == ["EXPRESSING", "POSITIVE", "LOW"]
    text, layout = _nested("HER2 status, one of:", ["IHC 1+", "IHC 2+ and ISH negative"])
    assert [f.label for f in extract_her2(text, layout)] == ["LOW", "LOW"]


# --------------------------------------------------------------------------- population sections

def _page(title="", conditions=(), summary=""):
    parts, sections = [], []
    pos = 0
    for name, body in (("title", title), ("conditions", "\n".join(conditions)), ("summary", summary)):
        if not body:
            continue
        parts.append(body + "\n\n")
        sections.append(Section(name, pos, pos + len(body)))
        pos += len(body) + 2
    text = "".join(parts)
    return text, Layout("test", sections, [])


def pop(**kw):
    text, layout = _page(**kw)
    facts = extract_her2(text, layout)
    _check_facts(text, layout, facts)
    return [(f.attrs["criterion_type"], f.label, text[f.start : f.end]) for f in facts]


def test_population_title_and_conditions():
    assert pop(title="A Study of XB-1 in HER2-Positive or HER2-Low Breast Cancer") == [
        ("POPULATION", "POSITIVE", "HER2-Positive"), ("POPULATION", "LOW", "HER2-Low")]
    assert [r[1] for r in pop(conditions=["HER2-low Breast Cancer", "HER2-low Gastric Cancer",
                                           "Solid Tumor"])] == ["LOW"]  # one row per status
    assert pop(title="Anti-HER2-CAR-T Cells Injection in Patients With Solid Tumors") == []
    assert pop(title="HER2 Targeted CAR-T Cells in Solid Tumors") == []


def test_population_one_row_per_status_per_document():
    rows = pop(title="XB-1 in HER2-Low Breast Cancer", conditions=["HER2-low Breast Cancer"],
               summary="This study will enrol patients with HER2-low (IHC 1+ or IHC 2+/ISH-) breast cancer.")
    assert rows == [("POPULATION", "LOW", "HER2-Low")]  # the first mention: the title
    text, layout = _page(title="XB-1 in HER2-Low Breast Cancer", conditions=["HER2-low Breast Cancer"],
                         summary="This study will enrol patients with HER2-low (IHC 1+ or IHC 2+/ISH-) "
                                 "or HER2-positive (IHC 3+) breast cancer.")
    facts = extract_her2(text, layout)
    _check_facts(text, layout, facts)
    got = [(f.label, f.attrs["ihc_scores"], f.attrs["ish"], f.attrs["assay_text"], text[f.start:f.end]) for f in facts]
    # details of the first mention that states any (the summary's definition)
    assert got == [("LOW", ["1+", "2+"], "NEGATIVE", "IHC 1+ or IHC 2+/ISH-", "HER2-Low"),
                   ("POSITIVE", ["3+"], None, "IHC 3+", "HER2-positive (IHC 3+)")]
    # the title wins over a conditions line that comes first on the page
    text = "HER2-positive Gastric Cancer\n\nA Study of ZX-2 in HER2-Positive Gastric Cancer\n"
    layout = Layout("test", [Section("conditions", 0, 28), Section("title", 30, len(text) - 1)], [])
    (f,) = extract_her2(text, layout)
    assert f.start == text.index("HER2-Positive")


def test_population_summary_policy():
    background = (
        "Breast cancer is common, with HER2-positive breast cancer accounting for about 15-20% of "
        "cases. HER2 is a tyrosine kinase receptor that, when overexpressed, promotes growth. In view "
        "of the efficacy of ADCs in HER2-positive and low-expression breast cancer, this study will "
        "monitor serum HER2 expression levels."
    )
    assert pop(summary=background) == []
    enrolls = "This is an open-label study of anti-HER2-CAR-T cells for HER2+ patients with solid tumors."
    assert pop(summary=enrolls) == [("POPULATION", "POSITIVE", "HER2+")]
    listed = ("The trial is focusing on several cancer types, including:\n- HER2-positive breast cancer\n"
              "- gastric cancer with HER2 expression")
    assert [r[1] for r in pop(summary=listed)] == ["POSITIVE", "EXPRESSING"]
    randomized = "Participants whose tumours are HER2-low will be randomly assigned to X or chemotherapy."
    assert [r[1] for r in pop(summary=randomized)] == ["LOW"]


def test_population_summary_other_trials_and_contrast():
    # another indication of the drug, another trial: background, not the study's population
    approved = ("ZX-9 is already approved for HER2-positive breast cancer. This study enrols adults "
                "with HER2-low gastric cancer.")
    assert pop(summary=approved) == [("POPULATION", "LOW", "HER2-low")]
    contrast = ("ZX-9 is also being tested in other studies of HER2-positive breast cancer, but this "
                "trial only enrols people with HER2-mutant lung cancer.")
    assert pop(summary=contrast) == [("POPULATION", "MUTANT", "HER2-mutant")]
    # the enroll cue must be in the part of the sentence that holds the mention
    split = "Earlier work looked at HER2-positive tumours, whereas this study enrols HER2-low tumours."
    assert [r[1] for r in pop(summary=split)] == ["LOW"]
    used = ("All participants will receive trastuzumab, which is used to treat HER2-positive cancers, "
            "and this study enrols people with HER2-mutant tumours.")
    assert [r[1] for r in pop(summary=used)] == ["MUTANT"]
    both = "This study enrols not only HER2-positive but also HER2-low patients."
    assert [r[1] for r in pop(summary=both)] == ["POSITIVE", "LOW"]


def test_population_summary_study_self_description():
    # "X is a phase 2 ... study of ..." says what the study is; a parenthetical gloss before the
    # spelling is its status ("a change (a mutation) in the HER2 gene")
    own = ("BRAVO-3 is a phase 2 clinical study of ZX-9 in adults whose lung tumours carry a change "
           "(a mutation) in the HER2 gene.")
    assert [r[:2] for r in pop(summary=own)] == [("POPULATION", "MUTANT")]
    assert pop(summary="HER2 is a protein found on some cancer cells, and HER2-positive tumours grow fast.") == []
    assert pop(summary="KESTREL is a completed phase 3 trial that showed longer survival in HER2-positive "
                       "breast cancer.") == []


def test_labeled_title_lines():
    # a labeled title line inside a summary is a title: no enroll cue needed, ranked first
    summary = ("The study tests ZX-9 in stomach cancer whose tumours show HER2 expression.\n"
               "Full study title: A Phase 2 Study of ZX-9 in HER2-Low Gastric Cancer")
    assert pop(summary=summary) == [("POPULATION", "LOW", "HER2-Low"),
                                    ("POPULATION", "EXPRESSING", "HER2 expression")]
    summary = ("A plain-language summary of a registered study.\n"
               "Official title: ZX-9 for HER2-Positive Gastric Cancer")
    assert pop(summary=summary) == [("POPULATION", "POSITIVE", "HER2-Positive")]
    # a page footer holding the official title that the layout left inside the exclusion list
    # is no criterion: its mention is a POPULATION row, never an EXCLUSION
    footer = ("This page summarizes registry record NCT01234567. Official title: A Study of ZX-9 in "
              "HER2-Low or HER2-Positive Gastric Cancer")
    text, layout = criteria_layout(["HER2-low gastric cancer"], ["Pregnancy", footer])
    facts = extract_her2(text, layout)
    _check_facts(text, layout, facts)
    assert [(f.attrs["criterion_type"], f.label) for f in facts] == [
        ("INCLUSION", "LOW"), ("POPULATION", "LOW"), ("POPULATION", "POSITIVE")]
    # a criterion that merely contains the word "title" is read as usual
    text, layout = criteria_layout([], ["Known HER2-positive disease (titled: prior report)"])
    assert [(f.attrs["criterion_type"], f.label) for f in extract_her2(text, layout)] == [("EXCLUSION", "POSITIVE")]


def test_abbreviation_from_the_page():
    text, layout = criteria_layout(["hEGFR2-positive breast cancer (IHC 3+)"])
    assert extract_her2(text, layout, {}) == []
    facts = extract_her2(text, layout, {"hEGFR2": "human epidermal growth factor receptor 2"})
    _check_facts(text, layout, facts)
    assert [(f.label, f.attrs["ihc_scores"]) for f in facts] == [("POSITIVE", ["3+"])]


def test_empty_inputs():
    assert extract_her2("", Layout("unknown")) == []
    text, layout = criteria_layout(["Age ≥ 18 years"], ["Pregnancy"])
    assert extract_her2(text, layout, None) == []


# --------------------------------------------------------------------------- rules and speed

def test_rule_files_load_and_compile_without_groups():
    R = rules()
    assert R.tokens.whole.groups == len(R.group)
    for name in ("her2_spellings.tsv", "her2_status.tsv"):
        for row in ruledata.load(name, required=["pattern"]):
            assert re.compile(row["pattern"], re.I).groups == 0, row["id"]
    for key in ("rules", "signs", "fragments"):
        for row in ruledata.load("her2_assay.yaml", required=["pattern"], key=key):
            assert "(?P<" not in row["pattern"], row["id"]
    for row in ruledata.load("her2_cues.yaml", required=["role", "pattern"]):
        assert re.compile(row["pattern"], re.I).groups == 0, row["id"]
    # a language is one file of status words, assay words and cues, read by the same mechanism
    langs = [n for n in ruledata.rule_files() if n.startswith("her2_lang_")]
    assert {"her2_lang_zh.yaml", "her2_lang_ja.yaml", "her2_lang_es.yaml", "her2_lang_de.yaml"} <= set(langs)
    roles = {r["role"] for r in ruledata.load("her2_cues.yaml", required=["role"])}
    statuses = {r["status"] for r in ruledata.load("her2_status.tsv", required=["status"])}
    for name in langs:
        for key, required in (("status", ["pattern", "status", "strength", "side"]), ("assay", ["role", "pattern"]),
                              ("cues", ["role", "pattern"])):
            for row in ruledata.load(name, required=required, key=key):
                assert re.compile(row["pattern"].replace("{ISH}", "ISH"), re.I).groups == 0, row["id"]
                assert key != "status" or row["status"] in statuses, row["id"]
                assert key != "cues" or row["role"] in roles, row["id"]


# --------------------------------------------------------------------------- round 3

def test_negated_mention_that_qualifies_an_excluded_one_is_no_row():
    # "in the absence of" qualifies the amplification before it: it requires nothing
    assert keys(read([], ["Tumour with ERBB2 amplification in the absence of an activating HER2 mutation"])) == [
        ("EXCLUSION", "AMPLIFIED")]
    assert keys(read([], ["HER2 overexpression without a HER2 mutation"])) == [("EXCLUSION", "POSITIVE")]
    # coordinated, the negation is a requirement of its own
    assert keys(read([], ["Prior HER2-directed therapy, or not HER2-positive"])) == [("INCLUSION", "POSITIVE")]


def test_coordinated_status_words_before_the_spelling():
    assert pop(title="ZX-2 for Gastric Cancer With Low or Ultralow HER2") == [
        ("POPULATION", "LOW", "Low or Ultralow HER2"), ("POPULATION", "ULTRALOW", "Low or Ultralow HER2")]


def test_labeled_title_line_outside_every_section():
    text = ("# ZX-7 synopsis\n\n## Identification\n\n- **Protocol:** ZX7-01\n"
            "- **Full title:** A Phase 1 Study of ZX-7 in Patients With HER2-Expressing Solid Tumours\n\n"
            "## Eligibility\n")
    body = "- Age ≥ 18 years\n"
    layout = Layout("test", [Section("title", 0, 15), Section("inclusion", len(text), len(text) + len(body))], [])
    facts = extract_her2(text + body, layout, {})
    _check_facts(text + body, layout, facts)
    assert [(f.attrs["criterion_type"], f.label) for f in facts] == [("POPULATION", "EXPRESSING")]


@pytest.mark.parametrize(
    "criterion, status, assay",
    [
        ("HER2 IHC 2+ with an equivocal ISH result that could not be resolved", "EQUIVOCAL",
         "IHC 2+ with an equivocal ISH result"),
        ("HER2-expressing tumour, IHC 1+, 2+ or 3+ (any ISH result)", "EXPRESSING", "IHC 1+, 2+ or 3+"),
        ("HER2 (ERBB2) mutation detected by a validated plasma next-generation sequencing (NGS) assay",
         "MUTANT", "plasma next-generation sequencing (NGS) assay"),
        ("ERBB2 amplification detected by a tissue- or blood-based NGS assay", "AMPLIFIED",
         "tissue- or blood-based NGS assay"),
        ("HER2 IHC 0 with no membrane staining at all", "NEGATIVE", "IHC 0 with no membrane staining at all"),
    ],
)
def test_assay_text_round3(criterion, status, assay):
    (row,) = read([criterion])
    assert (row[1], row[5]) == (status, assay)


def test_an_array_index_is_no_ihc_score():
    # record exports number their list fields: "keywords[0]: HER2" states no IHC 0
    assert pop(conditions=["keywords[0]: HER2", "keywords[1]: Sarcoma"]) == []


# --------------------------------------------------------------------------- open world (issue 11)
# Where a mention stands decides its criterion type: inside a criterion of the page's lists, or in
# title, conditions, eligibility or summary text found anywhere on the page, whatever its layout.

def page_rows(text, criteria=(), open_units=False):
    from extract.context import Context

    layout = Context("unknown", [], list(criteria), open_units=open_units)
    facts = extract_her2(text, layout, {})
    _check_facts(text, layout, facts)
    return [(f.attrs["criterion_type"], f.label, f.attrs["ihc_scores"], f.attrs["ish"]) for f in facts]


def test_headline_below_site_furniture_is_the_title():
    text = ("ISRCTN Registry\nSkip to main content\nHome  >  Search results  >  ISRCTN48213907\n\n"
            "Zanidatamab plus chemotherapy for HER2-positive stomach cancer\n\nSubmission date\n14/02/2024\n\n"
            "Background and study aims\nStomach cancer that carries extra copies of HER2 can grow quickly, "
            "and this is a sentence of the page's body.\n\nMore news\nDrug X shows responses in HER2-low "
            "breast cancer\n")
    assert page_rows(text) == [("POPULATION", "POSITIVE", [], None)]


@pytest.mark.parametrize(
    "text",
    [
        "Scientific title\nA phase 2 trial of ZX-3 in HER2-amplified colorectal cancer\n",
        "Scientific title:\nen\nA phase 2 trial of ZX-3 in HER2-amplified colorectal cancer\npt-br\nEnsaio\n",
        "Scientific Title of Study | A phase 2 trial of ZX-3 in HER2-amplified colorectal cancer |\n",
        "Full title  A phase 2 trial of ZX-3 in HER2-amplified colorectal cancer\n",
        "Health Condition(s) or Problem(s) studied\nHER2-amplified colorectal cancer\n",
        "Medical Condition(s): HER2-amplified colorectal cancer\n",
        "注册题目:\n\nZX-3治疗HER2扩增结直肠癌的II期临床研究\n",
    ],
)
def test_labeled_title_and_condition_lines_anywhere(text):
    # the value is on the label's line (after ":", "|", two spaces) or on the next one
    page = "Registry record\nThis page is a record of a registry, written in sentences of its own body.\n" + text
    assert page_rows(page) == [("POPULATION", "AMPLIFIED", [], None)]


def test_open_text_units_of_title_and_summary_are_no_criteria():
    # a page without a criteria list: the context cuts its open text into units; the title and
    # summary among them state the population, an eligibility paragraph states criteria
    text = ("Study record\nThis registry page describes one study in a few sentences of body text.\n"
            "Public Title of Study | ZX-4 in women with HER2-positive breast cancer |\n"
            "Brief Summary | This phase 3 study compares ZX-4 with trastuzumab in 420 women with "
            "HER2-positive breast cancer. |\n"
            "Key inclusion criteria\n1) HER2-positive (IHC 3+ or ISH positive) by central testing;\n"
            "2) ECOG 0-1\nKey exclusion criteria\n1) HER2-low disease\n")
    units = [Criterion(INCLUSION, m.start(), m.end(), m.group(0)) for m in re.finditer(r"[^\n]+", text)]
    assert page_rows(text, units, open_units=True) == [
        ("INCLUSION", "POSITIVE", ["3+"], "POSITIVE"), ("EXCLUSION", "LOW", [], None),
        ("POPULATION", "POSITIVE", [], None)]


@pytest.mark.parametrize(
    "lead, ctype",
    [
        ("Patients are eligible to join if they:", "INCLUSION"),
        ("Participants had to:", "INCLUSION"),
        ("You cannot join this study if you:", "EXCLUSION"),
        ("Patients are ineligible to join the trial if they:", "EXCLUSION"),
        ("Criterios de exclusión clave", "EXCLUSION"),
        ("Voraussetzungen sind:", "INCLUSION"),
        ("排除标准：", "EXCLUSION"),
        ("選択基準", "INCLUSION"),
    ],
)
def test_a_list_takes_its_type_from_the_line_that_leads_it(lead, ctype):
    # (a page in another language says so in its body: see _SAYS below)
    body = {"Criterios": _SAYS["es"], "Voraussetzungen": _SAYS["de"]}.get(lead.split()[0], "This page describes one study.")
    text = f"Study record\n{body} This is a sentence of the body.\n\n{lead}\n  • Age 18 or older\n  • HER2-low breast cancer\n"
    assert page_rows(text) == [(ctype, "LOW", [], None)]


def test_inline_eligibility_cues_type_what_follows_them():
    text = ("Tokyo -- The registry received a record of a study, described in these body sentences.\n"
            "Eligibility: Age-lower limit - 18 years Key inclusion criteria - (1) Gastric cancer. (2) "
            "HER2-low status, defined as IHC 1+ or IHC 2+ with negative ISH. Key exclusion criteria - "
            "(1) HER2-positive disease (IHC 3+ or IHC 2+/ISH+). (2) Active double cancer.\n")
    assert page_rows(text) == [("INCLUSION", "LOW", ["1+", "2+"], "NEGATIVE"),
                               ("EXCLUSION", "POSITIVE", ["3+", "2+"], "POSITIVE")]


def test_prose_requirements_are_criteria_and_restatements_one_row():
    text = ("Study news\nThe open-label study will enroll patients with HER2-low breast cancer. To be "
            "eligible, patients must have tumors that express HER2 (IHC 1+, 2+ or 3+). Patients with "
            "HER2-positive tumours are not eligible. Many cancers make some HER2, and HER2-positive "
            "cancers are treated with trastuzumab.\n")
    assert page_rows(text) == [("INCLUSION", "EXPRESSING", ["1+", "2+", "3+"], None),
                               ("EXCLUSION", "POSITIVE", [], None), ("POPULATION", "LOW", [], None)]
    # a requirement restated outside the list (a translation, the summary) is one row
    text = ("Record\nThe page body says what the study does in a sentence or two of prose text.\n\n"
            "- Inclusion criteria:\nen\nWomen; HER2-positive (IHC 3+ or ISH amplified); ECOG 0-1.\n"
            "pt-br\nMulheres com câncer de mama HER2-positivo.\n")
    assert page_rows(text) == [("INCLUSION", "POSITIVE", ["3+"], "POSITIVE")]


# a page needs a language file when it uses enough of that language (its `detect` rows): each
# case's page holds one more criterion, in its language, without HER2
_SAYS = {
    "zh": "年龄18-75岁的女性患者",
    "ja": "同意取得時の年齢が20歳以上の患者",
    "es": "Edad de los pacientes igual o superior a 18 años para el ensayo con tratamiento",
    "de": "Die Patientinnen sind mindestens 18 Jahre alt und mit der Studie einverstanden, eine Einwilligung ist nicht widerrufen",
    "fr": "Les patients pour une étude avec des traitements sont adultes",
    "pt": "Mulheres com idade de 18 anos ou mais com tratamento prévio, uma das condições do estudo",
    "it": "Pazienti con età superiore a 18 anni per lo studio, con il consenso della famiglia",
    "ko": "만 19세 이상의 성인 환자",
}


@pytest.mark.parametrize(
    "lang, criterion, expected",
    [
        ("zh", "HER2低表达（IHC 1+或IHC 2+且ISH阴性）", [("INCLUSION", "LOW", ["1+", "2+"], "NEGATIVE")]),
        ("zh", "经中心实验室确认的HER2阳性（IHC 3+，或IHC 2+且FISH阳性）；", [("INCLUSION", "POSITIVE", ["3+", "2+"], "POSITIVE")]),
        ("ja", "HER2陽性（IHC 3+、又はIHC 2+かつISH陽性）の胃がん", [("INCLUSION", "POSITIVE", ["3+", "2+"], "POSITIVE")]),
        ("ja", "HER2低発現（IHC 1+、またはIHC 2+かつISH陰性）、またはHER2超低発現（IHC 0でかすかな不完全な膜染色）",
         [("INCLUSION", "LOW", ["1+", "2+"], "NEGATIVE"), ("INCLUSION", "ULTRALOW", ["0"], None)]),
        ("es", "HER2 bajo (IHC 1+ o IHC 2+ con ISH negativo) según un laboratorio central",
         [("INCLUSION", "LOW", ["1+", "2+"], "NEGATIVE")]),
        ("es", "Cáncer de mama HER2 positivo (IHC 3+ o ISH positivo)", [("INCLUSION", "POSITIVE", ["3+"], "POSITIVE")]),
        ("de", "Ihr Tumor muss HER2-low sein (IHC 1+ oder IHC 2+ bei negativem ISH-Test).",
         [("INCLUSION", "LOW", ["1+", "2+"], "NEGATIVE")]),
        ("de", "Ihr Tumor darf nie HER2-positiv gewesen sein.", [("EXCLUSION", "POSITIVE", [], None)]),
        ("de", "HER2-positivem frühem Mammakarzinom", [("INCLUSION", "POSITIVE", [], None)]),
        ("fr", "cancer du poumon avec mutation HER2", [("INCLUSION", "MUTANT", [], None)]),
        ("pt", "câncer de mama HER2-positivo", [("INCLUSION", "POSITIVE", [], None)]),
        ("it", "carcinoma mammario HER2 a bassa espressione (IHC 1+ o IHC 2+ con ISH negativa)",
         [("INCLUSION", "LOW", ["1+", "2+"], "NEGATIVE")]),
        ("ko", "HER2 양성(IHC 3+ 또는 ISH 양성) 위암", [("INCLUSION", "POSITIVE", ["3+"], "POSITIVE")]),
    ],
)
def test_other_languages_are_rule_files(lang, criterion, expected):
    text, layout = criteria_layout([_SAYS[lang], criterion])
    facts = extract_her2(text, layout, {})
    _check_facts(text, layout, facts)
    assert [(f.attrs["criterion_type"], f.label, f.attrs["ihc_scores"], f.attrs["ish"]) for f in facts] == expected


def test_a_page_reads_only_the_languages_it_uses():
    # an English page does not load the Spanish words: "HER2 bajo" states no status there
    text, layout = criteria_layout(["Age 18 or over", "HER2 bajo"])
    assert extract_her2(text, layout, {}) == []
    text, layout = criteria_layout([_SAYS["es"], "HER2 bajo"])
    assert [f.label for f in extract_her2(text, layout, {})] == ["LOW"]


def test_superseded_criteria_and_swept_label_values_are_no_criteria():
    # criteria of an earlier protocol version are no requirement of the study as it stands
    text, layout = criteria_layout([
        "Current participant inclusion criteria: 1. Women 2. HER2-low disease (IHC 1+)",
        "Previous participant inclusion criteria: 1. Women 2. HER2-positive disease"])
    assert [(f.attrs["criterion_type"], f.label) for f in extract_her2(text, layout, {})] == [("INCLUSION", "LOW")]
    # a line the layout swept into the exclusion list right after a condition label
    text = ("Exclusion criteria: 1) LVEF < 50%.\nHealth Condition(s) or Problem(s) studied\n"
            "HER2-positive advanced gastric cancer\n")
    s1 = text.index("LVEF")
    s2 = text.index("HER2-positive")
    crits = [Criterion("EXCLUSION", s1, text.index("\n"), "LVEF < 50%."),
             Criterion("EXCLUSION", s2, len(text) - 1, "HER2-positive advanced gastric cancer")]
    layout = Layout("test", [Section("exclusion", 0, len(text))], crits)
    assert [(f.attrs["criterion_type"], f.label) for f in extract_her2(text, layout, {})] == [("POPULATION", "POSITIVE")]


def test_background_clause_runs_across_parentheses():
    text = ("Study summary\nThis is a sentence of the body that says what the page is about today.\n"
            "A trial of ZX-1 in people with HER2-positive early breast cancer (ZX-301, NCT05811923) is ongoing.\n")
    assert page_rows(text) == []


def test_heading_left_inside_a_list_switches_the_items_after_it():
    # the layout kept "Main exclusion criteria:" as an item of the inclusion list: the items
    # after it are exclusions; a table header naming both columns switches nothing
    rows = read(inc=["Confirmed HER2-low disease (IHC 1+ or IHC 2+/ISH-negative)",
                     "Main exclusion criteria:",
                     "Prior HER2-positive tumour (IHC 3+)"])
    assert keys(rows) == [("INCLUSION", "LOW"), ("EXCLUSION", "POSITIVE")]
    rows = read(inc=["Main non-inclusion criteria :", "HER2-positive disease"])
    assert keys(rows) == [("EXCLUSION", "POSITIVE")]
    text = ("Eligibility\nInclusion criteria | Exclusion criteria\n"
            "HER2-positive (IHC 3+) | Prior anti-HER2 therapy\n")
    s = text.index("Exclusion criteria\n")
    t = text.index("HER2-positive (IHC")
    crits = [Criterion(INCLUSION, s, s + len("Exclusion criteria"), "Exclusion criteria"),
             Criterion(INCLUSION, t, len(text) - 1, text[t:-1])]
    layout = Layout("test", [Section("inclusion", s, len(text))], crits)
    assert [(f.attrs["criterion_type"], f.label) for f in extract_her2(text, layout, {})] == [
        ("INCLUSION", "POSITIVE")]


def test_inline_cue_with_a_verb_starts_its_criteria():
    text = ("Design\nWomen aged 18 to 70 years take part. Inclusion criteria are (1) stage II "
            "HER2-negative breast cancer; (2) ECOG 0 or 1. Exclusion criteria are (1) "
            "HER2-positive disease; (2) prior chemotherapy.\n")
    layout = Layout("test", [], [])
    facts = extract_her2(text, layout, {})
    _check_facts(text, layout, facts)
    assert [(f.attrs["criterion_type"], f.label) for f in facts] == [
        ("INCLUSION", "NEGATIVE"), ("EXCLUSION", "POSITIVE")]


def _swept(lines):
    """A page whose lines the layout all put in one inclusion list (as it does with tables
    and with the document text after a list)."""
    text = "Eligibility\n" + "\n".join(lines) + "\n"
    crits, pos = [], len("Eligibility\n")
    for line in lines:
        crits.append(Criterion(INCLUSION, pos, pos + len(line), line))
        pos += len(line) + 1
    return text, Layout("test", [Section("inclusion", 12, len(text))], crits)


def test_two_column_eligibility_table_reads_each_cell_in_its_column():
    text, layout = _swept(["| Inclusion criteria | Exclusion criteria |", "|---|---|",
                           "| Age 18 or older | HER2-positive disease (IHC 3+) |",
                           "| HER2-low (IHC 1+) | |"])
    facts = extract_her2(text, layout, {})
    _check_facts(text, layout, facts)
    assert [(f.attrs["criterion_type"], f.label, f.attrs["ihc_scores"]) for f in facts] == [
        ("EXCLUSION", "POSITIVE", ["3+"]), ("INCLUSION", "LOW", ["1+"])]
    # a table of other columns is read as the list it stands in
    text, layout = _swept(["| Cohort | Disease |", "|---|---|", "| A | HER2-positive disease (IHC 3+) |"])
    assert [(f.attrs["criterion_type"], f.label) for f in extract_her2(text, layout, {})] == [
        ("INCLUSION", "POSITIVE")]


def test_document_heading_ends_a_swept_list():
    text, layout = _swept(["HER2-low disease (IHC 1+)", "## Conclusion",
                           "The trial may help patients with HER2-positive disease."])
    assert [(f.attrs["criterion_type"], f.label) for f in extract_her2(text, layout, {})
            if f.attrs["criterion_type"] != "POPULATION"] == [("INCLUSION", "LOW")]
    # a heading naming a list is no end
    text, layout = _swept(["## Key inclusion criteria", "HER2-low disease (IHC 1+)"])
    assert [(f.attrs["criterion_type"], f.label) for f in extract_her2(text, layout, {})] == [
        ("INCLUSION", "LOW")]


def test_prose_requirement_phrasings():
    # "To take part, ... had to show" states a requirement; "... are excluded" an exclusion
    text = ("Summary\nAdults with gastric cancer took part in this trial. To take part, the tumour "
            "had to show HER2 IHC 3+. People whose tumours ever tested HER2-low are excluded.\n")
    layout = Layout("test", [], [])
    facts = extract_her2(text, layout, {})
    _check_facts(text, layout, facts)
    assert [(f.attrs["criterion_type"], f.label, f.attrs["ihc_scores"]) for f in facts] == [
        ("INCLUSION", "POSITIVE", ["3+"]), ("EXCLUSION", "LOW", [])]
    # "To take part," before any verb states it (the comma ends the cue: no word edge after it)
    text = ("Summary\nThis study is for adults with gastric cancer. To take part, the tumor must "
            "test HER2-positive (IHC 3+, or IHC 2+ with a positive ISH test).\n")
    facts = extract_her2(text, layout, {})
    assert [(f.attrs["criterion_type"], f.label, f.attrs["ihc_scores"]) for f in facts] == [
        ("INCLUSION", "POSITIVE", ["3+", "2+"])]


def test_eligible_population_with_an_assay_definition_is_also_an_inclusion():
    """rules role ``elig_prose``: a prose sentence (or a list's lead line) that says who was
    eligible, included or allowed to enrol; a population mention with an assay definition in it
    states the inclusion requirement too (which takes the definition; the population row names
    the status). Without such a cue, or without a definition, it stays a population row only."""
    from extract.context import build_context
    from extract.layout import analyze

    def got(text):
        facts = extract_her2(text, build_context(text, analyze(text)), {})
        return sorted((f.attrs["criterion_type"], f.label, tuple(f.attrs["ihc_scores"])) for f in facts)

    head = ("A phase II study of zanidatamab in advanced gastric cancer\n\nAbstract\n\nBackground: Targeted "
            "therapy is the standard of care in advanced gastric cancer and has improved survival for many patients.\n\n")
    for sentence in [
        "Methods: Eligible patients were adults with HER2-positive (IHC 3+ or IHC 2+ with FISH amplification) gastric cancer.",
        "Methods: Adults with HER2-positive (IHC 3+ or IHC 2+ with FISH amplification) gastric cancer were eligible.",
        "Methods: Women with HER2-positive (IHC 3+ or IHC 2+ with FISH amplification) disease were included.",
        "Methods: This phase II trial enrolled adults with HER2-positive (IHC 3+ or IHC 2+ with FISH amplification) cancer.",
    ]:
        assert got(head + sentence + "\n") == [("INCLUSION", "POSITIVE", ("3+", "2+")),
                                                ("POPULATION", "POSITIVE", ())], sentence
    # whom the study will enroll, or a mention without a definition: a population row only
    assert got(head + "Methods: This trial will enroll adults with HER2-positive (IHC 3+ or IHC 2+ with "
               "FISH amplification) cancer.\n") == [("POPULATION", "POSITIVE", ("3+", "2+"))]
    assert got(head + "Methods: Eligible patients were adults with HER2-positive gastric cancer.\n") == [
        ("POPULATION", "POSITIVE", ())]
    # the items of a list whose lead says who may take part
    text = ("Plain language summary\n\nThe women recruited were fairly healthy. Women were only allowed to enrol if:\n\n"
            "  • they were aged 18 to 75\n  • their tumours were HER2-low (IHC 1+, or IHC 2+ with a negative ISH test)\n")
    assert got(text) == [("INCLUSION", "LOW", ("1+", "2+")), ("POPULATION", "LOW", ())]


def test_hard_wrapped_item_is_one_criterion():
    # the layout made each wrapped line of a marked item a criterion of its own
    text = ("Eligibility\n- Patients must have HER2-positive disease, defined as IHC 3+\n"
            "or ISH amplified on local testing.\n- ECOG 0-1.\n")
    lines = ["Patients must have HER2-positive disease, defined as IHC 3+",
             "or ISH amplified on local testing.", "ECOG 0-1."]
    crits = [Criterion(INCLUSION, text.index(x), text.index(x) + len(x), x) for x in lines]
    layout = Layout("test", [Section("inclusion", 12, len(text))], crits)
    facts = extract_her2(text, layout, {})
    _check_facts(text, layout, facts)
    assert [(f.attrs["criterion_type"], f.label, f.attrs["ihc_scores"], f.attrs["ish"]) for f in facts] == [
        ("INCLUSION", "POSITIVE", ["3+"], "POSITIVE")]


def test_ish_positivity_and_negativity_are_results():
    rows = read(inc=["HER2-positive (IHC 3+ or IHC 2+ with ISH positivity)",
                     "HER2-low (IHC 1+ or IHC 2+ with ISH negativity)"])
    assert [(r[1], r[2], r[3]) for r in rows] == [
        ("POSITIVE", ["3+", "2+"], "POSITIVE"), ("LOW", ["1+", "2+"], "NEGATIVE")]


def test_dutch_page_reads_with_its_language_file():
    text = ("Onderzoek naar een nieuw medicijn\n\nIn dit onderzoek worden patiënten met HER2-lage "
            "maagkanker behandeld. Het medicijn wordt elke 3 weken gegeven.\n\nWie kan meedoen?\n"
            " • Uw tumor is HER2-laag: IHC 1+ of IHC 2+ met een negatieve ISH-test.\n\n"
            "U kunt niet meedoen als:\n • uw tumor ooit HER2-positief is geweest;\n")
    layout = Layout("test", [], [])
    facts = extract_her2(text, layout, {})
    _check_facts(text, layout, facts)
    got = {(f.attrs["criterion_type"], f.label, tuple(f.attrs["ihc_scores"]), f.attrs["ish"]) for f in facts}
    assert got == {("POPULATION", "LOW", (), None), ("INCLUSION", "LOW", ("1+", "2+"), "NEGATIVE"),
                   ("EXCLUSION", "POSITIVE", (), None)}


@pytest.mark.parametrize("text, expected", [
    # Swedish (her2_lang_sv.yaml): "måste" states the requirement, "utan genamplifiering" is ISH-negative
    ("Ny studie för HER2-låg bröstcancer\n\nPatienter med spridd bröstcancer kan nu delta i studien vid sjukhuset. "
     "För att kunna vara med måste tumören vara HER2-låg, det vill säga IHC 1+ eller IHC 2+ utan genamplifiering.\n",
     {("POPULATION", "LOW", (), None), ("INCLUSION", "LOW", ("1+", "2+"), "NEGATIVE")}),
    # Polish (her2_lang_pl.yaml): "kwalifikowano" says who was eligible, "ISH dodatni" is ISH-positive
    ("Trastuzumab w leczeniu chorych na HER2-dodatniego raka piersi\n\nDo badania II fazy prowadzonego w 6 ośrodkach "
     "w Polsce kwalifikowano kobiety w wieku 65 lat i starsze z rakiem piersi HER2-dodatnim (IHC 3+ lub ISH dodatni), "
     "ze stanem sprawności ECOG 0–2.\n",
     {("POPULATION", "POSITIVE", (), None), ("INCLUSION", "POSITIVE", ("3+",), "POSITIVE")}),
    # Russian (her2_lang_ru.yaml, detected by its script): ИГХ is IHC, gene amplification by FISH the ISH result
    ("Материал и методы. В исследование включены больные раком молочной железы в возрасте от 18 до 70 лет.\n\n"
     "Критерии включения: HER2-положительный статус опухоли (ИГХ 3+ или ИГХ 2+ при наличии амплификации гена HER2 "
     "по данным FISH); статус ECOG 0–1.\n",
     {("INCLUSION", "POSITIVE", ("3+", "2+"), "POSITIVE")}),
])
def test_swedish_polish_russian_words(text, expected):
    from extract.context import build_context
    from extract.layout import analyze

    facts = extract_her2(text, build_context(text, analyze(text)), {})
    _check_facts(text, None, facts)
    got = {(f.attrs["criterion_type"], f.label, tuple(f.attrs["ihc_scores"]), f.attrs["ish"]) for f in facts}
    assert got == expected


def test_traditional_chinese_words_and_cues():
    text = ("試驗名稱\n一項第二期試驗\n\n主要納入條件\n1. 年滿 20 歲。\n2. HER2 低度表現(IHC 1+ 或 IHC 2+/ISH 陰性)。\n\n"
            "主要排除條件\n1. 曾經確診為 HER2 陽性(IHC 3+ 或 ISH 陽性)者。\n")
    layout = Layout("test", [], [])
    facts = extract_her2(text, layout, {})
    _check_facts(text, layout, facts)
    assert [(f.attrs["criterion_type"], f.label, f.attrs["ihc_scores"], f.attrs["ish"]) for f in facts] == [
        ("INCLUSION", "LOW", ["1+", "2+"], "NEGATIVE"), ("EXCLUSION", "POSITIVE", ["3+"], "POSITIVE")]


# ---- other languages (issue 11, real_langs pages): each case one rule row
def test_list_number_glued_by_nfkc_is_an_edge():
    # NFKC turns "③HER2陽性" at a line start into "3HER2陽性": the list number is no part of a word
    from extract.layout import analyze

    text = "HER2陽性胃癌の第II相試験\n主な適格基準\n2ECOG PS 0-1\n3HER2陽性(IHC 3+、又はIHC 2+かつFISH陽性)\n"
    layout = analyze(text)
    rows = [(f.attrs["her2_status"], f.attrs["ihc_scores"], f.attrs["ish"]) for f in extract_her2(text, layout, {})]
    assert ("POSITIVE", ["3+", "2+"], "POSITIVE") in rows


def test_chinese_ish_named_in_words():
    rows = read(["HER-2低表达[IHC 1+或IHC 2+且原位杂交(ISH)阴性]"])
    assert [(r[0], r[1], r[2], r[3]) for r in rows if r[0] == "INCLUSION"] == [("INCLUSION", "LOW", ["1+", "2+"], "NEGATIVE")]


def test_spanish_ihc_word_is_part_of_the_assay():
    # (the Spanish rules load on a page with enough Spanish words)
    rows = read(["Pacientes del sexo femenino con diagnóstico de cáncer de mama para el ensayo",
                 "HER2 positivo por inmunohistoquímica (3+) o FISH"])
    (row,) = [r for r in rows if r[0] == "INCLUSION"]
    assert row[1] == "POSITIVE" and row[5].startswith("inmunohistoquímica")


def _open_page(text):
    from extract.context import build_context
    from extract.layout import analyze

    return {(f.attrs["criterion_type"], f.attrs["her2_status"]) for f in extract_her2(text, build_context(text, analyze(text)), {})}


@pytest.mark.parametrize("text, expected", [
    ("국내 ADC 개발사 임상 1상 첫 환자 투약\n회사는 이번 임상을 소개했다.\n"
     "주요 선정기준은 HER2 저발현(IHC 1+ 또는 IHC 2+/ISH 음성)으로 확인된 환자이다. HER2 양성(IHC 3+) 환자는 참여할 수 없다.\n",
     {("EXCLUSION", "POSITIVE")}),                                                     # ko.excl_post / ko.require
    ("Aktuell referiert\nStudiendesign\n"
     "Die randomisierte Studie verglich ein Konjugat mit einer Chemotherapie nach Wahl des Arztes und der Klinik.\n"
     "Patientinnen mit HER2-positivem Tumor (IHC 3+ oder ISH-positiv) wurden ausgeschlossen.\n",
     {("EXCLUSION", "POSITIVE")}),                                                     # de.require
])
def test_prose_exclusion_in_other_languages(text, expected):
    assert expected <= _open_page(text)


# ------------------------------------------------- issue 11, fields3: sites nobody studied yet
def _context_rows(text):
    from extract.context import build_context
    from extract.layout import analyze

    layout = build_context(text, analyze(text))
    facts = extract_her2(text, layout, {})
    _check_facts(text, layout, facts)
    return sorted((f.attrs["criterion_type"], f.label, tuple(f.attrs["ihc_scores"]), f.attrs["ish"]) for f in facts)


def test_required_and_excluded_lines_of_a_matching_site():
    text = ("Q-1 With Tislelizumab in Advanced Gastric Cancer\n\nThis single-arm, open-label phase 2 study "
            "enrolled 64 participants with previously treated gastric adenocarcinoma.\n\nBiomarker criteria\n\n"
            "Required: HER2 (ERBB2) low expression\n\n"
            "HER2-low defined as IHC 1+, or IHC 2+ with negative FISH, by central review\n\n"
            "Excluded: HER2 (ERBB2) overexpression\n\ntumours that are IHC 3+ are not eligible\n")
    rows = _context_rows(text)
    assert ("INCLUSION", "LOW", ("1+", "2+"), "NEGATIVE") in rows
    assert ("EXCLUSION", "POSITIVE") in [r[:2] for r in rows]
    assert "INCLUSION" not in [r[0] for r in rows if r[1] == "POSITIVE"]


def test_one_paragraph_summary_eligible_then_exclude_and_the_next_api_key():
    text = ("official_title\nA Phase III Study of Q-1 in Metastatic Breast Cancer\n\neligibility_summary\n"
            "Eligible: women 18–75, metastatic breast cancer with low HER2 (IHC 1+ or 2+/ISH−), adequate organ "
            "function. Exclude: prior HER2-directed ADC, HER2-positive disease (IHC 3+ or ISH+) on any sample.\n\n"
            "ai_summary\nPhase III trial in HER2-low (IHC 1+ or 2+/ISH−) metastatic breast cancer.\n")
    rows = _context_rows(text)
    assert [r for r in rows if r[0] != "POPULATION"] == [
        ("EXCLUSION", "POSITIVE", ("3+",), "POSITIVE"), ("INCLUSION", "LOW", ("1+", "2+"), "NEGATIVE")]


def test_lead_in_of_people_who_and_japanese_target_label():
    text = ("Who Can Participate in the Study?\nAdults ages 18 and over who:\n"
            "- Have metastatic breast cancer that is HER2-positive (IHC 3+, or IHC 2+ with a positive ISH test)\n"
            "- Have had at least 6 months of treatment\n")
    assert ("INCLUSION", "POSITIVE", ("3+", "2+"), "POSITIVE") in _context_rows(text)
    text = ("治験とは、新しい薬が国の承認を得るために、患者さんにご協力いただいて有効性と安全性を確かめる臨床試験のことです。\n\n"
            "① Q-1の第3相臨床試験\n対象：HER2陽性（IHC 3+又はISH陽性）の手術不能又は再発乳癌の患者さん\n年齢：20歳以上\n")
    assert ("INCLUSION", "POSITIVE", ("3+",), "POSITIVE") in _context_rows(text)


def test_misspelt_exclusion_heading():
    text = ("Eligibility\n\nInclusion Criterea\n\n  • Age >= 18 years\n\nExclusion Criterea\n\n"
            "  • Known HER2-low disease on a prior sample (IHC 1+ or IHC 2+/ISH negative)\n")
    assert _context_rows(text) == [("EXCLUSION", "LOW", ("1+", "2+"), "NEGATIVE")]


def test_news_a_sponsors_trial_of_in_people_with_and_groups_it_will_test():
    text = ("Phase 1 Trial Begins Dosing Patients With Brain-Penetrant Inhibitor\n\n"
            "Patient dosing has begun in Corvalis Therapeutics' Phase 1 clinical trial of its investigational "
            "inhibitor, CVT-2210, in people with HER2-positive breast cancer that has spread to the brain.\n\n"
            "HER2 is a protein that promotes the growth of some cancers, including about 1 in 5 breast cancers.\n\n"
            "The expansion part will test the recommended dose in two groups: patients with brain metastases, and "
            "patients with solid tumors carrying an activating HER2 (ERBB2) mutation.\n")
    assert _context_rows(text) == [("POPULATION", "MUTANT", (), None), ("POPULATION", "POSITIVE", (), None)]


def test_japanese_prose_naming_its_eligibility_criteria_states_requirements():
    # ja.require: "主な適格規準は、..." in a sentence of a report is a requirement, its mention a criterion
    text = ("研究報告\n単群第Ⅱ相試験として実施する。主な適格規準は、20歳以上、HER2低発現(IHC 1+、またはIHC 2+かつISH陰性)、"
            "ECOG PS 0-1である。目標症例数は40例である。\n")
    assert ("INCLUSION", "LOW", ["1+", "2+"], "NEGATIVE") in page_rows(text)

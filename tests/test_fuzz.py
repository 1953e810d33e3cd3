"""Property tests (hypothesis): random and mutated registry text through the layout, every
extractor of the pipeline and the pure normalizers (issue 6, fuzzing).

Properties: nothing raises; every offset lies inside the text (0 <= start < end <= len for
facts, 0 <= start <= end <= len for evidence, sections and criteria); every lab threshold
and dose that has a value has its unit; the rows of a whole page fit the table schemas.
The text is what ingestion hands over (``normalize_text``), as in a real run.
"""
from __future__ import annotations

import math
import os
import re
from functools import lru_cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.ingest import normalize_text
from extract.layout import analyze
from extract.pipeline import EXTRACTORS, _resolve
from extract.schema import to_table

ROOT = Path(__file__).resolve().parents[1]
# CI runs a fixed, derandomized sample; TRIAL_EXTRACT_FUZZ_SCALE=20 hunts with 20x more random examples
SCALE = float(os.environ.get("TRIAL_EXTRACT_FUZZ_SCALE", "1"))
FUZZ = settings(deadline=None, suppress_health_check=list(HealthCheck), derandomize=SCALE == 1, database=None,
                print_blob=True)


def n(examples: int) -> int:
    return max(1, int(examples * SCALE))


@lru_cache(maxsize=1)
def seed_texts() -> tuple[str, ...]:
    from extract.ingest import RawPage, make_document

    texts = []
    for d in ("raw", "tests/docs"):
        for p in sorted((ROOT / d).iterdir()):
            if p.is_file() and p.suffix in (".txt", ".md", ".html") and p.name != "README.md":
                texts.append(make_document(RawPage(p.name, p.read_bytes(), "x")).text)
    return tuple(texts)


@lru_cache(maxsize=1)
def extractors():
    return [(kind, _resolve(path)) for kind, path in EXTRACTORS.items()]


# ------------------------------------------------------------------------ strategies
TOKENS = [
    "Inclusion Criteria:", "Exclusion Criteria:", "Eligibility Criteria", "Key Inclusion Criteria",
    "ANC", "absolute neutrophil count", "Platelets", "platelet count", "Hemoglobin", "Hgb", "AST", "ALT",
    "total bilirubin", "creatinine clearance", "CrCl", "eGFR", "INR", "aPTT", "LVEF", "QTcF", "HbA1c",
    "HER2", "HER2-positive", "HER2-low", "ERBB2", "IHC", "ISH", "FISH", "3+", "2+", "1+", "0", "IHC 2+/ISH-",
    "≥", "≤", ">", "<", "=", ">=", "<=", "≥ 1.5", "< 2.5", "× 10^9/L", "x 10^9/L", "10^9/L", "/mm3", "/μL",
    "cells/mm^3", "g/dL", "g/L", "mg/dL", "μmol/L", "mmol/L", "mL/min", "mL/min/1.73 m2", "%", "ms", "U/L",
    "x ULN", "× ULN", "ULN", "LLN", "institutional upper limit of normal", "or", "and", "unless", "(", ")",
    "Gilbert syndrome", "liver metastases", "mg", "mg/kg", "mg/m2", "mg/m^2", "μg/kg", "cells/kg", "AUC 5",
    "IV", "orally", "intravenously", "subcutaneous", "every 3 weeks", "Q3W", "Q2W", "daily", "twice daily",
    "on days 1-14", "of each 21-day cycle", "Dose level 3:", "DL-1", "Cohort A", "Arm B:", "Part 1",
    "Phase 1", "Phase I/II", "Phase 2/3", "NCT01234567", "NCT0123456", "EudraCT 2019-001234-56",
    "Study Start:", "Primary Completion (Estimated):", "Last Update Posted:", "2024-07-09", "July 9, 2024",
    "March 2023", "Enrollment:", "120 (Estimated)", "Ages Eligible for Study:", "18 Years and older",
    "Sex:", "All", "Accepts Healthy Volunteers:", "No", "1.", "2)", "a.", "-", "•", "*", ":", ";", ",", ".",
    "1,500", "100,000", "1.5", "0.5", "3", "1e9", "10⁹", "1 000", "-1", "0.0", "99999999999999999999",
    "\n", "\n\n", "\t", " ", "|", "\\>", "μ", "µ",
]
token_soup = st.lists(st.sampled_from(TOKENS), min_size=0, max_size=80).map(
    lambda toks: "".join(t if t in ("\n", "\n\n", "\t") else t + " " for t in toks))
random_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300)
ascii_text = st.text(alphabet=st.characters(min_codepoint=9, max_codepoint=126), max_size=300)


@st.composite
def mutated_page(draw):
    """A seed or team page with a few random edits: cut, duplicate, insert, swap, truncate."""
    text = draw(st.sampled_from(seed_texts()))
    for _ in range(draw(st.integers(1, 4))):
        n = len(text)
        i = draw(st.integers(0, n))
        j = draw(st.integers(i, min(n, i + 400)))
        op = draw(st.sampled_from(["cut", "dup", "insert", "swap", "truncate", "digits", "case"]))
        if op == "cut":
            text = text[:i] + text[j:]
        elif op == "dup":
            text = text[:j] + text[i:j] + text[j:]
        elif op == "insert":
            text = text[:i] + draw(st.one_of(token_soup, random_text, ascii_text)) + text[i:]
        elif op == "swap":
            k = draw(st.integers(j, n))
            text = text[:i] + text[j:k] + text[i:j] + text[k:]
        elif op == "truncate":
            text = text[:i]
        elif op == "digits":
            text = text[:i] + re.sub(r"\d", lambda m: draw(st.sampled_from("0123456789")), text[i:j]) + text[j:]
        else:
            text = text[:i] + text[i:j].swapcase() + text[j:]
    return text


any_text = st.one_of(token_soup, random_text, ascii_text, mutated_page())


# ------------------------------------------------------------------------ properties
def check_layout(text: str):
    layout = analyze(text)
    n = len(text)
    for s in layout.sections:
        assert 0 <= s.start <= s.end <= n, (s, n)
    for i, c in enumerate(layout.criteria):
        assert 0 <= c.start <= c.end <= n, (c, n)
        assert c.parent is None or 0 <= c.parent < len(layout.criteria), (i, c)
    return layout


def check_facts(kind: str, text: str, facts) -> None:
    n = len(text)
    for f in facts:
        assert 0 <= f.start < f.end <= n, (kind, f, n)
        assert 0 <= f.evidence_start <= f.evidence_end <= n, (kind, f, n)
        a = f.attrs
        if f.kind == "lab_threshold":
            assert a.get("value") is None or (a.get("unit") and math.isfinite(a["value"])), (kind, f, text[f.start:f.end])
        if f.kind == "dose":
            for v in ("dose_low", "dose_high"):
                assert a.get(v) is None or (a.get("unit") and math.isfinite(a[v])), (kind, f, text[f.start:f.end])


def run_all(raw: str) -> None:
    text = normalize_text(raw)
    layout = check_layout(text)
    for kind, extract in extractors():
        check_facts(kind, text, extract(text, layout, {}))


@settings(FUZZ, max_examples=n(250))
@given(any_text)
def test_layout_and_every_extractor_on_random_and_mutated_text(raw):
    run_all(raw)


@settings(FUZZ, max_examples=n(60))
@given(mutated_page(), st.dictionaries(st.sampled_from(["ANC", "PLT", "Hb", "ULN", "HER2", "IHC", "AST"]),
                                       st.sampled_from(["absolute neutrophil count", "platelets", "hemoglobin",
                                                        "upper limit of normal", "", "x"]), max_size=4))
def test_extractors_with_abbreviations(raw, abbreviations):
    text = normalize_text(raw)
    layout = analyze(text)
    for kind, extract in extractors():
        check_facts(kind, text, extract(text, layout, dict(abbreviations)))


@settings(FUZZ, max_examples=n(40))
@given(st.one_of(mutated_page(), token_soup))
def test_whole_pipeline_rows_fit_the_schemas(raw):
    """spaCy pipeline + records: every row of a mutated page fits its Arrow schema."""
    from extract.ingest import Reject, document_from_text
    from extract.pipeline import process
    from extract.records import build_rows

    try:
        doc = document_from_text(raw)
    except Reject as r:  # ingestion sets such input aside (empty, control characters): by design
        assert r.reason in ("empty", "binary", "undecodable"), r
        return
    sdoc = process(doc.text)
    check_facts("pipeline", doc.text, sdoc._.facts)
    rows = build_rows(doc, sdoc._.layout, sdoc._.facts)
    for t, rs in rows.tables.items():
        to_table(t, rs)
        for r in rs:
            if "char_start" in r:
                assert 0 <= r["char_start"] < r["char_end"] <= len(doc.text)


def test_the_seed_pages_exercise_every_extractor():
    """The mutated pages start from texts on which every extractor finds facts."""
    for kind, extract in extractors():
        total = 0
        for text in seed_texts():
            facts = extract(text, analyze(text), {})
            check_facts(kind, text, facts)
            total += len(facts)
        assert total >= 5, kind


# ------------------------------------------------------------------------ normalizers
short = st.one_of(st.text(max_size=40), st.sampled_from(TOKENS),
                  st.lists(st.sampled_from(TOKENS), max_size=4).map(" ".join))


@settings(FUZZ, max_examples=n(300))
@given(short, st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_normalizers_never_raise(s, x):
    from extract.normalize import comparators, dates, doses, fields, her2, numbers, phases, units

    comparators.normalize_comparator(s)
    comparators.comparator_rule(s)
    comparators.comparator_rule(s, "postfix")
    dates.parse_date(s)
    dates.parse_date(s, dayfirst=True)
    found = dates.find_date(s)
    assert found is None or 0 <= found[2] < found[3] <= len(s)
    dates.page_dayfirst(s, True)
    assert set(phases.phases_in(s)) <= {"EARLY_PHASE1", "PHASE1", "PHASE2", "PHASE3", "PHASE4", "NA"}
    for a, b, _p in phases.phase_spans(s):
        assert 0 <= a < b <= len(s)
    fields.parse_age(s)
    fields.parse_age_range(s)
    fields.parse_enrollment(s)
    for field in ("overall_status", "study_type", "sex", "enrollment_type", "healthy_volunteers"):
        fields.vocab_value(field, s)
    her2.normalize_score(s)
    assert set(her2.scores_in(s)) <= {"0", "1+", "2+", "3+"}
    try:
        v = numbers.parse_number(s)
        assert isinstance(v, float)
    except ValueError:
        pass  # documented: "Raises ValueError otherwise"
    u = units.identify_unit(s)
    for analyte in ("anc", "platelets", "hemoglobin", "creatinine", "total_bilirubin", "alt", "inr", "qtc", "hba1c"):
        conv = units.to_canonical(x, u, analyte)
        assert conv is None or (math.isfinite(conv[0]) and conv[1])
        bare = units.convert_bare(x, analyte)
        assert bare is None or (math.isfinite(bare[0]) and bare[1])
        units.plausible(analyte, x, "xULN")
    doses.normalize_route(s)
    doses.normalize_context(s)
    doses.clean_name(s)
    doses.schedule_interval(s)
    doses.is_level_label(s)
    doses.has_context_cue(s)
    for m in doses.find_doses(s):
        assert 0 <= m.start < m.end <= len(s) and m.unit, m
    for finder in (doses.find_routes, doses.find_schedules, doses.find_levels):
        for m in finder(s):
            assert 0 <= m.start < m.end <= len(s), (finder.__name__, m)
    try:
        unit, _interval = doses.normalize_unit(s)
        assert unit
    except ValueError:
        pass  # documented: "ValueError otherwise"
    try:
        low, high = doses.parse_dose_value(s)
        assert low <= high
    except ValueError:
        pass  # documented for what is not a dose value
    doses.parse_day_list(s)

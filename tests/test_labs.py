"""Lab-threshold extractor (extract.components.labs) on hand-built criteria layouts."""
from __future__ import annotations

from collections import Counter

import pytest
from util import criteria_layout

from extract.components.labs import KIND, extract_lab_thresholds
from extract.context import build_context
from extract.layout import analyze
from extract.model import EXCLUSION, INCLUSION, Criterion, Layout, Section
from extract.normalize import units as un

COLUMNS = {"criterion_type", "analyte", "comparator", "value", "unit", "value_as_written", "unit_as_written", "condition"}
I, E = INCLUSION, EXCLUSION


def check_facts(text, layout, facts):
    """Invariants every fact must satisfy: kind, label, columns, surface and evidence offsets."""
    spans = {(c.start, c.end) for c in layout.criteria}
    for f in facts:
        assert f.kind == KIND
        assert set(f.attrs) == COLUMNS
        assert f.label == f.attrs["analyte"]
        assert f.attrs["analyte"] in un.analytes()
        assert f.attrs["comparator"] in (">=", ">", "<=", "<", "=")
        assert isinstance(f.attrs["value"], float)
        assert (f.evidence_start, f.evidence_end) in spans
        assert f.evidence_start <= f.start < f.end <= f.evidence_end
        surface = text[f.start:f.end]
        # the surface read holds the value and unit as written, and ends with them
        if f.attrs["value_as_written"]:
            assert f.attrs["value_as_written"] in surface
        if f.attrs["unit_as_written"]:
            assert f.attrs["unit_as_written"] in surface
        assert surface == surface.strip()
        assert f.rule_id


def run(inclusion=(), exclusion=(), abbreviations=None):
    text, layout = criteria_layout(list(inclusion), list(exclusion))
    facts = extract_lab_thresholds(text, layout, abbreviations)
    check_facts(text, layout, facts)
    return facts


def keys(facts, with_condition=False):
    out = []
    for f in facts:
        a = f.attrs
        k = (a["criterion_type"], a["analyte"], a["comparator"], a["value"], a["unit"])
        out.append(k + (a["condition"],) if with_condition else k)
    return Counter(out)


CASES = [
    # (id, inclusion, exclusion, expected keys with condition)
    ("ascii_mm3", ["Absolute neutrophil count (ANC) ≥ 1,500/mm3"], [],
     [(I, "anc", ">=", 1.5, "10^9/L", None)]),
    ("words_level_of", ["Hemoglobin (Hgb) level of at least 9 g/dL (may be transfused)"], [],
     [(I, "hemoglobin", ">=", 9.0, "g/dL", None)]),
    ("words_ge", ["Platelet count greater than or equal to 100,000/µL"], [],
     [(I, "platelets", ">=", 100.0, "10^9/L", None)]),
    ("bare_count", ["ANC ≥ 1500 and platelets ≥ 100,000"], [],
     [(I, "anc", ">=", 1.5, "10^9/L", None), (I, "platelets", ">=", 100.0, "10^9/L", None)]),
    ("coag", ["INR ≤ 1.5 and PTT ≤ 1.5 × ULN"], [],
     [(I, "inr", "<=", 1.5, "1", None), (I, "aptt", "<=", 1.5, "xULN", None)]),
    ("alternatives", ["Creatinine ≤ 1.5 mg/dL OR calculated creatinine clearance ≥ 50 mL/min"], [],
     [(I, "creatinine", "<=", 1.5, "mg/dL", None), (I, "creatinine_clearance", ">=", 50.0, "mL/min", None)]),
    ("within_times", ["Total bilirubin within 1.5 times the upper limit of normal (ULN), or ≤ 3 x ULN for patients with Gilbert's disease"], [],
     [(I, "total_bilirubin", "<=", 1.5, "xULN", None), (I, "total_bilirubin", "<=", 3.0, "xULN", "Gilbert disease")]),
    ("sgot_sgpt_if", ["SGOT/SGPT ≤ 2.5 x ULN (≤ 5 x ULN if liver involvement)"], [],
     [(I, "ast", "<=", 2.5, "xULN", None), (I, "alt", "<=", 2.5, "xULN", None),
      (I, "ast", "<=", 5.0, "xULN", "liver involvement"), (I, "alt", "<=", 5.0, "xULN", "liver involvement")]),
    ("range_between", ["Serum potassium between 3.5 and 5.0 mmol/L"], [],
     [(I, "potassium", ">=", 3.5, "mmol/L", None), (I, "potassium", "<=", 5.0, "mmol/L", None)]),
    ("range_dash_power_once", ["WBC 3.0–10.0 × 10^9/L"], [],
     [(I, "wbc", ">=", 3.0, "10^9/L", None), (I, "wbc", "<=", 10.0, "10^9/L", None)]),
    ("lvef_by", ["LVEF > 50% by echocardiogram or MUGA"], [],
     [(I, "lvef", ">", 50.0, "%", None)]),
    ("qtcf_msec", [], ["QTcF interval > 480 msec on screening ECG"],
     [(E, "qtc", ">", 480.0, "ms", None)]),
    # a QT bound with no correction named is the vocabulary's only QT analyte (qtc); a QRS bound or
    # "long QT syndrome" is none
    ("qt_uncorrected", [], ["A QT interval longer than 470 ms on the heart tracing",
                            "QT > 500 msec with a pacemaker", "Congenital long QT syndrome or QRS > 120 ms"],
     [(E, "qtc", ">", 470.0, "ms", None), (E, "qtc", ">", 500.0, "ms", None)]),
    ("hbv_iu", [], ["Chronic hepatitis B with HBV DNA > 500 IU/mL"],
     [(E, "hbv_dna", ">", 500.0, "IU/mL", None)]),
    ("negated_must_not", ["Patients must not have HbA1c ≥ 9%"], [],
     [(E, "hba1c", ">=", 9.0, "%", None)]),
    ("negated_post", ["HbA1c > 10% is not allowed"], [],
     [(E, "hba1c", ">", 10.0, "%", None)]),
    ("negated_no", ["No QTc > 470 ms on the screening ECG"], [],
     [(E, "qtc", ">", 470.0, "ms", None)]),
    ("escaped", ["ANC \\>= 1.5 x 10\\^9/L; bilirubin =\\< 1.5 x ULN"], [],
     [(I, "anc", ">=", 1.5, "10^9/L", None), (I, "total_bilirubin", "<=", 1.5, "xULN", None)]),
    ("dipstick", ["Urine protein ≤ 2+ on dipstick or < 1 g/24 h"], [],
     [(I, "urine_protein_dipstick", "<=", 2.0, "+", None), (I, "urine_protein", "<", 1.0, "g/24h", None)]),
    ("glucose_mg", ["Fasting glucose ≤ 160 mg/dL"], [],
     [(I, "glucose", "<=", 8.881, "mmol/L", None)]),
    ("spo2_room_air", ["Oxygen saturation ≥ 92% on room air"], [],
     [(I, "oxygen_saturation", ">=", 92.0, "%", None)]),
    ("except_who_may_have", ["ALT ≤ 3 x ULN, except in patients with liver metastases, who may have ALT ≤ 5 x ULN"], [],
     [(I, "alt", "<=", 3.0, "xULN", None), (I, "alt", "<=", 5.0, "xULN", "liver metastases")]),
    ("unless_is_no_condition", ["Bilirubin ≤ 1.5 x ULN unless Gilbert syndrome"], [],
     [(I, "total_bilirubin", "<=", 1.5, "xULN", None)]),
    ("lead_condition", ["For patients with liver metastases, AST ≤ 5 × ULN"], [],
     [(I, "ast", "<=", 5.0, "xULN", "liver metastases")]),
    ("pipe_table", ["| ANC | ≥ 1.5 × 10^9/L |", "| Hemoglobin | ≥ 9 g/dL |"], [],
     [(I, "anc", ">=", 1.5, "10^9/L", None), (I, "hemoglobin", ">=", 9.0, "g/dL", None)]),
    ("restated_units", ["Hemoglobin ≥ 9 g/dL (≥ 5.6 mmol/L)"], [],
     [(I, "hemoglobin", ">=", 9.0, "g/dL", None)]),
    ("ecog_after", ["ANC ≥ 1.5 × 10^9/L, ECOG ≤ 1"], [],
     [(I, "anc", ">=", 1.5, "10^9/L", None)]),
    ("duration_after", ["Platelets ≥ 100 × 10^9/L and no transfusion within 7 days"], [],
     [(I, "platelets", ">=", 100.0, "10^9/L", None)]),
    ("cd4_outside_vocab", [], ["HIV infection with CD4 count < 200 cells/µL"],
     [(E, "cd4", "<", 200.0, "cells/uL", None)]),
    ("decimal_comma", ["Serum bilirubin ≤ 1,5 x ULN"], [],
     [(I, "total_bilirubin", "<=", 1.5, "xULN", None)]),
    ("duration_is_no_condition", [], ["ALT > 5 × ULN for more than 2 weeks"],
     [(E, "alt", ">", 5.0, "xULN", None)]),
    ("postfix", ["Absolute neutrophil count of 1,500/mm3 or more"], [],
     [(I, "anc", ">=", 1.5, "10^9/L", None)]),
    ("bare_uln", ["Total bilirubin ≤ institutional upper limit of normal", "Albumin ≥ LLN"], [],
     [(I, "total_bilirubin", "<=", 1.0, "xULN", None), (I, "albumin", ">=", 1.0, "xLLN", None)]),
    ("sex_conditions", [], ["QTcF > 470 ms (females) or > 450 ms (males)"],
     [(E, "qtc", ">", 470.0, "ms", "females"), (E, "qtc", ">", 450.0, "ms", "males")]),
    ("bound_inside_condition", ["Creatinine ≤ 1.5 × ULN OR CrCl ≥ 60 mL/min for participants with creatinine > 1.5 × ULN"], [],
     [(I, "creatinine", "<=", 1.5, "xULN", None),
      (I, "creatinine_clearance", ">=", 60.0, "mL/min", "creatinine > 1.5 × ULN")]),
    ("elliptic_times", [], ["AST or ALT more than 3 times the upper limit of normal, or more than 5 times if the cancer has spread to the liver"],
     [(E, "ast", ">", 3.0, "xULN", None), (E, "alt", ">", 3.0, "xULN", None),
      (E, "ast", ">", 5.0, "xULN", "cancer has spread to the liver"),
      (E, "alt", ">", 5.0, "xULN", "cancer has spread to the liver")]),
    ("except_where", ["Bilirubin < 2 mg/dl; except in patients with Gilbert syndrome, where bilirubin < 3 mg/dl is acceptable"], [],
     [(I, "total_bilirubin", "<", 2.0, "mg/dL", None), (I, "total_bilirubin", "<", 3.0, "mg/dL", "Gilbert syndrome")]),
    ("for_sex", [], ["Subjects with a QTcF > 450 ms for males or > 470 ms for females"],
     [(E, "qtc", ">", 450.0, "ms", "males"), (E, "qtc", ">", 470.0, "ms", "females")]),
    ("ll_n_pair", ["Potassium and magnesium ≥ LLN"], [],
     [(I, "potassium", ">=", 1.0, "xLLN", None), (I, "magnesium", ">=", 1.0, "xLLN", None)]),
    ("mEq_alternatives", [], ["Serum sodium < 130 mEq/L, potassium < 3.0 mEq/L or > 5.5 mEq/L"],
     [(E, "sodium", "<", 130.0, "mmol/L", None), (E, "potassium", "<", 3.0, "mmol/L", None),
      (E, "potassium", ">", 5.5, "mmol/L", None)]),
    ("word_number", [], ["ALT more than three times the upper limit of normal"],
     [(E, "alt", ">", 3.0, "xULN", None)]),
    ("ejection_fraction_below", [], ["Congestive heart failure with an ejection fraction below 40%"],
     [(E, "lvef", "<", 40.0, "%", None)]),
    # --- round 2: plain-language negation in the inclusion list is a negated requirement
    ("negated_markdown_bold", ["Do **not** have uncontrolled diabetes (HbA1c of 8.5% or higher)"], [],
     [(E, "hba1c", ">=", 8.5, "%", None)]),
    ("negated_scope_over_unbounded_mention", ["Don't have blood sugar that is poorly controlled, such as an HbA1c above 9%"], [],
     [(E, "hba1c", ">", 9.0, "%", None)]),
    ("negation_stops_at_new_verb", ["Must not have had surgery within 4 weeks and must have platelets ≥ 100 × 10^9/L"], [],
     [(I, "platelets", ">=", 100.0, "10^9/L", None)]),
    ("negation_stops_at_comma", ["Does not have liver metastases, ALT ≤ 3 × ULN", "No active infection, ANC ≥ 1.5 × 10^9/L"], [],
     [(I, "alt", "<=", 3.0, "xULN", None), (I, "anc", ">=", 1.5, "10^9/L", None)]),
    ("negation_in_exclusion_keeps_type", [], ["Do not have an ANC of at least 1.0 × 10^9/L"],
     [(E, "anc", ">=", 1.0, "10^9/L", None)]),
    # --- a bare multiple in a conditional parenthesis restates the bound before it
    ("elliptic_paren_times", ["ALT and AST no more than 3 times the upper limit of normal (5 times if the tumour involves the liver)"], [],
     [(I, "alt", "<=", 3.0, "xULN", None), (I, "ast", "<=", 3.0, "xULN", None),
      (I, "alt", "<=", 5.0, "xULN", "tumour involves the liver"),
      (I, "ast", "<=", 5.0, "xULN", "tumour involves the liver")]),
    ("elliptic_paren_x_uln", ["SGPT ≤ 2.5 x ULN (5 x ULN for patients with hepatic metastases)"], [],
     [(I, "alt", "<=", 2.5, "xULN", None), (I, "alt", "<=", 5.0, "xULN", "hepatic metastases")]),
    ("elliptic_paren_count", ["ANC ≥ 1.5 × 10^9/L (1.0 × 10^9/L in participants with benign ethnic neutropenia)"], [],
     [(I, "anc", ">=", 1.5, "10^9/L", None), (I, "anc", ">=", 1.0, "10^9/L", "benign ethnic neutropenia")]),
    ("elliptic_after_or", [], ["Bilirubin > 2 mg/dL, or 4 mg/dL in case of Gilbert syndrome"],
     [(E, "total_bilirubin", ">", 2.0, "mg/dL", None), (E, "total_bilirubin", ">", 4.0, "mg/dL", "Gilbert syndrome")]),
    ("elliptic_restatement_is_no_row", ["Platelets ≥ 100 × 10^9/L (100,000/mm3)"], [],
     [(I, "platelets", ">=", 100.0, "10^9/L", None)]),
    ("elliptic_alone_is_no_row", ["Platelets (75 × 10^9/L if bone marrow involvement)"], [],
     []),
    # --- the analyte named in a parenthesis after the value
    ("analyte_after_value", [], ["Poor kidney function, below 45 mL/min (creatinine clearance)"],
     [(E, "creatinine_clearance", "<", 45.0, "mL/min", None)]),
    ("analyte_after_value_negated", ["Must not have low blood counts, such as less than 8 g/dL (haemoglobin)"], [],
     [(E, "hemoglobin", "<", 8.0, "g/dL", None)]),
    ("analyte_after_value_then_condition", ["Kidney function of at least 50 mL/min (eGFR), or at least 30 mL/min if on dialysis"], [],
     [(I, "gfr", ">=", 50.0, "mL/min", None), (I, "gfr", ">=", 30.0, "mL/min", "dialysis")]),
    ("analyte_after_value_outside_vocab", [], ["High blood pressure: over 160 mmHg (systolic blood pressure)"],
     [(E, "sbp", ">", 160.0, "mmHg", None)]),
    # --- normal limits
    ("at_or_above_lln", ["LVEF at or above the institutional lower limit of normal"], [],
     [(I, "lvef", ">=", 1.0, "xLLN", None)]),
    ("at_or_below_uln", ["Lipase at or below the ULN"], [],
     [(I, "lipase", "<=", 1.0, "xULN", None)]),
    ("below_value_or_below_lln", [], ["LVEF below 50% or below the lower limit of normal of the site"],
     [(E, "lvef", "<", 50.0, "%", None), (E, "lvef", "<", 1.0, "xLLN", None)]),
    ("redundant_postfix_still_read", ["Hemoglobin ≥ 9 g/dL or more"], [],
     [(I, "hemoglobin", ">=", 9.0, "g/dL", None)]),
    # --- conditions
    ("condition_does_not_leak_to_next_group",
     ["Bilirubin ≤ 1.5 × ULN (≤ 3 × ULN if you have Gilbert's syndrome), and ALT/AST ≤ 2.5 × ULN"], [],
     [(I, "total_bilirubin", "<=", 1.5, "xULN", None), (I, "total_bilirubin", "<=", 3.0, "xULN", "Gilbert syndrome"),
      (I, "alt", "<=", 2.5, "xULN", None), (I, "ast", "<=", 2.5, "xULN", None)]),
    ("condition_who_will_receive", ["Creatinine clearance ≥ 40 mL/min (≥ 60 mL/min for patients who will receive cisplatin)"], [],
     [(I, "creatinine_clearance", ">=", 40.0, "mL/min", None),
      (I, "creatinine_clearance", ">=", 60.0, "mL/min", "will receive cisplatin")]),
    ("condition_population_may_enroll",
     ["Total bilirubin ≤ ULN (participants with Gilbert's syndrome may enroll if direct bilirubin is ≤ 1.5 mg/dL)"], [],
     [(I, "total_bilirubin", "<=", 1.0, "xULN", None), (I, "direct_bilirubin", "<=", 1.5, "mg/dL", "Gilbert syndrome")]),
    ("condition_population_eligible_provided",
     ["Patients with known hepatic involvement are eligible provided AST is ≤ 5 × ULN"], [],
     [(I, "ast", "<=", 5.0, "xULN", "hepatic involvement")]),
    ("population_with_must_have_is_no_condition", ["Patients with HER2-positive disease must have LVEF ≥ 50%"], [],
     [(I, "lvef", ">=", 50.0, "%", None)]),
    # round 3
    ("coordinated_with_a_method_word", ["Creatinine clearance or radionuclide GFR ≥ 60 mL/min/1.73 m2"], [],
     [(I, "creatinine_clearance", ">=", 60.0, "mL/min", None), (I, "gfr", ">=", 60.0, "mL/min", None)]),
    ("age_banded_bounds", ["Serum creatinine based on age: ≤ 0.6 mg/dL (age 2 to < 8 years), "
                           "≤ 1.0 mg/dL (age 8 to < 14 years), ≤ 1.4 mg/dL (age ≥ 14 years)"], [],
     [(I, "creatinine", "<=", 0.6, "mg/dL", "age 2 to < 8 years"), (I, "creatinine", "<=", 1.0, "mg/dL", "age 8 to < 14 years"),
      (I, "creatinine", "<=", 1.4, "mg/dL", "age ≥ 14 years")]),
    ("cohort_conditions_after_a_method_note",
     ["CrCl ≥ 60 mL/min (Cockcroft-Gault) for Cohort 3B and ≥ 40 mL/min for all other cohorts"], [],
     [(I, "creatinine_clearance", ">=", 60.0, "mL/min", "Cohort 3B"),
      (I, "creatinine_clearance", ">=", 40.0, "mL/min", "all other cohorts")]),
    ("part_condition_in_parenthesis", ["Platelets ≥ 100 × 10^9/L (≥ 50 × 10^9/L in Part 2)"], [],
     [(I, "platelets", ">=", 100.0, "10^9/L", None), (I, "platelets", ">=", 50.0, "10^9/L", "Part 2")]),
    ("population_must_have_its_own_bound",
     ["Total bilirubin ≤ 1.5 mg/dL; subjects with an indwelling biliary stent must have total bilirubin ≤ 2.5 mg/dL"], [],
     [(I, "total_bilirubin", "<=", 1.5, "mg/dL", None),
      (I, "total_bilirubin", "<=", 2.5, "mg/dL", "indwelling biliary stent")]),
]


@pytest.mark.parametrize("inclusion,exclusion,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_phrasings(inclusion, exclusion, expected):
    facts = run(inclusion, exclusion)
    assert keys(facts, with_condition=True) == Counter(expected)


NOT_LABS = [
    "Age ≥ 18 years",
    "Aged 18 to 75 years at screening",
    "ECOG performance status ≤ 1",
    "At least 4 weeks since prior chemotherapy",
    "Prednisone ≤ 10 mg/day or equivalent",
    "At least one measurable lesion ≥ 10 mm",
    "Grade ≥ 2 peripheral neuropathy",
    "Life expectancy ≥ 12 weeks",
    "Karnofsky performance status ≥ 70%",
    "BMI ≥ 18.5 kg/m2",
    "Prior radiotherapy to ≥ 25% of the bone marrow",
    "HER2 expression ≥ 30% of tumour cells by IHC",
    "Received ≥ 2 prior lines of therapy within 12 months",
    "Liver function within normal limits",
    "Adequate hematologic function (see protocol section 5.1)",
    "Hemoglobin stable for 4 weeks; no transfusion in the 2 weeks before dosing",
]


@pytest.mark.parametrize("criterion", NOT_LABS)
def test_numbers_that_are_not_lab_bounds(criterion):
    assert run([criterion], [criterion]) == []


def test_criterion_type_follows_the_list():
    facts = run(["Hemoglobin ≥ 9 g/dL"], ["Hemoglobin < 8 g/dL"])
    assert keys(facts) == Counter({(I, "hemoglobin", ">=", 9.0, "g/dL"): 1, (E, "hemoglobin", "<", 8.0, "g/dL"): 1})


def test_comparator_is_kept_as_written_in_exclusion():
    facts = run([], ["Serum potassium below 3.0 mmol/L"])
    assert [(f.attrs["comparator"], f.attrs["value"]) for f in facts] == [("<", 3.0)]


def test_values_and_units_as_written():
    facts = run(["Absolute neutrophil count ≥ 1.0x1E9/L; hemoglobin ≥ 90g/L"])
    got = [(f.attrs["value_as_written"], f.attrs["unit_as_written"], f.attrs["value"]) for f in facts]
    assert got == [("1.0", "x1E9/L", 1.0), ("90", "g/L", 9.0)]


@pytest.mark.parametrize("line, want", [
    ("ANC ≥ 1.5 x 10^9/L", [("1.5", "x 10^9/L", 1.5)]),
    ("Neutrophiles ≥ 1,5 × 10^9 /l", [("1,5", "× 10^9 /l", 1.5)]),
    ("WBC 3.0-11.0 × 10^9/L", [("3.0", "× 10^9/L", 3.0), ("11.0", "× 10^9/L", 11.0)]),
    ("ANC ≥ 1500/mm3", [("1500", "/mm3", 1.5)]),
])
def test_power_of_ten_factor_is_written_with_the_unit(line, want):
    facts = run([line])
    got = [(f.attrs["value_as_written"], f.attrs["unit_as_written"], f.attrs["value"]) for f in facts]
    assert got == want


def test_unit_qualifier_is_read_but_not_the_unit():
    facts = run(["Creatinine ≤ 1.5 × ULN for age; LVEF ≥ the lower limit of normal for the institution"])
    got = [(f.label, f.attrs["unit"], f.attrs["unit_as_written"], f.attrs["condition"]) for f in facts]
    assert got == [("creatinine", "xULN", "× ULN", None), ("lvef", "xLLN", "lower limit of normal", None)]


def test_surface_of_an_analyte_named_after_the_value():
    text, layout = criteria_layout([], ["Weak kidneys: below 45 mL/min (creatinine clearance)"])
    (f,) = extract_lab_thresholds(text, layout)
    assert text[f.start:f.end] == "below 45 mL/min (creatinine clearance)"


def test_surface_runs_from_analyte_through_unit():
    text, layout = criteria_layout(["Adequate function: platelet count ≥ 100 × 10^9/L (no transfusion)"], [])
    (f,) = extract_lab_thresholds(text, layout)
    assert text[f.start:f.end] == "platelet count ≥ 100 × 10^9/L"


def test_coordinated_surfaces_start_at_each_analyte():
    text, layout = criteria_layout(["AST and ALT ≤ 2.5 × ULN"], [])
    facts = extract_lab_thresholds(text, layout)
    assert sorted(text[f.start:f.end] for f in facts) == ["ALT ≤ 2.5 × ULN", "AST and ALT ≤ 2.5 × ULN"]


def test_page_defined_abbreviation():
    inc = ["Neutrophil count (NEC) ≥ 1.0 × 10^9/L", "NEC ≥ 0.5 × 10^9/L if bone marrow involvement"]
    without = run(inc)
    assert keys(without) == Counter({(I, "anc", ">=", 1.0, "10^9/L"): 1})
    facts = run(inc, abbreviations={"NEC": "neutrophil count"})
    assert keys(facts, with_condition=True) == Counter(
        {(I, "anc", ">=", 1.0, "10^9/L", None): 1, (I, "anc", ">=", 0.5, "10^9/L", "bone marrow involvement"): 1}
    )


def test_page_abbreviation_with_another_meaning_suppresses_the_alias():
    inc = ["PT ≤ 1.5 × ULN"]
    assert keys(run(inc)) == Counter({(I, "pt", "<=", 1.5, "xULN"): 1})
    assert run(inc, abbreviations={"PT": "physical therapy"}) == []


def _nested_layout():
    lines = [
        ("Adequate hepatic function:", None),
        ("Total bilirubin:", 0),
        ("≤ 1.5 × ULN", 1),
        ("≤ 3 × ULN in patients with documented Gilbert's syndrome", 1),
        ("Adequate bone marrow function, defined as:", None),
        ("Absolute neutrophil count ≥ 1.5 × 10^9/L", 4),
    ]
    text = "Inclusion Criteria:\n"
    crits = []
    for body, parent in lines:
        text += "- "
        start = len(text)
        text += body + "\n"
        heading = lines[parent][0] if parent is not None else None
        crits.append(Criterion(INCLUSION, start, start + len(body), body, parent, heading))
    layout = Layout("test", [Section("inclusion", 20, len(text), "Inclusion Criteria:")], crits)
    return text, layout


def test_heading_names_the_analyte_of_its_items():
    text, layout = _nested_layout()
    facts = extract_lab_thresholds(text, layout)
    check_facts(text, layout, facts)
    assert keys(facts, with_condition=True) == Counter(
        {
            (I, "total_bilirubin", "<=", 1.5, "xULN", None): 1,
            (I, "total_bilirubin", "<=", 3.0, "xULN", "documented Gilbert syndrome"): 1,
            (I, "anc", ">=", 1.5, "10^9/L", None): 1,
        }
    )
    # evidence is the nested item itself
    bili = [f for f in facts if f.label == "total_bilirubin"]
    assert {text[f.evidence_start:f.evidence_end] for f in bili} == {lines for lines in (
        "≤ 1.5 × ULN", "≤ 3 × ULN in patients with documented Gilbert's syndrome")}


def test_parent_span_holding_children_does_not_repeat_rows():
    text = "Inclusion Criteria:\n3. Adequate function:\n  a. ANC ≥ 1.5 × 10^9/L\n  b. Hemoglobin ≥ 9 g/dL\n"
    p_start = text.index("Adequate")
    a_start, b_start = text.index("ANC"), text.index("Hemoglobin")
    crits = [
        Criterion(INCLUSION, p_start, len(text) - 1, text[p_start:-1]),  # a parent spanning its items
        Criterion(INCLUSION, a_start, a_start + 20, text[a_start:a_start + 20], 0, "Adequate function:"),
        Criterion(INCLUSION, b_start, len(text) - 1, text[b_start:-1], 0, "Adequate function:"),
    ]
    layout = Layout("test", [Section("inclusion", 20, len(text))], crits)
    facts = extract_lab_thresholds(text, layout)
    assert keys(facts) == Counter({(I, "anc", ">=", 1.5, "10^9/L"): 1, (I, "hemoglobin", ">=", 9.0, "g/dL"): 1})
    assert all(f.evidence_start != p_start for f in facts)


def test_section_lines_without_criteria_are_units_of_the_context_layer():
    text = "Exclusion Criteria\nQTc > 480 ms\nAge > 80 years\n"
    layout = Layout("unknown", [Section("exclusion", 19, len(text), "Exclusion Criteria")], [])
    facts = extract_lab_thresholds(text, build_context(text, layout))
    assert keys(facts) == Counter({(E, "qtc", ">", 480.0, "ms"): 1})
    assert text[facts[0].evidence_start:facts[0].evidence_end] == "QTc > 480 ms"


def test_no_criteria_no_facts():
    assert extract_lab_thresholds("Hemoglobin ≥ 9 g/dL", Layout("unknown")) == []
    assert extract_lab_thresholds("", Layout("unknown")) == []


# ---- other languages and document kinds (issue 11, real_langs pages): each case one rule row
LANG_CASES = [
    ("ko_postfix_ge", ["절대호중구수(ANC) 1,500/μL 이상"], [], [(I, "anc", ">=", 1.5, "10^9/L", None)]),            # post_ge_ko
    ("ko_uln_multiple", ["총 빌리루빈 정상 상한치(ULN)의 1.5배 이하"], [], [(I, "total_bilirubin", "<=", 1.5, "xULN", None)]),  # uln_cjk 배
    ("ko_condition_keeps_cue", ["AST/ALT 정상 상한치의 2.5배 이하 (간 전이가 있는 경우 5배 이하)"], [],   # ko_suffix_condition
     [(I, "ast", "<=", 2.5, "xULN", None), (I, "alt", "<=", 2.5, "xULN", None),
      (I, "ast", "<=", 5.0, "xULN", "간 전이가 있는 경우"), (I, "alt", "<=", 5.0, "xULN", "간 전이가 있는 경우")]),
    ("ko_condition_si", ["AST 및 ALT ≤ 2.5 x ULN (간전이 시 ≤ 5 x ULN)"], [],                                # ko_suffix_condition 시
     [(I, "ast", "<=", 2.5, "xULN", None), (I, "alt", "<=", 2.5, "xULN", None),
      (I, "ast", "<=", 5.0, "xULN", "간전이 시"), (I, "alt", "<=", 5.0, "xULN", "간전이 시")]),
    ("ko_symbol_then_uln_words", ["AST 및 ALT ≤ 정상 상한치의 2.5배"], [],                                  # le_sym_uln_cjk, co 및
     [(I, "ast", "<=", 2.5, "xULN", None), (I, "alt", "<=", 2.5, "xULN", None)]),
    ("ko_analytes", ["혈소판 수 100,000/μL 이상", "크레아티닌 청소율 50 mL/min 이상", "좌심실 박출률(LVEF) 50% 미만"], [],
     [(I, "platelets", ">=", 100.0, "10^9/L", None), (I, "creatinine_clearance", ">=", 50.0, "mL/min", None),
      (I, "lvef", "<", 50.0, "%", None)]),
    ("ja_myriad", ["血小板数 10万/μL以上"], [], [(I, "platelets", ">=", 100.0, "10^9/L", None)]),            # _MYRIAD value
    ("zh_transaminase_names", ["谷丙转氨酶(ALT)和谷草转氨酶(AST)≤2.5倍ULN"], [],                           # aliases
     [(I, "alt", "<=", 2.5, "xULN", None), (I, "ast", "<=", 2.5, "xULN", None)]),
    ("it_volte_lsn", ["bilirubina totale ≤ 1,5 volte il limite superiore della norma (LSN)"], [],        # uln_intl
     [(I, "total_bilirubin", "<=", 1.5, "xULN", None)]),
    ("pt_vezes_lsn_and_mm3_superscript", ["bilirrubina total ≤ 1,5 vez o limite superior da normalidade (LSN)",
                                          "contagem de neutrófilos ≥ 1.500/mm³"], [],
     [(I, "total_bilirubin", "<=", 1.5, "xULN", None), (I, "anc", ">=", 1.5, "10^9/L", None)]),
    ("pt_acima_ate", ["plaquetas acima de 100.000/mm3", "creatinina sérica até 1,5 vezes o LSN"], [],    # gt/le words
     [(I, "platelets", ">", 100.0, "10^9/L", None), (I, "creatinine", "<=", 1.5, "xULN", None)]),
    ("es_tgo_tgp_veces", ["TGO y TGP menores a 2.5 veces el límite superior normal",
                          "Bilirrubinas totales menores a 1.5 veces el valor normal"], [],
     [(I, "ast", "<", 2.5, "xULN", None), (I, "alt", "<", 2.5, "xULN", None), (I, "total_bilirubin", "<", 1.5, "xULN", None)]),
    ("fr_si_condition", ["ASAT ≤ 3 x LSN (≤ 5 x LSN si métastases hépatiques)"], [],                  # cue_si
     [(I, "ast", "<=", 3.0, "xULN", None), (I, "ast", "<=", 5.0, "xULN", "métastases hépatiques")]),
    ("fr_vsn", ["bilirubine totale ≤ 1,5 x VSN", "PNN ≥ 1 500/mm3"], [],
     [(I, "total_bilirubin", "<=", 1.5, "xULN", None), (I, "anc", ">=", 1.5, "10^9/L", None)]),
    ("de_fach_normwert_prozent", ["Gesamtbilirubin ≤ 1,5-fach des oberen Normwerts", "LVEF von mindestens 55 Prozent",
                                  "Transaminasen (GOT/GPT) höchstens das 2,5-Fache des oberen Normwerts"], [],
     [(I, "total_bilirubin", "<=", 1.5, "xULN", None), (I, "lvef", ">=", 55.0, "%", None),
      (I, "ast", "<=", 2.5, "xULN", None), (I, "alt", "<=", 2.5, "xULN", None)]),
    # negated and compound comparators (le_not_more_intl, ge_not_less_intl, gt_words_it) and Chinese words
    ("negated_comparators_intl", ["Bilirubin nicht mehr als 1,5 x ONW", "emoglobina non inferiore a 9 g/dl",
                                  "creatinina superiore a 2 mg/dl", "hemoglobina igual ou superior a 10 g/dL"], [],
     [(I, "total_bilirubin", "<=", 1.5, "xULN", None), (I, "hemoglobin", ">=", 9.0, "g/dL", None),
      (I, "creatinine", ">", 2.0, "mg/dL", None), (I, "hemoglobin", ">=", 10.0, "g/dL", None)]),
    # "-facher oberer Normwert", "-fache ULN" (uln/uln_intl multipliers), "Neutrophilenzahl", a leading "bei" condition (cue_bei)
    ("de_facher_fache_bei", ["Gesamtbilirubin ≤ 1,5-facher oberer Normwert (ONW); GOT ≤ 3 x ONW (bei Lebermetastasen ≤ 5 x ONW)",
                             "Absolute Neutrophilenzahl ≥ 1.500/μl; GPT ≤ 2-fache ULN (≤ 4-fache ULN bei Knochenmetastasen)"], [],
     [(I, "total_bilirubin", "<=", 1.5, "xULN", None), (I, "ast", "<=", 3.0, "xULN", None),
      (I, "ast", "<=", 5.0, "xULN", "Lebermetastasen"), (I, "anc", ">=", 1.5, "10^9/L", None),
      (I, "alt", "<=", 2.0, "xULN", None), (I, "alt", "<=", 4.0, "xULN", "Knochenmetastasen")]),
    # a condition right before a bound leads it, even when a post cue could read it after the bound before
    ("cond_leads_next_bound", ["AST ≤ 3 x ULN (if liver metastases ≤ 5 x ULN)"], [],
     [(I, "ast", "<=", 3.0, "xULN", None), (I, "ast", "<=", 5.0, "xULN", "liver metastases")]),
    # a katakana name runs straight into its number (lab_scan: CJK name before a digit)
    ("ja_katakana_name_then_number", ["総ビリルビン1.5 mg/dL以下、ヘモグロビン9.0g/dL以上"], [],
     [(I, "total_bilirubin", "<=", 1.5, "mg/dL", None), (I, "hemoglobin", ">=", 9.0, "g/dL", None)]),
    ("zh_comparator_words", ["总胆红素不超过1.5倍ULN", "中性粒细胞绝对值不低于1.5×10^9/L"], [],
     [(I, "total_bilirubin", "<=", 1.5, "xULN", None), (I, "anc", ">=", 1.5, "10^9/L", None)]),
    # Russian, Polish, Dutch and Norwegian labels (analytes.tsv), units (г/л, /л, мс; ВГН and GGN are the
    # ULN: uln_intl) and coordinators (и, i, en, og: co_and_or)
    ("ru_labels_units", ["абсолютное число нейтрофилов ≥ 1,5 × 10^9/л; тромбоциты ≥ 100 × 10^9/л; гемоглобин ≥ 100 г/л",
                         "общий билирубин ≤ 1,5 × ВГН; АСТ и АЛТ ≤ 2,5 × ВГН; креатинин ≤ 1,5 × ВГН",
                         "фракция выброса левого желудочка (ФВЛЖ) ≥ 55%"], ["QTc > 470 мс"],
     [(I, "anc", ">=", 1.5, "10^9/L", None), (I, "platelets", ">=", 100.0, "10^9/L", None),
      (I, "hemoglobin", ">=", 10.0, "g/dL", None), (I, "total_bilirubin", "<=", 1.5, "xULN", None),
      (I, "ast", "<=", 2.5, "xULN", None), (I, "alt", "<=", 2.5, "xULN", None), (I, "creatinine", "<=", 1.5, "xULN", None),
      (I, "lvef", ">=", 55.0, "%", None), (E, "qtc", ">", 470.0, "ms", None)]),
    ("pl_labels_ggn", ["liczby neutrofilów ≥ 1500/µl, liczby płytek krwi ≥ 100 000/µl, stężenia hemoglobiny ≥ 10 g/dl, "
                       "aktywności AspAT i AlAT ≤ 2,5 × GGN oraz klirensu kreatyniny ≥ 40 ml/min"], [],
     [(I, "anc", ">=", 1.5, "10^9/L", None), (I, "platelets", ">=", 100.0, "10^9/L", None),
      (I, "hemoglobin", ">=", 10.0, "g/dL", None), (I, "ast", "<=", 2.5, "xULN", None), (I, "alt", "<=", 2.5, "xULN", None),
      (I, "creatinine_clearance", ">=", 40.0, "mL/min", None)]),
    ("nl_no_labels", ["neutrofielen ≥ 1,5 x 10^9/l en trombocyten ≥ 100 x 10^9/l", "ASAT en ALAT ≤ 2,5 x ULN",
                      "kreatinineklaring ≥ 50 ml/min", "nøytrofile granulocytter ≥ 1,5 × 10^9/L, trombocytter ≥ 100 × 10^9/L"], [],
     [(I, "anc", ">=", 1.5, "10^9/L", None), (I, "platelets", ">=", 100.0, "10^9/L", None),
      (I, "ast", "<=", 2.5, "xULN", None), (I, "alt", "<=", 2.5, "xULN", None),
      (I, "creatinine_clearance", ">=", 50.0, "mL/min", None), (I, "anc", ">=", 1.5, "10^9/L", None),
      (I, "platelets", ">=", 100.0, "10^9/L", None)]),
    # issue 11 (blind set 10): Ukrainian (Cyrillic х as times sign, ВМН, мл/хв, та, "у разі"), traditional Chinese
    # aliases and 毫秒, Japanese ・ between analytes, sex conditions of other languages, "excepto" + condition
    ("uk_labels", ["абсолютна кількість нейтрофілів (АКН) >= 1,5 х 10^9/л; гемоглобін >= 90 г/л; АЛТ та АСТ <= 3 х ВМН "
                   "(<= 5 х ВМН у разі метастазів у печінці); кліренс креатиніну >= 50 мл/хв"], [],
     [(I, "anc", ">=", 1.5, "10^9/L", None), (I, "hemoglobin", ">=", 9.0, "g/dL", None),
      (I, "alt", "<=", 3.0, "xULN", None), (I, "ast", "<=", 3.0, "xULN", None),
      (I, "alt", "<=", 5.0, "xULN", "метастазів у печінці"), (I, "ast", "<=", 5.0, "xULN", "метастазів у печінці"),
      (I, "creatinine_clearance", ">=", 50.0, "mL/min", None)]),
    ("zh_tw_labels", ["嗜中性白血球絕對值 ≥ 1,500/μL;血紅素 ≥ 9 g/dL;總膽紅素 ≤ 1.5 倍正常值上限;肌酸酐清除率 ≥ 50 mL/min"],
     ["QTcF > 470 毫秒"],
     [(I, "anc", ">=", 1.5, "10^9/L", None), (I, "hemoglobin", ">=", 9.0, "g/dL", None),
      (I, "total_bilirubin", "<=", 1.5, "xULN", None), (I, "creatinine_clearance", ">=", 50.0, "mL/min", None),
      (E, "qtc", ">", 470.0, "ms", None)]),
    ("cjk_condition_keeps_cue", ["AST・ALT ≦施設基準値上限の3倍(肝転移を有する場合は5倍以下)"], [],
     [(I, "ast", "<=", 3.0, "xULN", None), (I, "alt", "<=", 3.0, "xULN", None),
      (I, "ast", "<=", 5.0, "xULN", "肝転移を有する場合"), (I, "alt", "<=", 5.0, "xULN", "肝転移を有する場合")]),
    ("sex_conditions_intl", [], ["QTc > 450 ms (Männer) bzw. > 470 ms (Frauen)", "心電圖QTc間期延長:女性>470 ms,男性>450 ms"],
     [(E, "qtc", ">", 450.0, "ms", "Männer"), (E, "qtc", ">", 470.0, "ms", "Frauen"),
      (E, "qtc", ">", 470.0, "ms", None), (E, "qtc", ">", 450.0, "ms", "男性")]),
    ("es_excepto_condition", ["Bilirrubina total ≤ 1,5 veces el LSN, excepto síndrome de Gilbert (≤ 3 veces el LSN)",
                              "fracción de eyección igual o superior al 50 %"], [],
     [(I, "total_bilirubin", "<=", 1.5, "xULN", None), (I, "total_bilirubin", "<=", 3.0, "xULN", "síndrome de Gilbert"),
      (I, "lvef", ">=", 50.0, "%", None)]),
    ("permit_holds_for_each_alternative", ["total bilirubin < ULN, except for participants with Gilbert's syndrome, who may "
                                            "be included if total bilirubin ≤ 3.0 × ULN or direct bilirubin ≤ 1.5 × ULN; "
                                            "AST < 2.5 × ULN"], [],
     [(I, "total_bilirubin", "<", 1.0, "xULN", None), (I, "total_bilirubin", "<=", 3.0, "xULN", "Gilbert syndrome"),
      (I, "direct_bilirubin", "<=", 1.5, "xULN", "Gilbert syndrome"), (I, "ast", "<", 2.5, "xULN", None)]),
]


@pytest.mark.parametrize("inclusion,exclusion,expected", [c[1:] for c in LANG_CASES], ids=[c[0] for c in LANG_CASES])
def test_phrasings_in_other_languages(inclusion, exclusion, expected):
    facts = run(inclusion, exclusion)
    assert keys(facts, with_condition=True) == Counter(expected)


def labs(text: str, width: int = 4) -> set[tuple]:
    """A whole page through the layout and the context layer: (criterion type, analyte,
    comparator, value, unit, condition) of each lab row, cut to its first ``width`` columns."""
    ctx = build_context(text, analyze(text))
    return {(f.attrs["criterion_type"], f.attrs["analyte"], f.attrs["comparator"], f.attrs["value"], f.attrs["unit"],
             f.attrs["condition"])[:width]
            for f in extract_lab_thresholds(text, ctx)}


def test_headings_with_a_qualifier_and_german_question_headings_open_the_lists():
    """sec.inclusion/sec.exclusion take a short parenthetical ("(Auszug)"); German "Wer darf nicht
    an der Studie teilnehmen?" opens the exclusion list."""
    text = ("Steckbrief\nSponsor: Beispiel GmbH\n\nWichtige Einschlusskriterien (Auszug)\n• Thrombozyten ≥ 100.000/µl\n\n"
            "Wichtige Ausschlusskriterien (Auszug)\n• QTcF > 470 ms\n")
    assert labs(text) == {(I, "platelets", ">=", 100.0), (E, "qtc", ">", 470.0)}
    text = ("An wen richtet sich die Studie?\nErwachsene mit Brustkrebs.\n\nWer darf nicht an der Studie teilnehmen?\n"
            "1. Schwangerschaft\n2. Neutrophile < 1,5 x 10^9/l\n")
    assert labs(text) == {(E, "anc", "<", 1.5)}


def test_plain_language_exclusion_headings_with_will_and_have():
    """sec.exclusion: "You will not be eligible if you:" and "You may not be able to take part if you have:"."""
    for heading in ("You will not be eligible if you:", "You may not be able to take part if you have:"):
        text = f"Eligibility Criteria:\n- Have platelets of at least 100 x 10^9/L.\n{heading}\n- LVEF < 50%\n"
        assert labs(text, 2) == {(I, "platelets"), (E, "lvef")}, heading


def test_ascii_comparators_on_an_open_text_line_are_no_breadcrumb():
    """ctx.boiler.breadcrumb: an open-text line "count >= 1,500/mm3; ... hemoglobin >= 9.0 g/dL" is
    criteria, not site navigation (the line was dropped from the open units)."""
    from extract.context import rules

    boiler = rules().boilerplate
    assert boiler.search("Adequate organ function: absolute neutrophil count >= 1,500/mm3; hemoglobin >= 9.0 g/dL") is None
    assert boiler.search("QTcF > 470 ms in men or > 480 ms in women") is None
    assert boiler.search("Clinical Trials > Protocol > XY-101") is not None


def test_list_headings_ending_in_an_ellipsis_and_must_have_lists():
    """sec.inclusion/sec.exclusion: "You can join if..." / "You CAN'T join if..." (a trailing
    ellipsis) and a matching site's "Must have" / "Must not have" lists; ctx.exc.excluded: "were
    not allowed to enrol" types an open-text unit as an exclusion."""
    text = ("Eligibility\n\nYou can join if…\n\n- Platelets ≥ 100,000/µL\n\nYou CAN'T join if...\n\n"
            "- QTcF > 470 ms on screening ECG\n")
    assert labs(text) == {(I, "platelets", ">=", 100.0), (E, "qtc", ">", 470.0)}
    text = "Must have\n- ANC ≥ 1.0 × 10⁹/L\n\nMust not have\n- QTcF ≥ 470 ms\n- Uncontrolled diabetes (HbA1c ≥ 8%)\n"
    assert labs(text) == {(I, "anc", ">=", 1.0), (E, "qtc", ">=", 470.0), (E, "hba1c", ">=", 8.0)}
    text = ("Summary of the trial\n\nThe women recruited for this trial were fairly healthy when they started. "
            "Women were not allowed to enrol if they had brain metastases or a QTcF longer than 470 ms.\n")
    assert labs(text) == {(E, "qtc", ">", 470.0)}


def test_inline_exclusion_heading_in_open_text_types_the_rest_of_its_line():
    """context: in open text, an exclusion cue followed by a colon (at most one word between:
    "Критерии невключения:", "Exclusion criteria:") types every unit after it on its line."""
    text = ("Материал и методы\n\nКритерии включения: женщины от 18 лет; тромбоциты ≥ 100 × 10^9/л.\n\n"
            "Критерии невключения: отдаленные метастазы; ФВЛЖ < 50% в анамнезе; QTc > 470 мс.\n")
    assert labs(text, 2) == {(I, "platelets"), (E, "lvef"), (E, "qtc")}


def test_criteria_headings_and_lab_words_in_vietnamese_persian_danish_and_dutch():
    """Blind set 9 (issue 11): sec.inclusion_intl2/sec.exclusion_intl2 open the lists ("TIÊU CHUẨN LỰA
    CHỌN", "معیارهای خروج از مطالعه عبارتند از:", "Du kan ikke deltage i forsøget hvis:"); analytes.tsv
    names (bạch cầu trung tính, پلاکت, hæmoglobin), co_and_or_intl2 ("AST và ALT", "AST و ALT"), uln_intl2
    (× øvre normalgrænse, برابر حد بالای نرمال), gt_words_fa (بیش از), time_ms_intl, flow_mL_min_intl and
    cue_intl2 (nếu có, hvis du har, bij)."""
    vi = ("Thuốc X cho ung thư\n\nTIÊU CHUẨN LỰA CHỌN\n1. Tuổi từ 18.\n2. Chức năng tủy xương đầy đủ:\n"
          "   - Bạch cầu trung tính ≥ 1,5 × 10^9/L\n   - Tiểu cầu ≥ 100 × 10^9/L\n"
          "   - AST và ALT ≤ 3 × ULN (≤ 5 × ULN nếu có di căn gan)\n   - Độ thanh thải creatinin ≥ 45 mL/phút\n\n"
          "TIÊU CHUẨN LOẠI TRỪ\n1. Khoảng QTcF > 480 ms.\n")
    assert labs(vi, 6) == {(I, "anc", ">=", 1.5, "10^9/L", None), (I, "platelets", ">=", 100.0, "10^9/L", None),
                           (I, "ast", "<=", 3.0, "xULN", None), (I, "alt", "<=", 3.0, "xULN", None),
                           (I, "ast", "<=", 5.0, "xULN", "di căn gan"), (I, "alt", "<=", 5.0, "xULN", "di căn gan"),
                           (I, "creatinine_clearance", ">=", 45.0, "mL/min", None), (E, "qtc", ">", 480.0, "ms", None)}
    fa = ("طرح پژوهشی\n\nمعیارهای ورود به مطالعه عبارتند از:\n  • پلاکت ≥ 75,000 /mm3\n"
          "  • AST و ALT ≤ 3 برابر حد بالای نرمال\n\nمعیارهای خروج از مطالعه عبارتند از:\n  • فاصله QTc بیش از 480 میلی\u200cثانیه\n")
    assert labs(fa, 5) == {(I, "platelets", ">=", 75.0, "10^9/L"), (I, "ast", "<=", 3.0, "xULN"),
                           (I, "alt", "<=", 3.0, "xULN"), (E, "qtc", ">", 480.0, "ms")}
    da = ("Forsøg med middel Y\n\nDu kan deltage i forsøget hvis:\n\n • Dine blodprøver viser hæmoglobin ≥ 6,0 mmol/l\n"
          " • ALAT er ≤ 3 × øvre normalgrænse (≤ 5 × øvre normalgrænse hvis du har metastaser i leveren)\n\n"
          "Du kan ikke deltage i forsøget hvis:\n\n • Du har QTc over 480 ms\n")
    assert labs(da, 6) == {(I, "hemoglobin", ">=", 9.666, "g/dL", None), (I, "alt", "<=", 3.0, "xULN", None),
                           (I, "alt", "<=", 5.0, "xULN", "metastaser i leveren"), (E, "qtc", ">", 480.0, "ms", None)}
    nl = ("Onderzoek naar middel Z\n\nBehandeling\n\nGroep A: middel Z 10 mg/kg.\n\nVoorwaarden\n\n"
          " • Patiënten zijn 18 jaar of ouder.\n\nToelichting\nLaboratoriumwaarden: trombocyten ≥ 75 x 10^9/l; "
          "ASAT ≤ 3 x ULN (≤ 5 x ULN bij levermetastasen).\n\nDeelnemende ziekenhuizen\n\nZiekenhuis A\n")
    assert labs(nl, 6) == {(I, "platelets", ">=", 75.0, "10^9/L", None), (I, "ast", "<=", 3.0, "xULN", None),
                           (I, "ast", "<=", 5.0, "xULN", "levermetastasen")}


def test_indian_lakh_grouping_and_eligibility_prose_beside_an_exclusion_list():
    """number_shapes.yaml num.lakh: "1,00,000/cmm" is one hundred thousand (not the decimal comma "1,00");
    layout.criteria._prose_units: prose under "Who can take part" that also says who is not eligible,
    beside a "Not eligible:" list, is cut into units typed by their own cues (it was dropped: the
    context layer only cuts pages with no list at all); a "Treatment" heading ends the list."""
    text = "Study of drug K\n\nInclusion criteria\n3. Hb ≥ 9 gm%, platelets ≥ 1,50,000/cmm\n"
    assert labs(text, 5) == {(I, "hemoglobin", ">=", 9.0, "g/dL"), (I, "platelets", ">=", 150.0, "10^9/L")}
    text = ("Study of drug K\n\nWho can take part\nAdults with solid tumours who progressed on one prior therapy.\n"
            "Patients with active brain metastases are not eligible.\n"
            "Laboratory requirements: Hb ≥ 9 g/dL; ANC ≥ 1.5 × 10^9/L; CrCl ≥ 40 mL/min.\n"
            "Not eligible: heart failure; LVEF < 50%.\n\nTreatment\nDrug K 4 mg/kg every 21 days; QTc above 480 ms stops it.\n")
    assert labs(text) == {(I, "hemoglobin", ">=", 9.0), (I, "anc", ">=", 1.5), (I, "creatinine_clearance", ">=", 40.0),
                          (E, "lvef", "<", 50.0)}


def test_key_eligibility_after_a_treatment_heading_and_a_compounds_other_studies():
    """sec.eligibility_key: "Key Eligibility" opens the eligibility text after the treatment;
    sec.related_compound: "Other Listed Studies for This Compound" is not this study."""
    text = ("Study Details\n\nTreatment :\nArm 1: drug Q 300 mg orally twice daily\n\nKey Eligibility :\n"
            "Adults with solid tumours; platelets ≥ 100 x 10^9/L; LVEF ≥ 50%.\n\n"
            "Other Listed Studies for This Compound\nQ-201  A Phase 2 Study of Drug Q  NCT00000031\n")
    layout = analyze(text)
    assert [s.name for s in layout.sections if s.name in ("eligibility", "related")] == ["eligibility", "related"]
    assert labs(text, 2) == {(I, "platelets"), (I, "lvef")}


def test_russian_abbreviation_unit_and_condition():
    """analytes.tsv АЧН (ANC), flow_mL_min_intl (мл/мин), cue_intl2 (при + a disease)."""
    text = ("Критерии включения:\n1. АЧН ≥ 1,5 × 10^9/л; АЛТ ≤ 3 × ВГН (≤ 5 × ВГН при метастазах в печени); "
            "клиренс креатинина ≥ 30 мл/мин.\n")
    assert labs(text, 6) == {(I, "anc", ">=", 1.5, "10^9/L", None), (I, "alt", "<=", 3.0, "xULN", None),
                             (I, "alt", "<=", 5.0, "xULN", "метастазах в печени"),
                             (I, "creatinine_clearance", ">=", 30.0, "mL/min", None)}

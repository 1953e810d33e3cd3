"""Unit conversion of lab values to the canonical unit of their analyte (extract.normalize.units)."""
from __future__ import annotations

import pytest

from extract.normalize import units as un

# (analyte, value as written, unit as written, expected value, expected canonical unit)
CONVERSIONS = [
    # counts: 10^9/L
    ("anc", 1.5e9, "/L", 1.5, "10^9/L"),  # "1.5 x 10^9/L": the number parser took the power
    ("anc", 1500, "/mm3", 1.5, "10^9/L"),
    ("anc", 1500, "/mm^3", 1.5, "10^9/L"),
    ("anc", 1500, "cells/µL", 1.5, "10^9/L"),  # micro sign
    ("anc", 1500, "cells/μL", 1.5, "10^9/L"),  # Greek mu
    ("anc", 1500, "/uL", 1.5, "10^9/L"),
    ("anc", 1.5, "G/L", 1.5, "10^9/L"),
    ("anc", 1.5, "x 109/L", 1.5, "10^9/L"),  # superscript lost
    ("anc", 1.5, "x 10E9/L", 1.5, "10^9/L"),
    ("anc", 1.5, "K/uL", 1.5, "10^9/L"),
    ("wbc", 3.0, "x 10^3/μL", 3.0, "10^9/L"),
    ("lymphocytes", 500, "cells/mm3", 0.5, "10^9/L"),
    ("platelets", 100000, "/mcL", 100.0, "10^9/L"),
    ("platelets", 100000, "/mm3", 100.0, "10^9/L"),
    ("platelets", 75e9, "/L", 75.0, "10^9/L"),
    ("platelets", 100, "cells per microliter", 0.1, "10^9/L"),
    # hemoglobin and albumin: g/dL
    ("hemoglobin", 90, "g/L", 9.0, "g/dL"),
    ("hemoglobin", 9, "g/dL", 9.0, "g/dL"),
    ("hemoglobin", 9, "g/dl", 9.0, "g/dL"),
    ("hemoglobin", 9, "gm/dL", 9.0, "g/dL"),
    ("hemoglobin", 5.6, "mmol/L", 9.022, "g/dL"),  # x 1.611
    ("hemoglobin", 6.2, "mmol/l", 9.988, "g/dL"),
    ("albumin", 30, "g/L", 3.0, "g/dL"),
    ("albumin", 3.0, "g/dL", 3.0, "g/dL"),
    # bilirubin: mg/dL (µmol/L / 17.1)
    ("total_bilirubin", 1.5, "mg/dL", 1.5, "mg/dL"),
    ("total_bilirubin", 26, "µmol/L", 1.52, "mg/dL"),
    ("total_bilirubin", 34.2, "umol/L", 2.0, "mg/dL"),
    ("total_bilirubin", 17.1, "micromol/L", 1.0, "mg/dL"),
    ("direct_bilirubin", 8.55, "μmol/L", 0.5, "mg/dL"),
    # creatinine: mg/dL (µmol/L / 88.4)
    ("creatinine", 133, "μmol/L", 1.505, "mg/dL"),
    ("creatinine", 176.8, "umol/L", 2.0, "mg/dL"),
    ("creatinine", 1.5, "mg/dl", 1.5, "mg/dL"),
    # clearance and GFR: mL/min
    ("creatinine_clearance", 50, "mL/min", 50.0, "mL/min"),
    ("creatinine_clearance", 60, "ml/min", 60.0, "mL/min"),
    ("gfr", 50, "mL/min/1.73 m2", 50.0, "mL/min"),
    ("gfr", 45, "mL/min/1.73m^2", 45.0, "mL/min"),
    ("gfr", 30, "ml/min/1.73 m2 BSA", 30.0, "mL/min"),
    # enzymes: U/L
    ("ast", 100, "U/L", 100.0, "U/L"),
    ("alt", 100, "IU/L", 100.0, "U/L"),
    ("alt", 1, "μkat/L", 60.0, "U/L"),
    ("alp", 300, "units/L", 300.0, "U/L"),
    ("lipase", 180, "U/L", 180.0, "U/L"),
    ("amylase", 300, "IU/L", 300.0, "U/L"),
    # electrolytes and glucose: mmol/L (mEq/L = mmol/L for K and Na; / 2 for Ca, Mg)
    ("potassium", 3.5, "mmol/L", 3.5, "mmol/L"),
    ("potassium", 5.5, "mEq/L", 5.5, "mmol/L"),
    ("sodium", 130, "mEq/L", 130.0, "mmol/L"),
    ("sodium", 125, "mmol/l", 125.0, "mmol/L"),
    ("calcium", 12, "mg/dL", 2.994, "mmol/L"),
    ("calcium", 5, "mEq/L", 2.5, "mmol/L"),
    ("magnesium", 1.2, "mg/dL", 0.4937, "mmol/L"),
    ("glucose", 126, "mg/dL", 6.994, "mmol/L"),
    ("glucose", 7.0, "mmol/L", 7.0, "mmol/L"),
    # percentages
    ("hba1c", 8.5, "%", 8.5, "%"),
    ("lvef", 50, "%", 50.0, "%"),
    ("lvef", 50, "percent", 50.0, "%"),
    ("oxygen_saturation", 92, "%", 92.0, "%"),
    # times
    ("qtc", 470, "ms", 470.0, "ms"),
    ("qtc", 470, "msec", 470.0, "ms"),
    ("qtc", 480, "milliseconds", 480.0, "ms"),
    ("qtc", 0.47, "seconds", 470.0, "ms"),
    ("aptt", 40, "seconds", 40.0, "s"),
    ("pt", 15, "sec", 15.0, "s"),
    # viral load: as written, IU and copies do not convert
    ("hbv_dna", 1000, "IU/ml", 1000.0, "IU/mL"),
    ("hbv_dna", 2000, "IU/mL", 2000.0, "IU/mL"),
    ("hbv_dna", 1000, "copies /mL", 1000.0, "copies/mL"),
    ("hbv_dna", 500, "copies/ml", 500.0, "copies/mL"),
    # hormones and cardiac markers
    ("tsh", 4.5, "mIU/L", 4.5, "mIU/L"),
    ("tsh", 4.5, "μIU/mL", 4.5, "mIU/L"),
    ("tsh", 10, "mU/L", 10.0, "mIU/L"),
    ("troponin", 14, "ng/L", 14.0, "ng/L"),
    ("troponin", 0.04, "ng/mL", 40.0, "ng/L"),
    ("troponin", 40, "pg/mL", 40.0, "ng/L"),
    # urine protein: g/24h ("< 1.0 g" of 24-hour urine protein is per day)
    ("urine_protein", 1.0, "g/24h", 1.0, "g/24h"),
    ("urine_protein", 1, "g/24 hours", 1.0, "g/24h"),
    ("urine_protein", 500, "mg/24 h", 0.5, "g/24h"),
    ("urine_protein", 2, "g/day", 2.0, "g/24h"),
    ("urine_protein", 1.0, "g", 1.0, "g/24h"),
    # multiples of the normal limits
    ("ast", 2.5, "x ULN", 2.5, "xULN"),
    ("alt", 2.5, "×ULN", 2.5, "xULN"),
    ("total_bilirubin", 1.5, "times the upper limit of normal", 1.5, "xULN"),
    ("total_bilirubin", 1.5, "x upper limit normal (ULN)", 1.5, "xULN"),
    ("creatinine", 1.5, "× institutional ULN", 1.5, "xULN"),
    ("creatinine", 1.5, "x the institutional upper limit of normal", 1.5, "xULN"),
    ("aptt", 1.5, "x ULN", 1.5, "xULN"),
    ("inr", 1.5, "x ULN", 1.5, "xULN"),
    ("lvef", 1.0, "lower limit of normal", 1.0, "xLLN"),
    ("anc", 1.0, "× LLN", 1.0, "xLLN"),
]


@pytest.mark.parametrize("analyte,value,written,expected,label", CONVERSIONS)
def test_conversion_to_canonical(analyte, value, written, expected, label):
    u = un.identify_unit(written)
    assert u is not None, f"unit spelling not recognised: {written!r}"
    target = un.resolve_analyte(analyte, u)
    assert target == analyte
    got = un.to_canonical(value, u, analyte)
    assert got is not None
    assert got[1] == label
    assert got[0] == pytest.approx(expected, rel=1e-3)


def test_every_vocabulary_analyte_has_a_conversion_case():
    vocab = {a.id for a in un.analytes().values() if a.vocab}
    covered = {c[0] for c in CONVERSIONS}
    assert vocab - covered == set()


def test_contract_vocabulary_and_canonical_units():
    """The CONTRACT's analyte ids and their canonical units (shared/CONTRACT.md)."""
    contract = {
        "anc": "10^9/L", "wbc": "10^9/L", "lymphocytes": "10^9/L", "platelets": "10^9/L",
        "hemoglobin": "g/dL", "albumin": "g/dL", "total_bilirubin": "mg/dL", "direct_bilirubin": "mg/dL",
        "creatinine": "mg/dL", "ast": "U/L", "alt": "U/L", "alp": "U/L",
        "creatinine_clearance": "mL/min", "gfr": "mL/min", "inr": "1", "aptt": "s", "pt": "s",
        "potassium": "mmol/L", "sodium": "mmol/L", "calcium": "mmol/L", "magnesium": "mmol/L",
        "glucose": "mmol/L", "hba1c": "%", "lvef": "%", "oxygen_saturation": "%", "qtc": "ms",
        "lipase": "U/L", "amylase": "U/L", "tsh": "mIU/L", "troponin": "ng/L", "urine_protein": "g/24h",
    }
    table = un.analytes()
    for analyte, label in contract.items():
        assert table[analyte].vocab
        assert table[analyte].canonical.get("*") == label, analyte
    assert table["hbv_dna"].canonical == {"iu_conc": "IU/mL", "copies_conc": "copies/mL"}
    assert {a.id for a in table.values() if a.vocab} == set(contract) | {"hbv_dna"}


@pytest.mark.parametrize(
    "analyte,written",
    [
        ("anc", "g/dL"),  # a mass concentration is no count
        ("anc", "g/L"),  # g/L is grams; G/L (giga) is a count
        ("hemoglobin", "/mm3"),
        ("creatinine", "mL/min"),
        ("creatinine_clearance", "x ULN"),
        ("qtc", "%"),
        ("hba1c", "mmol/L"),
        ("lvef", "ms"),
        ("hbv_dna", "mg/dL"),
    ],
)
def test_incompatible_units_give_none(analyte, written):
    u = un.identify_unit(written)
    assert u is not None
    assert un.resolve_analyte(analyte, u) is None
    assert un.to_canonical(1.0, u, analyte) is None


def test_redirect_dipstick_to_its_own_analyte():
    u = un.identify_unit("+")
    assert un.resolve_analyte("urine_protein", u) == "urine_protein_dipstick"
    assert un.to_canonical(1, u, "urine_protein_dipstick") == (1.0, "+")


@pytest.mark.parametrize(
    "analyte,value,expected,label",
    [
        ("anc", 1500, 1.5, "10^9/L"),  # bare "ANC >= 1500" is per mm3
        ("anc", 1.5, 1.5, "10^9/L"),
        ("platelets", 100000, 100.0, "10^9/L"),
        ("platelets", 100, 100.0, "10^9/L"),
        ("hemoglobin", 9, 9.0, "g/dL"),
        ("hemoglobin", 90, 9.0, "g/dL"),
        ("inr", 1.5, 1.5, "1"),
        ("creatinine", 1.5, 1.5, "mg/dL"),
        ("qtc", 470, 470.0, "ms"),
        ("gfr", 15, 15.0, "mL/min"),
    ],
)
def test_bare_numbers_take_the_implied_unit(analyte, value, expected, label):
    got = un.convert_bare(value, analyte)
    assert got is not None
    assert got[:2] == (pytest.approx(expected), label)


def test_bare_number_without_default_is_not_converted():
    assert un.convert_bare(3.0, "tsh") is None
    assert un.convert_bare(5000.0, "hemoglobin") is None


@pytest.mark.parametrize(
    "analyte,value,label,ok",
    [
        ("anc", 1.5, "10^9/L", True),
        ("anc", 1500.0, "10^9/L", False),  # a misread count
        ("hemoglobin", 0.9, "g/dL", False),
        ("qtc", 47.0, "ms", False),
        ("ast", 2.5, "xULN", True),
        ("ast", 250.0, "xULN", False),
    ],
)
def test_plausibility(analyte, value, label, ok):
    assert un.plausible(analyte, value, label) is ok


def test_round_to_four_significant_digits():
    assert un.round_sig(1.520467) == 1.52
    assert un.round_sig(9.02160) == 9.022
    assert un.round_sig(100000.0) == 100000.0
    assert un.round_sig(0.0) == 0.0


def test_unit_pattern_is_case_sensitive_for_giga_and_gram():
    assert un.identify_unit("G/L").id == "cnt_giga_per_L"
    assert un.identify_unit("g/L").id == "mass_g_L"
    assert un.identify_unit("nonsense") is None

"""Lab thresholds in Finnish, Norwegian (nynorsk), Swedish, Hebrew, Thai, French, Italian and Portuguese pages
(session 8, blind set 13 read as a tuning set): criteria headings, analyte names, comparator words, normal-limit
words, units and condition cues of each language as rule rows. Short pages written here, in the style of
hospital and registry pages."""
from __future__ import annotations

import pytest

from extract.components.labs import extract_lab_thresholds
from extract.context import build_context
from extract.layout import analyze
from extract.model import EXCLUSION, INCLUSION
from test_labs_langs12 import labs

I, E = INCLUSION, EXCLUSION


def written(text: str) -> set[tuple]:
    ctx = build_context(text, analyze(text))
    return {(f.attrs["analyte"], f.attrs["value_as_written"], f.attrs["unit_as_written"])
            for f in extract_lab_thresholds(text, ctx)}


PAGES = [
    ("fi", "Mukaanottokriteerit\n- Trombosyytit vähintään 75 × 10^9/l\n- Bilirubiini enintään 2 × viitealueen yläraja\n"
           "- P-Krea ≤ 1,5 × viitealueen yläraja\n\nPoissulkukriteerit (keskeiset)\n- Ejektiofraktio alle 45 %\n",
     {(I, "platelets", ">=", 75.0), (I, "total_bilirubin", "<=", 2.0), (I, "creatinine", "<=", 1.5),
      (E, "lvef", "<", 45.0)}),
    ("nn", "Inklusjonskriteria\n• trombocyttar ≥ 75 × 10^9/L\n• nøytrofilar ≥ 1,0 × 10^9/L\n\n"
           "Eksklusjonskriteria\n• QTcF over 480 ms\n",
     {(I, "platelets", ">=", 75.0), (I, "anc", ">=", 1.0), (E, "qtc", ">", 480.0)}),
    ("sv", "Inklusionskriterierna\n– Neutrofiler minst 1,0 × 10⁹/l\n– ASAT och ALAT högst 3 × ULN\n\n"
           "Exklusionskriterierna\n– Kreatininclearance under 30 ml/min\n",
     {(I, "anc", ">=", 1.0), (I, "ast", "<=", 3.0), (I, "alt", "<=", 3.0), (E, "creatinine_clearance", "<", 30.0)}),
    ("he", "קריטריונים להכללה\n • טסיות 75,000/µL לפחות\n • קריאטינין עד 2xULN\n\n"
           "קריטריונים לאי-הכללה\n • מקטע פליטה מתחת ל-45%\n • QTc מעל 480 ms\n",
     {(I, "platelets", ">=", 75.0), (I, "creatinine", "<=", 2.0), (E, "lvef", "<", 45.0), (E, "qtc", ">", 480.0)}),
    ("th", "เกณฑ์การคัดเข้า\n1. เกล็ดเลือดไม่น้อยกว่า 75,000 เซลล์/ลบ.มม. ฮีโมโกลบินไม่น้อยกว่า 10 ก./ดล.\n"
           "2. บิลิรูบินรวมไม่เกิน 2 เท่าของค่าปกติสูงสุด\n\nเกณฑ์การคัดออก\n1. QTc มากกว่า 480 มิลลิวินาที\n",
     {(I, "platelets", ">=", 75.0), (I, "hemoglobin", ">=", 10.0), (I, "total_bilirubin", "<=", 2.0),
      (E, "qtc", ">", 480.0)}),
    ("fr_postfix", "Critères d'inclusion\n- des plaquettes à 75 G/L ou plus\n- une créatininémie de 2 mg/dL ou moins\n",
     {(I, "platelets", ">=", 75.0), (I, "creatinine", "<=", 2.0)}),
]


@pytest.mark.parametrize("text,expected", [p[1:] for p in PAGES], ids=[p[0] for p in PAGES])
def test_headings_names_and_comparator_words(text, expected):
    assert labs(text, 4) == expected


def test_units_and_normal_limits_as_written():
    """uln_intl5, uln_th, cnt_per_mm3_intl, mass_g_dL_intl, flow_mL_min_intl3, time_ms_intl3."""
    text = ("เกณฑ์การคัดเข้า\n1. ครีอะตินีนเคลียแรนซ์ไม่น้อยกว่า 40 มล./นาที\n2. AST และ ALT ไม่เกิน 3 เท่าของค่าปกติสูงสุด\n\n"
            "Inclusion criteria\n- Bilirubiini ≤ 2 × viitealueen yläraja\n- Créatinine < 2 fois la limite supérieure de la normale\n"
            "- פינוי קריאטינין מעל 40 מ\"ל/דקה\n")
    got = written(text)
    assert ("creatinine_clearance", "40", "มล./นาที") in got
    assert ("ast", "3", "เท่าของค่าปกติสูงสุด") in got and ("alt", "3", "เท่าของค่าปกติสูงสุด") in got
    assert ("total_bilirubin", "2", "× viitealueen yläraja") in got
    assert ("creatinine", "2", "fois la limite supérieure de la normale") in got
    assert ("creatinine_clearance", "40", "מ\"ל/דקה") in got


def test_condition_cues_kept_with_their_words():
    """cue_nordic_he: "hos män" and "ved levermetastasar" keep the cue word; "eller" stops the first condition."""
    got = labs("Exklusionskriterier\n– QTcF > 450 ms hos män eller > 480 ms hos kvinnor\n")
    assert got == {(E, "qtc", ">", 450.0, "ms", "hos män"), (E, "qtc", ">", 480.0, "ms", "hos kvinnor")}
    got = labs("Inklusjonskriteria\n• ALAT ≤ 3 × øvre normalgrense (≤ 5 × øvre normalgrense ved levermetastasar)\n")
    assert (I, "alt", "<=", 5.0, "xULN", "ved levermetastasar") in got
    got = labs("קריטריונים להכללה\n • ALT עד 3xULN (עד 5xULN בנוכחות גרורות בכבד)\n")
    assert (I, "alt", "<=", 5.0, "xULN", "בנוכחות גרורות בכבד") in got
    got = labs("Criteri di inclusione\n1. Piastrine ≥ 100.000/µl, oppure ≥ 75.000/µl in caso di infiltrazione midollare\n")
    assert got == {(I, "platelets", ">=", 100.0, "10^9/L", None),
                   (I, "platelets", ">=", 75.0, "10^9/L", "infiltrazione midollare")}


def test_or_if_after_a_bound_opens_an_alternative_not_a_condition():
    text = ("Exclusion criteria\n- People cannot join if they have a QTc above 480 ms, or if they have a bowel "
            "obstruction.\n")
    assert labs(text) == {(E, "qtc", ">", 480.0, "ms", None)}


def test_thai_name_does_not_match_inside_a_longer_word():
    """Thai names are bounded like CJK ones: the longest name wins ("ครีอะตินีนเคลียแรนซ์", not "ครีอะตินีน")."""
    got = labs("เกณฑ์การคัดเข้า\n1. ครีอะตินีนเคลียแรนซ์ไม่น้อยกว่า 40 มล./นาที\n", 4)
    assert got == {(I, "creatinine_clearance", ">=", 40.0)}


def test_finnish_and_hebrew_condition_forms():
    """fi_suffix_condition, cue_he_if."""
    got = labs("Sisäänottokriteerit\n- P-ALAT ≤ 3 × viitealueen yläraja (maksametastaasien yhteydessä ≤ 5 × viitealueen yläraja)\n")
    assert (I, "alt", "<=", 5.0, "xULN", "maksametastaasien yhteydessä") in got
    got = labs("קריטריונים להכללה\n • בילירובין עד 1.5xULN (עד 3xULN אם יש תסמונת גילברט)\n")
    assert (I, "total_bilirubin", "<=", 3.0, "xULN", "יש תסמונת גילברט") in got

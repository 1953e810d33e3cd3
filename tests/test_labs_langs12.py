"""Lab thresholds in Czech/Slovak, Greek, Hungarian, Turkish, Polish and Indonesian pages (session 8,
blind set 12 read as a tuning set), and the context layer's fallback by the analyte's healthy side
for a bound nothing on the page typed. Short pages written here, in the style of registry pages."""
from __future__ import annotations

import pytest

from extract.components.labs import extract_lab_thresholds
from extract.context import bound_type, build_context
from extract.layout import analyze
from extract.model import EXCLUSION, INCLUSION, Criterion

I, E = INCLUSION, EXCLUSION


def labs(text: str, width: int = 6) -> set[tuple]:
    ctx = build_context(text, analyze(text))
    return {(f.attrs["criterion_type"], f.attrs["analyte"], f.attrs["comparator"], f.attrs["value"], f.attrs["unit"],
             f.attrs["condition"])[:width]
            for f in extract_lab_thresholds(text, ctx)}


def written(text: str) -> set[tuple]:
    ctx = build_context(text, analyze(text))
    return {(f.attrs["analyte"], f.attrs["unit_as_written"]) for f in extract_lab_thresholds(text, ctx)}


# ---- criteria headings of each language (sections.yaml sec.*_intl4b) and its analyte, unit and limit words
PAGES = [
    ("cs", "Kritéria pro zařazení\n1. Počet trombocytů ≥ 75 × 10^9/l\n2. Sérový kreatinin ≤ 1,5 × HHN\n\n"
           "Vylučovací kritéria\n1. Počet neutrofilů < 1,0 × 10^9/l\n",
     {(I, "platelets", ">=", 75.0), (I, "creatinine", "<=", 1.5), (E, "anc", "<", 1.0)}),
    ("el", "Κριτήρια ένταξης\n- Αιμοσφαιρίνη ≥ 10 g/dL\n- Κάθαρση κρεατινίνης ≥ 40 mL/min\n\n"
           "Κριτήρια αποκλεισμού\n- Κλάσμα εξώθησης αριστερής κοιλίας < 45%\n",
     {(I, "hemoglobin", ">=", 10.0), (I, "creatinine_clearance", ">=", 40.0), (E, "lvef", "<", 45.0)}),
    ("hu", "Bevonási kritériumok\n– Thrombocytaszám ≥ 75 G/l\n– Szérum összbilirubin ≤ 2 × ULN\n\n"
           "Kizárási feltételek\n– Kreatinin-clearance < 30 ml/perc\n",
     {(I, "platelets", ">=", 75.0), (I, "total_bilirubin", "<=", 2.0), (E, "creatinine_clearance", "<", 30.0)}),
    ("tr", "ÇALIŞMAYA DAHİL EDİLME KRİTERLERİ\n• Trombosit sayısı ≥ 75.000/mm³\n• Serum albümin ≥ 2,5 g/dL\n\n"
           "DIŞLANMA KRİTERLERİ\n• Kreatinin klerensi < 40 mL/dk\n",
     {(I, "platelets", ">=", 75.0), (I, "albumin", ">=", 2.5), (E, "creatinine_clearance", "<", 40.0)}),
    ("pl", "Główne kryteria włączenia\n• Liczba płytek krwi ≥ 75 000/µl\n\nKryteria wykluczenia\n• Odstęp QTc > 450 ms\n",
     {(I, "platelets", ">=", 75.0), (E, "qtc", ">", 450.0)}),
    ("id", "Kriteria Inklusi / Inclusion Criteria\n1. Jumlah trombosit ≥ 75.000/µL\n\n"
           "Kriteria Eksklusi / Exclusion Criteria\n1. Fraksi ejeksi ventrikel kiri < 50%\n",
     {(I, "platelets", ">=", 75.0), (E, "lvef", "<", 50.0)}),
    ("fr_question", "Qui peut participer ?\n• des plaquettes ≥ 75 G/L ;\n\nQui ne peut pas participer ?\n"
                    "• une clairance de la créatinine < 30 mL/min ;\n",
     {(I, "platelets", ">=", 75.0), (E, "creatinine_clearance", "<", 30.0)}),
]


@pytest.mark.parametrize("text,expected", [p[1:] for p in PAGES], ids=[p[0] for p in PAGES])
def test_criteria_headings_and_words_of_other_languages(text, expected):
    assert labs(text, 4) == expected


def test_limit_words_minutes_and_milliseconds_as_written():
    """uln_intl3, flow_mL_min_intl2, time_ms_intl2: the unit as the page writes it."""
    text = ("Inclusion criteria\n- Ολική χολερυθρίνη ≤ 2 x ΑΦΟ (ανώτερο φυσιολογικό όριο)\n- Total bilirubin ≤ 2 x NÜS\n"
            "- Bilirubin total ≤ 2 x BANN\n- Kreatinin klerensi ≥ 40 mL/dk\n\nExclusion criteria\n- QTc > 450 msn\n")
    assert written(text) == {("total_bilirubin", "x ΑΦΟ"), ("total_bilirubin", "x NÜS"), ("total_bilirubin", "x BANN"),
                             ("creatinine_clearance", "mL/dk"), ("qtc", "msn")}


def test_and_words_join_analytes():
    """co_and_or_intl4: "AST a ALT", "AST és ALT", "AST ve ALT", "AST dan ALT", "AST και ALT"."""
    for word in ("a", "és", "ve", "dan", "και"):
        text = f"Inclusion criteria\n- AST {word} ALT ≤ 2 × ULN\n"
        assert labs(text, 2) == {(I, "ast"), (I, "alt")}, word


@pytest.mark.parametrize("line,condition", [
    ("AST ≤ 2 × ULN (≤ 4 × ULN při metastázách v játrech)", "metastázách v játrech"),
    ("AST ≤ 2 x ΑΦΟ (≤ 4 x ΑΦΟ επί οστικών μεταστάσεων)", "οστικών μεταστάσεων"),
    ("AST ≤ 2 × GGN (≤ 4 × GGN u chorych z przerzutami do kości)", "przerzutami do kości"),
    ("AST ≤ 2 x BANN (≤ 4 x BANN pada pasien dengan metastasis hati)", "metastasis hati"),
    ("AST ≤ 2 × ULN (Gilbert-kór esetén ≤ 4 × ULN)", "Gilbert-kór esetén"),
    ("AST ≤ 2 x NÜS; Gilbert sendromu varlığında ≤ 4 x NÜS", "Gilbert sendromu varlığında"),
])
def test_conditions_of_other_languages(line, condition):
    """cue_intl4 (cue word before the disease) and post_suffix_condition (a postposition after it)."""
    assert labs(f"Inclusion criteria\n- {line}\n") == {(I, "ast", "<=", 2.0, "xULN", None),
                                                        (I, "ast", "<=", 4.0, "xULN", condition)}


# ---- the context layer's fallback: the analyte's healthy side, only where nothing typed the criterion
def test_bound_type_only_for_an_uncued_inclusion_unit():
    open_unit = Criterion(INCLUSION, 0, 10, "x", cued=False)
    assert bound_type(open_unit, "low", ">") == EXCLUSION      # "QTc > 470 ms"
    assert bound_type(open_unit, "low", "<=") == INCLUSION     # "bilirubin ≤ 1.5 x ULN"
    assert bound_type(open_unit, "high", "<") == EXCLUSION     # "ANC < 1.5"
    assert bound_type(open_unit, "high", ">=") == INCLUSION
    assert bound_type(open_unit, None, ">") == INCLUSION       # electrolytes, glucose: both sides are criteria
    assert bound_type(Criterion(INCLUSION, 0, 10, "x"), "low", ">") == INCLUSION   # a list or cue typed it
    assert bound_type(Criterion(EXCLUSION, 0, 10, "x", cued=False), "high", ">=") == EXCLUSION


def test_open_text_under_unknown_headings_takes_the_healthy_side():
    """A page whose criteria headings no rule knows: the context layer cuts open units (INCLUSION by
    default); a bound on the unhealthy side there is an exclusion, one on the healthy side stays."""
    text = ("Ujian klinikal fasa 2\n\nSyarat A\n- Hemoglobin ≥ 9 g/dL\n- Bilirubin ≤ 1.5 x ULN\n\n"
            "Syarat B\n- QTcF > 480 ms\n- Hemoglobin < 8 g/dL\n- Potassium < 3.0 mmol/L\n")
    assert labs(text, 4) == {(I, "hemoglobin", ">=", 9.0), (I, "total_bilirubin", "<=", 1.5),
                             (E, "qtc", ">", 480.0), (E, "hemoglobin", "<", 8.0), (I, "potassium", "<", 3.0)}


def test_a_recognised_heading_or_cue_decides_over_the_healthy_side():
    """A reduced-ejection-fraction trial asks for LVEF < 50% in its inclusion list: the heading types it."""
    text = "Inclusion Criteria:\n- LVEF ≥ 40% and < 50%\n\nExclusion Criteria:\n- Hemoglobin ≥ 18 g/dL\n"
    assert labs(text, 4) == {(I, "lvef", ">=", 40.0), (I, "lvef", "<", 50.0), (E, "hemoglobin", ">=", 18.0)}
    # an open-text unit with its own exclusion cue is an exclusion whatever the side
    text = "Study notes\nPatients were excluded if LVEF ≥ 50%.\n"
    assert labs(text, 2) == {(E, "lvef")}


def test_percent_sign_before_the_number():
    """Turkish writes "%50": the sign before the value is its unit (lab_scan `ppct`)."""
    text = "HARİÇ TUTULMA KRİTERLERİ\n• Sol ventrikül ejeksiyon fraksiyonu < %45\n"
    ctx = build_context(text, analyze(text))
    facts = extract_lab_thresholds(text, ctx)
    assert [(f.attrs["criterion_type"], f.attrs["analyte"], f.attrs["comparator"], f.attrs["value"],
             f.attrs["value_as_written"], f.attrs["unit_as_written"]) for f in facts] == [(E, "lvef", "<", 45.0, "45", "%")]


def test_german_mitmachen_question_heading_holds_prose_requirements():
    """sec.eligibility_intl4b "Wer kann mitmachen?": its prose, with a sentence saying who cannot take part,
    is cut into units by the context layer."""
    text = ("Neue Studie am Klinikum\n\nWer kann mitmachen?\n\nTeilnehmen können Erwachsene mit Darmkrebs. Die Pumpleistung "
            "gilt: Die Auswurfleistung der linken Herzkammer muss mindestens 45 Prozent betragen. Wer schon eine "
            "Immuntherapie hatte, kann nicht teilnehmen.\n")
    assert labs(text, 4) == {(I, "lvef", ">=", 45.0)}

"""Doses and HER2 criteria of blind set 12's registers (Czech, Greek, Hungarian, Turkish, Polish,
Indonesian, Spanish, German pages): one test per mechanism or language, on invented pages."""
from __future__ import annotations

import pytest

from extract.components.her2 import extract_her2
from extract.context import build_context
from extract.layout import analyze
from extract.normalize.doses import find_doses
from extract.pipeline import process


def doses(text: str) -> list[dict]:
    return [f.attrs for f in process(text).facts if f.kind == "dose"]


def her2(text: str) -> set[tuple]:
    layout = build_context(text, analyze(text))
    return {(f.attrs["criterion_type"], f.label, tuple(sorted(f.attrs["ihc_scores"])), f.attrs["ish"])
            for f in extract_her2(text, layout, {})}


def find(rs: list[dict], low: float, unit: str, context: str | None = None, **want) -> dict:
    hits = [r for r in rs if r["dose_low"] == low and r["unit"] == unit and (context is None or r["context"] == context)]
    assert hits, (low, unit, context, rs)
    for k, v in want.items():
        assert hits[0][k] == v, (k, hits[0])
    return hits[0]


# ----------------------------------------------------------------------------- doses

@pytest.mark.parametrize("text, low, high, unit", [
    ("Patients received XY-1 at doses from 0.5 mg/kg to 8.0 mg/kg every three weeks.", 0.5, 8.0, "mg/kg"),
    ("Doses ranging from 2 mg/kg to 20 mg/kg were tested.", 2.0, 20.0, "mg/kg"),
    ("Se administraron dosis de 1 mg/kg a 10 mg/kg.", 1.0, 10.0, "mg/kg"),
    ("irinotecán 1.800 mg/m2 en infusión continua", 1800.0, 1800.0, "mg/m2"),
    ("XY-1 in einer Dosis von 15 mg pro Kilogramm Körpergewicht", 15.0, 15.0, "mg/kg"),
])
def test_amounts_as_one_dose(text, low, high, unit):
    got = [(d.low, d.high, d.unit) for d in find_doses(text)]
    assert got == [(low, high, unit)]


def test_a_loading_then_maintenance_pair_stays_two_doses():
    got = [(d.low, d.unit) for d in find_doses("8 mg/kg loading dose, then 6 mg/kg")]
    assert got == [(8.0, "mg/kg"), (6.0, "mg/kg")]


def test_a_unit_ends_before_an_accented_letter():
    assert [d.low for d in find_doses("80 mg/m2 IV, 21 günlük sikluslarda")] == [80.0]


TITLE = "A Phase 2 Study of Testumab in HER2-positive Gastric Cancer\n\n"


@pytest.mark.parametrize("body, rows", [
    ("Ramena studie\nRameno A: testumab 4 mg/kg i.v. den 1 každé 3 týdny.\n"
     "Rameno B: kapecitabin 1000 mg/m2 p.o. dvakrát denně ve dnech 1–14 21denního cyklu.\n",
     [(4.0, "mg/kg", "Rameno A", "IV", 21.0), (1000.0, "mg/m2", "Rameno B", "PO", 0.5)]),
    ("ΘΕΡΑΠΕΥΤΙΚΑ ΣΚΕΛΗ\nΣκέλος Α: τεστουμάμπη 4 mg/kg ενδοφλεβίως κάθε 3 εβδομάδες.\n"
     "Σκέλος Β: παξλιταξέλη 80 mg/m2 ενδοφλεβίως εβδομαδιαίως.\n",
     [(4.0, "mg/kg", "Σκέλος Α", "IV", 21.0), (80.0, "mg/m2", "Σκέλος Β", "IV", 7.0)]),
    ("Kezelési karok\nA kar: testumab 4 mg/kg iv. kéthetente.\nB kar: trastuzumab 600 mg sc. háromhetente.\n",
     [(4.0, "mg/kg", "A kar", "IV", 14.0), (600.0, "mg", "B kar", "SC", 21.0)]),
    ("TEDAVİ KOLLARI\nKol 1: Testumab 10 mg/kg IV, 3 haftada bir.\nKol 2: paklitaksel 80 mg/m2 IV, haftada bir.\n",
     [(10.0, "mg/kg", "Kol 1", "IV", 21.0), (80.0, "mg/m2", "Kol 2", "IV", 7.0)]),
    ("Intervensi\nKelompok Intervensi: testumab 4 mg/kg IV setiap 3 minggu.\n"
     "Kelompok Kontrol: dosetaksel 75 mg/m2 IV setiap 3 minggu.\n",
     [(4.0, "mg/kg", "Kelompok Intervensi", "IV", 21.0), (75.0, "mg/m2", "Kelompok Kontrol", "IV", 21.0)]),
])
def test_arm_labels_routes_and_schedules_of_set_12_languages(body, rows):
    rs = doses(TITLE + body)
    for low, unit, context, route, interval in rows:
        find(rs, low, unit, context, route=route, interval_days=interval)


# ----------------------------------------------------------------------------- HER2

@pytest.mark.parametrize("page, expected", [
    ("Hlavní kritéria zařazení\n1. Věk 18 let a více, pacienti s nádorem pro léčbu, které jsou ve studii.\n"
     "2. HER2-pozitivní nádor (IHK 3+ nebo IHK 2+ s pozitivní ISH).\n",
     ("INCLUSION", "POSITIVE", ("2+", "3+"), "POSITIVE")),
    ("ΚΡΙΤΗΡΙΑ ΕΝΤΑΞΗΣ\n1. Ασθενείς ηλικίας 18 ετών και άνω με καρκίνο του μαστού και επαρκή λειτουργία.\n"
     "2. HER2-χαμηλή έκφραση, οριζόμενη ως IHC 1+ ή IHC 2+ με αρνητικό ISH.\n",
     ("INCLUSION", "LOW", ("1+", "2+"), "NEGATIVE")),
    ("Beválasztási kritériumok\n– Az vizsgálat szerint és vagy nem betegek kezelés után.\n"
     "– HER2-pozitív daganat: IHC 3+ vagy ISH-pozitív.\n",
     ("INCLUSION", "POSITIVE", ("3+",), "POSITIVE")),
    ("DAHİL EDİLME KRİTERLERİ\n• 18 yaş ve üzeri hastalar için bu araştırma ile tedavi veya çalışma\n"
     "• HER2 pozitif hastalık (IHK 3+ veya IHK 2+ ve ISH pozitif)\n",
     ("INCLUSION", "POSITIVE", ("2+", "3+"), "POSITIVE")),
    ("Kriteria Inklusi\n1. Pasien dewasa dengan kanker yang tidak dapat dioperasi untuk uji klinik ini.\n"
     "2. HER2 positif (IHK 3+ atau FISH/ISH positif).\n",
     ("INCLUSION", "POSITIVE", ("3+",), "POSITIVE")),
    ("Kryteria włączenia\n• Wiek co najmniej 18 lat i zgoda na udział w badaniu oraz leczenie.\n"
     "• Rak piersi z ultraniską ekspresją HER2 (IHC 0 z niepełnym, słabym wybarwieniem błony).\n",
     ("INCLUSION", "ULTRALOW", ("0",), None)),
])
def test_her2_words_and_headings_of_set_12_languages(page, expected):
    assert expected in her2(page)


def test_spanish_mutation_with_its_test_and_specimen():
    page = ("Título del protocolo:\nEstudio de fase 2 en pacientes con cáncer de pulmón de células no pequeñas "
            "con mutación de HER2\n\nCriterios de inclusión:\na) Adultos de 18 años o más con el tratamiento.\n"
            "b) Mutación activadora de HER2 documentada mediante NGS en tejido o plasma.\n")
    layout = build_context(page, analyze(page))
    rows = {(f.attrs["criterion_type"], f.label, f.attrs["assay_text"]) for f in extract_her2(page, layout, {})}
    assert ("INCLUSION", "MUTANT", "NGS en tejido o plasma") in rows
    assert ("POPULATION", "MUTANT", None) in rows  # "no pequeñas" negates nothing


def test_german_score_sentence_under_a_who_may_join_heading():
    page = ("Neue Studie für Patienten mit Magenkrebs\n\nWer kann mitmachen?\n\n"
            "Teilnehmen können Erwachsene, deren Tumor HER2-positiv ist – bei der Gewebeuntersuchung also "
            "einen Score von 3+ oder von 2+ mit positivem ISH-Test aufweist.\n")
    assert ("INCLUSION", "POSITIVE", ("2+", "3+"), "POSITIVE") in her2(page)


def test_a_dose_level_column_gives_levels_not_row_names():
    text = TITLE + ("Study Design\nPart A enrolls adults with solid tumours.\n\nPart A dose escalation\n"
                    "| Dose Level | AB-12 dose | Schedule |\n| 1 | 0.5 mg/kg | IV Q3W |\n| 2 | 2 mg/kg | IV Q3W |\n")
    rs = doses(text)
    assert find(rs, 0.5, "mg/kg")["dose_level"] == 1
    r = find(rs, 2.0, "mg/kg", dose_level=2)
    assert r["context"] != "2"


def test_a_sentence_ending_in_a_colon_is_no_arm_label():
    text = TITLE + ("Die Studie\n\nGeprüft wird ein neuer Antikörper. Es handelt sich um eine randomisierte Studie "
                    "der Phase II: Per Zufall wird entschieden, welche Behandlung jemand erhält.\n\n"
                    "Die Teilnehmer im Studienarm erhalten Testumab in einer Dosis von 10 mg pro Kilogramm "
                    "Körpergewicht alle zwei Wochen.\n")
    find(doses(text), 10.0, "mg/kg", "Studienarm")


def test_a_population_column_of_a_cohort_table_states_the_population():
    page = ("A Phase 1 Study of AB-12 in Advanced Solid Tumors\n\nStudy Design\nExpansion cohorts\n"
            "| Cohort | Population | N |\n|---|---|---|\n| B1 | HER2-positive gastric cancer | 40 |\n"
            "| B2 | ERBB2-amplified solid tumors | 30 |\n\nInclusion Criteria\n- Age 18 years or older\n")
    got = her2(page)
    assert ("POPULATION", "POSITIVE", (), None) in got and ("POPULATION", "AMPLIFIED", (), None) in got


def test_a_parenthesis_glosses_the_mention_before_it():
    page = ("Kriteria\n\nInclusion Criteria\n- Age 18 years or older\n- HER2-low breast cancer (IHC 1+ or "
            "IHC 2+/ISH-negative), HER2-positive gastric cancer, or other HER2-expressing tumors\n")
    got = her2(page)
    assert ("INCLUSION", "LOW", ("1+", "2+"), "NEGATIVE") in got
    assert ("INCLUSION", "POSITIVE", (), None) in got


def test_a_joining_word_is_no_intervention_name():
    text = TITLE + ("Intervensi\nKelompok Intervensi: AB-12 dosis muatan 8 mg/kg IV pada siklus 1, selanjutnya "
                    "6 mg/kg IV setiap 3 minggu.\n")
    find(doses(text), 6.0, "mg/kg", "Kelompok Intervensi", intervention="AB-12", interval_days=21.0)


def test_arms_as_subjects_of_clauses_inside_one_sentence():
    text = TITLE + ("Results\n\nWe enrolled 96 patients. They were randomized one to one: Arm A received AB-12 "
                    "6 mg/kg and Arm B received AB-12 7.5 mg/kg, each every three weeks.\n")
    rs = doses(text)
    find(rs, 6.0, "mg/kg", "Arm A")
    find(rs, 7.5, "mg/kg", "Arm B")

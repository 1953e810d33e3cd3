"""Lab thresholds and HER2 criteria of the families blind set 15 showed missing (session 10): Romanian criteria
headings with the qualifier between "criterii" and "de" ("Criterii principale de includere"), Russian comparator
words ("не менее", "не более", "свыше", "и более"), the Russian ISH adjective before the assay ("при положительной
FISH"). Short pages written here in the styles of hospital listings and journal abstracts, not copies of set 15."""
from __future__ import annotations

import pytest

from extract.components.her2 import extract_her2
from extract.context import build_context
from extract.layout import analyze
from extract.model import EXCLUSION, INCLUSION

from test_set14_tuning_b import lab_rows, labs

I, E = INCLUSION, EXCLUSION


def her2(text: str) -> set[tuple]:
    ctx = build_context(text, analyze(text))
    return {(f.attrs["criterion_type"], f.label, tuple(f.attrs["ihc_scores"]), f.attrs["ish"], f.attrs["assay_text"])
            for f in extract_her2(text, ctx, {})}


# ---- Romanian: the qualifier inside the heading, after a treatment block that opened an arms section
@pytest.mark.parametrize("qual", ["principale", "generale", "specifice"])
def test_romanian_heading_with_its_qualifier_after_criterii_ends_the_arms_section(qual):
    page = ("Tratament:\nGrupul 1 – medicamentul X 6 mg/kg intravenos la fiecare 3 săptămâni\n\n"
            f"Criterii {qual} de includere:\n– trombocite ≥ 75.000/mm³;\n– creatinină ≤ 1,5 x LSN.\n\n"
            f"Criterii {qual} de excludere:\n– QTcF > 470 ms.\n")
    assert labs(page) == {(I, "platelets", ">=", 75.0, "10^9/L"), (I, "creatinine", "<=", 1.5, "xULN"),
                          (E, "qtc", ">", 470.0, "ms")}


# ---- Russian comparator words, in a journal abstract's prose and in a list
def test_russian_comparator_words_in_an_abstracts_prose():
    page = ("Материалы и методы\n\nВ исследование включали пациентов старше 18 лет. Требовались: число нейтрофилов "
            "не менее 1,0 x 10^9/л, тромбоцитов не менее 75 x 10^9/л, общий билирубин не более 2 x ВГН, "
            "креатинин не более 150 мкмоль/л.\n")
    assert labs(page) == {(I, "anc", ">=", 1.0, "10^9/L"), (I, "platelets", ">=", 75.0, "10^9/L"),
                          (I, "total_bilirubin", "<=", 2.0, "xULN"), (I, "creatinine", "<=", 1.697, "mg/dL")}


def test_russian_strict_and_postfix_comparators_in_lists():
    page = ("Критерии включения:\n1. Гемоглобин 100 г/л и более.\n2. Клиренс креатинина больше 40 мл/мин.\n\n"
            "Критерии невключения:\n1. Интервал QTc свыше 480 мс.\n2. Фракция выброса левого желудочка менее 45%.\n")
    assert labs(page) == {(I, "hemoglobin", ">=", 10.0, "g/dL"), (I, "creatinine_clearance", ">", 40.0, "mL/min"),
                          (E, "qtc", ">", 480.0, "ms"), (E, "lvef", "<", 45.0, "%")}


def test_russian_not_more_is_not_read_as_more():
    page = "Критерии включения:\n- АЛТ не выше 3 x ВГН;\n- тромбоциты не ниже 90 x 10^9/л.\n"
    assert labs(page) == {(I, "alt", "<=", 3.0, "xULN"), (I, "platelets", ">=", 90.0, "10^9/L")}


# ---- Russian ISH: the result adjective right before the assay
def test_russian_ish_adjective_before_the_assay():
    page = ("Критерии включения:\n1. Возраст 18 лет и старше.\n"
            "2. HER2-положительный рак желудка (ИГХ 3+ или ИГХ 2+ при положительной ISH).\n")
    rows = her2(page)
    assert (I, "POSITIVE", ("3+", "2+"), "POSITIVE", "ИГХ 3+ или ИГХ 2+ при положительной ISH") in rows


# ---- a bound that differs by sex: the preposition and the sex word of each language, kept in the condition
@pytest.mark.parametrize("page, men, women", [
    ("Kriteriji isključenja:\n- QTcF > 450 ms kod muškaraca ili > 470 ms kod žena.\n", "kod muškaraca", "kod žena"),
    ("Criterios de exclusión:\n- QTcF > 450 ms en hombres o > 470 ms en mujeres.\n", "en hombres", "en mujeres"),
    ("Critères de non-inclusion :\n- QTcF > 450 ms chez les hommes ou > 470 ms chez les femmes.\n",
     "chez les hommes", "chez les femmes"),
    ("Критерии невключения:\n- QTcF > 450 мс у мужчин или > 470 мс у женщин.\n", "у мужчин", "у женщин"),
    ("Criterii de excludere:\n- QTcF > 450 ms la bărbați sau > 470 ms la femei.\n", "la bărbați", "la femei"),
    ("Netraukimo kriterijai:\n- QTcF > 450 ms vyrams arba > 470 ms moterims.\n", "vyrams", "moterims"),
])
def test_a_qtc_limit_by_sex_gives_two_conditional_rows(page, men, women):
    rows = {(r["value"], r["condition"]) for r in lab_rows(page)}
    assert rows == {(450.0, men), (470.0, women)}


def test_a_condition_drops_a_trailing_or_of_the_language():
    page = "Kriteriji isključenja:\n- QTcF > 450 ms u bolesnika s blokom grane ili > 500 ms u bolesnika s elektrostimulatorom.\n"
    assert {r["condition"] for r in lab_rows(page)} == {"blokom grane", "elektrostimulatorom"}


# ---- "in patients without ...": the "without" stays in the condition (it is the condition's sense)
@pytest.mark.parametrize("page, cond", [
    ("Критерии за изключване:\n1. INR > 1,5 при пациенти без антикоагулантно лечение.\n", "без антикоагулантно лечение"),
    ("Criterii de excludere:\n- INR > 1,5 la pacienții fără anticoagulante orale.\n", "fără anticoagulante orale"),
    ("Kriteriji isključenja:\n- INR > 1,5 u bolesnika bez antikoagulantne terapije.\n", "bez antikoagulantne terapije"),
])
def test_patients_without_keeps_without(page, cond):
    assert [r["condition"] for r in lab_rows(page)] == [cond]


# ---- a name glued to the label cell before it in a flattened table
def test_an_analyte_glued_to_its_table_label():
    page = ("Table 3 Exclusion criteria\nItemDescription\nHeart rhythmQTcF > 480 ms\n"
            "Kidney functionCreatinine clearance < 40 mL/min\nBleedingINR > 1.5\n")
    assert labs(page) == {(E, "qtc", ">", 480.0, "ms"), (E, "creatinine_clearance", "<", 40.0, "mL/min"),
                          (E, "inr", ">", 1.5, "1")}


def test_a_camel_case_word_inside_a_name_adds_no_mention():
    page = "Inclusion criteria:\n- eGFR ≥ 50 mL/min/1.73 m2\n- NT-proBNP < 400 pg/mL\n"
    assert labs(page) == {(I, "gfr", ">=", 50.0, "mL/min")}


# ---- a list hard-wrapped at the margin: the wrapped lines stay in their item (conditions run on)
def test_items_hard_wrapped_at_the_margin_keep_their_conditions():
    page = ("Inclusion Criteria:\n\n- Liver function: total bilirubin <= 1.5 x ULN (<= 3 x ULN in patients\n"
            "with Gilbert syndrome); ALT <= 3 x ULN (<= 5 x ULN in case of hepatic\nmetastases).\n"
            "- Platelets >= 100 x 10^9/L.\n")
    assert {(r["analyte"], r["value"], r["condition"]) for r in lab_rows(page)} == {
        ("total_bilirubin", 1.5, None), ("total_bilirubin", 3.0, "Gilbert syndrome"), ("alt", 3.0, None),
        ("alt", 5.0, "hepatic metastases"), ("platelets", 100.0, None)}


# ---- HER2: a formulary's use criteria are its inclusion and exclusion lists; its indication is the population
def test_a_formulary_restriction_reads_criteria_for_use_and_exclusions():
    page = ("Formulary Information\n\nOncology Restriction: drugumab\n\n"
            "Indication (EMA-approved): Treatment of adults with HER2-positive metastatic breast cancer after two prior lines.\n\n"
            "Criteria for Approval (all must apply)\n1. Age 18 years or older\n"
            "2. HER2-positive disease: IHC 3+ or IHC 2+ with ISH amplification\n\n"
            "Exclusions (not approved if any apply)\n- HER2-negative disease (IHC 0 or IHC 1+)\n- Pregnancy\n")
    rows = {r[:2] for r in her2(page)}
    assert rows == {("POPULATION", "POSITIVE"), (I, "POSITIVE"), (E, "NEGATIVE")}


# ---- HER2: a French news item's trial and its cohorts are the population
def test_a_french_news_item_states_the_population_of_its_trial_and_cohorts():
    page = ("Actualités\n\nLa société annonce le premier patient traité dans un essai clinique de phase 1 de XB-12 chez des "
            "patients atteints de tumeurs solides avancées exprimant HER2 (IHC ≥ 1+) après les traitements standards.\n\n"
            "La partie d'expansion évaluera l'efficacité du produit dans des cohortes de patients atteints de cancer du sein "
            "HER2 faible et de cancer du poumon avec une mutation activatrice de HER2. Les résultats sont attendus en 2028.\n")
    rows = {r[:2] for r in her2(page)}
    assert rows == {("POPULATION", "EXPRESSING"), ("POPULATION", "LOW"), ("POPULATION", "MUTANT")}


# ---- HER2: Catalan news item: the trial sentence and "Cal que ..." (must)
def test_a_catalan_news_item_reads_its_trial_sentence_and_its_requirement():
    page = ("L'hospital participa en un assaig internacional\n\n"
            "L'hospital s'ha incorporat a un assaig clínic de fase II que avalua un fàrmac en pacients amb càncer gàstric "
            "HER2 positiu (IHC 3+ o IHC 2+ amb ISH positiva). Els pacients rebran el tractament cada tres setmanes.\n\n"
            "Hi poden participar pacients majors de 18 anys amb malaltia avançada. Cal que el tumor sigui HER2 positiu, "
            "amb una puntuació IHC 3+ o IHC 2+ i una prova ISH positiva.\n")
    rows = her2(page)
    assert ("POPULATION", "POSITIVE", ("3+", "2+"), "POSITIVE", "IHC 3+ o IHC 2+ amb ISH positiva") in rows
    assert (I, "POSITIVE", ("3+", "2+"), "POSITIVE", "IHC 3+ o IHC 2+ i una prova ISH positiva") in rows


# ---- HER2: the test that found a mutation, with its specimen (Slovak genitive, Spanish spelt out)
def test_a_slovak_mutation_keeps_its_test_and_the_specimen_in_the_genitive():
    page = ("| Položka | Hodnota |\n|---|---|\n| Názov klinickej štúdie | Skúšanie fázy II u pacientov s nádormi s mutáciou HER2 |\n\n"
            "Kritériá zaradenia:\n1. Vek aspoň 18 rokov a podpísaný informovaný súhlas pacienta so štúdiou.\n"
            "2. Aktivačná mutácia HER2 preukázaná NGS vyšetrením tkaniva alebo krvi.\n")
    rows = her2(page)
    assert ("POPULATION", "MUTANT", (), None, None) in rows
    assert (I, "MUTANT", (), None, "NGS vyšetrením tkaniva alebo krvi") in rows


def test_a_spanish_mutation_keeps_its_spelt_out_test_and_each_specimen():
    page = ("Criterios de inclusión:\n1. Pacientes mayores de 18 años con cáncer de pulmón avanzado y con una mutación de "
            "HER2 detectada mediante secuenciación de nueva generación (NGS) en tejido tumoral o en sangre.\n")
    rows = her2(page)
    assert (I, "MUTANT", (), None, "secuenciación de nueva generación (NGS) en tejido tumoral o en sangre") in rows


# ---- HER2: the share of tumour cells after a percentage, and staining words, belong to the assay text
@pytest.mark.parametrize("page, assay", [
    ("Criterii de includere:\n1. Vârsta de cel puțin 18 ani la semnarea consimțământului pentru studiu.\n"
     "2. Status HER2-ultralow (IHC 0 cu colorare membranară slabă în ≤ 10% din celulele tumorale).\n",
     "IHC 0 cu colorare membranară slabă în ≤ 10% din celulele tumorale"),
    ("Įtraukimo kriterijai:\n• Pacientai, kurie yra vyresni nei 18 metų ir pasirašė sutikimą dalyvauti tyrime.\n"
     "• HER2-ultramaža raiška (IHC 0 su silpnu membranos dažymusi ≤ 10 % naviko ląstelių).\n",
     "IHC 0 su silpnu membranos dažymusi ≤ 10 % naviko ląstelių"),
])
def test_the_share_of_tumour_cells_stays_in_the_assay_text(page, assay):
    assert any(r[1] == "ULTRALOW" and r[4] == assay for r in her2(page))


def test_lithuanian_staining_words_stay_in_the_assay_text():
    page = ("Atmetimo kriterijai:\n• Pacientai, kurie yra jaunesni nei 18 metų arba kurie negali dalyvauti tyrime.\n"
            "• HER2 IHC 0 be jokio membranos dažymosi.\n")
    assert (E, "NEGATIVE", ("0",), None, "IHC 0 be jokio membranos dažymosi") in her2(page)


def test_an_ihc_keyword_glued_to_a_table_label_opens_the_assay_text():
    page = ("Table 1 Inclusion criteria\nItemDescription\nAge18-75 yr\n"
            "HER2 statusIHC 3+ or IHC 2+ with ISH amplification\nOrgan functionAdequate\n")
    assert any(r[1] == "POSITIVE" and r[4] == "IHC 3+ or IHC 2+ with ISH amplification" for r in her2(page))

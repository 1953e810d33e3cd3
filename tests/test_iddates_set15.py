"""Identifiers and milestone dates of blind set 15's kinds of pages (session 10): a hospital's card that heads its
trial with the sponsor code before the title and lists its other trials by code, a Japanese hospital's table, an
Estonian and a Croatian record, spaced day-first dates ("10. 3. 2026"), sponsor codes named in French and Russian
prose, an NCT ID glued to a Japanese word, milestones said in Catalan, Spanish and Russian prose, a formulary's
"Last updated" line.

Each page is a few lines written for the test (no copied text, invented names and numbers); every test names the
rows it expects.
"""
from __future__ import annotations

import datetime as dt

from extract.normalize.dates import parse_date
from test_iddates import _rows


def test_a_card_headed_by_its_code_and_a_list_of_other_trials_by_code():
    page = ("Studii clinice\n\nSTUDIU NOU – ONCOLOGIE\n\n"
            "QRX9001-204 – STUDIU DE FAZĂ II, RANDOMIZAT, DESCHIS, CU QRX-9001 LA PACIENTELE CU CANCER MAMAR\n\n"
            "Sponsor: Exemplu Pharma\nStatut: deschis\n\n"
            "Alte studii care se află în desfășurare la spitalul nostru:\n\n"
            "PULMONAR\nABC-1234-12 – STUDIU DE FAZĂ III, DUBLU-ORB, LA PACIENȚII CU CANCER PULMONAR\n\n"
            "GASTRIC\nZY-0042 – STUDIU DE FAZĂ II, DESCHIS, LA PACIENȚII CU ADENOCARCINOM GASTRIC\n\n"
            "Autorizație nr. 101/2019 pentru desfășurarea studiilor clinice.\n")
    ids, _ = _rows(page)
    assert ids == {("QRX9001-204", "ORG_STUDY_ID", "SECONDARY"), ("ABC-1234-12", "ORG_STUDY_ID", "RELATED"),
                   ("ZY-0042", "ORG_STUDY_ID", "RELATED")}


def test_a_lithuanian_list_of_other_trials_names_one_by_its_code():
    page = ("Tyrimo informacija\nProtokolo Nr.: KLM-77-A01\nClinicalTrials.gov Nr.: NCT09991501\n\n"
            "Kiti plaučių vėžio klinikiniai tyrimai\nNCT09991502 – imunoterapijos tyrimas (įtraukimas baigtas)\n"
            "PLT-3030-05 – tikslinės terapijos tyrimas (įtraukiami pacientai)\n")
    ids, _ = _rows(page)
    assert ("PLT-3030-05", "ORG_STUDY_ID", "RELATED") in ids
    assert ("NCT09991502", "NCT", "RELATED") in ids
    assert ("KLM-77-A01", "ORG_STUDY_ID", "SECONDARY") in ids


def test_a_japanese_table_of_a_trial_with_the_sponsors_number_and_dates():
    page = ("実施中の治験\n\n治験課題名 |\n第2相試験 |\n---|---|\n依頼者の試験番号 |\nQB4410-J201 |\nNCT番号 |\nNCT09991503 |\n"
            "治験開始日 |\n2026年5月1日 |\n終了予定日 |\n2029年9月30日 |\n")
    ids, dates = _rows(page)
    assert ("QB4410-J201", "ORG_STUDY_ID", "SECONDARY") in ids
    assert dates["STUDY_START"][:2] == (dt.date(2026, 5, 1), "DAY")
    assert dates["STUDY_COMPLETION"] == (dt.date(2029, 9, 30), "DAY", True)


def test_an_nct_id_glued_to_a_japanese_word_is_read():
    page = "新薬の第3相試験を開始\n\n試験期間は2026年4月から2030年3月まで。治験登録番号はNCT09991504、jRCT2031269999。\n"
    ids, _ = _rows(page)
    assert ("NCT09991504", "NCT", "PRIMARY") in ids
    assert ("jRCT2031269999", "OTHER", "SECONDARY") in ids


def test_spaced_day_first_dates_and_a_record_tail():
    assert parse_date("10. 3. 2026") == (dt.date(2026, 3, 10), "DAY")
    assert parse_date("1. 12. 2025") == (dt.date(2025, 12, 1), "DAY")
    page = ("Klinické skúšanie\nČíslo EU CT: 2026-509999-11-00\n"
            "| Dátum začatia skúšania (skutočný) | 4. 2. 2026 |\nPosledná aktualizácia záznamu: 7. 11. 2026\n")
    _, dates = _rows(page)
    assert dates["STUDY_START"] == (dt.date(2026, 2, 4), "DAY", False)
    assert dates["LAST_UPDATE_POSTED"][:2] == (dt.date(2026, 11, 7), "DAY")
    page = "Kliničko ispitivanje\nEU CT broj:\t2026-509999-12-00\n\nDatum zadnje izmjene zapisa: 03.12.2026.\n"
    _, dates = _rows(page)
    assert dates["LAST_UPDATE_POSTED"][:2] == (dt.date(2026, 12, 3), "DAY")


def test_an_estonian_primary_completion_said_as_the_end_of_collecting_its_data():
    page = ("Uuringu andmed\nClinicalTrials.gov: NCT09991505\n\nUuringu algus (tegelik)\n02.02.2026\n\n"
            "Esmase tulemusnäitaja kogumise lõpp (planeeritud)\n30.06.2028\n\nUuringu lõpp (planeeritud)\n31.12.2029\n")
    _, dates = _rows(page)
    assert dates["PRIMARY_COMPLETION"] == (dt.date(2028, 6, 30), "DAY", True)
    assert dates["STUDY_COMPLETION"] == (dt.date(2029, 12, 31), "DAY", True)


def test_sponsor_codes_named_in_french_and_russian_prose():
    page = ("La société annonce le premier patient traité. L'essai est enregistré sous le numéro NCT09991506 "
            "(numéro de protocole de la société : ZKP210-FR-102).\n")
    ids, _ = _rows(page)
    assert ("ZKP210-FR-102", "ORG_STUDY_ID", "SECONDARY") in ids
    page = ("Методы. В исследование II фазы (NCT09991507; протокол QW210-03) включено 90 пациенток. "
            "Исследование одобрено этическим комитетом (протокол ЛЭК № 12 от 10.01.2024).\n")
    ids, _ = _rows(page)
    assert ids == {("NCT09991507", "NCT", "PRIMARY"), ("QW210-03", "ORG_STUDY_ID", "SECONDARY")}


def test_milestones_in_catalan_spanish_and_russian_prose():
    _, dates = _rows("L'estudi va començar el març de 2026 i està previst que acabi el juny de 2031.\n")
    assert dates["STUDY_COMPLETION"] == (dt.date(2031, 6, 1), "MONTH", True)
    _, dates = _rows("El ensayo, que se prolongará hasta finales de 2029, busca pacientes.\n")
    assert dates["STUDY_COMPLETION"] == (dt.date(2029, 1, 1), "YEAR", True)
    _, dates = _rows("Исследование проводилось с апреля 2022 г. по июнь 2024 г. в 9 центрах.\n")
    assert dates["STUDY_START"][:2] == (dt.date(2022, 4, 1), "MONTH")
    assert dates["STUDY_COMPLETION"][:2] == (dt.date(2024, 6, 1), "MONTH")


def test_a_formulary_pages_last_update_is_no_record_update():
    page = ("Formulary Information | Search\n\nexampletumab\nCriteria for Use\n1. Age 18 years or older\n\n"
            "Dosing (per the FOO-1 regimen)\nExampletumab 600 mg IV every 21 days\n\nLast updated: 09/15/2026\n")
    _, dates = _rows(page)
    assert "LAST_UPDATE_POSTED" not in dates
    _, dates = _rows("Trial NCT09991508\nLast updated: 09/15/2026\n")
    assert dates["LAST_UPDATE_POSTED"][:2] == (dt.date(2026, 9, 15), "DAY")

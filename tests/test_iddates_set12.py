"""Identifiers and milestone dates of blind set 12's kinds of pages (issue 11): national
registers in Czech, Greek, Hungarian, Turkish, Polish, Indonesian and Latin-American Spanish
(their date labels, planned/actual words before or after a label, month names and date shapes,
protocol-code labels, lists of a sponsor's other protocols), milestone dates said in French,
German and English prose, and a news page's own NCT ID among several.

Each page is a few lines written for the test (no copied text); every test names the rows it
expects.
"""
from __future__ import annotations

import datetime as dt

from extract.normalize.dates import find_date, parse_date
from test_iddates import _rows


def test_month_names_and_shapes_of_the_new_languages():
    assert parse_date("2030. március") == (dt.date(2030, 3, 1), "MONTH")  # Hungarian: year first, with its dot
    assert parse_date("2030. okt. 12.") == (dt.date(2030, 10, 12), "DAY")
    assert parse_date("2030. december 3.") == (dt.date(2030, 12, 3), "DAY")
    assert parse_date("4. února 2031") == (dt.date(2031, 2, 4), "DAY")  # Czech genitive
    assert parse_date("listopad 2029") == (dt.date(2029, 11, 1), "MONTH")
    assert parse_date("21 października 2028") == (dt.date(2028, 10, 21), "DAY")  # Polish genitive
    assert parse_date("3 Σεπτεμβρίου 2027") == (dt.date(2027, 9, 3), "DAY")  # Greek genitive
    assert parse_date("12 Şubat 2029") == (dt.date(2029, 2, 12), "DAY")  # Turkish
    assert parse_date("7 Desember 2030") == (dt.date(2030, 12, 7), "DAY")  # Indonesian
    # an English sentence's capitalised month after a year's full stop is no Hungarian date
    assert find_date("ended in 2023. March was quiet")[:2] == (dt.date(2023, 1, 1), "YEAR")


def test_czech_register_labels_with_qualifiers_before_and_in_brackets():
    page = ("Registr klinických hodnocení\n\nKód protokolu zadavatele\nQCZ-77-301\n\n"
            "Datum zahájení hodnocení (celosvětově, skutečné)\n12.02.2024\n\n"
            "Předpokládané datum ukončení hodnocení\n06/2029\n\nDatum poslední aktualizace záznamu\n03.03.2025\n")
    ids, dates = _rows(page)
    assert ("QCZ-77-301", "ORG_STUDY_ID", "SECONDARY") in ids
    assert dates["STUDY_START"] == (dt.date(2024, 2, 12), "DAY", False)
    assert dates["STUDY_COMPLETION"] == (dt.date(2029, 6, 1), "MONTH", True)
    assert dates["LAST_UPDATE_POSTED"] == (dt.date(2025, 3, 3), "DAY", None)


def test_greek_register_table():
    page = ("ΣΤΟΙΧΕΙΑ ΜΕΛΕΤΗΣ\n\n| Πεδίο | Τιμή |\n|---|---|\n| Κωδικός πρωτοκόλλου | GRX-410-02 |\n"
            "| Ημερομηνία έναρξης (πραγματική) | 02/03/2024 |\n"
            "| Εκτιμώμενη ημερομηνία ολοκλήρωσης κύριου καταληκτικού σημείου | 28/02/2027 |\n"
            "| Προβλεπόμενη ημερομηνία λήξης μελέτης | 31/01/2029 |\n\nΤελευταία ενημέρωση εγγραφής: 14/05/2025\n")
    ids, dates = _rows(page)
    assert ("GRX-410-02", "ORG_STUDY_ID", "SECONDARY") in ids
    assert dates["STUDY_START"] == (dt.date(2024, 3, 2), "DAY", False)
    assert dates["PRIMARY_COMPLETION"] == (dt.date(2027, 2, 28), "DAY", True)
    assert dates["STUDY_COMPLETION"] == (dt.date(2029, 1, 31), "DAY", True)
    assert dates["LAST_UPDATE_POSTED"] == (dt.date(2025, 5, 14), "DAY", None)


def test_hungarian_register_dates_year_first():
    page = ("Engedélyezett klinikai vizsgálatok\n\nProtokollszám\nHUQ-5521\nVizsgálat kezdete (tényleges)\n"
            "2024.09.30.\nTervezett befejezés\n2031. február\n\nAdatlap utolsó módosítása: 2025.01.15.\n")
    ids, dates = _rows(page)
    assert ("HUQ-5521", "ORG_STUDY_ID", "SECONDARY") in ids
    assert dates["STUDY_START"] == (dt.date(2024, 9, 30), "DAY", False)
    assert dates["STUDY_COMPLETION"] == (dt.date(2031, 2, 1), "MONTH", True)
    assert dates["LAST_UPDATE_POSTED"] == (dt.date(2025, 1, 15), "DAY", None)


def test_turkish_register_bracketed_qualifiers():
    page = ("Klinik Araştırma Bilgileri\n\nProtokol Numarası : TRQ-88-12\nÇalışma Başlangıç Tarihi (Gerçekleşen) : "
            "05.06.2024\nBirincil Tamamlanma Tarihi (Tahmini) : 30.11.2026\nBitiş Tarihi (Tahmini) : 31.05.2027\n"
            "Son Güncelleme Tarihi : 02.02.2025\n")
    ids, dates = _rows(page)
    assert ("TRQ-88-12", "ORG_STUDY_ID", "SECONDARY") in ids
    assert dates["STUDY_START"] == (dt.date(2024, 6, 5), "DAY", False)
    assert dates["PRIMARY_COMPLETION"] == (dt.date(2026, 11, 30), "DAY", True)
    assert dates["STUDY_COMPLETION"] == (dt.date(2027, 5, 31), "DAY", True)
    assert dates["LAST_UPDATE_POSTED"] == (dt.date(2025, 2, 2), "DAY", None)


def test_polish_register_qualifier_before_label_and_after_value():
    page = ("Rejestr badań klinicznych\n\nNumer protokołu: PLQ-300-7\nData rozpoczęcia badania: 15 stycznia 2025 "
            "(rzeczywista)\nPrzewidywana data zakończenia badania: 2030-04\nData ostatniej aktualizacji: 2025-06-01\n")
    ids, dates = _rows(page)
    assert ("PLQ-300-7", "ORG_STUDY_ID", "SECONDARY") in ids
    assert dates["STUDY_START"] == (dt.date(2025, 1, 15), "DAY", False)
    assert dates["STUDY_COMPLETION"] == (dt.date(2030, 4, 1), "MONTH", True)
    assert dates["LAST_UPDATE_POSTED"] == (dt.date(2025, 6, 1), "DAY", None)


def test_indonesian_register_labels_alone():
    page = ("Registri Penelitian Klinik\n\nNomor Protokol\nIDQ-09-22\n\nTanggal Mulai Penelitian\n3 Maret 2025\n\n"
            "Perkiraan Tanggal Selesai Studi\nDesember 2028\n\nTerakhir Diperbarui\n20/07/2025\n")
    ids, dates = _rows(page)
    assert ("IDQ-09-22", "ORG_STUDY_ID", "SECONDARY") in ids
    assert dates["STUDY_START"] == (dt.date(2025, 3, 3), "DAY", None)
    assert dates["STUDY_COMPLETION"] == (dt.date(2028, 12, 1), "MONTH", True)
    assert dates["LAST_UPDATE_POSTED"] == (dt.date(2025, 7, 20), "DAY", None)


def test_spanish_regulator_record_and_its_other_protocols():
    page = ("Consulta de protocolos aprobados\n\nCódigo del protocolo: QSP-401\nRegistro en ClinicalTrials.gov: "
            "NCT07990011\nFecha real de inicio: 2 de mayo de 2025\nFecha estimada de finalización: 31 de enero de 2029\n\n"
            "Otros protocolos del mismo patrocinador aprobados en el país:\nQSP-101 (NCT06880022) – Estudio de fase 1\n\n"
            "Fecha de actualización de la información: 9 de julio de 2025\n")
    ids, dates = _rows(page)
    assert ("QSP-401", "ORG_STUDY_ID", "SECONDARY") in ids
    assert ("NCT07990011", "NCT", "PRIMARY") in ids
    assert ("QSP-101", "ORG_STUDY_ID", "RELATED") in ids
    assert ("NCT06880022", "NCT", "RELATED") in ids
    assert dates["STUDY_START"] == (dt.date(2025, 5, 2), "DAY", False)
    assert dates["STUDY_COMPLETION"] == (dt.date(2029, 1, 31), "DAY", True)
    assert dates["LAST_UPDATE_POSTED"] == (dt.date(2025, 7, 9), "DAY", None)


def test_french_news_start_and_planned_end():
    page = ("Actualités\n\nUn nouvel essai\n\nL'essai a débuté en avril 2026 dans douze centres. La fin de l'étude "
            "est prévue pour juin 2031.\n")
    _, dates = _rows(page)
    assert dates["STUDY_START"] == (dt.date(2026, 4, 1), "MONTH", None)
    assert dates["STUDY_COMPLETION"] == (dt.date(2031, 6, 1), "MONTH", True)


def test_german_running_since_and_english_prose_milestones():
    _, dates = _rows("Nachrichten\n\nNeue Studie\n\nDie Studie läuft seit Oktober 2026 an zwölf Zentren.\n")
    assert dates["STUDY_START"] == (dt.date(2026, 10, 1), "MONTH", None)
    _, dates = _rows("News\n\nA new trial\n\nThe trial was initiated in May 2026 at 30 sites. Participants are followed "
                     "until the study ends, which is expected in 2031.\n")
    assert dates["STUDY_START"] == (dt.date(2026, 5, 1), "MONTH", None)
    assert dates["STUDY_COMPLETION"] == (dt.date(2031, 1, 1), "YEAR", True)


def test_news_own_nct_is_the_one_bracketed_after_the_headline_name():
    page = ("Oncology News\n\nAcme Bio Doses First Patient in ORBIT-201 Phase 2 Trial of AB-77\n\n"
            "On May 5, 2026 Acme Bio, a clinical-stage company developing new antibody-drug conjugates for solid "
            "tumors, reported that the first patient has been dosed in ORBIT-201 (NCT07770001), a Phase 2 "
            "trial of AB-77 in patients with HER2-positive tumors.\n\n"
            "Acme's earlier program completed a Phase 1 study (NCT05550002) in 2024.\n")
    ids, _ = _rows(page)
    assert ("NCT07770001", "NCT", "PRIMARY") in ids
    assert ("NCT05550002", "NCT", "RELATED") in ids

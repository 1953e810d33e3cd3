"""Identifiers and milestone dates of blind set 13's kinds of pages (issue 11): hospital and registry
pages in Norwegian, Swedish (Finland), Finnish, Italian, Brazilian Portuguese, Hebrew and Thai (their
date labels, planned/actual words, month names, Buddhist-era years, sponsor-code labels, ethics
numbers that are no identifiers), milestones said in Japanese, Korean, English and French news
prose, sponsor codes named in Korean news, an id label opening a sentence, and a related list's
trial names.

Each page is a few lines written for the test (no copied text); every test names the rows it
expects.
"""
from __future__ import annotations

import datetime as dt

from extract.normalize.dates import parse_date
from test_iddates import _rows


def test_buddhist_era_years_are_gregorian():
    assert parse_date("15 มิถุนายน 2569") == (dt.date(2026, 6, 15), "DAY")
    assert parse_date("2 ก.ย. 2570") == (dt.date(2027, 9, 2), "DAY")  # abbreviated month
    assert parse_date("30/09/2572", dayfirst=True) == (dt.date(2029, 9, 30), "DAY")
    assert parse_date("2569") is None  # a bare year is never moved
    assert parse_date("15 June 2026") == (dt.date(2026, 6, 15), "DAY")  # Gregorian years as they are


def test_month_names_of_the_new_languages():
    assert parse_date("14. oktober 2026") == (dt.date(2026, 10, 14), "DAY")  # Norwegian
    assert parse_date("syyskuuta 2027") == (dt.date(2027, 9, 1), "MONTH")  # Finnish partitive
    assert parse_date("ינואר 2028") == (dt.date(2028, 1, 1), "MONTH")


def test_norwegian_page_with_qualifier_before_label_and_ethics_number():
    page = ("Kliniske studiar\n\nOm studien\nProtokollnummer: NOQ-204-11\nREK-nummer: 2025/55501\n"
            "Studiestart: 14. oktober 2026\nForventa avslutning av studien: mars 2030\n")
    ids, dates = _rows(page)
    assert ("NOQ-204-11", "ORG_STUDY_ID", "SECONDARY") in ids
    assert not any(v.startswith("2025/") for v, *_ in ids)
    assert dates["STUDY_START"] == (dt.date(2026, 10, 14), "DAY", None)
    assert dates["STUDY_COMPLETION"] == (dt.date(2030, 3, 1), "MONTH", True)


def test_swedish_and_finnish_labels():
    page = ("Pågående prövningar\n\nSponsorns prövningskod: SVX-31\nEudraCT-nummer: 2025-004321-17\nStart: 02/2026\n"
            "Beräknat slut: 11/2029\n")
    ids, dates = _rows(page)
    assert ("SVX-31", "ORG_STUDY_ID", "SECONDARY") in ids
    assert ("2025-004321-17", "EUDRACT", "SECONDARY") in ids
    assert dates["STUDY_COMPLETION"] == (dt.date(2029, 11, 1), "MONTH", True)
    page = ("Rekrytoivat tutkimukset\n\nToimeksiantajan tutkimuskoodi: FIQ-88-201\nTutkimus alkoi: 03/2026\n"
            "Arvioitu päättymisaika: 09/2030\nSivua päivitetty 4.5.2026\n")
    ids, dates = _rows(page)
    assert ("FIQ-88-201", "ORG_STUDY_ID", "SECONDARY") in ids
    assert dates["STUDY_START"] == (dt.date(2026, 3, 1), "MONTH", None)
    assert dates["STUDY_COMPLETION"] == (dt.date(2030, 9, 1), "MONTH", True)
    assert "LAST_UPDATE_POSTED" not in dates  # the page's own edit date


def test_italian_labels_scope_bracket_and_issuer_code():
    page = ("Studi attivi\n\nCodice GIM: GIM_ALFA-BR\nInizio dello studio (globale): 10/2025\n"
            "Data prevista di fine studio: 30/06/2029\n")
    ids, dates = _rows(page)
    assert ("GIM_ALFA-BR", "ORG_STUDY_ID", "SECONDARY") in ids
    assert dates["STUDY_START"] == (dt.date(2025, 10, 1), "MONTH", None)
    assert dates["STUDY_COMPLETION"] == (dt.date(2029, 6, 30), "DAY", True)
    ids, _ = _rows("Studio clinico di fase 2 randomizzato (NCT09990009)\n\nCodice fiscale: ABCDEF12G34H567I\n")
    ids.discard(("NCT09990009", "NCT", "PRIMARY"))
    assert not ids


def test_brazilian_portuguese_labels_and_caae():
    page = ("Estudos clínicos\n\nCAAE: 11223344.5.0000.1234\nInício do estudo: agosto de 2026\n"
            "Conclusão primária prevista: fevereiro de 2029\n")
    ids, dates = _rows(page)
    assert not ids
    assert dates["STUDY_START"] == (dt.date(2026, 8, 1), "MONTH", None)
    assert dates["PRIMARY_COMPLETION"] == (dt.date(2029, 2, 1), "MONTH", True)


def test_hebrew_and_thai_sponsor_codes_dates_and_ethics_numbers():
    page = ("פרטי המחקר\nמספר פרוטוקול (נותן החסות): HEQ-310\nמספר אישור ועדת הלסינקי: 0777-25-XYZ\n")
    ids, _ = _rows(page)
    assert ("HEQ-310", "ORG_STUDY_ID", "SECONDARY") in ids
    assert not any(v.startswith("0777") for v, *_ in ids)
    page = ("รายละเอียดโครงการ\nรหัสโครงการของผู้สนับสนุน: THQ-55-02\nเลขที่หนังสือรับรอง (COA): ABC2026/041\n"
            "วันที่เริ่มโครงการ: 15 มิถุนายน 2569\nวันที่คาดว่าจะสิ้นสุดโครงการ: 30 กันยายน 2572\n")
    ids, dates = _rows(page)
    assert ("THQ-55-02", "ORG_STUDY_ID", "SECONDARY") in ids
    assert not any(v.startswith("ABC2026") for v, *_ in ids)
    assert dates["STUDY_START"] == (dt.date(2026, 6, 15), "DAY", None)
    assert dates["STUDY_COMPLETION"] == (dt.date(2029, 9, 30), "DAY", True)


def test_japanese_and_korean_news_milestones_and_korean_protocol_code():
    page = ("ニュース\n\n同社は第3相試験を開始した。試験は2027年1月に開始され、主要完了は2029年6月を見込んでいる。\n")
    _, dates = _rows(page)
    assert dates["STUDY_START"] == (dt.date(2027, 1, 1), "MONTH", None)
    assert dates["PRIMARY_COMPLETION"] == (dt.date(2029, 6, 1), "MONTH", True)
    page = ("뉴스\n\n회사는 임상 2상을 승인받았다. 프로토콜 번호는 KRQ-12-301이다. 회사는 2030년 3월 임상을 종료하는 것을 목표로 하고 있다.\n")
    ids, dates = _rows(page)
    assert ("KRQ-12-301", "ORG_STUDY_ID", "SECONDARY") in ids
    assert dates["STUDY_COMPLETION"] == (dt.date(2030, 3, 1), "MONTH", True)


def test_english_and_french_news_milestones():
    page = ("Quarterly update\n\n- We initiated the study in May 2026. We now expect primary completion in July 2028.\n")
    _, dates = _rows(page)
    assert dates["STUDY_START"] == (dt.date(2026, 5, 1), "MONTH", None)
    assert dates["PRIMARY_COMPLETION"] == (dt.date(2028, 7, 1), "MONTH", True)
    page = ("Actualités\n\nL'essai a débuté en mars 2026 dans douze centres. Il devrait s'achever en octobre 2030.\n")
    _, dates = _rows(page)
    assert dates["STUDY_COMPLETION"] == (dt.date(2030, 10, 1), "MONTH", True)


def test_an_id_label_opening_a_sentence_and_a_related_lists_trial_names():
    page = ("<p>The trial is sponsored by Acme Therapeutics, a biotech company. Study number: ACM-QX-207 | "
            "Registry: NCT09990001</p>\n")
    ids, _ = _rows(page)
    assert ("ACM-QX-207", "ORG_STUDY_ID", "SECONDARY") in ids
    page = ("A phase 2 trial (NCT09990002).\n\nRelated Trials\n  • SEASTAR-1 (NCT09990003) — phase 1\n"
            "  • QRX-402 (NCT09990004) — phase 3\n")
    ids, _ = _rows(page)
    assert not any(v == "SEASTAR-1" for v, *_ in ids)
    assert ("QRX-402", "ORG_STUDY_ID", "RELATED") in ids

"""Identifiers and milestone dates of blind set 11's kinds of pages (issue 11): a run-in
"Trial identifier" line, a PDQ-style "PROTOCOL IDS" list, a Russian permit register's own
number and end date, Japanese registry periods and news periods, German news sentences, a
sentence-initial "Primary completion is expected in", an abstract page's "Similar Papers".

Each page is a few lines written for the test (no copied text); every test names the rows it
expects.
"""
from __future__ import annotations

import datetime as dt

from test_iddates import _rows


def test_run_in_trial_identifier_line_lists_the_sponsor_code():
    page = ("Trials > Breast cancer\n\nA Study of Q-17 in Breast Cancer\n\nPhase phase 2\nTrial size 40 participants\n"
            "Trial identifier NCT07001122, QRX-BC-118\n")
    ids, _ = _rows(page)
    assert ("NCT07001122", "NCT", "PRIMARY") in ids
    assert ("QRX-BC-118", "ORG_STUDY_ID", "SECONDARY") in ids


def test_protocol_ids_list_first_code_is_the_sponsors():
    page = ("Clinical Trials\n\nPHASE II STUDY OF DRUG Q IN WOMEN WITH BREAST CANCER\n"
            "PROTOCOL IDS: HOSP-BR-0999, NCI-G02-1234\nPROJECTED ACCRUAL: 50 patients.\n")
    ids, _ = _rows(page)
    assert ("HOSP-BR-0999", "ORG_STUDY_ID", "SECONDARY") in ids
    assert ("NCI-G02-1234", "OTHER", "SECONDARY") in ids


def test_russian_permit_register_number_and_end_date():
    page = ("Реестр разрешений на проведение клинических исследований\n\n№ РКИ\t731\nДата РКИ\t01.02.2026\n"
            "Номер протокола\tQWE-77-01\nФаза КИ\tII\nДата окончания КИ\t30.06.2029\n")
    ids, dates = _rows(page)
    assert ("731", "OTHER", "SECONDARY") in ids  # "№" reads "No" after NFKC
    assert ("QWE-77-01", "ORG_STUDY_ID", "SECONDARY") in ids
    assert dates == {"STUDY_COMPLETION": (dt.date(2029, 6, 30), "DAY", None)}  # the permit's date is none


def test_japanese_registry_period_label():
    page = "臨床試験情報\n\n試験のフェーズ\n第II相\n\n試験実施期間\n2027年2月　〜　2029年11月\n\n目標症例数\n40\n"
    _, dates = _rows(page)
    assert dates["STUDY_START"] == (dt.date(2027, 2, 1), "MONTH", None)
    assert dates["STUDY_COMPLETION"] == (dt.date(2029, 11, 1), "MONTH", None)


def test_japanese_news_period_planned_end():
    page = ("医療ニュース\n\n第II相試験が始動\n\n　単群の第II相試験である。予定登録数は30例、試験期間は2027年5月から"
            "2030年1月までとなっている。\n")
    _, dates = _rows(page)
    assert dates["STUDY_START"] == (dt.date(2027, 5, 1), "MONTH", None)
    assert dates["STUDY_COMPLETION"] == (dt.date(2030, 1, 1), "MONTH", True)


def test_japanese_period_without_plan_wording_gives_no_end():
    page = "医療ニュース\n\n第II相試験\n\n　試験期間は2027年5月から2030年1月まで延長された。\n"
    _, dates = _rows(page)
    assert "STUDY_COMPLETION" not in dates
    assert dates["STUDY_START"][0] == dt.date(2027, 5, 1)


def test_german_news_start_and_planned_end():
    page = ("Gesundheit\n\nNeue Brustkrebs-Studie\n\nDie Studie der Phase II hat im April 2027 begonnen und soll "
            "bis Ende 2032 laufen. Insgesamt sollen 300 Patientinnen aufgenommen werden.\n")
    _, dates = _rows(page)
    assert dates["STUDY_START"] == (dt.date(2027, 4, 1), "MONTH", None)
    assert dates["STUDY_COMPLETION"] == (dt.date(2032, 1, 1), "YEAR", True)


def test_german_present_tense_start_and_runs_until():
    page = ("Gesundheit\n\nNeue Studie der Phase III\n\nDie Studie beginnt im Juni 2027 und läuft voraussichtlich "
            "bis Dezember 2030.\n")
    _, dates = _rows(page)
    assert dates["STUDY_START"] == (dt.date(2027, 6, 1), "MONTH", None)
    assert dates["STUDY_COMPLETION"] == (dt.date(2030, 12, 1), "MONTH", True)


def test_sentence_initial_primary_completion():
    page = ("Press release\n\nA Phase 3 trial of QX-9 (NCT07223344) is randomized. The primary endpoint is overall "
            "survival. Primary completion is expected in March 2029.\n")
    _, dates = _rows(page)
    assert dates["PRIMARY_COMPLETION"] == (dt.date(2029, 3, 1), "MONTH", True)


def test_similar_papers_list_is_related():
    page = ("Paper\n\nInitial results of a phase 1 study of QX-1 in solid tumors.\n\nAbstract\n"
            "Methods: an open-label phase 1 study. Clinical trial information: NCT07334455.\n\nSimilar Papers\n"
            "- A phase 1b study of another drug ... Clinical trial information: NCT07998877.  Journal, 2025\n")
    ids, _ = _rows(page)
    assert ("NCT07334455", "NCT", "PRIMARY") in ids
    assert ("NCT07998877", "NCT", "RELATED") in ids


def test_japanese_news_period_said_planned_whole():
    page = "医療ニュース\n\n第III相試験\n\n　登録予定数は80人。試験期間は2027年7月から2031年6月までの予定だ。\n"
    _, dates = _rows(page)
    assert dates["STUDY_START"] == (dt.date(2027, 7, 1), "MONTH", True)
    assert dates["STUDY_COMPLETION"] == (dt.date(2031, 6, 1), "MONTH", True)


def test_bilingual_label_cjk_half_says_planned():
    page = ("臨床試験登録\n\n試験ID/Study ID\nUMIN000099999\n\nフォロー終了(予定)日/Last follow-up date\n"
            "2030\t年\t03\t月\t31\t日\n")
    _, dates = _rows(page)
    assert dates["STUDY_COMPLETION"] == (dt.date(2030, 3, 31), "DAY", True)

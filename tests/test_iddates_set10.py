"""Identifiers and milestone dates of blind set 10's kinds of pages (issue 11): sponsor codes
labelled in other languages or named in running text, other registries' shapes, IRB numbers,
planned periods at month precision, "Planned:"/"Actual:" sub-lines, prose completion dates.

Each page is a few lines written for the test (no copied text); every test names the rows it
expects.
"""
from __future__ import annotations

import datetime as dt

import pytest

from extract.normalize.dates import DATE_RE, parse_date
from test_iddates import _rows


@pytest.mark.parametrize("surface,expected", [
    ("2025/03", (dt.date(2025, 3, 1), "MONTH")),
    ("2027/12", (dt.date(2027, 12, 1), "MONTH")),
])
def test_year_slash_month(surface, expected):
    m = DATE_RE.search(surface)
    assert m and m.group(0) == surface
    assert parse_date(surface) == expected


def test_year_slash_two_digits_is_no_month():
    assert DATE_RE.search("2024/25").group(0) == "2024"  # an academic year: its first year only


def test_labels_in_other_languages():
    page = ("Реєстр\n\nКод КВ\nQRT55-GC-202\nОрієнтовна дата початку КВ в Україні\n05.04.2027\n"
            "Інформація надається заявником. Дата оновлення запису: 02.02.2027\n")
    ids, dates = _rows(page)
    assert ("QRT55-GC-202", "ORG_STUDY_ID", "SECONDARY") in ids
    assert dates["STUDY_START"] == (dt.date(2027, 4, 5), "DAY", True)
    assert dates["LAST_UPDATE_POSTED"][0] == dt.date(2027, 2, 2)


def test_planned_period_at_month_precision():
    page = "試驗詳細資料\n\n計畫編號\nPQ7712-P301\n預計試驗期間\n2026/05 ~ 2028/11\n資料更新日期\n2026/01/15\n"
    ids, dates = _rows(page)
    assert ("PQ7712-P301", "ORG_STUDY_ID", "SECONDARY") in ids
    assert dates["STUDY_START"] == (dt.date(2026, 5, 1), "MONTH", True)
    assert dates["STUDY_COMPLETION"] == (dt.date(2028, 11, 1), "MONTH", True)
    assert dates["LAST_UPDATE_POSTED"][0] == dt.date(2026, 1, 15)


def test_planned_and_actual_sub_lines_actual_wins():
    page = ("Register > Study details\n\nRegister number\nEUPAS77001\n\nStudy timelines\nStudy start date\n"
            "Planned: 01/02/2023\nActual: 20/03/2023\nEnd date of data collection\nPlanned: 30/11/2025\n"
            "Actual: 15/12/2025\nDate of final study report\nPlanned: 30/06/2026\n")
    ids, dates = _rows(page)
    assert ("EUPAS77001", "OTHER", "SECONDARY") in ids
    assert dates["STUDY_START"] == (dt.date(2023, 3, 20), "DAY", False)
    assert dates["STUDY_COMPLETION"] == (dt.date(2025, 12, 15), "DAY", False)


def test_codes_named_in_running_text():
    page = ("Company news\n\nThe trial is registered as ISRCTN11223344 (sponsor protocol number "
            "LMN-BR-0711). It is expected to run until 2031.\n")
    ids, dates = _rows(page)
    assert ("LMN-BR-0711", "ORG_STUDY_ID", "SECONDARY") in ids
    assert dates["STUDY_COMPLETION"] == (dt.date(2031, 1, 1), "YEAR", True)


def test_code_bracketed_with_nct_names_the_own_trial():
    # (an NCT ID in a page's first lines would be its own: the filing's cover page comes first)
    page = ("Annual report\n\n" + "Item 1. Business. We develop antibodies for solid tumours. " * 8 + "\n\nEarlier trial. In our phase 1 trial (NCT01234567) we chose a dose.\n\n"
            "Pivotal trial. ORCA-3 (Protocol ORC210-301; NCT07654321) is a randomized phase 3 trial.\n")
    ids, _ = _rows(page)
    assert ("NCT07654321", "NCT", "PRIMARY") in ids
    assert ("NCT01234567", "NCT", "RELATED") in ids
    assert ("ORC210-301", "ORG_STUDY_ID", "SECONDARY") in ids


def test_irb_number_is_no_identifier():
    page = "Clinical trial\n\nClinicalTrials.gov: NCT07111222\nSponsor protocol: QPR-CRC-201\nIRB: STU-2027-0101\n"
    ids, _ = _rows(page)
    assert ids == {("NCT07111222", "NCT", "PRIMARY"), ("QPR-CRC-201", "ORG_STUDY_ID", "SECONDARY")}


def test_unlabelled_code_under_the_nct_chip():
    page = "SPONSOR\nStudy details\n\nBreast Cancer\n\nRecruiting\n\nNCT07999001\n\nCQRT441B12301\n\nStudy Start: Jan 5, 2027\n"
    ids, _ = _rows(page)
    assert ("CQRT441B12301", "ORG_STUDY_ID", "SECONDARY") in ids


def test_numeric_study_id_of_a_portfolio():
    page = "Study entry\n\nStudy ID: 70312\nShort Title: SAMPLE-1\nPhase: II\n"
    ids, _ = _rows(page)
    assert ("70312", "OTHER", "SECONDARY") in ids

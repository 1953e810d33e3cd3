"""The trial's title and fields on pages of the kinds blind set 11 missed (issue 11), each on a few
lines written for the test with invented names: news headlines in several languages that give way
to the name the page gives its trial, an article's title that ends with the trial's name, a
category tag and a badge that are not part of a title, a Russian register's protocol-title label;
status, enrollment, sex and phase words in Korean, Japanese, German and PDQ-style prose."""
from __future__ import annotations

import pytest

from test_trial_fields import trial_row


@pytest.mark.parametrize("page, title", [
    # an English headline "gets <agency> nod" names a drug's code and a design: the trial's name below wins
    ("Acme Pharma News\n\nZorbio Gets NMPA Nod for Phase II Trial of ZB-901 in Gastric Cancer\n\n"
     "Posted on 2026-01-02 by Editor\n\nZorbio has announced approval to start a phase II study of ZB-901. "
     "The study, named ZORBA-GC, will enroll 80 patients.\n", "ZORBA-GC"),
    # a Korean news headline (approval) and the name before "연구" in the body
    ("의학신문\n\n조르바바이오, HER2 저발현 유방암 ADC 2상 임상 승인\n\n"
     "이번 임상(ZORBA-L 연구)은 HER2 저발현 유방암 환자를 대상으로 한다.\n", "ZORBA-L"),
    # a Japanese headline whose trial "starts"; the name glued to 試験
    ("医療ニュース\n\nHER2陽性胃癌に対する術前ZB-12療法、第II相医師主導治験が始動\nZORBA-NEO試験、国内10施設で患者登録中\n\n"
     " 研究グループは第II相医師主導治験「ZORBA-NEO試験」を開始した。\n", "ZORBA-NEO"),
    # a German lay article: a question headline, a section heading with "Studie", the name glued to "-Studie"
    ("Zeitung Acme\n\nWeniger Therapie? Kliniken beteiligen sich an großer Studie\n\n"
     "Die ZORBA-HER2-Studie soll klären, ob eine kürzere Behandlung reicht.\n\nSo läuft die Studie ab\n"
     "Alle Teilnehmerinnen bekommen Zorbatinib.\n", "ZORBA-HER2"),
    # a meeting abstract's title that reports a named trial's results at its end
    ("Paper Finder\n\nFirst-in-human phase 1 study of ZB-5, an antibody-drug conjugate, in patients with advanced "
     "solid tumors: Initial results from ZORBA-1.\nJournal of Acme Oncology | Meeting Abstract\n\n"
     "Background: ZB-5 is an ADC.\n", "ZORBA-1"),
    # a hospital page's category tag in brackets before a Korean title
    ("아크메병원 임상시험센터\n\n[유방암] HER2 양성 유방암 환자에서 조르바티닙의 무작위배정 제3상 임상시험 (ZORBA 301)\n\n"
     "모집상태 | 모집중\n", "HER2 양성 유방암 환자에서 조르바티닙의 무작위배정 제3상 임상시험 (ZORBA 301)"),
    # a PDQ-style listing: a status badge in mixed case after a title in capitals
    ("Acme Cancer Update\n\nPHASE II STUDY OF WEEKLY ZORBATINIB IN WOMEN WITH METASTATIC BREAST CANCER Open Protocol\n"
     "PROTOCOL IDS: ZB-0114\n", "PHASE II STUDY OF WEEKLY ZORBATINIB IN WOMEN WITH METASTATIC BREAST CANCER"),
    # a Russian permit register: the protocol's title under its label, the page's heading above it
    ("Реестр РКИ > Разрешение\n\nСведения о выданном разрешении на проведение клинического исследования\n\n"
     "Название протокола КИ\tРандомизированное исследование III фазы препарата ZB-7 у пациентов с раком\n"
     "Номер протокола\tZB7-03\n", "Рандомизированное исследование III фазы препарата ZB-7 у пациентов с раком"),
])
def test_title_of_set11_kinds(page, title):
    assert trial_row(page)["title"] == title


def test_a_code_in_brackets_and_a_title_case_heading_stay_whole():
    # a code in brackets at the start is no category tag; a heading in mixed case keeps its last words
    assert trial_row("Acme Trials\n\n[ZB-301] A Phase 3 Study of Zorbatinib in Breast Cancer\n")["title"] == \
        "[ZB-301] A Phase 3 Study of Zorbatinib in Breast Cancer"
    assert trial_row("Acme Trials\n\nA Phase 3 Study of Zorbatinib in Breast Cancer Open Protocol\n")["title"] == \
        "A Phase 3 Study of Zorbatinib in Breast Cancer Open Protocol"


@pytest.mark.parametrize("page, field, value", [
    # Korean news: a phase without 제, a plan word (목표) and women with the count
    ("조르바바이오, 유방암 ADC 2상 임상 승인\n'ZB-2' 국내 12개 기관서 120명 등록 목표\n", "phases", ["PHASE2"]),
    ("조르바바이오, 유방암 ADC 임상 승인\n'ZB-2' 국내 12개 기관서 120명 등록 목표\n", "enrollment_type", "ESTIMATED"),
    ("회사는 국내 기관에서 만 19세 이상 성인 여성 환자 약 120명을 등록할 계획이다.\n", "sex", "FEMALE"),
    # Korean university news: N patients "을 대상으로 ... 진행했다" took part
    ("연구팀은 국내 6개 병원에서 위암 환자 48명을 대상으로 ZORBA-G 연구(2상 임상)를 진행했다.\n", "enrollment", 48),
    ("연구팀은 국내 6개 병원에서 위암 환자 48명을 대상으로 ZORBA-G 연구(2상 임상)를 진행했다.\n", "enrollment_type", "ACTUAL"),
    # a Korean hospital card's sex label
    ("임상시험 단계 | 제3상\n대상자 성별 | 여성\n", "sex", "FEMALE"),
    # Japanese news: patients being enrolled now
    ("現在、国内14施設で患者登録中だ。\n", "overall_status", "RECRUITING"),
    # German list item with an en dash
    ("Wer kann teilnehmen?\n– Frauen und Männer ab 18 Jahren\n– HER2-low\n", "sex", "ALL"),
    # a German card: the planned figure on the line below its label, with notes in brackets
    ("Geplante Fallzahl\n220 Patientinnen und Patienten (gesamt, ca. 45 Zentren in Deutschland und Österreich)\n\n"
     "Studienbeginn\n01.01.2026\n", "enrollment", 220),
    # a one-space label with a figure and its noun
    ("Phase phase 2\nSponsor Acme Bio\nTrial size 86 participants\nTrial identifier NCT09999991\n", "enrollment", 86),
    # PDQ-style: accrued in future and an "Open Protocol" badge
    ("PROJECTED ACCRUAL: A total of 64 patients will be accrued for this study within 20 months.\n",
     "enrollment_type", "ESTIMATED"),
    ("PHASE II STUDY OF ZORBATINIB IN WOMEN WITH BREAST CANCER Open Protocol\nPROTOCOL IDS: ZB-1\n",
     "overall_status", "RECRUITING"),
])
def test_fields_of_set11_kinds(page, field, value):
    assert trial_row(page)[field] == value


def test_words_that_are_no_field_value():
    # "open protocol" in a sentence is no status badge
    assert trial_row("This is an open protocol for patients.\n")["overall_status"] is None
    # "임신 또는 수유 중인 여성" (an exclusion) says nothing about the trial's sex
    assert trial_row("제외 기준\n1. 임신 또는 수유 중인 여성\n")["sex"] is None
    # a count of sites after "gesamt" is not the enrollment
    assert trial_row("Geplante Fallzahl\n300 (gesamt, 12 Zentren)\n")["enrollment"] == 300


def test_ages_and_ids_of_set11_kinds():
    # a Japanese range "20歳以上75歳以下"; "participants at least 18 years old"
    row = trial_row("■主な選択基準\n・登録時の年齢が20歳以上75歳以下\n")
    assert (row["min_age_years"], row["max_age_years"]) == (20.0, 75.0)
    assert trial_row("Eligibility Criteria\n\nMale or female participants at least 18 years old.\n")["min_age_years"] == 18.0
    # an abstract's own registry number; the ones under "Similar Papers" are related
    row = trial_row("Abstract\nConclusions: ZB-5 was tolerable. Clinical trial information: NCT09999994.\n\nSimilar Papers\n"
                    "- Phase 1b study of ZB-6 ... Clinical trial information: NCT09999995.\n")
    assert row["nct_id"] == "NCT09999994"


def test_a_korean_study_name_label():
    page = "임상시험 정보\n[임상시험 모집] 위암 2차 치료 - 조르바티닙 제2상\n\n■ 연구명: 위암 환자에서 조르바티닙의 유효성을 평가하는 제2상 임상시험\n■ 모집 상태: 모집중\n"
    assert trial_row(page)["title"] == "위암 환자에서 조르바티닙의 유효성을 평가하는 제2상 임상시험"


def test_a_heading_with_a_byline_below_is_a_headline():
    body = "The study, named ZORBA-9, will enroll 80 patients.\n"
    # no news verb, a design and a drug's code: the byline or dateline below makes it a headline
    for byline in ("Posted on 2026-01-02 by Editor", "By Jane Roe", "2026/06/18", "15.10.2026, 06:00 Uhr"):
        page = f"Acme News\n\nPhase II Trial of ZB-9 in Gastric Cancer Cleared in China\n\n{byline}\n\n{body}"
        assert trial_row(page)["title"] == "ZORBA-9", byline
    # a study's page without one keeps its heading as the title
    page = f"Acme Cancer Centre\n\nPhase II Trial of ZB-9 in Gastric Cancer\n\nStatus: Recruiting\n\n{body}"
    assert trial_row(page)["title"] == "Phase II Trial of ZB-9 in Gastric Cancer"

"""Doses, issue 11 (blind set 10): one test per mechanism, on invented pages run through the
whole pipeline (headings, sections and the doses component)."""
from __future__ import annotations

import pytest

from extract.pipeline import process


def doses(text: str) -> list[dict]:
    return [f.attrs for f in process(text).facts if f.kind == "dose"]


def find(rs: list[dict], low: float, unit: str, **want) -> dict:
    """The row of dose ``low`` ``unit`` (the one of the wanted context and intervention, when
    several), checked against every wanted attribute."""
    hits = [r for r in rs if r["dose_low"] == low and r["unit"] == unit
            and all(r[k] == v for k, v in want.items() if k in ("context", "intervention"))]
    assert hits, (low, unit, want, rs)
    for k, v in want.items():
        assert hits[0][k] == v, (k, v, hits[0])
    return hits[0]


TITLE = "A Phase 2 Study of Testumab in HER2-low Breast Cancer\n\n"


def test_korean_groups_routes_schedules_and_stems():
    text = TITLE + (
        "참여 대상\n성별\n여성\n\n"
        "투여 방법\n"
        "시험군: QX-5120 5.4 mg/kg을 3주마다 1회 정맥 투여\n"
        "대조군:\n"
        "- 카페시타빈 1,000 mg/m2 1일 2회 경구 투여(1~14일), 21일 주기\n"
        "- 파클리탁셀 80 mg/m2 주 1회 정맥 투여\n"
        "- 옥살리플라틴은 130 mg/m2를 3주 간격으로 정맥 투여\n\n"
        "주요 선정기준\n1. 만 19세 이상의 여성\n")
    rs = doses(text)
    find(rs, 5.4, "mg/kg", intervention="QX-5120", route="IV", interval_days=21.0, context="시험군")
    find(rs, 1000.0, "mg/m2", intervention="카페시타빈", route="PO", interval_days=0.5, context="대조군")
    find(rs, 80.0, "mg/m2", intervention="파클리탁셀", route="IV", interval_days=7.0)
    find(rs, 130.0, "mg/m2", intervention="옥살리플라틴", route="IV", interval_days=21.0)


def test_traditional_chinese_groups_labels_and_strength():
    text = TITLE + (
        "排除標準\n1. 妊娠期或哺乳期女性。\n"
        "4、試驗分組\n"
        "試驗組\n"
        "注射用QX-H214:凍乾粉針;規格100 mg/瓶;靜脈滴注,每次6.0 mg/kg,每3週一次。\n"
        "卡培他濱片:口服,每次1000 mg/m2,每日兩次,第1-14天,每21天為一個週期。\n"
        "對照組\n"
        "注射用曲妥珠單抗:靜脈滴注,首劑8 mg/kg,之後每次6 mg/kg,每3週一次。\n")
    rs = doses(text)
    assert not [r for r in rs if r["dose_low"] == 100.0], rs  # 規格: the vial's strength
    find(rs, 6.0, "mg/kg", intervention="QX-H214", route="IV", interval_days=21.0, context="試驗組")
    find(rs, 1000.0, "mg/m2", intervention="卡培他濱", route="PO", interval_days=0.5, context="試驗組")
    find(rs, 8.0, "mg/kg", intervention="曲妥珠單抗", route="IV", interval_days=None, context="對照組")
    find(rs, 6.0, "mg/kg", intervention="曲妥珠單抗", interval_days=21.0, context="對照組")


def test_chinese_product_form_is_a_strength_and_daily_oral_once():
    text = TITLE + (
        "試驗藥品\nQX-8826 膜衣錠 40 mg\n\n"
        "治疗方案\n世代1:QX-8826 每日口服一次,每次 120 mg。\n")
    rs = doses(text)
    assert not [r for r in rs if r["dose_low"] == 40.0], rs
    find(rs, 120.0, "mg", route="PO", interval_days=1.0)


def test_ukrainian_groups_schedules_and_conjunction():
    text = TITLE + (
        "Схема лікування\n"
        "Група А: QX-217 6,4 мг/кг внутрішньовенно (в/в) 1 раз на 3 тижні.\n"
        "Група Б: рамуцирумаб 8 мг/кг в/в у дні 1 і 15 та паклітаксел 80 мг/м2 в/в у дні 1, 8 і 15; "
        "тривалість циклу – 28 днів.\n")
    rs = doses(text)
    find(rs, 6.4, "mg/kg", route="IV", interval_days=21.0, context="Група А")
    find(rs, 80.0, "mg/m2", intervention="паклітаксел", interval_days=28.0, context="Група Б")


def test_arm_label_ends_at_a_dash_before_lower_case_and_parenthesized_alternative():
    text = TITLE + (
        "Treatment Groups\n"
        "Experimental: Fooinib - fooinib 120 mg taken by mouth once daily, in continuous 21-day cycles.\n"
        "Active Comparator: Chemotherapy - pemetrexed 500 mg/m2 IV plus carboplatin AUC 5 IV "
        "(or cisplatin 75 mg/m2 IV) on Day 1 every 3 weeks.\n")
    rs = doses(text)
    find(rs, 120.0, "mg", intervention="fooinib", route="PO", interval_days=1.0, context="Fooinib")
    find(rs, 500.0, "mg/m2", intervention="pemetrexed", interval_days=21.0, context="Chemotherapy")
    find(rs, 5.0, "AUC", intervention="carboplatin", interval_days=21.0, context="Chemotherapy")


def test_list_intro_is_its_paragraphs_last_sentence():
    text = TITLE + (
        "Overview\n\n"
        "QX-GEA3 is a global, randomized Phase 3 trial in patients with previously untreated disease. "
        "Eligible patients had HER2-positive disease. Patients were randomized 1:1 to one of two arms:\n\n"
        "• Arm A: zolamig 30 mg/kg administered intravenously on Day 1 of each 21-day cycle; or\n\n"
        "• Arm B: trastuzumab administered intravenously as an 8 mg/kg loading dose on Cycle 1 Day 1, "
        "followed by 6 mg/kg every three weeks.\n")
    rs = doses(text)
    find(rs, 30.0, "mg/kg", route="IV", interval_days=21.0, context="Arm A")
    find(rs, 6.0, "mg/kg", intervention="trastuzumab", interval_days=21.0, context="Arm B")


def test_subject_cue_keeps_its_parenthesis_and_same_dose_under_two_arms():
    text = TITLE + (
        "News\n\n"
        "  • Part A (dose escalation) will use six dose levels of QX-352 given intravenously once every 3 weeks: "
        "dose level 1, 0.8 mg/kg; dose level 2, 1.6 mg/kg; and dose level 3, 3.2 mg/kg\n"
        "  • In line with guidance, Part B will randomize patients between two doses, 1.6 mg/kg (Arm B1) "
        "and 3.2 mg/kg (Arm B2), both intravenously every 3 weeks\n")
    rs = doses(text)
    find(rs, 0.8, "mg/kg", context="Part A (dose escalation)", dose_level=1)
    find(rs, 3.2, "mg/kg", context="Part A (dose escalation)", dose_level=3)
    find(rs, 3.2, "mg/kg", context="Arm B2", interval_days=21.0)


def test_table_header_is_no_label_and_colon_line_sets_context():
    text = TITLE + (
        "Treatment Plan\n"
        "Part A (Dose Escalation) - QX-3318 given as an intravenous infusion on Day 1 of each 21-day cycle:\n"
        "Dose Level | QX-3318 Dose | Route / Schedule\n"
        "DL1 | 1.2 mg/kg | IV, Q3W\n"
        "DL2 | 2.4 mg/kg | IV, Q3W\n"
        "Part B (Dose Expansion) - all cohorts receive QX-3318 at the RP2D of 2.4 mg/kg IV every 3 weeks:\n"
        "Cohort | Tumor Type\n"
        "B1 | Breast cancer\n\n"
        "Key Eligibility\nInclusion\n- Age 18 years or older\n")
    rs = doses(text)
    find(rs, 1.2, "mg/kg", context="Part A (Dose Escalation)", dose_level=1)
    find(rs, 2.4, "mg/kg", context="Part A (Dose Escalation)", dose_level=2)
    find(rs, 2.4, "mg/kg", context="Part B (Dose Expansion)")


def test_two_space_prose_and_sentence_case_heading_give_no_context():
    text = TITLE + (
        "My story\n\nI joined the trial last spring.  It changed my year.\n\n"
        "My treatment schedule\n\n"
        "Every three weeks I went in for an infusion day.  QX-A55 is given at 600 mg through an IV every "
        "three weeks.  The capecitabine pills were 1,000 mg/m2 by mouth twice a day.\n")
    rs = doses(text)
    find(rs, 600.0, "mg", context=None)
    find(rs, 1000.0, "mg/m2", context=None, route="PO")


def test_japanese_sentence_line_is_no_label_and_phase_part_cue():
    text = TITLE + (
        "介入の内容\n"
        "第I相部分(用量漸増):QX-1102を3週間ごとに点滴静注する。\n"
        " 用量レベル1:3.2 mg/kg\n"
        " 用量レベル2:4.4 mg/kg\n")
    rs = doses(text)
    find(rs, 3.2, "mg/kg", route="IV", interval_days=21.0, dose_level=1, context="第I相部分(用量漸増)")


def test_route_after_a_name_written_after_the_previous_dose():
    text = TITLE + (
        "Summary: Patients take fooinib 300 mg by mouth twice daily and receive trastuzumab by vein "
        "(8 mg/kg the first time, then 6 mg/kg every three weeks).\n")
    rs = doses(text)
    find(rs, 6.0, "mg/kg", intervention="trastuzumab", route="IV", interval_days=21.0)


def test_name_after_a_conjunction_set_off_by_a_comma():
    text = TITLE + (
        "Results\n\n- 204 people received the chemotherapy their doctor chose: capecitabine pills, 1,000 mg/m2 "
        "twice a day on days 1 to 14 of each 21-day cycle, or eribulin, 1.4 mg/m2 IV on days 1 and 8 of each "
        "21-day cycle.\n")
    rs = doses(text)
    find(rs, 1.4, "mg/m2", intervention="eribulin", route="IV")


def test_drug_list_then_text_and_names_without_their_form():
    text = TITLE + (
        "Intervention\n"
        "Drug: QX-1190 tablets\n"
        "Drug: Trastuzumab for intravenous infusion\n"
        "Part A (dose escalation): QX-1190 is taken orally once daily at Dose Level 1: 200 mg or Dose Level 2: "
        "300 mg, together with trastuzumab 8 mg/kg IV on Cycle 1 Day 1 followed by 6 mg/kg IV every 3 weeks.\n")
    rs = doses(text)
    find(rs, 300.0, "mg", intervention="QX-1190", route="PO")
    find(rs, 6.0, "mg/kg", intervention="Trastuzumab", route="IV", interval_days=21.0)


def test_route_bound_to_the_last_dose_by_as_a():
    text = TITLE + (
        "Therapie\n"
        "Alle Patienten erhalten FLOT (Docetaxel 50 mg/m2, Oxaliplatin 85 mg/m2, Leucovorin 200 mg/m2 und "
        "5-FU 2600 mg/m2 als 24-Stunden-Infusion, jeweils an Tag 1 alle 14 Tage).\n")
    rs = doses(text)
    find(rs, 50.0, "mg/m2", route=None, interval_days=14.0)
    find(rs, 200.0, "mg/m2", route=None, interval_days=14.0)
    find(rs, 2600.0, "mg/m2", route="IV", interval_days=14.0)
    # a word for all of them keeps the route shared
    rs = doses(TITLE + "Treatment\n- Group B: rituximab 375 mg/m2, gemcitabine 1000 mg/m2 and oxaliplatin 100 mg/m2, "
                       "all as a drip every 2 weeks.\n")
    find(rs, 375.0, "mg/m2", route="IV", interval_days=14.0)


@pytest.mark.parametrize("phrase,days", [("eens per 3 weken", 21.0)])
def test_dutch_once_per_weeks(phrase, days):
    text = TITLE + f"Behandeling\nArm A: QX-311 20 mg/kg intraveneus (IV) {phrase}, 4 cycli.\n"
    find(doses(text), 20.0, "mg/kg", interval_days=days)


def test_adc_name_with_a_spanish_accent():
    text = TITLE + ("Resumen\n\nTodos los pacientes recibirán tucatinib 300 mg por vía oral dos veces al día, junto con "
                    "trastuzumab deruxtecán a dosis de 5,4 mg/kg por vía intravenosa cada tres semanas.\n")
    find(doses(text), 5.4, "mg/kg", intervention="trastuzumab deruxtecán", route="IV")


def test_korean_words_before_a_dose_are_no_name_without_a_drug_form():
    text = TITLE + ("투여 방법\n시험군: 트라스투주맙은 첫 투여 시 부하용량 8 mg/kg, 이후 3주 간격으로 6 mg/kg을 정맥 투여\n")
    rs = doses(text)
    find(rs, 8.0, "mg/kg", intervention="트라스투주맙", route="IV", interval_days=None)
    find(rs, 6.0, "mg/kg", intervention="트라스투주맙", route="IV", interval_days=21.0)

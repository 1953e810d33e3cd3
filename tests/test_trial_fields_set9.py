"""Trial-level fields of blind set 9's kinds of page (issue 11), each on a few lines written for
the test: statements in forum posts, patient blogs, news and abstracts (also broken by a
hard-wrapped paragraph's line width), and registry-card labels in Russian, Persian,
Vietnamese, Danish, Italian and Dutch."""
from __future__ import annotations

import pytest

from extract.pageindex import unwrapped
from test_trial_fields import trial_row


def test_unwrapped_joins_only_the_breaks_inside_a_long_wrapped_paragraph():
    para = "The sponsor of this made-up trial says that roughly 350 volunteers will\ntake part in it.\n"
    flat = unwrapped(para)
    assert len(flat) == len(para) and flat.count("\n") == 1 and "will take part" in flat
    short = "Status:\nrecruiting\nShort line\nnext\n"
    assert unwrapped(short) is short  # short lines, or a label ending in ":", stay lines


@pytest.mark.parametrize("page, expected", [
    # a statement broken by the line width of a hard-wrapped post
    ("I read the leaflet for this invented study twice and it says about 350 women around the globe will\n"
     "take part, and my oncologist told me last week at the clinic that it is still\nrecruiting in our city.\n",
     {"enrollment": 350, "enrollment_type": "ESTIMATED", "overall_status": "RECRUITING"}),
    ("Our nurse explained that the made-up trial behind this leaflet has a simple plan. There will be about\n"
     "75 participants in total.\n", {"enrollment": 75, "enrollment_type": "ESTIMATED"}),
    ("They want about 64 patients overall.\n", {"enrollment": 64, "enrollment_type": "ESTIMATED"}),
    ("The planned sample size is 96 patients.\n", {"enrollment": 96, "enrollment_type": "ESTIMATED"}),
    ("Recruitment to the second cohort is ongoing.\n", {"overall_status": "RECRUITING"}),
    ("Last I heard 88 people enrolled in all.\n", {"enrollment": 88, "enrollment_type": "ACTUAL"}),
    ("It enrolled 140 patients at 12 centres.\n", {"enrollment": 140, "enrollment_type": "ACTUAL"}),
    ("The study stopped taking new patients in May.\n", {"overall_status": "ACTIVE_NOT_RECRUITING"}),
    ("The trial finished in May 2025.\n", {"overall_status": "COMPLETED"}),
    ("This is an open-label, interventional phase II trial.\n", {"study_type": "INTERVENTIONAL"}),
    ("Eligible: women aged 20-60 years with early disease.\n", {"sex": "FEMALE"}),
    ("Eligible: men and women aged 20-60 years.\n", {"sex": "ALL"}),
    ("NOW ENROLLING - Healthy Men Aged 21 to 50\n", {"sex": "MALE"}),
    ("Pazienti di entrambi i sessi.\n", {"sex": "ALL"}),
    ("Patiënten (mannen en vrouwen) vanaf 18 jaar.\n", {"sex": "ALL"}),
    ("计划入组90例, 入组仍在进行中。\n", {"enrollment": 90, "enrollment_type": "ESTIMATED", "overall_status": "RECRUITING"}),
    ("结果 共入组33例患者。\n", {"enrollment": 33, "enrollment_type": "ACTUAL"}),
    ("O hospital busca voluntárias. O estudo prevê a inclusão de 150 mulheres com mais de 21 anos.\n",
     {"overall_status": "RECRUITING", "enrollment": 150, "enrollment_type": "ESTIMATED", "sex": "FEMALE",
      "min_age_years": 21.0}),
    ("Du skal være fyldt 21 år.\n", {"min_age_years": 21.0}),
    ("Pazienti con età ≥ 21 anni e ≤ 75 anni.\n", {"min_age_years": 21.0, "max_age_years": 75.0}),
    ("Adults ≥ 21 years.\n", {"min_age_years": 21.0, "max_age_years": None}),
])
def test_statements_of_set_9(page, expected):
    row = trial_row(page)
    assert {k: row[k] for k in expected} == expected


@pytest.mark.parametrize("page, expected", [
    ("Фаза: III\nТип исследования: наблюдательное\nСтатус: Идёт набор\nПланируемое число участников: 45\n"
     "Возраст: от 21 года\nПол: мужчины\nЗдоровые добровольцы: нет\n",
     {"phases": ["PHASE3"], "study_type": "OBSERVATIONAL", "overall_status": "RECRUITING", "enrollment": 45,
      "enrollment_type": "ESTIMATED", "min_age_years": 21.0, "sex": "MALE", "healthy_volunteers": False}),
    ("نوع مطالعه: مداخله‌ای\nفاز مطالعه: فاز III\nوضعیت: در حال جذب بیمار\nحجم نمونه پیشبینیشده: 44 نفر\n"
     "جنس: مرد\nگروه سنی: 20 تا 60 سال\n",
     {"study_type": "INTERVENTIONAL", "phases": ["PHASE3"], "overall_status": "RECRUITING", "enrollment": 44,
      "enrollment_type": "ESTIMATED", "sex": "MALE", "min_age_years": 20.0, "max_age_years": 60.0}),
    ("Giai đoạn: Pha 2\nLoại nghiên cứu: Quan sát\nTình trạng: Đang tuyển bệnh nhân\nSố bệnh nhân dự kiến: 36\n"
     "Độ tuổi: Từ 20 đến 70 tuổi\nGiới tính: Nữ\nNhận người tình nguyện khỏe mạnh: Không\n",
     {"phases": ["PHASE2"], "study_type": "OBSERVATIONAL", "overall_status": "RECRUITING", "enrollment": 36,
      "enrollment_type": "ESTIMATED", "min_age_years": 20.0, "max_age_years": 70.0, "sex": "FEMALE",
      "healthy_volunteers": False}),
    ("Forsøgsfase: Fase 2\nStatus: Åben for inklusion\nAntal deltagere: I alt forventes 310 patienter\n",
     {"phases": ["PHASE2"], "overall_status": "RECRUITING", "enrollment": 310, "enrollment_type": "ESTIMATED"}),
    ("Planlagt antal patienter 64\n", {"enrollment": 64, "enrollment_type": "ESTIMATED"}),
    ("Soort onderzoek\nInterventie-onderzoek, fase 2\n", {"study_type": "INTERVENTIONAL"}),
    ("Studio interventistico di fase III. Numero di pazienti previsto: 86 (43 per braccio).\n",
     {"study_type": "INTERVENTIONAL", "enrollment": 86, "enrollment_type": "ESTIMATED"}),
])
def test_registry_card_labels_in_several_languages(page, expected):
    row = trial_row(page)
    assert {k: row[k] for k in expected} == expected


def test_a_whole_trial_figure_marked_total_in_brackets_before_a_site_share():
    row = trial_row("Target Sample Size : 480 (Total) ; 25 (Site)\n")
    assert row["enrollment"] == 480


def test_a_site_menu_listing_every_phase_is_no_trial_phase():
    row = trial_row("Phases: I/II/III/IV  Observational Studies\n\nPhase : II\n")
    assert row["phases"] == ["PHASE2"]


@pytest.mark.parametrize("page, expected", [
    ("A total of 37 patients were enrolled at four sites.\n", (37, "ACTUAL")),
    ("A total of 52 patients (arm A, 26; arm B, 26) will be enrolled.\n", (52, "ESTIMATED")),
    ("In total 40 patients received the drug.\n", (40, None)),
    ("Sample size\n150 (accrued: 150)\n", (150, "ACTUAL")),
])
def test_a_total_count_takes_its_type_from_the_verb_and_accrued_is_actual(page, expected):
    row = trial_row(page)
    assert (row["enrollment"], row["enrollment_type"]) == expected

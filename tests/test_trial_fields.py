"""Trial-level fields read by mechanism: where a label's value sits, titles among page
furniture, prose statements. Each page here is a few lines written for the test."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from extract.components.trial import extract_trial_facts
from extract.context import build_context
from extract.layout import analyze
from extract.model import Document
from extract.records import build_rows


def trial_row(text: str) -> dict:
    layout = build_context(text, analyze(text))
    facts = extract_trial_facts(text, layout)
    doc = Document("d", "d.txt", "0", text, datetime(2026, 1, 1, tzinfo=timezone.utc))
    return build_rows(doc, layout, facts).tables["trials"][0]


# ------------------------------------------------------------------- label/value geometry
def test_sub_labels_under_a_label_each_give_a_value_and_final_outranks_target():
    page = "Recruitment\nSample size\nTarget\n300\nAccrual to date\n41\nFinal\n288\nCountries\nNorway\n"
    row = trial_row(page)
    assert (row["enrollment"], row["enrollment_type"]) == (288, "ACTUAL")
    row = trial_row("Sample size\nTarget\n300\nAccrual to date\n41\nFinal\n\nCountries\n")
    assert (row["enrollment"], row["enrollment_type"]) == (300, "ESTIMATED")


def test_a_paragraph_under_a_sample_size_heading_is_not_its_value():
    page = ("Sample size\nWith 80% power to detect a 15% difference, 120 evaluable women are needed; "
            "allowing for dropout, 134 participants will be enrolled.\n")
    row = trial_row(page)
    assert row["enrollment"] == 134


def test_a_translated_label_before_the_label():
    row = trial_row("试验名称 Trial name : X\n目标例数 Total sample size : 212\n")
    assert row["enrollment"] == 212


def test_capitals_label_glued_to_its_value_by_one_space():
    page = "GENERAL DATA\n\nSTATUS Recruiting.\n\nSEX Female.\n\nPHASE NOTES ARE BELOW\n"
    row = trial_row(page)
    assert (row["overall_status"], row["sex"]) == ("RECRUITING", "FEMALE")
    # a label written in ordinary case is not glued by one space
    assert trial_row("Status updates are posted monthly\n")["overall_status"] is None


def test_tab_between_label_and_value():
    assert trial_row("Official Title\tA Phase 2 Study of Q-1 in Adults With Gout\n")["title"] == \
        "A Phase 2 Study of Q-1 in Adults With Gout"


def test_a_section_heading_under_an_empty_title_label_is_not_the_title():
    page = ("A Phase 3 Study of K-7 Versus Placebo in Asthma\n- Status:\n- Recruiting\n"
            "Scientific title\nSummary\nAdults with asthma are eligible.\n")
    assert trial_row(page)["title"] == "A Phase 3 Study of K-7 Versus Placebo in Asthma"

"""The trial's title on pages from unseen sites (issue 11, blind set 9's kinds of miss), each on
a few lines written for the test with invented names: wrapped headings and labelled values,
prefixes and site suffixes, headlines on news and blog pages, labels in other languages."""
from __future__ import annotations

import pytest

from test_trial_fields import trial_row

_WRAPPED_PAGE = (
    "Acme Health Network\n"
    "Home | Services | Trials\n\n"
    + "\n".join(f"Filler line {k} of a page whose text was wrapped at one hundred characters by the site that"
                for k in range(6)) + "\n\n"
)


@pytest.mark.parametrize("page, title", [
    # a labelled value wrapped to the margin (not indented to the label's column) and a bracket line
    ("Study Title: A Phase 2 Study of Zorbatinib in Combination With Trastuzumab and\n"
     "Capecitabine in Patients With HER2-Positive Breast Cancer With Brain Metastases\n(ZORB-2)\nPhase: Phase 2\n",
     "A Phase 2 Study of Zorbatinib in Combination With Trastuzumab and Capecitabine in Patients With "
     "HER2-Positive Breast Cancer With Brain Metastases (ZORB-2)"),
    # a heading wrapped at a hard-wrapped page's margin, its next lines in upper case
    (_WRAPPED_PAGE + "A Randomized Phase II/III Trial of Trastuzumab and Chemotherapy With or Without Zorbatinib Given\n"
     "Orally in Previously Untreated HER2-Positive Metastatic Gastric or Gastroesophageal Junction\n"
     "Adenocarcinoma\nStatus: Open to enrollment\n",
     "A Randomized Phase II/III Trial of Trastuzumab and Chemotherapy With or Without Zorbatinib Given "
     "Orally in Previously Untreated HER2-Positive Metastatic Gastric or Gastroesophageal Junction Adenocarcinoma"),
    # an upper-case heading whose first line lacks a study word
    ("PERIOPERATIVE FLOT WITH OR WITHOUT ZORBATINIB IN HER2-POSITIVE RESECTABLE GASTRIC CANCER AND OR\n"
     "JUNCTION ADENOCARCINOMA: A RANDOMIZED PHASE II TRIAL (ZORBA)\n\nStatus: recruiting\n",
     "PERIOPERATIVE FLOT WITH OR WITHOUT ZORBATINIB IN HER2-POSITIVE RESECTABLE GASTRIC CANCER AND OR "
     "JUNCTION ADENOCARCINOMA: A RANDOMIZED PHASE II TRIAL (ZORBA)"),
    # a registry id, an authors' running head before the heading
    ("Home > Trials\nNCT09999991 - A Phase 3, Randomized Study of Zorbatinib in HER2-Positive Breast Cancer\n",
     "A Phase 3, Randomized Study of Zorbatinib in HER2-Positive Breast Cancer"),
    ("Journal List > v.1\nKim, Park, and Lee: Zorbatinib Plus Capecitabine in Gastric Cancer: A Phase II Study\n",
     "Zorbatinib Plus Capecitabine in Gastric Cancer: A Phase II Study"),
    # labels in other languages, and a card of one-space labels
    ("Название исследования: Рандомизированное исследование II фазы зорбатиниба\nФаза: II\n",
     "Рандомизированное исследование II фазы зорбатиниба"),
    ("Tên đầy đủ: Nghiên cứu pha 3 so sánh ZB-77 với trastuzumab,\npertuzumab và docetaxel\nGiai đoạn: Pha 3\n",
     "Nghiên cứu pha 3 so sánh ZB-77 với trastuzumab, pertuzumab và docetaxel"),
    ("Status Åben for inklusion\nKort titel ZORB-NEO\nLang titel Et randomiseret fase II-forsøg med zorbatinib\n",
     "Et randomiseret fase II-forsøg med zorbatinib"),
    # news and blog pages: the trial's name, not the headline
    ("ZORBA-7 trial: adding zorbatinib to FLOT for gastric cancer - Summary - MedSite\nMedSite   Articles\n"
     "ZORBA-7 trial: adding zorbatinib to FLOT for gastric cancer\n",
     "ZORBA-7"),
    ("ZORBA-8: Primary Results of a Phase 3 Trial of Zorbatinib Versus Docetaxel\n\nZorbatinib was given.\n",
     "ZORBA-8"),
    ('"Low" was not a word I knew: my phase 1 trial experience\n\nMy doctor suggested a phase 1 trial at our\n'
     "cancer center called ZORBA-101 (NCT09999992). It tests a new drug.\n",
     "ZORBA-101"),
    # a hard-wrapped post: its first line is no title
    ("Forum > Trials\n\nHi all. My onc brought up a trial for me since I progressed on the last drug (liver\n"
     "mets growing again). It's called ZORBA-2, a phase II study of a new pill.\n\n"
     "Anyone in the ZORBA-2 trial?\n",
     "ZORBA-2"),
    # a page whose only heading is the trial's name and its code
    ("Studiensuche > Darmkrebs\nZORBA-CRC (ZB-301-CRC-02)\nSteckbrief\nStudienphase: II\n", "ZORBA-CRC (ZB-301-CRC-02)"),
])
def test_title_of_open_world_pages(page, title):
    assert trial_row(page)["title"] == title


def test_a_shortened_labelled_title_gives_way_to_the_heading():
    page = ("Zorbatinib versus capecitabine in HER2-low breast cancer (ZORB-Low): a randomised phase 2 trial\n"
            "@article{x,\n  title={Zorbatinib versus capecitabine in HER2-low ...},\n}\n")
    assert trial_row(page)["title"].startswith("Zorbatinib versus capecitabine in HER2-low breast cancer (ZORB-Low)")


def test_a_headline_that_names_a_design_after_the_name_stays_the_title():
    page = "ZORBA-Breast02: A Phase III, Open-label, Randomised Study of Zorbatinib in Breast Cancer\nStatus\nEnrolling\n"
    assert trial_row(page)["title"] == "ZORBA-Breast02: A Phase III, Open-label, Randomised Study of Zorbatinib in Breast Cancer"


def test_a_labelled_title_does_not_run_onto_a_records_next_key():
    page = "officialTitle: A Phase 1 Study of Zorbatinib in Solid Tumours\nacronym: ZORB-1\nphases: PHASE1\n"
    assert trial_row(page)["title"] == "A Phase 1 Study of Zorbatinib in Solid Tumours"

"""Trial fields on pages from sites nobody studied (issue 11, session 6): enrollment stated in a
sentence in any language, study type as the page states it (and its negation), recruitment said
in words, titles among site furniture. Each page is a few lines written for the test."""
from __future__ import annotations

import pytest

from test_trial_fields import trial_row


# ------------------------------------------------------------------ enrollment in a sentence
@pytest.mark.parametrize("page, want", [
    ("Ergebnisse\nIn die Studie wurden 214 Patientinnen mit Rezidiv nach Vortherapie eingeschlossen. Weitere Daten folgen.\n",
     (214, "ACTUAL")),
    ("Métodos\nSe incluyeron 61 pacientes entre 2020 y 2022.\n", (61, "ACTUAL")),
    ("방법\n2021년부터 총 33명이 등록되었다.\n", (33, "ACTUAL")),
    ("Studie\nInsgesamt sollen 250 Teilnehmerinnen in die Studie aufgenommen werden.\n", (250, "ESTIMATED")),
    ("About\nThe trial enrolled 1,240 adults across nine countries.\n", (1240, "ACTUAL")),
])
def test_a_count_with_a_participant_noun_beside_an_enrolment_word(page, want):
    row = trial_row(page)
    assert (row["enrollment"], row["enrollment_type"]) == want


def test_a_countrys_share_then_the_whole_trial():
    page = "News\nIn Österreich wurden bisher 31 Patientinnen aufgenommen. Weltweit sollen es 720 werden.\n"
    assert (trial_row(page)["enrollment"], trial_row(page)["enrollment_type"]) == (720, "ESTIMATED")


def test_a_code_with_a_number_or_a_count_without_an_enrolment_word_is_no_enrollment():
    # "QZ-9 in Patients": the digit belongs to a drug code; no enrolment word in the second sentence
    page = "Full Title\nA Randomized Study of QZ-9 in Patients With Gout\n\nThe clinic sees 40 patients a day.\n"
    assert trial_row(page)["enrollment"] is None


def test_a_label_gives_the_enrollment_before_any_sentence():
    page = "Enrollment: 90\n\nSummary\nSo far 12 patients were enrolled.\n"
    assert trial_row(page)["enrollment"] == 90


# ------------------------------------------------------------------------------ study type
def test_a_negated_study_type_is_observational():
    assert trial_row("Study Type: Non-interventional\n")["study_type"] == "OBSERVATIONAL"
    assert trial_row("Study Type: Interventional\n")["study_type"] == "INTERVENTIONAL"


def test_study_type_named_in_a_sentence_with_words_between():
    assert trial_row("About\nThis is an interventional supportive care trial for nausea.\n")["study_type"] == \
        "INTERVENTIONAL"
    # a criterion about other trials says nothing of this one's type
    page = "Exclusion Criteria\n- Participation in an interventional trial within 30 days\n"
    assert trial_row(page)["study_type"] is None


def test_a_label_after_a_square_bullet():
    row = trial_row("■ 모집 상태: 모집중\n■ 연구 유형: 중재연구\n")
    assert (row["overall_status"], row["study_type"]) == ("RECRUITING", "INTERVENTIONAL")


# ------------------------------------------------------------------------- status in words
@pytest.mark.parametrize("page, want", [
    ("Essai\nEssai multicentrique, inclusions en cours ; objectif : 40 patients.\n", "RECRUITING"),
    ("Studie\nTeilnehmerinnen werden noch bis Ende 2027 gesucht.\n", "RECRUITING"),
    ("Studie\nPatienter med sjukdomen kan nu erbjudas att delta i studien.\n", "RECRUITING"),
    ("研究\n現在も登録を継続中である。\n", "RECRUITING"),
    ("Recruitment status: Preinitiation\n", "NOT_YET_RECRUITING"),
])
def test_recruitment_said_in_words(page, want):
    assert trial_row(page)["overall_status"] == want


@pytest.mark.parametrize("page", [
    "News\nThe first patient has recently been dosed in a study.\n",
    # an event, not a stated status (DATA_DICTIONARY: never inferred)
    "News\nAcme Bio has dosed the first patient in its phase 1 trial of AB-1.\n",
    "News\nThe first patient has been dosed in the phase 3 trial.\n",
])
def test_a_first_patient_dosed_is_no_status_word(page):
    assert trial_row(page)["overall_status"] is None


# ------------------------------------------------------------------------------------ titles
def test_a_news_page_names_its_trial():
    page = ("Acme Bio doses first patient in gastric cancer trial\n\n"
            "The study, dubbed ORBIT-G7, will enrol up to 60 patients at five hospitals.\n")
    assert trial_row(page)["title"] == "ORBIT-G7"
    page = "Ny studie för patienter med magcancer\n\nStudien, som kallas NORDA-Lung2, är en fas 2-studie.\n"
    assert trial_row(page)["title"] == "NORDA-Lung2"


def test_a_drug_or_gene_called_something_is_no_trial_name():
    page = ("Clinic news\n\nThis is a study of an oral drug called QX-5521 for people whose tumour carries "
            "a change in a gene also called ERBB2.\n")
    assert trial_row(page)["title"] is None


def test_a_heading_that_names_the_design_outranks_a_name_in_the_text():
    page = ("A Phase 2 Study of QX-1 in Adults With Gout\n\nAbout\nThe trial, known as GOUT-Q2, is open.\n")
    assert trial_row(page)["title"] == "A Phase 2 Study of QX-1 in Adults With Gout"


def test_a_publication_or_organisation_bar_is_not_the_title():
    page = ("Journal of the Northern Society of Examples\n\n"
            "A Phase 2 Study of QX-1 in Adults With Gout\n\nAbstract\nGout is common.\n")
    assert trial_row(page)["title"] == "A Phase 2 Study of QX-1 in Adults With Gout"


def test_a_sentence_in_any_language_is_not_the_title():
    page = ("Zusammenfassung\n\nDas mediane Überleben betrug in der Gruppe mit QX-1 bei Patienten 9,8 Monate.\n"
            "Die Studie von QX-1 bei Gicht wurde 2024 abgeschlossen.\n")
    assert trial_row(page)["title"] is None
    # an abstract's title names its design and may end with a full stop
    page = "Meeting abstract\n\nGOUT-2: A phase 2 trial of QX-1 with or without QX-2 in adults with gout.\n"
    assert trial_row(page)["title"].startswith("GOUT-2: A phase 2 trial of QX-1")


def test_a_heading_in_quotes_is_read_without_them():
    page = 'Material\n\n"ESTUDIO FASE II DE QX-1 EN PACIENTES CON GOTA"\n'
    assert trial_row(page)["title"] == "ESTUDIO FASE II DE QX-1 EN PACIENTES CON GOTA"


@pytest.mark.parametrize("page, name", [
    ("Acme starts trial\n\nThe first patient has been dosed in ORBIT-L2 (NCT01234567), a phase 2 trial.\n", "ORBIT-L2"),
    ("Nachrichten\n\nDie Klinik beteiligt sich an der Studie GOUT-HOME (NCT01234567).\n", "GOUT-HOME"),
    ("Noticias\n\nSe evaluó en el ensayo pivotal GOTA-04, fase III.\n", "GOTA-04"),
    ("Company news\n\nAcme began the open-label Phase Ib/II ZENO-3 trial to evaluate Q-1.\n", "ZENO-3"),
    ("Colchicina para la gota en adultos tras la quimioterapia\n\nInforme\n"
     "La evidencia principal procede de ORBIT-Gout 03 (NCT01234567), un ensayo de fase 3.\n", "ORBIT-Gout 03"),
])
def test_a_trial_name_beside_its_registry_number_a_study_word_or_a_phase(page, name):
    assert trial_row(page)["title"] == name


def test_a_heading_holding_a_code_is_kept_over_a_name_elsewhere():
    page = ("QX-41 Plus Colchicine Versus Colchicine in Gout [GOUT-301]\n\nRelated: the ORBIT-2 trial (NCT01234567)\n")
    assert trial_row(page)["title"] == "QX-41 Plus Colchicine Versus Colchicine in Gout [GOUT-301]"
    # a compound noun with capitals ("Wirkstoff-Konjugat") or a mail link ("E-Mail") is no name
    page = "Neues Antikörper-Wirkstoff-Konjugat bei Gicht im Alter\n\nStudie via E-Mail versenden\n"
    assert trial_row(page)["title"] == "Neues Antikörper-Wirkstoff-Konjugat bei Gicht im Alter"


def test_an_html_title_bars_site_tail_is_cut():
    page = "GOUT-Q3 - Clinical trial • Gout Society of Examples\n\nHome / Trials / GOUT-Q3\n\nThis study compares Q-1.\n"
    assert trial_row(page)["title"] == "GOUT-Q3"


def test_a_quoted_title_without_the_sentences_comma():
    page = ('Acme news\n\nThe study, formally titled "A Phase 2 Study of Q-1 in Adults With Gout," plans to '
            'enroll 40 patients.\n')
    assert trial_row(page)["title"] == "A Phase 2 Study of Q-1 in Adults With Gout"

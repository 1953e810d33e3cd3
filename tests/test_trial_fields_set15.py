"""Trial-level fields and titles of blind set 15's kinds of page, each on a few lines written for the test
with invented names: a place after a label ("Stav v SR", "Status ispitivanja u RH", "Статус в България"),
Bulgarian, Romanian, Catalan and Spanish status words, Bulgarian types, Romanian enrollment labels and
sex, a Japanese "either sex", plain-language ages and counts, and titles: design words of other
languages, names with accented or Cyrillic letters, results headlines, protocol titles under a journal's
publication line, datelines, an exchange line and a list's opening line."""
from __future__ import annotations

import unicodedata

import pytest

from test_trial_fields import trial_row


def _row(page: str) -> dict:
    return trial_row(unicodedata.normalize("NFKC", page))


@pytest.mark.parametrize("page, expected", [
    # a Slovak agency's table: the status of the trial in the country, the type of the "skúšanie"
    ("Register klinických skúšaní\n\n| Názov | Skúšanie lieku Q |\n| Typ skúšania | intervenčné klinické skúšanie |\n"
     "| Stav v SR | prebieha – nábor otvorený |\n",
     {"overall_status": "RECRUITING", "study_type": "INTERVENTIONAL"}),
    # a Croatian agency's card: a tab after the label's colon
    ("Klinička ispitivanja\n\nVrsta ispitivanja:\tintervencijsko\n"
     "Status ispitivanja u RH:\todobreno, uključivanje ispitanika još nije započelo\n",
     {"overall_status": "NOT_YET_RECRUITING", "study_type": "INTERVENTIONAL"}),
    # a Bulgarian register record: label line / value line; "-ционално" with one н
    ("Регистър\n\nВид на изпитването\nинтервенционално\nСтатус в България\nактивно - набиране на пациенти\n",
     {"overall_status": "RECRUITING", "study_type": "INTERVENTIONAL"}),
    ("Регистър\n\nВид на проучването\nнеинтервенционално\nСтатус в България\nактивно – без набиране\n",
     {"overall_status": "ACTIVE_NOT_RECRUITING", "study_type": "OBSERVATIONAL"}),
    # a Romanian hospital's card: open to randomisation, and the whole trial's planned count
    ("Studii clinice\n\nStatut: deschis randomizărilor\nNumăr estimat de paciente (global): 1.300, din care 10 în centrul nostru\n",
     {"overall_status": "RECRUITING", "enrollment": 1300, "enrollment_type": "ESTIMATED"}),
    ("Studii clinice\n\nStatut: înrolare încheiată\n", {"overall_status": "ACTIVE_NOT_RECRUITING"}),
    ("Studii clinice\n\nStatut: în curs de activare\n", {"overall_status": "NOT_YET_RECRUITING"}),
    # a Lithuanian card's planned count
    ("Klinikiniai tyrimai\n\nPlanuojama įtraukti pacientų: 250 (Lietuvoje 9)\n", {"enrollment": 250, "enrollment_type": "ESTIMATED"}),
    # a Japanese hospital's card: either sex
    ("治験情報\n\n対象年齢 |\n20歳以上 |\n性別 |\n問わない |\n", {"sex": "ALL"}),
    # an old registry page's "Genders Eligible for Study"
    ("Eligibility\n\nAges Eligible for Study:   18 Years to 70 Years\nGenders Eligible for Study:   Both\n", {"sex": "ALL"}),
    # a lay page's status line under its title
    ("Clinical trials > QUILL-2\n\nQUILL-2: A study of drug Q before surgery for breast cancer\nEnrolling participants\n\n"
     "What is the study about?\n", {"overall_status": "RECRUITING"}),
])
def test_fields_of_set_15_cards(page, expected):
    row = _row(page)
    assert {k: row[k] for k in expected} == expected


def test_a_place_after_a_label_gives_no_local_count_and_yields_to_the_label_without_it():
    row = _row("Register\n\n| Počet účastníkov v SR | 8 |\n| Plánovaný počet účastníkov | 96 |\n")
    assert row["enrollment"] == 96
    row = _row("Registry\n\nOverall Status: Completed\nStatus in Germany: Recruiting\n")
    assert row["overall_status"] == "COMPLETED"
    assert _row("Registry\n\nStatus in Germany: Recruiting\n")["overall_status"] == "RECRUITING"
    # a country in brackets after an enrollment label is a country's share; "(global)" the whole trial's figure
    assert _row("Registry\n\nSample Size (global) : 610\nSample Size (Malaysia) : 18\n")["enrollment"] == 610
    assert _row("Registry\n\nSample Size (Malaysia) : 18\nSample Size (global) : 610\n")["enrollment"] == 610


def test_sex_and_age_in_romanian_and_bulgarian_criteria():
    row = _row("Studiu de fază II\n\nCriterii principale de includere:\n– paciente de sex feminin, cu vârsta ≥ 18 ani;\n"
               "– cancer mamar metastatic.\n\nCriterii principale de excludere:\n– metastaze cerebrale.\n")
    assert (row["sex"], row["min_age_years"]) == ("FEMALE", 18.0)
    row = _row("Проучване фаза III\n\nКритерии за включване\n1. Пациенти от мъжки пол на възраст над 18 години.\n")
    assert row["sex"] == "MALE"


@pytest.mark.parametrize("criterion, sex", [
    ("Критерии включения\n1. Пациенты женского пола в возрасте 18 лет и старше.\n", "FEMALE"),
    ("Kriteriji uključivanja\n- pacijentice ženskog spola, dob ≥ 18 godina\n", "FEMALE"),
    ("Kritériá zaradenia\n- osoby mužského pohlavia vo veku ≥ 18 rokov\n", "MALE"),
    ("Vključitvena merila\n- bolnice ženskega spola, stare 18 let ali več\n", "FEMALE"),
    ("Критерії включення\n1. Пацієнти чоловічої статі віком від 18 років.\n", "MALE"),
])
def test_sex_named_with_its_noun_in_slavic_criteria(criterion, sex):
    assert _row("Studija\n\n" + criterion)["sex"] == sex


def test_status_and_sex_in_catalan_and_spanish_news():
    row = _row("Societat\n\nL'estudi SOLA-Mama avalua un fàrmac nou.\n\nL'assaig continua obert a noves pacients. "
               "Hi poden participar dones i homes majors de 18 anys.\n")
    assert (row["overall_status"], row["sex"]) == ("RECRUITING", "ALL")
    row = _row("Sanidad\n\nEl ensayo está abierto a la inclusión de pacientes en cinco hospitales.\n")
    assert row["overall_status"] == "RECRUITING"


def test_a_plain_language_summary_ages_in_months_and_a_past_count():
    row = _row("Study at a glance\n\nPhase | Study type | Number of participants |\n\nPhase 2 | Interventional | 84 |\n\n"
               "Who took part in the study?\n\n84 children and young adults took part. They were between 6 months and "
               "21 years old when they joined the study.\n")
    assert (row["enrollment"], row["enrollment_type"], row["min_age_years"], row["max_age_years"]) == (84, "ACTUAL", 0.5, 21.0)


def test_an_nct_id_glued_to_a_japanese_word():
    assert _row("ニュース\n\n国際共同第3相試験を開始。治験登録番号はNCT09912345、jRCT2039999999。\n")["nct_id"] == "NCT09912345"


@pytest.mark.parametrize("page, title", [
    # a Romanian hospital: a status announcement over "CODE – TITLE IN CAPITALS"
    ("Studii clinice\n\nSTUDIU NOU DESCHIS RANDOMIZĂRILOR – ONCOLOGIE (SÂN)\n\n"
     "QX123-201 – STUDIU DE FAZĂ II, RANDOMIZAT, DESCHIS, CU MEDICAMENTUL QX-123 LA PACIENTELE CU CANCER MAMAR METASTATIC\n\n"
     "Sponsor: Q Pharma\n",
     "STUDIU DE FAZĂ II, RANDOMIZAT, DESCHIS, CU MEDICAMENTUL QX-123 LA PACIENTELE CU CANCER MAMAR METASTATIC"),
    # an Estonian hospital card's official title label
    ("Kliinilised uuringud\n\nQX-9 uuring rinnavähi korral\n\nUuringu ametlik nimetus\n"
     "II faasi randomiseeritud uuring ravimiga QX-9 rinnavähiga patsientidel\n\nFaas\nII\n",
     "II faasi randomiseeritud uuring ravimiga QX-9 rinnavähiga patsientidel"),
    # Spanish and Catalan news: the trial's name (accented) under a headline with a dateline
    ("Sanidad\n\nEl hospital participa en un ensayo con un fármaco oral\n\nEl centro ofrece el estudio SOLIS-Pulmón, de fase II\n\n"
     "DIARIO DEL NORTE | Oviedo 3 de mayo de 2026\n\nEl hospital participa en SOLIS-Pulmón.\n", "SOLIS-Pulmón"),
    ("Societat\n\nL'hospital s'incorpora a un assaig contra el càncer de mama\n\nL'estudi VELA-Mama compara un fàrmac nou\n\n"
     "Girona | 02/03/2026 | Actualitzat 02/03/2026 - 09:10\n\nL'hospital s'ha incorporat a VELA-Mama.\n", "VELA-Mama"),
    # a Russian journal's results headline ends with the trial's (Cyrillic) name
    ("ЖУРНАЛ\n\nПрепарат Q в первой линии терапии рака молочной железы: результаты рандомизированного исследования "
     "II фазы ОРИОН-3\n\nИ.И. Иванов\n", "ОРИОН-3"),
    # a formulary page: a list's heading is no title; the name with its design words listed
    ("Formulary\n\nSupporting evidence\nApproval was based on ORCA-GEA, a randomized, double-blind, placebo-controlled "
     "phase 3 trial in 700 patients.\n\nCriteria for Use (patient must meet ALL of the following)\n1. Age 18 years or older\n",
     "ORCA-GEA"),
])
def test_titles_of_set_15(page, title):
    assert _row(page)["title"] == title


def test_a_protocol_title_under_a_journals_publication_line():
    page = ("Journal of Oncology\n\nPublished online Nov 15, 2026. doi: 10.0000/x\n\n"
            "Drug Q plus chemotherapy for resectable gastric cancer: Protocol of the single-arm phase II QUEST-G trial\n\n"
            "A. Author, B. Author\n\nMETHODS\nQUEST-G is a single-arm, phase II study.\n")
    assert _row(page)["title"] == ("Drug Q plus chemotherapy for resectable gastric cancer: Protocol of the single-arm "
                                   "phase II QUEST-G trial")


def test_an_investor_page_that_names_no_trial_has_no_title():
    page = ("Marchés\n\nACME PHARMA CO., LTD.\n1234 | HK0000000000\nBourse de Hong Kong\n32,45 HKD   +4,17 %\n\n"
            "Acme Pharma annonce l'administration au premier patient dans un essai clinique de phase 1 de QX-1\n\n"
            "Publié le 03/11/2026 à 08:15\n")
    assert _row(page)["title"] is None

"""Trial-level fields and titles of blind set 14's kinds of page (issue 11), each on a few lines written
for the test with invented names: status values of Dutch and German cards, a Chinese mirror's "全部",
status, counts, sex and ages said in Chinese, Italian, Spanish and German prose, the kind of a bare count,
and the titles of news pages (the trial's name) and of a meeting abstract."""
from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from test_trial_fields import trial_row


def _row(page: str) -> dict:
    return trial_row(unicodedata.normalize("NFKC", page))


@pytest.mark.parametrize("page, expected", [
    # a Dutch register card: status and sex below their labels
    ("Trial NL9990\n\nStatus\nWerving loopt\n\nGeslacht\nVrouw\n", {"overall_status": "RECRUITING"}),
    ("Trial NL9991\n\nStatus\nWerving gesloten\n", {"overall_status": "ACTIVE_NOT_RECRUITING"}),
    # a Swiss group's card
    ("SAKK 98/25 – MODEL-1\n\nStudientyp             Interventionell\nStatus                 Offen für Patienteneinschluss\n",
     {"overall_status": "RECRUITING"}),
    # a Chinese mirror writes the registry's "All" as 全部
    ("试验详情\n\nNCT编号:NCT09990011\n性别:全部\n年龄:18 岁及以上\n", {"sex": "ALL", "min_age_years": 18.0}),
])
def test_status_and_sex_values_of_set_14(page, expected):
    row = _row(page)
    assert {k: row[k] for k in expected} == expected


def test_status_counts_sex_and_ages_in_prose():
    row = _row("二、研究设计\n本研究计划入组50例患者,目前仍在入组中。\n主要入选标准:(1)年龄20~65周岁,女性;(2)经病理确诊。\n")
    assert (row["overall_status"], row["sex"], row["min_age_years"], row["max_age_years"]) == ("RECRUITING", "FEMALE", 20.0, 65.0)
    row = _row("Lo studio MODEL-3 arruolerà circa 2.400 pazienti in 30 Paesi. Lo studio è attualmente in fase di "
               "reclutamento.\n\nChi può partecipare\n\nPossono partecipare donne e uomini di almeno 18 anni con un tumore.\n")
    assert (row["enrollment"], row["enrollment_type"], row["overall_status"], row["sex"], row["min_age_years"]) == \
        (2400, "ESTIMATED", "RECRUITING", "ALL", 18.0)
    row = _row("¿Quién puede participar?\nPodrán participar pacientes de entre 20 y 70 años, hombres y mujeres, con un tumor.\n"
               "El reclutamiento en Chile está abierto.\n")
    assert (row["min_age_years"], row["max_age_years"], row["sex"], row["overall_status"]) == (20.0, 70.0, "ALL", "RECRUITING")
    row = _row("Forschungsprojekte\n\nDie Studie startete im März 2026. Geplant ist der Einschluss von insgesamt 120 "
               "Patient:innen; das Zentrum rekrutiert derzeit.\n")
    assert (row["enrollment"], row["enrollment_type"], row["overall_status"]) == (120, "ESTIMATED", "RECRUITING")


def test_the_kind_of_a_bare_count():
    row = _row("Trial card\n\nStatus: | Open to accrual |\n\nTarget accrual (all sites): | 500 participants |\n")
    assert (row["enrollment"], row["enrollment_type"]) == (500, "ESTIMATED")
    row = _row("Key facts\nPhase: 3\nStatus: Completed\nParticipants: 318\n\nWhat happened?\nThe study ran for four years. "
               "In total, 318 people took part at 40 hospitals.\n")
    assert (row["enrollment"], row["enrollment_type"]) == (318, "ACTUAL")
    # a plan sentence beside a bare count leaves its kind unsaid
    row = _row("Total Enrollment\n\n300 participants\n\nAbout 300 participants will be randomized 1:1.\n")
    assert (row["enrollment"], row["enrollment_type"]) == (300, None)


@pytest.mark.parametrize("page, title", [
    # Japanese market news: the trial named after a naming label in brackets
    ("株式ニュース\n\n2026年10月01日 09時30分\n<9999> 架空バイオ 大幅高\n\n架空バイオが大幅高。同社は、抗体薬物複合体「QX-7」について"
     "国内第1相臨床試験(試験名:KASUMI-B01)で最初の患者への投与を開始したと発表した。\n", "KASUMI-B01"),
    # Korean news: "(과제명 ...)"
    ("메디컬뉴스\n\n가상바이오, 위암 2상 IND 승인\n\n기자명 홍길동 기자   입력 2026.09.01 10:00\n\n"
     "이번 임상(과제명 BARAM-G3)은 위암 환자를 대상으로 한다.\n", "BARAM-G3"),
    # a Chinese interview: the name before its study word
    ("【研究者说】一项II期研究的设计\n\n2026年08月01日\n\n二、研究设计\n\n本研究(HANA-LOW研究)是一项单臂II期临床研究。\n", "HANA-LOW"),
    # an Italian news article: author and date on one line under the headline
    ("Oncologia\n\nTumore gastrico, al via lo studio SOLE-G con un nuovo anticorpo\n\ndi Redazione · 4 Ottobre 2026\n\n"
     "È partito lo studio di fase 3 SOLE-G.\n", "SOLE-G"),
    # a Spanish headline whose trial starts, over a bare date label
    ("Noticias\n\nArranca LUNA-G, el ensayo que lleva un anticuerpo al tratamiento del cáncer gástrico\nFecha\n3 jun 2026\n"
     "Resumen\nDiez hospitales participan ya en LUNA-G, un ensayo de fase 3.\n", "LUNA-G"),
    # a meeting abstract about a trial in progress
    ("Meeting Abstracts\n\nAbstract CT999: A phase 1, open-label study of QX-9 in patients with advanced solid tumors "
     "(ORBIS-01): Trial in progress\n\nAuthors A; B\n", "ORBIS-01"),
])
def test_titles_of_set_14(page, title):
    assert _row(page)["title"] == title


@pytest.mark.parametrize("page", [
    "3. PAZIENTI E METODI\n3.2 Criteri di inclusione\n1. Donne di età ≥ 18 anni;\n2. Carcinoma mammario HER2-positivo.\n",
    "Critérios de elegibilidade: mulheres com idade ≥ 18 anos, câncer de mama metastático.\n",
    "Criterios de inclusión:\n1) Pacientes del sexo femenino mayores de 18 años 2) Diagnóstico histológico.\n",
    ". CRITERES D'INCLUSION\n- Femme âgée de 18 ans ou plus\n- Cancer du sein métastatique\n",
])
def test_women_named_as_who_may_take_part(page):
    assert _row(page)["sex"] == "FEMALE"


def test_a_protocol_sheet_names_its_code_and_acronym():
    from test_iddates import _rows

    page = ("Protocoles de traitement\n\nORGANE : SEIN\nPROTOCOLE N° : 7781Z2\nSIGLE NATIONAL : MIRABEL-03\n"
            "INDICATION : CANCER DU SEIN METASTATIQUE\n\n. RATIONNEL\nCes cancers du sein représentent près d'un tiers des cas. "
            "Essai de phase II à un bras, conduit dans plusieurs centres, qui évalue le médicament X chez 60 patientes.\n")
    assert _row(page)["title"] == "MIRABEL-03"
    assert ("7781Z2", "ORG_STUDY_ID", "SECONDARY") in _rows(page)[0]


def test_wrapped_german_titles_ending_with_the_trials_name():
    # a heading wrapped after an inflected adjective goes on to the name in brackets
    page = ("Studien\n\nArzneimittelstudie\n\nNeoadjuvante Therapie mit Drug Q bei HER2-positivem\n"
            "Mammakarzinom im Frühstadium (QUELLE-1)\n\nSponsor: Universitätsklinikum\n\nStudienphase: II\n")
    assert _row(page)["title"] == "Neoadjuvante Therapie mit Drug Q bei HER2-positivem Mammakarzinom im Frühstadium (QUELLE-1)"
    # a teaser heading that names the trial over the wrapped descriptive title
    page = ("Forschungsprojekte\n\nMORGEN-GE-Studie Neues Medikament beim Magenkarzinom\nPrüfung eines neuen\n"
            "Wirkstoffs in Kombination mit einer Chemotherapie bei fortgeschrittenem\nAdenokarzinom des Magens (MORGEN-GE).\n"
            "In Deutschland erkranken jedes Jahr viele Menschen.\n")
    assert _row(page)["title"] == ("Prüfung eines neuen Wirkstoffs in Kombination mit einer Chemotherapie bei "
                                   "fortgeschrittenem Adenokarzinom des Magens (MORGEN-GE)")


def test_status_count_and_name_in_french_portuguese_and_english_prose():
    row = _row("Actualités\n\nL'étude MIRA-2 est actuellement en phase de recrutement. Elle prévoit d'inclure environ "
               "1 200 patientes dans 80 centres.\n")
    assert (row["overall_status"], row["enrollment"], row["enrollment_type"]) == ("RECRUITING", 1200, "ESTIMATED")
    row = _row("Notícias\n\nO estudo está em fase de recrutamento em 12 centros brasileiros.\n")
    assert row["overall_status"] == "RECRUITING"
    row = _row("News\n\nThe company dosed the first participant in its phase 2 trial (study name: CORAL-B2) last week.\n")
    assert row["title"] == "CORAL-B2"


def test_a_start_said_in_portuguese_news():
    from test_iddates import _rows

    _, dates = _rows("Notícias\n\nO estudo CORAL-B2 começou em março de 2026 em 12 centros brasileiros.\n")
    assert dates["STUDY_START"][:2] == (dt.date(2026, 3, 1), "MONTH")


def test_a_tumour_stage_before_or_higher_is_no_age():
    # "cT2 o superior" (stage T2 or higher) in an inclusion criterion; the ages are said in the sentence before
    row = _row("¿Quién puede participar?\nPodrán participar pacientes de entre 20 y 70 años, hombres y mujeres.\n\n"
               "Criterios de inclusión\n- Adenocarcinoma gástrico resecable (cT2 o superior, o con ganglios positivos)\n")
    assert (row["min_age_years"], row["max_age_years"]) == (20.0, 70.0)

"""Trial-level fields and titles of blind set 13's kinds of page (issue 11), each on a few lines written
for the test with invented names: hospital study cards in Norwegian (nynorsk), Finnish, Finland-Swedish,
Italian, Brazilian Portuguese, Hebrew and Thai; enrollment and status said in sentences (French, Japanese);
titles of news posts, knowledge-base entries and plain-language summaries."""
from __future__ import annotations

import unicodedata

import pytest

from test_trial_fields import trial_row


def _row(page: str) -> dict:
    return trial_row(unicodedata.normalize("NFKC", page))  # the pipeline's text is NFKC ("ำ" is "ํา")


@pytest.mark.parametrize("page, expected", [
    # Norwegian nynorsk: a status heading with its value below, labels in a fact box, a planned count in a sentence
    ("Kliniske studiar\n\nStudien skal inkludere om lag 300 pasientar totalt.\n\nStudiestatus\nOpen for inklusjon\n\n"
     "Fakta om studien\nStudietype: Intervensjonsstudie (legemiddelutprøving)\nFase: II\nKjønn: Alle\n",
     {"phases": ["PHASE2"], "overall_status": "RECRUITING", "study_type": "INTERVENTIONAL", "enrollment": 300,
      "enrollment_type": "ESTIMATED", "sex": "ALL"}),
    # Finnish
    ("Tutkimuksen perustiedot\nTutkimuksen vaihe: Ib/II\nTutkimustyyppi: interventiotutkimus (lääketutkimus)\n"
     "Tilanne: rekrytointi käynnissä\nSuunniteltu potilasmäärä: 80\nSukupuoli: naiset ja miehet\n"
     "Ikä: 18 vuotta täyttäneet\n",
     {"phases": ["PHASE1", "PHASE2"], "overall_status": "RECRUITING", "study_type": "INTERVENTIONAL",
      "enrollment": 80, "enrollment_type": "ESTIMATED", "min_age_years": 18.0, "sex": "ALL"}),
    # Finland-Swedish; the ages in an inclusion criterion
    ("Prövningens uppgifter\nFas: II\nPrövningens typ: interventionsprövning\nRekrytering: pågår\n"
     "Planerat antal patienter: 30\n\nInklusionskriterier\n– Ålder 20–70 år\n– Histologiskt verifierad cancer\n",
     {"phases": ["PHASE2"], "overall_status": "RECRUITING", "study_type": "INTERVENTIONAL", "enrollment": 30,
      "enrollment_type": "ESTIMATED", "min_age_years": 20.0, "max_age_years": 70.0}),
    # Italian
    ("Tipologia: Studio interventistico con farmaco\nFase: III\nStato: In arruolamento\n",
     {"phases": ["PHASE3"], "overall_status": "RECRUITING", "study_type": "INTERVENTIONAL"}),
    # Brazilian Portuguese: an age range with "a", a yes/no in Portuguese
    ("Situação: Recrutando\nIdade: 18 a 70 anos\nSexo: Feminino\nAceita voluntários saudáveis: Não\n",
     {"overall_status": "RECRUITING", "min_age_years": 18.0, "max_age_years": 70.0, "sex": "FEMALE",
      "healthy_volunteers": False}),
    # Hebrew
    ("פרטי המחקר\nפאזה: 2\nסוג המחקר: מחקר התערבותי\nסטטוס: מגייס\nמספר משתתפים מתוכנן (כלל המחקר): 40\n"
     "מין: נשים\n",
     {"phases": ["PHASE2"], "overall_status": "RECRUITING", "study_type": "INTERVENTIONAL", "enrollment": 40,
      "enrollment_type": "ESTIMATED", "sex": "FEMALE"}),
    # Thai
    ("ประเภทการวิจัย: การวิจัยเชิงทดลอง\nสถานะโครงการ: กำลังรับอาสาสมัคร\nจำนวนอาสาสมัครที่ต้องการ: 50 ราย\n"
     "เพศ: หญิง\nอายุ: 20-65 ปี\nรับอาสาสมัครสุขภาพดี: ไม่รับ\n",
     {"overall_status": "RECRUITING", "study_type": "INTERVENTIONAL", "enrollment": 50,
      "enrollment_type": "ESTIMATED", "min_age_years": 20.0, "max_age_years": 65.0, "sex": "FEMALE",
      "healthy_volunteers": False}),
])
def test_study_cards_of_set_13(page, expected):
    row = _row(page)
    assert {k: row[k] for k in expected} == expected


def test_enrollment_and_status_in_sentences():
    row = _row("L'essai est international. Les inclusions sont ouvertes depuis mars.\n"
               "L'essai devrait inclure 640 patientes en Europe.\n"
               "Peuvent participer les femmes de 18 ans et plus atteintes d'un cancer.\n")
    assert (row["overall_status"], row["enrollment"], row["enrollment_type"], row["sex"]) == \
        ("RECRUITING", 640, "ESTIMATED", "FEMALE")
    row = _row("国内の約20施設で約90人の登録を予定している。\n")
    assert (row["enrollment"], row["enrollment_type"]) == (90, "ESTIMATED")


@pytest.mark.parametrize("page, title", [
    # a Japanese news article: the trial's name in corner brackets after 試験, a dateline under the headline
    ("医療ニュース\n\nABC-12、国内第2相試験「SAKURA-Lung01」で最初の患者に投与\n2026年05月06日 AM09:30\n\n"
     "治療選択肢が限られる肺がん\n東和製薬は、第2相臨床試験「SAKURA-Lung01」で最初の患者に投与したと発表した。\n", "SAKURA-Lung01"),
    # a blog post: a byline above a subheading that names the design
    ("Blog interne\n\nCancer du poumon : l'essai ORAGE-L2 ouvre\nPublié le 3 mars 2026 par Service communication\n\n"
     "Le service ouvre l'essai ORAGE-L2 aux patients.\n\nUn essai de phase 3 comparant deux traitements\n"
     "Il s'agit d'un essai randomisé.\n", "ORAGE-L2"),
    # a knowledge-base entry: the name over a ' · ' tag line
    ("Knowledge Base\n\nTIANSHAN-L3\nPhase 3 · randomized · open-label · first-line · advanced lung cancer\n\n"
     "Regimen\nDrug A 10 mg/kg IV Q3W\n", "TIANSHAN-L3"),
    # a plain-language summary quoting the formal title, under a back link
    ("← Back to Clinical Trials\n\nPlain-Language Summary\nMERIDIAN-4 is testing a new drug. The formal title on "
     "ClinicalTrials.gov is \"A Randomized Phase 2 Study of Drug X Versus Placebo in Adults With Advanced Lung "
     "Cancer\".\n",
     "A Randomized Phase 2 Study of Drug X Versus Placebo in Adults With Advanced Lung Cancer"),
])
def test_titles_of_set_13(page, title):
    assert _row(page)["title"] == title


def test_korean_news_phase_and_sex_and_a_randomised_count():
    row = _row("국내 10개 기관에서 만 19세 이상 성인 여성 환자 총 60명을 대상으로 진행할 계획이다. 임상 1b/2상 승인.\n")
    assert (row["phases"], row["sex"], row["min_age_years"]) == (["PHASE1", "PHASE2"], "FEMALE", 19.0)
    row = _row("Summary\nPreviously untreated advanced cancer; N=420 randomized 1:1 in 20 countries; adults 18+\n")
    assert (row["enrollment"], row["enrollment_type"]) == (420, "ACTUAL")


def test_a_hebrew_heading_with_a_study_word_is_the_title():
    page = ("דף הבית | אודות | מחקרים\n\nמחקר פאזה 2 רב-מרכזי של התרופה AB-12 במטופלים עם סרטן ריאה מתקדם\n\n"
            "פרטי המחקר\nפאזה: 2\n")
    assert _row(page)["title"] == "מחקר פאזה 2 רב-מרכזי של התרופה AB-12 במטופלים עם סרטן ריאה מתקדם"


def test_a_transcript_names_our_study():
    page = ("- Operator\n\n- Good afternoon and welcome to the call.\n\n- Thanks. The quarter was defined by execution on "
            "SUMMIT-Lung, our Phase 3 study of AB-7 in patients with lung cancer.\n")
    assert _row(page)["title"] == "SUMMIT-Lung"


def test_a_name_before_a_spaced_dash_is_cut_from_the_official_title():
    page = ("Studi attivi\n\nBRENTA-3 – Studio di fase II, randomizzato, in aperto, di AB-9 rispetto a placebo nei pazienti "
            "con carcinoma gastrico avanzato\n\nFase: II\n")
    assert _row(page)["title"] == ("Studio di fase II, randomizzato, in aperto, di AB-9 rispetto a placebo nei pazienti "
                                   "con carcinoma gastrico avanzato")

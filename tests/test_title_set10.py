"""The trial's title on pages of the kinds blind set 10 missed (issue 11), each on a few lines
written for the test with invented names: title labels in other languages, numbered and on the
line below; a flattened record's mid-line title label; site names, bars, captions and datelines
that are no title; a genre label before a title; a press release's headline and the trial's name."""
from __future__ import annotations

import pytest

from test_trial_fields import trial_row


@pytest.mark.parametrize("page, title", [
    # a Ukrainian registry card: the label on one line, its value on the next, a code line below
    ("Реєстр клінічних випробувань\n\nПовна Назва КВ\nРандомізоване дослідження фази ІІ препарату ZRB-11 у пацієнтів з "
     "раком шлунка\nКод КВ\nZRB11-GC-02\n", "Рандомізоване дослідження фази ІІ препарату ZRB-11 у пацієнтів з раком шлунка"),
    # a French catalogue's table row, a later row that reads like a heading
    ("Portail Santé > Fiche\n| Nom détaillé | Cohorte nationale de patientes traitées par zorbatinib | \n"
     "| Sigle ou acronyme | ZORB-COH | \n| Etude en lien avec la grippe | Non |\n",
     "Cohorte nationale de patientes traitées par zorbatinib"),
    # a Japanese registry: the label with its qualifier in brackets, the value below; the site's name above
    ("アクメ医師会 治験促進センター\nアクメ臨床試験登録システム(ACME CTR)\nトップ > 試験検索 > 試験詳細\n\n試験ID ACM-0001\n\n"
     "■基本情報\n試験名(正式名称)\nHER2陽性胃癌患者を対象としたZB-77の医師主導治験\n試験名(簡略名)\nZB-77の医師主導治験\n",
     "HER2陽性胃癌患者を対象としたZB-77の医師主導治験"),
    # a numbered Japanese label, its value indented on the next line, under a "Page << Site" bar
    ("胃がん(12) << 架空がんセンター病院\n\n胃がん(12)\n\n(0) 治験の名称:\n  HER2陽性の胃癌患者を対象としたZB-88の第II相試験\n\n"
     "(1) 対象となるがん:\n  胃がん\n", "HER2陽性の胃癌患者を対象としたZB-88の第II相試験"),
    # a Spanish "Título:" above a "Título público:"
    ("Ficha de la investigación\nTítulo: Estudio de fase 3 de ZB-9 en cáncer de mama\n"
     "Título público: ZB-9 para cáncer de mama (estudio ZORBA-3)\n", "Estudio de fase 3 de ZB-9 en cáncer de mama"),
    # a flattened record: "Label: value" pairs run together on one line
    ("ID: 77 Titel: En randomiserad studie i fas II av ZB-5 hos patienter med bröstcancer Ansvarig: Anna Berg "
     "Start insamling: 2024-01-01 Slut insamling: 2026-01-01 Beskrivning: Samples from the trial.\n",
     "En randomiserad studie i fas II av ZB-5 hos patienter med bröstcancer"),
    # a site's name that spells out its acronym, then the page's heading
    ("ACRT - Acme Centre for Research Trials\nPatients | Trials | Contact\n\nNOW ENROLLING\n\n"
     "Zorbatinib Biosimilar Study - Healthy Men 18 to 50\n\nProtocol: ZB-PK-101\n",
     "Zorbatinib Biosimilar Study - Healthy Men 18 to 50"),
    # a genre label before the title
    ("Acme Medical Center | Blog\n\nBelow is a trial that is recruiting.\n\nCLINICAL TRIAL: A phase II study of zorbatinib "
     "plus trastuzumab in patients with HER2-positive colorectal cancer\n\nSummary: This study tests zorbatinib.\n",
     "A phase II study of zorbatinib plus trastuzumab in patients with HER2-positive colorectal cancer"),
    # a filing's form caption in brackets is no title; the trial's name before its registry number and code
    ("FORM 10-K\n\nZORBA THERAPEUTICS, INC.\n(Exact name of Registrant as specified in its Charter)\n\n"
     "Our lead program is evaluated in ZORBA-GC3 (Study ZB-301; NCT09999993), a randomized trial.\n", "ZORBA-GC3"),
    # a news dateline is no title; a name with an accented capital after a study word
    ("Diario Acme\n\nSalud\n\nLunes, 9 de marzo de 2026, 12:05h\n\nUn ensayo combina dos fármacos contra HER2 en pacientes "
     "con cáncer de mama\n\nEl estudio ÉCLAIR-HER2, promovido por el Grupo Acme, ya recluta pacientes\n", "ÉCLAIR-HER2"),
    # a Japanese press release's headline (first patient dosed) gives way to the trial's labelled name
    ("プレスリリース\n\nアクメ製薬、HER2低発現乳がんを対象としたZB-0817の国内第II相臨床試験で最初の患者さんへの投与を開始\n\n"
     "＜本試験の概要＞\n試験名：ZORBA-Breast02\n試験番号：ZB-0817-J02\n", "ZORBA-Breast02"),
])
def test_title_of_set10_kinds(page, title):
    assert trial_row(page)["title"] == title


@pytest.mark.parametrize("page, title", [
    # an acronym whose name is not spelled out by it is a title's name, not a site's
    ("ZORBA - A Randomized Study of Zorbatinib in Breast Cancer\nStatus: Recruiting\n",
     "ZORBA - A Randomized Study of Zorbatinib in Breast Cancer"),
    # a heading that holds a date among other words stays the title
    ("Zorbatinib in HER2-low breast cancer: a phase 2 study, 9 March 2026 update\nStatus: Recruiting\n",
     "Zorbatinib in HER2-low breast cancer: a phase 2 study, 9 March 2026 update"),
])
def test_titles_that_look_like_furniture_but_are_not(page, title):
    assert trial_row(page)["title"] == title

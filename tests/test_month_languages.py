"""Month names that differ by language are read by the page's language (context.cues.page_languages),
not by the first rule that names them: Croatian "listopad" is October, Czech and Polish "listopad"
November (rules/date_words.yaml rows with `lang`). Pages written for the test (invented names)."""
from __future__ import annotations

import datetime as dt

from extract.context.cues import page_languages
from extract.context.langgate import language_codes
from extract import ruledata
from extract.normalize.dates import month_of, parse_date
from test_iddates import _rows

HR_PAGE = """Kliničko ispitivanje

Naslov studije: Randomizirano ispitivanje faze II lijeka QZ-410 u bolesnica s rakom dojke
Broj protokola: QZ410-201
Status studije: Regrutacija u tijeku
Spol: Žene
Datum početka: 15. listopada 2024.
Procijenjeni datum završetka: 30. lipnja 2028.
"""

CS_PAGE = """Klinická studie

Název studie: Randomizovaná studie fáze II přípravku QZ-410 u pacientek s karcinomem prsu
Číslo protokolu: QZ410-202
Stav studie: Probíhá nábor
Pohlaví: Ženy
Datum zahájení: 15. listopadu 2024
Předpokládané datum ukončení: 30. června 2028
"""


def test_croatian_listopad_is_october():
    _, dates = _rows(HR_PAGE)
    assert dates["STUDY_START"][:2] == (dt.date(2024, 10, 15), "DAY")


def test_czech_listopad_is_november():
    _, dates = _rows(CS_PAGE)
    assert dates["STUDY_START"][:2] == (dt.date(2024, 11, 15), "DAY")


def test_the_page_language_decides_and_an_undecided_page_keeps_the_first_row():
    assert page_languages(HR_PAGE) & {"sh"} and not page_languages(HR_PAGE) & {"cs", "pl"}
    assert month_of("listopada", frozenset({"sh"})) == 10
    assert month_of("listopada", frozenset({"pl"})) == 11
    assert month_of("listopadu", frozenset({"cs", "sh"})) == 11  # both: the first row
    assert parse_date("listopad 2029") == (dt.date(2029, 11, 1), "MONTH")  # no page: the first row
    assert parse_date("15. listopada 2024.", langs=frozenset({"sh"})) == (dt.date(2024, 10, 15), "DAY")
    assert month_of("März") == 3 and month_of("march") == 3


def test_month_rows_name_known_languages():
    for r in ruledata.load("date_words.yaml", required=["month", "names"], key="months"):
        tag = r.get("lang") or ()
        assert set(tag.split() if isinstance(tag, str) else tag) <= language_codes(), r["id"]

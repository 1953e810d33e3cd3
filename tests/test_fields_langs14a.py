"""Trial-level fields, identifiers and milestone dates of languages no blind set has brought yet (session 9,
fields14a): Romanian, Bulgarian, Ukrainian, Croatian/Serbian/Bosnian (Latin and Cyrillic), Slovak and Slovenian.

Each page is a few lines written for the test, in the styles of a registry record, a hospital study card and a
news item (invented trial names and codes); every test names the values it expects, read from its page.
"""
from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from extract.normalize.dates import parse_date
from test_iddates import _rows
from test_trial_fields import trial_row


def _row(page: str) -> dict:
    return trial_row(unicodedata.normalize("NFKC", page))


def _ids_dates(page: str):
    return _rows(unicodedata.normalize("NFKC", page))


D = dt.date


# ------------------------------------------------------------------ month names in their cases
@pytest.mark.parametrize("surface, expected", [
    ("15 martie 2025", (D(2025, 3, 15), "DAY")),            # ro
    ("1 ian. 2026", (D(2026, 1, 1), "DAY")),                 # ro abbreviation
    ("15 ноември 2025", (D(2025, 11, 15), "DAY")),           # bg
    ("березні 2025", (D(2025, 3, 1), "MONTH")),              # uk locative ("у березні 2025")
    ("3 листопада 2025", (D(2025, 11, 3), "DAY")),           # uk genitive
    ("15. ožujka 2025.", (D(2025, 3, 15), "DAY")),           # hr, the year's dot
    ("15. lipnja 2025", (D(2025, 6, 15), "DAY")),            # hr June (not the Polish July "lipca")
    ("15. srpnja 2025", (D(2025, 7, 15), "DAY")),            # hr July (not the Czech August "srpna")
    ("1. марта 2025", (D(2025, 3, 1), "DAY")),               # sr Cyrillic
    ("децембар 2027", (D(2027, 12, 1), "MONTH")),            # sr Cyrillic nominative
    ("15. avgusta 2025", (D(2025, 8, 15), "DAY")),           # sr/bs Latin
    ("15. októbra 2025", (D(2025, 10, 15), "DAY")),          # sk
    ("15. junija 2025", (D(2025, 6, 15), "DAY")),            # sl
])
def test_month_names(surface, expected):
    assert parse_date(surface) == expected


# ------------------------------------------------------------------ registry records and study cards
RO_REGISTRY = """Registrul studiilor clinice

Titlul studiului: Un studiu de fază III, randomizat, cu XB-214 la paciente cu cancer mamar HER2-low
Codul protocolului: RX-BC-301
Numărul studiului clinic UE: 2024-512345-21-00
Faza studiului: Faza III
Tipul studiului: Studiu intervențional
Statutul studiului: În curs de recrutare
Număr estimat de participanți: 450
Vârsta: 18 - 75 ani
Sexul: Femei
Voluntari sănătoși: Nu
Data începerii studiului (efectivă): 15 martie 2025
Data estimată de finalizare: 30 iunie 2028
Ultima actualizare: 02.10.2026
Aviz CNBC nr.: 12/2025
"""


def test_romanian_registry_record():
    row = _row(RO_REGISTRY)
    assert row["title"].startswith("Un studiu de fază III, randomizat")
    assert {k: row[k] for k in ("phases", "overall_status", "study_type", "enrollment", "enrollment_type",
                                "min_age_years", "max_age_years", "sex", "healthy_volunteers")} == {
        "phases": ["PHASE3"], "overall_status": "RECRUITING", "study_type": "INTERVENTIONAL", "enrollment": 450,
        "enrollment_type": "ESTIMATED", "min_age_years": 18.0, "max_age_years": 75.0, "sex": "FEMALE",
        "healthy_volunteers": False}
    ids, dates = _ids_dates(RO_REGISTRY)
    assert ("RX-BC-301", "ORG_STUDY_ID", "SECONDARY") in ids
    assert ("2024-512345-21-00", "OTHER", "SECONDARY") in ids
    assert not any(v.startswith("12/2025") for v, *_ in ids)  # the ethics committee's opinion is no identifier
    assert dates["STUDY_START"] == (D(2025, 3, 15), "DAY", False)
    assert dates["STUDY_COMPLETION"] == (D(2028, 6, 30), "DAY", True)
    assert dates["LAST_UPDATE_POSTED"] == (D(2026, 10, 2), "DAY", None)


def test_romanian_cedilla_spellings():
    # an older page writes s and t with a cedilla (ş, ţ) where the rows write a comma below (ș, ț)
    row = _row("Fişa studiului\n\nNumăr de participanţi: 60\nVârsta: 18 - 65 ani\nSexul: Bărbaţi şi femei\n"
               "Voluntari sănătoşi: Da\nTipul studiului: Studiu observaţional\n")
    assert {k: row[k] for k in ("enrollment", "min_age_years", "max_age_years", "sex", "healthy_volunteers",
                                "study_type")} == {
        "enrollment": 60, "min_age_years": 18.0, "max_age_years": 65.0, "sex": "ALL", "healthy_volunteers": True,
        "study_type": "OBSERVATIONAL"}


BG_REGISTRY = """Регистър на клиничните изпитвания

Заглавие на изпитването: Рандомизирано изпитване фаза II на АБ-101 при пациенти с HER2-положителен рак на стомаха
Номер на протокола: ZV-GC-204
Номер EU CT: 2025-501234-11-00
Фаза на изпитването: II
Вид на изпитването: Интервенционално клинично изпитване
Статус на изпитването: Набиране в ход
Планиран брой участници: 120
Възраст: 18 - 80 години
Пол: Мъже и жени
Здрави доброволци: Не
Дата на започване: 15 март 2025 г.
Планирана дата на завършване: 30.06.2028 г.
Решение на КЕМИ: 1234/2025
"""


def test_bulgarian_registry_record():
    row = _row(BG_REGISTRY)
    assert row["title"].startswith("Рандомизирано изпитване фаза II")
    assert {k: row[k] for k in ("phases", "overall_status", "study_type", "enrollment", "enrollment_type",
                                "min_age_years", "max_age_years", "sex", "healthy_volunteers")} == {
        "phases": ["PHASE2"], "overall_status": "RECRUITING", "study_type": "INTERVENTIONAL", "enrollment": 120,
        "enrollment_type": "ESTIMATED", "min_age_years": 18.0, "max_age_years": 80.0, "sex": "ALL",
        "healthy_volunteers": False}
    ids, dates = _ids_dates(BG_REGISTRY)
    assert ("ZV-GC-204", "ORG_STUDY_ID", "SECONDARY") in ids
    assert ("2025-501234-11-00", "OTHER", "SECONDARY") in ids
    assert not any(v.startswith("1234/") for v, *_ in ids)
    assert dates["STUDY_START"] == (D(2025, 3, 15), "DAY", None)
    assert dates["STUDY_COMPLETION"] == (D(2028, 6, 30), "DAY", True)


UK_REGISTRY = """Реєстр клінічних випробувань

Назва: Відкрите дослідження фази III препарату ДС-302 у пацієнток з раком молочної залози
Код протоколу: DS8201-U-302
Номер EudraCT: 2019-001234-56
Тип дослідження: Інтервенційне
Статус набору: Набір учасників триває
Запланована кількість учасників: 600
Мінімальний вік: 18 років
Максимальний вік: 75 років
Стать: Жіноча
Здорові добровольці: Ні
Дата початку: 15 березня 2025 р.
Очікувана дата завершення: грудень 2029
"""


def test_ukrainian_registry_record():
    row = _row(UK_REGISTRY)
    assert row["title"].startswith("Відкрите дослідження фази III")
    assert {k: row[k] for k in ("overall_status", "study_type", "enrollment", "enrollment_type", "min_age_years",
                                "max_age_years", "sex", "healthy_volunteers")} == {
        "overall_status": "RECRUITING", "study_type": "INTERVENTIONAL", "enrollment": 600,
        "enrollment_type": "ESTIMATED", "min_age_years": 18.0, "max_age_years": 75.0, "sex": "FEMALE",
        "healthy_volunteers": False}
    ids, dates = _ids_dates(UK_REGISTRY)
    assert ("DS8201-U-302", "ORG_STUDY_ID", "SECONDARY") in ids
    assert ("2019-001234-56", "EUDRACT", "SECONDARY") in ids
    assert dates["STUDY_START"] == (D(2025, 3, 15), "DAY", None)
    assert dates["STUDY_COMPLETION"] == (D(2029, 12, 1), "MONTH", True)


HR_HOSPITAL = """Klinička ispitivanja u KBC-u

Naslov studije: Randomizirano ispitivanje faze III lijeka XB-214 u bolesnica s HER2-pozitivnim rakom dojke
Broj protokola: XB214-301
EudraCT broj: 2021-004567-89
Faza ispitivanja: Faza III
Vrsta studije: Intervencijsko kliničko ispitivanje
Status studije: Regrutacija u tijeku
Planirani broj ispitanika: 520
Dob: 18-75 godina
Spol: Žene
Zdravi dobrovoljci: Ne
Datum početka: 15. ožujka 2025.
Procijenjeni datum završetka: 30. lipnja 2029.
Klasa: 500-01/25-01/12
"""


def test_croatian_hospital_card():
    row = _row(HR_HOSPITAL)
    assert row["title"].startswith("Randomizirano ispitivanje faze III")
    assert {k: row[k] for k in ("phases", "overall_status", "study_type", "enrollment", "enrollment_type",
                                "min_age_years", "max_age_years", "sex", "healthy_volunteers")} == {
        "phases": ["PHASE3"], "overall_status": "RECRUITING", "study_type": "INTERVENTIONAL", "enrollment": 520,
        "enrollment_type": "ESTIMATED", "min_age_years": 18.0, "max_age_years": 75.0, "sex": "FEMALE",
        "healthy_volunteers": False}
    ids, dates = _ids_dates(HR_HOSPITAL)
    assert ("XB214-301", "ORG_STUDY_ID", "SECONDARY") in ids
    assert ("2021-004567-89", "EUDRACT", "SECONDARY") in ids
    assert not any(v.startswith("500-01") for v, *_ in ids)  # an ethics file's class number
    assert dates["STUDY_START"] == (D(2025, 3, 15), "DAY", None)
    assert dates["STUDY_COMPLETION"] == (D(2029, 6, 30), "DAY", True)


SR_CYRILLIC = """Клиничко испитивање

Наслов испитивања: Рандомизовано испитивање фазе II лека АБ-101 код пацијенткиња са карциномом дојке
Број протокола: AB101-202
Фаза испитивања: Фаза II
Врста студије: Интервенцијско клиничко испитивање
Статус студије: Регрутација у току
Планирани број испитаника: 80
Старост: 18 - 70 година
Пол: Жене
Здрави добровољци: Не
Датум почетка: 1. марта 2025.
Датум завршетка: децембар 2027
"""


def test_serbian_cyrillic_card():
    row = _row(SR_CYRILLIC)
    assert {k: row[k] for k in ("phases", "overall_status", "study_type", "enrollment", "enrollment_type",
                                "min_age_years", "max_age_years", "sex", "healthy_volunteers")} == {
        "phases": ["PHASE2"], "overall_status": "RECRUITING", "study_type": "INTERVENTIONAL", "enrollment": 80,
        "enrollment_type": "ESTIMATED", "min_age_years": 18.0, "max_age_years": 70.0, "sex": "FEMALE",
        "healthy_volunteers": False}
    ids, dates = _ids_dates(SR_CYRILLIC)
    assert ("AB101-202", "ORG_STUDY_ID", "SECONDARY") in ids
    assert dates["STUDY_START"] == (D(2025, 3, 1), "DAY", None)
    assert dates["STUDY_COMPLETION"] == (D(2027, 12, 1), "MONTH", None)


def test_serbian_bosnian_latin_card():
    row = _row("Studija: XB-214 kod pacijentkinja sa karcinomom dojke\n\nStatus studije: Aktivno, ne regrutuje\n"
               "Ukupan broj učesnika: 640\nBroj učesnika u Srbiji: 24\nPol: Muški i ženski\nMinimalna starost: 18 godina\n")
    assert {k: row[k] for k in ("overall_status", "enrollment", "sex", "min_age_years")} == {
        "overall_status": "ACTIVE_NOT_RECRUITING", "enrollment": 640, "sex": "ALL", "min_age_years": 18.0}


SK_REGISTRY = """Klinické skúšania

Názov štúdie: Randomizovaná štúdia fázy III s liekom XB-214 u pacientok s HER2-pozitívnym karcinómom prsníka
Kód štúdie: XB214-302
Číslo EU CT: 2024-510987-22-00
Fáza štúdie: III
Typ štúdie: Intervenčná štúdia
Stav štúdie: Prebieha nábor
Plánovaný počet účastníkov: 300
Vek: 18 – 75 rokov
Pohlavie: Ženy
Zdraví dobrovoľníci: Nie
Dátum začatia: 15. marca 2025
Predpokladaný dátum ukončenia: 31. decembra 2028
"""


def test_slovak_registry_record():
    row = _row(SK_REGISTRY)
    assert {k: row[k] for k in ("phases", "overall_status", "study_type", "enrollment", "enrollment_type",
                                "min_age_years", "max_age_years", "sex", "healthy_volunteers")} == {
        "phases": ["PHASE3"], "overall_status": "RECRUITING", "study_type": "INTERVENTIONAL", "enrollment": 300,
        "enrollment_type": "ESTIMATED", "min_age_years": 18.0, "max_age_years": 75.0, "sex": "FEMALE",
        "healthy_volunteers": False}
    ids, dates = _ids_dates(SK_REGISTRY)
    assert ("XB214-302", "ORG_STUDY_ID", "SECONDARY") in ids
    assert ("2024-510987-22-00", "OTHER", "SECONDARY") in ids
    assert dates["STUDY_START"] == (D(2025, 3, 15), "DAY", None)
    assert dates["STUDY_COMPLETION"] == (D(2028, 12, 31), "DAY", True)


def test_slovak_terminated_is_not_the_czech_completed():
    # "ukončené" alone would read as the Czech "ukončeno" (completed); "predčasne ukončené" is terminated
    assert _row("Stav štúdie: Predčasne ukončené\n")["overall_status"] == "TERMINATED"
    assert _row("Stav štúdie: Ukončené\n")["overall_status"] == "COMPLETED"


SL_HOSPITAL = """Klinične raziskave

Naslov študije: Randomizirana študija faze II zdravila XB-214 pri bolnicah z rakom dojke HER2+
Številka protokola: XB214-205
Faza študije: Faza II
Vrsta študije: Intervencijska klinična študija
Status študije: Vključevanje poteka
Načrtovano število udeležencev: 90
Starost: 18 let ali več
Spol: Ženske
Zdravi prostovoljci: Ne
Datum začetka: 15. marca 2025
Predvideni datum zaključka: junij 2028
"""


def test_slovenian_hospital_card():
    row = _row(SL_HOSPITAL)
    assert {k: row[k] for k in ("phases", "overall_status", "study_type", "enrollment", "enrollment_type",
                                "min_age_years", "sex", "healthy_volunteers")} == {
        "phases": ["PHASE2"], "overall_status": "RECRUITING", "study_type": "INTERVENTIONAL", "enrollment": 90,
        "enrollment_type": "ESTIMATED", "min_age_years": 18.0, "sex": "FEMALE", "healthy_volunteers": False}
    ids, dates = _ids_dates(SL_HOSPITAL)
    assert ("XB214-205", "ORG_STUDY_ID", "SECONDARY") in ids
    assert dates["STUDY_START"] == (D(2025, 3, 15), "DAY", None)
    assert dates["STUDY_COMPLETION"] == (D(2028, 6, 1), "MONTH", True)


# ------------------------------------------------------------------ news items: fields said in sentences
@pytest.mark.parametrize("page, expected, start, completion", [
    ("Știri medicale\n\nUn nou studiu de fază III pentru pacientele cu cancer mamar HER2-low\n\n"
     "Recrutarea este în curs în 12 centre din România. Pot participa femei cu vârsta între 18 și 75 de ani. "
     "Studiul a început în martie 2025 și se va încheia în decembrie 2028.\n",
     {"phases": ["PHASE3"], "overall_status": "RECRUITING", "min_age_years": 18.0, "max_age_years": 75.0},
     (D(2025, 3, 1), "MONTH", None), (D(2028, 12, 1), "MONTH", True)),
    ("Новини\n\nПроучване фаза III при рак на стомаха\n\nНабирането на пациенти продължава в 8 центъра. В "
     "проучването могат да участват пациенти на възраст над 18 години. Проучването започна през март 2025 г. и "
     "се очаква да приключи през 2028 г.\n",
     {"phases": ["PHASE3"], "overall_status": "RECRUITING", "min_age_years": 18.0},
     (D(2025, 3, 1), "MONTH", None), (D(2028, 1, 1), "YEAR", True)),
    ("Новини\n\nДослідження фази II при раку молочної залози\n\nНабір учасниць триває. Участь можуть взяти жінки "
     "віком від 18 до 75 років. Дослідження розпочалося у березні 2025 року і завершиться у 2028 році.\n",
     {"phases": ["PHASE2"], "overall_status": "RECRUITING", "min_age_years": 18.0, "max_age_years": 75.0},
     (D(2025, 3, 1), "MONTH", None), (D(2028, 1, 1), "YEAR", True)),
    ("Vijesti\n\nNovo kliničko ispitivanje faze III za bolesnice s rakom dojke\n\nUključivanje bolesnica je u "
     "tijeku u KBC-u. Mogu sudjelovati žene u dobi od 18 do 75 godina. Ispitivanje je počelo u ožujku 2025, a "
     "trebalo bi se završiti do 2029.\n",
     {"phases": ["PHASE3"], "overall_status": "RECRUITING", "min_age_years": 18.0, "max_age_years": 75.0},
     (D(2025, 3, 1), "MONTH", None), (D(2029, 1, 1), "YEAR", True)),
    ("Вести\n\nНово клиничко испитивање фазе II\n\nРегрутација пацијената је у току. Учествовати могу особе "
     "старости од 18 до 70 година. Испитивање је почело у марту 2025.\n",
     {"phases": ["PHASE2"], "overall_status": "RECRUITING", "min_age_years": 18.0, "max_age_years": 70.0},
     (D(2025, 3, 1), "MONTH", None), None),
    ("Správy\n\nNová štúdia fázy III pre pacientky s rakovinou prsníka\n\nPrebieha nábor pacientok vo veku 18 až "
     "75 rokov. Štúdia sa začala v marci 2025 a mala by sa skončiť v roku 2028.\n",
     {"phases": ["PHASE3"], "overall_status": "RECRUITING", "min_age_years": 18.0, "max_age_years": 75.0},
     (D(2025, 3, 1), "MONTH", None), (D(2028, 1, 1), "YEAR", True)),
    ("Novice\n\nNova študija faze II za bolnice z rakom dojke\n\nVključevanje bolnic poteka na inštitutu. "
     "Sodelujejo lahko ženske, starejše od 18 let. Študija se je začela marca 2025.\n",
     {"phases": ["PHASE2"], "overall_status": "RECRUITING", "min_age_years": 18.0},
     (D(2025, 3, 1), "MONTH", None), None),
])
def test_news_items(page, expected, start, completion):
    row = _row(page)
    assert {k: row[k] for k in expected} == expected
    assert row["title"] == page.split("\n\n")[1]  # the headline, with its study word
    _, dates = _ids_dates(page)
    assert dates.get("STUDY_START") == start
    assert dates.get("STUDY_COMPLETION") == completion


@pytest.mark.parametrize("sentence, count, etype", [
    ("Studiul va include aproximativ 450 de paciente din 20 de țări.", 450, "ESTIMATED"),
    ("В проучването ще бъдат включени 120 пациенти с рак на стомаха.", 120, "ESTIMATED"),
    ("До дослідження планується залучити 600 пацієнток з раком молочної залози.", 600, "ESTIMATED"),
    ("U ispitivanje će biti uključeno 520 bolesnica iz 12 zemalja.", 520, "ESTIMATED"),
    ("У студију ће бити укључено 80 пацијенткиња.", 80, "ESTIMATED"),
    ("Do štúdie bude zaradených 300 pacientok.", 300, "ESTIMATED"),
    ("V študijo je bilo vključenih 412 bolnikov.", 412, "ACTUAL"),
])
def test_enrollment_in_a_sentence(sentence, count, etype):
    row = _row(f"Novice\n\n{sentence}\n")
    assert (row["enrollment"], row["enrollment_type"]) == (count, etype)


@pytest.mark.parametrize("page, status", [
    ("Nábor bol ukončený.\n", "ACTIVE_NOT_RECRUITING"),
    ("Vključevanje bolnikov je zaključeno.\n", "ACTIVE_NOT_RECRUITING"),
    ("Recrutarea s-a încheiat în iulie.\n", "ACTIVE_NOT_RECRUITING"),
    ("Статус на изпитването: Още не е започнало\n", "NOT_YET_RECRUITING"),
    ("Стан проведення: Призупинено\n", "SUSPENDED"),
    ("Status ispitivanja: Završeno\n", "COMPLETED"),
    ("Statutul studiului: Retras\n", "WITHDRAWN"),
])
def test_status_words(page, status):
    assert _row(page)["overall_status"] == status


@pytest.mark.parametrize("page, lo, hi", [
    ("Vârsta: sub 65 de ani\n", None, 65.0),          # an upper bound said before the number
    ("Vârsta: 18 ani și peste\n", 18.0, None),
    ("Dob: od 18 do 75 godina\n", 18.0, 75.0),
    ("Vek: 18 rokov a viac\n", 18.0, None),
    ("Възраст: над 18 години\n", 18.0, None),
    ("Starost: do 70 let\n", None, 70.0),
    ("Вік: 18-65 років\n", 18.0, 65.0),
])
def test_age_values(page, lo, hi):
    row = _row(page)
    assert (row["min_age_years"], row["max_age_years"]) == (lo, hi)

"""Trial-level fields, identifiers and milestone dates in languages no blind set has brought yet (session 9,
"languages before they are met"): Lithuanian, Latvian, Estonian, Arabic, Catalan and Malay. Each language has a
registry record (labels and values on one line), a hospital listing (a label above its value, or a table row)
and a news item (status, enrollment, phase and dates said in sentences). Every page is a few lines written for
the test with invented drugs, codes and numbers; the expected rows are what the page says.

Arabic pages also check the shared text normalization: Arabic-Indic digits ("٣٢٠", "١٥ مارس ٢٠٢٤"), right-to-left
marks around a value, vowel marks and the tatweel inside a label, and day-first numeric dates on a page that names
its NCT ID.
"""
from __future__ import annotations

import datetime as dt

import pytest

from extract.batch import extract_document
from extract.ingest import document_from_text
from extract.normalize.dates import parse_date

D = dt.date


def _tables(page: str) -> tuple[dict, set, dict]:
    tables = extract_document(document_from_text(page)).tables
    trial = tables["trials"][0]
    ids = {(r["id_value"], r["id_type"], r["role"]) for r in tables["trial_ids"]}
    dates = {r["date_type"]: (r["date"], r["precision"], r["is_estimated"]) for r in tables["dates"]}
    return trial, ids, dates


def _check(page: str, fields: dict, ids: set | None = None, dates: dict | None = None) -> None:
    trial, got_ids, got_dates = _tables(page)
    assert {k: trial[k] for k in fields} == fields
    if ids is not None:
        assert got_ids == ids
    if dates is not None:
        assert got_dates == dates


# ------------------------------------------------------------------ registry records (label: value)
RECORDS = [
    pytest.param(
        "Klinikinių tyrimų registras\n\n"
        "Tyrimo pavadinimas: Atsitiktinių imčių III fazės tyrimas, kuriuo vertinamas vaisto ZX-101 veiksmingumas moterims,"
        " sergančioms HER2 teigiamu krūties vėžiu\n"
        "Trumpas pavadinimas: ZX-101 tyrimas\nEudraCT numeris: 2023-001234-15\nProtokolo numeris: ZX101-BC-301\n"
        "Tyrimo fazė: III\nTyrimo tipas: Intervencinis\nTyrimo būsena: Vykdomas dalyvių įtraukimas\n"
        "Planuojamas dalyvių skaičius: 450\nAmžius: nuo 18 iki 75 metų\nLytis: Moterys\nSveiki savanoriai: Ne\n"
        "Planuojama tyrimo pradžios data: 2024 m. kovo 15 d.\nPlanuojama tyrimo pabaigos data: 2028 m. gruodžio mėn.\n"
        "Bioetikos komiteto leidimo Nr.: BE-2-45\n",
        {"title": "Atsitiktinių imčių III fazės tyrimas, kuriuo vertinamas vaisto ZX-101 veiksmingumas moterims, "
                  "sergančioms HER2 teigiamu krūties vėžiu",
         "phases": ["PHASE3"], "overall_status": "RECRUITING", "study_type": "INTERVENTIONAL", "enrollment": 450,
         "enrollment_type": "ESTIMATED", "min_age_years": 18.0, "max_age_years": 75.0, "sex": "FEMALE",
         "healthy_volunteers": False},
        {("ZX101-BC-301", "ORG_STUDY_ID", "SECONDARY"), ("2023-001234-15", "EUDRACT", "SECONDARY")},
        {"STUDY_START": (D(2024, 3, 15), "DAY", True), "STUDY_COMPLETION": (D(2028, 12, 1), "MONTH", True)},
        id="lt"),
    pytest.param(
        "Pētījuma nosaukums: Randomizēts II fāzes pētījums par zālēm QY-77 pacientiem ar kuņģa vēzi\n"
        "Protokola numurs: QY77-GC-201\nEudraCT numurs: 2022-004567-33\nPētījuma fāze: II\n"
        "Pētījuma veids: Intervences klīniskais pētījums\nStatuss: Notiek pacientu iesaistīšana\n"
        "Plānotais dalībnieku skaits: 120\nMinimālais vecums: 18 gadi\nMaksimālais vecums: 80 gadi\n"
        "Dzimums: Sievietes un vīrieši\nVeseli brīvprātīgie: Nē\nPētījuma sākuma datums: 2024. gada 15. martā\n"
        "Plānotais beigu datums: 2027. gada jūnijā\n",
        {"title": "Randomizēts II fāzes pētījums par zālēm QY-77 pacientiem ar kuņģa vēzi", "phases": ["PHASE2"],
         "overall_status": "RECRUITING", "study_type": "INTERVENTIONAL", "enrollment": 120,
         "enrollment_type": "ESTIMATED", "min_age_years": 18.0, "max_age_years": 80.0, "sex": "ALL",
         "healthy_volunteers": False},
        {("QY77-GC-201", "ORG_STUDY_ID", "SECONDARY"), ("2022-004567-33", "EUDRACT", "SECONDARY")},
        {"STUDY_START": (D(2024, 3, 15), "DAY", None), "STUDY_COMPLETION": (D(2027, 6, 1), "MONTH", True)},
        id="lv"),
    pytest.param(
        "Uuringu pealkiri: Randomiseeritud I/II faasi uuring ravimiga KL-5 kaugelearenenud kopsuvähiga patsientidel\n"
        "Protokolli number: KL5-LC-102\nEL kliinilise uuringu number: 2024-512345-22-00\nUuringu faas: I/II\n"
        "Uuringu tüüp: Sekkuv uuring\nUuringu staatus: Värbamine käib\nPlaneeritud osalejate arv: 60\n"
        "Vanus: 18–70 aastat\nSugu: Mõlemad\nTerved vabatahtlikud: Ei\nUuringu alguskuupäev: 15. märts 2024\n"
        "Eeldatav lõppkuupäev: detsember 2026\n",
        {"title": "Randomiseeritud I/II faasi uuring ravimiga KL-5 kaugelearenenud kopsuvähiga patsientidel",
         "phases": ["PHASE1", "PHASE2"], "overall_status": "RECRUITING", "study_type": "INTERVENTIONAL",
         "enrollment": 60, "enrollment_type": "ESTIMATED", "min_age_years": 18.0, "max_age_years": 70.0,
         "sex": "ALL", "healthy_volunteers": False},
        {("KL5-LC-102", "ORG_STUDY_ID", "SECONDARY"), ("2024-512345-22-00", "OTHER", "SECONDARY")},
        {"STUDY_START": (D(2024, 3, 15), "DAY", None), "STUDY_COMPLETION": (D(2026, 12, 1), "MONTH", True)},
        id="et"),
    # Arabic-Indic digits in the title, the count, the ages and the dates; a right-to-left mark around a date
    pytest.param(
        "عنوان الدراسة: دراسة عشوائية من المرحلة الثالثة لتقييم عقار إكس واي-٢٠٠ لدى مريضات سرطان الثدي\n"
        "رقم البروتوكول: XY200-BC-301\nمرحلة الدراسة: المرحلة 3\nنوع الدراسة: دراسة تداخلية\n"
        "حالة الدراسة: جاري التجنيد\nالعدد المخطط للمشاركين: ٣٢٠\nالعمر: من ١٨ إلى ٧٥ سنة\nالجنس: إناث\n"
        "المتطوعون الأصحاء: لا\nتاريخ بدء الدراسة: ١٥ مارس ٢٠٢٤\nتاريخ الانتهاء المتوقع: \u200f٣٠/٠٦/٢٠٢٨\u200f\n",
        {"title": "دراسة عشوائية من المرحلة الثالثة لتقييم عقار إكس واي-200 لدى مريضات سرطان الثدي",
         "phases": ["PHASE3"], "overall_status": "RECRUITING", "study_type": "INTERVENTIONAL", "enrollment": 320,
         "enrollment_type": "ESTIMATED", "min_age_years": 18.0, "max_age_years": 75.0, "sex": "FEMALE",
         "healthy_volunteers": False},
        {("XY200-BC-301", "ORG_STUDY_ID", "SECONDARY")},
        {"STUDY_START": (D(2024, 3, 15), "DAY", None), "STUDY_COMPLETION": (D(2028, 6, 30), "DAY", True)},
        id="ar"),
    pytest.param(
        "Títol de l'estudi: Assaig de fase II aleatoritzat del fàrmac MN-44 en pacients amb càncer colorectal metastàtic\n"
        "Codi del protocol: MN44-CRC-201\nNúmero EudraCT: 2023-009876-12\nFase de l'estudi: II\n"
        "Tipus d'estudi: Assaig clínic\nEstat: En reclutament\nNombre previst de participants: 90\nEdat: 18 a 80 anys\n"
        "Gènere: Homes i dones\nVoluntaris sans: No\nData d'inici: 15 d'abril de 2024\n"
        "Data prevista de finalització: desembre de 2027\nComitè d'Ètica: CEIm-2023-456\n",
        {"title": "Assaig de fase II aleatoritzat del fàrmac MN-44 en pacients amb càncer colorectal metastàtic",
         "phases": ["PHASE2"], "overall_status": "RECRUITING", "study_type": "INTERVENTIONAL", "enrollment": 90,
         "enrollment_type": "ESTIMATED", "min_age_years": 18.0, "max_age_years": 80.0, "sex": "ALL",
         "healthy_volunteers": False},
        {("MN44-CRC-201", "ORG_STUDY_ID", "SECONDARY"), ("2023-009876-12", "EUDRACT", "SECONDARY")},
        {"STUDY_START": (D(2024, 4, 15), "DAY", None), "STUDY_COMPLETION": (D(2027, 12, 1), "MONTH", True)},
        id="ca"),
    # the Malaysian register's number is an identifier; the ethics committee's approval is none
    pytest.param(
        "Tajuk kajian: Kajian Fasa III rawak ubat PQ-9 bagi pesakit kanser payudara HER2 positif\n"
        "Nombor NMRR: NMRR-23-01234-ABC\nNombor protokol: PQ9-BC-301\nKelulusan MREC: KKM/NIHSEC/P23-1234\nFasa: III\n"
        "Jenis kajian: Kajian intervensi\nStatus kajian: Sedang mengambil peserta\nSaiz sampel sasaran: 200\n"
        "Umur: 18 hingga 70 tahun\nJantina: Perempuan\nSukarelawan sihat: Tidak\nTarikh mula: 15 Ogos 2024\n"
        "Tarikh jangkaan tamat: Disember 2027\n",
        {"title": "Kajian Fasa III rawak ubat PQ-9 bagi pesakit kanser payudara HER2 positif", "phases": ["PHASE3"],
         "overall_status": "RECRUITING", "study_type": "INTERVENTIONAL", "enrollment": 200,
         "enrollment_type": "ESTIMATED", "min_age_years": 18.0, "max_age_years": 70.0, "sex": "FEMALE",
         "healthy_volunteers": False},
        {("NMRR-23-01234-ABC", "OTHER", "SECONDARY"), ("PQ9-BC-301", "ORG_STUDY_ID", "SECONDARY")},
        {"STUDY_START": (D(2024, 8, 15), "DAY", None), "STUDY_COMPLETION": (D(2027, 12, 1), "MONTH", True)},
        id="ms"),
]


@pytest.mark.parametrize("page, fields, ids, dates", RECORDS)
def test_registry_records(page, fields, ids, dates):
    _check(page, fields, ids, dates)


# ------------------------------------------------------------------ hospital listings (a label above its value, a table)
LISTINGS = [
    pytest.param(
        "Klinikiniai tyrimai\n\nImunoterapijos tyrimas sergantiems plaučių vėžiu\n\nBūsena\nĮtraukimas dar neprasidėjo\n"
        "Fazė\nII\nDalyvių skaičius\n60\nAmžius\n18 metų ir vyresni\nLytis\nAbi lytys\n",
        {"title": "Imunoterapijos tyrimas sergantiems plaučių vėžiu", "phases": ["PHASE2"],
         "overall_status": "NOT_YET_RECRUITING", "enrollment": 60, "min_age_years": 18.0, "max_age_years": None,
         "sex": "ALL"}, id="lt"),
    pytest.param(
        "Klīniskie pētījumi\n\nPētījums par imūnterapiju plaušu vēža gadījumā\n\n| Statuss | Aktīvs, neiesaista |\n"
        "| Fāze | III |\n| Faktiskais dalībnieku skaits | 312 |\n| Dzimums | Vīrieši |\n| Vecums | no 40 līdz 85 gadiem |\n",
        {"title": "Pētījums par imūnterapiju plaušu vēža gadījumā", "phases": ["PHASE3"],
         "overall_status": "ACTIVE_NOT_RECRUITING", "enrollment": 312, "enrollment_type": "ACTUAL",
         "min_age_years": 40.0, "max_age_years": 85.0, "sex": "MALE"}, id="lv"),
    pytest.param(
        "Kliinilised uuringud\n\nImmuunravi uuring kopsuvähi korral\n\nStaatus\nLõpetatud\nFaas\n2\n"
        "Tegelik osalejate arv\n48\nSugu\nNaised\nVanus\nkuni 65 aastat\n",
        {"title": "Immuunravi uuring kopsuvähi korral", "phases": ["PHASE2"], "overall_status": "COMPLETED",
         "enrollment": 48, "enrollment_type": "ACTUAL", "min_age_years": None, "max_age_years": 65.0,
         "sex": "FEMALE"}, id="et"),
    # an ordinal phase word; vowel marks and a tatweel in the labels ("الـحالة", "الجِنس") read as without them
    pytest.param(
        "التجارب السريرية\n\nدراسة العلاج المناعي لسرطان الرئة\n\nالـحالة\nمكتملة\nالمرحلة\nالمرحلة الثانية\n"
        "العدد الفعلي للمشاركين\n٤٨\nالجِنس\nذكور وإناث\nالعمر\n١٨ سنة فما فوق\n",
        {"title": "دراسة العلاج المناعي لسرطان الرئة", "phases": ["PHASE2"], "overall_status": "COMPLETED",
         "enrollment": 48, "enrollment_type": "ACTUAL", "min_age_years": 18.0, "max_age_years": None, "sex": "ALL"},
        id="ar"),
    pytest.param(
        "Assajos clínics\n\nEstudi d'immunoteràpia en càncer de pulmó\n\nEstat\nActiu, no recluta\nFase de l'estudi\nIII\n"
        "Nombre real de participants\n205\nGènere\nDones\nEdat\n18 anys o més\n",
        {"title": "Estudi d'immunoteràpia en càncer de pulmó", "phases": ["PHASE3"],
         "overall_status": "ACTIVE_NOT_RECRUITING", "enrollment": 205, "enrollment_type": "ACTUAL",
         "min_age_years": 18.0, "max_age_years": None, "sex": "FEMALE"}, id="ca"),
    pytest.param(
        "Ujian klinikal\n\nKajian imunoterapi kanser paru-paru\n\nStatus kajian\nDitamatkan\nFasa\nII\n"
        "Bilangan peserta sebenar\n37\nJantina\nLelaki dan perempuan\nUmur\n18 tahun ke atas\n",
        {"title": "Kajian imunoterapi kanser paru-paru", "phases": ["PHASE2"], "overall_status": "TERMINATED",
         "enrollment": 37, "enrollment_type": "ACTUAL", "min_age_years": 18.0, "max_age_years": None, "sex": "ALL"},
        id="ms"),
]


@pytest.mark.parametrize("page, fields", LISTINGS)
def test_hospital_listings(page, fields):
    _check(page, fields)


# ------------------------------------------------------------------ news items (sentences)
NEWS = [
    pytest.param(
        "Naujienos\n\nKlinikinis tyrimas su vaistu ZX-101\n\nTai III fazės tyrimas. Šiuo metu įtraukiami pacientai iš trijų"
        " ligoninių. Tyrimas prasidėjo 2024 m. kovą, o jį planuojama užbaigti 2028 m.\n",
        {"title": "Klinikinis tyrimas su vaistu ZX-101", "phases": ["PHASE3"], "overall_status": "RECRUITING"},
        {"STUDY_START": (D(2024, 3, 1), "MONTH", None), "STUDY_COMPLETION": (D(2028, 1, 1), "YEAR", True)}, id="lt"),
    pytest.param(
        "Jaunumi\n\nPētījums ar zālēm QY-77\n\nTas ir II fāzes pētījums. Pašlaik tiek iesaistīti pacienti. Pētījums sākās"
        " 2024. gada martā, un to plānots pabeigt 2027. gada decembrī.\n",
        {"title": "Pētījums ar zālēm QY-77", "phases": ["PHASE2"], "overall_status": "RECRUITING"},
        {"STUDY_START": (D(2024, 3, 1), "MONTH", None), "STUDY_COMPLETION": (D(2027, 12, 1), "MONTH", True)}, id="lv"),
    pytest.param(
        "Uudised\n\nRavimi KL-5 uuring\n\nTegemist on I/II faasi uuringuga. Uuringusse värvatakse praegu patsiente. Uuring"
        " algas 2024. aasta märtsis ja peaks lõppema 2026. aasta detsembris.\n",
        {"title": "Ravimi KL-5 uuring", "phases": ["PHASE1", "PHASE2"], "overall_status": "RECRUITING"},
        {"STUDY_START": (D(2024, 3, 1), "MONTH", None), "STUDY_COMPLETION": (D(2026, 12, 1), "MONTH", True)}, id="et"),
    pytest.param(
        "أخبار\n\nتجربة سريرية لعقار جديد\n\nهذه دراسة من المرحلة الثالثة. تقوم الدراسة حاليا بتجنيد المرضى. بدأت الدراسة في"
        " مارس 2024، ومن المتوقع أن تنتهي في ديسمبر 2027.\n",
        {"title": "تجربة سريرية لعقار جديد", "phases": ["PHASE3"], "overall_status": "RECRUITING"},
        {"STUDY_START": (D(2024, 3, 1), "MONTH", None), "STUDY_COMPLETION": (D(2027, 12, 1), "MONTH", True)}, id="ar"),
    pytest.param(
        "Notícies\n\nAssaig clínic amb el fàrmac MN-44\n\nÉs un assaig de fase II. L'hospital està reclutant pacients."
        " L'assaig va començar el març de 2024 i finalitzarà el desembre de 2027.\n",
        {"title": "Assaig clínic amb el fàrmac MN-44", "phases": ["PHASE2"], "overall_status": "RECRUITING"},
        {"STUDY_START": (D(2024, 3, 1), "MONTH", None), "STUDY_COMPLETION": (D(2027, 12, 1), "MONTH", True)}, id="ca"),
    pytest.param(
        "Berita\n\nKajian Fasa III ubat PQ-9\n\nHospital sedang merekrut peserta. Kajian ini bermula pada Mac 2024 dan"
        " dijangka tamat pada Disember 2027.\n",
        {"title": "Kajian Fasa III ubat PQ-9", "phases": ["PHASE3"], "overall_status": "RECRUITING"},
        {"STUDY_START": (D(2024, 3, 1), "MONTH", None), "STUDY_COMPLETION": (D(2027, 12, 1), "MONTH", True)}, id="ms"),
]


@pytest.mark.parametrize("page, fields, dates", NEWS)
def test_news_items(page, fields, dates):
    _check(page, fields, dates=dates)


# a headline that reports the news ("... pradėtas naujas tyrimas": a study started) names no study title; the
# enrollment is said in a sentence, planned
HEADLINES = [
    ("Naujienos\n\nVilniaus klinikose pradėtas naujas krūties vėžio tyrimas\n\nĮ tyrimą planuojama įtraukti 240 pacienčių"
     " visoje Lietuvoje.\n", 240),
    ("Jaunumi\n\nRīgā sākts jauns pētījums\n\nPētījumā plānots iesaistīt 150 pacientus no piecām slimnīcām.\n", 150),
    ("Uudised\n\nTartus algas uus vähiuuring\n\nUuringusse kaasatakse 80 patsienti.\n", 80),
    ("أخبار\n\nبدء دراسة جديدة لعلاج سرطان الثدي\n\nمن المقرر أن يشارك في الدراسة ٢٥٠ مريضة في خمسة مستشفيات.\n", 250),
    ("Notícies\n\nL'hospital comença un nou assaig clínic\n\nEn l'assaig hi participaran 120 pacients de tot Catalunya.\n", 120),
    ("Berita\n\nKajian baharu kanser payudara dilancarkan\n\nSeramai 300 pesakit akan direkrut dalam kajian ini.\n", 300),
]


@pytest.mark.parametrize("page, n", HEADLINES, ids=["lt", "lv", "et", "ar", "ca", "ms"])
def test_news_headlines_and_planned_enrollment_in_a_sentence(page, n):
    _check(page, {"title": None, "enrollment": n, "enrollment_type": "ESTIMATED"})


# ------------------------------------------------------------------ the shared mechanisms
def test_arabic_digits_marks_and_vowel_marks_are_normalized_once():
    from extract.ingest.pages import normalize_text
    assert normalize_text("\u200fالعُمْر: ١٨–٦٥ سنة\u200f، ٪٥٫٥، ١٬٢٠٠ ۱۴۰۳\n") == "العمر: 18–65 سنة، %5.5، 1,200 1403\n"
    assert normalize_text("الـمرحلة\u202b٣\u202c\n") == "المرحلة3\n"


def test_an_arabic_page_naming_its_nct_id_reads_numeric_dates_day_first():
    page = ("رقم ClinicalTrials.gov: NCT01234567\nعنوان الدراسة: دراسة المرحلة الثانية لعقار تجريبي\n"
            "تاريخ البدء: ٠٥/٠٦/٢٠٢٤\nتاريخ الانتهاء المتوقع: 03/04/2027\n")
    _check(page, {"phases": ["PHASE2"]}, {("NCT01234567", "NCT", "PRIMARY")},
           {"STUDY_START": (D(2024, 6, 5), "DAY", None), "STUDY_COMPLETION": (D(2027, 4, 3), "DAY", True)})


@pytest.mark.parametrize("surface, expected", [
    ("2024 m. kovo 15 d.", (D(2024, 3, 15), "DAY")),
    ("2025 m. gruodžio mėn.", (D(2025, 12, 1), "MONTH")),
    ("2026 m. birželį", (D(2026, 6, 1), "MONTH")),
    ("2024. gada 15. martā", (D(2024, 3, 15), "DAY")),
    ("2026. gada jūnijā", (D(2026, 6, 1), "MONTH")),
    ("15. märts 2024", (D(2024, 3, 15), "DAY")),
    ("2025. aasta novembris", (D(2025, 11, 1), "MONTH")),
    ("15 d'abril de 2024", (D(2024, 4, 15), "DAY")),
    ("juliol de 2026", (D(2026, 7, 1), "MONTH")),
    ("15 مارس، 2024", (D(2024, 3, 15), "DAY")),
    ("1 آذار 2025", (D(2025, 3, 1), "DAY")),
    ("كانون الثاني 2025", (D(2025, 1, 1), "MONTH")),
    ("جوان 2026", (D(2026, 6, 1), "MONTH")),
    ("15 Ogos 2024", (D(2024, 8, 15), "DAY")),
    ("Julai 2026", (D(2026, 7, 1), "MONTH")),
])
def test_month_names_in_their_case_forms(surface, expected):
    assert parse_date(surface) == expected


@pytest.mark.parametrize("value, status", [
    ("Įtraukimas baigtas", "ACTIVE_NOT_RECRUITING"), ("Sustabdytas", "SUSPENDED"), ("Nutrauktas", "TERMINATED"),
    ("Baigtas", "COMPLETED"), ("Atšauktas", "WITHDRAWN"),
    ("Iesaistīšana vēl nav sākta", "NOT_YET_RECRUITING"), ("Apturēts", "SUSPENDED"), ("Pārtraukts", "TERMINATED"),
    ("Pabeigts", "COMPLETED"), ("Atsaukts", "WITHDRAWN"),
    ("Värbamine pole veel alanud", "NOT_YET_RECRUITING"), ("Aktiivne, ei värba", "ACTIVE_NOT_RECRUITING"),
    ("Peatatud", "SUSPENDED"), ("Ennetähtaegselt lõpetatud", "TERMINATED"), ("Tagasi võetud", "WITHDRAWN"),
    ("لم يبدأ التجنيد بعد", "NOT_YET_RECRUITING"), ("نشطة، لا تقوم بالتجنيد", "ACTIVE_NOT_RECRUITING"),
    ("معلقة", "SUSPENDED"), ("منتهية مبكرا", "TERMINATED"), ("مسحوبة", "WITHDRAWN"),
    ("Encara no recluta", "NOT_YET_RECRUITING"), ("Suspès", "SUSPENDED"), ("Interromput", "TERMINATED"),
    ("Finalitzat", "COMPLETED"), ("Retirat", "WITHDRAWN"),
    ("Belum bermula", "NOT_YET_RECRUITING"), ("Pengambilan peserta telah ditutup", "ACTIVE_NOT_RECRUITING"),
    ("Digantung", "SUSPENDED"), ("Tamat", "COMPLETED"), ("Ditarik balik", "WITHDRAWN"),
])
def test_status_words(value, status):
    from extract.normalize.fields import vocab_value
    assert vocab_value("overall_status", value)[0] == status


@pytest.mark.parametrize("page, fields", [
    ("Tyrimo tipas: Stebimasis (neintervencinis)\nLytis: Vyrai\nSveiki savanoriai: Taip\n",
     {"study_type": "OBSERVATIONAL", "sex": "MALE", "healthy_volunteers": True}),
    ("Pētījuma veids: Neintervences pētījums\nDzimums: Sievietes\nVeseli brīvprātīgie: Jā\n",
     {"study_type": "OBSERVATIONAL", "sex": "FEMALE", "healthy_volunteers": True}),
    ("Uuringu tüüp: Mittesekkuv uuring\nSugu: Mehed\nTerved vabatahtlikud: Jah\n",
     {"study_type": "OBSERVATIONAL", "sex": "MALE", "healthy_volunteers": True}),
    ("نوع الدراسة: دراسة قائمة على الملاحظة\nالجنس: ذكور\nالمتطوعون الأصحاء: نعم\n",
     {"study_type": "OBSERVATIONAL", "sex": "MALE", "healthy_volunteers": True}),
    ("Tipus d'estudi: Estudi no intervencionista\nGènere: Homes\nVoluntaris sans: Sí\n",
     {"study_type": "OBSERVATIONAL", "sex": "MALE", "healthy_volunteers": True}),
    ("Jenis kajian: Kajian pemerhatian\nJantina: Perempuan dan lelaki\nSukarelawan sihat: Ya\n",
     {"study_type": "OBSERVATIONAL", "sex": "ALL", "healthy_volunteers": True}),
], ids=["lt", "lv", "et", "ar", "ca", "ms"])
def test_observational_types_sexes_and_yes(page, fields):
    _check(page, fields)


@pytest.mark.parametrize("page, ages", [
    ("Įtraukimo kriterijai\n- Amžius nuo 18 iki 75 metų\n- Patvirtintas krūties vėžys\n", (18.0, 75.0)),
    ("Iekļaušanas kritēriji\n- Vecums no 18 līdz 70 gadiem\n- Apstiprināts kuņģa vēzis\n", (18.0, 70.0)),
    ("Kaasamiskriteeriumid\n- 18-aastased ja vanemad\n- Kinnitatud kopsuvähk\n", (18.0, None)),
    ("معايير الاشتمال\n- العمر من ١٨ إلى ٧٠ سنة\n- سرطان الثدي المؤكد\n", (18.0, 70.0)),
    ("Criteris d'inclusió\n- Edat entre 18 i 75 anys\n- Càncer de mama confirmat\n", (18.0, 75.0)),
    ("Kriteria kemasukan\n- Berumur 18 tahun ke atas\n- Kanser payudara yang disahkan\n", (18.0, None)),
], ids=["lt", "lv", "et", "ar", "ca", "ms"])
def test_ages_in_an_inclusion_criterion(page, ages):
    _check(page, {"min_age_years": ages[0], "max_age_years": ages[1]})

"""Lab thresholds in the languages session 9 writes before meeting them (Romanian, Bulgarian, Ukrainian, Slovak,
Slovenian, Croatian/Serbian/Bosnian in Latin and Cyrillic script, Lithuanian, Latvian, Estonian, Arabic, Catalan,
Malay): criteria headings (line, run-in and mid-paragraph forms), analyte names, comparator words, normal-limit words,
units and condition cues of each language as rule rows. Short pages written here, in the styles of registry records,
hospital listings and news items; Arabic also with Arabic-Indic digits, the Arabic decimal separator and
right-to-left marks."""
from __future__ import annotations

import pytest

from extract.components.labs import extract_lab_thresholds
from extract.context import build_context
from extract.ingest.pages import normalize_text
from extract.layout import analyze
from extract.model import EXCLUSION, INCLUSION
from extract.normalize.numbers import parse_number
from test_labs_langs12 import labs

I, E = INCLUSION, EXCLUSION


def written(text: str) -> set[tuple]:
    ctx = build_context(text, analyze(text))
    return {(f.attrs["analyte"], f.attrs["value_as_written"], f.attrs["unit_as_written"])
            for f in extract_lab_thresholds(text, ctx)}


PAGES = [
    # --- Romanian: a registry record, then a hospital page's one-paragraph summary
    ("ro", "Criterii de includere\n1. Număr absolut de neutrofile ≥ 1,5 × 10^9/l\n2. Trombocite cel puțin 100 × 10^9/l\n"
           "3. Hemoglobină ≥ 9 g/dl\n4. Bilirubină totală ≤ 1,5 × LSN\n\nCriterii de excludere\n"
           "1. Clearance-ul creatininei sub 30 ml/min\n2. Fracția de ejecție a ventriculului stâng mai mică de 50%\n",
     {(I, "anc", ">=", 1.5), (I, "platelets", ">=", 100.0), (I, "hemoglobin", ">=", 9.0),
      (I, "total_bilirubin", "<=", 1.5), (E, "creatinine_clearance", "<", 30.0), (E, "lvef", "<", 50.0)}),
    ("ro_flat", "Criterii de eligibilitate: Criterii de includere: neutrofile nu mai puțin de 1500/mm³; "
                "creatinina serică nu mai mult de 1,5 mg/dl. Criterii de excludere: interval QTc mai mare de 470 ms.\n",
     {(I, "anc", ">=", 1.5), (I, "creatinine", "<=", 1.5), (E, "qtc", ">", 470.0)}),
    # --- Bulgarian
    ("bg", "Критерии за включване\n• Абсолютен брой неутрофили ≥ 1,5 × 10^9/л\n• Брой тромбоцити най-малко 100 × 10^9/л\n"
           "• Общ билирубин ≤ 1,5 × ГГН\n• Креатининов клирънс ≥ 50 мл/мин\n\nКритерии за изключване\n"
           "• Фракция на изтласкване на лявата камера под 50%\n• QTc интервал над 470 мсек\n",
     {(I, "anc", ">=", 1.5), (I, "platelets", ">=", 100.0), (I, "total_bilirubin", "<=", 1.5),
      (I, "creatinine_clearance", ">=", 50.0), (E, "lvef", "<", 50.0), (E, "qtc", ">", 470.0)}),
    # --- Ukrainian (a hospital page: Cyrillic abbreviations and the national normal-limit word)
    ("uk", "Основні критерії включення:\n- рівень гемоглобіну не менше 9 г/дл;\n- лейкоцити не менше 3,0 × 10^9/л;\n"
           "- АЛТ та АСТ не більше 2,5 × ВМН;\n- альбумін ≥ 30 г/л.\n\nОсновні критерії виключення:\n"
           "- фракція викиду лівого шлуночка менше 50%;\n- кліренс креатиніну менше ніж 40 мл/хв.\n",
     {(I, "hemoglobin", ">=", 9.0), (I, "wbc", ">=", 3.0), (I, "alt", "<=", 2.5), (I, "ast", "<=", 2.5),
      (I, "albumin", ">=", 3.0), (E, "lvef", "<", 50.0), (E, "creatinine_clearance", "<", 40.0)}),
    # --- Slovak
    ("sk", "Kritériá zaradenia\n1. Absolútny počet neutrofilov aspoň 1,5 × 10^9/l\n2. Hemoglobín ≥ 9 g/dl\n"
           "3. Sérový kreatinín najviac 1,5 × HHN\n\nKritériá vylúčenia\n1. Ejekčná frakcia ľavej komory nižšia ako 50 %\n",
     {(I, "anc", ">=", 1.5), (I, "hemoglobin", ">=", 9.0), (I, "creatinine", "<=", 1.5), (E, "lvef", "<", 50.0)}),
    # --- Slovenian
    ("sl", "Vključitvena merila\n- število nevtrofilcev vsaj 1,5 × 10^9/l\n- trombociti ≥ 100 × 10^9/l\n"
           "- skupni bilirubin največ 1,5 × ZMN\n\nIzključitvena merila\n- očistek kreatinina manj kot 30 ml/min\n",
     {(I, "anc", ">=", 1.5), (I, "platelets", ">=", 100.0), (I, "total_bilirubin", "<=", 1.5),
      (E, "creatinine_clearance", "<", 30.0)}),
    # --- Croatian, Bosnian (Latin) and Serbian (Cyrillic)
    ("hr", "Kriteriji uključenja\n• apsolutni broj neutrofila ≥ 1,5 × 10^9/L\n• broj trombocita najmanje 100 × 10^9/L\n"
           "• ukupni bilirubin ≤ 1,5 × GGN\n\nKriteriji isključenja\n• ejekcijska frakcija lijeve klijetke manja od 50%\n",
     {(I, "anc", ">=", 1.5), (I, "platelets", ">=", 100.0), (I, "total_bilirubin", "<=", 1.5), (E, "lvef", "<", 50.0)}),
    ("sr_latn", "Kriterijumi za uključivanje: hemoglobin najmanje 9 g/dl; klirens kreatinina veći od 50 ml/min. "
                "Kriterijumi za isključivanje: QTc interval duži od 470 ms.\n",
     {(I, "hemoglobin", ">=", 9.0), (I, "creatinine_clearance", ">", 50.0), (E, "qtc", ">", 470.0)}),
    ("sr_cyrl", "Критеријуми за укључивање\n1. Апсолутни број неутрофила ≥ 1,5 × 10^9/л\n2. Број тромбоцита најмање 100 × 10^9/л\n"
                "3. Хемоглобин ≥ 9 г/дл\n\nКритеријуми за искључивање\n1. Клиренс креатинина мањи од 30 мл/мин\n",
     {(I, "anc", ">=", 1.5), (I, "platelets", ">=", 100.0), (I, "hemoglobin", ">=", 9.0),
      (E, "creatinine_clearance", "<", 30.0)}),
    # --- Lithuanian
    ("lt", "Įtraukimo kriterijai\n1. Absoliutus neutrofilų skaičius ne mažiau kaip 1,5 × 10^9/l\n"
           "2. Trombocitų skaičius ≥ 100 × 10^9/l\n3. Bendrasis bilirubinas ne daugiau kaip 1,5 × VNR\n\n"
           "Atmetimo kriterijai\n1. Kairiojo skilvelio išstūmimo frakcija mažesnė nei 50 %\n",
     {(I, "anc", ">=", 1.5), (I, "platelets", ">=", 100.0), (I, "total_bilirubin", "<=", 1.5), (E, "lvef", "<", 50.0)}),
    # --- Latvian
    ("lv", "Iekļaušanas kritēriji\n- Neitrofilo leikocītu absolūtais skaits vismaz 1,5 × 10^9/l\n- Hemoglobīns ≥ 9 g/dl\n"
           "- Kreatinīna klīrenss ne mazāk kā 50 ml/min\n\nIzslēgšanas kritēriji\n- QTc intervāls lielāks par 470 ms\n",
     {(I, "anc", ">=", 1.5), (I, "hemoglobin", ">=", 9.0), (I, "creatinine_clearance", ">=", 50.0), (E, "qtc", ">", 470.0)}),
    # --- Estonian
    ("et", "Kaasamiskriteeriumid\n• Neutrofiilide absoluutarv vähemalt 1,5 × 10^9/l\n• Trombotsüütide arv ≥ 100 × 10^9/l\n"
           "• Üldbilirubiin kuni 1,5 × ULN\n\nVäljaarvamiskriteeriumid\n• Vasaku vatsakese väljutusfraktsioon alla 50%\n",
     {(I, "anc", ">=", 1.5), (I, "platelets", ">=", 100.0), (I, "total_bilirubin", "<=", 1.5), (E, "lvef", "<", 50.0)}),
    # --- Arabic (a registry record with Western digits)
    ("ar", "معايير الاشتمال\n- العدد المطلق للعدلات ≥ 1.5 × 10^9/لتر\n- عدد الصفائح الدموية لا يقل عن 100,000/مم³\n"
           "- الهيموغلوبين 9 غ/دل أو أكثر\n\nمعايير الاستبعاد\n- الكسر القذفي للبطين الأيسر أقل من 50%\n",
     {(I, "anc", ">=", 1.5), (I, "platelets", ">=", 100.0), (I, "hemoglobin", ">=", 9.0), (E, "lvef", "<", 50.0)}),
    # --- Catalan
    ("ca", "Criteris d'inclusió\n- Recompte absolut de neutròfils ≥ 1,5 × 10^9/l\n- Plaquetes com a mínim 100 × 10^9/l\n"
           "- Bilirubina total no superior a 1,5 vegades el LSN\n\nCriteris d'exclusió\n"
           "- Aclariment de creatinina inferior a 30 ml/min\n",
     {(I, "anc", ">=", 1.5), (I, "platelets", ">=", 100.0), (I, "total_bilirubin", "<=", 1.5),
      (E, "creatinine_clearance", "<", 30.0)}),
    # --- Malay (a hospital recruitment page)
    ("ms", "Kriteria Kemasukan\n1. Kiraan neutrofil mutlak sekurang-kurangnya 1.5 × 10^9/L\n2. Kiraan platlet ≥ 100 × 10^9/L\n"
           "3. Bilirubin jumlah tidak melebihi 1.5 × had atas normal\n\nKriteria Pengecualian\n"
           "1. Pecahan ejeksi ventrikel kiri kurang daripada 50%\n",
     {(I, "anc", ">=", 1.5), (I, "platelets", ">=", 100.0), (I, "total_bilirubin", "<=", 1.5), (E, "lvef", "<", 50.0)}),
]


@pytest.mark.parametrize("text,expected", [p[1:] for p in PAGES], ids=[p[0] for p in PAGES])
def test_headings_names_and_comparator_words(text, expected):
    assert labs(text, 4) == expected


def test_condition_cues_of_each_language():
    """cue_l14: the condition after 'in case of' / 'in patients with' / 'if' (the cue words themselves left out)."""
    got = labs("Criterii de includere\n1. ALT ≤ 3 × LSN (≤ 5 × LSN în cazul metastazelor hepatice)\n")
    assert (I, "alt", "<=", 5.0, "xULN", "metastazelor hepatice") in got
    got = labs("Критерии за включване\n• АЛАТ ≤ 2,5 × ГГН (≤ 5 × ГГН при пациенти с чернодробни метастази)\n")
    assert (I, "alt", "<=", 5.0, "xULN", "чернодробни метастази") in got
    got = labs("Kriteriji uključenja\n• ALT ≤ 3 × GGN, odnosno ≤ 5 × GGN u bolesnika s metastazama u jetri\n")
    assert (I, "alt", "<=", 5.0, "xULN", "metastazama u jetri") in got
    got = labs("معايير الاشتمال\n- ALT لا يزيد عن 3 أضعاف الحد الأعلى للطبيعي (5 أضعاف لدى المرضى المصابين بنقائل كبدية)\n")
    assert (I, "alt", "<=", 3.0, "xULN", None) in got
    got = labs("Criteris d'inclusió\n- ALT ≤ 3 × LSN (≤ 5 × LSN en cas de metàstasis hepàtiques)\n")
    assert (I, "alt", "<=", 5.0, "xULN", "metàstasis hepàtiques") in got


def test_normal_limit_words_and_units_as_written():
    """uln_l14, uln_ar, mass_g_dL_l14, flow_mL_min_l14, time_ms_l14, cnt_per_mm3_l14."""
    text = ("Критерии за включване\n• Хемоглобин ≥ 9 г/дл\n• Креатинин ≤ 1,5 пъти ГГН\n\n"
            "Критерії виключення\n- кліренс креатиніну менше 40 мл/хв\n\n"
            "معايير الاشتمال\n- الكرياتينين لا يزيد عن 1.5 ضعف الحد الأعلى للطبيعي\n- الصفائح الدموية ≥ 100000/مم³\n\n"
            "Vključitvena merila\n- skupni bilirubin ≤ 1,5-krat ZMN\n")
    got = written(text)
    assert ("hemoglobin", "9", "г/дл") in got
    assert ("creatinine", "1,5", "пъти ГГН") in got
    assert ("creatinine_clearance", "40", "мл/хв") in got
    assert ("creatinine", "1.5", "ضعف الحد الأعلى للطبيعي") in got
    assert ("platelets", "100000", "/مم³") in got
    assert ("total_bilirubin", "1,5", "-krat ZMN") in got


def test_arabic_indic_digits_separators_and_bidi_marks():
    """A page as an Arabic site serves it: Arabic-Indic digits, the Arabic decimal (٫) and thousands (٬) separators, the
    Arabic percent sign, right-to-left and left-to-right marks around numbers (dropped at ingest like zero-width ones)."""
    raw = ("معايير الاشتمال\n- العدد المطلق للعدلات \u200f≥ \u200e١٫٥\u200e × ١٠^٩/لتر\n"
           "- عدد الصفائح الدموية لا يقل عن \u200e١٠٠٬٠٠٠\u200e/مم³\n- الهيموغلوبين ٩ غ/دل أو أكثر\n\n"
           "معايير الاستبعاد\n- الكسر القذفي للبطين الأيسر أقل من ٥٠٪\n- فترة QTc أكثر من ٤٧٠ مللي ثانية\n")
    text = normalize_text(raw)
    assert "\u200f" not in text and "\u200e" not in text
    assert labs(text, 5) == {(I, "anc", ">=", 1.5, "10^9/L"), (I, "platelets", ">=", 100.0, "10^9/L"),
                             (I, "hemoglobin", ">=", 9.0, "g/dL"), (E, "lvef", "<", 50.0, "%"),
                             (E, "qtc", ">", 470.0, "ms")}


@pytest.mark.parametrize("s,value", [("١٫٥", 1.5), ("١٠٠٬٠٠٠", 100000.0), ("۱۲٫۵", 12.5), ("١٫٥ × ١٠^٩", 1.5e9),
                                     ("1,500", 1500.0), ("2.5", 2.5)])
def test_number_reading_of_every_script(s, value):
    assert parse_number(s) == pytest.approx(value)


def test_flattened_paragraphs_keep_inclusion_and_exclusion_apart():
    """brk.elig_heading_l14 and cu.elig_*.l14: headings in mid-paragraph, a news item's one-paragraph summary."""
    text = ("Pacienții pot participa dacă au: Criterii de includere: trombocite ≥ 100 × 10^9/l; hemoglobină ≥ 9 g/dl. "
            "Criterii de excludere: QTcF peste 480 ms; clearance-ul creatininei sub 30 ml/min.\n")
    assert labs(text, 4) == {(I, "platelets", ">=", 100.0), (I, "hemoglobin", ">=", 9.0), (E, "qtc", ">", 480.0),
                             (E, "creatinine_clearance", "<", 30.0)}
    text = ("Kaasamiskriteeriumid: trombotsüütide arv vähemalt 100 × 10^9/l. Väljaarvamiskriteeriumid: "
            "vasaku vatsakese väljutusfraktsioon alla 50%.\n")
    assert labs(text, 4) == {(I, "platelets", ">=", 100.0), (E, "lvef", "<", 50.0)}
    text = ("معايير الاشتمال: الهيموغلوبين ≥ 9 غ/دل. معايير الاستبعاد: الكسر القذفي للبطين الأيسر أقل من 50%.\n")
    assert labs(text, 4) == {(I, "hemoglobin", ">=", 9.0), (E, "lvef", "<", 50.0)}

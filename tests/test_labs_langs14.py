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

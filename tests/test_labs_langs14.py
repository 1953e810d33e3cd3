"""Lab thresholds in the languages session 9 writes before meeting them (Romanian, Bulgarian, Ukrainian, Slovak,
Slovenian, Croatian/Serbian/Bosnian in Latin and Cyrillic script, Lithuanian, Latvian, Estonian, Arabic, Catalan,
Malay): criteria headings (line, run-in and mid-paragraph forms), analyte names, comparator words, normal-limit words,
units and condition cues of each language as rule rows. Short pages written here, in the styles of registry records,
hospital listings and news items; Arabic also with Arabic-Indic digits, the Arabic decimal separator and
right-to-left marks."""
from __future__ import annotations

import pytest

from extract.ingest.pages import normalize_text
from extract.model import EXCLUSION, INCLUSION
from extract.normalize.numbers import parse_number
from test_labs_langs12 import labs
from test_labs_langs13 import written

I, E = INCLUSION, EXCLUSION


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


# hospital and registry pages with the usual lab block of a HER2 trial: abbreviations, national normal-limit words,
# local units, the liver-metastases condition; each expected set written from reading the page
HOSPITAL = [
    ("ro",
     "Cine poate participa?\n"
     "Pot participa pacienții adulți cu cancer mamar HER2-pozitiv care au un număr de trombocite de cel puțin 100.000/mm³, o valoare a hemoglobinei de minimum 9 g/dl și o funcție renală adecvată (creatinină serică ≤ 1,5 mg/dl sau clearance al creatininei ≥ 60 ml/min).\n"
     "Nu pot participa pacienții cu fracție de ejecție a ventriculului stâng (FEVS) sub 50% sau cu interval QTcF > 470 ms.\n",
     {(I, "creatinine", "<=", 1.5, "mg/dL", None), (I, "creatinine_clearance", ">=", 60.0, "mL/min", None),
      (I, "hemoglobin", ">=", 9.0, "g/dL", None), (I, "platelets", ">=", 100.0, "10^9/L", None),
      (E, "lvef", "<", 50.0, "%", None), (E, "qtc", ">", 470.0, "ms", None)}),
    ("bg",
     "Критерии за включване:\n"
     "1. Адекватна функция на костния мозък: АБН ≥ 1500/мм³, тромбоцити ≥ 100 000/мм³, хемоглобин ≥ 9,0 г/дл.\n"
     "2. Адекватна чернодробна функция: общ билирубин ≤ 1,5 × ГГН; АСАТ и АЛАТ ≤ 2,5 × ГГН (≤ 5 × ГГН при наличие на чернодробни метастази).\n"
     "3. Серумен креатинин ≤ 1,5 × ГГН или креатининов клирънс ≥ 50 мл/мин.\n"
     "Критерии за изключване:\n"
     "1. ФИЛК < 50% по ехокардиография или MUGA.\n"
     "2. QTcF > 470 мсек.\n",
     {(I, "alt", "<=", 2.5, "xULN", None), (I, "alt", "<=", 5.0, "xULN", "чернодробни метастази"),
      (I, "anc", ">=", 1.5, "10^9/L", None), (I, "ast", "<=", 2.5, "xULN", None),
      (I, "ast", "<=", 5.0, "xULN", "чернодробни метастази"), (I, "creatinine", "<=", 1.5, "xULN", None),
      (I, "creatinine_clearance", ">=", 50.0, "mL/min", None), (I, "hemoglobin", ">=", 9.0, "g/dL", None),
      (I, "platelets", ">=", 100.0, "10^9/L", None), (I, "total_bilirubin", "<=", 1.5, "xULN", None),
      (E, "lvef", "<", 50.0, "%", None), (E, "qtc", ">", 470.0, "ms", None)}),
    ("uk",
     "Критерії включення\n"
     "1. Абсолютна кількість нейтрофілів ≥ 1,5 × 10⁹/л.\n"
     "2. Кількість тромбоцитів ≥ 100 × 10⁹/л.\n"
     "3. Загальний білірубін ≤ 1,5 × ВМН.\n"
     "4. АСТ і АЛТ ≤ 3 × ВМН (≤ 5 × ВМН у пацієнтів з метастазами в печінку).\n"
     "5. Кліренс креатиніну ≥ 50 мл/хв (за формулою Кокрофта-Голта).\n"
     "Критерії виключення\n"
     "1. ФВ ЛШ менше 50 %.\n"
     "2. Подовження інтервалу QTc понад 470 мс.\n",
     {(I, "alt", "<=", 3.0, "xULN", None), (I, "alt", "<=", 5.0, "xULN", "метастазами в печінку"),
      (I, "anc", ">=", 1.5, "10^9/L", None), (I, "ast", "<=", 3.0, "xULN", None),
      (I, "ast", "<=", 5.0, "xULN", "метастазами в печінку"),
      (I, "creatinine_clearance", ">=", 50.0, "mL/min", None), (I, "platelets", ">=", 100.0, "10^9/L", None),
      (I, "total_bilirubin", "<=", 1.5, "xULN", None), (E, "lvef", "<", 50.0, "%", None),
      (E, "qtc", ">", 470.0, "ms", None)}),
    ("sk",
     "Kto sa môže zúčastniť štúdie?\n"
     "Zaraďovacie kritériá:\n"
     "- absolútny počet neutrofilov ≥ 1 500/µl\n"
     "- počet trombocytov ≥ 100 000/µl\n"
     "- celkový bilirubín ≤ 1,5-násobok HHN\n"
     "- AST a ALT ≤ 3-násobok HHN (≤ 5-násobok HHN pri pečeňových metastázach)\n"
     "Vylučovacie kritériá:\n"
     "- klírens kreatinínu < 30 ml/min\n"
     "- ejekčná frakcia ľavej komory (EF ĽK) < 50 %\n",
     {(I, "alt", "<=", 3.0, "xULN", None), (I, "alt", "<=", 5.0, "xULN", "pečeňových metastázach"),
      (I, "anc", ">=", 1.5, "10^9/L", None), (I, "ast", "<=", 3.0, "xULN", None),
      (I, "ast", "<=", 5.0, "xULN", "pečeňových metastázach"), (I, "platelets", ">=", 100.0, "10^9/L", None),
      (I, "total_bilirubin", "<=", 1.5, "xULN", None), (E, "creatinine_clearance", "<", 30.0, "mL/min", None),
      (E, "lvef", "<", 50.0, "%", None)}),
    ("sl",
     "Merila za vključitev:\n"
     "• absolutno število nevtrofilcev ≥ 1,5 × 10^9/l\n"
     "• hemoglobin ≥ 90 g/l\n"
     "• AST in ALT ≤ 2,5-kratnik ZMN (≤ 5-kratnik ZMN pri bolnikih z jetrnimi metastazami)\n"
     "• ocenjena hitrost glomerulne filtracije ≥ 45 ml/min/1,73 m²\n"
     "Merila za izključitev:\n"
     "• iztisni delež levega prekata < 50 %\n"
     "• QTcF > 470 ms\n",
     {(I, "alt", "<=", 2.5, "xULN", None), (I, "alt", "<=", 5.0, "xULN", "jetrnimi metastazami"),
      (I, "anc", ">=", 1.5, "10^9/L", None), (I, "ast", "<=", 2.5, "xULN", None),
      (I, "ast", "<=", 5.0, "xULN", "jetrnimi metastazami"), (I, "gfr", ">=", 45.0, "mL/min", None),
      (I, "hemoglobin", ">=", 9.0, "g/dL", None), (E, "lvef", "<", 50.0, "%", None),
      (E, "qtc", ">", 470.0, "ms", None)}),
    ("hr",
     "Tko može sudjelovati?\n"
     "Kriteriji za uključivanje:\n"
     "1. Apsolutni broj neutrofila ≥ 1,5 x 10^9/L\n"
     "2. Hemoglobin ≥ 90 g/L\n"
     "3. AST i ALT ≤ 2,5 x GGN\n"
     "4. Klirens kreatinina ≥ 50 mL/min\n"
     "Kriteriji za isključivanje:\n"
     "1. Ejekcijska frakcija lijeve klijetke < 50%\n"
     "2. QTc interval > 470 ms\n",
     {(I, "alt", "<=", 2.5, "xULN", None), (I, "anc", ">=", 1.5, "10^9/L", None),
      (I, "ast", "<=", 2.5, "xULN", None), (I, "creatinine_clearance", ">=", 50.0, "mL/min", None),
      (I, "hemoglobin", ">=", 9.0, "g/dL", None), (E, "lvef", "<", 50.0, "%", None),
      (E, "qtc", ">", 470.0, "ms", None)}),
    ("sr",
     "Критеријуми за укључење\n"
     "- Апсолутни број неутрофила ≥ 1,5 × 10^9/л\n"
     "- Укупни билирубин ≤ 1,5 × ГГН\n"
     "- АСТ и АЛТ ≤ 3 × ГГН (≤ 5 × ГГН код пацијената са метастазама у јетри)\n"
     "Критеријуми за искључење\n"
     "- Ејекциона фракција леве коморе < 50%\n"
     "- QTc интервал > 470 мс\n",
     {(I, "alt", "<=", 3.0, "xULN", None), (I, "alt", "<=", 5.0, "xULN", "метастазама у јетри"),
      (I, "anc", ">=", 1.5, "10^9/L", None), (I, "ast", "<=", 3.0, "xULN", None),
      (I, "ast", "<=", 5.0, "xULN", "метастазама у јетри"), (I, "total_bilirubin", "<=", 1.5, "xULN", None),
      (E, "lvef", "<", 50.0, "%", None), (E, "qtc", ">", 470.0, "ms", None)}),
    ("lt",
     "Įtraukimo kriterijai:\n"
     "• Absoliutus neutrofilų skaičius ≥ 1,5 × 10^9/l.\n"
     "• Hemoglobino koncentracija ≥ 90 g/l.\n"
     "• AST ir ALT ≤ 3 × VNR (≤ 5 × VNR, jei yra metastazių kepenyse).\n"
     "• Kreatinino klirensas ≥ 50 ml/min.\n"
     "Neįtraukimo kriterijai:\n"
     "• Kairiojo skilvelio išstūmimo frakcija < 50 %.\n",
     {(I, "alt", "<=", 3.0, "xULN", None), (I, "alt", "<=", 5.0, "xULN", "metastazių kepenyse"),
      (I, "anc", ">=", 1.5, "10^9/L", None), (I, "ast", "<=", 3.0, "xULN", None),
      (I, "ast", "<=", 5.0, "xULN", "metastazių kepenyse"), (I, "creatinine_clearance", ">=", 50.0, "mL/min", None),
      (I, "hemoglobin", ">=", 9.0, "g/dL", None), (E, "lvef", "<", 50.0, "%", None)}),
    ("lv",
     "Iekļaušanas kritēriji:\n"
     "1) absolūtais neitrofilo skaits ≥ 1,5 × 10^9/l;\n"
     "2) trombocītu skaits ≥ 100 × 10^9/l;\n"
     "3) kopējais bilirubīns ≤ 1,5 × NAR;\n"
     "4) AST un ALT ≤ 3 × NAR (≤ 5 × NAR pacientiem ar aknu metastāzēm).\n"
     "Izslēgšanas kritēriji:\n"
     "1) KKIF < 50 %;\n"
     "2) QTcF > 470 ms.\n",
     {(I, "alt", "<=", 3.0, "xULN", None), (I, "alt", "<=", 5.0, "xULN", "aknu metastāzēm"),
      (I, "anc", ">=", 1.5, "10^9/L", None), (I, "ast", "<=", 3.0, "xULN", None),
      (I, "ast", "<=", 5.0, "xULN", "aknu metastāzēm"), (I, "platelets", ">=", 100.0, "10^9/L", None),
      (I, "total_bilirubin", "<=", 1.5, "xULN", None), (E, "lvef", "<", 50.0, "%", None),
      (E, "qtc", ">", 470.0, "ms", None)}),
    ("et",
     "Kaasamiskriteeriumid\n"
     "- neutrofiilide absoluutarv ≥ 1,5 × 10^9/l\n"
     "- hemoglobiin ≥ 90 g/l\n"
     "- ASAT ja ALAT ≤ 3 × ULN (maksametastaaside korral ≤ 5 × ULN)\n"
     "- kreatiniini kliirens ≥ 50 ml/min\n"
     "Välistamiskriteeriumid\n"
     "- vasaku vatsakese väljutusfraktsioon < 50%\n"
     "- QTcF > 470 ms\n",
     {(I, "alt", "<=", 3.0, "xULN", None), (I, "alt", "<=", 5.0, "xULN", "maksametastaaside korral"),
      (I, "anc", ">=", 1.5, "10^9/L", None), (I, "ast", "<=", 3.0, "xULN", None),
      (I, "ast", "<=", 5.0, "xULN", "maksametastaaside korral"),
      (I, "creatinine_clearance", ">=", 50.0, "mL/min", None), (I, "hemoglobin", ">=", 9.0, "g/dL", None),
      (E, "lvef", "<", 50.0, "%", None), (E, "qtc", ">", 470.0, "ms", None)}),
    ("ar",
     "من يمكنه المشاركة؟\n"
     "معايير الإدراج:\n"
     "• العدد المطلق للعدلات ≥ 1500/ميكرولتر\n"
     "• الصفائح الدموية ≥ 100,000/ميكرولتر\n"
     "• البيليروبين الكلي ≤ 1.5 ضعف الحد الأعلى للطبيعي\n"
     "• ناقلة أمين الألانين (ALT) ≤ 3 أضعاف الحد الأعلى للطبيعي\n"
     "• تصفية الكرياتينين ≥ 50 مل/دقيقة\n"
     "معايير الاستبعاد:\n"
     "• الكسر القذفي للبطين الأيسر (LVEF) أقل من 50%\n"
     "• فترة QTc أطول من 470 مللي ثانية\n",
     {(I, "alt", "<=", 3.0, "xULN", None), (I, "anc", ">=", 1.5, "10^9/L", None),
      (I, "creatinine_clearance", ">=", 50.0, "mL/min", None), (I, "platelets", ">=", 100.0, "10^9/L", None),
      (I, "total_bilirubin", "<=", 1.5, "xULN", None), (E, "lvef", "<", 50.0, "%", None),
      (E, "qtc", ">", 470.0, "ms", None)}),
    ("ca",
     "Qui pot participar?\n"
     "Criteris d'inclusió:\n"
     "- Recompte absolut de neutròfils ≥ 1.500/mm³\n"
     "- Hemoglobina ≥ 9 g/dl\n"
     "- AST i ALT ≤ 3 vegades el LSN (≤ 5 vegades el LSN en cas de metàstasis hepàtiques)\n"
     "- Aclariment de creatinina ≥ 50 ml/min\n"
     "Criteris d'exclusió:\n"
     "- FEVE inferior al 50%\n"
     "- QTcF superior a 470 ms\n",
     {(I, "alt", "<=", 3.0, "xULN", None), (I, "alt", "<=", 5.0, "xULN", "metàstasis hepàtiques"),
      (I, "anc", ">=", 1.5, "10^9/L", None), (I, "ast", "<=", 3.0, "xULN", None),
      (I, "ast", "<=", 5.0, "xULN", "metàstasis hepàtiques"),
      (I, "creatinine_clearance", ">=", 50.0, "mL/min", None), (I, "hemoglobin", ">=", 9.0, "g/dL", None),
      (E, "lvef", "<", 50.0, "%", None), (E, "qtc", ">", 470.0, "ms", None)}),
    ("ms",
     "Siapa yang boleh menyertai?\n"
     "Kriteria Kemasukan:\n"
     "1. Kiraan neutrofil mutlak ≥ 1.5 × 10^9/L\n"
     "2. Hemoglobin ≥ 9 g/dL\n"
     "3. AST dan ALT ≤ 3 × had atas normal (≤ 5 × had atas normal bagi pesakit dengan metastasis hati)\n"
     "4. Pelepasan kreatinin ≥ 50 mL/min\n"
     "Kriteria Pengecualian:\n"
     "1. Pecahan ejeksi ventrikel kiri < 50%\n"
     "2. QTcF melebihi 470 ms\n",
     {(I, "alt", "<=", 3.0, "xULN", None), (I, "alt", "<=", 5.0, "xULN", "metastasis hati"),
      (I, "anc", ">=", 1.5, "10^9/L", None), (I, "ast", "<=", 3.0, "xULN", None),
      (I, "ast", "<=", 5.0, "xULN", "metastasis hati"), (I, "creatinine_clearance", ">=", 50.0, "mL/min", None),
      (I, "hemoglobin", ">=", 9.0, "g/dL", None), (E, "lvef", "<", 50.0, "%", None),
      (E, "qtc", ">", 470.0, "ms", None)}),
]


@pytest.mark.parametrize("text,expected", [p[1:] for p in HOSPITAL], ids=[p[0] for p in HOSPITAL])
def test_hospital_pages_with_conditions(text, expected):
    assert labs(text) == expected


def test_negated_items_and_pages_without_diacritics():
    """neg_no_l14 / neg_post_not_allowed_l14: 'without' before, 'is not allowed' after a bound in an inclusion list is an
    exclusion bound; Romanian written without diacritics (a form filled on a keyboard without them)."""
    text = ("Criterii de includere\n1. Fără interval QTcF > 470 ms\n2. Trombocite ≥ 100 × 10^9/l\n"
            "Kriteriji uključenja\n• Bez QTc > 480 ms\n• ALT ≤ 3 × GGN; QTc > 500 ms nije dozvoljen\n")
    assert labs(text, 4) == {(E, "qtc", ">", 470.0), (I, "platelets", ">=", 100.0), (E, "qtc", ">", 480.0),
                             (I, "alt", "<=", 3.0), (E, "qtc", ">", 500.0)}
    text = ("Criterii de includere\n- bilirubina totala <= 1,5 x LSN\n- fractia de ejectie a ventriculului stang >= 50%\n"
            "- numarul de trombocite cel putin 75 x 10^9/l\n")
    assert labs(text, 5) == {(I, "total_bilirubin", "<=", 1.5, "xULN"), (I, "lvef", ">=", 50.0, "%"),
                             (I, "platelets", ">=", 75.0, "10^9/L")}

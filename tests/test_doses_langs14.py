"""Doses, session 9 (languages before they are met): Romanian, Bulgarian, Ukrainian, Slovak, Slovenian,
Croatian/Bosnian (Latin), Serbian (Cyrillic), Lithuanian, Latvian, Estonian, Arabic, Catalan and Malay as rule rows,
each on invented pages in the styles of real ones (a registry record's intervention section, a hospital's trial
listing, a news item), run through the whole pipeline. The expected rows are read from the pages."""
from __future__ import annotations

from extract.pipeline import process
from test_doses_h10 import find

TITLE = "A Phase 2 Study of Testumab in HER2-positive Gastric Cancer\n\n"


def doses(text: str) -> list[dict]:
    return [f.attrs for f in process(TITLE + text).facts if f.kind == "dose"]


# ---------------------------------------------------------------- Romanian

def test_romanian_registry_arms_loading_dose_and_cycle():
    rs = doses("Intervenții\nBrațul A: trastuzumab 8 mg/kg intravenos ca doză de încărcare, apoi 6 mg/kg intravenos "
               "la fiecare 3 săptămâni.\nBrațul B: capecitabină 1000 mg/m² pe cale orală de două ori pe zi în zilele 1-14 "
               "ale fiecărui ciclu de 21 de zile.\n")
    find(rs, 8.0, "mg/kg", intervention="trastuzumab", route="IV", interval_days=None, context="Brațul A")
    find(rs, 6.0, "mg/kg", intervention="trastuzumab", route="IV", interval_days=21.0, context="Brațul A")
    find(rs, 1000.0, "mg/m2", intervention="capecitabină", route="PO", interval_days=0.5, context="Brațul B")


def test_romanian_hospital_and_news():
    rs = doses("Tratament\nPacienții primesc QX-12 în doză de 2,4 mg/kg prin perfuzie intravenoasă o dată la 3 săptămâni.\n")
    find(rs, 2.4, "mg/kg", intervention="QX-12", route="IV", interval_days=21.0)
    rs = doses("Noul medicament QX-12 se administrează zilnic, pe cale orală, în doză de 40 mg, "
               "a anunțat spitalul.\n")
    find(rs, 40.0, "mg", intervention="QX-12", route="PO", interval_days=1.0)


def test_romanian_dose_levels():
    rs = doses("Tratamentul studiului\nNivelul de doză 1: QX-12 1,2 mg/kg\nNivelul de doză 2: QX-12 2,4 mg/kg\n")
    find(rs, 1.2, "mg/kg", dose_level=1)
    find(rs, 2.4, "mg/kg", dose_level=2)


# ---------------------------------------------------------------- Bulgarian

def test_bulgarian_registry_cyrillic_units_and_cycle():
    rs = doses("Лечение в проучването\nРамо А: трастузумаб 8 мг/кг интравенозно като натоварваща доза, след това "
               "6 мг/кг на всеки 3 седмици.\nРамо Б: капецитабин 1000 мг/м2 перорално два пъти дневно в дни 1-14 "
               "на 21-дневен цикъл.\n")
    find(rs, 6.0, "mg/kg", intervention="трастузумаб", route="IV", interval_days=21.0, context="Рамо А")
    find(rs, 1000.0, "mg/m2", intervention="капецитабин", route="PO", interval_days=0.5, context="Рамо Б")


def test_bulgarian_hospital_and_news():
    rs = doses("Изпитваният лекарствен продукт\nQX-12 се прилага като интравенозна инфузия в доза 3 мг/кг веднъж на 2 седмици.\n")
    find(rs, 3.0, "mg/kg", intervention="QX-12", route="IV", interval_days=14.0)
    rs = doses("Пациентите в проучването ще получават QX-12 по 200 мг перорално веднъж дневно, съобщиха от болницата.\n")
    find(rs, 200.0, "mg", intervention="QX-12", route="PO", interval_days=1.0)


# ---------------------------------------------------------------- Ukrainian

def test_ukrainian_registry_subcutaneous_and_weeks_cycle():
    rs = doses("Втручання\nГрупа А: QX-12 600 мг підшкірно кожні 3 тижні.\n"
               "Група Б: паклітаксел 80 мг/м2 внутрішньовенно щотижня у 4-тижневому циклі.\n")
    find(rs, 600.0, "mg", intervention="QX-12", route="SC", interval_days=21.0, context="Група А")
    find(rs, 80.0, "mg/m2", route="IV", interval_days=7.0, context="Група Б")


def test_ukrainian_hospital_and_news():
    rs = doses("Досліджуваний препарат\nQX-12 вводять внутрішньовенно по 5,4 мг/кг кожні 21 день.\n")
    find(rs, 5.4, "mg/kg", intervention="QX-12", route="IV", interval_days=21.0)
    rs = doses("Учасники дослідження отримуватимуть QX-12 у дозі 100 мкг/кг підшкірно раз на тиждень, повідомила лікарня.\n")
    find(rs, 100.0, "ug/kg", intervention="QX-12", route="SC", interval_days=7.0)


# ---------------------------------------------------------------- Slovak

def test_slovak_registry_arms_and_cycle():
    rs = doses("Skúšané lieky a dávkovanie\nRameno A: QX-12 6 mg/kg intravenózne každé 3 týždne.\n"
               "Rameno B: kapecitabín 1000 mg/m2 perorálne 2× denne v dňoch 1 až 14 21-dňového cyklu.\n")
    find(rs, 6.0, "mg/kg", intervention="QX-12", route="IV", interval_days=21.0, context="Rameno A")
    find(rs, 1000.0, "mg/m2", route="PO", interval_days=0.5, context="Rameno B")


def test_slovak_hospital_and_news():
    rs = doses("Liečba\nPacienti dostávajú QX-12 v dávke 240 mg ústami raz denne.\n")
    find(rs, 240.0, "mg", intervention="QX-12", route="PO", interval_days=1.0)
    rs = doses("V novej štúdii pacienti dostanú QX-12 v infúzii 8 mg/kg ako úvodnú dávku, potom 6 mg/kg každé 3 týždne.\n")
    find(rs, 6.0, "mg/kg", intervention="QX-12", interval_days=21.0)


# ---------------------------------------------------------------- Slovenian

def test_slovenian_registry_and_hospital():
    rs = doses("Zdravljenje v študiji\nSkupina A: QX-12 6 mg/kg intravensko vsake 3 tedne.\n"
               "Skupina B: kapecitabin 1000 mg/m2 peroralno dvakrat na dan, 21-dnevni cikel.\n")
    find(rs, 6.0, "mg/kg", intervention="QX-12", route="IV", interval_days=21.0, context="Skupina A")
    find(rs, 1000.0, "mg/m2", route="PO", interval_days=0.5, context="Skupina B")
    rs = doses("Zdravilo v preskušanju\nQX-12 prejmete v infuziji v odmerku 4 mg/kg enkrat tedensko.\n")
    find(rs, 4.0, "mg/kg", intervention="QX-12", route="IV", interval_days=7.0)


def test_slovenian_news():
    rs = doses("Bolniki v raziskavi bodo prejemali QX-12 v odmerku 300 mg podkožno na 2 tedna, so sporočili iz bolnišnice.\n")
    find(rs, 300.0, "mg", intervention="QX-12", route="SC", interval_days=14.0)


# ---------------------------------------------------------------- Croatian / Bosnian (Latin)

def test_croatian_registry_loading_dose_and_cycle():
    rs = doses("Ispitivani lijek\nKrak A: trastuzumab 8 mg/kg intravenski kao udarna doza, zatim 6 mg/kg svaka 3 tjedna.\n"
               "Krak B: kapecitabin 1000 mg/m2 oralno dvaput dnevno u danima 1-14 ciklusa od 21 dan.\n")
    find(rs, 6.0, "mg/kg", intervention="trastuzumab", route="IV", interval_days=21.0, context="Krak A")
    find(rs, 1000.0, "mg/m2", intervention="kapecitabin", route="PO", interval_days=0.5, context="Krak B")


def test_bosnian_hospital_and_croatian_news():
    rs = doses("Liječenje u ispitivanju\nPacijenti primaju QX-12 u dozi od 2 mg/kg intravenskom infuzijom svakih 14 dana.\n")
    find(rs, 2.0, "mg/kg", intervention="QX-12", route="IV", interval_days=14.0)
    rs = doses("Sudionici će primati QX-12 u dozi od 150 mg potkožno jednom tjedno, objavila je bolnica.\n")
    find(rs, 150.0, "mg", intervention="QX-12", route="SC", interval_days=7.0)


# ---------------------------------------------------------------- Serbian (Cyrillic and Latin)

def test_serbian_cyrillic_registry_and_hospital():
    rs = doses("Испитивани лек\nГрупа А: трастузумаб 8 мг/кг интравенски, затим 6 мг/кг сваке 3 недеље.\n"
               "Група Б: капецитабин 1000 мг/м2 орално двапут дневно, у циклусима од 21 дана.\n")
    find(rs, 6.0, "mg/kg", intervention="трастузумаб", route="IV", interval_days=21.0, context="Група А")
    find(rs, 1000.0, "mg/m2", intervention="капецитабин", route="PO", interval_days=0.5, context="Група Б")
    rs = doses("Лечење\nQX-12 се даје поткожно у дози од 100 мг једном недељно.\n")
    find(rs, 100.0, "mg", intervention="QX-12", route="SC", interval_days=7.0)


def test_serbian_latin_news():
    rs = doses("Pacijenti u studiji dobijaće QX-12 u dozi od 5 mg/kg intravenozno svake 3 nedelje, saopštila je bolnica.\n")
    find(rs, 5.0, "mg/kg", intervention="QX-12", route="IV", interval_days=21.0)


# ---------------------------------------------------------------- Lithuanian

def test_lithuanian_registry_and_hospital():
    rs = doses("Tiriamasis vaistas\nGrupė A: trastuzumabas 8 mg/kg į veną, po to 6 mg/kg kas 3 savaites.\n"
               "Grupė B: kapecitabinas 1000 mg/m2 per burną du kartus per dieną.\n")
    find(rs, 6.0, "mg/kg", intervention="trastuzumabas", route="IV", interval_days=21.0, context="Grupė A")
    find(rs, 1000.0, "mg/m2", route="PO", interval_days=0.5, context="Grupė B")
    rs = doses("Gydymas\nQX-12 skiriama infuzija po 3 mg/kg kas 14 dienų.\n")
    find(rs, 3.0, "mg/kg", intervention="QX-12", route="IV", interval_days=14.0)


def test_lithuanian_news():
    rs = doses("Tyrimo dalyviai gaus QX-12 po 200 mg per burną kartą per dieną, pranešė ligoninė.\n")
    find(rs, 200.0, "mg", intervention="QX-12", route="PO", interval_days=1.0)


# ---------------------------------------------------------------- Latvian

def test_latvian_registry_and_hospital():
    rs = doses("Pētāmās zāles\nGrupa A: trastuzumabs 6 mg/kg intravenozi ik pēc 3 nedēļām.\n"
               "Grupa B: kapecitabīns 1000 mg/m2 iekšķīgi divas reizes dienā.\n")
    find(rs, 6.0, "mg/kg", intervention="trastuzumabs", route="IV", interval_days=21.0, context="Grupa A")
    find(rs, 1000.0, "mg/m2", route="PO", interval_days=0.5, context="Grupa B")
    rs = doses("Ārstēšana\nQX-12 ievada infūzijā 2 mg/kg devā reizi nedēļā.\n")
    find(rs, 2.0, "mg/kg", intervention="QX-12", route="IV", interval_days=7.0)


def test_latvian_news():
    rs = doses("Pētījuma dalībnieki saņems QX-12 400 mg iekšķīgi vienu reizi dienā, ziņo slimnīca.\n")
    find(rs, 400.0, "mg", intervention="QX-12", route="PO", interval_days=1.0)


# ---------------------------------------------------------------- Estonian

def test_estonian_registry_and_hospital():
    rs = doses("Uuringuravim\nRühm A: trastuzumab 6 mg/kg veeni iga 3 nädala järel.\n"
               "Rühm B: kapetsitabiin 1000 mg/m2 suukaudselt kaks korda päevas.\n")
    find(rs, 6.0, "mg/kg", intervention="trastuzumab", route="IV", interval_days=21.0, context="Rühm A")
    find(rs, 1000.0, "mg/m2", route="PO", interval_days=0.5, context="Rühm B")
    rs = doses("Ravi uuringus\nQX-12 manustatakse infusioonina annuses 4 mg/kg kord nädalas.\n")
    find(rs, 4.0, "mg/kg", intervention="QX-12", route="IV", interval_days=7.0)


def test_estonian_news():
    rs = doses("Uuringus osalejad saavad QX-12 annuses 300 mg suukaudselt üks kord päevas, teatas haigla.\n")
    find(rs, 300.0, "mg", intervention="QX-12", route="PO", interval_days=1.0)


# ---------------------------------------------------------------- Arabic

def test_arabic_registry_arabic_indic_digits_units_and_groups():
    rs = doses("التدخلات\nالمجموعة أ: تراستوزوماب ٨ ملغ/كغ وريديًا كجرعة تحميل، ثم ٦ ملغ/كغ كل ٣ أسابيع.\n"
               "المجموعة ب: كابيسيتابين ١٠٠٠ ملغ/م² عن طريق الفم مرتين يوميًا في الأيام ١-١٤.\n")
    find(rs, 8.0, "mg/kg", intervention="تراستوزوماب", route="IV", interval_days=None, context="المجموعة أ")
    find(rs, 6.0, "mg/kg", intervention="تراستوزوماب", interval_days=21.0, context="المجموعة أ")
    find(rs, 1000.0, "mg/m2", intervention="كابيسيتابين", route="PO", interval_days=0.5, context="المجموعة ب")


def test_arabic_hospital_without_diacritics_and_news():
    rs = doses("العلاج\nيعطى الدواء QX-12 بجرعة 2.4 ملغ/كغ عن طريق الوريد كل 21 يوما.\n")
    find(rs, 2.4, "mg/kg", intervention="QX-12", route="IV", interval_days=21.0)
    rs = doses("وسيتلقى المشاركون في الدراسة QX-12 بجرعة 200 مجم عن طريق الفم مرة واحدة يوميا، حسبما أعلن المستشفى.\n")
    find(rs, 200.0, "mg", intervention="QX-12", route="PO", interval_days=1.0)


# ---------------------------------------------------------------- Catalan

def test_catalan_registry_and_hospital():
    rs = doses("Tractament\nBraç A: trastuzumab 6 mg/kg per via intravenosa cada 3 setmanes.\n"
               "Braç B: capecitabina 1000 mg/m2 per via oral dues vegades al dia els dies 1 a 14 de cada cicle de 21 dies.\n")
    find(rs, 6.0, "mg/kg", intervention="trastuzumab", route="IV", interval_days=21.0, context="Braç A")
    find(rs, 1000.0, "mg/m2", intervention="capecitabina", route="PO", interval_days=0.5, context="Braç B")
    rs = doses("Medicament en investigació\nEl QX-12 s'administra en infusió intravenosa a una dosi de 8 mg/kg com a "
               "dosi de càrrega i després 6 mg/kg cada 21 dies.\n")
    find(rs, 6.0, "mg/kg", intervention="QX-12", route="IV", interval_days=21.0)


def test_catalan_news():
    rs = doses("Els participants rebran QX-12 a una dosi de 160 mg per via oral un cop al dia, segons l'hospital.\n")
    find(rs, 160.0, "mg", intervention="QX-12", route="PO", interval_days=1.0)


# ---------------------------------------------------------------- Malay

def test_malay_registry_and_hospital():
    rs = doses("Rawatan kajian\nKumpulan A: trastuzumab 6 mg/kg secara intravena setiap 3 minggu dalam kitaran 21 hari.\n"
               "Kumpulan B: kapesitabin 1000 mg/m2 secara oral sehari dua kali pada hari 1 hingga 14.\n")
    find(rs, 6.0, "mg/kg", intervention="trastuzumab", route="IV", interval_days=21.0, context="Kumpulan A")
    find(rs, 1000.0, "mg/m2", intervention="kapesitabin", route="PO", interval_days=0.5, context="Kumpulan B")
    rs = doses("Ubat kajian\nQX-12 diberikan melalui titisan intravena pada dos 3 mg/kg setiap 2 minggu.\n")
    find(rs, 3.0, "mg/kg", intervention="QX-12", route="IV", interval_days=14.0)


def test_malay_news():
    rs = doses("Peserta kajian akan menerima QX-12 sebanyak 250 mg secara oral sehari sekali, kata pihak hospital.\n")
    find(rs, 250.0, "mg", intervention="QX-12", route="PO", interval_days=1.0)


# ---------------------------------------------------------------- a Lithuanian "po to" is no oral route

def test_po_before_to_is_no_route():
    rs = doses("Gydymas\nQX-12 8 mg/kg į veną, po to 6 mg/kg į veną kas 3 savaites.\n")
    find(rs, 6.0, "mg/kg", intervention="QX-12", route="IV", interval_days=21.0)

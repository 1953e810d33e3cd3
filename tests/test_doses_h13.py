"""Doses and HER2 criteria, issue 13 (blind set 13): languages of set 13 as rule rows, on invented
pages run through the whole pipeline."""
from __future__ import annotations

from extract.pipeline import process
from test_doses_h10 import find


def doses(text: str) -> list[dict]:
    return [f.attrs for f in process(text).facts if f.kind == "dose"]


def her2(text: str) -> set[tuple[str, str]]:
    return {(f.attrs["criterion_type"], f.attrs["her2_status"]) for f in process(text).facts if f.kind.startswith("her2")}


TITLE = "A Phase 2 Study of Testumab in HER2-positive Gastric Cancer\n\n"


def test_nynorsk_cycle_above_the_group_lines_and_weekly_words():
    rs = doses(TITLE + "Behandling\nBehandlinga blir gitt i syklusar på 28 dagar.\n"
               "Gruppe A: testumab 600 mg intravenøst dag 1 kvar 2. veke, og docetaxel 60 mg/m² intravenøst dag 1.\n"
               "Gruppe B: trastuzumab 8 mg/kg intravenøst som startdose, deretter 6 mg/kg intravenøst kvar 3. veke.\n"
               "Du tek CT kvar 9. veke.\n")
    find(rs, 600.0, "mg", intervention="testumab", route="IV", interval_days=14.0, context="Gruppe A")
    find(rs, 60.0, "mg/m2", route="IV", interval_days=28.0)
    find(rs, 6.0, "mg/kg", intervention="trastuzumab", interval_days=21.0, context="Gruppe B")


def test_swedish_every_nth_day_and_loading_dose():
    rs = doses(TITLE + "Behandling\nTestumab ges: 8 mg/kg i.v. som laddningsdos, därefter 6 mg/kg i.v. var 14:e dag.\n")
    find(rs, 6.0, "mg/kg", intervention="Testumab", route="IV", interval_days=14.0)


def test_finnish_levels_route_and_weeks():
    rs = doses(TITLE + "Tutkimushoito\nQX-12 annetaan laskimoon 2 viikon välein:\n"
               "Annostaso 1: 1,5 mg/kg\nAnnostaso 2: 3 mg/kg\n")
    find(rs, 1.5, "mg/kg", intervention="QX-12", route="IV", interval_days=14.0, dose_level=1)
    find(rs, 3.0, "mg/kg", dose_level=2)


def test_italian_cycle_and_two_letter_arm():
    rs = doses(TITLE + "Trattamento\nBraccio TP: paclitaxel 80 mg/m² e.v. nei giorni 1, 8 e 15 di ogni ciclo di 28 giorni.\n")
    find(rs, 80.0, "mg/m2", intervention="paclitaxel", route="IV", interval_days=28.0, context="Braccio TP")


def test_hebrew_units_cohorts_and_a_schedule_line_above_them():
    rs = doses(TITLE + "הטיפול במחקר\nתרופת המחקר ניתנת אחת ל-2 שבועות:\n"
               "קוהורט A: QX-12 במינון 2.4 מ\"ג/ק\"ג\nקוהורט B: QX-12 במינון 3.6 מ\"ג/ק\"ג\n")
    find(rs, 2.4, "mg/kg", intervention="QX-12", interval_days=14.0, context="קוהורט A")
    find(rs, 3.6, "mg/kg", context="קוהורט B")


def test_thai_glued_drug_prefix_units_and_schedules():
    rs = doses(TITLE + "การรักษาในโครงการ\n"
               "กลุ่มที่ 1: ยาเนราทินิบ 240 มก. รับประทานวันละ 1 ครั้ง ร่วมกับยาคาเพซิทาบีน 750 มก./ตร.ม. "
               "รับประทานวันละ 2 ครั้ง ในวันที่ 1-14 ทุก 21 วัน\n")
    find(rs, 240.0, "mg", intervention="เนราทินิบ", route="PO", interval_days=1.0, context="กลุ่มที่ 1")
    find(rs, 750.0, "mg/m2", intervention="คาเพซิทาบีน", route="PO", interval_days=0.5)


def test_korean_dose_steps():
    rs = doses(TITLE + "투여 방법\nQX-12를 3주 간격으로 정맥 투여하며 용량 1단계 0.8 mg/kg, 2단계 1.6 mg/kg 순으로 증량한다.\n")
    find(rs, 0.8, "mg/kg", dose_level=1, intervention="QX-12")
    find(rs, 1.6, "mg/kg", dose_level=2, intervention="QX-12")


def test_finnish_her2_words_and_criteria_headings():
    got = her2("Tutkimus HER2-matalaa rintasyöpää sairastavilla potilailla\n\n"
               "Sisäänottokriteerit (keskeiset)\n- HER2-matala (IHC 1+ tai IHC 2+ ja ISH negatiivinen)\n- ECOG 0–1 ja vähintään yksi aiempi hoito\n\n"
               "Poissulkukriteerit\n- HER2-positiivinen tauti (IHC 3+ tai ISH-positiivinen)\n")
    assert ("INCLUSION", "LOW") in got and ("EXCLUSION", "POSITIVE") in got, got


def test_nynorsk_and_hebrew_criteria_headings():
    got = her2("Studie\n\nKven kan delta?\nInklusjonskriterium\n• HER2-positiv svulst (IHC 3+ eller IHC 2+ med positiv ISH)\n"
               "• Du skal vere 18 år eller eldre og ikkje ha fått behandling\n")
    assert ("INCLUSION", "POSITIVE") in got, got
    got = her2("מחקר\n\nקריטריונים עיקריים להכללה\n • ביטוי HER2 ברמה של IHC 1+, 2+ או 3+ לפי בדיקה של המחקר\n • גיל 18 ומעלה עם או בלי טיפול לפחות\n")
    assert ("INCLUSION", "EXPRESSING") in got, got

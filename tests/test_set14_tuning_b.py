"""Doses, lab thresholds and HER2 criteria on the kinds of pages blind set 14 brought (session 9, set-14
tuning b): list intros written as sentences (Japanese, Korean), hard-wrapped prose, doses stated once for
both arms, contracted Romance comparators, Korean particles, decimal-comma ratios. Short pages written
here in the styles of those sites, never copies of set-14 pages; rows asserted by reading the page."""
from __future__ import annotations

from extract.components.labs import extract_lab_thresholds
from extract.context import build_context, is_wrap
from extract.layout import analyze
from extract.model import EXCLUSION, INCLUSION
from extract.pipeline import process

I, E = INCLUSION, EXCLUSION


def doses(text: str) -> list[dict]:
    return [f.attrs for f in process(text).facts if f.kind == "dose"]


def her2(text: str) -> list[dict]:
    return [f.attrs for f in process(text).facts if f.kind.startswith("her2")]


def labs(text: str) -> set[tuple]:
    ctx = build_context(text, analyze(text))
    return {(f.attrs["criterion_type"], f.attrs["analyte"], f.attrs["comparator"], f.attrs["value"], f.attrs["unit"])
            for f in extract_lab_thresholds(text, ctx)}


def lab_rows(text: str) -> list[dict]:
    ctx = build_context(text, analyze(text))
    return [f.attrs for f in extract_lab_thresholds(text, ctx)]


def by(rows: list[dict], low: float, unit: str) -> list[dict]:
    return [r for r in rows if r["dose_low"] == low and r["unit"] == unit]


# ---- doses stated once for every arm

def test_backbone_for_both_groups_is_each_groups_dose():
    rs = doses("Study of Zorvatinib in HER2-Positive Breast Cancer\n\nTreatment\n\n"
               "Group A: zorvatinib 150 mg by mouth twice daily.\n\n"
               "Group B: placebo tablets by mouth twice daily.\n\n"
               "Patients in both groups also receive docetaxel 75 mg/m2 IV every 3 weeks for 6 cycles.\n")
    assert {r["context"] for r in by(rs, 75.0, "mg/m2")} == {"Group A", "Group B"}
    assert all(r["interval_days"] == 21.0 and r["route"] == "IV" for r in by(rs, 75.0, "mg/m2"))
    assert [r["context"] for r in by(rs, 150.0, "mg")] == ["Group A"]


def test_spanish_news_both_arms_named_in_sentences():
    rs = doses("Arranca el ensayo LUCERO-G en cáncer gástrico\n\n"
               "En el brazo experimental reciben ZX-100 a una dosis de 900 mg por vía intravenosa cada tres semanas. "
               "En el brazo control reciben solo quimioterapia.\n"
               "En ambos brazos, la quimioterapia consiste en oxaliplatino 130 mg/m2 por vía intravenosa cada tres semanas.\n")
    assert {r["context"] for r in by(rs, 130.0, "mg/m2")} == {"brazo experimental", "brazo control"}
    assert [r["context"] for r in by(rs, 900.0, "mg")] == ["brazo experimental"]


def test_group_label_inside_the_sentence_stays_the_doses_own():
    rs = doses("用药介绍\n受试者随机进入以下两组,每21天为一个周期:,试验组:ZK-5 20 mg/kg 静脉输注,第1天给药。\n")
    assert [r["context"] for r in by(rs, 20.0, "mg/kg")] == ["试验组"]


# ---- a Japanese hospital listing: list intros as sentences, group labels, list marks, "N日ごと"

JA_PAGE = (
    "がんに関する治験\n"
    "治験ごとに対象となる疾患以外に参加条件がありますので、各診療科にお問い合わせください。\n\n"
    "試験名\nHER2低発現乳がんを対象にZK-77と医師選択化学療法を比較する第Ⅲ相試験\n\n"
    "実施方法\n"
    "A群:ZK-77 6.0 mg/kg を3週間ごとに点滴静注\n"
    "B群:医師選択化学療法(以下のいずれか)\n"
    " ・ゲムシタビン 1,000 mg/m² 第1日、第8日に静注(21日ごと)\n\n"
    "患者選択基準\n"
    "以下のすべてに該当する方が対象となります。\n"
    "1. 20歳以上の方\n"
    "2. 好中球数 1,500/mm³以上\n\n"
    "以下のいずれかに該当する方は参加できません。\n"
    "1. 過去にHER2陽性(IHC 3+又はISH陽性)と判定されたことがある方\n"
    "2. 左室駆出率(LVEF)50%未満の方\n"
)


def test_japanese_listing_doses_read_outside_the_criteria():
    rs = doses(JA_PAGE)
    a = by(rs, 6.0, "mg/kg")
    assert a and a[0]["context"] == "A群" and a[0]["interval_days"] == 21.0 and a[0]["route"] == "IV"
    b = by(rs, 1000.0, "mg/m2")
    assert b and b[0]["intervention"] == "ゲムシタビン" and b[0]["context"] == "B群" and b[0]["interval_days"] == 21.0


def test_japanese_exclusion_intro_sentence_types_the_list():
    got = labs(JA_PAGE)
    assert (E, "lvef", "<", 50.0, "%") in got and (I, "anc", ">=", 1.5, "10^9/L") in got
    assert {(r["criterion_type"], r["her2_status"]) for r in her2(JA_PAGE)} >= {(E, "POSITIVE")}
    assert (I, "POSITIVE") not in {(r["criterion_type"], r["her2_status"]) for r in her2(JA_PAGE)}


def test_korean_list_intros_and_eligibility_heading():
    page = ("연구대상자 자격 요건\n\n1. 다음의 조건을 모두 충족 해야 함.\n"
            "     - HER2 양성 (IHC 3+ 또는 IHC 2+ 이면서 ISH 양성)\n     - 혈소판 100,000/mm3 이상\n\n"
            "2. 다음 중 하나라도 해당되는 것이 없어야 함.\n     - 좌심실 구혈률(LVEF) 50% 미만\n")
    assert (I, "POSITIVE") in {(r["criterion_type"], r["her2_status"]) for r in her2(page)}
    got = labs(page)
    assert (I, "platelets", ">=", 100.0, "10^9/L") in got and (E, "lvef", "<", 50.0, "%") in got


def test_chinese_article_part_and_related_reading_end_the_exclusion_list():
    page = ("【研究者说】一项II期研究的设计\n\n三、入排标准\n\n主要排除标准:(1)HER2阳性者;(2)QTcF>470 ms。\n\n"
            "四、研究者思考\n\nHER2低表达的判读存在一定差异。\n\n相关阅读\n· HER2阳性晚期胃癌的新进展\n")
    rows = {(r["criterion_type"], r["her2_status"]) for r in her2(page)}
    assert (E, "POSITIVE") in rows and (E, "LOW") not in rows


# ---- hard-wrapped prose (a hospital's print view)

DE_WRAPPED = (
    "Forschungsprojekte\n\n"
    "Die Studie ist eine offene Phase-II-Studie und wird an der Klinik mit 20 Patienten durchgeführt.\n"
    "Eingeschlossen werden können Patient:innen ab 18 Jahren mit\n"
    "einem HER2-positiven (IHC 3+ oder IHC 2+ mit positiver ISH), nicht\n"
    "resezierbaren Adenokarzinom. Voraussetzung sind ausreichende Organfunktionen:\n"
    "neutrophile Granulozyten mindestens 1,5 × 10^9/l, Thrombozyten\n"
    "mindestens 100 × 10^9/l, AST und ALT höchstens das 3-Fache des ULN (bei\n"
    "Lebermetastasen höchstens das 5-Fache).\n"
    "Behandlung: In Arm A erhalten die Teilnehmenden ZK-0917 in einer\n"
    "Dosis von 5,4 mg/kg als Infusion in die Vene an Tag 1 eines jeden 21-tägigen Zyklus.\n"
)


def test_wrapped_lines_are_one_unit_for_labs():
    got = labs(DE_WRAPPED)
    assert (I, "platelets", ">=", 100.0, "10^9/L") in got
    assert (I, "alt", "<=", 5.0, "xULN") in got and (I, "ast", "<=", 3.0, "xULN") in got


def test_wrapped_lines_are_one_unit_for_her2_and_doses():
    rows = [r for r in her2(DE_WRAPPED) if r["criterion_type"] == I]
    assert rows and rows[0]["her2_status"] == "POSITIVE" and rows[0]["ish"] == "POSITIVE"
    d = by(doses(DE_WRAPPED), 5.4, "mg/kg")
    assert d and d[0]["context"] == "Arm A" and d[0]["interval_days"] == 21.0


def test_is_wrap_needs_a_long_line_without_closing_punctuation():
    t = "A short heading\nnext line here\n"
    assert not is_wrap(t, 0, t.index("\n"), len(t))
    t = "x" * 50 + " and the sentence goes on\nover the next printed line.\n"
    assert is_wrap(t, 0, t.index("\n"), len(t))
    t = "x" * 50 + " and this one ends here.\nNext sentence.\n"
    assert not is_wrap(t, 0, t.index("\n"), len(t))
    t = "x" * 60 + " a line ending on a word\nArms: label of the next field\n"
    assert not is_wrap(t, 0, t.index("\n"), len(t))


# ---- lab words of several languages

def test_romance_comparators_with_a_contracted_article():
    page = ("Chi può partecipare\nPossono partecipare adulti di almeno 18 anni.\n\n"
            "È richiesta una frazione di eiezione ventricolare sinistra pari o superiore al 55%.\n"
            "Non possono essere incluse le persone con neutrofili inferiori a 1.500/mm3.\n")
    got = labs(page)
    assert (I, "lvef", ">=", 55.0, "%") in got and (E, "anc", "<", 1.5, "10^9/L") in got
    es = labs("¿Quién puede participar?\nPodrán participar pacientes adultos con cáncer gástrico. Quedan excluidos "
              "los pacientes con una fracción de eyección del ventrículo izquierdo inferior al 50 %.\n")
    assert (E, "lvef", "<", 50.0, "%") in es


def test_korean_particle_before_a_postfix_comparator():
    got = labs("QTc가 480ms를 초과하거나 LVEF가 45% 미만인 환자는 제외된다.\n")
    assert (E, "qtc", ">", 480.0, "ms") in got and (E, "lvef", "<", 45.0, "%") in got


def test_electrolytes_clearance_and_mmc_in_other_languages():
    got = labs("Ausschlusskriterien\n• Kalium < 3,2 mmol/l\n• Natrium < 128 mmol/l\n")
    assert {(E, "potassium", "<", 3.2, "mmol/L"), (E, "sodium", "<", 128.0, "mmol/L")} <= got
    assert (E, "creatinine_clearance", "<", 40.0, "mL/min") in labs("Uitsluitcriteria\n- creatinineklaring < 40 ml/min\n")
    rows = lab_rows("Criteri di inclusione\n1. neutrofili ≥ 2000/mmc, piastrine ≥ 120.000/mmc\n")
    assert {(r["analyte"], r["value"], r["unit_as_written"]) for r in rows} == {("anc", 2.0, "/mmc"), ("platelets", 120.0, "/mmc")}


# ---- HER2 details and population statements

def test_ratio_with_a_decimal_comma_is_no_ihc_score():
    page = "Critères d'inclusion\n- Patientes de plus de 18 ans avec un cancer du sein pour qui l'essai est une option.\n" \
        "- Statut HER2 positif confirmé par la relecture centralisée : IHC 3+ ou IHC 2+ avec amplification en ISH (ratio HER2/CEP17 ≥ 2,0).\n"
    rows = [r for r in her2(page) if r["criterion_type"] == I]
    assert rows and sorted(rows[0]["ihc_scores"]) == ["2+", "3+"]
    assert rows[0]["assay_text"] == "IHC 3+ ou IHC 2+ avec amplification en ISH"


def test_study_part_will_evaluate_in_patients_with_is_a_population():
    page = ("A Phase 1/2 Study of ZK-207 in Advanced Solid Tumors\n\nBrief Summary\n"
            "This is a first-in-human study. Part B will evaluate the response rate of ZK-207 in patients with "
            "HER2-low (IHC 1+ or IHC 2+/ISH-) breast cancer.\n")
    rows = [r for r in her2(page) if r["criterion_type"] == "POPULATION" and r["her2_status"] == "LOW"]
    assert rows and rows[0]["ish"] == "NEGATIVE"


# ---- intervention names

def test_korean_adc_name_and_name_before_a_unit_written_first():
    rs = doses("치료 방법\n시험군 : 트라스투주맙 데룩스테칸 5.4 mg/kg 정맥 투여, 3주마다\n")
    assert by(rs, 5.4, "mg/kg")[0]["intervention"] == "트라스투주맙 데룩스테칸"
    rs = doses("Esquema de tratamento\n- carboplatina AUC 5 intravenosa no dia 1 a cada 21 dias;\n")
    assert by(rs, 5.0, "AUC")[0]["intervention"] == "carboplatina"


def test_italian_subcutaneous_every_three_weeks_per_arm():
    rs = doses("Lo studio BETA-1\n\nLe partecipanti vengono assegnate a uno dei due bracci. Nel braccio sperimentale "
               "ricevono ZV-12 alla dose di 900 mg per via sottocutanea ogni tre settimane.\n")
    r = by(rs, 900.0, "mg")[0]
    assert (r["route"], r["interval_days"], r["context"]) == ("SC", 21.0, "braccio sperimentale")

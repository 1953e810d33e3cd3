"""Layout, context and lab mechanisms for arrangements of unfamiliar pages (issue 11).

Each text is written for the test (not copied from a page); each test fails if the mechanism is
removed. Runs in well under a second.
"""
from __future__ import annotations

from extract.components.labs import extract_lab_thresholds
from extract.context import build_context
from extract.layout import analyze
from extract.model import EXCLUSION, INCLUSION


def _labs(text: str) -> set[tuple]:
    ctx = build_context(text, analyze(text))
    return {(f.attrs["criterion_type"], f.attrs["analyte"], f.attrs["comparator"], round(f.attrs["value"], 3),
             f.attrs["unit"]) for f in extract_lab_thresholds(text, ctx)}


def test_question_mark_bullets_before_a_lone_exclusion_list_are_the_inclusion_list():
    text = ("Trial record\n\nRecruitment and Eligibility\n- Sex\n- Female\n"
            "? Adults with a solid tumour\n? Platelets > 75 x 10^9/l\n? Serum creatinine < 2 mg/dl\n"
            "Exclusion criteria\n? LVEF < 45%\n? Pregnancy\n")
    lay = analyze(text)
    inc = [s for s in lay.sections if s.name == "inclusion"]
    assert len(inc) == 1 and text[inc[0].start:inc[0].end].startswith("? Adults")
    assert _labs(text) == {(INCLUSION, "platelets", ">", 75.0, "10^9/L"), (INCLUSION, "creatinine", "<", 2.0, "mg/dL"),
                           (EXCLUSION, "lvef", "<", 45.0, "%")}


def test_short_summary_right_before_a_lone_exclusion_list_holds_the_inclusion_criteria():
    text = ("Some Site\n\nA Study of Drug Q in Lung Cancer\n\nSummary\n"
            "Adults with lung cancer Hemoglobin at least 10 g/dL Bilirubin below 2 x ULN\n"
            "Exclusion criteria\nQTcF > 480 msec\n")
    assert _labs(text) == {(INCLUSION, "hemoglobin", ">=", 10.0, "g/dL"),
                           (INCLUSION, "total_bilirubin", "<", 2.0, "xULN"), (EXCLUSION, "qtc", ">", 480.0, "ms")}


def test_a_criteria_list_repeated_in_a_second_language_is_read_once():
    text = ("纳入标准:\n\n1. 年龄≥18岁；2. 血小板≥80×10^9/L；3. 血红蛋白≥95 g/L。\n\n"
            "Inclusion criteria:\n\n1. Age ≥18 years; 2. Platelets ≥80×10^9/L; 3. Hemoglobin ≥95 g/L.\n\n"
            "排除标准:\n\n1. 妊娠。\n")
    lay = analyze(text)
    assert [s.rule_id for s in lay.sections if s.name == "other"] == ["derived.translation"]
    ctx = build_context(text, lay)
    facts = extract_lab_thresholds(text, ctx)
    assert sorted(f.attrs["analyte"] for f in facts) == ["hemoglobin", "platelets"]


def test_language_mark_lines_split_one_list_into_copies():
    text = ("Key inclusion criteria\n\n日本語\n1) 好中球数 ≧1,200/mm3\n2) 同意。\n\n"
            "英語\n1) Neutrophils >=1,200/mm3\n2) Consent.\n\nTarget sample size\n30\n")
    assert _labs(text) == {(INCLUSION, "anc", ">=", 1.2, "10^9/L")}
    assert len(extract_lab_thresholds(text, build_context(text, analyze(text)))) == 1


def test_cjk_postfix_comparators_conditions_and_no_word_boundary():
    text = ("選択基準\n1. 左室駆出率(LVEF)が55%以上の患者\n2. AST及びALT 施設基準値上限の2.5倍以下(肝転移を有する場合は5倍以下)\n"
            "除外基準\n1. QTcFが480 msec超の患者\n")
    got = _labs(text)
    assert (INCLUSION, "lvef", ">=", 55.0, "%") in got
    assert {(INCLUSION, a, "<=", v, "xULN") for a in ("ast", "alt") for v in (2.5, 5.0)} <= got
    assert (EXCLUSION, "qtc", ">", 480.0, "ms") in got
    # circled item numbers unfolded to digits glued to the name ("⑤AST" -> "5AST")
    ja = "選択基準\n1) 検査値: 1好中球数 ≧1,200/mm3 2AST ≦90 U/L\n"
    assert _labs(ja) == {(INCLUSION, "anc", ">=", 1.2, "10^9/L"), (INCLUSION, "ast", "<=", 90.0, "U/L")}
    zh = "入选标准\n1. 总胆红素≤2倍正常值上限,AST和ALT≤3×ULN(肝转移者≤5×ULN)\n"
    assert _labs(zh) == {(INCLUSION, "total_bilirubin", "<=", 2.0, "xULN")} | {
        (INCLUSION, a, "<=", v, "xULN") for a in ("ast", "alt") for v in (3.0, 5.0)}


def test_other_languages_headings_comparators_and_thousands_dots():
    de = "Einschlusskriterien\n- Neutrophile mindestens 1.200/μl, Thrombozyten ≥ 90.000/μl\n- Bilirubin ≤ 2 x ONW\n"
    assert _labs(de) == {(INCLUSION, "anc", ">=", 1.2, "10^9/L"), (INCLUSION, "platelets", ">=", 90.0, "10^9/L"),
                         (INCLUSION, "total_bilirubin", "<=", 2.0, "xULN")}
    es = ("CRITERIOS INCLUSIÓN 1) AST y ALT ≤ 2 × LSN (≤ 4 × LSN si hay metástasis hepáticas)\n"
          "CRITERIOS EXCLUSIÓN 1) Aclaramiento de creatinina < 40 ml/min\n")
    got = _labs(es)
    assert (EXCLUSION, "creatinine_clearance", "<", 40.0, "mL/min") in got
    assert _labs("Criterios de exclusión\n- ADN del VHB > 400 UI/ml\n") == {(EXCLUSION, "hbv_dna", ">", 400.0, "IU/mL")}
    assert {(INCLUSION, a, "<=", v, "xULN") for a in ("ast", "alt") for v in (2.0, 4.0)} <= got


def test_one_word_for_two_analytes():
    got = _labs("Inclusion Criteria:\n- Bilirubin ≤ 2 × ULN and transaminases ≤ 4 × ULN\n")
    assert {(INCLUSION, "ast", "<=", 4.0, "xULN"), (INCLUSION, "alt", "<=", 4.0, "xULN")} <= got


def test_prose_eligibility_units_are_typed_by_their_own_cue_and_a_lead_in_with_a_colon():
    text = ("Participants\nWomen aged 18 or older are eligible if platelets are at least 90 × 10⁹/L. "
            "Exclusion criteria are prior chemotherapy and QTcF above 460 ms.\n\n"
            "Other page\n\nAdults who: - Have a creatinine clearance of 40 mL/min or higher - Have AML "
            "People cannot join if they: - Have a QTcF over 470 ms - Are pregnant\n")
    got = _labs(text)
    assert (INCLUSION, "platelets", ">=", 90.0, "10^9/L") in got
    assert (EXCLUSION, "qtc", ">", 460.0, "ms") in got
    assert (INCLUSION, "creatinine_clearance", ">=", 40.0, "mL/min") in got
    assert (EXCLUSION, "qtc", ">", 470.0, "ms") in got


def test_similar_trials_in_japanese_and_other_trials_from_a_site_are_not_this_study():
    for heading in ("この試験に似ている試験", "Other trials from Example Cancer Centre"):
        text = f"Title of a trial\n\n{heading}\n・Study of X with platelets ≥ 50 × 10^9/L\n"
        lay = analyze(text)
        assert any(s.name == "related" for s in lay.sections), heading
        assert _labs(text) == set(), heading


def test_numbered_and_marked_criteria_headings_and_korean_headings():
    # "3.2 Criteri di inclusione" (a numbered section heading), "■ 주요 제외기준" (a marked Korean heading)
    it = ("3.2 Criteri di inclusione\n1. emoglobina ≥ 9 g/dl;\n3.3 Criteri di esclusione\n"
          "1. Clearance della creatinina < 40 ml/min.\n")
    assert _labs(it) == {(INCLUSION, "hemoglobin", ">=", 9.0, "g/dL"),
                         (EXCLUSION, "creatinine_clearance", "<", 40.0, "mL/min")}
    ko = "■ 주요 선정기준\n1) 혈색소 9 g/dL 이상\n■ 주요 제외기준\n1) 좌심실 박출률 50% 미만\n"
    assert _labs(ko) == {(INCLUSION, "hemoglobin", ">=", 9.0, "g/dL"), (EXCLUSION, "lvef", "<", 50.0, "%")}


def test_inline_heading_in_other_languages_followed_by_the_first_criterion():
    es = ("Criterios de inclusión: edad ≥ 18 años; plaquetas ≥ 100.000/µl; hemoglobina ≥ 9 g/dl.\n"
          "Criterios de exclusión: aclaramiento de creatinina < 30 ml/min.\n")
    assert _labs(es) == {(INCLUSION, "platelets", ">=", 100.0, "10^9/L"), (INCLUSION, "hemoglobin", ">=", 9.0, "g/dL"),
                         (EXCLUSION, "creatinine_clearance", "<", 30.0, "mL/min")}


def test_open_text_exclusion_cue_in_other_languages():
    # no criteria list: each sentence is a unit, typed by its own exclusion cue
    pt = "Estudo HERMES-1: ensaio de fase III\nForam incluídas pacientes com FEVE ≥ 50%. Foram excluídas pacientes com FEVE < 40%.\n"
    assert _labs(pt) == {(INCLUSION, "lvef", ">=", 50.0, "%"), (EXCLUSION, "lvef", "<", 40.0, "%")}


def test_inline_break_rules_hold_their_words_and_read_the_same_on_their_lines():
    """Every match of an inline-break rule's pattern and trigger holds one of its `words`, so a
    rule that reads no further than its line is tried only on the lines holding one (the page
    index), with the matches of the whole-page scan. Pages: the test pages and texts written here."""
    from pathlib import Path

    from extract.layout import _scan, rules
    from extract.pageindex import PageIndex

    root = Path(__file__).resolve().parent
    texts = ["Inclusion Criteria: 1. Adults • ECOG 0-1 • HER2-low\nCritères d'inclusion : - âge ≥ 18 ans\n"
             "Criteri di inclusione\n1. età\n入选标准:1. 年龄 适格基準 ・ 20歳以上\nEinschlusskriterien - Alter\n"]
    texts += [p.read_text(encoding="utf-8", errors="replace") for d in ("docs", "heldout6/docs", "real/docs")
              for p in sorted((root / d).glob("*.txt"))]
    windowed = checked = 0
    for text in texts:
        idx = PageIndex(text)
        for rid, rx, _n, _after, trigger, words, rx_words, trigger_words in rules().breaks:
            for pat, lw in ((rx, rx_words), (trigger, trigger_words)):
                if pat is None or not words:
                    continue
                want = [m.span() for m in pat.finditer(text)]
                for s, e in want:
                    assert any(w.lower() in text[s:e].lower() for w in words), (rid, text[s:e])
                checked += len(want)
                if lw:
                    windowed += 1
                    assert [m.span() for m in _scan(idx, pat, lw)] == want, rid
    assert checked > 20 and windowed > 50


def test_a_two_column_criteria_table_flattened_one_row_per_line():
    text = ("Appraisal of drug K\n\nTable 3 Eligibility\nInclusion criteria | Exclusion criteria\n"
            "• Platelets ≥100×10^9/L | • QTcF >470 ms\n• ECOG PS 0 or 1 | • LVEF <45%\n• Creatinine ≤1.5 mg/dL |\n"
            "\nSource: company submission.\n")
    lay = analyze(text)
    assert [(c.criterion_type, c.text) for c in lay.criteria][:5] == [
        (INCLUSION, "Platelets ≥100×10^9/L"), (EXCLUSION, "QTcF >470 ms"), (INCLUSION, "ECOG PS 0 or 1"),
        (EXCLUSION, "LVEF <45%"), (INCLUSION, "Creatinine ≤1.5 mg/dL")]
    assert _labs(text) == {(INCLUSION, "platelets", ">=", 100.0, "10^9/L"), (EXCLUSION, "qtc", ">", 470.0, "ms"),
                           (EXCLUSION, "lvef", "<", 45.0, "%"), (INCLUSION, "creatinine", "<=", 1.5, "mg/dL")}


def test_open_text_lead_in_types_the_list_under_it_and_a_combined_heading_orders_restarted_lists():
    # issue 11 (blind set 10): "A patient is not eligible if he or she:" over bullet lines; "You may not qualify
    # if you:" inside a summary; "Inclusion criteria, exclusion criteria and ..." over two lists restarting at 1
    lead = ("Patient eligibility: A patient may be eligible if he or she:\n  • Has platelets at least 100,000 per microliter\n\n"
            "A patient is not eligible if he or she:\n  • Has a QTc longer than 470 milliseconds\n")
    assert _labs(lead) == {(INCLUSION, "platelets", ">=", 100.0, "10^9/L"), (EXCLUSION, "qtc", ">", 470.0, "ms")}
    summary = ("Summary\nA study in healthy men.\n\nYou may qualify if you:\n- Have LVEF ≥ 55%\n\n"
               "You may not qualify if you:\n- Have a QTcF > 450 ms on the screening ECG\n")
    assert _labs(summary) == {(INCLUSION, "lvef", ">=", 55.0, "%"), (EXCLUSION, "qtc", ">", 450.0, "ms")}
    both = ("The PEARL-HER2 trial\nPhase: II\nActive: Yes\n\nInclusion criteria, exclusion criteria and study summary\n\n1. Age ≥ 18 years 2. LVEF ≥ 55%\n\n"
            "1. Metastatic disease 2. QTc interval > 480 ms on screening ECG\n")
    assert _labs(both) == {(INCLUSION, "lvef", ">=", 55.0, "%"), (EXCLUSION, "qtc", ">", 480.0, "ms")}


def test_summary_sentence_saying_who_is_eligible_is_a_unit():
    text = ("Overview\nWe develop antibodies. Eligible patients had HER2-positive disease and a left ventricular "
            "ejection fraction of at least 50%. Patients were randomized 1:1 to one of two arms:\n- Arm A\n")
    assert _labs(text) == {(INCLUSION, "lvef", ">=", 50.0, "%")}


def test_criteria_headings_in_ukrainian_traditional_chinese_and_german():
    uk = "Основні критерії включення\n1. гемоглобін >= 90 г/л\nОсновні критерії виключення\n1. QTcF > 470 мс\n"
    assert _labs(uk) == {(INCLUSION, "hemoglobin", ">=", 9.0, "g/dL"), (EXCLUSION, "qtc", ">", 470.0, "ms")}
    tw = "主要納入條件\n1. 血紅素 ≥ 9 g/dL\n主要排除條件\n1. 左心室射出分率(LVEF)< 50%\n"
    assert _labs(tw) == {(INCLUSION, "hemoglobin", ">=", 9.0, "g/dL"), (EXCLUSION, "lvef", "<", 50.0, "%")}
    de = ("Wichtigste Einschlusskriterien (Auszug)\n• Hämoglobin ≥ 9,0 g/dl\n\n"
          "Wichtigste Ausschlusskriterien (Auszug)\n• Serum-Albumin < 3,0 g/dl\n")
    assert _labs(de) == {(INCLUSION, "hemoglobin", ">=", 9.0, "g/dL"), (EXCLUSION, "albumin", "<", 3.0, "g/dL")}


def test_a_heading_with_a_bracketed_note_ends_the_list_before_it():
    text = ("Exclusions\n- LVEF < 45%\n- Pregnancy\n\nDosing (per the protocol's schedule)\n"
            "Drug Q 200 mg orally twice daily\n")
    lay = analyze(text)
    exc = [s for s in lay.sections if s.name == "exclusion"]
    assert len(exc) == 1 and "Drug Q" not in text[exc[0].start:exc[0].end]
    assert any(s.name != "exclusion" and "Drug Q" in text[s.start:s.end] for s in lay.sections)

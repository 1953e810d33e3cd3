"""Identifiers and milestone dates of blind set 14's kinds of pages (issue 11): a Chinese mirror of
ClinicalTrials.gov records, French, Dutch, Korean, Portuguese and Italian study cards and synopses,
a Swiss cooperative group's card, an Irish hospital's list of open trials, milestones said in Chinese,
Japanese, Korean, Italian and Spanish news prose, sponsor codes named in German and Korean prose.

Each page is a few lines written for the test (no copied text, invented names and numbers); every
test names the rows it expects.
"""
from __future__ import annotations

import datetime as dt

from test_iddates import _rows


def test_a_chinese_mirror_of_a_registry_record():
    page = ("试验详情\n\n试验标题:\nA Phase 2 Study of QX-11 in Adults With Solid Tumors\n\n"
            "NCT编号:NCT09990011\n其他ID:QX11-201;CTR20259999\n研究状态:Recruiting\n性别:全部\n\n"
            "开始日期:2025-04-02(实际)\n主要完成日期:2027-01(预计)\n研究完成日期:2028-03(预计)\n"
            "首次发布日期:2025-02-11\n最后更新日期:2025-09-30\n")
    ids, dates = _rows(page)
    assert ("QX11-201", "ORG_STUDY_ID", "SECONDARY") in ids  # the first sponsor-like code of "other IDs"
    assert ("CTR20259999", "OTHER", "SECONDARY") in ids
    assert dates["STUDY_START"] == (dt.date(2025, 4, 2), "DAY", False)
    assert dates["STUDY_COMPLETION"] == (dt.date(2028, 3, 1), "MONTH", True)
    assert dates["FIRST_POSTED"] == (dt.date(2025, 2, 11), "DAY", None)


def test_a_french_card_with_a_sponsor_code_and_an_effective_opening_date():
    page = ("Fiche essai\n\nIdentifiants\nNuméro NCT : NCT09990012\nCode promoteur : GX-0042/2501\n\n"
            "Caractéristiques de l'essai\nDate d'ouverture effective : 03/02/2025\nDate de clôture prévue : 30/06/2030\n")
    ids, dates = _rows(page)
    assert ("GX-0042/2501", "ORG_STUDY_ID", "SECONDARY") in ids
    assert dates["STUDY_START"] == (dt.date(2025, 2, 3), "DAY", False)
    assert dates["STUDY_COMPLETION"] == (dt.date(2030, 6, 30), "DAY", True)


def test_a_dutch_register_record_with_labels_above_values():
    page = ("Trial NL9990\n\nGeregistreerd op        02-03-2024\n\nAndere ID's\nQTR-77 (protocolcode ABC); "
            "EudraCT 2024-009999-11\n\nMETC-nummer\nMETC24.0001\n\nStartdatum\n01-05-2024 (werkelijk)\n\n"
            "Verwachte einddatum\n31-12-2027\n")
    ids, dates = _rows(page)
    assert ("NL9990", "OTHER", "SECONDARY") in ids
    assert ("QTR-77", "ORG_STUDY_ID", "SECONDARY") in ids
    assert ("2024-009999-11", "EUDRACT", "SECONDARY") in ids
    assert not any(v.startswith(("METC", "NL7")) for v, *_ in ids)  # an ethics number, a dossier number
    assert dates["STUDY_START"] == (dt.date(2024, 5, 1), "DAY", False)
    assert dates["STUDY_COMPLETION"] == (dt.date(2027, 12, 31), "DAY", True)
    assert dates["FIRST_POSTED"] == (dt.date(2024, 3, 2), "DAY", None)


def test_group_codes_with_a_space_and_a_list_of_other_open_trials():
    page = ("Studien > Laufende Studien > SAKK 98/25\n\nSAKK 98/25 – MODEL-1\n\nStudiennummer          SAKK 98/25\n"
            "ClinicalTrials.gov     NCT09990013\n\nÄhnliche Studien\nSAKK 97/24 – Brustkrebs\n")
    ids, _ = _rows(page)
    assert ids == {("NCT09990013", "NCT", "PRIMARY"), ("SAKK 98/25", "ORG_STUDY_ID", "SECONDARY"),
                   ("SAKK 97/24", "OTHER", "RELATED")}
    page = ("Our open trials\n\nMODEL-2 (first line)\nSponsor ref: MDL-GE-301\nClinicalTrials.gov: NCT09990014\n\n"
            "Other open Upper GI trials: EA9876 (gastric) | CTRIAL-IE 24-99 (pancreas)\n")
    ids, _ = _rows(page)
    assert ids == {("NCT09990014", "NCT", "PRIMARY"), ("MDL-GE-301", "ORG_STUDY_ID", "SECONDARY"),
                   ("EA9876", "OTHER", "RELATED"), ("CTRIAL-IE 24-99", "OTHER", "RELATED")}
    ids, _ = _rows("PROTOCOL SYNOPSIS\n\nTitle           A Phase 2 Study of Drug Z\nProtocol number CTRIAL-IE 25-01\n")
    assert ("CTRIAL-IE 25-01", "ORG_STUDY_ID", "SECONDARY") in ids
    ids, _ = _rows("Breast trials\n\nMA99 (BIG 99-01)\nA Phase III Trial of Drug Z\n\nQuality of life (EORTC QLQ-C30, BR23)\n")
    assert ids == {("MA99", "ORG_STUDY_ID", "SECONDARY"), ("BIG 99-01", "OTHER", "SECONDARY")}


def test_sponsor_codes_named_in_korean_and_german_prose():
    ids, _ = _rows("연구 개요\n연구계획서 번호 : ABCH-GC-2599\n")
    assert ("ABCH-GC-2599", "ORG_STUDY_ID", "SECONDARY") in ids
    ids, _ = _rows("이번 임상은 국내 5개 기관에서 진행된다. 회사 내부 과제번호는 ZQ101-GC-02이다.\n")
    assert ("ZQ101-GC-02", "ORG_STUDY_ID", "SECONDARY") in ids
    ids, _ = _rows("Die EU-Studiennummer lautet 2025-599999-10-00, die Prüfplannummer des Sponsors\nQRS-0101-GC-201.\n")
    assert ("QRS-0101-GC-201", "ORG_STUDY_ID", "SECONDARY") in ids


def test_labelled_milestones_in_portuguese_and_italian():
    _, dates = _rows("Estudo clínico\nPrevisão de término: 11/2027\nNúmero de participantes previsto: 40\n")
    assert dates["STUDY_COMPLETION"] == (dt.date(2027, 11, 1), "MONTH", True)
    _, dates = _rows("Sinossi\nInizio previsto dello studio: ottobre 2025\nFine prevista dello studio: luglio 2029\n")
    assert dates["STUDY_START"] == (dt.date(2025, 10, 1), "MONTH", True)
    assert dates["STUDY_COMPLETION"] == (dt.date(2029, 7, 1), "MONTH", True)


def test_milestones_said_in_news_prose():
    _, dates = _rows("研究设计\n本研究于2024年11月启动,目前仍在入组中,预计于2027年9月完成全部随访。\n")
    assert dates["STUDY_START"] == (dt.date(2024, 11, 1), "MONTH", None)
    assert dates["STUDY_COMPLETION"] == (dt.date(2027, 9, 1), "MONTH", True)
    _, dates = _rows("研究进展\n该研究预计于2026年5月完成入组,目前已入组20例。\n")
    assert "STUDY_COMPLETION" not in dates  # a planned end of enrolment is no completion
    _, dates = _rows("同社は主要評価項目のデータ収集を2029年1月までに完了する計画としている。\n")
    assert dates["PRIMARY_COMPLETION"] == (dt.date(2029, 1, 1), "MONTH", True)
    _, dates = _rows("국내 6개 기관에서 40명을 모집할 계획이며 2029년 3월 종료가 목표다.\n")
    assert dates["STUDY_COMPLETION"] == (dt.date(2029, 3, 1), "MONTH", True)
    _, dates = _rows("Lo studio è in fase di reclutamento e la sua conclusione è prevista per marzo 2031.\n")
    assert dates["STUDY_COMPLETION"] == (dt.date(2031, 3, 1), "MONTH", True)
    _, dates = _rows("El estudio comenzó en febrero de 2025 y se espera que concluya en 2029.\n")
    assert dates["STUDY_START"] == (dt.date(2025, 2, 1), "MONTH", None)
    assert dates["STUDY_COMPLETION"] == (dt.date(2029, 1, 1), "YEAR", True)

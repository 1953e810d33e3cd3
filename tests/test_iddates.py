"""Identifiers and milestone dates as sites nobody studied write them (issue 11).

Each page here is a few lines written for the test in a site's arrangement (no copied text);
every test names the rows it expects, so a reader that finds nothing fails. Cost: one spaCy-free
extraction per page, about 1 s for the module.
"""
from __future__ import annotations

import datetime as dt

import pytest

from extract.batch import extract_document
from extract.ingest import document_from_text
from extract.normalize.dates import DATE_RE, parse_date


def _rows(text: str) -> tuple[set, dict]:
    rows = extract_document(document_from_text(text)).tables
    ids = {(r["id_value"], r["id_type"], r["role"]) for r in rows["trial_ids"]}
    dates = {r["date_type"]: (r["date"], r["precision"], r["is_estimated"]) for r in rows["dates"]}
    return ids, dates


# ------------------------------------------------------------------- date normalizer
@pytest.mark.parametrize("surface,expected", [
    ("2024\t年\t05\t月\t15\t日", (dt.date(2024, 5, 15), "DAY")),
    ("2024年5月", (dt.date(2024, 5, 1), "MONTH")),
    ("令和6年5月15日", (dt.date(2024, 5, 15), "DAY")),
    ("平成30年4月1日", (dt.date(2018, 4, 1), "DAY")),
    ("2025 Year 11 Month 01 Day", (dt.date(2025, 11, 1), "DAY")),
    ("2024년 5월 15일", (dt.date(2024, 5, 15), "DAY")),
    ("15 de marzo de 2024", (dt.date(2024, 3, 15), "DAY")),
    ("septiembre de 2025", (dt.date(2025, 9, 1), "MONTH")),
    ("12. März 2024", (dt.date(2024, 3, 12), "DAY")),
    ("1er janvier 2025", (dt.date(2025, 1, 1), "DAY")),
    ("30 de junho de 2026", (dt.date(2026, 6, 30), "DAY")),
    # the English shapes read as before
    ("March 2024", (dt.date(2024, 3, 1), "MONTH")),
    ("2024-05-01", (dt.date(2024, 5, 1), "DAY")),
    # Russian month names in their case forms
    ("марте 2024", (dt.date(2024, 3, 1), "MONTH")),
    ("15 сентября 2025", (dt.date(2025, 9, 15), "DAY")),
])
def test_dates_in_other_languages(surface, expected):
    m = DATE_RE.search(surface)
    assert m and m.group(0) == surface
    assert parse_date(surface) == expected


def test_date_after_a_cjk_word_is_found():
    assert [m.group(0) for m in DATE_RE.finditer("从2025-04-01至2027-12-31")] == ["2025-04-01", "2027-12-31"]


# ------------------------------------------------------------------------------ ids
@pytest.mark.parametrize("line,expected", [
    ("Other identifier: RBR-4xk7q2m", ("RBR-4xk7q2m", "OTHER")),
    ("UTN U1111-1234-5678 assigned", ("U1111-1234-5678", "OTHER")),
    ("Main ID: JPRN-UMIN000012345", ("JPRN-UMIN000012345", "OTHER")),
    ("Registration: EUCTR2020-001234-56-FR", ("2020-001234-56", "EUDRACT")),
    ("Register: NL-OMON54321", ("NL-OMON54321", "OTHER")),
    ("Registry no. ITMCTR2024000123", ("ITMCTR2024000123", "OTHER")),
    ("Also registered as IRCT20190101012345N2", ("IRCT20190101012345N2", "OTHER")),
    ("Thai registry TCTR20230105001", ("TCTR20230105001", "OTHER")),
])
def test_registry_id_shapes(line, expected):
    ids, _ = _rows(f"Study record\nOfficial Title: A phase 2 study of drug Q\n{line}\nStatus: Recruiting\n")
    assert (*expected, "SECONDARY") in ids


def test_kind_said_next_to_the_id():
    text = ("Trial record\nPublic title\nA study of XQ-7 in gastric cancer\n"
            "Secondary ID [1] 401112 0\nQX7-GC-104 (Sponsor protocol number)\n"
            "Other Secondary IDs: Sponsor ID: HBX-22-09\n")
    ids, _ = _rows(text)
    assert ("QX7-GC-104", "ORG_STUDY_ID", "SECONDARY") in ids
    assert not any(v.startswith("4011") for v, *_ in ids)  # database numbers are no ids


def test_generic_other_id_is_the_org_study_id_when_no_label_names_one():
    ids, _ = _rows("Trial Details\nNCT ID: NCT07000111\nOther IDs: QRB-301-A2\nPhase: Phase 3\n")
    assert ("QRB-301-A2", "ORG_STUDY_ID", "SECONDARY") in ids
    assert ("NCT07000111", "NCT", "PRIMARY") in ids


def test_similar_trials_list_is_related_and_the_own_id_is_found():
    text = ("Study page\nTitle: A registry of HER2-positive brain metastases\n"
            "Weitere IDs: NCT07000222 (ClinicalTrials.gov)\n\n"
            "Similar trials in the register\nDRKS00011111 - Exercise after surgery\n"
            "NCT07000333 - Another trial\n\nFooter\n")
    ids, _ = _rows(text)
    assert ("DRKS00011111", "OTHER", "RELATED") in ids
    assert ("NCT07000333", "NCT", "RELATED") in ids
    assert ("NCT07000222", "NCT", "PRIMARY") in ids


def test_identifier_list_under_one_label():
    ids, _ = _rows("Trial listing\nPhase 2 study of ZQ-1\nClinical Study ID\nNCT07000444\nZQ1-GC-202\nStatus\nRecruiting\n")
    assert ("NCT07000444", "NCT", "PRIMARY") in ids
    assert ("ZQ1-GC-202", "ORG_STUDY_ID", "SECONDARY") in ids


# ---------------------------------------------------------------------------- dates
def test_actual_date_below_qualifier_lines_wins():
    text = ("Trial record\nPublic title\nA study of drug Z\nRecruitment status\nRecruiting\n"
            "Date of first participant enrolment\nAnticipated\n1/07/2024\nActual\n15/07/2024\n"
            "Date of last data collection\nAnticipated\n30/06/2027\nActual\n\nSample size\n")
    _, dates = _rows(text)
    assert dates["STUDY_START"] == (dt.date(2024, 7, 15), "DAY", False)
    assert dates["STUDY_COMPLETION"] == (dt.date(2027, 6, 30), "DAY", True)


def test_period_label_gives_start_and_completion():
    text = ("Registration number:\nChiCTR2400000001\n研究实施时间:\n\nStudy execute time:\n\n"
            "从2024-02-01至2026-12-31\n\nFrom 2024-02-01 To 2026-12-31\n")
    _, dates = _rows(text)
    assert dates["STUDY_START"][0] == dt.date(2024, 2, 1)
    assert dates["STUDY_COMPLETION"][0] == dt.date(2026, 12, 31)


def test_period_with_qualifiers_per_part():
    _, dates = _rows("Ensayo clínico\nTítulo: Estudio de fase 3\nFechas del ensayo: septiembre de 2025 (inicio estimado)"
                     " - diciembre de 2028 (finalización estimada)\n")
    assert dates["STUDY_START"] == (dt.date(2025, 9, 1), "MONTH", True)
    assert dates["STUDY_COMPLETION"] == (dt.date(2028, 12, 1), "MONTH", True)


def test_labels_mid_line_after_a_format_hint_and_in_a_flattened_line():
    text = ("Public trial\nRBR-2ab3cd4 A study of drug Y\n"
            "Date of registration: 03/14/2024 (mm/dd/yyyy)Last approval date : 09/02/2024 (mm/dd/yyyy)\n"
            "- Date first enrollment: (mm/dd/yyyy)\n04/01/2024\n"
            "Recruitment: Date of IRB - 2025 Year 09 Month 30 Day Last follow-up date - 2029 Year 10 Month 31 Day\n")
    _, dates = _rows(text)
    assert dates["FIRST_POSTED"][0] == dt.date(2024, 3, 14)
    assert dates["LAST_UPDATE_POSTED"][0] == dt.date(2024, 9, 2)
    assert dates["STUDY_START"][0] == dt.date(2024, 4, 1)
    assert dates["STUDY_COMPLETION"][0] == dt.date(2029, 10, 31)


def test_global_date_outranks_a_country_date():
    text = ("CTRI Number | CTRI/2024/01/000001 |\nPublic Title of Study | A study of drug W |\n"
            "Date of First Enrollment (India) | 22/04/2024 |\nDate of First Enrollment (Global) | 05/02/2024 |\n")
    _, dates = _rows(text)
    assert dates["STUDY_START"][0] == dt.date(2024, 2, 5)


def test_recruitment_start_is_a_milestone_only_when_qualified():
    _, qualified = _rows("Organizational Data\nDRKS-ID: DRKS00099999\nRecruitment Start: 2022-09-01 (actual)\n")
    assert qualified["STUDY_START"] == (dt.date(2022, 9, 1), "DAY", False)
    _, plain = _rows("About this trial\nPhase 2 study of drug V\nRecruitment start:\n\n03 March 2025\n")
    assert "STUDY_START" not in plain


def test_german_qualifier_and_camel_glued_badge():
    _, dates = _rows("Studie\nTitel: Eine Studie\nRekrutierungsbeginn: 01.06.2023 (tatsächlich)\n")
    assert dates["STUDY_START"] == (dt.date(2023, 6, 1), "DAY", False)
    _, glued = _rows("HELIX trial of drug U\nUnited States, Spain212 participantsStarted 2024-09-03\n")
    assert glued["STUDY_START"][0] == dt.date(2024, 9, 3)


def test_related_lists_in_italian_and_japanese_and_a_glued_nct_id():
    ids, _ = _rows("Codice del protocollo: ABC-301\n\nAltri studi per il cancro della mammella\n"
                   "Studio su un inibitore orale – Numero EU CT: 2023-507741-19-00\n")
    assert ("ABC-301", "ORG_STUDY_ID", "SECONDARY") in ids
    assert ("2023-507741-19-00", "OTHER", "RELATED") in ids
    ids, _ = _rows("jRCT登録番号\njRCTs031250123\n\n他の進行中の臨床試験(胃癌)\n・維持療法に関する第II相試験(UMIN000051234)\n")
    assert ("UMIN000051234", "OTHER", "RELATED") in ids
    ids, _ = _rows("・他の臨床試験に参加中の患者\n試験番号 UMIN000051234\n")
    assert ("UMIN000051234", "OTHER", "RELATED") not in ids  # a criterion, not a list heading
    ids, _ = _rows("Trial of X in breast cancer\nNCT06688215Contact Information\n")
    assert any(v == "NCT06688215" and t == "NCT" for v, t, _ in ids)
    ids, _ = _rows("Studiencode: WSG-AM14\n·试验方案编号\nJSKN003-302\n")
    assert {("WSG-AM14", "ORG_STUDY_ID", "SECONDARY"), ("JSKN003-302", "ORG_STUDY_ID", "SECONDARY")} <= ids


def test_a_code_and_a_capitals_word_is_one_id_and_a_version_number_is_none():
    ids, _ = _rows("Protocol ID: UAMS 275512\n")
    assert ("UAMS 275512", "ORG_STUDY_ID", "SECONDARY") in ids
    ids, _ = _rows("Codice del protocollo:     GIM-28 TRIDENT\n")
    assert ("GIM-28 TRIDENT", "ORG_STUDY_ID", "SECONDARY") in ids
    ids, _ = _rows("试验方案编号 XB0915-BC-301    方案最新版本号 2.0\n")
    assert ("XB0915-BC-301", "ORG_STUDY_ID", "SECONDARY") in ids and not any(v == "2.0" for v, _, _ in ids)


# ------------------------------------------------- set K (session 5): dates as further sites write them
def test_month_dot_year_qualifier_words_and_french_labels():
    _, dates = _rows("Studienbeginn: 03.2025\n\nVoraussichtliches Studienende: 2028\n")
    assert dates["STUDY_START"] == (dt.date(2025, 3, 1), "MONTH", None)
    assert dates["STUDY_COMPLETION"] == (dt.date(2028, 1, 1), "YEAR", True)
    _, dates = _rows("Date d'ouverture : 14/05/2025\nDate de fin prévisionnelle : 12/2030\n")
    assert dates["STUDY_START"] == (dt.date(2025, 5, 14), "DAY", None)
    assert dates["STUDY_COMPLETION"] == (dt.date(2030, 12, 1), "MONTH", True)
    _, dates = _rows("Studienbeginn (Start of study): 01.09.2025\nStudienende geplant (Planned end): 31.08.2029\n")
    assert dates["STUDY_START"] == (dt.date(2025, 9, 1), "DAY", None)
    assert dates["STUDY_COMPLETION"] == (dt.date(2029, 8, 31), "DAY", True)
    assert parse_date("13.2025") is None  # no month 13: not a date


def test_a_primary_completion_stated_in_an_hta_report():
    _, dates = _rows("The trial started in March 2022; the primary completion date was October 2025.\n")
    assert dates["PRIMARY_COMPLETION"] == (dt.date(2025, 10, 1), "MONTH", None)


def test_a_date_label_with_the_study_it_dates_and_a_qualifier_in_between():
    text = ("Essai clinique\nTitre : Étude de phase 2 du médicament T\n"
            "Date de début de l'étude : 15/01/2025\nDate de fin prévue de l'étude : 31/12/2028\n"
            "Data de registo no RNEC: 20/12/2024\n")
    _, dates = _rows(text)
    assert dates["STUDY_START"] == (dt.date(2025, 1, 15), "DAY", None)
    assert dates["STUDY_COMPLETION"] == (dt.date(2028, 12, 31), "DAY", True)
    assert dates["FIRST_POSTED"][0] == dt.date(2024, 12, 20)
    _, pt = _rows("Ensaio clínico\nData de início do ensaio (global, real): 15/10/2024\n"
                  "Data de início em Portugal: 03/02/2025\n")
    assert pt["STUDY_START"] == (dt.date(2024, 10, 15), "DAY", False)  # a country is no tail


def test_bracketed_cjk_labels_and_a_qualifier_inside_a_cjk_label():
    _, dates = _rows("臨床試験情報\n\n【試験開始日】\n2025年6月2日\n\n【試験終了予定日】\n2030年12月31日\n")
    assert dates["STUDY_START"] == (dt.date(2025, 6, 2), "DAY", None)
    assert dates["STUDY_COMPLETION"] == (dt.date(2030, 12, 31), "DAY", True)
    _, form = _rows("試験ID\njRCT2031240388\n\n試験開始日（予定日）\n2024-07-15\n")
    assert form["STUDY_START"] == (dt.date(2024, 7, 15), "DAY", None)  # "(planned date)" says neither


def test_a_german_period_label_and_a_dotted_date_is_day_first():
    _, dates = _rows("Studie NCT00000001\nLaufzeit: 03/2025 – 12/2028 (geplant)\n"
                     "Quelle: Register (zuletzt aktualisiert: 03.11.2026)\n")
    assert dates["STUDY_START"][:2] == (dt.date(2025, 3, 1), "MONTH")
    assert dates["STUDY_COMPLETION"] == (dt.date(2028, 12, 1), "MONTH", True)
    assert dates["LAST_UPDATE_POSTED"][0] == dt.date(2026, 11, 3)


def test_recruitment_completed_is_no_study_completion_in_prose():
    _, dates = _rows("Trial summary\nThe trial started in August 2022; recruitment was completed in February 2025"
                     " and the trial is ongoing, with an estimated study completion date of June 2027.\n")
    assert dates["STUDY_COMPLETION"] == (dt.date(2027, 6, 1), "MONTH", True)


def test_an_actual_date_label_wins_over_the_anticipated_one_before_it():
    text = ("Trial no.:\tPACTR000000000000001\n"
            "Anticipated trial start date\t01/07/2024\nActual trial start date\t15/07/2024\n"
            "Anticipated date of last follow up\t30/06/2027\n")
    _, dates = _rows(text)
    assert dates["STUDY_START"] == (dt.date(2024, 7, 15), "DAY", False)
    assert dates["STUDY_COMPLETION"] == (dt.date(2027, 6, 30), "DAY", True)


def test_a_place_or_a_record_after_a_date_label():
    text = ("Ensayo clínico\nFecha de inicio real del ensayo en España: 02/05/2024\n"
            "Última actualización de la ficha: 09/06/2025\nDate of registration in the registry   22/07/2024\n")
    _, dates = _rows(text)
    assert dates["STUDY_START"] == (dt.date(2024, 5, 2), "DAY", False)
    assert dates["LAST_UPDATE_POSTED"][0] == dt.date(2025, 6, 9)
    assert dates["FIRST_POSTED"][0] == dt.date(2024, 7, 22)
    _, it = _rows("Studio clinico\nData di inizio (Italia):    15/03/2023\n")
    assert it["STUDY_START"][0] == dt.date(2023, 3, 15)
    _, zh = _rows("试验状态信息\n第一例受试者入组日期 国内:2024-08-27;\n")
    assert zh["STUDY_START"][0] == dt.date(2024, 8, 27)


def test_a_study_duration_period_and_korean_milestone_labels():
    _, dates = _rows("Study Title : A study of drug S\nStudy Duration : 01/06/2024 to 30/11/2026\n")
    assert dates["STUDY_START"][0] == dt.date(2024, 6, 1)
    assert dates["STUDY_COMPLETION"][0] == dt.date(2026, 11, 30)
    _, ko = _rows("연구진행상태\n    첫 대상자 등록일 2024-04-01 , 실제등록(Actual)\n"
                  "    주요결과 완료일 2026-12-31 , 예정(Anticipated)\n")
    assert ko["STUDY_START"] == (dt.date(2024, 4, 1), "DAY", False)
    assert ko["PRIMARY_COMPLETION"] == (dt.date(2026, 12, 31), "DAY", True)


# ------------------------------------------------------------------ cooperative groups
def test_a_cooperative_group_code_is_the_org_study_id_and_a_listed_one_is_related():
    text = ("Clinical Trials > Protocol > NRG-GI999\n\nNRG-GI999\nA Randomized Phase II Trial of Drug R\n"
            "Status\nOpen to Accrual\n\nRelated Trials\nNRG-GI998 (ANOTHER TRIAL)\nSWOG S9999: A trial of drug Q\n")
    ids, _ = _rows(text)
    assert ("NRG-GI999", "ORG_STUDY_ID", "SECONDARY") in ids
    # another trial's group code under a related heading: RELATED, OTHER (DATA_DICTIONARY; blind sets 5, 7, 9, 14)
    assert ("NRG-GI998", "OTHER", "RELATED") in ids and ("S9999", "OTHER", "RELATED") in ids
    ids, _ = _rows("研究グループ\nWJOG(試験番号 WJOG99999G)\njRCT登録番号\njRCTs031250999\n")
    assert ("WJOG99999G", "ORG_STUDY_ID", "SECONDARY") in ids
    ids, _ = _rows("Protocol ID: ABC-101\nSources\nhttps://trials.example.org/view/A099999 ; https://trials.example.org/view/EA9999\n")
    assert ids == {("ABC-101", "ORG_STUDY_ID", "SECONDARY")}  # a group code inside a URL path is no id


def test_an_identifier_list_in_french_and_a_registry_id_glued_to_another():
    ids, _ = _rows("Essai\nNuméro(s) d'identification : NCT00000002 ; EU CT 2024-500000-22-00 ; ABC-HL-02\n")
    assert ("ABC-HL-02", "ORG_STUDY_ID", "SECONDARY") in ids
    ids, _ = _rows("Essai\nNuméro de l'étude: \nCSET 9999\n")
    assert ("CSET 9999", "ORG_STUDY_ID", "SECONDARY") in ids
    ids, _ = _rows("Trial of drug P\nCTEP ID NRG-BR999\n")
    assert ("NRG-BR999", "ORG_STUDY_ID", "SECONDARY") in ids  # the label's reading, not the shape's
    ids, _ = _rows("【試験名】\nTRIAL-02(Phase 3)〔NCT00000003jRCT2031259999〕\n")
    assert ("jRCT2031259999", "OTHER", "SECONDARY") in ids


# ------------------------------------------------------------------ blind set 8 (late9d)
def test_a_dotted_separator_and_date_labels_in_norwegian_and_japanese():
    _, dates = _rows("Trial of drug V\nRegistry ID · NCT00000001\nFirst posted · 2026-04-17\nLast update · 2026-09-30\n")
    assert dates["FIRST_POSTED"] == (dt.date(2026, 4, 17), "DAY", None)
    assert dates["LAST_UPDATE_POSTED"] == (dt.date(2026, 9, 30), "DAY", None)
    _, no = _rows("Studie av legemiddel Z\n\nKontakt: ring oss\n\nSist oppdatert 24.09.2026\n")
    assert no["LAST_UPDATE_POSTED"] == (dt.date(2026, 9, 24), "DAY", None)
    _, ja = _rows("【試験名】\n薬剤Xの試験\n\n更新日:2026年10月1日\n")
    assert ja["LAST_UPDATE_POSTED"] == (dt.date(2026, 10, 1), "DAY", None)


@pytest.mark.parametrize("sentence,expected", [
    ("Results: Between March 2022 and May 2024, 61 patients were enrolled (phase Ib n = 13).",
     {"STUDY_START": (dt.date(2022, 3, 1), "MONTH", None)}),
    ("Results: Between Sept 12, 2023, and Nov 30, 2024, 302 patients were randomly assigned.",
     {"STUDY_START": (dt.date(2023, 9, 12), "DAY", None)}),
    ("Overall, 40 patients were enrolled at 5 centres between June 2019 and May 2020.",
     {"STUDY_START": (dt.date(2019, 6, 1), "MONTH", None)}),
    ("The trial ran from 2021 to 2024 and has now finished.",
     {"STUDY_START": (dt.date(2021, 1, 1), "YEAR", None), "STUDY_COMPLETION": (dt.date(2024, 1, 1), "YEAR", None)}),
    ("Place and Duration of Study: Department of Oncology, City Hospital, from January 2022 to June 2024.",
     {"STUDY_START": (dt.date(2022, 1, 1), "MONTH", None), "STUDY_COMPLETION": (dt.date(2024, 6, 1), "MONTH", None)}),
    ("Набор в исследование начат в марте 2024 г. и продолжается.",
     {"STUDY_START": (dt.date(2024, 3, 1), "MONTH", None)}),
    ("Studien är registrerad och beräknas pågå till 2030.",
     {"STUDY_COMPLETION": (dt.date(2030, 1, 1), "YEAR", True)}),
])
def test_periods_and_accrual_starts_in_prose(sentence, expected):
    _, dates = _rows("A trial of drug Q\n\n" + sentence + "\n")
    assert dates == expected


def test_an_accrual_end_or_a_publication_period_is_no_milestone():
    _, dates = _rows("A phase 2 trial of drug Q (NCT00000001)\n\nBetween 2010 and 2020, incidence rose in 300 women who were treated.\n")
    assert dates == {}


def test_a_dutch_group_code_a_study_code_label_and_a_project_number():
    ids, _ = _rows("Studies > LOWDOSE\n\nBOOG 2099-01\n\nGeneral Information\n\nBOOG number\n\nBOOG 2099-01\n")
    assert ids == {("BOOG 2099-01", "ORG_STUDY_ID", "SECONDARY")}
    ids, _ = _rows("Onderzoek naar middel X\n\nStudiecode: BOOG 2099-02\n\nAndere lopende onderzoeken in ons centrum\n"
                   " • BOOG 2098-07: een ander onderzoek\n")
    # another group code under a Dutch heading: RELATED, OTHER
    assert ids == {("BOOG 2099-02", "ORG_STUDY_ID", "SECONDARY"), ("BOOG 2098-07", "OTHER", "RELATED")}
    ids, _ = _rows("Répertoire public des projets\n\nÉtude de cohorte du médicament X\n\nNuméro de projet\nF20990101120000\n")
    assert ids == {("F20990101120000", "OTHER", "SECONDARY")}


def test_a_related_list_row_opening_with_a_sponsor_code_beside_its_registry_id():
    text = ("Study of drug L\nSponsor Study ID\tABC-4021-301\nClinicalTrials.gov ID\tNCT00000011\n\n"
            "Other Listed Studies for This Compound\n"
            "ABC-4021-201  A Phase 2 Study of Drug L in Solid Tumors  NCT00000012\n"
            "ABC-4021-102  Food-Effect Study of Drug L  NCT00000013\n")
    ids, _ = _rows(text)
    assert ("ABC-4021-201", "ORG_STUDY_ID", "RELATED") in ids and ("ABC-4021-102", "ORG_STUDY_ID", "RELATED") in ids
    assert ("NCT00000012", "NCT", "RELATED") in ids and ("ABC-4021-301", "ORG_STUDY_ID", "SECONDARY") in ids
    ids, _ = _rows(text.replace("  NCT00000012", "").replace("  NCT00000013", ""))
    assert not any(v.startswith("ABC-4021-2") or v.startswith("ABC-4021-1") for v, _, _ in ids)  # no registry id: no row


# ------------------------------------------------------------------ blind set 9 (late10a)
def test_last_changed_labels_in_dutch_danish_vietnamese_and_a_page_footer():
    _, nl = _rows("Onderzoek naar middel X\n\nOpen sinds 14-01-2099\n\nLaatst gewijzigd: 03-10-2099\n")
    assert nl["LAST_UPDATE_POSTED"] == (dt.date(2099, 10, 3), "DAY", None)  # dashes, day first as the page's other date
    _, da = _rows("Forsøg med lægemiddel Y\n\nOpdateret: 27.08.2099\n")
    assert da["LAST_UPDATE_POSTED"] == (dt.date(2099, 8, 27), "DAY", None)
    _, vi = _rows("Thử nghiệm thuốc Z\nCập nhật: 23/10/2099 | Chuyên mục: Ung thư\n")
    assert vi["LAST_UPDATE_POSTED"] == (dt.date(2099, 10, 23), "DAY", None)
    _, en = _rows("A trial of drug W\n\n(c) Some Site Ltd. Privacy Policy. Page updated 2 November 2099.\n")
    assert en["LAST_UPDATE_POSTED"] == (dt.date(2099, 11, 2), "DAY", None)


def test_russian_start_and_planned_end_and_a_solar_hijri_date_beside_its_gregorian_one():
    _, ru = _rows("Карточка исследования\n\nНачало исследования (факт.): 15.09.2098\nПланируемая дата завершения: 12.2099\n")
    assert ru == {"STUDY_START": (dt.date(2098, 9, 15), "DAY", False),
                  "STUDY_COMPLETION": (dt.date(2099, 12, 1), "MONTH", True)}
    _, fa = _rows("طرح پژوهشی\nتاریخ شروع: ۱۴۰۳/۰۷/۱۰ برابر با 2098/10/01\n")
    assert fa == {"STUDY_START": (dt.date(2098, 10, 1), "DAY", None)}
    assert parse_date("1403/07/10") is None and parse_date("02-11-2099", dayfirst=True) == (dt.date(2099, 11, 2), "DAY")


def test_sponsor_numbers_in_dutch_vietnamese_and_russian_and_a_russian_related_list():
    ids, _ = _rows("Onderzoek naar middel X\n\nStudienummer sponsor: ABC-GE-901\n")
    assert ids == {("ABC-GE-901", "ORG_STUDY_ID", "SECONDARY")}
    ids, _ = _rows("Thử nghiệm thuốc Z\nMã đề cương của nhà tài trợ: XYZ77-BC901\n")
    assert ids == {("XYZ77-BC901", "ORG_STUDY_ID", "SECONDARY")}
    ids, _ = _rows("Study of drug Q\nProtocol No. : QRS-1234-MBC-901\n")
    assert ids == {("QRS-1234-MBC-901", "ORG_STUDY_ID", "SECONDARY")}
    ids, _ = _rows("Карточка исследования\n\nРегистрационный номер: NCT00000021\n\nТекст.\n\n"
                   "Другие исследования по нозологии:\n  • ABC-TN-04 (NCT00000022) — другое исследование\n")
    assert ("NCT00000021", "NCT", "PRIMARY") in ids and ("NCT00000022", "NCT", "RELATED") in ids


@pytest.mark.parametrize("sentence,expected", [
    ("Cohort A has completed accrual; primary completion is expected in June 2099.",
     {"PRIMARY_COMPLETION": (dt.date(2099, 6, 1), "MONTH", True)}),
    ("Segundo os pesquisadores, o estudo deve ser concluído em 2099.",
     {"STUDY_COMPLETION": (dt.date(2099, 1, 1), "YEAR", True)}),
    ("Study information is provided by the sponsor and was last updated on July 8, 2099.",
     {"LAST_UPDATE_POSTED": (dt.date(2099, 7, 8), "DAY", None)}),
])
def test_milestones_in_news_prose_set9(sentence, expected):
    _, dates = _rows("A trial of drug Q\n\n" + sentence + "\n")
    assert dates == expected

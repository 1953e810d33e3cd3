"""Trial-level fields read by mechanism: where a label's value sits, titles among page
furniture, prose statements. Each page here is a few lines written for the test."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from extract.components.trial import extract_trial_facts
from extract.context import build_context
from extract.layout import analyze
from extract.model import Document
from extract.records import build_rows


def trial_row(text: str) -> dict:
    layout = build_context(text, analyze(text))
    facts = extract_trial_facts(text, layout)
    doc = Document("d", "d.txt", "0", text, datetime(2026, 1, 1, tzinfo=timezone.utc))
    return build_rows(doc, layout, facts).tables["trials"][0]


# ------------------------------------------------------------------- label/value geometry
def test_sub_labels_under_a_label_each_give_a_value_and_final_outranks_target():
    page = "Recruitment\nSample size\nTarget\n300\nAccrual to date\n41\nFinal\n288\nCountries\nNorway\n"
    row = trial_row(page)
    assert (row["enrollment"], row["enrollment_type"]) == (288, "ACTUAL")
    row = trial_row("Sample size\nTarget\n300\nAccrual to date\n41\nFinal\n\nCountries\n")
    assert (row["enrollment"], row["enrollment_type"]) == (300, "ESTIMATED")


def test_a_paragraph_under_a_sample_size_heading_is_not_its_value():
    page = ("Sample size\nWith 80% power to detect a 15% difference, 120 evaluable women are needed; "
            "allowing for dropout, 134 participants will be enrolled.\n")
    row = trial_row(page)
    assert row["enrollment"] == 134


def test_a_translated_label_before_the_label():
    row = trial_row("试验名称 Trial name : X\n目标例数 Total sample size : 212\n")
    assert row["enrollment"] == 212


def test_capitals_label_glued_to_its_value_by_one_space():
    page = "GENERAL DATA\n\nSTATUS Recruiting.\n\nSEX Female.\n\nPHASE NOTES ARE BELOW\n"
    row = trial_row(page)
    assert (row["overall_status"], row["sex"]) == ("RECRUITING", "FEMALE")
    # a label written in ordinary case is not glued by one space
    assert trial_row("Status updates are posted monthly\n")["overall_status"] is None


def test_tab_between_label_and_value():
    assert trial_row("Official Title\tA Phase 2 Study of Q-1 in Adults With Gout\n")["title"] == \
        "A Phase 2 Study of Q-1 in Adults With Gout"


def test_a_section_heading_under_an_empty_title_label_is_not_the_title():
    page = ("A Phase 3 Study of K-7 Versus Placebo in Asthma\n- Status:\n- Recruiting\n"
            "Scientific title\nSummary\nAdults with asthma are eligible.\n")
    assert trial_row(page)["title"] == "A Phase 3 Study of K-7 Versus Placebo in Asthma"


def test_numbered_row_key_before_a_label_cell():
    page = "B.2 | Full title of the trial | A Phase 2 Study of Q-1 in Adults With Gout |\nF.3.1 | Healthy volunteers | No |\n"
    row = trial_row(page)
    assert row["title"] == "A Phase 2 Study of Q-1 in Adults With Gout" and row["healthy_volunteers"] is False


def test_language_tags_between_a_label_and_its_translations():
    page = "Scientific title:\nen\nLow-dose Q-1 versus placebo in adults with gout\npt-br\nQ-1 em baixa dose versus placebo\n"
    assert trial_row(page)["title"] == "Low-dose Q-1 versus placebo in adults with gout"


def test_a_capitalised_code_before_a_colon_is_part_of_a_labelled_value():
    page = "Scientific title\nGOUTSTOP: a randomised trial of Q-1 in adults with gout\nAcronym\nGOUTSTOP\n"
    assert trial_row(page)["title"] == "GOUTSTOP: a randomised trial of Q-1 in adults with gout"


# ------------------------------------------------------------------------------- titles
@pytest.mark.parametrize("page,title", [
    # badges (status, phase, a short label) above the heading
    ("Gout Finder\nSearch    Sign in\n\nNot yet recruiting\nPhase 1 & 2\nPaid: No\n\nQ-1 Tablets for Chronic Gout Flares\n\n"
     "What is the purpose of this trial?\nIt tests Q-1.\n", "Q-1 Tablets for Chronic Gout Flares"),
    # an HTML title bar whose last part is the heading below
    ("Rheum Trials - Study Page - Q-1 Tablets for Chronic Gout Flares\n\nHome  >  Trials\n\n"
     "Q-1 Tablets for Chronic Gout Flares\n\nRecruiting\n", "Q-1 Tablets for Chronic Gout Flares"),
    # a page heading of genre words, then the study's heading
    ("Joint Health Centre\n\nClinical Trial Details\n\nQ-1 Versus Colchicine for Acute Gout in Adults\n\nStatus: Open\n",
     "Q-1 Versus Colchicine for Acute Gout in Adults"),
    # the study code before the title is not part of it; a question heading above is skipped
    ("Gout Centre  |  Trials\n\nWhat is the full name of this clinical trial?\n"
     "GT-2291: A Randomized Phase 3 Trial of Q-1 Versus Placebo in Gout\n", "A Randomized Phase 3 Trial of Q-1 Versus Placebo in Gout"),
    # a CJK title below a site bar and a recruitment advert's tag line
    ("痛风新药 | 患者招募\n【痛风A12】招募慢性痛风患者\n一项评价Q-1片对比安慰剂治疗慢性痛风患者的随机、双盲、多中心III期临床研究\n",
     "一项评价Q-1片对比安慰剂治疗慢性痛风患者的随机、双盲、多中心III期临床研究"),
])
def test_the_heading_that_names_the_study_is_the_title(page, title):
    assert trial_row(page)["title"] == title


@pytest.mark.parametrize("page", [
    # a news headline: the page names no study title
    "Market Wire\n\nHome > News\n\nAcme Bio Announces First Patient Dosed in Phase 2 Trial of Q-1 in Gout\n\n"
    "Acme Bio said today that ...\n",
    # news of a trial named only by its drug, its phase and a protein "called" something
    "Bio Wire\n\nAcme Bio has dosed the first patient in its Phase 1/2 clinical trial of Q-1, a tablet that "
    "blocks a protein called URAT-1. The Phase 3 trial is planned for 2027.\n",
])
def test_no_title_on_pages_that_do_not_name_one(page):
    assert trial_row(page)["title"] is None


@pytest.mark.parametrize("page, title", [
    # prose about a study, menu entries and section questions, no heading naming it: the name the
    # page gives the trial is its brief title (DATA_DICTIONARY)
    ("Gout School\n\nCourse\n  GT-2291: What is the trial?\n  GT-2291: Questions to ask your doctor\n\n"
     "GT-2291 (NCT01234567) is a phase 3 trial of Q-1, a tablet taken daily, for people with gout.\n"
     "Your group depends on your past treatment, and everyone gets Q-1 for a year.\n"
     "Group 1 (no prior treatment): Q-1 100 mg; Group 2 (prior allopurinol): Q-1 200 mg.\n"
     "Other modules of this study\n", "GT-2291"),
    ("Market Wire\n\nAcme Bio to Begin Phase 2 Trial of Q-1 in Gout\n\nThe randomized trial, called "
     "URATE-FLARE, will enrol 200 adults.\n", "URATE-FLARE"),
    ("What is this study about?\nThe GOUT-3 study is a late-stage (Phase 3) clinical trial of Q-1.\n", "GOUT-3"),
    # a heading that names the study outranks the name in prose
    ("Joint Health Centre\n\nClinical Trial Details\n\nQ-1 Versus Colchicine for Acute Gout in Adults\n\n"
     "The GOUT-3 study is open.\n", "Q-1 Versus Colchicine for Acute Gout in Adults"),
])
def test_the_name_a_page_gives_the_trial_is_its_title_when_it_shows_none(page, title):
    assert trial_row(page)["title"] == title


def test_a_news_item_quoting_the_registry_title():
    page = ("Wire News\n\nOsaka, Mar. 3 -- The registry received information related to the study (UMIN000012345) "
            "titled 'Phase 2 study of Q-1 in Japanese adults with gout'.\n")
    assert trial_row(page)["title"] == "Phase 2 study of Q-1 in Japanese adults with gout"


# ------------------------------------------------------------------- other languages
def test_spanish_labels_and_values():
    page = ("Detalles\nEstado: Aún no reclutando\nFase: Fase I/II\nTipo: Ensayo clínico\nRango de edad: 18-70 años\n"
            "Sexo: Todos\nVoluntarios sanos: No\nNúmero de participantes: 64\n")
    row = trial_row(page)
    assert (row["overall_status"], row["phases"], row["study_type"]) == ("NOT_YET_RECRUITING", ["PHASE1", "PHASE2"], "INTERVENTIONAL")
    assert (row["min_age_years"], row["max_age_years"], row["sex"], row["healthy_volunteers"], row["enrollment"]) == \
        (18.0, 70.0, "ALL", False, 64)


def test_cjk_label_and_value_after_one_space_or_on_the_next_line():
    row = trial_row("试验分期 II期\n研究所处阶段 招募中\n计划入组人数 约96例\n")
    assert (row["phases"], row["overall_status"], row["enrollment"], row["enrollment_type"]) == \
        (["PHASE2"], "RECRUITING", 96, "ESTIMATED")
    row = trial_row("募集ステータス\n募集前\n\n治験フェーズ\nフェーズ2\n\n性別\n男性・女性\n\n年齢\n20歳 以上75歳 以下\n")
    assert (row["overall_status"], row["phases"], row["sex"], row["min_age_years"], row["max_age_years"]) == \
        ("NOT_YET_RECRUITING", ["PHASE2"], "ALL", 20.0, 75.0)


def test_label_with_its_translation_after_a_slash():
    page = ("性別/Gender\n女/Female\n\n年齢(下限)/Age-lower limit\n20\t歳/years-old\t以上/<=\n\n"
            "試験の種類/Study type\n介入/Interventional\n")
    row = trial_row(page)
    assert (row["sex"], row["min_age_years"], row["study_type"]) == ("FEMALE", 20.0, "INTERVENTIONAL")


def test_both_sexes_listed_is_all_and_a_year_letter_after_an_age():
    row = trial_row("Gender: Female, Male\nMinimum age:\n18A\n")
    assert (row["sex"], row["min_age_years"]) == ("ALL", 18.0)


# ------------------------------------------------------------------------------- prose
@pytest.mark.parametrize("sentence,field,value", [
    ("The registry study is enrolling about 120 adults with gout at 9 clinics.", "enrollment", 120),
    ("This phase 3 trial will enroll ~640 patients across Europe.", "enrollment", 640),
    ("In all, 212 participants with gout in 14 countries will be randomised 1:1.", "enrollment", 212),
    ("Only 36 healthy women took part in the first stage.", "enrollment", 36),
    ("This study is no longer recruiting; those who joined are followed up.", "overall_status", "ACTIVE_NOT_RECRUITING"),
    ("Recruitment began in March 2025 at 12 sites and is ongoing.", "overall_status", "RECRUITING"),
    ("The study started in May 2020 and ended in June 2022, and results are below.", "overall_status", "COMPLETED"),
    ("To join you must be at least 21 years old and have gout.", "min_age_years", 21.0),
    ("- Women and men ≥ 40 years of age with gout", "min_age_years", 40.0),
    ("Volunteers had to be 18 to 45 years old.", "max_age_years", 45.0),
    ("- Women and men ≥ 40 years of age with gout", "sex", "ALL"),
    ("Only healthy women could take part in this study.", "sex", "FEMALE"),
    ("Only healthy women could take part in this study.", "healthy_volunteers", True),
    ("• Women sixty-five (65) years of age or older with gout", "min_age_years", 65.0),
    ("NCT01234567 · Phase 2 · Interventional", "study_type", "INTERVENTIONAL"),
])
def test_fields_stated_in_prose(sentence, field, value):
    assert trial_row("Gout study page\n\n" + sentence + "\n")[field] == value


def test_a_status_alone_in_a_site_table_cell():
    page = "Site\tStatus\tContact\nLeeds, UK\tOpen for enrollment\tRheumatology office\n"
    assert trial_row(page)["overall_status"] == "RECRUITING"


def test_badge_rows_glued_without_a_space():
    row = trial_row("Enrollment310 (estimated)\nAge21 Years+\nSexFemale\nHealthy vol.Not accepted\n")
    assert (row["enrollment"], row["min_age_years"], row["sex"], row["healthy_volunteers"]) == (310, 21.0, "FEMALE", False)


def test_a_qualifier_word_that_begins_a_label_of_its_own():
    row = trial_row("- Status\n- Recruiting\n- Target Recruitment\n- 275\n")
    assert (row["overall_status"], row["enrollment"], row["enrollment_type"]) == ("RECRUITING", 275, "ESTIMATED")


@pytest.mark.parametrize("line,field,value", [
    ("2 签署知情同意书时年龄20~70周岁,男女不限;", "max_age_years", 70.0),
    ("2 签署知情同意书时年龄20~70周岁,男女不限;", "sex", "ALL"),
    ("1 | 女性,签署知情同意书时年龄≥20周岁且≤65周岁; |", "max_age_years", 65.0),
    ("1 | 女性,签署知情同意书时年龄≥20周岁且≤65周岁; |", "sex", "FEMALE"),
    ("【招募】痛风II期临床研究,全国多家医院开展", "overall_status", "RECRUITING"),
    ("【招募】痛风II期临床研究,全国多家医院开展", "phases", ["PHASE2"]),
    ("发布时间:2025-01-02 项目状态:招募中", "overall_status", "RECRUITING"),
    ("This is a phase 2 trial. The team need 64 people to join.", "enrollment", 64),
    ("Enrollment is open at sites in Canada.", "overall_status", "RECRUITING"),
])
def test_cjk_criteria_and_plain_statements(line, field, value):
    assert trial_row("Page\n\n" + line + "\n")[field] == value


def test_own_nct_id_under_an_identifier_label_among_related_ones():
    page = ("Gout Trials\n\nClinical Study ID\nNCT01234567\nGT-101\n\nOther trials you may like\n"
            "NCT07654321 · Q-2 in gout · Phase 2\nNCT07654322 · Q-3 in gout · Phase 3\n")
    assert trial_row(page)["nct_id"] == "NCT01234567"


def test_several_age_groups_and_phases_joined_by_an_ampersand():
    row = trial_row("Age range: 18-64 years; 65-84 years; 85+ years\n")
    assert (row["min_age_years"], row["max_age_years"]) == (18.0, None)
    row = trial_row("Age range: 12-17 years, 18-64 years\n")
    assert (row["min_age_years"], row["max_age_years"]) == (12.0, 64.0)
    assert trial_row("Gout study\n\nRecruiting\nPhase 2 & 3\n")["phases"] == ["PHASE2", "PHASE3"]


# ------------------------------------------------------- status under a label of many words
@pytest.mark.parametrize("page", [
    "Overview\nProject status:     Active - Recruiting\nSponsor: Acme\n",
    "Studie\nStatus dieser Studie\nRekrutierung läuft\n\nEinschlusskriterien\n",
    "Stato dello studio nel centro:  In corso - arruolamento attivo\n",
    "Estado del estudio en Chile\nReclutando\n",
    "Disease: Lung    Trial status: Open for new participants    Site: Oslo\n",
    "시험 진행상태 모집 중\n",
    "試験の状況 募集中\n\n選択基準\n",
])
def test_a_status_under_a_label_of_several_words(page):
    assert trial_row(page)["overall_status"] == "RECRUITING"


def test_a_status_label_whose_value_is_no_status_gives_nothing():
    page = "Inclusion\n- ECOG performance status: 0 or 1\n- Menopausal status  any\nHER2 status\nPositive\n"
    assert trial_row(page)["overall_status"] is None


@pytest.mark.parametrize("page", [
    "STUDY X-1\nENROLLING\nBreast cancer\n",
    "Essai ABC\nEn recrutement\nCoordonnateur : Dr Y\n",
    "Results: Accrual began in March 2023. Enrolment is ongoing.\n",
    "研究A\n【召募中】\n",
])
def test_a_status_badge_or_ongoing_recruitment(page):
    assert trial_row(page)["overall_status"] == "RECRUITING"


# ------------------------------------------------- enrollment under a label of many words
@pytest.mark.parametrize("page, n, etype", [
    ("Design\nExpected overall sample size (all arms)   212\nCountries: 5\n", 212, "ESTIMATED"),
    ("Numero di soggetti previsti nel mondo:  300\n", 300, "ESTIMATED"),
    ("Number of patients planned for this protocol\n48\n\nOutcomes\n", 48, "ESTIMATED"),
    ("예정 대상자 수 120 명\n", 120, "ESTIMATED"),
    ("Target enrolment size: Norway: 30 - Total: 410\n", 410, "ESTIMATED"),
    ("Sample size (Norway): 30\nSample size (overall): 410\n", 410, "ESTIMATED"),
    ("Aantal patiënten verwacht: 95 wereldwijd, 12 in België\n", 95, "ESTIMATED"),
])
def test_an_enrollment_under_a_label_of_several_words(page, n, etype):
    row = trial_row(page)
    assert (row["enrollment"], row["enrollment_type"]) == (n, etype)


def test_a_split_enrollment_under_a_known_label_keeps_the_whole_trial_figure():
    assert trial_row("Target Enrollment: Chile 12 / Total 350\n")["enrollment"] == 350


def test_a_numbered_criterion_naming_patients_is_no_enrollment_label():
    page = "Inclusion criteria\n1) Adult patients of either sex\n2) ECOG 0-1\nWho can take part\nAge: 18 years\n"
    assert trial_row(page)["enrollment"] is None


# --------------------------------------- healthy volunteers, sex: labels and values in more languages
@pytest.mark.parametrize("page", [
    "Eligibility\nAre healthy participants accepted\nNo\n\nOutcomes\n",
    "Gesunde Teilnehmende zugelassen: Nein\n",
    "Soggetti sani ammessi:  No\n",
    "건강한 지원자 참여 아니요\n",
    "接受健康受試者 否\n",
    "Overview\nPhase 3 · Adults · Does not accept healthy volunteers\n",
    "Who can join\nNo healthy volunteers\n",
])
def test_healthy_volunteers_under_a_label_of_several_words_or_as_a_badge(page):
    assert trial_row(page)["healthy_volunteers"] is False


def test_a_healthy_label_whose_next_line_is_no_yes_no_word_gives_nothing():
    page = "May healthy people join? Please ask\n\nExclusion criteria\n- Prior therapy\n"
    assert trial_row(page)["healthy_volunteers"] is None


@pytest.mark.parametrize("page, sex", [
    ("Sesso: Maschi e femmine\n", "ALL"),
    ("Sexo: Hombres y mujeres\n", "ALL"),
    ("Geschlecht: Frauen\n", "FEMALE"),
    ("성별 여성\n", "FEMALE"),
    ("성별 모두(Both)\n연령 20세(Year) ~ 75세(Year)\n", "ALL"),
])
def test_sex_values_in_more_languages_and_a_hangul_label_before_one_space(page, sex):
    assert trial_row(page)["sex"] == sex


def test_a_hangul_age_label_and_year_word():
    row = trial_row("연령 20세(Year) ~ 제한없음(No Limit)\n")
    assert (row["min_age_years"], row["max_age_years"]) == (20.0, None)


@pytest.mark.parametrize("page", [
    "연구유형 중재연구(Interventional Study)\n",
    "研究類型 介入性研究\n",
    "Tipo di studio:   Interventistico, con dispositivo\n",
    "Trial type: Prevention\n",
    "Phase 1  |  Interventional  |  Sponsor X\n",
])
def test_study_type_labels_and_values_in_more_languages_and_a_piped_summary(page):
    assert trial_row(page)["study_type"] == "INTERVENTIONAL"


@pytest.mark.parametrize("page, lo, hi", [
    ("Age group : 21 years to 70 years\n", 21.0, 70.0),
    ("Fascia di età:   Adulti (18-64 anni), Anziani (≥ 65 anni)\n", 18.0, None),
    ("年齡 20歲以上\n", 20.0, None),
])
def test_age_group_labels_and_a_traditional_chinese_year_word(page, lo, hi):
    row = trial_row(page)
    assert (row["min_age_years"], row["max_age_years"]) == (lo, hi)


def test_a_research_title_outranks_a_public_title_of_trial():
    page = ("Registry of Somewhere\n\nResearch Title:\nA Phase 2 Study of Drug Q in Adults With Condition R\n\n"
            "Public Title of Trial | Testing drug Q for condition R\n")
    assert trial_row(page)["title"] == "A Phase 2 Study of Drug Q in Adults With Condition R"


def test_a_spanish_study_title_label_over_the_site_heading():
    page = "Registro Nacional de Ensayos\n\nTítulo del estudio\nEstudio de fase II de Q en adultos con R\n\nFase\nFase II\n"
    assert trial_row(page)["title"] == "Estudio de fase II de Q en adultos con R"


# ------------------------------------------------- issue 11, fields3: sites nobody studied yet
def test_title_case_label_and_its_value_after_one_space():
    page = ("NCI ID NCI-2024-00001\nCurrent Trial Status Closed to Accrual\nMinimum Age 40 Years\n"
            "Maximum Age 70 Years\nGender FEMALE\nLead Org Alliance for Clinical Trials in Oncology\n\n"
            "Neoadjuvant Paclitaxel With or Without Carboplatin in Premenopausal Women With Breast Cancer\n")
    row = trial_row(page)
    assert (row["overall_status"], row["min_age_years"], row["max_age_years"], row["sex"]) == \
        ("ACTIVE_NOT_RECRUITING", 40.0, 70.0, "FEMALE")
    assert row["title"].startswith("Neoadjuvant Paclitaxel")
    # one space reads only a whole value of the field; 999 years is a placeholder for no limit
    assert trial_row("Gender BOTH\nMaximum Age 999 Years\n")["max_age_years"] is None
    assert trial_row("Gender BOTH\nMaximum Age 999 Years\n")["sex"] == "ALL"
    assert trial_row("Status of the consortium and its sites\n")["overall_status"] is None


def test_api_keys_with_underscores_are_labels():
    page = ("brief_title\nQ-1 Versus Chemotherapy\n\nofficial_title\nA Randomized Phase III Study of Q-1 Versus "
            "Chemotherapy in Breast Cancer\n\noverall_status\nNOT_YET_RECRUITING\n\nenrollment_count\n520\n\n"
            "enrollment_type\nESTIMATED\n\nmaximum_age\n75 Years\n\nhealthy_volunteers\nfalse\n")
    row = trial_row(page)
    assert row["title"] == "A Randomized Phase III Study of Q-1 Versus Chemotherapy in Breast Cancer"
    assert (row["overall_status"], row["enrollment"], row["enrollment_type"], row["max_age_years"],
            row["healthy_volunteers"]) == ("NOT_YET_RECRUITING", 520, "ESTIMATED", 75.0, False)


def test_status_badge_glued_after_a_phase_badge_and_similar_trials_on_a_site():
    page = ("Q-1 With Tislelizumab in HER2-Low Gastric Cancer\n\n"
            "Phase 2Active, not recruitingSouth Coast AllianceNCT06688417Data as of May 2026\n\n"
            "Who can join\n\nAges 18+ · Women and men · No healthy volunteers\n\n"
            "Similar trials on OncoMatch\nNCT06201145 · Z-5 plus chemotherapy · Recruiting\n")
    row = trial_row(page)
    assert (row["overall_status"], row["sex"], row["healthy_volunteers"]) == ("ACTIVE_NOT_RECRUITING", "ALL", False)


def test_news_enrolment_of_the_first_patient_and_open_for_enrolment():
    page = ("Veridex enrolls first patients in HERALD trial for breast cancer\n\nVeridex announced the "
            "enrollment of the first patients in the HERALD clinical trial, a phase II trial.\n")
    row = trial_row(page)
    # the headline is no title; the trial's name is (DATA_DICTIONARY)
    assert (row["overall_status"], row["title"]) == ("RECRUITING", "HERALD")
    page = ("Halcyon Doses First Patient In Phase 2 Trial Of HLV-04 In Breast Cancer\n\nThe trial "
            "(NCT07002264) will enroll 180 patients and is open for enrollment at 14 U.S. sites.\n")
    row = trial_row(page)
    assert (row["overall_status"], row["title"], row["enrollment"]) == ("RECRUITING", None, 180)


def test_japanese_numbered_trial_and_korean_news_phase_age_and_plan():
    row = trial_row("現在実施中の治験\n\n1 HER2陽性乳癌患者を対象としたQ-1とドセタキセル併用療法を比較する第3相臨床試験\n"
                    "年齢：20歳以上75歳以下\n")
    assert row["title"].startswith("HER2陽性乳癌患者") and row["phases"] == ["PHASE3"]
    row = trial_row("한결제약, 'HGB-301' 임상 3상 승인\n\n국내 22개 의료기관에서 만 19세 이상 성인 환자 476명을 "
                    "대상으로 진행할 예정이다.\n")
    assert (row["phases"], row["min_age_years"], row["enrollment"], row["enrollment_type"]) == \
        (["PHASE3"], 19.0, 476, "ESTIMATED")


def test_a_code_after_one_space_under_an_id_label_in_capitals():
    page = "CTEP ID NRG-BR011\nNCT ID NCT06790215\n\nA Phase III Trial of Shorter Trastuzumab in Breast Cancer\n"
    layout = build_context(page, analyze(page))
    ids = {(f.attrs["id_value"], f.attrs["id_type"]) for f in extract_trial_facts(page, layout) if f.kind == "trial_id"}
    assert ("NRG-BR011", "ORG_STUDY_ID") in ids
    page = "CTEP ID pending review\n"  # not a code: no identifier
    layout = build_context(page, analyze(page))
    assert not [f for f in extract_trial_facts(page, layout) if f.kind == "trial_id"]


def test_news_and_abstract_enrolment_and_status_in_prose():
    row = trial_row("First Patient Randomized in Phase 3 ORION-1 Trial of Q-1 in Breast Cancer\n\nThe randomized "
                    "trial is expected to enroll approximately 680 patients.\n")
    # the headline is no title; the trial's name in it is (gold decision 2, session 6)
    assert (row["title"], row["enrollment"], row["enrollment_type"]) == ("ORION-1", 680, "ESTIMATED")
    row = trial_row("Methods: 23 patients per arm (46 in total) will be enrolled. Enrollment began in February "
                    "2025 at 12 sites.\n")
    assert (row["enrollment"], row["overall_status"]) == (46, "RECRUITING")
    row = trial_row("Enrollment began in March 2019 and was completed in June 2021.\n")
    assert row["overall_status"] is None
    row = trial_row("Phase 3 Trial of Ferotinib Opens for Frontline HER2-Mutant NSCLC\n")
    assert (row["overall_status"], row["title"]) == ("RECRUITING", None)


def test_dutch_and_german_badges_phase_and_age():
    row = trial_row("HERLO - studie (Borstkanker)\n • Open sinds 12-03-2024\n • Fase 3\n\nWie kan meedoen?\n"
                    " • U bent 18 jaar of ouder.\n")
    assert (row["overall_status"], row["phases"], row["min_age_years"]) == ("RECRUITING", ["PHASE3"], 18.0)
    row = trial_row("Es handelt sich um eine Phase-III-Studie.\n  • Sie müssen mindestens 18 Jahre alt sein.\n")
    assert (row["phases"], row["min_age_years"]) == (["PHASE3"], 18.0)


def test_sex_in_prose_badges_and_labels_three_spaces_apart():
    assert trial_row("Eligibility\nFemale and Male\n")["sex"] == "ALL"
    assert trial_row("Age: 18 to 80 years   Gender: Both   Healthy Volunteers: No\n")["sex"] == "ALL"
    row = trial_row("Eligible participants are women aged 18 to 70 years. Inclusion criteria are listed below.\n")
    assert (row["sex"], row["min_age_years"], row["max_age_years"]) == ("FEMALE", 18.0, 70.0)
    row = trial_row("Critères d'inclusion\n - Femmes ≥ 70 ans.\n")
    assert (row["sex"], row["min_age_years"]) == ("FEMALE", 70.0)
    row = trial_row("Die Studie richtet sich an Frauen ab 18 Jahren, deren Brustkrebs Metastasen gebildet hat.\n")
    assert (row["sex"], row["min_age_years"]) == ("FEMALE", 18.0)


def test_furniture_lines_above_the_title_are_skipped():
    page = ("< Back to search results\n\nA study of XB-7730 with or without dexamethasone for people with myeloma\n\n"
            "About this study\nThis study tests XB-7730 in adults whose myeloma came back after treatment.\n")
    assert trial_row(page)["title"] == "A study of XB-7730 with or without dexamethasone for people with myeloma"
    page = ("Essais en cours - Cancer du sein métastatique\n\nÉtude de phase II randomisée évaluant deux schémas de "
            "trastuzumab déruxtécan chez des patientes âgées\n")
    assert trial_row(page)["title"].startswith("Étude de phase II randomisée")
    assert trial_row("Published on 12.3.2025 in Vol 14 (2025)\n")["title"] is None


def test_french_planned_enrolment():
    row = trial_row("L'essai de phase 2 vise à déterminer la dose optimale. Environ 120 patients seront randomisés (1:1). "
                    "Le recrutement est en cours dans une quarantaine de centres.\n")
    assert (row["enrollment"], row["enrollment_type"], row["overall_status"]) == (120, "ESTIMATED", "RECRUITING")


def test_middle_dot_list_marks_before_labels():
    page = ("·试验名称\n一项评估XB-12治疗HER2阳性乳腺癌的随机、开放、多中心Ⅲ期临床研究\n·招募状态\n招募中\n"
            "·计划入组人数\n全国300例\n")
    row = trial_row(page)
    assert row["title"].startswith("一项评估XB-12")
    assert (row["overall_status"], row["enrollment"]) == ("RECRUITING", 300)
    assert trial_row("・進行状況\n登録中\n")["overall_status"] == "RECRUITING"


def test_status_words_in_german_portuguese_japanese_and_completed_enrolment():
    assert trial_row("Status: Rekrutierung offen\n")["overall_status"] == "RECRUITING"
    assert trial_row("Status: Rekrutierung beendet\n")["overall_status"] == "ACTIVE_NOT_RECRUITING"
    assert trial_row("Estado: A recrutar\n")["overall_status"] == "RECRUITING"
    assert trial_row("Estado: Ainda não a recrutar\n")["overall_status"] == "NOT_YET_RECRUITING"
    assert trial_row("進行状況\n登録中\n")["overall_status"] == "RECRUITING"
    assert trial_row("進行状況\n登録中止\n")["overall_status"] is None


def test_planned_enrolment_in_japanese_korean_and_english_prose():
    row = trial_row("単群試験として実施する。目標症例数は60例である。\n")
    assert (row["enrollment"], row["enrollment_type"]) == (60, "ESTIMATED")
    assert trial_row("予定登録数:45 例\n")["enrollment"] == 45
    row = trial_row("국내외 약 90개 기관에서 총 512명을 모집할 예정이다.\n")
    assert (row["enrollment"], row["enrollment_type"]) == (512, "ESTIMATED")
    assert trial_row("About 150 people will be randomly assigned (2:1) to receive drug X.\n")["enrollment"] == 150
    assert trial_row("About 360 people around the world will take part.\n")["enrollment"] == 360
    assert trial_row("Au total, environ 66 patientes seront incluses.\n")["enrollment"] == 66


def test_ages_and_sex_in_french_italian_and_english_labels_and_prose():
    assert trial_row("Âge : 18 ans et plus\n")["min_age_years"] == 18.0
    assert trial_row("Età: 18 anni e oltre\n")["min_age_years"] == 18.0
    assert trial_row("- Patiente âgée de 18 ans ou plus\n")["min_age_years"] == 18.0
    assert trial_row("  • Minimum 18 years old\n")["min_age_years"] == 18.0
    assert trial_row("Eligible Genders\nAll\n")["sex"] == "ALL"
    row = trial_row("Wer? Frauen und Männer ab 18 Jahren mit HER2-positivem Darmkrebs.\n")
    assert (row["sex"], row["min_age_years"]) == ("ALL", 18.0)
    assert trial_row("Are 18 years of age or older. Women and men may take part.\n")["sex"] == "ALL"
    assert trial_row("Research on women and men who smoke\n")["sex"] is None  # not a sentence's start


def test_study_type_named_in_a_sentence_or_a_portuguese_value():
    page = "This is a randomised, open-label, multicentre phase III interventional study.\n"
    assert trial_row(page)["study_type"] == "INTERVENTIONAL"
    assert trial_row("This is a phase 3, open-label, randomised controlled trial.\n")["study_type"] is None
    assert trial_row("Tipo de estudo: Ensaio clínico com medicamento\n")["study_type"] == "INTERVENTIONAL"


def test_recruitment_finished_counts_randomised_status_column_and_count_item():
    row = trial_row("The trial started in August 2022; recruitment was completed in February 2025 and the trial is ongoing.\n")
    assert row["overall_status"] == "ACTIVE_NOT_RECRUITING"
    assert trial_row("Recruitment was completed in 2020 and the study was completed in 2023.\n")["overall_status"] \
        != "ACTIVE_NOT_RECRUITING"
    text = "The trial has completed enrollment, and follow-up continues.\n"
    facts = [f for f in extract_trial_facts(text, build_context(text, analyze(text)))
             if f.attrs.get("field") == "overall_status"]
    assert facts and facts[0].attrs["value"] == "ACTIVE_NOT_RECRUITING" and text[facts[0].start:facts[0].end] == "completed enrollment"
    row = trial_row("In the open-label trial, 484 patients at 72 centers in China were randomly assigned 1:1.\n")
    assert (row["enrollment"], row["enrollment_type"]) == (484, "ACTUAL")
    assert trial_row("In total, 612 people were randomised (604 women and 8 men).\n")["sex"] == "ALL"
    assert trial_row("Gastric cancer   Phase 1/Phase 2   Recruiting\n")["overall_status"] == "RECRUITING"
    row = trial_row("Participantes\n\n  • Aproximadamente 880 participantes\n")
    assert (row["enrollment"], row["enrollment_type"]) == (880, "ESTIMATED")


def test_french_and_german_pages_addressing_women():
    assert trial_row("Statut:\nOuvert aux inclusions\n")["overall_status"] == "RECRUITING"
    assert trial_row("- Statut HER2-faible défini par IHC 1+ ou IHC 2+\n")["overall_status"] is None
    row = trial_row("- Patiente âgée de 18 ans ou plus\n")
    assert (row["sex"], row["min_age_years"]) == ("FEMALE", 18.0)
    row = trial_row("An der Studie können Patientinnen im Alter von 18-75 Jahren teilnehmen.\n")
    assert (row["sex"], row["min_age_years"], row["max_age_years"]) == ("FEMALE", 18.0, 75.0)


def test_title_skips_two_space_menus_updated_ago_registry_names_and_cjk_institutions():
    page = ("MSD Oncology Clinical Trials\nInicio  Buscar estudios  Tipos de cáncer  Acerca de los estudios clínicos\n\n"
            "Estudio de MK-0000 más pembrolizumab frente a quimioterapia en cáncer gástrico (MK-0000-007)\n")
    assert trial_row(page)["title"].startswith("Estudio de MK-0000")
    page = "MedOnco Research    Mise à jour il y a 3 mois\n\nÉtude XB : étude de phase 2 randomisée évaluant X\n"
    assert trial_row(page)["title"].startswith("Étude XB")
    page = "RNEC - Registo Nacional de Estudos Clínicos\n\nEnsaio de fase II, aleatorizado e aberto, de X versus Y\n"
    assert trial_row(page)["title"].startswith("Ensaio de fase II")
    page = "聖マリアンナ医科大学病院 腫瘍内科\n\n高齢者HER2陽性切除不能進行・再発胃癌に対するXの第II相試験\n"
    assert trial_row(page)["title"].startswith("高齢者HER2陽性")


def test_title_drops_bracketed_site_notes_and_skips_a_one_step_breadcrumb():
    page = ("Étude XB : étude de phase 2 randomisée évaluant X chez des patientes. [Informations issues du site "
            "clinicaltrials.gov] [essai ouvert aux inclusions]\n")
    assert trial_row(page)["title"] == "Étude XB : étude de phase 2 randomisée évaluant X chez des patientes."
    page = "Pesquisa de estudos clínicos > Detalhe do estudo\n\nEnsaio de fase II, aleatorizado e aberto, de X versus Y\n"
    assert trial_row(page)["title"].startswith("Ensaio de fase II")
    page = "ZN-0000 Plus Gemcitabine Versus Gemcitabine in HER2-Positive Biliary Tract Cancer [HERBIL-301]\n"
    assert trial_row(page)["title"].endswith("[HERBIL-301]")


# ------------------------------------------------- set K (session 5): further sites' field wording
def test_a_title_wrapped_over_lines_is_read_whole_and_on_one_line():
    page = ("Study title:\nA phase II/III randomised trial of X with intensive chemotherapy (FLAG-Ida)\n"
            "versus FLAG-Ida alone in adults with newly diagnosed AML\n\nStatus: Open to recruitment\n")
    assert trial_row(page)["title"] == ("A phase II/III randomised trial of X with intensive chemotherapy (FLAG-Ida) "
                                        "versus FLAG-Ida alone in adults with newly diagnosed AML")
    page = ("CADENCE-B\n\nA randomised phase III trial of de-escalated chemotherapy guided by\n"
            "circulating tumour DNA in early breast cancer\n\nTrial status: In follow-up\n")
    row = trial_row(page)
    assert row["title"].endswith("guided by circulating tumour DNA in early breast cancer")
    assert row["overall_status"] == "ACTIVE_NOT_RECRUITING"
    # a line after a connective goes on even in capitals (German nouns); a language tag, a
    # capitalised line after a full word, or a next label does not
    page = "Titel (Protocol Title)\n\nPhase-II-Studie mit X und\nPaclitaxel bei älteren Patientinnen\nKurztitel: GERAS\n"
    assert trial_row(page)["title"] == "Phase-II-Studie mit X und Paclitaxel bei älteren Patientinnen"
    page = "Scientific title:\nA single-arm phase 2 study of X in lung cancer\npt-br\nEstudo de fase 2 de X\n"
    assert trial_row(page)["title"] == "A single-arm phase 2 study of X in lung cancer"
    page = "治験名\n\nHER2陽性胃癌患者を対象に、XとYの併用療法を\nZと比較する第3相試験\n\n治験概要：\n"
    assert trial_row(page)["title"] == "HER2陽性胃癌患者を対象に、XとYの併用療法をZと比較する第3相試験"


def test_a_label_with_its_translation_in_brackets_and_french_labels_and_values():
    page = ("Studienart (Type of study): interventionell\nStatus (Status): rekrutierend\n"
            "Studienbeginn (Start of study): 01.09.2025\nStudienende geplant (Planned end): 31.08.2029\n")
    row = trial_row(page)
    assert (row["study_type"], row["overall_status"]) == ("INTERVENTIONAL", "RECRUITING")
    page = ("Phase : III\n\nType d'essai : Interventionnel\n\nEtat de l'essai : Ouvert\n\n"
            "Nombre de patients prévus : 1 200 (dont 80 en région)\n")
    row = trial_row(page)
    assert (row["overall_status"], row["enrollment"], row["enrollment_type"]) == ("RECRUITING", 1200, "ESTIMATED")
    row = trial_row("NOMBRE DE SUJETS NÉCESSAIRES\n62 patients\nCRITÈRES D'INCLUSION\n1. Homme ou femme âgé(e) de 18 à 75 ans\n")
    assert (row["enrollment"], row["enrollment_type"]) == (62, "ESTIMATED")
    # a country's share in brackets is not a translation of the label: the whole trial's figure is read
    row = trial_row("Sample Size (Malaysia) : 18\nSample Size (Overall) : 66\n")
    assert row["enrollment"] == 66


def test_news_and_hta_prose_status_and_enrollment():
    row = trial_row("The trial is slated to begin enrollment in the first quarter and will involve 90 patients.\n")
    assert (row["overall_status"], row["enrollment"], row["enrollment_type"]) == ("NOT_YET_RECRUITING", 90, "ESTIMATED")
    row = trial_row("Helixa expects to begin enrolling patients in the first quarter of 2027.\n")
    assert row["overall_status"] == "NOT_YET_RECRUITING"
    row = trial_row("Breast Cancer Trial Enrolling Now: Shorter X?\n\nThe study is seeking women aged 18 to 70 years.\n")
    assert (row["overall_status"], row["sex"], row["min_age_years"], row["max_age_years"]) == (
        "RECRUITING", "FEMALE", 18.0, 70.0)
    row = trial_row("One trial, ACRO-07 (NCT01234567; N = 914), met the criteria. Enrolment into the trial is "
                    "complete and follow-up is ongoing.\n")
    assert (row["overall_status"], row["enrollment"], row["enrollment_type"]) == ("ACTIVE_NOT_RECRUITING", 914, "ACTUAL")
    row = trial_row("Multicentre (155 sites) N randomized = 612 (2:1)\n")
    assert (row["enrollment"], row["enrollment_type"]) == (612, "ACTUAL")
    row = trial_row("治験概要：登録予定数は国内で60人、全体で約540人。\n")
    assert (row["enrollment"], row["enrollment_type"]) == (540, "ESTIMATED")


def test_sex_and_age_in_criteria_of_other_wordings():
    row = trial_row("CRITÈRES D'INCLUSION\n1. Homme ou femme âgé(e) de 18 à 75 ans\n2. CBNPC\n")
    assert (row["sex"], row["min_age_years"], row["max_age_years"]) == ("ALL", 18.0, 75.0)
    row = trial_row("Main inclusion criteria\n• Postmenopausal women ≥ 18 years\n• HER2-low\n")
    assert (row["sex"], row["min_age_years"]) == ("FEMALE", 18.0)
    row = trial_row("Einschlusskriterien:\n- Frauen, Alter >= 65 Jahre\n- HER2-positiv\n")
    assert row["sex"] == "FEMALE"


def test_a_heading_naming_a_design_outranks_a_society_name_and_news_plans_name_no_title():
    page = ("The Association of Coloproctology of Great Britain & Ireland\nHome | About | Research\n\n"
            "PROMETHEUS-CRC\n\nA multi-centre randomised phase III trial of X plus Y\nversus X alone in colon cancer\n")
    assert trial_row(page)["title"] == "A multi-centre randomised phase III trial of X plus Y versus X alone in colon cancer"
    # a later sentence that names a design is a description, not the title
    page = ("Zanidatamab with Gemcitabine in HER2-positive Biliary Tract Cancer\n\n"
            "This international, randomised, open-label study compares zanidatamab with placebo.\n")
    assert trial_row(page)["title"] == "Zanidatamab with Gemcitabine in HER2-positive Biliary Tract Cancer"
    assert trial_row("Helixa to begin Phase III trial of HLX-207 in HER2-low breast cancer\n\nText.\n")["title"] is None
    assert trial_row("Calyra Gets FDA Nod to Begin Phase II Trial of CLY-55\n\nText.\n")["title"] is None


def test_a_labelled_title_that_is_only_an_acronym_gives_way_to_a_heading_naming_the_design():
    page = ("Title\n\nGASTRO-HERALD\n\nSponsor: University\n\nA randomised phase II trial of X plus CAPOX\n"
            "versus trastuzumab plus CAPOX in gastric cancer\n\nStudy Status\n\nOpen to recruitment.\n")
    row = trial_row(page)
    assert row["title"] == "A randomised phase II trial of X plus CAPOX versus trastuzumab plus CAPOX in gastric cancer"
    assert row["overall_status"] == "RECRUITING"
    # with no such heading, the acronym stays the title
    assert trial_row("Title\n\nGASTRO-HERALD\n\nSponsor: University\n")["title"] == "GASTRO-HERALD"


# ------------------------------------------------------------------------------ titles
def test_a_breadcrumbs_last_code_repeated_below_is_the_title_unless_a_full_title_follows():
    row = trial_row("Study Group\nHome | About | Studies\nStudies > Ongoing studies > ACRO-HER2-77\n\nACRO-HER2-77\n\n"
                    "Status: recruiting\nAim of the study\nThe study tests a shorter therapy.\n")
    assert row["title"] == "ACRO-HER2-77"
    row = trial_row("Cooperative Group\nClinical Trials > Protocol > GRP-GI077\n\nGRP-GI077\n"
                    "A Randomized Phase II Trial of Drug M Plus Chemotherapy in Gastric Adenocarcinoma\n"
                    "Principal Investigator\n")
    assert row["title"] == "A Randomized Phase II Trial of Drug M Plus Chemotherapy in Gastric Adenocarcinoma"


def test_a_label_glued_to_the_end_of_a_title_is_not_part_of_it():
    row = trial_row("Clinical Trial Title\nA Phase II Study of Drug L in HER2-Low Breast Cancer (LOW-7)"
                    "National Clinical Trial Number:\nNCT00000004\n")
    assert row["title"] == "A Phase II Study of Drug L in HER2-Low Breast Cancer (LOW-7)"


def test_title_labels_in_french_and_chinese():
    assert trial_row("Essai\nTitre de l'étude: \nÉtude de phase II du médicament J chez des patientes\n"
                     "Numéro de l'étude: \n")["title"] == "Étude de phase II du médicament J chez des patientes"
    assert trial_row("登记号 CTR20240000\n试验专业题目 一项评估药物J治疗乳腺癌患者的随机、开放、多中心III期临床研究\n"
                     "试验通俗题目 药物J的III期研究\n")["title"] == "一项评估药物J治疗乳腺癌患者的随机、开放、多中心III期临床研究"


def test_a_heading_that_ends_in_a_particle_or_preposition_goes_on_over_the_next_lines():
    row = trial_row("研究会\n\nHER2陽性切除不能進行胃癌に対する\n薬剤Xと薬剤Yの併用療法の\n第II相臨床試験\n研究代表者\n大学病院\n")
    assert row["title"] == "HER2陽性切除不能進行胃癌に対する薬剤Xと薬剤Yの併用療法の第II相臨床試験"
    row = trial_row("Group news\n\nA Randomized Phase II Trial of Drug H in Combination with\n"
                    "Chemotherapy for Gastric Cancer\nStatus: recruiting\n")
    assert row["title"] == "A Randomized Phase II Trial of Drug H in Combination with Chemotherapy for Gastric Cancer"


def test_trailing_brackets_of_registry_ids_and_a_phase_are_no_part_of_a_heading():
    row = trial_row("臨床試験情報\n\n【試験名】\nACRONYM-02(Phase 3)〔NCT00000005jRCT2031250000〕\n\n【募集状況】\n募集中\n")
    assert row["title"] == "ACRONYM-02"


# ------------------------------------------------------------ issue 11, blind set 8 (late9f)
def test_labels_in_lenticular_brackets_with_the_value_on_the_next_line():
    page = "【試験の種類】\n介入試験\n\n【募集状況】\n募集中\n\n【予定症例数】\n60例\n\n【性別】\n男女\n"
    row = trial_row(page)
    assert (row["study_type"], row["overall_status"], row["sex"]) == ("INTERVENTIONAL", "RECRUITING", "ALL")
    assert (row["enrollment"], row["enrollment_type"]) == (60, "ESTIMATED")
    # a bracketed word that is no label gives nothing
    assert trial_row("【お知らせ】\n募集中\n")["overall_status"] is None


def test_label_and_value_separated_by_a_middle_dot():
    page = "Status · Recruiting\nAges · 18 to 75 years\nSex · All\nHealthy volunteers · No\n"
    row = trial_row(page)
    assert (row["min_age_years"], row["max_age_years"], row["sex"]) == (18.0, 75.0, "ALL")
    assert row["healthy_volunteers"] is False


@pytest.mark.parametrize("page, field, value", [
    ("Status\n\nOpen for inclusion\n", "overall_status", "RECRUITING"),
    ("Status: accepting new patients\n", "overall_status", "RECRUITING"),
    ("Type d'étude\nÉtude observationnelle rétrospective de cohorte\n", "study_type", "OBSERVATIONAL"),
    ("Participants: Expecting 360 study participants\n", "enrollment_type", "ESTIMATED"),
    ("Nombre de personnes concernées\nEnviron 4 500 patientes\n", "enrollment", 4500),
    ("Nombre de personnes concernées\nEnviron 4 500 patientes\n", "enrollment_type", "ESTIMATED"),
    ("计划入组\n560例\n", "enrollment", 560),
    ("Number of Subjects Enrolled\t612\n", "enrollment_type", "ACTUAL"),
])
def test_status_type_and_enrollment_words_of_set_8(page, field, value):
    assert trial_row(page)[field] == value


def test_enrolled_in_a_plan_is_not_an_actual_count():
    row = trial_row("Number of subjects to be enrolled: 80\n")
    assert (row["enrollment"], row["enrollment_type"]) == (80, None)


@pytest.mark.parametrize("page, expected", [
    ("The study continues to enrol.\n", {"overall_status": "RECRUITING"}),
    ("The trial ran from 2021 to 2024 and has now finished.\n", {"overall_status": "COMPLETED"}),
    ("Badanie zostało zakończone.\n", {"overall_status": "COMPLETED"}),
    ("Набор в исследование начат в марте 2024 г. и продолжается.\n", {"overall_status": "RECRUITING"}),
    ("Rekrutteringen pågår\n", {"overall_status": "RECRUITING"}),
    ("Investigadores inician un ensayo con un nuevo anticuerpo.\n", {"overall_status": "RECRUITING"}),
    ("Phase 1/2   Recruiting   Targeted therapy   Pill\n", {"overall_status": "RECRUITING"}),
    ("In totaal zullen 300 patiënten uit 20 ziekenhuizen meedoen.\n", {"enrollment": 300, "enrollment_type": "ESTIMATED"}),
    ("Studien skal inkludere 36 pasienter i Norge.\n", {"enrollment": 36, "enrollment_type": "ESTIMATED"}),
    ("Totalt ska 1 100 patienter i 25 länder delta.\n", {"enrollment": 1100, "enrollment_type": "ESTIMATED"}),
    ("El estudio prevé reclutar 120 pacientes durante dos años.\n", {"enrollment": 120, "enrollment_type": "ESTIMATED"}),
    ("Планируется включить 160 пациенток.\n", {"enrollment": 160, "enrollment_type": "ESTIMATED"}),
    ("Do badania włączono 64 chore.\n", {"enrollment": 64, "enrollment_type": "ACTUAL"}),
    ("Results: A total of 214 women were included, with a mean age of 46.\n", {"enrollment": 214, "enrollment_type": "ACTUAL"}),
    ("Results: 58 pts were treated (n = 31); median age 57 (range 29-78).\n", {"enrollment": 58, "min_age_years": None}),
    ("Критерии включения: женщины в возрасте от 18 до 70 лет.\n", {"sex": "FEMALE", "min_age_years": 18.0, "max_age_years": 70.0}),
    ("kwalifikowano kobiety w wieku 65 lat i starsze\n", {"sex": "FEMALE", "min_age_years": 65.0}),
    ("Du er kvinne eller mann og er over 18 år.\n", {"sex": "ALL", "min_age_years": 18.0}),
    ("Studien riktar sig till kvinnor och män från 18 år.\n", {"sex": "ALL", "min_age_years": 18.0}),
    ("Podrán participar pacientes mayores de 18 años.\n", {"min_age_years": 18.0}),
    ("Het onderzoek is bedoeld voor vrouwen van 18 jaar en ouder.\n", {"sex": "FEMALE", "min_age_years": 18.0}),
    ("This trial is open to women and men who:\n", {"sex": "ALL"}),
    ("Women were only allowed to enrol if they were aged 18 to 75.\n", {"sex": "FEMALE"}),
    ("patients must be greater than or equal to 18 years of age\n", {"min_age_years": 18.0}),
    ("Studien är en så kallad fas 3-studie.\n", {"phases": ["PHASE3"]}),
    ("многоцентровое исследование II фазы\n", {"phases": ["PHASE2"]}),
    ("wieloośrodkowego badania II fazy\n", {"phases": ["PHASE2"]}),
])
def test_statements_of_set_8_in_several_languages(page, expected):
    row = trial_row(page)
    assert {k: row[k] for k in expected} == expected


def test_inclusion_criterion_aged_a_range_without_a_comparator():
    page = "Inclusion Criteria:\n- Women aged 18 to 65 years with breast cancer\n- Age above 55 years is a risk\n"
    row = trial_row(page)
    assert (row["min_age_years"], row["max_age_years"]) == (18.0, 65.0)
    row = trial_row("Inclusion Criteria:\n- Men and women aged 18–75 years.\n")
    assert (row["min_age_years"], row["max_age_years"]) == (18.0, 75.0)


def test_trial_name_label_and_a_registry_id_closing_a_heading_sentence():
    page = "Trials > Breast cancer\nTrial name: DBX-1 Versus TCHP Before Surgery for Breast Cancer (NEO-1)\nPhase: Phase 3\n"
    assert trial_row(page)["title"] == "DBX-1 Versus TCHP Before Surgery for Breast Cancer (NEO-1)"
    page = ("The research:\n\nDrug X Versus Chemotherapy in HER2-Low Breast Cancer: the X-LOW Randomised Phase 3 "
            "Trial (NCT05331326).\n\nThe summary:\n")
    assert trial_row(page)["title"] == ("Drug X Versus Chemotherapy in HER2-Low Breast Cancer: the X-LOW "
                                        "Randomised Phase 3 Trial")


@pytest.mark.parametrize("page, value", [
    ("Type: Interventional\nPhase: 2\n", "INTERVENTIONAL"),
    ("Study Design: Prospective cohort study.\nSetting: Lahore\n", "OBSERVATIONAL"),
    ("Type: Breast cancer\n", None),  # a type label whose value names no study type
    ("Study Design: Randomized, double-blind, placebo-controlled.\n", None),
])
def test_type_and_study_design_labels_read_only_a_study_type(page, value):
    assert trial_row(page)["study_type"] == value


def test_japanese_title_label_and_healthy_volunteers_not_accepted():
    page = "臨床試験情報\n\n試験名 : HER2低発現乳癌を対象とした多施設共同単群第II相試験(JBCRG-M12)\n健康な方の参加 受け入れない\n"
    row = trial_row(page)
    assert row["title"] == "HER2低発現乳癌を対象とした多施設共同単群第II相試験(JBCRG-M12)"
    assert row["healthy_volunteers"] is False


def test_registry_ids_after_a_labelled_title_are_not_part_of_it():
    page = "【試験名】\nDESTIGAS-02(Phase 3)〔NCT06810277 jRCT2031250096〕\n\n【募集状況】\n募集中\n"
    assert trial_row(page)["title"] == "DESTIGAS-02"

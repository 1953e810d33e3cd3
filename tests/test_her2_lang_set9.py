"""HER2 words of set 9's languages (issue 11), each a rule file her2_lang_<code>.yaml read by
the same mechanism: Danish/Norwegian, Persian, Vietnamese. Criteria and pages written for
the test."""
from __future__ import annotations

import pytest

from extract.components.her2 import extract_her2
from extract.context import build_context
from extract.layout import analyze
from util import criteria_layout

# each case's page holds one more criterion, in its language, without HER2 (so the file is read)
_SAYS = {
    "da": "Du er fyldt 18 år og kan deltage i forsøget, hvis du ikke har fået behandling til det",
    "fa": "بیماران با سن بالای هجده سال و رضایت آگاهانه کتبی برای شرکت در مطالعه",
    "vi": "Bệnh nhân có tuổi từ 18 trở lên và đồng ý tham gia nghiên cứu, được điều trị trong các",
}


@pytest.mark.parametrize("lang, criterion, expected", [
    ("da", "HER2-lav defineret som IHC 1+ eller IHC 2+ og ISH-negativ",
     [("INCLUSION", "LOW", ["1+", "2+"], "NEGATIVE")]),
    ("da", "HER2-lav brystkræft", [("INCLUSION", "LOW", [], None)]),
    ("da", "HER2-positiv sygdom (IHC 3+ eller IHC 2+ med positiv ISH-test)",
     [("INCLUSION", "POSITIVE", ["3+", "2+"], "POSITIVE")]),
    ("fa", "تومور HER2 مثبت بر اساس IHC 3+ یا IHC 2+ همراه با ISH مثبت",
     [("INCLUSION", "POSITIVE", ["3+", "2+"], "POSITIVE")]),
    ("fa", "سرطان HER2 منفی", [("INCLUSION", "NEGATIVE", [], None)]),
    ("vi", "HER2 dương tính (IHC 3+ hoặc IHC 2+ kèm ISH dương tính)",
     [("INCLUSION", "POSITIVE", ["3+", "2+"], "POSITIVE")]),
    ("vi", "Ung thư vú HER2 âm tính", [("INCLUSION", "NEGATIVE", [], None)]),
])
def test_set_9_languages_are_rule_files(lang, criterion, expected):
    text, layout = criteria_layout([_SAYS[lang], criterion])
    facts = extract_her2(text, layout, {})
    assert [(f.attrs["criterion_type"], f.label, f.attrs["ihc_scores"], f.attrs["ish"]) for f in facts] == expected


@pytest.mark.parametrize("page, expected", [
    ("Forsøg med et nyt lægemiddel til kræft\n\nDu kan deltage i forsøget hvis:\n • Du er fyldt 18 år\n"
     " • Du har HER2-lav kræft\n\nDu kan ikke deltage i forsøget hvis:\n • Du har HER2-positiv kræft\n",
     {("INCLUSION", "LOW"), ("EXCLUSION", "POSITIVE")}),
    ("معیارهای ورود به مطالعه:\n  • زنان 18 تا 65 ساله با سرطان پستان و رضایت کتبی برای شرکت در این طرح\n"
     "  • تومور HER2 مثبت\n\nمعیارهای خروج از مطالعه:\n  • تومور HER2 منفی\n",
     {("INCLUSION", "POSITIVE"), ("EXCLUSION", "NEGATIVE")}),
    ("Bệnh nhân và các điều kiện của nghiên cứu được mô tả dưới đây cho người tham gia.\n\n"
     "TIÊU CHUẨN LỰA CHỌN\n1. Ung thư vú HER2 dương tính.\n\nTIÊU CHUẨN LOẠI TRỪ\n1. Ung thư vú HER2 âm tính.\n",
     {("INCLUSION", "POSITIVE"), ("EXCLUSION", "NEGATIVE")}),
])
def test_eligibility_headings_of_set_9_languages_type_the_rows(page, expected):
    layout = build_context(page, analyze(page))
    got = {(f.attrs["criterion_type"], f.label) for f in extract_her2(page, layout, {})}
    assert expected <= got and not any(t == "EXCLUSION" and s == "LOW" for t, s in got)


def test_references_and_related_papers_end_an_exclusion_list():
    page = ("1.1 入选标准\n(1) 年龄18~75岁; (2) HER2阳性(IHC 3+)。\n1.2 排除标准\n(1) 既往接受过抗HER2治疗。\n"
            "1.3 治疗方案\n每21天为1个周期。\n\n参考文献\n[1] Doe J. A trial in HER2-positive gastric cancer[J]. 2020.\n")
    layout = build_context(page, analyze(page))
    rows = {(f.attrs["criterion_type"], f.label) for f in extract_her2(page, layout, {})}
    assert ("INCLUSION", "POSITIVE") in rows and ("EXCLUSION", "POSITIVE") not in rows


def test_an_abstract_part_label_without_a_colon_ends_an_exclusion_list():
    page = ("方法 单臂研究。入选标准: 年龄18~75岁; HER2阳性(IHC 3+)。排除标准: 既往接受过抗HER2治疗。\n"
            "结论 本方案在HER2阳性肿瘤中显示出疗效。\n\n相关论文\n- HER2阳性肿瘤的研究进展\n")
    layout = build_context(page, analyze(page))
    rows = {(f.attrs["criterion_type"], f.label) for f in extract_her2(page, layout, {})}
    assert ("INCLUSION", "POSITIVE") in rows and ("EXCLUSION", "POSITIVE") not in rows


@pytest.mark.parametrize("lead", ["To be able to join, you needed:", "The screening list was long, but the ones that counted were:"])
def test_a_blog_lead_in_to_a_list_of_requirements_types_its_items(lead):
    page = ("My story with a new drug for my cancer, in my own words, written for other patients.\n\n"
            f"{lead}\n- Cancer that is HER2-low (IHC 1+)\n- To be 18 or older\n")
    layout = build_context(page, analyze(page))
    rows = {(f.attrs["criterion_type"], f.label) for f in extract_her2(page, layout, {})}
    assert ("INCLUSION", "LOW") in rows


def test_a_bare_inclusion_word_before_a_dash_leads_the_criteria_of_its_line():
    page = ("A made-up site page about one trial at our institute, as its menu and chrome show it.\n\n"
            "Inclusion - Women aged 18-65 years with HER2 positive (IHC 3+) disease, ECOG 0-1\n"
            "Exclusion - Brain metastases; HER2-negative disease\n")
    layout = build_context(page, analyze(page))
    rows = {(f.attrs["criterion_type"], f.label) for f in extract_her2(page, layout, {})}
    assert {("INCLUSION", "POSITIVE"), ("EXCLUSION", "NEGATIVE")} <= rows

"""Rule words are NFKC-normalised at load (extract.ruledata.nfkc_rule): a writer spells a word
as it is spelt ("ต่ำ"), and the row matches the pipeline's NFKC text ("ต่ํา")."""
import re
import unicodedata

from extract import ruledata
from extract.ruledata import nfkc_rule

SARA_AM, NFKC_AM = "\u0e33", "\u0e4d\u0e32"


def test_thai_sara_am_is_read_in_the_texts_form():
    assert nfkc_rule("ต่" + SARA_AM) == "ต่" + NFKC_AM
    text = unicodedata.normalize("NFKC", "HER2 ผลต่" + SARA_AM)
    assert re.search(nfkc_rule("(?:ผล)?ต่" + SARA_AM), text)


def test_micro_sign_becomes_greek_mu_outside_classes_only():
    assert nfkc_rule("\u00b5g|mg") == "\u03bcg|mg"
    assert nfkc_rule("[\u00b5u]g") == "[\u00b5u]g"  # a class stays as written


def test_ascii_results_and_regex_metacharacters_stay_as_written():
    # fullwidth parenthesis, circled digits, roman numerals: NFKC gives ASCII (a metacharacter,
    # a range end) that would change what the pattern means
    for s in ["（", "[①-⑳]", "Ⅲ", "\u3000", "²"]:
        assert nfkc_rule(s) == s
    assert nfkc_rule("ascii only (?:x|y)") == "ascii only (?:x|y)"


def test_an_escaped_bracket_opens_no_class():
    assert nfkc_rule("\\[\u00b5") == "\\[\u03bc"


def test_loaded_rows_hold_no_thai_word_in_the_unnormalised_form():
    for name in ruledata.rule_files():
        if not name.startswith(("her2_lang_th", "lab_comparators", "fields", "values", "dose_routes")):
            continue
        keys = ["rules"]
        data = ruledata._parse_yaml(name) if name.endswith(".yaml") else None
        if isinstance(data, dict):
            keys = [k for k, v in data.items() if isinstance(v, list)]
        for key in keys:
            for row in ruledata.load(name, key=key):
                assert SARA_AM not in repr({k: v for k, v in row.items() if k != "id"}), (name, row["id"])


def test_the_rule_files_spell_thai_naturally():
    # writers spell "ำ" (sara am) as it is spelt; the loader gives the text's form
    for name in ruledata.rule_files():
        assert NFKC_AM not in ruledata.rule_path(name).read_text(encoding="utf-8"), name


def test_thai_low_status_row_matches_nfkc_text():
    row = next(r for r in ruledata.load("her2_lang_th.yaml", key="status") if r["id"] == "th.st.low")
    assert re.search(row["pattern"], unicodedata.normalize("NFKC", "HER2 ระดับต่" + SARA_AM))


def test_a_thai_low_criterion_is_read_from_the_natural_spelling_of_its_rule():
    # "ต่ำ" (low) is written with sara am in her2_lang_th.yaml; the page's text holds "ต่ํา"
    from extract.components.her2 import extract_her2
    from util import criteria_layout

    text, layout = criteria_layout([unicodedata.normalize("NFKC", c) for c in (
        "ผู้ป่วยอายุ 18 ปีขึ้นไปที่ยินยอมเข้าร่วมโครงการวิจัยนี้และลงนามในเอกสารแสดงความยินยอม",
        "มะเร็งเต้านมชนิด HER2 ต่" + SARA_AM)])
    assert [(f.attrs["criterion_type"], f.label) for f in extract_her2(text, layout, {})] == [("INCLUSION", "LOW")]

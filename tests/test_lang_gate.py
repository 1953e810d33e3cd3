"""Rule rows gated by the page's languages (``lang``): one recall-first reading of a page's
languages (extract.context.cues.page_languages), shared, and the dose rules compiled per set of
page languages, so a language's rows cost nothing on pages not in it and apply on every page
that holds its words, letters or script (mixed pages included)."""
from __future__ import annotations

import pytest

from extract import ruledata
from extract.components.doses import rules as dose_page_rules
from extract.context.cues import page_languages
from extract.context.langgate import lang_rows, language_codes
from extract.normalize import dose_rules
from extract.pipeline import process

NEW = {"ro", "bg", "uk", "sk", "sl", "sh", "lt", "lv", "et", "ar", "ca", "ms"}


def test_english_page_holds_none_of_the_new_languages():
    text = ("A Phase 2 Study of Testumab in HER2-positive Gastric Cancer\n\nArm A: trastuzumab 8 mg/kg IV on day 1, "
            "then 6 mg/kg every 3 weeks. Data on dose, cohort and oral tablets are shown on the site.\n")
    assert not page_languages(text) & NEW


@pytest.mark.parametrize("phrase, code", [
    ("zilnic, pe cale orală", "ro"),                 # Romanian letters
    ("la fiecare 3 saptamani", "ro"),                # Romanian without its marks: its dose words
    ("svaka 3 tjedna, dvaput dnevno", "sh"),         # Croatian without letters of its own
    ("два пъти дневно", "bg"),                       # Cyrillic script
    ("مرة كل 3 أسابيع", "ar"),                        # Arabic script
    ("un cop al dia per via oral, els pacients", "ca"),
    ("sehari dua kali selama kitaran 21 hari", "ms"),
])
def test_one_phrase_in_an_english_page_brings_its_language(phrase, code):
    text = "Treatment: trastuzumab 6 mg/kg every 3 weeks for patients with gastric cancer. " + phrase + "\n"
    assert code in page_languages(text)


def test_rows_without_lang_apply_everywhere_tagged_rows_on_their_pages():
    rows = [{"id": "a"}, {"id": "b", "lang": "ro"}, {"id": "c", "lang": ["bg", "sh"]}, {"id": "d", "lang": "sh ro"}]
    assert [r["id"] for r in lang_rows(rows, frozenset())] == ["a"]
    assert [r["id"] for r in lang_rows(rows, frozenset({"sh"}))] == ["a", "c", "d"]
    assert [r["id"] for r in lang_rows(rows, None)] == ["a", "b", "c", "d"]


def test_a_lang_without_detect_rows_is_refused():
    assert "xx" not in language_codes()
    with pytest.raises(ruledata.RuleFileError):
        lang_rows([{"id": "a", "lang": "xx"}], frozenset(), "test.yaml")


def test_every_dose_lang_names_a_detected_language():
    assert dose_rules.tagged_codes() <= language_codes()
    assert NEW <= dose_rules.tagged_codes()


def test_english_page_compiles_only_the_untagged_rows():
    every, english = dose_rules.compiled(None), dose_rules.compiled(dose_rules.gate(frozenset()))
    assert len(english.schedules) < len(every.schedules) and len(english.routes) < len(every.routes)
    assert "sch.ro14.daily" not in {r[0] for r in english.schedules}
    assert dose_rules.compiled(dose_rules.gate(frozenset({"ro", "el"}))) is dose_rules.compiled(frozenset({"ro"}))


def test_rules_outside_a_page_hold_every_row_and_a_page_restores_them():
    process("A Phase 2 Study\n\nBrațul A: trastuzumab 6 mg/kg intravenos la fiecare 3 săptămâni.\n")
    assert dose_rules.rules() is dose_rules.compiled(None)
    assert dose_page_rules.rules() is dose_page_rules.compiled(None)


def test_mixed_page_reads_both_languages_rows():
    rs = [f.attrs for f in process(
        "A Phase 2 Study of Testumab\n\nArm A: trastuzumab 6 mg/kg IV every 3 weeks.\n"
        "Brațul B: capecitabină 1000 mg/m² pe cale orală de două ori pe zi.\n").facts if f.kind == "dose"]
    assert any(r["dose_low"] == 6.0 and r["interval_days"] == 21.0 for r in rs)
    assert any(r["dose_low"] == 1000.0 and r["interval_days"] == 0.5 and r["route"] == "PO" for r in rs)


def test_each_thread_reads_with_its_own_pages_rules():
    """The page's languages live in a context variable: two threads reading pages in different
    languages at the same time each get their own page's rules (no module-level 'current')."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from extract.context.langgate import reading
    both = threading.Barrier(2)

    def read(text):
        with reading(text):
            both.wait()  # the other thread has entered its page too
            r = dose_rules.rules(), dose_page_rules.rules()
            both.wait()
            return r
    ro = "Brațul A: trastuzumab 6 mg/kg intravenos la fiecare 3 săptămâni.\n"
    en = "Arm A: trastuzumab 6 mg/kg IV every 3 weeks.\n"
    with ThreadPoolExecutor(2) as ex:
        got_ro, got_en = ex.map(read, [ro, en])
    assert got_ro == (dose_rules.compiled(frozenset({"ro"})), dose_page_rules.compiled(frozenset({"ro"})))
    assert got_en == (dose_rules.compiled(frozenset()), dose_page_rules.compiled(frozenset()))
    assert dose_rules.rules() is dose_rules.compiled(None)


def _gates():
    from extract.components.trial.base import PROSE
    from extract.normalize.fields import VOCAB
    return {"doses": dose_rules.GATE, "dose pages": dose_page_rules.GATE, "values": VOCAB, "prose": PROSE}


def test_every_gated_files_lang_names_a_detected_language():
    for name, g in _gates().items():
        assert g.tagged() <= language_codes(), name
        assert g.compiled(None) is not None  # lang_rows refuses an unknown code while building


def test_trial_rows_of_a_language_are_read_on_its_pages_only():
    from extract.components.trial.base import PROSE
    from extract.normalize.fields import VOCAB, vocab_value
    from extract.context.langgate import reading
    english = VOCAB.compiled(VOCAB.gate(frozenset()))
    assert "v.status.rec_lt" not in {rid for rows in english.rows.values() for _, _, rid in rows}
    assert "prose.status.rec_lt" not in {row[0] for row in PROSE.compiled(PROSE.gate(frozenset()))}
    assert len(PROSE.compiled(None)) > len(PROSE.compiled(PROSE.gate(frozenset())))
    page = "Tyrimo būsena: vykdomas dalyvių įtraukimas\n"
    with reading(page):
        assert vocab_value("overall_status", "vykdomas dalyvių įtraukimas")[1] == "v.status.rec_lt"
    with reading("Study status: Recruiting\n"):
        assert vocab_value("overall_status", "vykdomas dalyvių įtraukimas") is None
    assert vocab_value("overall_status", "vykdomas dalyvių įtraukimas")[1] == "v.status.rec_lt"  # outside a page: every row

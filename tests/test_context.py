"""The shared context layer's criterion typing (extract.context.cues, extract.context.placement)
and the page index's required-word prefilter (extract.pageindex.Triggered). Fast (< 1 s)."""
from __future__ import annotations

import re

import pytest

from extract import ruledata
from extract.context.cues import cues, language_files, last_cue, prose_kind, title_cut
from extract.context.placement import Placement
from extract.model import EXCLUSION, INCLUSION, POPULATION, Layout
from extract.pageindex import Triggered, page_index, required_words


def test_criterion_cue_rows_are_valid_for_every_language():
    roles = {r["role"] for r in ruledata.load("context.yaml", required=["role", "pattern"], key="criterion_cues")}
    assert {"elig_inc", "elig_exc", "require", "enroll", "excl_post", "title_line"} <= roles
    for name in sorted(language_files()):
        for row in ruledata.load(name, required=["role", "pattern"], key="context"):
            assert row["role"] in roles, row["id"]
            assert re.compile(row["pattern"], re.I).groups == 0, row["id"]
    C = cues(language_files())  # every language at once compiles
    assert C.elig_cue.search("Critères de non-inclusion :") is not None


def _units(text: str, langs=frozenset()):
    page_index(text)
    at = Placement(cues(langs), text, Layout("unknown", [], []))
    out = []
    for i, (a, b) in enumerate(at.lines):
        if "X1" not in text[a:b]:
            continue  # a line without a candidate is never placed
        for _rank, s, _s, e, kind, _inh in at.units_of(i, a, b, lambda x, y: "X1" in text[x:y]):
            out.append((kind, text[s:e]))
    return out


def test_inline_cues_type_the_text_after_them():
    text = "Key inclusion criteria - (1) X1 present. Key exclusion criteria - (1) X1 absent."
    assert _units(text) == [(INCLUSION, " (1) X1 present. "), (EXCLUSION, " (1) X1 absent.")]


def test_a_lead_line_types_its_list_and_labels_name_the_population():
    text = "Who cannot take part?\n- people with X1 disease\n\nPublic title\nA study of X1 in adults"
    assert _units(text) == [(EXCLUSION, "- people with X1 disease"), ("title", "A study of X1 in adults")]


def test_prose_sentences_need_a_cue_and_a_language_file_adds_its_own():
    text = "X1 is common. This study will enroll adults with X1."
    assert _units(text) == [("prose", "This study will enroll adults with X1.")]
    es = "her2_lang_es.yaml"
    assert last_cue(cues(frozenset({es})), "Criterios de exclusión: X1", 0, 26) == EXCLUSION
    assert last_cue(cues(), "Criterios de exclusión: X1", 0, 26) is None


def test_prose_kind_and_negated_requirements():
    C = cues()

    def kind(sentence: str) -> str | None:
        k = sentence.index("X1")
        return prose_kind(C, sentence, 0, len(sentence), False, k, k + 2)
    assert kind("To be eligible, patients must have X1 disease.") == "criterion"
    assert kind("This study enrolls adults with X1 disease.") == POPULATION
    assert kind("X1 is found in 20% of patients with cancer, this study says.") is None
    assert kind("Drug A is studied in other trials for X1 disease, but this study enrolls Y.") is None
    assert C.excl_post.search(" patients are ineligible") is not None
    assert title_cut(C, "Summary. Official title: A trial of X1", 0, 38) == (8, (25, 38))


def test_list_types_follow_a_heading_left_inside_a_list():
    from extract.model import Criterion
    text = "- X1 one\n- Main non-inclusion criteria:\n- X1 two"
    crits = [Criterion(INCLUSION, 2, 8, "X1 one"), Criterion(INCLUSION, 11, 38, text[11:38]),
             Criterion(INCLUSION, 41, 47, "X1 two")]
    page_index(text)
    at = Placement(cues(), text, Layout("unknown", [], crits), crits)
    assert at.list_types(crits, [True, False, True]) == [INCLUSION, EXCLUSION, EXCLUSION]


@pytest.mark.parametrize("pattern, words", [
    (r"\b(?:inclusion|exclusion)\s+criteria\b", ("exclusion", "inclusion")),  # the most selective
    (r"criteria\s+for\s+(?:inclusion|exclusion)", ("exclusion", "inclusion")),
    (r"(?:who|you)\s+can(?:not)?\s+join", ("join",)),
    (r"\b(?:never|without)\b", ("never", "without")),
    (r"\d+\s*%", ("%",)),
    (r"\d+\s*[%‰]", None),
])
def test_required_words_are_read_from_the_pattern(pattern, words):
    assert required_words(re.compile(pattern, re.I)) == words


def test_triggered_gives_the_pattern_s_matches_on_every_window():
    rx = re.compile(r"(?<![^\W\d_])(?:inclusion|exclusion)\s+criteria|\bmust\s+have\b", re.I)
    T = Triggered(rx)
    pages = ["Inclusion Criteria: a\nPatients MUST HAVE x; no criteria here", "nothing here at all",
             "Excluſion criteria: the long s folds to s in re", "İNCLUSİON CRİTERİA: dotted capitals"]
    for text in pages:
        page_index(text)
        for a in range(0, len(text), 3):
            for b in range(a, len(text) + 1, 5):
                assert [m.span() for m in T.finditer(text, a, b)] == [m.span() for m in rx.finditer(text, a, b)]
                got, want = T.search(text, a, b), rx.search(text, a, b)
                assert (got and got.span()) == (want and want.span())
    # the prefilter does answer: a window without the words is never searched
    page_index(pages[1])
    assert T._none_in(pages[1], 0, len(pages[1]))

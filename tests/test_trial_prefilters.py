"""The trial reader's cheap first passes give what the plain scans give (fast: about 1 s).

Prose rules run only on pages holding one of their `triggers` (rules/prose.yaml), and a
`line_start` rule only at the starts of lines holding one, a rule that never spans a line only
on the lines holding one (the page index: extract/pageindex.py), a rule whose match reads at most k
newlines only from k lines above to k lines below them; id shapes are tried only where a
`prefix` (rules/ids.yaml) stands; key="value" attributes only on lines holding `="`."""
from pathlib import Path

from extract.components.trial import _attr_facts, _line_start_matches, rules
from extract.layout import analyze
from extract.pageindex import PageIndex, line_local, newlines_read

ROOT = Path(__file__).resolve().parent.parent
TEXTS = [
    "Status: Recruiting\nRECRUITING\n  - Completed\nTotal sample size: 120 participants\n"
    "Sample Size (Overall)\n  Total: 866\nFemale\n18 Years+\nAges 18 to 65 years, men and women\n",
    "Patients aged 18 to 75 years; 120 participants (estimated) · Phase 2 · Interventional\n"
    "Study start: expected to begin in March 2025; NCT01234567; ISRCTN12345678; EUCTR2019-002417-38-DE\n",
    "年龄18~75周岁,男女不限\n【招募中】\nII期临床\n",
]


def _pages():
    return TEXTS + [p.read_text(encoding="utf-8", errors="replace") for p in sorted((ROOT / "tests" / "docs").glob("*.txt"))]


def test_every_prose_match_holds_one_of_its_triggers():
    rows = rules().prose
    hits = 0
    for text in _pages():
        for rid, *_, pat, triggers, _at_start in rows:
            for m in pat.finditer(text):
                hits += 1
                assert any(t in m.group(0).lower() for t in triggers), (rid, m.group(0))
    assert hits > 100  # the pages exercise the rules


def test_line_start_rules_tried_at_trigger_lines_give_the_whole_scan():
    rows = [r for r in rules().prose if r[-1] == "start"]
    assert rows
    for text in _pages():
        idx = PageIndex(text)
        for rid, *_, pat, triggers, _mode in rows:
            want = [m.span() for m in pat.finditer(text)]
            assert [m.span() for m in _line_start_matches(text, pat, idx.lines_holding(triggers))] == want, rid


def test_line_local_rules_tried_on_trigger_lines_give_the_whole_scan():
    rows = [r for r in rules().prose if r[-1] == "lines"]
    assert len(rows) > 50
    found = 0
    for text in _pages():
        idx = PageIndex(text)
        for rid, *_, pat, triggers, _mode in rows:
            want = [m.span() for m in pat.finditer(text)]
            found += len(want)
            assert [m.span() for m in idx.finditer_on_lines(pat, idx.lines_holding(triggers))] == want, rid
    assert found > 50


def test_near_rules_tried_around_trigger_lines_give_the_whole_scan():
    R = rules()
    rows = [r for r in R.prose if r[-1] == "near"]
    assert rows and all(R.prose_newlines[r[0]] > 0 for r in rows)
    texts = ["Recruitment status\n\nRecruiting\n", "Overall Status:\nCompleted\nHealthy volunteers:\n  No\n",
             "x\nStudy status  Active  \nStatus\n\n\nOpen\n"] + _pages()
    found = 0
    for text in texts:
        idx = PageIndex(text)
        for rid, *_, pat, triggers, _mode in rows:
            want = [m.span() for m in pat.finditer(text)]
            found += len(want)
            got = idx.finditer_near_lines(pat, idx.lines_holding(triggers), R.prose_newlines[rid])
            assert [m.span() for m in got] == want, rid
    assert found >= 3


def test_near_lines_give_the_whole_scan_on_made_up_pages():
    import random
    import re

    rng = random.Random(5)
    words = ["key", "val", "x", "", " ", "key:", "  "]
    pats = [re.compile(r"key[ \t]*:?[ \t]*\n(?:[ \t]*\n)?[ \t]*(?P<v>\w+)"), re.compile(r"(?m)^\w*[ \t]?key(?:\n\w+){0,3}$"),
            re.compile(r"val\s?\s?key"), re.compile(r"(?:x\n)?key")]
    for _ in range(300):
        text = "\n".join(" ".join(rng.choice(words) for _ in range(rng.randint(0, 3))) for _ in range(rng.randint(1, 12)))
        idx = PageIndex(text)
        for pat in pats:
            k = newlines_read(pat)
            got = idx.finditer_near_lines(pat, idx.lines_holding(("key",)), k)
            assert [m.span() for m in got] == [m.span() for m in pat.finditer(text)], (pat.pattern, text)


def test_newlines_read_counts_what_a_match_may_read():
    import re

    for pattern, k in ((r"a\nb", 1), (r"a[ \t]*\n(?:[ \t]*\n)?b", 2), (r"(?m)a$", 0), (r"a(?=\n\n)", 2),
                       (r"(?<=\n\n)a", 0), (r"a\s{0,3}b", 3), (r"a(?:\n|b\n\n)", 2), (r"(?s)a.b", 1), (r"a\w+", 0)):
        assert newlines_read(re.compile(pattern)) == k, pattern
    for unbounded in (r"a\s*b", r"a$", r"a\Z", r"(\w)\1", r"a[^:]+b", r"(?s)a.*"):
        assert newlines_read(re.compile(unbounded)) is None, unbounded


def test_line_local_reads_the_parsed_pattern():
    import re

    assert line_local(re.compile(r"\bage[ds]? (?P<v>\d+)(?![\w.])"))
    assert line_local(re.compile(r"(?m)^[ \t]*[^\n:]{0,20}$"))
    assert line_local(re.compile(r"(?m)a$")) and line_local(re.compile(r"a(?m:$)"))
    for ends_line in (r"a\s", r"a(?=\s)", r"(?<=\s)a", r"a(?:b|\n)", r"a\s?"):  # a newline read last
        assert line_local(re.compile(ends_line)), ends_line
    for spans_lines in (r"a$", r"a\Z", r"a\s+b", r"a[^:]b", r"a(?=\W\w)", r"(?s)a.b", r"a\nb", r"(\w)\1",
                        r"a\Db", r"a\s+", r"a\s\b"):
        assert not line_local(re.compile(spans_lines)), spans_lines
    text = "x\nAge 18\nages 30 or\nAGE 4"
    idx = PageIndex(text)
    assert idx.line_starts == [0, 2, 9, 20] and idx.line_at(12) == (9, 19) and idx.line_at(22) == (20, 25)
    assert idx.lines_holding(("age ",)) == [2, 20] and idx.lines_holding(("ages", "age 4")) == [9, 20]


def test_id_shapes_start_where_a_prefix_stands():
    R = rules()
    for text in _pages():
        starts = {c.start() for c in R.id_candidates.finditer(text)}
        for m in R.ids_all.finditer(text):
            assert m.start() in starts, m.group(0)


def test_attributes_are_read_mid_line_only_on_lines_with_them():
    text = 'Record\n<div Total Sample Size="690" class="x">\nPhase: 2 Overall Status = "Recruiting"\n'
    facts = _attr_facts(text, analyze(text), rules())
    assert sorted((f.attrs["field"], f.attrs["value"]) for f in facts) == [
        ("enrollment", 690), ("enrollment_type", "ESTIMATED"), ("overall_status", "RECRUITING")]


def test_related_headings_hold_their_words_and_read_the_same_on_their_lines():
    from extract.components.trial.iddates import rules as iddates_rules

    R = iddates_rules()
    assert R.related_words
    texts = ["Trial\nSimilar trials in DRKS\nNCT01234567\n\nYou might also be interested in\n"
             "Estudios relacionados\nÄhnliche Studien\n関連試験\n相关研究\nAutres études\nrelated studies: X\n"] + _pages()
    found = 0
    for text in texts:
        idx = PageIndex(text)
        want = [m.span() for m in R.related.finditer(text)]
        for s, e in want:
            assert any(w in text[s:e].lower() for w in R.related_words), text[s:e]
        found += len(want)
        assert [m.span() for m in idx.finditer_on_lines(R.related, idx.lines_holding(R.related_words))] == want
    assert found >= 7


def test_the_wrap_break_led_by_its_newline_finds_what_the_lookbehind_first_pattern_finds():
    import random
    import re

    from extract.pageindex import _WRAP_BREAK

    plain = re.compile(r"(?<![:：\n])\n(?=[a-z0-9(])")  # the pattern as first written
    rnd = random.Random(7)
    for _ in range(5000):
        t = "".join(rnd.choice("ab:：\n(X 9") for _ in range(rnd.randint(0, 14)))
        assert [m.span() for m in _WRAP_BREAK.finditer(t)] == [m.span() for m in plain.finditer(t)], repr(t)


def test_prose_id_rules_searched_on_the_lines_of_their_words_give_the_whole_scan():
    from extract.components.trial.prose_ids import _rules as prose_id_rules

    extra = ["Our internal protocol number for the study is TSB-118-201.\n(Study ABC-301; NCT01234567)\n"
             "su código de protocolo es XYZ-BR-01\nDie Prüfplannummer lautet AB-12\n"]
    found = 0
    for text in _pages() + extra:
        for pat, *_ in prose_id_rules():
            want = [m.span() for m in pat.finditer(text)]
            found += len(want)
            assert [m.span() for m in PageIndex(text).finditer_holding(pat)] == want, pat.pattern
    assert found >= 4


def test_wrapped_prose_looks_words_up_in_the_joined_lines_only():
    from extract.components.trial import _JoinedLines

    text = ("Participants: About 900 people with the condition are expected to\ntake part in this trial, "
            "which men and women may join.\nShort line with men\nAnother long line that goes on for a while and "
            "then is\nwrapped: women aged 18 or over\n")
    flat, joins = PageIndex(text).unwrapped_joins
    assert len(joins) == 2
    idx = _JoinedLines(flat, joins)
    spans = sorted({idx.line_at(k) for k in joins})
    for words in (("men",), ("take part",), ("women", "aged"), ("absent",), ("is wrapped",), ("\n",)):
        want = [ls for ls, le in spans if any(w in idx.low[ls:le] for w in words)]
        assert idx.lines_holding(words) == want, words

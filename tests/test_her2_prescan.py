"""The compiled pre-scan (extract.components.prescan) gives exactly the matches of the plain
alternation it stands for: same spans, same alternative, same named groups."""
import re
from pathlib import Path

import pytest

from extract.components.her2 import rules
from extract.components.prescan import GroupedAlternation, first_chars, first_class

ROOT = Path(__file__).resolve().parent.parent


def _spans(it):
    return [(m.start(), m.end(), m.lastgroup) for m in it]


def _scanned(it):
    return [(m.start(), m.end(), f"g{i}") for i, m in it]


def test_first_class_reads_possible_first_characters():
    assert set(first_class(r"(?<![a-z])(?:HER2|erb-?b2|b?x)")[1:-1]) == set("Hebx")
    assert first_class(r"\d+%") == r"[\d]"
    assert first_class(r"x?y") == "[xy]"
    assert first_class(r"[^a]b") is None  # a negated class: any character
    assert first_class(r"a*") is None  # can match the empty string


def test_first_chars_read_possible_first_characters():
    assert first_chars("HER2|erb-?b2") == "[H](?:[E](?:[R]))|[e](?:[r](?:[b]))"
    assert first_chars(r"\d+%", k=2) == r"[\d](?:[%\d])"
    assert first_chars("a*b") == "[b]|[a](?:[b]|[a](?:[ab]))"
    assert first_chars(r"x?y|(?<![a-z])(?:ab|c)", k=2) == "[cy]|[a](?:[b])|[x](?:[y])"
    assert first_chars(r"[A-Z]\d{2,4}[A-Z]") == r"[A-Z](?:[\d](?:[\d]))"
    assert first_chars(r"(a)\1") is None and first_chars("a|b*") is None and first_chars("[^a]b") is None


def test_first_chars_hold_wherever_a_rule_matches():
    """Every match of the HER2 tokens and of the lab bound scan's parts starts where their
    first characters (:func:`first_chars`, the lookahead of both scans) say it can."""
    from extract.components import lab_scan
    from extract.normalize import comparators as cmp
    pages = [p.read_text(encoding="utf-8", errors="replace") for d in ("raw", "tests/docs")
             for p in sorted((ROOT / d).iterdir()) if p.suffix in (".txt", ".md", ".html")]
    R = rules(None)
    parts = [(a, re.I) for a in R.tokens.alternatives] + [(p, re.I) for p in (lab_scan.VALUE, cmp.PREFIX, cmp.RANGE_OPEN)]
    for p, flags in parts:
        rx, led = re.compile(p, flags), re.compile(f"(?i:{first_chars(p, flags)})")
        for text in pages[::4]:
            assert all(led.match(text, m.start()) for m in rx.finditer(text)), p[:60]


def test_alternation_keeps_order_and_groups():
    alts = ["ab", "abc", "\\d+", "b"]
    alt = GroupedAlternation(r"(?<![a-z])", alts, re.I)
    whole = re.compile(r"(?<![a-z])(?:" + "|".join(f"(?P<g{i}>{a})" for i, a in enumerate(alts)) + ")", re.I)
    for text in ("abc ABC xab 12ab b9 bab", "", "a", "  Ab 7 B"):
        for pos, end in ((0, len(text)), (1, max(1, len(text) - 2))):
            assert _scanned(alt.scan(text, pos, end)) == _spans(whole.finditer(text, pos, end))
            m, w = alt.match(text, pos, end), whole.match(text, pos, end)
            assert (m and m.span()) == (w and w.span())


def test_grouped_alternation_same_as_its_regex():
    alts = ["ab", "abc", "\\d+", "b", "a(?:x|y)?"]
    grouped = GroupedAlternation(r"(?<![a-z])", alts, re.I, edge_after=r"(?<![a-z].)")
    for text in ("abc ABC xab 12ab b9 bab ay", "", "a", "  Ab 7 B"):
        for pos, end in ((0, len(text)), (1, max(1, len(text) - 2))):
            assert _scanned(grouped.scan(text, pos, end)) == _spans(grouped.whole.finditer(text, pos, end))
    with pytest.raises(ValueError):
        GroupedAlternation("", ["a(b)"])


def test_grouped_alternation_keyed_on_three_characters():
    """Alternatives that share a first letter are told apart by the next two (any case, a
    text ending inside the key, a letter whose lower case is longer), keeping order and the
    named groups of the alternative that matched."""
    alts = ["every (?P<n>\\d+) weeks", "eve", "ev(?:ery)?", "q(?P<q>\\d)w", "İx", "s\\w?", "wk"]
    grouped = GroupedAlternation(r"(?<![a-z])", alts, re.I, named=True)
    texts = ("EVERY 3 weeks, eve evening ev Q3W q3 İx ix s SS wk WK", "ev", "e", "Every 21 weeks")
    for text in texts:
        for pos, end in ((0, len(text)), (0, max(0, len(text) - 1)), (1, len(text))):
            got = [(i, m.span(), m.groupdict()) for i, m in grouped.scan(text, pos, end)]
            want = [(int(m.lastgroup[1:]), m.span(), {k: v for k, v in m.groupdict().items() if v is not None})
                    for m in grouped.whole.finditer(text, pos, end)]
            assert [(i, s, {k: v for k, v in g.items() if v is not None}) for i, s, g in got] == want


def test_dose_routes_and_schedules_same_as_one_regex():
    from extract.normalize.doses import rules as dose_rules

    pages = [p.read_text(encoding="utf-8", errors="replace")[:3000] for d in ("raw", "tests/docs")
             for p in sorted((ROOT / d).iterdir()) if p.suffix in (".txt", ".md", ".html")]
    for ga in (dose_rules().route, dose_rules().schedule):
        for text in pages[::8]:
            assert _scanned(ga.scan(text)) == _spans(ga.whole.finditer(text))  # about 2 s


def test_her2_spellings_scan_same_as_their_regex():
    """The spellings found from a scan for where they can start (``_Starts``) are the matches
    of their plain regex."""
    pages = [p.read_text(encoding="utf-8", errors="replace") for d in ("raw", "tests/docs")
             for p in sorted((ROOT / d).iterdir()) if p.suffix in (".txt", ".md", ".html")]
    pages.append("xCEP17 cep-17 HER2 aHER2 Her-2 c-erbB-2 human epidermal growth factor receptor 2 İ")
    quick = rules(frozenset()).quick
    for text in pages[::2]:
        for pos, end in ((0, len(text)), (5, len(text) // 2)):
            assert _spans(quick.finditer(text, pos, end)) == _spans(quick.rx.finditer(text, pos, end))


def test_her2_tokens_same_as_one_regex_on_every_test_page():
    pages = [p.read_text(encoding="utf-8", errors="replace") for d in ("raw", "tests/docs")
             for p in sorted((ROOT / d).iterdir()) if p.suffix in (".txt", ".md", ".html")]
    assert len(pages) > 20
    for langs in (frozenset(), None):
        R = rules(langs)
        for text in (t[:4000] for t in pages[::3]):  # about 1 s
            assert _scanned(R.tokens.scan(text)) == _spans(R.tokens.whole.finditer(text))
            assert _scanned(R.tokens.scan(text, 7, len(text) // 2)) == _spans(R.tokens.whole.finditer(text, 7, len(text) // 2))

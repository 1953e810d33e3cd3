"""The start-up caches (``extract.cache``): what they hold equals what the process would compute."""
from __future__ import annotations

import math

from extract import cache
from extract.normalize import units


def test_cache_round_trip_and_switch_off(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    assert cache.load("x") is None
    cache.store("x", [("mg/dL", "g/L", None, 0.01)])
    assert cache.load("x") == [("mg/dL", "g/L", None, 0.01)]
    (tmp_path / "broken").write_bytes(b"\x00not marshal")
    assert cache.load("broken") is None
    monkeypatch.setenv(cache.ENV, "off")
    assert cache.cache_dir() is None and cache.load("x") is None
    cache.store("y", 1)  # ignored
    assert not (tmp_path / "y").exists()


def test_unit_factor_table_is_what_pint_computes(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    units.factor_table.cache_clear()
    try:
        built = units.factor_table()  # computed by pint, then stored
        assert len(built) > 100
        units.factor_table.cache_clear()
        assert units.factor_table() == built  # read back from the cache
        for (src, dst, mm), f in built.items():
            if f is None:
                continue
            assert math.isclose(f, units._pint_factor(src, dst, mm), rel_tol=1e-12), (src, dst, mm)
        # a conversion outside the table still goes through pint
        assert math.isclose(units._factor("mg/dL", "g/L", None), 0.01)
    finally:
        units.factor_table.cache_clear()


def test_cached_patterns_are_the_patterns_re_compiles(tmp_path, monkeypatch):
    import re
    import re._compiler as compiler

    monkeypatch.setenv(cache.ENV, str(tmp_path))
    monkeypatch.setattr(cache, "_RE_ENTRY", None)
    original = compiler.compile
    cases = [(r"(?P<num>\d+(?:[.,]\d+)?)\s*(?P<unit>mg/m(?:2|²)|mg/kg)", 0),
             (r"(?i)her2[-\s]?(?:low|positive)", 0), (r"^\s*(?:Inclusion|Exclusion)\b", re.M),
             (rb"\x00(?P<b>[\x80-\xff]+)", 0), (r"(a)(?P<x>b)?(?(2)c|d)", re.X)]
    texts = ["dose 1,5 mg/kg and 75 mg/m²", "HER2-LOW and her2 positive", "x\n  Inclusion: a",
             b"\x00\x81\x90", "abc ad"]
    fresh = [original(p, f) for p, f in cases]
    with cache.compiled_patterns():  # first: compiled and stored
        assert compiler.compile is not original
        first = [compiler.compile(p, f) for p, f in cases]
    assert compiler.compile is original  # the stdlib is itself again
    assert cache.load(cache._re_name())
    monkeypatch.setattr(cache, "_RE_ENTRY", None)
    with cache.compiled_patterns():  # then: built from the cached code
        again = [compiler.compile(p, f) for p, f in cases]
    for ref, *made in zip(fresh, first, again):
        for m in made:
            assert (m.pattern, m.flags, m.groups, m.groupindex) == (ref.pattern, ref.flags, ref.groups, ref.groupindex)
            for t in texts:
                if isinstance(t, type(ref.pattern)):
                    assert [x.span() for x in m.finditer(t)] == [x.span() for x in ref.finditer(t)]
                    assert [x.groupdict() for x in m.finditer(t)] == [x.groupdict() for x in ref.finditer(t)]


def test_pattern_cache_drops_what_no_process_uses_any_more(tmp_path, monkeypatch):
    import re._compiler as compiler

    monkeypatch.setenv(cache.ENV, str(tmp_path))
    monkeypatch.setattr(cache, "_RE_ENTRY", None)
    monkeypatch.setattr(cache, "_RE_USED", set())
    with cache.compiled_patterns():
        compiler.compile("old rule (?:one|two)", 0)
    monkeypatch.setattr(cache, "_RE_ENTRY", None)
    monkeypatch.setattr(cache, "_RE_USED", set())
    monkeypatch.setattr(cache, "MAX_RE_ENTRIES", 1)
    with cache.compiled_patterns():
        compiler.compile("new rule [0-9]+", 0)
    assert [e[0] for e in cache.load(cache._re_name())] == ["new rule [0-9]+"]


def test_patterns_compiled_for_pages_are_kept_only_when_costly(tmp_path, monkeypatch):
    """While pages are extracted, a pattern cheaper to compile than ``min_seconds`` (one made
    of a page's own words) is compiled as usual but not added to the cache; a costly one is."""
    import re._compiler as compiler

    monkeypatch.setenv(cache.ENV, str(tmp_path))
    monkeypatch.setattr(cache, "_RE_ENTRY", None)
    monkeypatch.setattr(cache, "_RE_USED", set())
    costly = "|".join(f"(?:rule{i}[a-z]{{2,9}}\\s+(?:mg|g|µg)/(?:kg|m2))" for i in range(400))
    with cache.compiled_patterns(min_seconds=0.005):
        cheap = compiler.compile("Warmupmab|ABX-101", 0)
        big = compiler.compile(costly, 0)
    assert cheap.match("ABX-101") and big.match("rule7abc mg/kg")
    stored = {e[0] for e in cache.load(cache._re_name())}
    assert costly in stored and "Warmupmab|ABX-101" not in stored
    monkeypatch.setattr(cache, "_RE_ENTRY", None)
    with cache.compiled_patterns():  # the stored one is rebuilt from its packed code
        again = compiler.compile(costly, 0)
    assert again.match("rule399xyz g/m2").span() == big.match("rule399xyz g/m2").span()


def test_remembered_pattern_readings_are_what_the_parser_gives(tmp_path, monkeypatch):
    """The prescan's readings of pattern sources (first characters, prefix tuples) are
    computed once, stored when a ``compiled_patterns`` block ends, and read back equal."""
    import re
    from re import _parser as P

    from extract.components import prescan

    monkeypatch.setenv(cache.ENV, str(tmp_path))
    for name in ("_MEMO", "_MEMO_USED"):
        monkeypatch.setattr(cache, name, {})
    monkeypatch.setattr(cache, "_MEMO_NEW", set())
    cases = [(r"(?i:her2)[-\s]?(?:low|positive)", re.I), (r"\d+(?:\.\d+)?\s*mg/kg", 0), (r"(?:q|every)\s*3\s*w", re.I),
             (r"(a)(?(1)b|c)", 0), (r"x?", 0), (r"静脉滴注|口服", 0)]
    fresh = [(prescan._trie(g) or None if (g := prescan._prefixes_of_seq(P.parse(p, f), 3)) is not None else None,
              prescan._prefixes_of_seq(P.parse(p, f), 3)) for p, f in cases]
    with cache.compiled_patterns():
        first = [(prescan.first_chars(p, f), prescan._prefixes(p, f, 3)) for p, f in cases]
    table = prescan._table()
    assert table and cache.load(table)
    cache._MEMO.clear()
    again = [(prescan.first_chars(p, f), prescan._prefixes(p, f, 3)) for p, f in cases]
    assert first == again == [(c, None if s is None else frozenset(s)) for c, s in fresh]


def test_first_characters_of_an_alternation_are_read_from_its_alternatives():
    """``first_chars_any`` (each alternative's remembered reading) gives what parsing the whole
    alternation gives, on the rule sets that use it and on edge cases."""
    import re
    from re import _parser as P

    from extract.components import prescan
    from extract.components.her2.rules import rules as her2_rules
    from extract.normalize import dose_rules

    def joined(alts, flags):
        got = prescan._prefixes_of_seq(P.parse("|".join(f"(?:{a})" for a in alts), flags), 3) if alts else None
        return None if got is None else prescan._trie(got) or None

    every = dose_rules.compiled(None)
    lists = [every.route.alternatives, every.schedule.alternatives, her2_rules().tokens.alternatives,
             ["abc", "abc"], ["x"], [], [r"(a)\1", "b"], ["", "a"], [r"(?=x)y|z", r"\d{2,}", "[^a]b"]]
    for alts in lists:
        for flags in (0, re.I):
            assert prescan.first_chars_any(alts, flags) == joined(alts, flags), alts[:3]


def test_remembered_pageindex_readings_read_back_equal(tmp_path, monkeypatch):
    import re

    from extract import pageindex

    monkeypatch.setenv(cache.ENV, str(tmp_path))
    for name in ("_MEMO", "_MEMO_USED"):
        monkeypatch.setattr(cache, name, {})
    monkeypatch.setattr(cache, "_MEMO_NEW", set())
    pats = [re.compile(p, f) for p, f in ((r"(?m)^\s*enrol(?:l?ment)?\b[^\n]*", re.I), (r"HER2\s*(?:low|\+)", 0),
                                          (r"a.{0,40}?b\n\n?c", re.S), (r"İstanbul|x", re.I))]

    def read():
        return [(pageindex.required_words(p), pageindex.line_local(p), pageindex.newlines_read(p)) for p in pats]

    with monkeypatch.context() as m:
        m.setattr(pageindex, "_table", lambda: None)  # not remembered: read afresh
        fresh = read()
    with cache.compiled_patterns():
        first = read()
    cache._MEMO.clear()
    assert first == read() == fresh and cache.load(pageindex._table())

"""The one number reader (normalize/numbers.py read_number, readings, number_pattern,
plain_numbers over rules/number_shapes.yaml), tested alone: a table of written numbers per
context, and properties over generated numbers."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract import ruledata
from extract.normalize import numbers as nb
from extract.normalize.numbers import number_pattern, plain_numbers, read_number, readings

TABLE = [
    # (context, written, readings, likeliest first)
    ("lab", "1,5", (1.5,)),
    ("lab", "1,5 x 10^9", (1.5e9,)),
    ("lab", "1.500", (1.5, 1500.0)),  # the unit decides
    ("lab", "100.000", (100.0, 100000.0)),
    ("lab", "1,500", (1500.0,)),
    ("lab", "1,500.5", (1500.5,)),
    ("lab", "100 000", (100000.0,)),
    ("lab", "1,00,000", (100000.0,)),
    ("lab", "1.5万", (15000.0,)),
    ("lab", "10 万", (100000.0,)),
    ("lab", "10^9", (1e9,)),
    ("lab", "3e6", (3e6,)),
    ("lab", "١٫٥", (1.5,)),
    ("lab", "١٬٥٠٠", (1500.0,)),
    ("lab", "2.0", (2.0,)),
    ("dose", "5,4", (5.4,)),
    ("dose", "1.000", (1000.0,)),
    ("dose", "2.600", (2600.0,)),
    ("dose", "1.125", (1.125,)),  # no zero at the end: a decimal point
    ("dose", "0.500", (0.5,)),
    ("dose", "1,500", (1500.0,)),
    ("count", "1,200", (1200.0,)),
    ("count", "1 200", (1200.0,)),
    ("count", "1\u00a0200", (1200.0,)),
    ("count", "12\u202f345", (12345.0,)),
    ("count", "1.800", (1800.0,)),
    ("count", "1.125", (1125.0,)),
    ("count", "42", (42.0,)),
]


@pytest.mark.parametrize("context,written,expected", TABLE)
def test_table(context, written, expected):
    assert readings(written, context) == pytest.approx(expected)
    assert read_number(written, context) == pytest.approx(expected[0])


@pytest.mark.parametrize("written", ["", "abc", "1,2,3,4x", "mg"])
def test_no_number(written):
    assert readings(written, "lab") == ()
    with pytest.raises(ValueError):
        read_number(written, "lab")


def test_unknown_context():
    with pytest.raises(ValueError):
        readings("1", "money")


def test_plain_numbers_rewrites_each_number_of_a_range():
    assert plain_numbers("1,5-2,5", "dose") == "1.5-2.5"
    assert plain_numbers("1.000 - 2.000 x 10^6", "dose") == "1000 - 2000 x 10^6"
    assert plain_numbers("0.5 to 1.125", "dose") == "0.5 to 1.125"


def test_number_pattern_finds_the_shapes_in_order():
    rx = re.compile(rf"(?<![\d.])(?:{number_pattern('count')}|\d+)(?![\d.])")
    assert [m.group() for m in rx.finditer("1,200 and 1 300 and 1.800 of 42")] == ["1,200", "1 300", "1.800", "42"]
    assert re.fullmatch(number_pattern("lab"), "1,5 x 10^9")


def test_language_hint_gates_rows(monkeypatch):
    """A row with ``lang`` reads only where the hint names its language."""
    row = nb.Shape("num.test", r"\d{1,3}(?:\.\d{3})+", re.compile(r"\d{1,3}(?:\.\d{3})+"), frozenset({"dose"}),
                   thousands=".", langs=frozenset({"de"}))
    monkeypatch.setattr(nb, "shapes", lambda: (row,))
    nb._rows.cache_clear()
    try:
        assert readings("1.250", "dose") == (1.25,)
        assert readings("1.250", "dose", "de") == (1250.0,)
        assert readings("1.250", "dose", {"en", "de"}) == (1250.0,)
        assert readings("1.250", "dose", "fr") == (1.25,)
    finally:
        nb._rows.cache_clear()


def test_rows_are_validated(monkeypatch):
    for bad in ({"id": "x", "pattern": r"\d+", "contexts": ["money"], "thousands": ","},
                {"id": "x", "pattern": r"\d+", "contexts": ["lab"]},
                {"id": "x", "pattern": r"(\d+)", "contexts": ["lab"], "thousands": ","},
                {"id": "x", "pattern": r"\d+", "contexts": ["lab"], "decimal": ",."},
                {"id": "x", "pattern": r"\d+", "contexts": ["lab"], "suffix": "万"}):
        with pytest.raises(ruledata.RuleFileError):
            nb._shape(bad)
    assert len({s.id for s in nb.shapes()}) == len(nb.shapes())


def _grouped(n: int, sep: str) -> str:
    s = f"{n:,}"
    return s.replace(",", sep)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1000, max_value=9_999_999), st.sampled_from([",", " ", "\u00a0", "\u202f", "."]))
def test_counts_read_every_grouping(n, sep):
    assert read_number(_grouped(n, sep), "count") == n


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=999), st.integers(min_value=1, max_value=99))
def test_decimal_comma_reads_as_point(whole, frac):
    written = f"{whole},{frac}"
    expected = float(f"{whole}.{frac}")
    assert read_number(written, "lab") == pytest.approx(expected)
    assert read_number(written, "dose") == pytest.approx(expected)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1000, max_value=999_999))
def test_lab_dot_groups_offer_both_readings(n):
    written = _grouped(n, ".")
    assert readings(written, "lab") == pytest.approx((float(written), n))  # decimal first; the unit decides


@settings(max_examples=300, deadline=None)
@given(st.floats(min_value=0, max_value=1e6, allow_nan=False).map(lambda x: round(x, 3)))
def test_plain_numbers_read_as_themselves(x):
    written = repr(x)  # "12.5", "0.125": no trailing zero, no grouping
    for context in ("lab", "dose"):
        assert read_number(written, context) == pytest.approx(x)


def test_rows_name_known_languages():
    from extract.context.langgate import language_codes
    for s in nb.shapes():
        assert s.langs <= language_codes(), s.id

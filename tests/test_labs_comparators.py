"""Comparator normalization (extract.normalize.comparators): symbols, escapes, words."""
from __future__ import annotations

import re

import pytest

from extract.normalize import comparators as cmp


@pytest.mark.parametrize(
    "surface,op",
    [
        ("≥", ">="), (">=", ">="), ("=>", ">="), ("\\>=", ">="), ("> =", ">="), ("> or =", ">="),
        ("&ge;", ">="), ("⩾", ">="), ("≥/=", ">="),
        ("≤", "<="), ("<=", "<="), ("=<", "<="), ("=\\<", "<="), ("\\<=", "<="), ("< or =", "<="),
        ("&le;", "<="), ("⩽", "<="),
        (">", ">"), ("\\>", ">"), ("&gt;", ">"),
        ("<", "<"), ("\\<", "<"), ("&lt;", "<"),
        ("=", "="),
        ("at least", ">="), ("of at least", ">="), ("not less than", ">="), ("no less than", ">="),
        ("greater than or equal to", ">="), ("equal to or greater than", ">="), ("a minimum of", ">="),
        ("greater than", ">"), ("more than", ">"), ("above", ">"), ("over", ">"), ("exceeding", ">"),
        ("in excess of", ">"), ("higher than", ">"),
        ("no more than", "<="), ("not more than", "<="), ("not exceeding", "<="), ("not to exceed", "<="),
        ("less than or equal to", "<="), ("up to", "<="), ("within", "<="), ("a maximum of", "<="),
        ("less than", "<"), ("below", "<"), ("under", "<"), ("lower than", "<"), ("fewer than", "<"),
        ("Greater Than Or Equal To", ">="), ("NOT  EXCEEDING", "<="),
        ("at or above", ">="), ("at or greater than", ">="), ("at or below", "<="), ("at or under", "<="),
    ],
)
def test_prefix_comparators(surface, op):
    assert cmp.normalize_comparator(surface) == op


@pytest.mark.parametrize("surface,op", [("or more", ">="), ("or greater", ">="), ("or higher", ">="),
                                        ("and above", ">="), ("or less", "<="), ("or lower", "<="),
                                        ("or below", "<=")])
def test_postfix_comparators(surface, op):
    assert cmp.comparator_rule(surface, "postfix")[0] == op


@pytest.mark.parametrize("surface", ["", "about", "approximately", "overall", "undergo", "normal"])
def test_not_comparators(surface):
    assert cmp.normalize_comparator(surface) is None


def test_rule_ids_are_reported():
    op, rid = cmp.comparator_rule("≥")
    assert (op, rid) == (">=", "ge_sym")
    assert cmp.comparator_rule("no more than")[1] == "le_no_more"


def test_patterns_find_longest_comparator_in_text():
    rx = re.compile(cmp.PREFIX)
    assert rx.search("ANC greater than or equal to 1500").group(0) == "greater than or equal to"
    assert rx.search("bilirubin not more than 2").group(0) == "not more than"
    assert rx.search("ALT ≤2.5").group(0) == "≤"
    # word comparators do not fire inside words
    assert rx.search("overall undergone") is None


def test_only_contract_operators():
    for r in cmp._RULES:
        if r["position"] in ("prefix", "postfix"):
            assert r["op"] in cmp.OPS

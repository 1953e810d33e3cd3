"""ASCO/CAP HER2 scoring (extract.normalize.her2): pure functions, no text offsets."""
from __future__ import annotations

import pytest

from extract.normalize import her2 as nh
from extract.normalize.her2 import Alternative as A


@pytest.mark.parametrize(
    "surface, score",
    [("IHC3+", "3+"), ("IHC 2+", "2+"), ("3 +", "3+"), ("(+++)", "3+"), ("++", "2+"),
     ("IHC 0", "0"), ("IHC 0+", "0"), ("1+", "1+"), ("+", None), ("IHC", None), ("10%", None)],
)
def test_normalize_score(surface, score):
    assert nh.normalize_score(surface) == score


def test_scores_in_and_expansions():
    assert nh.scores_in("IHC 1+ to 3+") == ["1+", "3+"]
    assert nh.scores_in("IHC 0-1+") == ["0", "1+"]
    assert nh.expand_at_least("1+") == ["1+", "2+", "3+"]
    assert nh.expand_at_least("3+") == ["3+"]
    assert nh.expand_range("1+", "3+") == ["1+", "2+", "3+"]
    assert nh.expand_range("1+", "0") == ["0", "1+"]


@pytest.mark.parametrize(
    "measure, op, value, ish",
    [
        ("ratio", ">=", 2.0, "POSITIVE"),
        ("ratio", ">", 2.2, "POSITIVE"),
        ("ratio", None, 2.0, "POSITIVE"),  # a value without comparator is a lower bound
        ("ratio", "<", 2.0, "NEGATIVE"),
        ("ratio", ">=", 1.5, None),
        ("signals", ">=", 6.0, "POSITIVE"),
        ("signals", "<", 4.0, "NEGATIVE"),
        ("signals", ">=", 4.0, None),  # 4 to 6 signals per cell: not settled by ASCO/CAP
    ],
)
def test_ish_from_measure(measure, op, value, ish):
    assert nh.ish_from_measure(measure, op, value) == ish


@pytest.mark.parametrize(
    "alt, status",
    [
        (A("3+"), "POSITIVE"),
        (A("2+", "POSITIVE"), "POSITIVE"),
        (A("2+", "NEGATIVE"), "LOW"),
        (A("2+"), "EQUIVOCAL"),
        (A("1+"), "LOW"),
        (A("1+", "NEGATIVE"), "LOW"),
        (A("0"), "NEGATIVE"),
        (A("0", faint=True), "ULTRALOW"),
        (A(None, "POSITIVE"), "POSITIVE"),
        (A(None, "NEGATIVE"), "NEGATIVE"),
        (A("1+", at_least=True), "EXPRESSING"),
        (A("2+", at_least=True), "EXPRESSING"),
        (A(None, None), None),
    ],
)
def test_alternative_status(alt, status):
    assert nh.alternative_status(alt) == status


@pytest.mark.parametrize(
    "own, combined",
    [
        (["POSITIVE", "POSITIVE"], ["POSITIVE"]),  # IHC 3+ or 2+/ISH+
        (["LOW", "LOW"], ["LOW"]),  # IHC 1+ or 2+/ISH-
        (["POSITIVE", "POSITIVE", "LOW"], ["POSITIVE", "LOW"]),  # a composite allowing both
        (["LOW", "EQUIVOCAL", "POSITIVE"], ["EXPRESSING"]),  # IHC 1+, 2+ or 3+
        (["EQUIVOCAL", "POSITIVE"], ["EXPRESSING"]),  # IHC 2+ or 3+
        (["NEGATIVE", "LOW", "LOW"], ["NEGATIVE"]),  # IHC 0, 1+ or 2+/ISH-
        (["ULTRALOW", "LOW"], ["LOW", "ULTRALOW"]),
        (["POSITIVE", "NEGATIVE"], []),  # every status allowed: no requirement
        (["EQUIVOCAL"], ["EQUIVOCAL"]),
        ([None], []),
    ],
)
def test_combine_statuses(own, combined):
    assert nh.combine_statuses(own) == combined


def test_status_of_alternatives_splits_support():
    alts = [A("3+"), A("2+", "POSITIVE"), A("1+"), A("2+", "NEGATIVE")]
    out = dict(nh.status_of_alternatives(alts))
    assert set(out) == {"POSITIVE", "LOW"}
    assert nh.ihc_scores_of(out["POSITIVE"]) == ["3+", "2+"]
    assert nh.ish_of(out["POSITIVE"]) == "POSITIVE"
    assert nh.ihc_scores_of(out["LOW"]) == ["1+", "2+"]
    assert nh.ish_of(out["LOW"]) == "NEGATIVE"


def test_ish_of_disagreement_and_scores_of_bounds():
    assert nh.ish_of([A("2+", "POSITIVE"), A("2+", "NEGATIVE")]) is None
    assert nh.ish_of([A("3+")]) is None
    assert nh.ihc_scores_of([A("1+", at_least=True)]) == ["1+", "2+", "3+"]


def test_collapse_explicit():
    assert nh.collapse_explicit(["POSITIVE", "AMPLIFIED"]) == ["POSITIVE"]
    assert nh.collapse_explicit(["POSITIVE", "NEGATIVE"]) == []
    assert nh.collapse_explicit(["LOW", "ULTRALOW", "LOW"]) == ["LOW", "ULTRALOW"]
    assert nh.collapse_explicit(["AMPLIFIED", "MUTANT"]) == ["AMPLIFIED", "MUTANT"]

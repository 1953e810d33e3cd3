"""Pinned scores: every scored set (tests/scored_sets.yaml) scores exactly what tests/pins.yaml
says, table by table, field by field, with the same named misses. One row more or less right,
in either direction, fails here; a deliberate change is taken over with scripts/update_pins.py
in a commit of its own. Blind gold (``frozen``) is pinned by hash too.

Cost: one extraction run per group of pages (tests/gold's pages are shared with other tests;
the three blind sets add about 5 s) and scoring (well under a second per set).
"""
from __future__ import annotations

from collections import Counter

import pytest

import pinning
from extract.score import TABLES, format_report

SETS = pinning.load_sets()
PINS = pinning.load_pins()


@pytest.mark.parametrize("scored", SETS, ids=[s.name for s in SETS])
def test_scores_are_exactly_the_pinned_ones(scored, extracted, capsys):
    report = pinning.score_set(scored, extracted(scored.docs))
    assert report.documents, f"set {scored.name} has no gold records"
    assert not report.missing_documents, [d.document for d in report.missing_documents]
    fresh = pinning.pins_of(scored, report)
    lines = pinning.diff(scored.name, PINS.get(scored.name), fresh)
    if lines:
        with capsys.disabled():
            print(f"\n[{scored.name}]\n" + format_report(report, by_document=True))
    assert not lines, "\n" + "\n".join(lines)


@pytest.mark.parametrize("scored", SETS, ids=[s.name for s in SETS])
def test_pins_are_not_vacuous(scored):
    """Every set pins rows to get right, and every trial field of every record is scored."""
    p = PINS.get(scored.name)
    assert p is not None, f"no pins for set {scored.name}: run scripts/update_pins.py"
    tables = p["tables"]
    gold_rows = sum(t["key"]["tp"] + t["key"]["fn"] for t in tables.values())
    assert gold_rows > 0
    if "trials" in tables:
        fields = tables["trials"]["fields"]
        assert set(fields) == set(TABLES["trials"].fields)
        # every record's trial row is judged on every field (a missing row too)
        assert {f["total"] for f in fields.values()} == {p["documents"]}


def test_every_gold_record_belongs_to_exactly_one_set():
    seen = Counter()
    for s in SETS:
        seen.update(str(p) for p in s.gold_files())
    gold_dirs = {s.gold for s in SETS}
    every = {str(p) for d in gold_dirs for p in (pinning.ROOT / d).iterdir() if p.suffix in (".yaml", ".yml")}
    assert set(seen) == every, sorted(every - set(seen))
    assert [f for f, n in seen.items() if n > 1] == []


def test_the_pins_cover_exactly_the_listed_sets():
    assert set(PINS) == {s.name for s in SETS}


def test_frozen_gold_is_pinned_by_hash():
    for s in SETS:
        if s.frozen:
            assert PINS[s.name].get("gold_files") == pinning.gold_digests(s), (
                f"blind gold of {s.name} changed: " + "; ".join(pinning._gold_diff(
                    PINS[s.name].get("gold_files"), pinning.gold_digests(s))))


def test_readme_score_tables_are_the_pins():
    section = pinning.readme_section(pinning.README.read_text(encoding="utf-8"))
    assert section is not None, "README lost its pinned-score markers"
    assert section == pinning.readme_tables(SETS, PINS), "README score tables differ: scripts/update_pins.py"


# ---------------------------------------------------------------- the diff people read
def _pins(**tables):
    return {"documents": 1, "tables": tables, "misses": []}


def test_diff_names_what_changed_in_either_direction():
    old = _pins(doses={"key": {"tp": 3, "fp": 0, "fn": 1},
                       "fields": {"route": {"correct": 3, "total": 3, "fp": 0, "fn": 0}}})
    old["misses"] = ['d1 doses: missing (1.0, 1.0, "mg")']
    new = _pins(doses={"key": {"tp": 3, "fp": 1, "fn": 1},
                       "fields": {"route": {"correct": 2, "total": 3, "fp": 1, "fn": 1}}})
    new["misses"] = ['d1 doses: missing (2.0, 2.0, "mg")', 'd1 doses: route @ (1.0, 1.0, "mg"): gold="IV" pred="PO"']
    text = "\n".join(pinning.diff("x", old, new))
    assert "doses key: pinned tp=3 fp=0 fn=1  now tp=3 fp=1 fn=1" in text
    assert "doses.route: pinned correct=3 total=3 fp=0 fn=0  now correct=2 total=3 fp=1 fn=1" in text
    assert '+ d1 doses: missing (2.0, 2.0, "mg")' in text and "newly wrong" in text
    assert '- d1 doses: missing (1.0, 1.0, "mg")' in text and "now right" in text
    assert pinning.diff("x", old, old) == []
    assert pinning.diff("x", None, new) and "no pins" in pinning.diff("x", None, new)[0]
    gold = dict(old, gold_files={"a.yaml": "1"})
    assert "frozen gold changed" in "\n".join(pinning.diff("x", gold, dict(old, gold_files={"a.yaml": "2"})))


def test_pins_survive_their_yaml_round_trip(tmp_path):
    pins = {"s": {"documents": 2, "tables": {"doses": {"key": {"tp": 1, "fp": 0, "fn": 0}, "fields": {}}},
                  "misses": ['a doses: intervention @ (1.0, 1.0, "mg"): gold="it\'s" pred=null'] * 2}}
    path = tmp_path / "pins.yaml"
    pinning.dump_pins(pins, path)
    assert pinning.load_pins(path) == pins

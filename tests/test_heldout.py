"""Held-out sets: pages and gold written blind (without the extraction code), scored once
before any fix. Their first-run numbers are in the README; since then they serve as
regression tests with floors below which a change must not push the pipeline."""
from __future__ import annotations

from pathlib import Path

import pytest

from extract.local import run_local
from extract.score import format_report, score_dir

ROOT = Path(__file__).resolve().parent.parent
FLOOR = {"trials": 1.0, "trial_ids": 0.95, "dates": 0.95, "doses": 0.95, "lab_thresholds": 0.95, "her2_criteria": 0.95}
FLOORS = {"heldout": FLOOR, "heldout2": FLOOR, "heldout3": FLOOR}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_held_out_set_stays_above_its_floor(name, tmp_path, capsys):
    out = tmp_path / "curated"
    run_local(ROOT / "tests" / name / "docs", out)
    report = score_dir(ROOT / "tests" / name / "gold", out, root=ROOT)
    with capsys.disabled():
        print(f"\n[{name}]\n" + format_report(report))
    assert not report.missing_documents
    for table, floor in FLOORS[name].items():
        assert report.tables[table].key.f1 >= floor, (name, table, report.tables[table].key)

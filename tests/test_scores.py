"""Headline scores over every gold record (seeds + pages the team wrote), one extraction run."""
from __future__ import annotations

from extract.score import format_report


def test_scores_meet_the_issue_targets(gold_report, capsys):
    with capsys.disabled():
        print("\n" + format_report(gold_report))
    t = gold_report.tables
    for table in ("trials", "trial_ids", "dates"):
        assert t[table].key.f1 == 1.0, table
    for table in ("lab_thresholds", "her2_criteria", "doses"):
        assert t[table].key.tp > 50, table
        assert t[table].key.f1 >= 0.95, (table, t[table].key)
    assert t["lab_thresholds"].sub["conditional rows"].f1 >= 0.95

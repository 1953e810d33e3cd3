"""HER2 criteria against the gold records (seeds + tests/docs/her2_*.txt), end to end.

Each gold document is ingested, laid out (``extract.layout.analyze``) and read by
``extract_her2``; rows are scored with the project scorer (``extract.score.score_table``):
the key (criterion_type, her2_status) P/R/F1 is the headline, IHC/ISH detail is reported as
field accuracies. Run ``python tests/test_her2_gold.py`` for the table.
"""
from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pytest

from extract.components.her2 import extract_her2, rules
from extract.ingest import document_from_text
from extract.layout import analyze
from extract.score import load_gold, score_table

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"
TABLE = "her2_criteria"


def _records():
    return [g for g in load_gold(GOLD, ROOT) if TABLE in g.tables]


def _run(record):
    text = document_from_text(record.document_path.read_bytes().decode("utf-8"), record.document).text
    layout = analyze(text)
    return text, layout, extract_her2(text, layout, {})


def report():
    """(total TableScore, [(stem, TableScore)], ms per page)."""
    rows, total, elapsed, pages = [], None, 0.0, 0
    for g in _records():
        text, layout, facts = _run(g)
        t0 = time.perf_counter()
        for _ in range(20):
            extract_her2(text, layout, {})
        elapsed += (time.perf_counter() - t0) / 20
        pages += 1
        s = score_table(TABLE, g.tables[TABLE], [dict(f.attrs) for f in facts])
        rows.append((g.stem, s))
        total = s if total is None else total + s
    return total, rows, 1000 * elapsed / max(pages, 1)


def test_gold_covers_seeds_and_her2_pages():
    stems = {g.stem for g in _records()}
    assert {f"seed_00{i}" for i in range(5)} <= stems
    assert len([s for s in stems if s.startswith("her2_")]) >= 8
    n_criteria = sum(
        1 for g in _records() for r in g.tables[TABLE] if r["criterion_type"] != "POPULATION"
    )
    assert n_criteria >= 30


def test_her2_f1_on_gold():
    total, rows, _ = report()
    bad = [(stem, s.key.to_dict()) for stem, s in rows if s.key.fp or s.key.fn]
    assert total.key.f1 >= 0.95, bad
    assert total.sub["ihc_scores accuracy"].rate >= 0.95
    assert total.sub["ish accuracy"].rate >= 0.95
    assert total.fields["assay_text"].accuracy >= 0.95  # the assay_text policy, as the gold writes it


@pytest.mark.parametrize("record", _records(), ids=lambda g: g.stem)
def test_every_surface_is_a_her2_mention_inside_its_evidence(record):
    text, layout, facts = _run(record)
    R = rules()
    for f in facts:
        surface = text[f.start : f.end]
        assert f.evidence_start <= f.start < f.end <= f.evidence_end
        # the surface read holds a HER2 spelling or a HER2-specific assay
        assert R.quick_re.search(surface) or re.search(r"IHC|ISH|staining", surface), surface


def test_speed_on_gold_pages():
    _, _, ms = report()
    assert ms < 10, f"{ms:.2f} ms per page"


if __name__ == "__main__":  # pragma: no cover - a report for people
    total, rows, ms = report()
    print(f"{'document':12} {'tp':>3} {'fp':>3} {'fn':>3}   ihc   ish")
    for stem, s in rows:
        print(f"{stem:12} {s.key.tp:3d} {s.key.fp:3d} {s.key.fn:3d}   "
              f"{s.sub['ihc_scores accuracy'].rate or 0:.2f}  {s.sub['ish accuracy'].rate or 0:.2f}")
    k = total.key
    print(f"TOTAL key (criterion_type, her2_status): P={k.precision:.3f} R={k.recall:.3f} F1={k.f1:.3f}"
          f" (tp={k.tp} fp={k.fp} fn={k.fn})")
    for name, r in total.sub.items():
        print(f"  {name}: {r.rate:.3f} ({r.hits}/{r.total})")
    for f, fs in total.fields.items():
        print(f"  field {f}: accuracy {fs.accuracy:.3f} P={fs.precision} R={fs.recall}")
    print(f"  {ms:.2f} ms per page (extract_her2 only)")
    sys.exit(0)

"""HER2 criteria on the gold documents (seeds + tests/docs/her2_*.txt): enough gold to score,
every fact a HER2 mention read at its offsets inside its evidence.

What the pages score against their gold (key, IHC scores, ISH, percentage, assay text) is
pinned exactly in tests/pins.yaml (tests/test_pins.py); extraction speed is measured by
scripts/bench_extractors.py.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from extract.components.her2 import extract_her2, rules
from extract.context import build_context
from extract.ingest import document_from_text
from extract.layout import analyze
from extract.score import load_gold

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"
TABLE = "her2_criteria"


def _records():
    return [g for g in load_gold(GOLD, ROOT) if TABLE in g.tables]


def _run(record):
    text = document_from_text(record.document_path.read_bytes().decode("utf-8"), record.document).text
    layout = build_context(text, analyze(text))  # what the pipeline gives the extractor
    return text, layout, extract_her2(text, layout, {})


def test_gold_covers_seeds_and_her2_pages():
    stems = {g.stem for g in _records()}
    assert {f"seed_00{i}" for i in range(5)} <= stems
    assert len([s for s in stems if s.startswith("her2_")]) >= 8
    n_criteria = sum(
        1 for g in _records() for r in g.tables[TABLE] if r["criterion_type"] != "POPULATION"
    )
    assert n_criteria >= 30


@pytest.mark.parametrize("record", _records(), ids=lambda g: g.stem)
def test_every_surface_is_a_her2_mention_inside_its_evidence(record):
    text, layout, facts = _run(record)
    assert facts or not record.tables[TABLE], "no HER2 criterion read on a page whose gold has some"
    R = rules()
    for f in facts:
        surface = text[f.start : f.end]
        assert f.evidence_start <= f.start < f.end <= f.evidence_end
        # the surface read holds a HER2 spelling or a HER2-specific assay
        assert R.quick_re.search(surface) or re.search(r"IHC|ISH|staining", surface), surface

"""Doses on the seed pages and the dose test pages: ingestion -> layout -> pipeline (with the
abbreviations it passes) -> facts, each read at its offsets. What the pages score against their
gold (key, intervention, route, interval, level, context) is pinned exactly in tests/pins.yaml
(tests/test_pins.py); extraction speed is measured by scripts/bench_extractors.py."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from extract.ingest import make_document, read_page
from extract.pipeline import process
from extract.score import load_gold

ROOT = Path(__file__).resolve().parents[1]
GOLD = [g for g in load_gold(ROOT / "tests" / "gold", ROOT) if "doses" in g.tables]
DOSE_PAGES = sorted((ROOT / "tests" / "docs").glob("dose_*.*"))


def _text(path: Path) -> str:
    """The page text as the pipeline ingests it (an HTML page is reduced to text)."""
    return make_document(read_page(path, str(path))).text


@lru_cache(maxsize=None)
def _run(path: str) -> tuple[str, tuple]:
    text = _text(Path(path))
    doc = process(text)
    return text, tuple(f for f in doc._.facts if f.kind == "dose")


def test_gold_covers_seeds_and_dose_pages():
    names = {g.path.name for g in GOLD}
    assert {f"seed_00{i}.yaml" for i in range(5)} <= names
    assert {p.stem + ".yaml" for p in DOSE_PAGES} <= names
    assert len(DOSE_PAGES) >= 6
    # at least 20 arm / intervention texts across the pages
    labels = sum(p.read_text(encoding="utf-8").count(m) for p in DOSE_PAGES
                 for m in ("Group Type", "Intervention Type", "Experimental:", "Active Comparator:", "Drug:", "- Group", "Step "))
    assert labels >= 20


@pytest.mark.parametrize("gold", GOLD, ids=[g.path.stem for g in GOLD])
def test_surfaces_and_evidence(gold):
    text, facts = _run(str(gold.document_path))
    assert len(facts) >= len(gold.tables["doses"]) > 0 or not gold.tables["doses"], "too few doses read"
    for f in facts:
        surface = text[f.start:f.end]
        assert any(c.isdigit() for c in surface) and (surface[0].isdigit() or surface[0] == "." or surface.startswith("AUC")), surface
        assert f.evidence_start <= f.start and f.end <= f.evidence_end
        assert f.label == f.attrs["unit"]

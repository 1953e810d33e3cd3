"""Doses end to end on the seed pages and the dose test pages: ingestion -> layout ->
pipeline (with the abbreviations it passes) -> facts, scored against the gold records with
the project's scorer. Run with ``-s`` to see the table."""
from __future__ import annotations

import time
from functools import lru_cache
from pathlib import Path

import pytest

from extract.components.doses import extract_doses
from extract.ingest import make_document, read_page
from extract.layout import analyze
from extract.pipeline import process
from extract.score import load_gold, score_table

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
    for f in facts:
        surface = text[f.start:f.end]
        assert any(c.isdigit() for c in surface) and (surface[0].isdigit() or surface[0] == "." or surface.startswith("AUC")), surface
        assert f.evidence_start <= f.start and f.end <= f.evidence_end
        assert f.label == f.attrs["unit"]


@pytest.mark.parametrize("gold", GOLD, ids=[g.path.stem for g in GOLD])
def test_each_page_scores(gold):
    _, facts = _run(str(gold.document_path))
    score = score_table("doses", gold.tables["doses"], [f.attrs for f in facts])
    assert score.key.fp + score.key.fn <= max(1, len(gold.tables["doses"]) // 10), [i.to_dict() for i in score.issues]


def test_overall_scores(capsys):
    total = None
    for gold in GOLD:
        _, facts = _run(str(gold.document_path))
        s = score_table("doses", gold.tables["doses"], [f.attrs for f in facts])
        total = s if total is None else total + s
    k = total.key
    route, interval = total.sub["route accuracy"], total.sub["interval accuracy"]
    with capsys.disabled():
        print(f"\ndoses over {total.documents} documents: key P={k.precision:.3f} R={k.recall:.3f} F1={k.f1:.3f} "
              f"(tp={k.tp} fp={k.fp} fn={k.fn}); route accuracy {route.hits}/{route.total}; "
              f"interval accuracy {interval.hits}/{interval.total}")
        for name, fs in total.fields.items():
            print(f"  {name:14} accuracy {fs.accuracy:.3f} ({fs.agree}/{fs.n})")
    assert k.f1 >= 0.95
    assert route.rate >= 0.95
    assert interval.rate >= 0.95


def test_speed_per_page(capsys):
    pages = []
    for gold in GOLD:
        text = _text(gold.document_path)
        pages.append((text, analyze(text)))
    for text, layout in pages:
        extract_doses(text, layout)  # compile the rules first
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        for text, layout in pages:
            extract_doses(text, layout)
        best = min(best, (time.perf_counter() - t0) / len(pages))
    with capsys.disabled():
        print(f"\nextract_doses: {best * 1000:.2f} ms per page (mean over {len(pages)} pages)")
    assert best < 0.010

"""Lab thresholds on the seed pages and the lab test pages: gold rows valid against the
vocabulary and the page, every fact read at its offsets, the abbreviation detector feeding the
extractor. What the pages score against their gold (key, as-written value and unit, condition,
conditional rows) is pinned exactly in tests/pins.yaml (tests/test_pins.py); extraction speed
is measured by scripts/bench_extractors.py.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from extract.components.labs import extract_lab_thresholds
from extract.ingest import normalize_text
from extract.layout import analyze
from extract.normalize import units as un

ROOT = Path(__file__).resolve().parent.parent
GOLD = sorted((ROOT / "tests" / "gold").glob("lab_*.yaml")) + sorted((ROOT / "tests" / "gold").glob("seed_*.yaml"))
# short forms the page defines and the pipeline's abbreviation detector resolves (see
# test_pipeline_resolves_page_abbreviations); the extractor receives them as a mapping
ABBREVIATIONS = {"lab_07": {"NG": "Neutrophil granulocytes"}}


def _docs():
    out = []
    for path in GOLD:
        rec = yaml.safe_load(path.read_text(encoding="utf-8"))
        rows = (rec.get("tables") or {}).get("lab_thresholds")
        if rows is None:
            continue
        text = normalize_text((ROOT / rec["document"]).read_text(encoding="utf-8"))
        out.append((path.stem, text, rows))
    return out


DOCS = _docs()


def _extract(name, text):
    return extract_lab_thresholds(text, analyze(text), ABBREVIATIONS.get(name))


def test_gold_covers_seeds_and_enough_written_criteria():
    names = [n for n, _, _ in DOCS]
    assert [n for n in names if n.startswith("seed_")] == [f"seed_00{i}" for i in range(5)]
    lab_pages = [(n, t) for n, t, _ in DOCS if n.startswith("lab_")]
    assert len(lab_pages) >= 8
    # at least 25 criteria with a lab bound across the written pages
    with_bounds = 0
    for name, text in lab_pages:
        layout = analyze(text)
        facts = _extract(name, text)
        with_bounds += len({(f.evidence_start, f.evidence_end) for f in facts})
        assert layout.criteria, name
    assert with_bounds >= 25


@pytest.mark.parametrize("name,text,gold", DOCS, ids=[d[0] for d in DOCS])
def test_gold_rows_are_valid(name, text, gold):
    for row in gold:
        assert row["criterion_type"] in ("INCLUSION", "EXCLUSION")
        assert row["analyte"] in un.analytes(), row
        assert row["comparator"] in (">=", ">", "<=", "<", "=")
        a = un.analytes()[row["analyte"]]
        allowed = set(a.canonical.values()) | {"xULN", "xLLN"}
        assert str(row["unit"]) in allowed, row
        if row.get("value_as_written"):
            assert str(row["value_as_written"]) in text, row
        if row.get("unit_as_written"):
            assert str(row["unit_as_written"]) in text, row


@pytest.mark.parametrize("name,text,gold", DOCS, ids=[d[0] for d in DOCS])
def test_every_fact_reads_its_surface(name, text, gold):
    facts = _extract(name, text)
    assert facts or not gold, "no lab bound read on a page whose gold has some"
    for f in facts:
        surface = text[f.start:f.end]
        assert surface and surface == surface.strip()
        assert f.evidence_start <= f.start < f.end <= f.evidence_end
        if f.attrs["value_as_written"]:
            assert f.attrs["value_as_written"] in surface
        if f.attrs["unit_as_written"]:
            assert f.attrs["unit_as_written"] in surface


def test_abbreviation_detector_feeds_the_extractor():
    """scispaCy's detector (as the pipeline runs it) finds NG -> neutrophil granulocytes on the page;
    with its mapping the extractor reads the later bare "NG < 0.2 × 10^9/L"."""
    spacy = pytest.importorskip("spacy")
    pytest.importorskip("scispacy.abbreviation")
    nlp = spacy.blank("en")
    nlp.add_pipe("abbreviation_detector")
    text = normalize_text((ROOT / "tests" / "docs" / "lab_07.txt").read_text(encoding="utf-8"))
    doc = nlp(text)
    found = {}
    for abrv in doc._.abbreviations:
        found.setdefault(abrv.text, abrv._.long_form.text)
    assert found.get("NG", "").lower() == "neutrophil granulocytes"
    rows = {
        (f.attrs["criterion_type"], f.label, f.attrs["comparator"], f.attrs["value"])
        for f in extract_lab_thresholds(text, analyze(text), found)
    }
    assert ("EXCLUSION", "anc", "<", 0.2) in rows
    without = {(f.label, f.attrs["value"]) for f in extract_lab_thresholds(text, analyze(text))}
    assert ("anc", 0.2) not in without

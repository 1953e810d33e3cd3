"""Lab thresholds end to end on the seed pages and the lab test pages, scored against the gold.

Pages go through ingestion and layout detection as in the pipeline; the extractor's rows are
scored with ``extract.score.score_table`` on the key (criterion_type, analyte, comparator,
value, unit), overall and on the conditional rows alone. Run with ``-s`` to see the table.
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from extract.components.labs import extract_lab_thresholds
from extract.ingest import normalize_text
from extract.layout import analyze
from extract.normalize import units as un
from extract.score import score_table

ROOT = Path(__file__).resolve().parent.parent
GOLD = sorted((ROOT / "tests" / "gold").glob("lab_*.yaml")) + sorted((ROOT / "tests" / "gold").glob("seed_*.yaml"))
# short forms the page defines and the pipeline's abbreviation detector resolves (see
# test_pipeline_resolves_page_abbreviations); the extractor receives them as a mapping
ABBREVIATIONS = {"lab_07": {"NG": "Neutrophil granulocytes"}}
TARGET_F1 = 0.95


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
    for f in _extract(name, text):
        surface = text[f.start:f.end]
        assert surface and surface == surface.strip()
        assert f.evidence_start <= f.start < f.end <= f.evidence_end
        if f.attrs["value_as_written"]:
            assert f.attrs["value_as_written"] in surface
        if f.attrs["unit_as_written"]:
            assert f.attrs["unit_as_written"] in surface


def _scores():
    total = cond = None
    per_doc = {}
    for name, text, gold in DOCS:
        pred = [f.attrs for f in _extract(name, text)]
        s = score_table("lab_thresholds", gold, pred)
        c = score_table("lab_thresholds", [r for r in gold if r.get("condition")], [r for r in pred if r.get("condition")])
        per_doc[name] = s
        total = s if total is None else total + s
        cond = c if cond is None else cond + c
    return total, cond, per_doc


def test_f1_on_gold(capsys):
    total, cond, per_doc = _scores()
    with capsys.disabled():
        print("\nlab_thresholds key scores (criterion_type, analyte, comparator, value, unit)")
        for name, s in per_doc.items():
            print(f"  {name:10s} tp={s.key.tp:3d} fp={s.key.fp:3d} fn={s.key.fn:3d}")
        print(f"  all        P={total.key.precision:.3f} R={total.key.recall:.3f} F1={total.key.f1:.3f}")
        print(f"  conditional P={cond.key.precision:.3f} R={cond.key.recall:.3f} F1={cond.key.f1:.3f}")
        for field, fs in total.fields.items():
            print(f"  field {field:17s} accuracy={fs.accuracy:.3f}")
    assert total.key.f1 >= TARGET_F1
    assert cond.key.tp >= 10 and cond.key.f1 >= TARGET_F1
    assert total.fields["condition"].accuracy >= TARGET_F1


def test_speed_per_page(capsys):
    pages = [(name, text, analyze(text)) for name, text, _ in DOCS]
    for name, text, layout in pages:  # warm caches (pint registry, unit factors)
        extract_lab_thresholds(text, layout, ABBREVIATIONS.get(name))
    rounds = 20
    t0 = time.perf_counter()
    for _ in range(rounds):
        for name, text, layout in pages:
            extract_lab_thresholds(text, layout, ABBREVIATIONS.get(name))
    ms = (time.perf_counter() - t0) * 1000 / (rounds * len(pages))
    with capsys.disabled():
        print(f"\nlab_thresholds extractor: {ms:.3f} ms per page over {len(pages)} pages")
    assert ms < 5.0


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

"""The spine: rule files, layout and sections, trial-level facts, offsets, the flow."""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

import pinning
from extract import ruledata
from extract.ingest import document_from_text
from extract.layout import analyze, detect_layout
from extract.normalize.dates import parse_date
from extract.schema import SCHEMAS

ROOT = Path(__file__).resolve().parent.parent
TRIAL_TABLES = ("trials", "trial_ids", "dates")


# ------------------------------------------------------------------------- rule files
@pytest.mark.parametrize("name", ruledata.rule_files())
def test_every_rule_file_loads_with_unique_ids(name):
    keys = ["rules"]
    if name.endswith((".yaml", ".yml")):
        import yaml

        data = yaml.safe_load(ruledata.rule_path(name).read_text())
        keys = [k for k, v in data.items() if isinstance(v, list)] if isinstance(data, dict) else ["rules"]
    for key in keys:
        rows = ruledata.load(name, key=key)
        assert rows, f"{name}:{key} is empty"
        ids = [r["id"] for r in rows]
        assert len(ids) == len(set(ids))


def test_rule_loader_rejects_broken_rows(tmp_path, monkeypatch):
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - {id: a, x: 1}\n  - {id: a, x: 2}\n")
    monkeypatch.setattr(ruledata, "rule_path", lambda n: bad)
    ruledata._load_cached.cache_clear()
    with pytest.raises(ruledata.RuleFileError, match="duplicate id"):
        ruledata.load("bad.yaml")
    ruledata._load_cached.cache_clear()


def test_rule_loader_refuses_a_key_named_twice(tmp_path, monkeypatch):
    """A merge can leave one key twice in a rule file ('totals:' above and below); YAML would
    keep the second list and drop the first's rows without a word."""
    twice = tmp_path / "twice.yaml"
    twice.write_text("totals:\n  - {id: a, x: 1}\nplans: []\ntotals:\n  - {id: b, x: 2}\n")
    monkeypatch.setattr(ruledata, "rule_path", lambda n: twice)
    ruledata._parse_yaml.cache_clear()
    ruledata._load_cached.cache_clear()
    with pytest.raises(ruledata.RuleFileError, match="'totals' appears twice"):
        ruledata.load("twice.yaml", "totals")
    ruledata._parse_yaml.cache_clear()
    ruledata._load_cached.cache_clear()


def test_all_compiled_rules_build():
    from extract.components import trial
    from extract.layout import rules as layout_rules
    from extract.pipeline import make_nlp

    assert layout_rules().headings and trial.rules().label_field
    nlp = make_nlp()
    assert nlp.pipe_names[:2] == ["trial_layout", "eligibility_abbreviations"]


# --------------------------------------------------------------------------- layout
SEEDS = sorted((ROOT / "raw").glob("*.txt"))


def _doc(path: Path):
    from extract.ingest import make_document, read_page

    return make_document(read_page(path, path.name))


@pytest.mark.parametrize(
    "seed,layout",
    [("000", "plain_summary"), ("001", "labeled_mirror"), ("002", "stripped_mirror"),
     ("003", "registry_table"), ("004", "labeled_mirror")],
)
def test_seed_layouts(seed, layout):
    (path,) = [p for p in SEEDS if p.name.startswith(seed)]
    assert detect_layout(_doc(path).text) == layout


def test_run_together_criteria_are_split():
    (path,) = [p for p in SEEDS if p.name.startswith("001")]
    d = _doc(path)
    L = analyze(d.text)
    inc = [c.text for c in L.criteria if c.criterion_type == "INCLUSION"]
    exc = [c.text for c in L.criteria if c.criterion_type == "EXCLUSION"]
    assert inc == [
        "Subjects with pathologically confirmed breast cancer",
        "The therapeutic drugs are anti-HER2-ADC drugs",
        "No history of other tumors",
        "Age > 18 years old",
        "Have relatively complete clinical case characteristics data.",
    ]
    assert exc[0] == "Male breast cancer subjects" and len(exc) == 3


def test_nested_numbering_returns_to_the_outer_list():
    (path,) = [p for p in SEEDS if p.name.startswith("002")]
    d = _doc(path)
    L = analyze(d.text)
    ecog = next(c for c in L.criteria if c.text.startswith("The ECOG performance status"))
    assert ecog.parent is None  # "3." after three sub-lists is the outer list again
    qtc = next(c for c in L.criteria if "QTc formula" in c.text)
    assert qtc.criterion_type == "EXCLUSION" and L.criteria[qtc.parent].text.startswith("Cardiac function")
    for c in L.criteria:
        assert d.text[c.start:c.end] == c.text


def test_stripped_eligibility_tail_is_not_a_criterion():
    (path,) = [p for p in SEEDS if p.name.startswith("002")]
    L = analyze(_doc(path).text)
    assert not any(c.text in ("18 Years", "ALL", "No") for c in L.criteria)
    assert any(s.rule_id == "shape.elig_fields" for s in L.sections)


def test_related_section_found_and_criteria_offsets_exact():
    n = 0
    for path in SEEDS:
        d = _doc(path)
        L = analyze(d.text)
        for s in L.sections:
            assert 0 <= s.start <= s.end <= len(d.text)
        for c in L.criteria:
            assert d.text[c.start:c.end] == c.text and c.text.strip() == c.text
            n += 1
    assert n >= 100  # the seeds hold over a hundred criteria: an empty layout must not pass


# ------------------------------------------------------------------ ingestion shapes
def test_normalization_keeps_offsets_meaningful():
    d = document_from_text("Title\u00a0here\r\nANC \\>= 1.5 x 10⁹/L and Hb ≥ 9 g/dL; 1\\. item; mg/m²\n")
    assert d.text == "Title here\nANC >= 1.5 x 10^9/L and Hb ≥ 9 g/dL; 1. item; mg/m2\n"


def test_export_json_strings_get_their_newlines_back():
    d = document_from_text('eligibilityCriteria: "Inclusion Criteria:\\n\\n* Age 18+\\n* ANC >= 1.5\\n"\n')
    assert "Inclusion Criteria:\n\n* Age 18+\n* ANC >= 1.5\n" in d.text
    crit = [c.text for c in analyze(d.text).criteria]
    assert crit == ["Age 18+", "ANC >= 1.5"]


# -------------------------------------------------------------- unknown / partial pages
def _rows(text: str):
    from extract.batch import extract_text
    from extract.ingest import RawPage

    return extract_text(RawPage("x.txt", text.encode(), "0" * 64))


def test_unknown_layout_no_nct_empty_sections_give_nulls():
    rows = _rows(
        "Some sponsor page about a trial\n\nInclusion Criteria:\n\nExclusion Criteria:\n"
        "Patients with active infection.\n\nStatus: Recruiting\n"
    )
    trial = rows.tables["trials"][0]
    assert trial["nct_id"] is None and trial["overall_status"] == "RECRUITING"
    assert trial["phases"] == [] and trial["enrollment"] is None
    assert rows.tables["trial_ids"] == []


def test_a_related_trials_id_is_never_the_primary():
    rows = _rows(
        "A Study of Something in Solid Tumors\nStatus: Completed\n\nRelated Clinical Trials\n"
        "Another trial\nNCT01234567\n"
    )
    assert rows.tables["trials"][0]["nct_id"] is None
    assert [(r["id_value"], r["role"]) for r in rows.tables["trial_ids"]] == [("NCT01234567", "RELATED")]


# -------------------------------------------------------------------- gold: exactness
def test_trial_level_fields_ids_and_dates_exact_on_every_gold_document(gold_report):
    assert not gold_report.missing_documents
    wrong = []
    for d in gold_report.documents:
        for t in TRIAL_TABLES:
            sc = d.tables.get(t)
            if sc is not None and not sc.perfect:
                wrong.append((d.gold_path.name if hasattr(d.gold_path, "name") else d.gold_path, t,
                               [str(i) for i in sc.issues][:4]))
    assert not wrong, wrong


def test_gold_covers_every_table_for_the_seeds():
    import yaml

    for p in sorted((ROOT / "tests" / "gold").glob("seed_*.yaml")):
        tables = yaml.safe_load(p.read_text())["tables"]
        assert set(tables) == {"trials", "trial_ids", "dates", "doses", "lab_thresholds", "her2_criteria"}, p.name


# ---------------------------------------------------------------------- offsets
def _evidence_spans(t: str, evidence: str):
    """Every (start, end) at which the recorded evidence stands in the document text."""
    i = t.find(evidence)
    while i != -1:
        yield i, i + len(evidence)
        i = t.find(evidence, i + 1)


def _surface_matches_row(table: str, surface: str, r) -> str | None:
    """Why the surface at the row's offsets is not what the row says was read (None: it is)."""
    from extract.components.her2 import rules as her2_rules

    if table == "trial_ids":
        if surface.upper().replace(" ", "") != r.id_value.upper().replace(" ", ""):
            return f"id {r.id_value!r}"
    elif table == "dates":
        read = {parse_date(surface, dayfirst=True), parse_date(surface)}
        if (r.date, r.precision) not in read:
            return f"date {r.date} {r.precision}, the surface parses as {read}"
    elif table == "lab_thresholds":
        for col in ("value_as_written", "unit_as_written"):
            v = getattr(r, col)
            if isinstance(v, str) and v not in surface:
                return f"{col} {v!r}"
    elif table == "doses":
        if not any(ch.isdigit() for ch in surface):
            return "no number"
    elif table == "her2_criteria":
        if not (her2_rules().quick_re.search(surface) or re.search(r"IHC|ISH|staining", surface)):
            return "no HER2 spelling or HER2 assay"
    return None


SCORED_RUNS = sorted({s.docs for s in pinning.load_sets()})


@pytest.mark.parametrize("docs", SCORED_RUNS, ids=["+".join(d) for d in SCORED_RUNS])
def test_every_fact_offset_points_at_the_surface_that_was_read(docs, extracted):
    """For every fact of every gold document: ``text[char_start:char_end]`` is what the row
    records (the id, the date and its precision, the as-written value and unit, a dose
    number, a HER2 mention), and the recorded evidence stands in the text around it."""
    out = extracted(docs)
    docs_df = pd.read_parquet(out / "documents.parquet")
    text = dict(zip(docs_df.document_id, docs_df.text))
    wrong, n = [], Counter()
    for table in ("trial_ids", "dates", "doses", "lab_thresholds", "her2_criteria"):
        for r in pd.read_parquet(out / f"{table}.parquet").itertuples():
            t = text[r.document_id]
            assert 0 <= r.char_start < r.char_end <= len(t), (table, r)
            surface = t[r.char_start:r.char_end]
            why = _surface_matches_row(table, surface, r)
            if not (isinstance(r.evidence, str) and r.evidence.strip()):
                why = why or "no evidence"
            elif not any(a <= r.char_start and r.char_end <= b for a, b in _evidence_spans(t, r.evidence)):
                why = why or "the evidence does not stand around the surface in the text"
            if not r.rule_id:
                why = why or "no rule_id"
            if why:
                wrong.append((table, r.document_id[:8], surface, why))
            n[table] += 1
    assert not wrong, wrong[:10]
    # facts of every kind were checked (an empty run must not pass)
    assert all(n[t] >= 10 for t in ("trial_ids", "dates", "doses", "lab_thresholds", "her2_criteria")), n


def test_the_offset_check_catches_a_shifted_offset_or_foreign_evidence():
    text = "Inclusion: ANC >= 1500/uL and platelets >= 100,000/uL.\nExclusion: other"
    row = SimpleNamespace(value_as_written="1500", unit_as_written="/uL")
    start = text.index("1500")
    assert _surface_matches_row("lab_thresholds", text[start:start + 8], row) is None
    assert _surface_matches_row("lab_thresholds", text[start + 1:start + 9], row) is not None
    evidence = "ANC >= 1500/uL and platelets >= 100,000/uL."
    assert any(a <= start and start + 8 <= b for a, b in _evidence_spans(text, evidence))
    assert not any(a <= start and start + 8 <= b for a, b in _evidence_spans(text, "Exclusion: other"))
    assert list(_evidence_spans(text, "not in the text")) == []
    d = SimpleNamespace(date=dt.date(2019, 10, 11), precision="DAY")
    assert _surface_matches_row("dates", "October 11, 2019", d) is None
    assert _surface_matches_row("dates", "October 2019", d) is not None


# ---------------------------------------------------------------------- the flow
def test_flow_end_to_end_under_prefect_harness(prefect_harness, tmp_path):
    from flows.extract_trials import run_flow

    out = tmp_path / "curated"
    summary = run_flow(raw_dir=str(ROOT / "raw"), out_dir=str(out))
    assert summary.published and len(summary.added) == 5
    for name, schema in SCHEMAS.items():
        path = out / f"{name}.parquet"
        df = pd.read_parquet(path, dtype_backend="pyarrow")
        assert list(df.columns) == schema.names, name
    trials = pd.read_parquet(out / "trials.parquet", dtype_backend="pyarrow")
    assert str(trials["enrollment"].dtype) == "int32[pyarrow]"
    dates = pd.read_parquet(out / "dates.parquet", dtype_backend="pyarrow")
    assert str(dates["date"].dtype) == "date32[day][pyarrow]"
    assert dt.date(2024, 7, 4) in set(dates["date"].dropna())

    import duckdb

    n = duckdb.sql(f"select count(*) from read_parquet('{out}/trial_ids.parquet') where role = 'PRIMARY'").fetchall()[0][0]
    assert n == 4  # the plain-language seed names no NCT ID

    again = run_flow(raw_dir=str(ROOT / "raw"), out_dir=str(out))
    assert not again.published and again.unchanged == 5


def test_abbreviation_parts_are_read_once_and_give_what_a_fresh_read_gives(monkeypatch):
    import extract.pipeline as P

    text = ("Eligibility Criteria\nInclusion Criteria:\n1. Absolute neutrophil count (ANC) >= 1.5\n"
            "2. Eastern Cooperative Oncology Group (ECOG) performance status 0-1\n")
    det = P.EligibilityAbbreviations()
    reads = []
    real = det._pairs_of
    monkeypatch.setattr(det, "_pairs_of", lambda part: reads.append(part) or real(part))
    first = det(P.trial_layout(P.Page(text))).abbreviations
    assert first == {"ANC": "Absolute neutrophil count", "ECOG": "Eastern Cooperative Oncology Group"}
    assert det(P.trial_layout(P.Page(text))).abbreviations == first and len(reads) == 2  # read once
    assert P.EligibilityAbbreviations()(P.trial_layout(P.Page(text))).abbreviations == first
    monkeypatch.setattr(P, "PART_CACHE_SIZE", 1)
    det(P.trial_layout(P.Page(text.replace("ANC", "ANCx"))))
    assert len(det._seen) == 1  # bounded: the oldest parts go

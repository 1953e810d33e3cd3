"""Tests of the scorer: pairing, multiplicity, nulls, tolerances, sub-scores, end to end."""
from __future__ import annotations

import hashlib
import json
from datetime import date, datetime

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from extract.score import (
    PRF,
    FieldScore,
    Ratio,
    format_report,
    load_gold,
    score_dir,
    score_table,
)


def lab(analyte, value, comparator=">=", unit="10^9/L", ctype="INCLUSION", **kw):
    row = {"criterion_type": ctype, "analyte": analyte, "comparator": comparator,
           "value": value, "unit": unit, "value_as_written": None, "unit_as_written": None,
           "condition": None}
    row.update(kw)
    return row


def dose(low, high, unit="mg/kg", **kw):
    row = {"intervention": None, "dose_low": low, "dose_high": high, "unit": unit,
           "route": None, "interval_days": None, "dose_level": None, "context": None}
    row.update(kw)
    return row


def counts(s: PRF) -> tuple[int, int, int]:
    return (s.tp, s.fp, s.fn)


# --------------------------------------------------------------------------- pairing

def test_key_pairing_counts_duplicates_as_multiset():
    gold = [lab("anc", 1.5), lab("anc", 1.5), lab("platelets", 100.0)]
    pred = [lab("anc", 1.5), lab("platelets", 100.0), lab("ast", 2.5, "<=", "xULN")]
    s = score_table("lab_thresholds", gold, pred)
    assert counts(s.key) == (2, 1, 1)
    assert s.key.precision == pytest.approx(2 / 3)
    assert s.key.recall == pytest.approx(2 / 3)
    assert s.key.f1 == pytest.approx(2 / 3)
    kinds = sorted((i.kind, i.key["analyte"]) for i in s.issues)
    assert kinds == [("extra", "ast"), ("missing", "anc")]


def test_duplicate_predictions_are_false_positives():
    s = score_table("trial_ids", [{"id_value": "NCT01234567", "id_type": "NCT", "role": "PRIMARY"}],
                    [{"id_value": "NCT01234567", "id_type": "NCT", "role": "PRIMARY"}] * 3)
    assert counts(s.key) == (1, 2, 0)
    assert s.fields == {}


def test_every_key_column_must_match():
    # same analyte and value but another comparator / criterion type / unit: no pair
    gold = [lab("anc", 1.5)]
    for other in (lab("anc", 1.5, ">"), lab("anc", 1.5, ctype="EXCLUSION"),
                  lab("anc", 1.5, unit="xULN"), lab("wbc", 1.5)):
        s = score_table("lab_thresholds", gold, [other])
        assert counts(s.key) == (0, 1, 1)


def test_pairing_within_a_key_prefers_the_best_field_agreement():
    gold = [dose(0.1, 0.1, intervention="Drug A", route="IV"),
            dose(0.1, 0.1, intervention="Drug B", route="PO")]
    pred = [dose(0.1, 0.1, intervention="drug b", route="PO"),
            dose(0.1, 0.1, intervention="DRUG A", route="IV")]
    s = score_table("doses", gold, pred)
    assert counts(s.key) == (2, 0, 0)
    assert counts(s.fields["intervention"]) == (2, 0, 0)
    assert counts(s.fields["route"]) == (2, 0, 0)
    assert s.perfect


def test_empty_gold_and_pred():
    s = score_table("doses", [], [])
    assert counts(s.key) == (0, 0, 0)
    assert s.key.precision is None and s.key.recall is None and s.key.f1 is None
    s = score_table("doses", [], [dose(1.0, 1.0)])
    assert counts(s.key) == (0, 1, 0)
    assert s.key.precision == 0.0 and s.key.recall is None and s.key.f1 == 0.0


def test_unknown_table_is_an_error():
    with pytest.raises(ValueError):
        score_table("arms", [], [])


# --------------------------------------------------------------------------- fields

def test_field_null_handling():
    gold = [dose(1.0, 1.0, intervention="Drug A", route="IV", interval_days=None,
                 dose_level=None, context="Cohort 1")]
    pred = [dose(1.0, 1.0, intervention="Drug X", route=None, interval_days=21.0,
                 dose_level=None, context="cohort 1")]
    s = score_table("doses", gold, pred)
    assert counts(s.key) == (1, 0, 0)
    f = s.fields
    assert counts(f["intervention"]) == (0, 1, 1)  # wrong value: fp and fn
    assert counts(f["route"]) == (0, 0, 1)  # gold set, pred null
    assert counts(f["interval_days"]) == (0, 1, 0)  # gold null, pred set
    assert counts(f["dose_level"]) == (0, 0, 0)  # both null
    assert (f["dose_level"].agree, f["dose_level"].n) == (1, 1)
    assert counts(f["context"]) == (1, 0, 0)
    assert f["route"].precision is None and f["route"].recall == 0.0
    assert (s.sub["route accuracy"].hits, s.sub["route accuracy"].total) == (0, 1)
    assert (s.sub["interval accuracy"].hits, s.sub["interval accuracy"].total) == (0, 1)
    fields_reported = sorted(i.field for i in s.issues if i.kind == "field")
    assert fields_reported == ["interval_days", "intervention", "route"]
    assert not s.perfect


def test_float_tolerance_is_relative_1e3():
    # 2.982 (rounded) and 2.98246 (exact 51 umol/L / 17.1) are the same bound
    assert score_table("lab_thresholds", [lab("anc", 2.98246)], [lab("anc", 2.982)]).key.tp == 1
    assert score_table("lab_thresholds", [lab("anc", 1.5)], [lab("anc", 1.502)]).key.tp == 0
    assert score_table("lab_thresholds", [lab("anc", 1e6)], [lab("anc", 1e6 + 0.5)]).key.tp == 1
    assert score_table("lab_thresholds", [lab("anc", 0.0)], [lab("anc", 0.0)]).key.tp == 1
    # an int in gold equals the float prediction; ints as fields too
    s = score_table("doses", [dose(50, 50, dose_level=3)], [dose(50.0, 50.0, dose_level=3.0)])
    assert counts(s.key) == (1, 0, 0)
    assert counts(s.fields["dose_level"]) == (1, 0, 0)


def test_ihc_scores_compare_as_sets_and_phases_as_ordered_lists():
    g = {"criterion_type": "INCLUSION", "her2_status": "POSITIVE", "ihc_scores": ["3+", "2+"],
         "ish": "POSITIVE", "expression_pct_min": None, "assay_text": "IHC3+ or IHC2+/FISH+"}
    p = dict(g, ihc_scores=["2+", "3+", "3+"], assay_text="ihc3+ or  IHC2+/FISH+")
    s = score_table("her2_criteria", [g], [p])
    assert counts(s.fields["ihc_scores"]) == (1, 0, 0)
    assert counts(s.fields["assay_text"]) == (1, 0, 0)
    s = score_table("her2_criteria", [g], [dict(g, ihc_scores=["3+"], ish=None)])
    assert counts(s.fields["ihc_scores"]) == (0, 1, 1)
    assert counts(s.fields["ish"]) == (0, 0, 1)
    assert (s.sub["ihc_scores accuracy"].hits, s.sub["ihc_scores accuracy"].total) == (0, 1)
    assert (s.sub["ish accuracy"].hits, s.sub["ish accuracy"].total) == (0, 1)
    # ints from YAML ("0") match the string "0"
    s = score_table("her2_criteria", [dict(g, ihc_scores=[0, "1+"])], [dict(g, ihc_scores=["1+", "0"])])
    assert counts(s.fields["ihc_scores"]) == (1, 0, 0)

    t = {"nct_id": "NCT01234567", "phases": ["PHASE1", "PHASE2"]}
    s = score_table("trials", [t], [dict(t, phases=["PHASE2", "PHASE1"])])
    assert counts(s.fields["phases"]) == (0, 1, 1)
    s = score_table("trials", [t], [dict(t, phases=("PHASE1", "PHASE2"))])
    assert counts(s.fields["phases"]) == (1, 0, 0)
    # an empty list is "not stated", as null
    s = score_table("trials", [dict(t, phases=[])], [dict(t, phases=None)])
    assert counts(s.fields["phases"]) == (0, 0, 0)
    assert s.fields["phases"].agree == 1


def test_free_text_containment_only_for_condition_and_context():
    g = lab("ast", 5.0, "<=", "xULN", value_as_written="5 x ULN", unit_as_written="ULN",
            condition="liver metastases")
    p = dict(g, value_as_written="5 X  uln", condition="in patients with Liver\nMetastases")
    s = score_table("lab_thresholds", [g], [p])
    assert counts(s.fields["condition"]) == (1, 0, 0)
    assert counts(s.fields["value_as_written"]) == (1, 0, 0)
    # no containment for the as-written fields
    s = score_table("lab_thresholds", [g], [dict(g, value_as_written="≤ 5 x ULN")])
    assert counts(s.fields["value_as_written"]) == (0, 1, 1)
    # containment works in both directions for context, on whole words of at least 6 characters
    d = dose(1.0, 1.0, context="Phase 1a dose escalation")
    assert counts(score_table("doses", [d], [dict(d, context="phase 1A")]).fields["context"]) == (1, 0, 0)
    assert counts(score_table("doses", [dict(d, context="phase 1A")], [d]).fields["context"]) == (1, 0, 0)
    assert counts(score_table("doses", [d], [dict(d, context="Phase 2")]).fields["context"]) == (0, 1, 1)


@pytest.mark.parametrize("gold,pred", [
    ("Cohort 1", "Cohort 12"),  # not a whole word of the other
    ("Cohort 12", "Cohort 1"),
    ("s", "liver metastases"),  # a letter of a word
    ("liver metastases", "s"),
    ("1a", "Phase 1a dose escalation"),  # whole word, but too short to name a context
    ("Phase 1a dose escalation", "1a"),
    ("Part", "Part 1 (Dose Escalation)"),
    ("bone metastases", "liver metastases"),
    ("Part 1 (Dose Escalation)", "Part 2 (Dose Escalation)"),
])
def test_condition_and_context_do_not_match_parts_of_words_or_short_fragments(gold, pred):
    assert counts(score_table("doses", [dose(1, 1, context=gold)], [dose(1, 1, context=pred)]).fields["context"]) == (0, 1, 1)
    g, p = lab("ast", 5.0, condition=gold), lab("ast", 5.0, condition=pred)
    assert counts(score_table("lab_thresholds", [g], [p]).fields["condition"]) == (0, 1, 1)


@pytest.mark.parametrize("gold,pred", [
    ("Cohort 1", "Cohort 1: Drug A monotherapy"),
    ("Part 1", "Part 1 (Phase Ib)"),
    ("Phase 1a", "Dose-Escalation Phase (Phase 1a)"),
    ("Dose-escalation", "dose escalation"),  # punctuation is a word break
    ("Part1", "Part 1"),  # the same words but for spacing
    ("known Gilbert's disease", "Gilbert disease"),
    ("the cancer has spread to your liver", "cancer has spread to your liver"),
])
def test_condition_and_context_match_equal_words_or_contained_whole_words(gold, pred):
    assert counts(score_table("doses", [dose(1, 1, context=gold)], [dose(1, 1, context=pred)]).fields["context"]) == (1, 0, 0)
    g, p = lab("ast", 5.0, condition=gold), lab("ast", 5.0, condition=pred)
    assert counts(score_table("lab_thresholds", [g], [p]).fields["condition"]) == (1, 0, 0)


def test_free_text_empty_is_null():
    d = dose(1.0, 1.0, context="Phase 1a dose escalation")
    # an empty string counts as null
    assert counts(score_table("doses", [d], [dict(d, context="  ")]).fields["context"]) == (0, 0, 1)


def test_dates_compare_as_iso_strings():
    g = [{"date_type": "STUDY_START", "date": date(2019, 10, 11), "precision": "DAY",
          "is_estimated": None},
         {"date_type": "FIRST_POSTED", "date": "2019-05-01", "precision": "MONTH",
          "is_estimated": "false"}]
    p = [{"date_type": "STUDY_START", "date": "2019-10-11", "precision": "DAY", "is_estimated": None},
         {"date_type": "FIRST_POSTED", "date": datetime(2019, 5, 1), "precision": "DAY",
          "is_estimated": False}]
    s = score_table("dates", g, p)
    assert counts(s.key) == (2, 0, 0)
    assert counts(s.fields["precision"]) == (1, 1, 1)
    assert counts(s.fields["is_estimated"]) == (1, 0, 0)
    assert counts(score_table("dates", g[:1], [dict(p[0], date="2019-10-12")]).key) == (0, 1, 1)


def test_trials_one_row_per_document_and_exact_rate():
    t = {"nct_id": "NCT03944499", "title": "A Study of X", "phases": ["PHASE1"],
         "overall_status": "COMPLETED", "study_type": "INTERVENTIONAL", "enrollment": 161,
         "enrollment_type": None, "min_age_years": 18, "max_age_years": None, "sex": "ALL",
         "healthy_volunteers": False}
    s = score_table("trials", [t], [dict(t, title="a study  of x", enrollment=161.0)])
    assert counts(s.key) == (1, 0, 0)
    assert (s.sub["exact rows"].hits, s.sub["exact rows"].total) == (1, 1)
    assert sum(f.tp for f in s.fields.values()) == 9  # 11 columns, 2 both null
    assert s.perfect
    s = score_table("trials", [t], [dict(t, sex="FEMALE", healthy_volunteers=None)])
    assert (s.sub["exact rows"].hits, s.sub["exact rows"].total) == (0, 1)
    assert counts(s.fields["sex"]) == (0, 1, 1)
    assert counts(s.fields["healthy_volunteers"]) == (0, 0, 1)  # False is a value, not null
    s = score_table("trials", [t], [])
    assert counts(s.key) == (0, 0, 1)
    assert (s.sub["exact rows"].hits, s.sub["exact rows"].total) == (0, 1)
    # no trial row: every gold field is missed (fn), the fields gold leaves null agree
    assert {f: counts(fs) for f, fs in s.fields.items()} == {
        f: ((0, 0, 1) if t[f] is not None else (0, 0, 0)) for f in s.fields}
    assert sum(fs.agree for fs in s.fields.values()) == 2 and s.fields["sex"].n == 1


def test_a_trial_row_with_every_field_null_scores_nothing():
    t = {"nct_id": "NCT03944499", "title": "A Study of X", "phases": ["PHASE1"],
         "overall_status": "COMPLETED", "study_type": "INTERVENTIONAL", "enrollment": 161,
         "enrollment_type": None, "min_age_years": 18, "max_age_years": None, "sex": "ALL",
         "healthy_volunteers": False}
    s = score_table("trials", [t], [{c: None for c in t}])
    assert counts(s.key) == (1, 0, 0)  # the row is there, as the key says ...
    assert sum(fs.tp for fs in s.fields.values()) == 0  # ... but no field is right
    assert sum(fs.fn for fs in s.fields.values()) == 9
    assert not s.perfect
    # a value where gold is null is a false positive
    s = score_table("trials", [t], [dict(t, max_age_years=65.0, enrollment_type="ACTUAL")])
    assert counts(s.fields["max_age_years"]) == (0, 1, 0)
    assert counts(s.fields["enrollment_type"]) == (0, 1, 0)


# --------------------------------------------------------------------------- sub-scores

def test_conditional_rows_subscore():
    gold = [lab("ast", 5.0, "<=", "xULN", condition="liver metastases"),  # paired, pred cond null
            lab("ast", 3.0, "<=", "xULN"),  # paired, neither has a condition: not counted
            lab("total_bilirubin", 3.0, "<=", "xULN", condition="Gilbert syndrome"),  # missed
            lab("anc", 1.5)]  # missed, unconditional: not counted
    pred = [lab("ast", 5.0, "<=", "xULN"),
            lab("ast", 3.0, "<=", "xULN"),
            lab("alt", 5.0, "<=", "xULN", condition="liver metastases"),  # extra, conditional
            lab("platelets", 75.0)]  # extra, unconditional
    s = score_table("lab_thresholds", gold, pred)
    assert counts(s.key) == (2, 2, 2)
    assert counts(s.sub["conditional rows"]) == (1, 1, 1)
    assert counts(s.fields["condition"]) == (0, 0, 1)
    # a prediction with a condition on a pair whose gold has none counts too
    s = score_table("lab_thresholds", [lab("anc", 1.5)], [lab("anc", 1.5, condition="if on G-CSF")])
    assert counts(s.sub["conditional rows"]) == (1, 0, 0)
    assert counts(s.fields["condition"]) == (0, 1, 0)


def test_scores_add_up_micro_average():
    a = score_table("lab_thresholds", [lab("anc", 1.5, condition="x")], [lab("anc", 1.5)])
    b = score_table("lab_thresholds", [lab("anc", 1.5)], [lab("anc", 1.5), lab("wbc", 3.0)])
    c = a + b
    assert counts(c.key) == (2, 1, 0)
    assert counts(c.fields["condition"]) == (0, 0, 1)
    assert (c.fields["condition"].agree, c.fields["condition"].n) == (1, 2)
    assert counts(c.sub["conditional rows"]) == (1, 0, 0)
    assert c.documents == 2
    assert len(c.issues) == 2
    total = sum([a, b, a])
    assert counts(total.key) == (3, 1, 0)
    assert total.documents == 3
    assert counts(a.key) == (1, 0, 0)  # operands unchanged
    assert FieldScore(1, 2, 3, 4, 5) + FieldScore(1, 1, 1, 1, 1) == FieldScore(2, 3, 4, 5, 6)
    assert Ratio(1, 2) + Ratio(3, 4) == Ratio(4, 6)
    with pytest.raises(ValueError):
        a + score_table("doses", [], [])
    # doses sub-scores sum as ratios
    d1 = score_table("doses", [dose(1, 1, route="IV")], [dose(1, 1, route="IV")])
    d2 = score_table("doses", [dose(2, 2, route="IV")], [dose(2, 2, route="PO")])
    assert (d1 + d2).sub["route accuracy"] == Ratio(1, 2)


# --------------------------------------------------------------------------- gold files

def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_load_gold_coerces_by_column_kind(tmp_path):
    write(tmp_path / "raw" / "a.txt", "page A")
    write(tmp_path / "tests" / "gold" / "a.yaml", """
document: raw/a.txt
notes: tricky
tables:
  trial_ids:
    - {id_value: 0123, id_type: ORG_STUDY_ID, role: SECONDARY}
  her2_criteria:
    - {criterion_type: INCLUSION, her2_status: LOW, ihc_scores: [0, 1+], ish: null,
       expression_pct_min: 1e1, assay_text: "IHC 1+"}
  doses: []
  dates:
""")
    write(tmp_path / "tests" / "gold" / "b.yml", "document: raw/b.txt\ntables:\n")
    write(tmp_path / "tests" / "gold" / "README.md", "not a gold file")
    recs = load_gold(tmp_path / "tests" / "gold")
    assert [r.stem for r in recs] == ["a", "b"]
    a, b = recs
    assert a.sha256 == hashlib.sha256(b"page A").hexdigest()
    assert a.notes == "tricky"
    assert a.document == "raw/a.txt"
    assert sorted(a.tables) == ["dates", "doses", "her2_criteria", "trial_ids"]
    assert a.tables["doses"] == [] and a.tables["dates"] == []
    assert a.tables["trial_ids"][0]["id_value"] == "0123"
    s = score_table("her2_criteria", a.tables["her2_criteria"],
                    [{"criterion_type": "INCLUSION", "her2_status": "LOW", "ihc_scores": ["1+", "0"],
                      "ish": None, "expression_pct_min": 10.0, "assay_text": "ihc 1+"}])
    assert s.perfect and counts(s.key) == (1, 0, 0)
    assert counts(s.fields["expression_pct_min"]) == (1, 0, 0)
    assert counts(s.fields["ish"]) == (0, 0, 0)
    assert b.tables == {} and b.sha256 is None


@pytest.mark.parametrize("body", [
    "document: raw/a.txt\ntables:\n  arms: []\n",  # unknown table
    "document: raw/a.txt\ntables:\n  doses:\n    - {dose_lo: 1}\n",  # unknown column
    "document: raw/a.txt\ntables:\n  trials: [1, 2]\n",  # trials is one mapping
    "tables:\n  doses: []\n",  # no document
])
def test_load_gold_rejects_malformed_records(tmp_path, body):
    write(tmp_path / "g" / "gold" / "x.yaml", body)
    with pytest.raises(ValueError):
        load_gold(tmp_path / "g" / "gold", root=tmp_path)


# --------------------------------------------------------------------------- end to end

LAB_COLS = ["criterion_type", "analyte", "comparator", "value", "unit", "value_as_written",
            "unit_as_written", "condition"]


def lab_table(rows):
    cols = {"document_id": pa.string(), "nct_id": pa.string(), **{c: pa.string() for c in LAB_COLS}}
    cols["value"] = pa.float64()
    return pa.table({c: pa.array([r.get(c) for r in rows], t) for c, t in cols.items()})


def test_score_dir_end_to_end(tmp_path):
    repo = tmp_path / "repo"
    pages = {"a": b"Page A\r\nANC >= 1.5", "b": b"Page B", "c": b"Page C (not curated)"}
    for name, data in pages.items():
        (repo / "raw").mkdir(parents=True, exist_ok=True)
        (repo / "raw" / f"{name}.txt").write_bytes(data)
    gold = repo / "tests" / "gold"
    write(gold / "seed_a.yaml", """
document: raw/a.txt
tables:
  trials: {nct_id: NCT00000001, title: Study A, phases: [PHASE1, PHASE2],
           overall_status: RECRUITING, study_type: INTERVENTIONAL, enrollment: 40,
           enrollment_type: ESTIMATED, min_age_years: 18, max_age_years: null, sex: ALL,
           healthy_volunteers: false}
  lab_thresholds:
    - {criterion_type: INCLUSION, analyte: anc, comparator: ">=", value: 1.5, unit: 10^9/L,
       value_as_written: "1.5", unit_as_written: null, condition: null}
    - {criterion_type: INCLUSION, analyte: ast, comparator: "<=", value: 5, unit: xULN,
       value_as_written: "5", unit_as_written: "x ULN", condition: liver metastases}
  doses:
    - {intervention: Drug A, dose_low: 1, dose_high: 1, unit: mg/kg, route: IV,
       interval_days: 21, dose_level: null, context: null}
""")
    write(gold / "seed_b.yaml", """
document: raw/b.txt
tables:
  lab_thresholds:
    - {criterion_type: EXCLUSION, analyte: qtc, comparator: ">", value: 470, unit: ms,
       value_as_written: "470", unit_as_written: ms, condition: null}
""")
    write(gold / "team_c.yaml", """
document: raw/c.txt
tables:
  lab_thresholds:
    - {criterion_type: INCLUSION, analyte: platelets, comparator: ">=", value: 100,
       unit: 10^9/L, value_as_written: "100,000", unit_as_written: /mm3, condition: null}
    - {criterion_type: INCLUSION, analyte: hemoglobin, comparator: ">=", value: 9, unit: g/dL,
       value_as_written: "9", unit_as_written: g/dL, condition: null}
""")
    curated = tmp_path / "curated"
    curated.mkdir()
    sha = {k: hashlib.sha256(v).hexdigest() for k, v in pages.items()}
    # documents were ingested from another folder: matching must go by sha256
    pq.write_table(pa.table({
        "document_id": ["docA", "docB", "docX"],
        "source_path": ["/elsewhere/a.txt", "/elsewhere/b.txt", "/elsewhere/x.txt"],
        "sha256": [sha["a"], sha["b"], hashlib.sha256(b"other").hexdigest()],
        "text": ["Page A\nANC >= 1.5", "Page B", "other"],
    }), curated / "documents.parquet")
    pq.write_table(pa.table({
        "document_id": ["docA", "docX"], "nct_id": ["NCT00000001", "NCT00000009"],
        "title": ["study a", "X"], "phases": pa.array([["PHASE1", "PHASE2"], []], pa.list_(pa.string())),
        "overall_status": ["RECRUITING", None], "study_type": ["INTERVENTIONAL", None],
        "enrollment": pa.array([40, None], pa.int32()), "enrollment_type": ["ACTUAL", None],
        "min_age_years": [18.0, None], "max_age_years": pa.array([None, None], pa.float64()),
        "sex": ["ALL", None], "healthy_volunteers": pa.array([False, None], pa.bool_()),
    }), curated / "trials.parquet")
    # lab_thresholds as a directory dataset of two files
    (curated / "lab_thresholds.parquet").mkdir()
    pq.write_table(lab_table([
        dict(lab("anc", 1.5, value_as_written="1.5"), document_id="docA"),
        dict(lab("ast", 5.0, "<=", "xULN", value_as_written="5", unit_as_written="x ULN"),
             document_id="docA"),
        dict(lab("alt", 5.0, "<=", "xULN", condition="liver metastases"), document_id="docA"),
    ]), curated / "lab_thresholds.parquet" / "part-0.parquet")
    pq.write_table(lab_table([
        dict(lab("qtc", 470.0, ">", "ms", ctype="EXCLUSION", value_as_written="470",
                 unit_as_written="ms"), document_id="docB"),
        dict(lab("anc", 2.0), document_id="docX"),
    ]), curated / "lab_thresholds.parquet" / "part-1.parquet")
    # no doses.parquet at all

    report = score_dir(gold, curated)
    assert [d.document_id for d in report.documents] == ["docA", "docB", None]
    assert [d.missing for d in report.documents] == [False, False, True]
    assert report.missing_tables == ["doses"]
    assert list(report.tables) == ["trials", "doses", "lab_thresholds"]

    labs = report.tables["lab_thresholds"]
    assert labs.documents == 3
    assert counts(labs.key) == (3, 1, 2)  # a: 2 paired + alt extra; b: 1 paired; c: 2 missed
    assert counts(labs.fields["condition"]) == (0, 0, 1)
    assert counts(labs.fields["value_as_written"]) == (3, 0, 0)
    assert counts(labs.fields["unit_as_written"]) == (2, 0, 0)
    assert counts(labs.sub["conditional rows"]) == (1, 1, 0)

    trials = report.tables["trials"]
    assert counts(trials.key) == (1, 0, 0)
    assert counts(trials.fields["enrollment_type"]) == (0, 1, 1)
    assert counts(trials.fields["title"]) == (1, 0, 0)
    assert counts(trials.fields["phases"]) == (1, 0, 0)
    assert trials.sub["exact rows"] == Ratio(0, 1)

    assert counts(report.tables["doses"].key) == (0, 0, 1)

    text = format_report(report, by_document=True)
    assert "MISSING  " in text and "team_c.yaml" in text and "no curated document" in text
    assert "MISSING TABLE  doses.parquet" in text
    key_line = next(ln for ln in text.splitlines() if ln.startswith("KEY") and "     3     1     2" in ln)
    assert "0.750  0.600  0.667" in key_line
    assert "field    condition @ ('INCLUSION', 'ast', '<=', 5.0, 'xULN'): " \
           "gold='liver metastases' pred=null" in text
    assert "extra    ('INCLUSION', 'alt', '<=', 5.0, 'xULN')  condition='liver metastases'" in text
    assert "missing  ('INCLUSION', 'platelets', '>=', 100.0, '10^9/L')" in text
    assert "seed_b.yaml" not in text.split("== per document")[1]  # perfect documents are not listed
    short = format_report(report)
    assert "== per document" not in short and "conditional rows" in short

    d = json.loads(json.dumps(report.to_dict()))
    assert d["tables"]["lab_thresholds"]["key"]["tp"] == 3
    assert d["tables"]["lab_thresholds"]["sub"]["conditional rows"]["fn"] == 0
    assert d["missing_documents"][0]["gold"].endswith("team_c.yaml")
    assert d["documents"][0]["tables"]["lab_thresholds"]["issues"][0]["kind"] in {"field", "extra"}

    only = score_dir(gold, curated, only=["seed_"])
    assert len(only.documents) == 2 and not only.missing_documents
    assert counts(only.tables["lab_thresholds"].key) == (3, 1, 0)
    assert counts(score_dir(gold, curated, only="team").tables["lab_thresholds"].key) == (0, 0, 2)

    # root given explicitly; the gold dir elsewhere
    moved = write(tmp_path / "goldcopy" / "x.yaml", (gold / "seed_b.yaml").read_text())
    r = score_dir(moved.parent, curated, root=repo)
    assert counts(r.tables["lab_thresholds"].key) == (1, 0, 0)

    with pytest.raises(FileNotFoundError):
        score_dir(gold, tmp_path / "empty")


def test_lab_rows_outside_the_contract_vocabulary_are_not_scored():
    gold = [lab("anc", 1.5), lab("cd4", 350.0)]
    pred = [lab("anc", 1.5), lab("sbp", 160.0)]
    assert score_table("lab_thresholds", gold, pred).key == score_table("lab_thresholds", [lab("anc", 1.5)], [lab("anc", 1.5)]).key


def test_conditions_ignore_possessives_and_punctuation():
    g = dict(lab("total_bilirubin", 3.0), condition="documented Gilbert's syndrome")
    p = dict(lab("total_bilirubin", 3.0), condition="Gilbert syndrome")
    assert score_table("lab_thresholds", [g], [p]).fields["condition"].tp == 1


def test_text_compares_in_the_stored_texts_nfkc_form():
    # the stored text is NFKC-normalized at ingest: gold written from the page as displayed
    # ("Phase Ⅲ", "1.73 m²") equals the same words read from the stored text
    d = dose(1.0, 1.0, context="Phase Ⅲ cohort")
    assert counts(score_table("doses", [d], [dict(d, context="Phase III cohort")]).fields["context"]) == (1, 0, 0)
    g, p = lab("gfr", 30.0, unit_as_written="mL/min/1.73 m²"), lab("gfr", 30.0, unit_as_written="mL/min/1.73 m2")
    assert counts(score_table("lab_thresholds", [g], [p]).fields["unit_as_written"]) == (1, 0, 0)
    # and a different text stays different
    g, p = lab("gfr", 30.0, unit_as_written="mL/min/1.73 m²"), lab("gfr", 30.0, unit_as_written="mL/min")
    assert counts(score_table("lab_thresholds", [g], [p]).fields["unit_as_written"]) == (0, 1, 1)

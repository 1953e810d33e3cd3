"""Screening (extract.screen, `trial-extract match`): hand-written profiles, hand-written verdicts.

The tables come from the real pipeline run over the pages of tests/screen/pages (written for these
rules: conditional bounds, exclusion rows, "or" alternatives, several HER2 inclusion rows, xULN and
absolute bounds, units to convert, hbv_dna in IU/mL and copies/mL). Each expectation below was
written by reading those pages, never by saving output. Cost: one extraction of 4 pages (~2 s).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from extract.cli import app
from extract.screen import ProfileError, load_profile, match, parse_profile, read_tables

ROOT = Path(__file__).resolve().parent.parent
PROFILES = ROOT / "tests" / "screen" / "profiles"
A, B, C, D = "NCT09900001", "NCT09900002", "NCT09900003", "NCT09900004"


@pytest.fixture(scope="module")
def out(extracted) -> Path:
    return extracted(("tests/screen/pages",))  # shared with tests/test_screen_vector.py


@pytest.fixture(scope="module")
def tables(out):
    return read_tables(out)


def one(profile, tables, nct: str) -> dict:
    (v,) = [v for v in match(profile, tables) if v["nct_id"] == nct]
    return v


def items(v: dict, what: str, result: str | None = None) -> list[dict]:
    lists = [result] if result else ["failed", "passed", "missing"]
    return [i for r in lists for i in v[r] if i["what"] == what]


# ------------------------------------------------------------------- the issue's example
def test_issue_patient_verdicts(tables):
    got = {v["nct_id"]: v["verdict"] for v in match(PROFILES / "her2low_liver_mets.yaml", tables)}
    # A: ANC 1,200/uL < 1,500/uL. B: HER2-positive only, Hb 85 g/L < 9 g/dL, CrCl 45 < 60 mL/min.
    # C: cohort B admits HER2-low; AST <= 100 U/L cannot be judged from 3.2 x ULN without a ULN.
    # D: Hb 8.5 < 9 g/dL (written 90 g/L), and CrCl < 60 mL/min is an exclusion that holds.
    assert got == {A: "INELIGIBLE", B: "INELIGIBLE", C: "UNDETERMINED", D: "INELIGIBLE"}
    d = one(PROFILES / "her2low_liver_mets.yaml", tables, D)
    assert {i["what"] for i in d["failed"]} == {"hemoglobin", "creatinine_clearance"}


def test_eligible_when_every_bound_is_known_and_passes(tables):
    v = one(PROFILES / "eligible_a.yaml", tables, A)
    assert v["verdict"] == "ELIGIBLE" and not v["failed"] and not v["missing"]
    assert {i["what"] for i in v["passed"]} >= {"her2", "anc", "ast", "alt", "qtc", "hbv_dna", "age"}
    # ranked first: the only ELIGIBLE trial
    assert match(PROFILES / "eligible_a.yaml", tables)[0]["nct_id"] == A


# ---------------------------------------------------------------------- conditional bounds
def test_conditional_bound_replaces_the_unconditional_one_only_with_the_condition(tables):
    base = {"labs": {"ast": "3.2 xULN"}}
    with_mets = one({**base, "conditions": ["hepatic metastases"]}, tables, A)  # another name, same condition
    (ast,) = items(with_mets, "ast")
    assert ast["result"] == "pass" and ast["condition"] == "liver metastases" and ast["replaces"] == ["<= 2.5 xULN"]
    without = one(base, tables, A)
    (ast,) = items(without, "ast")
    assert ast["result"] == "fail" and ast["condition"] is None and ast["normalized"] == "<= 2.5 xULN"
    # Gilbert's syndrome on page B: bilirubin 2.5 x ULN fails without it, passes with it
    assert items(one({"labs": {"bilirubin": "2.5 xULN"}}, tables, B), "total_bilirubin")[0]["result"] == "fail"
    gil = one({"labs": {"bilirubin": "2.5 xULN"}, "conditions": ["Gilbert syndrome"]}, tables, B)
    assert [i["result"] for i in items(gil, "total_bilirubin")] == ["pass"]


# --------------------------------------------------------------------------- exclusions
def test_exclusion_rows_fail_when_their_bound_holds(tables):
    assert items(one({"labs": {"qtcf": "480 ms"}}, tables, A), "qtc")[0]["result"] == "fail"
    assert items(one({"labs": {"qtcf": "470 ms"}}, tables, A), "qtc")[0]["result"] == "pass"  # "> 470" does not hold
    assert items(one({"labs": {"crcl": "59 mL/min"}}, tables, D), "creatinine_clearance")[0]["result"] == "fail"
    assert items(one({"labs": {"crcl": "60 mL/min"}}, tables, D), "creatinine_clearance")[0]["result"] == "pass"


# ------------------------------------------------------------------------- alternatives
@pytest.mark.parametrize("labs, result", [
    ({"creatinine": "2 xULN", "crcl": "60 mL/min"}, "pass"),   # one alternative passes
    ({"creatinine": "1.2 xULN", "crcl": "40 mL/min"}, "pass"),
    ({"creatinine": "2 xULN", "crcl": "40 mL/min"}, "fail"),   # every alternative fails
    ({"creatinine": "2 xULN"}, "missing"),                     # the other one is unknown
])
def test_or_alternatives_in_one_criterion(tables, labs, result):
    (g,) = items(one({"labs": labs}, tables, A), "creatinine or creatinine_clearance")
    assert g["result"] == result
    assert [a["what"] for a in g["alternatives"]] == ["creatinine", "creatinine_clearance"]


def test_and_in_one_criterion_is_no_alternative(tables):
    v = one({"labs": {"ast": "1 xULN", "alt": "3 xULN"}}, tables, A)  # "AST and ALT <= 2.5 x ULN"
    assert items(v, "ast")[0]["result"] == "pass" and items(v, "alt")[0]["result"] == "fail"
    assert v["verdict"] == "INELIGIBLE"


# --------------------------------------------------------------------------------- HER2
@pytest.mark.parametrize("her2, result", [
    ({"ihc": "3+"}, "pass"),                       # cohort A
    ({"ihc": "2+", "ish": "negative"}, "pass"),    # cohort B (HER2-low)
    ({"status": "LOW"}, "pass"),
    ({"ihc": "0"}, "fail"),                        # neither cohort
    ({"ihc": "2+"}, "missing"),                    # equivocal without ISH: positive or low, cannot tell
])
def test_several_her2_inclusion_rows_are_alternatives(tables, her2, result):
    (h,) = items(one({"her2": her2}, tables, C), "her2")
    assert h["result"] == result and len(h["alternatives"]) == 2


def test_her2_exclusion_row_and_missing_her2(tables):
    v = one({"her2": {"ihc": "3+"}}, tables, D)  # HER2-positive is excluded, and it is not HER2-low
    assert [i["criterion_type"] for i in items(v, "her2", "failed")] == ["INCLUSION", "EXCLUSION"]
    assert [i["result"] for i in items(one({}, tables, D), "her2")] == ["missing", "missing"]


# -------------------------------------------------------------------------- xULN bounds
def test_xuln_needs_the_profiles_uln_or_is_missing(tables):
    # page C: "AST <= 100 U/L" (absolute); page A: "AST ... <= 2.5 x ULN"
    (c,) = items(one({"labs": {"ast": "3.2 xULN"}}, tables, C), "ast")
    assert c["result"] == "missing" and "ULN" in c["reason"]
    (c,) = items(one({"labs": {"ast": "3.2 xULN"}, "uln": {"ast": "40 U/L"}}, tables, C), "ast")
    assert c["result"] == "fail" and c["profile_converted"].startswith("128 U/L")
    (c,) = items(one({"labs": {"ast": "2 xULN"}, "uln": {"ast": "40 U/L"}}, tables, C), "ast")
    assert c["result"] == "pass"
    (a,) = items(one({"labs": {"ast": "90 U/L"}}, tables, A), "ast")
    assert a["result"] == "missing"
    (a,) = items(one({"labs": {"ast": {"value": "90 U/L", "uln": "40 U/L"}}}, tables, A), "ast")
    assert a["result"] == "pass" and a["profile_converted"].startswith("2.25 xULN")


# -------------------------------------------------------------------------------- units
@pytest.mark.parametrize("nct, lab, written, result", [
    (A, "anc", "1200 /uL", "fail"),                       # 1.2 x 10^9/L < 1.5
    (A, "anc", "1,600/µL", "pass"),
    (A, "anc", "1.6 x 10^9/L", "pass"),
    (B, "creatinine_clearance", "0.75 mL/s", "fail"),     # 45 mL/min < 60
    (B, "creatinine_clearance", "1.0 mL/s", "pass"),      # 60 mL/min
    (B, "hemoglobin", "85 g/L", "fail"),
    (D, "hemoglobin", "95 g/L", "pass"),                  # bound written 90 g/L
    (D, "hemoglobin", "5.8 mmol/L", "pass"),              # 5.8 x 1.611 = 9.34 g/dL
    (C, "platelets", "90000 /mm3", "fail"),
])
def test_units_convert_as_in_extraction(tables, nct, lab, written, result):
    (i,) = items(one({"labs": {lab: written}}, tables, nct), lab)
    assert i["result"] == result, i


def test_hbv_dna_iu_and_copies_never_convert(tables):
    (a,) = items(one({"labs": {"hbv_dna": "5000 copies/mL"}}, tables, A), "hbv_dna")  # bound in IU/mL
    assert a["result"] == "missing" and "do not convert" in a["reason"]
    (a,) = items(one({"labs": {"hbv_dna": "5000 IU/mL"}}, tables, A), "hbv_dna")
    assert a["result"] == "fail"
    (c,) = items(one({"labs": {"hbv_dna": "5000 IU/mL"}}, tables, C), "hbv_dna")  # bound in copies/mL
    assert c["result"] == "missing"
    (c,) = items(one({"labs": {"hbv_dna": "20000 copies/mL"}}, tables, C), "hbv_dna")
    assert c["result"] == "fail"


# ---------------------------------------------------------------------------- age, sex
def test_age_and_sex(tables):
    v = one({"age": 80, "sex": "MALE"}, tables, B)
    assert {i["what"] for i in v["failed"]} == {"age", "sex"}
    v = one({"age": 75, "sex": "F"}, tables, B)
    assert {i["what"] for i in v["passed"]} >= {"age", "sex"} and not items(v, "age", "failed")


# --------------------------------------------------------------------- evidence, profile
def test_every_item_points_at_its_words(out, tables):
    texts = {}
    for v in match(PROFILES / "her2low_liver_mets.yaml", out):
        for i in v["failed"] + v["passed"] + v["missing"]:
            for j in i.get("alternatives") or [i]:
                if j["what"] in ("age", "sex"):
                    continue  # trial fields carry no offsets
                text = texts.get(v["document_id"]) or tables.texts.get(v["document_id"])
                if text is None:
                    import pyarrow.parquet as pq

                    docs = pq.read_table(out / "documents.parquet").to_pylist()
                    texts.update({d["document_id"]: d["text"] for d in docs})
                    text = texts[v["document_id"]]
                surface = text[j["char_start"]:j["char_end"]]
                assert surface and surface in j["evidence"], j


def test_profile_errors_are_never_guessed():
    with pytest.raises(ProfileError, match="anc"):
        parse_profile({"labs": {"anc": "1500"}})  # a bare number: which unit?
    with pytest.raises(ProfileError, match="not a lab"):
        parse_profile({"labs": {"frobnitz": "1 mg/dL"}})
    with pytest.raises(ProfileError, match="does not fit"):
        parse_profile({"labs": {"anc": "1.5 mg/dL"}})
    p = load_profile(PROFILES / "her2_zero.json")
    assert p.her2.status == "NEGATIVE" and p.labs["platelets"].value == 150.0


# ---------------------------------------------------------------------------------- CLI
def test_cli_match_json_and_table(out):
    runner = CliRunner()
    res = runner.invoke(app, ["match", str(PROFILES / "her2_zero.json"), "--out", str(out), "--json", "--nct", C])
    assert res.exit_code == 0, res.output
    lines = [json.loads(ln) for ln in res.output.splitlines()]
    assert [(v["nct_id"], v["verdict"]) for v in lines] == [(C, "INELIGIBLE")]
    assert {"failed", "passed", "missing", "nct_id"} <= set(lines[0])
    res = runner.invoke(app, ["match", str(PROFILES / "eligible_a.yaml"), "--out", str(out)])
    assert res.exit_code == 0 and "ELIGIBLE" in res.output and A in res.output
    bad = runner.invoke(app, ["match", str(PROFILES / "nope.yaml"), "--out", str(out)])
    assert bad.exit_code == 2


# ------------------------------------------------------------------------ the seeds
def test_seed_verdicts(curated):
    got = {v["nct_id"]: v for v in match(PROFILES / "her2low_liver_mets.yaml", curated,
                                         nct=["NCT06101082", "NCT03944499"])}
    # NCT06101082 wants HER2-positive (IHC 3+ or 2+/ISH+); NCT03944499 wants Hb >= 90 g/L and
    # creatinine < 1.5 x ULN *and* CrCl >= 50 mL/min (45 here)
    assert got["NCT06101082"]["verdict"] == "INELIGIBLE"
    assert [i["what"] for i in got["NCT06101082"]["failed"]] == ["her2"]
    assert {i["what"] for i in got["NCT03944499"]["failed"]} == {"hemoglobin", "creatinine_clearance"}
    # NCT06101082: "creatinine <= 1.5 x ULN or endogenous creatinine clearance >= 50 mL/min"
    assert items(got["NCT06101082"], "creatinine or creatinine_clearance")


# ------------------------------------------------------------------- README query
def test_readme_screening_query(out):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    sql = re.search(r"<!-- screen-query: crcl_60 -->\n```sql\n(.*?)```", text, re.S).group(1)
    rows = duckdb.execute(sql.replace("'curated/", f"'{out}/")).fetchall()
    # phase 2 and HER2-low: A (CrCl >= 50: admits 50-59) and D (CrCl < 60 excluded): only D
    assert rows == [(1, [D])]

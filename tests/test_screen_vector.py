"""The fast screening path (all rows at once) against the per-row reference (extract.screen.reference).

Both must give the same ranked verdicts, the same items in the same order and the same reasons, on
the gold documents and the screening pages (extracted once, shared fixtures), and on synthetic
trials written here: random bounds near the profiles' values (equality included), units in the
canonical, xULN and xLLN forms, conditions, exclusion rows, criteria whose bounds are joined by
"or", "and", a bound the tables lack or a conditional row, a criterion line written twice on a
page, HER2 rows of every kind (INCLUSION, EXCLUSION, POPULATION only), ages, sexes and pages that
are not current. Cost: ~3 s (besides the shared extraction).
"""
from __future__ import annotations

import random

import pytest

from extract.screen import match, parse_profile, screen
from extract.screen.reference import match_rows

PROFILES = [
    {},
    {"age": 55, "sex": "FEMALE", "her2": {"ihc": "2+", "ish": "negative"}, "conditions": ["liver metastases"],
     "labs": {"anc": "1200 /uL", "ast": "3.2 xULN", "creatinine_clearance": "0.75 mL/s", "hemoglobin": "85 g/L"}},
    {"age": 61, "sex": "MALE", "her2": {"ihc": "1+"}, "conditions": ["Gilbert syndrome", "bone metastases"],
     "labs": {"anc": "1.5 x 10^9/L", "ast": {"value": "100 U/L", "uln": "40 U/L"}, "alt": "2.5 xULN",
              "creatinine": "1.5 xULN", "crcl": "50 mL/min", "qtcf": "470 ms", "hbv_dna": "2000 IU/mL",
              "platelets": "100000 /uL", "bilirubin": {"value": "1.5 mg/dL", "uln": "1.2 mg/dL"},
              "lvef": "50 %", "gfr": "60 mL/min"}},
    {"age": 18, "her2": {"ihc": "2+"}, "labs": {"hbv_dna": "500 copies/mL", "hemoglobin": "5.8 mmol/L",
                                                 "total_bilirubin": "2 xULN", "creatinine": "1.2 mg/dL"}},
    {"sex": "F", "her2": {"status": "ULTRALOW"}, "conditions": ["hepatic metastases"], "labs": {"ast": "5 xULN"}},
    {"age": 80, "her2": {"ihc": "3+", "ish": "positive", "mutation": True, "expression_pct": 40},
     "labs": {"anc": "0.5 x 10^9/L", "lvef": "0.9 xLLN"}},
]


def same(profile: dict, tables) -> None:
    p = parse_profile(profile)
    fast, ref = match(p, tables), match_rows(p, tables)
    assert [v["document_id"] for v in fast] == [v["document_id"] for v in ref]
    for f, r in zip(fast, ref):
        assert f == r, (profile, r["nct_id"])


@pytest.mark.parametrize("profile", PROFILES)
def test_same_on_gold_documents(curated, profile):
    same(profile, curated)


@pytest.mark.parametrize("profile", PROFILES)
def test_same_on_screening_pages(extracted, profile):
    same(profile, extracted(("tests/screen/pages",)))


# ---------------------------------------------------------------------------- synthetic
BOUNDS = {  # analyte -> (name on the page, unit labels with values around the profiles' ones)
    "anc": ("ANC", {"10^9/L": [0.5, 1.0, 1.2, 1.5, 2.0]}),
    "ast": ("AST", {"xULN": [2.5, 3.2, 5], "U/L": [100, 128, 200]}),
    "alt": ("ALT", {"xULN": [2.5, 3, 5]}),
    "creatinine": ("creatinine", {"xULN": [1.2, 1.5], "mg/dL": [1.2, 1.5]}),
    "creatinine_clearance": ("CrCl", {"mL/min": [45, 50, 60]}),
    "hemoglobin": ("Hb", {"g/dL": [8.5, 9, 10]}),
    "total_bilirubin": ("bilirubin", {"xULN": [1.25, 1.5, 3], "mg/dL": [1.5, 3]}),
    "hbv_dna": ("HBV DNA", {"IU/mL": [500, 2000], "copies/mL": [500, 10000]}),
    "qtc": ("QTcF", {"ms": [450, 470, 480]}),
    "platelets": ("platelets", {"10^9/L": [75, 100]}),
    "lvef": ("LVEF", {"%": [50, 55], "xLLN": [0.9, 1]}),
    "inr": ("INR", {"1": [1.5]}),
}
CONDITIONS = [None] * 6 + ["liver metastases", "hepatic metastases", "Gilbert's syndrome", "males", "bone metastases",
                           "patients on anticoagulation"]
JOINS = [" or ", " or ", " and ", "; ", ", or ", " or ≥ 5.6 mmol/L or ", " (or ", " and/or "]
OPS = ["<", "<=", ">", ">=", "="]
HER2 = ["POSITIVE", "LOW", "ULTRALOW", "NEGATIVE", "EQUIVOCAL", "EXPRESSING", "AMPLIFIED", "MUTANT"]
SCORES = [None, [], ["3+"], ["1+", "2+"], ["3+", "2+"], ["0", "1+", "2+"], ["0"]]


def _criterion(rng: random.Random, ctype: str) -> tuple[str, list[dict]]:
    """One criterion line of 1-3 bounds and their rows (offsets within the line)."""
    line, rows = rng.choice(["", "Adequate function: ", "- "]), []
    for k in range(rng.choice([1, 1, 2, 2, 3])):
        if k:
            line += rng.choice(JOINS)
        analyte = rng.choice(sorted(BOUNDS))
        name, units = BOUNDS[analyte]
        unit = rng.choice(sorted(units))
        value, op = rng.choice(units[unit]), rng.choice(OPS)
        surface = f"{name} {op} {value:g} {unit}"
        rows.append({"criterion_type": ctype, "analyte": analyte, "comparator": op, "value": float(value),
                     "unit": unit, "value_as_written": f"{value:g}", "unit_as_written": unit,
                     "condition": rng.choice(CONDITIONS), "start": len(line), "end": len(line) + len(surface)})
        line += surface
    return line + ".", rows


def _page(rng: random.Random, n: int) -> tuple[dict, list[dict], list[dict], dict]:
    doc = f"doc{n:04d}"
    text, labs, her2 = f"Trial {n}\nInclusion criteria:\n", [], []
    lines = []
    for ctype in ("INCLUSION", "EXCLUSION"):
        for _ in range(rng.randint(0, 5)):
            lines.append((ctype,) + _criterion(rng, ctype))
        if lines and rng.random() < 0.3:
            lines.append(rng.choice(lines))  # the same criterion line twice on the page
        if ctype == "INCLUSION":
            lines.append((None, "Exclusion criteria:", []))
    for ctype, line, rows in lines:
        at = len(text)
        text += line + "\n"
        for r in rows:
            labs.append({**{k: v for k, v in r.items() if k not in ("start", "end")}, "document_id": doc,
                         "evidence": line, "char_start": at + r["start"], "char_end": at + r["end"]})
    for _ in range(rng.choice([0, 1, 1, 2, 3])):
        status = rng.choice(HER2)
        line = f"HER2 {status.lower()} disease."
        at = len(text)
        text += line + "\n"
        her2.append({"document_id": doc, "criterion_type": rng.choice(["INCLUSION", "EXCLUSION", "POPULATION"]),
                     "her2_status": status, "ihc_scores": rng.choice(SCORES), "ish": rng.choice([None, "POSITIVE", "NEGATIVE"]),
                     "expression_pct_min": rng.choice([None, None, 10.0, 50.0]), "assay_text": rng.choice([None, "IHC"]),
                     "evidence": line, "char_start": at, "char_end": at + len(line)})
    rng.shuffle(labs)  # tables need not be in page order
    trial = {"document_id": doc, "nct_id": rng.choice([f"NCT0{n:07d}", f"NCT0{n:07d}", None]), "title": f"Trial {n}",
             "phases": rng.choice([["PHASE2"], ["PHASE1", "PHASE2"], []]), "overall_status": "RECRUITING",
             "min_age_years": rng.choice([None, 18.0, 55.0, 61.0]), "max_age_years": rng.choice([None, 75.0, 55.0]),
             "sex": rng.choice(["ALL", "FEMALE", "MALE", None]), "is_current": rng.choice([True, True, True, None, False])}
    return trial, labs, her2, {"document_id": doc, "text": text}


def synthetic(seed: int, n: int = 150) -> dict[str, list[dict]]:
    rng = random.Random(seed)
    out: dict[str, list[dict]] = {"trials": [], "lab_thresholds": [], "her2_criteria": [], "documents": []}
    for i in range(n):
        trial, labs, her2, doc = _page(rng, i)
        out["trials"].append(trial)
        out["lab_thresholds"] += labs
        out["her2_criteria"] += her2
        out["documents"].append(doc)
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_same_on_synthetic_trials(seed):
    tables = synthetic(seed)
    for profile in PROFILES:
        same(profile, tables)
    # the synthetic pages do exercise what they are for
    v = match(PROFILES[2], tables)
    items = [i for t in v for k in ("failed", "passed", "missing") for i in t[k]]
    assert any("alternatives" in i and i["what"] != "her2" for i in items)
    assert any(i.get("replaces") for i in items)
    assert {"UNDETERMINED", "INELIGIBLE"} <= {t["verdict"] for t in v}


def test_top_builds_only_the_first_trials(curated):
    s = screen(PROFILES[1], curated)
    assert s.verdicts(3) == match(PROFILES[1], curated)[:3]
    assert sum(s.summary().values()) == len(s)

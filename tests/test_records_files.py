"""Registry record files as the registry ships them (issue 13): API v2 study JSON, API v2 list
pages, the retired v1 FullStudiesResponse, legacy <clinical_study> XML and ZIP archives of them.

The record files in ``tests/records/`` were written here from the public format documentation
(field names and structure), and their gold (``tests/records/gold/``) by reading them. One
extraction of the loose files and one of ``bulk.zip`` (about 2 s together once spaCy is
loaded) serve most tests; the hostile-input tests build their own small files.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from extract.local import run_local
from extract.score import load_gold, score_table
from extract.store import read_current

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "tests" / "records"
LOOSE = ["NCT02011223.xml", "NCT05990011.xml", "NCT05990011.json", "v1_full_studies.json", "v2_studies_page.json"]
PAGE = "NCT05990011_page.txt"
FACT_TABLES = ("trial_ids", "dates", "doses", "lab_thresholds", "her2_criteria")
TRIAL_COLS = ("nct_id", "title", "phases", "overall_status", "study_type", "enrollment", "enrollment_type",
              "min_age_years", "max_age_years", "sex", "healthy_volunteers", "last_update_posted")
KEYS = {
    "trial_ids": ("id_value", "id_type", "role"),
    "dates": ("date_type", "date", "precision", "is_estimated"),
    "doses": ("intervention", "dose_low", "dose_high", "unit", "route", "interval_days", "dose_level"),
    "lab_thresholds": ("criterion_type", "analyte", "comparator", "value", "unit", "condition"),
    "her2_criteria": ("criterion_type", "her2_status", "ihc_scores", "ish", "expression_pct_min"),
}


def _run(raw: Path, out: Path, **kw) -> dict:
    summary = run_local(raw, out, **kw)
    assert summary.published or not summary.added
    return {t: tab.to_pylist() for t, tab in read_current(out).items()}


@pytest.fixture(scope="module")
def loose(tmp_path_factory) -> dict:
    raw = tmp_path_factory.mktemp("records_raw")
    for name in LOOSE + [PAGE]:
        shutil.copy(RECORDS / name, raw / name)
    return _run(raw, tmp_path_factory.mktemp("records_out"))


@pytest.fixture(scope="module")
def zipped(tmp_path_factory) -> dict:
    raw = tmp_path_factory.mktemp("zip_raw")
    shutil.copy(RECORDS / "bulk.zip", raw / "bulk.zip")
    return _run(raw, tmp_path_factory.mktemp("zip_out"))


def _doc(tables: dict, source_path: str) -> str:
    ids = [d["document_id"] for d in tables["documents"] if d["source_path"] == source_path]
    assert len(ids) == 1, f"{source_path}: {len(ids)} documents"
    return ids[0]


def _rows(tables: dict, table: str, document_id: str) -> list[dict]:
    return [r for r in tables[table] if r["document_id"] == document_id]


def _keys(rows: list[dict], table: str) -> list[tuple]:
    return sorted(tuple(str(r[c]) for c in KEYS[table]) for r in rows)


def _trial(tables: dict, document_id: str) -> dict:
    (row,) = _rows(tables, "trials", document_id)
    return {c: row[c] for c in TRIAL_COLS}


# ---------------------------------------------------------------------- recognition
def test_every_format_is_recognised_and_each_study_is_one_document(loose):
    layouts = {d["source_path"]: d["layout"] for d in loose["documents"]}
    assert layouts == {
        "NCT02011223.xml": "ctgov_legacy_xml",
        "NCT05990011.xml": "ctgov_legacy_xml",
        "NCT05990011.json": "ctgov_api_v2_json",
        "v1_full_studies.json#/FullStudiesResponse/FullStudies/0/Study": "ctgov_api_v1_json",
        "v1_full_studies.json#/FullStudiesResponse/FullStudies/1/Study": "ctgov_api_v1_json",
        "v2_studies_page.json#/studies/0": "ctgov_api_v2_json",
        "v2_studies_page.json#/studies/1": "ctgov_api_v2_json",
        PAGE: layouts[PAGE],
    }
    assert not layouts[PAGE].startswith("ctgov_")  # a page stays a page
    assert loose["rejects"] == []


def test_content_not_suffix_decides(tmp_path):
    """A legacy XML record and an API v2 study saved as .txt are read as records."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RECORDS / "NCT05990011.xml", raw / "study_xml.txt")
    shutil.copy(RECORDS / "NCT05990011.json", raw / "study_json.txt")
    t = _run(raw, tmp_path / "out")
    assert {d["layout"] for d in t["documents"]} == {"ctgov_legacy_xml", "ctgov_api_v2_json"}
    assert {r["nct_id"] for r in t["trials"]} == {"NCT05990011"}
    assert all(r["title"].startswith("A Phase 2, Open-label") for r in t["trials"])


# ------------------------------------------------------------------------------ gold
GOLD = load_gold(RECORDS / "gold", root=RECORDS)


@pytest.mark.parametrize("rec", GOLD, ids=[g.stem for g in GOLD])
def test_structured_fields_are_exact(loose, rec):
    doc = _doc(loose, rec.document)
    for table in ("trials", "trial_ids", "dates"):
        s = score_table(table, rec.tables[table], _rows(loose, table, doc))
        assert s.perfect, (table, [i.to_dict() for i in s.issues])


def test_free_text_tables_against_gold(loose):
    """Doses, lab bounds and HER2 criteria come from the extractors over the rendered text;
    they are scored (not required to be perfect: the extractors are not this module's)."""
    for table, floor in (("lab_thresholds", 0.95), ("her2_criteria", 0.9), ("doses", 0.8)):
        total = sum(score_table(table, rec.tables[table], _rows(loose, table, _doc(loose, rec.document)))
                    for rec in GOLD)
        assert total.key.tp > 0 and total.key.f1 >= floor, (table, total.key.to_dict())


# --------------------------------------------------------------- one study, many files
def test_the_same_study_as_xml_and_json_gives_the_same_rows(loose):
    x, j = _doc(loose, "NCT05990011.xml"), _doc(loose, "NCT05990011.json")
    assert x != j  # two renderings, two documents
    assert _trial(loose, x) == _trial(loose, j)
    for table in FACT_TABLES:
        assert _keys(_rows(loose, table, x), table) == _keys(_rows(loose, table, j), table), table


def test_the_same_study_as_a_page_gives_the_same_trial_ids_and_dates(loose):
    rec, page = _doc(loose, "NCT05990011.json"), _doc(loose, PAGE)
    assert _trial(loose, rec) == _trial(loose, page)
    assert _keys(_rows(loose, "trial_ids", rec), "trial_ids") == _keys(_rows(loose, "trial_ids", page), "trial_ids")
    for table in ("doses", "lab_thresholds", "her2_criteria"):
        assert _keys(_rows(loose, table, rec), table) == _keys(_rows(loose, table, page), table), table
    # dates: the same milestones; the page does not say whether its posting dates are actual
    # ("First Posted : August 22, 2023"), the record does (type ACTUAL): only is_estimated differs
    rd = {r["date_type"]: r for r in _rows(loose, "dates", rec)}
    pd = {r["date_type"]: r for r in _rows(loose, "dates", page)}
    assert set(rd) == set(pd)
    for k in rd:
        assert (rd[k]["date"], rd[k]["precision"]) == (pd[k]["date"], pd[k]["precision"]), k
    differ = sorted(k for k in rd if rd[k]["is_estimated"] != pd[k]["is_estimated"])
    assert differ == ["FIRST_POSTED", "LAST_UPDATE_POSTED"]
    assert all(pd[k]["is_estimated"] is None and rd[k]["is_estimated"] is False for k in differ)


def test_is_current_picks_the_newest_last_update(loose):
    rows = [r for r in loose["trials"] if r["nct_id"] == "NCT04411223"]
    assert len(rows) == 2
    current = [r for r in rows if r["is_current"]]
    assert [str(r["last_update_posted"]) for r in current] == ["2024-02-20"]
    assert _doc(loose, "v2_studies_page.json#/studies/1") == current[0]["document_id"]


# --------------------------------------------------------------------- provenance
def test_every_fact_names_its_record_field_and_points_into_the_text(loose):
    texts = {d["document_id"]: (d["text"], d["layout"]) for d in loose["documents"]}
    seen = set()
    for table in FACT_TABLES:
        for r in loose[table]:
            text, layout = texts[r["document_id"]]
            assert 0 <= r["char_start"] < r["char_end"] <= len(text)
            if not layout.startswith("ctgov_"):
                assert r["record_field"] is None
                continue
            assert r["record_field"], (table, r)
            seen.add((table, r["record_field"].split("[")[0]))
            if table == "trial_ids":
                assert text[r["char_start"]:r["char_end"]] == r["id_value"]
    assert ("lab_thresholds", "protocolSection.eligibilityModule.eligibilityCriteria") in seen
    assert ("lab_thresholds", "/clinical_study/eligibility/criteria/textblock") in seen
    assert ("lab_thresholds", "ProtocolSection.EligibilityModule.EligibilityCriteria") in seen
    assert ("dates", "protocolSection.statusModule.startDateStruct.date") in seen
    assert ("trial_ids", "/clinical_study/id_info/nct_id") in seen
    assert ("doses", "protocolSection.armsInterventionsModule.armGroups") in seen


def test_the_rendered_text_is_readable_and_deterministic(loose):
    from extract.ingest import RawPage, make_document

    raw = (RECORDS / "NCT05990011.json").read_bytes()
    a = make_document(RawPage("a.json", raw, "x")).text
    b = make_document(RawPage("b.json", raw, "x")).text
    assert a == b
    assert a.startswith("A Phase 2, Open-label, Randomized Study of ZB-417")
    for line in ("NCT Number: NCT05990011", "Study Start: 2023-11-06 (ACTUAL)", "Enrollment: 140 (ESTIMATED)",
                 "Eligibility Criteria\nInclusion Criteria:", "  * Absolute neutrophil count >= 1.5 x 10^9/L"):
        assert line in a
    xml = make_document(RawPage("a.xml", (RECORDS / "NCT05990011.xml").read_bytes(), "x")).text
    # legacy text blocks are dedented and their hard-wrapped lines joined
    assert "(IHC 1+, or IHC 2+ with negative ISH) on the most recent tumor sample." in xml
    assert "      " not in xml.split("Eligibility Criteria")[0]


# ---------------------------------------------------------------------------- ZIP
def test_the_committed_zip_holds_the_loose_files():
    import zipfile

    from tests.records.make_bulk_zip import MEMBERS

    with zipfile.ZipFile(RECORDS / "bulk.zip") as zf:
        assert sorted(zf.namelist()) == sorted(MEMBERS)
        for name, loose_name in MEMBERS.items():
            assert zf.read(name) == (RECORDS / loose_name).read_bytes(), name


def test_a_zip_gives_the_same_documents_as_the_loose_files(loose, zipped):
    assert sorted(d["source_path"] for d in zipped["documents"]) == [
        "bulk.zip!/NCT0201/NCT02011223.xml",
        "bulk.zip!/NCT0599/NCT05990011.xml",
        "bulk.zip!/json/NCT05990011.json",
        "bulk.zip!/pages/v1_full_studies.json#/FullStudiesResponse/FullStudies/0/Study",
        "bulk.zip!/pages/v1_full_studies.json#/FullStudiesResponse/FullStudies/1/Study",
        "bulk.zip!/pages/v2_studies_page.json#/studies/0",
        "bulk.zip!/pages/v2_studies_page.json#/studies/1",
    ]
    page_doc = _doc(loose, PAGE)
    lz = {(d["document_id"], d["sha256"], d["text"]) for d in loose["documents"] if d["document_id"] != page_doc}
    zz = {(d["document_id"], d["sha256"], d["text"]) for d in zipped["documents"]}
    assert lz == zz
    drop = ("is_current",)
    for table in ("trials",) + FACT_TABLES:
        a = sorted(str({k: v for k, v in r.items() if k not in drop}) for r in loose[table] if r["document_id"] != page_doc)
        b = sorted(str({k: v for k, v in r.items() if k not in drop}) for r in zipped[table])
        assert a == b, table


def test_incremental_runs_notice_changed_members_only(tmp_path):
    import zipfile

    from extract import store

    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    shutil.copy(RECORDS / "bulk.zip", raw / "bulk.zip")
    run_local(raw, out)
    again = run_local(raw, out)
    assert not again.published and not again.added and not again.changed
    state = store.read_state(out)
    assert store.discover(raw, state.hints()).hashed == 0  # unchanged members keep their hash
    # a new download: every member rewritten, one study changed
    members = {}
    with zipfile.ZipFile(raw / "bulk.zip") as zf:
        for name in zf.namelist():
            members[name] = zf.read(name)
    members["NCT0201/NCT02011223.xml"] = members["NCT0201/NCT02011223.xml"].replace(
        b"<overall_status>Completed</overall_status>", b"<overall_status>Terminated</overall_status>")
    (raw / "bulk.zip").unlink()
    with zipfile.ZipFile(raw / "bulk.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(members):
            zf.writestr(name, members[name])
    third = run_local(raw, out)
    assert third.changed == ["bulk.zip!/NCT0201/NCT02011223.xml"]
    assert not third.added and not third.removed
    trials = pq.read_table(out / "trials.parquet").to_pylist()
    assert [r["overall_status"] for r in trials if r["nct_id"] == "NCT02011223"] == ["TERMINATED"]

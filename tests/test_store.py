"""The curated store on real files: incremental runs, determinism, versions of one trial,
duplicates, provenance, recovery from a damaged or half-written folder (issue 6).

Runs go through ``extract.local.run_local`` (the flow's steps without Prefect) with the real
pipeline; the subprocess and SIGKILL tests are in ``test_reliability.py``.
"""
from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from extract import discovery, store
from extract.local import run_local
from extract.ruledata import rule_files
from extract.schema import ALL_TABLES, DOCUMENT_TABLES, SCHEMAS

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "raw").glob("*.txt"))
DOCS = sorted((ROOT / "tests" / "docs").glob("page_*"))
VOLATILE = {"documents": ["ingested_at"], "rejects": ["rejected_at"]}


# ----------------------------------------------------------------------------- helpers
def registry_page(nct: str, title: str, last_update: str | None = None, status: str = "Recruiting",
                  enrollment: int = 40, extra: str = "") -> str:
    """A small registry page in the labelled style (our own text)."""
    lu = f"Last Update Posted: {last_update}\n" if last_update else ""
    return (
        f"{title}\n"
        f"ClinicalTrials.gov ID: {nct}\n"
        "Study Overview\n"
        "Brief Summary: This study looks at whether the study drug is safe and tolerable in adults\n"
        "with advanced solid tumors that have progressed after standard treatment.\n"
        f"Overall Status: {status}\n"
        "Study Type: Interventional\n"
        "Phase: Phase 2\n"
        f"Enrollment: {enrollment} (Estimated)\n"
        f"{lu}"
        "Eligibility Criteria\n"
        "Inclusion Criteria:\n"
        "- Adults aged 18 years or older\n"
        "- Platelets >= 100,000/mm3\n"
        "- Total bilirubin <= 1.5 x ULN\n"
        f"{extra}"
        "Exclusion Criteria:\n"
        "- Known HER2-positive disease\n"
    )


def write(raw: Path, rel: str, text: str | bytes) -> Path:
    p = raw / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return p


def corpus(raw: Path, n_docs: int = 6) -> None:
    """Two seed pages, some team test pages and a few of our own."""
    for p in SEEDS[:2]:
        shutil.copy(p, raw / p.name)
    for p in DOCS[:n_docs]:
        shutil.copy(p, raw / p.name)
    write(raw, "own/alpha.txt", registry_page("NCT05000001", "A Phase 2 Study of Alphamab in Lung Cancer", "2024-02-01"))
    write(raw, "own/beta.txt", registry_page("NCT05000002", "A Study of Betanib in Breast Cancer", "2023-11-15",
                                             extra="- ANC >= 1.5 x 10^9/L\n"))
    write(raw, "own/gamma.txt", registry_page("NCT05000003", "Gammacel for Gastric Cancer", None, enrollment=12))


def stable_tables(out: Path) -> dict[str, pa.Table]:
    """Every table of the published version except ``runs``, without run-time stamps."""
    vdir = store.snapshot_dir(out)
    assert vdir is not None
    res = {}
    for t in ALL_TABLES:
        if t == "runs":
            continue
        tab = pq.read_table(vdir / f"{t}.parquet")
        res[t] = tab.drop_columns(VOLATILE.get(t, []))
    return res


def assert_same_tables(a: dict[str, pa.Table], b: dict[str, pa.Table]) -> None:
    assert a.keys() == b.keys()
    for t in a:
        assert a[t].num_rows == b[t].num_rows, t
        assert a[t].equals(b[t]), f"table {t} differs:\n{a[t].to_pandas().compare(b[t].to_pandas())}"


def tree(out: Path) -> dict[str, tuple]:
    """What is on disk: path -> (inode, size, mtime_ns); symlinks by their target."""
    res = {}
    for p in sorted(out.rglob("*")):
        if p.name == ".lock":
            continue
        rel = p.relative_to(out).as_posix()
        st = p.lstat()
        res[rel] = (os.readlink(p),) if p.is_symlink() else (st.st_ino, st.st_size, st.st_mtime_ns)
    return res


def rows_of(out: Path, table: str) -> list[dict]:
    return pq.read_table(store.snapshot_dir(out) / f"{table}.parquet").to_pylist()


@pytest.fixture
def dirs(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "curated"
    raw.mkdir()
    return raw, out


# ------------------------------------------------------------------------- incremental
def test_incremental_add_change_remove_unchanged(dirs, tmp_path):
    raw, out = dirs
    corpus(raw)
    s1 = run_local(raw, out)
    paths = sorted(p.relative_to(raw).as_posix() for p in raw.rglob("*") if p.is_file())
    assert s1.published and s1.added == paths and not (s1.changed or s1.removed) and s1.unchanged == 0
    assert [r for r in rows_of(out, "rejects")] == []
    docs1 = {d["source_path"]: d for d in rows_of(out, "documents")}
    assert sorted(docs1) == paths

    # a no-change re-run rewrites nothing at all
    before = tree(out)
    s2 = run_local(raw, out)
    assert not s2.published and s2.unchanged == len(paths) and not (s2.added or s2.changed or s2.removed)
    assert s2.run_id == s1.run_id and "nothing written" in s2.render()
    assert tree(out) == before

    # change one page, remove one, add one
    write(raw, "own/alpha.txt", registry_page("NCT05000001", "A Phase 2 Study of Alphamab in Lung Cancer",
                                              "2024-05-01", status="Completed"))
    (raw / "own/beta.txt").unlink()
    write(raw, "own/delta page.txt", registry_page("NCT05000004", "Deltamab Versus Placebo in Melanoma", "2024-01-01"))
    s3 = run_local(raw, out)
    assert s3.published
    assert (s3.added, s3.changed, s3.removed) == (["own/delta page.txt"], ["own/alpha.txt"], ["own/beta.txt"])
    assert s3.unchanged == len(paths) - 2
    for word in ("1 added", "1 changed", "1 removed", f"{len(paths) - 2} unchanged"):
        assert word in s3.render()

    docs3 = {d["source_path"]: d for d in rows_of(out, "documents")}
    assert "own/beta.txt" not in docs3 and "own/delta page.txt" in docs3
    gone = {docs1["own/beta.txt"]["document_id"], docs1["own/alpha.txt"]["document_id"]}
    for t in DOCUMENT_TABLES:
        ids = {r["document_id"] for r in rows_of(out, t)}
        assert not ids & gone, f"{t} still holds rows of a removed or replaced page"
    # the changed page's rows are replaced
    alpha = [t for t in rows_of(out, "trials") if t["nct_id"] == "NCT05000001"]
    assert len(alpha) == 1 and alpha[0]["overall_status"] == "COMPLETED"
    # unchanged pages were carried over, not extracted again (their ingestion time is run 1's)
    for sp in set(paths) - {"own/alpha.txt", "own/beta.txt"}:
        assert docs3[sp]["ingested_at"] == docs1[sp]["ingested_at"]
        assert docs3[sp]["document_id"] == docs1[sp]["document_id"]

    # the incremental state is exactly what a fresh run over the same pages gives
    fresh = tmp_path / "fresh"
    run_local(raw, fresh)
    assert_same_tables(stable_tables(out), stable_tables(fresh))

    # provenance: one runs row per published run
    runs = rows_of(out, "runs")
    assert [r["run_id"] for r in runs] == [s1.run_id, s3.run_id]
    r3 = runs[-1]
    assert (r3["n_added"], r3["n_changed"], r3["n_removed"], r3["n_unchanged"]) == (1, 1, 1, len(paths) - 2)
    assert r3["started_at"] <= r3["finished_at"] and r3["pipeline_version"] and r3["schema_version"]
    assert sorted(k for k, _ in r3["rule_hashes"]) == rule_files()
    assert all(len(v) == 64 for _, v in r3["rule_hashes"])
    counts = dict(r3["table_counts"])
    for t in ALL_TABLES:
        if t != "runs":
            assert counts[t] == len(rows_of(out, t)), t
    assert r3["n_rejects"] == len(rows_of(out, "rejects"))
    manifest = json.loads((out / "_manifest.json").read_text())
    assert manifest["run_id"] == s3.run_id and manifest["tables"]["runs"] == 2


def test_rejected_pages_are_carried_over_and_retried_when_their_bytes_change(dirs):
    raw, out = dirs
    write(raw, "ok.txt", registry_page("NCT05000010", "Okamab in Adults", "2024-01-01"))
    write(raw, "empty.txt", b"")
    big = write(raw, "big.txt", registry_page("NCT05000011", "Bigimab Long Page", "2024-01-01") * 3)
    limit = big.stat().st_size - 1
    s1 = run_local(raw, out, max_bytes=limit)
    rej = {r["source_path"]: r for r in rows_of(out, "rejects")}
    assert {k: v["reason"] for k, v in rej.items()} == {"big.txt": "too_large", "empty.txt": "empty"}
    assert rej["big.txt"]["sha256"] == store.sha256_file(big)
    assert sorted(s1.added) == ["big.txt", "empty.txt", "ok.txt"] and len(s1.rejects) == 2

    before = tree(out)
    s2 = run_local(raw, out, max_bytes=limit)
    assert not s2.published and s2.unchanged == 3 and tree(out) == before

    # a raised limit retries the too-large page; a fixed page is extracted
    write(raw, "empty.txt", registry_page("NCT05000012", "Filled Page Study", "2024-01-01"))
    s3 = run_local(raw, out, max_bytes=limit + 10)
    assert s3.changed == ["empty.txt"] and s3.reprocessed == ["big.txt"]
    assert rows_of(out, "rejects") == []
    assert {t["nct_id"] for t in rows_of(out, "trials")} == {"NCT05000010", "NCT05000011", "NCT05000012"}


# ------------------------------------------------------------------------ determinism
def test_same_rows_whatever_batch_size_file_order_and_workers(dirs, tmp_path, monkeypatch):
    raw, out = dirs
    corpus(raw, n_docs=12)
    write(raw, "copy/alpha again.txt", (raw / "own/alpha.txt").read_bytes())  # a duplicate
    write(raw, "zz_empty.txt", b"\n\n")  # a reject
    run_local(raw, out, batch_size=250)
    ref = stable_tables(out)
    assert ref["documents"].num_rows >= 15 and ref["rejects"].num_rows == 2
    assert ref["documents"]["source_path"].to_pylist() == sorted(ref["documents"]["source_path"].to_pylist())

    run_local(raw, tmp_path / "b1", batch_size=1)
    assert_same_tables(ref, stable_tables(tmp_path / "b1"))

    real_discover = store.discover

    def shuffled(raw_dir, hints=None):
        found = real_discover(raw_dir, hints)
        random.Random(7).shuffle(found.pages)
        found.pages.reverse()
        return found

    monkeypatch.setattr(store, "discover", shuffled)
    run_local(raw, tmp_path / "shuffled", batch_size=3)
    assert_same_tables(ref, stable_tables(tmp_path / "shuffled"))
    monkeypatch.undo()

    run_local(raw, tmp_path / "workers", batch_size=4, workers=2)
    assert_same_tables(ref, stable_tables(tmp_path / "workers"))

    # document_id depends on the normalized text only: same page elsewhere, other line ends
    other = tmp_path / "raw2"
    write(other, "renamed.txt", (raw / "own/gamma.txt").read_text().replace("\n", "\r\n"))
    run_local(other, tmp_path / "other")
    gid = {d["source_path"]: d["document_id"] for d in rows_of(out, "documents")}["own/gamma.txt"]
    assert [d["document_id"] for d in rows_of(tmp_path / "other", "documents")] == [gid]


# ----------------------------------------------------------------- versions and dups
def test_versions_of_one_trial_are_kept_and_the_newest_is_current(dirs):
    raw, out = dirs
    nct = "NCT05000020"
    write(raw, "v/old.txt", registry_page(nct, "Versionmab Study", "2024-01-10", enrollment=30))
    write(raw, "v/new.txt", registry_page(nct, "Versionmab Study", "2024-06-01", enrollment=60))
    write(raw, "v/undated.txt", registry_page(nct, "Versionmab Study", None, enrollment=90))
    write(raw, "other.txt", registry_page("NCT05000021", "Unrelated Study", "2020-01-01"))
    run_local(raw, out)

    def current() -> dict[str, list]:
        docs = {d["document_id"]: d["source_path"] for d in rows_of(out, "documents")}
        res: dict[str, list] = {}
        for t in rows_of(out, "trials"):
            res.setdefault(t["nct_id"], []).append((docs[t["document_id"]], t["is_current"]))
        return {k: sorted(v) for k, v in res.items()}

    assert current() == {
        nct: [("v/new.txt", True), ("v/old.txt", False), ("v/undated.txt", False)],
        "NCT05000021": [("other.txt", True)],
    }
    # same last update as the current one, ingested later: the newer ingestion wins
    write(raw, "v/a_reissue.txt", registry_page(nct, "Versionmab Study", "2024-06-01", enrollment=61))
    run_local(raw, out)
    assert current()[nct] == [("v/a_reissue.txt", True), ("v/new.txt", False), ("v/old.txt", False),
                              ("v/undated.txt", False)]
    # the current version goes away: the next newest becomes current again
    (raw / "v/a_reissue.txt").unlink()
    (raw / "v/new.txt").unlink()
    run_local(raw, out)
    assert current()[nct] == [("v/old.txt", True), ("v/undated.txt", False)]
    assert len(rows_of(out, "documents")) == 3


def test_duplicate_text_is_one_document_until_its_twin_goes_away(dirs):
    raw, out = dirs
    text = registry_page("NCT05000030", "Twinmab Study", "2024-01-01")
    write(raw, "b_twin.txt", text)
    run_local(raw, out)
    write(raw, "a_twin.txt", text.replace("\n", "\r\n"))  # other bytes, same normalized text
    s = run_local(raw, out)
    assert s.added == ["a_twin.txt"]
    docs = rows_of(out, "documents")
    assert [d["source_path"] for d in docs] == ["a_twin.txt"]  # the first path wins
    rej = rows_of(out, "rejects")
    assert [(r["source_path"], r["reason"], r["document_id"]) for r in rej] == [
        ("b_twin.txt", "duplicate", docs[0]["document_id"])]
    assert len(rows_of(out, "trials")) == 1 and len(rows_of(out, "lab_thresholds")) >= 1
    before = tree(out)
    assert not run_local(raw, out).published and tree(out) == before
    # the kept twin is removed: the duplicate is extracted again and becomes the document
    (raw / "a_twin.txt").unlink()
    s = run_local(raw, out)
    assert s.removed == ["a_twin.txt"] and s.reprocessed == ["b_twin.txt"]
    assert [d["source_path"] for d in rows_of(out, "documents")] == ["b_twin.txt"]
    assert rows_of(out, "rejects") == [] and len(rows_of(out, "trials")) == 1


# ------------------------------------------------------------- pipeline and file hints
def test_a_changed_pipeline_reextracts_every_page(dirs, monkeypatch):
    raw, out = dirs
    corpus(raw, n_docs=2)
    write(raw, "empty.txt", b"")
    run_local(raw, out)
    ref = stable_tables(out)
    monkeypatch.setattr(store, "pipeline_fingerprint", lambda: "another-pipeline")
    s = run_local(raw, out)
    assert s.published and s.reason and "another-pipeline" in s.reason
    assert len(s.reprocessed) == s.unchanged == ref["documents"].num_rows + 1
    assert_same_tables(ref, stable_tables(out))
    assert store.current_manifest(out)["fingerprint"] == "another-pipeline"
    assert not run_local(raw, out).published


def test_stat_hints_skip_hashing_but_never_hide_a_change(dirs, monkeypatch):
    raw, out = dirs
    monkeypatch.setattr(discovery, "HINT_MARGIN_NS", 0)
    a = write(raw, "a.txt", registry_page("NCT05000040", "Hintmab Study", "2024-01-01", status="Recruiting"))
    write(raw, "b.txt", registry_page("NCT05000041", "Other Hint Study", "2024-01-01"))
    s1 = run_local(raw, out)
    assert s1.hashed == 2
    s2 = run_local(raw, out)
    assert not s2.published and s2.hashed == 0  # both hints trusted: nothing read
    # same size, same mtime, other bytes: the ctime gives it away
    st = a.stat()
    a.write_text(a.read_text().replace("Recruiting", "Terminated"))
    os.utime(a, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (a.stat().st_size, a.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    s3 = run_local(raw, out)
    assert s3.changed == ["a.txt"] and s3.hashed == 1
    assert {t["nct_id"]: t["overall_status"] for t in rows_of(out, "trials")}["NCT05000040"] == "TERMINATED"
    # a file replaced by another one (new inode) with identical metadata is hashed too
    tmp = raw / "a.new"
    tmp.write_bytes(a.read_bytes())
    os.replace(tmp, a)
    s4 = run_local(raw, out)
    assert s4.hashed == 1 and not s4.published  # same bytes: still unchanged


# ----------------------------------------------------------------- ad hoc and recovery
def test_ad_hoc_ingest_of_named_files_keeps_the_other_pages(dirs, tmp_path):
    raw, out = dirs
    corpus(raw, n_docs=1)
    run_local(raw, out)
    n = len(rows_of(out, "documents"))
    extra = write(tmp_path / "inbox", "new page.txt", registry_page("NCT05000050", "Inbox Study", "2024-01-01"))
    s = run_local(".", out, files=[str(extra)])
    assert s.added == [str(extra)] and not s.removed
    assert len(rows_of(out, "documents")) == n + 1
    # a regular run over raw/ retires the ad hoc page again (raw/ is the truth)
    s = run_local(raw, out)
    assert s.removed == [str(extra)] and len(rows_of(out, "documents")) == n


def test_a_damaged_published_state_is_rebuilt_in_full(dirs, tmp_path):
    raw, out = dirs
    corpus(raw, n_docs=2)
    run_local(raw, out)
    ref = stable_tables(out)
    vdir = store.snapshot_dir(out)
    (vdir / "dates.parquet").unlink()  # lost table
    assert store.read_state(out) is None
    s = run_local(raw, out)
    assert s.published and len(s.added) == ref["documents"].num_rows
    assert_same_tables(ref, stable_tables(out))
    # a truncated table file is caught by its footer / row count
    vdir = store.snapshot_dir(out)
    data = (vdir / "trials.parquet").read_bytes()
    (vdir / "trials.parquet").write_bytes(data[: len(data) // 2])
    assert store.read_state(out) is None
    assert run_local(raw, out).published
    assert_same_tables(ref, stable_tables(out))


def test_leftovers_of_crashed_runs_are_removed_and_old_versions_pruned(dirs):
    raw, out = dirs
    write(raw, "a.txt", registry_page("NCT05000060", "Pruning Study", "2024-01-01"))
    run_local(raw, out)
    half = out / store.VERSIONS / "20990101T000000000000Z-dead00"
    half.mkdir()
    (half / "trials.parquet").write_bytes(b"PAR1 half written")
    (out / ".trials.parquet.1234.lnk").symlink_to("nowhere")
    (out / "._manifest.json.abc.tmp").write_text("{")
    (out / "doses.parquet").unlink()  # a stable link lost in a crash after the swap
    for i in range(5):
        write(raw, "a.txt", registry_page("NCT05000060", "Pruning Study", f"2024-01-0{i + 2}"))
        run_local(raw, out)
    versions = sorted(p.name for p in (out / store.VERSIONS).iterdir())
    assert len(versions) == store.KEEP_VERSIONS and half.name not in versions
    assert store.snapshot_dir(out).name in versions
    assert not list(out.glob(".*.tmp")) and not list(out.glob(".*.lnk"))
    for t in ALL_TABLES:
        assert os.readlink(out / f"{t}.parquet") == f"current/{t}.parquet"
        assert pq.read_table(out / f"{t}.parquet").schema.equals(SCHEMAS[t], check_metadata=False)


def test_a_state_written_with_another_schema_is_rebuilt_and_keeps_its_run_history(dirs, monkeypatch):
    from extract import schema

    raw, out = dirs
    write(raw, "a.txt", registry_page("NCT05000070", "Schemamab Study", "2024-01-01"))
    first = run_local(raw, out)
    # the next version of the project adds a column to trials
    wider = SCHEMAS["trials"].append(pa.field("arm_count", pa.int32()))
    monkeypatch.setitem(schema.SCHEMAS, "trials", wider)
    assert store.read_state(out) is None  # not misread with the new schema
    s = run_local(raw, out)
    assert s.published and s.added == ["a.txt"]
    assert pq.read_table(out / "trials.parquet").schema.names == wider.names
    assert [r["run_id"] for r in rows_of(out, "runs")] == [first.run_id, s.run_id]
    assert not run_local(raw, out).published


def test_ad_hoc_ingest_after_a_pipeline_change_leaves_the_others_for_the_next_full_run(dirs, tmp_path, monkeypatch):
    raw, out = dirs
    write(raw, "a.txt", registry_page("NCT05000080", "Stalemab Study", "2024-01-01"))
    write(raw, "b.txt", registry_page("NCT05000081", "Freshmab Study", "2024-01-01"))
    run_local(raw, out)
    old = store.current_manifest(out)["fingerprint"]
    monkeypatch.setattr(store, "pipeline_fingerprint", lambda: "new-pipeline")
    monkeypatch.chdir(raw)  # named as in raw/: the same source_path
    s = run_local(".", out, files=["b.txt"])
    assert s.reprocessed == ["b.txt"] and "next full run" in s.reason
    assert store.current_manifest(out)["fingerprint"] == old  # a.txt still has rows of the old pipeline
    s = run_local(raw, out)
    assert s.reprocessed == ["a.txt", "b.txt"] and store.current_manifest(out)["fingerprint"] == "new-pipeline"

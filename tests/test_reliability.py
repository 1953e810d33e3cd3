"""Reliability on real processes and real files (issue 6): SIGKILL at any point of a run,
readers during publication, one run at a time, bad input that never stops a run.

Subprocesses run ``python -m extract.local RAW OUT`` (the flow's steps without Prefect);
one test runs the installed ``trial-extract`` CLI for its exit code. The test-only hook
``TRIAL_EXTRACT_TEST_HOLD=<fifo>`` (``extract.testhook``) makes a run announce every checkpoint
(planned, each page's extraction, each publication step) on stderr and wait there until the
test releases it through the FIFO: a kill lands exactly at the step named, whatever the load.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from extract import store, testhook
from extract.ingest import document_id_for, normalize_text
from extract.local import run_local
from extract.pipeline import build_nlp
from extract.schema import ALL_TABLES

from test_store import SEEDS, assert_same_tables, registry_page, rows_of, stable_tables, tree, write

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


@pytest.fixture(autouse=True)
def _fresh_fingerprint():
    """Subprocesses hash the code as it is on disk now; so does this process, per test."""
    store.pipeline_fingerprint.cache_clear()


def spawn(raw: Path, out: Path, *args: str, hold: Path | None = None) -> subprocess.Popen:
    env = dict(os.environ)
    env.pop(testhook.HOLD, None)
    if hold is not None:
        env[testhook.HOLD] = str(hold)
    return subprocess.Popen([sys.executable, "-m", "extract.local", str(raw), str(out), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)


class HeldRun:
    """A run that stops at every checkpoint until the test releases it (or kills it there)."""

    def __init__(self, raw: Path, out: Path, tmp: Path, *args: str, timeout: float = 120):
        self.fifo = tmp / f"hold-{os.urandom(4).hex()}"
        os.mkfifo(self.fifo)
        self.proc = spawn(raw, out, *args, hold=self.fifo)
        self.gate = None
        self.seen: list[str] = []
        self.watchdog = threading.Timer(timeout, self.proc.kill)  # a hung run fails, never hangs
        self.watchdog.start()

    def next_checkpoint(self) -> str | None:
        """The run is parked at the returned checkpoint (None: it ended)."""
        for line in self.proc.stderr:
            if line.startswith("[checkpoint] "):
                self.seen.append(line[13:].strip())
                return self.seen[-1]
        return None

    def release(self) -> None:
        if self.gate is None:
            self.gate = open(self.fifo, "w", encoding="utf-8")  # the run opens its end at once
        self.gate.write("go\n")
        self.gate.flush()

    def run_to(self, step: str) -> list[str]:
        """Release checkpoints until the run is parked at ``step``; the steps seen."""
        while (name := self.next_checkpoint()) != step:
            if name is None:
                raise AssertionError(f"the run ended without reaching {step!r}; seen: {self.seen}")
            self.release()
        return self.seen

    def kill(self) -> None:
        sigkill(self.proc)
        self.close()

    def finish(self, timeout: float = 120) -> tuple[str, str]:
        """Let the run go free to its end."""
        if self.gate is None:
            self.gate = open(self.fifo, "w", encoding="utf-8")
        self.close()
        o, e = self.proc.communicate(timeout=timeout)
        self.watchdog.cancel()
        return o, e

    def close(self) -> None:
        self.watchdog.cancel()
        if self.gate is not None:
            try:
                self.gate.close()  # EOF: every later checkpoint passes
            except BrokenPipeError:
                pass
            self.gate = None


def sigkill(proc: subprocess.Popen) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait(10) == -signal.SIGKILL


def assert_readable_and_complete(out: Path) -> str:
    """What an analyst sees: every table readable at its stable path, counts as in the manifest
    of one version. Returns that version's run id."""
    m = store.current_manifest(out)
    assert m is not None
    for t in ALL_TABLES:
        df = pd.read_parquet(out / f"{t}.parquet")
        assert len(df) == m["tables"][t], t
        assert len(pd.read_parquet(store.snapshot_dir(out) / f"{t}.parquet")) == m["tables"][t]
    return m["run_id"]


def small_corpus(raw: Path) -> None:
    for p in SEEDS[:2]:
        shutil.copy(p, raw / p.name)
    write(raw, "a.txt", registry_page("NCT06000001", "Killmab in Adults With Lung Cancer", "2024-01-01"))
    write(raw, "b.txt", registry_page("NCT06000002", "Crashinib in Breast Cancer", "2024-02-01"))
    write(raw, "c.txt", registry_page("NCT06000003", "Recoverumab in Melanoma", "2024-03-01"))


def change_corpus(raw: Path) -> None:
    write(raw, "a.txt", registry_page("NCT06000001", "Killmab in Adults With Lung Cancer", "2024-05-01",
                                      status="Completed"))
    (raw / "b.txt").unlink()
    write(raw, "d.txt", registry_page("NCT06000004", "Newcomab in Sarcoma", "2024-04-01"))


# ------------------------------------------------------------------------ SIGKILL
KILL_POINTS = [
    "run planned",  # lock held and the plan made, nothing extracted
    "extract a.txt",  # extraction started: the first changed page
    "extract d.txt",  # mid-extraction: a.txt extracted (in memory only), d.txt not yet
    "publish version folder",  # extraction done, nothing written yet
    "publish write trials",  # some tables of the new version written
    "publish rename dates.parquet",  # a table in its temp file, not yet renamed
    "publish version manifest",  # every table written, the version not marked complete
    "publish swap current",  # the version complete, not yet published
]


@pytest.mark.parametrize("step", KILL_POINTS)
def test_sigkill_mid_run_leaves_the_last_state_and_the_next_run_recovers(tmp_path, step):
    raw, out = tmp_path / "raw", tmp_path / "curated"
    raw.mkdir()
    small_corpus(raw)
    first = run_local(raw, out)
    before = stable_tables(out)
    change_corpus(raw)

    run = HeldRun(raw, out, tmp_path)
    seen = run.run_to(step)
    run.kill()
    # the kill landed where it was meant to: extraction steps before any publication step
    assert seen[0] == "run planned" and seen[-1] == step
    if not step.startswith("publish"):
        assert not [x for x in seen if x.startswith("publish")], seen

    assert assert_readable_and_complete(out) == first.run_id  # the last published state, untouched
    assert_same_tables(before, stable_tables(out))
    # the killed run's lock died with it: the next run starts at once and recovers by itself
    s = run_local(raw, out, lock_timeout=0)
    assert s.published and s.changed == ["a.txt"] and s.removed == ["b.txt"] and s.added == ["d.txt"]
    assert assert_readable_and_complete(out) == s.run_id
    run_local(raw, tmp_path / "fresh")
    assert_same_tables(stable_tables(tmp_path / "fresh"), stable_tables(out))
    versions = [v for v in (out / store.VERSIONS).iterdir()]
    assert all((v / store.MANIFEST).exists() for v in versions), "an incomplete version was left behind"
    assert not [p for p in out.rglob(".*") if p.name != ".lock"], "temp files were left behind"
    assert [r["run_id"] for r in rows_of(out, "runs")] == [first.run_id, s.run_id]


def test_the_run_announces_every_checkpoint_in_order(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "curated"
    raw.mkdir()
    small_corpus(raw)
    run_local(raw, out)
    change_corpus(raw)
    run = HeldRun(raw, out, tmp_path)
    seen = run.run_to("publish done")
    o, e = run.finish()
    assert run.proc.returncode == 0, e
    assert seen[:3] == ["run planned", "extract a.txt", "extract d.txt"]
    for step in KILL_POINTS:
        assert step in seen, step
    assert seen.index("publish version manifest") < seen.index("publish swap current") < seen.index("publish done")


def test_sigkill_after_the_swap_keeps_the_new_state(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "curated"
    raw.mkdir()
    small_corpus(raw)
    run_local(raw, out)
    change_corpus(raw)
    run = HeldRun(raw, out, tmp_path)
    run.run_to("publish done")
    run.kill()
    run_id = assert_readable_and_complete(out)
    assert "NCT06000004" in {t["nct_id"] for t in rows_of(out, "trials")}
    before = tree(out)
    s = run_local(raw, out)
    assert not s.published, s.reason
    assert s.run_id == run_id and tree(out) == before


def test_sigkill_during_the_first_publication_before_the_links_is_repaired(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "curated"
    raw.mkdir()
    small_corpus(raw)
    run = HeldRun(raw, out, tmp_path)
    run.run_to("publish link documents")  # current swapped, no stable link made yet
    run.kill()
    assert store.current_manifest(out) is not None and not (out / "documents.parquet").exists()
    s = run_local(raw, out)  # nothing to extract again, but the links are repaired
    assert not s.published and s.unchanged == 5
    assert_readable_and_complete(out)


def test_readers_never_see_half_a_table_or_two_runs(tmp_path):
    """A reader at every step of a publication (the run held there while it reads) and a
    reader thread polling all along: always whole tables of one run."""
    raw, out = tmp_path / "raw", tmp_path / "curated"
    raw.mkdir()
    small_corpus(raw)
    first = run_local(raw, out)
    change_corpus(raw)
    run = HeldRun(raw, out, tmp_path)
    seen_runs, errors, n_reads = set(), [], [0]

    def read_once():
        try:
            run_id, tables = store.read_snapshot(out)
            counts = {t: len(df) for t, df in tables.items()}
            manifest = store.read_manifest(out / store.VERSIONS / run_id)
            if counts != manifest["tables"] or set(tables["runs"]["run_id"]) - {first.run_id, run_id}:
                errors.append((run_id, counts, manifest["tables"]))
            for t in ALL_TABLES:  # the stable paths: always a whole table of some run
                pd.read_parquet(out / f"{t}.parquet")
            seen_runs.add(run_id)
            n_reads[0] += 1
        except Exception as e:  # noqa: BLE001  (any failure to read is what we look for)
            errors.append(repr(e))

    def poll():
        while run.proc.poll() is None:
            read_once()

    th = threading.Thread(target=poll)
    th.start()
    held_at = []
    while (step := run.next_checkpoint()) is not None:
        if step.startswith("publish"):
            read_once()
            held_at.append(step)
        run.release()
    out_text, err_text = run.finish()
    th.join()
    assert run.proc.returncode == 0, err_text
    assert not errors, errors[:3]
    assert "publish swap current" in held_at and "publish done" in held_at
    assert len(held_at) > 10 and first.run_id in seen_runs and len(seen_runs) == 2
    assert_readable_and_complete(out)


# --------------------------------------------------------------------- one at a time
def test_a_second_run_exits_with_a_clear_message_or_waits_never_interleaves(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "curated"
    raw.mkdir()
    small_corpus(raw)
    holder = HeldRun(raw, out, tmp_path)
    holder.run_to("publish version folder")  # it holds the lock and is publishing

    busy = spawn(raw, out)
    o, e = busy.communicate(timeout=60)
    assert busy.returncode == 3, (o, e)
    assert "another trial-extract run" in e and f"pid {holder.proc.pid}" in e and "--lock-timeout" in e
    assert store.current_manifest(out) is None  # the refused run wrote nothing

    write(raw, "late.txt", registry_page("NCT06000009", "Latecomab Study", "2024-06-01"))
    waiter = spawn(raw, out, "--lock-timeout", "120")
    o_h, e_h = holder.finish()
    o_w, e_w = waiter.communicate(timeout=120)
    assert holder.proc.returncode == 0 and waiter.returncode == 0, (e_h, e_w)
    runs = rows_of(out, "runs")
    assert len(runs) == 2 and runs[0]["finished_at"] <= runs[1]["started_at"]  # one after the other
    assert runs[1]["n_added"] == 1 and runs[1]["n_unchanged"] == 5
    assert "late.txt" in o_w
    assert_readable_and_complete(out)
    run_local(raw, tmp_path / "fresh")
    assert_same_tables(stable_tables(tmp_path / "fresh"), stable_tables(out))


def test_cli_exits_3_when_the_folder_is_locked(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "curated"
    raw.mkdir()
    write(raw, "a.txt", registry_page("NCT06000011", "Lockmab Study", "2024-01-01"))
    with store.run_lock(out):
        t = time.monotonic()
        r = subprocess.run([str(BIN / "trial-extract"), "run", "--raw", str(raw), "--out", str(out),
                            "--lock-timeout", "1"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 3, (r.stdout, r.stderr)
    assert "another trial-extract run" in r.stderr and f"pid {os.getpid()}" in r.stderr
    assert time.monotonic() - t >= 1.0  # it waited for the lock timeout first
    assert store.current_manifest(out) is None


def test_a_killed_lock_holder_never_leaves_the_lock_stuck(tmp_path):
    out = tmp_path / "curated"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom extract import store\n"
         "with store.run_lock(sys.argv[1]):\n    print('locked', flush=True)\n    time.sleep(600)\n", str(out)],
        stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    with pytest.raises(store.LockBusy, match=f"pid {holder.pid}"):
        with store.run_lock(out, timeout=0.3):
            pass
    sigkill(holder)
    with store.run_lock(out, timeout=0):  # released by the kernel with the process
        assert (out / ".lock").read_text().startswith(f"pid {os.getpid()} ")


# ------------------------------------------------------------------------ bad input
def bad_corpus(raw: Path, elsewhere: Path) -> dict[str, str]:
    """Every kind of bad input beside good pages; returns {source_path: expected reason}."""
    import io
    import zipfile

    shutil.copy(SEEDS[0], raw / SEEDS[0].name)
    write(raw, "good.txt", registry_page("NCT06000021", "Goodmab in Adults", "2024-01-01"))
    write(raw, "études cliniques/página uno – ü.txt", registry_page("NCT06000022", "Unicodumab Study", "2024-01-01"))
    write(raw, "with spaces/a page.md", registry_page("NCT06000023", "Spacemab Study", "2024-01-01"))
    write(raw, "utf16 no bom.txt", registry_page("NCT06000024", "Sixteenmab Study", "2024-01-01").encode("utf-16-le"))
    (raw / os.fsdecode(b"latin1-name-caf\xe9.txt")).write_text(
        registry_page("NCT06000025", "Bytenamemab Study", "2024-01-01"))
    expected = {
        "empty.txt": "empty", "blank.txt": "empty", "report.txt": "binary", "scan.txt": "binary",
        "bundle.txt": "binary", "noise.txt": "undecodable", "big.txt": "too_large", "huge.txt": "too_large",
        "cookie banner.txt": "not_a_registry_page", "notes.pdf": "unsupported_type",
        "outside.txt": "symlink_outside_raw", "outside_dir": "symlink_outside_raw", "z_alias.txt": "duplicate",
    }
    write(raw, "empty.txt", b"")
    write(raw, "blank.txt", b"  \r\n\t\n")
    write(raw, "report.txt", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n")
    write(raw, "scan.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00\x00\x00")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("page.txt", registry_page("NCT06000026", "Zipmab", "2024-01-01"))
    write(raw, "bundle.txt", buf.getvalue())
    write(raw, "noise.txt", hashlib.shake_256(b"noise").digest(30000).replace(b"\x00", b"\x01"))
    write(raw, "big.txt", registry_page("NCT06000027", "Bigmab Study", "2024-01-01") * 100)  # ~80 KB
    with open(raw / "huge.txt", "wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # sparse: 200 MB on paper, no disk
    write(raw, "cookie banner.txt",
          "Skip to main content\nWe use cookies to improve your experience on our website.\n"
          "Accept all cookies | Reject non-essential | Cookie settings\nHome | About us | Contact | Sign in\n"
          "Privacy policy | Terms of use | Accessibility\n© 2024 Example Health Network. All rights reserved.\n")
    write(raw, "notes.pdf", b"%PDF-1.4\n")
    write(elsewhere, "secret page.txt", registry_page("NCT06000028", "Outsidemab Study", "2024-01-01"))
    (raw / "outside.txt").symlink_to(elsewhere / "secret page.txt")
    (raw / "outside_dir").symlink_to(elsewhere, target_is_directory=True)
    (raw / "z_alias.txt").symlink_to(raw / "good.txt")  # inside raw/: followed (and a duplicate)
    os.mkfifo(raw / "pipe.txt")  # never opened: a run must not hang on it
    return expected


def test_bad_input_goes_to_rejects_with_its_reason_and_the_run_succeeds(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "curated"
    raw.mkdir()
    expected = bad_corpus(raw, tmp_path / "elsewhere")
    proc = spawn(raw, out, "--max-bytes", "40000")
    o, e = proc.communicate(timeout=120)
    assert proc.returncode == 0, e
    rejects = {r["source_path"]: r for r in rows_of(out, "rejects")}
    assert {k: r["reason"] for k, r in rejects.items()} == expected
    for sp, r in rejects.items():
        assert r["detail"] and r["rejected_at"] is not None, sp
        if sp not in ("outside.txt", "outside_dir"):
            assert r["sha256"] and len(r["sha256"]) == 64, sp  # rejects name the bytes they refused
    assert "not followed" in rejects["outside.txt"]["detail"]
    assert rejects["huge.txt"]["sha256"] == hashlib.sha256(bytes(200 * 1024 * 1024)).hexdigest()
    docs = {d["source_path"]: d for d in rows_of(out, "documents")}
    assert sorted(docs) == sorted([SEEDS[0].name, "good.txt", "études cliniques/página uno – ü.txt",
                                   "with spaces/a page.md", "utf16 no bom.txt", "latin1-name-caf\\xe9.txt"])
    ncts = {t["nct_id"] for t in rows_of(out, "trials")}
    assert {"NCT06000021", "NCT06000022", "NCT06000023", "NCT06000024", "NCT06000025"} <= ncts
    assert "NCT06000028" not in ncts  # the page behind the outside symlink was never read
    for word in ("rejected huge.txt: too_large", "rejected noise.txt: undecodable"):
        assert word in o
    # the same folder again: nothing changed, nothing written, still a success
    before = tree(out)
    proc = spawn(raw, out, "--max-bytes", "40000")
    o, e = proc.communicate(timeout=120)
    assert proc.returncode == 0 and "nothing written" in o, o + e
    assert tree(out) == before


def test_an_extractor_that_raises_costs_only_its_page(tmp_path, monkeypatch):
    raw, out = tmp_path / "raw", tmp_path / "curated"
    raw.mkdir()
    crash = registry_page("NCT06000031", "Crashmab Study", "2024-01-01")
    write(raw, "1.txt", registry_page("NCT06000030", "Before Study", "2024-01-01"))
    write(raw, "2.txt", crash)
    write(raw, "3.txt", registry_page("NCT06000032", "After Study", "2024-01-01"))
    comp = build_nlp().get_pipe("lab_thresholds")
    real = comp.extract

    def exploding(text, layout, abbreviations):
        if "Crashmab" in text:
            raise ZeroDivisionError("the lab extractor divided by zero")
        return real(text, layout, abbreviations)

    monkeypatch.setattr(comp, "extract", exploding)
    s = run_local(raw, out, batch_size=3)  # all three pages in one batch
    assert s.published
    rej = rows_of(out, "rejects")
    assert len(rej) == 1 and rej[0]["source_path"] == "2.txt" and rej[0]["reason"] == "extract_error"
    assert "ZeroDivisionError: the lab extractor divided by zero" in rej[0]["detail"]
    assert "extract/pipeline.py" in rej[0]["detail"]  # where it surfaced
    assert rej[0]["document_id"] == document_id_for(normalize_text(crash))
    assert {t["nct_id"] for t in rows_of(out, "trials")} == {"NCT06000030", "NCT06000032"}
    assert len([r for r in rows_of(out, "lab_thresholds")]) >= 2


def test_a_value_that_does_not_fit_the_schema_costs_only_its_page(tmp_path, monkeypatch):
    from extract.model import Fact

    raw, out = tmp_path / "raw", tmp_path / "curated"
    raw.mkdir()
    write(raw, "1.txt", registry_page("NCT06000040", "Fine Study", "2024-01-01"))
    write(raw, "2.txt", registry_page("NCT06000041", "Overflowmab Study", "2024-01-01"))
    write(raw, "3.txt", registry_page("NCT06000042", "Also Fine Study", "2024-01-01"))
    comp = build_nlp().get_pipe("doses")
    real = comp.extract

    def overflowing(text, layout, abbreviations):
        facts = real(text, layout, abbreviations)
        if "Overflowmab" in text:  # a dose level beyond int32
            facts.append(Fact("dose", "DOSE", "test.overflow", 0, 5, 0, 5,
                              {"dose_low": 1.0, "dose_high": 1.0, "unit": "mg", "dose_level": 2 ** 40}))
        return facts

    monkeypatch.setattr(comp, "extract", overflowing)
    s = run_local(raw, out, batch_size=3)
    assert s.published
    rej = rows_of(out, "rejects")
    assert [(r["source_path"], r["reason"], r["nct_id"]) for r in rej] == [("2.txt", "extract_error", "NCT06000041")]
    assert "does not fit the table schema" in rej[0]["detail"]
    assert {t["nct_id"] for t in rows_of(out, "trials")} == {"NCT06000040", "NCT06000042"}

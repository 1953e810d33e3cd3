"""Incremental no-change re-run over many small pages (issue 6).

    python scripts/bench_incremental.py [--pages 10000] [--workers 2] [--keep DIR]

Generates N small registry pages in a temp folder, runs the extraction once (full), then
measures re-runs: no change (hint path: stat only), no change with every page's hint
invalidated (every page hashed again), and one changed page. Prints seconds for each and
checks that the no-change re-runs wrote nothing.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

PAGE = """Study Title: A Phase {phase} Study of Drug-{n} in Adults With Solid Tumors
NCT Number: NCT{nct:08d}
Overall Status: Recruiting
Study Type: Interventional
Enrollment: {enroll} (Estimated)
Study Start: 2023-0{m}-1{d}
Last Update Posted: 2024-0{m}-2{d}

Eligibility Criteria
Inclusion Criteria:
1. Age 18 years or older
2. Measurable disease per RECIST 1.1
Exclusion Criteria:
1. Active infection requiring systemic therapy
"""


def make_pages(raw: Path, n: int) -> None:
    for i in range(n):
        sub = raw / f"batch{i // 1000:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"page_{i:05d}.txt").write_text(
            PAGE.format(phase=1 + i % 3, n=i, nct=10_000_000 + i, enroll=20 + i % 300, m=1 + i % 9, d=i % 10))


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def tree_state(out: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file() and p.name != ".lock"}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", type=Path, default=None, help="work in this folder and keep it")
    a = ap.parse_args()
    from extract import store
    from extract.local import run_local

    work = a.keep or Path(tempfile.mkdtemp(prefix="bench-incr-"))
    raw, out = work / "raw", work / "curated"
    try:
        if not raw.exists():
            make_pages(raw, a.pages)
            # pages land in raw/ before the scheduled run; a stat hint is trusted only for files
            # older than the moment they were hashed by a margin (see store.HINT_MARGIN_NS)
            time.sleep(store.HINT_MARGIN_NS / 1e9 + 0.1)
        t, s = timed(lambda: run_local(raw, out, workers=a.workers, batch_size=500))
        print(f"first run ({a.pages} pages, {a.workers} workers): {t:.1f} s, published={s.published}, "
              f"{s.table_counts.get('documents')} documents, {len(s.rejects)} rejects")
        before = tree_state(out)
        t, s = timed(lambda: run_local(raw, out))
        assert not s.published and tree_state(out) == before, "a no-change run wrote something"
        print(f"no-change re-run: {t:.2f} s ({s.unchanged} unchanged, {s.hashed} hashed, nothing written)")
        import subprocess

        t, r = timed(lambda: subprocess.run([sys.executable, "-m", "extract.local", str(raw), str(out)],
                                            capture_output=True, text=True))
        assert r.returncode == 0 and "nothing written" in r.stdout and tree_state(out) == before, r.stderr
        print(f"no-change re-run as a new process (python -m extract.local, imports included): {t:.2f} s")
        # defeat the hints: touch every file (same bytes, new mtime/ctime) -> every page hashed
        for p in raw.rglob("*.txt"):
            os.utime(p)
        t, s = timed(lambda: run_local(raw, out))
        assert not s.published and tree_state(out) == before
        print(f"no-change re-run, every file touched (all hashed): {t:.2f} s ({s.hashed} hashed, nothing written)")
        victim = next(raw.rglob("page_00007.txt"))
        victim.write_text(victim.read_text().replace("Recruiting", "Completed"))
        t, s = timed(lambda: run_local(raw, out))
        print(f"one page changed: {t:.2f} s (changed={s.changed}, published={s.published})")
    finally:
        if a.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

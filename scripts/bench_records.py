"""Record-file benchmark: a ZIP of N generated registry records (half API v2 JSON, half legacy
XML, one study per member, as the bulk downloads hold them), read member by member.

Times, as scripts/bench.py does for text pages:
  1. one process: ms per record for extraction alone (member read + record rendering +
     pipeline + rows);
  2. the whole run with W worker processes: discovery (central directory, hashing every
     member), planning, extraction in batches, assembly and atomic publication;
  3. a no-change re-run (members keep their hash by size and CRC-32: nothing is decompressed).
For comparison, the text pages of tests/docs are timed in the same process right after.
Memory: the peak resident size of the main process and of the largest worker.
Usage: python scripts/bench_records.py [N] [W]
"""
from __future__ import annotations

import re
import resource
import shutil
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from extract import store  # noqa: E402
from extract.batch import BatchResult, extract_batch  # noqa: E402

TEMPLATES = [ROOT / "tests" / "records" / n for n in ("NCT05990011.json", "NCT05990011.xml", "NCT02011223.xml")]


def build_zip(n: int, dest: Path) -> int:
    """N distinct records (their own NCT ID and enrollment) in one ZIP; returns its size."""
    sources = [(p.suffix, p.read_text(encoding="utf-8")) for p in TEMPLATES]
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(n):
            suffix, text = sources[i % len(sources)]
            nct = f"NCT{10_000_000 + i:08d}"
            text = re.sub(r"NCT0(?:5990011|2011223)", nct, text)
            text = re.sub(r"(\"count\": |<enrollment type=\"\w+\">)(\d+)", lambda m: f"{m[1]}{20 + i % 400}", text)
            zf.writestr(f"{nct[:7]}/{nct}{suffix}", text)
    return dest.stat().st_size


def _warm(_=None):
    from extract.pipeline import build_nlp

    build_nlp()
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _rss_mb(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    tmp = Path(tempfile.mkdtemp(prefix="te-bench-records-"))
    raw, out = tmp / "raw", tmp / "curated"
    raw.mkdir()
    zsize = build_zip(n, raw / "bulk.zip")

    t = time.perf_counter()
    found = store.discover(raw)
    discover_s = time.perf_counter() - t
    assert len(found.pages) == n and not found.rejects, (len(found.pages), found.rejects[:3])
    _warm()
    extract_batch(found.pages[:24])
    rss_before = _rss_mb()
    sample = found.pages[24: 24 + min(300, n - 24)]
    t = time.perf_counter()
    extract_batch(sample)
    per_doc = (time.perf_counter() - t) / len(sample) * 1000
    rss_one = _rss_mb()
    # reference on the same machine, same moment: text pages of the team's page styles
    pages = store.discover(ROOT / "tests" / "docs").pages
    extract_batch(pages[:4])
    t = time.perf_counter()
    extract_batch(pages)
    per_page = (time.perf_counter() - t) / len(pages) * 1000

    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(_warm, range(workers)))
        t = time.perf_counter()
        started = datetime.now(timezone.utc)
        found = store.discover(raw)
        plan = store.make_plan(store.read_current(out), found)
        size_b = max(1, len(plan.to_extract) // (workers * 4))
        batches = [plan.to_extract[i:i + size_b] for i in range(0, len(plan.to_extract), size_b)]
        result = BatchResult()
        for r in pool.map(extract_batch, batches):
            result.extend(r)
        summary = store.assemble_and_publish(out, plan, result, started)
        total = time.perf_counter() - t
        worker_rss = max(pool.map(_warm, range(workers))) / 1024
    t = time.perf_counter()
    state = store.read_state(out)
    found = store.discover(raw, state.hints())
    plan = store.make_plan(state, found)
    again = store.assemble_and_publish(out, plan, BatchResult(), datetime.now(timezone.utc))
    noop = time.perf_counter() - t
    print(f"records: {n} in one ZIP of {zsize / 2**20:.1f} MB, workers: {workers}")
    print(f"discovery (directory + hashing every member): {discover_s:.2f} s")
    print(f"extraction, one process: {per_doc:.2f} ms/record ({1000 / per_doc:.0f} records/s); "
          f"text pages of tests/docs at the same time: {per_page:.2f} ms/page ({1000 / per_page:.0f} pages/s)")
    print(f"end to end with {workers} processes: {total:.2f} s = {n / total:.0f} records/s "
          f"(rows: {sum(v for k, v in summary.table_counts.items() if k not in ('documents', 'runs'))})")
    print(f"no-change re-run: {noop:.2f} s (members hashed again: {found.hashed}), published: {again.published}")
    print(f"peak RSS: main {rss_before:.0f} MB before the 300-record sample, {rss_one:.0f} MB after, "
          f"{_rss_mb():.0f} MB at the end (all rows assembled); largest worker {worker_rss:.0f} MB")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

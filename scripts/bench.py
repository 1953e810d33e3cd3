"""Throughput benchmark: pages/s end to end (discover -> extract -> publish), no Prefect server.

Builds a corpus of N distinct pages from the seeds and test pages (each copy gets a unique
trailing line, so no two documents are identical), then times:
  1. one process: ms per page for extraction alone (ingest + layout + spaCy pipeline + rows);
  2. the whole run with W worker processes: discovery, hashing, planning, extraction in
     batches, assembly and atomic publication of every table.
Usage: python scripts/bench.py [N] [W] [seeds]   ("seeds": only the five seed pages, ~9 KB each)
"""
from __future__ import annotations

import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from extract import store  # noqa: E402
from extract.batch import BatchResult, extract_batch  # noqa: E402


def corpus(n: int, dest: Path, folders: tuple[str, ...] = ("raw", "tests/docs")) -> None:
    sources = [p for d in folders for p in sorted((ROOT / d).iterdir()) if p.is_file() and p.suffix in (".txt", ".md", ".html")]
    for i in range(n):
        src = sources[i % len(sources)]
        data = src.read_bytes()
        tail = f"\n<!-- copy {i} -->\n" if src.suffix == ".html" else f"\nBenchmark copy {i}\n"
        (dest / f"{i:06d}_{src.name}").write_bytes(data + tail.encode())


_WARM_PAGES: list = []


def _warm(_=None):
    """Start-up cost (imports, rule compilation, pint's registry) paid before timing."""
    from extract.pipeline import build_nlp

    build_nlp()
    if _WARM_PAGES:
        extract_batch(_WARM_PAGES)
    return True


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    tmp = Path(tempfile.mkdtemp(prefix="te-bench-"))
    raw, out = tmp / "raw", tmp / "curated"
    raw.mkdir()
    corpus(n, raw, ("raw",) if "seeds" in sys.argv[3:] else ("raw", "tests/docs"))
    size = sum(p.stat().st_size for p in raw.iterdir()) / n

    found = store.discover(raw)
    _WARM_PAGES[:] = found.pages[:48]
    _warm()
    sample = found.pages[48: 48 + min(300, n)]
    t = time.perf_counter()
    extract_batch(sample)
    per_page = (time.perf_counter() - t) / len(sample) * 1000

    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(_warm, range(workers)))  # model/rule loading is start-up, not per page
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
    t = time.perf_counter()
    found = store.discover(raw)
    plan = store.make_plan(store.read_current(out), found)
    again = store.assemble_and_publish(out, plan, BatchResult(), datetime.now(timezone.utc))
    noop = time.perf_counter() - t
    print(f"pages: {n} (mean {size / 1024:.1f} KB), workers: {workers}")
    print(f"extraction, one process: {per_page:.2f} ms/page ({1000 / per_page:.0f} pages/s)")
    print(f"end to end with {workers} processes: {total:.2f} s = {n / total:.0f} pages/s "
          f"(rows: {sum(v for k, v in summary.table_counts.items() if k not in ('documents', 'runs'))})")
    print(f"no-change re-run: {noop:.2f} s, published: {again.published}")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

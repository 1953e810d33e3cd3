"""Per-extractor speed: ms per page of the layout step and of each fact extractor, over the
pages of tests/gold (the seeds and the team's pages), best of R rounds.

The unit tests used to assert these times (< 5-25 ms per page) and failed on a busy machine;
speed is measured here instead, never asserted in a test.
Usage: python scripts/bench_extractors.py [ROUNDS]
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from extract.components.doses import extract_doses  # noqa: E402
from extract.components.her2 import extract_her2  # noqa: E402
from extract.components.labs import extract_lab_thresholds  # noqa: E402
from extract.components.trial import extract_trial_facts  # noqa: E402
from extract.ingest import make_document, read_page  # noqa: E402
from extract.layout import analyze  # noqa: E402


def pages() -> list[str]:
    paths = [p for d in ("raw", "tests/docs") for p in sorted((ROOT / d).iterdir())
             if p.suffix in (".txt", ".md", ".html")]
    return [make_document(read_page(p, p.name)).text for p in paths]


def best_ms(fn, items, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for it in items:
            fn(*it)
        best = min(best, (time.perf_counter() - t0) / len(items))
    return best * 1000


def main(argv: list[str]) -> int:
    rounds = int(argv[0]) if argv else 5
    texts = pages()
    laid = [(t, analyze(t)) for t in texts]
    for fn in (extract_trial_facts, extract_lab_thresholds, extract_her2, extract_doses):  # compile rules, warm caches
        for t, lay in laid:
            fn(t, lay)
    print(f"{len(texts)} pages, mean {sum(map(len, texts)) / len(texts) / 1000:.1f} KB; best of {rounds} rounds")
    print(f"  layout (analyze)          {best_ms(analyze, [(t,) for t in texts], rounds):7.2f} ms/page")
    for name, fn in (("extract_trial_facts", extract_trial_facts),
                     ("extract_lab_thresholds", extract_lab_thresholds), ("extract_her2", extract_her2),
                     ("extract_doses", extract_doses)):
        print(f"  {name:25} {best_ms(fn, laid, rounds):7.2f} ms/page")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Benchmark of the real default command: ``trial-extract run`` over N distinct pages.

    python scripts/bench.py [--pages 2000] [--keep DIR] [--mix seeds|all] [-- extra run options]

1. Builds N realistic, distinct pages from the seed records and the team's test and held-out
   pages: each copy gets its own NCT ID, shifted dates, a numbered title and a different
   subset of its bullet lines, so no two documents are the same text.
2. Runs ``trial-extract run --raw RAW --out OUT`` exactly as a user would (a subprocess with
   its defaults; no Prefect server configured), sampling the resident memory of the command
   and all its child processes every 50 ms.
3. In this process, the bare out-of-the-box tokenizer pass (``spacy.blank("en")``) over the
   same decoded texts, as the yardstick.

Prints pages/s and MB/s end to end (start-up included), peak RSS summed over all processes,
the tokenizer's pages/s and the ratio of the two. Not a test: numbers go in the README.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TEMPLATE_DIRS = ("raw", "tests/docs", "tests/heldout/docs", "tests/heldout2/docs", "tests/heldout3/docs")
_NCT = re.compile(r"NCT\d{8}")
_YEAR = re.compile(r"\b(20[0-2]\d)\b")
_BULLET = re.compile(r"^[ \t]*(?:[-*•]|\d{1,2}[.)])[ \t]+\S.*$", re.M)


def templates(mix: str) -> list[Path]:
    dirs = ("raw",) if mix == "seeds" else TEMPLATE_DIRS
    return [p for d in dirs for p in sorted((ROOT / d).glob("*"))
            if p.is_file() and p.suffix in (".txt", ".md", ".html") and p.name.lower() != "readme.md"]


def variant(text: str, i: int, rng: random.Random) -> str:
    """A distinct page in the template's style: its own ids, dates, title and bullet subset."""
    text = _NCT.sub(lambda m: f"NCT{(int(m.group()[3:]) * 7919 + i) % 10**8:08d}", text)
    shift = i % 7 - 3
    text = _YEAR.sub(lambda m: str(min(2029, max(2000, int(m.group()) + shift))), text)
    bullets = _BULLET.findall(text)
    for line in rng.sample(bullets, k=len(bullets) // 8) if len(bullets) > 8 else []:
        text = text.replace(line + "\n", "", 1)  # drop about one bullet line in eight
    first_nl = text.find("\n")
    if first_nl > 0:
        text = text[:first_nl] + f" (cohort {i})" + text[first_nl:]
    return text


def build_corpus(n: int, dest: Path, mix: str = "all", seed: int = 7) -> int:
    """N distinct pages in ``dest`` (seeds drawn half of the time: registry-record sized);
    returns the total bytes."""
    rng = random.Random(seed)
    pool = templates(mix)
    seeds = [p for p in pool if p.parent == ROOT / "raw"]
    texts = {p: p.read_text(encoding="utf-8", errors="replace") for p in pool}
    total = 0
    for i in range(n):
        src = rng.choice(seeds) if (mix == "seeds" or rng.random() < 0.5) else rng.choice(pool)
        data = variant(texts[src], i, rng).encode("utf-8")
        sub = dest / f"{i // 1000:04d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{i:07d}_{src.stem}{src.suffix}").write_bytes(data)
        total += len(data)
    return total


class TreeRSS:
    """Peak of the resident memory summed over a process and all its descendants."""

    def __init__(self, pid: int, every: float = 0.05):
        import psutil

        self.proc = psutil.Process(pid)
        self.every = every
        self.peak = 0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                procs = [self.proc, *self.proc.children(recursive=True)]
            except psutil.Error:
                return
            total = 0
            for p in procs:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self._stop.wait(self.every)

    def stop(self) -> int:
        self._stop.set()
        self._t.join()
        return self.peak


def run_default(raw: Path, out: Path, extra: list[str]) -> tuple[float, float, int, int, str]:
    """``trial-extract run`` as a user runs it: (wall seconds, CPU seconds of it and all its
    processes, peak summed RSS, exit code, output)."""
    import resource

    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    cmd = [str(BIN / "trial-extract"), "run", "--raw", str(raw), "--out", str(out), *extra]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=ROOT)
    rss = TreeRSS(proc.pid)
    output = proc.communicate()[0]
    seconds = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu, rss.stop(), proc.returncode, output


def tokenizer_pass(raw: Path) -> tuple[float, float, int]:
    """The bare ``spacy.blank("en")`` tokenizer over the same decoded texts (one process)."""
    import spacy

    from extract.ingest import make_document, read_page

    texts = []
    for p in sorted(raw.rglob("*")):
        if p.is_file():
            texts.append(make_document(read_page(p, p.name)).text)
    nlp = spacy.blank("en")
    t, c = time.perf_counter(), time.process_time()
    n = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))
    return time.perf_counter() - t, time.process_time() - c, n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--mix", choices=("all", "seeds"), default="all")
    ap.add_argument("--keep", type=Path, help="build the corpus here and keep it (and the output)")
    ap.add_argument("--no-tokenizer", action="store_true", help="skip the tokenizer yardstick")
    ap.add_argument("--reuse", action="store_true", help="with --keep: reuse the corpus already there")
    ap.add_argument("--tokenize-only", type=Path, metavar="RAW",
                    help="only the tokenizer yardstick over the pages in RAW (to time it on its own)")
    ap.add_argument("extra", nargs="*", help="options passed to `trial-extract run` (after --)")
    a = ap.parse_args()
    if a.tokenize_only:
        tok_s, tok_cpu, n_tokens = tokenizer_pass(a.tokenize_only)
        print(f"spacy.blank('en') tokenizer: {tok_s:.2f} s, CPU {tok_cpu:.2f} s, {n_tokens} tokens")
        return
    tmp = a.keep or Path(tempfile.mkdtemp(prefix="te-bench-"))
    raw, out = tmp / "raw", tmp / "curated"
    shutil.rmtree(out, ignore_errors=True)
    if a.reuse and raw.is_dir():
        nbytes = sum(p.stat().st_size for p in raw.rglob("*") if p.is_file())
    else:
        shutil.rmtree(raw, ignore_errors=True)
        raw.mkdir(parents=True)
        nbytes = build_corpus(a.pages, raw, a.mix)
    mb = nbytes / 1e6
    seconds, cpu, peak, code, output = run_default(raw, out, a.extra)
    if code != 0:
        print(output)
        raise SystemExit(f"trial-extract run exited {code}")
    cores = len(os.sched_getaffinity(0))
    print(f"corpus: {a.pages} pages, {mb:.1f} MB (mean {nbytes / a.pages / 1024:.1f} KB); load average "
          f"{os.getloadavg()[0]:.1f} on {cores} cores")
    print(f"trial-extract run {' '.join(a.extra)}: {seconds:.2f} s = {a.pages / seconds:.0f} pages/s, "
          f"{mb / seconds:.2f} MB/s, peak RSS summed over processes {peak / 2**20:.0f} MiB")
    print(f"  CPU {cpu:.1f} s over all its processes = {cpu / a.pages * 1000:.1f} ms/page "
          f"(on {cores} idle cores: about {a.pages / (cpu / cores):.0f} pages/s)")
    if not a.no_tokenizer:
        tok_s, tok_cpu, n_tokens = tokenizer_pass(raw)
        print(f"spacy.blank('en') tokenizer, one process: {tok_s:.2f} s = {a.pages / tok_s:.0f} pages/s "
              f"({n_tokens} tokens; CPU {tok_cpu / a.pages * 1000:.1f} ms/page)")
        print(f"ratio run / tokenizer: {tok_s / seconds:.2f}x by wall time; "
              f"{(tok_cpu / a.pages) / (cpu / a.pages / cores):.2f}x by CPU on {cores} cores")
    print(output.strip().splitlines()[0] if output.strip() else "")
    if not a.keep:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

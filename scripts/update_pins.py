"""Rewrite tests/pins.yaml (and the README's score tables) from a fresh run of every scored set.

    .venv/bin/python scripts/update_pins.py            # show what changed, write pins + README
    .venv/bin/python scripts/update_pins.py --check    # show what changed, write nothing (exit 1 if any)

The sets are listed in tests/scored_sets.yaml. A pin change goes in a commit of its own whose
message says why. A changed frozen (blind) gold record is refused unless
``--accept-gold-edit`` is given: blind gold is edited only in its own commit, with the reason in
the record's notes and in the message.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import pinning  # noqa: E402


def fresh_pins(sets: list[pinning.ScoredSet]) -> dict:
    runs: dict[tuple[str, ...], Path] = {}
    pins = {}
    with tempfile.TemporaryDirectory(prefix="pins-") as tmp:
        for s in sets:
            if s.docs not in runs:
                runs[s.docs] = pinning.extract_docs(s.docs, Path(tmp) / f"run{len(runs)}")
            report = pinning.score_set(s, runs[s.docs])
            if report.missing_documents:
                raise SystemExit(f"set {s.name}: gold documents not in the run: "
                                 f"{[d.document for d in report.missing_documents]}")
            pins[s.name] = pinning.pins_of(s, report)
    return pins


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only show the differences; exit 1 if any")
    ap.add_argument("--accept-gold-edit", action="store_true",
                    help="take over a changed frozen (blind) gold record")
    a = ap.parse_args(argv)
    sets = pinning.load_sets()
    old = pinning.load_pins()
    new = fresh_pins(sets)
    lines = [ln for s in sets for ln in pinning.diff(s.name, old.get(s.name), new[s.name])]
    print("\n".join(lines) if lines else "pins unchanged")
    if a.check:
        return 1 if lines else 0
    gold_edits = [s.name for s in sets if s.frozen and s.name in old
                  and old[s.name].get("gold_files") != new[s.name].get("gold_files")]
    if gold_edits and not a.accept_gold_edit:
        print(f"frozen gold changed in {gold_edits}: not written (see --accept-gold-edit)", file=sys.stderr)
        return 2
    pinning.dump_pins(new)
    text = pinning.README.read_text(encoding="utf-8")
    if pinning.readme_section(text) is None:
        print("README has no pinned-scores markers: README not updated", file=sys.stderr)
    else:
        pinning.README.write_text(pinning.with_readme_section(text, pinning.readme_tables(sets, new)),
                                  encoding="utf-8")
    print(f"wrote {pinning.PINS_FILE.relative_to(ROOT)} and the README score tables")
    return 0


if __name__ == "__main__":
    sys.exit(main())

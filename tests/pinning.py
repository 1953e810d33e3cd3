"""Pinned scores: what every scored set (``tests/scored_sets.yaml``) scores today, exactly.

``tests/pins.yaml`` holds, per set and table, the key tp/fp/fn, each non-key field's
correct/total (both-null agreements included) with its fp/fn, the sub-scores, and the named
list of what is wrong today (``misses``: one line per missed, extra or differing row). A
pinned test compares a fresh run with it exactly: a change in either direction fails and is
taken over deliberately with ``scripts/update_pins.py``, in a commit of its own.

Used by ``tests/test_pins.py`` and ``scripts/update_pins.py``; no pytest in here.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from extract.score import PRF, TABLES, Report, score_dir

ROOT = Path(__file__).resolve().parent.parent
SETS_FILE = ROOT / "tests" / "scored_sets.yaml"
PINS_FILE = ROOT / "tests" / "pins.yaml"
README = ROOT / "README.md"
README_BEGIN = "<!-- pinned scores: begin (written by scripts/update_pins.py) -->"
README_END = "<!-- pinned scores: end -->"
PINS_HEADER = """\
# Pinned scores: written by scripts/update_pins.py from a fresh run; never edit by hand.
# tests/test_pins.py fails on any difference, better or worse. A pin change goes in a commit of
# its own whose message says why (what changed in the code, or which gold record and why).
# Per set: documents scored; per table: key tp/fp/fn, per field correct/total (both null counts
# as correct) with fp (a value where gold has another or none) and fn (gold's value missed);
# misses: every missing/extra row and differing field, "<gold record> <table>: ...";
# gold_files (blind sets): sha256 prefixes of the frozen gold records.
"""


# ------------------------------------------------------------------------------- sets
@dataclass(frozen=True)
class ScoredSet:
    name: str
    docs: tuple[str, ...]
    gold: str
    only: tuple[str, ...] | None = None
    frozen: bool = False

    def gold_files(self) -> list[Path]:
        files = sorted(p for p in (ROOT / self.gold).iterdir() if p.suffix in (".yaml", ".yml"))
        return [p for p in files if self.only is None or p.stem.startswith(self.only)]


def load_sets(path: Path = SETS_FILE) -> list[ScoredSet]:
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))["sets"]
    sets = [ScoredSet(r["name"], tuple(r["docs"]), r["gold"],
                      tuple(r["only"]) if r.get("only") else None, bool(r.get("frozen"))) for r in rows]
    names = [s.name for s in sets]
    if len(names) != len(set(names)):
        raise ValueError(f"{path}: set names must be unique: {names}")
    return sets


# -------------------------------------------------------------------------- extraction
def extract_docs(docs: tuple[str, ...], workdir: Path) -> Path:
    """One in-process run (no Prefect) over the pages of ``docs`` together; returns the
    curated folder. Several folders are copied into one raw folder first."""
    from extract.local import run_local

    workdir.mkdir(parents=True, exist_ok=True)
    if len(docs) == 1:
        raw = ROOT / docs[0]
    else:
        raw = workdir / "raw"
        raw.mkdir()
        for d in docs:
            for p in sorted((ROOT / d).iterdir()):
                if p.is_file() and p.name != "README.md":
                    if (raw / p.name).exists():
                        raise ValueError(f"two pages named {p.name} in {docs}")
                    shutil.copy(p, raw / p.name)
    out = workdir / "curated"
    summary = run_local(raw, out)
    assert summary.published, summary
    return out


def score_set(s: ScoredSet, curated: Path) -> Report:
    return score_dir(ROOT / s.gold, curated, root=ROOT, only=s.only)


# ------------------------------------------------------------------------------- pins
def _counts(p: PRF) -> dict:
    return {"tp": p.tp, "fp": p.fp, "fn": p.fn}


def _show(v) -> str:
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ", ".join(_show(x) for x in v) + "]"
    return "null" if v is None else str(v)


def _key(key: dict) -> str:
    return "(" + ", ".join(_show(v) for v in key.values()) + ")" if key else "(trial row)"


def miss_lines(report: Report) -> list[str]:
    """One line per thing that is wrong: ``<record> <table>: missing|extra (key)`` or
    ``<record> <table>: <field> @ (key): gold=... pred=...``; sorted."""
    lines = []
    for d in report.documents:
        stem = Path(d.gold_path).stem
        for table, s in d.tables.items():
            for i in s.issues:
                if i.kind == "field":
                    lines.append(f"{stem} {table}: {i.field} @ {_key(i.key)}: gold={_show(i.gold)} pred={_show(i.pred)}")
                else:
                    lines.append(f"{stem} {table}: {i.kind} {_key(i.key)}")
    return sorted(lines)


def table_pins(s) -> dict:
    out = {"key": _counts(s.key), "fields": {}}
    for f, fs in s.fields.items():
        out["fields"][f] = {"correct": fs.agree, "total": fs.n, "fp": fs.fp, "fn": fs.fn}
    subs = {}
    for name, sub in s.sub.items():
        if isinstance(sub, PRF):
            subs[name] = _counts(sub)
        elif name == "exact rows":  # the other ratios repeat a field's correct/total
            subs[name] = {"hits": sub.hits, "total": sub.total}
    if subs:
        out["sub"] = subs
    return out


def gold_digests(s: ScoredSet) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()[:16] for p in s.gold_files()}


def pins_of(s: ScoredSet, report: Report) -> dict:
    pins = {"documents": len(report.documents),
            "tables": {t: table_pins(sc) for t, sc in report.tables.items()},
            "misses": miss_lines(report)}
    if s.frozen:
        pins["gold_files"] = gold_digests(s)
    return pins


def load_pins(path: Path = PINS_FILE) -> dict:
    if not path.exists():
        return {}
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("sets") or {}


class _Flow(dict):
    """A mapping written on one line (counts)."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Flow, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True))


def _for_yaml(v):
    """Counts (mappings of numbers) on one line each; everything else in block style."""
    if isinstance(v, dict):
        if v and all(isinstance(x, int) for x in v.values()):
            return _Flow(v)
        return {k: _for_yaml(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_for_yaml(x) for x in v]
    return v


def dump_pins(pins: dict, path: Path = PINS_FILE) -> None:
    body = yaml.dump({"sets": _for_yaml(pins)}, Dumper=_Dumper, sort_keys=False, default_flow_style=False,
                     width=10_000, allow_unicode=True)
    path.write_text(PINS_HEADER + body, encoding="utf-8")


# ------------------------------------------------------------------------------- diff
def _dict_diff(label: str, old: dict | None, new: dict | None) -> list[str]:
    if old == new:
        return []
    def fmt(d):
        return "absent" if d is None else " ".join(f"{k}={v}" for k, v in d.items())
    return [f"  {label}: pinned {fmt(old)}  now {fmt(new)}"]


def _table_diff(table: str, old: dict | None, new: dict | None) -> list[str]:
    if old is None or new is None:
        return [f"  {table}: {'not pinned' if old is None else 'pinned'}, "
                f"{'scored' if new is not None else 'not scored'} now"]
    lines = _dict_diff(f"{table} key", old.get("key"), new.get("key"))
    for f in dict.fromkeys([*old.get("fields", {}), *new.get("fields", {})]):
        lines += _dict_diff(f"{table}.{f}", old["fields"].get(f), new["fields"].get(f))
    for n in dict.fromkeys([*old.get("sub", {}), *new.get("sub", {})]):
        lines += _dict_diff(f"{table} {n}", old.get("sub", {}).get(n), new.get("sub", {}).get(n))
    return lines


def _miss_diff(old: list[str], new: list[str]) -> list[str]:
    gained = Counter(new) - Counter(old)
    lost = Counter(old) - Counter(new)
    lines = []
    if gained:
        lines.append("  newly wrong (not among the pinned misses):")
        lines += [f"    + {m}" for m in sorted(gained.elements())]
    if lost:
        lines.append("  now right (pinned as misses, no longer wrong):")
        lines += [f"    - {m}" for m in sorted(lost.elements())]
    return lines


def _gold_diff(old: dict | None, new: dict | None) -> list[str]:
    old, new = old or {}, new or {}
    changed = sorted(n for n in set(old) | set(new) if old.get(n) != new.get(n))
    if not changed:
        return []
    return ["  frozen gold changed (a blind gold edit goes in its own commit, with the reason in "
            "the record's notes and the message): " + ", ".join(changed)]


def diff(name: str, old: dict | None, new: dict) -> list[str]:
    """Readable differences between a set's pins and a fresh result; [] when equal."""
    if old is None:
        return [f"set {name}: no pins (new set? run scripts/update_pins.py)"]
    lines = []
    if old.get("documents") != new.get("documents"):
        lines.append(f"  documents: pinned {old.get('documents')}  now {new.get('documents')}")
    for t in dict.fromkeys([*old.get("tables", {}), *new.get("tables", {})]):
        lines += _table_diff(t, old.get("tables", {}).get(t), new.get("tables", {}).get(t))
    lines += _miss_diff(old.get("misses") or [], new.get("misses") or [])
    lines += _gold_diff(old.get("gold_files"), new.get("gold_files"))
    if lines:
        lines.insert(0, f"set {name}: the scores differ from tests/pins.yaml")
        lines.append("  if intended: scripts/update_pins.py, then commit the pins alone with the reason")
    return lines


# ----------------------------------------------------------------------------- README
def _f1(k: dict) -> str:
    den = 2 * k["tp"] + k["fp"] + k["fn"]
    f1 = f"{2 * k['tp'] / den:.3f}" if den else "-"
    return f"{f1} ({k['tp']}/{k['fp']}/{k['fn']})"


def _right(fields: dict, names) -> str:
    c = sum(fields[n]["correct"] for n in names)
    t = sum(fields[n]["total"] for n in names)
    return f"{c}/{t}" if t else "-"


KEY_TABLES = ("trial_ids", "dates", "doses", "lab_thresholds", "her2_criteria")
FIELD_COLUMNS = (  # (heading, table, fields) of the second README table
    ("dose intervention", "doses", ("intervention",)),
    ("dose level", "doses", ("dose_level",)),
    ("dose context", "doses", ("context",)),
    ("dose route, interval", "doses", ("route", "interval_days")),
    ("lab as written", "lab_thresholds", ("value_as_written", "unit_as_written")),
    ("lab condition", "lab_thresholds", ("condition",)),
    ("HER2 IHC, ISH, %", "her2_criteria", ("ihc_scores", "ish", "expression_pct_min")),
    ("HER2 assay text", "her2_criteria", ("assay_text",)),
)


def _add_counts(a: dict, b: dict) -> dict:
    return {k: a.get(k, 0) + b.get(k, 0) for k in dict.fromkeys([*a, *b])}


def _sum_tables(pins: list[dict]) -> dict:
    """Key and field counts of several sets' pins added up, per table."""
    out: dict = {}
    for p in pins:
        for t, tp in p["tables"].items():
            o = out.setdefault(t, {"key": {}, "fields": {}})
            o["key"] = _add_counts(o["key"], tp["key"])
            for f, fc in tp["fields"].items():
                o["fields"][f] = _add_counts(o["fields"].get(f, {}), fc)
    return out


def _rows(sets: list[ScoredSet], pins: dict) -> list[tuple[str, int, dict]]:
    """(label, records, tables) per set, and a total after the sets sharing one gold folder."""
    rows = []
    for s in sets:
        rows.append((s.name, pins[s.name]["documents"], pins[s.name]["tables"]))
        group = [x for x in sets if x.gold == s.gold]
        if len(group) > 1 and s is group[-1]:
            rows.append((f"all of `{s.gold}`", sum(pins[x.name]["documents"] for x in group),
                         _sum_tables([pins[x.name] for x in group])))
    return rows


def readme_tables(sets: list[ScoredSet], pins: dict) -> str:
    """The README's score tables, from the pins alone."""
    rows = _rows(sets, pins)
    trial_fields = tuple(TABLES["trials"].fields)
    out = ["Key F1 (tp/fp/fn), exactly as pinned; `-`: no gold rows of that table in the set.", "",
           "| set | records | " + " | ".join(KEY_TABLES) + " |", "|" + "---|" * (2 + len(KEY_TABLES))]
    for name, n, tabs in rows:
        cells = [_f1(tabs[t]["key"]) if t in tabs and sum(tabs[t]["key"].values()) else "-" for t in KEY_TABLES]
        out.append(f"| {name} | {n} | " + " | ".join(cells) + " |")
    out += ["", "Trial fields right / scored, on the sets that gold them (a null where gold has a value "
            "is wrong, and so is a value where gold has none):", "",
            "| set | all | " + " | ".join(trial_fields) + " |", "|" + "---|" * (2 + len(trial_fields))]
    for name, _, tabs in rows:
        if "trials" in tabs:
            f = tabs["trials"]["fields"]
            out.append(f"| {name} | {_right(f, trial_fields)} | "
                       + " | ".join(_right(f, (n,)) for n in trial_fields) + " |")
    out += ["", "Other fields on the paired rows, right / scored:", "",
            "| set | " + " | ".join(h for h, _, _ in FIELD_COLUMNS) + " |", "|" + "---|" * (1 + len(FIELD_COLUMNS))]
    for name, _, tabs in rows:
        cells = [_right(tabs[t]["fields"], fs) if t in tabs else "-" for _, t, fs in FIELD_COLUMNS]
        if any(c != "-" for c in cells):
            out.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(out)


def readme_section(text: str) -> str | None:
    if README_BEGIN not in text or README_END not in text:
        return None
    return text.split(README_BEGIN, 1)[1].split(README_END, 1)[0].strip("\n")


def with_readme_section(text: str, body: str) -> str:
    before, rest = text.split(README_BEGIN, 1)
    after = rest.split(README_END, 1)[1]
    return f"{before}{README_BEGIN}\n{body}\n{README_END}{after}"

"""The numbers of the run report, computed from one published version (plain dicts/lists).

The HTML page, the Prefect markdown artifact and the CLI's summary table all show these.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime

import pyarrow as pa
import pyarrow.compute as pc

from .snapshot import Snapshot

PHASE_ORDER = ["EARLY_PHASE1", "PHASE1", "PHASE2", "PHASE3", "PHASE4", "NA"]
HER2_ORDER = ["POSITIVE", "LOW", "ULTRALOW", "NEGATIVE", "EQUIVOCAL", "EXPRESSING", "AMPLIFIED", "MUTANT"]
CRITERION_ORDER = ["INCLUSION", "EXCLUSION", "POPULATION"]
LOWER = (">=", ">")
TOP_ANALYTES = 12
LISTED = 50  # pages listed per group before "... and N more"


def _order(values, known: list[str]) -> list:
    rank = {v: i for i, v in enumerate(known)}
    return sorted(values, key=lambda v: (rank.get(v, len(known)), str(v)))


def _seconds(a: datetime | None, b: datetime | None) -> float | None:
    return (b - a).total_seconds() if a is not None and b is not None else None


def run_history(snap: Snapshot, last: int = 10) -> list[dict]:
    """The newest runs first, each with its duration."""
    runs = sorted(snap.rows("runs"), key=lambda r: r["finished_at"], reverse=True)[:last]
    for r in runs:
        r["seconds"] = _seconds(r["started_at"], r["finished_at"])
    return runs


def this_run(snap: Snapshot, summary=None) -> dict:
    """What the run did: from its RunSummary when given, else from the newest runs row."""
    if summary is not None:
        pages = {"added": list(summary.added), "changed": list(summary.changed), "removed": list(summary.removed)}
        counts = {k: len(v) for k, v in pages.items()}
        counts["unchanged"] = summary.unchanged
        rejected = [{"source_path": p, "reason": r, "detail": d} for p, r, d in summary.rejects]
        return {"published": summary.published, "run_id": summary.run_id, "seconds": summary.seconds,
                "pages_in": counts["added"] + counts["changed"] + counts["unchanged"],
                **counts, "rejected": len(rejected), "rejects": rejected[:LISTED],
                "pages": {k: v[:LISTED] for k, v in pages.items()}}
    runs = run_history(snap, 1)
    r = runs[0] if runs else {}
    counts = {k: r.get(f"n_{k}") or 0 for k in ("added", "changed", "removed", "unchanged")}
    return {"published": True, "run_id": snap.run_id, "seconds": r.get("seconds"),
            "pages_in": counts["added"] + counts["changed"] + counts["unchanged"], **counts,
            "rejected": None, "rejects": [], "pages": {}}


def rejects_by_reason(snap: Snapshot) -> list[dict]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in snap.rows("rejects"):
        groups[r["reason"]].append(r)
    out = [{"reason": k, "count": len(v), "pages": sorted(v, key=lambda r: r["source_path"])[:LISTED]}
           for k, v in groups.items()]
    return sorted(out, key=lambda g: (-g["count"], g["reason"]))


def pages_without_nct(snap: Snapshot) -> list[dict]:
    titles = {r["document_id"]: r.get("title") for r in snap.rows("trials")}
    docs = [d for d in snap.table("documents", ["document_id", "nct_id", "source_path", "layout"]).to_pylist()
            if not d.get("nct_id")]
    return [{"source_path": d["source_path"], "layout": d.get("layout"), "title": titles.get(d["document_id"])}
            for d in sorted(docs, key=lambda d: d["source_path"])]


def current_trials(snap: Snapshot) -> list[dict]:
    """One row per trial: the current page of each NCT ID, and every page without one."""
    return [t for t in snap.rows("trials") if t.get("is_current") is not False]


def phase_label(phases) -> str:
    return "/".join(phases) if phases else "not stated"


def phase_status(snap: Snapshot) -> dict:
    """Trials by phase (rows) and status (columns)."""
    cells: Counter = Counter()
    for t in current_trials(snap):
        cells[(phase_label(t.get("phases")), t.get("overall_status") or "not stated")] += 1
    phase_rank = {p: i for i, p in enumerate(PHASE_ORDER)}
    phases = sorted({p for p, _ in cells}, key=lambda p: (p == "not stated", [phase_rank.get(x, 9) for x in p.split("/")]))
    statuses = sorted({s for _, s in cells}, key=lambda s: (s == "not stated", -sum(n for (_, s2), n in cells.items() if s2 == s), s))
    rows = [{"phase": p, "counts": [cells.get((p, s), 0) for s in statuses], "total": sum(cells.get((p, s), 0) for s in statuses)}
            for p in phases]
    return {"statuses": statuses, "rows": rows, "total": sum(cells.values())}


def analyte_spread(snap: Snapshot, top: int = TOP_ANALYTES) -> list[dict]:
    """The most common analytes; per unit, the spread of their lower and upper bounds."""
    t = snap.table("lab_thresholds").select(["document_id", "analyte", "unit", "comparator", "value"])
    t = t.filter(pc.and_(pc.is_valid(t["analyte"]), pc.is_valid(t["value"])))
    counts = Counter(t["analyte"].to_pylist())
    out = []
    for analyte, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]:
        sub = t.filter(pc.equal(t["analyte"], analyte))
        units = []
        for unit in sorted({u for u in sub["unit"].to_pylist() if u is not None}):
            su = sub.filter(pc.equal(sub["unit"], unit))
            units.append({"unit": unit, "lower": _spread(su, LOWER), "upper": _spread(su, ("<=", "<", "="))})
        out.append({"analyte": analyte, "rows": n, "trials": len(set(sub["document_id"].to_pylist())), "units": units})
    return out


def _spread(t: pa.Table, comparators: tuple[str, ...]) -> dict | None:
    vals = sorted(t.filter(pc.is_in(t["comparator"], pa.array(comparators)))["value"].to_pylist())
    if not vals:
        return None
    mid = len(vals) // 2
    median = vals[mid] if len(vals) % 2 else (vals[mid - 1] + vals[mid]) / 2
    return {"n": len(vals), "min": vals[0], "median": median, "max": vals[-1], "values": vals}


def her2_statuses(snap: Snapshot) -> dict:
    """HER2 requirement rows by status (rows) and criterion type (columns), and trials per status."""
    rows = snap.rows("her2_criteria")
    cells = Counter((r.get("her2_status"), r.get("criterion_type")) for r in rows)
    trials: dict[str, set] = defaultdict(set)
    for r in rows:
        trials[r.get("her2_status")].add(r["document_id"])
    types = _order({c for _, c in cells}, CRITERION_ORDER)
    return {"types": types, "rows": [{"status": s, "counts": [cells.get((s, c), 0) for c in types],
                                      "trials": len(trials[s])} for s in _order({s for s, _ in cells}, HER2_ORDER)]}


def build(snap: Snapshot, summary=None) -> dict:
    """Everything the report shows."""
    history = run_history(snap)
    return {
        "run": this_run(snap, summary),
        "published_run": history[0] if history else {"run_id": snap.run_id},
        "history": history,
        "out_dir": str(snap.out_dir),
        "table_counts": {t: n for t, n in sorted(snap.manifest.get("tables", {}).items())},
        "documents": snap.manifest.get("tables", {}).get("documents", 0),
        "rejects": rejects_by_reason(snap),
        "no_nct": pages_without_nct(snap),
        "phase_status": phase_status(snap),
        "analytes": analyte_spread(snap),
        "her2": her2_statuses(snap),
    }

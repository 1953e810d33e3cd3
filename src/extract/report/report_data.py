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


def _blank(col) -> pa.Array:
    """True where a string column is null or empty."""
    return pc.fill_null(pc.equal(col, ""), True)


def pages_without_nct(snap: Snapshot) -> list[dict]:
    docs = snap.table("documents", ["document_id", "nct_id", "source_path", "layout"])
    docs = docs.filter(_blank(docs["nct_id"])).sort_by("source_path")
    trials = snap.table("trials", ["document_id", "title"])
    trials = trials.filter(pc.is_in(trials["document_id"], docs["document_id"]))
    titles = dict(zip(trials["document_id"].to_pylist(), trials["title"].to_pylist()))
    return [{"source_path": d["source_path"], "layout": d.get("layout"), "title": titles.get(d["document_id"])}
            for d in docs.to_pylist()]


def current_trials(snap: Snapshot, columns: list[str] | None = None) -> pa.Table:
    """One row per trial: the current page of each NCT ID, and every page without one."""
    t = snap.table("trials", None if columns is None else sorted({*columns, "is_current"}))
    return t.filter(pc.invert(pc.fill_null(pc.equal(t["is_current"], False), False)))


def phase_label(phases) -> str:
    return "/".join(phases) if phases else "not stated"


def _counts(t: pa.Table, keys: list[str]) -> Counter:
    """Rows per combination of ``keys`` (computed by Arrow, not row by row)."""
    g = t.group_by(keys).aggregate([([], "count_all")]).to_pydict()
    return Counter({tuple(g[k][i] for k in keys): n for i, n in enumerate(g["count_all"])})


def phase_status(snap: Snapshot) -> dict:
    """Trials by phase (rows) and status (columns)."""
    t = current_trials(snap, ["phases", "overall_status"])
    joined = pc.binary_join(t["phases"], "/")
    phase = pc.if_else(_blank(joined), "not stated", joined)
    status = pc.if_else(_blank(t["overall_status"]), "not stated", t["overall_status"])
    cells = _counts(pa.table({"phase": phase, "status": status}), ["phase", "status"])
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
    counts = _counts(t.select(["analyte"]), ["analyte"])
    counts = Counter({k[0]: n for k, n in counts.items()})
    out = []
    for analyte, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]:
        sub = t.filter(pc.equal(t["analyte"], analyte))
        units = []
        for unit in sorted({u for u in sub["unit"].to_pylist() if u is not None}):
            su = sub.filter(pc.equal(sub["unit"], unit))
            units.append({"unit": unit, "lower": _spread(su, LOWER), "upper": _spread(su, ("<=", "<", "="))})
        out.append({"analyte": analyte, "rows": n, "trials": pc.count_distinct(sub["document_id"]).as_py(), "units": units})
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
    t = snap.table("her2_criteria", ["her2_status", "criterion_type", "document_id"])
    cells = _counts(t, ["her2_status", "criterion_type"])
    g = t.group_by("her2_status").aggregate([("document_id", "count_distinct")]).to_pydict()
    trials = dict(zip(g["her2_status"], g["document_id_count_distinct"]))
    types = _order({c for _, c in cells}, CRITERION_ORDER)
    return {"types": types, "rows": [{"status": s, "counts": [cells.get((s, c), 0) for c in types],
                                      "trials": trials.get(s, 0)} for s in _order({s for s, _ in cells}, HER2_ORDER)]}


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

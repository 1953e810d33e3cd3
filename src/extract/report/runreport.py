"""The run report: ``<out>/report.html`` (self-contained, offline) and the same summary as
Markdown (the Prefect artifact)."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from . import report_data
from .labels import cell
from .pages import render, write_atomic
from .snapshot import Snapshot, open_snapshot

REPORT_NAME = "report.html"


def report_path(out_dir: str | Path) -> Path:
    return Path(out_dir) / REPORT_NAME


def render_report(snap: Snapshot, summary=None, data: dict | None = None) -> str:
    from .charts import all_charts

    data = data or report_data.build(snap, summary)
    return render("report.html.j2", d=data, charts=all_charts(data), title="trial-extract run report",
                  written=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC"))


def md(v) -> str:
    """A Markdown table cell from untrusted text: no markup, no HTML, one line."""
    s = cell(v).replace("\r", " ").replace("\n", " ")
    for ch, rep in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("|", "\\|"), ("`", "\\`"), ("*", "\\*"),
                    ("_", "\\_"), ("[", "\\["), ("]", "\\]")):
        s = s.replace(ch, rep)
    return s


def _md_table(head: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(md(h) for h in head) + " |", "|" + "---|" * len(head)]
    return lines + ["| " + " | ".join(md(c) for c in r) + " |" for r in rows] + [""]


def _md_spread(sp: dict | None) -> str:
    return "" if not sp else f"{sp['n']}: {cell(sp['min'])} / {cell(sp['median'])} / {cell(sp['max'])}"


def render_markdown(data: dict, html_path: Path | None = None) -> str:
    r = data["run"]
    out = [f"# trial-extract run {md(r['run_id'] or '-')}", ""]
    if not r["published"]:
        out += [f"No changes: nothing written; {md(data['out_dir'])} still holds run {md(r['run_id'] or '-')}.", ""]
    secs = "-" if r["seconds"] is None else f"{r['seconds']:.1f} s"
    out += _md_table(["pages in", "added", "changed", "removed", "unchanged", "rejected", "extraction time"],
                     [[r["pages_in"], r["added"], r["changed"], r["removed"], r["unchanged"],
                       "-" if r["rejected"] is None else r["rejected"], secs]])
    out += ["## Facts per table", ""] + _md_table(["table", "rows"], list(data["table_counts"].items()))
    if data["rejects"]:
        out += ["## Rejects by reason", ""] + _md_table(
            ["reason", "pages", "first pages"],
            [[g["reason"], g["count"], ", ".join(p["source_path"] for p in g["pages"][:5])] for g in data["rejects"]])
    out += [f"## Pages without an NCT ID: {len(data['no_nct'])}", ""]
    out += _md_table(["page", "title"], [[p["source_path"], p["title"]] for p in data["no_nct"][:20]]) if data["no_nct"] else []
    ps = data["phase_status"]
    if ps["rows"]:
        out += ["## Trials by phase and status", ""] + _md_table(
            ["phase"] + ps["statuses"] + ["total"], [[x["phase"], *x["counts"], x["total"]] for x in ps["rows"]])
    if data["analytes"]:
        out += ["## Most common analytes (lower / upper bounds: n: min / median / max)", ""] + _md_table(
            ["analyte", "rows", "trials", "unit", "lower bounds", "upper bounds"],
            [[a["analyte"], a["rows"], a["trials"], u["unit"], _md_spread(u["lower"]), _md_spread(u["upper"])]
             for a in data["analytes"] for u in a["units"]])
    if data["her2"]["rows"]:
        h = data["her2"]
        out += ["## HER2 statuses", ""] + _md_table(["her2_status"] + h["types"] + ["trials"],
                                                    [[x["status"], *x["counts"], x["trials"]] for x in h["rows"]])
    if html_path is not None:
        out += [f"Full report with charts: {md(str(html_path))}", ""]
    return "\n".join(out)


def write_report(out_dir: str | Path, summary=None, force: bool = True) -> tuple[Path | None, str]:
    """Write ``<out_dir>/report.html`` from the published tables; return (path, markdown).

    With ``force=False`` an existing report is kept when the run published nothing new (the
    published version, which it describes, did not change). (None, "") when nothing is published.
    """
    snap = open_snapshot(out_dir)
    if snap is None:
        return None, ""
    data = report_data.build(snap, summary)
    path = report_path(out_dir)
    unchanged = summary is not None and not summary.published
    if force or not unchanged or not path.exists():
        write_atomic(path, render_report(snap, summary, data))
    return path, render_markdown(data, path.resolve())


def report_after_run(out_dir: str | Path, summary) -> tuple[Path | None, str, str | None]:
    """What a run calls after publishing: (report path, markdown, error). A report that
    cannot be written never fails the run that published the tables."""
    try:
        path, markdown = write_report(out_dir, summary, force=False)
        return path, markdown, None
    except Exception as e:  # noqa: BLE001  (the tables are published; the report is a view of them)
        return None, f"# trial-extract run {summary.run_id or '-'}\n\nThe run report failed: {md(repr(e))}\n", repr(e)

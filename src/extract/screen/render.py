"""Printing verdicts: one JSON object per trial per line, or a ranked rich table of the first trials."""
from __future__ import annotations

from typing import Iterable

STYLE = {"ELIGIBLE": "green", "UNDETERMINED": "yellow", "INELIGIBLE": "red"}


def json_lines(verdicts: Iterable[dict]) -> bytes:
    """One JSON object per verdict per line (UTF-8)."""
    import orjson

    return b"".join(orjson.dumps(v, default=str) + b"\n" for v in verdicts)


def _short(item: dict) -> str:
    alts = item.get("alternatives")
    if alts:
        return "(" + " or ".join(_short(a) for a in alts) + ")"
    value = f" [{item['profile_converted']}]" if item.get("profile_converted") else ""
    return f"{item['what']} {item.get('normalized') or ''}{value}".strip()


def verdict_table(verdicts: list[dict], total: int | None = None):
    from rich.table import Table

    shown = f"the first {len(verdicts)} of {total} trials" if total and total > len(verdicts) else f"{len(verdicts)} trials"
    t = Table(title=shown, show_lines=False)
    for col in ("#", "verdict", "NCT ID"):
        t.add_column(col, no_wrap=True)
    for col in ("phases", "title", "failed", "missing", "passed"):
        t.add_column(col, overflow="fold")
    for n, v in enumerate(verdicts, 1):
        t.add_row(str(n), f"[{STYLE[v['verdict']]}]{v['verdict']}[/]", v.get("nct_id") or v["document_id"][:12],
                  "/".join(v.get("phases") or []), (v.get("title") or "")[:60],
                  "; ".join(_short(i) for i in v["failed"]), ", ".join(i["what"] for i in v["missing"]),
                  str(len(v["passed"])))
    return t


def print_table(verdicts: list[dict], console=None, total: int | None = None, summary: dict | None = None) -> None:
    """The ranked table; ``total`` and ``summary`` (verdict -> trials) say what was left out."""
    from rich.console import Console

    console = console or Console()
    console.print(verdict_table(verdicts, total))
    if summary:
        console.print(", ".join(f"[{STYLE[v]}]{n} {v}[/]" for v, n in summary.items())
                      + (f"; --top 0 prints all {total}" if total and total > len(verdicts) else ""))

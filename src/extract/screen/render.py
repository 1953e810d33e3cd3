"""Printing verdicts: one JSON object per trial per line, or a ranked rich table."""
from __future__ import annotations

import json

from rich.console import Console
from rich.table import Table

STYLE = {"ELIGIBLE": "green", "UNDETERMINED": "yellow", "INELIGIBLE": "red"}


def json_lines(verdicts: list[dict]) -> str:
    return "".join(json.dumps(v, ensure_ascii=False, default=str) + "\n" for v in verdicts)


def _short(item: dict) -> str:
    alts = item.get("alternatives")
    if alts:
        return "(" + " or ".join(_short(a) for a in alts) + ")"
    value = f" [{item['profile_converted']}]" if item.get("profile_converted") else ""
    return f"{item['what']} {item.get('normalized') or ''}{value}".strip()


def verdict_table(verdicts: list[dict]) -> Table:
    t = Table(title=f"{len(verdicts)} trials", show_lines=False)
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


def print_table(verdicts: list[dict], console: Console | None = None) -> None:
    (console or Console()).print(verdict_table(verdicts))

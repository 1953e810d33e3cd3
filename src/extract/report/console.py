"""The terminal side of a run: a progress bar on long runs and a summary table at the end."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from . import progress
from .runreport import report_path

LONG_RUN_PAGES = 200  # fewer pages to extract than this: no bar (a short run is over before it draws)


@contextmanager
def progress_bar(console: Console | None = None, min_pages: int = LONG_RUN_PAGES) -> Iterator[None]:
    """Show a bar while the run extracts pages (on a terminal, when there are many)."""
    console = console or Console(stderr=True)
    bar = Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TextColumn("pages"),
                   TimeElapsedColumn(), TimeRemainingColumn(), console=console, transient=True)
    state: dict = {}

    def listen(event: str, pages: int) -> None:
        if event == "planned" and pages >= min_pages and console.is_terminal:
            bar.start()
            state["task"] = bar.add_task("extract", total=pages)
        elif event == "done" and "task" in state:
            bar.advance(state["task"], pages)

    with progress.listening(listen):
        try:
            yield
        finally:
            bar.stop()


def summary_table(summary) -> Table:
    t = Table(title=f"trial-extract run {summary.run_id or '-'}", title_justify="left")
    t.add_column("pages", justify="left")
    t.add_column("", justify="right")
    t.add_column("table", justify="left")
    t.add_column("rows", justify="right")
    left = [("added", len(summary.added)), ("changed", len(summary.changed)), ("removed", len(summary.removed)),
            ("unchanged", summary.unchanged), ("rejected in this run", len(summary.rejects)),
            ("seconds", f"{summary.seconds:.1f}")]
    right = list(summary.table_counts.items())
    for i in range(max(len(left), len(right))):
        a = left[i] if i < len(left) else ("", "")
        b = right[i] if i < len(right) else ("", "")
        t.add_row(str(a[0]), f"{a[1]:,}" if isinstance(a[1], int) else str(a[1]),
                  str(b[0]), f"{b[1]:,}" if isinstance(b[1], int) else str(b[1]))
    return t


def print_summary(summary, out_dir: str | Path, console: Console | None = None) -> None:
    """The end-of-run table, and where the report is."""
    console = console or Console()
    console.print(summary_table(summary))
    if not summary.published:
        console.print(f"no changes: nothing written; {out_dir} still holds run {summary.run_id or '-'}")
    path = report_path(out_dir)
    if path.exists():
        console.print(f"report: {path.resolve()}", soft_wrap=True, markup=False, highlight=False)

"""``trial-extract``: run the flow, ingest pages ad hoc, score against gold, show schemas."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

from .ingest import DEFAULT_MAX_BYTES

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)


def _use_prefect(asked: bool) -> bool:
    """The Prefect flow when asked (--prefect) or when a Prefect server is configured; else
    the same library steps directly (no temporary server: seconds instead of tens)."""
    from flows import server_configured

    return asked or server_configured()


def _run(prefect: bool = False, **kw) -> None:
    from .store import LockBusy, lock_holder

    holder = lock_holder(Path(kw["out_dir"])) if not kw.get("lock_timeout") else None
    if holder:
        typer.echo(f"trial-extract: another run is writing {kw['out_dir']} ({holder}); nothing was done: "
                   "re-run when it has finished, or pass --lock-timeout SECONDS to wait", err=True)
        raise typer.Exit(code=3)
    try:
        if _use_prefect(prefect):
            from flows.extract_trials import extract_trials

            extract_trials(**kw)  # the flow logs its summary
        else:
            typer.echo(_run_local(**kw).render())
    except LockBusy as e:
        typer.echo(f"trial-extract: {e}", err=True)
        raise typer.Exit(code=3)
    except KeyboardInterrupt as e:  # Ctrl-C, or SIGTERM (extract.local.Stopped)
        typer.echo(f"trial-extract: {e or 'interrupted'}; the run was stopped and "
                   f"{kw['out_dir']} keeps its last published state", err=True)
        raise typer.Exit(code=143 if type(e).__name__ == "Stopped" else 130)


def _run_local(dask: bool = False, address: Optional[str] = None, **kw):
    from contextlib import nullcontext

    from .local import dask_executor, default_workers, run_local

    raw = kw.pop("raw_dir")
    out = kw.pop("out_dir")
    workers = kw.pop("workers", None) or default_workers()
    with dask_executor(workers, address) if dask else nullcontext() as executor:
        return run_local(raw, out, workers=workers, executor=executor, **kw)


_WORKERS_HELP = "extraction processes (default: the processors available)"
_BUDGET_HELP = "seconds one page may take before it becomes a `timeout` reject (0: no limit)"


@app.command()
def run(
    raw: Path = typer.Option(Path("raw"), "--raw", help="folder of raw pages"),
    out: Path = typer.Option(Path("curated"), "--out", help="curated output folder"),
    workers: Optional[int] = typer.Option(None, help=_WORKERS_HELP),
    batch_size: Optional[int] = typer.Option(None, help="pages per batch (default: sized to the run, at most 250)"),
    budget: float = typer.Option(10.0, help=_BUDGET_HELP),
    dask: bool = typer.Option(False, help="run the batches on Dask: a local cluster, or --address"),
    address: Optional[str] = typer.Option(None, help="Dask scheduler tcp://host:port (with --dask); its workers "
                                                    "must see --raw and --out at the same paths"),
    prefect: bool = typer.Option(False, help="run as a Prefect flow even when no Prefect server is configured"),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, help="pages larger than this are rejected as too_large"),
    lock_timeout: float = typer.Option(0.0, help="seconds to wait for another run on the same --out"),
) -> None:
    """Extract every page under --raw into --out (incremental: only new or changed pages)."""
    if not raw.is_dir():
        typer.echo(f"trial-extract: raw folder {raw} does not exist", err=True)
        raise typer.Exit(code=2)
    if address and not dask:
        dask = True
    _run(prefect=prefect, raw_dir=str(raw), out_dir=str(out), workers=workers, dask=dask, address=address,
         batch_size=batch_size, budget=budget, max_bytes=max_bytes, lock_timeout=lock_timeout)


@app.command()
def serve(
    cron: str = typer.Option("0 * * * *", help="cron schedule of the runs"),
    raw: Path = typer.Option(Path("raw"), "--raw"),
    out: Path = typer.Option(Path("curated"), "--out"),
    name: str = typer.Option("trial-extract-scheduled", help="deployment name"),
) -> None:
    """Serve the flow on a cron schedule (needs a running Prefect server: PREFECT_API_URL)."""
    import os

    if not os.environ.get("PREFECT_API_URL"):
        typer.echo("trial-extract: schedules need a real Prefect server; start one with "
                   "`prefect server start` and set PREFECT_API_URL", err=True)
        raise typer.Exit(code=2)
    from flows.extract_trials import extract_trials

    extract_trials.serve(name=name, cron=cron, parameters={"raw_dir": str(raw.resolve()), "out_dir": str(out.resolve())})


@app.command()
def ingest(
    files: List[Path] = typer.Argument(..., help="pages to add or replace"),
    out: Path = typer.Option(Path("curated"), "--out"),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES),
    lock_timeout: float = typer.Option(30.0),
    budget: float = typer.Option(10.0, help=_BUDGET_HELP),
    workers: Optional[int] = typer.Option(None, help=_WORKERS_HELP),
    prefect: bool = typer.Option(False, help="run as a Prefect flow even when no Prefect server is configured"),
) -> None:
    """Add or replace single pages in an existing curated folder (others are kept)."""
    _run(prefect=prefect, raw_dir=".", out_dir=str(out), files=[str(f) for f in files], max_bytes=max_bytes,
         lock_timeout=lock_timeout, budget=budget, workers=workers)


@app.command()
def score(
    gold: Path = typer.Option(Path("tests/gold"), "--gold"),
    out: Path = typer.Option(Path("curated"), "--out", help="curated folder to score"),
    root: Optional[Path] = typer.Option(None, help="folder gold `document` paths are relative to"),
    only: Optional[List[str]] = typer.Option(None, help="only gold files whose name starts with this"),
    by_document: bool = typer.Option(False, "--by-document", help="list what is wrong per document"),
    json_out: Optional[Path] = typer.Option(None, "--json", help="also write the report as JSON"),
) -> None:
    """Print per-table, per-field precision, recall and F1 of --out against the gold records."""
    from .score import format_report, score_dir

    report = score_dir(gold, out, root=root, only=only)
    typer.echo(format_report(report, by_document=by_document))
    if json_out:
        json_out.write_text(json.dumps(report.to_dict(), indent=2, default=str))


@app.command()
def schema(table: Optional[str] = typer.Argument(None)) -> None:
    """Print the Arrow schema of one curated table, or of all."""
    from .schema import SCHEMAS

    for name, sch in SCHEMAS.items():
        if table and name != table:
            continue
        typer.echo(f"{name}:")
        for f in sch:
            typer.echo(f"  {f.name:<20} {f.type}{'' if f.nullable else ' not null'}")


@app.command()
def extract(file: Path, table: Optional[str] = typer.Option(None, help="only this table")) -> None:
    """Extract one page and print its rows as JSON lines (no Prefect, nothing written)."""
    from .batch import extract_text
    from .ingest import read_page

    rows = extract_text(read_page(file, str(file)))
    for t, rs in rows.tables.items():
        if (table and t != table) or t == "documents":
            continue
        for r in rs:
            typer.echo(json.dumps({"table": t, **r}, default=str, ensure_ascii=False))


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())

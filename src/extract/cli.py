"""``trial-extract``: run the flow, ingest pages ad hoc, score against gold, show a page's
evidence, screen a patient against the trials, show schemas and the data dictionary."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

from .limits import DEFAULT_MAX_BYTES

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
    from .report.console import print_summary, progress_bar

    try:
        with progress_bar():
            if _use_prefect(prefect):
                from flows.extract_trials import extract_trials

                summary = extract_trials(**kw)  # the flow logs its summary and writes the report
            else:
                summary = _run_local(**kw)  # writes the report too
    except LockBusy as e:
        typer.echo(f"trial-extract: {e}", err=True)
        raise typer.Exit(code=3)
    except KeyboardInterrupt as e:  # Ctrl-C, or SIGTERM (extract.local.Stopped)
        typer.echo(f"trial-extract: {e or 'interrupted'}; the run was stopped and "
                   f"{kw['out_dir']} keeps its last published state", err=True)
        raise typer.Exit(code=143 if type(e).__name__ == "Stopped" else 130)
    print_summary(summary, kw["out_dir"])


def _run_local(dask: bool = False, address: Optional[str] = None, **kw):
    from contextlib import nullcontext

    from .local import dask_executor, default_workers, run_local

    raw = kw.pop("raw_dir")
    out = kw.pop("out_dir")
    workers = kw.pop("workers", None) or default_workers()
    with dask_executor(workers, address) if dask else nullcontext() as executor:
        return run_local(raw, out, workers=workers, executor=executor, report=True, **kw)


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
    cron: Optional[str] = typer.Option(None, help="cron schedule of the runs, e.g. '0 2 * * *' (02:00 daily); "
                                       "the default is hourly ('0 * * * *') when --interval is not given"),
    interval: Optional[float] = typer.Option(None, help="run every SECONDS instead of on a cron schedule"),
    timezone: str = typer.Option("UTC", help="IANA time zone of the cron schedule, e.g. Europe/Berlin"),
    raw: Path = typer.Option(Path("raw"), "--raw"),
    out: Path = typer.Option(Path("curated"), "--out"),
    name: str = typer.Option("trial-extract-scheduled", help="deployment name"),
    lock_timeout: float = typer.Option(0.0, help="seconds a scheduled run waits for another run on the same "
                                       "--out; 0: it fails at once and writes nothing"),
) -> None:
    """Run the flow on a schedule until stopped (needs a running Prefect server: PREFECT_API_URL)."""
    import os

    if not os.environ.get("PREFECT_API_URL"):
        typer.echo("trial-extract: schedules need a real Prefect server; start one with "
                   "`prefect server start` and set PREFECT_API_URL", err=True)
        raise typer.Exit(code=2)
    if not raw.is_dir():
        typer.echo(f"trial-extract: raw folder {raw} does not exist", err=True)
        raise typer.Exit(code=2)
    if cron is None and interval is None:
        cron = "0 * * * *"
    # scheduled runs send their logs (the run summary) to the server, to read in the UI
    os.environ.setdefault("PREFECT_LOGGING_TO_API_ENABLED", "true")
    from flows.serve import make_schedule, serve_flow

    try:
        schedule = make_schedule(cron, interval, timezone)
    except ValueError as e:
        typer.echo(f"trial-extract: {e}", err=True)
        raise typer.Exit(code=2)
    params = {"raw_dir": str(raw.resolve()), "out_dir": str(out.resolve()), "lock_timeout": lock_timeout}
    when = f"every {interval:g} s" if interval is not None else f"cron '{cron}' ({timezone})"
    typer.echo(f"trial-extract: serving deployment 'trial-extract/{name}', {when}, {raw} -> {out}; "
               "stop with Ctrl-C or SIGTERM", err=True)
    serve_flow(schedule, params, name)


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
def show(
    page: str = typer.Argument(..., metavar="PAGE_OR_NCT_ID", help="NCT ID (its current page), page path or name, or document_id"),
    out: Path = typer.Option(Path("curated"), "--out", help="curated folder to read"),
    html: Optional[Path] = typer.Option(None, "--html", help="write the viewer here (default build/show/<name>.html)"),
) -> None:
    """Write the evidence viewer of one page (its text, every fact highlighted) and print its path."""
    from .report.snapshot import open_snapshot
    from .report.viewer import NotFound, write_viewer

    snap = open_snapshot(out)
    if snap is None:
        typer.echo(f"trial-extract: nothing is published in {out}; run `trial-extract run` first", err=True)
        raise typer.Exit(code=2)
    try:
        typer.echo(str(write_viewer(snap, page, html).resolve()))
    except NotFound as e:
        typer.echo(f"trial-extract: {e.args[0]}", err=True)
        raise typer.Exit(code=2)


@app.command()
def dictionary(
    write: Optional[Path] = typer.Option(None, "--write", help="write it to this file (e.g. docs/DATA_DICTIONARY.md)"),
    check: Optional[Path] = typer.Option(None, "--check", help="exit 1 when this file is not up to date"),
) -> None:
    """Print (or write, or check) the data dictionary generated from schemas, CONTRACT and rules."""
    from .report.dictionary import dictionary_markdown

    text = dictionary_markdown()
    if check is not None:
        if not check.exists() or check.read_text(encoding="utf-8") != text:
            typer.echo(f"trial-extract: {check} is out of date; run `trial-extract dictionary --write {check}`", err=True)
            raise typer.Exit(code=1)
        typer.echo(f"{check} is up to date")
    elif write is not None:
        write.parent.mkdir(parents=True, exist_ok=True)
        write.write_text(text, encoding="utf-8")
        typer.echo(str(write))
    else:
        typer.echo(text, nl=False)


@app.command()
def schema(
    table: Optional[str] = typer.Argument(None),
    markdown: bool = typer.Option(False, "--markdown", help="print the whole generated data dictionary"),
) -> None:
    """Print the Arrow schema of one curated table, or of all (or the data dictionary)."""
    from .schema import SCHEMAS

    if markdown:
        from .report.dictionary import dictionary_markdown

        typer.echo(dictionary_markdown(), nl=False)
        return
    for name, sch in SCHEMAS.items():
        if table and name != table:
            continue
        typer.echo(f"{name}:")
        for f in sch:
            typer.echo(f"  {f.name:<20} {f.type}{'' if f.nullable else ' not null'}")


@app.command()
def extract(file: Path, table: Optional[str] = typer.Option(None, help="only this table")) -> None:
    """Extract one page or record file (every study of a list file or ZIP) and print its rows
    as JSON lines (no Prefect, nothing written); rejects go to stderr."""
    from .batch import SRC, extract_batch
    from .schema import DOCUMENT_TABLES
    from .store import discover_files

    found = discover_files([file])
    res = extract_batch(found.pages)
    for r in found.rejects + res.rejects:
        typer.echo(f"rejected {r['source_path']}: {r['reason']}: {r['detail']}", err=True)
    for t in DOCUMENT_TABLES[1:]:
        if table and t != table:
            continue
        for r in res.table(t).drop_columns([SRC]).to_pylist():
            typer.echo(json.dumps({"table": t, **r}, default=str, ensure_ascii=False))


@app.command()
def match(
    profile: Path = typer.Argument(..., help="patient profile (YAML or JSON)"),
    out: Path = typer.Option(Path("curated"), "--out", help="curated folder to read"),
    json_lines: bool = typer.Option(False, "--json", help="one JSON object per trial per line (every trial)"),
    nct: Optional[List[str]] = typer.Option(None, "--nct", help="only these NCT IDs (repeatable)"),
    top: int = typer.Option(25, "--top", help="table: the first N trials in rank order (0: all)"),
) -> None:
    """Judge every current trial against a patient profile: ELIGIBLE, INELIGIBLE or UNDETERMINED, with reasons."""
    from .screen import ProfileError, load_profile, screen
    from .screen.render import json_lines as as_json, print_table

    try:
        found = screen(load_profile(profile), out, nct=nct)
    except (ProfileError, FileNotFoundError, OSError) as e:
        typer.echo(f"trial-extract: {e}", err=True)
        raise typer.Exit(code=2)
    if json_lines:
        typer.echo(as_json(found.verdicts()), nl=False)
    else:
        print_table(found.verdicts(top or None), total=len(found), summary=found.summary())


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())

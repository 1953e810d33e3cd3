"""The curated folder: discovery, incremental planning, locking and atomic publication.

Layout of ``curated/``::

    _versions/<run_id>/<table>.parquet   one complete set of tables per published run
    _versions/<run_id>/_MANIFEST.json    written last: a version without it is incomplete
    current -> _versions/<run_id>        the published version (one atomic symlink swap)
    <table>.parquet -> current/<table>.parquet   stable paths analysts read
    _manifest.json                       copy of the current version's manifest
    .lock                                flock held by the running run (released by the OS
                                         when the process dies, so a crash never leaves it stuck)

A run writes a new version beside the old one and publishes it by replacing the
``current`` symlink with ``os.replace`` (atomic on POSIX). A reader that opens
``curated/trials.parquet`` always gets a complete table; a run killed at any point leaves
``current`` on the last complete version, and the next run deletes the leftovers.
"""
from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import shutil
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from . import __version__
from .batch import PageRef, reject_row
from .ruledata import rule_hashes
from .schema import ALL_TABLES, DOCUMENT_TABLES, SCHEMA_VERSION, SCHEMAS, to_table

VERSIONS = "_versions"
CURRENT = "current"
MANIFEST = "_MANIFEST.json"
KEEP_VERSIONS = 3
SUFFIXES = (".txt", ".md", ".html", ".htm")


class LockBusy(RuntimeError):
    pass


# ------------------------------------------------------------------------------ lock
@contextmanager
def run_lock(out_dir: Path, timeout: float = 0.0):
    """Hold ``out_dir/.lock`` for the duration of a run (waits up to ``timeout`` seconds)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / ".lock"
    fh = open(path, "a+")
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            if time.monotonic() >= deadline:
                fh.seek(0)
                holder = fh.read().strip() or "unknown"
                fh.close()
                raise LockBusy(
                    f"another trial-extract run holds {path} ({holder}); "
                    "wait for it to finish or pass a longer --lock-timeout"
                ) from None
            time.sleep(0.2)
    fh.seek(0)
    fh.truncate()
    fh.write(f"pid {os.getpid()} since {datetime.now(timezone.utc).isoformat(timespec='seconds')}\n")
    fh.flush()
    try:
        yield
    finally:
        fh.seek(0)
        fh.truncate()
        fh.flush()
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        fh.close()


# ------------------------------------------------------------------------- discovery
@dataclass
class Discovered:
    pages: list[PageRef] = field(default_factory=list)
    rejects: list[dict] = field(default_factory=list)  # inputs refused before reading


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def discover(raw_dir: Path) -> Discovered:
    """Every page under ``raw_dir`` (sorted by relative path), hashed.

    Hidden files are skipped; symlinks are followed only when they resolve inside
    ``raw_dir``; files whose suffix is not a page type are recorded as rejects.
    """
    raw_dir = Path(raw_dir)
    root = raw_dir.resolve()
    out = Discovered()
    for dirpath, dirnames, filenames in os.walk(raw_dir, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or name.lower() == "readme.md":
                continue
            p = Path(dirpath) / name
            rel = p.relative_to(raw_dir).as_posix()
            if p.is_symlink():
                target = p.resolve()
                if not target.is_relative_to(root) or not target.is_file():
                    out.rejects.append(reject_row(rel, None, "symlink_outside_raw", f"symlink to {target} not followed"))
                    continue
            if not p.is_file():
                continue
            if not name.lower().endswith(SUFFIXES):
                out.rejects.append(reject_row(rel, sha256_file(p), "unsupported_type", f"suffix {p.suffix!r} is not a page type ({', '.join(SUFFIXES)})"))
                continue
            out.pages.append(PageRef(str(p), rel, sha256_file(p)))
    out.pages.sort(key=lambda r: r.source_path)
    return out


# ---------------------------------------------------------------------- state & plan
def read_current(out_dir: Path) -> dict[str, pa.Table] | None:
    """The published tables, or None when nothing has been published yet."""
    cur = Path(out_dir) / CURRENT
    if not (cur / MANIFEST).exists():
        return None
    tables = {}
    for t in ALL_TABLES:
        p = cur / f"{t}.parquet"
        tables[t] = pq.read_table(p, schema=SCHEMAS[t]) if p.exists() else SCHEMAS[t].empty_table()
    return tables


def current_manifest(out_dir: Path) -> dict | None:
    p = Path(out_dir) / CURRENT / MANIFEST
    return json.loads(p.read_text()) if p.exists() else None


@dataclass
class Plan:
    to_extract: list[PageRef]
    added: list[str]
    changed: list[str]
    removed: list[str]
    unchanged: list[str]
    keep_document_ids: set[str]
    keep_reject_paths: set[str]
    pre_rejects: list[dict]

    @property
    def has_changes(self) -> bool:
        return bool(self.to_extract or self.removed or self.pre_rejects_changed)

    pre_rejects_changed: bool = False


def make_plan(prev: dict[str, pa.Table] | None, found: Discovered, overlay: bool = False) -> Plan:
    """Compare discovered pages with the published state by (source_path, sha256).

    ``overlay`` (ad hoc ingestion): pages not named are kept, never removed.
    """
    prev_docs: dict[str, tuple[str, str]] = {}
    prev_rej: dict[str, str | None] = {}
    if prev is not None:
        d = prev["documents"].select(["source_path", "sha256", "document_id"]).to_pylist()
        prev_docs = {r["source_path"]: (r["sha256"], r["document_id"]) for r in d}
        prev_rej = {r["source_path"]: r["sha256"] for r in prev["rejects"].select(["source_path", "sha256"]).to_pylist()}
    seen: set[str] = set()
    to_extract, added, changed, unchanged = [], [], [], []
    keep_ids: set[str] = set()
    keep_rej: set[str] = set()
    for ref in found.pages:
        seen.add(ref.source_path)
        if ref.source_path in prev_docs and prev_docs[ref.source_path][0] == ref.sha256:
            unchanged.append(ref.source_path)
            keep_ids.add(prev_docs[ref.source_path][1])
        elif ref.source_path in prev_rej and prev_rej[ref.source_path] == ref.sha256 and ref.sha256:
            unchanged.append(ref.source_path)
            keep_rej.add(ref.source_path)
        else:
            (changed if ref.source_path in prev_docs or ref.source_path in prev_rej else added).append(ref.source_path)
            to_extract.append(ref)
    pre_changed = False
    for r in found.rejects:
        seen.add(r["source_path"])
        if prev_rej.get(r["source_path"], "<none>") == r["sha256"] and r["source_path"] not in prev_docs:
            keep_rej.add(r["source_path"])
        else:
            pre_changed = True
    removed: list[str] = []
    for sp, (sha, did) in prev_docs.items():
        if sp not in seen:
            if overlay:
                keep_ids.add(did)
            else:
                removed.append(sp)
    for sp in prev_rej:
        if sp not in seen and sp not in prev_docs:
            if overlay:
                keep_rej.add(sp)
            else:
                removed.append(sp)
    plan = Plan(to_extract, added, changed, sorted(removed), unchanged, keep_ids, keep_rej, found.rejects)
    plan.pre_rejects_changed = pre_changed
    return plan


# ------------------------------------------------------------------------- assemble
def _sort_rows(rows: list[dict], doc_order: dict[str, int]) -> list[dict]:
    # stable: rows of one document keep the order records.py gave them
    return sorted(rows, key=lambda r: doc_order.get(r["document_id"], 1 << 30))


def assemble(prev: dict[str, pa.Table] | None, plan: Plan, new_tables: dict[str, list[dict]], new_rejects: list[dict]) -> dict[str, pa.Table]:
    """Carried-over rows of unchanged pages + rows of extracted pages, in a canonical order."""
    rows: dict[str, list[dict]] = {t: [] for t in DOCUMENT_TABLES}
    if prev is not None:
        for t in DOCUMENT_TABLES:
            rows[t].extend(r for r in prev[t].to_pylist() if r["document_id"] in plan.keep_document_ids)
    for t in DOCUMENT_TABLES:
        rows[t].extend(new_tables.get(t, []))
    # the same normalized text under two paths: one document, the first path wins
    docs, dup_rejects, kept = [], [], set()
    for d in sorted(rows["documents"], key=lambda r: r["source_path"]):
        if d["document_id"] in kept:
            dup_rejects.append(reject_row(d["source_path"], d["sha256"], "duplicate", f"same normalized text as document {d['document_id']}"))
            continue
        kept.add(d["document_id"])
        docs.append(d)
    first_path = {d["document_id"]: d["source_path"] for d in docs}
    rows["documents"] = docs
    order = {d["document_id"]: i for i, d in enumerate(docs)}
    for t in DOCUMENT_TABLES[1:]:
        seen_doc_rows: dict[str, str] = {}
        kept_rows = []
        for r in rows[t]:
            # rows of a duplicate document come twice; keep those of the first batch that made them
            if r["document_id"] in first_path:
                kept_rows.append(r)
        rows[t] = _dedupe_document_rows(kept_rows)
        rows[t] = _sort_rows(rows[t], order)
    _mark_current(rows["trials"], {d["document_id"]: d for d in docs})
    rejects = []
    if prev is not None:
        rejects.extend(r for r in prev["rejects"].to_pylist() if r["source_path"] in plan.keep_reject_paths)
    carried = {r["source_path"] for r in rejects}
    rejects.extend(r for r in plan.pre_rejects if r["source_path"] not in carried)
    rejects.extend(new_rejects)
    rejects.extend(dup_rejects)
    rejects.sort(key=lambda r: (r["source_path"], r["reason"]))
    out = {t: to_table(t, rows[t]) for t in DOCUMENT_TABLES}
    out["rejects"] = to_table("rejects", rejects)
    return out


def _dedupe_document_rows(rows: list[dict]) -> list[dict]:
    """When one document_id was extracted twice (duplicate text), keep one copy of its rows."""
    by_doc: dict[str, int] = {}
    out = []
    seen_sets: dict[str, set] = {}
    for r in rows:
        key = tuple(sorted((k, repr(v)) for k, v in r.items()))
        s = seen_sets.setdefault(r["document_id"], set())
        if key in s:
            continue
        s.add(key)
        out.append(r)
    return out


def _mark_current(trials: list[dict], docs: dict[str, dict]) -> None:
    """Among documents naming the same NCT ID, the newest last update (then ingestion) is current."""
    groups: dict[str, list[dict]] = {}
    for t in trials:
        if t["nct_id"]:
            groups.setdefault(t["nct_id"], []).append(t)
        else:
            t["is_current"] = True
    for g in groups.values():
        def key(t):
            d = docs.get(t["document_id"], {})
            lu = t["last_update_posted"]
            return (lu is not None, lu.isoformat() if lu else "", str(d.get("ingested_at", "")), d.get("source_path", ""))
        best = max(g, key=key)
        for t in g:
            t["is_current"] = t is best


# ------------------------------------------------------------------------- publish
def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_table_atomic(table: pa.Table, path: Path) -> None:
    """Write Parquet to a temp file in the same folder, fsync, then rename over ``path``."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _atomic_symlink(target: str, link: Path) -> None:
    tmp = link.with_name(f".{link.name}.{uuid.uuid4().hex}.lnk")
    os.symlink(target, tmp)
    os.replace(tmp, link)


def publish(out_dir: Path, tables: dict[str, pa.Table], manifest: dict) -> Path:
    """Write a complete new version and make it current in one atomic step."""
    out_dir = Path(out_dir)
    vdir = out_dir / VERSIONS / manifest["run_id"]
    vdir.mkdir(parents=True, exist_ok=False)
    for name, table in tables.items():
        write_table_atomic(table.cast(SCHEMAS[name]), vdir / f"{name}.parquet")
    mpath = vdir / MANIFEST
    tmp = vdir / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps(manifest, indent=2, sort_keys=True, default=str))
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, mpath)
    _fsync_dir(vdir)
    _atomic_symlink(f"{VERSIONS}/{manifest['run_id']}", out_dir / CURRENT)
    _fsync_dir(out_dir)
    for name in tables:
        link = out_dir / f"{name}.parquet"
        if not (link.is_symlink() and os.readlink(link) == f"{CURRENT}/{name}.parquet"):
            if link.exists() and not link.is_symlink():
                if link.is_dir():
                    shutil.rmtree(link)
                else:
                    link.unlink()
            _atomic_symlink(f"{CURRENT}/{name}.parquet", link)
    tmp = out_dir / "._manifest.json.tmp"
    tmp.write_text(json.dumps(manifest, indent=2, sort_keys=True, default=str))
    os.replace(tmp, out_dir / "_manifest.json")
    return vdir


def cleanup(out_dir: Path, keep: int = KEEP_VERSIONS) -> list[str]:
    """Delete incomplete versions (crashed runs) and all but the newest ``keep`` complete ones."""
    vroot = Path(out_dir) / VERSIONS
    if not vroot.exists():
        return []
    cur = os.path.realpath(Path(out_dir) / CURRENT) if (Path(out_dir) / CURRENT).exists() else None
    complete, removed = [], []
    for v in vroot.iterdir():
        if os.path.realpath(v) == cur:
            continue
        if (v / MANIFEST).exists():
            complete.append(v)
        else:
            shutil.rmtree(v, ignore_errors=True)
            removed.append(v.name)
    complete.sort(key=lambda v: json.loads((v / MANIFEST).read_text()).get("finished_at", ""), reverse=True)
    for v in complete[max(0, keep - 1):]:
        shutil.rmtree(v, ignore_errors=True)
        removed.append(v.name)
    for tmp in Path(out_dir).glob(".*.tmp"):
        tmp.unlink(missing_ok=True)
    for tmp in Path(out_dir).glob(".*.lnk"):
        tmp.unlink(missing_ok=True)
    return removed


def new_run_id(now: datetime) -> str:
    return now.strftime("%Y%m%dT%H%M%S%fZ") + "-" + uuid.uuid4().hex[:6]


def runs_table(prev: dict[str, pa.Table] | None, run_row: dict) -> pa.Table:
    rows = prev["runs"].to_pylist() if prev is not None else []
    rows.append(run_row)
    return to_table("runs", rows)


def run_row(run_id: str, started: datetime, finished: datetime, tables: dict[str, pa.Table], plan: Plan, n_rejects: int) -> dict:
    return {
        "run_id": run_id,
        "started_at": started,
        "finished_at": finished,
        "pipeline_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "rule_hashes": list(rule_hashes().items()),
        "table_counts": [(t, tables[t].num_rows) for t in sorted(tables)],
        "n_added": len(plan.added),
        "n_changed": len(plan.changed),
        "n_removed": len(plan.removed),
        "n_unchanged": len(plan.unchanged),
        "n_rejects": n_rejects,
    }


def discover_files(files: list[Path]) -> Discovered:
    """Pages named on the command line (ad hoc ingestion); source_path is the path as given."""
    out = Discovered()
    for p in files:
        sp = str(p)
        if not p.exists():
            out.rejects.append(reject_row(sp, None, "undecodable", "file not found"))
            continue
        if not p.is_file():
            out.rejects.append(reject_row(sp, None, "unsupported_type", "not a regular file"))
            continue
        out.pages.append(PageRef(str(p), sp, sha256_file(p)))
    out.pages.sort(key=lambda r: r.source_path)
    return out


def assemble_and_publish(out_dir: Path, plan: Plan, result, started: datetime):
    """Assemble the new state and publish it; nothing is written when nothing changed."""
    from .summary import RunSummary

    prev = read_current(out_dir)
    new_rejects = list(result.rejects)
    summary = RunSummary(
        run_id=None,
        published=False,
        out_dir=str(out_dir),
        added=plan.added,
        changed=plan.changed,
        removed=plan.removed,
        unchanged=len(plan.unchanged),
        rejects=[(r["source_path"], r["reason"], r["detail"] or "") for r in new_rejects + [
            r for r in plan.pre_rejects if r["source_path"] not in plan.keep_reject_paths]],
    )
    if prev is not None and not plan.has_changes:
        summary.table_counts = {t: prev[t].num_rows for t in ALL_TABLES}
        summary.seconds = (datetime.now(timezone.utc) - started).total_seconds()
        return summary
    tables = assemble(prev, plan, result.tables, new_rejects)
    finished = datetime.now(timezone.utc)
    run_id = new_run_id(started)
    tables["runs"] = runs_table(prev, run_row(run_id, started, finished, tables, plan, tables["rejects"].num_rows))
    manifest = {
        "run_id": run_id,
        "started_at": started.isoformat(),
        "finished_at": finished.isoformat(),
        "pipeline_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "tables": {t: tables[t].num_rows for t in sorted(tables)},
    }
    publish(out_dir, tables, manifest)
    cleanup(out_dir)
    summary.run_id = run_id
    summary.published = True
    summary.table_counts = {t: tables[t].num_rows for t in ALL_TABLES}
    summary.seconds = (datetime.now(timezone.utc) - started).total_seconds()
    return summary

"""The curated folder: locking, the pipeline fingerprint and incremental planning; discovery
(:mod:`extract.discovery`) and atomic publication (:mod:`extract.versions`) are re-exported here.

Layout of ``curated/``::

    _versions/<run_id>/<table>.parquet   one complete set of tables per published run
    _versions/<run_id>/_files.parquet    discovery index of that run (size, mtime, hash per page)
    _versions/<run_id>/_MANIFEST.json    written last: a version without it is incomplete
    _versions/<run_id>/_parts/           while a run extracts: each batch's rows as Parquet parts,
                                         merged into the tables above, then removed
    current -> _versions/<run_id>        the published version (one atomic symlink swap)
    <table>.parquet -> current/<table>.parquet   stable paths analysts read
    _manifest.json                       copy of the current version's manifest
    .lock                                flock held by the running run (released by the OS
                                         when the process dies, so a crash never leaves it stuck)

A run writes a new version beside the old one (the workers write their batches' rows as
parts into it; :mod:`extract.assemble` streams them into whole tables) and publishes it by
replacing the
``current`` symlink with ``os.replace`` (atomic on POSIX). A reader that opens
``curated/trials.parquet`` always gets a complete table; a reader that needs several tables
of one run reads them from one resolved version (:func:`snapshot_dir`, :func:`read_snapshot`).
A run killed at any point leaves ``current`` on the last complete version, and the next run
deletes the leftovers and repairs the stable links (:func:`recover`).

Incremental runs compare what discovery finds with the published state by
``(source_path, sha256)`` of the raw bytes, and re-extract everything when the pipeline
fingerprint (code, rule files, versions) differs from the one that produced the state.
"""
from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from . import __version__
from .batch import BatchResult, PageRef
from .discovery import HINT_MARGIN_NS, Discovered, Hints, discover, discover_files, sha256_file  # noqa: F401
from .ingest import DEFAULT_MAX_BYTES
from .ruledata import rule_hashes
from .schema import ALL_TABLES, SCHEMA_VERSION, SCHEMAS
from .versions import (  # noqa: F401  (re-exported for the callers of store)
    FILES, KEEP_VERSIONS, MANIFEST, PARTS, VERSIONS, FILES_SCHEMA, read_manifest, begin_version, current_manifest,
    recover, snapshot_dir)


class LockBusy(RuntimeError):
    pass


# ------------------------------------------------------------------------------ lock
@contextmanager
def run_lock(out_dir: Path, timeout: float | None = 0.0):
    """Hold ``out_dir/.lock`` for the duration of a run.

    Waits up to ``timeout`` seconds (``None``: forever) for another run to finish, then raises
    :class:`LockBusy`. The lock is an ``flock``: the kernel releases it when the holding
    process exits or is killed, so a crashed run never leaves the folder locked.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / ".lock"
    fh = open(path, "a+")
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.EACCES):
                fh.close()
                raise
            if deadline is not None and time.monotonic() >= deadline:
                fh.seek(0)
                holder = fh.read().strip() or "unknown holder"
                fh.close()
                raise LockBusy(
                    f"another trial-extract run is writing {out_dir} ({holder}; lock file {path}); "
                    "nothing was done: re-run when it has finished, or pass --lock-timeout SECONDS to wait"
                ) from None
            time.sleep(0.1)
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


def lock_holder(out_dir: Path) -> str | None:
    """Who holds ``out_dir``'s run lock, or None when it is free (checked without waiting).

    Lets the CLI refuse at once instead of after Prefect's start-up; the run itself still
    takes the lock with :func:`run_lock`.
    """
    path = Path(out_dir) / ".lock"
    if not path.exists():
        return None
    with open(path, "a+") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            fh.seek(0)
            return fh.read().strip() or "unknown holder"
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
    return None


# ----------------------------------------------------------------------- fingerprint
# modules that never decide the rows of a page (orchestration, reporting, scoring)
_NOT_IN_FINGERPRINT = frozenset({"assemble.py", "budget.py", "cli.py", "discovery.py", "gold.py", "local.py",
                                  "publish.py", "score.py", "score_match.py", "score_report.py", "store.py",
                                  "summary.py", "versions.py"})


@lru_cache(maxsize=1)
def pipeline_fingerprint() -> str:
    """Hash of everything that decides the rows of a page: package code, rule files, versions.

    A published state made by another fingerprint is re-extracted in full, so a fixed
    extractor or an edited rule file never leaves stale rows behind unchanged pages.
    """
    h = hashlib.sha256(f"{__version__}\0{SCHEMA_VERSION}\0".encode())
    for name, digest in sorted(rule_hashes().items()):
        h.update(f"rule {name} {digest}\0".encode())
    pkg = Path(__file__).resolve().parent
    for p in sorted(pkg.rglob("*.py")):
        if p.parent == pkg and p.name in _NOT_IN_FINGERPRINT:
            continue
        h.update(f"code {p.relative_to(pkg).as_posix()}\0".encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:24]


# ---------------------------------------------------------------------- state & plan

def _table_ok(vdir: Path, name: str, rows: int) -> bool:
    """The table file is there, whole (footer readable), with the recorded row count and
    today's schema (a state written with another schema is rebuilt, not misread)."""
    try:
        f = pq.ParquetFile(vdir / f"{name}.parquet")
        return f.metadata.num_rows == rows and f.schema_arrow.equals(SCHEMAS[name], check_metadata=False)
    except (OSError, pa.ArrowException):
        return False


@dataclass
class State:
    """The published state, read lazily: planning needs only a few columns."""

    vdir: Path | None
    manifest: dict
    _cache: dict[str, pa.Table] = field(default_factory=dict, repr=False)

    @property
    def fingerprint(self) -> str | None:
        return self.manifest.get("fingerprint")

    def table(self, name: str, columns: list[str] | None = None) -> pa.Table:
        if name in self._cache:
            t = self._cache[name]
            return t.select(columns) if columns else t
        p = self.vdir / f"{name}.parquet" if self.vdir is not None else None
        if p is None or not p.exists():
            return SCHEMAS[name].empty_table().select(columns) if columns else SCHEMAS[name].empty_table()
        if columns:
            return read_parquet(p, SCHEMAS[name], columns)
        t = read_parquet(p, SCHEMAS[name])
        self._cache[name] = t
        return t

    def hints(self) -> Hints:
        p = self.vdir / FILES if self.vdir is not None else None
        if p is None or not p.exists():
            return {}
        try:
            t = read_parquet(p, FILES_SCHEMA)
        except (OSError, pa.ArrowException):
            return {}
        c = t.to_pydict()
        return {
            sp: ((sz, mt, ct, ino), sha, hn)
            for sp, sha, sz, mt, ct, ino, hn in zip(c["source_path"], c["sha256"], c["size"], c["mtime_ns"],
                                                     c["ctime_ns"], c["inode"], c["hashed_ns"])
            if None not in (sha, sz, mt, ct, ino, hn)
        }


def read_parquet(path: Path, schema: pa.Schema, columns: list[str] | None = None) -> pa.Table:
    """A Parquet file (or some columns) cast to ``schema``; reads the file directly (no
    ``pyarrow.dataset``, which imports pandas: half a second of start-up)."""
    t = pq.ParquetFile(path).read(columns=columns)
    return t.cast(pa.schema([schema.field(c) for c in t.column_names]))


def read_state(out_dir: Path) -> State | None:
    """The published state, checked against its manifest (every table present, row counts
    as recorded). A damaged or missing state gives None: the run then rebuilds it in full."""
    vdir = snapshot_dir(out_dir)
    if vdir is None:
        return None
    manifest = read_manifest(vdir)
    if manifest is None:
        return None
    for name in ALL_TABLES:
        if name not in manifest["tables"] or not _table_ok(vdir, name, manifest["tables"][name]):
            return None
    return State(vdir, manifest)


def read_current(out_dir: Path) -> dict[str, pa.Table] | None:
    """Every published table (read from one version), or None when nothing is published."""
    state = read_state(out_dir)
    return None if state is None else {t: state.table(t) for t in ALL_TABLES}


def read_snapshot(out_dir: Path) -> tuple[str, dict[str, "object"]] | None:
    """(run_id, {table: pandas.DataFrame}) all from the same published version."""
    vdir = snapshot_dir(out_dir)
    if vdir is None:
        return None
    manifest = read_manifest(vdir)
    import pandas as pd

    return manifest["run_id"], {t: pd.read_parquet(vdir / f"{t}.parquet") for t in manifest["tables"]}


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
    pre_rejects_changed: bool = False
    # pages re-extracted although their bytes did not change (pipeline changed, their
    # duplicate twin went away, the size limit was raised); they are also in ``unchanged``
    reprocessed: list[str] = field(default_factory=list)
    reason: str | None = None  # why everything is re-extracted, if it is
    files: list[PageRef] = field(default_factory=list)  # every discovered page (the next run's hints)
    fingerprint: str | None = None
    hashed: int = 0
    overlay: bool = False

    @property
    def has_changes(self) -> bool:
        return bool(self.to_extract or self.removed or self.pre_rejects_changed)


def as_state(prev: State | dict[str, pa.Table] | None) -> State | None:
    """Accept the tables of :func:`read_current` where a :class:`State` is expected (their
    pipeline fingerprint is unknown: taken as the current one)."""
    if prev is None or isinstance(prev, State):
        return prev
    manifest = {"run_id": None, "fingerprint": pipeline_fingerprint(),
                "tables": {t: tab.num_rows for t, tab in prev.items()}}
    return State(None, manifest, dict(prev))


def make_plan(prev: State | dict[str, pa.Table] | None, found: Discovered, overlay: bool = False,
              max_bytes: int = DEFAULT_MAX_BYTES, fingerprint: str | None = None) -> Plan:
    """Compare discovered pages with the published state by (source_path, sha256).

    ``overlay`` (ad hoc ingestion): pages not named are kept, never removed.
    """
    prev = as_state(prev)
    fingerprint = fingerprint or pipeline_fingerprint()
    reason = None
    if prev is not None and prev.fingerprint != fingerprint:
        reason = (f"pipeline fingerprint {fingerprint} differs from {prev.fingerprint or 'none'} "
                  "of the published state: every page is extracted again")
        if overlay:
            # only the named pages are extracted again: the state keeps the old fingerprint,
            # so the next full run brings the other pages up to date
            reason = (f"pipeline fingerprint {fingerprint} differs from {prev.fingerprint or 'none'}: "
                      "the named pages are extracted again; the next full run updates the others")
            fingerprint = prev.fingerprint or "mixed"
    plan = Plan([], [], [], [], [], set(), set(), list(found.rejects), reason=reason, files=list(found.pages),
                fingerprint=fingerprint, hashed=found.hashed, overlay=overlay)
    return _Planner(prev, plan, max_bytes).sort(found)


class _Planner:
    """Sorts what discovery found against the published state's documents and rejects (by
    source_path and sha256) into the lists of a :class:`Plan`."""

    def __init__(self, prev: State | None, plan: Plan, max_bytes: int) -> None:
        self.plan, self.max_bytes = plan, max_bytes
        self.docs: dict[str, tuple[str, str]] = {}  # source_path -> (sha256, document_id)
        self.rejs: dict[str, tuple[str | None, str, str | None]] = {}  # source_path -> (sha256, reason, document_id)
        if prev is not None:
            d = prev.table("documents", ["source_path", "sha256", "document_id"]).to_pydict()
            self.docs = dict(zip(d["source_path"], zip(d["sha256"], d["document_id"])))
            r = prev.table("rejects", ["source_path", "sha256", "reason", "document_id"]).to_pydict()
            self.rejs = dict(zip(r["source_path"], zip(r["sha256"], r["reason"], r["document_id"])))
        self.seen: set[str] = set()

    def sort(self, found: Discovered) -> Plan:
        p = self.plan
        maybe_dups = [dup for ref in found.pages if (dup := self._page(ref)) is not None]
        for sp, (_sha, did) in self.docs.items():
            if sp in self.seen:
                continue
            if p.overlay:
                p.keep_document_ids.add(did)
            else:
                p.removed.append(sp)
        # a duplicate stays set aside only while the document it duplicates is carried over;
        # when that one changed or went away, the duplicate is extracted again
        for ref, did in maybe_dups:
            if did is not None and did in p.keep_document_ids:
                p.keep_reject_paths.add(ref.source_path)
            else:
                self._extract(ref, again=True)
        for r in found.rejects:
            self._refused(r)
        for sp in self.rejs:
            if sp in self.seen or sp in self.docs:
                continue
            if p.overlay:
                p.keep_reject_paths.add(sp)
            else:
                p.removed.append(sp)
        p.to_extract.sort(key=lambda r: r.source_path)
        for names in (p.added, p.changed, p.removed, p.unchanged, p.reprocessed):
            names.sort()
        return p

    def _extract(self, ref: PageRef, again: bool = False) -> None:
        if again:
            self.plan.reprocessed.append(ref.source_path)
        self.plan.to_extract.append(ref)

    def _new_or_changed(self, sp: str) -> None:
        (self.plan.changed if sp in self.docs or sp in self.rejs else self.plan.added).append(sp)

    def _page(self, ref: PageRef) -> tuple[PageRef, str | None] | None:
        """Sort one discovered page; a page set aside as a duplicate is returned with the
        document it duplicates (decided once the kept documents are known)."""
        p, sp = self.plan, ref.source_path
        self.seen.add(sp)
        if sp in self.docs and self.docs[sp][0] == ref.sha256:
            p.unchanged.append(sp)
            if p.reason:
                self._extract(ref, again=True)
            else:
                p.keep_document_ids.add(self.docs[sp][1])
        elif sp in self.rejs and sp not in self.docs and self.rejs[sp][0] == ref.sha256 and ref.sha256:
            p.unchanged.append(sp)
            _sha, why, did = self.rejs[sp]
            if p.reason or (why == "too_large" and ref.size is not None and ref.size <= self.max_bytes):
                self._extract(ref, again=True)
            elif why == "duplicate":
                return ref, did
            else:
                p.keep_reject_paths.add(sp)
        else:
            self._new_or_changed(sp)
            self._extract(ref)
        return None

    def _refused(self, r: dict) -> None:
        """An input refused by discovery: kept as it was, or a change of the state."""
        sp = r["source_path"]
        self.seen.add(sp)
        prev_r = self.rejs.get(sp)
        if prev_r is not None and sp not in self.docs and (prev_r[0], prev_r[1]) == (r["sha256"], r["reason"]):
            self.plan.keep_reject_paths.add(sp)
        else:
            self.plan.pre_rejects_changed = True
            self._new_or_changed(sp)


def assemble_and_publish(out_dir: Path, plan: Plan, result: BatchResult, started: datetime,
                         prev: State | None = None):
    """Publish rows extracted in memory (see :func:`extract.publish.assemble_and_publish`)."""
    from .publish import assemble_and_publish as publish_in_memory

    return publish_in_memory(out_dir, plan, result, started, prev)

"""Published versions of the curated folder on disk: their layout, and atomic publication.

See :mod:`extract.store` for the layout of ``curated/``. A version is complete once its
``_MANIFEST.json`` is written; ``current`` is swapped to it in one atomic step, and the stable
``<table>.parquet`` links follow. Every write goes to a temp file first (fsync, then rename).
"""
from __future__ import annotations

import json
import os
import shutil
import uuid
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .batch import PageRef
from .testhook import checkpoint

VERSIONS = "_versions"
CURRENT = "current"
MANIFEST = "_MANIFEST.json"
FILES = "_files.parquet"
PARTS = "_parts"  # inside an unfinished version: the batches' Parquet parts
KEEP_VERSIONS = 3

FILES_SCHEMA = pa.schema(
    [
        pa.field("source_path", pa.string(), nullable=False),
        pa.field("sha256", pa.string()),
        pa.field("size", pa.int64()),
        pa.field("mtime_ns", pa.int64()),
        pa.field("ctime_ns", pa.int64()),
        pa.field("inode", pa.int64()),
        pa.field("hashed_ns", pa.int64()),
    ]
)



def publication_pause(step: str) -> None:
    """Test hook (``extract.testhook``): a test can hold the run before this publication step."""
    checkpoint(f"publish {step}")


def snapshot_dir(out_dir: Path) -> Path | None:
    """The resolved folder of the published version (read several tables from it for a
    consistent view of one run), or None when nothing is published."""
    cur = Path(out_dir) / CURRENT
    if not (cur / MANIFEST).exists():
        return None
    return Path(os.path.realpath(cur))


def read_manifest(vdir: Path) -> dict | None:
    try:
        m = json.loads((vdir / MANIFEST).read_text())
    except (OSError, ValueError):
        return None
    return m if isinstance(m, dict) and isinstance(m.get("tables"), dict) else None


def current_manifest(out_dir: Path) -> dict | None:
    vdir = snapshot_dir(out_dir)
    return read_manifest(vdir) if vdir else None



def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def write_table_atomic(table: pa.Table, path: Path) -> None:
    """Write Parquet to a temp file in the same folder, fsync, then rename over ``path``."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    _fsync_file(tmp)
    publication_pause(f"rename {path.name}")
    os.replace(tmp, path)


def _atomic_symlink(target: str, link: Path) -> None:
    tmp = link.with_name(f".{link.name}.{uuid.uuid4().hex}.lnk")
    os.symlink(target, tmp)
    os.replace(tmp, link)


def _write_text_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    tmp.write_text(text)
    _fsync_file(tmp)
    os.replace(tmp, path)


def files_table(pages: list[PageRef]) -> pa.Table:
    cols = {
        "source_path": [p.source_path for p in pages],
        "sha256": [p.sha256 for p in pages],
        "size": [p.size for p in pages],
        "mtime_ns": [p.mtime_ns for p in pages],
        "ctime_ns": [p.ctime_ns for p in pages],
        "inode": [p.inode for p in pages],
        "hashed_ns": [p.hashed_ns for p in pages],
    }
    return pa.Table.from_pydict(cols, schema=FILES_SCHEMA)


def ensure_links(out_dir: Path) -> None:
    """Make the stable ``<table>.parquet -> current/<table>.parquet`` links and the
    ``_manifest.json`` copy agree with the published version (idempotent)."""
    out_dir = Path(out_dir)
    vdir = snapshot_dir(out_dir)
    manifest = read_manifest(vdir) if vdir else None
    if manifest is None:
        return
    for name in sorted(manifest["tables"]):
        link = out_dir / f"{name}.parquet"
        want = f"{CURRENT}/{name}.parquet"
        if link.is_symlink() and os.readlink(link) == want:
            continue
        publication_pause(f"link {name}")
        if link.is_dir() and not link.is_symlink():
            shutil.rmtree(link)
        _atomic_symlink(want, link)
    top = out_dir / "_manifest.json"
    text = json.dumps(manifest, indent=2, sort_keys=True, default=str)
    if not top.exists() or top.read_text() != text:
        publication_pause("top manifest")
        _write_text_atomic(top, text)


def begin_version(out_dir: Path, started: datetime) -> tuple[str, Path]:
    """Create this run's version folder (and its ``_parts`` folder, where the batches write
    their rows). Until ``_MANIFEST.json`` is written it is incomplete: nothing reads it, and
    the next run removes it if this one dies."""
    run_id = new_run_id(started)
    vdir = Path(out_dir) / VERSIONS / run_id
    (vdir / PARTS).mkdir(parents=True, exist_ok=False)
    return run_id, vdir


def commit_version(out_dir: Path, vdir: Path, manifest: dict) -> Path:
    """Mark a fully written version complete and make it current in one atomic step."""
    out_dir = Path(out_dir)
    publication_pause("version manifest")
    _write_text_atomic(vdir / MANIFEST, json.dumps(manifest, indent=2, sort_keys=True, default=str))
    _fsync_dir(vdir)
    publication_pause("swap current")
    _atomic_symlink(f"{VERSIONS}/{manifest['run_id']}", out_dir / CURRENT)
    _fsync_dir(out_dir)
    ensure_links(out_dir)
    publication_pause("done")
    return vdir


def cleanup(out_dir: Path, keep: int = KEEP_VERSIONS) -> list[str]:
    """Delete incomplete versions (crashed runs), temp files, and all but the newest ``keep``
    complete versions (the current one always stays)."""
    out_dir = Path(out_dir)
    vroot = out_dir / VERSIONS
    removed: list[str] = []
    for pattern in (".*.tmp", ".*.lnk"):
        for tmp in out_dir.glob(pattern):
            tmp.unlink(missing_ok=True)
    if not vroot.exists():
        return removed
    cur = snapshot_dir(out_dir)
    complete = []
    for v in vroot.iterdir():
        if cur is not None and os.path.realpath(v) == str(cur):
            continue
        m = read_manifest(v) if v.is_dir() else None
        if m is not None:
            complete.append((str(m.get("finished_at", "")), v.name, v))
        else:
            shutil.rmtree(v, ignore_errors=True) if v.is_dir() else v.unlink(missing_ok=True)
            removed.append(v.name)
    complete.sort(reverse=True)
    for _f, name, v in complete[max(0, keep - 1):]:
        shutil.rmtree(v, ignore_errors=True)
        removed.append(name)
    return removed


def recover(out_dir: Path, keep: int = KEEP_VERSIONS) -> list[str]:
    """What a run does first, under the lock: drop what a crashed run left behind and repair
    the stable links of the published version. No manual step is ever needed."""
    removed = cleanup(out_dir, keep)
    ensure_links(out_dir)
    return removed


def new_run_id(now: datetime) -> str:
    return now.strftime("%Y%m%dT%H%M%S%fZ") + "-" + uuid.uuid4().hex[:6]


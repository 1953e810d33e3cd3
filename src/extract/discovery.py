"""Discovery of the documents under raw/ (or named on the command line): walk, hash, reject.

A page or a record file is one document; a ZIP archive gives one per member, a record file
listing several studies one per study (see ``ingest.archive``). A file whose size, mtime, ctime
and inode are unchanged since the published state hashed it keeps its hash (a "hint"), when it
was hashed well after its last change (:data:`HINT_MARGIN_NS`).
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from .batch import PageRef, reject_row
from .ingest import DEFAULT_MAX_BYTES
from .ingest import archive

SUFFIXES = archive.INPUT_SUFFIXES  # pages, record files (.json, .xml) and ZIP archives of them
# a (size, mtime, ctime, inode) hint is trusted only for files whose last change is older
# than the moment they were hashed by this margin (coarse file-system clocks, "racy" writes)
HINT_MARGIN_NS = 2_000_000_000


@dataclass
class Discovered:
    pages: list[PageRef] = field(default_factory=list)
    rejects: list[dict] = field(default_factory=list)  # inputs refused before reading
    hashed: int = 0  # pages whose bytes were hashed (the others reused a trusted hint)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _display(rel: str) -> str:
    """A source_path that is valid UTF-8: undecodable file-name bytes are shown as ``\\xNN``."""
    try:
        rel.encode("utf-8")
        return rel
    except UnicodeEncodeError:
        return rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


Hints = dict[str, tuple[tuple[int, int, int, int], str, int]]  # source_path -> (stat key, sha256, hashed_ns)


def _trusted(hint: tuple, key: tuple) -> bool:
    return hint[0] == key and key[2] + HINT_MARGIN_NS < hint[2]


def _file_refs(path: str, rel: str, hints: archive.Hints, max_bytes: int, out: "Discovered") -> None:
    """The documents of one file (itself, its ZIP members, the studies of a list file) as
    PageRefs, and the members refused by name. Raises OSError."""
    found = archive.discover_file(path, rel, hints, max_bytes)
    out.hashed += found.hashed
    for e in found.entries:
        out.pages.append(PageRef(path, e.source_path, e.sha256, e.key[0], e.key[1], e.key[2], e.key[3],
                                 e.hashed_ns, e.member, e.pointer))
    for sp, sha, reason, detail in found.rejects:
        out.rejects.append(reject_row(_display(sp), sha, reason, detail))


def discover(raw_dir: Path, hints: Hints | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Discovered:
    """Every document under ``raw_dir`` (sorted by source_path), hashed.

    A page or a record file is one document; a ZIP archive gives one per member
    (``bulk.zip!/dir/NCT``), a record file listing several studies one per study
    (``page.json#/studies/3``): see ``ingest.archive``. Hidden files are skipped; symlinks
    (to files or folders) are followed only when they resolve inside ``raw_dir``; files whose
    suffix is not an input type, symlinks leading outside, unreadable files and ZIP members
    refused by name are recorded as rejects. ``hints`` (from the published state) let a file
    whose size, mtime, ctime and inode are unchanged keep its hash (a member: its size and
    CRC-32).
    """
    raw_dir = Path(raw_dir)
    root = raw_dir.resolve()
    out = Discovered()
    known = archive.Hints(hints, _trusted)

    def outside(p: Path, rel: str, kind: str) -> bool:
        target = p.resolve()
        if target.is_relative_to(root) and target.exists():
            return False
        why = "broken symlink" if not target.exists() else f"{kind} symlink to {target} outside {root}"
        out.rejects.append(reject_row(rel, None, "symlink_outside_raw", f"{why}: not followed"))
        return True

    for dirpath, dirnames, filenames in os.walk(raw_dir, followlinks=False):
        keep = []
        for d in sorted(dirnames):
            if d.startswith("."):
                continue
            p = Path(dirpath) / d
            if p.is_symlink():
                # a folder symlink inside raw/ is reachable through its real folder already
                outside(p, _display(p.relative_to(raw_dir).as_posix()), "folder")
                continue
            keep.append(d)
        dirnames[:] = keep
        for name in sorted(filenames):
            if name.startswith(".") or name.lower() == "readme.md":
                continue
            p = Path(dirpath) / name
            rel = _display(p.relative_to(raw_dir).as_posix())
            if p.is_symlink() and outside(p, rel, "file"):
                continue
            if not p.is_file():
                continue  # FIFOs, sockets, devices: never opened
            try:
                if not name.lower().endswith(SUFFIXES):
                    out.rejects.append(reject_row(rel, sha256_file(p), "unsupported_type",
                                                  f"suffix {p.suffix!r} is not an input type ({', '.join(SUFFIXES)})"))
                    continue
                _file_refs(str(p), rel, known, max_bytes, out)
            except OSError as e:
                out.rejects.append(reject_row(rel, None, "unreadable", f"{type(e).__name__}: {e.strerror or e}"))
    out.pages.sort(key=lambda r: r.source_path)
    out.rejects.sort(key=lambda r: r["source_path"])
    return out


def discover_files(files: list[Path], hints: Hints | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Discovered:
    """Pages named on the command line (ad hoc ingestion); source_path is the path as given."""
    out = Discovered()
    known = archive.Hints(hints, _trusted)
    for p in files:
        p = Path(p)
        sp = _display(str(p))
        if not p.exists():
            out.rejects.append(reject_row(sp, None, "unreadable", "file not found"))
            continue
        if not p.is_file():
            out.rejects.append(reject_row(sp, None, "unsupported_type", "not a regular file"))
            continue
        try:
            _file_refs(str(p), sp, known, max_bytes, out)
        except OSError as e:
            out.rejects.append(reject_row(sp, None, "unreadable", f"{type(e).__name__}: {e.strerror or e}"))
    out.pages.sort(key=lambda r: r.source_path)
    return out


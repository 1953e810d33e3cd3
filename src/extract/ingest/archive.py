"""Discovery of the documents an input file holds, and reading them back.

A file is one document, or a container: a ``.zip`` archive (one document per member, read
member by member, streamed, never unpacked to disk; ``bulk.zip!/dir/NCT``;
a ZIP under a page's or record's name stays a ``binary`` reject, as before) or a
record file listing several studies (one document per study: ``page.json#/studies/3``; a
ZIP member may be one too). Members are refused by name before any byte of them is read
when their path is absolute or climbs out (``..``), when they are archives themselves
(nesting beyond one level), are encrypted, or declare more bytes than the size limit.

Incremental runs: a member keeps the hash of the previous run while its size and CRC-32 in
the archive's directory are unchanged; the studies of a list file keep theirs while the
file's (size, mtime, ctime, inode) are.
"""
from __future__ import annotations

import hashlib
import os
import re
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

from .errors import Reject, TooLarge
from .pages import SUFFIXES as PAGE_SUFFIXES
from .pages import RawPage, read_page
from .records import RECORD_SUFFIXES, json_studies, parse_json, sniff

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
ARCHIVE_SUFFIXES = (".zip",)
NESTED_SUFFIXES = (".zip", ".gz", ".tgz", ".tar", ".7z", ".rar", ".bz2", ".xz", ".zst", ".jar")
DOCUMENT_SUFFIXES = PAGE_SUFFIXES + RECORD_SUFFIXES
INPUT_SUFFIXES = DOCUMENT_SUFFIXES + ARCHIVE_SUFFIXES
_DRIVE = re.compile(r"^[A-Za-z]:")
_CHUNK = 1 << 20

Key = tuple[int, int, int, int]
Hint = tuple[Key, str, int]  # (key, sha256, hashed_ns), as the published files index keeps them


@dataclass(frozen=True)
class Entry:
    """One document an input yields: where it is (member, pointer), its source_path, the
    sha256 of its raw bytes, and the key that lets the next run trust that hash."""

    source_path: str
    sha256: str | None
    key: Key
    hashed_ns: int
    member: str | None = None
    pointer: str | None = None


@dataclass
class Found:
    entries: list[Entry] = field(default_factory=list)
    rejects: list[tuple[str, str | None, str, str]] = field(default_factory=list)  # (source_path, sha, reason, detail)
    hashed: int = 0


class Hints:
    """The previous run's files index: exact source_paths, and the studies listed under a
    container (``<container>#/pointer``)."""

    def __init__(self, hints: dict[str, Hint] | None, trusted: Callable[[Hint, Key], bool]):
        self.exact = hints or {}
        self.trusted = trusted
        self.kids: dict[str, list[tuple[str, str, Hint]]] = {}
        for sp, h in self.exact.items():
            i = sp.rfind("#/")
            if i > 0:
                self.kids.setdefault(sp[:i], []).append((sp, sp[i + 1:], h))

    def plain(self, sp: str, key: Key) -> Hint | None:
        h = self.exact.get(sp)
        return h if h is not None and self.trusted(h, key) else None

    def studies(self, sp: str, key: Key) -> list[tuple[str, str, Hint]] | None:
        kids = self.kids.get(sp)
        if kids and all(self.trusted(h, key) for _s, _p, h in kids):
            return sorted(kids, key=lambda k: _pointer_order(k[1]))
        return None


def _pointer_order(pointer: str) -> tuple:
    return tuple(int(t) if t.isdigit() else t for t in pointer.split("/"))


# ------------------------------------------------------------------------ one file
def discover_file(path: str, rel: str, hints: Hints, max_bytes: int) -> Found:
    """The documents of one input file (see module docstring). Raises OSError."""
    st = os.stat(path)
    key = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    out = Found()
    h = hints.plain(rel, key)
    if h is not None:
        out.entries.append(Entry(rel, h[1], key, h[2]))
        return out
    if rel.lower().endswith(ARCHIVE_SUFFIXES):
        _zip_entries(path, rel, hints, max_bytes, out)
        return out
    kids = hints.studies(rel, key)
    if kids is not None:
        out.entries.extend(Entry(sp, h[1], key, h[2], pointer=p) for sp, p, h in kids)
        return out
    hashed_ns = time.time_ns()
    sha, head = _hash_file(path)
    out.hashed += 1
    pointers = None
    if st.st_size <= max_bytes and sniff(head, rel) == "json":
        pointers = _study_pointers(Path(path).read_bytes())
    if pointers:
        out.entries.extend(Entry(f"{rel}#{p}", sha, key, hashed_ns, pointer=p) for p in pointers)
    else:
        out.entries.append(Entry(rel, sha, key, hashed_ns))
    return out


def _hash_file(path: str) -> tuple[str, bytes]:
    h = hashlib.sha256()
    head = b""
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            if not head:
                head = chunk[:4096]
            h.update(chunk)
    return h.hexdigest(), head


def _study_pointers(raw: bytes) -> list[str] | None:
    """The JSON pointers of the studies of a list file; None for anything else (a single
    study, a page, a file that does not parse: those are read, and judged, whole)."""
    try:
        found = json_studies(parse_json(raw))
    except Reject:
        return None
    if found is None or found[1] == [""]:
        return None
    return found[1] or None


# ------------------------------------------------------------------------------- ZIP
def member_refusal(name: str, size: int, flag_bits: int, max_bytes: int) -> tuple[str, str] | None:
    """(reason, detail) when a member is refused by its name and directory entry alone."""
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or _DRIVE.match(name) or "\\" in name or ".." in parts:
        return "unsafe_member", f"member path {name!r} is absolute or leaves the archive: not read"
    low = name.lower()
    if low.endswith(NESTED_SUFFIXES):
        return "nested_archive", "an archive inside an archive (nesting beyond one level): not unpacked"
    if not low.endswith(DOCUMENT_SUFFIXES):
        return "unsupported_type", f"member suffix is not a page or record type ({', '.join(DOCUMENT_SUFFIXES)})"
    if flag_bits & 0x1:
        return "unreadable", "encrypted member"
    if size > max_bytes:
        return "too_large", f"member declares {size} bytes > limit {max_bytes}: not unpacked"
    return None


def _hidden(name: str) -> bool:
    """Hidden files and macOS resource forks (``__MACOSX/``, ``._name``) are no documents."""
    return any((p.startswith(".") and p not in (".", "..")) or p == "__MACOSX" for p in name.split("/"))


def _zip_entries(path: str, rel: str, hints: Hints, max_bytes: int, out: Found) -> None:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError) as e:
        out.rejects.append((rel, None, "bad_archive", f"not a readable ZIP archive: {e}"))
        return
    with zf:
        for info in sorted(zf.infolist(), key=lambda i: i.filename):
            name = info.filename
            if info.is_dir() or _hidden(name):
                continue
            sp = f"{rel}!/{name}"
            refused = member_refusal(name, info.file_size, info.flag_bits, max_bytes)
            if refused is not None:
                out.rejects.append((sp, None, *refused))
                continue
            _member_entries(zf, info, sp, hints, max_bytes, out)


def _member_entries(zf: zipfile.ZipFile, info: zipfile.ZipInfo, sp: str, hints: Hints, max_bytes: int,
                    out: Found) -> None:
    mkey = (info.file_size, info.CRC, 0, 0)
    h = hints.plain(sp, mkey)
    if h is not None:
        out.entries.append(Entry(sp, h[1], mkey, h[2], member=info.filename))
        return
    kids = hints.studies(sp, mkey)
    if kids is not None:
        out.entries.extend(Entry(k, kh[1], mkey, kh[2], member=info.filename, pointer=p) for k, p, kh in kids)
        return
    hashed_ns = time.time_ns()
    try:
        raw = read_member(zf, info, max_bytes)
    except TooLarge as e:
        out.rejects.append((sp, None, e.reason, e.detail))
        return
    except Reject as e:
        out.rejects.append((sp, None, e.reason, e.detail))
        return
    sha = hashlib.sha256(raw).hexdigest()
    out.hashed += 1
    pointers = _study_pointers(raw) if sniff(raw[:4096], info.filename) == "json" else None
    if pointers:
        out.entries.extend(Entry(f"{sp}#{p}", sha, mkey, hashed_ns, member=info.filename, pointer=p) for p in pointers)
    else:
        out.entries.append(Entry(sp, sha, mkey, hashed_ns, member=info.filename))


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, max_bytes: int) -> bytes:
    """A member's bytes, streamed and capped at ``max_bytes``. Raises :class:`Reject`."""
    if info.file_size > max_bytes:
        raise TooLarge(f"member declares {info.file_size} bytes > limit {max_bytes}", "")
    try:
        with zf.open(info) as fh:
            raw = fh.read(max_bytes + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as e:
        raise Reject("unreadable", f"corrupt or unsupported member: {type(e).__name__}: {e}") from None
    if len(raw) > max_bytes:
        raise TooLarge(f"member holds more than {max_bytes} bytes", "")
    if raw.startswith(ZIP_MAGIC):
        raise Reject("nested_archive", "an archive inside an archive (nesting beyond one level): not unpacked")
    return raw


# ------------------------------------------------------------------------- reading
@lru_cache(maxsize=4)
def _open_zip(path: str, size: int, mtime_ns: int) -> zipfile.ZipFile:
    return zipfile.ZipFile(path)


def read_ref(ref, max_bytes: int) -> RawPage:
    """The raw bytes of a discovered document (``ref`` has ``path``, ``source_path``,
    ``sha256``, ``member`` and ``pointer``). Raises :class:`Reject`."""
    member = getattr(ref, "member", None)
    pointer = getattr(ref, "pointer", None)
    if member is None:
        page = read_page(Path(ref.path), ref.source_path, max_bytes, sha256=ref.sha256)
        return RawPage(page.source_path, page.raw, page.sha256, pointer)
    try:
        st = os.stat(ref.path)
        zf = _open_zip(ref.path, st.st_size, st.st_mtime_ns)
        info = zf.getinfo(member)
    except (OSError, zipfile.BadZipFile) as e:
        raise Reject("unreadable", f"archive: {type(e).__name__}: {e}") from None
    except KeyError:
        raise Reject("unreadable", f"member {member!r} is no longer in the archive") from None
    try:
        raw = read_member(zf, info, max_bytes)
    except TooLarge as e:
        raise TooLarge(e.detail, ref.sha256 or "") from None
    return RawPage(ref.source_path, raw, hashlib.sha256(raw).hexdigest(), pointer)

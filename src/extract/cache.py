"""A small on-disk cache of what a process would otherwise compute afresh at every start-up
(unit conversion factors from pint, compiled regular expressions): deterministic results,
stored under a key that names everything they depend on, so a changed rule file or library
version simply misses and is computed again.

Where: ``$TRIAL_EXTRACT_CACHE`` if set (``off`` disables the cache), else
``$XDG_CACHE_HOME/trial-extract``, else ``~/.cache/trial-extract``. Entries are written
atomically (a temporary file renamed into place), so concurrent processes never read half an
entry; an unreadable or unwritable cache only costs the computation, never a run.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable

ENV = "TRIAL_EXTRACT_CACHE"


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is switched off."""
    where = os.environ.get(ENV)
    if where:
        return None if where.lower() in ("off", "0", "no", "false") else Path(where)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "trial-extract"


def key_of(*parts: str | bytes) -> str:
    """A short, stable digest of everything an entry depends on."""
    h = hashlib.sha256()
    for p in parts:
        h.update(p if isinstance(p, bytes) else p.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:24]


def load(name: str) -> Any | None:
    """The entry ``name`` (plain values: marshal), or None when absent or unreadable."""
    d = cache_dir()
    if d is None:
        return None
    try:
        return marshal.loads((d / name).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None


def store(name: str, value: Any) -> None:
    """Write the entry ``name`` atomically; any failure is ignored (the cache is optional)."""
    d = cache_dir()
    if d is None:
        return
    try:
        d.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=d)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(marshal.dumps(value))
            os.replace(tmp, d / name)
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, ValueError):
        pass


# ------------------------------------------------------------ compiled regular expressions
_RE_ENTRY = None  # this process's table: (pattern, flags) -> (flags, code, groups, groupindex, indexgroup)
_RE_USED: set = set()  # the keys this process compiled through the table
_re_depth = 0
MAX_RE_ENTRIES = 5000  # beyond this the stored table keeps only what this process used (old rules age out)


def _re_name() -> str:
    import _sre

    return "re-" + key_of(sys.version, str(_sre.MAGIC), str(_sre.CODESIZE), _RE_FORMAT)


# an entry's code is stored packed (array of C unsigned ints, as bytes) and unpacked on use:
# as lists of Python ints a table of a few thousand patterns held ~65 MB in every process
_RE_FORMAT = "packed-code-1"


def _pack(code: list[int]) -> bytes:
    import _sre
    from array import array

    return array("I" if _sre.CODESIZE == 4 else "H", code).tobytes()


def _unpack(code: bytes) -> list[int]:
    import _sre
    from array import array

    a = array("I" if _sre.CODESIZE == 4 else "H")
    a.frombytes(code)
    return a.tolist()


def _compile_cached(compiler, table: dict, missed: list, min_seconds: float = 0.0):
    """A stand-in for ``re._compiler.compile``: the stdlib's own steps (parse, code
    generation, ``_sre.compile``), with the parse and code generation skipped for a pattern
    whose compiled code is in ``table``. The Pattern made is the one the stdlib makes. A
    pattern compiled afresh joins ``table`` only when parsing and generating its code took
    at least ``min_seconds``."""
    import _sre
    import time

    original = compiler.compile

    def compile(p, flags=0):
        if not isinstance(p, (str, bytes)) or flags & compiler.SRE_FLAG_DEBUG:
            return original(p, flags)
        flags = int(flags)  # a RegexFlag is an int subclass: stored as the plain int
        hit = table.get((p, flags))
        if hit is None:
            t0 = time.process_time() if min_seconds else 0.0
            parsed = compiler._parser.parse(p, flags)
            code = _pack([int(c) for c in compiler._code(parsed, flags)])  # plain ints: opcodes are int subclasses
            groupindex = dict(parsed.state.groupdict)
            indexgroup = [None] * parsed.state.groups
            for k, i in groupindex.items():
                indexgroup[i] = k
            hit = (int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex, tuple(indexgroup))
            if not min_seconds or time.process_time() - t0 >= min_seconds:
                table[(p, flags)] = hit
                _RE_USED.add((p, flags))
                missed.append(p)
        else:
            _RE_USED.add((p, flags))
        final_flags, code, groups, groupindex, indexgroup = hit
        return _sre.compile(p, final_flags, _unpack(code), groups, dict(groupindex), indexgroup)

    return original, compile


# what a pattern compiled while pages are extracted must have cost to be cached: the rules'
# big patterns built on first need (~10-50 ms each), not the small ones made of a page's words
PAGE_MIN_SECONDS = 0.002


@contextmanager
def compiled_patterns(min_seconds: float = 0.0):
    """Within this block, a regular expression compiled before (by any process with this
    Python) is built from its cached compiled code instead of being parsed and compiled
    again: the rule patterns cost about a second of start-up per process otherwise. What
    was new (and took at least ``min_seconds`` to compile) is added to the cache when the
    outermost block ends; the outermost block's ``min_seconds`` holds inside it. Only on
    CPython 3.11, whose internal compiler interface this relies on; elsewhere it does nothing."""
    global _RE_ENTRY, _re_depth
    import re._compiler as compiler

    if sys.implementation.name != "cpython" or sys.version_info[:2] != (3, 11) or cache_dir() is None:
        try:
            yield
        finally:
            _store_memos()
        return
    if _RE_ENTRY is None:
        _RE_ENTRY = {(p, f): v for p, f, *v in (load(_re_name()) or ())}
    missed: list = []
    original, patched = _compile_cached(compiler, _RE_ENTRY, missed, min_seconds)
    _re_depth += 1
    if _re_depth == 1:
        compiler.compile = patched
    try:
        yield
    finally:
        _re_depth -= 1
        if _re_depth == 0:
            compiler.compile = original
        if missed:
            keep = _RE_ENTRY if len(_RE_ENTRY) <= MAX_RE_ENTRIES else {k: _RE_ENTRY[k] for k in _RE_USED}
            store(_re_name(), [(p, f, *v) for (p, f), v in keep.items()])
        _store_memos()


# ------------------------------------------------------------ remembered analyses of patterns
_MEMO: dict[str, dict] = {}  # table name -> its entries (read from the cache on first use)
_MEMO_USED: dict[str, set] = {}  # table name -> the keys this process asked for
_MEMO_NEW: set[str] = set()  # the tables this process added entries to, not yet stored


def code_table(prefix: str, source_file: str) -> str | None:
    """The name of a :func:`remembered` table of analyses made by the code in ``source_file``:
    named after the Python (its ``re`` parser) and that file's code, so that changed code
    starts a table of its own (None when the file cannot be read: nothing is remembered)."""
    try:
        return f"{prefix}-" + key_of(sys.version, Path(source_file).read_bytes())
    except OSError:  # pragma: no cover
        return None


def remembered(table: str | None, key: Any, compute: Callable[[], Any]) -> Any:
    """``compute()``: a deterministic result for ``key`` (both plain values: marshal),
    remembered in the on-disk table ``table``, whose name holds everything the result depends
    on (as :func:`key_of` gives it). So an analysis of the rules' patterns made at start-up, or
    for a page-language set met for the first time, is computed once across processes and
    runs. New entries are stored when a :func:`compiled_patterns` block ends (beyond
    MAX_RE_ENTRIES only those this process asked for: old rules age out). ``table`` None:
    computed, not remembered."""
    if table is None:
        return compute()
    entries = _MEMO.get(table)
    if entries is None:
        got = load(table)
        entries = _MEMO[table] = got if isinstance(got, dict) else {}
    _MEMO_USED.setdefault(table, set()).add(key)
    if key in entries:
        return entries[key]
    value = entries[key] = compute()
    _MEMO_NEW.add(table)
    return value


def _store_memos() -> None:
    for table in sorted(_MEMO_NEW):
        entries = _MEMO[table]
        used = _MEMO_USED.get(table, set())
        store(table, entries if len(entries) <= MAX_RE_ENTRIES else {k: v for k, v in entries.items() if k in used})
    _MEMO_NEW.clear()

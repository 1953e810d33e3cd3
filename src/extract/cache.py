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
import tempfile
from pathlib import Path
from typing import Any

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

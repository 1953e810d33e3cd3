"""Read one published version of the curated tables (a consistent view of one run)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..schema import SCHEMAS
from ..store import MANIFEST, snapshot_dir


@dataclass
class Snapshot:
    out_dir: Path
    vdir: Path
    manifest: dict
    _cache: dict[str, pa.Table] = field(default_factory=dict, repr=False)

    @property
    def run_id(self) -> str:
        return str(self.manifest.get("run_id") or "")

    @property
    def tables(self) -> list[str]:
        return sorted(self.manifest.get("tables", {}))

    def table(self, name: str, columns: list[str] | None = None) -> pa.Table:
        """The table with its explicit schema (empty when this version lacks it); ``columns``
        reads only those (not cached: for large columns such as ``documents.text``)."""
        if columns is not None and name not in self._cache:
            path = self.vdir / f"{name}.parquet"
            if not path.exists():
                return SCHEMAS[name].empty_table().select(columns)
            return pq.read_table(path, columns=columns, schema=SCHEMAS[name])
        if name not in self._cache:
            path = self.vdir / f"{name}.parquet"
            self._cache[name] = pq.read_table(path, schema=SCHEMAS[name]) if path.exists() else SCHEMAS[name].empty_table()
        return self._cache[name] if columns is None else self._cache[name].select(columns)

    def rows(self, name: str, document_id: str | None = None) -> list[dict]:
        """Rows as dicts, optionally only those of one document."""
        t = self.table(name)
        if document_id is not None:
            t = t.filter(pc.equal(t["document_id"], document_id))
        return t.to_pylist()

    def document(self, document_id: str) -> dict | None:
        """One documents row, text included (read with a filter, not the whole text column)."""
        path = self.vdir / "documents.parquet"
        if not path.exists():
            return None
        t = pq.read_table(path, schema=SCHEMAS["documents"], filters=[("document_id", "==", document_id)])
        return t.to_pylist()[0] if t.num_rows else None

    def frame(self, name: str, columns: list[str] | None = None):
        """A pandas DataFrame keeping the Arrow types (int32, date32, lists)."""
        return self.table(name, columns).to_pandas(types_mapper=pd_arrow_dtype)


def pd_arrow_dtype(arrow_type: pa.DataType):
    import pandas as pd

    return pd.ArrowDtype(arrow_type)


def open_snapshot(out_dir: str | Path) -> Snapshot | None:
    """The current published version of ``out_dir``, or None when nothing is published."""
    vdir = snapshot_dir(Path(out_dir))
    if vdir is None:
        return None
    try:
        manifest = json.loads((vdir / MANIFEST).read_text())
    except (OSError, ValueError):
        return None
    return Snapshot(Path(out_dir), vdir, manifest if isinstance(manifest, dict) else {})

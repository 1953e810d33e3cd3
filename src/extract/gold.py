"""Gold records: one YAML file per document (format: ``tests/gold/README.md``), read with the YAML base
loader (every scalar a string) and checked against the scored tables' columns."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from extract.score_match import COMMON_COLUMNS, NULL_WORDS, TABLES, TableSpec

# --------------------------------------------------------------------------- gold records

@dataclass
class GoldRecord:
    path: Path  # the gold YAML file
    document: str  # document path as written (relative to the repository root)
    document_path: Path  # resolved against root
    tables: dict[str, list[dict[str, Any]]]  # table -> gold rows (trials: one row)
    notes: str | None = None
    sha256: str | None = None  # of the raw bytes; None when the file cannot be read

    @property
    def stem(self) -> str:
        return self.path.stem


def _null_str(v: Any) -> Any:
    return None if isinstance(v, str) and v.strip().lower() in NULL_WORDS else v


def _check_row(path: Path, spec: TableSpec, row: Any, allowed: frozenset[str]) -> dict:
    if not isinstance(row, dict):
        raise ValueError(f"{path}: table {spec.name!r}: a row must be a mapping, got {row!r}")
    unknown = set(row) - allowed
    if unknown:
        raise ValueError(f"{path}: table {spec.name!r}: unknown column(s) {sorted(unknown)}")
    return {c: _null_str(v) for c, v in row.items() if c in spec.columns}


def _parse_gold(path: Path, root: Path) -> GoldRecord:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    if not isinstance(data, dict) or not _null_str(data.get("document")):
        raise ValueError(f"{path}: a gold record is a mapping with a 'document' path")
    document = str(data["document"]).strip()
    raw_tables = data.get("tables")
    raw_tables = _null_str(raw_tables)
    if raw_tables is None:
        raw_tables = {}
    if not isinstance(raw_tables, dict):
        raise ValueError(f"{path}: 'tables' must be a mapping of table name to rows")
    tables: dict[str, list[dict]] = {}
    for name, rows in raw_tables.items():
        if name not in TABLES:
            raise ValueError(f"{path}: unknown table {name!r} (known: {sorted(TABLES)})")
        spec = TABLES[name]
        rows = _null_str(rows)
        if name == "trials":
            allowed = frozenset(spec.columns) | COMMON_COLUMNS
            if rows is None:
                tables[name] = []
            elif isinstance(rows, dict):
                tables[name] = [_check_row(path, spec, rows, allowed)]
            else:
                raise ValueError(f"{path}: 'trials' must be one mapping")
        else:
            allowed = frozenset(spec.columns) | COMMON_COLUMNS
            if rows is None:
                rows = []
            if not isinstance(rows, list):
                raise ValueError(f"{path}: table {name!r} must be a list of rows")
            tables[name] = [_check_row(path, spec, r, allowed) for r in rows]
    doc_path = Path(document)
    if not doc_path.is_absolute():
        doc_path = root / doc_path
    try:
        sha = hashlib.sha256(doc_path.read_bytes()).hexdigest()
    except OSError:
        sha = None
    notes = _null_str(data.get("notes"))
    return GoldRecord(path, document, doc_path, tables, notes, sha)


def load_gold(gold_dir: str | Path, root: str | Path | None = None) -> list[GoldRecord]:
    """Read every ``*.yaml``/``*.yml`` gold record of ``gold_dir`` (sorted by file name).

    ``root`` is what the records' ``document`` paths are relative to (default: the nearest
    folder above ``gold_dir`` that holds a ``pyproject.toml``, else ``gold_dir/../..``).
    Raises ValueError on a malformed record (unknown table or column, ...).
    """
    gold_dir = Path(gold_dir)
    if root is None:
        ancestors = gold_dir.resolve().parents
        root = next((a for a in ancestors if (a / "pyproject.toml").exists()), gold_dir.resolve().parent.parent)
    root = Path(root)
    files = sorted(p for p in gold_dir.iterdir()
                   if p.is_file() and p.suffix in (".yaml", ".yml"))
    return [_parse_gold(p, root) for p in files]



"""The published tables screening reads, and how bounds of one criterion are tied together.

Only published tables are read (a curated folder's current version, or tables handed in). Rows of
one criterion are the rows of one document whose ``evidence`` (the criterion line) is the same span
of ``documents.text``: the evidence is located around each row's ``char_start``/``char_end``. Two
inclusion bounds of one criterion are alternatives when the last connective word between them
(``rules/screen.yaml`` connectives) is an "or".
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..ruledata import load
from ..schema import SCHEMAS

TRIAL_COLUMNS = ["document_id", "nct_id", "title", "phases", "overall_status", "min_age_years", "max_age_years",
                 "sex", "is_current"]
LAB_COLUMNS = ["document_id", "criterion_type", "analyte", "comparator", "value", "unit", "value_as_written",
               "unit_as_written", "condition", "evidence", "char_start", "char_end"]
HER2_COLUMNS = ["document_id", "criterion_type", "her2_status", "ihc_scores", "ish", "expression_pct_min",
                "assay_text", "evidence", "char_start", "char_end"]


@dataclass
class Columns:
    """The current trials and their lab and HER2 rows as Arrow tables (only the columns screening
    reads), with ``doc``: each row's trial (position in ``trials``). Lab rows are in page order
    within a trial; ``texts`` holds the page texts that alternatives need (see :func:`read_tables`)."""

    trials: pa.Table
    labs: pa.Table
    her2: pa.Table
    texts: dict[str, str] = field(default_factory=dict)
    pairs: np.ndarray | None = None  # per lab row, see :func:`pair_counts`


def _arrow(t, name: str, columns: list[str]) -> pa.Table:
    """A pyarrow Table, pandas DataFrame or list of dicts -> an Arrow table of ``columns`` (a
    column the input lacks is null), typed by the published schema."""
    schema = pa.schema([SCHEMAS[name].field(c) for c in columns])
    if t is None:
        return schema.empty_table()
    if isinstance(t, list):
        return pa.Table.from_pylist([{c: r.get(c) for c in columns} for r in t], schema=schema)
    if not hasattr(t, "column_names"):  # pandas
        t = pa.Table.from_pandas(t[[c for c in columns if c in t.columns]], preserve_index=False)
    cols = [t[c].cast(schema.field(c).type) if c in t.column_names else pa.nulls(t.num_rows, schema.field(c).type)
            for c in columns]
    return pa.Table.from_arrays(cols, schema=schema)


def table_rows(t: pa.Table, columns: list[str]) -> list[dict]:
    return t.select(columns).to_pylist()


def _version_dir(out: Path) -> Path:
    """The published version of a curated folder (the ``current`` link, as extract.store writes it)."""
    cur = out / "current"
    if not (cur / "_MANIFEST.json").exists():
        raise FileNotFoundError(f"nothing is published in {out}; run `trial-extract run` first")
    return Path(os.path.realpath(cur))


class _Folder:
    """Tables read from one published version, only the columns asked for."""

    def __init__(self, out: Path):
        self.vdir = _version_dir(out)

    def get(self, name: str, columns: list[str]):
        path = self.vdir / f"{name}.parquet"
        if not path.exists():
            return None
        return pq.ParquetFile(path).read(columns=columns)


def _current(trials: pa.Table, ncts: list[str] | None) -> pa.Table:
    keep = pc.invert(pc.fill_null(pc.equal(trials["is_current"], pa.scalar(False)), pa.scalar(False)))
    if ncts:
        want = pa.array(sorted({n.strip().upper() for n in ncts}))
        keep = pc.and_(keep, pc.fill_null(pc.is_in(pc.utf8_upper(trials["nct_id"]), value_set=want), pa.scalar(False)))
    return trials.filter(keep)


def _of_trials(t: pa.Table, trials: pa.Table, order: list[str]) -> pa.Table:
    """The rows of the current trials, with ``doc``, sorted by ``order`` within a trial (table order
    breaking ties, as a stable sort would; published tables usually are in that order already)."""
    doc = pc.index_in(t["document_id"], value_set=trials["document_id"])
    t = t.append_column("doc", doc).filter(pc.is_valid(doc))
    keys = [t[c].to_numpy(zero_copy_only=False) for c in reversed(["doc", *order])]
    idx = np.lexsort(keys) if keys[0].size else np.zeros(0, dtype=np.int64)
    return t if np.array_equal(idx, np.arange(len(idx))) else t.take(idx)


def codes(col) -> tuple[np.ndarray, list]:
    """A column as integer codes (-1 for null) and the distinct values they stand for."""
    arr = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
    enc = arr.dictionary_encode()
    idx = enc.indices.fill_null(pa.scalar(-1, enc.indices.type)).to_numpy(zero_copy_only=False)
    return idx.astype(np.int64), enc.dictionary.to_pylist()


def group_ids(*keys: np.ndarray) -> np.ndarray:
    """One id per distinct combination of the integer ``keys`` (same length each)."""
    if not len(keys[0]):
        return np.zeros(0, dtype=np.int64)
    key, span = np.zeros(len(keys[0]), dtype=np.int64), 1
    for k in keys:  # one integer per combination (codes start at -1)
        size = int(k.max()) + 2
        if span * size >= 2**62:
            return np.unique(np.stack(keys, axis=1), axis=0, return_inverse=True)[1].reshape(-1).astype(np.int64)
        key, span = key * size + (k + 1), span * size
    return np.unique(key, return_inverse=True)[1].reshape(-1).astype(np.int64)


def pair_counts(labs: pa.Table) -> np.ndarray:
    """For each row: how many unconditional inclusion bounds its (page, evidence) holds (a missing
    evidence counts as an empty one)."""
    ev, _ = codes(pc.fill_null(labs["evidence"], pa.scalar("")))
    cond, cvals = codes(labs["condition"])
    ctype, tvals = codes(labs["criterion_type"])
    doc = labs["doc"].to_numpy(zero_copy_only=False).astype(np.int64)
    unconditional = np.array([not c for c in cvals] + [True], dtype=bool)[cond]  # -1 (null) -> last
    incl = np.array([t == "INCLUSION" for t in tvals] + [False], dtype=bool)[ctype]
    key = group_ids(doc, ev)
    n = np.bincount(key[unconditional & incl], minlength=int(key.max()) + 1 if len(key) else 0)
    return n[key] if len(key) else np.zeros(0, dtype=np.int64)


def text_docs(labs: pa.Table, pairs: np.ndarray) -> list[str]:
    """Pages whose text decides alternatives: those where one evidence holds two unconditional
    inclusion bounds (only such a pair can be joined by "or")."""
    ids = labs["document_id"].to_pylist()
    return sorted({ids[i] for i in np.flatnonzero(pairs >= 2)})


def read_tables(source, ncts: list[str] | None = None, all_texts: bool = False) -> Columns:
    """``source``: a curated folder (its current published version) or a mapping table -> rows.
    Page texts are read only for the pages that need them (``all_texts``: every page's)."""
    src = _Folder(Path(source)) if isinstance(source, (str, Path)) else None
    get = src.get if src else (lambda name, columns: source.get(name))
    trials = _current(_arrow(get("trials", TRIAL_COLUMNS), "trials", TRIAL_COLUMNS), ncts)
    labs = _of_trials(_arrow(get("lab_thresholds", LAB_COLUMNS), "lab_thresholds", LAB_COLUMNS), trials,
                      ["char_start", "char_end"])
    her2 = _of_trials(_arrow(get("her2_criteria", HER2_COLUMNS), "her2_criteria", HER2_COLUMNS), trials, [])
    pairs = pair_counts(labs)
    need = trials["document_id"].to_pylist() if all_texts else text_docs(labs, pairs)
    texts: dict[str, str] = {}
    if need:
        docs = _arrow(get("documents", ["document_id", "text"]), "documents", ["document_id", "text"])
        docs = docs.filter(pc.is_in(docs["document_id"], value_set=pa.array(need)))
        texts = dict(zip(docs["document_id"].to_pylist(), docs["text"].to_pylist()))
    return Columns(trials, labs, her2, texts, pairs)


# ----------------------------------------------------------------------------- criteria
def evidence_span(row: dict, text: str | None) -> tuple:
    """The span of ``text`` holding the row's evidence around its offsets (the criterion), or the
    evidence string itself when the text is not at hand or does not hold it there."""
    ev = row.get("evidence") or ""
    s, e = row["char_start"], row["char_end"]
    if text and ev:
        i = text.rfind(ev, 0, s + 1)
        while i >= 0:
            if i + len(ev) >= e:
                return (i, i + len(ev))
            i = text.rfind(ev, 0, i)
        i = text.find(ev, max(0, e - len(ev)))
        if 0 <= i <= s:
            return (i, i + len(ev))
    return ("evidence", ev)


@lru_cache(maxsize=1)
def _connectives() -> re.Pattern:
    rows = load("screen.yaml", required=["joins", "pattern"], key="connectives")
    return re.compile("|".join(f"(?P<{r['joins']}{i}>{r['pattern']})" for i, r in enumerate(rows)), re.I)


def last_connective(gap: str) -> str | None:
    """'or' or 'and': the last connective word in ``gap``; None when there is none, or when the gap
    holds a bound of its own (a number or comparator)."""
    last = None
    for m in _connectives().finditer(gap):
        last = m.lastgroup
        if last.startswith("stop"):
            return None
    return last.rstrip("0123456789") if last else None


def gap_text(a: dict, b: dict, text: str | None) -> str:
    """The words between two bounds of one criterion (from a's start when their surfaces overlap:
    "AST and ALT ≤ 2.5 × ULN" shares one surface end)."""
    if not text:
        return ""
    start = a["char_end"] if a["char_end"] <= b["char_start"] else a["char_start"]
    return text[start:b["char_start"]]


def alternative_groups(rows: list[dict], text: str | None) -> list[int]:
    """A group number per row (same order): inclusion rows of one criterion joined by "or" share
    one. A conditional row never joins, and it breaks the chain between its neighbours."""
    group = list(range(len(rows)))
    by_crit: dict[tuple, list[int]] = {}
    times: dict[str, int] = {}  # how often each evidence occurs: located only when more than once
    for i, r in enumerate(rows):
        ev = r.get("evidence") or ""
        if ev not in times:
            times[ev] = text.count(ev) if text and ev else 0
        key = ("evidence", ev) if times[ev] == 1 else evidence_span(r, text)
        by_crit.setdefault(key, []).append(i)
    for idx in by_crit.values():
        idx.sort(key=lambda i: (rows[i]["char_start"], rows[i]["char_end"]))
        for i, j in zip(idx, idx[1:]):
            a, b = rows[i], rows[j]
            if a["condition"] or b["condition"] or "INCLUSION" != a["criterion_type"] or a["criterion_type"] != b["criterion_type"]:
                continue
            if last_connective(gap_text(a, b, text)) == "or":
                old, new = group[j], group[i]
                group = [new if g == old else g for g in group]
    return group

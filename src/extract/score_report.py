"""The text report of a scoring run: per table and field, then the documents with issues."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extract.score_match import TABLES

if TYPE_CHECKING:
    from extract.score import PRF, Report, TableScore  # noqa: F401

# --------------------------------------------------------------------------- formatting

def _f(x: float | None) -> str:
    return "    -" if x is None else f"{x:5.3f}"


_HEAD = f"{'':28}{'tp':>6}{'fp':>6}{'fn':>6}  {'prec':>5}  {'rec':>5}  {'f1':>5}"


def _prf_line(label: str, s: PRF, extra: str = "") -> str:
    return (f"{label:28.28}{s.tp:6d}{s.fp:6d}{s.fn:6d}  {_f(s.precision)}  {_f(s.recall)}"
            f"  {_f(s.f1)}{extra}")


def _show(v: Any) -> str:
    if isinstance(v, str):
        return repr(v)
    if isinstance(v, list):
        return "[" + ", ".join(_show(x) for x in v) + "]"
    return "null" if v is None else str(v)


def _show_key(key: dict[str, Any]) -> str:
    return "(" + ", ".join(_show(v) for v in key.values()) + ")" if key else "(row)"


def _show_row(row: dict[str, Any] | None, skip: Iterable[str]) -> str:
    skip = set(skip)
    return ", ".join(f"{k}={_show(v)}" for k, v in (row or {}).items()
                     if k not in skip and v is not None)


def _issue_lines(table: str, s: TableScore) -> list[str]:
    spec = TABLES[table]
    lines = [f"    {table}: key tp={s.key.tp} fp={s.key.fp} fn={s.key.fn}"]
    for i in s.issues:
        if i.kind == "field":
            lines.append(f"      field    {i.field} @ {_show_key(i.key)}: "
                         f"gold={_show(i.gold)} pred={_show(i.pred)}")
        else:
            rest = _show_row(i.row, spec.key)
            lines.append(f"      {i.kind:8} {_show_key(i.key)}" + (f"  {rest}" if rest else ""))
    return lines


def format_report(report: Report, by_document: bool = False) -> str:
    """Fixed-width text: per table the key P/R/F1, per field P/R/F1 (+ accuracy over the
    paired rows), the sub-scores; with ``by_document``, every non-perfect document table
    with its missing/extra rows and differing fields."""
    from extract.score import PRF  # the score objects (extract.score re-exports this function)

    out: list[str] = []
    n = len(report.documents)
    miss = report.missing_documents
    out.append(f"Gold files: {n}   curated: {report.curated_dir}   "
               f"documents missing from curated output: {len(miss)}")
    for d in miss:
        out.append(f"  MISSING  {d.gold_path} -> {d.document}: {d.missing_reason}")
    for t in report.missing_tables:
        out.append(f"  MISSING TABLE  {t}.parquet (all its gold rows count as fn)")
    for table, s in report.tables.items():
        spec = TABLES[table]
        out.append("")
        keydesc = ", ".join(spec.key) if spec.key else "one row per document"
        out.append(f"== {table}  ({s.documents} documents; key: {keydesc})")
        out.append(_HEAD + "    acc")
        out.append(_prf_line("KEY", s.key))
        for name, fs in s.fields.items():
            out.append(_prf_line("  " + name, fs, f"  {_f(fs.accuracy)}"))
        if s.sub:
            out.append("  sub-scores")
            for name, sub in s.sub.items():
                if isinstance(sub, PRF):
                    out.append(_prf_line("    " + name, sub))
                else:
                    out.append(f"{'    ' + name:28.28}{sub.hits:>6d}/{sub.total:<6d}"
                               f"{'':28}{_f(sub.rate)}")
    if by_document:
        out.append("")
        out.append("== per document (tables that are not perfect)")
        for d in report.documents:
            bad = {t: s for t, s in d.tables.items() if not s.perfect}
            if not bad:
                continue
            ident = d.document_id or "not in curated output"
            out.append(f"  {Path(d.gold_path).name}  {d.document}  [{ident}]")
            for t, s in bad.items():
                out.extend(_issue_lines(t, s))
    return "\n".join(out) + "\n"


"""The evidence viewer: a page's stored text with every extracted fact highlighted.

Each highlight carries the fact's normalized value; the page's table rows sit beside the
text, and clicking a row scrolls to its evidence. Reads the published tables only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .labels import FACT_COLUMNS, FACT_KINDS, TRIAL_FIELDS, label
from .pages import render, write_atomic
from .snapshot import Snapshot

NCT_RE = re.compile(r"^NCT\d{8}$", re.I)


class NotFound(LookupError):
    pass


@dataclass
class Fact:
    fid: str
    table: str
    kind: str
    start: int
    end: int
    label: str
    row: dict


@dataclass
class Segment:
    text: str
    fids: list[str] = field(default_factory=list)
    kind: str | None = None
    ends: list[str] = field(default_factory=list)  # labels of the facts that end here


def _current_first(snap: Snapshot, docs: list[dict]) -> list[dict]:
    current = {r["document_id"] for r in snap.rows("trials") if r.get("is_current")}
    return sorted(docs, key=lambda d: (d["document_id"] not in current, d["source_path"]))


def resolve_document(snap: Snapshot, key: str) -> dict:
    """The document a user means by an NCT ID (its current page), a source path, a file
    name or stem, or a document_id (or a prefix of 6+ characters)."""
    docs = snap.table("documents", ["document_id", "nct_id", "source_path"]).to_pylist()
    key = key.strip()
    if NCT_RE.match(key):
        hits = [d for d in docs if (d.get("nct_id") or "").upper() == key.upper()]
    else:
        name = Path(key).name
        hits = [d for d in docs if d["document_id"] == key or d["source_path"] == key]
        hits = hits or [d for d in docs if len(key) >= 6 and d["document_id"].startswith(key)]
        hits = hits or [d for d in docs if key.endswith("/" + d["source_path"]) or Path(d["source_path"]).name == name]
        hits = hits or [d for d in docs if Path(d["source_path"]).stem == key]
    if not hits:
        raise NotFound(f"no published page matches {key!r} in {snap.out_dir}")
    hits = _current_first(snap, hits)
    if not NCT_RE.match(key) and len({d["source_path"] for d in hits}) > 1:
        names = ", ".join(d["source_path"] for d in hits[:10])
        raise NotFound(f"{key!r} matches several pages ({names}); name one by its path")
    return snap.document(hits[0]["document_id"])


def collect_facts(snap: Snapshot, document_id: str, text_len: int) -> tuple[list[Fact], list[Fact]]:
    """The document's fact rows (in text order) and those whose offsets do not fit the text."""
    facts, bad = [], []
    for table, kind in FACT_KINDS.items():
        for r in snap.rows(table, document_id):
            f = Fact("", table, kind, r["char_start"], r["char_end"], label(table, r), r)
            (facts if 0 <= f.start < f.end <= text_len else bad).append(f)
    facts.sort(key=lambda f: (f.start, -f.end, list(FACT_KINDS).index(f.table)))
    for i, f in enumerate(facts + bad):
        f.fid = f"f{i}"
    return facts, bad


def segments(text: str, facts: list[Fact]) -> list[Segment]:
    """Cut the text at every fact boundary; each piece knows the facts covering it."""
    cuts = sorted({0, len(text)} | {f.start for f in facts} | {f.end for f in facts})
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:]):
        cover = [f for f in facts if f.start <= a and f.end >= b]
        if not cover:
            out.append(Segment(text[a:b]))
            continue
        inner = min(cover, key=lambda f: (f.end - f.start, f.start))
        out.append(Segment(text[a:b], [f.fid for f in cover], inner.kind, [f.label for f in cover if f.end == b]))
    return out


def _rows_by_table(facts: list[Fact]) -> list[dict]:
    groups = []
    for table, kind in FACT_KINDS.items():
        rows = [f for f in facts if f.table == table]
        groups.append({"table": table, "kind": kind, "columns": FACT_COLUMNS[table], "facts": rows})
    return groups


def render_viewer(snap: Snapshot, key: str) -> tuple[str, dict]:
    """(HTML, document row) of the page ``key`` names."""
    doc = resolve_document(snap, key)
    text = doc["text"]
    facts, bad = collect_facts(snap, doc["document_id"], len(text))
    trial = next(iter(snap.rows("trials", doc["document_id"])), {})
    html = render(
        "viewer.html.j2", script_name="viewer.js",
        doc=doc, trial=trial, trial_fields=TRIAL_FIELDS, segments=segments(text, facts),
        groups=_rows_by_table(facts), bad=bad, run_id=snap.run_id, kinds=FACT_KINDS,
        title=f"{doc.get('nct_id') or doc['source_path']}: evidence",
    )
    return html, doc


def default_name(doc: dict) -> str:
    base = doc.get("nct_id") or Path(doc["source_path"]).stem or doc["document_id"]
    return re.sub(r"[^A-Za-z0-9._-]+", "_", base)[:80] + ".html"


def write_viewer(snap: Snapshot, key: str, html_path: Path | None = None, folder: Path = Path("build/show")) -> Path:
    html, doc = render_viewer(snap, key)
    return write_atomic(html_path or Path(folder) / default_name(doc), html)

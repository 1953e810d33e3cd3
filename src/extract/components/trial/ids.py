"""Identifiers: mirror "Identifier Type" blocks, id tables, id shapes anywhere, export lists."""
from __future__ import annotations

import re

from ...model import Fact, Layout
from ...normalize.fields import vocab_value
from ...pageindex import page_index
from .base import Rules, make_fact, id_type_by_shape, in_related, line_bounds, lines_in, rules


_OTHER_IDS_BLOCK = re.compile(
    r"^(?P<val>[^\n]+)\n+Identifier Type:[ \t]*(?P<type>[^\n]*)\n+Identifier Source:[ \t]*(?P<src>[^\n]*)$",
    re.M | re.I,
)


def _prev_line_start(text: str, k: int) -> int:
    """Start of the last non-empty line before the line at ``k``."""
    e = text.rfind("\n", 0, k)
    while e > 0 and text[e - 1] == "\n":
        e -= 1
    return text.rfind("\n", 0, max(e, 0)) + 1 if e > 0 else 0


def _find_all(text: str, needle: str) -> list[int]:
    out, k = [], text.find(needle)
    while k != -1:
        out.append(k)
        k = text.find(needle, k + 1)
    return out


def id_facts(text: str, layout: Layout, R: Rules, found: list[Fact]) -> list[Fact]:
    out: list[Fact] = []
    have_primary = any(f.kind == "trial_id" and f.attrs["role"] == "PRIMARY" for f in found)
    primary = next((f.attrs["id_value"] for f in found if f.kind == "trial_id" and f.attrs["role"] == "PRIMARY"), None)
    # mirror pages: "<id>\nIdentifier Type: -\nIdentifier Source: org_study_id"
    for m in (_OTHER_IDS_BLOCK.match(text, _prev_line_start(text, k)) for k in _find_all(text, "Identifier Type:")):
        if m is None:
            continue
        val = m.group("val").strip()
        src = m.group("src").strip().lower()
        typ = id_type_by_shape(val) or ("ORG_STUDY_ID" if "org_study" in src else None)
        if typ is None:
            t = m.group("type").lower()
            typ = "EUDRACT" if "eudract" in t else "OTHER"
        s = m.start("val") + (len(m.group("val")) - len(m.group("val").lstrip()))
        out.append(make_fact("trial_id", typ, "id.identifier_block", s, s + len(val), m.start(), m.end(),
                         id_value=val, id_type=typ, role="SECONDARY"))
    # two-column id tables: "<id>  <kind of id>" rows under a header
    for rid, cue, header, kinds in R.id_tables:
        for hm in (header.finditer(text) if cue in page_index(text).low else ()):
            for ls, le in lines_in(text, hm.end() + 1, min(len(text), hm.end() + 2000)):
                # "<id>  <kind>", "<id> | <kind>", "| <id> <words of the cell> | <kind> |"
                row = re.match(r"[ \t]*(?:\|[ \t]*)?(?P<val>[^\s|]+)(?:[ \t]{2,}|[^|\n]*?\|[ \t]*)(?P<kind>[^|\n]+?)[ \t|]*$", text[ls:le])
                if not row:
                    break
                val, kind = row.group("val"), row.group("kind")
                if vocab_value("empty_value", val):
                    continue
                if not re.search(r"\d", val):
                    break
                typ = next((t for p, t in kinds if p.search(kind)), None) or id_type_by_shape(val) or "OTHER"
                out.append(make_fact("trial_id", typ, rid, ls + row.start("val"), ls + row.end("val"), ls, le,
                                 id_value=val, id_type=typ, role="SECONDARY"))
    # shapes anywhere: NCT IDs (own or related), other registries' IDs
    top = layout.of("title", "identification", "status")
    pos = 0
    for c in R.id_candidates.finditer(text):
        if c.start() < pos:
            continue
        m = R.ids_all.match(text, c.start())
        if not m:
            continue
        pos = m.end()
        rid, typ, _pat = R.ids[int(m.lastgroup[1:])]
        val = m.group(0).upper() if typ == "NCT" else m.group(0)
        ls, le = line_bounds(text, m.start())
        related = in_related(layout, m.start())
        if typ == "NCT":
            if val == primary:
                continue
            if not have_primary and not related and (
                m.start() < 300 or any(s.start <= m.start() < s.end for s in top)
            ):
                primary, have_primary = val, True
                out.append(make_fact("trial_id", "NCT", rid + ".top", m.start(), m.end(), ls, le,
                                 id_value=val, id_type="NCT", role="PRIMARY"))
                continue
            out.append(make_fact("trial_id", "NCT", rid, m.start(), m.end(), ls, le,
                             id_value=val, id_type="NCT", role="RELATED"))
        else:
            out.append(make_fact("trial_id", typ, rid, m.start(), m.end(), ls, le,
                             id_value=val, id_type=typ, role="RELATED" if related else "SECONDARY"))
    if not have_primary:
        _promote_own_nct(text, layout, R, out)
    return out


def _says_identifier(text: str, R: Rules, f: Fact) -> bool:
    """The id's line says it is an identifier, or the id starts its line under a label that
    does ("Clinical Study ID" / "NCT########" / "ABC-101")."""
    ls, le = line_bounds(text, f.start)
    if R.own_id_cue.search(text, ls, le):
        return True
    if text[ls:f.start].strip() or ls == 0:
        return False
    pe = ls - 1
    while pe > 0 and text[pe - 1] == "\n":
        pe -= 1
    ps = text.rfind("\n", 0, pe) + 1
    return pe - ps < 60 and bool(R.own_id_cue.search(text, ps, pe))


def _promote_own_nct(text: str, layout: Layout, R: Rules, ids: list[Fact]) -> None:
    """A page with no NCT ID at its top (another registry's record, a recruitment page)
    still names its own: the only NCT ID outside related-trials text, or else the first one
    on a line that says it is an identifier (rules/ids.yaml own_id_cues). Its mentions become
    PRIMARY."""
    cands = [f for f in ids if f.attrs["id_type"] == "NCT" and f.attrs["role"] == "RELATED"
             and not in_related(layout, f.start)]
    values = list(dict.fromkeys(f.attrs["id_value"] for f in cands))
    own = values[0] if len(values) == 1 else next(
        (f.attrs["id_value"] for f in cands if _says_identifier(text, R, f)), None)
    for f in cands:
        if f.attrs["id_value"] == own:
            f.attrs["role"] = "PRIMARY"



_EXPORT_IDS = re.compile(
    r"^[ \t]*(?:-[ \t]+|secondaryIdInfos\[(?P<n>\d+)\]\.)id:[ \t]*(?P<val>[^\s\"]+)[ \t]*$",
    re.M,
)


def export_id_facts(text: str, layout: Layout) -> list[Fact]:
    """Registry exports: ``secondaryIdInfos`` lists ("- id: X" / "type: Y", or flattened
    "secondaryIdInfos[0].id: X" / "secondaryIdInfos[0].type: Y")."""
    start = text.find("secondaryIdInfos")
    if start == -1:
        return []
    out: list[Fact] = []
    base_indent = start - (text.rfind("\n", 0, start) + 1)
    for m in _EXPORT_IDS.finditer(text, start):
        if m.group("n") is None:
            # a nested list: every line up to this item is indented deeper than the key
            lines = text[start:m.start()].split("\n")[1:]
            if any(ln.strip() and len(ln) - len(ln.lstrip()) <= base_indent for ln in lines):
                break
        window = text[m.end():m.end() + 160]
        tm = re.search(r"type:[ \t]*(\w+)", window.split("- id:")[0].split(".id:")[0])
        val = m.group("val")
        typ = id_type_by_shape(val) or (rules().export_types.get(tm.group(1).upper(), "OTHER") if tm else None) or "OTHER"
        ls, le = line_bounds(text, m.start())
        out.append(make_fact("trial_id", typ, "id.export_secondary", m.start("val"), m.end("val"), ls, le,
                         id_value=val, id_type=typ, role="SECONDARY"))
    return out


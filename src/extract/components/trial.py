"""Trial-level facts: identifiers, title, phases, status, type, enrollment, ages, sex,
healthy volunteers and milestone dates.

Three mechanisms, all driven by rule files:
- labels (``rules/fields.yaml``): a label at the start of a line, its value on the same line
  after ":"/"|", or on the next non-empty line (mirror pages), with an Estimated/Actual
  qualifier before or after the label, or on a following ``type:`` line (exports);
- tables: a ``|`` header row whose cells are labels, values from the first data row;
- shapes: in a label-stripped layout, status-block and eligibility values recognised by
  their shape and order (``rules/trial_shapes.yaml``).
Identifiers come from labels and from the shapes of ``rules/ids.yaml``; an NCT ID in a
"related trials" section is never the record's own.
"""
from __future__ import annotations

import itertools
import re
from contextvars import ContextVar
from functools import lru_cache
from typing import Mapping

from .. import ruledata
from . import trial_iddates
from ..model import Fact, Layout
from ..normalize.dates import DATE_RE, page_dayfirst, parse_date
from ..normalize.fields import parse_age, parse_age_range, parse_enrollment, vocab_value
from ..normalize.phases import PHASE_RE, phases_in

_DAYFIRST: ContextVar[bool] = ContextVar("dayfirst", default=False)
# fields whose value may follow its label with nothing between ("Enrollment720", "Age18 Years+")
_GLUED_FIELDS = frozenset({"enrollment", "age_range", "min_age_years", "max_age_years"})
_QUAL = r"(?:Estimated|Est\.|Actual|Anticipated|Expected|Planned|Target)"


class _Rules:
    def __init__(self) -> None:
        rows = ruledata.load("fields.yaml", required=["field", "labels"])
        self.label_field: dict[str, tuple[str, str, int]] = {}
        labels: list[str] = []
        for r in rows:
            for lab in r["labels"]:
                self.label_field.setdefault(lab.lower(), (r["field"], r["id"], int(r.get("priority", 0))))
                labels.append(lab)
        labels.sort(key=len, reverse=True)
        alt = trial_iddates.trie_pattern(sorted({x.lower() for x in labels}))  # as a trie: same matches, fewer tries
        # a label starts a line (after list/table/markdown marks) or follows a " · " separator;
        # export key paths may follow it ("startDateStruct.date", "secondaryIdInfos[0].id");
        # its value follows ":", "|", "=", dot leaders, or two spaces, or sits on the next line
        body = (
            rf"(?:\*\*)?(?:\"|')?"
            rf"(?P<q1>{_QUAL}[ \t]+)?(?P<label>{alt})(?P<path>(?:\[\d+\])?(?:\.(?:date|count|id|value))?)"
            rf"(?:\"|')?[ \t]*(?P<q2>\((?:{_QUAL})\))?[ \t]*(?::[ \t]*\*\*|\*\*[ \t]*:?)?"
            rf"[ \t]*(?P<sep>[:|=]+|\.{{3,}}|(?<=\S)[ \t]{{2,}}(?=\S)|$|(?<=[A-Za-z])[ \t](?=\d{{1,4}}[-/.]\d)|(?P<glue>(?<=[A-Za-z])(?=\d\d)))[ \t]*(?:\|[ \t]*)?(?:\*\*[ \t]*)?(?P<rest>(?:(?![ \t]·[ \t])[^\n\]])*)"
        )
        self.label_re = re.compile(rf"^[ \t]*(?:\|[ \t]*)?(?:[-*•#]+[ \t]*)?{body}", re.I | re.M)
        # mid-line labels: after a " · " separator or an opening bracket ("[Registered on: ...]")
        self.label_body = re.compile(body, re.I | re.M)
        self.mid_line = re.compile(r"[ \t]·[ \t]|\[(?=[A-Za-z])")
        self.ids = [
            (r["id"], r["id_type"], re.compile(r["pattern"], re.I))
            for r in ruledata.load("ids.yaml", required=["id_type", "pattern"])
        ]
        self.nct = next(p for rid, t, p in self.ids if t == "NCT")
        self.own_id_cue = re.compile(
            "|".join(f"(?:{r['pattern']})" for r in ruledata.load("ids.yaml", required=["pattern"], key="own_id_cues")), re.I)
        # every id shape in one pass; the named group says which rule matched
        self.ids_all = re.compile("|".join(f"(?P<i{k}>{p.pattern})" for k, (_, _, p) in enumerate(self.ids)), re.I)
        id_rows = ruledata.load("ids.yaml", required=["id_type", "pattern", "prefix"])
        # case-sensitive: registry ids are written in their own case, and the scan is 4x faster
        self.id_candidates = re.compile("|".join(f"(?:{r['prefix']})" for r in id_rows))
        shapes = ruledata.load("trial_shapes.yaml", required=["field", "pattern"])
        self.shapes = [(r["id"], r["field"], re.compile(r["pattern"])) for r in shapes]
        self.date_orders = {
            int(r["count"]): r["order"]
            for r in ruledata.load("trial_shapes.yaml", required=["count", "order"], key="date_orders")
        }
        # key="value" attributes anywhere on a line ('Total Sample Size="690"')
        self.attr_re = re.compile(rf"(?<![\w])(?P<label>{alt})[ \t]*=[ \t]*\"(?P<rest>[^\"\n]*)\"", re.I)
        self.export_types = {
            r["type"]: r.get("id_type") for r in ruledata.load("ids.yaml", required=["type"], key="export_types")
        }
        self.id_tables = [
            (r["id"], re.compile(r["header"], re.I | re.M),
             [(re.compile(k["pattern"], re.I), k["id_type"]) for k in r.get("kinds", [])])
            for r in ruledata.load("ids.yaml", required=["header"], key="id_tables")
        ]
        self.prose = [
            (r["id"], r["field"], r.get("value"), r.get("enrollment_type"), r.get("estimated"), re.compile(r["pattern"], re.I if r["field"] != "date:STUDY_START" and not r["field"].startswith("date:") else 0))
            for r in ruledata.load("prose.yaml", required=["field", "pattern"])
        ]
        self.type_line = re.compile(rf"^\s*(?:[\w\[\]]+\.)*\"?type\"?\s*[:=]\s*\"?(?P<q>{_QUAL})\b", re.I | re.M)


@lru_cache(maxsize=1)
def rules() -> _Rules:
    return _Rules()


def _in_related(layout: Layout, pos: int) -> bool:
    return layout.within(pos, "related")


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    s = text.rfind("\n", 0, pos) + 1
    e = text.find("\n", pos)
    return s, (len(text) if e == -1 else e)


def _next_nonempty_line(text: str, pos: int, max_lines: int = 3) -> tuple[int, int] | None:
    """Bounds of the next non-empty line after the line ending at ``pos``."""
    p = pos
    for _ in range(max_lines):
        if p >= len(text):
            return None
        p = p + 1 if text[p] == "\n" else p
        e = text.find("\n", p)
        e = len(text) if e == -1 else e
        if text[p:e].strip():
            return p, e
        p = e
    return None


_KEY_PREFIX = re.compile(r"[ \t]*(?:-[ \t]+)?[A-Za-z_][\w.\[\]]*[ \t]*:[ \t]+(?=\S)")


def _next_value(text: str, line: tuple[int, int]) -> tuple[int, int, int]:
    """The value on a line after its label: strip an export key ("date: 2024-03", "- id: X");
    a YAML list ("- PHASE1" / "- PHASE2") spans its consecutive item lines."""
    s, e = line
    km = _KEY_PREFIX.match(text, s, e)
    if km:
        return (*_strip_cell(text, km.end(), e), e)
    if re.match(r"[ \t]*-[ \t]+\S", text[s:e]):
        end = e
        while True:
            nxt = _next_nonempty_line(text, end, 1)
            if not nxt or not re.match(r"[ \t]*-[ \t]+\S", text[nxt[0]:nxt[1]]):
                break
            end = nxt[1]
        first = text.index("-", s) + 1
        return (*_strip_cell(text, first, end), end)
    return (*_strip_cell(text, s, e), e)


def _continuation(text: str, line_s: int, vs: int, ve: int, line_end: int) -> tuple[int, int]:
    """Extend a value over following lines indented to its column (wrapped long titles)."""
    col = vs - line_s
    if col < 8:
        return ve, line_end
    end = line_end
    while end < len(text) - 1:
        ns = end + 1
        ne = text.find("\n", ns)
        ne = len(text) if ne == -1 else ne
        line = text[ns:ne]
        if not line.strip() or len(line) - len(line.lstrip()) < col - 2 or rules().label_re.match(text, ns):
            break
        ve = end = ne
    return ve, end


def _open_cell(text: str, vs: int, ve: int, line_end: int) -> tuple[int, int]:
    """A table cell whose value goes on over the next lines ("ID-1<br>ID-2 |"): extend the
    value to the line that closes the cell with a pipe (at most 5 lines)."""
    end = line_end
    for _ in range(5):
        nxt = _next_nonempty_line(text, end, 1)
        if not nxt or "|" not in text[nxt[0]:nxt[1]] and rules().label_re.match(text, nxt[0]):
            break
        bar = text.find("|", nxt[0], nxt[1])
        if bar != -1:
            return (_strip_cell(text, vs, bar)[1] if text[nxt[0]:bar].strip() else ve), nxt[1]
        end = nxt[1]
    return ve, line_end


def _strip_cell(text: str, s: int, e: int) -> tuple[int, int]:
    """Trim spaces, table pipes and quotes around text[s:e]; cut at an inner pipe or " · "."""
    bar = text.find("|", s, e)
    if bar != -1 and text[s:bar].strip():
        e = bar
    dot = text.find(" · ", s, e)
    if dot != -1 and text[s:dot].strip():
        e = dot
    while s < e and text[s] in " \t|\"',":
        s += 1
    while e > s and text[e - 1] in " \t|\"',":
        e -= 1
    return s, e


def _qualifier(*parts: str | None) -> bool | None:
    """Estimated (True) / actual (False) as the words say (rules/iddates.yaml qualifiers)."""
    return trial_iddates.estimated(*parts)


# ------------------------------------------------------------------------- the extractor
def extract_trial_facts(text: str, layout: Layout, abbreviations: Mapping[str, str] | None = None) -> list[Fact]:
    R = rules()
    facts: list[Fact] = []
    # numeric dates: as the page's unambiguous ones say; else day-first on non-US registries
    _DAYFIRST.set(page_dayfirst(text, default=not R.nct.search(text)))
    mids = (R.label_body.match(text, c.end()) for c in R.mid_line.finditer(text))
    for m in itertools.chain(R.label_re.finditer(text), (m for m in mids if m)):
        if _in_related(layout, m.start()):
            continue
        field, rid, prio = R.label_field[m.group("label").lower()]
        if m.group("glue") is not None and not (field.startswith("date:") or field in _GLUED_FIELDS):
            continue  # "ISRCTN74310952", "PHASE1": a value, not a label glued to its value
        line_s, line_e = _line_bounds(text, m.start())
        vs, ve = _strip_cell(text, m.start("rest"), m.end("rest"))
        value_line_end = line_e
        if ve <= vs:
            if m.group("sep").strip("|:= ") != "":
                continue
            nxt = _next_nonempty_line(text, line_e)
            if not nxt:
                continue
            if R.label_re.match(text, nxt[0]) and field != "title_official":
                continue  # the next line is another label: this one has no value
            vs, ve, value_line_end = _next_value(text, nxt)
        if ve <= vs:
            continue
        if field != "phases" and vocab_value("empty_value", text[vs:ve]):
            continue
        if field.startswith("title"):
            ve, value_line_end = _continuation(text, line_s, vs, ve, value_line_end)
        elif field.startswith("id:") and "|" in text[line_s:line_e] and not text[ve:value_line_end].strip():
            ve, value_line_end = _open_cell(text, vs, ve, value_line_end)
        qual_after = None
        nxt = _next_nonempty_line(text, value_line_end, 1)
        if nxt:
            tm = R.type_line.match(text, nxt[0], nxt[1])
            if tm:
                qual_after = tm.group("q")
        est = _qualifier(m.group("q1"), m.group("q2"), qual_after,
                         text[vs:ve] if field.startswith("date:") or field == "enrollment" else None,
                         m.group("label") if field.startswith("date:") else None)
        for f in _value_facts(text, field, rid, vs, ve, line_s, value_line_end, est,
                              m.group("q1") or m.group("q2") or qual_after or m.group("label")):
            f.attrs["priority"] = prio
            facts.append(f)
    for m in (R.attr_re.finditer(text) if '="' in text or '= "' in text else ()):
        if m.start() == _line_bounds(text, m.start())[0] or _in_related(layout, m.start()):
            continue  # a line-initial label was read above
        field, rid, prio = R.label_field[m.group("label").lower()]
        vs, ve = m.span("rest")
        ls, le = _line_bounds(text, m.start())
        for f in _value_facts(text, field, rid + ".attr", vs, ve, ls, le, None, m.group("label")):
            f.attrs["priority"] = prio
            facts.append(f)
    facts.extend(_table_facts(text, layout, R))
    facts.extend(_grid_facts(text, layout, R))
    facts.extend(_shape_facts(text, layout, R))
    facts.extend(_id_facts(text, layout, R, facts))
    facts.extend(_title_facts(text, layout))
    facts.extend(_criteria_age_facts(text, layout))
    facts.extend(_prose_facts(text, layout, R, facts))
    facts.extend(_export_id_facts(text, layout))
    facts.extend(trial_iddates.extra_facts(text, layout, facts, _DAYFIRST.get()))
    trial_iddates.finalize(text, layout, facts)
    return facts


def _fields_found(facts: list[Fact]) -> set[str]:
    out = set()
    for f in facts:
        if f.kind == "trial_field":
            out.add(f.attrs["field"])
        elif f.kind == "date":
            out.add("date:" + f.attrs["date_type"])
        elif f.kind == "trial_id" and f.attrs["role"] == "PRIMARY":
            out.add("id:PRIMARY:NCT")
    if "criteria_min_age" in out or "min_age_years" in out or "max_age_years" in out:
        out.add("age_range")
    return out


def _prose_facts(text: str, layout: Layout, R: _Rules, found: list[Fact]) -> list[Fact]:
    """Prose fallbacks (rules/prose.yaml) for the fields nothing structured gave."""
    have = _fields_found(found)
    out: list[Fact] = []
    for rid, field, value, etype, estimated, pat in R.prose:
        if field in have:
            continue
        for m in pat.finditer(text):
            if _in_related(layout, m.start()):
                continue
            s, e = m.start("v"), m.end("v")
            ls, le = _sentence_bounds(text, m.start())
            got = _value_facts(text, field, rid, s, e, ls, le, True if estimated else None, None)
            if value is not None:
                got = [_fact("trial_field", field, rid, s, e, ls, le, field=field, value=value)]
            if got:
                if etype and field == "enrollment":
                    got.append(_fact("trial_field", "enrollment_type", rid, s, e, ls, le,
                                     field="enrollment_type", value=etype))
                out.extend(got)
                have.add(field)
                if field == "id:PRIMARY:NCT":
                    for f in found:
                        if f.kind == "trial_id" and f.attrs["id_value"] == got[0].attrs["id_value"]:
                            f.attrs["role"] = "PRIMARY"
                break
    return out


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    ls, le = _line_bounds(text, pos)
    s = max(text.rfind(". ", ls, pos) + 2, ls) if text.rfind(". ", ls, pos) != -1 else ls
    e = text.find(". ", pos, le)
    return s, (le if e == -1 else e + 1)


_EXPORT_IDS = re.compile(
    r"^[ \t]*(?:-[ \t]+|secondaryIdInfos\[(?P<n>\d+)\]\.)id:[ \t]*(?P<val>[^\s\"]+)[ \t]*$",
    re.M,
)


def _export_id_facts(text: str, layout: Layout) -> list[Fact]:
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
        typ = _id_type_by_shape(val) or (rules().export_types.get(tm.group(1).upper(), "OTHER") if tm else None) or "OTHER"
        ls, le = _line_bounds(text, m.start())
        out.append(_fact("trial_id", typ, "id.export_secondary", m.start("val"), m.end("val"), ls, le,
                         id_value=val, id_type=typ, role="SECONDARY"))
    return out


def _fact(kind, label, rid, s, e, es, ee, **attrs) -> Fact:
    return Fact(kind, label, rid, s, e, es, ee, dict(attrs))


def _value_facts(text, field, rid, vs, ve, es, ee, est, qual_text) -> list[Fact]:
    value = text[vs:ve]
    out: list[Fact] = []
    if field.startswith("date:"):
        m = DATE_RE.search(value)
        while m:
            parsed = parse_date(m.group(0), _DAYFIRST.get())
            if parsed:
                d, prec = parsed
                out.append(_fact("date", field[5:], rid, vs + m.start(), vs + m.end(), es, ee,
                                 date_type=field[5:], date=d, precision=prec, is_estimated=est))
                break
            m = DATE_RE.search(value, m.end())
    elif field.startswith("id:"):
        _, role, id_type = field.split(":")
        if id_type == "NCT":
            for m in rules().nct.finditer(value):
                out.append(_fact("trial_id", "NCT", rid, vs + m.start(), vs + m.end(), es, ee,
                                 id_value=m.group(0).upper(), id_type="NCT", role=role))
                break
        else:
            for k, (s, e) in enumerate(_id_tokens(value)):
                val = value[s:e]
                typ = _id_type_by_shape(val) or (id_type if k == 0 else "OTHER")
                out.append(_fact("trial_id", typ, rid, vs + s, vs + e, es, ee,
                                 id_value=val, id_type=typ, role=role))
    elif field == "phases":
        for s, e, ph in _phase_mentions(value):
            out.append(_fact("trial_field", field, rid, vs + s, vs + e, es, ee, field=field, value=ph))
            break
    elif field in ("overall_status", "study_type", "sex", "healthy_volunteers"):
        v = vocab_value(field, value)
        if v:
            out.append(_fact("trial_field", field, v[1], vs, ve, es, ee, field=field, value=v[0]))
    elif field == "enrollment":
        p = parse_enrollment(value)
        if p:
            n, m = p
            out.append(_fact("trial_field", field, rid, vs + m.start(), vs + m.end(), es, ee, field=field, value=n))
            etype = vocab_value("enrollment_type", (qual_text or "") + " " + value)
            if etype:
                out.append(_fact("trial_field", "enrollment_type", etype[1], vs, ve, es, ee,
                                 field="enrollment_type", value=etype[0]))
    elif field in ("min_age_years", "max_age_years"):
        age = parse_age(value)
        if age is not None:
            out.append(_fact("trial_field", field, rid, vs, ve, es, ee, field=field, value=age))
    elif field == "age_range":
        lo, hi = parse_age_range(value)
        if lo is not None:
            out.append(_fact("trial_field", "min_age_years", rid, vs, ve, es, ee, field="min_age_years", value=lo))
        if hi is not None:
            out.append(_fact("trial_field", "max_age_years", rid, vs, ve, es, ee, field="max_age_years", value=hi))
    elif field in ("title_official", "title_brief"):
        out.append(_fact("trial_field", field, rid, vs, ve, es, ee, field=field, value=value.strip()))
    return out


def _phase_mentions(value: str):
    if re.fullmatch(r"\s*(?:N/?A|NA|Not Applicable)\s*", value, re.I):
        yield 0, len(value), ["NA"]
        return
    bare = re.match(r"\s*(?:[1-4]|i{1,3}|iv)[ab]?(?:\s*[/&,-]\s*(?:[1-4]|i{1,3}|iv)[ab]?)*\b", value, re.I)
    if bare and not PHASE_RE.search(value):
        # a phase label's value without the word: "Phase: Ib/II", "Phase: 2"
        ph = phases_in("Phase " + bare.group(0).strip())
        if ph:
            yield bare.start() + (len(bare.group(0)) - len(bare.group(0).lstrip())), bare.end(), ph
            return
    spans = [(m.start(), m.end()) for m in PHASE_RE.finditer(value)]
    if spans:
        s, e = spans[0][0], spans[-1][1]
        ph = phases_in(value[s:e])
        if ph:
            yield s, e, ph


def _id_tokens(value: str):
    """Identifier tokens in a value: "HR-BLTN-016", "ABC-123; 2019-001234-56",
    "GLGOC-CRC-1807 2018-004412-31 ( EudraCT Number )". A token has a digit; words and
    parenthesised descriptions between ids are not ids."""
    for m in re.finditer(r"\([^)]*\)|[^\s;,()]+", value):
        tok = m.group(0).strip(".:")
        if tok.startswith("(") or not re.search(r"\d", tok) or len(tok) < 3:
            continue
        s = m.start() + m.group(0).index(tok)
        yield s, s + len(tok)


def _id_type_by_shape(val: str) -> str | None:
    for rid, typ, pat in rules().ids:
        if pat.fullmatch(val.strip()):
            return typ
    return None


# --------------------------------------------------------------------------- tables
_SEPARATOR_ROW = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _table_facts(text: str, layout: Layout, R: _Rules) -> list[Fact]:
    out: list[Fact] = []
    for m in re.finditer(r"^[^\n]*\|[^\n]*\|[^\n]*\n(?:[ \t]*\|?[ \t]*:?-{3,}[^\n]*$)?", text, re.M):
        header_s, header_e = _line_bounds(text, m.start())
        cells = [c.strip() for c in text[header_s:header_e].strip().strip("|").split("|")]
        wanted = {}
        for i, c in enumerate(cells):
            hit = R.label_field.get(c.lower())
            if hit and hit[0] in ("phases", "overall_status", "study_type", "enrollment"):
                wanted[i] = hit
        if not wanted:
            continue
        # the data row may span several lines; take text up to the row's last pipe
        row_s = m.end()
        if row_s >= len(text):
            continue
        if text[row_s - 1] != "\n":
            row_s += 1
        row_end = row_s
        pipes = 0
        while row_end < len(text) and pipes < len(cells):
            ch = text[row_end]
            if ch == "|":
                pipes += 1
            row_end += 1
        bounds, p = [], row_s
        for i in range(len(cells)):
            q = text.find("|", p, row_end)
            q = row_end if q == -1 else q
            bounds.append((p, q))
            p = q + 1
        for i, (field, rid, _prio) in wanted.items():
            if i < len(bounds):
                s, e = _strip_cell(text, *bounds[i])
                if e > s:
                    out.extend(_value_facts(text, field, rid + ".table", s, e, header_s, row_end, None, None))
    return out


# ------------------------------------------------------------------- column grids
_GRID_CELL = re.compile(r"(?:^|(?<=   ))\S(?:[^ ]| (?! ))*", re.M)


def _grid_facts(text: str, layout: Layout, R: _Rules) -> list[Fact]:
    """Labels side by side in columns, values below them at the same columns:

        Submission date        Recruitment status
        24/02/2022             No longer recruiting
    """
    if "   " not in text:
        return []
    out: list[Fact] = []
    for ls, le in _lines_in(text, 0, len(text)):
        line = text[ls:le]
        if "   " not in line.strip():
            continue
        cells = [(m.start(), m.end()) for m in _GRID_CELL.finditer(line)]
        labels = [(s, e, R.label_field.get(line[s:e].lower())) for s, e in cells]
        if len(cells) < 2 or not any(f for *_, f in labels):
            continue
        nxt = _next_nonempty_line(text, le, 1)
        if not nxt:
            continue
        below = text[nxt[0]:nxt[1]]
        vcells = [(m.start(), m.end()) for m in _GRID_CELL.finditer(below)]
        for s, e, hit in labels:
            if not hit:
                continue
            val = next(((vs, ve) for vs, ve in vcells if abs(vs - s) <= 2), None)
            if val is None:
                continue
            field, rid, prio = hit
            for f in _value_facts(text, field, rid + ".grid", nxt[0] + val[0], nxt[0] + val[1], ls, nxt[1], None, None):
                f.attrs["priority"] = prio
                out.append(f)
    return out


# --------------------------------------------------------------------------- shapes
def _shape_facts(text: str, layout: Layout, R: _Rules) -> list[Fact]:
    """Values recognised by shape and order in a label-stripped status block / eligibility tail."""
    from ..layout import rules as layout_rules

    out: list[Fact] = []
    stripped = layout.name in layout_rules().stripped_layouts
    for sec in layout.sections:
        if sec.name == "status" and stripped:
            dates: list[tuple[int, int]] = []
            for ls, le in _lines_in(text, sec.start, sec.end):
                line = text[ls:le].strip()
                for rid, field, pat in R.shapes:
                    if field.startswith("elig:"):
                        continue
                    mm = pat.fullmatch(line)
                    if not mm:
                        continue
                    s = ls + (len(text[ls:le]) - len(text[ls:le].lstrip()))
                    e = s + len(line)
                    if field == "date":
                        dates.append((s, e))
                    else:
                        out.extend(_value_facts(text, field, rid, s, e, s, e, None, None))
                    break
            order = R.date_orders.get(len(dates))
            if order:
                for (s, e), dtype in zip(dates, order):
                    out.extend(_value_facts(text, "date:" + dtype, "shape.date_order", s, e, s, e, None, None))
        elif sec.name == "eligibility" and sec.rule_id == "shape.elig_fields":
            ages = []
            for ls, le in _lines_in(text, sec.start, sec.end):
                line = text[ls:le].strip()
                for rid, field, pat in R.shapes:
                    if not field.startswith("elig:") or not pat.fullmatch(line):
                        continue
                    f = field[5:]
                    if f == "age":
                        ages.append((ls, le, rid))
                    else:
                        out.extend(_value_facts(text, f, rid, ls, le, ls, le, None, None))
                    break
            if len(ages) == 1:
                out.extend(_value_facts(text, "age_range", ages[0][2], ages[0][0], ages[0][1], ages[0][0], ages[0][1], None, None))
            elif len(ages) >= 2:
                for (ls, le, rid), f in zip(ages[:2], ("min_age_years", "max_age_years")):
                    out.extend(_value_facts(text, f, rid, ls, le, ls, le, None, None))
    return out


def _lines_in(text: str, start: int, end: int):
    p = start
    while p < end:
        e = text.find("\n", p, end)
        e = end if e == -1 else e
        if text[p:e].strip():
            yield p, e
        p = e + 1


# ------------------------------------------------------------------------------ ids
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


def _id_facts(text: str, layout: Layout, R: _Rules, found: list[Fact]) -> list[Fact]:
    out: list[Fact] = []
    have_primary = any(f.kind == "trial_id" and f.attrs["role"] == "PRIMARY" for f in found)
    primary = next((f.attrs["id_value"] for f in found if f.kind == "trial_id" and f.attrs["role"] == "PRIMARY"), None)
    # mirror pages: "<id>\nIdentifier Type: -\nIdentifier Source: org_study_id"
    for m in (_OTHER_IDS_BLOCK.match(text, _prev_line_start(text, k)) for k in _find_all(text, "Identifier Type:")):
        if m is None:
            continue
        val = m.group("val").strip()
        src = m.group("src").strip().lower()
        typ = _id_type_by_shape(val) or ("ORG_STUDY_ID" if "org_study" in src else None)
        if typ is None:
            t = m.group("type").lower()
            typ = "EUDRACT" if "eudract" in t else "OTHER"
        s = m.start("val") + (len(m.group("val")) - len(m.group("val").lstrip()))
        out.append(_fact("trial_id", typ, "id.identifier_block", s, s + len(val), m.start(), m.end(),
                         id_value=val, id_type=typ, role="SECONDARY"))
    # two-column id tables: "<id>  <kind of id>" rows under a header
    for rid, header, kinds in R.id_tables:
        for hm in header.finditer(text):
            for ls, le in _lines_in(text, hm.end() + 1, min(len(text), hm.end() + 2000)):
                # "<id>  <kind>", "<id> | <kind>", "| <id> <words of the cell> | <kind> |"
                row = re.match(r"[ \t]*(?:\|[ \t]*)?(?P<val>[^\s|]+)(?:[ \t]{2,}|[^|\n]*?\|[ \t]*)(?P<kind>[^|\n]+?)[ \t|]*$", text[ls:le])
                if not row:
                    break
                val, kind = row.group("val"), row.group("kind")
                if vocab_value("empty_value", val):
                    continue
                if not re.search(r"\d", val):
                    break
                typ = next((t for p, t in kinds if p.search(kind)), None) or _id_type_by_shape(val) or "OTHER"
                out.append(_fact("trial_id", typ, rid, ls + row.start("val"), ls + row.end("val"), ls, le,
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
        ls, le = _line_bounds(text, m.start())
        related = _in_related(layout, m.start())
        if typ == "NCT":
            if val == primary:
                continue
            if not have_primary and not related and (
                m.start() < 300 or any(s.start <= m.start() < s.end for s in top)
            ):
                primary, have_primary = val, True
                out.append(_fact("trial_id", "NCT", rid + ".top", m.start(), m.end(), ls, le,
                                 id_value=val, id_type="NCT", role="PRIMARY"))
                continue
            out.append(_fact("trial_id", "NCT", rid, m.start(), m.end(), ls, le,
                             id_value=val, id_type="NCT", role="RELATED"))
        else:
            out.append(_fact("trial_id", typ, rid, m.start(), m.end(), ls, le,
                             id_value=val, id_type=typ, role="RELATED" if related else "SECONDARY"))
    if not have_primary:
        _promote_own_nct(text, layout, R, out)
    return out


def _promote_own_nct(text: str, layout: Layout, R: _Rules, ids: list[Fact]) -> None:
    """A page with no NCT ID at its top (another registry's record, a recruitment page)
    still names its own: the only NCT ID outside related-trials text, or else the first one
    on a line that says it is an identifier (rules/ids.yaml own_id_cues). Its mentions become
    PRIMARY."""
    cands = [f for f in ids if f.attrs["id_type"] == "NCT" and f.attrs["role"] == "RELATED"
             and not _in_related(layout, f.start)]
    values = list(dict.fromkeys(f.attrs["id_value"] for f in cands))
    own = values[0] if len(values) == 1 else next(
        (f.attrs["id_value"] for f in cands if R.own_id_cue.search(text, *_line_bounds(text, f.start))), None)
    for f in cands:
        if f.attrs["id_value"] == own:
            f.attrs["role"] = "PRIMARY"


# ---------------------------------------------------------------------------- title
def _title_facts(text: str, layout: Layout) -> list[Fact]:
    out = []
    for s in layout.sections:
        if s.name == "title" and s.rule_id == "title.first_line" and s.end > s.start:
            out.append(_fact("trial_field", "title_first_line", s.rule_id, s.start, s.end, s.start, s.end,
                             field="title_first_line", value=text[s.start:s.end].strip()))
    return out


# ------------------------------------------------------------- ages from criteria text
_CRIT_AGE = re.compile(
    r"\bage[ds]?\b[^.;\n]{0,25}?"
    r"(?:(?P<from>from|between)\s+(?P<a>\d{1,2})\s*(?:years?\s*)?(?:to|and|-)\s*(?P<b>\d{1,3})"
    r"|(?P<cmp>≥|>=|>|at least|over|older than|above|of|is|:)\s*(?P<min>\d{1,2})(?!\d|\.\d)"
    r"(?:\s*(?:years?(?: old)?)?\s*(?:,|and|to|-)\s*(?:≤|<=|<|under|younger than)?\s*(?P<max>\d{2,3}))?)",
    re.I,
)
_CRIT_AGE2 = re.compile(r"\b(?P<min>\d{1,2})\s*(?:years?|yrs?)(?: of age)?\s*(?:or|and)\s*(?:older|above|over)", re.I)


def _criteria_age_facts(text: str, layout: Layout) -> list[Fact]:
    out: list[Fact] = []
    for c in layout.criteria:
        if c.criterion_type != "INCLUSION":
            continue
        m = _CRIT_AGE.search(text, c.start, c.end) or _CRIT_AGE2.search(text, c.start, c.end)
        if not m:
            continue
        gd = m.groupdict()
        lo = gd.get("a") or gd.get("min")
        hi = gd.get("b") or gd.get("max")
        if lo:
            out.append(_fact("trial_field", "criteria_min_age", "age.criteria", m.start(), m.end(), c.start, c.end,
                             field="criteria_min_age", value=float(lo)))
        if hi:
            out.append(_fact("trial_field", "criteria_max_age", "age.criteria", m.start(), m.end(), c.start, c.end,
                             field="criteria_max_age", value=float(hi)))
        break
    return out

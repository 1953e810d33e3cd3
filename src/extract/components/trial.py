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

import re
from functools import lru_cache
from typing import Mapping

from .. import ruledata
from ..model import Fact, Layout, Section
from ..normalize.dates import DATE_RE, parse_date
from ..normalize.fields import parse_age, parse_age_range, parse_enrollment, vocab_value
from ..normalize.phases import PHASE_RE, phases_in

_QUAL = r"(?:Estimated|Actual|Anticipated|Expected|Planned|Target)"


class _Rules:
    def __init__(self) -> None:
        rows = ruledata.load("fields.yaml", required=["field", "labels"])
        self.label_field: dict[str, tuple[str, str]] = {}
        labels: list[str] = []
        for r in rows:
            for lab in r["labels"]:
                self.label_field.setdefault(lab.lower(), (r["field"], r["id"]))
                labels.append(lab)
        labels.sort(key=len, reverse=True)
        alt = "|".join(re.escape(x) for x in labels)
        self.label_re = re.compile(
            rf"^[ \t]*(?:[-*•#]+[ \t]*)?(?:\*\*)?(?:\"|')?(?P<q1>{_QUAL}[ \t]+)?(?P<label>{alt})(?:\"|')?(?:\*\*)?"
            rf"[ \t]*(?P<q2>\((?:{_QUAL})\))?[ \t]*(?P<sep>[:|=]+|$)[ \t]*(?:\|[ \t]*)?(?P<rest>[^\n]*)$",
            re.I | re.M,
        )
        self.ids = [
            (r["id"], r["id_type"], re.compile(r["pattern"], re.I))
            for r in ruledata.load("ids.yaml", required=["id_type", "pattern"])
        ]
        self.nct = next(p for rid, t, p in self.ids if t == "NCT")
        shapes = ruledata.load("trial_shapes.yaml", required=["field", "pattern"])
        self.shapes = [(r["id"], r["field"], re.compile(r["pattern"])) for r in shapes]
        self.date_orders = {
            int(r["count"]): r["order"]
            for r in ruledata.load("trial_shapes.yaml", required=["count", "order"], key="date_orders")
        }
        self.type_line = re.compile(rf"^\s*\"?type\"?\s*[:=]\s*\"?(?P<q>{_QUAL})\b", re.I)


@lru_cache(maxsize=1)
def rules() -> _Rules:
    return _Rules()


def _section_at(layout: Layout, pos: int) -> Section | None:
    best = None
    for s in layout.sections:
        if s.start <= pos < max(s.end, s.start + 1) and (best is None or s.start >= best.start):
            best = s
    return best


def _in_related(layout: Layout, pos: int) -> bool:
    return any(s.name == "related" and s.start - 200 <= pos < s.end + 1 for s in layout.sections) and (
        (sec := _section_at(layout, pos)) is not None and sec.name == "related"
    )


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


def _strip_cell(text: str, s: int, e: int) -> tuple[int, int]:
    """Trim spaces, table pipes and quotes around text[s:e]; cut at the first inner pipe."""
    bar = text.find("|", s, e)
    if bar != -1 and text[s:bar].strip():
        e = bar
    while s < e and text[s] in " \t|\"',":
        s += 1
    while e > s and text[e - 1] in " \t|\"',":
        e -= 1
    return s, e


def _qualifier(*parts: str | None) -> bool | None:
    for p in parts:
        if not p:
            continue
        p = p.lower()
        if "actual" in p:
            return False
        if any(w in p for w in ("estimated", "anticipated", "expected", "planned", "target")):
            return True
    return None


# ------------------------------------------------------------------------- the extractor
def extract_trial_facts(text: str, layout: Layout, abbreviations: Mapping[str, str] | None = None) -> list[Fact]:
    R = rules()
    facts: list[Fact] = []
    for m in R.label_re.finditer(text):
        if _in_related(layout, m.start()):
            continue
        field, rid = R.label_field[m.group("label").lower()]
        line_s, line_e = _line_bounds(text, m.start())
        rest_s = m.start("rest")
        vs, ve = _strip_cell(text, rest_s, m.end("rest"))
        value_line_end = line_e
        if ve <= vs:
            if m.group("sep") == "" or m.group("sep").strip("|:= ") == "" :
                nxt = _next_nonempty_line(text, line_e)
                if not nxt:
                    continue
                vs, ve = _strip_cell(text, *nxt)
                value_line_end = nxt[1]
                if R.label_re.match(text, nxt[0]) and field != "title_official":
                    continue  # the next line is another label: this one has no value
        if ve <= vs:
            continue
        qual_after = None
        nxt = _next_nonempty_line(text, value_line_end, 1)
        if nxt:
            tm = R.type_line.match(text, nxt[0], nxt[1])
            if tm:
                qual_after = tm.group("q")
        est = _qualifier(m.group("q1"), m.group("q2"), qual_after, text[vs:ve] if field.startswith("date:") or field == "enrollment" else None)
        facts.extend(_value_facts(text, field, rid, vs, ve, line_s, value_line_end, est, m.group("q1") or m.group("q2") or qual_after))
    facts.extend(_table_facts(text, layout, R))
    facts.extend(_shape_facts(text, layout, R))
    facts.extend(_id_facts(text, layout, R, facts))
    facts.extend(_title_facts(text, layout))
    facts.extend(_criteria_age_facts(text, layout))
    return facts


def _fact(kind, label, rid, s, e, es, ee, **attrs) -> Fact:
    return Fact(kind, label, rid, s, e, es, ee, dict(attrs))


def _value_facts(text, field, rid, vs, ve, es, ee, est, qual_text) -> list[Fact]:
    value = text[vs:ve]
    out: list[Fact] = []
    if field.startswith("date:"):
        m = DATE_RE.search(value)
        while m:
            parsed = parse_date(m.group(0))
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
            for s, e in _id_tokens(value):
                val = value[s:e]
                typ = _id_type_by_shape(val) or id_type
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
    spans = [(m.start(), m.end()) for m in PHASE_RE.finditer(value)]
    if spans:
        s, e = spans[0][0], spans[-1][1]
        ph = phases_in(value[s:e])
        if ph:
            yield s, e, ph


_ID_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/\-]*[A-Za-z0-9]|[A-Za-z0-9]")


def _id_tokens(value: str):
    """Identifier tokens in a value: "HR-BLTN-016", "ABC-123; 2019-001234-56"."""
    v = value.strip()
    if re.fullmatch(r"[-–—]|n/?a|none", v, re.I):
        return
    for part in re.finditer(r"[^;,\s][^;,]*", value):
        tok = part.group(0).strip()
        if not tok or tok in "-–—":
            continue
        s = part.start() + (len(part.group(0)) - len(part.group(0).lstrip()))
        e = s + len(tok)
        # "Identifier Type: ..." style words are not ids
        if not re.search(r"\d", tok) and " " in tok:
            continue
        yield s, e


def _id_type_by_shape(val: str) -> str | None:
    for rid, typ, pat in rules().ids:
        if pat.fullmatch(val.strip()):
            return typ
    return None


# --------------------------------------------------------------------------- tables
_SEPARATOR_ROW = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _table_facts(text: str, layout: Layout, R: _Rules) -> list[Fact]:
    out: list[Fact] = []
    for m in re.finditer(r"^[^\n]*\|[^\n]*\n[ \t]*\|?[ \t]*:?-{3,}[^\n]*$", text, re.M):
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
        row_s = text.find("\n", m.end() - 1)
        if row_s == -1:
            continue
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
        for i, (field, rid) in wanted.items():
            if i < len(bounds):
                s, e = _strip_cell(text, *bounds[i])
                if e > s:
                    out.extend(_value_facts(text, field, rid + ".table", s, e, header_s, row_end, None, None))
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


def _id_facts(text: str, layout: Layout, R: _Rules, found: list[Fact]) -> list[Fact]:
    out: list[Fact] = []
    have_primary = any(f.kind == "trial_id" and f.attrs["role"] == "PRIMARY" for f in found)
    primary = next((f.attrs["id_value"] for f in found if f.kind == "trial_id" and f.attrs["role"] == "PRIMARY"), None)
    # mirror pages: "<id>\nIdentifier Type: -\nIdentifier Source: org_study_id"
    for m in _OTHER_IDS_BLOCK.finditer(text):
        val = m.group("val").strip()
        src = m.group("src").strip().lower()
        typ = _id_type_by_shape(val) or ("ORG_STUDY_ID" if "org_study" in src else None)
        if typ is None:
            t = m.group("type").lower()
            typ = "EUDRACT" if "eudract" in t else "OTHER"
        s = m.start("val") + (len(m.group("val")) - len(m.group("val").lstrip()))
        out.append(_fact("trial_id", typ, "id.identifier_block", s, s + len(val), m.start(), m.end(),
                         id_value=val, id_type=typ, role="SECONDARY"))
    # shapes anywhere: NCT IDs (own or related), other registries' IDs
    top = layout.of("title", "identification", "status")
    for rid, typ, pat in R.ids:
        for m in pat.finditer(text):
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
            elif not related:
                out.append(_fact("trial_id", typ, rid, m.start(), m.end(), ls, le,
                                 id_value=val, id_type=typ, role="SECONDARY"))
    return out


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

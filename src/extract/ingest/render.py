"""A study record -> its rendered document text, the structured facts read from its fields,
and the map from text spans back to record fields.

The text is a deterministic, readable rendering: the title on the first line, then one
``Label: value`` line per structured field (``rules/record_fields.yaml`` order), then the free
text blocks under their headings (conditions, summaries, arms, interventions, criteria). Every
structured fact's offsets point at its value in that text; every free-text fact found later by
the extractors is traced back to its field through :attr:`Rendered.fields`.
"""
from __future__ import annotations

import re
import textwrap
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from .. import ruledata
from ..model import Fact
from ..normalize.dates import parse_date
from ..normalize.fields import parse_age, parse_enrollment
from ..normalize.phases import ORDER as PHASE_ORDER, phases_in
from .fields import Value, read_values
from .pages import normalize_text
from .records import XML, Study

PRIORITY = 1000  # a record's own field outranks anything read from text
_BLOCK_SLOTS = ("list", "text", "item")
_MARKER = re.compile(r"^(?:[-*•·o+]\s|\d{1,3}[.)]\s|[A-Za-z][.)]\s|\(\w{1,4}\)\s)")


@dataclass
class Rendered:
    text: str
    facts: list[Fact] = field(default_factory=list)
    fields: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, record path)

    def field_at(self, pos: int) -> str | None:
        """The record field whose rendered span holds ``pos`` (innermost), or None."""
        i = bisect_right(self._starts, pos)
        best = None
        for s, e, path in self.fields[:i][::-1][:64]:
            if s <= pos < e and (best is None or s >= best[0]):
                best = (s, e, path)
        return best[2] if best else None

    def __post_init__(self) -> None:
        self._starts: list[int] = []

    def seal(self) -> "Rendered":
        self.fields.sort()
        self._starts = [s for s, _e, _p in self.fields]
        return self


@lru_cache(maxsize=1)
def _values_map() -> dict[str, dict[str, tuple[object, str]]]:
    out: dict[str, dict[str, tuple[object, str]]] = {}
    for r in ruledata.load("record_values.yaml", required=["field", "match"]):
        for m in r["match"]:
            out.setdefault(r["field"], {})[_key(str(m))] = (r.get("value"), r["id"])
    return out


@lru_cache(maxsize=1)
def _id_shapes() -> tuple[tuple[re.Pattern, str], ...]:
    return tuple((re.compile(r["pattern"]), r["id_type"]) for r in ruledata.load("ids.yaml", required=["id_type", "pattern"]))


def _key(s: str) -> str:
    return " ".join(s.split()).casefold()


def mapped(field_name: str, value: str) -> tuple[object, str] | None:
    """(CONTRACT value, rule id) of a record value, or None when the vocabulary lacks it."""
    return _values_map().get(field_name, {}).get(_key(value))


_PLAIN = re.compile(r"[ -%'-\[\]-~]*")  # printable ASCII but "&" and "\\": normalization changes nothing


def inline(s: str) -> str:
    """A one-line field value, normalized as page text is, its spaces collapsed."""
    return " ".join((s if _PLAIN.fullmatch(s) else normalize_text(s)).split())


def block(s: str, reflow: bool) -> str:
    text = normalize_text(s).strip("\n")
    return _reflow(text) if reflow else text


def _reflow(text: str) -> str:
    """Legacy XML text blocks are indented and hard-wrapped: dedent them and join each wrapped
    line to the line it continues (a line with no list marker after a non-empty line that
    does not end a heading)."""
    out: list[str] = []
    for ln in textwrap.dedent(text).split("\n"):
        s = ln.strip()
        if not s:
            if out and out[-1] != "":
                out.append("")
            continue
        if out and out[-1] and not _MARKER.match(s) and not out[-1].rstrip().endswith(":"):
            out[-1] = out[-1].rstrip() + " " + s
        else:
            out.append(ln.rstrip())
    return "\n".join(out).strip("\n")


class _Text:
    """Appends pieces and remembers where each record field landed."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.out = Rendered("")

    def add(self, s: str, path: str | None = None) -> tuple[int, int]:
        start = self.pos
        self.parts.append(s)
        self.pos += len(s)
        if path is not None and s:
            self.out.fields.append((start, self.pos, path))
        return start, self.pos

    def done(self) -> Rendered:
        self.out.text = "".join(self.parts).rstrip("\n") + "\n"
        return self.out.seal()


# ------------------------------------------------------------------------------ render
def render(study: Study) -> Rendered:
    """Render ``study`` and read its structured facts (see module docstring)."""
    values = read_values(study.fmt, study.root)
    t = _Text()
    title = next((v.value for s in ("title_official", "title_brief") for v in values
                  if v.rule["slot"] == s and v.value), None)
    if title is not None:
        t.add(inline(title.text), title.path)
        t.add("\n\n")
    groups: list[tuple[dict, list[Value]]] = []
    for v in values:
        if groups and groups[-1][0]["id"] == v.rule["id"]:
            groups[-1][1].append(v)
        else:
            groups.append((v.rule, [v]))
    for rule, vs in groups:
        if rule["slot"] not in _BLOCK_SLOTS:
            _header(t, rule, vs)
    if not any(f.kind == "trial_field" and f.label == "phases" for f in t.out.facts):
        t.out.facts.append(_field_fact("rf.phases", "phases", [], 0, 0, 0, 0, None))  # the record states none
    for rule, vs in groups:
        if rule["slot"] in _BLOCK_SLOTS:
            t.add("\n")
            _block(t, rule, vs, reflow=study.fmt == XML)
    return t.done()


def _header(t: _Text, rule: dict, vs: list[Value]) -> None:
    if rule["slot"] == "phases":
        ls = t.add(f"{rule['label']}: ")[0]
        spans = []
        for i, v in enumerate(vs):
            if i:
                t.add(", ")
            spans.append(t.add(inline(v.value.text), v.value.path))
        le = t.add("\n")[0]
        found = {p for v in vs for p in phases_in(inline(v.value.text))}
        t.out.facts.append(_field_fact(rule["id"], "phases", [p for p in PHASE_ORDER if p in found],
                                       spans[0][0], spans[-1][1], ls, le, vs[0].value.path))
        return
    for v in vs:
        if v.value is None:
            continue
        ls = t.add(f"{rule['label']}: ")[0]
        span = t.add(inline(v.value.text), v.value.path)
        if v.type is not None:
            t.add(" (")
            t.add(inline(v.type.text), v.type.path)
            t.add(")")
        le = t.add("\n")[0]
        t.out.facts.extend(_facts(rule, v, span, (ls, le)))


def _block(t: _Text, rule: dict, vs: list[Value], reflow: bool) -> None:
    t.add(f"{rule['label']}\n")
    for i, v in enumerate(vs):
        if rule["slot"] == "list":
            t.add(inline(v.value.text), v.value.path)
            t.add("\n")
        elif rule["slot"] == "text":
            t.add(block(v.value.text, reflow), v.value.path)
            t.add("\n")
        else:
            if i:
                t.add("\n")
            _item(t, rule, v, reflow)


def _item(t: _Text, rule: dict, v: Value, reflow: bool) -> None:
    """An arm or intervention: "TYPE: label", its description, then its names
    (``names_label``: the arm's interventions, the intervention's other names)."""
    if v.type is not None:
        t.add(inline(v.type.text), v.type.path)
        t.add(": ")
    if v.value is not None:
        t.add(inline(v.value.text), v.value.path)
    t.add("\n")
    if v.text is not None:
        t.add(block(v.text.text, reflow), v.text.path)
        t.add("\n")
    if v.names:
        t.add(f"{rule.get('names_label', 'Names')}: ")
        for i, n in enumerate(v.names):
            if i:
                t.add("; ")
            t.add(inline(n.text), n.path)
        t.add("\n")


# ------------------------------------------------------------------------------- facts
def _field_fact(rid: str, name: str, value, s: int, e: int, ls: int, le: int, path: str | None) -> Fact:
    return Fact("trial_field", name, rid, s, e, ls, le,
                {"field": name, "value": value, "priority": PRIORITY, "record_field": path})


_SIMPLE = {  # slot -> (trial field, vocabulary of record_values.yaml or None)
    "title_brief": ("title_brief", None),
    "title_official": ("title_official", None),
    "overall_status": ("overall_status", "overall_status"),
    "study_type": ("study_type", "study_type"),
    "sex": ("sex", "sex"),
    "healthy_volunteers": ("healthy_volunteers", "healthy_volunteers"),
}


def _facts(rule: dict, v: Value, span: tuple[int, int], line: tuple[int, int]) -> list[Fact]:
    slot, rid, text, path = rule["slot"], rule["id"], inline(v.value.text), v.value.path
    s, e = span
    if slot in _SIMPLE:
        name, vocab = _SIMPLE[slot]
        val = text if vocab is None else (mapped(vocab, text) or (None,))[0]
        return [] if val is None else [_field_fact(rid, name, val, s, e, *line, path)]
    if slot in ("min_age", "max_age"):
        age = parse_age(text)
        return [] if age is None else [_field_fact(rid, f"{slot}_years", age, s, e, *line, path)]
    if slot == "enrollment":
        n = parse_enrollment(text)
        if n is None:
            return []
        out = [_field_fact(rid, "enrollment", n[0], s, e, *line, path)]
        kind = mapped("enrollment_type", inline(v.type.text)) if v.type is not None else None
        if kind is not None:
            out.append(_field_fact(rid, "enrollment_type", kind[0], s, e, *line, v.type.path))
        return out
    if slot == "date":
        return _date_fact(rule, v, text, span, line)
    if slot in ("nct_id", "org_study_id", "secondary_id", "nct_alias", "related_nct"):
        return [_id_fact(rule, v, text, span, line)]
    return []


def _date_fact(rule: dict, v: Value, text: str, span, line) -> list[Fact]:
    parsed = parse_date(text)
    if parsed is None:
        return []
    est = mapped("estimated", inline(v.type.text)) if v.type is not None else None
    return [Fact("date", rule["date_type"], rule["id"], span[0], span[1], line[0], line[1], {
        "date_type": rule["date_type"], "date": parsed[0], "precision": parsed[1],
        "is_estimated": None if est is None else est[0], "record_field": v.value.path})]


def _id_fact(rule: dict, v: Value, text: str, span, line) -> Fact:
    slot = rule["slot"]
    if slot == "nct_id":
        typ, role = "NCT", "PRIMARY"
    elif slot == "org_study_id":
        typ, role = "ORG_STUDY_ID", "SECONDARY"
    elif slot == "nct_alias":
        typ, role = "NCT", "SECONDARY"
    elif slot == "related_nct":
        typ, role = "NCT", "RELATED"
    else:
        role = "SECONDARY"
        typ = next((t for pat, t in _id_shapes() if pat.fullmatch(text)), None)
        if typ is None and v.type is not None:
            typ = (mapped("secondary_id_type", inline(v.type.text)) or ("OTHER",))[0]
        typ = typ or "OTHER"
    return Fact("trial_id", typ, rule["id"], span[0], span[1], line[0], line[1],
                {"id_value": text, "id_type": typ, "role": role, "record_field": v.value.path})

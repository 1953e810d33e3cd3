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
from typing import Mapping

from ...model import Fact, Layout
from ...normalize.dates import page_dayfirst
from ...context.langgate import reading
from ...normalize.fields import VOCAB, vocab_value
from ...pageindex import PageIndex, page_index
from .base import DAYFIRST, PROSE, Rules, make_fact, in_related, line_bounds, value_facts, rules
from . import iddates, roles
from .blocks import grid_facts, shape_facts, table_facts
from .counts import enrollment_sentence_facts
from .ids import export_id_facts, id_facts
from .labels import label_facts
from .title import acronym_only, named_or_heading, strong_title

__all__ = ["extract_trial_facts", "rules"]


# ------------------------------------------------------------------------- the extractor
# an official title under which a page labels only its public title has words enough for a design
_MIN_OFFICIAL_WORDS = 10

def extract_trial_facts(text: str, layout: Layout, abbreviations: Mapping[str, str] | None = None) -> list[Fact]:
    """The page's trial-level facts (read with the rule rows of the page's languages)."""
    with reading(text):
        return _trial_facts(text, layout)


def _trial_facts(text: str, layout: Layout) -> list[Fact]:
    R = rules()
    facts: list[Fact] = []
    # numeric dates: as the page's unambiguous ones say; else day-first on non-US registries and in
    # the scripts that write them so (an Arabic page naming its NCT ID)
    DAYFIRST.set(page_dayfirst(text, default=not R.nct.search(text) or R.dayfirst_script.search(text) is not None))
    facts.extend(label_facts(text, layout, R))
    facts.extend(_attr_facts(text, layout, R))
    facts.extend(table_facts(text, layout, R))
    facts.extend(grid_facts(text, layout, R))
    facts.extend(shape_facts(text, layout, R))
    facts.extend(id_facts(text, layout, R, facts))
    titled = [f for f in facts if f.attrs.get("field") in ("title_official", "title_brief")]
    if not titled:
        facts.extend(named_or_heading(text, layout))  # a labelled title outranks the page's heading
    elif acronym_only(titled) and (heading := strong_title(text, layout)):
        for f in titled:  # "Title" / "GASTRO-HERALD": the heading that names the design is the title
            f.attrs["field"] = "title_acronym"
        facts.extend(heading)
    elif all(f.attrs["field"] == "title_brief" for f in titled) and (heading := strong_title(text, layout)) \
            and len(heading[0].attrs["value"]) > max(len(f.attrs["value"]) for f in titled) \
            and len(heading[0].attrs["value"].split()) >= _MIN_OFFICIAL_WORDS:
        heading[0].attrs["field"] = "title_official"  # "Public title: ..." under a heading that names the design
        facts.extend(heading)
    facts.extend(_criteria_age_facts(text, layout))
    facts.extend(_prose_facts(text, layout, R, facts))
    facts.extend(_wrapped_prose_facts(text, layout, R, facts))
    if not any(f.attrs.get("field") == "enrollment" for f in facts if f.kind == "trial_field"):
        facts.extend(enrollment_sentence_facts(text, layout))  # "Se incluyeron 42 pacientes"
    facts.extend(_enrollment_kind(text, layout, R, facts))
    facts.extend(export_id_facts(text, layout))
    facts.extend(iddates.extra_facts(text, layout, facts, DAYFIRST.get()))
    roles.finalize(text, layout, facts)  # roles under related headings, date-label precedence
    return facts


_ATTR_EQ = re.compile(r'=[ \t]*"')


def _attr_facts(text: str, layout: Layout, R: Rules) -> list[Fact]:
    """key="value" attributes anywhere on a line ('Total Sample Size="690"'), read on the lines
    that hold one; a line-initial label was read by the label reader."""
    out: list[Fact] = []
    line_end = -1
    for q in (_ATTR_EQ.finditer(text) if '="' in text or '= "' in text else ()):
        if q.start() < line_end:
            continue
        ls, line_end = line_bounds(text, q.start())
        for m in R.attr_re.finditer(text, ls, line_end):
            if m.start() == ls or in_related(layout, m.start()):
                continue
            field, rid, prio = R.label_field[m.group("label").lower()]
            vs, ve = m.span("rest")
            for f in value_facts(text, field, rid + ".attr", vs, ve, ls, line_end, None, m.group("label")):
                f.attrs["priority"] = prio
                out.append(f)
    return out


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


def _prose_facts(text: str, layout: Layout, R: Rules, found: list[Fact], idx: PageIndex | None = None,
                 modes: tuple[str, ...] = ("page", "start", "lines", "near"),
                 only: tuple[str, str] | None = None) -> list[Fact]:
    """Prose fallbacks (rules/prose.yaml) for the fields nothing structured gave, each tried
    only on the lines of the page index that hold one of its trigger words (and, for a rule
    whose match may go on over a few lines, the lines around them)."""
    have = _fields_found(found)
    out: list[Fact] = []
    idx = idx or page_index(text)
    for rid, field, value, etype, estimated, pat, triggers, mode in PROSE.rules():
        if field in have or mode not in modes or (only and (field, etype) != only):
            continue  # `only`: the rules of one field that say one kind of enrollment
        lines = idx.lines_holding(triggers)
        if not lines:
            continue  # every match holds a trigger word
        if not idx.aligned or mode == "page":
            matches = pat.finditer(text)
        elif mode == "start":
            matches = _line_start_matches(text, pat, lines)
        elif mode == "near":
            matches = idx.finditer_near_lines(pat, lines, R.prose_newlines[rid])
        else:
            matches = idx.finditer_on_lines(pat, lines)
        for m in matches:
            if in_related(layout, m.start()):
                continue
            s, e = m.start("v"), m.end("v")
            ls, le = _sentence_bounds(text, m.start())
            if le < e:  # an abbreviation's ". " inside the match ("с марта 2023 г. по август 2025"): its sentence goes on
                le = _sentence_bounds(text, e - 1)[1]
            qual = m.group("q") if "q" in pat.groupindex else None  # a label's words: "target", "previsti"
            got = value_facts(text, field, rid, s, e, ls, le, True if estimated else None, qual)
            if value is not None:
                got = [make_fact("trial_field", field, rid, s, e, ls, le, field=field, value=value)]
            if got:
                if etype and field == "enrollment":
                    got.append(make_fact("trial_field", "enrollment_type", rid, s, e, ls, le,
                                     field="enrollment_type", value=etype))
                out.extend(got)
                have.add(field)
                if field == "id:PRIMARY:NCT":
                    for f in found:
                        if f.kind == "trial_id" and f.attrs["id_value"] == got[0].attrs["id_value"]:
                            f.attrs["role"] = "PRIMARY"
                break
    return out


def _enrollment_kind(text: str, layout: Layout, R: Rules, found: list[Fact]) -> list[Fact]:
    """A count read with no word of its kind ("Participants: 412", "Target accrual (all sites): | 680
    participants |"): the words before it on its line say planned or actual, else a sentence that states the
    same count as a past one does ("In total, 412 people took part": ACTUAL; a plan sentence beside a bare
    count leaves it as the page does, as blind set 3's gold reads "Total Enrollment / 620 participants")."""
    fields = {f.attrs["field"]: f for f in found if f.kind == "trial_field"}
    count = fields.get("enrollment")
    if count is None or "enrollment_type" in fields:
        return []
    ls = text.rfind("\n", 0, count.start) + 1
    said = vocab_value("enrollment_type", text[ls:count.start])
    if said:
        return [make_fact("trial_field", "enrollment_type", said[1], count.start, count.end, ls, count.end,
                      field="enrollment_type", value=said[0])]
    others = [f for f in found if f is not count]
    got = _prose_facts(text, layout, R, others, only=("enrollment", "ACTUAL"))
    if not any(f.attrs["field"] == "enrollment" and f.attrs["value"] == count.attrs["value"] for f in got):
        return []
    return [f for f in got if f.attrs["field"] == "enrollment_type"]


def _wrapped_prose_facts(text: str, layout: Layout, R: Rules, found: list[Fact]) -> list[Fact]:
    """The one-line prose rules again, for the fields still missing, over the page with its
    hard-wrapped paragraphs joined: a statement broken by the page's line width."""
    flat, joins = page_index(text).unwrapped_joins
    if not joins:
        return []
    return _prose_facts(flat, layout, R, found, _JoinedLines(flat, joins), ("lines",))


class _JoinedLines(PageIndex):
    """The index of an unwrapped page that offers only its joined lines (the others were read
    already): a rule's trigger words are looked up in those lines alone."""

    def __init__(self, flat: str, joins: list[int]) -> None:
        super().__init__(flat)
        spans = sorted({self.line_at(k) for k in joins})
        self._joined = [(ls, self.low[ls:le]) for ls, le in spans]

    def lines_holding(self, words: tuple[str, ...]) -> list[int]:
        return [ls for ls, low in self._joined if any(w in low for w in words)]


def _line_start_matches(text: str, pat: re.Pattern, starts: list[int]):
    """The matches of a rule whose matches start a line holding one of its words, tried only
    at those lines (what ``pat.finditer(text)`` gives, without scanning the other lines)."""
    pos = 0
    for ls in starts:
        if ls >= pos and (m := pat.match(text, ls)):
            yield m
            pos = m.end()


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    ls, le = line_bounds(text, pos)
    s = max(text.rfind(". ", ls, pos) + 2, ls) if text.rfind(". ", ls, pos) != -1 else ls
    e = text.find(". ", pos, le)
    return s, (le if e == -1 else e + 1)


# ------------------------------------------------------------- ages from criteria text
# age limits in an inclusion criterion: values.yaml criteria_age rows, tried in order (each only
# where the page's inclusion criteria hold one of its required words: a language's row costs
# nothing on a page in another language, nor a row of a language the page does not hold)


def _criteria_age_facts(text: str, layout: Layout) -> list[Fact]:
    out: list[Fact] = []
    crits = [c for c in layout.criteria if c.criterion_type == "INCLUSION"]
    if not crits:
        return out
    idx, a, b = page_index(text), min(c.start for c in crits), max(c.end for c in crits)
    ages = [t.rx for t in VOCAB.rules().triggered("criteria_age") if not idx.holds_none(t.words, t.odd, a, b)]
    for c in crits:
        m = next((m for rx in ages if (m := rx.search(text, c.start, c.end))), None)
        if not m:
            continue
        gd = m.groupdict()
        lo = gd.get("a") or gd.get("min")
        hi = gd.get("b") or gd.get("max")
        if lo:
            out.append(make_fact("trial_field", "criteria_min_age", "age.criteria", m.start(), m.end(), c.start, c.end,
                             field="criteria_min_age", value=float(lo)))
        if hi:
            out.append(make_fact("trial_field", "criteria_max_age", "age.criteria", m.start(), m.end(), c.start, c.end,
                             field="criteria_max_age", value=float(hi)))
        break
    return out

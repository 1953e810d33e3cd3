"""Label/value geometry: a label (rules/fields.yaml) and where its value sits.

- on the label's line, after ":", "|", "=", dot leaders, two spaces or a tab;
- after a single space when the label is written in capitals and the value is not
  ("ESTADO Reclutando.", "FASE Fase II."), or when the label is in Title Case and the rest of
  the line is nothing but a value of its field ("Gender FEMALE", "Minimum Age 18 Years", "CTEP ID GRP-XX001");
- glued to it for numbers and dates ("Enrollment720");
- on the next non-empty line (mirror pages), unless that line is another label or a
  section heading; an enrollment's value there is a short line, not a paragraph;
- after sub-labels that qualify it ("Sample size" / "Target" / "48" / "Final" / "74"):
  each sub-label gives a value of its own, an actual/final one outranks a target;
- after a translation of the label ("样本总量 Total sample size : 80").
"""
from __future__ import annotations

import itertools
import re

from ...layout import _heading_of
from ...layout import rules as layout_rules
from ...model import Fact, Layout
from ...normalize.fields import vocab_pattern, vocab_value
from .base import (WHOLE_TRIAL, _GLUED_FIELDS, _Rules, _continuation, _in_related, _line_bounds, _next_nonempty_line,
                   _next_value, _open_cell, _strip_cell, _value_facts)
from .iddates import estimated as _qualifier  # estimated/actual as the words say

# fields whose word value may follow its label with nothing between ("SexAll")
_CAMEL_GLUED_FIELDS = frozenset({"sex", "healthy_volunteers", "overall_status", "study_type"})
# fields whose value may follow a Title Case label after one space, and how many words it has at most
_ONE_SPACE_FIELDS = frozenset({"sex", "min_age_years", "max_age_years", "overall_status", "healthy_volunteers",
                               "study_type", "enrollment"})
_ONE_SPACE_MAX_WORDS = 4
# fields whose values are words of a vocabulary (rules/values.yaml)
_VOCAB_FIELDS = frozenset({"sex", "healthy_volunteers", "overall_status", "study_type"})
_AGE_VALUE = vocab_pattern("age_value_spaced")  # "18 years"
# a value on the next line that is longer than this is prose, not an enrollment figure
_MAX_NEXT_LINE_ENROLLMENT = 60
# a figure after a one-space label, alone or with its noun ("Trial size 86 participants")
_ONE_SPACE_COUNT = re.compile(r"\d[\d,]*(?:[ \t]+(?:participants|patients|people|subjects|persons|volunteers|women|men))?", re.I)
_FIGURE_FIRST = re.compile(r"\d{1,3}(?:[.,]\d{3})*[ \t]+[^\W\d_]+[^\n.]*\(")


def label_facts(text: str, layout: Layout, R: _Rules) -> list[Fact]:
    facts: list[Fact] = []
    mids = (R.label_body.match(text, c.end()) for c in (R.mid_line if "·" in text else R.mid_bracket).finditer(text))
    for m in itertools.chain(R.label_re.finditer(text), (m for m in mids if m)):
        if _in_related(layout, m.start()):
            continue
        field, rid, prio = R.label_field[m.group("label").lower()]
        if m.group("q1"):  # "Target Recruitment": the qualifier word is part of a label of its own
            field, rid, prio = R.label_field.get(" ".join((m.group("q1") + m.group("label")).lower().split()),
                                                 (field, rid, prio))
        if m.group("glue") is not None and not (field.startswith("date:") or field in _GLUED_FIELDS):
            continue  # "ISRCTN74310952", "PHASE1": a value, not a label glued to its value
        if m.group("caps") is not None and not (_caps_label(text, m) or one_space_label(text, m, field)):
            continue
        if m.group("tcase") is not None and not one_space_label(text, m, field):
            continue
        if m.group("cglue") is not None and field not in _CAMEL_GLUED_FIELDS:
            continue  # "SexAll", "Healthy vol.Not accepted": a badge row glued without a space
        if m.group("gloss") and field == "enrollment":
            if not WHOLE_TRIAL.fullmatch(m.group("gloss").strip()):
                continue  # "Sample Size (Malaysia) : 18": a country's share, not a translation of the label
            prio += 1  # "Număr estimat de paciente (global): 260": the whole trial's figure
        if m.group("where"):
            if field == "enrollment" or field.startswith("date:"):
                continue  # "Planned number of participants in Germany": a country's share or milestone
            prio -= 1  # "Status in Germany": below the same label without a place
        line_s, line_e = _line_bounds(text, m.start())
        vs, ve = _strip_cell(text, m.start("rest"), m.end("rest"))
        if ve > vs:
            facts.extend(_read_value(text, R, m, field, rid, prio, line_s, vs, ve, line_e, None))
            continue
        if m.group("sep").strip("|:=： ") != "":
            continue
        # an actual/final value first: of a milestone's dates, the first one read is kept
        below = sorted(_values_below(text, R, field, line_e), key=lambda qv: qv[0] is not False)
        for q, (vs, ve, value_line_end) in below:
            facts.extend(_read_value(text, R, m, field, rid, prio + (q is False), line_s, vs, ve,
                                     value_line_end, q))
    return facts


def _caps_label(text: str, m) -> bool:
    """A label glued to its value by one space: the label in capitals, the value not."""
    label = m.group("label")
    first = re.match(r"\S+", text[m.start("rest"):m.end("rest")])
    return (label.isupper() and len(label) >= 3 and first is not None
            and not (first.group(0).isupper() and len(first.group(0)) > 1 and not first.group(0)[0].isdigit()))


def one_space_label(text: str, m, field: str) -> bool:
    """A Title Case (or sentence-case, several-word) label and its value after one space: the rest
    of the line is nothing but a value of the field ("Gender BOTH", "Maximum Age 70 Years",
    "Planlagt antal patienter 220"; not "Status updates are posted")."""
    words = m.group("label").split()
    # Title Case, or a label of several words in sentence case ("Planlagt antal patienter 220")
    cased = all(w[0].isupper() for w in words if w[0].isalpha()) or (len(words) > 1 and words[0][0].isupper())
    if not (field in _ONE_SPACE_FIELDS or field.startswith("id:")) or not cased:
        return False
    rest = text[m.start("rest"):m.end("rest")].strip().rstrip(".")
    if not rest or len(rest.split()) > _ONE_SPACE_MAX_WORDS:
        return False
    if field.startswith("id:"):  # one code: letters and digits ("CTEP ID GRP-XX001")
        return re.fullmatch(r"(?=\S*\d)[A-Za-z0-9][\w./-]{2,}", rest) is not None
    if field in ("min_age_years", "max_age_years"):
        return _AGE_VALUE.fullmatch(rest) is not None
    if field == "enrollment":
        return _ONE_SPACE_COUNT.fullmatch(rest) is not None
    return vocab_value(field, rest) is not None


def _values_below(text: str, R: _Rules, field: str, line_e: int):
    """(qualifier, value span) pairs for a label whose value is on the lines below it."""
    nxt = _next_nonempty_line(text, line_e)
    if not nxt:
        return
    # "Enrollment type" / "ESTIMATED": a qualifier word is that label's value, not a sub-label
    sub = None if field == "enrollment_type" else R.sublabel.fullmatch(text[nxt[0]:nxt[1]].strip())
    if sub is None:
        if _ends_label(text, R, nxt, field):
            return
        span = _next_value(text, nxt)
        if field == "enrollment" and span[1] - span[0] > _MAX_NEXT_LINE_ENROLLMENT and not _FIGURE_FIRST.match(text, span[0]):
            return  # a paragraph under a "Sample size" heading: prose, read by the prose rules (not a figure
            # with its notes: "220 Patientinnen und Patienten (gesamt, ca. 45 Zentren in ...)")
        yield None, span
        return
    # sub-labels: "Target" / "48" / "Accrual to date" / "Final" / "74"
    for _ in range(6):
        val = _next_nonempty_line(text, nxt[1], 1)
        q = R.sublabel_estimated[sub.lastgroup] if sub.lastgroup else None
        if val and not R.sublabel.fullmatch(text[val[0]:val[1]].strip()) and not _ends_label(text, R, val, field):
            if sub.lastgroup not in R.sublabel_unread:
                yield q, _next_value(text, val)
            nxt = _next_nonempty_line(text, val[1], 1)
        else:
            nxt = val
        sub = R.sublabel.fullmatch(text[nxt[0]:nxt[1]].strip()) if nxt else None
        if sub is None:
            return


def _ends_label(text: str, R: _Rules, line: tuple[int, int], field: str) -> bool:
    """The line below a label is not its value: another label, or a section heading. A short line
    that reads as a value of the field is its value, even when it is also a label's word (Hungarian
    "Egészséges önkéntesek" / "nem": no; "Nem" is also the label of sex)."""
    lm = R.label_re.match(text, line[0])
    if lm and field in _VOCAB_FIELDS and len(text[line[0]:line[1]].split()) <= 2 \
            and vocab_value(field, text[line[0]:line[1]]):
        return False
    if lm and field != "title_official" and (lm.group("caps") is None or _caps_label(text, lm)) \
            and lm.group("cglue") is None and (lm.group("tcase") is None or _tcase_ok(text, R, lm)):
        return True
    return bool(field.startswith("title") and _heading_of(text[line[0]:line[1]], layout_rules()))


def _tcase_ok(text: str, R: _Rules, m) -> bool:
    return one_space_label(text, m, R.label_field[m.group("label").lower()][0])


_CJK_HALF = re.compile(r"[ \t]*[\u3040-\u30ff\u3400-\u9fff()（）]+[ \t]*/?[ \t]*")


def _cjk_half(text: str, s: int, e: int) -> str | None:
    """The CJK half before a bilingual label's English ("フォロー終了(予定)日/Last follow-up
    date"): its words may say planned."""
    return text[s:e] if e > s and _CJK_HALF.fullmatch(text, s, e) else None


def _read_value(text, R: _Rules, m, field, rid, prio, line_s, vs, ve, value_line_end, sub_q) -> list[Fact]:
    if ve <= vs:
        return []
    if field != "phases" and vocab_value("empty_value", text[vs:ve]):
        return []
    line_e = _line_bounds(text, m.start())[1]
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
    est = sub_q if sub_q is not None else _qualifier(
        m.group("q1"), m.group("q2"), qual_after,
        text[vs:ve] if field.startswith("date:") or field == "enrollment" else None,
        m.group("label") if field.startswith("date:") else None,
        _cjk_half(text, line_s, m.start("label")) if field.startswith("date:") else None)
    qual_text = {True: "estimated", False: "actual"}.get(sub_q) or (
        m.group("q1") or m.group("q2") or qual_after or m.group("label"))
    out = _value_facts(text, field, rid, vs, ve, line_s, value_line_end, est, qual_text)
    for f in out:
        f.attrs["priority"] = prio
    return out

"""Identifiers and milestone dates as pages from sites nobody studied write them (issue 11).

``trial.py`` reads a label at the start of a line with its value after ":"/"|"/two spaces or on
the next line. This module reads the date and identifier labels of ``rules/fields.yaml`` in the
other arrangements real pages use, and only adds what that reader did not find:

- a label mid-line after a tab, a table cell, " · ", a "/" between two languages, a closing
  bracket or a glued camel-case join ("participantsStarted 2024-09-03"), or followed by ":";
  a value after a tab or " - "; a section number before it ("A.4.1 | ...", "P.Date of ...");
- a format hint in the value's place ("(mm/dd/yyyy)") with the date on the next line;
- qualifier sub-lines ("Anticipated" / date / "Actual" / date): the actual date wins;
- periods ("From 2024-02-01 To 2026-12-31"): start and completion (``iddates.yaml`` range_labels);
- identifiers with their kind said next to them ("XB214-101 (Sponsor protocol number)",
  "Sponsor ID: X", an issuing-authority line) and identifier lists over several lines.

``roles.finalize`` then settles roles and precedence over all trial facts.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ... import ruledata
from ...context import langgate
from ...model import Fact, Layout
from ...normalize.dates import DATE_RE, parse_date
from ...pageindex import line_local, page_index
from .base import LABEL_QUALIFIERS as _QUAL
from .base import group_spans, make_fact, spellings, trie_pattern
from .prose_ids import prose_ids

# what may stand before a label at the start of a line: list marks, a section number
# ("A.4.1 |", "P.", "0.5."), a table pipe
_LINE_START = re.compile(r"[ \t]*(?:[-*•·#>【\[]+[ \t]*)?(?:(?:[A-Z]\.)?(?:\d+\.)*\d*\.?[ \t]*)?(?:\|[ \t]*)?")
# what may stand before a label in the middle of a line
# an issuer's acronym between an id label and its colon ("Codice FIL: FIL_MANTLE-ELD", "Código GEICAM: X")
_ISSUER_TAIL = re.compile(r"[ \t]+[A-Z][A-Z0-9]{1,9}(?=[ \t]*[:：])")
_ISSUER_COLON = re.compile(r"(?:[ \t]+[A-Z][A-Z0-9]{1,9})?[ \t]*[:：][ \t]*\S")
# a sponsor code without digits, alone as a sponsor-code label's value: capitals joined by "_" or "-" ("FIL_MANTLE-ELD")
_CAPS_CODE = re.compile(r"[A-Z][A-Z0-9]*(?:[_-][A-Z0-9]+)+")
_SENTENCE_END = re.compile(r"[a-z\u00E0-\u00FF)][.!?][ \t]+$")
_CELL_END = re.compile(r"(?:\||[ \t]·|\t|/|\)|）|\.[ \t]|\(mm/dd/yyyy\)|\(dd/mm/yyyy\))[ \t]*$", re.I)
_SEP = re.compile(r"[ \t]*(?:[:：#]+[ \t]*(?:\*\*)?|\|)[ \t]*|\t+[ \t]*|[ \t]+[-–·][ \t]+|[ \t]*$|[ \t]+")
# a word before a date on a line of its own ("from 1/07/2024"): iddates.yaml date_leads
_LEAD = re.compile(r"[ \t]*(?:(?:" + "|".join(
    re.escape(w) for r in ruledata.load("iddates.yaml", required=["words"], key="date_leads") for w in r["words"]) + r")[ \t]*)?", re.I)
_PLACE = re.compile(r"[A-Z][a-zà-ÿ]{2,}")
_DOTTED = re.compile(r"\d{1,2}\.\d{1,2}\.\d{4}")
_ID_TOKEN = re.compile(r"[A-Za-z0-9][\w./-]*")
GROUP_CODE = "id.group."  # rules/ids.yaml rows of cooperative-group protocol numbers


class _Rules:
    def __init__(self) -> None:
        self.label_field: dict[str, tuple[str, str, int]] = {}
        for r in ruledata.load("fields.yaml", required=["field", "labels"]):
            if r["field"].startswith(("date:", "id:")):
                for lab in r["labels"]:
                    self.label_field.setdefault(lab.lower(), (r["field"], r["id"], int(r.get("priority", 0))))
        for r in ruledata.load("iddates.yaml", required=["labels"], key="range_labels"):
            for lab in spellings(r["labels"]):
                self.label_field.setdefault(lab.lower(), ("daterange", r["id"], 0))
        for r in ruledata.load("iddates.yaml", required=["labels", "field"], key="more_labels"):
            for lab in spellings(r["labels"]):
                self.label_field.setdefault(lab.lower(), (r["field"], r["id"], 0))
        self.strict: dict[str, str] = {}
        for r in ruledata.load("iddates.yaml", required=["labels", "field"], key="strict_labels"):
            for lab in spellings(r["labels"]):
                self.label_field.setdefault(lab.lower(), (r["field"], r["id"], 0))
                self.strict[lab.lower()] = "qualifier" if r.get("needs_qualifier") else "colon"
        for lab, val in list(self.label_field.items()):  # API keys as labels ("start_date")
            self.label_field.setdefault(lab.replace(" ", "_"), val)
        alt = trie_pattern(sorted(self.label_field), guard=True)  # base.trie_pattern
        # searched in the lower-cased text (5x faster than re.I); a label stands alone, or is
        # glued camel-case to the word before ("participantsStarted"), read at those joins
        self.label = re.compile(rf"(?<!\w)(?:{alt})(?!\w)")
        self.label_at = re.compile(rf"(?:{alt})(?!\w)")
        self.label_ci = re.compile(rf"(?:(?<!\w)|(?-i:(?<=[a-z])(?=[A-Z])))(?:{alt})(?!\w)", re.I)
        # whole words in alphabetic scripts; inside a CJK word ("試験終了予定日") too
        self.quals = [(re.compile(rf"(?<![A-Za-z0-9\u00C0-\u024F])(?:{r['pattern']})(?![A-Za-z0-9\u00C0-\u024F])", re.I),
                       None if r["estimated"] == "neither" else bool(r["estimated"]))
                      for r in ruledata.load("iddates.yaml", required=["pattern", "estimated"], key="qualifiers")]
        hints = ruledata.load("iddates.yaml", required=["pattern", "dayfirst"], key="format_hints")
        self.hints = [(re.compile(r["pattern"], re.I), bool(r["dayfirst"])) for r in hints]
        self.kinds = [(re.compile(r["pattern"], re.I), r.get("id_type"), r["id"])
                      for r in ruledata.load("iddates.yaml", required=["pattern"], key="kinds")]
        quals = "|".join(f"(?:{r['pattern']})" for r in ruledata.load("iddates.yaml", key="qualifiers"))
        tails = "|".join(f"(?:{r['pattern']})" for r in ruledata.load("iddates.yaml", required=["pattern"], key="label_tails"))
        # a date label's tail: qualifier, the study it dates, qualifier; then a closing 】 or ]
        self.tail = re.compile(rf"(?:[ \t]+(?:{quals})(?!\w))?(?:[ \t]+(?:{tails})(?!\w)){{0,2}}(?:[ \t]+(?:{quals})(?!\w))?"
                               r"(?:[ \t]*[】\]])?", re.I)
        heads = ruledata.load("iddates.yaml", required=["pattern", "words"], key="related_headings")
        self.related = re.compile("|".join(f"(?:{r['pattern']})" for r in heads), re.I | re.M)
        # the lines they are looked for on (None: the whole page, for a heading that can span lines)
        self.related_words = tuple(dict.fromkeys(w.lower() for r in heads for w in r["words"])) \
            if line_local(self.related) else None


@lru_cache(maxsize=1)
def rules() -> _Rules:
    return _Rules()


def estimated(*parts: str | None) -> bool | None:
    """True/False when a qualifier word says planned/actual, else None (first part that says)."""
    for p in parts:
        if not p:
            continue
        for pat, est in rules().quals:
            if pat.search(p):
                return est
    return None


def line_span(text: str, pos: int) -> tuple[int, int]:
    s = text.rfind("\n", 0, pos) + 1
    e = text.find("\n", pos)
    return s, (len(text) if e == -1 else e)


def next_lines(text: str, pos: int, n: int, skip_blank: bool = True):
    """Up to ``n`` following lines (start, end); blank lines skipped or ending the walk."""
    p = pos
    while n > 0 and p < len(text):
        s = p + 1 if text[p] == "\n" else p
        e = text.find("\n", s)
        e = len(text) if e == -1 else e
        if text[s:e].strip():
            yield s, e
            n -= 1
        elif not skip_blank:
            return
        p = e


# ----------------------------------------------------------------------------- labels
class _Hit(NamedTuple):
    start: int  # of the qualifier before the label, else of the label
    lstart: int
    end: int
    label: str  # lower case
    q1: str | None


# a qualifier word before a label: fields.yaml label_qualifiers, or any language's planned/actual word of
# iddates.yaml qualifiers ("Předpokládané datum ukončení", "Εκτιμώμενη ημερομηνία λήξης")
_QUAL_BEFORE = re.compile(r"(?<!\w)(" + "|".join([_QUAL] + [
    f"(?:{r['pattern']})" for r in ruledata.load("iddates.yaml", required=["pattern", "estimated"], key="qualifiers")
    if r["estimated"] != "neither"]) + r")[ \t]+$", re.I)
_CAMEL = re.compile(r"[A-Z](?<=[a-z][A-Z])")  # a capital after a small letter (led by a class: fast)


def _label_hits(text: str, R: _Rules):
    """Every date/id label in the text, in order, with an Estimated/Actual word before it."""
    idx = page_index(text)
    low = idx.low
    if idx.aligned:
        found = [(m.start(), m.end()) for m in R.label.finditer(low)]
        found += [(c.start(), m.end()) for c in _CAMEL.finditer(text) if (m := R.label_at.match(low, c.start()))]
        found.sort()
    else:  # lower-casing changed the length (rare letters): offsets would shift
        found = [(m.start(), m.end()) for m in R.label_ci.finditer(text)]
    for s, e in found:
        q = _QUAL_BEFORE.search(text, max(0, s - 20), s)
        yield _Hit(q.start() if q else s, s, e, text[s:e].lower(), q.group(1) if q else None)


def _dates_of(field: str) -> tuple[str, ...]:
    """The date types a label of ``field`` gives: a period's two, a date's one, an id's none."""
    if field == "daterange":
        return ("STUDY_START", "STUDY_COMPLETION")
    return (field[5:],) if field.startswith("date:") else ()


def extra_facts(text: str, layout: Layout, found: list[Fact], dayfirst: bool) -> list[Fact]:
    """Date and identifier facts the line-start label reader did not find."""
    from .base import rules as trial_rules

    R = rules()
    main = trial_rules().label_re
    have_dates = {f.attrs["date_type"] for f in found if f.kind == "date"}
    have_ids = {f.attrs["id_value"].upper() for f in found if f.kind == "trial_id" and not f.rule_id.startswith(GROUP_CODE)}
    out: list[Fact] = []
    # dates read with a planned qualifier: a later actual one is read too (finalize keeps it)
    planned = {f.attrs["date_type"] for f in found if f.kind == "date" and f.attrs.get("is_estimated")}
    for m in _label_hits(text, R):
        if layout.within(m.start, "related"):
            continue
        field, rid, prio = R.label_field[m.label]
        types = _dates_of(field)
        if types and have_dates.issuperset(types) and not planned & set(types):
            continue  # every date this label could give is known (a planned one may be replaced by an actual one)
        ls, le = line_span(text, m.start)
        mm = main.match(text, ls)
        if mm and mm.start("label") == m.lstart and mm.group("tcase") is None and field.startswith("id:") \
                and not field.endswith(":NCT"):
            continue  # read by trial.py (which reads only NCT IDs under an NCT label)
        got = _read_label(text, m, field, rid, ls, le, dayfirst)
        strict = R.strict.get(m.label)
        if strict == "qualifier":
            got = [f for f in got if f.attrs.get("is_estimated") is not None]
        elif strict == "colon" and not _ISSUER_COLON.match(text, m.end, le):
            got = []
        for f in got:
            t = f.attrs.get("date_type")
            actual = t in planned and f.attrs["is_estimated"] is False  # "Anticipated ..." then "Actual ..."
            if f.kind == "date" and (t not in have_dates or actual):
                f.attrs["priority"] = prio
                out.append(f)
                if f.attrs["is_estimated"]:
                    planned.add(t)
                elif actual:
                    planned.discard(t)
            elif f.kind == "trial_id" and f.attrs["id_value"].upper() not in have_ids:
                out.append(f)
        have_dates |= {f.attrs["date_type"] for f in got if f.kind == "date" and f in out}
        have_ids |= {f.attrs["id_value"].upper() for f in out if f.kind == "trial_id"}
    out.extend(f for f in _annotated_ids(text, layout) if f.attrs["id_value"].upper() not in have_ids)
    out.extend(prose_ids(text, layout, have_ids | {f.attrs["id_value"].upper() for f in out if f.kind == "trial_id"}))
    out.extend(_id_list_tails(text, found + out))
    return out


def _read_label(text: str, m: _Hit, field: str, rid: str, ls: int, le: int, dayfirst: bool) -> list[Fact]:
    before = text[ls:m.start]
    at_start = _LINE_START.fullmatch(before) is not None
    p = m.end
    is_date = field.startswith("date:") or field == "daterange"
    tail = rules().tail.match(text, p, le) if is_date else _ISSUER_TAIL.match(text, p, le)
    p = tail.end() if tail else p
    q2 = re.match(r"[ \t]*[(（](?P<q>[^)）\n]{1,30})[)）]", text[p:le])
    if q2 and (estimated(q2.group("q")) is not None or _hint(q2.group(0))[0]
               or (is_date and _PLACE.fullmatch(q2.group("q")))):  # "Data di inizio (Italia):"
        p += q2.end()
    sep = _SEP.match(text, p, le)
    if sep is None:
        return []
    colon = bool(re.match(r"[ \t]*[:：]", text[p:le]))
    plain = sep.group(0).strip() == "" and sep.end() < le and "\t" not in sep.group(0)
    if not at_start:
        camel = before[-1:].islower() and text[m.lstart].isupper() and not m.q1
        dated_sep = is_date and re.match(r"[ \t]*[:：|\t]|[ \t]+[-–][ \t]+", text[p:le])
        if not (colon or _CELL_END.search(before) or (is_date and camel) or dated_sep):
            return []
        if not is_date and not colon and len(before) > 40:
            return []
    if not at_start and not is_date and len(before.strip()) > 45 and not (colon and _SENTENCE_END.search(before)):
        return []  # an id label far into a line: only one that opens a sentence ("... Pharma. Study number: X")
    vs = sep.end()
    other = before.rstrip()[:-1] if before.rstrip().endswith("/") else None  # "フォロー終了(予定)日/Last follow-up date"
    q = " ".join(x for x in (m.q1, q2.group("q") if q2 else None, m.label, tail and tail.group(0), other) if x)
    if is_date:
        return _date_facts(text, field, rid, vs, le, ls, q, dayfirst, strict=plain or not at_start)
    if plain and (not at_start or not (re.search(r"(?<![\w./-])(?=[\w./-]*[A-Za-z])(?=[\w./-]*\d)[A-Za-z0-9]", text[vs:min(le, vs + 60)])
                                       or group_spans(text[vs:min(le, vs + 60)]))):
        return []
    got = _id_facts_in(text, field, rid, vs, le, ls)
    if field.endswith(":NCT"):
        for f in got:
            if f.attrs["id_type"] == "ORG_STUDY_ID" and not f.attrs.get("kind_said"):
                f.label = f.attrs["id_type"] = "OTHER"
                f.attrs["generic"] = True
    return got


def _hint(s: str) -> tuple[bool, bool | None]:
    for pat, dayfirst in rules().hints:
        if pat.fullmatch(s.strip()):
            return True, dayfirst
    return False, None


# ------------------------------------------------------------------------------ dates
def _date_facts(text, field, rid, vs, le, ls, q, dayfirst, strict) -> list[Fact]:
    value = text[vs:le]
    cut = re.search(r"[ \t]*(?:\||[ \t]·[ \t])", value)
    if cut and cut.start() > 0:
        value = value[:cut.start()]
    is_hint, hint_dayfirst = _hint(value) if value.strip() else (False, None)
    dayfirst = dayfirst if hint_dayfirst is None else hint_dayfirst
    found = list(_dates_in(value, dayfirst))
    if strict and value.strip() and (not found or found[0][0] > 0):
        return []
    if found:
        return _date_rows(field, rid, vs, found, value, ls, vs + len(value), q)
    if value.strip() and not is_hint and estimated(value) is None:
        return []
    return _sub_line_dates(text, field, rid, vs + len(value), ls, q, dayfirst)


def _dates_in(value: str, dayfirst: bool):
    for m in DATE_RE.finditer(value):
        # a dotted numeric date ("03.11.2026") is day-first wherever it is written
        parsed = parse_date(m.group(0), dayfirst or _DOTTED.fullmatch(m.group(0)) is not None, langgate.languages())
        if parsed:
            yield m.start(), m.end(), parsed[0], parsed[1]


def _date_rows(field, rid, base, found, value, es, ee, q) -> list[Fact]:
    types = _dates_of(field)
    out = []
    for k, dtype in enumerate(types):
        if k >= len(found):
            break
        s, e, d, prec = found[k]
        tail = value[e:found[k + 1][0]] if k + 1 < len(found) else value[e:]
        tail = tail.split(" - ")[0] if field == "daterange" else tail
        est = estimated(tail if field == "daterange" and estimated(tail) is not None else None, tail, q)
        out.append(make_fact("date", dtype, rid + ".x", base + s, base + e, es, ee,
                         date_type=dtype, date=d, precision=prec, is_estimated=est))
    return out


# a qualifier and a colon before a sub-line's date ("Actual: 13/06/2022")
_QUAL_LEAD = re.compile(r"[ \t]*(?:[-*•][ \t]*)?([^\W\d][^:：\n]{0,18}?)[ \t]*[:：][ \t]*")


def _sub_line_dates(text, field, rid, pos, ls, q, dayfirst) -> list[Fact]:
    """The value on the following lines: a date, or qualifier lines each above a date
    ("Anticipated" / "1/07/2024" / "Actual" / "15/07/2024"): the actual one wins."""
    qual, picks = None, []
    for s, e in next_lines(text, pos, 6):
        line = text[s:e].strip()
        if _hint(line)[0]:
            continue
        found = list(_dates_in(text[s:e], dayfirst))
        if found and _LEAD.fullmatch(text[s:s + found[0][0]]):
            picks.append((qual, s, found, e))
            if qual is None:
                break
            continue
        said = _QUAL_LEAD.fullmatch(text, s, s + found[0][0]) if found else None
        if said and estimated(said.group(1)) is not None:  # "Planned: 01/04/2022" / "Actual: 13/06/2022"
            qual = said.group(1)
            picks.append((qual, s, found, e))
            continue
        est = estimated(line) if len(line) <= 20 else None
        if est is None and line.endswith((":", "：")) and not picks:
            continue  # the same label in a second language
        if est is None:
            break
        qual = line
    if not picks:
        return []
    qual, s, found, e = next((p for p in picks if estimated(p[0]) is False), picks[0])
    return _date_rows(field, rid, s, found, text[s:e], ls, e, " ".join(x for x in (qual, q) if x))


# -------------------------------------------------------------------------------- ids
def id_type(value: str) -> str | None:
    from .base import id_type_by_shape

    return id_type_by_shape(value)


def _holds_shape(tok: str) -> bool:
    """A token with another registry's id inside ("EUCTR2019-002417-38-DE"): the id shapes
    read the id itself."""
    from .base import rules as trial_rules

    m = trial_rules().ids_all.search(tok)
    return m is not None and m.group(0) != tok


def _kind(text: str) -> tuple[bool, str | None]:
    """(whether the words say what the id is, its id_type)."""
    for pat, typ, _rid in rules().kinds:
        if pat.search(text):
            return True, typ
    return False, None


@lru_cache(maxsize=1)
def _id_token() -> re.Pattern:
    """An identifier token of a value; a cooperative group's code with a space ("SAKK 19/24") is one."""
    from .base import rules as trial_rules

    return re.compile(rf"(?:{trial_rules().group_spaced.pattern})|{_ID_TOKEN.pattern}")


def _id_facts_in(text: str, field: str, rid: str, vs: int, le: int, ls: int) -> list[Fact]:
    """Identifier tokens of a value; the words before a token ("Sponsor ID:") or the bracket
    after it ("(Sponsor protocol number)") say its kind."""
    _, role, label_type = field.split(":")
    value = text[vs:le]
    if not value.strip():
        nxt = next(next_lines(text, le, 1), None)
        if not nxt:
            return []
        vs, le = nxt
        value = text[vs:le]
    out, prev = [], 0
    for m in _id_token().finditer(value):
        tok = m.group(0).rstrip("./-")
        if (not re.search(r"\d", tok) and not (label_type == "ORG_STUDY_ID" and value.strip() == tok and _CAPS_CODE.fullmatch(tok))) \
                or len(tok) < 3 or DATE_RE.fullmatch(tok) or _holds_shape(tok):
            continue
        if label_type == "NCT" and not re.search(r"[A-Za-z]|\d[-/]\d", tok) and not (len(tok) >= 4 and value.strip() == tok):
            continue  # a number in a registration sentence ("Registered on 8 March 2024"); "Study ID: 61873" is one
        after = re.match(r"[ \t]*[(（]([^)）\n]{2,60})[)）]", value[m.end():])
        said, kind = _kind(value[prev:m.start()] + " " + (after.group(1) if after else ""))
        prev = m.end() + (after.end() if after else 0)
        typ = id_type(tok)
        if said and kind is None and typ is None:
            continue
        if typ == "NCT":
            role_t = "PRIMARY" if role == "PRIMARY" else "SECONDARY"
            out.append(make_fact("trial_id", "NCT", rid + ".x", vs + m.start(), vs + m.start() + len(tok), ls, le,
                             id_value=tok.upper(), id_type="NCT", role=role_t))
            continue
        typ = typ or (kind if said else ("ORG_STUDY_ID" if label_type in ("NCT", "ORG_STUDY_ID") else label_type))
        out.append(make_fact("trial_id", typ, rid + ".x", vs + m.start(), vs + m.start() + len(tok), ls, le,
                         id_value=tok, id_type=typ, role="SECONDARY", kind_said=said))
    return out


_ANNOTATED = re.compile(
    r"^[ \t]*(?:[-*•][ \t]*)?(?P<tok>[A-Za-z0-9][\w./-]*\d[\w./-]*)[ \t]*[(（](?P<kind>[^)）\n]{3,60})[)）][ \t]*$", re.M)
_BRACKET_END = re.compile(r"[)）][ \t]*$", re.M)
# the labels that name an identifier's issuer (iddates.yaml issuer_labels)
_ISSUER_LABELS = tuple(lab for r in ruledata.load("iddates.yaml", required=["labels"], key="issuer_labels")
                       for lab in r["labels"])
_ISSUER_ALT = "|".join(map(re.escape, _ISSUER_LABELS))
_ISSUER = re.compile(
    rf"^[ \t]*(?P<tok>[A-Za-z0-9][\w./-]*\d[\w./-]*)[ \t]*\n[ \t]*(?:{_ISSUER_ALT})"
    rf"[ \t]*:[ \t]*(?:(?:{_ISSUER_ALT})[ \t]*:[ \t]*)?(?P<kind>[^\n]+)", re.M)


def _annotated_ids(text: str, layout: Layout) -> list[Fact]:
    """A line that is an identifier and its kind ("XB214-101 (Sponsor protocol number)"), or an
    identifier over its issuing authority (an ethics board's number is no trial id)."""
    out = []
    issuer = any(w in text for w in _ISSUER_LABELS)
    # an annotated line ends with its bracket: only such lines are read
    found = {_ANNOTATED: (m for c in _BRACKET_END.finditer(text) if (m := _ANNOTATED.match(text, line_span(text, c.start())[0]))),
             _ISSUER: _ISSUER.finditer(text) if issuer else ()}
    for pat, matches in found.items():
        for m in matches:
            if layout.within(m.start(), "related"):
                continue
            tok = m.group("tok")
            said, kind = _kind(m.group("kind"))
            typ = id_type(tok)
            if typ == "NCT" or (said and kind is None) or (not said and pat is _ANNOTATED):
                continue
            typ = typ or (kind if said and kind != "OTHER" else None) or ("ORG_STUDY_ID" if pat is _ISSUER and not said else "OTHER")
            ls, le = line_span(text, m.start("tok"))
            out.append(make_fact("trial_id", typ, "id.annotated" if pat is _ANNOTATED else "id.issuer",
                             m.start("tok"), m.end("tok"), ls, le, id_value=tok, id_type=typ, role="SECONDARY",
                             kind_said=said))
    return out


def _id_list_tails(text: str, facts: list[Fact]) -> list[Fact]:
    """An identifier label whose value stands alone on the next line may list more ids on
    the lines right below it ("Clinical Study ID" / "NCT########" / "ABC-101-GC")."""
    have = {f.attrs["id_value"].upper() for f in facts if f.kind == "trial_id"}
    out = []
    for f in facts:
        if f.kind != "trial_id" or not f.rule_id.startswith(("f.", "fx.")):
            continue
        ls, le = line_span(text, f.start)
        if text[ls:le].strip() != text[f.start:f.end] or f.evidence_start == ls:
            continue
        for s, e in next_lines(text, le, 4, skip_blank=False):
            tok = text[s:e].strip()
            if not re.fullmatch(r"[A-Za-z0-9][\w./-]*\d[\w./-]*", tok) or tok.upper() in have:
                break
            typ = id_type(tok)
            if typ == "NCT":
                break
            typ = typ or ("ORG_STUDY_ID" if f.attrs["id_type"] in ("NCT", "ORG_STUDY_ID") else "OTHER")
            st = s + text[s:e].index(tok)
            out.append(make_fact("trial_id", typ, f.rule_id + ".list", st, st + len(tok), s, e,
                             id_value=tok, id_type=typ, role="SECONDARY"))
            have.add(tok.upper())
    return out

"""Shared pieces of the trial-level readers: compiled rules (rules/fields.yaml, ids.yaml,
prose.yaml, trial_shapes.yaml), line helpers, and value -> fact conversion."""
from __future__ import annotations

import re
from contextvars import ContextVar
from functools import lru_cache

from ... import ruledata
from ...context import langgate
from ...model import Fact, Layout
from ...normalize.dates import DATE_RE, parse_date
from ...normalize.fields import parse_age, parse_age_range, parse_enrollment, vocab_value
from ...normalize.phases import PHASE_RE, phases_in
from ...pageindex import line_local, newlines_read

DAYFIRST: ContextVar[bool] = ContextVar("dayfirst", default=False)
# fields whose value may follow its label with nothing between ("Enrollment720", "Age18 Years+")
GLUED_FIELDS = frozenset({"enrollment", "age_range", "min_age_years", "max_age_years"})
# qualifier words before or after a label ("Estimated", "Actual"): fields.yaml label_qualifiers
LABEL_QUALIFIERS = "(?:" + "|".join(
    f"(?:{r['pattern']})" for r in ruledata.load("fields.yaml", required=["pattern"], key="label_qualifiers")) + ")"
_QUAL = LABEL_QUALIFIERS
# the prepositions of a place qualifier after a label ("Status in Germany", "Stav v SR"): fields.yaml label_places
_WHERE = "|".join(r["pattern"] for r in ruledata.load("fields.yaml", required=["pattern"], key="label_places"))
# a bracket after an enrollment label that says the figure is the whole trial's ("(global)"): fields.yaml label_whole_trial
WHOLE_TRIAL = re.compile(r"\(\s*(?:" + "|".join(
    r["pattern"] for r in ruledata.load("fields.yaml", required=["pattern"], key="label_whole_trial")) + r")\s*\)", re.I)


class Rules:
    def __init__(self) -> None:
        alt = self._load_labels()
        # key="value" attributes anywhere on a line ('Total Sample Size="690"')
        self.attr_re = re.compile(rf"(?<![\w])(?P<label>{alt})[ \t]*=[ \t]*\"(?P<rest>[^\"\n]*)\"", re.I)
        self._load_ids()
        self._load_shapes_prose_values()

    def _load_labels(self) -> str:
        """Field labels (fields.yaml) and the line-start label reader; returns the labels as one
        alternation (for key="value" attributes)."""
        rows = ruledata.load("fields.yaml", required=["field", "labels"])
        self.label_field: dict[str, tuple[str, str, int]] = {}
        labels: list[str] = []
        for r in rows:
            for lab in spellings(r["labels"]):
                self.label_field.setdefault(lab.lower(), (r["field"], r["id"], int(r.get("priority", 0))))
                labels.append(lab)
                self.label_field.setdefault(lab.lower().replace(" ", "_"), self.label_field[lab.lower()])
        labels.sort(key=len, reverse=True)
        alt = "|".join(re.escape(x) for x in labels)
        trie = trie_pattern(labels, guard=True)  # the same labels as one trie: one pass per line start
        # a label starts a line (after list/table/markdown marks) or follows a " · " separator;
        # export key paths may follow it ("startDateStruct.date", "secondaryIdInfos[0].id");
        # its value follows ":", "|", "=", dot leaders, or two spaces, or sits on the next line
        body = (
            rf"(?:\*\*)?(?:\"|')?"
            rf"(?P<q1>{_QUAL}[ \t]+)?(?P<label>{trie})(?P<path>(?:\[\d+\])?(?:\.(?:date|count|id|value))?)"
            rf"(?:\"|'|】)?[ \t]*(?P<q2>\((?:{_QUAL})\))?[ \t]*(?::[ \t]*\*\*|\*\*[ \t]*:?)?"
            # a translation of the label in brackets before its colon ("Titel (Protocol Title)", "Status (Status):")
            rf"(?P<gloss>\((?!{_QUAL}\))[A-Za-z][^()\n:|]{{1,40}}\)[ \t]*(?=[:：]|$))?"
            # the country or place a label's value holds for ("Stav v SR |", "Status ispitivanja u RH:", "Статус в
            # България" / value below): a preposition and a capitalised name, then the separator
            rf"(?P<where>[ \t]+(?:{_WHERE})[ \t]+(?-i:[A-ZÀ-ÖØ-ÞА-ЯЁ])[\w.]{{0,24}}(?=[ \t]*(?:[:|=：\t]|$)))?"
            # a bilingual label line, its English after a slash and the value below ("Geslacht / Sex")
            rf"(?P<slash>[ \t]+/[ \t]+[A-Za-z][^/\n:|]{{0,40}}$)?"
            rf"[ \t]*(?P<sep>[:|=：]+|(?<=[ \t])·(?=[ \t])|\.{{3,}}|(?<=\S)[ \t]{{2,}}(?=\S)|$|(?<=[A-Za-z])[ \t](?=\d{{1,4}}[-/.]\d)|(?P<glue>(?<=[A-Za-z])(?=\d\d))|(?P<cglue>(?<=(?-i:[a-z.]))(?=(?-i:[A-Z][a-z])))"
            rf"|(?<=\t)(?=\S)|(?<=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3][ \t])(?=\S)|(?P<caps>(?<=(?-i:[A-ZÁÉÍÓÚÑÜ]))[ \t](?=[^\s:|=]))|(?P<tcase>(?<=(?-i:[a-z]))[ \t](?=[^\s:|=])))[ \t]*(?:\|[ \t]*)?(?:\*\*[ \t]*)?(?P<rest>(?:(?![ \t]·[ \t])[^\n\]])*)"
        )
        # a numbered row key may stand before the label ("A.3 | Full title of the trial | ...", "(0) 治験の名称:", a space
        # after the bracket; jRCT's "(1)試験等の名称" heads a bilingual value and is read as a heading),
        # and a translation ("样本总量 Total sample size : 80")
        self.label_re = re.compile(
            rf"^[ \t]*(?:\|[ \t]*)?(?:[A-Z]?\d{{0,2}}(?:\.\d{{1,2}})+\.?[ \t]*\|[ \t]*)?(?:\(\d{{1,2}}\)[ \t]+)?(?:[-*•·・#【■□▪◆◇►▶]+[ \t]*)?"
            rf"(?:[\u3040-\u30ff\u3400-\u9fff()（）]+(?:[ \t]+|[ \t]*/[ \t]*)(?=[A-Za-z]))?{body}",
            re.I | re.M)
        # sub-labels that qualify a label's values on the lines below ("Target" / "Final")
        subs = ruledata.load("fields.yaml", required=["pattern"], key="sublabels")
        self.sublabel = re.compile("|".join(f"(?P<s{k}>{r['pattern']})[ \t]*:?" for k, r in enumerate(subs)), re.I)
        self.sublabel_estimated = {f"s{k}": r.get("estimated") for k, r in enumerate(subs)}
        self.sublabel_unread = {f"s{k}" for k, r in enumerate(subs) if r.get("read") is False}
        # mid-line labels: after a " · " separator or an opening bracket ("[Registered on: ...]")
        self.label_body = re.compile(body, re.I | re.M)
        # or three spaces before a "Label:" ("Age: 18 to 80 years   Gender: Both")
        # (led by literals, so that the engine skips to them)
        self.mid_line = re.compile(r"[ \t]·[ \t]|\[(?=[A-Za-z])|   (?<=\S   )[ \t]*(?=[A-Z][A-Za-z ]{1,30}:)")
        # the same on a page without "·"
        self.mid_bracket = re.compile(r"\[(?=[A-Za-z])|   (?<=\S   )[ \t]*(?=[A-Z][A-Za-z ]{1,30}:)")
        return alt

    def _load_ids(self) -> None:
        """Id shapes, own-id cues, export types and id tables (ids.yaml)."""
        self.ids = [
            (r["id"], r["id_type"], re.compile(r["pattern"], re.I))
            for r in ruledata.load("ids.yaml", required=["id_type", "pattern"])
        ]
        self.nct = next(p for rid, t, p in self.ids if t == "NCT")
        # scripts whose pages write numeric dates day-first (iddates.yaml dayfirst_scripts)
        self.dayfirst_script = re.compile("|".join(
            r["pattern"] for r in ruledata.load("iddates.yaml", required=["pattern"], key="dayfirst_scripts")))
        self.own_id_cue = re.compile(
            "|".join(f"(?:{r['pattern']})" for r in ruledata.load("ids.yaml", required=["pattern"], key="own_id_cues")), re.I)
        # every id shape in one pass; the named group says which rule matched
        self.ids_all = re.compile("|".join(f"(?P<i{k}>{p.pattern})" for k, (_, _, p) in enumerate(self.ids)), re.I)
        # cooperative-group codes that hold a space: read whole in a label's value
        self.group_spaced = re.compile("|".join(f"(?:{p.pattern})" for rid, _, p in self.ids
                                                if rid.startswith("id.group.") and " " in p.pattern) or "(?!)")
        id_rows = ruledata.load("ids.yaml", required=["id_type", "pattern", "prefix"])
        # case-sensitive: registry ids are written in their own case; a flat alternation of
        # literal-led prefixes lets the engine skip every position by its first character
        self.id_candidates = re.compile("|".join(r["prefix"] for r in id_rows))
        words = [w for r in ruledata.load("ids.yaml", required=["words"], key="value_prefixes") for w in r["words"]]
        self.id_value_prefix = re.compile(r"^(?:" + "|".join(map(re.escape, words)) + r"):(?=\S)", re.I)
        self.export_types = {
            r["type"]: r.get("id_type") for r in ruledata.load("ids.yaml", required=["type"], key="export_types")
        }
        self.id_tables = [
            (r["id"], r["cue"], re.compile(r["header"], re.I | re.M),
             [(re.compile(k["pattern"], re.I), k["id_type"]) for k in r.get("kinds", [])])
            for r in ruledata.load("ids.yaml", required=["header", "cue"], key="id_tables")
        ]

    def _load_shapes_prose_values(self) -> None:
        """Value shapes and date orders (trial_shapes.yaml), prose rules (prose.yaml), values.yaml."""
        shapes = ruledata.load("trial_shapes.yaml", required=["field", "pattern"])
        self.shapes = [(r["id"], r["field"], re.compile(r["pattern"])) for r in shapes]
        self.date_orders = {
            int(r["count"]): r["order"]
            for r in ruledata.load("trial_shapes.yaml", required=["count", "order"], key="date_orders")
        }
        self.prose = [
            (r["id"], r["field"], r.get("value"), r.get("enrollment_type"), r.get("estimated"),
             re.compile(r["pattern"], 0 if r["field"].startswith("date:") else re.I),
             tuple(t.lower() for t in r.get("triggers", ())), r)
            for r in ruledata.load("prose.yaml", required=["field", "pattern", "triggers"])
        ]
        self.prose = [(*row[:-1], _scan_mode(row[-1], row[5])) for row in self.prose]
        # a "near" rule's bound: how many newlines a match reads at most
        self.prose_newlines = {row[0]: newlines_read(row[5]) for row in self.prose if row[-1] == "near"}
        bad = [p.pattern for *_, p, _t, mode in self.prose if mode == "start" and not p.pattern.startswith("(?m)^")]
        if bad:
            raise ValueError(f"prose.yaml: a line_start rule's pattern must start with (?m)^: {bad[0][:60]}")
        values: dict[str, str] = {}  # a field's rows as one pattern (a language may add a row of its own)
        for r in ruledata.load("values.yaml", required=["field", "pattern"]):
            values[r["field"]] = f"{values[r['field']]}|(?:{r['pattern']})" if r["field"] in values else f"(?:{r['pattern']})"
        self.age_year_word = re.compile(values["age_year_word"], re.I)
        self.age_dash = re.compile(values["age_range_dash"])
        self.type_line = re.compile(rf"^\s*(?:[\w\[\]]+\.)*\"?type\"?\s*[:=]\s*\"?(?P<q>{_QUAL})\b", re.I | re.M)
        # a title's tail that is not part of it, and the line ends a wrapped title goes on after (sections.yaml)
        self.title_tails = [(re.compile(r["pattern"]), int(r["least"]))
                            for r in ruledata.load("sections.yaml", required=["pattern", "least"], key="title_tails")]
        self.title_wrap = re.compile("|".join(
            f"(?:{r['pattern']})" for r in ruledata.load("sections.yaml", required=["pattern"], key="title_wraps")), re.I)


def _scan_mode(row: dict, pat: re.Pattern) -> str:
    """Where a prose rule is tried: "start" (a ``line_start`` rule: at the starts of the lines
    holding a trigger), "lines" (a pattern that never spans a line: on the lines holding a
    trigger), "near" (a pattern that reads at most a few newlines: around the lines holding a
    trigger), "page" (the whole page)."""
    if row.get("line_start"):
        return "start"
    if any("\n" in t for t in row.get("triggers", ())):
        return "page"
    return "lines" if line_local(pat) else "page" if newlines_read(pat) is None else "near"


# Romanian s/t with a comma below, as rule rows write them, and with a cedilla, as many pages (old
# keyboards, cp1250) write them: a label is read in both spellings
_CEDILLA = str.maketrans("\u0219\u021b\u0218\u021a", "\u015f\u0163\u015e\u0162")


def spellings(labels: list[str]) -> list[str]:
    """``labels`` and, after each one holding a Romanian comma-below letter, its cedilla spelling."""
    out = []
    for lab in labels:
        out.append(lab)
        alt = lab.translate(_CEDILLA)
        if alt != lab:
            out.append(alt)
    return out


# a trie node's non-ASCII branches this many or more: one class test before them (trie_pattern's guard)
_GUARD_MIN = 4


def trie_pattern(words: list[str], guard: bool = False) -> str:
    """A regex matching any of ``words`` (case-folded), written as a trie so that the engine
    does not try every word in turn; longer words are tried before their prefixes. A space
    also matches an underscore: API keys shown as labels ("overall_status", "minimum_age").
    ``guard``: the branches of a node led by non-ASCII letters (after the ASCII ones) sit behind
    one lookahead class of those letters, so that a word in Latin letters does not try each of
    the other scripts' letters in turn (for a trie the pattern does not begin with: a leading
    lookahead would hide the literal prefixes ``re`` skips by)."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w.lower():
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends = "" in node
        keys = sorted(ch for ch in node if ch)
        kids = [("[ _]" if ch == " " else re.escape(ch)) + emit(node[ch]) for ch in keys]
        if not kids:
            return ""
        wide = sum(not ch.isascii() for ch in keys)
        if guard and wide >= _GUARD_MIN:  # ASCII keys sort first
            heads = "".join(re.escape(ch) for ch in keys[-wide:])
            kids[-wide:] = [f"(?=[{heads}])(?:{'|'.join(kids[-wide:])})"]
        body = kids[0] if len(kids) == 1 else "(?:" + "|".join(kids) + ")"
        return f"(?:{body})?" if ends else body

    return emit(root)


@lru_cache(maxsize=1)
def rules() -> Rules:
    return Rules()


# the prose rows (``rules().prose``) of the page being read: PROSE.rules()
PROSE = langgate.Gated(lambda langs: langgate.kept(rules().prose, "prose.yaml", langs), "prose.yaml")


def in_related(layout: Layout, pos: int) -> bool:
    return layout.within(pos, "related")


def line_bounds(text: str, pos: int) -> tuple[int, int]:
    s = text.rfind("\n", 0, pos) + 1
    e = text.find("\n", pos)
    return s, (len(text) if e == -1 else e)


def next_nonempty_line(text: str, pos: int, max_lines: int = 3) -> tuple[int, int] | None:
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


# an export key before a value ("date: 2024-03", "- id: X"); keys are camelCase, so a
# capitalised word before a colon ("ZANFLOT: a phase II trial ...") is part of the value
_KEY_PREFIX = re.compile(r"[ \t]*(?:-[ \t]+)?[a-z_][\w.\[\]]*[ \t]*:[ \t]+(?=\S)")


def next_value(text: str, line: tuple[int, int]) -> tuple[int, int, int]:
    """The value on a line after its label: strip an export key ("date: 2024-03", "- id: X");
    a YAML list ("- PHASE1" / "- PHASE2") spans its consecutive item lines."""
    s, e = line
    km = _KEY_PREFIX.match(text, s, e)
    if km:
        return (*strip_cell(text, km.end(), e), e)
    if re.match(r"[ \t]*-[ \t]+\S", text[s:e]):
        end = e
        while True:
            nxt = next_nonempty_line(text, end, 1)
            if not nxt or not re.match(r"[ \t]*-[ \t]+\S", text[nxt[0]:nxt[1]]):
                break
            end = nxt[1]
        first = text.index("-", s) + 1
        return (*strip_cell(text, first, end), end)
    return (*strip_cell(text, s, e), e)


def continuation(text: str, line_s: int, vs: int, ve: int, line_end: int) -> tuple[int, int]:
    """Extend a value over following lines indented to its column (wrapped long titles)."""
    col = vs - line_s
    if col < 8 or text.rfind("\n", line_s, vs) != -1:
        return wrapped(text, vs, ve, line_end)  # not indented to a column: a wrapped title, or none
    end = line_end
    while end < len(text) - 1:
        ns = end + 1
        ne = text.find("\n", ns)
        ne = len(text) if ne == -1 else ne
        line = text[ns:ne]
        if not line.strip() or len(line) - len(line.lstrip()) < col - 2 or _plain_label(text, ns):
            break
        ve = end = ne
    if end == line_end:  # no line indented to the value's column: wrapped to the margin, or none
        return wrapped(text, vs, ve, line_end)
    return ve, end


# a title wrapped onto the next line(s) with no blank line between: the next line goes on in lower
# case or with a bracket ("(HER2BRAIN-2)", "(Trastuzumab) in ..."), or the line before ends with a
# connective word or a comma (sections.yaml title_wraps)
WRAP_NEXT = re.compile(r"[ \t]*(?:[a-zà-ÿ(][a-zà-ÿ'’ ]|\((?=[^()\n]+\)))")  # or a bracket closed on the line
# a record's next key ("acronym: STELLA-19", "author={...}"): never a title's wrapped line
_KEY_LINE = re.compile(r"[ \t]*[A-Za-z_][\w.\[\]-]{0,40}[ \t]*[:=][ \t]*(?:[{\"']|$)|[ \t]*[a-z_][\w.\[\]-]{0,40}[ \t]*[:=]")
_MAX_WRAP_LINES = 5
_MAX_TITLE = 400


def wrapped(text: str, vs: int, ve: int, line_end: int) -> tuple[int, int]:
    """Extend a title value over the lines it wraps onto (at most 5, 400 characters in all):
    never over a blank line, a label, a line after a full stop or colon, or a line that starts
    in upper case after a line that does not end with a connective."""
    end = line_end
    for _ in range(_MAX_WRAP_LINES):
        if end >= len(text) or text[end] != "\n":
            break
        ns = end + 1
        ne = text.find("\n", ns)
        ne = len(text) if ne == -1 else ne
        line = text[ns:ne].rstrip()
        prev = text[vs:ve].rstrip()
        if not line.strip() or ne - vs > _MAX_TITLE or prev.endswith((".", ":", ";", "。", "：")) \
                or not (WRAP_NEXT.match(line) or rules().title_wrap.search(prev)) or _plain_label(text, ns) \
                or rules().sublabel.fullmatch(line.strip()) or _KEY_LINE.match(line):  # a language tag ("pt-br")
            break
        ve, end = ns + len(line), ne
    return ve, end


def one_line(value: str) -> str:
    """A wrapped title on one line: its lines joined by a space (none next to a CJK character)."""
    parts = [p.strip() for p in value.strip().split("\n")]
    out = parts[0]
    for p in parts[1:]:
        cjk = re.match(r"[\u3040-\u30ff\u3400-\u9fff]", p) or re.search(r"[\u3040-\u30ff\u3400-\u9fff、]$", out)
        out += ("" if cjk else " ") + p
    return out


def _plain_label(text: str, pos: int) -> bool:
    """A label starts the line at ``pos`` (not one read only after a single space)."""
    m = rules().label_re.match(text, pos)
    return m is not None and m.group("tcase") is None


def open_cell(text: str, vs: int, ve: int, line_end: int) -> tuple[int, int]:
    """A table cell whose value goes on over the next lines ("ID-1<br>ID-2 |"): extend the
    value to the line that closes the cell with a pipe (at most 5 lines)."""
    end = line_end
    for _ in range(5):
        nxt = next_nonempty_line(text, end, 1)
        if not nxt or "|" not in text[nxt[0]:nxt[1]] and _plain_label(text, nxt[0]):
            break
        bar = text.find("|", nxt[0], nxt[1])
        if bar != -1:
            return (strip_cell(text, vs, bar)[1] if text[nxt[0]:bar].strip() else ve), nxt[1]
        end = nxt[1]
    return ve, line_end


def strip_cell(text: str, s: int, e: int) -> tuple[int, int]:
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


def make_fact(kind, label, rid, s, e, es, ee, **attrs) -> Fact:
    return Fact(kind, label, rid, s, e, es, ee, dict(attrs))


def _total_offset(value: str) -> int:
    """Where the whole-trial figure starts in an enrollment value split by country (0: none)."""
    t = vocab_value("enrollment_total", value)
    if t is None:
        return 0
    return t[2].start("n") if t[2].group("n") else t[2].start("m")


_ALL_PHASES = frozenset({"PHASE1", "PHASE2", "PHASE3", "PHASE4"})


def value_facts(text, field, rid, vs, ve, es, ee, est, qual_text) -> list[Fact]:
    value = text[vs:ve]
    out: list[Fact] = []
    if field.startswith("date:"):
        m = DATE_RE.search(value)  # "2024年05月15日" whole (DATE_RE's first shape), never its year alone
        while m:
            parsed = parse_date(m.group(0), DAYFIRST.get(), langgate.languages())
            if parsed:
                d, prec = parsed
                out.append(make_fact("date", field[5:], rid, vs + m.start(), vs + m.end(), es, ee,
                                 date_type=field[5:], date=d, precision=prec, is_estimated=est))
                break
            m = DATE_RE.search(value, m.end())
    elif field.startswith("id:"):
        _, role, id_type = field.split(":")
        if id_type == "NCT":
            for m in rules().nct.finditer(value):
                out.append(make_fact("trial_id", "NCT", rid, vs + m.start(), vs + m.end(), es, ee,
                                 id_value=m.group(0).upper(), id_type="NCT", role=role))
                break
        else:
            for k, (s, e) in enumerate(_id_tokens(value)):
                val = value[s:e]
                typ = id_type_by_shape(val) or (id_type if k == 0 else "OTHER")
                out.append(make_fact("trial_id", typ, rid, vs + s, vs + e, es, ee,
                                 id_value=val, id_type=typ, role=role))
    elif field == "phases":
        for s, e, ph in _phase_mentions(value):
            if _ALL_PHASES <= set(ph):
                break  # "Phases: I/II/III/IV  BA/BE": a site's list of trial kinds, no trial's phase
            out.append(make_fact("trial_field", field, rid, vs + s, vs + e, es, ee, field=field, value=ph))
            break
    elif field in ("overall_status", "study_type", "sex", "healthy_volunteers", "enrollment_type"):
        v = vocab_value(field, value)
        if v:
            out.append(make_fact("trial_field", field, v[1], vs, ve, es, ee, field=field, value=v[0]))
    elif field == "enrollment":
        off = _total_offset(value)  # a figure split by country: the whole trial's one
        p = parse_enrollment(value[off:])
        if p:
            n, m = p
            out.append(make_fact("trial_field", field, rid, vs + off + m.start(), vs + off + m.end(), es, ee,
                             field=field, value=n))
            etype = vocab_value("enrollment_type", (qual_text or "") + " " + value)
            if etype:
                out.append(make_fact("trial_field", "enrollment_type", etype[1], vs, ve, es, ee,
                                 field="enrollment_type", value=etype[0]))
    elif field in ("min_age_years", "max_age_years"):
        age = parse_age(_age_text(value))
        if age is not None:
            out.append(make_fact("trial_field", field, rid, vs, ve, es, ee, field=field, value=age))
    elif field == "age_range":
        lo, hi = _age_groups(value) or parse_age_range(_age_text(value))
        upper = vocab_value("age_upper", value)
        bound = upper and float(upper[2].group("n") or upper[2].group("m"))
        if hi is None and upper and (lo is None or bound > lo):
            hi = bound  # "20歳 以上80歳 以下", "≥18周岁且≤75周岁"
        if lo is not None:
            out.append(make_fact("trial_field", "min_age_years", rid, vs, ve, es, ee, field="min_age_years", value=lo))
        if hi is not None:
            out.append(make_fact("trial_field", "max_age_years", rid, vs, ve, es, ee, field="max_age_years", value=hi))
    elif field in ("title_official", "title_brief"):
        if _TRUNCATED.search(value):
            return out  # "title={Sacituzumab ... ...}": a shortened copy of the title, not the title
        keep = title_kept(value)
        if keep < len(value):
            value, ve = value[:keep], vs + keep
        out.append(make_fact("trial_field", field, rid, vs, ve, es, ee, field=field, value=one_line(value)))
    return out


def _age_groups(value: str) -> tuple[float | None, float | None] | None:
    """Several age groups in one value ("18-64 years; 65-84 years; 85+ years"): the lowest
    bound, and the highest unless a group is open upwards. None for a single group."""
    parts = [p for p in re.split(r"[;,]", value) if re.search(r"\d", p)]
    if len(parts) < 2:
        return None
    ranges = [parse_age_range(_age_text(p)) for p in parts]
    if any(lo is None for lo, _ in ranges):
        return None
    his = [hi for _, hi in ranges]
    return min(lo for lo, _ in ranges), (None if None in his else max(his))


def _age_text(value: str) -> str:
    """An age value with its year units in English and its range dash a hyphen ("18 años",
    "20歳", "18A" -> "18 years"; "18~75周岁" -> "18-75 years")."""
    R = rules()
    return R.age_dash.sub("-", R.age_year_word.sub(" years", value))


# phase numerals in other scripts -> Latin/Arabic, one character for one (values.yaml phase_numerals)
_PHASE_FOLD = str.maketrans(
    "".join(r["from"] for r in ruledata.load("values.yaml", required=["from", "to"], key="phase_numerals")),
    "".join(r["to"] for r in ruledata.load("values.yaml", required=["from", "to"], key="phase_numerals")))


def _phase_mentions(value: str):
    value = value.translate(_PHASE_FOLD)  # "ІІ" (Cyrillic), "第二期"
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
            return
    word = vocab_value("phase_word", value)  # "Fase II", "フェーズ3", "III期", "第II相"
    if word:
        g = "n" if word[2].group("n") else "m"
        ph = phases_in("Phase " + word[2].group(g).replace(" ", ""))
        if ph:
            yield word[2].start(), word[2].end(), ph


_CODE_AND_WORD = re.compile(r"[A-Z]{2,10} \d[\w-]{2,}|[A-Z][A-Z0-9]*-[\w-]*\d[\w-]* [A-Z]{3,12}")
_VERSION = re.compile(r"\d{1,2}(?:\.\d{1,2})+")


def _id_tokens(value: str):
    """Identifier tokens in a value: "HR-BLTN-016", "ABC-123; 2019-001234-56",
    "GLGOC-CRC-1807 2018-004412-31 ( EudraCT Number )". A token has a digit; words and
    parenthesised descriptions between ids are not ids. A value of one code and one word in
    capitals is one id ("ABCD 123456", "XYZ-12 ACRONYM"); a version number ("2.0") is none."""
    whole = _CODE_AND_WORD.fullmatch(value.strip())
    if whole and not id_type_by_shape(whole.group(0).replace(" ", "")):  # not "ISRCTN 12345678"
        s = value.index(whole.group(0))
        yield s, s + len(whole.group(0))
        return
    spaced = group_spans(value)  # a cooperative group's code written with a space ("SAKK 19/24")
    yield from spaced
    for m in re.finditer(r"\([^)]*\)|[^\s;,()]+", value):
        if any(s <= m.start() < e for s, e in spaced):
            continue
        tok = rules().id_value_prefix.sub("", m.group(0).strip(".:"))  # "Number:152334"
        if tok.startswith("(") or not re.search(r"\d", tok) or len(tok) < 3 or _VERSION.fullmatch(tok):
            continue
        s = m.start() + m.group(0).index(tok)
        yield s, s + len(tok)


_TRUNCATED = re.compile(r"(?:\.\.\.|…)[ \t]*[}\"'”)\]]?[ \t]*,?$")


def title_kept(value: str) -> int:
    """How much of a title to keep: trailing brackets that only note ids or the phase, then the
    next field's label glued on ("... (DB-LOW-2)National Clinical Trial Number:"), are cut."""
    keep = len(value)
    for rx, least in rules().title_tails:
        cut = rx.search(value, 0, keep)
        if cut and cut.start() >= least:
            keep = len(value[:cut.start()].rstrip())
    return keep


def group_spans(value: str) -> list[tuple[int, int]]:
    """Spans of cooperative-group codes written with a space in ``value`` (ids.yaml id.group.* rows)."""
    if " " not in value:
        return []
    return [m.span() for m in rules().group_spaced.finditer(value)]


def id_type_by_shape(val: str) -> str | None:
    """The id_type a registry's shape gives; a cooperative group's code (id.group.*) says none."""
    for rid, typ, pat in rules().ids:
        if pat.fullmatch(val.strip()) and not rid.startswith("id.group."):
            return typ
    return None



def lines_in(text: str, start: int, end: int):
    p = start
    while p < end:
        e = text.find("\n", p, end)
        e = end if e == -1 else e
        if text[p:e].strip():
            yield p, e
        p = e + 1


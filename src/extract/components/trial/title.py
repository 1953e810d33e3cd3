"""The page's title: the heading that names the study.

Read from the top of the page, skipping what is not a title: site names, navigation and
breadcrumbs (``title_skip`` in rules/sections.yaml), badges (a status or a phase alone),
"Label: value" lines, section headings and questions, prose sentences, and an HTML title
bar ("Site - Section - <title>") whose last part is repeated as the heading below it. A line
must read like a title (``title_needs``). A news headline ("... announces first patient
dosed", ``title_stop``) means the page names no study title. A study code before the title
("S2409: A Randomized Phase II/III Trial ...") is not part of it (``title_prefix``).
"""
from __future__ import annotations

import re
from functools import cache, lru_cache

from ... import ruledata
from ...layout import _heading_of
from ...layout import rules as layout_rules
from ...model import Fact, Layout
from ...normalize.fields import vocab_value
from ...normalize.phases import PHASE_RE
from ...pageindex import page_index
from .base import _WRAP_NEXT, _fact, _one_line, _wrapped, title_kept
from .base import rules as trial_rules
from .labels import _caps_label, one_space_label
from .title_news import bylined, bylined_above, protocol_cues

_MAX_LINES = 40  # non-empty lines read from the top
_MAX_PROSE = 2  # prose paragraphs passed before the title search gives up
# "Medical Condition(s): ...", "Description: ...", "研究目的 主要目的:...", "药物名称 注射用..."
_LABEL_LINE = re.compile(r"^[A-Z][a-z]+(?:[ -][A-Za-z()]+){0,2}[:：]|^[\u3040-\u30ff\u3400-\u9fff]{2,8}(?:[ \t]|[:：])"
                         r"|^[^:：]{0,12}[\u3040-\u30ff\u3400-\u9fff][^:：]{0,30}[:：]")
_SENTENCE = re.compile(r"[.!。]\s*$|\S[.!?] +[A-Z]|; ")
# a finite verb makes a sentence of a line that ends like one ("SPARROW-1 is a phase 1/2 trial ...")
_VERB = re.compile(r"\b(?:is|are|was|were|will|has|have|had|can|may|must|do|does|did|tests|looks|leads|focuses|"
                   r"receives?|gets?|takes?|helps?|means|depends|wants|records|lists|holds)\b", re.I)
_BAR_TAIL = re.compile(r"[ \t]+[-–][ \t]+[^-–•|\n]*[ \t][•|][ \t][^\n]*$")
_QUOTES = {'"': '"', "“": "”", "„": "“", "«": "»", "「": "」", "『": "』"}
_TWO_SENTENCES = re.compile(r"\S[.!?][ \t]+[A-ZÀ-ÝА-Я]")
_QUESTION_END = re.compile(r"[?？](?:\s|$)|[!！:：]$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
# bracketed site notes of three words or more after the title on its line (not a code: "[ACRO-301]")
# a later heading that replaces the first must not read like a sentence or a badge row
_SENTENCE_LIKE = re.compile(r"[.。]\s*$|\S[.。] |[ \t]·[ \t]")
_TRAILING_NOTES = re.compile(r"(?:[ \t]*\[[^\[\]\n ]+(?: [^\[\]\n ]+){2,20}\])+[ \t]*$")
# a breadcrumb line ("Studies > Ongoing > ACRONYM-2"): its last crumb, repeated as a short line
# of its own below, is the page's heading
_CODE = re.compile(r"(?=\S*\d)[A-Za-z][\w-]{2,30}")  # a study code or acronym: no space, a digit
_CRUMBS = re.compile(r"^(?:[^>\n]+ > ){2,}(?P<last>[^>\n]{3,40})$")


@lru_cache(maxsize=1)
def _rules():
    def load(key):
        return [re.compile(r["pattern"], re.I) for r in ruledata.load("sections.yaml", required=["pattern"], key=key)]
    return (load("title_stop"), load("title_prefix"), load("title_strong"), load("title_skip_trial"),
            load("title_needs_trial"))


@lru_cache(maxsize=1)
def _continues() -> re.Pattern:
    rows = ruledata.load("sections.yaml", required=["pattern"], key="title_continues")
    return re.compile("|".join(f"(?:{r['pattern']})" for r in rows), re.I)


def _continued(text: str, line: str, e: int, below: list[tuple[int, int]], R) -> tuple[str, int]:
    """The heading ``line`` (ending at ``e``) joined with the lines that complete it."""
    for s2, e2 in below[:3]:
        nxt = text[s2:e2]
        if not _continues().search(line) or _verdict(nxt, R) == "prose" or _LABEL_LINE.match(nxt) or _label_line(nxt):
            break
        joint = "" if _CJK.match(nxt) or _CJK.search(line[-1:]) else " "
        line, e = line + joint + nxt, e2
    return line, e


def title_facts(text: str, layout: Layout) -> list[Fact]:
    """The first heading that reads like a title; one that names a trial's design (``title_strong``)
    further down outranks a first one that does not (a society's or journal's name)."""
    if layout.name in layout_rules().no_title_layouts:
        return []
    strong = _rules()[2]
    first = None
    for fact in _title_candidates(text, layout):
        value = fact.attrs["value"]
        if any(p.search(value) for p in strong) and (first is None or not _SENTENCE_LIKE.search(value)):
            return [fact]
        first = first or fact
    return [first] if first else []


# a trial's name: an acronym with a hyphenated part (its capitals may bear accents: "FÉNIX-HER2") ("HERMES-G", "LOWLAND-Breast01", "HERALD-Breast 03"),
# not a biomarker with a status word ("HER2-Low", "HR-Positive"); a word in capitals alone ("HERALD")
# only where a row says NAME4 (before a registry id, before "trial")
# Latin or Cyrillic capitals ("ГЕРМЕС-2"); a later part may hold accented letters ("ARGOS-Pulmón")
_UP = "A-Z\xc0-\xd6\xd8-\xde\u0401\u0410-\u042f"
_PART = "A-Za-z0-9\xc0-\xd6\xd8-\xf6\xf8-\u017f\u0401\u0410-\u044f\u0451"
_NAME = (rf"(?:(?=[{_UP}][{_UP}0-9]+-)(?![A-Z]{{1,4}}\d*-(?:[Ll]ow|[Pp]ositive|[Nn]egative|[Mm]utant|[Uu]ltralow"
         r"|[Ee]xpressing|[Aa]mplified|[Ll]ike|[Bb]ased|[Rr]elated|[Ii]nduced|[Dd]irected|[Tt]argeted)\b)"
         rf"[{_UP}][{_UP}0-9]+(?:-[{_UP}0-9][{_PART}]*)+(?:[ ]\d{{1,3}}(?![\w-]))?)(?![\w-])")
_NAMED = re.compile(_NAME)
_NAME4 = rf"(?:{_NAME}|[A-Z]{{4,}}\d*(?![\w-]))"
# a name glued to the word after it ("ELBE-HER2-Studie", "NEO-KAGAMI試験", "ZETA-G연구"): written `NAMEJ`; the
# row's own next word bounds it (letters of another script, or a hyphen before a study word)
_NAME_JOINED = _NAME[:-len(r"(?![\w-])")] + r"(?![A-Za-z0-9])"


def _expand(pattern: str) -> str:
    return pattern.replace("NAMEJ", _NAME_JOINED).replace("NAME4", _NAME4).replace("NAME", _NAME)


@lru_cache(maxsize=1)
def _name_cues() -> list[tuple[re.Pattern, tuple[str, ...]]]:
    rows = ruledata.load("sections.yaml", required=["pattern", "words"], key="title_names")
    return [(re.compile(_expand(r["pattern"])), tuple(w.lower() for w in r["words"]))
            for r in rows]


def _protocol_title(value: str) -> bool:
    """A title about a trial's protocol or design (``title_protocol``) that names the design (``title_strong``)."""
    return any(p.search(value) for p in protocol_cues()) and any(p.search(value) for p in _rules()[2])


@lru_cache(maxsize=1)
def _name_heads() -> list[re.Pattern]:
    rows = ruledata.load("sections.yaml", required=["pattern"], key="title_name_heads")
    return [re.compile(_expand(r["pattern"])) for r in rows]


def _name_head(text: str, heading: Fact) -> Fact | None:
    """The trial's name before a headline ("PERI-HER2 trial: adding ...") or at the end of an
    article's title ("...: Initial results from ZENITH-1"), ``title_name_heads``."""
    s0, value = heading.start, heading.attrs["value"]
    m = next((m for p in _name_heads() if (m := p.search(value))), None)
    if m is None:
        return None
    s = _text_pos(text, s0, value, m.start("n"))  # the heading may be wrapped over lines
    while s < len(text) and text[s].isspace():
        s += 1
    e = s + len(m.group("n"))
    if text[s:e] != m.group("n"):
        return None
    return _fact("trial_field", "title_brief", "title.name_head", s, e, s, e, field="title_brief", value=m.group("n"))


def _spaced_label_title(text: str, layout: Layout) -> Fact | None:
    """A title after a label of several words and one space, in a card of such rows ("Kort titel
    HER2-LOWNEO" / "Lang titel Et randomiseret fase II-forsøg ..."): the long title if there is
    one, else the short one. The label reader takes one-space values only for short fields."""
    R = trial_rules()
    found: dict[str, Fact] = {}
    for s, e in _top_lines(text, layout):
        m = R.label_re.match(text, s, e) if text[s].isupper() else None
        if m is None or m.group("tcase") is None or len(m.group("label").split()) < 2:
            continue
        field = R.label_field[m.group("label").lower()][0]
        vs = m.start("rest")
        if field in found or not field.startswith("title") or not (text[vs].isupper() or text[vs].isdigit()):
            continue
        le = _eol(text, e)
        ve = _wrapped(text, vs, e, le)[0]
        found[field] = _fact("trial_field", field, "title.spaced_label", vs, ve, s, ve, field=field,
                             value=_one_line(text[vs:ve]))
    return found.get("title_official") or found.get("title_brief")


# a flattened record: "Label: value" pairs run together on one line ("ID: 512 Titel: ... Start: 2023-02-15 ...");
# a label there is one to three words, the first capitalised, without digits, then ": "
_FLAT_LABEL = re.compile(r"(?<=\S[ \t])[A-ZÀ-Þ][^\W\d_]+(?:[ \t][^\W\d_]+){0,2}:[ \t]")
_FLAT_FIRST = re.compile(r"[A-ZÀ-Þ][^\W\d_]*(?:[ \t][^\W\d_]+){0,2}:[ \t]+\S")
_FLAT_MIN_LABELS = 4


@lru_cache(maxsize=1)
def _title_labels() -> re.Pattern:
    labels = sorted((lab for lab, (field, _, _) in trial_rules().label_field.items() if field.startswith("title")
                     and "_" not in lab), key=len, reverse=True)
    return re.compile(r"(?<=\S[ \t])(?:%s):[ \t]+(?=\S)" % "|".join(re.escape(x) for x in labels), re.I)


def _flat_record_title(text: str, layout: Layout) -> Fact | None:
    """A title label inside a flattened record's line (after a first "Label: value" pair, with
    more labels after it): its value runs to the next label. The line-start label reader reads
    only the first pair."""
    for s, e in _top_lines(text, layout)[:3]:
        if not _FLAT_FIRST.match(text, s, e) or len(_FLAT_LABEL.findall(text, s, e)) < _FLAT_MIN_LABELS:
            continue
        m = _title_labels().search(text, s, e)
        if m is None:
            return None
        nxt = _FLAT_LABEL.search(text, m.end(), e)
        ve = nxt.start() if nxt else e
        ve = s + len(text[s:ve].rstrip())
        return _fact("trial_field", "title_official", "title.flat_record", m.end(), ve, s, e, field="title_official",
                     value=text[m.end():ve])
    return None


def named_or_heading(text: str, layout: Layout) -> list[Fact]:
    """The page's heading (``title_facts``), or the name the page gives its trial ("The study,
    dubbed HERMES-X, ...") when there is no heading, or the heading neither names the trial's
    design (``title_strong``) nor holds a trial's or a drug's code (a news headline); the name
    before a headline ("PERI-HER2 trial: adding ...") rather than the headline."""
    spaced = _spaced_label_title(text, layout) or _flat_record_title(text, layout)
    if spaced is not None:
        return [spaced]
    heading = title_facts(text, layout)
    if heading and (block := _bracketed_block(text, heading[0])) is not None:
        return [block]
    named = _name_head(text, heading[0]) if heading else None
    if named is not None:
        return [named]
    if heading and _protocol_title(heading[0].attrs["value"]):
        return heading  # a journal's title of a trial's protocol that names its design: the trial's title
    if heading and (bylined(text, heading[0]) or bylined_above(text, heading[0])) \
            and (name := trial_name(text, layout)) is not None:
        return [name]  # a news article's headline or subheading (a byline or dateline near it): the trial's name
    if heading and any(p.search(heading[0].attrs["value"]) for p in _rules()[2]):
        return heading
    if heading and _NAMED.search(heading[0].attrs["value"]):
        return heading  # it holds a trial's or a drug's code: it names this study ("ZX-41 Plus ... [ACME-301]")
    name = trial_name(text, layout) or (None if heading else _name_line(text, layout))
    return [name] if name is not None else heading


# the last line of a wrapped descriptive title that ends with the trial's name in brackets ("... Übergangs (ALDERA-GE).")
_BRACKETED_END = re.compile(rf"\((?P<n>{_NAME})\)\.?[ \t]*$")
_BLOCK_LINES = 6
_NEXT_LINE = re.compile(r"\n[ \t]*(\S[^\n]*)")  # the next line, when it is not blank


def _bracketed_block(text: str, heading: Fact) -> Fact | None:
    """A teaser heading that names the trial ("ALDERA-GE-Studie ... beim Magenkarzinom") right over a
    wrapped block that ends with that name in brackets: the block is the trial's descriptive title."""
    pos, lines = heading.end, []
    while len(lines) < _BLOCK_LINES and (m := _NEXT_LINE.match(text, pos)):
        lines.append(m.span(1))
        pos = m.end()
        end = _BRACKETED_END.search(text, *m.span(1))
        if end is None:
            continue
        block = " ".join(text[s:e].strip() for s, e in lines)
        if re.search(r"[.!?][ \t]+[A-ZÄÖÜ]", block) or end.group("n") not in heading.attrs["value"]:
            return None  # sentences, or a name the heading does not give
        e = end.start() + len(end.group(0).rstrip(" \t."))
        value = block.rstrip(" \t.")
        return _fact("trial_field", "title_official", "title.bracketed_block", lines[0][0], e, lines[0][0], e,
                     field="title_official", value=value)
    return None


# a heading line that is the trial's name alone, or with its code in brackets ("ZENITH-CRC (HX-301-CRC-02)")
_NAME_LINE = re.compile(rf"{_NAME}(?:[ \t]+\([^()\n]{{2,30}}\))?")


def _name_line(text: str, layout: Layout) -> Fact | None:
    """On a page with no heading that reads like a title, a line near the top that is nothing
    but the trial's name: the page's brief title."""
    for s, e in _top_lines(text, layout):
        if _NAME_LINE.fullmatch(text, s, e) and not _menu_item(text, s) and not layout.within(s, "related"):
            return _fact("trial_field", "title_brief", "title.name_line", s, e, s, e, field="title_brief", value=text[s:e])
    return None


def trial_name(text: str, layout: Layout) -> Fact | None:
    """The first name the page gives its trial after a naming cue (rules/sections.yaml
    ``title_names``), read only on the lines that hold a cue word."""
    idx = page_index(text)
    if not idx.aligned:
        return None
    best = None
    for pat, words in _name_cues():
        for ls in idx.lines_holding(words):
            if best is not None and ls > best.start():
                break
            m = pat.search(text, ls, idx.line_at(ls)[1])
            if m and not layout.within(m.start(), "related") and (best is None or m.start() < best.start()):
                best = m
                break
    if best is None:
        return None
    s, e = best.span("n" if best.group("n") else "n2")  # n2: a name written before its study word
    ls, le = idx.line_at(s)
    return _fact("trial_field", "title_brief", "title.name", s, e, ls, le, field="title_brief", value=text[s:e])


# a labelled "title" that is only an acronym or code ("Title" / "GASTRO-HERALD")
_ACRONYM = re.compile(r"[A-Z0-9][A-Za-z0-9]*(?:[-/ ][A-Z0-9][A-Za-z0-9]*){0,2}")


def acronym_only(titled: list[Fact]) -> bool:
    """Every labelled title of the page is an acronym or a code, no words of a title."""
    return bool(titled) and all(
        len(f.attrs["value"]) <= 24 and _ACRONYM.fullmatch(f.attrs["value"]) and not f.attrs["value"].istitle()
        for f in titled)


def strong_title(text: str, layout: Layout) -> list[Fact]:
    """The page's heading, only when it names a trial's design (``title_strong``)."""
    got = title_facts(text, layout)
    return got if got and any(p.search(got[0].attrs["value"]) for p in _rules()[2]) else []


def _title_candidates(text: str, layout: Layout):
    R = layout_rules()
    stops, prefixes = _rules()[:2]
    lines = _top_lines(text, layout)
    prose = 0
    crumb = None
    done = -1  # the end of the last heading or paragraph read: its lines are not read again
    margin = cache(lambda: _margin(text))  # measured only when a line may be wrapped
    for k, (s, e) in enumerate(lines):
        line = text[s:e]
        if crumb is not None and line == crumb:
            nxt = lines[k + 1] if k + 1 < len(lines) else None
            if nxt is None or _verdict(text[nxt[0]:nxt[1]], R) != "title":  # else the full title below it
                yield _fact("trial_field", "title_first_line", "title.crumb", s, e, s, e,
                            field="title_first_line", value=line)
                return
        cm = _CRUMBS.match(line) if " > " in line else None
        crumb = cm.group("last").strip() if cm and _CODE.fullmatch(cm.group("last").strip()) else crumb
        if s < done or _menu_item(text, s) or (k and _goes_on(text, lines[k - 1], s)):
            continue
        for p in prefixes:
            pm = p.match(line)
            if pm and pm.end() < len(line):
                s, line = s + pm.end(), line[pm.end():]
                break
        verdict, e = _block_verdict(text, s, e, line, R, margin)
        if verdict == "prose":
            done = e
            prose += 1
            if prose > _MAX_PROSE:
                return
            continue
        if any(p.search(line) for p in stops) and not any(p.search(line) for p in R.title_skip):
            return  # a news headline (not a menu that says "Get started")
        if verdict != "title" or _repeated_below(text, line, lines[k + 1:]):
            continue
        done = e
        yield _heading_fact(text, s, e, [ln for ln in lines[k + 1:] if ln[0] >= e], R)


# a page wrapped at a margin: its longest line is at most this long, and at least
# _WRAPPED_LINES lines come within _NEAR_MARGIN characters of it
_MAX_MARGIN = 120
_WRAPPED_LINES = 5
_NEAR_MARGIN = 20
_MAX_BLOCK = 400


def _margin(text: str) -> int:
    """The column a hard-wrapped page is wrapped at, or 0 when its lines are not wrapped."""
    lens = sorted((len(ln.rstrip()) for ln in text.split("\n")), reverse=True)
    if not lens or lens[0] > _MAX_MARGIN or len(lens) < _WRAPPED_LINES:
        return 0
    return lens[0] if lens[_WRAPPED_LINES - 1] >= lens[0] - _NEAR_MARGIN // 2 else 0


def _block_verdict(text: str, s: int, e: int, line: str, R, margin) -> tuple[str, int]:
    """The verdict on a line read with the lines it wraps onto, and where they end: a paragraph
    wrapped over lines is prose as a whole, a heading wrapped over lines a title as a whole."""
    verdict = _verdict(line, R)
    if verdict == "prose" or (verdict == "skip" and len(line) < _NEAR_MARGIN * 3) or _TRAILING_NOTES.search(line):
        return verdict, e
    end = _block_end(text, s, e, R, margin)
    if end == e:
        return verdict, e
    joined = _verdict(_one_line(text[s:end]), R)
    if joined == "prose" or verdict == "title" or joined == "title":
        return joined, end
    return verdict, e


def _block_end(text: str, s: int, e: int, R, margin) -> int:
    """Where a heading (or paragraph) that starts at ``s`` ends: over the lines it wraps onto
    (base._wrapped: lower case, a bracket, a connective), and on a page wrapped at a margin,
    after a line that reaches the margin without punctuation, over a next line that goes on."""
    end = e
    while end - s < _MAX_BLOCK:
        end = _wrapped(text, s, end, _eol(text, end))[0]
        le = _eol(text, end)
        last = text[text.rfind("\n", 0, end) + 1:end].strip()
        if le >= len(text) or not last or last[-1] in ".:;!?。：\"”»]" or _CJK.search(last) \
                or len(last) < _NEAR_MARGIN * 3 or len(last) < margin() - _NEAR_MARGIN or not margin():
            return end
        ns, ne = le + 1, _eol(text, le + 1)
        if not _wraps_onto(text, ns, ne, text[s:end], R):
            return end
        end = ns + len(text[ns:ne].rstrip())
    return end


def _wraps_onto(text: str, ns: int, ne: int, head: str, R) -> bool:
    """The line ``ns``-``ne`` can go on from the heading ``head`` wrapped at the margin: words in
    the same case (not a capitals badge under a Title Case heading), no label, heading, list
    item or list of values."""
    nxt = text[ns:ne].strip()
    if not nxt or not (nxt[0].isalnum() or nxt[0] == "(") or "; " in nxt or _CJK.search(nxt):
        return False
    caps = [c.isupper() for c in head + nxt if c.isalpha()]
    if (_all_caps(head) != _all_caps(nxt)) or not any(caps):
        return False
    lead = len(text[ns:ne]) - len(text[ns:ne].lstrip())
    return not (_menu_item(text, ns + lead) or _LABEL_LINE.match(nxt) or _label_line(nxt) or _heading_of(nxt, R)
                or _is_badge(nxt) and not nxt.istitle())


def _all_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _eol(text: str, pos: int) -> int:
    le = text.find("\n", pos)
    return len(text) if le == -1 else le


def _goes_on(text: str, prev: tuple[int, int], s: int) -> bool:
    """The line at ``s`` goes on from the line ``prev`` right above it (lower case or a
    connective at the join): the middle of a paragraph or heading, never the start of a title."""
    if text.count("\n", prev[1], s) != 1:
        return False
    return bool(_WRAP_NEXT.match(text, s) and text[s].islower()) or bool(trial_rules().title_wrap.search(text[prev[0]:prev[1]]))


def _heading_fact(text: str, s: int, e: int, below: list[tuple[int, int]], R) -> Fact:
    """The title fact of a heading read from ``s`` to ``e``: lines that complete it joined, quotes,
    trailing notes, tails and an HTML title bar's tail cut."""
    line = _one_line(text[s:e])
    note = _TRAILING_NOTES.search(line)  # "... avancé. [Informations issues du site ...] [essai ouvert]"
    if note and note.start() >= 15:
        line, e = line[:note.start()], _text_pos(text, s, line, note.start())
    line, e = _continued(text, line, e, below, R)
    if len(line) > 2 and line[0] in _QUOTES and line[-1] == _QUOTES[line[0]]:
        s, e, line = s + 1, e - 1, line[1:-1]  # a heading in quotes: the words inside
    keep = title_kept(line)
    tail = _caps_tail(line)  # "PHASE II STUDY OF ... CANCER Open Protocol": a badge after a title in capitals
    keep = min(keep, tail) if tail > 0 else keep
    bar = _BAR_TAIL.search(line, 3)  # "ACME-3 - Clinical trial • Site name": an HTML title bar's tail
    keep = min(keep, bar.start()) if bar else keep
    if keep < len(line):
        line, e = line[:keep], _text_pos(text, s, line, keep)
    return _fact("trial_field", "title_first_line", "title.heading", s, e, s, e,
                 field="title_first_line", value=line)


# a short tail in mixed case after a title in capitals ("... CANCER Open Protocol"): one to four words
_MIXED_TAIL = re.compile(r"[ \t]+[A-Z][a-z]+(?:[ \t]+[A-Za-z][a-z]+){0,3}$")


def _caps_tail(line: str) -> int:
    """Where a badge in mixed case after a title in capitals (four words or more) starts, or -1."""
    m = _MIXED_TAIL.search(line)
    if m is None:
        return -1
    head = line[:m.start()]
    words = [w for w in head.split() if any(c.isalpha() for c in w)]
    return m.start() if len(words) >= 4 and not any(c.islower() for c in head) else -1


def _text_pos(text: str, s: int, line: str, i: int) -> int:
    """Where in ``text`` (a heading starting at ``s``) the character ``i`` of its one-line form
    ``line`` is: wrapped lines were joined, so non-space characters are counted."""
    need = sum(1 for c in line[:i] if not c.isspace())
    pos = s
    while need > 0 and pos < len(text):
        need -= not text[pos].isspace()
        pos += 1
    return pos


_TOP: list = [None, None, []]  # the last page's text, layout and top lines (read by several readers)


def _top_lines(text: str, layout: Layout) -> list[tuple[int, int]]:
    """Stripped spans of the first non-empty lines, up to the eligibility criteria (once a page)."""
    if _TOP[0] is text and _TOP[1] is layout:
        return _TOP[2]
    limit = min((c.start for c in layout.of("eligibility", "inclusion", "exclusion")), default=len(text))
    out: list[tuple[int, int]] = []
    p = 0
    while p < limit and len(out) < _MAX_LINES:
        e = text.find("\n", p)
        e = len(text) if e == -1 else e
        s, t = p, e
        while s < t and text[s] in " \t#*|":
            s += 1
        while t > s and text[t - 1] in " \t#*|":
            t -= 1
        if t > s:
            out.append((s, t))
        p = e + 1
    _TOP[:] = text, layout, out
    return out


def _verdict(line: str, R) -> str:
    """"title", "prose", or "skip" for one stripped line (cheap tests first)."""
    return _verdict_cached(line) if R is layout_rules() else _verdict_of(line, R)


@lru_cache(maxsize=4096)
def _verdict_cached(line: str) -> str:
    # site bars, badges and labels at the top of pages repeat from page to page: read once
    return _verdict_of(line, layout_rules())


def _verdict_of(line: str, R) -> str:
    cjk = len(_CJK.findall(line)) if not line.isascii() else 0
    if len(line) > 400 or (len(line) < 15 and cjk < 10):
        return "skip"
    if _QUESTION_END.search(line):
        return "skip"
    if cjk >= 10 and line.endswith("。"):
        return "prose"
    words = len(line.split())
    if words > 6 and (_SENTENCE.search(line) and _VERB.search(line) or "; " in line):
        return "prose"
    if line.endswith((".", "。")) and (_TWO_SENTENCES.search(line) or (
            words > 8 and not any(p.search(line) for p in _rules()[2]))):
        return "prose"  # in any language: two sentences on a line, or a long one that names no design
    if not any(p.search(line) for p in (*R.title_needs, *_rules()[4])) or any(p.search(line) for p in R.title_skip) \
            or any(p.search(line) for p in _rules()[3]):
        return "skip"
    if _LABEL_LINE.match(line) or _is_badge(line) or _label_line(line) or _heading_of(line, R) or _spelled_out(line):
        return "skip"
    return "title"


# an acronym and what it stands for: "CCCT - Canadian Centre for Clinical Trials", "Canadian Centre for
# Clinical Trials (CCCT)"
_ACRO_FIRST = re.compile(r"(?P<a>[A-Z]{2,8})[ \t]+[-–|:][ \t]+(?P<x>[^()\n]+)")
_ACRO_LAST = re.compile(r"(?P<x>[^()\n]+?)[ \t]+\((?P<a>[A-Z]{2,8})\)")


def _spelled_out(line: str) -> bool:
    """A line that is an acronym and its spelled-out name, nothing else: a site's or an organisation's
    name (the initials of its capitalised words are the acronym), never a trial's title."""
    m = _ACRO_FIRST.fullmatch(line) or _ACRO_LAST.fullmatch(line)
    return bool(m) and "".join(w[0] for w in m.group("x").split() if w[0].isupper()) == m.group("a")


def _menu_item(text: str, s: int) -> bool:
    """A list item or an indented menu entry: never the page's heading."""
    ls = text.rfind("\n", 0, s) + 1
    lead = text[ls:s]
    return lead.startswith(("  ", "\t")) or text[s] in "-•·▪◦●" or bool(re.match(r"\* ", text[s:s + 2]))


def _label_line(line: str) -> bool:
    """A line that starts with a field label ("Overall trial status", "Title of the trial: ...")."""
    R = trial_rules()
    m = R.label_re.match(line)
    return bool(m) and (m.group("caps") is None or _caps_label(line, m)) and m.group("cglue") is None and (
        m.group("tcase") is None or one_space_label(line, m, R.label_field[m.group("label").lower()][0]))


def _is_badge(line: str) -> bool:
    """A status, a phase or a study type with at most one other word ("Phase 1 & 2")."""
    rest = PHASE_RE.sub(" ", line)
    for field in ("overall_status", "study_type"):
        v = vocab_value(field, rest)
        if v:
            rest = rest[:v[2].start()] + " " + rest[v[2].end():]
    return len(re.findall(r"[^\W\d_]{2,}", rest)) <= 1


def _repeated_below(text: str, line: str, below: list[tuple[int, int]]) -> bool:
    """An HTML title bar: what follows one of its " - " / " | " separators, or what stands
    before them ("Title - Summary - Site"), is a line of its own further down."""
    cuts = list(re.finditer(r" [-|–] ", line))
    parts = {line[m.end():] for m in cuts} | {line[:m.start()] for m in cuts}
    return bool(parts) and any(text[s:e] in parts for s, e in below)

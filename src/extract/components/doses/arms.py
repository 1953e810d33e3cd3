"""Page-level passes: defaults stated without a dose, group label lines, arms a layout missed, open spans."""
from __future__ import annotations

import bisect
import re

from ...model import Section
from ...normalize import doses as nd
from .blocks import Block, label_shaped
from .bounds import CLAUSE_END, LINE, containing, sentence_bounds
from .page import Page, group_lines, names_in
from .rows import Row
from .rules import BLOCK, DEFAULT, rules


def _name_defaults(page: Page, blocks: list[Block], spans: list[tuple[int, int]],
                   needed: set[str]) -> dict[str, dict]:
    """Route and frequency stated without a dose for the interventions in ``needed``
    (casefolded), in the arms sections and the open text: the description of its block
    ("Pembrolizumab / Given IV"), or a sentence naming it next to a route ("before the infusion
    of X", "X is administered as a single intravenous infusion", "gets SP-88 through an IV
    once every 3 weeks") and a frequency after it in its clause, before any other name or dose."""
    out: dict[str, dict] = {}
    text = page.text
    for b in blocks:
        if b.kind == "intervention" and b.label and b.desc_start < b.end:
            name = page.canonical(b.label).casefold()
            if name in needed and name not in out and not page.doses(b.desc_start, b.end):
                found = page.scan("r", b.desc_start, b.end)
                if found:
                    out[name] = {"route": found[0].value}
    # the sentences that name them (found by their names as written: no scan for drug-like words)
    surfaces = {n for n in page.known if page.canonical(n).casefold() in needed} | needed
    name_re = re.compile(rf"(?<![\w-])(?:{'|'.join(re.escape(n) for n in sorted(surfaces, key=len, reverse=True))})(?![\w-])",
                         re.I)
    done: set[tuple[int, int]] = set()
    line_sentences: dict[tuple[int, int], list[tuple[int, int]]] = {}  # (names on one line: its sentences once)
    for a0, b0 in [(sec.start, sec.end) for sec in page.layout.of("arms")] + spans:
        for m in name_re.finditer(text, a0, b0):
            ls = max(a0, text.rfind("\n", a0, m.start()) + 1)
            le = text.find("\n", m.end(), b0)
            line = (ls, b0 if le == -1 else le)
            if line not in line_sentences:
                line_sentences[line] = sentence_bounds(text, *line)
            sent = containing(line_sentences[line], m.start())
            if sent is None or sent in done:
                continue
            done.add(sent)
            every = names_in(page, *sent)
            names = [x for x in every if x[2].casefold() in needed]
            if names:
                _name_statements(page, sent[0], sent[1], names, every, out)
    return out


def _name_statements(page: Page, a: int, b: int, names: list[tuple[int, int, str]],
                     every: list[tuple[int, int, str]], out: dict) -> None:
    """The route and frequency a sentence ``text[a:b]`` states for each of its ``names``
    (``every``: all the names it holds)."""
    text = page.text
    for r in page.scan("r", a, b):
        # the route word right before the name ("infusion of X", "intravenous X") or
        # the name as the subject of the route's clause ("X is administered ... IV")
        for ms, me, name in names:
            for _, side, rx, max_gap in rules().route_links:
                gap = (r.end, ms) if side == "before" else (me, r.start)
                if 0 <= gap[1] - gap[0] <= max_gap and rx.fullmatch(text, gap[0], gap[1]):
                    out.setdefault(name.casefold(), {}).setdefault("route", r.value)
                    break
    starts = sorted({m[0] for m in every} | {d.start for d in page.doses(a, b)})
    for ms, me, name in names:
        nxt = next((p for p in starts if p > ms), b)
        clause_end = min([m.start() for m in CLAUSE_END.finditer(text, me, nxt)] + [nxt])
        freq = [s for s in page.scan("s", me, clause_end) if s.kind == "freq" and s.value is not None]
        if freq:
            out.setdefault(name.casefold(), {}).setdefault("interval_days", freq[0].value)


def apply_defaults(page: Page, blocks: list[Block], spans: list[tuple[int, int]], rows: list[Row]) -> None:
    """Fill a row's missing route, and its interval when nothing was said of it, from what the
    page states of its intervention without a dose (_name_defaults)."""
    def missing(r: Row) -> list[str]:
        return [k for k in ("route", "interval_days") if r.attrs[k] is None and k not in r.src]

    needed = {r.attrs["intervention"].casefold() for r in rows if r.attrs["intervention"] and missing(r)}
    defaults = _name_defaults(page, blocks, spans, needed) if needed else {}
    for r in rows:
        found = defaults.get((r.attrs["intervention"] or "").casefold(), {})
        for k in missing(r):
            if found.get(k) is not None:
                r.attrs[k], r.src[k] = found[k], DEFAULT


_FIELD_KEY = re.compile(r"\s*[^\s:：]{1,20}[:：]")
_FIELD_SPLIT = re.compile(r"[ \t]{2,}|[ \t]+(?=[^\s:：]{1,20}[:：])")


def arm_context(label: str | None) -> str | None:
    """An arm label as a context; a label line of "key: value" fields ("组别:试验组 样本量:280")
    gives the value that names a group."""
    fields = _FIELD_SPLIT.split(label) if label and _FIELD_KEY.match(label) else []
    for f in fields if len(fields) > 1 else []:
        key, sep, value = f.replace("：", ":").partition(":")
        if sep and value.strip() and not nd.has_context_cue(key) and nd.has_context_cue(value):
            return nd.normalize_context(value)
    return nd.normalize_context(label)


def nearest_group_lines(page: Page, rows: list[Row]) -> None:
    """A dose of the arms sections read without a context takes the nearest group label line
    above it in the arms sections ("Group:\n\nExperimental group\n\nIntervention:\n\nX 10 g
    ..." split into sections at each label), when no dose of another context lies between."""
    text = page.text
    if all(r.attrs["context"] is not None for r in rows):
        return
    lines = sorted(g for sec in page.layout.of("arms") for g in group_lines(text, sec.start, sec.end,
                                                                             page.doses(sec.start, sec.end)))
    if not lines:
        return
    starts = [a for a, _ in lines]
    labelled = [o.start for o in rows if o.attrs["context"] is not None]
    for r in rows:
        if r.attrs["context"] is not None:
            continue
        i = bisect.bisect_right(starts, r.start) - 1
        if i < 0 or any(lines[i][1] <= p < r.start for p in labelled):
            continue
        r.attrs["context"] = nd.normalize_context(text[lines[i][0]:lines[i][1]])
        r.src["context"] = BLOCK


def export_arms(text: str) -> list[Section]:
    """Arms sections for a page whose layout found none: each run of export lines about arms
    and interventions (rules/dose_layout.yaml fallback_arm_lines), blank lines allowed."""
    out: list[Section] = []
    run: list[int] | None = None  # [start, end]
    for m in rules().fallback_arm_line.finditer(text):
        ls = m.start()
        le = text.find("\n", ls)
        le = len(text) if le == -1 else le
        if run is not None and text[run[1]:ls].strip() == "":
            run[1] = le
        else:
            if run is not None:
                out.append(Section("arms", run[0], run[1], None, "dose.fallback_arms"))
            run = [ls, le]
    if run is not None:
        out.append(Section("arms", run[0], run[1], None, "dose.fallback_arms"))
    return out


def heading_arms(text: str, known: list[Section]) -> list[Section]:
    """The lines under a heading about the study's treatment that the layout did not type as
    arms ("Products and treatment arms", "## 4 · Dosing", "What's involved",
    "Intervention(s)"), up to the next heading-shaped line (a markdown heading or a short line
    with no closing punctuation that is no list item): a heading is closer evidence than a
    section that ran on over it."""
    out: list[Section] = []
    for m in rules().fallback_heading.finditer(text):
        hs = m.start()
        he = text.find("\n", hs)
        if he == -1 or any(sec.start <= hs < sec.end or sec.start <= he + 1 < sec.end for sec in known):
            continue
        end = len(text)
        for ln in LINE.finditer(text, he + 1):
            line = text[ln.start():ln.end()]
            if line.lstrip().startswith("#") or (label_shaped(line) and len(line.split()) <= 8
                                                 and not nd.find_doses(line)):
                end = ln.start()
                break
        body = text[he + 1:end]
        if body.strip() and not any(sec.start < end and hs < sec.end for sec in out):
            out.append(Section("arms", he + 1, end, text[hs:he].strip(), "dose.fallback_arms"))
    return out


def levels_of_one_drug(rows: list[Row]) -> None:
    """Numbered dose levels stated without a drug ("Úroveň dávky 1: 0,8 mg/kg" ...) on a page whose doses name one
    intervention only ("Fáza II: KRN-118 2,4 mg/kg i.v. každé 3 týždne"): the levels are that drug's, given by its
    one route and its one schedule when its doses state a single one (in place)."""
    named = [r for r in rows if r.attrs.get("intervention")]
    if not named or len({r.attrs["intervention"].casefold() for r in named}) != 1:
        return
    drug = named[0].attrs["intervention"]
    for key in ("route", "interval_days", "intervention"):
        values = {r.attrs.get(key) for r in named} - {None}
        if len(values) != 1:
            continue
        value = drug if key == "intervention" else values.pop()
        for r in rows:
            if r.attrs.get("dose_level") is not None and not r.attrs.get("intervention") and r.attrs.get(key) is None:
                r.attrs[key] = value
                r.src[key] = DEFAULT


def case_endings(rows: list[Row]) -> None:
    """A name read with a case ending ("koos dotsetakseeliga 75 mg/m2", Estonian "with docetaxel"; Finnish, Hungarian,
    Lithuanian, Turkish write them too) where another dose of the page names the drug in its base form
    ("dotsetakseel 75 mg/m2"): that form (in place)."""
    names = {r.attrs["intervention"] for r in rows if r.attrs.get("intervention")}
    if len(names) < 2:
        return
    for r in rows:
        name = r.attrs.get("intervention")
        if not name or " " in name:
            continue
        base = [n for n in names if n != name and 0 < len(name) - len(n) <= 4 and len(n) >= 5
                and name.casefold().startswith(n.casefold()) and " " not in n]
        if len(base) == 1:
            r.attrs["intervention"] = base[0]

"""An arms section cut into blocks: arm and intervention labels, their descriptions, the names they give."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Mapping

from ...model import Layout, Section
from ...normalize import doses as nd
from .bounds import LINE
from .rules import TypeLabel, find_type_labels, rules


# ----------------------------------------------------------------------------- blocks

@dataclass
class Block:
    kind: str  # arm | intervention | free | stop
    start: int  # label start
    desc_start: int  # description start (after the label)
    end: int = 0
    label: str | None = None  # arm label / intervention name as written
    marker: str | None = None  # arm | intervention, from a following "... Type" line
    arm: int | None = None  # index of the arm block this intervention belongs to
    section: int = 0
    typed: bool = False  # opened by a "Type:" prefix


def _line_kind(line: str) -> str | None:
    return _line_role(line)[0]


class _Role:
    """The part of a role line's match the code uses: the label text after an export key."""

    def __init__(self, m: re.Match, i: int) -> None:
        self._m, self._i = m, i

    def start(self, _name: str = "rest") -> int:
        return self._m.start(f"rest{self._i}")

    def end(self, _name: str = "rest") -> int:
        return self._m.end(f"rest{self._i}")


def _line_role(line: str) -> tuple[str | None, _Role | None]:
    R = rules()
    m = R.line_re.match(line) if R.line_anchored else R.line_re.search(line)
    if not m:
        return None, None
    i = int(m.lastgroup[1:])
    return R.line_kinds[i], _Role(m, i)


def label_shaped(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > 100 or len(s.split()) > 14:
        return False
    return s[-1] not in ".:;,|。；" and not s.startswith(("-", "*", "•", "("))


@dataclass
class Ln:
    start: int
    end: int
    kind: str  # skip | arm_marker | intervention_marker | stop | type | label | content
    marker: str | None = None  # for labels: arm | intervention, from the marker line below
    label_start: int | None = None  # where the label text starts (after an export key)
    label_end: int | None = None

    def label(self, text: str) -> str | None:
        return nd.clean_name(text[self.label_start if self.label_start is not None else self.start:
                                  self.label_end if self.label_end is not None else self.end])


def section_lines(text: str, sec: Section, doses: list[nd.DoseMatch], known_fold: set[str] | None = None) -> list[Ln]:
    """Classify the lines of an arms section once: role lines (rules), "Type: X" lines,
    label lines (short, no sentence end, no dose) and content; a "Group Type" /
    "Intervention Type" marker types the nearest label above it.

    Where the section has marker lines, each stretch between markers holds one label (its
    first label-shaped line: "Pembrolizumab" / "Given IV" / "Intervention Type ..."); a later
    label-shaped line there is a label only when it is a known intervention name."""
    R = rules()
    dose_starts = [d.start for d in doses]
    out: list[Ln] = []
    for m in LINE.finditer(text, sec.start, sec.end):
        ls, le = m.start(), m.end()
        line = text[ls:le]
        if not line.strip():
            continue
        kind, m = _line_role(line)
        if kind in ("arm_label", "intervention_label"):
            # an export key ("label: X", "name: X"): a label typed by its key
            out.append(Ln(ls, le, "label", "arm" if kind == "arm_label" else "intervention",
                           ls + m.start("rest"), ls + m.end("rest")))
            continue
        if kind is None:
            if R.type_line_re.match(line):
                kind = "type"
            elif label_shaped(line) and not _any_in(dose_starts, ls, le):
                kind = "label"
            else:
                kind = "content"
        out.append(Ln(ls, le, kind))
    # a table's header row ("Dose Level | Drug Dose | Route"), its cells over a row of doses with
    # as many cells: table furniture, not an arm label
    for ln, nxt in zip(out, out[1:]):
        if ln.kind == "label" and nxt.kind == "content" and text.count("|", ln.start, ln.end) >= 1 and \
                text.count("|", ln.start, ln.end) == text.count("|", nxt.start, nxt.end) and _any_in(dose_starts, nxt.start, nxt.end):
            ln.kind = "skip"
    if any(ln.kind in ("arm_marker", "intervention_marker") for ln in out):
        seg_label = False
        for ln in out:
            if ln.kind in ("arm_marker", "intervention_marker", "type", "stop"):
                seg_label = False
            elif ln.kind == "label" and ln.label_start is None:
                if seg_label and not (known_fold and (ln.label(text) or "").casefold() in known_fold):
                    ln.kind = "content"
                seg_label = True
    last_label: Ln | None = None
    for ln in out:
        if ln.kind == "label":
            last_label = ln
        elif ln.kind in ("arm_marker", "intervention_marker"):
            if last_label is not None and last_label.marker is None:
                last_label.marker = "arm" if ln.kind == "arm_marker" else "intervention"
            last_label = None
        elif ln.kind in ("type", "stop"):
            last_label = None
    return out


def _any_in(sorted_positions: list[int], a: int, b: int) -> bool:
    """Whether a position of the sorted list lies in [a, b)."""
    i = bisect.bisect_left(sorted_positions, a)
    return i < len(sorted_positions) and sorted_positions[i] < b


def _without_form(cand: str) -> str:
    """A listed name without the product form or route written after it ("ZR-1190 tablets",
    "Trastuzumab for intravenous infusion"): up to its first form word after the first word."""
    words = list(re.finditer(r"\S+", cand))
    cut = next((w.start() for w in words[1:] if w.group(0).casefold() in rules().form_words), None)
    return cand if cut is None else cand[:cut].rstrip()


def _name_after_type(text: str, start: int, limit: int, known: list[str]) -> tuple[str | None, int]:
    """The intervention name written after a "Drug:" label at ``start`` and its end offset."""
    seg = text[start:limit]
    low = seg.casefold()
    best = None
    for n in known:
        if low.startswith(n.casefold()) and (len(seg) == len(n) or not seg[len(n)].isalnum()):
            if best is None or len(n) > len(best):
                best = n
    if best:
        return seg[: len(best)], start + len(best)
    # up to the line end, a pipe or the next type label, if that is short and dose-free
    stop = len(seg)
    for ch in "\n|":
        i = seg.find(ch)
        if i != -1:
            stop = min(stop, i)
    tl = find_type_labels(seg, 0, stop)
    if tl:
        stop = min(stop, tl[0].start)
    cand = seg[:stop].strip()
    if cand and len(cand) <= 80 and len(cand.split()) <= 10 and not nd.find_doses(cand) and not cand.endswith("."):
        name = _without_form(cand)
        if name != cand:
            return nd.clean_name(name), start + len(seg) - len(seg.lstrip()) + len(name)
        return nd.clean_name(cand), start + len(seg[:stop].rstrip())
    # heuristic: words up to a stop word, punctuation or a number
    words = []
    for m in re.finditer(r"\S+", seg[:stop]):
        w = m.group(0)
        core = w.strip(",;:()[]")
        if not core or core.casefold() in rules().name_stops or re.fullmatch(r"[\d.,]+", core):
            break
        words.append(core)
        pos = m.start() + len(w.rstrip(",;:"))
        if w != core or len(words) >= 6:
            break
    if not words:
        return None, start
    return nd.clean_name(" ".join(words)), start + pos


def known_names(text: str, layout: Layout, abbreviations: Mapping[str, str] | None, sec_lines,
                 labels: list[TypeLabel], label_at: list[tuple[int, str]]) -> list[str]:
    """Intervention names the page lists: "Drug: X" labels anywhere (the registry's
    intervention list), label lines typed "Intervention Type ...", labels of Interventions
    sections."""
    R = rules()
    names: list[str] = []

    def add(n: str | None) -> None:
        n = nd.clean_name(n)
        if n and len(n) >= 3 and n.casefold() not in {x.casefold() for x in names}:
            names.append(n)

    for k, m in enumerate(labels):
        kind, _ = R.type_kind[m.type.casefold()]
        if kind != "intervention":
            continue
        seg_end = len(text)
        nl = text.find("\n", m.end)
        if nl != -1:
            seg_end = nl
        nxt = labels[k + 1].start if k + 1 < len(labels) and labels[k + 1].start < seg_end else seg_end
        pipe = text.find("|", m.end, seg_end)
        stop = min(seg_end, nxt, pipe if pipe != -1 else seg_end)
        cand = text[m.end:stop].strip()
        if cand and len(cand) <= 80 and len(cand.split()) <= 10 and not cand.endswith(".") and not (
            any(c.isdigit() for c in cand) and nd.find_doses(cand)
        ):
            add(_without_form(cand))
    # intervention sections first (their labels are names), then the study groups
    arms = [(sec, section_kind(sec)) for sec in layout.of("arms")]
    for phase in ("interventions", "groups"):
        for sec, kind in arms:
            if kind != phase:
                continue
            for ln in sec_lines(sec, {n.casefold() for n in names}):
                if ln.kind == "label" and (ln.marker == "intervention" or (
                        kind == "interventions" and ln.marker is None and not nd.has_context_cue(ln.label(text) or ""))):
                    add(ln.label(text))
                    label_at.append((ln.start, ln.label(text)))
    if abbreviations:
        folded = {n.casefold(): n for n in names}
        for short, long in abbreviations.items():
            if long and long.casefold() in folded:
                add(short)
            elif short and short.casefold() in folded:
                add(long)
    return names


# where a short form is defined next to an intervention name
def aliases(text: str, layout: Layout, known: list[str], label_at: list[tuple[int, str]], sec_lines,
             read: list[tuple[int, int]]) -> dict[str, str]:
    """Other names of listed interventions: the list under an "Other Intervention Names"
    heading or line (names of the intervention labelled just before it), and a short form in
    parentheses right after a listed name ("trastuzumab deruxtecan (T-DXd)")."""
    out: dict[str, str] = {}
    starts = [sec.start for sec in layout.of("arms") if section_kind(sec) == "skip"]
    for sec in layout.of("arms"):
        if section_kind(sec) != "skip":
            starts.extend(ln.end for ln in sec_lines(sec) if ln.kind == "stop")
    for pos in starts:
        owner = [n for p, n in label_at if p < pos]
        if not owner or not owner[-1]:
            continue
        for m in LINE.finditer(text, pos):
            line = text[m.start():m.end()].strip()
            if not line or _line_kind(line) == "skip":
                if m.end() >= len(text):
                    break
                continue
            for alias in re.split(r"\s*[,;]\s*", line):
                alias = nd.clean_name(alias)
                if alias and len(alias) >= 2 and alias.casefold() != owner[-1].casefold():
                    out.setdefault(alias, owner[-1])
            break
    if known:
        folded = [(n.casefold(), n) for n in sorted(known, key=len, reverse=True)]
        for m in (m for a, b in read or [(0, len(text))] for m in rules().paren_re.finditer(text, a, b)):
            before = text[max(0, m.start() - 80):m.start()].rstrip().casefold()
            for fold, name in folded:
                if before.endswith(fold) and (len(before) == len(fold) or not (
                    before[-len(fold) - 1].isalnum() or before[-len(fold) - 1] == "-")):
                    alias = nd.clean_name(m.group(1))
                    if alias and any(c.isalpha() for c in alias) and not nd.find_doses(alias):
                        out.setdefault(alias, name)
                    break
    return out


def section_kind(sec: Section) -> str:
    head = sec.heading or ""
    for rid, rx in rules().int_headings:
        if rx.search(head):
            return "skip" if rid.endswith("other_names") else "interventions"
    return "groups"


def _cell_end(text: str, start: int, end: int, type_labels: list[TypeLabel]) -> int:
    """Where the table cell starting at ``start`` ends: a pipe or the next type label."""
    pipe = text.find("|", start, end)
    stop = end if pipe == -1 else pipe
    for t in type_labels:
        if start < t.start < stop:
            return t.start
    return stop


def _arm_label_end(text: str, start: int, end: int, name_re: re.Pattern | None) -> int:
    """Where the arm label written at ``text[start:end]`` ends. A short label-shaped cell is
    all label; in a flattened table cell the description runs on after the label on the same
    line ("Experimental: Phase 1a Dose Escalation HXB-101 IV infusion with ..."): it starts at
    the first listed intervention name or word that opens a description (rules), else at a
    drug-like word, none of them joined to the word before by a connector ("A + B"), else at a
    capitalized word followed by a lower-case one ("Exercise + protein Two supervised ...")."""
    R = rules()
    cell = text[start:end].rstrip()
    if label_shaped(cell) and not nd.find_doses(cell):
        return end
    words = list(_WORD.finditer(text, start, end))
    if len(words) < 2:
        return end
    starts = {w.start(): k for k, w in enumerate(words)}

    def after_separator(k: int) -> bool:
        # a separator after a closed parenthesis ("Cohort A (X + Y) - X 300 mg") or before a
        # lower-case word ("Experimental: Drug X - drug x 120 mg by mouth"): the description follows
        return k >= 2 and R.label_separator.fullmatch(words[k - 1].group(0)) is not None and (
            words[k - 2].group(0).endswith(")") or words[k].group(0)[:1].islower())

    def free(k: int) -> bool:
        # not the first word, not joined to the word before it ("Neratinib + Capecitabine"),
        # unless that is a separator that ends the label (after_separator)
        if k < 1:
            return False
        return after_separator(k) or not R.label_connector.fullmatch(words[k - 1].group(0))

    candidates: list[int] = []
    if name_re is not None:
        candidates = [m.start() for m in name_re.finditer(text, start, end) if m.start() in starts]
    found = sorted([p for p in candidates if free(starts[p])]
                   + [w.start() for k, w in enumerate(words) if free(k) and (
                       R.desc_opener.fullmatch(w.group(0)) or after_separator(k))])
    if not found:
        found = [a for a, _ in stems(text, start, end) if a in starts and free(starts[a])]
    if not found:
        for k in range(1, len(words) - 1):
            w, nxt = words[k].group(0), words[k + 1].group(0)
            if free(k) and w[0].isupper() and nxt[0].islower() and len(nxt) >= 3 and not R.label_connector.fullmatch(nxt):
                found = [words[k].start()]
                break
    return found[0] if found else end


_WORD = re.compile(r"[^\s|]+")


def section_blocks(text: str, sec: Section, sec_index: int, known: list[str], lines: list[Ln],
            type_labels: list[TypeLabel], name_re: re.Pattern | None = None) -> list[Block]:
    R = rules()
    known_fold = {n.casefold() for n in known}
    kind = section_kind(sec)
    blocks = [Block("free", sec.start, sec.start, section=sec_index)]
    for ln in lines:
        ls, le = ln.start, ln.end
        if ln.kind == "stop":
            blocks.append(Block("stop", ls, le, section=sec_index))
        elif ln.kind == "type":
            tm = R.type_line_re.match(text[ls:le])
            tkind, _ = R.type_kind[tm.group("type").casefold()]
            if tkind == "arm":
                rest = ls + tm.start("rest")
                cell_end = _cell_end(text, rest, le, type_labels)
                label_end = _arm_label_end(text, rest, cell_end, name_re)
                blocks.append(Block("arm", ls, label_end, label=nd.clean_name(text[rest:label_end]), section=sec_index,
                                     typed=True))
                # a flattened table row: the intervention cells after the arm's cell
                _inline_types(text, label_end, le, blocks, sec_index, known, type_labels)
            else:
                name, name_end = _name_after_type(text, ls + tm.start("rest"), le, known)
                blocks.append(Block("intervention", ls, name_end, label=name, section=sec_index, typed=True))
                _inline_types(text, name_end, le, blocks, sec_index, known, type_labels)
        elif ln.kind == "label":
            blocks.append(Block("label", ls, le, label=ln.label(text), marker=ln.marker, section=sec_index,
                                 typed=ln.label_start is not None))
        elif ln.kind == "content":
            _inline_types(text, ls, le, blocks, sec_index, known, type_labels)
    # resolve plain labels into arms and interventions; close blocks
    for b in blocks:
        if b.kind != "label":
            continue
        if b.marker:
            b.kind = b.marker
            b.typed = b.typed or b.marker == "arm"
        elif b.label and b.label.casefold() not in known_fold and nd.has_context_cue(b.label):
            b.kind = "arm"  # a group's label line ("Group A", "Experimental group", "试验组")
        elif kind == "interventions" or (b.label and b.label.casefold() in known_fold):
            b.kind = "intervention"
        else:
            b.kind = "arm"
    for j, b in enumerate(blocks):
        b.end = blocks[j + 1].start if j + 1 < len(blocks) else sec.end
    _list_then_text(text, blocks, sec_index)
    # an intervention belongs to the arm above it only when that arm is typed ("Experimental:",
    # "Group Type ..."): in a label-stripped page an arm's interventions cannot be told apart
    arm = None
    for j, b in enumerate(blocks):
        if b.kind == "arm":
            arm = j if (b.typed or b.marker == "arm") else None
        elif b.kind == "intervention":
            b.arm = arm if kind == "groups" else None
        elif b.kind == "stop":
            arm = None
    return blocks


def _list_then_text(text: str, blocks: list[Block], sec_index: int) -> None:
    """A list of "Drug: X" lines (one line each, no dose) then lines of text: that text is no
    one item's description but the section's ("Drug: X tablets" / "Drug: Y for infusion" /
    "Part A: X is taken ... 200 mg, together with Y 8 mg/kg"): a free block."""
    for j in range(len(blocks) - 1, 0, -1):
        b, p = blocks[j], blocks[j - 1]
        if not (b.kind == p.kind == "intervention" and b.typed and p.typed):
            continue
        item = text[p.start:p.end].strip()
        if "\n" in item or nd.find_doses(item):
            continue
        nl = text.find("\n", b.desc_start, b.end)
        if nl != -1 and text[nl:b.end].strip():
            blocks.insert(j + 1, Block("free", nl + 1, nl + 1, end=b.end, section=sec_index))
            b.end = nl


def _inline_types(text: str, start: int, end: int, blocks: list[Block], sec_index: int, known: list[str],
                  type_labels: list[TypeLabel]) -> None:
    """"... Drug: Cyclophosphamide Administered ..." inside a flattened table cell."""
    R = rules()
    labels = [t for t in type_labels if start < t.start and t.end <= end]
    for k, m in enumerate(labels):
        tkind, _ = R.type_kind[m.type.casefold()]
        if tkind == "arm":
            nl = text.find("\n", m.end, end)
            stop = end if nl == -1 else nl
            blocks.append(Block("arm", m.start, stop, label=nd.clean_name(text[m.end:stop]), section=sec_index, typed=True))
        else:
            limit = labels[k + 1].start if k + 1 < len(labels) else end
            name, name_end = _name_after_type(text, m.end, limit, known)
            blocks.append(Block("intervention", m.start, max(name_end, m.end), label=name, section=sec_index, typed=True))


BULLET = re.compile(r"[ \t]*(?:[-*•▪◦]|\d{1,2}[.)])[ \t]+")


def stems(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """Drug-like words in ``text[start:end]`` (rules/dose_names.yaml stems), each widened to
    its whole hyphenated token ("trimethoprim-sulfamethoxazole")."""
    out: list[tuple[int, str]] = []
    last_end = -1
    for m in rules().stems.finditer(text, start, end):
        a, b = m.start(), m.end()
        w = nd.is_word_char
        while a > start and (w(text[a - 1]) or (text[a - 1] == "-" and a - 1 > start and w(text[a - 2]))):
            a -= 1
        while b < end and (w(text[b]) or (text[b] == "-" and b + 1 < end and w(text[b + 1]) and not text[b + 1].isdigit())):
            b += 1
        if b > m.end() and rules().name_particle.fullmatch(text, m.end(), b):
            b = m.end()  # a particle written onto the name ("옥살리플라틴은")
        # a numbered name: "interleukin-2", "IL-15"
        num = _NUMBER_SUFFIX.match(text, b, end)
        if num:
            b = num.end()
        salt = rules().salt_re.match(text, b, end)
        if salt:
            b = salt.end()
        name = nd.clean_name(text[a:b])
        if not name or nd.is_level_label(name) or (out and out[-1][0] == a):
            continue
        # "trastuzumab emtansine (T-DM1)", "(T-DXd; DS-8201a)": another name in parentheses
        # right after a name is that name's alias, not another drug
        if out and alias_in_parentheses(text, last_end, a, b):
            continue
        out.append((a, name))
        last_end = b
    return out


_OPEN_PAREN = re.compile(r"\s*[(\[](?:[^()\[\];,/]*[;,/]\s*)*\s*")
_ALIAS_CLOSE = re.compile(r"\s*[)\];,/]")


def alias_in_parentheses(text: str, name_end: int, a: int, b: int) -> bool:
    """Whether the name at ``text[a:b]`` is one of a list of other names in parentheses
    opened right after a name ending at ``name_end`` ("X (T-DXd; DS-8201a)")."""
    return _OPEN_PAREN.fullmatch(text, name_end, a) is not None and _ALIAS_CLOSE.match(text, b) is not None
_NUMBER_SUFFIX = re.compile(r"-\d{1,3}(?![\w.,/-])")

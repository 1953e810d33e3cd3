"""Sponsor codes named by their kind in running text (issue 11): "(sponsor protocol number
CTRU-PER-0425)", "internal protocol number for the study is TSB-118-201", "(protocol AUR352-101;
NCTnnnnnnnn)", "su código de protocolo es XYZ-BR-01" (rules/iddates.yaml ``prose_ids``).

The code is the page's ORG_STUDY_ID; an NCT ID bracketed with it ("(Study ABC-301; NCTnnnnnnnn)")
names the same trial: with no own NCT ID decided otherwise, the one NCT ID so paired is the page's
own, and a code paired with another trial's NCT ID is RELATED. An unlabelled code on the chip right
under the own NCT ID of a page's header is the sponsor's study code too. With no own NCT ID decided
yet, the one bracketed after the name of the trial the page's title names is the own
("... dosed in HELIX-101 (NCTnnnnnnnn)").
"""
from __future__ import annotations

import re
from functools import lru_cache

from ... import ruledata
from ...model import Fact, Layout
from ...pageindex import page_index
from .base import id_type_by_shape


@lru_cache(maxsize=1)
def _rules() -> list[tuple[re.Pattern, bool, str, tuple[str, ...]]]:
    # a CJK lead may touch its code ("番号はABC-123"); the code ends at a non-Latin word too: a Korean or
    # Japanese particle glued to it ("HB207-BC-102다"); a lead that ends its line has its code on the next;
    # a colon may follow the lead ("numéro de protocole de la société : X")
    return [(re.compile(rf"(?<![\w-])(?:{r['lead']})(?:[ \t]*[:：])?(?:[ \t]+|(?<=\n)|(?<=[^\x00-\u024F]))(?P<tok>[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)"
                        r"(?![A-Za-z0-9_\u00C0-\u024F-])(?P<nct>[ \t]*[;,][ \t]*NCT\d{8})?", re.I),
             bool(r.get("paired")), r["id"], tuple(w.lower() for w in r["words"]))
            for r in ruledata.load("iddates.yaml", required=["lead", "words"], key="prose_ids")]


def _code_like(tok: str) -> bool:
    """Two letters and two digits at least, and no registry's shape."""
    return sum(c.isdigit() for c in tok) >= 2 and sum(c.isalpha() for c in tok) >= 2 and id_type_by_shape(tok) is None


def prose_ids(text: str, layout: Layout, have: set[str]) -> list[Fact]:
    """Codes named by their kind in running text, not yet read (``have``: upper-case values)."""
    out, idx = [], page_index(text)
    for pat, paired, rid, words in _rules():
        if not any(w in idx.low for w in words):
            continue
        for m in idx.finditer_holding(pat):  # on the lines that hold its lead's words
            tok = m.group("tok")
            if (paired and not m.group("nct")) or tok.upper() in have or not _code_like(tok) \
                    or layout.within(m.start(), "related"):
                continue
            ls = text.rfind("\n", 0, m.start()) + 1
            le = text.find("\n", m.end())
            nct = m.group("nct") and m.group("nct").strip(" \t;,").upper()
            out.append(Fact("trial_id", "ORG_STUDY_ID", rid, m.start("tok"), m.end("tok"), ls,
                            len(text) if le == -1 else le,
                            {"id_value": tok, "id_type": "ORG_STUDY_ID", "role": "SECONDARY", "kind_said": True,
                             "paired_nct": nct}))
            have.add(tok.upper())
    return out


def paired_codes(facts: list[Fact]) -> None:
    """Settle roles of codes bracketed with an NCT ID (in place)."""
    codes = [f for f in facts if f.kind == "trial_id" and f.attrs.get("paired_nct")]
    if not codes:
        return
    ncts = [f for f in facts if f.kind == "trial_id" and f.attrs["id_type"] == "NCT"]
    paired = {f.attrs["paired_nct"] for f in codes}
    if len(paired) == 1 and not any(f.attrs["role"] == "PRIMARY" for f in ncts):
        for f in ncts:
            if f.attrs["id_value"] in paired and not f.attrs.get("related_list"):
                f.attrs["role"] = "PRIMARY"
    own = {f.attrs["id_value"] for f in ncts if f.attrs["role"] == "PRIMARY"}
    for f in codes:
        if own and f.attrs["paired_nct"] not in own:
            f.attrs["role"] = "RELATED"


_CHIP = re.compile(r"[ \t]*(?P<tok>[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)[ \t]*$")


def chip_code(text: str, facts: list[Fact]) -> list[Fact]:
    """A header's chips: the own NCT ID alone on its line and, on the next non-blank line, a code
    alone ("NCTnnnnnnnn" / "ABCD123X12301"): the sponsor's study code, when no label named one."""
    ids = [f for f in facts if f.kind == "trial_id"]
    if any(f.attrs["id_type"] == "ORG_STUDY_ID" for f in ids):
        return []
    have = {f.attrs["id_value"].upper() for f in ids}
    for f in ids:
        if f.attrs["id_type"] != "NCT" or f.attrs["role"] != "PRIMARY" or not f.rule_id.startswith("id.nct"):
            continue
        ls = text.rfind("\n", 0, f.start) + 1
        le = text.find("\n", f.end)
        le = len(text) if le == -1 else le
        if text[ls:le].strip() != text[f.start:f.end]:
            continue
        nxt = re.compile(r"\n[ \t]*(?:\n[ \t]*)*(?=\S)").match(text, le)
        if not nxt:
            continue
        s = nxt.end()
        e = text.find("\n", s)
        m = _CHIP.match(text, s, len(text) if e == -1 else e)
        if m and _code_like(m.group("tok")) and m.group("tok").upper() not in have:
            return [Fact("trial_id", "ORG_STUDY_ID", "id.chip", m.start("tok"), m.end("tok"), s, m.end(),
                         {"id_value": m.group("tok"), "id_type": "ORG_STUDY_ID", "role": "SECONDARY"})]
    return []


# a trial's name (letters and digits) right before its bracketed NCT ID ("... dosed in HELIX-101 (NCTnnnnnnnn)",
# "the ABC-12 trial (NCT...")
_NAME_BEFORE = re.compile(r"(?<![\w-])(?P<name>[A-Za-z][\w-]*\d[\w-]*)(?:[ \t]+(?:%s))?[ \t]*[(（]$" % "|".join(
    re.escape(w) for r in ruledata.load("ids.yaml", required=["words"], key="name_nouns") for w in r["words"]))


def named_by_title(text: str, layout: Layout, facts: list[Fact]) -> None:
    """Several NCT IDs, none said to be the page's own (by a label, a list, a bracketed protocol
    code): the one bracketed after the name of the trial the page's title (or headline) names is."""
    ids = [f for f in facts if f.kind == "trial_id" and f.attrs["id_type"] == "NCT"]
    if any(f.attrs["role"] == "PRIMARY" for f in ids):
        return
    cands = [f for f in ids if not f.attrs.get("related_list") and not layout.within(f.start, "related")]
    titles = [text[f.evidence_start:f.evidence_end] + " " + text[f.start:f.end] for f in facts
              if f.kind == "trial_field" and str(f.attrs.get("field", "")).startswith("title")]
    if not titles:
        return
    named = set()
    for f in cands:
        m = _NAME_BEFORE.search(text, max(0, f.start - 60), f.start)
        if m and any(re.search(rf"(?<![\w-]){re.escape(m['name'])}(?![\w-])", t) for t in titles):
            named.add(f.attrs["id_value"])
    for f in cands if len(named) == 1 else ():
        if f.attrs["id_value"] in named:
            f.attrs["role"] = "PRIMARY"

"""Roles and precedence settled over all trial facts of a page (``finalize``, after every reader):
identifiers under a "similar trials" heading or in a related list are RELATED, cooperative-group
codes listed among other trials too; a higher-priority label's date wins over a lower one
("(Global)" over "(India)"), an actual date over a planned one; the first sponsor-like code of a
generic "Other IDs" list is the ORG_STUDY_ID when no label named one.
"""
from __future__ import annotations

import re

from ... import ruledata
from ...model import Fact, Layout
from ...pageindex import page_index
from .base import make_fact
from .iddates import GROUP_CODE, id_type, line_span, next_lines, rules
from .prose_ids import chip_code, named_by_title, paired_codes


def finalize(text: str, layout: Layout, facts: list[Fact]) -> None:
    """Roles and precedence over all trial facts (in place)."""
    spans = _related_lists(text, layout, facts)
    paired_codes(facts)
    named_by_title(text, layout, facts)
    facts.extend(chip_code(text, facts))
    labelled = {f.attrs["id_value"].upper() for f in facts if f.kind == "trial_id" and not f.rule_id.startswith(GROUP_CODE)}
    own = {f.attrs["id_value"].upper() for f in facts if f.kind == "trial_id" and f.rule_id.startswith(GROUP_CODE)
           and f.attrs["role"] != "RELATED"}
    for f in [f for f in facts if f.kind == "trial_id" and f.rule_id.startswith(GROUP_CODE)
              and (f.attrs["id_value"].upper() in labelled or (f.attrs["role"] == "RELATED" and f.attrs["id_value"].upper() in own))]:
        facts.remove(f)  # one a label read, or a listed one that is the page's own code too
    # a listed group code is another trial's study code (DATA_DICTIONARY): RELATED, OTHER
    _date_priority(facts)
    _actual_over_planned(facts)
    _drug_page_update(text, facts)
    _promote_org_id(facts)
    facts.extend(_headline_code(text, layout, spans, facts))


def _related_spans(text: str) -> list[tuple[int, int]]:
    """From a "similar trials" heading to the end of its list (the first blank line after
    its first item, at most 20 lines); a list whose items stand in blocks of their own (a
    disease's heading over its trial's "CODE – title" row) goes on over the blocks that hold
    such a row."""
    spans = []
    R, idx = rules(), page_index(text)
    heads = idx.finditer_on_lines(R.related, idx.lines_holding(R.related_words)) \
        if R.related_words and idx.aligned else R.related.finditer(text)
    for m in heads:
        ls, le = line_span(text, m.start())
        end = le
        for _s, e in next_lines(text, le, 1):
            end = e
            for _s2, e2 in next_lines(text, e, 19, skip_blank=False):
                end = e2
        spans.append((ls, _dash_blocks(text, end, ls + 6000)))
    return spans


def _dash_blocks(text: str, end: int, limit: int) -> int:
    """The end of the blocks after ``end`` that each hold a "CODE – title" row (at most 4 lines a block)."""
    while end < limit:
        block = list(next_lines(text, end, 1))
        if not block:
            return end
        lines = [block[0]] + list(next_lines(text, block[0][1], 3, skip_blank=False))
        if not any(_listed_code(_DASH_ROW.match(text, s, e)) for s, e in lines):
            return end
        end = lines[-1][1]
    return end


_ROW_CODE = re.compile(r"[ \t]*(?:[-*•][ \t]*)?(?P<tok>[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+)(?:[ \t]{2,}|\t|[ \t]*[(（](?=NCT\d{8}))")
# a row that names a trial by its code before a dash and its title ("LNG-3390-12 – STUDIU DE FAZĂ III, ...")
_DASH_ROW = re.compile(r"[ \t]*(?:[*•][ \t]*)?(?P<tok>[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)[ \t]+[–—-][ \t]+(?P<rest>\S)")


def _listed_code(m: re.Match | None) -> str:
    """The sponsor code a row opens with: two digits at least, no lower-case word ("TIDEPOOL-1 (NCT...)"
    is a trial's name), no registry's shape; else ''."""
    tok = m.group("tok") if m else ""
    if not re.search(r"\d\D*\d", tok) or re.search(r"[a-z]{3}", tok) or id_type(tok) is not None:
        return ""
    return tok


def _listed_codes(text: str, spans: list[tuple[int, int]], ids: list[Fact]) -> list[Fact]:
    """Rows of a related-trials list that open with the trial's sponsor code and hold its
    registry id ("MER-4021-201  A Phase 2 Study of ...  NCT########", "ABC-102 (NCT########) – ...") or that name
    the trial by the code before a dash ("GX-0518 – STUDIU DE FAZĂ II, ..."): the code is that trial's ORG_STUDY_ID
    (RELATED)."""
    out = []
    for s, e in spans:
        for ls, le in next_lines(text, s, 20):
            if ls >= e:
                break
            m = _ROW_CODE.match(text, ls, le)
            tok = _listed_code(m)
            if tok and not any(ls <= f.start < le and f.attrs["id_type"] == "NCT" for f in ids):
                continue
            if not tok:  # "CODE – title": the row names its trial by the code alone
                m = _DASH_ROW.match(text, ls, le)
                tok = _listed_code(m)
            if not tok:
                continue
            out.append(make_fact("trial_id", "ORG_STUDY_ID", "id.list_row", m.start("tok"), m.end("tok"), ls, le,
                             id_value=tok, id_type="ORG_STUDY_ID", role="RELATED"))
    return out


def _related_lists(text: str, layout: Layout, facts: list[Fact]) -> list[tuple[int, int]]:
    spans = _related_spans(text)
    ids = [f for f in facts if f.kind == "trial_id"]
    if spans:
        have = {f.attrs["id_value"].upper() for f in ids}
        facts.extend(f for f in _listed_codes(text, spans, ids) if f.attrs["id_value"].upper() not in have)
        inside = [f for f in ids if any(s <= f.start < e for s, e in spans)]
        outside = {f.attrs["id_value"].upper() for f in ids if f not in inside}
        for f in inside:
            if f.attrs["id_value"].upper() not in outside or f.attrs["role"] != "PRIMARY":
                f.attrs["role"] = "RELATED"
                f.attrs["related_list"] = True
    if any(f.attrs["role"] == "PRIMARY" and f.attrs["id_type"] == "NCT" for f in ids):
        return spans
    # the own NCT ID, decided again without the listed trials: the only one left
    cands = [f for f in ids if f.attrs["id_type"] == "NCT" and not f.attrs.get("related_list")
             and not layout.within(f.start, "related")]
    if len({f.attrs["id_value"] for f in cands}) == 1:
        for f in cands:
            f.attrs["role"] = "PRIMARY"
    return spans


# a line that opens with a code, a dash and the trial's title in six words at least
_HEADLINE = re.compile(r"^[ \t]*(?P<tok>[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)[ \t]+[–—][ \t]+(?P<rest>(?:[^\s]+[ \t]+){5}[^\n]*)$", re.M)


def _headline_code(text: str, layout: Layout, spans: list[tuple[int, int]], facts: list[Fact]) -> list[Fact]:
    """No label named the sponsor's code: a hospital's card that heads its trial with the code before the title
    ("BRN4471-207 – STUDIU DE FAZĂ II, RANDOMIZAT, ...") names it there: the first such line outside a list of other
    trials."""
    ids = [f for f in facts if f.kind == "trial_id"]
    if any(f.attrs["id_type"] == "ORG_STUDY_ID" and f.attrs["role"] != "RELATED" for f in ids) or "–" not in text and "—" not in text:
        return []
    have = {f.attrs["id_value"].upper() for f in ids}
    for m in _HEADLINE.finditer(text):
        tok = _listed_code(m)
        if not tok or any(s <= m.start() < e for s, e in spans) or layout.within(m.start(), "related"):
            continue
        if tok.upper() in have:
            return []
        ls, le = line_span(text, m.start("tok"))
        return [make_fact("trial_id", "ORG_STUDY_ID", "id.headline", m.start("tok"), m.end("tok"), ls, le,
                      id_value=tok, id_type="ORG_STUDY_ID", role="SECONDARY")]
    return []


_DRUG_PAGE_WORDS = tuple(w for r in ruledata.load("iddates.yaml", required=["words"], key="drug_page_cues") for w in r["words"])


def _drug_page_update(text: str, facts: list[Fact]) -> None:
    """A drug's page (a formulary entry citing the trial that won its approval) that names no trial identifier: its
    "Last updated" line dates the page's own edit, not a trial record's update (iddates.yaml drug_page_cues)."""
    if any(f.kind == "trial_id" for f in facts) or not any(f.kind == "date" for f in facts):
        return
    head = text[:400].lower()
    if any(w in head for w in _DRUG_PAGE_WORDS):
        for f in [f for f in facts if f.kind == "date" and f.attrs["date_type"] == "LAST_UPDATE_POSTED"]:
            facts.remove(f)


def _date_priority(facts: list[Fact]) -> None:
    """A milestone stated under a higher-priority label ("(Global)") drops the others."""
    best: dict[str, int] = {}
    for f in facts:
        if f.kind == "date":
            t = f.attrs["date_type"]
            best[t] = max(best.get(t, 0), f.attrs.get("priority", 0) or 0)
    drop = [f for f in facts if f.kind == "date" and (f.attrs.get("priority", 0) or 0) < best[f.attrs["date_type"]]]
    for f in drop:
        facts.remove(f)


def _actual_over_planned(facts: list[Fact]) -> None:
    """A milestone stated planned and actual ("Anticipated trial start date" / "Actual trial
    start date"): the actual one stays."""
    actual = {f.attrs["date_type"] for f in facts if f.kind == "date" and f.attrs.get("is_estimated") is False}
    for f in [f for f in facts if f.kind == "date" and f.attrs.get("is_estimated") and f.attrs["date_type"] in actual]:
        facts.remove(f)


_GENERIC_ID_RULES = ("f.secondary_ids", "fx.other_ids", "fx.other_ids_lang2", "ml.other_ids_14")


def _promote_org_id(facts: list[Fact]) -> None:
    """No label named the sponsor's code: the first sponsor-like code (letters and digits, no
    registry shape) of a generic "Other IDs" / "Secondary ID(s)" list is the ORG_STUDY_ID."""
    ids = [f for f in facts if f.kind == "trial_id"]
    if any(f.attrs["id_type"] == "ORG_STUDY_ID" for f in ids):
        return
    group = [f for f in ids if f.rule_id.startswith(GROUP_CODE) and f.attrs["role"] == "SECONDARY"]
    if group:  # a cooperative group's protocol number of this trial
        first = min(group, key=lambda f: f.start).attrs["id_value"]
        for g in group:
            if g.attrs["id_value"] == first:
                g.label = g.attrs["id_type"] = "ORG_STUDY_ID"
        return
    for f in sorted(ids, key=lambda f: f.start):
        v = f.attrs["id_value"]
        if ((f.rule_id.split(".x")[0] in _GENERIC_ID_RULES or f.attrs.get("generic")) and f.attrs["id_type"] == "OTHER"
                and f.attrs["role"] == "SECONDARY" and not f.attrs.get("kind_said")
                and re.match(r"[A-Za-z]", v) and re.search(r"\d", v) and id_type(v) is None):
            for g in ids:
                if g.attrs["id_value"].upper() == v.upper():
                    g.attrs["id_type"] = "ORG_STUDY_ID"
            return

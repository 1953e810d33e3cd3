"""The straightforward per-row screening: every trial's rows as dicts, judged one by one.

This is the executable statement of the semantics (README "Screening a patient"); the fast path
(:func:`extract.screen.match`) judges all rows at once and must give the same verdicts, items and
reasons (``tests/test_screen_vector.py`` holds them side by side). Kept small and obvious on purpose.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import judge
from .profile import Profile
from .tables import TRIAL_COLUMNS, LAB_COLUMNS, HER2_COLUMNS, alternative_groups, read_tables, table_rows

VERDICT_ORDER = {"ELIGIBLE": 0, "UNDETERMINED": 1, "INELIGIBLE": 2}


@dataclass
class Tables:
    """Rows by document: trials (current pages), lab bounds and HER2 rows, and page texts."""

    trials: list[dict]
    labs: dict[str, list[dict]] = field(default_factory=dict)
    her2: dict[str, list[dict]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)


def _by_doc(rows: list[dict], docs: set[str]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in rows:
        if r["document_id"] in docs:
            out.setdefault(r["document_id"], []).append(r)
    return out


def read_rows(source, ncts: list[str] | None = None) -> Tables:
    """``source``: a curated folder or a mapping table -> rows; every page text is kept."""
    cols = read_tables(source, ncts, all_texts=True)
    trials = table_rows(cols.trials, TRIAL_COLUMNS)
    docs = {t["document_id"] for t in trials}
    return Tables(trials, _by_doc(table_rows(cols.labs, LAB_COLUMNS), docs),
                  _by_doc(table_rows(cols.her2, HER2_COLUMNS), docs), dict(cols.texts))


def _applicable_labs(rows: list[dict], profile: Profile) -> tuple[list[int], dict[int, tuple]]:
    """Rows that apply to the profile, in page order, and for each unconditional row replaced by an
    applicable conditional one its (analyte, criterion type, side) key (by position in ``rows``)."""
    keep, replaced_by = [], {}
    cond = [i for i, r in enumerate(rows) if r.get("condition") and judge.condition_applies(r["condition"], profile)]
    side = {judge.side_key(rows[i]) for i in cond}
    for i, r in enumerate(rows):
        if r.get("condition"):
            if i in cond:
                keep.append(i)
        elif judge.side_key(r) in side:
            replaced_by[i] = judge.side_key(r)
        else:
            keep.append(i)
    return keep, replaced_by


def lab_items(rows: list[dict], text: str | None, profile: Profile) -> list[dict]:
    rows = sorted(rows, key=lambda r: (r["char_start"], r["char_end"]))
    groups = alternative_groups(rows, text)
    keep, replaced = _applicable_labs(rows, profile)
    # an applicable conditional bound takes the place (and the alternative group) of what it replaces
    for i in keep:
        if rows[i].get("condition"):
            old = [j for j, k in replaced.items() if k == judge.side_key(rows[i])]
            if old:
                groups[i] = groups[old[0]]
    by_group: dict[int, list[dict]] = {}
    for i in keep:
        item = judge.lab_item(rows[i], profile)
        if rows[i].get("condition"):
            item["replaces"] = [judge.bound_text(rows[j]) for j, k in replaced.items() if k == judge.side_key(rows[i])]
        by_group.setdefault(groups[i], []).append(item)
    return [judge.group_item(items) for items in by_group.values()]


def her2_items(rows: list[dict], profile: Profile) -> list[dict]:
    incl = [r for r in rows if r["criterion_type"] == "INCLUSION"]
    if not incl:
        incl = [r for r in rows if r["criterion_type"] == "POPULATION"]
    out = []
    if incl:
        out.append(judge.group_item([judge.her2_item(r, profile) for r in incl]))
    out += [judge.her2_item(r, profile) for r in rows if r["criterion_type"] == "EXCLUSION"]
    return out


def judge_trial(trial: dict, labs: list[dict], her2: list[dict], text: str | None, profile: Profile) -> dict:
    """One trial's verdict with its failed, passed and missing items."""
    items = judge.age_items(trial, profile) + judge.sex_items(trial, profile)
    items += her2_items(her2, profile) + lab_items(labs, text, profile)
    return judge.trial_verdict(trial, items)


def rank_key(v: dict):
    return (VERDICT_ORDER[v["verdict"]], len(v["failed"]), len(v["missing"]), -len(v["passed"]),
            v.get("nct_id") or "~", v["document_id"])


def match_rows(profile: Profile, source, nct: list[str] | None = None) -> list[dict]:
    """Judge every current trial, row by row; ranked, best first."""
    t = source if isinstance(source, Tables) else read_rows(source, nct)
    out = [judge_trial(tr, t.labs.get(tr["document_id"], []), t.her2.get(tr["document_id"], []),
                       t.texts.get(tr["document_id"]), profile) for tr in t.trials]
    return sorted(out, key=rank_key)

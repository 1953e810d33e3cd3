"""Screening: which current trials would admit a patient profile, and why not, bound by bound.

``match(profile, tables)`` judges every current trial of the published tables (a curated folder,
or a mapping of table name to pyarrow Table / pandas DataFrame / rows) against a profile (a
:class:`Profile`, a mapping, or a YAML/JSON file). It only reads published tables; units and HER2
go through the same pure normalizers as extraction.

Semantics (README "Screening a patient"):

* a conditional bound applies only when the profile has its condition; it then replaces the
  unconditional bounds of that analyte on the same side (upper or lower) of the same criterion type;
* an EXCLUSION bound fails when it holds; an INCLUSION bound fails when it does not;
* inclusion bounds of one criterion joined by "or" are alternatives: one passing is enough;
* the trial's HER2 inclusion rows (POPULATION rows when it has none) are alternatives; an HER2
  EXCLUSION row fails when the patient has its status;
* verdict: INELIGIBLE when anything fails, ELIGIBLE when everything is known and passes, else
  UNDETERMINED.
"""
from __future__ import annotations

from pathlib import Path

from . import judge
from .profile import Profile, ProfileError, load_profile, parse_profile
from .tables import Tables, alternative_groups, read_tables

__all__ = ["match", "judge_trial", "Profile", "ProfileError", "load_profile", "parse_profile", "read_tables"]

VERDICT_ORDER = {"ELIGIBLE": 0, "UNDETERMINED": 1, "INELIGIBLE": 2}


def _as_profile(profile) -> Profile:
    if isinstance(profile, Profile):
        return profile
    if isinstance(profile, (str, Path)):
        return load_profile(profile)
    return parse_profile(profile)


def _applicable_labs(rows: list[dict], profile: Profile) -> tuple[list[dict], dict[int, dict]]:
    """Rows that apply to the profile, in page order, and for each applicable conditional row the
    unconditional row it replaces (by position in ``rows``)."""
    keep, replaced_by = [], {}
    cond = [i for i, r in enumerate(rows) if r.get("condition") and judge.condition_applies(r["condition"], profile)]
    side = {(rows[i]["analyte"], rows[i]["criterion_type"], judge.direction(rows[i]["comparator"])) for i in cond}
    for i, r in enumerate(rows):
        key = (r["analyte"], r["criterion_type"], judge.direction(r["comparator"]))
        if r.get("condition"):
            if i in cond:
                keep.append(i)
        elif key in side:
            replaced_by[i] = key
        else:
            keep.append(i)
    return keep, replaced_by


def _lab_items(rows: list[dict], text: str | None, profile: Profile) -> list[dict]:
    rows = sorted(rows, key=lambda r: (r["char_start"], r["char_end"]))
    groups = alternative_groups(rows, text)
    keep, replaced = _applicable_labs(rows, profile)
    # an applicable conditional bound takes the place (and the alternative group) of what it replaces
    for i in keep:
        r = rows[i]
        if r.get("condition"):
            key = (r["analyte"], r["criterion_type"], judge.direction(r["comparator"]))
            old = [j for j, k in replaced.items() if k == key]
            if old:
                groups[i] = groups[old[0]]
    by_group: dict[int, list[dict]] = {}
    for i in keep:
        item = judge.lab_item(rows[i], profile)
        key = (rows[i]["analyte"], rows[i]["criterion_type"], judge.direction(rows[i]["comparator"]))
        if rows[i].get("condition"):
            item["replaces"] = [rows[j]["comparator"] + " " + judge._fmt(rows[j]["value"]) + " " + rows[j]["unit"]
                                for j, k in replaced.items() if k == key]
        by_group.setdefault(groups[i], []).append(item)
    return [judge.group_item(items) for items in by_group.values()]


def _her2_items(rows: list[dict], profile: Profile) -> list[dict]:
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
    items += _her2_items(her2, profile) + _lab_items(labs, text, profile)
    out = {r: [i for i in items if i["result"] == r] for r in (judge.FAIL, judge.PASS, judge.MISSING)}
    verdict = "INELIGIBLE" if out[judge.FAIL] else "UNDETERMINED" if out[judge.MISSING] else "ELIGIBLE"
    return {"nct_id": trial.get("nct_id"), "document_id": trial["document_id"], "title": trial.get("title"),
            "phases": list(trial.get("phases") or []), "overall_status": trial.get("overall_status"),
            "verdict": verdict, "failed": out[judge.FAIL], "passed": out[judge.PASS], "missing": out[judge.MISSING]}


def rank_key(v: dict):
    return (VERDICT_ORDER[v["verdict"]], len(v["failed"]), len(v["missing"]), -len(v["passed"]),
            v.get("nct_id") or "~", v["document_id"])


def match(profile, tables, nct: list[str] | None = None) -> list[dict]:
    """Judge every current trial of ``tables`` against ``profile``; ranked, best first."""
    p = _as_profile(profile)
    t = tables if isinstance(tables, Tables) else read_tables(tables, nct)
    out = [judge_trial(tr, t.labs.get(tr["document_id"], []), t.her2.get(tr["document_id"], []),
                       t.texts.get(tr["document_id"]), p) for tr in t.trials]
    return sorted(out, key=rank_key)

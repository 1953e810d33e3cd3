"""Judging one bound, HER2 row, age or sex of a trial against a profile (pure functions).

Every judgement is an item (a dict): ``what`` it judged (analyte id, ``age``, ``sex``, ``her2``),
``result`` (``pass``, ``fail``, ``missing``), ``reason``, the bound as written and normalized, the
profile's value as written and converted, and the evidence with ``char_start``/``char_end``.
"""
from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

from ..normalize import units as un
from ..ruledata import load
from .profile import Her2, LabValue, Profile

PASS, FAIL, MISSING = "pass", "fail", "missing"
UPPER = ("<", "<=")


def holds(v: float, op: str, bound: float) -> bool:
    """Does ``v op bound`` hold (to the 4 significant digits values carry)?"""
    eq = math.isclose(v, bound, rel_tol=1e-6, abs_tol=1e-9)
    return {"<": v < bound and not eq, "<=": v < bound or eq, ">": v > bound and not eq,
            ">=": v > bound or eq, "=": eq}.get(op, False)


def direction(op: str) -> str:
    return "upper" if op in UPPER else "lower" if op in (">", ">=") else "equal"


def _fmt(v: float) -> str:
    return f"{v:g}"


def _evidence(row: dict) -> dict:
    return {"evidence": row.get("evidence"), "char_start": row.get("char_start"), "char_end": row.get("char_end")}


# ------------------------------------------------------------------------------- labs
def profile_in(lab: LabValue, unit: str) -> tuple[float | None, str]:
    """The profile's value in the bound's ``unit``, or (None, why not). A multiple of a normal limit
    and an absolute value meet only through the profile's own limit, never a guessed one."""
    if lab.unit == unit:
        return lab.value, ""
    limit_kind = {un.ULN: "uln", un.LLN: "lln"}
    if unit in limit_kind:  # bound is a multiple of a limit; the profile gave an absolute value
        lim = lab.uln if unit == un.ULN else lab.lln
        if lab.unit in limit_kind or lim is None or lim[1] != lab.unit:
            return None, f"the bound is {unit}: needs the profile's {limit_kind[unit].upper()} for {lab.analyte}"
        return un.round_sig(lab.value / lim[0]), f"{_fmt(lab.value)} {lab.unit} / {limit_kind[unit].upper()} {_fmt(lim[0])}"
    if lab.unit in limit_kind:  # profile is a multiple of a limit; the bound is absolute
        lim = lab.uln if lab.unit == un.ULN else lab.lln
        if lim is None or lim[1] != unit:
            return None, f"the profile gives {lab.unit}: needs its {limit_kind[lab.unit].upper()} of {lab.analyte} in {unit}"
        return un.round_sig(lab.value * lim[0]), f"{_fmt(lab.value)} × {limit_kind[lab.unit].upper()} {_fmt(lim[0])} {unit}"
    return None, f"{lab.unit} and {unit} do not convert"


def side_key(row: dict) -> tuple:
    """What a conditional bound replaces: the same analyte, criterion type and side."""
    return (row["analyte"], row["criterion_type"], direction(row["comparator"]))


def bound_text(row: dict) -> str:
    return f"{row['comparator']} {_fmt(row['value'])} {row['unit']}"


def lab_judgement(analyte: str, criterion_type: str, op: str, bound: float, unit: str, profile: Profile) -> dict:
    """A bound judged against the profile: ``result``, ``reason`` and the profile's value as
    written and converted. INCLUSION passes when the bound holds, EXCLUSION fails when it does."""
    lab = profile.labs.get(analyte)
    if lab is None:
        return {"profile_value": None, "profile_converted": None, "result": MISSING,
                "reason": f"the profile has no {analyte}"}
    v, how = profile_in(lab, unit)
    if v is None:
        return {"profile_value": lab.written, "profile_converted": None, "result": MISSING, "reason": how}
    h = holds(v, op, bound)
    excl = criterion_type == "EXCLUSION"
    says = "holds" if h else "does not hold"
    return {"profile_value": lab.written, "profile_converted": f"{_fmt(v)} {unit}" + (f" ({how})" if how else ""),
            "result": FAIL if h == excl else PASS,
            "reason": f"{_fmt(v)} {op} {_fmt(bound)} {unit} {says}" + (" (an exclusion)" if excl else "")}


def lab_item(row: dict, profile: Profile, judged: dict | None = None) -> dict:
    """One lab bound as an item (``judged``: its :func:`lab_judgement`, when already at hand)."""
    j = judged or lab_judgement(row["analyte"], row["criterion_type"], row["comparator"], row["value"], row["unit"], profile)
    return {
        "what": row["analyte"], "criterion_type": row["criterion_type"],
        "bound": f"{row['comparator']} {row.get('value_as_written') or ''} {row.get('unit_as_written') or ''}".strip(),
        "normalized": bound_text(row), "condition": row.get("condition"),
        "profile_value": j["profile_value"], "profile_converted": j["profile_converted"], **_evidence(row),
        "result": j["result"], "reason": j["reason"],
    }


def group_item(items: list[dict]) -> dict:
    """Alternatives of one criterion: passes when one passes, fails when every one fails."""
    if len(items) == 1:
        return items[0]
    results = {i["result"] for i in items}
    result = PASS if PASS in results else FAIL if results == {FAIL} else MISSING
    reason = {PASS: "one alternative passes", FAIL: "every alternative fails",
              MISSING: "no alternative passes and some cannot be judged"}[result]
    first = items[0]
    return {"what": " or ".join(dict.fromkeys(i["what"] for i in items)), "criterion_type": first["criterion_type"],
            "result": result, "reason": reason, "alternatives": items, "evidence": first.get("evidence"),
            "char_start": min(i["char_start"] for i in items), "char_end": max(i["char_end"] for i in items)}


# -------------------------------------------------------------------------- conditions
def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"['’`´]", "", s)
    return " " + re.sub(r"[^\w]+", " ", s).strip() + " "


@lru_cache(maxsize=1)
def _condition_rules() -> tuple[tuple[str, str | None, tuple[str, ...]], ...]:
    rows = load("screen.yaml", required=["words"], key="conditions")
    return tuple((r["id"], r.get("sex"), tuple(_norm(w) for w in r["words"])) for r in rows)


@lru_cache(maxsize=4096)
def condition_ids(text: str) -> frozenset:
    """The condition rules a condition (or a profile's condition) names."""
    n = _norm(text)
    return frozenset(rid for rid, _, words in _condition_rules() if any(w in n for w in words))


def _sex_of(rid: str) -> str | None:
    return next((sex for r, sex, _ in _condition_rules() if r == rid), None)


def condition_applies(condition: str, profile: Profile) -> bool:
    """Does the profile have the condition a conditional bound names?"""
    ids = condition_ids(condition)
    if any(_sex_of(r) and _sex_of(r) == profile.sex for r in ids):
        return True
    n = _norm(condition)
    for pc in profile.conditions:
        if ids & condition_ids(pc) or (len(_norm(pc)) > 3 and _norm(pc) in n):
            return True
    return False


# --------------------------------------------------------------------------------- HER2
@lru_cache(maxsize=1)
def _her2_patient() -> dict[str, dict]:
    return {r["status"]: r for r in load("screen.yaml", required=["status", "meets"], key="her2_patient")}


def her2_meets(row: dict, her2: Her2 | None) -> tuple[str, str]:
    """Does the patient have the HER2 status of ``row``? ('pass'|'fail'|'missing', why)."""
    want = row.get("her2_status")
    if her2 is None or (her2.status is None and her2.mutation is None):
        return MISSING, "the profile has no HER2 result"
    if want == "MUTANT" and her2.mutation is not None:
        return (PASS, "HER2-mutant") if her2.mutation else (FAIL, "not HER2-mutant")
    if want == "AMPLIFIED" and her2.ish is not None:
        return (PASS, "ISH positive") if her2.ish == "POSITIVE" else (FAIL, "ISH negative")
    rule = _her2_patient().get(her2.status or "")
    if rule is None or want in (rule.get("unknown") or []):
        return MISSING, f"a {her2.status or 'profile without a status'} result does not tell {want}"
    if want not in rule["meets"]:
        return FAIL, f"{her2.status} is not {want}"
    scores = row.get("ihc_scores") or []
    if scores and her2.ihc is not None and her2.ihc not in scores and not (row.get("ish") == "POSITIVE" == her2.ish):
        return FAIL, f"IHC {her2.ihc} is not among {', '.join(scores)}"
    pct = row.get("expression_pct_min")
    if pct is not None and not (pct != pct):  # NaN from pandas counts as null
        if her2.expression_pct is None:
            return MISSING, f"needs the HER2 expression percentage (≥ {_fmt(pct)}%)"
        if her2.expression_pct < pct:
            return FAIL, f"{_fmt(her2.expression_pct)}% < {_fmt(pct)}%"
    return PASS, f"{her2.status} meets {want}"


def her2_item(row: dict, profile: Profile) -> dict:
    meets, why = her2_meets(row, profile.her2)
    excl = row["criterion_type"] == "EXCLUSION"
    result = meets if meets == MISSING else (FAIL if (meets == PASS) == excl else PASS)
    scores = "/".join(row.get("ihc_scores") or [])
    return {"what": "her2", "criterion_type": row["criterion_type"], "bound": row.get("assay_text") or row.get("her2_status"),
            "normalized": row["her2_status"] + (f" (IHC {scores})" if scores else "") + (f" ISH {row['ish']}" if row.get("ish") else ""),
            "condition": None, "profile_value": profile.her2.written if profile.her2 else None,
            "profile_converted": profile.her2.status if profile.her2 else None,
            "result": result, "reason": why + (" (an exclusion)" if excl else ""), **_evidence(row)}


# -------------------------------------------------------------------------- age and sex
def _trial_item(what: str, bound: str, value, result: str, reason: str) -> dict:
    return {"what": what, "criterion_type": "INCLUSION", "bound": bound, "normalized": bound, "condition": None,
            "profile_value": None if value is None else str(value), "profile_converted": None, "result": result,
            "reason": reason, "evidence": None, "char_start": None, "char_end": None}


def age_items(trial: dict, profile: Profile) -> list[dict]:
    out = []
    for col, op in (("min_age_years", ">="), ("max_age_years", "<=")):
        b = trial.get(col)
        if b is None or b != b:
            continue
        bound = f"{op} {_fmt(b)} years"
        if profile.age is None:
            out.append(_trial_item("age", bound, None, MISSING, "the profile has no age"))
        else:
            ok = holds(profile.age, op, b)
            out.append(_trial_item("age", bound, _fmt(profile.age), PASS if ok else FAIL,
                                   f"{_fmt(profile.age)} {op} {_fmt(b)} {'holds' if ok else 'does not hold'}"))
    return out


def sex_items(trial: dict, profile: Profile) -> list[dict]:
    want = trial.get("sex")
    if want not in ("FEMALE", "MALE"):
        return []  # ALL or not stated: no requirement
    if profile.sex is None:
        return [_trial_item("sex", want, None, MISSING, "the profile has no sex")]
    ok = profile.sex == want
    return [_trial_item("sex", want, profile.sex, PASS if ok else FAIL, f"{profile.sex} {'is' if ok else 'is not'} {want}")]


# ---------------------------------------------------------------------------- verdict
def verdict_of(n_failed: int, n_missing: int) -> str:
    return "INELIGIBLE" if n_failed else "UNDETERMINED" if n_missing else "ELIGIBLE"


def trial_verdict(trial: dict, items: list[dict]) -> dict:
    """A trial's verdict from its items, with its failed, passed and missing lists (items in order)."""
    out = {r: [i for i in items if i["result"] == r] for r in (FAIL, PASS, MISSING)}
    return {"nct_id": trial.get("nct_id"), "document_id": trial["document_id"], "title": trial.get("title"),
            "phases": list(trial.get("phases") or []), "overall_status": trial.get("overall_status"),
            "verdict": verdict_of(len(out[FAIL]), len(out[MISSING])),
            "failed": out[FAIL], "passed": out[PASS], "missing": out[MISSING]}

"""Judging every row at once: the fast path of :func:`extract.screen.match`.

Each lab bound is judged over all rows together (numpy): the profile's value in the row's unit is
looked up per distinct (analyte, unit) with :func:`judge.profile_in`, then compared with every
bound in one pass; conditions are decided per distinct condition text, HER2 rows per distinct
requirement. Replacement by conditional bounds, alternatives and the per-trial counts are array
operations too. Only the pages where one criterion holds two inclusion bounds go through
:func:`tables.alternative_groups` (the words between bounds). Nothing here builds an item: the
result codes, groups and verdicts are kept as arrays, and :mod:`.items` turns the rows of a trial
into items when they are printed.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import judge
from .profile import Profile
from .tables import Columns, alternative_groups, codes, group_ids, table_rows

PASS, FAIL, MISSING = 0, 1, 2
CODE = {judge.PASS: PASS, judge.FAIL: FAIL, judge.MISSING: MISSING}


@dataclass
class Judged:
    """The arrays of one screening: per lab row, per HER2 row and per trial."""

    cols: Columns
    profile: Profile
    lab_doc: np.ndarray  # trial of each lab row
    lab_code: np.ndarray  # PASS / FAIL / MISSING of each lab row (kept or not)
    kept: np.ndarray  # the row applies to the profile
    group: np.ndarray  # alternative group (a row id) of each kept row
    lead: np.ndarray  # see :func:`applicable`
    her2_doc: np.ndarray
    her2_code: np.ndarray
    her2_alt: np.ndarray  # the row is one of its trial's HER2 alternatives (INCLUSION, else POPULATION)
    counts: np.ndarray  # per trial: failed, passed, missing items
    verdict: list[str]


def _codes(values: list, decide) -> np.ndarray:
    """``decide`` called once per distinct value, spread back over the rows."""
    memo: dict = {}
    return np.array([memo[v] if v in memo else memo.setdefault(v, decide(v)) for v in values], dtype=np.int64)


def _holds(v: np.ndarray, ops: list[str], b: np.ndarray) -> np.ndarray:
    """:func:`judge.holds` over arrays (math.isclose's symmetric tolerance)."""
    with np.errstate(invalid="ignore"):
        eq = np.abs(v - b) <= np.maximum(1e-6 * np.maximum(np.abs(v), np.abs(b)), 1e-9)
        lt, gt = v < b, v > b
    op = np.array(ops, dtype=object)
    return np.select([op == "<", op == "<=", op == ">", op == ">=", op == "="],
                     [lt & ~eq, lt | eq, gt & ~eq, gt | eq, eq], default=False)


def lab_codes(labs: pa.Table, profile: Profile) -> np.ndarray:
    """PASS / FAIL / MISSING of every lab row, all at once: the profile's value in each distinct
    (analyte, unit) is converted once, then compared with every bound."""
    analyte, avals = codes(labs["analyte"])
    unit, uvals = codes(labs["unit"])
    pair = group_ids(analyte, unit)
    v = np.full(int(pair.max()) + 1 if len(pair) else 0, np.nan)
    for p, i in zip(*np.unique(pair, return_index=True)):
        lab = profile.labs.get(avals[analyte[i]]) if analyte[i] >= 0 else None
        got = judge.profile_in(lab, uvals[unit[i]])[0] if lab is not None and unit[i] >= 0 else None
        v[p] = np.nan if got is None else got
    v = v[pair]
    b = labs["value"].to_numpy(zero_copy_only=False).astype(np.float64)
    h = _holds(v, labs["comparator"].to_pylist(), b)
    excl = pc.equal(labs["criterion_type"], pa.scalar("EXCLUSION")).to_numpy(zero_copy_only=False)
    code = np.where(h == excl, FAIL, PASS)
    return np.where(np.isnan(v), MISSING, code)


def _first_of(key: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct keys of ``rows`` (ascending row ids) and the first row of each."""
    uk, first = np.unique(key[rows], return_index=True)
    return uk, rows[first]


def _lookup(uk: np.ndarray, val: np.ndarray, key: np.ndarray) -> np.ndarray:
    """``val`` of each ``key`` in the sorted ``uk``, -1 where it is not there."""
    if not len(uk):
        return np.full(len(key), -1, dtype=np.int64)
    pos = np.minimum(np.searchsorted(uk, key), len(uk) - 1)
    return np.where(uk[pos] == key, val[pos], -1)


def applicable(labs: pa.Table, profile: Profile) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which rows apply; which have a condition; and ``lead``: for an applicable conditional row and
    for each unconditional row it replaces, the first applicable conditional row of their key (-1
    elsewhere). A conditional row applies when the profile has its condition (decided once per
    distinct condition); it then replaces the unconditional rows of its trial with the same
    analyte, criterion type and side."""
    cond, cvals = codes(labs["condition"])
    has = np.array([bool(c) for c in cvals] + [False], dtype=bool)[cond]
    applies = np.array([bool(c) and judge.condition_applies(c, profile) for c in cvals] + [False], dtype=bool)[cond]
    comp, ovals = codes(labs["comparator"])
    side = np.array([("upper", "lower", "equal").index(judge.direction(o)) for o in ovals] + [2], dtype=np.int64)[comp]
    key = group_ids(labs["doc"].to_numpy(zero_copy_only=False).astype(np.int64), codes(labs["analyte"])[0],
                    codes(labs["criterion_type"])[0], side)
    lead = _lookup(*_first_of(key, np.flatnonzero(applies)), key)
    lead = np.where(applies | ~has, lead, -1)
    return np.where(has, applies, lead < 0), has, lead


def lab_groups(cols: Columns, has: np.ndarray, lead: np.ndarray) -> np.ndarray:
    """The alternative group of every row (a row id): its own, unless the words between it and a
    bound of the same criterion join them by "or"; an applicable conditional row takes the group of
    the first row it replaces. Only the rows of an evidence holding two unconditional inclusion
    bounds go through :func:`alternative_groups` (rows of other evidence are other criteria)."""
    labs = cols.labs
    group = np.arange(labs.num_rows, dtype=np.int64)
    if cols.texts:
        for d, (pos, rows) in _criteria_rows(labs, cols.pairs, set(cols.texts)).items():
            group[pos] = np.asarray(pos)[alternative_groups(rows, cols.texts[d])]
    replaced = np.flatnonzero(~has & (lead >= 0))
    old = _lookup(*_first_of(lead, replaced), lead)  # the first row each lead replaces
    takes = has & (lead >= 0) & (old >= 0)
    group[takes] = group[old[takes]]
    return group


def _criteria_rows(labs: pa.Table, pairs: np.ndarray, docs: set[str]) -> dict[str, tuple[list[int], list[dict]]]:
    """Per page of ``docs``: the rows (positions and dicts, in page order) of each evidence that
    holds two unconditional inclusion bounds."""
    pick = np.flatnonzero(pairs >= 2)
    t = labs.take(pick).select(["document_id", "criterion_type", "condition", "evidence", "char_start", "char_end"])
    out: dict[str, tuple[list[int], list[dict]]] = {}
    for i, r in zip(pick.tolist(), t.to_pylist()):
        if r["document_id"] in docs:
            pos, rows = out.setdefault(r["document_id"], ([], []))
            pos.append(i)
            rows.append(r)
    return out


def her2_codes(her2: pa.Table, profile: Profile) -> tuple[np.ndarray, np.ndarray]:
    """PASS / FAIL / MISSING of every HER2 row (per distinct requirement), and which rows are their
    trial's alternatives (its INCLUSION rows, or its POPULATION rows when it has none)."""
    rows = table_rows(her2, ["criterion_type", "her2_status", "ihc_scores", "ish", "expression_pct_min"])
    keys = [(r["criterion_type"], r["her2_status"], tuple(r["ihc_scores"] or ()), r["ish"], r["expression_pct_min"])
            for r in rows]
    code = _codes(keys, lambda k: CODE[judge.her2_item(
        {"criterion_type": k[0], "her2_status": k[1], "ihc_scores": list(k[2]), "ish": k[3],
         "expression_pct_min": k[4]}, profile)["result"]])
    ctype = np.array([r["criterion_type"] for r in rows] or [""], dtype=object)[:len(rows)]
    doc = her2["doc"].to_numpy(zero_copy_only=False).astype(np.int64)
    with_incl = np.zeros(int(doc.max()) + 1 if len(doc) else 0, dtype=bool)
    with_incl[doc[ctype == "INCLUSION"]] = True
    alt = (ctype == "INCLUSION") | ((ctype == "POPULATION") & ~with_incl[doc])
    return code, alt.astype(bool)


def _group_codes(members: np.ndarray, code: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Alternatives: PASS when one passes, FAIL when every one fails, else MISSING. Returns each
    group's first member and its code."""
    ids, first, inv = np.unique(members, return_index=True, return_inverse=True)
    n = len(ids)
    npass = np.bincount(inv, weights=code == PASS, minlength=n)
    nfail = np.bincount(inv, weights=code == FAIL, minlength=n)
    size = np.bincount(inv, minlength=n)
    return first, np.where(npass > 0, PASS, np.where(nfail == size, FAIL, MISSING))


def _trial_codes(trials: pa.Table, profile: Profile) -> list[tuple[np.ndarray, np.ndarray]]:
    """(trial, code) of the age and sex items (judge.age_items, judge.sex_items over arrays)."""
    out = []
    for col, op in (("min_age_years", ">="), ("max_age_years", "<=")):
        b = trials[col].to_numpy(zero_copy_only=False).astype(np.float64)
        on = np.flatnonzero(~np.isnan(b))
        if profile.age is None:
            out.append((on, np.full(len(on), MISSING)))
        else:
            ok = _holds(np.full(len(on), float(profile.age)), [op] * len(on), b[on])
            out.append((on, np.where(ok, PASS, FAIL)))
    sex = np.array(trials["sex"].to_pylist(), dtype=object)
    on = np.flatnonzero((sex == "FEMALE") | (sex == "MALE"))
    code = MISSING if profile.sex is None else np.where(sex[on] == profile.sex, PASS, FAIL)
    out.append((on, np.broadcast_to(code, on.shape)))
    return out


def judge_all(cols: Columns, profile: Profile) -> Judged:
    """Every row and trial judged at once; per trial the count of failed, passed and missing items."""
    n = cols.trials.num_rows
    lab_doc = cols.labs["doc"].to_numpy(zero_copy_only=False).astype(np.int64)
    code = lab_codes(cols.labs, profile)
    kept, has, lead = applicable(cols.labs, profile)
    group = lab_groups(cols, has, lead)
    her2_doc = cols.her2["doc"].to_numpy(zero_copy_only=False).astype(np.int64)
    h_code, h_alt = her2_codes(cols.her2, profile)
    items = _trial_codes(cols.trials, profile)
    k = np.flatnonzero(kept)
    first, g_code = _group_codes(group[k], code[k])
    items.append((lab_doc[k][first], g_code))
    first, a_code = _group_codes(her2_doc[h_alt], h_code[h_alt])
    items.append((her2_doc[h_alt][first], a_code))
    excl = np.flatnonzero(pc.equal(cols.her2["criterion_type"], pa.scalar("EXCLUSION")).to_numpy(zero_copy_only=False))
    items.append((her2_doc[excl], h_code[excl]))
    counts = np.zeros((n, 3), dtype=np.int64)
    for trial, c in items:
        np.add.at(counts, (trial, np.asarray(c, dtype=np.int64)), 1)
    verdict = [judge.verdict_of(f, m) for f, m in zip(counts[:, FAIL].tolist(), counts[:, MISSING].tolist())]
    return Judged(cols, profile, lab_doc, code, kept, group, lead, her2_doc, h_code, h_alt, counts, verdict)

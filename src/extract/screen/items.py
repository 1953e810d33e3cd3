"""A trial's items, built from the arrays of :mod:`.vector` only for the trials printed.

The item texts (bound as written and normalized, the profile's value converted, the reason, the
evidence) come from the same :mod:`.judge` functions as the per-row reference; a lab judgement is
made once per distinct (analyte, criterion type, comparator, value, unit) and shared by its rows.
"""
from __future__ import annotations

import numpy as np

from . import judge
from .tables import HER2_COLUMNS, LAB_COLUMNS, TRIAL_COLUMNS
from .vector import Judged


class Builder:
    """Turns trial ``t`` (a position in ``judged.cols.trials``) into its verdict dict."""

    def __init__(self, judged: Judged):
        self.j = judged
        c = judged.cols
        self.trials = c.trials.select(TRIAL_COLUMNS)
        self.labs = c.labs.select(LAB_COLUMNS)
        self.her2 = c.her2.select(HER2_COLUMNS)
        self.lab_start = np.searchsorted(judged.lab_doc, np.arange(c.trials.num_rows + 1))
        self.her2_start = np.searchsorted(judged.her2_doc, np.arange(c.trials.num_rows + 1))
        self._judgements: dict = {}

    def _judgement(self, r: dict) -> dict:
        key = (r["analyte"], r["criterion_type"], r["comparator"], r["value"], r["unit"])
        got = self._judgements.get(key)
        if got is None:
            got = self._judgements[key] = judge.lab_judgement(*key, self.j.profile)
        return got

    def _lab_items(self, t: int) -> list[dict]:
        j, lo, hi = self.j, int(self.lab_start[t]), int(self.lab_start[t + 1])
        if lo == hi:
            return []
        rows = self.labs.slice(lo, hi - lo).to_pylist()
        by_group: dict[int, list[dict]] = {}
        for k, r in enumerate(rows):
            i = lo + k
            if not j.kept[i]:
                continue
            item = judge.lab_item(r, j.profile, self._judgement(r))
            if r.get("condition"):
                item["replaces"] = [judge.bound_text(rows[m]) for m in range(len(rows))
                                    if j.lead[i] >= 0 and not rows[m].get("condition") and j.lead[lo + m] == j.lead[i]]
            by_group.setdefault(int(j.group[i]), []).append(item)
        return [judge.group_item(items) for items in by_group.values()]

    def _her2_items(self, t: int) -> list[dict]:
        j, lo, hi = self.j, int(self.her2_start[t]), int(self.her2_start[t + 1])
        if lo == hi:
            return []
        rows = self.her2.slice(lo, hi - lo).to_pylist()
        alts = [judge.her2_item(r, j.profile) for k, r in enumerate(rows) if j.her2_alt[lo + k]]
        out = [judge.group_item(alts)] if alts else []
        return out + [judge.her2_item(r, j.profile) for r in rows if r["criterion_type"] == "EXCLUSION"]

    def verdict(self, t: int) -> dict:
        trial = self.trials.slice(t, 1).to_pylist()[0]
        p = self.j.profile
        items = judge.age_items(trial, p) + judge.sex_items(trial, p) + self._her2_items(t) + self._lab_items(t)
        out = judge.trial_verdict(trial, items)
        out["verdict"] = self.j.verdict[t]  # the arrays' verdict (the test holds it to the items')
        return out

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
        self.lab_start = np.searchsorted(judged.lab_doc, np.arange(c.trials.num_rows + 1)).tolist()
        self.her2_start = np.searchsorted(judged.her2_doc, np.arange(c.trials.num_rows + 1)).tolist()
        self._judgements: dict = {}
        self._rows: dict[str, list[dict]] = {}
        self.kept, self.lead, self.group = judged.kept.tolist(), judged.lead.tolist(), judged.group.tolist()
        self.her2_alt = judged.her2_alt.tolist()

    def prefetch(self) -> None:
        """Every row as a dict at once (cheaper than slice by slice when most trials are built)."""
        self._rows = {"trials": self.trials.to_pylist(), "labs": self.labs.to_pylist(), "her2": self.her2.to_pylist()}

    def _slice(self, name: str, lo: int, hi: int) -> list[dict]:
        if name in self._rows:
            return self._rows[name][lo:hi]
        return getattr(self, name).slice(lo, hi - lo).to_pylist()

    def _judgement(self, r: dict) -> dict:
        key = (r["analyte"], r["criterion_type"], r["comparator"], r["value"], r["unit"])
        got = self._judgements.get(key)
        if got is None:
            got = self._judgements[key] = judge.lab_judgement(*key, self.j.profile)
        return got

    def _lab_items(self, t: int) -> list[dict]:
        lo, hi = self.lab_start[t], self.lab_start[t + 1]
        if lo == hi:
            return []
        rows, lead, p = self._slice("labs", lo, hi), self.lead[lo:hi], self.j.profile
        by_group: dict[int, list[dict]] = {}
        for k, r in enumerate(rows):
            if not self.kept[lo + k]:
                continue
            item = judge.lab_item(r, p, self._judgement(r))
            if r.get("condition"):
                item["replaces"] = [judge.bound_text(rows[m]) for m in range(len(rows))
                                    if lead[m] == lead[k] and not rows[m].get("condition")]
            by_group.setdefault(self.group[lo + k], []).append(item)
        return [judge.group_item(items) for items in by_group.values()]

    def _her2_items(self, t: int) -> list[dict]:
        lo, hi, p = self.her2_start[t], self.her2_start[t + 1], self.j.profile
        if lo == hi:
            return []
        rows = self._slice("her2", lo, hi)
        alts = [judge.her2_item(r, p) for k, r in enumerate(rows) if self.her2_alt[lo + k]]
        out = [judge.group_item(alts)] if alts else []
        return out + [judge.her2_item(r, p) for r in rows if r["criterion_type"] == "EXCLUSION"]

    def verdict(self, t: int) -> dict:
        trial = self._slice("trials", t, t + 1)[0]
        p = self.j.profile
        items = judge.age_items(trial, p) + judge.sex_items(trial, p) + self._her2_items(t) + self._lab_items(t)
        out = judge.trial_verdict(trial, items)
        out["verdict"] = self.j.verdict[t]  # the arrays' verdict (the test holds it to the items')
        return out

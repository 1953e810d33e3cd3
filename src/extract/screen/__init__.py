"""Screening: which current trials would admit a patient profile, and why not, bound by bound.

``match(profile, tables)`` judges every current trial of the published tables (a curated folder,
or a mapping of table name to pyarrow Table / pandas DataFrame / rows) against a profile (a
:class:`Profile`, a mapping, or a YAML/JSON file). It only reads published tables, and of them only
the columns it judges; units and HER2 go through the same pure normalizers as extraction.

Semantics (README "Screening a patient"; :mod:`.reference` states them row by row):

* a conditional bound applies only when the profile has its condition; it then replaces the
  unconditional bounds of that analyte on the same side (upper or lower) of the same criterion type;
* an EXCLUSION bound fails when it holds; an INCLUSION bound fails when it does not;
* inclusion bounds of one criterion joined by "or" are alternatives: one passing is enough;
* the trial's HER2 inclusion rows (POPULATION rows when it has none) are alternatives; an HER2
  EXCLUSION row fails when the patient has its status;
* verdict: INELIGIBLE when anything fails, ELIGIBLE when everything is known and passes, else
  UNDETERMINED.

:func:`screen` judges every row at once (:mod:`.vector`) and builds a trial's items only when
asked (:class:`Screening`); :func:`match` asks for all of them.
"""
from __future__ import annotations

from pathlib import Path

from .profile import Profile, ProfileError, load_profile, parse_profile
from .tables import Columns, read_tables

__all__ = ["match", "screen", "Screening", "Profile", "ProfileError", "load_profile", "parse_profile", "read_tables"]

VERDICT_ORDER = {"ELIGIBLE": 0, "UNDETERMINED": 1, "INELIGIBLE": 2}


def as_profile(profile) -> Profile:
    if isinstance(profile, Profile):
        return profile
    if isinstance(profile, (str, Path)):
        return load_profile(profile)
    return parse_profile(profile)


class Screening:
    """One profile judged against every current trial: ``order`` (trial positions, best first),
    ``verdicts`` and ``counts`` as arrays; :meth:`verdict` builds a trial's items."""

    def __init__(self, judged):
        from .items import Builder

        self.judged = judged
        self.builder = Builder(judged)
        t = judged.cols.trials
        nct, doc, c = t["nct_id"].to_pylist(), t["document_id"].to_pylist(), judged.counts.tolist()
        self.order = sorted(range(t.num_rows), key=lambda i: (
            VERDICT_ORDER[judged.verdict[i]], c[i][1], c[i][2], -c[i][0], nct[i] or "~", doc[i]))

    def __len__(self) -> int:
        return len(self.order)

    def summary(self) -> dict[str, int]:
        """How many trials have each verdict."""
        return {v: sum(1 for x in self.judged.verdict if x == v) for v in VERDICT_ORDER}

    def verdict(self, i: int) -> dict:
        """The ``i``-th trial in rank order with its failed, passed and missing items."""
        from .lazy import without_unused

        with without_unused():
            return self.builder.verdict(self.order[i])

    def verdicts(self, top: int | None = None) -> list[dict]:
        """The first ``top`` trials in rank order (all when None) with their items."""
        from .lazy import without_unused

        n = len(self) if top is None else min(top, len(self))
        with without_unused():
            if n > len(self) // 4:
                self.builder.prefetch()
            return [self.builder.verdict(self.order[i]) for i in range(n)]


def screen(profile, tables, nct: list[str] | None = None) -> Screening:
    """Judge every current trial of ``tables`` against ``profile``, all rows at once."""
    from .lazy import without_unused
    from .vector import judge_all

    p = as_profile(profile)
    with without_unused():
        cols = tables if isinstance(tables, Columns) else read_tables(tables, nct)
        return Screening(judge_all(cols, p))


def match(profile, tables, nct: list[str] | None = None) -> list[dict]:
    """Judge every current trial of ``tables`` against ``profile``; ranked, best first."""
    return screen(profile, tables, nct).verdicts()

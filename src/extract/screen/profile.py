"""A patient profile (YAML or JSON) -> typed values in the same canonical units as the tables.

Lab values are read as a lab report writes them ("1200 /uL", "3.2 xULN", "0.75 mL/s") with the
extraction's own number parser and unit table (``rules/lab_units.tsv``) and converted by the same
pint-backed :func:`extract.normalize.units.to_canonical`. HER2 IHC/ISH results map to an ASCO/CAP
status with :mod:`extract.normalize.her2`. A value the profile writes in a form we cannot read is a
:class:`ProfileError` naming the field: a profile is never guessed.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from ..normalize import her2 as her2n
from ..normalize import units as un
from ..normalize.numbers import NUMBER_RE, number_from_match
from ..ruledata import load


class ProfileError(ValueError):
    pass


@dataclass(frozen=True)
class LabValue:
    analyte: str
    written: str  # as the profile wrote it
    value: float  # in ``unit``: the analyte's canonical unit, or xULN / xLLN
    unit: str
    uln: tuple[float, str] | None = None  # the profile's upper limit of normal, canonical
    lln: tuple[float, str] | None = None


@dataclass(frozen=True)
class Her2:
    status: str | None  # ASCO/CAP status (POSITIVE, LOW, ...)
    ihc: str | None = None  # 0, 1+, 2+, 3+
    ish: str | None = None  # POSITIVE, NEGATIVE
    mutation: bool | None = None
    expression_pct: float | None = None
    written: str = ""


@dataclass
class Profile:
    age: float | None = None
    sex: str | None = None
    her2: Her2 | None = None
    conditions: list[str] = field(default_factory=list)
    labs: dict[str, LabValue] = field(default_factory=dict)


def _key(s: str) -> str:
    return re.sub(r"[\s_\-]+", " ", str(s).strip().lower())


@lru_cache(maxsize=1)
def lab_names() -> dict[str, str]:
    """Every name a profile may give a lab -> analyte id (ids, aliases, abbreviations, screen.yaml)."""
    out: dict[str, str] = {}
    for a in un.analytes().values():
        for name in (*a.abbreviations, *a.aliases, a.name, a.id):
            out.setdefault(_key(name), a.id)
    for r in load("screen.yaml", required=["analyte", "names"], key="profile_aliases"):
        for name in r["names"]:
            out[_key(name)] = r["analyte"]
    out.update({_key(a): a for a in un.analytes()})  # an analyte id always means itself
    return out


def parse_quantity(written, analyte: str, where: str) -> tuple[float, str]:
    """ "1200 /uL" for ``anc`` -> (1.2, "10^9/L"); "3.2 xULN" -> (3.2, "xULN"); a bare number only
    for a unitless analyte (INR)."""
    s = str(written).strip()
    m = NUMBER_RE.match(s)
    if not m:
        raise ProfileError(f"{where}: {written!r} does not start with a number")
    value = number_from_match(m)
    rest = s[m.end():].strip()
    u = None
    if rest:
        u = un.identify_unit(rest)
        if u is None:
            raise ProfileError(f"{where}: unit {rest!r} is not one we can read")
    conv = un.to_canonical(value, u, analyte)
    if conv is None:
        what = f"unit {rest!r}" if rest else "a number without unit"
        raise ProfileError(f"{where}: {what} does not fit {analyte}")
    return conv


def _limit(spec, analyte: str, where: str) -> tuple[float, str] | None:
    if spec is None:
        return None
    v, unit = parse_quantity(spec, analyte, where)
    if unit in (un.ULN, un.LLN):
        raise ProfileError(f"{where}: a normal limit is an absolute value, not {spec!r}")
    return v, unit


def _lab(name: str, spec, limits: dict) -> LabValue:
    analyte = lab_names().get(_key(name))
    if analyte is None:
        raise ProfileError(f"labs.{name}: not a lab we know (see rules/analytes.tsv)")
    uln = limits.get(("uln", analyte))
    lln = limits.get(("lln", analyte))
    if isinstance(spec, dict):
        uln = spec.get("uln", uln)
        lln = spec.get("lln", lln)
        spec = spec.get("value")
    if spec is None:
        raise ProfileError(f"labs.{name}: no value")
    value, unit = parse_quantity(spec, analyte, f"labs.{name}")
    return LabValue(analyte, str(spec), value, unit,
                    uln=_limit(uln, analyte, f"labs.{name}.uln"), lln=_limit(lln, analyte, f"labs.{name}.lln"))


def _limits(data: dict) -> dict:
    out = {}
    for kind in ("uln", "lln"):
        for name, spec in (data.get(kind) or {}).items():
            analyte = lab_names().get(_key(name))
            if analyte is None:
                raise ProfileError(f"{kind}.{name}: not a lab we know")
            out[(kind, analyte)] = spec
    return out


def _her2(spec) -> Her2 | None:
    if spec is None:
        return None
    if isinstance(spec, str):
        spec = {"status": spec}
    written = ", ".join(f"{k} {v}" for k, v in spec.items())
    ihc = her2n.normalize_score(str(spec["ihc"])) if spec.get("ihc") is not None else None
    if spec.get("ihc") is not None and ihc is None:
        raise ProfileError(f"her2.ihc: {spec['ihc']!r} is not an IHC score (0, 1+, 2+, 3+)")
    ish = _ish(spec.get("ish"))
    status = str(spec["status"]).upper().replace("-", "").replace("HER2", "").strip() if spec.get("status") else None
    if status is None and (ihc is not None or ish is not None):
        status = her2n.alternative_status(her2n.Alternative(ihc=ihc, ish=ish, faint=bool(spec.get("faint"))))
    if status is not None and status not in her2n.STATUSES:
        raise ProfileError(f"her2.status: {spec['status']!r} is not one of {', '.join(her2n.STATUSES)}")
    pct = spec.get("expression_pct")
    return Her2(status, ihc, ish, spec.get("mutation"), float(pct) if pct is not None else None, written)


def _ish(v) -> str | None:
    if v is None:
        return None
    s = str(v).strip().lower()
    if s in ("positive", "pos", "+", "amplified", "true"):
        return "POSITIVE"
    if s in ("negative", "neg", "-", "not amplified", "false"):
        return "NEGATIVE"
    raise ProfileError(f"her2.ish: {v!r} is neither positive nor negative")


def _sex(v) -> str | None:
    if v is None:
        return None
    s = str(v).strip().upper()
    s = {"F": "FEMALE", "M": "MALE", "WOMAN": "FEMALE", "MAN": "MALE"}.get(s, s)
    if s not in ("FEMALE", "MALE"):
        raise ProfileError(f"sex: {v!r} is neither FEMALE nor MALE")
    return s


def parse_profile(data: dict) -> Profile:
    """A profile mapping (as loaded from YAML/JSON) -> :class:`Profile`."""
    from .lazy import without_unused

    with without_unused():  # pint is imported here, the first time a unit converts
        return _parse_profile(data)


def _parse_profile(data: dict) -> Profile:
    if not isinstance(data, dict):
        raise ProfileError("a profile is a mapping (age, sex, her2, conditions, labs)")
    limits = _limits(data)
    labs = {}
    for name, spec in (data.get("labs") or {}).items():
        lv = _lab(str(name), spec, limits)
        labs[lv.analyte] = lv
    conds = data.get("conditions") or []
    if isinstance(conds, str):
        conds = [conds]
    age = data.get("age")
    return Profile(age=float(age) if age is not None else None, sex=_sex(data.get("sex")),
                   her2=_her2(data.get("her2")), conditions=[str(c) for c in conds], labs=labs)


def load_profile(path: str | Path) -> Profile:
    p = Path(path)
    text = p.read_text(encoding="utf-8")
    data = json.loads(text) if p.suffix.lower() == ".json" else yaml.safe_load(text)
    return parse_profile(data)

"""Lab units: spellings -> unit kinds, and values -> the canonical unit of their analyte.

Everything is table-driven:

* ``rules/lab_units.tsv``: unit spellings (regex fragments), their kind (``count``,
  ``mass_conc``, ``subst_conc``, ``uln`` ...), a normalized label and a pint expression;
* ``rules/analytes.tsv``: the analyte vocabulary with its canonical unit, the unit kinds a bound
  on it may carry, molar mass (mass <-> substance concentration) and valence (mEq/L);
* ``rules/lab_canonical_units.tsv``: pint expressions of the canonical units;
* ``rules/lab_defaults.tsv``: the unit a bare number implies ("ANC >= 1500" is per mm3).

Conversion goes through pint (with its ``chemistry`` context and the analyte's molar mass when
mass and substance concentrations meet). Every factor the rule files allow is computed by pint
once and kept in the on-disk cache (``extract.cache``) under a key of the rule files and the pint
and Python versions, so a process normally never imports pint (about 1 s of start-up).
Values are rounded to 4 significant digits: conversions must not invent precision.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extract.ruledata import load

ULN = "xULN"
LLN = "xLLN"
SIGNIFICANT = 4


@dataclass(frozen=True)
class Unit:
    id: str
    kind: str
    label: str
    pint: str | None
    pattern: str


@dataclass(frozen=True)
class Analyte:
    id: str
    name: str
    vocab: bool  # in the CONTRACT vocabulary (scored)
    canonical: dict  # unit kind -> canonical label; key "*" for all kinds
    accepts: frozenset
    implied: dict  # unit kind -> pint suffix ("mass" -> "/day")
    molar_mass: float | None
    valence: float | None
    plausible_min: float | None
    plausible_max: float | None
    redirect: dict  # unit kind -> analyte id
    loinc: str | None
    aliases: tuple
    abbreviations: tuple
    healthy: str | None = None  # "high" / "low": the side of a bound a healthy value lies on


def _pairs(s: str | None) -> dict:
    out = {}
    for part in (s or "").split("|"):
        if "=" in part:
            k, v = part.split("=", 1)
            out[k.strip()] = v.strip()
    return out


def _float(s) -> float | None:
    return float(s) if s not in (None, "") else None


def _split(s: str | None) -> tuple:
    return tuple(a.strip() for a in (s or "").split("|") if a.strip())


@lru_cache(maxsize=None)
def analytes() -> dict[str, Analyte]:
    out = {}
    for r in load("analytes.tsv", required=["id", "name", "canonical", "accepts"]):
        canon = r["canonical"]
        out[r["id"]] = Analyte(
            id=r["id"],
            name=r["name"],
            vocab=(r.get("vocab") or "yes") == "yes",
            canonical=_pairs(canon) if "=" in canon else {"*": canon},
            accepts=frozenset(_split(r["accepts"])),
            implied=_pairs(r.get("implied")),
            molar_mass=_float(r.get("molar_mass")),
            valence=_float(r.get("valence")),
            plausible_min=_float(r.get("plausible_min")),
            plausible_max=_float(r.get("plausible_max")),
            redirect=_pairs(r.get("redirect")),
            loinc=r.get("loinc"),
            aliases=_split(r.get("aliases")),
            abbreviations=_split(r.get("abbreviations")),
            healthy=r.get("healthy"),
        )
    return out


@lru_cache(maxsize=None)
def units() -> dict[str, Unit]:
    rows = load("lab_units.tsv", required=["id", "kind", "label", "pattern"])
    return {r["id"]: Unit(r["id"], r["kind"], r["label"], r.get("pint"), r["pattern"]) for r in rows}


@lru_cache(maxsize=None)
def _canonical_units() -> dict[str, dict]:
    return {r["id"]: r for r in load("lab_canonical_units.tsv", required=["id"])}


def _ordered_units() -> list[Unit]:
    # longer spellings first, so "mL/min/1.73 m2" wins over "mL/min" and "mg/dL" over "mg"
    return sorted(units().values(), key=lambda u: -len(u.pattern))


def unit_branches(kinds: tuple[str, ...] | None = None) -> list[str]:
    """The unit spellings (of the given kinds), longest first: the branches of ``UNIT_PATTERN``."""
    return [f"(?:{u.pattern})" for u in _ordered_units() if kinds is None or u.kind in kinds]


UNIT_END = r"(?![A-Za-z0-9])"
# A unit spelling right after a value; the lookahead keeps "g" from matching the start of "gamma".
UNIT_PATTERN = "(?:" + "|".join(unit_branches()) + ")" + UNIT_END
# Only the normal-limit multiples ("≤ ULN", "≥ the lower limit of normal"), for bounds without a number.
LIMIT_PATTERN = "(?:" + "|".join(unit_branches(("uln", "lln"))) + ")" + UNIT_END

_UNIT_RX = [(u, re.compile(u.pattern)) for u in _ordered_units()]


@lru_cache(maxsize=4096)
def identify_unit(surface: str) -> Unit | None:
    """The unit row a spelling as written belongs to ("/mm^3" -> cnt_per_mm3), or None."""
    s = surface.strip()
    for u, rx in _UNIT_RX:
        if rx.fullmatch(s):
            return u
    return None


def unit(unit_id: str) -> Unit:
    return units()[unit_id]


def canonical_unit(analyte_id: str, kind: str) -> str | None:
    if kind == "uln":
        return ULN
    if kind == "lln":
        return LLN
    a = analytes()[analyte_id]
    return a.canonical.get(kind) or a.canonical.get("*")


def resolve_analyte(analyte_id: str, u: Unit | None) -> str | None:
    """The analyte a bound with unit ``u`` is about: itself, a redirect, or None if incompatible."""
    a = analytes().get(analyte_id)
    if a is None:
        return None
    kind = u.kind if u is not None else "unitless"
    if kind in a.accepts:
        return analyte_id
    target = a.redirect.get(kind)
    if target and kind in analytes()[target].accepts:
        return target
    return None


@lru_cache(maxsize=1)
def _registry():
    import pint  # imported lazily, and only when a factor is not in the cached table

    ureg = pint.UnitRegistry()
    for d in load("lab_pint_definitions.yaml", required=["id", "definition"]):
        ureg.define(d["definition"])
    ureg.enable_contexts("chemistry")
    return ureg


def _pint_factor(src: str, dst: str, molar_mass: float | None) -> float:
    """Multiplier taking a value in pint expression ``src`` to ``dst``, computed by pint."""
    ureg = _registry()
    q_src = ureg.Quantity(1.0, src) if not _has_number(src) else ureg(src)
    q_dst = ureg(dst) if _has_number(dst) else ureg.Quantity(1.0, dst)
    if q_src.dimensionality != q_dst.dimensionality and molar_mass:
        converted = q_src.to(q_dst.units, "chemistry", mw=molar_mass * ureg("g/mol"))
    else:
        converted = q_src.to(q_dst.units)
    return float(converted.magnitude / q_dst.magnitude)


class NoFactor(ValueError):
    """The two units do not convert (pint refused them when the factor table was built)."""


@lru_cache(maxsize=None)
def _factor(src: str, dst: str, molar_mass: float | None) -> float:
    """Multiplier taking a value in pint expression ``src`` to ``dst``: from the table of every
    conversion the rule files allow (built by pint once, then read from the on-disk cache),
    else from pint."""
    table = factor_table()
    key = (src, dst, molar_mass)
    if key not in table:
        return _pint_factor(src, dst, molar_mass)
    if table[key] is None:
        raise NoFactor(f"{src} does not convert to {dst}")
    return table[key]


def _conversion(u: Unit, a: Analyte) -> tuple[str, str] | None:
    """(pint source, pint canonical) of a value in unit ``u`` for analyte ``a``, or None when
    no factor is involved (normal-limit multiples, bare numbers) or no pint expression exists."""
    if u.kind not in a.accepts or u.kind in ("uln", "lln", "unitless", "dipstick"):
        return None
    canon = _canonical_units().get(canonical_unit(a.id, u.kind))
    if not u.pint or canon is None or not canon.get("pint"):
        return None
    src = u.pint if u.kind not in a.implied else f"({u.pint}){a.implied[u.kind]}"
    return src, canon["pint"]


_FACTOR_RULES = ("analytes.tsv", "lab_units.tsv", "lab_canonical_units.tsv", "lab_pint_definitions.yaml")


@lru_cache(maxsize=1)
def factor_table() -> dict[tuple, float | None]:
    """Every (source, canonical, molar mass) conversion the rule files allow -> its factor
    (None: pint refuses it). Pint (about 1 s of import and registry per process) runs only
    when the rule files, pint or Python changed since the table was cached."""
    import sys
    from importlib.metadata import version

    from extract import cache
    from extract.ruledata import rule_path

    name = "unit-factors-" + cache.key_of(sys.version, version("pint"),
                                          *(rule_path(n).read_bytes() for n in _FACTOR_RULES))
    rows = cache.load(name)
    if rows is None:
        keys = {(*conv, a.molar_mass) for a in analytes().values() for u in units().values()
                if (conv := _conversion(u, a)) is not None}
        rows = [(*k, _try_factor(*k)) for k in sorted(keys, key=repr)]
        cache.store(name, rows)
    return {(s, d, m): f for s, d, m, f in rows}


def _try_factor(src: str, dst: str, molar_mass: float | None) -> float | None:
    try:
        return _pint_factor(src, dst, molar_mass)
    except Exception:  # noqa: BLE001  (pint dimensionality or parse error: no conversion)
        return None


def _has_number(expr: str) -> bool:
    return bool(re.match(r"\s*\d", expr))


def round_sig(value: float, digits: int = SIGNIFICANT) -> float:
    if value == 0:
        return 0.0
    return float(f"{value:.{digits}g}")


def to_canonical(value: float, u: Unit | str | None, analyte_id: str) -> tuple[float, str] | None:
    """``value`` written in unit ``u`` for ``analyte_id`` -> (value, canonical unit label).

    ``u`` is a :class:`Unit`, a unit id, or None for a bare number (the analyte must accept
    unitless values, e.g. INR). Returns None when the unit does not fit the analyte (a dose in
    mg/kg is no creatinine). The analyte may not be redirected here: call :func:`resolve_analyte`.
    """
    if isinstance(u, str):
        u = units()[u]
    a = analytes()[analyte_id]
    kind = u.kind if u is not None else "unitless"
    if kind not in a.accepts:
        return None
    label = canonical_unit(analyte_id, kind)
    if kind in ("uln", "lln", "unitless", "dipstick"):
        return round_sig(value), label
    conv = _conversion(u, a)
    if conv is None:
        return None
    if kind == "equiv_conc":
        value = value / (a.valence or 1.0)
    try:
        f = _factor(conv[0], conv[1], a.molar_mass)
    except Exception:  # pint dimensionality error: the unit does not fit this analyte
        return None
    return round_sig(value * f), label


def plausible(analyte_id: str, value: float, label: str) -> bool:
    """Is ``value`` (canonical ``label``) a believable bound for the analyte? Guards misreads."""
    canon = _canonical_units().get(label) or {}
    lo, hi = _float(canon.get("plausible_min")), _float(canon.get("plausible_max"))
    if lo is None and hi is None and label not in (ULN, LLN):
        a = analytes()[analyte_id]
        lo, hi = a.plausible_min, a.plausible_max
    if lo is not None and value < lo:
        return False
    if hi is not None and value > hi:
        return False
    return True


@lru_cache(maxsize=None)
def _defaults() -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in load("lab_defaults.tsv", required=["id", "analyte", "min", "max", "unit"]):
        out.setdefault(r["analyte"], []).append(r)
    return out


def default_unit(analyte_id: str, value: float) -> tuple[Unit | None, str] | None:
    """Unit implied by a bare number for the analyte: (Unit or None for canonical, rule id)."""
    for r in _defaults().get(analyte_id, ()):
        if float(r["min"]) <= value < float(r["max"]):
            if r["unit"] == "canonical":
                return None, r["id"]
            return units()[r["unit"]], r["id"]
    return None


def convert_bare(value: float, analyte_id: str) -> tuple[float, str, str] | None:
    """A number written without unit -> (canonical value, label, default rule id), or None."""
    hit = default_unit(analyte_id, value)
    if hit is None:
        return None
    u, rid = hit
    if u is None:
        a = analytes()[analyte_id]
        label = a.canonical.get("*") or next(iter(a.canonical.values()))
        return round_sig(value), label, rid
    conv = to_canonical(value, u, analyte_id)
    if conv is None:
        return None
    return conv[0], conv[1], rid

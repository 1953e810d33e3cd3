"""Dose rows while they are read: merging a restated dose into the first one."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .rules import NO_SOURCE, OWN, SENTENCE, CHOSEN_CONTEXT, rules


# ----------------------------------------------------------------------------- rows

@dataclass
class Row:
    start: int
    end: int
    ev_start: int
    ev_end: int
    rule_id: str
    attrs: dict
    src: dict = field(default_factory=dict)  # attribute -> provenance rank
    arm: tuple | None = None  # the arm block it was read under (its label's span)


def fold(s: str | None) -> str | None:
    return "".join(s.split()).casefold() if s else None


def _compatible_text(a: str | None, b: str | None) -> bool:
    """Null, equal, or one's words a run of the other's ("Arm B" in "Arm B (control)"; not
    "Arm I" in "Arm II")."""
    if not a or not b:
        return True
    wa, wb = _WORDS.findall(a.casefold()), _WORDS.findall(b.casefold())
    short, long_ = sorted((wa, wb), key=len)
    n = len(short)
    return any(long_[i:i + n] == short for i in range(len(long_) - n + 1))


_WORDS = re.compile(r"\w+")


def same_key(a: dict, b: dict) -> bool:
    return a["unit"] == b["unit"] and abs(a["dose_low"] - b["dose_low"]) <= 1e-9 * max(1.0, abs(a["dose_low"])) and abs(
        a["dose_high"] - b["dose_high"]) <= 1e-9 * max(1.0, abs(a["dose_high"]))


def _mergeable(a: Row, b: Row) -> bool:
    x, y = a.attrs, b.attrs
    if not same_key(x, y):
        return False
    if x["dose_level"] is not None and y["dose_level"] is not None and x["dose_level"] != y["dose_level"]:
        return False
    if (x["context"] == CHOSEN_CONTEXT) != (y["context"] == CHOSEN_CONTEXT):
        return False  # "6.4 mg/kg was selected as RP2D": a row of its own beside dose level 5
    if _once_and_repeated(a, b) or _once_and_repeated(b, a) or (
            x["route"] != y["route"] and a.src.get("route") == b.src.get("route") == OWN):
        return False
    if a.arm is not None and b.arm is not None and a.arm != b.arm and fold(x["context"]) != fold(y["context"]):
        # two arms, one label inside the other ("A + B + C" and "B + C"): one row per arm
        return False
    return _compatible_text(x["context"], y["context"]) and _compatible_text(x["intervention"], y["intervention"])


def _once_and_repeated(a: Row, b: Row) -> bool:
    """Whether ``a`` is a dose given once by its own words ("a single 120 mg dose", a loading
    dose: null interval) and ``b`` a repeated one: two doses, not one text read twice."""
    return a.attrs["interval_days"] is None and a.src.get("interval_days") == OWN and b.attrs["interval_days"] is not None


def _merge(a: Row, b: Row) -> None:
    for k, v in b.attrs.items():
        if v is None:
            continue
        if a.attrs.get(k) is None or b.src.get(k, NO_SOURCE) < a.src.get(k, NO_SOURCE):
            a.attrs[k] = v
            a.src[k] = b.src.get(k, NO_SOURCE)


def dedup(rows: list[Row]) -> list[Row]:
    out: list[Row] = []
    for r in rows:
        for o in out:
            if _mergeable(o, r):
                _merge(o, r)
                break
        else:
            out.append(r)
    return out


def for_every_group(text: str, rows: list[Row], named_before=lambda pos: []) -> list[Row]:
    """A dose without a context in a sentence about every group ("In both groups trastuzumab
    is given ... 8 mg/kg ...", also in a later sentence of its paragraph) is each earlier group's dose: one row per group named before it
    (``named_before``: the span's labels and sentence cues) or context read before it."""
    out: list[Row] = []
    for r in rows:
        earlier = [o.attrs["context"] for o in out if o.attrs["context"]]
        groups = list(dict.fromkeys(earlier + (named_before(r.ev_start) if r.attrs["context"] is None else [])))
        # the sentence, or the paragraph before it, is about every group
        if r.attrs["context"] is None and groups and rules().all_groups.search(text, text.rfind("\n", 0, r.ev_start) + 1, r.ev_end):
            for g in groups:
                out.append(Row(r.start, r.end, r.ev_start, r.ev_end, r.rule_id, {**r.attrs, "context": g},
                                {**r.src, "context": SENTENCE}))
        else:
            out.append(r)
    return out

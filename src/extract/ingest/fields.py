"""Read the structured fields of one study record, as ``rules/record_fields.yaml`` says where
they are in each format. Mechanism only: paths, lists and attributes are rule data.

A JSON path is dotted from the study object; ``key[]`` walks the list under ``key``. An XML
path is an ElementPath from ``<clinical_study>``; ``@name`` is an attribute. Every value comes
with the concrete path it was read from (``...secondaryIdInfos[1].id``, or
``/clinical_study/id_info/secondary_id[2]``): that is the ``record_field`` of its facts.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .. import ruledata

SLOTS = (
    "nct_id", "title_brief", "title_official", "acronym", "org_study_id", "secondary_id", "nct_alias", "related_nct",
    "overall_status", "date", "study_type", "phases", "enrollment", "sex", "min_age", "max_age",
    "healthy_volunteers", "list", "text", "item",
)
FORMATS = ("v2", "v1", "xml")


@dataclass(frozen=True)
class Read:
    """One string read from a record and the path it came from."""

    text: str
    path: str


@dataclass(frozen=True)
class Value:
    """One value of a field rule: the value, and its type, free text and names where the rule
    asks for them."""

    rule: dict
    value: Read | None
    type: Read | None = None
    text: Read | None = None
    names: tuple[Read, ...] = ()


@lru_cache(maxsize=1)
def field_rules() -> tuple[dict, ...]:
    rows = ruledata.load("record_fields.yaml", required=["slot", "label"])
    for r in rows:
        if r["slot"] not in SLOTS:
            raise ruledata.RuleFileError(f"record_fields.yaml: {r['id']}: unknown slot {r['slot']!r}")
        if not any(f in r for f in FORMATS):
            raise ruledata.RuleFileError(f"record_fields.yaml: {r['id']}: no format path")
    return tuple(rows)


def _spec(rule: dict, fmt: str) -> dict | None:
    spec = rule.get(fmt)
    if spec is None:
        return None
    return {"each": spec, "value": "."} if isinstance(spec, str) else spec


# ---------------------------------------------------------------------------- JSON
def _scalar(v: Any) -> str | None:
    if v is None or isinstance(v, (dict, list)):
        return None
    if isinstance(v, bool):
        return "Yes" if v else "No"
    return str(v)


def json_nodes(node: Any, path: str, base: str = "") -> list[tuple[Any, str]]:
    """The nodes at ``path`` under ``node`` with their concrete paths."""
    cur = [(node, base)]
    if path == ".":
        return cur
    for part in path.split("."):
        many = part.endswith("[]")
        key = part[:-2] if many else part
        nxt = []
        for n, p in cur:
            if not isinstance(n, dict) or n.get(key) is None:
                continue
            v, np = n[key], f"{p}.{key}" if p else key
            if many:
                if isinstance(v, list):
                    nxt.extend((x, f"{np}[{i}]") for i, x in enumerate(v) if x is not None)
            else:
                nxt.append((v, np))
        cur = nxt
    return cur


def _json_reads(node: Any, path: str | None, base: str) -> list[Read]:
    if not path:
        return []
    out = []
    for v, p in json_nodes(node, path, base):
        s = _scalar(v)
        if s is not None and s.strip():
            out.append(Read(s, p))
    return out


# ----------------------------------------------------------------------------- XML
def _xml_reads(el: Any, path: str | None) -> list[Read]:
    if not path:
        return []
    tree = el.getroottree()
    if path.startswith("@") or "/@" in path:
        head, _, attr = path.rpartition("@")
        nodes = [el] if head in ("", "/") else el.findall(head.rstrip("/"))
        return [Read(n.get(attr), f"{tree.getpath(n)}/@{attr}") for n in nodes if (n.get(attr) or "").strip()]
    nodes = [el] if path == "." else el.findall(path)
    out = []
    for n in nodes:
        s = "".join(n.itertext())
        if s.strip():
            out.append(Read(s, tree.getpath(n)))
    return out


# --------------------------------------------------------------------------- values
def read_values(fmt: str, study: Any) -> list[Value]:
    """Every value the field rules find in ``study`` (a JSON object or the XML root), in rule
    order. A rule with ``unless`` is read only when the rule it names found nothing."""
    found: dict[str, list[Value]] = {}
    for rule in field_rules():
        spec = _spec(rule, fmt)
        if spec is None or (rule.get("unless") and found.get(rule["unless"])):
            continue
        found[rule["id"]] = _rule_values(fmt, study, rule, spec)
    return [v for vs in found.values() for v in vs]


def _reads(fmt: str, node: Any, base: str | None, path: str | None) -> list[Read]:
    if not path:
        return []
    return _xml_reads(node, path) if fmt == "xml" else _json_reads(node, path, base)


def _rule_values(fmt: str, study: Any, rule: dict, spec: dict) -> list[Value]:
    out = []
    if fmt == "xml":
        nodes = [(n, None) for n in ([study] if spec["each"] == "." else study.findall(spec["each"]))]
    else:
        nodes = json_nodes(study, spec["each"])
    vpath, tpath, xpath, npath = spec.get("value"), spec.get("type"), spec.get("text"), spec.get("names")
    for node, base in nodes:
        values = _reads(fmt, node, base, vpath)
        text = _reads(fmt, node, base, xpath)
        if not values and not text:
            continue
        typ = _reads(fmt, node, base, tpath)
        out.append(Value(rule, values[0] if values else None, typ[0] if typ else None, text[0] if text else None,
                         tuple(_reads(fmt, node, base, npath))))
    return out

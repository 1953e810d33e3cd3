"""Load and validate the rule files shipped in ``extract/rules``.

Rules are data: every row of every rule file has a stable ``id``. Files are JSONL, TSV or
YAML (a YAML file holds a list of mappings, or a mapping with a ``rules`` list). Loading
NFKC-normalises the words of every row (:func:`nfkc_rule`: the pipeline's text is NFKC, so a
writer spells a word as it is spelt, "ต่ำ" not "ต่ํา", "µg" or "μg"), refuses a YAML mapping
that names one key twice, and checks that ids are present and unique and that required columns
are filled, so a broken rule file fails at start-up with the file and row named, not later
with a KeyError.
"""
from __future__ import annotations

import csv
import hashlib
import json
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

import yaml

RULES_PACKAGE = "extract.rules"


class RuleFileError(ValueError):
    pass


def rule_path(name: str):
    return resources.files(RULES_PACKAGE).joinpath(name)


def rule_files() -> list[str]:
    """Every rule file in the package, sorted."""  # noqa: D401
    return sorted(
        p.name
        for p in resources.files(RULES_PACKAGE).iterdir()
        if p.name.endswith((".tsv", ".jsonl", ".yaml", ".yml"))
    )


def rule_hashes() -> dict[str, str]:
    """sha256 of every rule file, for run provenance."""
    return {n: hashlib.sha256(rule_path(n).read_bytes()).hexdigest() for n in rule_files()}


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's parser when PyYAML was built with it (about 10x faster start-up), else pure
    Python; a mapping that names one key twice is refused (YAML would keep the last one and
    silently drop the rows under the first, as a merge of two branches can leave it)."""

    def construct_mapping(self, node, deep=False):  # noqa: ANN001 (PyYAML's signature)
        seen: set = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise RuleFileError(f"{key_node.start_mark.name}: line {key_node.start_mark.line + 1}: "
                                    f"the key {key!r} appears twice in one mapping")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_YAML_LOADER = _UniqueKeyLoader


@lru_cache(maxsize=None)
def _parse_yaml(name: str) -> Any:
    """A YAML rule file parsed once per process, however many of its keys are loaded."""
    return yaml.load(rule_path(name).read_text(encoding="utf-8"), Loader=_YAML_LOADER)  # noqa: S506 (a safe loader)


def _read(name: str, key: str = "rules") -> list[dict[str, Any]]:
    if name.endswith((".yaml", ".yml")):
        data = _parse_yaml(name)
        if isinstance(data, dict):
            data = data.get(key, [])
        if not isinstance(data, list):
            raise RuleFileError(f"{name}: expected a list of rules")
        return data
    raw = rule_path(name).read_text(encoding="utf-8")
    if name.endswith(".tsv"):
        lines = [ln for ln in raw.splitlines() if ln.strip() and not ln.startswith("#")]
        rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
        return [{k: (v if v != "" else None) for k, v in r.items()} for r in rows]
    if name.endswith(".jsonl"):
        out = []
        for i, ln in enumerate(raw.splitlines(), 1):
            if ln.strip() and not ln.lstrip().startswith("//"):
                try:
                    out.append(json.loads(ln))
                except json.JSONDecodeError as e:
                    raise RuleFileError(f"{name}:{i}: {e}") from e
        return out
    raise RuleFileError(f"{name}: unknown rule file type")


def _nfkc_char(c: str) -> str:
    """A character's NFKC form when that is made of non-ASCII letters and marks ("ำ" -> "ํา",
    "µ" -> "μ", "ヿ" -> "コト"), else the character as written: NFKC maps fullwidth punctuation,
    circled and superscript digits and roman numerals to ASCII ("（" -> "(", "①" -> "1"), which
    in a pattern may be a regex metacharacter or a range's end; the text never holds them."""
    n = unicodedata.normalize("NFKC", c)
    if n != c and all(ord(x) > 127 and unicodedata.category(x)[0] in "LM" for x in n):
        return n
    return c


def nfkc_rule(s: str) -> str:
    """A rule's word or pattern in the NFKC form of the text it is matched against. Characters
    inside a character class ("[...]") stay as written (a class is a set of single characters;
    NFKC may turn one into several); outside, each takes :func:`_nfkc_char`."""
    if s.isascii() or unicodedata.is_normalized("NFKC", s):
        return s
    out, in_class, esc = [], False, False
    for c in s:
        if esc:
            out.append(c)
            esc = False
            continue
        if c == "\\":
            esc = True
        elif c == "[" and not in_class:
            in_class = True
        elif c == "]" and in_class:
            in_class = False
        out.append(c if in_class or c.isascii() else _nfkc_char(c))
    return "".join(out)


def _nfkc_value(v: Any) -> Any:
    if isinstance(v, str):
        return nfkc_rule(v)
    if isinstance(v, list):
        return [_nfkc_value(x) for x in v]
    return v


def _nfkc_row(row: dict[str, Any]) -> dict[str, Any]:
    """The row with every string value but its id NFKC-normalised (the same dict when none changes)."""
    new = {k: (v if k == "id" else _nfkc_value(v)) for k, v in row.items()}
    return row if new == row else new


def _wants_nfkc(name: str) -> bool:
    """False for a YAML file that declares ``nfkc: false`` (its rows read text before NFKC)."""
    if not name.endswith((".yaml", ".yml")):
        return True
    data = _parse_yaml(name)
    return not (isinstance(data, dict) and data.get("nfkc") is False)


@lru_cache(maxsize=None)
def _load_cached(name: str, required: tuple[str, ...], key: str) -> tuple[dict[str, Any], ...]:
    rows = _read(name, key)
    seen: set[str] = set()
    for i, row in enumerate(rows, 1):
        if not isinstance(row, dict):
            raise RuleFileError(f"{name}: row {i} is not a mapping")
        rid = row.get("id")
        if not rid:
            raise RuleFileError(f"{name}: row {i} has no id")
        if rid in seen:
            raise RuleFileError(f"{name}: duplicate id {rid!r}")
        seen.add(rid)
        for col in required:
            if row.get(col) in (None, ""):
                raise RuleFileError(f"{name}: row {rid!r} lacks {col!r}")
    if _wants_nfkc(name):
        rows = [_nfkc_row(r) for r in rows]
    return tuple(rows)


def load(name: str, required: Iterable[str] = (), key: str = "rules") -> list[dict[str, Any]]:
    """Rows of rule file ``name`` (validated, cached). Callers must not mutate them.

    A YAML file may hold several lists of rules under different keys; ``key`` picks one.
    """
    return list(_load_cached(name, tuple(required), key))

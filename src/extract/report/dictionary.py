"""The data dictionary, generated: ``docs/DATA_DICTIONARY.md`` (``trial-extract schema --markdown``).

Sources, each kept by hand once: the Arrow schemas (``extract.schema``), the shared contract
(``../shared/CONTRACT.md``: column meanings and enums), the project's additions and
conventions (``DATA_DICTIONARY.md``) and the rule vocabularies (``src/extract/rules``).
"""
from __future__ import annotations

import os
import re
from collections import defaultdict
from pathlib import Path

from .. import ruledata
from ..schema import SCHEMA_VERSION, SCHEMAS
from .mdparse import describe_prose, describe_table, sections, ticks

ROOT = Path(__file__).resolve().parents[3]
CONTRACT_ENV = "TRIAL_EXTRACT_CONTRACT"
GENERATED = "docs/DATA_DICTIONARY.md"
ADDED_COLUMNS, ADDED_REASONS, ADDED_TABLES = "Columns added", "Reject reasons added", "Tables added"


def contract_path() -> Path:
    return Path(os.environ.get(CONTRACT_ENV) or ROOT.parent / "shared" / "CONTRACT.md")


def additions_path() -> Path:
    return ROOT / "DATA_DICTIONARY.md"


def _cell(s: str) -> str:
    return re.sub(r"\s+", " ", s).replace("|", "\\|").strip()


def contract_meanings(text: str) -> tuple[dict, dict]:
    """({(table, column): meaning}, {table: heading}) from CONTRACT.md."""
    every = {f.name for s in SCHEMAS.values() for f in s}
    meanings, headings, common = {}, {}, {}
    for head, body in sections(text):
        table = head.split()[0] if head else ""
        if not head:
            common = describe_prose(body, every)
            continue
        if table not in SCHEMAS:
            continue
        headings[table] = head.partition("—")[2].strip()
        found = {**describe_prose(body, set(SCHEMAS[table].names)), **describe_table(body)}
        named = set(ticks(body)) | set(found)
        for col in SCHEMAS[table].names:
            if col in named or col in common:
                meanings[(table, col)] = found.get(col) or common.get(col, "")
    return meanings, headings


def project_meanings(text: str) -> tuple[dict, dict, str]:
    """({(table, column): meaning}, {reason: meaning}, other sections verbatim) from DATA_DICTIONARY.md."""
    meanings, reasons, rest = {}, {}, []
    for head, body in sections(text)[1:]:
        if head.startswith(ADDED_COLUMNS):
            for cells in [c for c in _rows(body) if len(c) >= 4]:
                for table in [t for t in ticks(cells[0]) if t in SCHEMAS] or _every_fact_table(cells[0]):
                    for col in ticks(cells[1]):
                        meanings[(table, col)] = cells[-1]
        elif head.startswith(ADDED_REASONS):
            reasons = describe_prose(body)
        elif head.startswith(ADDED_TABLES):
            for table in [t for t in ticks(body) if t in SCHEMAS]:
                found = describe_prose(body, set(SCHEMAS[table].names))
                for col in [c for c in ticks(body) if c in SCHEMAS[table].names]:
                    meanings.setdefault((table, col), found.get(col, ""))
        else:
            rest.append(f"### {head}\n{body.rstrip()}\n")
    return meanings, reasons, "\n".join(rest)


def _rows(body: str) -> list[list[str]]:
    from .mdparse import table_rows

    return table_rows(body)


def _every_fact_table(cell: str) -> list[str]:
    return [t for t, s in SCHEMAS.items() if "char_start" in s.names] if "every fact table" in cell else []


def _enum(meaning: str) -> list[str]:
    """The ALL_CAPS codes a meaning lists (in order, once each)."""
    return list(dict.fromkeys(t for t in ticks(meaning) if re.fullmatch(r"[A-Z][A-Z0-9_]+", t)))


def table_section(table: str, contract: dict, project: dict, heading: str) -> list[str]:
    out = [f"### `{table}`" + (f": {heading}" if heading else ""), "",
           "| column | Arrow type | nulls | defined by | meaning and values |", "|---|---|---|---|---|"]
    for f in SCHEMAS[table]:
        key = (table, f.name)
        source = "contract" if key in contract else "project" if key in project else "project (not yet described)"
        meaning = contract.get(key) or project.get(key) or ""
        out.append(f"| `{f.name}` | `{f.type}` | {'yes' if f.nullable else 'no'} | {source} | {_cell(meaning)} |")
    return out + [""]


def enum_section(contract: dict) -> list[str]:
    out = ["## Enumerations (from the contract)", "", "| table | column | values |", "|---|---|---|"]
    for (table, col), meaning in contract.items():
        values = _enum(meaning)
        if len(values) >= 2 and ticks(meaning)[0] == values[0]:  # a list of codes, not examples
            out.append(f"| `{table}` | `{col}` | {', '.join(f'`{v}`' for v in values)} |")
    return out + [""]


def reasons_section(contract: dict, added: dict) -> list[str]:
    listed = [t for t in ticks(contract.get(("rejects", "reason"), "")) if re.fullmatch(r"[a-z_]+", t)]
    out = ["## Reject reasons (`rejects.reason`)", "", "| reason | defined by | meaning |", "|---|---|---|"]
    out += [f"| `{r}` | contract | |" for r in listed]
    out += [f"| `{r}` | project | {_cell(m)} |" for r, m in added.items() if r not in listed]
    return out + [""]


def _grouped(rows: list[dict], key: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        out[str(r[key])].append(r["id"])
    return out


def vocab_sections(contract: dict) -> list[str]:
    """The rule vocabularies: analytes, units, HER2 statuses, routes, field values, id types."""
    out = ["## Vocabularies (from the rule files)", "", "### Analytes (`lab_thresholds.analyte`, `rules/analytes.tsv`)", "",
           "| analyte | name | canonical unit | LOINC | in the contract's vocabulary |", "|---|---|---|---|---|"]
    for r in ruledata.load("analytes.tsv"):
        out.append(f"| `{r['id']}` | {_cell(r.get('name') or '')} | {_cell(r.get('canonical') or '')} | "
                   f"{r.get('loinc') or ''} | {'yes' if r.get('vocab') == 'yes' else 'no'} |")
    out += ["", "### Canonical units of lab values (`lab_thresholds.unit`, `rules/lab_canonical_units.tsv`)", "",
            "| unit | converted with pint as |", "|---|---|"]
    out += [f"| `{r['id']}` | {_cell(r.get('pint') or '(not converted)')} |" for r in ruledata.load("lab_canonical_units.tsv")]
    her2 = describe_prose(contract.get(("her2_criteria", "her2_status"), ""))
    words = _grouped(ruledata.load("her2_status.tsv"), "status")
    out += ["", "### HER2 statuses (`her2_criteria.her2_status`; words: `rules/her2_status.tsv`)", "",
            "| status | meaning (contract) | status-word rules |", "|---|---|---|"]
    statuses = _enum(contract.get(("her2_criteria", "her2_status"), ""))
    for status in dict.fromkeys(statuses + sorted(words)):
        rules = ", ".join(f"`{i}`" for i in words.get(status, []))
        meaning = her2.get(status, "") if status in statuses else "(rule-internal: not a `her2_status` value)"
        out.append(f"| `{status}` | {_cell(meaning)} | {rules} |")
    for title, file, key in (("Dose units (`doses.unit` base units, `rules/dose_units.tsv`)", "dose_units.tsv", "unit"),
                             ("Routes (`doses.route`, `rules/dose_routes.tsv`)", "dose_routes.tsv", "route"),
                             ("Identifier types (`trial_ids.id_type`, `rules/ids.yaml`)", "ids.yaml", "id_type")):
        out += ["", f"### {title}", "", "| value | rules |", "|---|---|"]
        out += [f"| `{v}` | {', '.join(f'`{i}`' for i in ids)} |" for v, ids in _grouped(ruledata.load(file), key).items()]
    out += ["", "### Trial-level values (`rules/values.yaml`)", "", "| column | value | rules |", "|---|---|---|"]
    fields: dict[tuple, list[str]] = defaultdict(list)
    for r in [r for r in ruledata.load("values.yaml") if r["field"] in SCHEMAS["trials"].names]:
        fields[(r["field"], str(r["value"]))].append(r["id"])
    out += [f"| `{f}` | `{v}` | {', '.join(f'`{i}`' for i in ids)} |" for (f, v), ids in fields.items()]
    return out + [""]


def dictionary_markdown(contract_file: Path | None = None, additions_file: Path | None = None) -> str:
    cfile, afile = contract_file or contract_path(), additions_file or additions_path()
    if not cfile.exists():
        raise FileNotFoundError(f"the shared contract is not at {cfile} (set {CONTRACT_ENV})")
    contract, headings = contract_meanings(cfile.read_text(encoding="utf-8"))
    project, reasons, notes = project_meanings(afile.read_text(encoding="utf-8") if afile.exists() else "")
    out = ["# Data dictionary", "",
           "<!-- Generated by `trial-extract dictionary --write docs/DATA_DICTIONARY.md`; do not edit by hand. -->",
           "Generated from the Arrow schemas (`src/extract/schema.py`), the shared contract (`../shared/CONTRACT.md`), "
           "the project's additions and conventions (`DATA_DICTIONARY.md`) and the rule files (`src/extract/rules/`). "
           f"Schema version `{SCHEMA_VERSION}`. `trial-extract schema --markdown` prints it.", "",
           "## Tables", ""]
    for table in SCHEMAS:
        out += table_section(table, contract, project, headings.get(table, ""))
    out += enum_section(contract) + reasons_section(contract, reasons) + vocab_sections(contract)
    if notes:
        out += ["## Notes (from `DATA_DICTIONARY.md`)", "", notes]
    return "\n".join(out).rstrip() + "\n"

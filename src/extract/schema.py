"""One explicit pyarrow schema per curated table: the data dictionary's source.

CONTRACT.md (shared) defines the columns analysts rely on; this project adds a few
(``rule_id`` on every fact, ``layout`` details, ``runs``) and never renames or drops any.
"""
from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = "1.1"

_s = pa.string()
_ts = pa.timestamp("us", tz="UTC")

_FACT = [
    pa.field("evidence", _s),
    pa.field("char_start", pa.int32(), nullable=False),
    pa.field("char_end", pa.int32(), nullable=False),
    pa.field("rule_id", _s),
    # the record field a fact was read from, for registry record files
    # ("protocolSection.eligibilityModule.eligibilityCriteria", "/clinical_study/phase"); null for pages
    pa.field("record_field", _s),
]
_DOC = [pa.field("document_id", _s, nullable=False), pa.field("nct_id", _s)]

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema(
        _DOC
        + [
            pa.field("source_path", _s, nullable=False),
            pa.field("sha256", _s, nullable=False),
            pa.field("text", pa.large_string(), nullable=False),
            pa.field("layout", _s),
            pa.field("ingested_at", _ts, nullable=False),
            pa.field("n_sections", pa.int32()),
            pa.field("n_criteria", pa.int32()),
        ]
    ),
    "trials": pa.schema(
        _DOC
        + [
            pa.field("title", _s),
            pa.field("phases", pa.list_(_s)),
            pa.field("overall_status", _s),
            pa.field("study_type", _s),
            pa.field("enrollment", pa.int32()),
            pa.field("enrollment_type", _s),
            pa.field("min_age_years", pa.float64()),
            pa.field("max_age_years", pa.float64()),
            pa.field("sex", _s),
            pa.field("healthy_volunteers", pa.bool_()),
            pa.field("last_update_posted", pa.date32()),
            pa.field("is_current", pa.bool_()),
        ]
    ),
    "trial_ids": pa.schema(
        _DOC
        + [pa.field("id_value", _s, nullable=False), pa.field("id_type", _s, nullable=False), pa.field("role", _s, nullable=False)]
        + _FACT
    ),
    "dates": pa.schema(
        _DOC
        + [
            pa.field("date_type", _s, nullable=False),
            pa.field("date", pa.date32()),
            pa.field("precision", _s),
            pa.field("is_estimated", pa.bool_()),
        ]
        + _FACT
    ),
    "doses": pa.schema(
        _DOC
        + [
            pa.field("intervention", _s),
            pa.field("dose_low", pa.float64()),
            pa.field("dose_high", pa.float64()),
            pa.field("unit", _s),
            pa.field("route", _s),
            pa.field("interval_days", pa.float64()),
            pa.field("dose_level", pa.int32()),
            pa.field("context", _s),
        ]
        + _FACT
    ),
    "lab_thresholds": pa.schema(
        _DOC
        + [
            pa.field("criterion_type", _s),
            pa.field("analyte", _s),
            pa.field("comparator", _s),
            pa.field("value", pa.float64()),
            pa.field("unit", _s),
            pa.field("value_as_written", _s),
            pa.field("unit_as_written", _s),
            pa.field("condition", _s),
        ]
        + _FACT
    ),
    "her2_criteria": pa.schema(
        _DOC
        + [
            pa.field("criterion_type", _s),
            pa.field("her2_status", _s),
            pa.field("ihc_scores", pa.list_(_s)),
            pa.field("ish", _s),
            pa.field("expression_pct_min", pa.float64()),
            pa.field("assay_text", _s),
        ]
        + _FACT
    ),
    "rejects": pa.schema(
        [
            pa.field("source_path", _s, nullable=False),
            pa.field("sha256", _s),
            pa.field("reason", _s, nullable=False),
            pa.field("detail", _s),
            pa.field("rejected_at", _ts, nullable=False),
            pa.field("document_id", _s),
            pa.field("nct_id", _s),
        ]
    ),
    "runs": pa.schema(
        [
            pa.field("run_id", _s, nullable=False),
            pa.field("started_at", _ts, nullable=False),
            pa.field("finished_at", _ts, nullable=False),
            pa.field("pipeline_version", _s, nullable=False),
            pa.field("schema_version", _s, nullable=False),
            pa.field("rule_hashes", pa.map_(_s, _s)),
            pa.field("table_counts", pa.map_(_s, pa.int64())),
            pa.field("n_added", pa.int32()),
            pa.field("n_changed", pa.int32()),
            pa.field("n_removed", pa.int32()),
            pa.field("n_unchanged", pa.int32()),
            pa.field("n_rejects", pa.int32()),
        ]
    ),
}

# tables with one row per document fact, keyed by document_id (carried over incrementally)
DOCUMENT_TABLES = ("documents", "trials", "trial_ids", "dates", "doses", "lab_thresholds", "her2_criteria")
ALL_TABLES = DOCUMENT_TABLES + ("rejects", "runs")


def empty_table(name: str) -> pa.Table:
    return SCHEMAS[name].empty_table()


def to_table(name: str, rows: list[dict]) -> pa.Table:
    """Rows (dicts) -> a table with the explicit schema; missing columns are null."""
    schema = SCHEMAS[name]
    cols = {f.name: [r.get(f.name) for r in rows] for f in schema}
    return pa.Table.from_pydict(cols, schema=schema)

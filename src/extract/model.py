"""The document model every stage shares.

Data flows one way: ``ingest`` makes a :class:`Document`; ``layout`` gives it a
:class:`Layout` (sections and eligibility criteria); the components turn them into
:class:`Fact` objects; ``records`` turns facts into table rows.

All offsets (``start``/``end``, ``char_start``/``char_end``) are offsets into
``Document.text``, the normalized text stored in ``documents.parquet``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# Section names (the vocabulary of ``Section.name``). Headings that map onto these live
# in ``rules/sections.yaml``.
SECTION_NAMES = (
    "title",
    "identification",
    "status",  # status and dates
    "summary",  # brief summary / detailed description / plain-language body
    "conditions",
    "design",
    "arms",  # arms, study groups and interventions
    "eligibility",
    "inclusion",
    "exclusion",
    "outcomes",
    "sponsors",  # sponsors, responsible party, investigators and contacts
    "locations",
    "related",  # related / similar trials: their NCT IDs are never the record's own
    "other",
)

INCLUSION = "INCLUSION"
EXCLUSION = "EXCLUSION"
POPULATION = "POPULATION"


@dataclass(frozen=True)
class Document:
    document_id: str
    source_path: str
    sha256: str
    text: str
    ingested_at: datetime
    # a registry record file's document: its format, structured facts and field map
    # (``ingest.RecordInfo``); None for a text page
    record: Any = None


@dataclass(frozen=True)
class Section:
    """A named region ``text[start:end]`` of a document (heading excluded)."""

    name: str
    start: int
    end: int
    heading: str | None = None  # the heading or label as written, if any
    rule_id: str | None = None  # id of the heading rule that opened it


@dataclass(frozen=True)
class Criterion:
    """One eligibility criterion: ``text[start:end]`` with its list marker stripped.

    ``criterion_type`` is the list it sits in (INCLUSION or EXCLUSION). ``parent`` is the
    index (into ``Layout.criteria``) of the criterion whose sub-list this one belongs to,
    e.g. "Adequate organ function:" followed by nested items; ``heading`` is that
    parent's text for convenience. ``cued`` is False for an open-text unit whose type nothing
    on the page decided (no list heading, exclusion section, cue word or lead-in): see
    :func:`extract.context.bound_type`.
    """

    criterion_type: str
    start: int
    end: int
    text: str
    parent: int | None = None
    heading: str | None = None
    cued: bool = True  # False: no heading, section or cue word typed it (INCLUSION by default)


@dataclass
class Layout:
    name: str  # labeled_mirror | stripped_mirror | registry_table | plain_summary | ... | unknown
    sections: list[Section] = field(default_factory=list)
    criteria: list[Criterion] = field(default_factory=list)

    def of(self, *names: str) -> list[Section]:
        return [s for s in self.sections if s.name in names]

    def within(self, pos: int, name: str) -> bool:
        """Whether ``pos`` lies inside a section called ``name``."""
        ranges = self._ranges.get(name)
        if ranges is None:
            ranges = self._ranges[name] = [(s.start, s.end) for s in self.sections if s.name == name]
        return any(a <= pos < b for a, b in ranges)

    def __post_init__(self) -> None:
        self._ranges: dict[str, list[tuple[int, int]]] = {}


@dataclass
class Fact:
    """One extracted fact: a labelled span with its rule id and normalized attributes.

    ``start``/``end`` delimit the surface that was read; ``evidence_start``/``evidence_end``
    the sentence or criterion line it came from. ``attrs`` holds the table columns of the
    fact's kind (see ``schema.py``), already normalized.
    """

    kind: str  # trial_field | trial_id | date | dose | lab_threshold | her2
    label: str
    rule_id: str
    start: int
    end: int
    evidence_start: int
    evidence_end: int
    attrs: dict[str, Any] = field(default_factory=dict)

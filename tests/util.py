"""Helpers for unit tests of the extractors: build a text and a Layout by hand."""
from __future__ import annotations

from extract.model import EXCLUSION, INCLUSION, Criterion, Layout, Section


def criteria_layout(inclusion: list[str] = (), exclusion: list[str] = ()) -> tuple[str, Layout]:
    """A minimal registry page holding the given criteria, and its Layout.

    Each string is one criterion; offsets in the Layout point into the returned text.
    """
    parts: list[str] = ["Eligibility Criteria\n"]
    crits: list[Criterion] = []
    sections: list[Section] = []
    pos = len(parts[0])
    elig_start = pos
    for heading, items, ctype, sname in (
        ("Inclusion Criteria:\n", inclusion, INCLUSION, "inclusion"),
        ("Exclusion Criteria:\n", exclusion, EXCLUSION, "exclusion"),
    ):
        if not items:
            continue
        parts.append(heading)
        pos += len(heading)
        sec_start = pos
        for i, item in enumerate(items, 1):
            marker = f"{i}. "
            parts.append(marker)
            pos += len(marker)
            crits.append(Criterion(ctype, pos, pos + len(item), item))
            parts.append(item + "\n")
            pos += len(item) + 1
        sections.append(Section(sname, sec_start, pos, heading.strip()))
    text = "".join(parts)
    sections.insert(0, Section("eligibility", elig_start, len(text), "Eligibility Criteria"))
    return text, Layout("test", sections, crits)

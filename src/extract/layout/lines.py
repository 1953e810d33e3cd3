"""Logical lines of a page and the helpers every layout step shares (offsets into the text)."""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

from ..model import Section

ELIG_LISTS = {"inclusion", "exclusion"}


class Line(NamedTuple):
    start: int
    end: int  # exclusive, before the newline
    text: str


class LineList(list):
    """The logical lines of a page, with their end offsets for bisection (built once)."""

    @property
    def ends(self) -> list[int]:
        e = self.__dict__.get("_ends")
        if e is None:
            e = self.__dict__["_ends"] = [ln.end for ln in self]
        return e


# "?" and "\ufffd" at a line start are bullets that were lost in decoding ("? Age = 18 years")
LIST_ITEM = re.compile(r"^\s*(?:[-*•·–?\ufffd]\s+|\(?\d{1,2}[.)]\s)|(?:^|\s)1\.\s+\S")



def rstrip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " \n\t|":
        end -= 1
    return end


def section_lines(text: str, sec: Section, lines: list[Line]):
    """The logical lines of ``sec``, clipped to it, as (start, end)."""
    ends = lines.ends if isinstance(lines, LineList) else [ln.end for ln in lines]
    k = bisect_right(ends, sec.start - 1) if lines else 0
    for ln in lines[k:]:
        if ln.start >= sec.end:
            break
        s, e = max(ln.start, sec.start), min(ln.end, sec.end)
        if e >= s:
            yield s, e



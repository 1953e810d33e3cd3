"""What a unit's reading is made of: tokens, frames (one HER2 mention and what it binds), rows."""
from __future__ import annotations

from dataclasses import dataclass, field

from ...normalize import her2 as nh


# --------------------------------------------------------------------------- reading a unit

@dataclass
class Tok:
    kind: str
    rid: str
    start: int
    end: int
    row: dict


@dataclass
class Frame:
    start: int
    end: int
    rid: str
    words: list[tuple[str, str, str, dict]] = field(default_factory=list)  # (status, strength, rid, row)
    sign_status: str | None = None
    init_alts: list[nh.Alternative] = field(default_factory=list)
    elems: list[Tok] = field(default_factory=list)
    scope: tuple[int, int] | None = None
    paren: bool = False  # the scope is a parenthesis right after the mention
    sign_score: bool = False  # a score written right after the spelling ("HER2 (+++)")
    moot: bool = False  # "any HER2 status": every status allowed, no requirement
    synthetic: bool = False
    alts: list[nh.Alternative] = field(default_factory=list)
    pct_min: float | None = None
    variants: int = 0
    copies: bool = False
    ish_named: bool = False
    ngs_named: bool = False
    skip: bool = False

    @property
    def explicit(self) -> list[str]:
        out = [w[0] for w in self.words if w[1] == "strong"]
        if self.sign_status:
            out.append(self.sign_status)
        return nh.collapse_explicit(out)

    @property
    def weak(self) -> bool:
        return any(w[1] == "weak" for w in self.words)

    @property
    def surface_end(self) -> int:
        end = self.end
        if self.elems:
            end = max(end, self.elems[-1].end)
        if self.paren and self.scope and self.scope[1] >= end - 1 and self.scope[0] <= end:
            end = max(end, self.scope[1] + 1)
        return end

    @property
    def surface_start(self) -> int:
        return min([self.start] + [e.start for e in self.elems])


@dataclass
class Row:
    ctype: str
    status: str
    ihc: list[str]
    ish: str | None
    pct: float | None
    assay: str | None
    rid: str
    start: int
    end: int
    ev_start: int
    ev_end: int
    ish_conflict: bool = False
    assay_span: tuple[int, int] | None = None

    @property
    def detailed(self) -> bool:
        return bool(self.ihc or self.ish or self.pct is not None or self.assay or self.assay_span)

    def adopt_details(self, other: "Row") -> None:
        """Take the assay details of another mention of the same requirement, as one block."""
        self.ihc, self.ish, self.pct = list(other.ihc), other.ish, other.pct
        self.assay, self.assay_span, self.ish_conflict = other.assay, other.assay_span, other.ish_conflict

    def merge(self, other: "Row", union_assay: bool = True) -> None:
        if union_assay and other.assay_span:
            if self.assay_span is None:
                self.assay_span = other.assay_span
            else:
                self.assay_span = (min(self.assay_span[0], other.assay_span[0]),
                                   max(self.assay_span[1], other.assay_span[1]))
        for s in other.ihc:
            if s not in self.ihc:
                self.ihc.append(s)
        if other.ish and self.ish and other.ish != self.ish:
            self.ish, self.ish_conflict = None, True
        elif other.ish and not self.ish_conflict:
            self.ish = self.ish or other.ish
        if self.pct is None:
            self.pct = other.pct

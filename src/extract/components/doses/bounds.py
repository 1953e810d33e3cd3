"""Sentences, clauses and lines of a span of text (offsets into the page)."""
from __future__ import annotations

import re

from ...context import is_wrap
from .rules import rules


# ----------------------------------------------------------------------------- text spans

_SENT_END = re.compile(r"\n|\|(?!\w)|(?<=[.!?])[ \t]+(?=[A-Z(\[]|\d{1,2}(?:\.\d{1,2})*[ \t]+[A-Z])|(?<=[。！？])"
                       r"|(?<=[가-힣][.!?])[ \t]+(?=[가-힣])")  # (a Korean sentence ends on its verb: "...정한다. 병용 ...")
CLAUSE_END = re.compile(r"[;；]")
LINE = re.compile(r"[^\n]*")


def sentence_bounds(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    s = start
    for m in _SENT_END.finditer(text, start, end):
        if m.group(0) == "\n" and is_wrap(text, max(start, text.rfind("\n", 0, m.start()) + 1), m.start(), end):
            continue  # hard-wrapped prose: one sentence over its printed lines
        if m.group(0).strip(" \t") == "" and m.group(0) != "\n" and rules().no_split_before.search(
            text[max(start, m.start() - 8):m.start()]
        ):
            continue
        if m.start() > s:
            out.append((s, m.start()))
        s = m.end()
    if s < end:
        out.append((s, end))
    return [(a, b) for a, b in (_trim(text, a, b) for a, b in out) if b > a]


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in " \t|":
        a += 1
    while b > a and text[b - 1] in " \t|":
        b -= 1
    return a, b


def clause_bounds(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clauses of a sentence: split at semicolons, not in a parenthesized list of names
    ("(T-DXd; DS-8201a)": no number between the parenthesis and the semicolon)."""
    out = []
    s = start
    for m in CLAUSE_END.finditer(text, start, end):
        po = text.rfind("(", s, m.start())
        if po != -1 and text.find(")", po, m.start()) == -1 and not any(c.isdigit() for c in text[po:m.start()]):
            continue
        out.append((s, m.start()))
        s = m.end()
    out.append((s, end))
    return out


def containing(bounds: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    for a, b in bounds:
        if a <= pos < b:
            return a, b
    return None


def merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans joined where they touch or overlap."""
    out: list[list[int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]

"""Cheap compiled pre-scans: where a big alternation of rule patterns can start.

Python's ``re`` tries every alternative of an alternation at every position it scans; with
``re.I`` it cannot skip ahead on a literal prefix either. A rule alternation of 40 to 100
patterns thus costs a few microseconds per character. :class:`Alternation` gives the same
matches (the same spans, the same alternative, the same named groups: leftmost match, first
alternative that matches there, then on from the match's end, as ``finditer``) from a
compiled pass that stops only where some alternative can start (its possible first
characters, read from the parsed pattern), and at such a position tries only the
alternatives that can start with that character (one compiled regex per set of
alternatives, built once per process).
"""
from __future__ import annotations

import re
from re import _constants as C  # noqa: the parsed-pattern vocabulary of the stdlib
from re import _parser as P
from typing import Iterator

_CATEGORY = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_SPACE: r"\s",
             C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_WORD: r"\w", C.CATEGORY_NOT_WORD: r"\W"}
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)
_ZERO_WIDTH = (C.AT, C.ASSERT, C.ASSERT_NOT)


def _first_of_seq(seq) -> tuple[set[str] | None, bool]:
    """(character-class parts a match can start with, or None for any character; whether
    the sequence can match the empty string)."""
    out: set[str] = set()
    for op, av in seq:
        first, nullable = _first_of_item(op, av)
        if first is None:
            return None, False
        out |= first
        if not nullable:
            return out, False
    return out, True


def _first_of_class(items) -> set[str] | None:
    parts: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            parts.add(re.escape(chr(av)))
        elif op is C.RANGE:
            parts.add(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is C.CATEGORY and av in _CATEGORY:
            parts.add(_CATEGORY[av])
        else:  # a negated class or anything unusual: any character
            return None
    return parts


def _first_of_item(op, av) -> tuple[set[str] | None, bool]:
    if op is C.LITERAL:
        return {re.escape(chr(av))}, False
    if op is C.IN:
        return _first_of_class(av), False
    if op is C.BRANCH:
        out: set[str] = set()
        nullable = False
        for seq in av[1]:
            first, n = _first_of_seq(seq)
            if first is None:
                return None, False
            out |= first
            nullable = nullable or n
        return out, nullable
    if op is C.SUBPATTERN:  # inline flags ignored: the class is compiled with re.I (a superset)
        return _first_of_seq(av[3])
    if op is C.ATOMIC_GROUP:
        return _first_of_seq(av)
    if op in _REPEATS:
        first, n = _first_of_seq(av[2])
        return first, first is not None and (n or av[0] == 0)
    if op in _ZERO_WIDTH:  # a lookaround or an anchor consumes nothing: no constraint kept
        return set(), True
    return None, False


def first_class(pattern: str, flags: int = 0) -> str | None:
    """A character class holding every character a match of ``pattern`` can start with
    (compile it with ``flags | re.I``), or None when that is any character or the pattern
    can match the empty string."""
    first, nullable = _first_of_seq(P.parse(pattern, flags))
    if first is None or nullable or not first:
        return None
    return "[" + "".join(sorted(first)) + "]"


class Alternation:
    """``edge`` followed by one of ``alternatives`` (regex sources, tried in order), with
    ``finditer`` giving exactly the matches of ``re.compile(edge + "(?:a|b|...)", flags)``."""

    def __init__(self, edge: str, alternatives: list[str], flags: int = 0) -> None:
        self.edge, self.alternatives, self.flags = edge, list(alternatives), flags
        self.whole = re.compile(f"{edge}(?:{'|'.join(self.alternatives)})", flags)
        classes = [first_class(a, flags) for a in self.alternatives]
        self._firsts = [re.compile(c, flags | re.I) if c else None for c in classes]
        self._cand = None
        if all(classes):
            union = "".join(c[1:-1] for c in classes if c)
            self._cand = re.compile(f"{edge}(?=[{union}])", flags | re.I)
        self._key_of: dict[str, tuple[int, ...]] = {}
        self._rx: dict[tuple[int, ...], re.Pattern] = {}

    def _at(self, ch: str) -> re.Pattern:
        """The alternation of the alternatives that can start with ``ch`` (original order)."""
        key = self._key_of.get(ch)
        if key is None:
            key = self._key_of[ch] = tuple(i for i, f in enumerate(self._firsts) if f is None or f.fullmatch(ch))
        rx = self._rx.get(key)
        if rx is None:
            rx = self._rx[key] = re.compile(f"{self.edge}(?:{'|'.join(self.alternatives[i] for i in key)})", self.flags)
        return rx

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match]:
        end = len(text) if endpos is None else endpos
        if self._cand is None:
            yield from self.whole.finditer(text, pos, end)
            return
        cand = self._cand.search
        while True:
            m = cand(text, pos, end)
            if m is None:
                return
            p = m.start()
            hit = self._at(text[p]).match(text, p, end)
            if hit is None:
                pos = p + 1
            else:
                yield hit
                pos = hit.end() if hit.end() > p else p + 1

    def match(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        end = len(text) if endpos is None else endpos
        if self._cand is None:
            return self.whole.match(text, pos, end)
        if pos >= end or self._cand.match(text, pos, end) is None:
            return None
        return self._at(text[pos]).match(text, pos, end)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        return next(self.finditer(text, pos, endpos), None)

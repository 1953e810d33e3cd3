"""The per-page index: work on a page's text done once and shared by every component.

A component that needs the page in lower case, its line bounds, or the lines that hold one
of a rule's trigger words asks :func:`page_index` (or ``Page.index``) instead of computing
them itself; the index of the page being processed is built on first use and kept until the
next page's text arrives (one slot per process).

- ``low``: the page in lower case; ``aligned``: whether its offsets are the text's (lower-casing
  a few rare letters changes the length: then word checks still work, offsets do not);
- ``line_starts``: where every physical line starts (``line_end(k)``, ``line_at(pos)``);
- ``lines_holding(words)``: starts of the lines whose lower-cased text holds one of ``words``
  (memoized per tuple of words: rules that share triggers share the scan);
- ``finditer_on_lines(pattern, starts)``: the matches of a pattern that never spans a line
  (:func:`line_local`) on the given lines only, the same as ``pattern.finditer(text)``
  restricted to them;
- ``unwrapped``: the page with the line breaks inside hard-wrapped paragraphs made spaces
  (:func:`unwrapped`; the same length, so every offset stays the text's).

A rule whose every match holds one of its trigger words and stays on one line is thus tried
only on the lines the index flags, not over the whole page.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from re import _constants as C  # noqa: the parsed-pattern vocabulary of the stdlib
from re import _parser as P
from typing import Iterable, Iterator

__all__ = ["PageIndex", "page_index", "line_local", "unwrapped"]


class PageIndex:
    def __init__(self, text: str) -> None:
        self.text = text
        self.low = text.lower()
        self.aligned = len(self.low) == len(text)
        self._starts: list[int] | None = None
        self._holding: dict[tuple[str, ...], list[int]] = {}
        self._unwrapped: tuple[str, list[int]] | None = None

    @property
    def unwrapped(self) -> str:
        return self.unwrapped_joins[0]

    @property
    def unwrapped_joins(self) -> tuple[str, list[int]]:
        """(the unwrapped page, the offsets of the line breaks it made spaces)."""
        if self._unwrapped is None:
            self._unwrapped = _unwrap(self.text)
        return self._unwrapped

    @property
    def line_starts(self) -> list[int]:
        if self._starts is None:
            text, starts = self.text, [0]
            k = text.find("\n")
            while k != -1:
                starts.append(k + 1)
                k = text.find("\n", k + 1)
            self._starts = starts
        return self._starts

    def line_at(self, pos: int) -> tuple[int, int]:
        """(start, end) of the physical line holding ``pos`` (end: before its newline)."""
        starts = self.line_starts
        k = bisect_right(starts, pos) - 1
        return starts[k], self.line_end(k)

    def line_end(self, k: int) -> int:
        starts = self.line_starts
        return starts[k + 1] - 1 if k + 1 < len(starts) else len(self.text)

    def lines_holding(self, words: tuple[str, ...]) -> list[int]:
        """Starts of the lines of the lower-cased page that hold one of ``words`` (lower
        case), in order."""
        got = self._holding.get(words)
        if got is None:
            low, starts = self.low, set()
            for w in words:
                k = low.find(w)
                while k != -1:
                    starts.add(low.rfind("\n", 0, k) + 1)
                    e = low.find("\n", k)
                    k = -1 if e == -1 else low.find(w, e)
            got = self._holding[words] = sorted(starts)
        return got

    def finditer_on_lines(self, pattern: re.Pattern, starts: Iterable[int]) -> Iterator[re.Match]:
        """``pattern.finditer(text)``'s matches that start on the lines at ``starts`` (a
        :func:`line_local` pattern: each line is searched up to and with its newline, which
        lookaheads see as in the whole text; lookbehinds see before the line as ever)."""
        text, n = self.text, len(self.text)
        for ls in starts:
            le = text.find("\n", ls)
            le = n if le == -1 else le
            for m in pattern.finditer(text, ls, le + 1):
                if m.start() <= le:
                    yield m


# a line break inside a hard-wrapped paragraph: the line before it is long and does not end a
# label, the line after it goes on with a lower-case word or a figure ("About 900 people will\ntake part")
_WRAP_MIN_LINE = 50
_WRAP_BREAK = re.compile(r"(?<![:：\n])\n(?=[a-z0-9(])")


def unwrapped(text: str) -> str:
    """``text`` with the line breaks inside hard-wrapped paragraphs made spaces (the same
    length: every offset stays the text's); ``text`` itself when there are none."""
    return _unwrap(text)[0]


def _unwrap(text: str) -> tuple[str, list[int]]:
    joins = [k for m in _WRAP_BREAK.finditer(text)
             if (k := m.start()) - text.rfind("\n", 0, k) > _WRAP_MIN_LINE]
    if not joins:
        return text, joins
    chars = list(text)
    for k in joins:
        chars[k] = " "
    return "".join(chars), joins


_last: PageIndex | None = None


def page_index(text: str) -> PageIndex:
    """The index of ``text`` (built once per page: the last page's index is kept)."""
    global _last
    if _last is None or _last.text is not text:
        _last = PageIndex(text)
    return _last


# ------------------------------------------------------------------ pattern analysis
_NL_CATEGORIES = {C.CATEGORY_SPACE, C.CATEGORY_NOT_WORD, C.CATEGORY_NOT_DIGIT, C.CATEGORY_LINEBREAK,
                  C.CATEGORY_UNI_SPACE, C.CATEGORY_UNI_NOT_WORD, C.CATEGORY_UNI_NOT_DIGIT, C.CATEGORY_UNI_LINEBREAK}
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)


def _class_has_newline(items) -> bool:
    neg = any(op is C.NEGATE for op, _ in items)
    hit = any((op is C.LITERAL and av == 10) or (op is C.RANGE and av[0] <= 10 <= av[1])
              or (op is C.CATEGORY and av in _NL_CATEGORIES) for op, av in items)
    return hit != neg


def _takes_newline(op, av, dotall: bool) -> bool:
    if op is C.IN:
        return _class_has_newline(av)
    return av == 10 if op is C.LITERAL else av != 10 if op is C.NOT_LITERAL else dotall


def _reads_past_line(seq, tail: bool, behind: bool, dotall: bool, multiline: bool) -> bool:
    """Whether a match of the parsed ``seq`` can read past the newline that ends its line: a
    newline is allowed only as the very last character read (``tail``: the last item of the
    pattern or of a lookahead), anywhere in a lookbehind (``behind``: it reads text before the
    match, the same text in a window and in the page); ``$`` without MULTILINE and ``\\Z``
    never (they see a window's end). An item this does not know counts as yes."""
    for i, (op, av) in enumerate(seq):
        last = tail and i == len(seq) - 1
        if op in (C.LITERAL, C.NOT_LITERAL, C.IN, C.ANY):
            bad = not (last or behind) and _takes_newline(op, av, dotall)
        elif op is C.AT:
            bad = av is C.AT_END_STRING or (av is C.AT_END and not multiline)
        elif op in _REPEATS:
            bad = _reads_past_line(av[2], last and av[1] <= 1, behind, dotall, multiline)
        elif op is C.SUBPATTERN:
            bad = _reads_past_line(av[3], last, behind, dotall or bool(av[1] & re.S), multiline or bool(av[1] & re.M))
        elif op is C.BRANCH:
            bad = any(_reads_past_line(s, last, behind, dotall, multiline) for s in av[1])
        elif op in (C.ASSERT, C.ASSERT_NOT):
            bad = _reads_past_line(av[1], True, behind or av[0] < 0, dotall, multiline)
        elif op is C.ATOMIC_GROUP:
            bad = _reads_past_line(av, last, behind, dotall, multiline)
        else:
            bad = True
        if bad:
            return True
    return False


def line_local(pattern: re.Pattern) -> bool:
    """Whether no match of ``pattern``, nor any of its lookaheads, reads past the newline that
    ends the line where it starts (:meth:`PageIndex.finditer_on_lines` then gives its matches
    over the whole page, line by line)."""
    parsed = P.parse(pattern.pattern, pattern.flags)
    flags = parsed.state.flags | pattern.flags
    return not _reads_past_line(parsed, True, False, bool(flags & re.S), bool(flags & re.M))

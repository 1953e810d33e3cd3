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
- ``finditer_near_lines(pattern, starts, k)``: the matches of a pattern that reads at most
  ``k`` newlines (:func:`newlines_read`) and holds a word of the lines at ``starts``: each is
  searched from ``k`` lines above to ``k`` lines below them.
- ``unwrapped``: the page with the line breaks inside hard-wrapped paragraphs made spaces
  (:func:`unwrapped`; the same length, so every offset stays the text's).

A rule whose every match holds one of its trigger words and stays on one line (or on a few)
is thus tried only on the lines the index flags (and their neighbours), not over the whole page.

:class:`Triggered` does the same for a compiled pattern without hand-written triggers: the
words one of which every match holds are read from the parsed pattern
(:func:`required_words`), and a search of a window of the page whose lower-cased text holds
none of them is answered at once (no match), exactly as the pattern would answer it.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from re import _casefix  # noqa: the stdlib's extra case-insensitive equivalences
from re import _constants as C  # noqa: the parsed-pattern vocabulary of the stdlib
from re import _parser as P
from typing import Iterable, Iterator

from .cache import code_table, remembered

__all__ = ["PageIndex", "Triggered", "line_local", "newlines_read", "page_index", "required_words", "unwrapped"]


class PageIndex:
    def __init__(self, text: str) -> None:
        self.text = text
        self.low = text.lower()
        self.aligned = len(self.low) == len(text)
        self._starts: list[int] | None = None
        self._holding: dict[tuple[str, ...] | str, list[int]] = {}
        self._free: dict[str, bool] = {}
        self._unwrapped: tuple[str, list[int]] | None = None
        self._utf8: bytes | None = None
        self._leads: dict[int, bool] = {}

    def free_of(self, chars: str) -> bool:
        """Whether the page holds none of ``chars`` (a few characters), memoized."""
        got = self._free.get(chars)
        if got is None:
            text = self.text
            got = self._free[chars] = not any(c in text for c in chars)
        return got

    def holds_none(self, words: tuple[str, ...] | None, odd: str, pos: int, endpos: int) -> bool:
        """Whether the lower-cased page from ``pos`` to ``endpos`` holds none of ``words`` (a
        pattern's :func:`required_words`, ``odd`` its :func:`_odd_folds`): then no match of the
        pattern lies there. False when that cannot be told (no words, offsets not aligned)."""
        if words is None or not self.aligned or not self.free_of(odd):
            return False
        low = self.low
        return all(not (w.isascii() or self._may_hold(w)) or low.find(w, pos, endpos) == -1 for w in words)

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
        case), in order. Each word is looked for once per page (rules share words), and a
        word that holds another of ``words`` is not looked for (its lines hold that one)."""
        got = self._holding.get(words)
        if got is None:
            starts: set[int] = set()
            for w in _needed(words):
                starts.update(self._word_lines(w))
            got = self._holding[words] = sorted(starts)
        return got

    def _word_lines(self, w: str) -> list[int]:
        got = self._holding.get(w)  # a word's own entry (a str key, never a tuple)
        if got is None:
            low, got = self.low, []
            k = low.find(w) if w.isascii() or self._may_hold(w) else -1
            while k != -1:
                got.append(low.rfind("\n", 0, k) + 1)
                e = low.find("\n", k)
                k = -1 if e == -1 else low.find(w, e)
            self._holding[w] = got
        return got

    def _may_hold(self, w: str) -> bool:
        """False when the page cannot hold the word ``w``: the first UTF-8 byte of one of its
        letters is nowhere in the page's UTF-8 text (one memchr per byte and page: a word in a
        script the page does not use is not looked for)."""
        if self._utf8 is None:
            self._utf8 = self.low.encode("utf-8", "surrogatepass")
        for b in _lead_bytes(w):
            has = self._leads.get(b)
            if has is None:
                has = self._leads[b] = b in self._utf8
            if not has:
                return False
        return True

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


    def finditer_holding(self, pattern: re.Pattern) -> Iterator[re.Match]:
        """``pattern.finditer(text)``, searched only on the lines that hold one of the pattern's
        :func:`required_words` when it is :func:`line_local` (else over the whole page)."""
        words, odd = _line_words(pattern)
        if words is None or not self.aligned or not self.free_of(odd):
            return pattern.finditer(self.text)
        return self.finditer_on_lines(pattern, self.lines_holding(words))

    def finditer_near_lines(self, pattern: re.Pattern, starts: list[int], k: int) -> Iterator[re.Match]:
        """``pattern.finditer(text)``'s matches that hold a word on the lines at ``starts``, for a
        pattern none of whose matches or lookaheads reads more than ``k`` newlines
        (:func:`newlines_read`): such a match starts at most ``k`` lines above a line at
        ``starts``, so the lines ``k`` above each of them are the only places a match can start
        ("zones", merged in order), and a search from a zone's first line to ``k`` lines below
        its last one (with that line's newline) reads what it would read in the whole page."""
        if k == 0:
            yield from self.finditer_on_lines(pattern, starts)
            return
        line_starts, text, last = self.line_starts, self.text, -1
        zones: list[list[int]] = []
        for ls in starts:
            li = bisect_right(line_starts, ls) - 1
            if zones and li - k <= zones[-1][1] + 1:
                zones[-1][1] = li
            else:
                zones.append([max(0, li - k), li])
        for a, b in zones:
            zone_end = self.line_end(b)
            window_end = min(len(text), self.line_end(min(b + k, len(line_starts) - 1)) + 1)
            for m in pattern.finditer(text, max(line_starts[a], last), window_end):
                if m.start() > zone_end:
                    break
                last = m.end()
                yield m


@lru_cache(maxsize=256)
def _line_words(pattern: re.Pattern) -> tuple[tuple[str, ...] | None, str]:
    """(the words one of which every match holds on its line, or None; the letters that a
    case-insensitive match may read where the lower-cased page shows other ones)."""
    words = required_words(pattern) if line_local(pattern) else None
    return words, _odd_folds(words or ())


@lru_cache(maxsize=None)
def _lead_bytes(w: str) -> tuple[int, ...]:
    """The first UTF-8 bytes of the non-ASCII letters of ``w``."""
    return tuple(sorted({c.encode("utf-8", "surrogatepass")[0] for c in w if not c.isascii()}))


@lru_cache(maxsize=4096)
def _needed(words: tuple[str, ...]) -> tuple[str, ...]:
    """``words`` less those that hold another of them ("primary completion date" holds
    "primary completion": a line with the first holds the second)."""
    return tuple(w for w in dict.fromkeys(words) if not any(o != w and o in w for o in words))


# a line break inside a hard-wrapped paragraph: the line before it is long and does not end a
# label, the line after it goes on with a lower-case word or a figure ("About 900 people will\ntake part")
_WRAP_MIN_LINE = 50
# (led by its newline, so that the engine skips to newlines; the lookbehind reads the character
# before it: the same as "(?<![:：\n])\n")
_WRAP_BREAK = re.compile(r"\n(?<![:：\n]\n)(?=[a-z0-9(])")


def unwrapped(text: str) -> str:
    """``text`` with the line breaks inside hard-wrapped paragraphs made spaces (the same
    length: every offset stays the text's); ``text`` itself when there are none."""
    return _unwrap(text)[0]


def _unwrap(text: str) -> tuple[str, list[int]]:
    joins = [k for m in _WRAP_BREAK.finditer(text)
             if (k := m.start()) - text.rfind("\n", 0, k) > _WRAP_MIN_LINE]
    if not joins:
        return text, joins
    return " ".join(text[a + 1:b] for a, b in zip([-1, *joins], [*joins, len(text)])), joins


_last: PageIndex | None = None


def page_index(text: str) -> PageIndex:
    """The index of ``text`` (built once per page: the last page's index is kept)."""
    global _last
    if _last is None or _last.text is not text:
        _last = PageIndex(text)
    return _last


# ------------------------------------------------------------------ required words
def _odd_folds(words) -> str:
    """The letters a case-insensitive match of ``words`` may read that the lower-cased page
    does not show as the words' own letters: ``re``'s extra equivalences of their letters
    ("ſ" for "s", "ı" for "i"), "İ" (two characters in lower case), the final sigma."""
    extra = {c for w in words for ch in set(w) for c in map(chr, _casefix._EXTRA_CASES.get(ord(ch), ()))}
    return "".join(sorted(extra | {"\u0130", "\u03a3"}))


def _required(seq) -> set[str] | None:
    """Literal strings one of which every match of the parsed ``seq`` holds (None: none
    known): a run of literals in the sequence, or the union of a branch's requirements, the
    most selective one (longest shortest word)."""
    cands: list[set[str]] = []
    run: list[str] = []
    for op, av in seq:
        if op is C.LITERAL:
            run.append(chr(av))
            continue
        if run:
            cands.append({"".join(run)})
            run = []
        got = None
        if op is C.SUBPATTERN:
            got = _required(av[3])
        elif op is C.BRANCH:
            subs = [_required(b) for b in av[1]]
            got = None if any(x is None for x in subs) else set().union(*subs)
        elif op in _REPEATS and av[0] >= 1:
            got = _required(av[2])
        elif op is C.ATOMIC_GROUP:
            got = _required(av)
        if got:
            cands.append(got)
    if run:
        cands.append({"".join(run)})
    return max(cands, key=lambda ws: (min(map(len, ws)), -len(ws))) if cands else None


def required_words(pattern: re.Pattern) -> tuple[str, ...] | None:
    """Lower-case words one of which every match of ``pattern`` holds, read from the parsed
    pattern (literals outside lookarounds; matched case-insensitively or not, a match holds
    the word in lower case in the lower-cased text), or None when it has none."""
    def read() -> tuple[str, ...] | None:
        got = _required(P.parse(pattern.pattern, pattern.flags))
        if not got:
            return None
        if any(len(w.lower()) != len(w) for w in got):
            return None  # "İ": its lower case is two characters
        low = {w.lower() for w in got}
        return tuple(sorted(w for w in low if not any(v != w and v in w for v in low)))

    return _remembered("required", pattern, read)


@lru_cache(maxsize=1)
def _table() -> str | None:
    """The on-disk table (:func:`extract.cache.remembered`) of this module's readings of patterns."""
    return code_table("pageindex", __file__)


def _remembered(kind: str, pattern: re.Pattern, read):
    """``read()``, a reading of the parsed ``pattern``, parsed once across processes and runs
    (the rules' patterns are read at start-up and for every page-language set met)."""
    return remembered(_table(), (kind, pattern.pattern, pattern.flags), read)


class Triggered:
    """``pattern``'s ``search``/``finditer`` (the same matches), answered at once (nothing)
    for a window of the page being indexed whose lower-cased text holds none of the pattern's
    :func:`required_words`. Other strings are searched as ever."""

    def __init__(self, pattern: re.Pattern) -> None:
        self.rx, self.pattern, self.words = pattern, pattern.pattern, required_words(pattern)
        self.odd = _odd_folds(self.words or ())
        # the words as one pattern over the lower-cased page (one scan, not one per word)
        self.any_word = re.compile("|".join(re.escape(w) for w in sorted(self.words or (), key=len, reverse=True)))

    def _none_in(self, text: str, pos: int, endpos: int) -> bool:
        idx = _last
        if self.words is None or idx is None or idx.text is not text or not idx.aligned or not idx.free_of(self.odd):
            return False
        return self.any_word.search(idx.low, pos, endpos) is None

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        end = len(text) if endpos is None else endpos
        return None if self._none_in(text, pos, end) else self.rx.search(text, pos, end)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match]:
        end = len(text) if endpos is None else endpos
        return iter(()) if self._none_in(text, pos, end) else self.rx.finditer(text, pos, end)


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


def _newlines(seq, dotall: bool, multiline: bool) -> int | None:
    """At most how many newlines a match of the parsed ``seq`` (its lookaheads included) reads
    forward from where it starts; None when that has no bound or is not known: an unbounded
    repeat of something that takes a newline, a backreference, or a ``$`` without MULTILINE or
    ``\\Z`` (they see where a search window ends)."""
    total = 0
    for op, av in seq:
        if op in (C.LITERAL, C.NOT_LITERAL, C.IN, C.ANY):
            n = 1 if _takes_newline(op, av, dotall) else 0
        elif op is C.AT:
            n = None if av is C.AT_END_STRING or (av is C.AT_END and not multiline) else 0
        elif op in _REPEATS:
            sub = _newlines(av[2], dotall, multiline)
            n = sub if not sub else (None if av[1] == C.MAXREPEAT else sub * av[1])
        elif op is C.SUBPATTERN:
            n = _newlines(av[3], dotall or bool(av[1] & re.S), multiline or bool(av[1] & re.M))
        elif op is C.BRANCH:
            subs = [_newlines(s, dotall, multiline) for s in av[1]]
            n = None if None in subs else max(subs)
        elif op in (C.ASSERT, C.ASSERT_NOT):
            n = 0 if av[0] < 0 else _newlines(av[1], dotall, multiline)  # a lookbehind reads backwards
        elif op is C.ATOMIC_GROUP:
            n = _newlines(av, dotall, multiline)
        else:
            n = None
        if n is None:
            return None
        total += n
    return total


def newlines_read(pattern: re.Pattern) -> int | None:
    """At most how many newlines a match of ``pattern`` (with its lookaheads) reads past where
    it starts, or None (no bound): a pattern with a bound ``k`` is searched around the lines
    that hold its words by :meth:`PageIndex.finditer_near_lines`."""
    def read() -> int | None:
        parsed = P.parse(pattern.pattern, pattern.flags)
        flags = parsed.state.flags | pattern.flags
        return _newlines(parsed, bool(flags & re.S), bool(flags & re.M))

    return _remembered("newlines", pattern, read)


def line_local(pattern: re.Pattern) -> bool:
    """Whether no match of ``pattern``, nor any of its lookaheads, reads past the newline that
    ends the line where it starts (:meth:`PageIndex.finditer_on_lines` then gives its matches
    over the whole page, line by line)."""
    def read() -> bool:
        parsed = P.parse(pattern.pattern, pattern.flags)
        flags = parsed.state.flags | pattern.flags
        return not _reads_past_line(parsed, True, False, bool(flags & re.S), bool(flags & re.M))

    return _remembered("line_local", pattern, read)

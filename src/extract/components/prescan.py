"""Cheap compiled pre-scans: where a big alternation of rule patterns can start.

Python's ``re`` tries every alternative of an alternation at every position it scans; with
``re.I`` it cannot skip ahead on a literal prefix either. A rule alternation of 40 to 100
patterns thus costs a few microseconds per character. :class:`GroupedAlternation` gives the same
matches (the same spans, the same alternative, the same named groups: leftmost match, first
alternative that matches there, then on from the match's end, as ``finditer``) from a
compiled pass that stops only where some alternative can start (its possible first
characters, read from the parsed pattern), and at such a position tries only the
alternatives that can start with the text's next three characters there (each alternative
compiled once, with the edge, and tried in order: nothing is compiled while pages are read); :func:`first_chars`: the lookahead leading a scan.
"""
from __future__ import annotations

import re
from functools import lru_cache
from re import _constants as C  # noqa: the parsed-pattern vocabulary of the stdlib
from re import _parser as P
from typing import Any, Callable, Iterator

from ..cache import code_table, remembered

_CATEGORY = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_SPACE: r"\s",
             C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_WORD: r"\w", C.CATEGORY_NOT_WORD: r"\W"}
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)
_ZERO_WIDTH = (C.AT, C.ASSERT, C.ASSERT_NOT)


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


def first_class(pattern, flags: int = 0) -> str | None:
    """A character class holding every character a match of ``pattern`` (a string, or one
    parsed by ``re._parser.parse``) can start with (compile it with ``flags | re.I``), or None
    when that is any character or the pattern can match the empty string."""
    return first_chars(pattern, flags, 1)


def _prefixes_of_seq(seq, k: int) -> set[tuple] | None:
    """The first ``k`` characters a match of the parsed sequence can start with, as tuples of
    classes (each a frozenset of class parts, or None for any character); a shorter tuple:
    the match can end there. None when that cannot be read (a backreference, a condition)."""
    open_, done = {()}, set()
    for op, av in seq:
        grown = set()
        for t in open_:
            got = _prefixes_of_item(op, av, k - len(t))
            if got is None:
                return None
            grown.update(t + u for u in got)
        done.update(t for t in grown if len(t) == k)
        open_ = {t for t in grown if len(t) < k}
        if not open_:
            break
    return done | open_


def _prefixes_of_item(op, av, k: int) -> set[tuple] | None:
    if op is C.LITERAL:
        return {(frozenset([re.escape(chr(av))]),)}
    if op is C.IN:
        parts = _first_of_class(av)
        return {(None if parts is None else frozenset(parts),)}
    if op in (C.ANY, C.NOT_LITERAL):
        return {(None,)}
    if op is C.BRANCH:
        got = [_prefixes_of_seq(seq, k) for seq in av[1]]
        return None if None in got else set().union(*got)
    if op in (C.SUBPATTERN, C.ATOMIC_GROUP):  # inline flags ignored: matched ignoring case (a superset)
        return _prefixes_of_seq(av[3] if op is C.SUBPATTERN else av, k)
    if op in _REPEATS:  # as many copies as decide the first k characters, the optional ones as branches
        lo, hi, sub = av
        one = _prefixes_of_seq(sub, k)
        if one is None:
            return None
        need = 0 if () in one else min(lo, k)
        return _prefixes_of_seq([(C.SUBPATTERN, (None, 0, 0, sub))] * need
                                + [(C.BRANCH, (None, [sub, []]))] * (min(hi, k) - need), k)
    if op in _ZERO_WIDTH:  # a lookaround or an anchor consumes nothing: no constraint kept
        return {()}
    return None


def first_chars(pattern, flags: int = 0, k: int = 3) -> str | None:
    """A pattern matching wherever a match of ``pattern`` (a string or a parsed one) can start,
    read from its possible first ``k`` characters ("[H](?:[E](?:[R]))|[I](?:[H](?:[C]))|...",
    for a lookahead; match it ignoring case: inline flags are not read), or None when they
    cannot be read, or the pattern can match the empty string or start with any character."""
    def read() -> str | None:
        got = _prefixes_of_seq(P.parse(pattern, flags) if isinstance(pattern, str) else pattern, k)
        return None if got is None else _trie(got) or None

    return _remembered("first", pattern, flags, k, read)


def first_chars_any(alternatives: list[str], flags: int = 0, k: int = 3) -> str | None:
    """:func:`first_chars` of the alternation ``(?:a)|(?:b)|...`` of ``alternatives``, read
    from each alternative's own (remembered) reading: the parser reads an alternation as the
    branch of its alternatives, whose possible starts are the union of theirs. So a new
    combination of rule rows (a page-language set met for the first time) parses nothing."""
    got = [_prefixes(a, flags, k) for a in alternatives]
    return None if not got or None in got else _trie(frozenset().union(*got)) or None


def _prefixes(pattern: str, flags: int, k: int) -> frozenset[tuple] | None:
    """:func:`_prefixes_of_seq` of the pattern source ``pattern``."""
    def read() -> frozenset[tuple] | None:
        got = _prefixes_of_seq(P.parse(pattern, flags), k)
        return None if got is None else frozenset(got)

    return _remembered("prefixes", pattern, flags, k, read)


@lru_cache(maxsize=1)
def _table() -> str | None:
    """The on-disk table (:func:`extract.cache.remembered`) of this module's readings of pattern sources."""
    return code_table("prescan", __file__)


def _remembered(kind: str, pattern, flags: int, k: int, read: Callable[[], Any]) -> Any:
    """``read()``, a reading of ``pattern``, parsed once across processes and runs (rule
    patterns are read at every start-up and for every page-language set met): ~0.4 s a set
    of dose rules, about a third of a worker's warm-up."""
    table = _table() if isinstance(pattern, str) else None
    return remembered(table, (kind, pattern, int(flags), k), read)


def _trie(prefixes: set[tuple]) -> str:
    """The alternation of the class tuples ``prefixes`` as a trie ("" when one of them is
    empty or starts with any character: no constraint)."""
    if any(not t or t[0] is None for t in prefixes):
        return ""
    rest: dict[frozenset, set[tuple]] = {}
    for t in prefixes:
        rest.setdefault(t[0], set()).add(t[1:])
    heads: dict[str, set[str]] = {}  # what may follow -> the first classes it follows
    for first, tails in rest.items():
        heads.setdefault(_trie(tails), set()).update(first)
    return "|".join("[" + "".join(sorted(first)) + "]" + (f"(?:{tail})" if tail else "")
                    for tail, first in sorted(heads.items()))


_K = 3  # how many first characters of a candidate choose the alternatives tried there


@lru_cache(maxsize=None)
def _class_rx(parts: str) -> re.Pattern:
    return re.compile(f"[{parts}]", re.I)


_BMP = "".join(map(chr, range(0x10000)))


@lru_cache(maxsize=None)
def any_case(cls: str) -> str:
    """The character class ``cls`` (matched case-insensitively) as a class to match without
    ``re.I``, which ``re`` scans for fast: every character ``cls`` matches, any case (no
    character outside the BMP folds to one inside it)."""
    chars = re.findall(cls, _BMP, re.I)
    return "[" + cls[1:-1] + "".join(re.escape(ch) for ch in chars) + "]"


class GroupedAlternation:
    """``edge`` followed by one of ``alternatives`` (regex sources tried in order), with
    ``scan`` giving exactly the matches of ``re.compile(edge + "(?:a|b|...)", flags)`` and
    which alternative matched: at a position where some alternative can start, the
    alternatives that can start with the next ``_K`` characters are tried in order, each
    compiled once with the edge, alternative i as the group ``g{i}``. Its alternatives hold
    no capture group of their own, or (``named``) only named groups, each name in one
    alternative only (a match's ``lastgroup`` is ``g{i}``: the group that closes last; its
    ``groupdict`` holds the groups of its own alternative only)."""

    def __init__(self, edge: str, alternatives: list[str], flags: int = 0, edge_after: str | None = None,
                 named: bool = False, candidates: str | None = None) -> None:
        """``edge_after``: the same edge tested after the first character (``(?<![a-z].)`` for
        ``(?<![a-z])``), so that the scan for candidates starts with a class ``re`` skips
        ahead to, instead of testing the edge at every position. ``candidates``: a pattern
        matching (at least) wherever some alternative can match, to use instead of the one
        read from the alternatives' first characters."""
        self.edge, self.alternatives, self.flags = edge, list(alternatives), flags
        self._whole: re.Pattern | None = None
        classes = [first_class(a, flags) for a in self.alternatives]
        self._firsts = [re.compile(c, flags | re.I) if c else None for c in classes]
        self._cand = None
        if all(classes):
            union = "".join(c[1:-1] for c in classes if c)
            if candidates:
                self._cand = re.compile(candidates, flags | re.I)
            elif edge_after is None:
                self._cand = re.compile(f"{edge}(?=[{union}])", flags | re.I)
            else:  # its first character, the edge, then its first characters at the start
                lead = first_chars_any(self.alternatives, flags)
                lead = "" if lead is None else f"(?<=(?=(?i:{lead}))[\\s\\S])"
                self._cand = re.compile(any_case(f"[{union}]") + edge_after + lead, flags & ~re.I)
        self._index_prefixes(flags)
        # each alternative compiled once, with the edge, as the group g{i}: tried in order where it can start
        self._each = [re.compile(f"{edge}(?P<g{i}>{a})", flags) for i, a in enumerate(self.alternatives)]
        names = [n for i, rx in enumerate(self._each) for n in rx.groupindex if n != f"g{i}"]
        if named and (any(rx.groups != len(rx.groupindex) for rx in self._each) or len(names) != len(set(names))):
            raise ValueError("GroupedAlternation: an unnamed capture group, or a group name in two alternatives")
        if not named and any(rx.groups > 1 for rx in self._each):
            raise ValueError("GroupedAlternation: an alternative holds a capture group")
        self._by_key: dict[str, tuple[tuple[int, re.Pattern], ...]] = {}

    def _index_prefixes(self, flags: int) -> None:
        """Each alternative's possible first ``_K`` characters as bits: prefix tuple b is bit b,
        ``_alt_bits[i]`` the bits of alternative i's tuples (-1: unreadable, always tried);
        ``_at_j[j]``: the bits of the tuples with each class as their character j, and (key
        None) of those that allow any character there."""
        self._alt_bits: list[int] = []
        self._at_j: list[dict[str | None, int]] = [{} for _ in range(_K)]
        b = 0
        for a in self.alternatives:
            got = _prefixes(a, flags, _K)
            if got is None or () in got:
                self._alt_bits.append(-1)
                continue
            self._alt_bits.append(((1 << len(got)) - 1) << b)
            for t in got:
                for j, at in enumerate(self._at_j):
                    cls = None if len(t) <= j or t[j] is None else "".join(sorted(t[j]))
                    at[cls] = at.get(cls, 0) | 1 << b
                b += 1
        self._accept: list[dict[str, int]] = [{} for _ in range(_K)]

    @property
    def whole(self) -> re.Pattern:
        """The one regex these alternatives stand for (alternative i as the group ``g{i}``;
        an alternative holds no capture group of its own)."""
        if self._whole is None:
            alts = "|".join(f"(?P<g{i}>{a})" for i, a in enumerate(self.alternatives))
            self._whole = re.compile(f"{self.edge}(?:{alts})", self.flags)
        return self._whole

    def scan(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[tuple[int, re.Match]]:
        """(index of the alternative, its match) for each match of :meth:`finditer`."""
        end = len(text) if endpos is None else endpos
        if self._cand is None:
            for m in self.whole.finditer(text, pos, end):
                yield int(m.lastgroup[1:]), m
            return
        cand = self._cand.search
        while True:
            m = cand(text, pos, end)
            if m is None:
                return
            p = m.start()
            got = self._match_at(text, p, end)
            if got is None:
                pos = p + 1
            else:
                yield got
                pos = got[1].end() if got[1].end() > p else p + 1

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match]:
        """The matches (of the alternative that matched: its own groups)."""
        for _, m in self.scan(text, pos, endpos):
            yield m

    def match(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        end = len(text) if endpos is None else endpos
        if self._cand is None:
            return self.whole.match(text, pos, end)
        if pos >= end or self._cand.match(text, pos, end) is None:
            return None
        got = self._match_at(text, pos, end)
        return got[1] if got else None

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        return next(self.finditer(text, pos, endpos), None)

    def _accepting(self, j: int, ch: str) -> int:
        """The bits of the prefix tuples that allow ``ch`` as their character ``j``."""
        got = self._accept[j].get(ch)
        if got is None:
            got = 0
            for cls, bits in self._at_j[j].items():
                if cls is None or _class_rx(cls).fullmatch(ch):
                    got |= bits
            self._accept[j][ch] = got
        return got

    def _grouped(self, key: str) -> tuple[tuple[int, re.Pattern], ...]:
        """The alternatives that can start with ``key``, in their order (index, compiled)."""
        live = -1
        for j, ch in enumerate(key):
            live &= self._accepting(j, ch)
        got = self._by_key[key] = tuple((i, self._each[i]) for i, bits in enumerate(self._alt_bits)
                                        if bits == -1 or bits & live)
        return got

    @staticmethod
    def _key(text: str, pos: int, end: int) -> str:
        raw = text[pos:min(pos + _K, end)]
        key = raw.lower()  # classes are matched ignoring case: a lower-case key stands for all cases
        return key if len(key) == len(raw) else raw

    def _match_at(self, text: str, pos: int, end: int) -> tuple[int, re.Match] | None:
        """The first alternative (in order) that matches at ``pos``: as the alternation would."""
        key = self._key(text, pos, end)
        for i, rx in self._by_key[key] if key in self._by_key else self._grouped(key):
            hit = rx.match(text, pos, end)
            if hit is not None:
                return i, hit
        return None

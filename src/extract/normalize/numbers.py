"""Numbers as registries write them: "1,500", "1.5 × 10^9", "1.0x1E9", "3e6", "10⁹", and the
separators of other writings: "1,5", "1.500", "100 000", "1,00,000", "1.5万".

``NUMBER`` is a regex fragment (no groups of its own but named ones below) matching one
number with an optional power-of-ten factor; ``parse_number`` turns its match into a float.
Ingestion already turned superscript digits into ASCII and removed markdown escapes, but the
parser tolerates ``\\^`` too.

The one number reader every extractor uses: :func:`read_number` / :func:`readings` read one
written number in a context (``count``, ``dose``, ``lab``) with an optional page-language hint,
by the rows of ``rules/number_shapes.yaml`` (which separator groups thousands, which one is the
decimal mark); :func:`number_pattern` finds such numbers in text; :func:`plain_numbers` rewrites
every number of a span (a dose range) into the plain form ``NUMBER`` reads.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from .. import ruledata

# digits of any script (\d: Arabic-Indic "١٫٥" and Persian "۱٫۵" too); the Arabic decimal separator ٫ (U+066B) and
# thousands separator ٬ (U+066C) read like "." and ","
_MANTISSA = r"\d{1,3}(?:[,٬]\d{3})+(?:[.٫]\d+)?|\d+(?:[.٫]\d+)?|[.٫]\d+"
_ARABIC_SEPARATORS = str.maketrans({"٫": ".", "٬": None, ",": None})
# "× 10^9", "x10^9", "x 10 9"(superscript lost), "x1E9", "e6", "*10^9"
_POWER = (
    r"(?:\s*[x×X*·]\s*(?:10|١٠|۱۰)\s*(?:\\?\^|\*\*)?\s*(?P<exp>[-−]?\d{1,2})(?!\d)"
    r"|\s*[x×X*]\s*1?[eE](?P<exp2>[-−]?\d{1,2})(?!\d)"
    r"|[eE](?P<exp3>[-−]?\d{1,2})(?![\d\w]))"
)
NUMBER = rf"(?P<mant>{_MANTISSA})(?:{_POWER})?"
# the power of ten written as a factor after a number: " × 10^9", "x10 9", " x 1E9" (not "3e6")
FACTOR_RE = re.compile(r"\s*[x×X*·]\s*(?:(?:10|١٠|۱۰)\s*(?:\\?\^|\*\*)?\s*[-−]?\d{1,2}|1?[eE][-−]?\d{1,2})(?!\d)")
NUMBER_RE = re.compile(NUMBER)
# a bare power of ten: "10^3 copies/mL", "10^9/L" used as a value
POWER_ONLY_RE = re.compile(r"10\s*(?:\\?\^|\*\*)\s*(?P<exp>[-−]?\d{1,2})")


def parse_mantissa(s: str) -> float:
    return float(s.translate(_ARABIC_SEPARATORS))  # float() reads the digits of every script


def parse_number(s: str) -> float:
    """Parse one number (with optional power-of-ten factor). Raises ValueError otherwise."""
    s = s.strip()
    m = NUMBER_RE.fullmatch(s)
    if m:
        return number_from_match(m)
    m = POWER_ONLY_RE.fullmatch(s)
    if m:
        return 10.0 ** int(m.group("exp").replace("−", "-"))
    raise ValueError(f"not a number: {s!r}")


def number_from_match(m: re.Match) -> float:
    """Value of a match of ``NUMBER`` (or of a larger pattern that embeds it once)."""
    value = parse_mantissa(m.group("mant"))
    exp = m.group("exp") or m.group("exp2") or m.group("exp3")
    if exp:
        value *= 10.0 ** int(exp.replace("−", "-"))
    return value


# --------------------------------------------------------------------------- separators by context

CONTEXTS = frozenset({"count", "dose", "lab"})


@dataclass(frozen=True)
class Shape:
    """One row of number_shapes.yaml, compiled."""

    id: str
    pattern: str
    rx: re.Pattern
    contexts: frozenset[str]
    thousands: str = ""
    decimal: str = ""
    suffix: str = ""
    times: float = 1.0
    then: bool = False
    langs: frozenset[str] = frozenset()

    def plain(self, written: str) -> str:
        """``written`` (a match of the row) with its thousands separators dropped and its decimal
        mark a "."; without the row's suffix."""
        if self.suffix:
            written = written[: -len(self.suffix)].rstrip()
        if self.thousands:
            written = written.translate({ord(c): None for c in self.thousands})
        return written.replace(self.decimal, ".") if self.decimal else written


def _shape(r: dict) -> Shape:
    where = f"number_shapes.yaml: row {r['id']!r}"
    contexts = frozenset(r["contexts"])
    if not contexts or not contexts <= CONTEXTS:
        raise ruledata.RuleFileError(f"{where}: contexts must be some of {sorted(CONTEXTS)}")
    thousands, decimal, suffix = r.get("thousands") or "", r.get("decimal") or "", r.get("suffix") or ""
    if not (thousands or decimal or suffix) or len(decimal) > 1 or bool(suffix) != ("times" in r):
        raise ruledata.RuleFileError(f"{where}: needs `thousands`, one `decimal` character, or `suffix` with `times`")
    if any(c.isdigit() for c in thousands + decimal):
        raise ruledata.RuleFileError(f"{where}: a separator is no digit")
    try:
        rx = re.compile(r["pattern"])
    except re.error as e:
        raise ruledata.RuleFileError(f"{where}: bad pattern: {e}") from e
    if rx.groups:
        raise ruledata.RuleFileError(f"{where}: the pattern may hold no capturing group")
    tag = r.get("lang") or ()
    langs = frozenset(tag.split() if isinstance(tag, str) else tag)
    return Shape(r["id"], r["pattern"], rx, contexts, thousands, decimal, suffix, float(r.get("times", 1)),
                 bool(r.get("then")), langs)


@lru_cache(maxsize=1)
def shapes() -> tuple[Shape, ...]:
    """Every row of number_shapes.yaml, in order (validated at load)."""
    return tuple(_shape(r) for r in ruledata.load("number_shapes.yaml", required=["id", "pattern", "contexts"],
                                                  key="shapes"))


@lru_cache(maxsize=64)
def _rows(context: str, langs: frozenset[str]) -> tuple[Shape, ...]:
    if context not in CONTEXTS:
        raise ValueError(f"unknown number context {context!r}")
    return tuple(s for s in shapes() if context in s.contexts and (not s.langs or s.langs & langs))


def _hint(lang: str | Iterable[str] | None) -> frozenset[str]:
    if not lang:
        return frozenset()
    return frozenset((lang,) if isinstance(lang, str) else lang)


def readings(written: str, context: str, lang: str | Iterable[str] | None = None) -> tuple[float, ...]:
    """Every reading of one written number in ``context`` ("count", "dose", "lab"), the likeliest
    first; ``lang``: the page's language code(s), a hint some rows need. "1,5" (lab) -> (1.5,);
    "1.500" (lab) -> (1.5, 1500.0): the unit decides; "1.800" (count) -> (1800.0,); "1.5万" ->
    (15000.0,). Empty when it is no number."""
    s = written.strip()
    first: float | None = None
    then: list[float] = []
    for row in _rows(context, _hint(lang)):
        if (first is not None and not row.then) or not row.rx.fullmatch(s):
            continue
        try:
            value = parse_number(row.plain(s)) * row.times
        except ValueError:
            continue
        if row.then:
            then.append(value)
        else:
            first = value
    if first is None:
        try:
            first = parse_number(s)
        except ValueError:
            return tuple(then)
    return (first, *(v for v in then if v != first))


def read_number(written: str, context: str, lang: str | Iterable[str] | None = None) -> float:
    """The likeliest reading of one written number (:func:`readings`); ValueError when none."""
    got = readings(written, context, lang)
    if not got:
        raise ValueError(f"not a number: {written!r}")
    return got[0]


def number_pattern(context: str, lang: str | Iterable[str] | None = None) -> str:
    """A regex fragment (no groups) for a number written in one of ``context``'s shapes (not the
    plain ones ``NUMBER`` finds), the rows' order kept: for a caller's own locator."""
    pats = [s.pattern for s in _rows(context, _hint(lang)) if not s.then]
    return "|".join(f"(?:{p})" for p in pats) or "(?!)"


# a run of digits and the separators between them: the span a row must match whole
_RUN_RE = re.compile(r"\d+(?:[.,٫٬ \u00a0\u202f]\d+)*")


def plain_numbers(text: str, context: str, lang: str | Iterable[str] | None = None) -> str:
    """``text`` (a dose range "1,5-2,5", "1.000 - 2.000") with every number a row of ``context``
    reads rewritten in the plain form ``NUMBER`` reads ("1.5-2.5", "1000 - 2000"); the rest as is."""
    rows = [s for s in _rows(context, _hint(lang)) if not s.then]
    if not rows:
        return text

    def plain(m: re.Match) -> str:
        run = m.group()
        row = next((r for r in rows if r.rx.fullmatch(run)), None)
        return row.plain(run) if row is not None else run

    return _RUN_RE.sub(plain, text)

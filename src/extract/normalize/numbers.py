"""Numbers as registries write them: "1,500", "1.5 × 10^9", "1.0x1E9", "3e6", "10⁹".

``NUMBER`` is a regex fragment (no groups of its own but named ones below) matching one
number with an optional power-of-ten factor; ``parse_number`` turns its match into a float.
Ingestion already turned superscript digits into ASCII and removed markdown escapes, but the
parser tolerates ``\\^`` too.
"""
from __future__ import annotations

import re

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

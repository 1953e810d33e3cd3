"""Letter classes Python's ``re`` has no name for (it knows no ``\\p{Lu}``): :data:`UPPER`, every
upper-case letter of any script of the Basic Multilingual Plane ("A", "Ä", "Ø", "Ж", "Ω", "Ա"),
as the body of a character class ("[{UPPER}]"), built once (a few ms) from the Unicode data of
the running Python. Mechanism, not vocabulary: a pattern asks for "a capital" without listing
the alphabets it knows."""
from __future__ import annotations

from array import array

# every character of the BMP in order, decoded in one call (a loop over chr() costs twice as much)
_BMP = array("I", range(0x10000)).tobytes().decode("utf-32-le" if array("I", [1]).tobytes()[0] else "utf-32-be",
                                                   "surrogatepass")


def _ranges(chars: str) -> str:
    """Sorted characters as the ranges of a character class body ("A-ZÀ-ÖØ-Þ...")."""
    out: list[str] = []
    i = 0
    while i < len(chars):
        j = i
        while j + 1 < len(chars) and ord(chars[j + 1]) == ord(chars[j]) + 1:
            j += 1
        out.append(chars[i] if i == j else f"{chars[i]}-{chars[j]}")
        i = j + 1
    return "".join(out)


# an upper-case letter ("ǅ", a title-case letter, and "Ⅳ", a numeral, are none)
UPPER = _ranges("".join(c for c in filter(str.isupper, _BMP) if c.isalpha()))
del _BMP

"""extract.letters.UPPER: any upper-case letter, whatever the alphabet (no hard-coded A-ZÄÖÜ)."""
from __future__ import annotations

import re

from extract.components.trial import title
from extract.letters import UPPER

_CAP = re.compile(f"[{UPPER}]")


def test_upper_is_every_capital_letter():
    for c in "AZÄÖÜÀÞŁŚŽİΩЖЁԱ":
        assert _CAP.fullmatch(c), c
    for c in "aäłωж×ǅ1-]^ Ⅳ":
        assert not _CAP.fullmatch(c), c


def test_titles_see_capitals_of_every_alphabet():
    # a sentence break before a capital the old classes did not list (Polish Ł, Greek, Armenian)
    for block in ("Badanie kliniczne fazy II. Łącznie 40 pacjentek", "Μελέτη φάσης ΙΙ. Ασθενείς με καρκίνο",
                  "Study in Yerevan. Առաջին փուլ"):
        assert title._NEXT_SENTENCE.search(block), block
    assert not title._NEXT_SENTENCE.search("Phase II study of ZX-1 vs. placebo")
    # a flattened record's labels: "Łączna liczba: ..." is a label like "Titel: ..."
    flat = "ID: 512 Titel: ABC-1 Łączna liczba: 40 Start: 2023-02-15"
    assert [m.group() for m in title._FLAT_LABEL.finditer(flat)] == ["Titel: ", "Łączna liczba: ", "Start: "]

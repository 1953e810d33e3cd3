"""Whether a page's heading is a news article's headline (a byline or dateline near it, rules/sections.yaml
``title_bylines``) or a journal's title of a trial's protocol (``title_protocol``): read by trial/title.py."""
from __future__ import annotations

import re
from functools import lru_cache

from ... import ruledata
from ...model import Fact


def _eol(text: str, pos: int) -> int:
    le = text.find("\n", pos)
    return len(text) if le == -1 else le


_BYLINE_LINES = 4  # non-empty lines below a heading read for its byline or dateline


@lru_cache(maxsize=1)
def _bylines() -> list[re.Pattern]:
    return [re.compile(r["pattern"]) for r in ruledata.load("sections.yaml", required=["pattern"], key="title_bylines")]


def bylined(text: str, heading: Fact) -> bool:
    """A byline or dateline (``title_bylines``) within a few lines below the heading: the heading is
    a news article's headline, not a study's title."""
    pos, seen = heading.end, 0
    while seen < _BYLINE_LINES and pos < len(text):
        s = text.find("\n", pos)
        if s == -1:
            return False
        e = _eol(text, s + 1)
        line = text[s + 1:e].strip()
        pos = e
        if line:
            seen += 1
            if any(p.search(line) for p in _bylines()):
                return True
    return False


def bylined_above(text: str, heading: Fact) -> bool:
    """A byline or dateline on a line above the heading ("Publié le 10 mars 2027 par ..." over a
    subheading): the heading is inside a news article, not a study's title."""
    return any(any(p.search(line.strip()) for p in _bylines())
               for line in text[:heading.start].splitlines() if line.strip())


@lru_cache(maxsize=1)
def protocol_cues() -> list[re.Pattern]:
    return [re.compile(r["pattern"]) for r in ruledata.load("sections.yaml", required=["pattern"], key="title_protocol")]

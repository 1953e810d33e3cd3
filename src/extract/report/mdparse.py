"""Read column descriptions out of the hand-written Markdown (CONTRACT.md, DATA_DICTIONARY.md).

Two shapes are understood: table rows ``| name[, name] | type | values |`` and prose where a
backticked name is followed by its description in parentheses (``\\`date\\` (date32; ...)``),
or by a short phrase (``\\`sha256\\` of the raw bytes``). The two bounds of a pair listed
together (``\\`char_start\\`, \\`char_end\\` (...)``, ``dose_low``/``dose_high``) share one description.
"""
from __future__ import annotations

import re

TICK = re.compile(r"`([^`\n]+)`")
CHAIN = re.compile(r"\s*(?:,|,?\s+and)\s*`([^`\n]+)`")
PHRASE = re.compile(r" ((?:of|in|from|for|as) [^,;.:()]+)")


def sections(text: str, level: str = "## ") -> list[tuple[str, str]]:
    """(heading, body) pairs; the text before the first heading has heading ''."""
    out, head, body = [], "", []
    for line in text.splitlines():
        if line.startswith(level):
            out.append((head, "\n".join(body)))
            head, body = line[len(level):].strip(), []
        else:
            body.append(line)
    out.append((head, "\n".join(body)))
    return out


def _paren(text: str, i: int) -> tuple[str, int] | None:
    """The balanced parenthesis starting at text[i] == '(' -> (inside, index after)."""
    depth = 0
    for j in range(i, len(text)):
        depth += {"(": 1, ")": -1}.get(text[j], 0)
        if depth == 0:
            return text[i + 1:j], j + 1
    return None


BOUNDS = {"start", "end", "low", "high", "min", "max"}


def _pair(a: str, b: str) -> bool:
    """``char_start``/``char_end``: the same stem, each ending in a bound word."""
    (sa, _, ea), (sb, _, eb) = a.rpartition("_"), b.rpartition("_")
    return bool(sa) and sa == sb and ea in BOUNDS and eb in BOUNDS


def describe_prose(text: str, names: set[str] | None = None) -> dict[str, str]:
    """{name: description} of the backticked names (only ``names`` when given)."""
    text = re.sub(r"\s*\n\s*", " ", text)
    out: dict[str, str] = {}
    pos = 0
    for m in TICK.finditer(text):
        if m.start() < pos or (names is not None and m.group(1) not in names):
            continue
        chain, end = [m.group(1)], m.end()
        while (c := CHAIN.match(text, end)) and _pair(chain[0], c.group(1)) \
                and (names is None or c.group(1) in names):
            chain.append(c.group(1))
            end = c.end()
        desc = None
        rest = text[end:]
        if rest.lstrip().startswith("("):
            found = _paren(text, end + len(rest) - len(rest.lstrip()))
            if found:
                desc, pos = found[0].strip(), found[1]
        elif (p := PHRASE.match(rest)) and len(chain) == 1:
            desc = f"{chain[0]} {p.group(1).strip()}"
        for name in chain:
            if desc and name not in out:
                out[name] = desc
    return out


def table_rows(text: str) -> list[list[str]]:
    """The cells of every Markdown table row (header and separator rows left out)."""
    rows = []
    for line in text.splitlines():
        s = line.strip()
        if not (s.startswith("|") and s.endswith("|")) or re.fullmatch(r"\|[\s|:-]+\|", s):
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", s[1:-1])]
        rows.append(cells)
    return rows[1:] if rows else rows  # the first row is the header


def describe_table(text: str) -> dict[str, str]:
    """{column: values cell} of ``| column[, column] | type | values |`` rows."""
    out = {}
    for cells in table_rows(text):
        if len(cells) >= 3:
            for name in re.split(r"\s*,\s*", cells[0].strip("` ")):
                out[name.strip("` ")] = cells[-1]
    return out


def ticks(text: str) -> list[str]:
    return TICK.findall(text)

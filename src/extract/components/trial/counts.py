"""Enrollment stated in a sentence, in any language (issue 11).

A count with a participant noun ("512 Patientinnen", "42 pacientes", "45명") in one sentence
with an enrolment word ("eingeschlossen", "se incluyeron", "등록", "were randomised"): the
count nearest the first enrolment word is the enrollment; a plan word in the sentence makes it
ESTIMATED, else ACTUAL. The words are rows of rules/enrollment_words.yaml; only the lines of
the page index that hold an enrolment word are read. Used when nothing else gave the figure.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ... import ruledata
from ...model import Fact, Layout
from ...pageindex import page_index
from .base import make_fact, trie_pattern

_NUMBER = r"(?<![A-Za-z0-9.,:/-])(?P<n>\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?!\d)|\d{1,6})(?![\d.,]\d)"
_SENTENCE_END = re.compile(r"[.!?](?=\s)|[。！？]")


class _Words:
    def __init__(self) -> None:
        def words(key: str, counter: bool | None = None) -> list[str]:
            rows = ruledata.load("enrollment_words.yaml", required=["words"], key=key)
            return [w for r in rows if counter is None or bool(r.get("counter")) == counter for w in r["words"]]

        self.verb_words = tuple(dict.fromkeys(words("verbs")))
        # a word start; CJK verbs also right after kana or a kanji ("約120人の登録を予定")
        self.verb = re.compile(rf"(?<![^\W\u3040-\u30ff\u4e00-\u9fff])(?:{trie_pattern(list(self.verb_words))})")
        self.plan = re.compile(trie_pattern(words("plans")))
        # "In Deutschland wurden 96 rekrutiert. Weltweit sollen es 550 werden.": the whole trial's figure
        self.total = re.compile(rf"(?<!\w)(?:{trie_pattern(words('totals'))})(?!\w)[^\d\n]{{0,30}}?{_NUMBER}")
        nouns = trie_pattern(words("nouns", False))
        counters = trie_pattern(words("nouns", True))
        # "512 Patientinnen", "300 evaluable patients" (one word between at most, not a preposition:
        # "DXB-7 in patients"), "45명", "56例"
        # Romanian joins a count of twenty or more to its noun with "de" ("450 de paciente"; not
        # "4 de nos patientes", a French part of a whole)
        stops = "|".join(re.escape(w) for w in words("between_stops"))
        between = rf"(?:de[ \t]+|(?!(?:{stops})[ \t])[^\W\d]+[ \t]+)?"
        self.count = re.compile(rf"{_NUMBER}(?:[ \t\u00a0]*(?:{counters})|[ \t\u00a0]+{between}(?:{nouns}))", re.I)


@lru_cache(maxsize=1)
def _words() -> _Words:
    return _Words()


def enrollment_sentence_facts(text: str, layout: Layout) -> list[Fact]:
    """The enrollment and its type from the first sentence that states one, or nothing."""
    W = _words()
    idx = page_index(text)
    if not idx.aligned:
        return []
    low = idx.low
    for ls in idx.lines_holding(W.verb_words):
        le = text.find("\n", ls)
        le = len(text) if le == -1 else le
        spans = list(_sentences(text, ls, le))
        for k, (ss, se) in enumerate(spans):
            got = _read_sentence(text, low, ss, se, W)
            if got and not layout.within(got[0].start, "related"):
                return _whole_trial(text, low, got, spans[k:k + 2], W)
    return []


def _whole_trial(text: str, low: str, got: list[Fact], spans, W: _Words) -> list[Fact]:
    """A figure for one country followed by the whole trial's ("weltweit ... 550"): the latter."""
    for ss, se in spans:
        t = W.total.search(low, ss, se)
        if t and t.start("n") != got[0].start:
            s, e = t.span("n")
            etype = "ESTIMATED" if W.plan.search(low, ss, se) else "ACTUAL"
            return [make_fact("trial_field", f, "enr.sentence.total", s, e, ss, se, field=f, value=v)
                    for f, v in (("enrollment", int(re.sub(r"[^\d]", "", t.group("n")))), ("enrollment_type", etype))]
    return got


def _sentences(text: str, ls: int, le: int):
    """(start, end) of the sentences of one line."""
    s = ls
    for m in _SENTENCE_END.finditer(text, ls, le):
        yield s, m.end()
        s = m.end()
    if s < le:
        yield s, le


def _read_sentence(text: str, low: str, ss: int, se: int, W: _Words) -> list[Fact]:
    v = W.verb.search(low, ss, se)
    if v is None:
        return []
    counts = list(W.count.finditer(text, ss, se))
    if not counts:
        return []
    c = min(counts, key=lambda m: min(abs(m.start() - v.start()), abs(m.end() - v.start())))
    n = int(re.sub(r"[^\d]", "", c.group("n")))
    if n < 2:
        return []
    etype = "ESTIMATED" if W.plan.search(low, ss, se) else "ACTUAL"
    s, e = c.span("n")
    return [make_fact("trial_field", "enrollment", "enr.sentence", s, e, ss, se, field="enrollment", value=n),
            make_fact("trial_field", "enrollment_type", "enr.sentence", s, e, ss, se,
                  field="enrollment_type", value=etype)]

"""Rule rows gated by the page's languages: compiled once per set of languages, chosen per page.

A rule row tagged ``lang`` (a code, or several: ``"ro bg"`` or a list) applies only on a page
that holds one of its languages; a row without ``lang`` applies everywhere. A page's languages
are read once (:func:`~extract.context.cues.page_languages`: recall-first, over the whole page),
so a page that holds a language's words, letters or script anywhere gets its rows.

A component's compiled rules are a :class:`Gated`: ``G.rules()`` is the set of the page being
read (``with reading(text): ...``), outside a page the set of every row. The page's languages
are held in a context variable, not in module state: threads (and tasks) each read their own
page.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Generic, TypeVar

from .. import ruledata
from .cues import detectors, page_languages

__all__ = ["Gated", "kept", "lang_codes_of", "lang_rows", "language_codes", "languages", "load", "reading"]

T = TypeVar("T")
_PAGE: ContextVar[frozenset[str] | None] = ContextVar("page_languages", default=None)


@contextmanager
def reading(text: str) -> Iterator[frozenset[str]]:
    """Within: the rules of ``text``'s languages for every :class:`Gated` (nested: the inner page)."""
    token = _PAGE.set(langs := page_languages(text))
    try:
        yield langs
    finally:
        _PAGE.reset(token)


def languages() -> frozenset[str]:
    """The languages of the page being read (:func:`reading`); outside a page none. Month names
    that differ by language read them ("listopad": October in Croatian, November in Czech)."""
    return _PAGE.get() or frozenset()


class Gated(Generic[T]):
    """Rules built by ``build(langs)`` from the rows of ``files`` that apply on pages holding
    ``langs`` (None: every row), built once per set of the languages these files tell apart."""

    def __init__(self, build: Callable[[frozenset[str] | None], T], *files: str) -> None:
        self._build, self._files = build, files
        self._tagged: frozenset[str] | None = None
        self._built: dict[frozenset[str] | None, T] = {}
        self._by_page: dict[frozenset[str], T] = {}  # a page's languages -> its rules (a dict look-up a call)

    def tagged(self) -> frozenset[str]:
        """The languages some row of the files is tagged with."""
        if self._tagged is None:
            self._tagged = lang_codes_of(*self._files)
        return self._tagged

    def gate(self, langs: frozenset[str]) -> frozenset[str]:
        """A page's languages as far as these rules tell them apart."""
        return langs & self.tagged()

    def compiled(self, langs: frozenset[str] | None) -> T:
        """The rules for a gated set of languages (None: every row)."""
        r = self._built.get(langs)
        if r is None:
            r = self._built[langs] = self._build(langs)
        return r

    def rules(self) -> T:
        """The rules of the page being read (:func:`reading`), outside a page every row."""
        langs = _PAGE.get()
        if langs is None:
            return self.compiled(None)
        r = self._by_page.get(langs)
        if r is None:
            r = self._by_page[langs] = self.compiled(self.gate(langs))
        return r


def load(name: str, langs: frozenset[str] | None, required: list[str] | tuple[str, ...] = (),
         key: str = "rules") -> list[dict]:
    """The rows of a rule list that apply on pages holding ``langs`` (:func:`lang_rows`)."""
    return lang_rows(ruledata.load(name, required=required, key=key), langs, name)


def kept(built: list | tuple, name: str, langs: frozenset[str] | None, key: str = "rules") -> tuple:
    """Of ``built`` (one item per row of a rule list, its row's id first, in any order), the
    items whose rows apply on pages holding ``langs``: rows built once, kept per page."""
    ids = {r["id"] for r in load(name, langs, key=key)}
    return tuple(b for b in built if b[0] in ids)


def language_codes() -> frozenset[str]:
    """The codes a rule row's ``lang`` may name: languages with ``detect`` rows."""
    return frozenset(name[len("her2_lang_"):].rsplit(".", 1)[0] for name, *_ in detectors())


def lang_rows(rows: list[dict], langs: frozenset[str] | None, name: str = "") -> list[dict]:
    """The rows that apply to a page holding ``langs`` (None: every row, outside a page): a row
    without ``lang`` always, a row with ``lang`` (a code or a list of codes) when the page holds
    one of them. An unknown code is refused."""
    out = []
    for r in rows:
        tag = r.get("lang")
        if not tag:
            out.append(r)
            continue
        codes = frozenset(tag.split() if isinstance(tag, str) else tag)
        if not codes <= language_codes():
            raise ruledata.RuleFileError(
                f"{name}: row {r.get('id')!r} names lang {sorted(codes - language_codes())}, which has no detect rows")
        if langs is None or codes & langs:
            out.append(r)
    return out


def lang_codes_of(*names: str) -> frozenset[str]:
    """The codes the rows of these rule files (every list of a YAML file) name in ``lang``."""
    out: set[str] = set()
    for name in names:
        data = ruledata._parse_yaml(name) if name.endswith(".yaml") else {"rules": ruledata.load(name)}
        for rows in (data.values() if isinstance(data, dict) else [data]):
            for r in rows if isinstance(rows, list) else ():
                tag = r.get("lang") if isinstance(r, dict) else None
                if tag:
                    out.update(tag.split() if isinstance(tag, str) else tag)
    return frozenset(out)

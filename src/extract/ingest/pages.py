"""Raw bytes -> decoded, normalized :class:`Document`.

Every offset the pipeline produces points into ``Document.text``, the normalized text
stored in ``documents.parquet``; normalization therefore happens once, here.
"""
from __future__ import annotations

import hashlib
import html
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..model import Document
from .decode import decode
from .errors import Reject, TooLarge

from ..limits import DEFAULT_MAX_BYTES  # noqa: F401 (re-exported)
SUFFIXES = (".txt", ".md", ".html", ".htm")


# ------------------------------------------------------------------------------- HTML
_BLOCK_TAGS = {
    "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "h1", "h2",
    "h3", "h4", "h5", "h6", "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot",
    "blockquote", "pre", "form", "fieldset", "figure", "figcaption", "hr", "address",
}


def html_to_text(markup: str) -> str:
    """Reduce an HTML page to text with a real parser, keeping its line structure.

    Block elements become line breaks, ``<li>`` items get a ``- `` marker, table rows become
    one line with cells joined by `` | `` (the classic registry table layout), headings
    stay lines of their own; scripts, styles and comments are dropped.
    """
    from bs4 import BeautifulSoup, Comment  # lazy: only HTML pages pay for it

    soup = BeautifulSoup(markup, "lxml")
    for el in soup(["script", "style", "noscript", "template", "svg", "head"]):
        el.decompose()
    for c in soup.find_all(string=lambda s: isinstance(s, Comment)):
        c.extract()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for tr in soup.find_all("tr"):
        # a <br> inside a cell stays a line break (an arm label above its description),
        # as in the classic registry layout whose cells span lines
        cells = [
            "\n".join(" ".join(ln.split()) for ln in td.get_text(" ").split("\n") if ln.strip())
            for td in tr.find_all(["td", "th"])
        ]
        tr.replace_with("\n" + " | ".join(cells) + " |\n")
    for li in soup.find_all("li"):
        li.insert_before("\n- ")
        li.insert_after("\n")
    for el in soup.find_all(_BLOCK_TAGS):
        el.insert_before("\n")
        el.insert_after("\n")
    text = soup.get_text()
    lines = [" ".join(ln.split()) for ln in text.split("\n")]
    out: list[str] = []
    for ln in lines:
        if ln or (out and out[-1]):
            out.append(ln)
    return "\n".join(out).strip() + "\n"


# -------------------------------------------------------------------------- normalize
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_POW10_SUPER = re.compile(r"10([⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
# a backslash before ASCII punctuation is a markdown escape ("\>", "1\.", "10\^9")
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
# zero-width characters, soft hyphens, the bidirectional marks of right-to-left pages (LRM/RLM, the Arabic
# letter mark, embeddings and isolates), and Arabic vowel marks and the tatweel (kashida): a label or value
# written with them reads as the same words without them ("عُمْر" is "عمر", "الـمرحلة" is "المرحلة")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad\u061c\u202a-\u202e\u2066-\u2069\u064b-\u0652\u0670\u0640]")
# Arabic-Indic and Persian (extended) digits and the Arabic decimal, thousands and percent signs -> ASCII,
# one character for one, so that every number, date, age and count reads as the Western digits do
_EASTERN_MAP = str.maketrans({**{chr(0x0660 + i): str(i) for i in range(10)},
                              **{chr(0x06F0 + i): str(i) for i in range(10)},
                              "\u066a": "%", "\u066b": ".", "\u066c": ","})
# their first UTF-8 bytes: a page whose UTF-8 holds none of them (one memchr each) is not translated
_EASTERN_LEADS = sorted({chr(c).encode()[0] for c in _EASTERN_MAP})
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,5}|#x[0-9a-fA-F]{2,4});")
_ESCAPED_NEWLINE = re.compile(r"\\r\\n|\\n")
_MIN_ESCAPED_NEWLINES = 3


def normalize_text(text: str) -> str:
    """The one normalization every offset is relative to (see module docstring)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ZERO_WIDTH.sub("", text)
    if text.count("\\n") >= _MIN_ESCAPED_NEWLINES:
        # a registry export quoting its free text as JSON strings ("Inclusion Criteria:\n\n* ...")
        text = _ESCAPED_NEWLINE.sub("\n", text)
    if _ENTITY.search(text):
        text = html.unescape(text)
    text = _POW10_SUPER.sub(lambda m: "10^" + m.group(1).translate(_SUPERSCRIPTS), text)
    text = _MD_ESCAPE.sub(r"\1", text)
    text = unicodedata.normalize("NFKC", text)
    utf8 = text.encode("utf-8", "surrogatepass")
    if any(b in utf8 for b in _EASTERN_LEADS):
        text = text.translate(_EASTERN_MAP)
    # NFKC maps NBSP and the other compatibility spaces to U+0020; tabs stay.
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    text = "\n".join(ln.rstrip(" \t") for ln in text.split("\n"))  # no trailing blanks on a line
    return text.strip("\n") + "\n" if text.strip() else ""


def document_id_for(text: str) -> str:
    """Stable id for the same normalized text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True)
class RawPage:
    """Bytes of one input. ``pointer`` (a JSON pointer) picks one study of a record file
    that holds several (an API list page); None: the whole file is one document."""

    source_path: str
    raw: bytes
    sha256: str
    pointer: str | None = None


def read_page(path: Path, source_path: str, max_bytes: int = DEFAULT_MAX_BYTES, sha256: str | None = None) -> RawPage:
    """Read a page's bytes, at most ``max_bytes`` of them. Raises :class:`Reject`.

    ``sha256`` (already computed while discovering) saves hashing a too-large file twice.
    """
    try:
        with path.open("rb") as fh:
            raw = fh.read(max_bytes + 1)
            if len(raw) > max_bytes:
                size = os.fstat(fh.fileno()).st_size
                if sha256 is None:
                    digest = hashlib.sha256(raw)
                    for chunk in iter(lambda: fh.read(1 << 20), b""):
                        digest.update(chunk)
                    sha256 = digest.hexdigest()
                raise TooLarge(f"{size} bytes > limit {max_bytes}", sha256)
    except OSError as e:
        raise Reject("unreadable", f"{type(e).__name__}: {e.strerror or e}") from e
    return RawPage(source_path, raw, hashlib.sha256(raw).hexdigest())


def page_document(page: RawPage, ingested_at: datetime | None = None) -> Document:
    """Decode and normalize a text page (txt, md, html). Raises :class:`Reject`."""
    text, _enc = decode(page.raw)
    if page.source_path.lower().endswith((".html", ".htm")) or _looks_like_html(text):
        text = html_to_text(text)
    text = normalize_text(text)
    if not text.strip():
        raise Reject("empty", "no text after decoding and normalization")
    return new_document(page, text, ingested_at)


def new_document(page: RawPage, text: str, ingested_at: datetime | None = None, record=None) -> Document:
    """The stored document of ``text`` read from ``page`` (its id: the hash of the text)."""
    return Document(
        document_id=document_id_for(text),
        source_path=page.source_path,
        sha256=page.sha256,
        text=text,
        ingested_at=ingested_at or datetime.now(timezone.utc),
        record=record,
    )


_HTML_SNIFF = re.compile(r"^\s*(?:<!doctype html|<html[\s>])", re.I)


def _looks_like_html(text: str) -> bool:
    return bool(_HTML_SNIFF.match(text[:512]))

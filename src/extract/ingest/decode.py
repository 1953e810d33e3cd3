"""Page bytes -> text: BOMs, UTF-16 without BOM, UTF-8, a declared charset, East Asian
multi-byte encodings (the one whose decoding reads as everyday text), single-byte encodings of
other alphabets (the least chaotic decoding), then plausible 8-bit Western text.

Order and codecs are rule data (``rules/encodings.yaml``). Raises :class:`Reject` for
bytes that are no text page (empty, binary, undecodable).
"""
from __future__ import annotations

import codecs
import re
from functools import lru_cache
from typing import NamedTuple

from .. import ruledata
from .errors import Reject

_MAGIC = (
    (b"%PDF", "PDF document"),
    (b"\x89PNG", "PNG image"),
    (b"PK\x03\x04", "zip archive"),
    (b"GIF8", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\x7fELF", "ELF binary"),
    (b"\xd0\xcf\x11\xe0", "OLE2 (legacy Office) document"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# a complete, valid UTF-8 multi-byte sequence (used to tell UTF-8 with a few bad bytes from
# legacy 8-bit text)
_UTF8_MB = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_HIGH = re.compile(rb"[\x80-\xff]")
# 8-bit legacy text (cp1252/latin-1) is plausible only with few high bytes: a registry page
# in English or a Western European language has a handful of accented letters and symbols
MAX_8BIT_HIGH_SHARE = 0.30
MAX_STRAY_NUL_SHARE = 0.001  # a few stray NULs in a text file are dropped, not a reason to reject


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 text without a BOM shows NULs in every other byte for ASCII-heavy text."""
    if len(raw) < 4:
        return None
    if len(raw) % 2:  # a truncated last code unit
        raw = raw[:-1]
    even, odd = raw[0::2], raw[1::2]
    n = len(raw) // 2
    if odd.count(0) > 0.3 * n and even.count(0) < 0.05 * n:
        enc = "utf-16-le"
    elif even.count(0) > 0.3 * n and odd.count(0) < 0.05 * n:
        enc = "utf-16-be"
    else:
        return None
    try:
        text = raw.decode(enc)
    except UnicodeDecodeError:
        return None
    if len(_CONTROL.findall(text)) > 0.05 * len(text):
        return None
    return text


_DECLARED = re.compile(
    rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{2,40})"
    rb"|<\?xml[^>]{0,100}?encoding\s*=\s*[\"']([A-Za-z0-9_.:-]{2,40})",
    re.I,
)
_SNIFF_BYTES = 4096


class _EncodingRules(NamedTuple):
    declared: list[tuple[re.Pattern, str]]  # a declared charset name -> its codec
    detect: list[str]  # East Asian multi-byte codecs, in order
    min_share: float  # of everyday characters a multi-byte decoding needs
    detect8: list[str]  # single-byte codecs of non-Latin alphabets, in order
    max_mess: float  # the highest chaos score a single-byte decoding may have
    latin8: list[str]  # 8-bit Latin codecs other than cp1252 (Central European), in order


@lru_cache(maxsize=1)
def _rules() -> _EncodingRules:
    """The ``declared``, ``detect``, ``detect8``, ``latin8`` and ``settings`` rows of ``rules/encodings.yaml``."""
    out = _EncodingRules([], [], 0.6, [], 0.1, [])
    settings: dict = {}
    for r in ruledata.load("encodings.yaml", required=["kind"]):
        if r["kind"] == "declared":
            out.declared.append((re.compile(r["pattern"], re.I), r["codec"]))
        elif r["kind"] == "detect":
            out.detect.append(r["codec"])
        elif r["kind"] == "detect8":
            codecs.lookup(r["codec"])  # an unknown codec fails at start-up, not on a page
            out.detect8.append(r["codec"])
        elif r["kind"] == "latin8":
            codecs.lookup(r["codec"])
            out.latin8.append(r["codec"])
        elif r["kind"] == "settings":
            settings.update(r)
    return out._replace(min_share=float(settings.get("min_common_share", out.min_share)),
                        max_mess=float(settings.get("max_8bit_mess", out.max_mess)))


def _hex_range(spec: str) -> tuple[int, int]:
    first, last = spec.split("-")
    return int(first, 16), int(last, 16)


@lru_cache(maxsize=1)
def common_characters() -> frozenset[str]:
    """Everyday East Asian characters (``common`` rows of ``rules/encodings.yaml``): a codec's
    block of two-byte codes (lead and trail byte ranges) decoded, or a range of code points."""
    chars: set[str] = set()
    for r in ruledata.load("encodings.yaml", required=["kind"]):
        if r["kind"] != "common":
            continue
        if "codepoints" in r:
            lo, hi = _hex_range(r["codepoints"])
            chars.update(map(chr, range(lo, hi + 1)))
            continue
        lo, hi = _hex_range(r["bytes"])
        for lead in range(lo >> 8, (hi >> 8) + 1):
            for trail in range(lo & 0xFF, (hi & 0xFF) + 1):
                chars.update(bytes((lead, trail)).decode(r["codec"], errors="ignore"))
    return frozenset(chars)


def declared_codec(raw: bytes) -> str | None:
    """The codec for the charset a page declares in its first bytes (HTML meta, XML
    declaration), or None when it declares none Python knows."""
    m = _DECLARED.search(raw[:_SNIFF_BYTES])
    if not m:
        return None
    name = (m.group(1) or m.group(2)).decode("ascii").strip()
    for pat, codec in _rules().declared:
        if pat.fullmatch(name):
            return codec
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


_SAMPLE_CHARS = 20000  # the plausibility of a decoding is judged on the page's start


def _plausibility(text: str) -> tuple[float, float]:
    """(share of the non-ASCII characters that are everyday East Asian text, that share less
    charset-normalizer's chaos (mess) score): mojibake lands on rare characters."""
    from charset_normalizer.md import mess_ratio  # lazy: only non-UTF-8 pages pay for it

    sample = text[:_SAMPLE_CHARS]
    high = [c for c in sample if c > "\x7f"]
    if not high:
        return 0.0, 0.0
    common = common_characters()
    share = sum(c in common for c in high) / len(high)
    return share, share - mess_ratio(sample, maximum_threshold=1.0)


def _detect_multibyte(raw: bytes) -> tuple[str, str] | None:
    """The East Asian multi-byte codec (``detect`` rows, in order) that decodes every byte
    into the most plausible text, if its share of everyday characters is high enough."""
    R = _rules()
    best: tuple[float, str, str] | None = None
    for codec in R.detect:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        share, score = _plausibility(text)
        if share >= R.min_share and (best is None or score > best[0]):
            best = (score, text, codec)
    return None if best is None else (best[1], best[2])


def _detect_single_byte(raw: bytes) -> tuple[str, str] | None:
    """The single-byte codec of a non-Latin alphabet (``detect8`` rows) whose decoding
    charset-normalizer finds least chaotic and most like a language the codec serves (its
    chaos score less its coherence), if it is calm enough to be text."""
    # lazy: only such pages pay for it
    from charset_normalizer.cd import coherence_ratio, encoding_languages
    from charset_normalizer.md import mess_ratio

    R = _rules()
    best: tuple[tuple[float, int], str, str] | None = None
    for codec in R.detect8:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        sample = text[:_SAMPLE_CHARS]
        mess = mess_ratio(sample, maximum_threshold=1.0)
        if mess > R.max_mess:
            continue
        langs = encoding_languages(codec)
        coherence = max((r for _lang, r in coherence_ratio(sample, 0.1, ",".join(langs))),
                        default=0.0) if langs else 0.0
        # a tie (ISO-8859-7 and cp1253 differ in a few signs) goes to the one reading more letters
        score = (mess - coherence, -sum(ch.isalpha() for ch in sample if ord(ch) > 0x7F))
        if best is None or score < best[0]:
            best = (score, text, codec)
    return None if best is None else (best[1], best[2])


def _decode_legacy(raw: bytes) -> tuple[str, str]:
    """Bytes that are not valid UTF-8: a declared charset, UTF-8 with a few damaged bytes,
    an East Asian multi-byte encoding, or legacy 8-bit text."""
    codec = declared_codec(raw)
    if codec is not None:
        try:
            return raw.decode(codec), codec
        except UnicodeDecodeError:
            pass  # the declaration is wrong: judge the bytes themselves
    n_bad = len(raw.decode("utf-8", errors="replace")) - len(raw.decode("utf-8", errors="ignore"))
    n_mb = len(_UTF8_MB.findall(raw))
    if n_mb > n_bad:
        # mostly valid UTF-8 (its multi-byte characters decode): keep it, mark the damage
        return raw.decode("utf-8", errors="replace"), "utf-8+replace"
    found = _detect_multibyte(raw)
    if found is not None:
        return found
    high = len(_HIGH.findall(raw))
    if high > MAX_8BIT_HIGH_SHARE * len(raw):
        found = _detect_single_byte(raw)
        if found is not None:
            return found
        raise Reject(
            "undecodable",
            f"not UTF-8 (invalid sequences: {n_bad}), no East Asian or single-byte encoding "
            f"fits, and {high / len(raw):.0%} of bytes are non-ASCII: not plausible as "
            "Western 8-bit text",
        )
    try:
        return _western_or_central(raw, raw.decode("cp1252"))
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"


def _western_or_central(raw: bytes, western: str) -> tuple[str, str]:
    """Low-share 8-bit Latin text: cp1252, unless a ``latin8`` codec (cp1250) reads the bytes
    strictly calmer (charset-normalizer's chaos score): Czech or Polish words read as cp1252
    mix letters and symbols ("Pøeskoèit", "pacjentów z³"); a tie keeps cp1252."""
    from charset_normalizer.md import mess_ratio  # lazy: only such pages pay for it

    best = (mess_ratio(western[:_SAMPLE_CHARS], maximum_threshold=1.0), western, "cp1252")
    for codec in _rules().latin8:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if text != western:
            mess = mess_ratio(text[:_SAMPLE_CHARS], maximum_threshold=1.0)
            if mess < best[0]:
                best = (mess, text, codec)
    return best[1], best[2]


def decode(raw: bytes) -> tuple[str, str]:
    """Decode page bytes; returns (text, encoding). Raises :class:`Reject`."""
    if not raw.strip():
        raise Reject("empty", "file is empty or whitespace only")
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            raise Reject("binary", f"{what} (magic bytes {magic[:4]!r})")
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw[len(bom):].decode(enc)
            except UnicodeDecodeError as e:
                raise Reject("undecodable", f"{enc} with BOM: {e}") from e
            if not text.strip():
                raise Reject("empty", f"only a {enc} byte order mark")
            return text, enc
    if b"\x00" in raw:
        text = _utf16_without_bom(raw)
        if text is not None:
            return text, "utf-16"
        if raw.count(0) > MAX_STRAY_NUL_SHARE * len(raw):
            raise Reject("binary", f"{raw.count(0)} NUL bytes and not UTF-16 text")
        raw = raw.replace(b"\x00", b"")
    if b"\x1b$" in raw:
        # ISO-2022-JP/KR: 7-bit text switching character sets with escape sequences
        for enc in ("iso2022_jp", "iso2022_kr"):
            try:
                return raw.decode(enc), enc
            except UnicodeDecodeError:
                continue
    try:
        text, enc = raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, enc = _decode_legacy(raw)
    if len(_CONTROL.findall(text)) > 0.05 * len(text):
        raise Reject("binary", "too many control characters for a text page")
    return text, enc

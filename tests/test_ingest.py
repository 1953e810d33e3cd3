"""Decoding and reject reasons of ingestion, on real bytes (issue 6, bad input)."""
from __future__ import annotations

import hashlib
import io
import os
import zipfile
import zlib
import struct
from pathlib import Path

import pytest

from extract.ingest import (
    RawPage,
    Reject,
    TooLarge,
    decode,
    document_from_text,
    make_document,
    normalize_text,
    read_page,
)

ROOT = Path(__file__).resolve().parents[1]
SEED = sorted((ROOT / "raw").glob("*.txt"))[1]

PAGE = (
    "Official Title: A Phase 2 Study of Examplumab in Adults With Gastric Cancer\n"
    "NCT Number: NCT01234567\n"
    "Eligibility Criteria\n"
    "Inclusion Criteria:\n"
    "- Absolute neutrophil count ≥ 1.5 × 10^9/L\n"
    "- Creatinine clearance ≥ 60 mL/min\n"
)


def page(raw: bytes, name: str = "p.txt") -> RawPage:
    return RawPage(name, raw, hashlib.sha256(raw).hexdigest())


def reason(raw: bytes) -> str:
    with pytest.raises(Reject) as e:
        decode(raw)
    return e.value.reason


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b"")


def zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("page.txt", PAGE)
    return buf.getvalue()


# ------------------------------------------------------------------------ rejects
@pytest.mark.parametrize("raw", [b"", b"   \n\t\r\n  ", b"\xef\xbb\xbf", b"\xff\xfe", b"\xef\xbb\xbf  \n"])
def test_empty_inputs_are_rejected_as_empty(raw):
    assert reason(raw) == "empty"


@pytest.mark.parametrize(
    "raw,what",
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF"),
        (png_bytes(), "PNG"),
        (zip_bytes(), "zip"),
        (b"\x1f\x8b\x08\x00" + bytes(range(256)) * 4, "gzip"),
    ],
)
def test_binary_formats_renamed_txt_are_rejected_as_binary(raw, what):
    with pytest.raises(Reject) as e:
        decode(raw)
    assert e.value.reason == "binary" and what in e.value.detail


def test_random_bytes_with_nuls_are_binary_and_without_nuls_undecodable():
    rnd = hashlib.shake_256(b"seed").digest(20000)
    assert reason(rnd) == "binary"
    assert b"\x00" not in rnd.replace(b"\x00", b"") and reason(rnd.replace(b"\x00", b"")) == "undecodable"
    # high bytes only (e.g. a double-byte Asian encoding we do not guess)
    assert reason(bytes(range(0x80, 0x100)) * 40) == "undecodable"


def test_broken_utf16_with_bom_is_undecodable():
    assert reason(b"\xff\xfe" + "ok".encode("utf-16-le") + b"\x00\xd8") == "undecodable"


# ------------------------------------------------------------------- decoded text
@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_decoded_not_rejected(enc):
    text, used = decode(PAGE.encode(enc))
    assert text == PAGE and used == "utf-16"
    # a truncated last code unit still decodes
    text, _ = decode(PAGE.encode(enc)[:-1])
    assert text == PAGE[:-1]


def test_utf16_page_gives_the_same_document_as_utf8():
    seed = SEED.read_bytes().decode("utf-8")
    a = make_document(page(seed.encode("utf-8")))
    b = make_document(page(seed.encode("utf-16-le")))
    c = make_document(page(seed.encode("utf-16")))  # with BOM
    d = make_document(page(seed.replace("\n", "\r\n").encode("utf-8")))
    assert a.text == b.text == c.text == d.text
    assert a.document_id == b.document_id == c.document_id == d.document_id
    assert a.sha256 != b.sha256  # sha256 is of the raw bytes


def test_legacy_cp1252_text_is_decoded():
    raw = "Étude de phase 2 – critères d’inclusion: âge ≥ 18 ans".replace("≥", ">=").encode("cp1252")
    text, enc = decode(raw)
    assert enc == "cp1252" and text.startswith("Étude") and "–" in text and "’" in text


def test_utf8_with_a_few_damaged_bytes_keeps_its_characters():
    raw = PAGE.encode("utf-8").replace(b"Gastric", b"Gas\xfftric")
    text, enc = decode(raw)
    assert enc == "utf-8+replace"
    assert "≥ 1.5 × 10^9/L" in text and "Gas\ufffdtric" in text  # not mojibake ("â‰¥")


def test_stray_nul_bytes_are_dropped():
    body = (PAGE * 20).encode()
    raw = body[:100] + b"\x00" + body[100:]
    text, _ = decode(raw)
    assert "\x00" not in text and text == PAGE * 20


def test_html_page_is_reduced_to_text():
    doc = document_from_text("<!doctype html><html><body><h1>Study</h1><ul><li>ANC &ge; 1500/mm3</li></ul></body></html>", "x.html")
    assert "- ANC ≥ 1500/mm3" in doc.text and "<li>" not in doc.text


def test_normalize_text_contract_is_kept():
    # what the extractors rely on (see the project briefing)
    assert normalize_text("a\r\nb") == "a\nb\n"
    assert normalize_text("ANC \\> 1.5 × 10⁹/L\u00a0") == "ANC > 1.5 × 10^9/L\n"
    assert normalize_text("1\\. 5 µmol/L ≤ 2 m²") == "1. 5 μmol/L ≤ 2 m2\n"


# ------------------------------------------------------------------------- reading
def test_read_page_size_limit(tmp_path):
    p = tmp_path / "big page.txt"
    p.write_bytes(PAGE.encode() * 100)
    size = p.stat().st_size
    assert read_page(p, "big page.txt", max_bytes=size).raw == p.read_bytes()
    with pytest.raises(TooLarge) as e:
        read_page(p, "big page.txt", max_bytes=size - 1)
    assert e.value.reason == "too_large" and str(size) in e.value.detail
    assert e.value.sha256 == hashlib.sha256(p.read_bytes()).hexdigest()
    # the hash computed at discovery is reused (no second pass over a huge file)
    with pytest.raises(TooLarge) as e:
        read_page(p, "big page.txt", max_bytes=10, sha256="f" * 64)
    assert e.value.sha256 == "f" * 64


def test_read_page_missing_file_is_unreadable(tmp_path):
    with pytest.raises(Reject) as e:
        read_page(tmp_path / "gone.txt", "gone.txt")
    assert e.value.reason == "unreadable"


def test_sparse_200_mb_file_is_too_large_without_reading_it_all(tmp_path):
    p = tmp_path / "huge.txt"
    with open(p, "wb") as fh:
        fh.truncate(200 * 1024 * 1024)
    with pytest.raises(TooLarge) as e:
        read_page(p, "huge.txt", sha256="0" * 64)  # default limit
    assert e.value.reason == "too_large" and str(200 * 1024 * 1024) in e.value.detail
    assert os.path.getsize(p) == 200 * 1024 * 1024

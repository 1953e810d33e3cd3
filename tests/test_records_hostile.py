"""Bad and hostile record files (issue 13): each becomes a reject with its reason, the rest of
the folder or archive goes on, and nothing is expanded, read from outside or unpacked.

Every file here is built by the test itself (a few KB each; the module runs in about a second
once spaCy is loaded).
"""
from __future__ import annotations

import io
import json
import struct
import zipfile
from pathlib import Path

import pytest

from extract.ingest import RawPage, Reject, make_document
from extract.ingest.archive import member_refusal
from extract.local import run_local
from extract.store import discover, read_current

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "tests" / "records"
GOOD_XML = (RECORDS / "NCT02011223.xml").read_bytes()
GOOD_JSON = (RECORDS / "NCT05990011.json").read_bytes()

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE clinical_study [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<clinical_study>
  <id_info><nct_id>NCT09999991</nct_id></id_info>
  <brief_title>&lol9;</brief_title>
</clinical_study>
"""

XXE = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE clinical_study [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<clinical_study>
  <id_info><nct_id>NCT09999992</nct_id></id_info>
  <brief_title>Study &xxe;</brief_title>
  <eligibility><criteria><textblock>&xxe;</textblock></criteria></eligibility>
</clinical_study>
"""


def reject_reason(raw: bytes, name: str) -> str:
    with pytest.raises(Reject) as e:
        make_document(RawPage(name, raw, "sha"))
    return e.value.reason


def run(tmp_path: Path, files: dict[str, bytes], **kw) -> dict:
    raw = tmp_path / "raw"
    raw.mkdir(exist_ok=True)
    for name, data in files.items():
        p = raw / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    run_local(raw, tmp_path / "out", **kw)
    return {t: tab.to_pylist() for t, tab in read_current(tmp_path / "out").items()}


def reasons(tables: dict) -> dict[str, str]:
    return {r["source_path"]: r["reason"] for r in tables["rejects"]}


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buf.getvalue()


# ------------------------------------------------------------------------- XML attacks
@pytest.mark.parametrize("name", ["laughs.xml", "laughs.txt"])
def test_billion_laughs_is_rejected_never_expanded(name):
    assert reject_reason(LAUGHS, name) == "unsafe_xml"


def test_external_entity_is_rejected_never_read(tmp_path):
    assert reject_reason(XXE, "xxe.xml") == "unsafe_xml"
    t = run(tmp_path, {"xxe.xml": XXE, "ok.xml": GOOD_XML})
    assert reasons(t) == {"xxe.xml": "unsafe_xml"}
    assert all("root:" not in d["text"] for d in t["documents"])
    assert [d["source_path"] for d in t["documents"]] == ["ok.xml"]


def test_the_xml_parser_itself_resolves_no_entities():
    """Defence in depth: even without the DTD check the parser settings expand nothing."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(XXE, parser)
    assert "root:" not in "".join(root.itertext())


# ----------------------------------------------------------------------- bad records
@pytest.mark.parametrize("raw,name,reason", [
    (GOOD_JSON[: len(GOOD_JSON) // 2], "truncated.json", "bad_record"),
    (GOOD_XML[: len(GOOD_XML) // 2], "truncated.xml", "bad_record"),
    (b'{"generated": "2024-09-03", "count": 0}', "other.json", "not_a_study"),
    (b"<?xml version='1.0'?><search_results count='0'/>", "search.xml", "not_a_study"),
    (b'{"studies": [], "totalCount": 0}', "empty_page.json", "not_a_study"),
    (b"[" * 100000 + b"]" * 100000, "deep.json", "bad_record"),
])
def test_bad_record_files_are_rejected_with_a_reason(raw, name, reason):
    assert reject_reason(raw, name) == reason


def test_a_text_page_starting_with_a_brace_is_still_a_page():
    page = ("{draft} A Phase 2 Study of Examplumab in Gastric Cancer\nNCT Number: NCT01234567\n"
            "Eligibility Criteria\nInclusion Criteria:\n- Absolute neutrophil count >= 1.5 x 10^9/L\n").encode()
    doc = make_document(RawPage("draft.txt", page, "sha"))
    assert doc.record is None and "NCT01234567" in doc.text


def test_a_list_page_with_one_bad_entry_keeps_the_others(tmp_path):
    good = json.loads(GOOD_JSON)
    page = json.dumps({"studies": [good, {"derivedSection": {}}], "nextPageToken": "abc"}).encode()
    t = run(tmp_path, {"page.json": page})
    assert [d["source_path"] for d in t["documents"]] == ["page.json#/studies/0"]
    assert reasons(t) == {"page.json#/studies/1": "not_a_study"}


# ------------------------------------------------------------------------- archives
def test_hostile_archive_members_are_refused_by_name_and_the_rest_goes_on(tmp_path):
    inner = zip_bytes({"NCT02011223.xml": GOOD_XML})
    archive = bytearray(zip_bytes(
        {
            "ok/NCT02011223.xml": GOOD_XML,
            "../escape.xml": GOOD_XML,
            "/etc/absolute.xml": GOOD_XML,
            "dir/../../up.json": GOOD_JSON,
            "nested/inner.zip": inner,
            "nested/disguised.json": inner,  # an archive under a record's name: found by its bytes
            "notes/readme.json": b'{"note": "not a study"}',
            "notes/broken.xml": GOOD_XML[:300],
            "notes/manifest.csv": b"nct_id\nNCT02011223\n",
            "locked/NCT05990011.json": GOOD_JSON,
            "__MACOSX/ok/._NCT02011223.xml": b"\x00\x05\x16\x07",
        }
    ))
    _patch(archive, b"locked/NCT05990011.json", (6, 8), "<H", 0x1)  # marked encrypted
    t = run(tmp_path, {"bulk.zip": bytes(archive)})
    assert [d["source_path"] for d in t["documents"]] == ["bulk.zip!/ok/NCT02011223.xml"]
    assert reasons(t) == {
        "bulk.zip!/../escape.xml": "unsafe_member",
        "bulk.zip!//etc/absolute.xml": "unsafe_member",
        "bulk.zip!/dir/../../up.json": "unsafe_member",
        "bulk.zip!/nested/inner.zip": "nested_archive",
        "bulk.zip!/nested/disguised.json": "nested_archive",
        "bulk.zip!/notes/readme.json": "not_a_study",
        "bulk.zip!/notes/broken.xml": "bad_record",
        "bulk.zip!/notes/manifest.csv": "unsupported_type",
        "bulk.zip!/locked/NCT05990011.json": "unreadable",
    }
    assert not (tmp_path / "escape.xml").exists() and not (tmp_path / "raw" / "escape.xml").exists()
    # the refusals hold on the next run without flapping
    again = run_local(tmp_path / "raw", tmp_path / "out")
    assert not again.published and not again.added and not again.changed and not again.removed


def test_a_member_declaring_more_than_the_limit_is_not_unpacked(tmp_path):
    big = GOOD_XML + b"<!--" + b"x" * 300_000 + b"-->"
    archive = zip_bytes({"a/NCT02011223.xml": GOOD_XML, "b/huge.xml": big})
    found = discover(_write(tmp_path, "bulk.zip", archive), max_bytes=200_000)
    assert [p.source_path for p in found.pages] == ["bulk.zip!/a/NCT02011223.xml"]
    (rej,) = found.rejects
    assert (rej["source_path"], rej["reason"]) == ("bulk.zip!/b/huge.xml", "too_large")
    assert "declares" in rej["detail"]
    assert member_refusal("x.xml", 10**12, 0, 20 * 2**20)[0] == "too_large"


def test_a_member_holding_more_than_it_declares_is_rejected(tmp_path):
    """A lying directory entry (declares 2,000 bytes, holds 300 KB) never yields more than
    declared: the data fail their CRC and the member is rejected; its neighbour is read."""
    big = GOOD_XML + b"<!--" + b"y" * 300_000 + b"-->"
    archive = bytearray(zip_bytes({"a/NCT02011223.xml": GOOD_XML, "b/liar.xml": big}))
    _patch(archive, b"b/liar.xml", (22, 24), "<I", 2000)  # declared uncompressed size
    found = discover(_write(tmp_path, "bulk.zip", bytes(archive)), max_bytes=200_000)
    assert [p.source_path for p in found.pages] == ["bulk.zip!/a/NCT02011223.xml"]
    (rej,) = found.rejects
    assert (rej["source_path"], rej["reason"]) == ("bulk.zip!/b/liar.xml", "unreadable")


def test_a_file_that_is_no_archive_is_rejected(tmp_path):
    t = run(tmp_path, {"broken.zip": b"PK\x03\x04 not really an archive", "ok.xml": GOOD_XML})
    assert reasons(t) == {"broken.zip": "bad_archive"}
    assert [d["source_path"] for d in t["documents"]] == ["ok.xml"]


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir(exist_ok=True)
    (raw / name).write_bytes(data)
    return raw


def _patch(buf: bytearray, name: bytes, offsets: tuple[int, int], fmt: str, value: int) -> None:
    """Rewrite one field of a member's local header and of its directory entry (at the given
    offsets from each header's signature)."""
    for sig, at, name_at in ((b"PK\x03\x04", offsets[0], 30), (b"PK\x01\x02", offsets[1], 46)):
        i = buf.find(sig)
        while i != -1:
            if buf[i + name_at:i + name_at + len(name)] == name:
                struct.pack_into(fmt, buf, i + at, value)
            i = buf.find(sig, i + 4)

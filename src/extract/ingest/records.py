"""Registry record files: recognise them by content, parse them safely, find their studies.

Formats (``FORMAT_NAMES``): an API v2 study (``protocolSection``), an API v2 list response
(``studies: [...]``, with or without ``nextPageToken``) or a bare JSON array of v2 studies,
the retired API v1 ``FullStudiesResponse``, and the legacy ``<clinical_study>`` XML. A file
holding several studies is a container: each study is one document, addressed by a JSON
pointer (RFC 6901) after ``#`` in its source_path (``page.json#/studies/3``).

XML is parsed with entity expansion, DTD loading and network access off, and a record that
declares a DTD or entities at all is rejected (``unsafe_xml``): no legacy record has one.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from .decode import decode
from .errors import Reject

V2, V1, XML = "v2", "v1", "xml"
FORMAT_NAMES = {V2: "ctgov_api_v2_json", V1: "ctgov_api_v1_json", XML: "ctgov_legacy_xml"}
RECORD_SUFFIXES = (".json", ".xml")

_BOM = b"\xef\xbb\xbf"
_XML_ROOT = re.compile(r"<clinical_study[\s>/]")
_DTD = re.compile(r"<!(?:DOCTYPE|ENTITY)", re.I)
_XML_HEAD = re.compile(r"^\s*(?:<\?xml|<!--|<!DOCTYPE|<clinical_study)", re.I)
_SNIFF = 4096


@dataclass(frozen=True)
class Study:
    fmt: str  # V2 | V1 | XML
    root: Any  # the study object (dict) or the <clinical_study> element
    pointer: str | None = None  # JSON pointer of the study inside its file, if a container


def sniff(raw: bytes, source_path: str) -> str | None:
    """"json" or "xml" when the bytes are (or, by suffix, must be) a record file, else None."""
    head = raw[:_SNIFF].lstrip(b" \t\r\n")
    if head.startswith(_BOM):
        head = head[len(_BOM):].lstrip(b" \t\r\n")
    suffix = source_path.lower().rsplit("#", 1)[0]
    if suffix.endswith(".json") or head[:1] in (b"{", b"["):
        return "json"
    if suffix.endswith(".xml"):
        return "xml"
    try:
        text = head.decode("utf-8", errors="ignore")
    except Exception:  # noqa: BLE001
        return None
    if _XML_HEAD.match(text) and _XML_ROOT.search(text):
        return "xml"
    return None


# ---------------------------------------------------------------------------- JSON
def parse_json(raw: bytes) -> Any:
    """Parse JSON bytes (any UTF encoding, BOM allowed). Raises :class:`Reject` bad_record."""
    text, _enc = decode(raw)
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as e:
        raise Reject("bad_record", f"JSON does not parse: {str(e)[:300]}") from None


def json_studies(data: Any) -> tuple[str, list[str]] | None:
    """(format, JSON pointers of its studies) of a parsed record file, or None when it is no
    registry record. A single v2 study has the pointer ``""`` (the whole file)."""
    if isinstance(data, dict):
        if isinstance(data.get("protocolSection"), dict):
            return V2, [""]
        if isinstance(data.get("studies"), list):
            return V2, [f"/studies/{i}" for i in range(len(data["studies"]))]
        full = data.get("FullStudiesResponse")
        if isinstance(full, dict):
            studies = full.get("FullStudies") or []
            if not isinstance(studies, list):
                return None
            return V1, [f"/FullStudiesResponse/FullStudies/{i}/Study" for i in range(len(studies))]
        if isinstance(data.get("FullStudy"), dict):
            return V1, ["/FullStudy/Study"]
        return None
    if isinstance(data, list) and data and all(isinstance(s, dict) and "protocolSection" in s for s in data[:3]):
        return V2, [f"/{i}" for i in range(len(data))]
    return None


def resolve_pointer(data: Any, pointer: str) -> Any:
    """RFC 6901: the node at ``pointer`` (``""`` is the whole document). Raises KeyError."""
    node = data
    if not pointer:
        return node
    for tok in pointer.lstrip("/").split("/"):
        tok = tok.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list):
            if not tok.isdigit() or int(tok) >= len(node):
                raise KeyError(pointer)
            node = node[int(tok)]
        elif isinstance(node, dict) and tok in node:
            node = node[tok]
        else:
            raise KeyError(pointer)
    return node


def json_study(data: Any, fmt: str, pointer: str) -> Study:
    """The study at ``pointer``; raises :class:`Reject` not_a_study when it is none."""
    try:
        node = resolve_pointer(data, pointer)
    except KeyError:
        raise Reject("not_a_study", f"no study at JSON pointer {pointer!r}") from None
    key = "protocolSection" if fmt == V2 else "ProtocolSection"
    if not isinstance(node, dict) or not isinstance(node.get(key), dict):
        raise Reject("not_a_study", f"the object at {pointer or 'the top'} has no {key}")
    return Study(fmt, node, pointer or None)


# ----------------------------------------------------------------------------- XML
def parse_xml(raw: bytes) -> Any:
    """The ``<clinical_study>`` root of a legacy record. Raises :class:`Reject`."""
    from lxml import etree

    text, _enc = decode(raw)
    if _DTD.search(text):
        raise Reject("unsafe_xml", "the XML declares a DTD or entities; registry records never do: not parsed")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as e:
        raise Reject("bad_record", f"XML does not parse: {str(e)[:300]}") from None
    if root is None:
        raise Reject("bad_record", "XML has no root element")
    if root.getroottree().docinfo.doctype:
        raise Reject("unsafe_xml", "the XML has a document type declaration: not read")
    if root.tag != "clinical_study":
        raise Reject("not_a_study", f"XML root element <{root.tag}> is not <clinical_study>")
    return root


# --------------------------------------------------------------------------- entry
def load_studies(raw: bytes, source_path: str, pointer: str | None = None) -> list[Study] | None:
    """The studies of a record file (all, or the one at ``pointer``); None when the bytes
    are not a record file (a text page). Raises :class:`Reject` for a record file that does
    not parse, holds no study, or is unsafe."""
    kind = sniff(raw, source_path)
    if kind == "xml":
        return [Study(XML, parse_xml(raw))]
    if kind != "json":
        return None
    forced = pointer is not None or source_path.lower().endswith(".json")
    try:
        data = parse_json(raw)
    except Reject:
        if forced:
            raise
        return None  # a text page that happens to start with a brace
    found = json_studies(data)
    if found is None:
        if forced:
            raise Reject("not_a_study", "JSON is not an API v2 study, an API v2 list or an API v1 FullStudiesResponse")
        return None
    fmt, pointers = found
    if pointer is not None:
        return [json_study(data, fmt, pointer)]
    if pointers != [""] and pointers:
        # a container read whole (ad hoc): every study
        return [json_study(data, fmt, p) for p in pointers]
    if not pointers:
        raise Reject("not_a_study", "the record file lists no studies")
    return [json_study(data, fmt, "")]

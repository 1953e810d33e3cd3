"""Bytes -> :class:`~extract.model.Document`: pages (txt/md/html), registry record files
(API v2 / v1 JSON, legacy XML) and the members of ZIP archives holding them.

``pages`` decodes and normalizes text pages; ``records`` reads record files into a rendered
text with structured facts; ``archive`` lists and reads ZIP members for discovery.
"""
from .decode import decode
from .errors import Reject, TooLarge
from .document import RecordInfo, document_from_text, make_document, make_documents
from .pages import DEFAULT_MAX_BYTES, SUFFIXES, RawPage, document_id_for, html_to_text, normalize_text, read_page

__all__ = [
    "DEFAULT_MAX_BYTES", "SUFFIXES", "RawPage", "Reject", "TooLarge", "decode", "document_from_text",
    "document_id_for", "html_to_text", "make_document", "make_documents", "normalize_text", "read_page",
    "RecordInfo",
]

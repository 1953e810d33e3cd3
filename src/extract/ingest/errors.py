"""Why an input is not extracted: :class:`Reject` carries a rejects-table reason code."""
from __future__ import annotations


class Reject(Exception):
    """An input that cannot be extracted; ``reason`` is a CONTRACT rejects code."""

    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


class TooLarge(Reject):
    def __init__(self, detail: str, sha256: str):
        super().__init__("too_large", detail)
        self.sha256 = sha256

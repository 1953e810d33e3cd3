"""Shared fixtures: one extraction run per group of scored pages, and one Prefect harness."""
from __future__ import annotations

from pathlib import Path

import pytest

import flows  # noqa: F401  (Prefect environment defaults before anything imports prefect)
import pinning

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"
GOLD_DOCS = ("raw", "tests/docs")  # the seeds and the team's pages: the pages of tests/gold


@pytest.fixture(scope="session")
def extracted(tmp_path_factory):
    """``extracted(docs)``: the curated folder of one in-process run (no Prefect) over the
    pages of the ``docs`` folders together; each group of folders is extracted once."""
    runs: dict[tuple[str, ...], Path] = {}

    def get(docs) -> Path:
        docs = tuple(docs)
        if docs not in runs:
            runs[docs] = pinning.extract_docs(docs, tmp_path_factory.mktemp("run"))
        return runs[docs]

    return get


@pytest.fixture(scope="session")
def curated(extracted) -> Path:
    """All tests/gold documents (seeds and team pages) extracted once."""
    return extracted(GOLD_DOCS)


@pytest.fixture(scope="session")
def gold_report(curated):
    from extract.score import score_dir

    return score_dir(GOLD, curated, root=ROOT)


@pytest.fixture(scope="session")
def prefect_harness():
    """One Prefect test harness (temporary local API and database) for the whole session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield

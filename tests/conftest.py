"""Shared fixtures: one curated output over all gold documents, and one Prefect harness."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import flows  # noqa: F401  (Prefect environment defaults before anything imports prefect)

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"


@pytest.fixture(scope="session")
def gold_root(tmp_path_factory) -> Path:
    """raw/ seeds and tests/docs pages together in one folder (as a raw root)."""
    d = tmp_path_factory.mktemp("gold_raw")
    for src in ("raw", "tests/docs"):
        for p in sorted((ROOT / src).iterdir()):
            if p.is_file() and p.name != "README.md":
                shutil.copy(p, d / p.name)
    return d


@pytest.fixture(scope="session")
def curated(gold_root, tmp_path_factory) -> Path:
    """All gold documents extracted once (in-process, no Prefect) for the scoring tests."""
    from extract.local import run_local

    out = tmp_path_factory.mktemp("curated")
    summary = run_local(gold_root, out)
    assert summary.published
    return out


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

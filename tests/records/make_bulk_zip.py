"""Rebuild ``bulk.zip`` from the loose record files beside it (deterministic bytes), the way
the registry's bulk downloads hold them: one folder per NCT prefix, one file per study, plus
API list pages. ``tests/test_records_files.py`` checks the archive still matches the files.

    python tests/records/make_bulk_zip.py
"""
from __future__ import annotations

import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
MEMBERS = {  # member name -> loose file
    "NCT0201/NCT02011223.xml": "NCT02011223.xml",
    "NCT0599/NCT05990011.xml": "NCT05990011.xml",
    "json/NCT05990011.json": "NCT05990011.json",
    "pages/v1_full_studies.json": "v1_full_studies.json",
    "pages/v2_studies_page.json": "v2_studies_page.json",
}


def build(path: Path = HERE / "bulk.zip") -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name in sorted(MEMBERS):
            info = zipfile.ZipInfo(name, date_time=(2024, 9, 20, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, (HERE / MEMBERS[name]).read_bytes())
    return path


if __name__ == "__main__":
    print(build())

"""Pages written for the report tests: two versions of one trial, and a hostile page."""
from __future__ import annotations

from pathlib import Path

TRIAL = """A Phase 2 Study of Testumab in Adults With Advanced Solid Tumors

NCT ID: NCT09999901

Last Updated: {updated}

Recruitment Status

RECRUITING

Clinical Phase

PHASE2

Study Classification

INTERVENTIONAL

Eligibility Criteria

Inclusion Criteria:

1. Adults aged 18 years or older with an advanced solid tumor.
2. Absolute neutrophil count (ANC) >= {anc} x 10^9/L.
3. Platelet count >= 100 x 10^9/L.
4. Total bilirubin <= 1.5 x ULN.

Exclusion Criteria:

1. Pregnant or breastfeeding women.
"""

SCRIPT = "<script>window.__pwned = 1</script>"
ONERROR = '<img src="x" onerror="window.__pwned = 2">'
JSLINK = '<a href="javascript:window.__pwned = 3">details</a>'

HOSTILE = f"""A Phase 1 Study of Hostilumab {SCRIPT} in HER2-positive Breast Cancer

NCT ID: NCT09999902

Last Updated: 2024-03-01

Recruitment Status

RECRUITING

Clinical Phase

PHASE1

Study Classification

INTERVENTIONAL

Eligibility Criteria

Inclusion Criteria:

1. HER2-positive breast cancer (IHC 3+) {ONERROR}.
2. Absolute neutrophil count (ANC) >= 1.5 x 10^9/L {JSLINK}.

Exclusion Criteria:

1. Known brain metastases {SCRIPT}.
"""

HOSTILE_FILE_NAME = '<img src=x onerror="window.__pwned = 4">.txt'  # an empty page: a reject row


def write_versions(raw: Path) -> None:
    """Two pages of NCT09999901: the newer one lowers the ANC bound from 1.5 to 1.0."""
    raw.mkdir(parents=True, exist_ok=True)
    (raw / "trial_v1.txt").write_text(TRIAL.format(updated="2024-01-10", anc="1.5"), encoding="utf-8")
    (raw / "trial_v2.txt").write_text(TRIAL.format(updated="2024-06-01", anc="1.0"), encoding="utf-8")


def write_hostile(raw: Path) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    (raw / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (raw / HOSTILE_FILE_NAME).write_text("", encoding="utf-8")

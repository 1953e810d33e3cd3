"""The doses' cheap pre-scans give what the plain scans give (fast: under 1 s)."""
import bisect
from pathlib import Path

from extract.components.doses.read import _colon_lines
from extract.normalize import doses as nd

ROOT = Path(__file__).resolve().parent.parent
TEXTS = [
    "Arm A: 1.5 mg/kg, 2.0.3 mg and 10/20 mg; RX-2320 5mg. 3 x 10^9 cells",
    "12345678901234567890 " * 8 + "100 mg",
    "no units here 1 2 3",
    "ＡＢ：5 mg\nCohort 1: 3 mg/m2\n\nPart B (dose escalation): 0.1 mg/kg",
]


def _pages():
    return TEXTS + [p.read_text(encoding="utf-8", errors="replace")[:6000]
                    for p in sorted((ROOT / "tests" / "docs").glob("dose_*"))]


def test_number_starts_near_hints_are_the_plain_starts_a_hint_follows():
    for text in _pages():
        hints = [h.start() for h in nd.rules().unit_hint.finditer(text.lower())] if len(text.lower()) == len(text) else []
        want = [c for c in nd._number_starts(text, 0, len(text))
                if (i := bisect.bisect_right(hints, c)) < len(hints) and hints[i] - c <= nd._HINT_REACH]
        assert list(nd._number_starts_near(text, 0, len(text), hints)) == want


def test_colon_lines_hold_every_label_match():
    rx = __import__("extract.components.doses.rules", fromlist=["rules"]).rules().cue_label_re
    for text in _pages():
        for a, b in ((0, len(text)), (3, len(text) - 2)):
            got = [m.span() for x, y in _colon_lines(text, a, b) for m in rx.finditer(text, x, y)]
            assert got == [m.span() for m in rx.finditer(text, a, b)]

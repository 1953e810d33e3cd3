"""A screening process keeps pandas and dask out (extract.screen.lazy), and a later real use of
pandas in the same process still works. One subprocess (~3 s)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import sys
from extract.screen import match
v = match({"labs": {"anc": "1200 /uL"}}, sys.argv[1])
assert v and "pandas" not in sys.modules and "dask" not in sys.modules, sorted(m for m in sys.modules if m in ("pandas", "dask"))
import pyarrow as pa
df = pa.table({"x": [1, 2]}).to_pandas()  # pyarrow imports pandas on this real use
assert list(df["x"]) == [1, 2] and "pandas" in sys.modules
import dask
print(len(v))
"""


def test_pandas_and_dask_stay_out_and_come_back(extracted):
    out = extracted(("tests/screen/pages",))
    res = subprocess.run([sys.executable, "-c", SCRIPT, str(out)], capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "4"

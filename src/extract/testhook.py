"""Test hook: hold a run at named checkpoints, so that a test can SIGKILL it exactly there.

With ``TRIAL_EXTRACT_TEST_HOLD=<path of a FIFO>`` in the environment, every checkpoint writes
``[checkpoint] <name>`` to stderr and then waits until the test writes a line to the FIFO (one
line releases one checkpoint; when the test closes its end, every later checkpoint passes at
once). The run is then parked at a known point for as long as the test needs: no sleeps, no
timing. Without the variable a checkpoint is one environment lookup.

Checkpoints: ``run planned`` (lock held, plan made, nothing extracted), ``extract <source
path>`` (before each page; the pages before it are extracted, in memory only) and
``publish <step>`` (``extract.store``: every step of writing and swapping a version). Meant
for single-process runs (``--workers 1``).
"""
from __future__ import annotations

import os
import sys

HOLD = "TRIAL_EXTRACT_TEST_HOLD"
_gate = None  # the FIFO's read end, opened at the first checkpoint


def checkpoint(name: str) -> None:
    global _gate
    path = os.environ.get(HOLD)
    if not path:
        return
    print(f"[checkpoint] {name}", file=sys.stderr, flush=True)
    if _gate is None:
        _gate = open(path, encoding="utf-8")  # blocks until the test opens the write end
    _gate.readline()

"""Scheduled runs against a real Prefect server (issue 10).

One ``prefect server start`` on a free loopback port with a temporary PREFECT_HOME serves the
module; ``trial-extract serve`` runs as a subprocess, as a person would start it. Every wait
has a deadline and every process started here is stopped by its id in a ``finally``.
Cost, measured on the shared 2-core machine at load averages 7-13 (other jobs running): the
server's start-up 40-53 s (imports, migrating a fresh SQLite database), the serving tests 43-69 s
and 30-50 s, 2.3-3.3 min in all. Most of it is process start-up: each scheduled run is a new
process importing Prefect and spaCy (a run of the five seeds: 8 s end to end on a quiet machine,
16-50 s under that load). The intervals (15 s, 10 s) keep scheduled runs from piling up; with 5 s,
runs went Late and the server's SQLite logged "database is locked" under that load.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

import psutil
import pyarrow.parquet as pq
import pytest

from extract.store import run_lock

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SERVER_START_S = 150  # loaded 2-core machine: up to ~55 s seen
RUN_WAIT_S = 180  # from `serve` start to a finished run (an idle machine: ~30 s, loaded: ~90 s)
STOP_S = 60  # a run in progress is cancelled first


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(home: Path, **extra: str) -> dict[str, str]:
    """The caller's environment without any PREFECT_* setting (conftest sets some), plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(home), **extra)
    return env


def _stop(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Stop ``proc`` and every process it started, by their ids: ``sig``, then SIGKILL."""
    try:
        kids = psutil.Process(proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        kids = []
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout=STOP_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
    _gone, alive = psutil.wait_procs(kids, timeout=10)
    for p in alive:
        p.kill()
    psutil.wait_procs(alive, timeout=10)


def _api(url: str, body: dict | None = None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.load(r)


def _wait(what: str, check, deadline_s: float, proc: subprocess.Popen | None = None, *logs: Path):
    """Poll ``check()`` until it returns something truthy; fail with the logs' ends after the deadline."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        found = check()
        if found:
            return found
        if proc is not None and proc.poll() is not None:
            break
        time.sleep(0.5)
    tails = "\n".join(f"--- {p.name}:\n{p.read_text()[-3000:]}" for p in logs if p.exists())
    pytest.fail(f"{what}: not within {deadline_s} s (process exit code {proc and proc.poll()})\n{tails}")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A real Prefect server: (API URL, PREFECT_HOME, server log)."""
    home = tmp_path_factory.mktemp("prefect_home")
    log = home / "server.log"
    port = _free_port()
    cmd = [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    env = _env(home, PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_SERVER_UI_ENABLED="false")
    api = f"http://127.0.0.1:{port}/api"
    with open(log, "w") as fh:
        proc = subprocess.Popen(cmd, env=env, stdout=fh, stderr=subprocess.STDOUT, cwd=home)
    try:
        _wait("prefect server healthy", lambda: _healthy(api), SERVER_START_S, proc, log)
        yield api, home, log
    finally:
        _stop(proc)


def _healthy(api: str) -> bool:
    try:
        return _api(f"{api}/health") is True
    except OSError:
        return False


def _serve(server, out: Path, name: str, *args: str) -> tuple[subprocess.Popen, Path]:
    api, home, _ = server
    log = out.parent / f"serve-{name}.log"
    cmd = [str(BIN / "trial-extract"), "serve", "--raw", str(ROOT / "raw"), "--out", str(out), "--name", name, *args]
    env = _env(home, PREFECT_API_URL=api, PREFECT_RUNNER_POLL_FREQUENCY="2")
    with open(log, "w") as fh:
        return subprocess.Popen(cmd, env=env, stdout=fh, stderr=subprocess.STDOUT, cwd=out.parent), log


def _runs_of(api: str, name: str, state: str) -> list[dict]:
    return _api(f"{api}/flow_runs/filter", {"deployments": {"name": {"any_": [name]}},
                                            "flow_runs": {"state": {"type": {"any_": [state]}}}})


def _deployment(api: str, name: str) -> dict | None:
    found = _api(f"{api}/deployments/filter", {"deployments": {"name": {"any_": [name]}}})
    return found[0] if found else None


def _published_since(out: Path, since: datetime) -> list[dict]:
    """Rows of ``runs.parquet`` (one per published run) of runs started after ``since``."""
    path = out / "runs.parquet"
    if not path.exists():
        return []
    return [r for r in pq.read_table(path).to_pylist() if r["started_at"] >= since]


def _assert_clean_stop(proc: subprocess.Popen, log: Path, api: str, name: str) -> None:
    text = log.read_text()
    assert proc.returncode == 0, text[-3000:]
    assert "never awaited" not in text, text[-3000:]
    assert "Stopping: cancelling runs in progress and pausing the schedule" in text, text[-3000:]
    assert _deployment(api, name)["paused"] is True  # the runner's shutdown ran to its end


def _assert_server_log_clean(log: Path) -> None:
    text = log.read_text()
    assert "Traceback" not in text and "| ERROR" not in text, text[-5000:]


def test_a_scheduled_run_publishes_and_serve_stops_cleanly_on_sigterm(server, tmp_path):
    api, _, server_log = server
    out = tmp_path / "curated"
    started = datetime.now(timezone.utc)
    # 15 s: longer than a run on an idle machine (~8 s), so scheduled runs do not overlap
    proc, log = _serve(server, out, "sched-interval", "--interval", "15")
    try:
        done = _wait("a completed scheduled run", lambda: _runs_of(api, "sched-interval", "COMPLETED"),
                     RUN_WAIT_S, proc, log, server_log)
        assert done[0]["deployment_id"] == _deployment(api, "sched-interval")["id"]
        assert _deployment(api, "sched-interval")["paused"] is False
        published = _wait("a runs.parquet row of that run", lambda: _published_since(out, started), 30, proc, log)
        assert len(published) == 1  # the first publishes; later runs find no change and write nothing
        assert published[0]["n_added"] == len(list((ROOT / "raw").iterdir())) == 5
        assert pq.read_table(out / "trials.parquet").num_rows == 5
    finally:
        _stop(proc, signal.SIGTERM)
    _assert_clean_stop(proc, log, api, "sched-interval")
    _assert_server_log_clean(server_log)


def test_a_scheduled_run_meeting_another_run_fails_without_writing_and_ctrl_c_stops(server, tmp_path):
    """serve passes --lock-timeout (default 0): a run finding the folder locked fails at once."""
    api, _, server_log = server
    out = tmp_path / "curated"
    with run_lock(out):  # "another run" holds the output folder
        proc, log = _serve(server, out, "sched-overlap", "--interval", "10")
        try:
            failed = _wait("a scheduled run failed on the lock", lambda: _runs_of(api, "sched-overlap", "FAILED"),
                           RUN_WAIT_S, proc, log, server_log)
            assert "another trial-extract run is writing" in failed[0]["state"]["message"]
            assert not (out / "runs.parquet").exists() and not (out / "_versions").exists()
        finally:
            _stop(proc, signal.SIGINT)
    _assert_clean_stop(proc, log, api, "sched-overlap")
    _assert_server_log_clean(server_log)


@pytest.mark.parametrize("args, message", [
    (["--cron", "0 2 * * *", "--interval", "60"], "exactly one of a cron expression and an interval"),
    (["--cron", "every night"], "Invalid cron string"),
    (["--interval", "0"], "the interval must be positive"),
    (["--cron", "0 2 * * *", "--timezone", "Mars/Olympus"], "unknown time zone"),
])
def test_serve_refuses_a_bad_schedule_before_registering_anything(args, message, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from extract.cli import app

    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")  # never contacted
    res = CliRunner().invoke(app, ["serve", "--raw", str(ROOT / "raw"), "--out", str(tmp_path / "o"), *args])
    assert res.exit_code == 2 and message in res.output, res.output
    assert not (tmp_path / "o").exists()


def test_serve_needs_a_prefect_server(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from extract.cli import app

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    res = CliRunner().invoke(app, ["serve", "--raw", str(ROOT / "raw"), "--interval", "60"])
    assert res.exit_code == 2 and "prefect server start" in res.output, res.output

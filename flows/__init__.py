"""Prefect flows: orchestration only; the extraction logic lives in the ``extract`` package.

Importing this package configures Prefect's environment *before* Prefect is imported, so
the default path (no server configured: Prefect's ephemeral local API) is robust and quiet
on a fresh machine. Every setting is a default: what the user set wins.
"""
import os
from pathlib import Path

_DEFAULTS = {
    # project-local state, not ~/.prefect
    "PREFECT_HOME": str(Path.cwd() / ".prefect"),
    # the ephemeral server migrates a fresh SQLite database first: >30 s on a new machine
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    # no network here; no UI needed for a batch run
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_UI_ENABLED": "false",
    "PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY": "false",
    "PREFECT_TELEMETRY_ENABLE_RESOURCE_METRICS": "false",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_TO_API_ENABLED": "false",
    # a local Dask cluster (--dask) logs every nanny and comm at INFO
    "DASK_LOGGING__DISTRIBUTED": "warning",
}
for _k, _v in _DEFAULTS.items():
    os.environ.setdefault(_k, _v)


def server_configured() -> bool:
    """Whether a Prefect API is configured (PREFECT_API_URL in the environment or in the
    active profile of PREFECT_HOME), read without importing Prefect (about 2 s)."""
    if os.environ.get("PREFECT_API_URL"):
        return True
    import tomllib

    try:
        profiles = tomllib.loads((Path(os.environ["PREFECT_HOME"]) / "profiles.toml").read_text())
    except (OSError, ValueError, KeyError):
        return False
    name = os.environ.get("PREFECT_PROFILE") or profiles.get("active") or "ephemeral"
    profile = profiles.get("profiles", {}).get(name, {})
    return bool(isinstance(profile, dict) and profile.get("PREFECT_API_URL"))

"""Prefect flows: orchestration only; the extraction logic lives in the extract package."""

"""Limits shared by the CLI and the run machinery, in a module that imports nothing (so a
command that only screens or prints never loads the ingest step to learn a default)."""

DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # pages are tens of KB; anything this large is not a page

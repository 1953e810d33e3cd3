"""HTML pages from Jinja2 templates with autoescape on: page text can never become markup.

Each page carries a Content-Security-Policy: no network, no plugins, and only the page's own
inline script (allowed by its sha256), so even a markup bug could not run page-borne code.
"""
from __future__ import annotations

import base64
import hashlib
import os
import uuid
from functools import lru_cache
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("extract.report", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    from .labels import cell

    env.filters["cell"] = cell
    return env


def asset(name: str) -> str:
    return resources.files("extract.report").joinpath("templates", name).read_text(encoding="utf-8")


def csp(script: str | None) -> str:
    """The policy: inline styles, data: images, and the one script by hash (or none)."""
    if script:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        src = f"'sha256-{digest}'"
    else:
        src = "'none'"
    return (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src {src}; "
            "base-uri 'none'; form-action 'none'")


def render(template: str, script_name: str | None = None, **context) -> str:
    """Render ``template``; ``script_name`` is the page's own script (a file beside the templates)."""
    script = asset(script_name) if script_name else None
    css = asset("page.css")
    return environment().get_template(template).render(
        csp=csp(script), css=Markup(css), script=Markup(script) if script else None, **context)


def write_atomic(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` through a hidden temp file and a rename (readers never see half)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path

"""A private name (``_x``) is never imported from another module: what another module needs is
public, in one place (issue 11: one mechanism where there were several)."""
from __future__ import annotations

import ast
import pathlib

SRC = pathlib.Path(__file__).resolve().parent.parent / "src"


def _package(module: str, path: pathlib.Path) -> str:
    return module if path.name == "__init__.py" else module.rsplit(".", 1)[0]


def _source_package(src: str) -> str:
    return src if (SRC / src.replace(".", "/") / "__init__.py").exists() else src.rsplit(".", 1)[0]


def private_imports() -> list[str]:
    out = []
    for path in sorted((SRC / "extract").rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        pkg = _package(module, path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom):
                continue
            if node.level:
                base = pkg.split(".")[: len(pkg.split(".")) - (node.level - 1)]
                src = ".".join(base + ([node.module] if node.module else []))
            else:
                src = node.module or ""
            if not src.startswith("extract"):
                continue
            private = [a.name for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
            if private and src != module:
                out.append(f"{path.relative_to(SRC)}:{node.lineno}: {src} {private}")
    return out


def test_no_private_import_from_another_module():
    assert private_imports() == []

"""Renderers take a view and return bytes: they import nothing of the layers that call them."""

from __future__ import annotations

import ast

from workspace.settings import ROOT


def imported(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}


def test_renderers_import_nothing_of_the_services_that_call_them():
    for path in sorted((ROOT / "workspace" / "renderers").glob("*.py")):
        assert not any(
            m.lstrip(".").startswith(("services", "web", "store")) or ".services" in m for m in imported(path)
        ), path

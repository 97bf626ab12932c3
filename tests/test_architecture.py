"""Boundary rules: only flows/ imports prefect; transforms/ stays pure."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.paths import ROOT

BANNED = {
    "transforms": {"prefect", "duckdb", "great_expectations", "httpx", "deltalake", "warcio", "os"},
    "warehouse": {"prefect", "great_expectations", "httpx"},
    "expectations": {"prefect", "duckdb", "httpx"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(BANNED))
def test_package_respects_import_bans(package: str) -> None:
    offenders = {
        str(p.relative_to(ROOT)): sorted(_imports(p) & BANNED[package])
        for p in (ROOT / package).rglob("*.py")
        if _imports(p) & BANNED[package]
    }
    assert offenders == {}


def test_transforms_only_use_warehouse_schemas() -> None:
    for p in (ROOT / "transforms").rglob("*.py"):
        tree = ast.parse(p.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("warehouse"):
                assert node.module == "warehouse.schemas", f"{p.name} imports {node.module}"

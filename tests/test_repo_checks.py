# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Repository checks: packaging and layout drift that no Odoo test would see."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ("batch_traceability", "batch_recall", "batch_compliance")


def _manifest(addon):
    return ast.literal_eval((ROOT / addon / "__manifest__.py").read_text())


@pytest.mark.parametrize("addon", ADDONS)
def test_manifest_shape(addon):
    manifest = _manifest(addon)
    assert re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", manifest["version"])
    assert manifest["license"] == "LGPL-3"
    assert manifest["installable"] is True
    for key in ("name", "summary", "category", "author", "website", "depends"):
        assert manifest.get(key), key
    if addon != "batch_traceability":
        assert "batch_traceability" in manifest["depends"]


@pytest.mark.parametrize("addon", ADDONS)
def test_every_data_file_exists(addon):
    manifest = _manifest(addon)
    for rel in manifest.get("data", []) + manifest.get("demo", []):
        assert (ROOT / addon / rel).is_file(), rel


@pytest.mark.parametrize("addon", ADDONS)
def test_every_test_module_is_imported(addon):
    """Odoo's runner only runs the test modules imported in tests/__init__.py."""
    tests = ROOT / addon / "tests"
    init = (tests / "__init__.py").read_text()
    for path in tests.glob("test_*.py"):
        assert f"from . import {path.stem}" in init, path.name


@pytest.mark.parametrize("addon", ADDONS)
def test_layout_and_packaging(addon):
    base = ROOT / addon
    for rel in (
        "pyproject.toml",
        "README.rst",
        "static/description/icon.png",
        "static/description/index.html",
        "readme/DESCRIPTION.md",
        f"i18n/{addon}.pot",
        "security/ir.model.access.csv",
    ):
        assert (base / rel).is_file(), rel
    assert "whool" in (base / "pyproject.toml").read_text()


def test_readme_rst_in_sync_with_fragments():
    result = subprocess.run(
        [sys.executable, str(ROOT / "setup" / "gen_readme.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_no_machine_paths_committed():
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    offenders = []
    for rel in tracked:
        path = ROOT / rel
        if path.suffix in {".png", ".jpg", ".pdf"} or not path.is_file():
            continue
        text = path.read_text(errors="ignore")
        # Split so that this file does not match itself.
        if re.search("/opt/" "odoo|/work/" "main|/root/" r"\.pyenv", text):
            offenders.append(rel)
    assert not offenders, offenders


def test_architecture_model_map_in_sync_with_code():
    result = subprocess.run(
        [sys.executable, str(ROOT / "setup" / "gen_architecture.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr

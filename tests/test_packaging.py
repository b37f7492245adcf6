"""What the package carries: licence, metadata a package index shows, and extras that keep
the test set-up light (#17 item 13)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"


@pytest.fixture(scope="module")
def project() -> dict:
    return tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]


def test_licence_file_exists_and_is_declared(project: dict) -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]


def test_python_versions_are_classified_from_the_minimum_up(project: dict) -> None:
    minimum = re.fullmatch(r">=3\.(\d+)", project["requires-python"])
    assert minimum is not None
    versions = {
        int(m.group(1))
        for c in project["classifiers"]
        if (m := re.fullmatch(r"Programming Language :: Python :: 3\.(\d+)", c))
    }
    assert min(versions) == int(minimum.group(1))
    assert len(versions) >= 2


def test_project_urls_name_docs_source_and_issues(project: dict) -> None:
    urls = project["urls"]
    for key in ("Documentation", "Source", "Issues"):
        assert urls[key].startswith("https://")


def test_test_extra_leaves_the_browser_out(project: dict) -> None:
    extras = project["optional-dependencies"]
    names = {re.split(r"[<>=\[ ]", dep, maxsplit=1)[0] for dep in extras["test"]}
    assert "playwright" not in names
    assert any(dep.startswith("playwright") for dep in extras["browser"])


def test_docs_extra_has_ruff_to_wrap_signatures(project: dict) -> None:
    assert any(dep.startswith("ruff") for dep in project["optional-dependencies"]["docs"])


def test_readme_tells_a_newcomer_to_make_a_virtual_environment() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_section = readme.split("## ", 1)[0]
    assert "python -m venv" in first_section

"""Everything a user can set is documented (after sqlite-utils' test_docs.py)."""

from __future__ import annotations

import dataclasses
import re

import pytest

import newsclean
from newsclean import CleanConfig
from newsclean.cli import build_parser

from .conftest import ROOT

DOCS = ROOT / "docs"
FILTERS_MD = (DOCS / "filters.md").read_text(encoding="utf-8")
CLI_MD = (DOCS / "cli.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [f.name for f in dataclasses.fields(CleanConfig)])
def test_every_option_is_documented_with_its_default(name: str) -> None:
    field = next(f for f in dataclasses.fields(CleanConfig) if f.name == name)
    row = re.search(rf"^\| `{name}` \| `([^`]*)` \|", FILTERS_MD, re.MULTILINE)
    assert row, f"docs/filters.md has no table row for {name}"
    default = field.default if field.default is not dataclasses.MISSING else None
    assert row.group(1) == repr(default), f"docs give {row.group(1)} for {name}"
    assert field.metadata.get("doc"), f"CleanConfig.{name} has no doc"


@pytest.mark.parametrize(
    "step", ["FixEncoding", "DropPromoLines", "CollapseRepeatedCaptions", "TidyWhitespace"]
)
def test_every_filter_is_documented(step: str) -> None:
    cls = getattr(newsclean, step)
    assert f"`{cls().name}` — `{step}`" in FILTERS_MD


def _flags() -> list[str]:
    flags = []
    sub = build_parser()._subparsers._group_actions[0]  # type: ignore[union-attr]
    for name, parser in sub.choices.items():
        for action in parser._actions:
            flags.extend(s for s in action.option_strings if s.startswith("--") and s != "--help")
        flags.append(name)
    return sorted(set(flags))


@pytest.mark.parametrize("flag", _flags())
def test_every_cli_flag_and_command_is_documented(flag: str) -> None:
    if flag.startswith("--no-"):
        flag = "--" + flag[5:]
    assert flag in CLI_MD, f"docs/cli.md does not mention {flag}"


def test_readme_starts_with_exactly_two_setup_commands() -> None:
    block = re.search(r"```sh\n(.*?)```", README, re.DOTALL)
    assert block is not None
    commands = [line for line in block.group(1).splitlines() if line.strip()]
    assert len(commands) == 2
    assert "newsclean clean examples/" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command() -> None:
    # .ci/run reads the command out of README.md rather than repeating it
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "readme_block | sed -n 2p" in ci
    assert 'eval "$test_cmd"' in ci


API_MD = (DOCS / "api.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(set(newsclean.__all__) - {"__version__"}))
def test_every_public_name_is_in_the_api_reference(name: str) -> None:
    assert f"::: newsclean.{name}\n" in API_MD, f"docs/api.md has no entry for {name}"


@pytest.mark.parametrize(
    ("module", "names"),
    [
        ("corpus", ["learn_boilerplate", "find_duplicates", "Learned", "Duplicates", "Decision"]),
        ("report", ["build", "collect", "Report"]),
    ],
)
def test_corpus_and_report_functions_are_in_the_api_reference(
    module: str, names: list[str]
) -> None:
    section = API_MD.split(f"::: newsclean.{module}", 1)[1].split("\n## ", 1)[0]
    for name in names:
        assert f"- {name}\n" in section, f"{module}.{name} is not in docs/api.md"


def test_dask_and_adapters_are_documented_whole() -> None:
    # these modules are rendered whole: every public function has a docstring
    import importlib
    import inspect

    for module in ("newsclean.adapters", "newsclean.dask"):
        if module == "newsclean.dask":
            pytest.importorskip("dask")
        assert f"::: {module}\n" in API_MD
        mod = importlib.import_module(module)
        for name, obj in vars(mod).items():
            if inspect.isfunction(obj) and obj.__module__ == module and not name.startswith("_"):
                assert obj.__doc__, f"{module}.{name} has no docstring"


def test_every_docs_page_is_in_the_site_navigation() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for page in sorted(DOCS.glob("*.md")):
        assert f": {page.name}" in nav, f"{page.name} is not in mkdocs.yml's nav"

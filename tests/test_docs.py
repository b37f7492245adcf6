"""Everything a user can set is documented (after sqlite-utils' test_docs.py)."""

from __future__ import annotations

import dataclasses
import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path

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
    # these modules are rendered whole: every public function and class has a docstring
    import importlib
    import importlib.util
    import inspect

    needs = {"newsclean.dask": "dask", "newsclean.integrations.datatrove": "datatrove"}
    for module in ("newsclean.adapters", "newsclean.dask", "newsclean.integrations.datatrove"):
        assert f"::: {module}\n" in API_MD
        if module in needs and importlib.util.find_spec(needs[module]) is None:
            continue
        mod = importlib.import_module(module)
        for name, obj in vars(mod).items():
            public = not name.startswith("_") and getattr(obj, "__module__", None) == module
            if public and (inspect.isfunction(obj) or inspect.isclass(obj)):
                assert obj.__doc__, f"{module}.{name} has no docstring"


def test_every_docs_page_is_in_the_site_navigation() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for page in sorted(DOCS.glob("*.md")):
        assert f": {page.name}" in nav, f"{page.name} is not in mkdocs.yml's nav"


# -- the recipes run --------------------------------------------------------------------
#
# Every ```python block of these pages is executed, each on its own, in a fresh directory
# holding small generated data: corpus.jsonl, corpus/*.parquet, crawl/*.jsonl.gz (the
# names the recipes use). An HTML comment on the line before a block says more:
# ``<!-- docs-test: file NAME -->`` (the block is the file NAME, written beside the data
# for the other blocks to import), ``<!-- docs-test: needs MODULE -->`` (skipped when the
# module is not installed).

RECIPE_PAGES = ("recipes.md", "batch.md")
_BLOCK = re.compile(r"(?:<!-- docs-test: (\w+) ([\w.]+) -->\n)?```python\n(.*?)```", re.DOTALL)


@dataclasses.dataclass(frozen=True)
class Block:
    page: str
    line: int
    code: str
    marker: str | None
    argument: str | None


def _blocks(page: str) -> list[Block]:
    text = (DOCS / page).read_text(encoding="utf-8")
    return [
        Block(page, text.count("\n", 0, m.start(3)) + 1, m.group(3), m.group(1), m.group(2))
        for m in _BLOCK.finditer(text)
    ]


_RUNNABLE = [b for page in RECIPE_PAGES for b in _blocks(page) if b.marker != "file"]


def test_the_recipe_pages_have_blocks_to_run() -> None:
    assert {b.page for b in _RUNNABLE} == set(RECIPE_PAGES)
    markers = {b.marker for page in RECIPE_PAGES for b in _blocks(page)}
    assert markers <= {None, "file", "needs"}, markers


def _write_recipe_data(root: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    from .synth_corpus import duplicates_corpus

    records = duplicates_corpus(stories=6)[0]  # ids, outlets, near-duplicate stories
    for i, record in enumerate(records):
        record["text"] = f"By Staff Reporter {i}\nAdvertisement\n{record['text']}"
        record["url"] = f"https://news.example/story/{i}"
    lines = [json.dumps(r) + "\n" for r in records]
    (root / "corpus.jsonl").write_text("".join(lines), encoding="utf-8")
    (root / "corpus").mkdir()
    (root / "crawl").mkdir()
    half = len(records) // 2
    for part, rows in enumerate([records[:half], records[half:]]):
        pq.write_table(pa.Table.from_pylist(rows), root / "corpus" / f"part-{part:03}.parquet")
        data = "".join(json.dumps(r) + "\n" for r in rows).encode()
        (root / "crawl" / f"part-{part:03}.jsonl.gz").write_bytes(gzip.compress(data))


@pytest.mark.parametrize("block", _RUNNABLE, ids=lambda b: f"{b.page}:{b.line}")
def test_the_recipes_run(block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if block.marker == "needs":
        pytest.importorskip(str(block.argument))
    for other in _blocks(block.page):
        if other.marker == "file":
            (tmp_path / str(other.argument)).write_text(other.code, encoding="utf-8")
            monkeypatch.delitem(sys.modules, Path(str(other.argument)).stem, raising=False)
    _write_recipe_data(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        exec(compile(block.code, f"docs/{block.page}:{block.line}", "exec"), {"__name__": "doc"})
    finally:
        for other in _blocks(block.page):
            if other.marker == "file":
                sys.modules.pop(Path(str(other.argument)).stem, None)


# -- docs/cli.md's examples ---------------------------------------------------------------------
#
# The ```sh block after ``<!-- docs-test: run -->`` in docs/cli.md is run line by line in a
# directory holding the bundled example article and a small generated corpus; each command
# must exit 0. ``newsclean`` is this interpreter's ``python -m newsclean``.

_CLI_RUN = re.compile(r"<!-- docs-test: run -->\n```sh\n(.*?)```", re.DOTALL)
_MYPIPES = re.compile(r"```python\n(# mypipes\.py\n.*?)```", re.DOTALL)
_MYFILTERS = """
from dataclasses import dataclass

from newsclean import Doc, LineEdit
from newsclean.pipeline import LineContext, apply_line_filter


@dataclass(frozen=True, slots=True, kw_only=True)
class DropBylines:
    name: str = "drop_bylines"

    def edit_line(self, line: str, context: LineContext) -> LineEdit | None:
        return LineEdit(None, "byline") if line.startswith("By ") else None

    def __call__(self, doc: Doc) -> Doc:
        return apply_line_filter(self, doc)
"""


def _cli_examples() -> list[str]:
    blocks = _CLI_RUN.findall(CLI_MD)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


def test_cli_md_has_examples_to_run() -> None:
    commands = {line.split()[1] for line in _cli_examples() if line.startswith("newsclean ")}
    assert {"clean", "stats", "report", "learn", "dedupe", "rules"} <= commands


@pytest.fixture(scope="module")
def cli_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cli-md")
    example = Path(__file__).resolve().parent.parent / "examples" / "fox-nato-no-fly-zone.txt"
    (root / "article.txt").write_bytes(example.read_bytes())
    _write_recipe_data(root)
    (root / "myfilters.py").write_text(_MYFILTERS, encoding="utf-8")
    mypipes = _MYPIPES.search(CLI_MD)
    assert mypipes is not None, "docs/cli.md: the mypipes.py block is gone"
    (root / "mypipes.py").write_text(mypipes.group(1), encoding="utf-8")
    return root


@pytest.mark.parametrize("command", _cli_examples())
def test_cli_md_examples_run(command: str, cli_dir: Path) -> None:
    runner = f'"{sys.executable}" -m newsclean'
    shell = re.sub(r"(^|\|\s*)newsclean\b", lambda m: m.group(1) + runner, command)
    env = {**os.environ, "PYTHONPATH": str(cli_dir)}
    done = subprocess.run(
        ["bash", "-c", shell], cwd=cli_dir, capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 0, f"{command}\n{done.stderr[-2000:]}"

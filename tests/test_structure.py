"""The package's shape: no import cycle (function-level imports included), no source
module over 600 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "newsclean"
MAX_LINES = 600


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in SRC.rglob("*.py")}


def _resolve(current: str, is_package: bool, level: int, module: str | None) -> str:
    base = current.split(".") if is_package else current.split(".")[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join([*base, *([module] if module else [])])


def _imports(name: str, path: Path) -> set[str]:
    """Every newsclean module ``name`` imports, wherever in the file the import stands."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.split(".")[0] == "newsclean"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                target = _resolve(name, is_package, node.level, node.module)
            elif node.module and node.module.split(".")[0] == "newsclean":
                target = node.module
            else:
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                out.add(sub if sub in MODULES else target)
    # a module does not depend on the package that holds it by being inside it
    return {m for m in out if m in MODULES and m != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _cycle() -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(GRAPH[node]):
            # a package's __init__ importing its own submodules is how packages work;
            # a submodule importing its package's __init__ back is the cycle we forbid
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(GRAPH):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_no_import_cycle() -> None:
    cycle = _cycle()
    assert cycle is None, " -> ".join(cycle or [])


def test_the_cycle_check_can_fail() -> None:
    GRAPH["newsclean.model"].add("newsclean.api")
    try:
        assert _cycle() is not None
    finally:
        GRAPH["newsclean.model"].discard("newsclean.api")


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_over_600_lines(name: str) -> None:
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{name}: {lines} lines"


def test_an_edited_pack_file_applies_in_the_same_process(tmp_path: Path) -> None:
    import os

    import newsclean

    pack = tmp_path / "ours.toml"
    body = "The council voted on Tuesday to close the old bridge for the whole winter."

    def write(phrase: str, stamp: int) -> None:
        pack.write_text(
            '[pack]\nname = "ours"\nversion = "1"\ndescription = "ours"\n\n'
            '[[rule]]\nid = "ours.promo"\nfamily = "social"\n'
            f'pattern = "{phrase.lower()}"\nregex = true\nmatch = "line"\n'
            f'description = "ours"\nexamples = ["{phrase}"]\n',
            encoding="utf-8",
        )
        os.utime(pack, ns=(stamp, stamp))

    text = f"Alpha offer today\n\n{body}\n\nBeta offer today"
    write("Alpha offer today", 1_000_000_000)
    first = newsclean.clean(text, packs=[str(pack)], model=None)
    assert "Alpha offer" not in first
    assert "Beta offer" in first
    write("Beta offer today", 2_000_000_000)
    second = newsclean.clean(text, packs=[str(pack)], model=None)
    assert "Beta offer" not in second
    assert "Alpha offer" in second

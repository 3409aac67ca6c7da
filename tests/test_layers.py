"""The layers drawn in ``docs/architecture.md`` hold: no import cycle, no import back up.

The layer table is read from the document itself (its ``layers`` block), so the drawing and the
test cannot drift apart. Imports are read from the source (every ``import`` and ``from ...
import``, at the top of a module or inside a function), so an import placed inside a function to
dodge a cycle still counts.
"""

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("assistant", "ui")
DOMAIN_LAYER = "domains"

KNOWN_UPWARD: frozenset[tuple[str, str]] = frozenset()
"""Imports that run back up the layers, still to be undone (importer, imported)."""

KNOWN_BETWEEN_DOMAINS: frozenset[tuple[str, str]] = frozenset()
"""Imports from one domain into another, still to be undone (importer, imported)."""

KNOWN_CYCLES: frozenset[frozenset[str]] = frozenset()
"""Groups of modules that import each other, still to be undone."""


def read_layers() -> list[tuple[str, tuple[str, ...]]]:
    """The layers from top to bottom, each with the module prefixes it holds."""
    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    block = re.search(r"```layers\n(.*?)```", text, re.S)
    assert block, "docs/architecture.md has no ```layers block"
    rows = (line.split() for line in block.group(1).splitlines() if line.strip())
    return [(row[0], tuple(row[1:])) for row in rows]


LAYERS = read_layers()
RANK = {name: len(LAYERS) - index for index, (name, _) in enumerate(LAYERS)}


def source_modules() -> dict[str, Path]:
    """Every module of the core and the window, by its dotted name."""
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in (REPO / package).rglob("*.py"):
            parts = path.relative_to(REPO).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


MODULES = source_modules()


def _absolute(module: str, path: Path, node: ast.ImportFrom) -> str:
    """The dotted name a (possibly relative) ``from ... import`` starts from."""
    if not node.level:
        return node.module or ""
    base = module.split(".")
    if path.name != "__init__.py":
        base = base[:-1]
    base = base[: len(base) - node.level + 1]
    return ".".join([*base, *([node.module] if node.module else [])])


def _targets(module: str, path: Path) -> Iterator[str]:
    """Every project module that ``module`` imports."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            start = _absolute(module, path, node)
            for alias in node.names:
                submodule = f"{start}.{alias.name}"
                yield submodule if submodule in MODULES else start


def import_graph() -> dict[str, set[str]]:
    """For each project module, the project modules it imports (itself left out)."""
    return {
        module: {t for t in _targets(module, path) if t in MODULES and t != module}
        for module, path in MODULES.items()
    }


GRAPH = import_graph()


def layer_of(module: str) -> str:
    """The layer holding ``module`` (its longest listed prefix wins)."""
    best, best_length = "", -1
    for name, prefixes in LAYERS:
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_length:
                best, best_length = name, len(prefix)
    return best


def domain_of(module: str) -> str:
    """The domain package holding ``module`` ("assistant.mail"), or ``""`` if none."""
    prefixes = dict(LAYERS)[DOMAIN_LAYER]
    return next((p for p in prefixes if module == p or module.startswith(p + ".")), "")


def cycles(graph: dict[str, set[str]]) -> set[frozenset[str]]:
    """The groups of modules that reach each other through imports (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: set[frozenset[str]] = set()

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = {stack.pop()}
            while node not in group:
                group.add(stack.pop())
            if len(group) > 1:
                found.add(frozenset(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def upward_imports() -> set[tuple[str, str]]:
    """Every import from a module into a higher layer."""
    return {
        (module, target)
        for module, targets in GRAPH.items()
        for target in targets
        if RANK[layer_of(target)] > RANK[layer_of(module)]
    }


def imports_between_domains() -> set[tuple[str, str]]:
    """Every import from one domain into another."""
    return {
        (module, target)
        for module, targets in GRAPH.items()
        for target in targets
        if domain_of(module) and domain_of(target) and domain_of(module) != domain_of(target)
    }


def test_every_module_has_a_layer() -> None:
    assert sorted(m for m in MODULES if not layer_of(m)) == []


def test_the_layer_table_names_only_real_packages() -> None:
    prefixes = [p for _, listed in LAYERS for p in listed]
    assert len(prefixes) == len(set(prefixes))
    assert {name for name, _ in LAYERS} >= {"frontends", "runtime", "skills", DOMAIN_LAYER}


def test_no_import_cycle() -> None:
    assert cycles(GRAPH) - KNOWN_CYCLES == set()


def test_no_import_runs_back_up_the_layers() -> None:
    assert upward_imports() - KNOWN_UPWARD == set()


def test_no_domain_imports_another_domain() -> None:
    assert imports_between_domains() - KNOWN_BETWEEN_DOMAINS == set()


def test_no_domain_imports_skills_or_intents() -> None:
    higher = ("assistant.skills", "assistant.intents", "assistant.runtime")
    reached = {
        (module, target)
        for module, targets in GRAPH.items()
        for target in targets
        if domain_of(module) and target.startswith(higher)
    }
    assert reached - KNOWN_UPWARD == set()


@pytest.mark.parametrize(
    ("known", "current"),
    [
        pytest.param(KNOWN_UPWARD, upward_imports, id="upward"),
        pytest.param(KNOWN_BETWEEN_DOMAINS, imports_between_domains, id="between-domains"),
        pytest.param(KNOWN_CYCLES, lambda: cycles(GRAPH), id="cycles"),
    ],
)
def test_every_known_exception_still_exists(known: frozenset[object], current: object) -> None:
    """A fault that is fixed leaves the list, so the list only ever shrinks."""
    assert callable(current)
    assert set(known) - set(current()) == set()


def test_the_checker_sees_a_cycle_and_an_upward_import() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == {frozenset({"a", "b", "c"})}
    assert layer_of("assistant.runtime.pipeline") == "runtime"
    assert RANK[layer_of("assistant.runtime.pipeline")] > RANK[layer_of("assistant.mail.cache")]
    assert domain_of("assistant.mail.cache") == "assistant.mail"


def test_scripts_and_the_harness_never_import_the_tests() -> None:
    sources = [*(REPO / "scripts").glob("*.py"), *(REPO / "harness").glob("*.py")]
    reached = {
        (str(path.relative_to(REPO)), target)
        for path in sources
        for target in _targets("scripts", path)
        if target.split(".")[0] == "tests"
    }
    assert sources
    assert reached == set()


def test_the_window_and_its_settings_panel_import_neither_the_other() -> None:
    assert "ui.settings" not in GRAPH["ui.window"]
    assert "ui.window" not in GRAPH["ui.settings"]

"""The shape of the code, checked: no import cycles between the packages of pop/, a parser that
imports nothing of the app, and modules that stay small enough to read.

The import graph is read from the source with `ast` (no module is imported), so these tests see
every import, those inside functions too. `make lint` checks the layers themselves
(import-linter, pyproject.toml); this test keeps the graph acyclic at every level, which a
layers contract only implies for the packages it names.
"""

import ast
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "pop"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
PACKAGES = sorted(name for name, path in MODULES.items() if path.name == "__init__.py")


@cache
def imported_modules(name: str) -> frozenset[str]:
    """Every module of pop that module `name` imports, anywhere in its code."""
    return frozenset(_imports(name))


def _imports(name: str) -> Iterator[str]:
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            # `from pop import access` imports the module pop.access, not just the package.
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]  # pop.models.User -> pop.models
            if target:
                yield target


def child_of(package: str, module: str) -> str | None:
    """The child of `package` (a module or a subpackage) that holds `module`, if any."""
    prefix = package + "."
    if not module.startswith(prefix):
        return None
    return prefix + module[len(prefix) :].split(".")[0]


def sibling_graph(package: str) -> dict[str, set[str]]:
    """Which children of `package` import which others (through any module inside them)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for name in MODULES:
        source = child_of(package, name)
        if source is None:
            continue
        for target in imported_modules(name):
            imported = child_of(package, target)
            if imported is not None and imported != source:
                graph[source].add(imported)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a list of nodes (first == last), or None when it is acyclic."""
    visiting: list[str] = []
    done: set[str] = set()

    def visit(node: str) -> list[str] | None:
        if node in visiting:
            return [*visiting[visiting.index(node) :], node]
        if node in done:
            return None
        visiting.append(node)
        for target in sorted(graph.get(node, ())):
            cycle = visit(target)
            if cycle:
                return cycle
        visiting.pop()
        done.add(node)
        return None

    for start in sorted(graph):
        cycle = visit(start)
        if cycle:
            return cycle
    return None


def test_the_cycle_finder_finds_a_cycle_and_accepts_a_tree():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}}) is None


def test_relative_and_from_imports_are_read_as_modules_of_pop():
    assert "pop.access" in imported_modules("pop.plan.views")
    assert "pop.models" in imported_modules("pop.access")


# Cycles known while the package holding them is being split; each entry names its way out.
KNOWN_CYCLES: dict[str, str] = {}


@pytest.mark.parametrize(
    "package",
    [
        pytest.param(name, marks=pytest.mark.xfail(reason=KNOWN_CYCLES[name], strict=False))
        if name in KNOWN_CYCLES
        else name
        for name in PACKAGES
    ],
)
def test_no_import_cycle_between_the_packages_of_pop(package):
    """In every package of pop/ (pop itself first) the children import each other in one
    direction only: never in a circle."""
    cycle = find_cycle(sibling_graph(package))
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_parser_imports_nothing_of_the_app():
    parser = "pop.catalogue.parser"
    outside = {
        target
        for name in MODULES
        if name == parser or name.startswith(parser + ".")
        for target in imported_modules(name)
        if not (target == parser or target.startswith(parser + "."))
    }
    assert outside == set()


LINE_LIMIT = 400


def _line_counts() -> dict[str, int]:
    return {
        name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in MODULES.items()
    }


def test_no_module_of_pop_is_over_400_lines():
    """A module over ~400 lines is two modules: each file of pop/ stays readable in one sitting."""
    too_long = {name: lines for name, lines in _line_counts().items() if lines > LINE_LIMIT}
    assert too_long == {}

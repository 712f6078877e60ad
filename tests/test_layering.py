"""The package's layering: which sub-package may import which, and no import cycle, inside functions included.

The data flows form → render → document → writers → ooxml; the pipeline runs it; commands, the web server and
the command line stand on the pipeline. An import that is not listed here fails the test: add it here only when
the layering is meant to change, and say why in the commit.
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "drafting"

# The top-level modules every layer may use: diagnostics, options, files, characters, the style vocabulary.
BASE = {"__init__", "atomic", "chars", "codes", "collector", "crash", "diagnostics", "errors", "geometry", "options",
        "records", "resources", "styles"}

ALLOWED: dict[str, set[str]] = {
    "document": set(),
    "form": {"document"},
    "render": {"form", "document"},
    "ooxml": {"document"},
    "writers": {"document", "ooxml"},
    "check": {"form", "render", "document"},
    "importing": {"form", "document", "ooxml"},
    "authoring": {"form"},
    "office": {"ooxml"},
    "pipeline": {"form", "check", "render", "document", "writers", "ooxml", "office"},
    "comparing": {"pipeline", "form", "document", "ooxml"},  # draft diff: two versions aligned, written as 修订
    "merging": {"pipeline", "form", "render", "document", "ooxml", "importing", "check"},
    "commands": {"merging", "comparing", "pipeline", "office", "authoring", "importing", "check", "form", "render",
                 "document", "writers", "ooxml"},
    "serve": {"pipeline", "check", "form", "render", "document", "writers"},
    "cli": {"commands", "serve", "office"},
    "entry": {"cli"},
    "__main__": {"entry"},
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every drafting module ``path`` imports, at the top or inside a function."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == "drafting"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "drafting":
                continue
            for alias in node.names:  # `from . import actions` names a module, `from .x import y` a name in one
                candidate = f"{target}.{alias.name}"
                found.add(candidate if _exists(candidate) else target)
    return found


def _exists(module: str) -> bool:
    relative = Path(*module.split(".")[1:])
    return (PACKAGE / relative).with_suffix(".py").is_file() or (PACKAGE / relative / "__init__.py").is_file()


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _graph() -> dict[str, set[str]]:
    return {_module_name(path): _imports(path) for path in PACKAGE.rglob("*.py")}


def test_every_import_between_layers_is_an_allowed_one() -> None:
    wrong = []
    for module, imported in _graph().items():
        layer = _layer(module)
        for target in imported:
            other = _layer(target)
            if other == layer or other in BASE:
                continue
            if layer in BASE or other not in ALLOWED.get(layer, set()):
                wrong.append(f"{module} → {target}")
    assert not wrong, "imports the layering does not allow:\n" + "\n".join(sorted(wrong))


def test_the_layers_listed_are_the_package_s_own() -> None:
    layers = {_layer(module) for module in _graph()}
    assert layers <= set(ALLOWED) | BASE, sorted(layers - set(ALLOWED) - BASE)


def test_no_module_imports_itself_back_through_others() -> None:
    graph = _graph()
    cycles = _cycles({m: {t for t in targets if t in graph and t != m} for m, targets in graph.items()})
    assert not cycles, "import cycles:\n" + "\n".join(" → ".join(cycle) for cycle in cycles)


def test_the_check_finds_a_cycle_and_a_wrong_edge() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c"]]
    assert "form" not in ALLOWED["document"] and "commands" not in ALLOWED["serve"]


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)

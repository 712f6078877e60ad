"""The package declares what it imports: every third-party module drafting uses is a dependency, nothing else is."""
from __future__ import annotations

import ast
import sys
import tomllib

from .conftest import ROOT

# Import name → distribution name, where they differ.
_DISTRIBUTIONS = {"yaml": "pyyaml", "jinja2": "jinja2", "ruamel": "ruamel.yaml", "docx": "python-docx",
                  "pdfminer": "pdfminer.six"}
# Drivers SQLAlchemy imports itself from a URL's name (postgresql+psycopg://…): declared, never imported by us.
_URL_DRIVERS = {"psycopg"}


def _declared(group: list[str]) -> set[str]:
    names = set()
    for requirement in group:
        name = requirement.split(";")[0]
        for stop in "<>=!~[ ":
            name = name.split(stop)[0]
        names.add(name.strip().lower())
    return names


def _imported() -> set[str]:
    modules = set()
    for path in (ROOT / "drafting").rglob("*.py"):
        if path.name == "unohelper.py":  # run by the system's Python, whose uno comes from LibreOffice (python3-uno)
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    third_party = {m for m in modules if m not in sys.stdlib_module_names and m != "drafting"}
    return {_DISTRIBUTIONS.get(m, m) for m in third_party}


def test_runtime_dependencies_are_exactly_what_the_package_imports():
    """Bug: lxml was imported but not declared; python-docx was declared but only the tests use it."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert _declared(project["dependencies"]) == _imported() | _URL_DRIVERS
    assert "python-docx" in _declared(project["optional-dependencies"]["test"])


def test_the_uno_helper_imports_only_the_standard_library_and_uno():
    """unohelper.py runs under another Python (the one with python3-uno): it can import nothing of drafting's."""
    tree = ast.parse((ROOT / "drafting" / "office" / "unohelper.py").read_text(encoding="utf-8"))
    names = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    names |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert names - set(sys.stdlib_module_names) == {"uno", "com"}

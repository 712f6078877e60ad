"""No process-wide state in the pipeline: only the process's owner (entry, cli) sets signals, limits, the collector."""
from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "drafting"
OWNERS = ("entry.py", "cli/", "office/watchdog.py")  # a process of its own: it may set what belongs to the whole process
PROCESS_WIDE = {
    "signal": {"signal", "setitimer", "alarm", "pthread_kill", "siginterrupt", "set_wakeup_fd"},
    "resource": {"setrlimit", "prlimit"},
    "gc": {"disable", "enable", "freeze", "unfreeze", "set_threshold", "set_debug"},
    "os": {"umask"},
    "sys": {"setrecursionlimit", "setswitchinterval"},
}
COLLECTOR = {"gc": {"freeze", "set_threshold"}}  # drafting.collector.tune_collector, for the process owner
YAML_CLASSES = {"yaml", "SafeLoader", "CSafeLoader", "Loader", "CLoader", "FullLoader", "BaseLoader", "SafeDumper",
                "CSafeDumper", "Dumper", "CDumper", "BaseDumper", "SafeConstructor", "Constructor", "Resolver",
                "BaseResolver", "SafeRepresenter", "Representer"}


def _modules() -> list[tuple[str, ast.Module]]:
    return [(path.relative_to(PACKAGE).as_posix(), ast.parse(path.read_text(encoding="utf-8")))
            for path in sorted(PACKAGE.rglob("*.py"))]


def _receiver(node: ast.expr) -> str | None:
    """The last name of what a method is called on: ``yaml`` in yaml.x(), ``SafeLoader`` in yaml.SafeLoader.x()."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def test_only_the_process_owner_sets_process_wide_state():
    """Bug: the render budget set SIGALRM and RLIMIT_AS, builds switched the collector, writes toggled the umask."""
    found = []
    for name, tree in _modules():
        allowed = PROCESS_WIDE if name.startswith(OWNERS) else COLLECTOR if name == "collector.py" else {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                module = _receiver(node.func.value)
                if node.func.attr in PROCESS_WIDE.get(module or "", ()) and node.func.attr not in allowed.get(module, ()):
                    found.append(f"{name}:{node.lineno} {module}.{node.func.attr}")
            if isinstance(node, ast.ImportFrom) and node.module in PROCESS_WIDE:
                found += [f"{name}:{node.lineno} from {node.module} import {a.name}" for a in node.names
                          if a.name in PROCESS_WIDE[node.module]]
    assert found == []


def test_the_collector_is_tuned_by_the_entry_alone():
    callers = [name for name, tree in _modules() for node in ast.walk(tree)
               if isinstance(node, ast.Name) and node.id == "tune_collector" or
               isinstance(node, ast.Attribute) and node.attr == "tune_collector"]
    assert sorted(set(callers)) == ["entry.py"]


def test_no_shared_yaml_parser_is_changed_or_kept_at_module_level():
    """Constructors, representers and resolvers only on drafting's own subclasses, at import (or once, in a cached
    factory that makes those subclasses); no module-level parser."""
    found = []
    for name, tree in _modules():
        top = {id(statement) for statement in tree.body}
        for function in ast.walk(tree):  # a factory run once (functools' cache) configures the classes it makes
            if isinstance(function, ast.FunctionDef) and any(
                    "cache" in ast.unparse(decorator) for decorator in function.decorator_list):
                top |= {id(statement) for statement in function.body}
        for statement in ast.walk(tree):
            if not isinstance(statement, ast.Expr) or not isinstance(statement.value, ast.Call):
                continue
            call = statement.value
            if isinstance(call.func, ast.Attribute) and call.func.attr.startswith("add_") and \
                    any(word in call.func.attr for word in ("constructor", "representer", "resolver")):
                if _receiver(call.func.value) in YAML_CLASSES or id(statement) not in top:
                    found.append(f"{name}:{statement.lineno} {ast.unparse(call.func)}")
        for statement in tree.body:
            if isinstance(statement, (ast.Assign, ast.AnnAssign)) and isinstance(statement.value, ast.Call):
                made = _receiver(statement.value.func) or ""
                if made in YAML_CLASSES or made == "YAML" or made.endswith(("Loader", "Dumper", "Constructor")):
                    found.append(f"{name}:{statement.lineno} {ast.unparse(statement)}")
    assert found == []

"""The house's shape, checked on the import graph: no circles, and arrows only point down.

Every import counts, those inside functions included; only ``if TYPE_CHECKING:`` blocks are
left out, since they are never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "flexidesk"

#: What each layer must never import (ARCHITECTURE.md: ui -> policy, documents, store, i18n;
#: documents -> policy, store, i18n; policy -> store; cli and commands -> everything).
FORBIDDEN = {
    "flexidesk.store": ("flexidesk.policy", "flexidesk.documents", "flexidesk.ui",
                        "flexidesk.commands", "flexidesk.cli", "PySide6"),
    "flexidesk.policy": ("flexidesk.documents", "flexidesk.ui", "flexidesk.commands",
                         "flexidesk.cli", "PySide6"),
    "flexidesk.documents": ("flexidesk.ui", "flexidesk.commands", "flexidesk.cli", "PySide6"),
    "flexidesk.ui": ("flexidesk.commands", "flexidesk.cli"),
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST, package: str) -> set[str]:
    """Every module name imported anywhere in the tree but under ``if TYPE_CHECKING``."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets = set()
        for imported in _imports(ast.parse(path.read_text(encoding="utf-8")), package):
            while imported and imported not in modules:  # a name inside a module
                imported = imported.rpartition(".")[0]
            if imported and imported != name and not name.startswith(imported + "."):
                targets.add(imported)
        graph[name] = targets
    return graph


def _raw_imports() -> dict[str, set[str]]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        name = _module_name(path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        out[name] = _imports(ast.parse(path.read_text(encoding="utf-8")), package)
    return out


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def connect(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
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

    for node in graph:
        if node not in index:
            connect(node)
    return found


def test_no_module_imports_itself_round_a_circle():
    assert _cycles(_graph()) == []


def test_arrows_only_point_down():
    wrong = []
    for module, imported in _raw_imports().items():
        for layer, banned in FORBIDDEN.items():
            if module == layer or module.startswith(layer + "."):
                wrong += [f"{module} imports {name}" for name in sorted(imported)
                          if any(name == b or name.startswith(b + ".") for b in banned)]
    assert wrong == []


def test_the_check_finds_a_circle_and_a_wrong_arrow():
    """The checks themselves can fail (a circle of two, and store importing Qt)."""
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": set()}) == [["a", "b"]]
    tree = ast.parse("def f():\n    from PySide6 import QtCore\n")
    assert "PySide6" in _imports(tree, "flexidesk.store")
    typed = ast.parse("if TYPE_CHECKING:\n    import flexidesk.ui\n")
    assert _imports(typed, "flexidesk.store") == set()

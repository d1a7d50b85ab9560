"""The package tree is the pipeline: lower stages never import higher ones, nothing imports in a circle, and no
product module imports the eval package. Read from the code's own imports (top-level and inside functions)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Stage order, lowest first; a module may import its own stage or a lower one.
STAGES = {
    "rag.types": 0,
    "rag.settings": 0,
    "rag.lazy": 0,
    "rag.text": 1,
    "rag.ingest": 2,
    "rag.index": 3,
    "rag.retrieve": 4,
    "rag.read": 5,
    "rag.answer": 6,
    "rag.engine": 7,
    "rag.cli": 8,
    "rag.chat": 8,
    "rag.batch": 8,
    "rag.api": 8,
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def stage_of(name: str) -> int | None:
    best = None
    for prefix, stage in STAGES.items():
        if (name == prefix or name.startswith(prefix + ".")) and (best is None or len(prefix) > len(best[0])):
            best = (prefix, stage)
    return best[1] if best else None


def product_graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in (ROOT / "rag").rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        graph[name] = {target for target in imports_of(path) if target in modules and target != name}
    return graph


def test_every_module_has_a_stage():
    assert [name for name in product_graph() if name != "rag" and stage_of(name) is None] == []


def test_no_lower_stage_imports_a_higher_one():
    upward = [
        f"{name} -> {target}"
        for name, targets in product_graph().items()
        for target in targets
        if stage_of(name) is not None and stage_of(target) is not None and stage_of(target) > stage_of(name)
    ]
    assert upward == []


def test_no_import_circles():
    graph = product_graph()
    state: dict[str, int] = {}
    circles: list[str] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                circles.append(" -> ".join(path[path.index(target) :] + [target]))
            elif target not in state:
                visit(target, path + [target])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert circles == []


def test_product_code_never_imports_the_evals():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "rag").rglob("*.py")
        if any(name == "evals" or name.startswith("evals.") for name in imports_of(path))
    ]
    assert offenders == []


def test_the_checker_sees_an_upward_import(tmp_path):
    """The graph reader itself: a made-up module importing a higher stage is seen as such."""
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from rag.answer.chain import AnswerEngine\n", encoding="utf-8")
    assert "rag.answer.chain" in imports_of(module)
    assert stage_of("rag.answer.chain") > stage_of("rag.text.numbers")

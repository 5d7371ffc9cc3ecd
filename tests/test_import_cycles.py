"""No import circles among the project's own modules (pos/, ui/, sync/, printers/, central/).

A circle works only while every module in it happens to be half-imported in a lucky order, and
it hides which part depends on which. The graph is built from the source with ast: absolute and
relative imports, at module level and inside functions alike (a function-level import is still a
dependency; it only moves the failure to run time)."""
from __future__ import annotations

import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACKAGES = ("pos", "ui", "sync", "printers", "central")

# Circles that were there before this check, one import (importer, imported) per circle, left out
# of the graph while the restructuring that removes them is under way. None is left (the manager
# pages' circle through ui.manager went when acting_manager moved to ui/manager/common.py); the
# mechanism stays for the next such move. A new circle anywhere fails; an entry whose circle is
# gone fails too, so it is taken off this list and cannot come back.
KNOWN_EDGES: set[tuple[str, str]] = set()


def module_name(path: pathlib.Path, root: pathlib.Path) -> tuple[str, bool]:
    """(dotted name, is a package's __init__) of a file under root."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def imports_of(path: pathlib.Path, name: str, is_package: bool, known: set[str]) -> set[str]:
    """The project modules one file imports, anywhere in it."""
    out = set()
    base = name.split(".") if is_package else name.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                stem = base[:len(base) - (node.level - 1)] if node.level > 1 else base
                origin = ".".join(stem + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            # `from a import b`: b is a module when one by that name exists, else a name in a
            targets = [f"{origin}.{alias.name}" if f"{origin}.{alias.name}" in known else origin
                       for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:  # `import a.b.c` of a name inside a module
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


def import_graph(root: pathlib.Path, packages=PACKAGES) -> dict[str, set[str]]:
    files = {}
    for pkg in packages:
        for path in sorted((root / pkg).rglob("*.py")):
            files[module_name(path, root)] = path
    known = {name for name, _ in files}
    return {name: imports_of(path, name, is_pkg, known) for (name, is_pkg), path in files.items()}


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                members = set()
                while True:
                    m = stack.pop()
                    on_stack.discard(m)
                    members.add(m)
                    if m == node:
                        break
                if len(members) > 1:
                    found.append(frozenset(members))
    return found


def without(graph: dict[str, set[str]], edges) -> dict[str, set[str]]:
    return {name: {t for t in targets if (name, t) not in edges} for name, targets in graph.items()}


def test_no_import_cycles():
    found = cycles(without(import_graph(ROOT), KNOWN_EDGES))
    assert [sorted(c) for c in found] == []


def test_the_central_office_has_no_cycle_even_with_the_known_edges():
    found = cycles(import_graph(ROOT))
    assert [sorted(c) for c in found if any(name.startswith(("central", "sync")) for name in c)] == []


def test_every_known_edge_still_closes_a_circle():
    """An exception that no longer applies is taken off KNOWN_EDGES, so it cannot come back unseen."""
    graph = import_graph(ROOT)
    circles = cycles(graph)
    stale = [edge for edge in sorted(KNOWN_EDGES)
             if edge[1] not in graph.get(edge[0], ()) or not any(set(edge) <= c for c in circles)]
    assert stale == [], "remove these from KNOWN_EDGES in tests/test_import_cycles.py"


def test_the_check_catches_a_planted_cycle(tmp_path):
    """A circle through a relative import inside a function, a three-module circle through
    `from package import module`, and a harmless package import of its own submodule."""
    pkg = tmp_path / "central"
    (pkg / "figures").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "app.py").write_text("from central.figures import nightly\n")
    (pkg / "cli.py").write_text("def serve():\n    from .app import create_app\n")
    (pkg / "figures" / "__init__.py").write_text("from . import nightly  # a package importing its own part\n")
    (pkg / "figures" / "nightly.py").write_text("import json\nfrom ..cli import COMMANDS\nfrom central import db\n")
    (pkg / "db.py").write_text("import central.models\n")
    (pkg / "models.py").write_text("from central.db import engine\n")
    graph = import_graph(tmp_path, ("central",))
    assert graph["central.figures.nightly"] == {"central.cli", "central.db"}
    assert sorted(map(sorted, cycles(graph))) == [
        ["central.app", "central.cli", "central.figures.nightly"],
        ["central.db", "central.models"],
    ]


def test_a_clean_tree_has_none(tmp_path):
    pkg = tmp_path / "pos"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "money.py").write_text("import decimal\n")
    (pkg / "sales.py").write_text("from .money import fmt\nfrom pos import money\n")
    assert cycles(import_graph(tmp_path, ("pos",))) == []

"""Layers: pos/ (the kiosk's brain) runs with no screen, network, printer or serial port, and no kiosk
module imports the central office."""
from __future__ import annotations

import ast
import pathlib

FORBIDDEN = ("PySide6", "PyQt5", "PyQt6", "requests", "urllib3", "httpx", "escpos", "serial", "barcode",
             "printers", "ui", "sync", "fastapi", "uvicorn", "sqlalchemy")

ROOT = pathlib.Path(__file__).resolve().parents[2]


def imported_modules(path: pathlib.Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0], node.lineno
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0], node.lineno


def test_pos_imports_no_ui_network_or_devices():
    offenders = [f"{p.relative_to(ROOT)}:{line} imports {mod}"
                 for p in sorted((ROOT / "pos").rglob("*.py"))
                 for mod, line in imported_modules(p) if mod in FORBIDDEN]
    assert offenders == []


def test_the_check_would_catch_an_offender(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import json\nfrom PySide6 import QtCore\nimport requests.adapters\n")
    assert [m for m, _ in imported_modules(bad) if m in FORBIDDEN] == ["PySide6", "requests"]


def test_pos_imports_cleanly_without_qt(tmp_path):
    import subprocess
    import sys

    code = ("import sys, pkgutil, importlib, pos\n"
            "for m in pkgutil.iter_modules(pos.__path__): importlib.import_module('pos.' + m.name)\n"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6','requests','escpos','serial')]\n"
            "print(bad); sys.exit(1 if bad else 0)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def pos_import_graph(folder: pathlib.Path = ROOT / "pos") -> dict[str, set[str]]:
    """Module -> the pos modules it imports, function-local imports included: a circle closed
    by an import inside a function is still a circle (which module is ready first depends on
    which is imported first)."""
    names = {p.stem for p in folder.glob("*.py")} - {"__init__"}
    graph: dict[str, set[str]] = {name: set() for name in names}
    for name in names:
        for node in ast.walk(ast.parse((folder / f"{name}.py").read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level == 0 and not base.startswith("pos."):
                    continue
                base = base.removeprefix("pos.")
                found = [base.split(".")[0]] if base else [a.name for a in node.names]
            elif isinstance(node, ast.Import):
                found = [a.name.split(".")[1] for a in node.names if a.name.startswith("pos.")]
            else:
                continue
            graph[name].update(m for m in found if m in names and m != name)
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(out)


def test_pos_has_no_import_circles():
    assert circles(pos_import_graph()) == []


def test_the_circle_check_would_catch_one(tmp_path):
    (tmp_path / "a.py").write_text("from .b import x\n")
    (tmp_path / "b.py").write_text("def f():\n    from pos.c import y\n")
    (tmp_path / "c.py").write_text("import pos.a\n")
    (tmp_path / "d.py").write_text("from . import a\n")
    assert circles(pos_import_graph(tmp_path)) == [["a", "b", "c"]]


KIOSK = ("pos", "ui", "printers", "sync")


def test_the_kiosk_never_imports_the_central_office():
    """The kiosk ships without central/: no kiosk module may import it, even inside a function."""
    offenders = [f"{p.relative_to(ROOT)}:{line} imports {mod}"
                 for folder in KIOSK for p in sorted((ROOT / folder).rglob("*.py"))
                 for mod, line in imported_modules(p) if mod == "central"]
    assert offenders == []


def test_the_kiosk_check_would_catch_an_offender(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def push():\n    from central.events import ingest\n    import central.models\n")
    assert [m for m, _ in imported_modules(bad)] == ["central", "central"]

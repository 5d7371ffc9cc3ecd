"""pos/ is the kiosk's brain: it must run with no screen, network, printer or serial port."""
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

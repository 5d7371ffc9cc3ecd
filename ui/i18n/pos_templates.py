"""The message templates pos raises its errors with, found by reading pos/*.py, and pos_vi.ts.

Why an AST scan: pos never imports Qt, so pyside6-lupdate sees no tr() there. Every construction
of a pos.errors.PosError subclass in pos/*.py must have a plain string literal as its first
argument (the English template, e.g. "wrong check digit in {code}: expected {expected}"); the
scan collects them into pos_vi.ts (context PosErrors) for translators, keeping the translations
already written, and reports any construction that breaks the rule (an f-string, a variable ...).
ui/errors.py translates the template at run time and fills in the error's details.
"""
from __future__ import annotations

import ast
import inspect
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from pos import errors

CONTEXT = "PosErrors"
POS = Path(errors.__file__).resolve().parent
TS = Path(__file__).resolve().parent / "pos_vi.ts"


@dataclass
class Template:
    text: str
    places: list[tuple[Path, int]] = field(default_factory=list)


def error_classes() -> set[str]:
    return {name for name, cls in inspect.getmembers(errors, inspect.isclass) if issubclass(cls, errors.PosError)}


def _called_name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def scan(root: Path = POS) -> tuple[dict[str, Template], list[str]]:
    """(template text -> where it is raised, problems as 'file:line: why')."""
    classes = error_classes()
    found: dict[str, Template] = {}
    problems: list[str] = []
    for path in sorted(root.rglob("*.py")):  # packages too (pos/einvoice/)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in sorted(ast.walk(tree), key=lambda n: (getattr(n, "lineno", 0), getattr(n, "col_offset", 0))):
            where = f"{path.name}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Raise) and _called_name(node.exc) in classes:
                problems.append(f"{where}: raises {_called_name(node.exc)} without a message template")
                continue
            if not isinstance(node, ast.Call) or _called_name(node.func) not in classes:
                continue
            if path.name == "errors.py":
                continue
            first = node.args[0] if node.args else None
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                kind = "an f-string" if isinstance(first, ast.JoinedStr) else "no string literal"
                problems.append(f"{where}: {_called_name(node.func)} built with {kind} as its message")
                continue
            try:
                names = errors.placeholders(first.value)
            except ValueError as exc:
                problems.append(f"{where}: broken template {first.value!r}: {exc}")
                continue
            given = {k.arg for k in node.keywords}
            if None not in given and not names <= given:
                problems.append(f"{where}: template names {sorted(names - given)} but they are not passed")
            found.setdefault(first.value, Template(first.value)).places.append((path, node.lineno))
    return found, problems


def read_translations(ts: Path = TS) -> dict[str, tuple[str, str | None]]:
    """source -> (translation, type attribute) from an existing pos_vi.ts."""
    if not ts.exists():
        return {}
    out = {}
    for ctx in ET.parse(ts).getroot().iter("context"):
        for m in ctx.iter("message"):
            tr = m.find("translation")
            out[m.find("source").text] = (tr.text or "", tr.get("type"))
    return out


def write_ts(templates: dict[str, Template], ts: Path = TS) -> tuple[int, int]:
    """Refresh the .ts: every template once, its translation kept; returns (messages, unfinished)."""
    old = read_translations(ts)
    root = ET.Element("TS", version="2.1", language="vi_VN")
    ctx = ET.SubElement(root, "context")
    ET.SubElement(ctx, "name").text = CONTEXT
    unfinished = 0
    # by module, then text, with no line numbers: an edit elsewhere in a module leaves the file
    # alone, so branches that each add a message merge without colliding
    for text in sorted(templates, key=lambda t: (templates[t].places[0][0].name, t)):
        msg = ET.SubElement(ctx, "message")
        ET.SubElement(msg, "source").text = text
        translation, kind = old.get(text, ("", "unfinished"))
        tr = ET.SubElement(msg, "translation")
        tr.text = translation
        if kind == "unfinished" or not translation.strip():
            tr.set("type", "unfinished")
            unfinished += 1
    ET.indent(root, space="    ")
    text = '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + ET.tostring(root, encoding="unicode") + "\n"
    if not ts.exists() or ts.read_text(encoding="utf-8") != text:
        ts.write_text(text, encoding="utf-8")
    return len(templates), unfinished

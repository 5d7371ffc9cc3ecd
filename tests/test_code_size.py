"""Modules stay under 600 lines and functions under 60 (pos/, ui/, sync/, printers/, central/, main.py).

A long module hides which part a change belongs to; a long function hides its steps. The one way out
is to say why, where the next reader looks first: the file's opening docstring or leading comment
holds a line with the marker

    larger on purpose: <why>                  the whole file (its length and every function in it),
                                              for generated or declarative files such as migrations
    larger on purpose (name, Class.name): <why>   only the named functions (qualified by class)

and a reason of at least a few words after the colon. Functions nested in functions are measured on
their own too (ast.walk), each by its own lines, decorators excluded.

KNOWN holds what was over the limits when this check came in, in screens another change is editing;
it may only shrink: a new offender fails, and so does an entry that is no longer over (take it off).
"""
from __future__ import annotations

import ast
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[1]
SOURCES = ("pos", "ui", "sync", "printers", "central", "main.py")
MAX_FILE_LINES = 600
MAX_FUNCTION_LINES = 60
MARKER = re.compile(r"larger on purpose(?:\s*\(([^)]*)\))?\s*:\s*(.*)")
MIN_REASON_WORDS = 3

# (path, None) for a module over the line limit, (path, qualified name) for a function.
KNOWN: set[tuple[str, str | None]] = set()  # empty now: every screen is under the limits


def opening_text(source: str, tree: ast.Module) -> str:
    """The module docstring, or else the comment lines before the first statement."""
    doc = ast.get_docstring(tree, clean=False)
    if doc is not None:
        return doc
    lines = []
    for line in source.splitlines():
        if line.startswith("#"):
            lines.append(line.lstrip("#").strip())
        elif line.strip():
            break
    return "\n".join(lines)


def exemptions(text: str) -> tuple[bool, set[str]]:
    """(whole file exempt, names of exempt functions) from the opening text's marker lines. A marker
    without a reason of a few words does not count."""
    whole, names = False, set()
    for line in text.splitlines():
        found = MARKER.search(line)
        if not found or len(found.group(2).split()) < MIN_REASON_WORDS:
            continue
        if found.group(1) is None:
            whole = True
        else:
            names |= {n.strip() for n in found.group(1).split(",") if n.strip()}
    return whole, names


def functions(tree: ast.Module):
    """(qualified name, lines) of every function and method, nested ones included."""
    out = []

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = prefix + child.name
                out.append((name, child.end_lineno - child.lineno + 1))
                visit(child, name + ".")
            elif isinstance(child, ast.ClassDef):
                visit(child, prefix + child.name + ".")
            else:
                visit(child, prefix)

    visit(tree, "")
    return out


def offenders(root: pathlib.Path, sources=SOURCES) -> dict[tuple[str, str | None], int]:
    """Everything over the limits under root and not exempted, with its line count."""
    found = {}
    for entry in sources:
        base = root / entry
        paths = [base] if base.suffix == ".py" else sorted(base.rglob("*.py"))
        for path in paths:
            if "__pycache__" in path.parts:
                continue
            source = path.read_text(encoding="utf-8")
            tree = ast.parse(source)
            whole, names = exemptions(opening_text(source, tree))
            if whole:
                continue
            rel = path.relative_to(root).as_posix()
            length = len(source.splitlines())
            if length > MAX_FILE_LINES:
                found[(rel, None)] = length
            for name, lines in functions(tree):
                if lines > MAX_FUNCTION_LINES and name not in names:
                    # two same-named functions in one file (e.g. under if/else) are one entry
                    found[(rel, name)] = max(lines, found.get((rel, name), 0))
    return found


def test_no_new_module_or_function_over_the_limits():
    new = {k: v for k, v in offenders(ROOT).items() if k not in KNOWN}
    assert new == {}, (
        f"over {MAX_FILE_LINES} lines per module / {MAX_FUNCTION_LINES} per function: split it, or say "
        "'larger on purpose: <why>' in the file's opening docstring (see this test's docstring)"
    )


def test_known_offenders_only_shrink():
    fixed = KNOWN - set(offenders(ROOT))
    assert fixed == set(), "no longer over the limits: take these off KNOWN in tests/test_code_size.py"


def test_a_planted_offender_is_caught(tmp_path):
    pkg = tmp_path / "pos"
    pkg.mkdir()
    body = "".join(f"    x{i} = {i}\n" for i in range(MAX_FUNCTION_LINES))
    (pkg / "long_function.py").write_text(f'"""Short."""\n\n\ndef long():\n{body}', encoding="utf-8")
    (pkg / "long_module.py").write_text("x = 1\n" * (MAX_FILE_LINES + 1), encoding="utf-8")
    inner = "".join(f"            y{i} = {i}\n" for i in range(MAX_FUNCTION_LINES - 2))
    (pkg / "nested.py").write_text(f"class A:\n    def f(self):\n        def g():\n{inner}        return g\n",
                                   encoding="utf-8")  # g: 59 lines (fine); A.f around it: 61
    (pkg / "fine.py").write_text("def short():\n" + "".join(f"    x{i} = {i}\n" for i in range(MAX_FUNCTION_LINES - 1)),
                                 encoding="utf-8")
    assert offenders(tmp_path, ("pos",)) == {
        ("pos/long_function.py", "long"): MAX_FUNCTION_LINES + 1,
        ("pos/long_module.py", None): MAX_FILE_LINES + 1,
        ("pos/nested.py", "A.f"): MAX_FUNCTION_LINES + 1,
    }


def test_the_marker_exempts_only_with_a_reason_and_only_what_it_names(tmp_path):
    pkg = tmp_path / "central"
    pkg.mkdir()
    body = "".join(f"    x{i} = {i}\n" for i in range(MAX_FUNCTION_LINES))
    two = f"def big():\n{body}\n\ndef other():\n{body}"
    (pkg / "whole.py").write_text(f'"""Generated.\n\nlarger on purpose: written by the generator, not by hand\n"""\n{two}',
                                  encoding="utf-8")
    (pkg / "named.py").write_text(f"# Declarative.\n# larger on purpose (big): one table per statement, read top to "
                                  f"bottom\n{two}", encoding="utf-8")
    (pkg / "no_reason.py").write_text(f'"""larger on purpose:"""\n{two}', encoding="utf-8")
    (pkg / "late.py").write_text(f'"""Short."""\n{two}\n# larger on purpose: said too late to count\n',
                                 encoding="utf-8")
    assert set(offenders(tmp_path, ("central",))) == {
        ("central/named.py", "other"),
        ("central/no_reason.py", "big"), ("central/no_reason.py", "other"),
        ("central/late.py", "big"), ("central/late.py", "other"),
    }

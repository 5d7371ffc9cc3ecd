"""Test folders share one import namespace (pytest's default prepend mode, and sibling helper
modules such as tests/sync/syncrig.py are imported by bare name): a module name used twice
stops the whole run at collection. Catch it here with a clear message instead."""
from __future__ import annotations

import collections
import pathlib

TESTS = pathlib.Path(__file__).resolve().parent


def test_module_names_are_unique_across_test_folders():
    seen = collections.defaultdict(list)
    for path in TESTS.rglob("*.py"):
        if path.name != "conftest.py" and "__pycache__" not in path.parts:
            seen[path.stem].append(str(path.relative_to(TESTS)))
    assert {k: v for k, v in seen.items() if len(v) > 1} == {}

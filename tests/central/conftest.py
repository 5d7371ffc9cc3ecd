"""Fixtures for the central-office tests (the rig is in rig.py, importable by test modules)."""
from rig import office  # noqa: F401

"""Fixtures for the central-office tests (the rig is in rig.py, importable by test modules)."""
from rig import database_url, office  # noqa: F401

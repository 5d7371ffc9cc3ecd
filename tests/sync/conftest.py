"""Fixtures for the sync tests; the rig itself is in syncrig.py (importable by test modules)."""
from syncrig import database_url, kiosk, server  # noqa: F401

"""Printer tests import their helpers (samples, escpos_parse, loopback) from this folder."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

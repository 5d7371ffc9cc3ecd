"""Printer tests import their helpers (receipt_samples, escpos_parse, loopback_devices) from this folder."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

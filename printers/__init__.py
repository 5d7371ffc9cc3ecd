"""Receipts, labels and devices. No Qt here: everything runs headless (tests, bench, CLI) and the
UI wraps DeviceHub's callbacks in signals."""
from .hub import DeviceHub

__all__ = ["DeviceHub"]

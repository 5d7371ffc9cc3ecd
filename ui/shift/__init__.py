"""The shift: the screen (open, cash in/out, X report, close by counting notes, Z report), the
open-shift question the sell screen asks, the report view and the note-by-note count.

One package so its strings live together in ui/i18n/manager_vi.ts (ui/i18n/__main__.py), and
`ui.shift` stays the name the window, the payment screen and the tests import from.
"""
from .open_dialog import OpenShiftDialog, offer_open_shift
from .report_view import ReportView
from .screen import ShiftScreen, printer_configured

__all__ = ["OpenShiftDialog", "ReportView", "ShiftScreen", "offer_open_shift", "printer_configured"]

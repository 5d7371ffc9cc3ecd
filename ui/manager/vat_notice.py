"""VAT rates about to change, told to the manager at login (the status line).

Why: the centre schedules a rate (e.g. the end of Decree 174/2025's 8 % on 31/12/2026) and the
kiosk switches by itself at its own midnight (pos/vat_schedule.py). The manager should know before
the day that receipts will carry another rate, and that the till has the change even offline."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..ops import catalog as catalog_ops
from .login_notice import on_manager_login


def upcoming_text(rows: list[dict]) -> str:
    """'' when nothing changes soon; else each day with what changes to which rate."""
    if not rows:
        return ""
    days: dict[str, list[str]] = {}
    for r in rows:
        days.setdefault(r["effective_day"], []).append(f"{r['name'] or '?'} {r['vat_rate']} %")
    what = "; ".join(f"{d[8:10]}/{d[5:7]}/{d[:4]}: " + ", ".join(items) for d, items in sorted(days.items()))
    return QCoreApplication.translate(
        "VatNotice", "VAT rates change soon (received from the office; the till switches by itself at midnight, "
                     "even offline): %1").replace("%1", what)


def watch(ctx) -> None:
    """When a manager logs in, look the coming changes up (on the DB worker) and say so."""
    on_manager_login(ctx, catalog_ops.vat_upcoming, upcoming_text, "info")

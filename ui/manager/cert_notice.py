"""Expired OCOP certificates, told to the manager: at login (the status line) and on the stock screen.

Why: once a certificate expires the product keeps selling but loses its stars on screen, receipts
and labels (pos.catalog.stars_on). Nobody sees a star that is not there; the manager must be told
that the certificate needs renewing, not left to notice the missing stars."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..ops import stock as stock_ops
from .login_notice import on_manager_login

STYLE = "background:#fff4e0;color:#7a4100;font-weight:bold;padding:8px;border-radius:6px"


def withdrawn_text(w: dict) -> str:
    """'' when no rating is withdrawn; else the count, the first names and what it means."""
    if not w.get("count"):
        return ""
    names = ", ".join(w["names"]) + (" …" if w["count"] > len(w["names"]) else "")
    return (QCoreApplication.translate(
        "CertNotice", "OCOP certificate expired for %1 products (%2): they still sell, but without their stars on "
                      "screen, receipts and labels until the certificate is renewed.")
            .replace("%1", str(w["count"])).replace("%2", names))


def watch(ctx) -> None:
    """When a manager logs in, look the expired certificates up (on the DB worker) and say so."""
    on_manager_login(ctx, stock_ops.stars_withdrawn, withdrawn_text, "warn")

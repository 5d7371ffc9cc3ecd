"""Prices about to change, told to the manager at login (the status line): scheduled price changes
and fair price lists received from the office (pos/price_pull.py).

Why: the till switches prices by itself at its own midnight or a fair's hour (pos/prices.py), even
offline; the manager should know before the day, to change shelf labels and posters."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from pos.text import fmt_vnd

from ..ops import catalog as catalog_ops
from .login_notice import on_manager_login


def _day(iso: str) -> str:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}"


def upcoming_text(coming: dict) -> str:
    """'' when nothing changes soon; else each day's new prices, then each fair list's window."""
    parts = []
    days: dict[str, list[str]] = {}
    for r in coming.get("changes") or []:
        days.setdefault(r["effective_day"], []).append(f"{r['name'] or '?'} {fmt_vnd(r['price'])}")
    parts += [f"{_day(d)}: " + ", ".join(items) for d, items in sorted(days.items())]
    for x in coming.get("lists") or []:
        hours = f" {x['from_time']}–{x['to_time']}" if x["from_time"] else ""
        parts.append(QCoreApplication.translate("PriceNotice", "%1 (%2 products) %3–%4%5").replace(
            "%1", x["name"]).replace("%2", str(x["items"])).replace("%3", _day(x["start_day"]))
            .replace("%4", _day(x["end_day"])).replace("%5", hours))
    if not parts:
        return ""
    return QCoreApplication.translate(
        "PriceNotice", "Prices change soon (received from the office; the till switches by itself, even offline): %1"
    ).replace("%1", "; ".join(parts))


def watch(ctx) -> None:
    """When a manager logs in, look the coming changes up (on the DB worker) and say so."""
    on_manager_login(ctx, catalog_ops.prices_upcoming, upcoming_text, "info")

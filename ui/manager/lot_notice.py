"""Lots near or past their use-by date, told to the manager on the stock screen (pos.lots.expiring).

Why a notice above the list and not a column: a product has several lots, and what the manager must
act on is a handful of lots (sell first, or take off the shelf), soonest first; the sale itself
refuses an expired lot (pos/lots.py) unless a manager allows it."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from pos.names import product_name, unit_name

from .common import qty_fmt

LOT_DAYS = 14  # lots whose use-by falls within two weeks are listed
SHOWN = 6  # at most this many lots named; the rest counted
STYLE = "background:#fdecea;color:#8a1c12;font-weight:bold;padding:8px;border-radius:6px"


def _one(r: dict, lang: str) -> str:
    day = dt.date.fromisoformat(r["use_by"]).strftime("%d/%m/%Y")
    if r["days_left"] < 0:
        when = QCoreApplication.translate(
            "LotNotice", "expired %1").replace("%1", day)
    elif r["days_left"] == 0:
        when = QCoreApplication.translate(
            "LotNotice", "use by today %1").replace("%1", day)
    else:
        when = QCoreApplication.translate(
            "LotNotice", "use by %1 (%2 days left)").replace("%1", day).replace("%2", str(r["days_left"]))
    unit = "g" if r["sold_by_weight"] else unit_name(r["unit"], lang, r["on_hand"])
    text = QCoreApplication.translate("LotNotice", "%1, lot %2: %3, %4 in stock")
    return (text.replace("%1", product_name(r, lang)).replace("%2", r["lot_no"]).replace("%3", when)
            .replace("%4", f"{qty_fmt(r['on_hand'])} {unit}"))


def expiring_text(rows: list[dict], lang: str = "vi") -> str:
    """'' when no lot in stock is near its use-by; else the soonest lots, one a line."""
    if not rows:
        return ""
    lines = [_one(r, lang) for r in rows[:SHOWN]]
    if len(rows) > SHOWN:
        lines.append(QCoreApplication.translate(
            "LotNotice", "… and %1 more lots").replace("%1", str(len(rows) - SHOWN)))
    head = QCoreApplication.translate("LotNotice", "Lots to sell first or take off the shelf (use-by within %1 days):")
    return "\n".join([head.replace("%1", str(LOT_DAYS)), *lines])


def recalled_text(rows: list[dict], lang: str = "vi") -> str:
    """'' when no recalled lot is in stock; else each such lot with its reason, one a line.
    Every one is named: a recalled lot must not be missed for lack of room."""
    if not rows:
        return ""
    head = QCoreApplication.translate("LotNotice", "Recalled lots still in stock: take them off the shelf, they cannot be sold:")
    lines = []
    for r in rows:
        unit = "g" if r["sold_by_weight"] else unit_name(r["unit"], lang, r["on_hand"])
        text = QCoreApplication.translate("LotNotice", "%1, lot %2: %3 in stock (recalled: %4)")
        lines.append(text.replace("%1", product_name(r, lang)).replace("%2", r["lot_no"])
                     .replace("%3", f"{qty_fmt(r['on_hand'])} {unit}").replace("%4", r["reason"] or "-"))
    return "\n".join([head, *lines])

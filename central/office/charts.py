"""Chart geometry for the overview: the server draws the charts as SVG (templates/macros/charts.html
draws what these functions measure), so the dashboard needs no script library and no network."""
from __future__ import annotations

from central.office.formats import short_vnd


def nice_max(v: int) -> int:
    """The axis top: the first 1, 2, 2.5, 5 or 10 times a power of ten at or above v."""
    if v <= 0:
        return 1
    mag = 10 ** (len(str(v)) - 1)
    for step in (1, 2, 2.5, 5, 10):
        top = int(step * mag)
        if top >= v:
            return top
    return 10 * mag


def columns(points: list[tuple[str, int]], title: str, width: int = 720, height: int = 240) -> dict:
    """Vertical bars, one per day, with a value axis in đồng; negative days drop below zero."""
    left, right, top, bottom = 64, 12, 28, 40
    w, h = width - left - right, height - top - bottom
    values = [v for _, v in points] + [0]
    vmax = nice_max(max(values))
    vmin = -nice_max(-min(values)) if min(values) < 0 else 0
    span = vmax - vmin or 1

    def y(v):
        return top + h - (v - vmin) * h / span

    grid = [{"y": y(vmin + span * i // 4), "label": short_vnd(vmin + span * i // 4)} for i in range(5)]
    n = max(len(points), 1)
    slot = w / n
    bw = max(2.0, min(36.0, slot * 0.7))
    every = max(1, round(n / 12))
    bars = []
    for i, (label, v) in enumerate(points):
        x = left + i * slot + (slot - bw) / 2
        y0, y1 = y(max(v, 0)), y(min(v, 0))
        bars.append({"x": x, "y": y0, "w": bw, "h": max(y1 - y0, 0), "neg": v < 0, "label": label, "value": v,
                     "show_label": i % every == 0})
    return {"title": title, "width": width, "height": height, "left": left, "right": right,
            "label_y": height - bottom + 16, "grid": grid, "bars": bars}


def bars(items: list[tuple[str, int]], title: str, width: int = 600) -> dict:
    """Horizontal bars with the label on the left and the amount at the bar's end."""
    row, top, left = 26, 28, 220
    height = top + row * max(len(items), 1) + 8
    vmax = max([v for _, v in items] + [1])
    w = width - left - 110
    rows = []
    for i, (label, v) in enumerate(items):
        length = max(0.0, v) * w / vmax
        rows.append({"y": top + i * row, "len": length, "label": label, "value": v,
                     "short": label if len(label) <= 32 else label[:31] + "…"})
    return {"title": title, "width": width, "height": height, "left": left, "top": top, "bar_h": row - 8,
            "rows": rows}

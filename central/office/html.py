"""Page building without a template engine: every dynamic value passes through `e()` (HTML
escaping) or a formatter that only emits digits; charts are SVG drawn here on the server, so the
dashboard needs no script library and no network."""
from __future__ import annotations

import datetime as dt
import html
from urllib.parse import urlencode

from pos import payment_methods
from pos.money import fmt_vnd

e = html.escape

NAV = [("/office", "overview", "Tổng quan"), ("/office/stock", "stock", "Tồn kho"),
       ("/office/sync", "sync", "Đồng bộ"), ("/office/settlement", "settlement", "Quyết toán"),
       ("/office/catalog", "catalog", "Danh mục"), ("/office/catalog/import", "import", "Nhập từ tệp"),
       ("/office/catalog/prices", "prices", "Đổi giá")]
ROLE_VI = {"admin": "Quản trị", "manager": "Quản lý", "viewer": "Xem báo cáo"}
METHOD_VI = payment_methods.names_by_wire("vi")  # the kiosks' payment methods, by the code they send


def vnd(amount) -> str:
    return fmt_vnd(int(amount or 0))


def num(n) -> str:
    return f"{int(n or 0):,}".replace(",", ".")


def day_vi(day: str | None) -> str:
    if not day:
        return "—"
    try:
        return dt.date.fromisoformat(day[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return e(day)


DAY_PATTERN = r"\d{1,2}/\d{1,2}/\d{4}"


def parse_day_vi(text, what: str = "ngày") -> str:
    """A day typed as dd/mm/yyyy (d/m/yyyy too; ISO yyyy-mm-dd, as in links, also accepted) -> ISO.
    Why text and not <input type=date>: that widget shows the browser's locale (mm/dd/yyyy on an
    English Windows), while Vietnamese users read and type dd/mm/yyyy."""
    from central.figures.reports import ReportError

    t = str(text or "").strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(t, fmt).date().isoformat()
        except ValueError:
            continue
    raise ReportError(f"{what} không hợp lệ: {t!r} — nhập theo dạng dd/mm/yyyy, ví dụ 21/11/2026")


def date_input(name: str, iso: str | None, extra: str = "") -> str:
    """A dd/mm/yyyy text field (the server parses it with parse_day_vi)."""
    value = day_vi(iso) if iso and len(iso) == 10 and iso[4] == "-" else (iso or "")
    value = "" if value == "—" else value
    return (f'<input type="text" name="{e(name)}" id="f-{e(name)}" value="{e(value)}" class="day" '
            f'inputmode="numeric" placeholder="dd/mm/yyyy" pattern="{DAY_PATTERN}" maxlength="10" '
            f'title="ngày/tháng/năm, ví dụ 21/11/2026" autocomplete="off" {extra}>')


def when_vi(iso: str | None) -> str:
    """A UTC timestamp as Vietnam local time."""
    if not iso:
        return "—"
    from central.clock import VN_TZ
    try:
        return dt.datetime.fromisoformat(iso).astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return e(iso)


def qs(**params) -> str:
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


def page(title: str, body: str, user=None, active: str = "") -> str:
    nav = ""
    if user is not None:
        links = "".join(f'<a href="{href}" class="{"on" if key == active else ""}">{label}</a>'
                        for href, key, label in NAV if user.can_edit or key not in ("import", "prices"))
        nav = (f'<header><div class="brand">OCOP · Văn phòng trung tâm</div><nav>{links}</nav>'
               f'<form method="post" action="/office/logout" class="who"><span>{e(user.full_name or user.username)}'
               f' · {e(ROLE_VI.get(user.role, user.role))}</span>'
               f'<input type="hidden" name="csrf" value="{user.csrf}"><button>Đăng xuất</button></form></header>')
    return (f'<!doctype html><html lang="vi"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{e(title)} · OCOP</title><link rel="stylesheet" href="/office/static/app.css"></head>'
            f'<body>{nav}<main><h1>{e(title)}</h1>{body}</main>'
            f'<script src="/office/static/app.js"></script></body></html>')


def table(headers: list[tuple[str, str]], rows: list[list[str]], cls: str = "", empty: str = "Không có dữ liệu",
          foot: list[str] | None = None) -> str:
    """headers: (label, 'n' for numbers | ''); cells are already-escaped HTML."""
    th = "".join(f'<th class="{k}">{e(h)}</th>' for h, k in headers)
    if not rows:
        return f'<table class="{cls}"><thead><tr>{th}</tr></thead><tbody><tr><td colspan="{len(headers)}" ' \
               f'class="empty">{e(empty)}</td></tr></tbody></table>'
    body = "".join("<tr>" + "".join(f'<td class="{headers[i][1]}">{c}</td>' for i, c in enumerate(r)) + "</tr>"
                   for r in rows)
    tf = ""
    if foot:
        tf = "<tfoot><tr>" + "".join(f'<td class="{headers[i][1]}">{c}</td>' for i, c in enumerate(foot)) + \
             "</tr></tfoot>"
    return f'<table class="{cls}"><thead><tr>{th}</tr></thead><tbody>{body}</tbody>{tf}</table>'


def select(name: str, options: list[tuple[str, str]], value: str | None, blank: str = "Tất cả") -> str:
    opts = [f'<option value="">{e(blank)}</option>'] if blank is not None else []
    for v, label in options:
        sel = " selected" if (value or "") == v else ""
        opts.append(f'<option value="{e(v)}"{sel}>{e(label)}</option>')
    return f'<select name="{e(name)}" id="f-{e(name)}">{"".join(opts)}</select>'


def csrf_field(user) -> str:
    return f'<input type="hidden" name="csrf" value="{user.csrf}">'


def notice(text: str, kind: str = "ok") -> str:
    return f'<div class="notice {kind}">{e(text)}</div>' if text else ""


# -- charts -----------------------------------------------------------------------------------
def _short_vnd(v: int) -> str:
    """Axis labels: 1,2 tr / 850 N (triệu / nghìn)."""
    a = abs(v)
    if a >= 1_000_000_000:
        s = f"{v / 1_000_000_000:.1f}".replace(".", ",") + " tỷ"
    elif a >= 1_000_000:
        s = f"{v / 1_000_000:.1f}".replace(".", ",") + " tr"
    elif a >= 1_000:
        s = f"{v // 1000} N"
    else:
        s = str(v)
    return s.replace(",0 ", " ")


def _nice_max(v: int) -> int:
    if v <= 0:
        return 1
    mag = 10 ** (len(str(v)) - 1)
    for step in (1, 2, 2.5, 5, 10):
        top = int(step * mag)
        if top >= v:
            return top
    return 10 * mag


def column_chart(points: list[tuple[str, int]], title: str, width: int = 720, height: int = 240) -> str:
    """Vertical bars, one per day, with a value axis in đồng; negative days drop below zero."""
    left, right, top, bottom = 64, 12, 28, 40
    w, h = width - left - right, height - top - bottom
    vmax = _nice_max(max([v for _, v in points] + [0]))
    vmin = -_nice_max(-min([v for _, v in points] + [0])) if min([v for _, v in points] + [0]) < 0 else 0
    span = vmax - vmin or 1

    def y(v):
        return top + h - (v - vmin) * h / span

    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{e(title)}" '
             f'xmlns="http://www.w3.org/2000/svg"><text x="{left}" y="16" class="ct">{e(title)}</text>']
    for i in range(5):
        v = vmin + span * i // 4
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" class="grid"/>'
                     f'<text x="{left - 6}" y="{y(v) + 4:.1f}" class="ax" text-anchor="end">{e(_short_vnd(v))}</text>')
    n = max(len(points), 1)
    slot = w / n
    bw = max(2.0, min(36.0, slot * 0.7))
    every = max(1, round(n / 12))
    for i, (label, v) in enumerate(points):
        x = left + i * slot + (slot - bw) / 2
        y0, y1 = y(max(v, 0)), y(min(v, 0))
        parts.append(f'<rect x="{x:.1f}" y="{y0:.1f}" width="{bw:.1f}" height="{max(y1 - y0, 0):.1f}" '
                     f'class="{"bar" if v >= 0 else "bar neg"}"><title>{e(label)}: {e(vnd(v))}</title></rect>')
        if i % every == 0:
            parts.append(f'<text x="{x + bw / 2:.1f}" y="{height - bottom + 16}" class="ax" text-anchor="middle">'
                         f'{e(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(items: list[tuple[str, int]], title: str, width: int = 600) -> str:
    """Horizontal bars with the label on the left and the amount at the bar's end."""
    row, top, left = 26, 28, 220
    height = top + row * max(len(items), 1) + 8
    vmax = max([v for _, v in items] + [1])
    w = width - left - 110
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{e(title)}" '
             f'xmlns="http://www.w3.org/2000/svg"><text x="4" y="16" class="ct">{e(title)}</text>']
    if not items:
        parts.append(f'<text x="4" y="{top + 16}" class="ax">Không có dữ liệu</text>')
    for i, (label, v) in enumerate(items):
        yy = top + i * row
        bl = max(0.0, v) * w / vmax
        short = label if len(label) <= 32 else label[:31] + "…"
        parts.append(f'<text x="{left - 6}" y="{yy + 16}" class="lb" text-anchor="end">{e(short)}<title>{e(label)}'
                     f'</title></text><rect x="{left}" y="{yy + 4}" width="{bl:.1f}" height="{row - 8}" class="bar"/>'
                     f'<text x="{left + bl + 6:.1f}" y="{yy + 16}" class="val">{e(vnd(v))}</text>')
    parts.append("</svg>")
    return "".join(parts)

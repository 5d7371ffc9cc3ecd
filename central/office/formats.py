"""How the office pages write values (the Jinja filters of central/office/render.py) and read the
days users type: Vietnamese money `1.250.000 ₫`, dots between thousands, dd/mm/yyyy days,
Vietnam's local time. Each returns plain text; the templates escape it."""
from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from pos.money import fmt_vnd

from central.catalog.rules import CatalogError
from central.figures import settlement as st
from central.office.i18n import _

DAY_PATTERN = r"\d{1,2}/\d{1,2}/\d{4}"


def vnd(amount) -> str:
    """Money: 1250000 -> '1.250.000 ₫' (None counts as 0)."""
    return fmt_vnd(int(amount or 0))


def price_input(price) -> str:
    """A price as typed in a form: '45.000' for a stored amount, what the user typed otherwise."""
    return fmt_vnd(price, symbol=False) if isinstance(price, int) else ("" if price is None else str(price))


def num(n) -> str:
    return f"{int(n or 0):,}".replace(",", ".")


def stars(n) -> str:
    return "★" * int(n) if n else "—"


def bp(value) -> str:
    """A commission in basis points: 1250 -> '12,5 %'."""
    return st.fmt_bp(value)


def qty(row: dict, key: str = "qty") -> str:
    """A row's quantity in its unit (kilograms for weighed goods, held in grams)."""
    return st.fmt_qty(row[key], row["unit"], row["sold_by_weight"])


def day_vi(day: str | None) -> str:
    if not day:
        return "—"
    try:
        return dt.date.fromisoformat(day[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return day


def day_field(iso: str | None) -> str:
    """The value of a dd/mm/yyyy field: an ISO day shown the Vietnamese way, anything else (what
    the user typed) as it was."""
    value = day_vi(iso) if iso and len(iso) == 10 and iso[4] == "-" else (iso or "")
    return "" if value == "—" else value


def parse_day_vi(text, what: str = "") -> str:
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
    raise ReportError(_("{what} không hợp lệ: {text} — nhập theo dạng dd/mm/yyyy, ví dụ 21/11/2026")
                      .format(what=what or _("ngày"), text=repr(t)))


def percent_bp(text: str) -> int:
    """A percentage typed the Vietnamese way ('12,5', '-10 %') in basis points (1250, -1000)."""
    t = (text or "").strip().replace(",", ".").replace("%", "")
    try:
        whole, _dot, frac = t.lstrip("+-").partition(".")
        if not whole.isdigit() or (frac and not frac.isdigit()) or len(frac) > 2:
            raise ValueError
        bp = int(whole) * 100 + int((frac + "00")[:2])
    except ValueError:
        raise CatalogError(_("mức thay đổi không hợp lệ: {text}").format(text=repr(text)), "percent") from None
    return -bp if t.startswith("-") else bp


def when_vi(iso: str | None) -> str:
    """A UTC timestamp as Vietnam local time."""
    if not iso:
        return "—"
    from central.clock import VN_TZ
    try:
        return dt.datetime.fromisoformat(iso).astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return iso


def qs(**params) -> str:
    """A query string of the non-empty parameters (for links that keep the page's filters)."""
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


def short_vnd(v: int) -> str:
    """Chart axis labels: 1,2 tr / 850 N (triệu / nghìn; in English 1,2 M / 850 k, the decimal comma
    kept as in the amounts)."""
    a = abs(v)
    if a >= 1_000_000_000:
        s = f"{v / 1_000_000_000:.1f}".replace(".", ",") + " " + _("tỷ")
    elif a >= 1_000_000:
        s = f"{v / 1_000_000:.1f}".replace(".", ",") + " " + _("tr")
    elif a >= 1_000:
        s = f"{v // 1000} " + _("N")
    else:
        s = str(v)
    return s.replace(",0 ", " ")


def rates(row: dict) -> str:
    """A settlement row's commission: '15 %', or '15 % → 12,34 %' when the period spans a change."""
    return st.fmt_rates(row)


def options(items: list[dict], value: str, label: str) -> list[tuple[str, str]]:
    """(value, label) pairs of a select from rows: `producers|options("id", "name")`."""
    return [(x[value], x[label]) for x in items]


def barcodes_input(codes) -> str:
    """A product's barcodes as the form shows them: separated by spaces (as typed, after an error)."""
    return " ".join(codes) if isinstance(codes, list) else ("" if codes is None else str(codes))

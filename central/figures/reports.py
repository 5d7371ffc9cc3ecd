"""The central office's figures, computed from the business tables kiosk events wrote.

Same rules as the kiosk's own reports (pos/reports.py), so the two can be compared number for
number: days are the Vietnam business days the kiosk stamped on each sale (never the server's
clock or time zone); voided sales do not count; a refund counts on its own day and is subtracted;
line amounts are `sale_lines.net` (after line and order discounts, VAT included), integer đồng.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import sqlalchemy as sa

from central import models as m
from central.catalog.rules import N_
from central.clock import utc_now, vn_today
from central.einvoice import check_cache
from central.events import ingest
from central.figures import vouchers as voucher_figures

MAX_DAYS = 400          # a range longer than this is a typo, not a report
MAX_CODE = 100          # a location, device or producer code in a filter (ids are 36 characters)
CERT_WARN_DAYS = 60     # OCOP certificates expiring within this many days are flagged
STALE_HOURS = 2         # a kiosk not heard from for this long is shown as late


class ReportError(ValueError):
    """A report asked for with bad parameters (-> HTTP 422, CLI exit 2). Like CatalogError, the
    message is a template (`msgid`, marked N_) filled with `params`: str() is the Vietnamese text
    (API, command line), the office pages show it in the reader's language (error_text)."""

    def __init__(self, message: str, **params):
        super().__init__(message.format(**params) if params else message)
        self.msgid, self.params = message, params


def parse_day(value, what: str = N_("ngày")) -> dt.date:
    """`what` names the day in the message (a msgid: the office translates it)."""
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ReportError(N_("{what} phải có dạng YYYY-MM-DD: {value}"), what=what, value=repr(value)) from None


@dataclass(frozen=True)
class Filters:
    """Which sales a report covers: an inclusive range of business days, optionally narrowed."""
    start: str
    end: str
    location: str | None = None
    device: str | None = None
    producer: str | None = None

    @classmethod
    def make(cls, start, end=None, location=None, device=None, producer=None) -> "Filters":
        s = parse_day(start, N_("ngày bắt đầu"))
        e = parse_day(end if end not in (None, "") else start, N_("ngày kết thúc"))
        if e < s:
            raise ReportError(N_("khoảng ngày kết thúc ({end}) trước khi bắt đầu ({start})"), end=e.isoformat(),
                              start=s.isoformat())
        if (e - s).days >= MAX_DAYS:
            raise ReportError(N_("khoảng ngày quá dài (tối đa {n} ngày)"), n=MAX_DAYS)
        for what, code in ((N_("địa điểm"), location), (N_("máy"), device), (N_("chủ thể"), producer)):
            _check_code(code, what)
        return cls(s.isoformat(), e.isoformat(), location or None, device or None, producer or None)

    def days(self) -> list[str]:
        s, e = dt.date.fromisoformat(self.start), dt.date.fromisoformat(self.end)
        return [(s + dt.timedelta(days=i)).isoformat() for i in range((e - s).days + 1)]


def _check_code(code, what: str) -> None:
    """A filter code is matched as text in SQL: control characters (PostgreSQL refuses a NUL in
    text) and lengths no code has are refused here, as a 422, rather than failing in the database."""
    if code and (len(code) > MAX_CODE or any(ord(ch) < 32 or ord(ch) == 127 for ch in code)):
        raise ReportError(N_("mã {what} không hợp lệ (ký tự điều khiển hoặc dài quá {n} ký tự)"), what=what,
                          n=MAX_CODE)


def named_range(name: str, today: dt.date | None = None) -> tuple[str, str]:
    """'today' | 'yesterday' | '7d' | 'month' | 'last_month' -> (start, end) in Vietnam days."""
    t = today or vn_today()
    if name == "today":
        return t.isoformat(), t.isoformat()
    if name == "yesterday":
        y = t - dt.timedelta(days=1)
        return y.isoformat(), y.isoformat()
    if name == "7d":
        return (t - dt.timedelta(days=6)).isoformat(), t.isoformat()
    if name == "month":
        return t.replace(day=1).isoformat(), t.isoformat()
    if name == "last_month":
        last = t.replace(day=1) - dt.timedelta(days=1)
        return last.replace(day=1).isoformat(), last.isoformat()
    raise ReportError(N_("không rõ khoảng thời gian {name}"), name=repr(name))


def _i(v) -> int:
    """Sums come back as Decimal on PostgreSQL and None over no rows."""
    return int(v or 0)


s_, l_, p_ = m.sales, m.sale_lines, m.payments
_COMPLETED = s_.c.status == "completed"
_IS_SALE = s_.c.kind == "sale"
_IS_REFUND = s_.c.kind == "refund"
# a supplement (pos.supplements: a sale naming its sale) is counted apart (supplements_count), its money in gross
_IS_SUPPLEMENT = _IS_SALE & s_.c.original_sale_id.isnot(None)
_IS_NEW_SALE = _IS_SALE & s_.c.original_sale_id.is_(None)
# a supplement's price-raise line (pos.supplements: a sale's line naming a sold line) adds money, no units
_UNITS = sa.case((l_.c.original_line_id.is_(None), l_.c.qty), else_=0)


def _signed(col):
    return sa.case((_IS_REFUND, -col), else_=col)


def _sum_if(col, cond):
    return sa.func.coalesce(sa.func.sum(col).filter(cond), 0)


def _sale_where(f: Filters, table=s_):
    conds = [table.c.business_day.between(f.start, f.end)]
    if f.location:
        conds.append(table.c.location_code == f.location)
    if f.device:
        conds.append(table.c.device_code == f.device)
    return conds


def _line_cols():
    return [
        _sum_if(l_.c.qty, _IS_SALE & l_.c.original_line_id.is_(None)).label("qty_sold"),
        _sum_if(l_.c.qty, _IS_REFUND).label("qty_refunded"),
        _sum_if(l_.c.net, _IS_SALE).label("gross"),
        _sum_if(l_.c.net, _IS_REFUND).label("refunds"),
        sa.func.coalesce(sa.func.sum(_signed(l_.c.net)), 0).label("net"),
        sa.func.coalesce(sa.func.sum(_signed(l_.c.vat_amount)), 0).label("vat"),
    ]


def _lines_query(f: Filters, *cols, group=()):
    q = (sa.select(*cols, *_line_cols()).select_from(l_.join(s_, s_.c.id == l_.c.sale_id))
         .where(_COMPLETED, *_sale_where(f, l_)))
    if f.producer:
        q = q.where(l_.c.producer_id == f.producer)
    return q.group_by(*group) if group else q


_MONEY = ("qty_sold", "qty_refunded", "gross", "refunds", "net", "vat", "sales_count", "refunds_count",
          "supplements_count", "discounts", "payments_count", "taken", "refunded")


def _rows(conn, q) -> list[dict]:
    out = []
    for r in conn.execute(q):
        d = dict(r._mapping)
        for k in _MONEY:
            if k in d:
                d[k] = _i(d[k])
        out.append(d)
    return out


# -- sales ------------------------------------------------------------------------------------
def _receipt_cols():
    return [
        sa.func.count().filter(_IS_NEW_SALE).label("sales_count"),
        sa.func.count().filter(_IS_REFUND).label("refunds_count"),
        sa.func.count().filter(_IS_SUPPLEMENT).label("supplements_count"),
        _sum_if(s_.c.total, _IS_SALE).label("gross"),
        _sum_if(s_.c.total, _IS_REFUND).label("refunds"),
        sa.func.coalesce(sa.func.sum(_signed(s_.c.total)), 0).label("net"),
        sa.func.coalesce(sa.func.sum(_signed(s_.c.vat_total)), 0).label("vat"),
        _sum_if(s_.c.line_discount_total + s_.c.order_discount, _IS_SALE).label("discounts"),
    ]


def summary(conn, f: Filters) -> dict:
    """Receipts and money over the filter. With a producer filter the figures come from that
    producer's lines only (a receipt can hold several producers' goods)."""
    if f.producer:
        receipts = sa.func.count(sa.distinct(l_.c.sale_id))
        row = _rows(conn, _lines_query(f, receipts.filter(_IS_NEW_SALE).label("sales_count"),
                                       receipts.filter(_IS_REFUND).label("refunds_count"),
                                       receipts.filter(_IS_SUPPLEMENT).label("supplements_count")))[0]
        row["discounts"] = 0
    else:
        row = _rows(conn, sa.select(*_receipt_cols()).where(_COMPLETED, *_sale_where(f)))[0]
    row["avg_ticket"] = row["gross"] // row["sales_count"] if row["sales_count"] else 0
    return row


def by_day(conn, f: Filters) -> list[dict]:
    """The daily trend; days without trade are present with zeros so a chart has no holes."""
    if f.producer:
        got = {r["business_day"]: r for r in _rows(conn, _lines_query(f, l_.c.business_day,
                                                                      group=[l_.c.business_day]))}
    else:
        got = {r["business_day"]: r for r in _rows(conn, sa.select(s_.c.business_day, *_receipt_cols())
                                                   .where(_COMPLETED, *_sale_where(f))
                                                   .group_by(s_.c.business_day))}
    zero = {"gross": 0, "refunds": 0, "net": 0, "vat": 0}
    return [{**zero, **got.get(d, {}), "business_day": d} for d in f.days()]


def _tune(conn) -> None:
    """Month-long reports aggregate a million lines: on PostgreSQL let the aggregation hash in
    memory and run in parallel workers (the defaults pick an on-disk sort), for this
    transaction only."""
    if conn.dialect.name == "postgresql":
        for stmt in ("SET LOCAL work_mem = '64MB'", "SET LOCAL parallel_setup_cost = 0",
                     "SET LOCAL parallel_tuple_cost = 0", "SET LOCAL jit = off", "SET LOCAL random_page_cost = 1.1"):
            conn.exec_driver_sql(stmt)


def line_totals(conn, f: Filters, keys: list[str]) -> dict[tuple, dict]:
    """Line sums grouped by `keys` (sale_lines columns): qty_sold, qty_refunded, gross, refunds,
    net, vat, with the same meaning as _lines_query.

    Why two queries and not one join: almost every line belongs to a completed sale, so the sums
    of ALL lines in the period (no join at all) are corrected by the few lines of refunds and
    voided receipts (a join from the small set of such receipts). Over a month of a million lines
    this is several times faster than joining every line to its receipt."""
    cols = [l_.c[k] for k in keys]
    sums = [sa.func.sum(_UNITS), sa.func.sum(l_.c.net), sa.func.sum(l_.c.vat_amount)]
    q_all = sa.select(*cols, *sums).where(*_sale_where(f, l_))
    q_other = (sa.select(*cols, s_.c.kind, s_.c.status, *sums, sa.func.sum(l_.c.qty))
               .select_from(s_.join(l_, l_.c.sale_id == s_.c.id))
               .where(sa.or_(s_.c.kind != "sale", s_.c.status != "completed"), *_sale_where(f, s_)))
    if f.producer:
        q_all = q_all.where(l_.c.producer_id == f.producer)
        q_other = q_other.where(l_.c.producer_id == f.producer)
    _tune(conn)
    n = len(keys)
    out: dict[tuple, dict] = {}
    for r in conn.execute(q_all.group_by(*cols)).all():  # fetched at once: 14,000 rows for a settlement
        out[tuple(r[:n])] = {"qty_sold": _i(r[n]), "qty_refunded": 0, "gross": _i(r[n + 1]), "refunds": 0,
                             "net": 0, "vat": _i(r[n + 2])}
    for r in conn.execute(q_other.group_by(*cols, s_.c.kind, s_.c.status)):
        d = out.get(tuple(r[:n]))
        if d is None:
            continue
        kind, status, q, net, vat = r[n], r[n + 1], _i(r[n + 2]), _i(r[n + 3]), _i(r[n + 4])
        d["qty_sold"] -= q
        d["gross"] -= net
        d["vat"] -= vat
        if kind == "refund" and status == "completed":
            d["qty_refunded"] += _i(r[n + 5])  # a refund's lines all name their sold line: every unit counts
            d["refunds"] += net
            d["vat"] -= vat
    for d in out.values():
        d["net"] = d["gross"] - d["refunds"]
    # groups made only of voided receipts' lines do not exist for a report
    return {k: d for k, d in out.items() if d["qty_sold"] or d["qty_refunded"] or d["gross"]}


def product_info(conn, ids) -> dict[str, dict]:
    """sku / name / unit / sold_by_weight / producer_id per product id: the central catalog,
    else the kiosk's own local product, else what its sale lines say."""
    ids = set(ids)
    p = m.products
    out: dict[str, dict] = {}
    cols = [p.c.id, p.c.sku, p.c.name_vi, p.c.unit, p.c.sold_by_weight, p.c.producer_id]
    id_list = sorted(ids)
    for i in range(0, len(id_list), 1000):
        for r in conn.execute(sa.select(*cols).where(p.c.id.in_(id_list[i:i + 1000]))):
            out[r.id] = dict(r._mapping)
    missing = ids - set(out)
    if missing:
        for r in conn.execute(sa.select(m.local_products.c.product_id, m.local_products.c.product)
                              .where(m.local_products.c.product_id.in_(sorted(missing)))):
            try:
                d = json.loads(r.product)
            except ValueError:
                continue
            out[r.product_id] = {"id": r.product_id, **{k: d.get(k) for k in ("sku", "name_vi", "unit",
                                                                                "sold_by_weight", "producer_id")}}
        for pid in sorted(ids - set(out)):  # rare: neither catalog nor local; what the kiosk sold it as
            r = conn.execute(sa.select(l_.c.sku, l_.c.name_vi, l_.c.unit, l_.c.sold_by_weight, l_.c.producer_id)
                             .where(l_.c.product_id == pid).limit(1)).first()
            if r is not None:
                out[pid] = {"id": pid, **dict(r._mapping)}
    for d in out.values():
        d["sku"], d["name_vi"], d["unit"] = d.get("sku") or "", d.get("name_vi") or "", d.get("unit") or ""
        d["sold_by_weight"] = int(d.get("sold_by_weight") or 0)
    return out


CUBE_KEYS = ["producer_id", "product_id", "location_code", "device_code"]


def cube(conn, f: Filters) -> dict[tuple, dict]:
    """Line sums by producer, product, location and kiosk: one pass over the lines from which
    every breakdown below is rolled up (a dashboard page needs four of them)."""
    return line_totals(conn, f, CUBE_KEYS)


def _roll(c: dict[tuple, dict], *idx: int) -> dict[tuple, dict]:
    out: dict[tuple, dict] = {}
    for key, d in c.items():
        k = tuple(key[i] for i in idx)
        acc = out.setdefault(k, dict.fromkeys(d, 0))
        for name, v in d.items():
            acc[name] += v
    return out


def by_location(conn, f: Filters, c: dict | None = None) -> list[dict]:
    names = dict(conn.execute(sa.select(m.locations.c.code, m.locations.c.name)).all())
    rows = []
    for (loc,), d in _roll(c if c is not None else cube(conn, f), 2).items():
        del d["qty_sold"], d["qty_refunded"]
        rows.append({"location_code": loc, "location_name": names.get(loc, loc), **d})
    return sorted(rows, key=lambda r: (-r["net"], r["location_code"]))


def by_device(conn, f: Filters, c: dict | None = None) -> list[dict]:
    rows = []
    for (dev, loc), d in _roll(c if c is not None else cube(conn, f), 3, 2).items():
        del d["qty_sold"], d["qty_refunded"]
        rows.append({"device_code": dev, "location_code": loc, **d})
    return sorted(rows, key=lambda r: (-r["net"], r["device_code"], r["location_code"]))


def by_product(conn, f: Filters, limit: int | None = None, c: dict | None = None) -> list[dict]:
    totals = _roll(c if c is not None else cube(conn, f), 1)
    info = product_info(conn, [k[0] for k in totals])
    rows = []
    for (pid,), d in totals.items():
        i = info.get(pid, {})
        rows.append({"product_id": pid, "sku": i.get("sku", ""), "name_vi": i.get("name_vi", ""),
                     "unit": i.get("unit", ""), "sold_by_weight": i.get("sold_by_weight", 0),
                     "producer_id": i.get("producer_id", ""), **d})
    rows.sort(key=lambda r: (-r["net"], r["sku"]))
    return rows[:limit] if limit else rows


def producer_names(conn) -> dict[str, dict]:
    return {r.id: dict(r._mapping) for r in conn.execute(
        sa.select(m.producers.c.id, m.producers.c.code, m.producers.c.name, m.producers.c.kind,
                  m.producers.c.tax_code, m.producers.c.commission_bp, m.producers.c.address,
                  m.producers.c.phone, m.producers.c.province))}


def by_producer(conn, f: Filters, c: dict | None = None) -> list[dict]:
    prods = producer_names(conn)
    out: dict[str, dict] = {}
    for (producer, _pid), d in _roll(c if c is not None else cube(conn, f), 0, 1).items():
        p = prods.get(producer, {})
        row = out.setdefault(producer, {"producer_id": producer, "producer_code": p.get("code", ""),
                                        "producer_name": p.get("name", producer), "products": 0,
                                        "gross": 0, "refunds": 0, "net": 0, "vat": 0})
        row["products"] += 1
        for k in ("gross", "refunds", "net", "vat"):
            row[k] += d[k]
    return sorted(out.values(), key=lambda r: (-r["net"], r["producer_name"]))


def by_payment(conn, f: Filters) -> list[dict]:
    q = (sa.select(p_.c.method, sa.func.count().filter(_IS_SALE).label("payments_count"),
                   _sum_if(p_.c.amount, _IS_SALE).label("taken"), _sum_if(p_.c.amount, _IS_REFUND).label("refunded"),
                   sa.func.coalesce(sa.func.sum(_signed(p_.c.amount)), 0).label("net"))
         .select_from(p_.join(s_, s_.c.id == p_.c.sale_id))
         .where(_COMPLETED, *_sale_where(f, p_)).group_by(p_.c.method))
    return sorted(_rows(conn, q), key=lambda r: (-r["net"], r["method"]))


def by_vat_rate(conn, f: Filters) -> list[dict]:
    """VAT per rate and Vietnam day, as the sale lines carried it (a rate that changed on a date
    shows as two rates across the days; refunds subtract): the accountant's VAT return figures.
    `net` includes VAT; `pre_vat` = net - vat."""
    q = _lines_query(f, l_.c.business_day, l_.c.vat_rate, group=(l_.c.business_day, l_.c.vat_rate))
    rows = [{"business_day": r["business_day"], "vat_rate": int(r["vat_rate"]), "net": r["net"], "vat": r["vat"],
             "pre_vat": r["net"] - r["vat"]} for r in _rows(conn, q)]
    return sorted(rows, key=lambda r: (r["business_day"], r["vat_rate"]))


def vat_rate_totals(rows: list[dict]) -> list[dict]:
    """by_vat_rate summed per rate over the period, with the first and last day each rate was sold
    at (a rate changed mid-period shows as two rows whose days meet)."""
    out: dict[int, dict] = {}
    for r in rows:
        t = out.setdefault(r["vat_rate"], {"vat_rate": r["vat_rate"], "net": 0, "pre_vat": 0, "vat": 0,
                                           "first_day": r["business_day"], "last_day": r["business_day"]})
        for k in ("net", "pre_vat", "vat"):
            t[k] += r[k]
        t["first_day"], t["last_day"] = min(t["first_day"], r["business_day"]), max(t["last_day"], r["business_day"])
    return [out[k] for k in sorted(out)]


def sale_lines(conn, f: Filters, limit: int | None = None) -> list[dict]:
    """Every counted line in the period: refunds carry negative amounts."""
    return list(iter_sale_lines(conn, f, limit))


def iter_sale_lines(conn, f: Filters, limit: int | None = None, stream: int = 0):
    """sale_lines one at a time, of `kind` sale, refund or supplement; with `stream` (rows per fetch)
    through a server-side cursor: a national day's 10 million lines (the nightly file) never sit in memory."""
    kind = sa.case((_IS_SUPPLEMENT, "supplement"), else_=s_.c.kind).label("kind")
    q = (sa.select(l_.c.business_day, l_.c.location_code, l_.c.device_code, s_.c.receipt_no, kind,
                   s_.c.created_at, l_.c.line_no, l_.c.sku, l_.c.name_vi, l_.c.unit, l_.c.sold_by_weight,
                   l_.c.producer_id, l_.c.qty, l_.c.unit_price, l_.c.gross, l_.c.line_discount,
                   l_.c.order_discount_share, l_.c.net, l_.c.vat_rate, l_.c.vat_amount)
         .select_from(l_.join(s_, s_.c.id == l_.c.sale_id))
         .where(_COMPLETED, *_sale_where(f, l_))
         .order_by(l_.c.business_day, l_.c.device_code, s_.c.receipt_no, l_.c.line_no))
    if f.producer:
        q = q.where(l_.c.producer_id == f.producer)
    if limit:
        q = q.limit(limit)
    if stream:
        q = q.execution_options(yield_per=stream)
    prods = producer_names(conn)
    for r in conn.execute(q):
        d = dict(r._mapping)
        sign = -1 if d["kind"] == "refund" else 1
        for k in ("qty", "gross", "line_discount", "order_discount_share", "net", "vat_amount"):
            d[k] = sign * int(d[k])
        d["producer_name"] = prods.get(d["producer_id"], {}).get("name", "")
        yield d


# -- stock ------------------------------------------------------------------------------------
def _cert_state(expires: str | None, today: dt.date, warn_days: int) -> str:
    if not expires:
        return ""
    try:
        day = dt.date.fromisoformat(expires)
    except ValueError:
        return ""
    if day < today:
        return "expired"
    if day <= today + dt.timedelta(days=warn_days):
        return "expiring"
    return ""


def stock_on_hand(conn, location: str | None = None, today: dt.date | None = None,
                  warn_days: int = CERT_WARN_DAYS) -> list[dict]:
    """On hand per location and product, summed from the append-only move ledger, with warnings:
    'out' (nothing left), 'low' (at or below the product's threshold), and the OCOP certificate
    'expired' / 'expiring' (within `warn_days`)."""
    today = today or vn_today()
    sm, p = m.stock_moves, m.products
    q = (sa.select(sm.c.location_code, sm.c.product_id, sa.func.sum(sm.c.qty).label("qty"))
         .group_by(sm.c.location_code, sm.c.product_id))
    if location:
        q = q.where(sm.c.location_code == location)
    catalog = {r.id: r for r in conn.execute(sa.select(
        p.c.id, p.c.sku, p.c.name_vi, p.c.unit, p.c.sold_by_weight, p.c.low_stock, p.c.ocop_stars,
        p.c.ocop_cert_no, p.c.ocop_cert_expires, p.c.producer_id))}
    local = {}
    for r in conn.execute(sa.select(m.local_products.c.product_id, m.local_products.c.product)):
        try:
            local[r.product_id] = json.loads(r.product)
        except ValueError:
            pass
    names = dict(conn.execute(sa.select(m.locations.c.code, m.locations.c.name)).all())
    out = []
    for r in conn.execute(q):
        c = catalog.get(r.product_id)
        info = c._mapping if c is not None else local.get(r.product_id, {})
        qty = _i(r.qty)
        low = int(info.get("low_stock") or 0)
        warnings = []
        if qty <= 0:
            warnings.append("out")
        elif low and qty <= low:
            warnings.append("low")
        cert = _cert_state(info.get("ocop_cert_expires"), today, warn_days)
        if cert:
            warnings.append("cert_" + cert)
        out.append({"location_code": r.location_code, "location_name": names.get(r.location_code, r.location_code),
                    "product_id": r.product_id, "sku": info.get("sku", ""), "name_vi": info.get("name_vi", ""),
                    "unit": info.get("unit", ""), "sold_by_weight": int(info.get("sold_by_weight") or 0),
                    "qty": qty, "low_stock": low, "ocop_stars": info.get("ocop_stars"),
                    "ocop_cert_expires": info.get("ocop_cert_expires"), "warnings": warnings})
    return sorted(out, key=lambda r: (r["location_code"], not r["warnings"], r["sku"]))


def cert_warnings(conn, today: dt.date | None = None, warn_days: int = CERT_WARN_DAYS) -> list[dict]:
    """Active products whose OCOP certificate has run out or runs out soon."""
    today = today or vn_today()
    p = m.products
    limit = (today + dt.timedelta(days=warn_days)).isoformat()
    rows = conn.execute(sa.select(p.c.id, p.c.sku, p.c.name_vi, p.c.ocop_stars, p.c.ocop_cert_no,
                                  p.c.ocop_cert_expires, p.c.producer_id)
                        .where(p.c.active == 1, p.c.ocop_cert_expires.is_not(None), p.c.ocop_cert_expires != "",
                               p.c.ocop_cert_expires <= limit)
                        .order_by(p.c.ocop_cert_expires))
    return [{**dict(r._mapping), "state": _cert_state(r.ocop_cert_expires, today, warn_days)} for r in rows]


# -- sync health ------------------------------------------------------------------------------
def sync_health(conn, now: dt.datetime | None = None) -> list[dict]:
    """Per kiosk: when it was last heard from, events the server is missing (gaps in its seq),
    and the latest nightly reconciliation (with events the kiosk has that the server lacked)."""
    now = now or utc_now()
    d, r = m.devices, m.reconciliations
    latest_at = (sa.select(r.c.device_code, sa.func.max(r.c.at).label("at")).group_by(r.c.device_code).subquery())
    recs: dict[str, list] = {}
    for row in conn.execute(sa.select(r).join(latest_at, sa.and_(latest_at.c.device_code == r.c.device_code,
                                                                 latest_at.c.at == r.c.at))):
        recs.setdefault(row.device_code, []).append(row)
    names = dict(conn.execute(sa.select(m.locations.c.code, m.locations.c.name)).all())
    flags = flag_counts(conn)
    voucher_doubles = voucher_figures.double_use_counts(conn)
    invoice_findings = einvoice_findings(conn, now)
    out = []
    for dev in conn.execute(sa.select(d).order_by(d.c.code)):
        prog = ingest.progress(conn, dev.code)
        gap = sum(b - a + 1 for a, b in prog.missing)
        rows = recs.get(dev.code, [])
        unsynced, mismatch_days = 0, []
        for rec in rows:
            k, s = json.loads(rec.kiosk or "{}"), json.loads(rec.server or "{}")
            unsynced += max(0, int(k.get("events", 0)) - int(s.get("events", 0)))
            if rec.status != "match":
                mismatch_days.append(rec.business_day)
        last_seen = dev.last_seen_at
        age_h = None
        if last_seen:
            age_h = (now - dt.datetime.fromisoformat(last_seen)).total_seconds() / 3600
        if dev.revoked_at:
            state = "revoked"
        elif not dev.enrolled_at:
            state = "not_enrolled"
        elif mismatch_days:
            state = "mismatch"
        elif gap:
            state = "gap"
        elif flags.get(dev.code):
            state = "flagged"
        elif invoice_findings.get(dev.code):
            state = "einvoice"
        elif age_h is None or age_h > STALE_HOURS:
            state = "stale"
        else:
            state = "ok"
        out.append({
            "device_code": dev.code, "name": dev.name, "location_code": dev.location_code,
            "location_name": names.get(dev.location_code, dev.location_code), "kind": dev.kind,
            "last_seen_at": last_seen, "hours_since_seen": None if age_h is None else round(age_h, 1),
            "ack": prog.ack, "max_seq": prog.max_seq, "missing": prog.missing, "missing_events": gap,
            "reconciled_at": rows[0].at if rows else None, "reconciled_days": len(rows),
            "unsynced_at_reconcile": unsynced, "mismatch_days": sorted(mismatch_days),
            "flagged_sales": flags.get(dev.code, {}).get("arithmetic", 0),
            "refused_events": flags.get(dev.code, {}).get("conflict", 0),
            "einvoice_findings": invoice_findings.get(dev.code, 0),
            "voucher_double_uses": voucher_doubles.get(dev.code, 0),  # flagged too (kind voucher_reuse)
            "state": state,
        })
    return out


def einvoice_findings(conn, now: dt.datetime, days: int = 7) -> dict[str, int]:
    """device -> findings of the e-invoice check (central/einvoice/check.py) over the last `days`
    Vietnam days: sales without their invoice, invoices without their sale, totals that differ."""
    today = vn_today(now)
    out: dict[str, int] = {}
    per_day = check_cache.findings(conn, [(today - dt.timedelta(days=i)).isoformat() for i in range(days)])
    for counts in per_day.values():  # remembered until a kiosk's new events can change them
        for device, n in counts.items():
            out[device] = out.get(device, 0) + n
    return out


def flag_counts(conn) -> dict[str, dict[str, int]]:
    """device -> {flag kind: events}: sales whose figures disagree with their lines, events refused."""
    f = m.event_flags
    out: dict[str, dict[str, int]] = {}
    for dev, kind, n in conn.execute(sa.select(f.c.device_code, f.c.kind, sa.func.count())
                                     .group_by(f.c.device_code, f.c.kind)):
        out.setdefault(dev, {})[kind] = n
    return out


def flagged_events(conn, f: "Filters | None" = None, limit: int = 1000) -> list[dict]:
    """The flagged events (newest day first), optionally of a period/location/device."""
    t = m.event_flags
    stmt = sa.select(t).order_by(t.c.business_day.desc(), t.c.device_code, t.c.seq).limit(limit)
    if f is not None:
        stmt = stmt.where(t.c.business_day >= f.start, t.c.business_day <= f.end)
        if f.location:
            stmt = stmt.where(t.c.location_code == f.location)
        if f.device:
            stmt = stmt.where(t.c.device_code == f.device)
    return [dict(r._mapping) for r in conn.execute(stmt)]


def locations(conn) -> list[dict]:
    return [dict(r._mapping) for r in conn.execute(sa.select(m.locations).order_by(m.locations.c.code))]


def devices(conn) -> list[dict]:
    return [dict(r._mapping) for r in conn.execute(
        sa.select(m.devices.c.code, m.devices.c.name, m.devices.c.location_code).order_by(m.devices.c.code))]

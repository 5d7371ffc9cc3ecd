"""Replenishment: for each location and product, how fast it sells, how many days the stock on hand
lasts, and what to ask its producer to bring (issue 15 item 4). The office sends each producer its
weekly list (CSV/XLSX, central/office/pages/replenish.py); the producer portal reads the same rows
through `suggestions()`.

The rule, stated once (docs/replenishment.md says it for people):
- Sales: net units sold (sales minus refunds, each on its own Vietnam business day; voided receipts
  do not count), grams for goods sold by weight, from `sale_lines`, over the `weeks` whole weeks
  (7 Vietnam days each) that end the day before `today` (today is not over yet).
- Sell rate per day: the weeks weighted linearly, the most recent heaviest: with 4 weeks, the last
  week counts 4, the one before 3, then 2, then 1; rate = sum(weight x net units of the week) /
  (sum of weights x 7). A week of refunds beyond sales counts as a negative week; a negative rate
  is taken as 0.
- On hand: the centre's stock ledger (`stock_moves`, the same sum as the stock page,
  reports.stock_on_hand). A negative on hand (sales synced before their delivery) counts as 0.
- Days of cover: on hand / rate (none when nothing sells).
- Target: the stock that covers `cover_days` days at the rate, rounded up to a whole unit.
- Suggested order: target - on hand when positive, rounded UP to the producer's pack size when the
  office recorded one (`product_logistics.pack_size`), else as is; never negative.

The heavy work is one grouped SQL statement (sales per week and on hand per location and product,
then the rate, cover and order computed in SQL): 50 locations x 15,000 products is 750,000 rows,
which Python-side loops would take longer to build than the database to compute (bench_replenish.py).
Only active products of a producer the centre knows are listed.
"""
from __future__ import annotations

import datetime as dt
import gc
import io
from operator import itemgetter
from urllib.parse import quote

import sqlalchemy as sa

from central import models as m
from central.catalog.rules import N_
from central.clock import vn_today
from central.figures import cells
from central.figures.reports import ReportError, _check_code

DEFAULT_WEEKS = 4
DEFAULT_COVER_DAYS = 14   # a weekly delivery plus one week of safety
MAX_WEEKS = 12
MAX_COVER_DAYS = 120


def window(today: dt.date, weeks: int) -> list[tuple[str, str]]:
    """The weeks as (first day, last day), most recent first, the last one ending yesterday."""
    end = today - dt.timedelta(days=1)
    out = []
    for i in range(weeks):
        last = end - dt.timedelta(days=7 * i)
        out.append(((last - dt.timedelta(days=6)).isoformat(), last.isoformat()))
    return out


def weights(weeks: int) -> list[int]:
    """Most recent week first: weeks, weeks-1, ... 1."""
    return list(range(weeks, 0, -1))


def check_params(weeks, cover_days) -> tuple[int, int]:
    """Whole numbers in range, or a ReportError the office shows in the reader's language."""
    try:
        w, c = int(weeks), int(cover_days)
    except (TypeError, ValueError):
        raise ReportError(N_("số tuần và số ngày đủ hàng phải là số nguyên")) from None
    if not 1 <= w <= MAX_WEEKS:
        raise ReportError(N_("số tuần tính tốc độ bán phải từ 1 đến {n}"), n=MAX_WEEKS)
    if not 1 <= c <= MAX_COVER_DAYS:
        raise ReportError(N_("số ngày đủ hàng phải từ 1 đến {n}"), n=MAX_COVER_DAYS)
    return w, c


def _grouped(weeks: list[tuple[str, str]], producer_id, location):
    """Net units per week and on hand per (location, product): one UNION ALL, grouped once."""
    l_, s_, sm, p = m.sale_lines, m.sales, m.stock_moves, m.products
    signed = sa.case((s_.c.kind == "refund", -l_.c.qty), (l_.c.original_line_id.isnot(None), 0),  # a raised price
                     else_=l_.c.qty)  # (pos.supplements) sold no units

    def zero(name):  # an inline constant: a bind parameter in a UNION's select list has no type on PostgreSQL
        return sa.literal_column("0", sa.BigInteger).label(name)
    sold = (sa.select(l_.c.location_code.label("loc"), l_.c.product_id.label("pid"),
                      *[sa.case((l_.c.business_day.between(a, b), signed), else_=sa.literal_column("0"))
                        .label(f"w{i}") for i, (a, b) in enumerate(weeks)], zero("on_hand"))
            .select_from(l_.join(s_, s_.c.id == l_.c.sale_id))
            .where(s_.c.status == "completed", l_.c.business_day.between(weeks[-1][0], weeks[0][1])))
    held = sa.select(sm.c.location_code, sm.c.product_id, *[zero(f"w{i}") for i in range(len(weeks))], sm.c.qty)
    if location:
        sold, held = sold.where(l_.c.location_code == location), held.where(sm.c.location_code == location)
    if producer_id:
        mine = sa.select(p.c.id).where(p.c.producer_id == producer_id)
        sold, held = sold.where(l_.c.product_id.in_(mine)), held.where(sm.c.product_id.in_(mine))
    u = sa.union_all(sold, held).subquery("u")
    def total(col):  # PostgreSQL sums bigints as numeric: back to bigint, so "/" below divides whole numbers
        return sa.cast(sa.func.sum(col), sa.BigInteger)
    sums = [total(u.c[f"w{i}"]).label(f"w{i}") for i in range(len(weeks))]
    return (sa.select(u.c.loc, u.c.pid, *sums, total(u.c.on_hand).label("on_hand"))
            .group_by(u.c.loc, u.c.pid).subquery("g"))


def query(weeks: list[tuple[str, str]], cover_days: int, producer_id=None, location=None, only_orders=False):
    """The whole computation as one SELECT (see the module's docstring for the rule): ids and
    numbers only, unordered. Names, the active flag and the order are applied in Python from small
    tables (15,000 products): 750,000 rows carrying names cost more to move, and sorting them by
    text in the database (its collation) took longer than the aggregate itself."""
    g = _grouped(weeks, producer_id, location)
    lg = m.product_logistics
    w = weights(len(weeks))
    denom = sum(w) * 7  # rate = weighted / denom units a day
    raw = g.c.w0 * w[0]
    for i, k in enumerate(w[1:], start=1):
        raw = raw + g.c[f"w{i}"] * k
    weighted = sa.case((raw > 0, raw), else_=0)
    held = sa.case((g.c.on_hand > 0, g.c.on_hand), else_=0)
    target = (weighted * cover_days + (denom - 1)) // denom  # integer division: ceil for >= 0
    need = sa.case((target > held, target - held), else_=0)
    pack = sa.case((lg.c.pack_size > 0, lg.c.pack_size), else_=1)
    order = (need + pack - 1) // pack * pack
    cover = sa.case((weighted > 0, sa.cast(held, sa.Float) * denom / weighted), else_=None)
    q = (sa.select(g.c.loc, g.c.pid, *[g.c[f"w{i}"] for i in range(len(weeks))], g.c.on_hand, weighted, cover,
                   target, lg.c.pack_size, order)
         .select_from(g.outerjoin(lg, lg.c.product_id == g.c.pid))
         .where(sa.or_(raw != 0, g.c.on_hand != 0)))
    return q.where(need > 0) if only_orders else q


def _names(conn) -> tuple[dict, dict, dict]:
    """Active products {id: (sku, name, unit, by weight, producer, SKU rank)}, producers {id: (code,
    name, rank)}, locations {code: (name, rank)}: ranks in code order, so the rows sort by numbers."""
    p, pr, loc = m.products, m.producers, m.locations
    products = {r[0]: (*r[1:], i) for i, r in enumerate(conn.execute(
        sa.select(p.c.id, p.c.sku, p.c.name_vi, p.c.unit, p.c.sold_by_weight, p.c.producer_id)
        .where(p.c.active == 1)).all())}
    producers = {r[0]: (*r[1:], i) for i, r in enumerate(conn.execute(sa.select(pr.c.id, pr.c.code, pr.c.name)))}
    places = {r[0]: (r[1], i) for i, r in enumerate(conn.execute(sa.select(loc.c.code, loc.c.name)))}
    return _ranked(products, 0), _ranked(producers, 0), _ranked(places, None)


def _ranked(rows: dict, field: int | None) -> dict:
    """The rows with their last item replaced by their rank in the order of `field` (None: the key)."""
    order = sorted(rows, key=lambda k: (k if field is None else rows[k][field]) or "")
    return {k: (*rows[k][:-1], i) for i, k in enumerate(order)}


def _fetch(conn, q) -> list:
    """The rows of `q`; on PostgreSQL with room for the 750,000-group aggregate in memory (the
    default 4 MB spills it to disk, 3x slower), without JIT (its compiling took 2 s) and with
    parallel workers allowed at no planning penalty (the planner's default costs kept one process
    on a 2.7-million-row scan). The settings are made inside a savepoint rolled back afterwards,
    so the caller's transaction keeps its own."""
    bind = conn.get_bind() if hasattr(conn, "get_bind") else conn
    if bind.dialect.name != "postgresql":
        return conn.execute(q).all()
    sp = conn.begin_nested()
    try:
        for setting in ("work_mem = '256MB'", "jit = off", "parallel_setup_cost = 0", "parallel_tuple_cost = 0"):
            conn.execute(sa.text("SET LOCAL " + setting))
        return conn.execute(q).all()
    finally:
        sp.rollback()


def suggestions(conn, producer_id: str | None = None, location: str | None = None, today: dt.date | None = None,
                weeks: int = DEFAULT_WEEKS, cover_days: int = DEFAULT_COVER_DAYS, only_orders: bool = False
                ) -> list[dict]:
    """Plain rows, one per (location, product) that sold in the window or has stock, ordered by
    producer code, location, SKU: location_code, location_name, product_id, sku, name_vi, unit,
    sold_by_weight, producer_id, producer_code, producer_name, weeks (net units, most recent first),
    rate_per_day (units a day, 2 decimals), on_hand, days_cover (1 decimal, or None), target,
    pack_size (or None), suggested. `conn` is a SQLAlchemy Connection or Session. `only_orders`
    keeps the rows with something to order."""
    weeks, cover_days = check_params(weeks, cover_days)
    _check_code(producer_id, N_("chủ thể"))
    _check_code(location, N_("địa điểm"))
    span = window(today or vn_today(), weeks)
    # 750,000 rows and dicts trigger full collections that walk every earlier one (3x the time); the
    # collector is process-wide: whoever found it on turns it back on, so it always ends as it was
    paused = gc.isenabled()
    gc.disable()
    try:
        products, producers, places = _names(conn)
        rows = _fetch(conn, query(span, cover_days, producer_id or None, location or None, only_orders))
        return _rows(rows, weeks, products, producers, places)
    finally:
        if paused:
            gc.enable()


def _rows(rows, weeks: int, products: dict, producers: dict, places: dict) -> list[dict]:
    """The plain rows from the query's tuples, in producer code, location, SKU order."""
    denom = sum(weights(weeks)) * 7
    keyed, n_loc, n_sku, stray = [], len(places) + 1, len(products) + 1, False
    for loc, pid, *nums in rows:  # the sums are cast to bigint: ints on both databases
        info = products.get(pid)
        if info is None:
            continue  # not active, or a kiosk's own product the centre does not know
        sku, name, unit, by_weight, prod, sku_rank = info
        code, pname, prod_rank = producers.get(prod, ("", "", -1))
        place, loc_rank = places.get(loc) or (loc, len(places))
        stray = stray or loc_rank == len(places)
        on_hand, weighted, cover, target, pack, suggested = nums[weeks:]
        keyed.append(((prod_rank * n_loc + loc_rank) * n_sku + sku_rank, {
            "location_code": loc, "location_name": place or loc, "product_id": pid, "sku": sku,
            "name_vi": name, "unit": unit, "sold_by_weight": by_weight or 0, "producer_id": prod,
            "producer_code": code, "producer_name": pname, "weeks": nums[:weeks],
            "rate_per_day": round(weighted / denom, 2), "on_hand": on_hand,
            "days_cover": None if cover is None else round(cover, 1), "target": target, "pack_size": pack,
            "suggested": suggested}))
    keyed.sort(key=itemgetter(0))  # producer code, location, SKU, as whole numbers
    out = [d for _k, d in keyed]
    if stray:  # a location the centre has no row for: ranked last, so order those by text
        out.sort(key=itemgetter("producer_code", "location_code", "sku"))
    return out


def describe(today: dt.date, weeks: int = DEFAULT_WEEKS, cover_days: int = DEFAULT_COVER_DAYS) -> dict:
    """What a list says about how it was made: the weeks (most recent first), their weights and the
    cover target, for the page, the files and the portal."""
    span, w = window(today, weeks), weights(weeks)
    return {"weeks": span, "weights": w, "cover_days": cover_days, "today": today.isoformat(),
            "spans": [{"start": a, "end": b, "weight": k} for (a, b), k in zip(span, w)]}


def by_producer(rows: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in rows:
        out.setdefault(r["producer_id"], []).append(r)
    return out


# -- the files (Vietnamese, like the statements the producers get) -----------------------------------
def _header(meta: dict) -> list[str]:
    return ["Mã điểm bán", "Điểm bán", "Nhà sản xuất", "Mã hàng", "Tên hàng", "Đơn vị",
            *[f"Bán tuần {a[8:10]}/{a[5:7]}–{b[8:10]}/{b[5:7]}" for a, b in meta["weeks"]],
            "Bán/ngày", "Tồn", "Đủ bán (ngày)", f"Cần cho {meta['cover_days']} ngày", "Quy cách đóng gói",
            "Đề nghị giao"]


def _line(r: dict) -> list:
    unit = "g" if r["sold_by_weight"] else r["unit"]
    return [r["location_code"], r["location_name"], r["producer_name"], r["sku"], r["name_vi"], unit, *r["weeks"],
            r["rate_per_day"], r["on_hand"], "" if r["days_cover"] is None else r["days_cover"], r["target"],
            r["pack_size"] or "", r["suggested"]]


def _intro(meta: dict, producer: str) -> list[list]:
    w = ", ".join(f"{a}…{b} ×{k}" for (a, b), k in zip(meta["weeks"], meta["weights"]))
    return [[f"Đề nghị giao hàng — {producer}" if producer else "Đề nghị giao hàng"],
            [f"Lập ngày {meta['today']}. Tốc độ bán: trung bình có trọng số các tuần {w} (tuần gần nhất nặng nhất)."],
            [f"Đề nghị = lượng đủ bán {meta['cover_days']} ngày trừ tồn, làm tròn lên theo quy cách đóng gói."]]


def to_csv(rows: list[dict], meta: dict, producer: str = "") -> bytes:
    return cells.csv_bytes([*_intro(meta, producer), [], _header(meta), *(_line(r) for r in rows)])


def to_xlsx(rows: list[dict], meta: dict, producer: str = "") -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "De nghi giao hang"
    for row in [*_intro(meta, producer), [], _header(meta)]:
        cells.append(ws, row)
    for r in rows:
        cells.append(ws, _line(r))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


XLSX_MEDIA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_file(rows: list[dict], meta: dict, producer: str, code: str, kind: str) -> tuple[bytes, str, str]:
    """The weekly list as a file -> (content, file name, media type), `kind` "csv" or "xlsx". One
    place for the office's list (/office/replenish.csv) and the producer's own (/portal/orders.csv):
    the same file, named de-nghi-giao-hang_<producer code, or tat-ca>_<day>."""
    name = quote(f"de-nghi-giao-hang_{code}_{meta['today']}.{kind}", safe="._-")
    if kind == "csv":
        return to_csv(rows, meta, producer), name, "text/csv; charset=utf-8"
    return to_xlsx(rows, meta, producer), name, XLSX_MEDIA

"""The dashboard's HTML pages (Vietnamese), rendered on the server from the same functions as the
JSON API (reports, settlement, catalog_admin)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile, status
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from pos.money import fmt_vnd

from central.catalog import commission as cm
from central.catalog import edit as ca
from central.catalog import rates as rh
from central.clock import vn_today
from central.figures import reports as rp
from central.figures import settlement as st
from central.office import auth
from central.office.auth import OfficeUser
from central.office.html import (METHOD_VI, bar_chart, column_chart, csrf_field, date_input, day_vi, e, notice, num,
                                 page, parse_day_vi, qs, select, table, vnd, when_vi)
from central.office.problems import problems_banner
from central.office.problems import scan as _problems

router = APIRouter(prefix="/office", include_in_schema=False)
STATIC = Path(__file__).with_name("static")
User = Annotated[OfficeUser, Depends(auth.page_user)]
Editor = Annotated[OfficeUser, Depends(auth.page_editor)]
PRESETS = [("today", "Hôm nay"), ("yesterday", "Hôm qua"), ("7d", "7 ngày"), ("month", "Tháng này"),
           ("last_month", "Tháng trước")]
WARN_VI = {"out": ("Hết hàng", "bad"), "low": ("Sắp hết", "warn"), "cert_expired": ("Chứng nhận OCOP hết hạn", "bad"),
           "cert_expiring": ("Chứng nhận OCOP sắp hết hạn", "warn")}
STATE_VI = {"ok": ("Bình thường", "ok"), "stale": ("Lâu chưa đồng bộ", "warn"), "gap": ("Thiếu sự kiện", "bad"),
            "mismatch": ("Lệch số liệu", "bad"), "not_enrolled": ("Chưa kích hoạt", "mute"),
            "revoked": ("Đã thu hồi", "mute")}


def _html(body: str, code: int = 200) -> HTMLResponse:
    return HTMLResponse(body, status_code=code, headers={"Cache-Control": "no-store"})


def _engine(request: Request):
    return request.app.state.engine


def _stars(n) -> str:
    return "★" * int(n) if n else "—"


def filters_from(request: Request, default: str = "today") -> tuple[rp.Filters, str, str]:
    """(filters, preset name or '', error text) from the query string; days may be dd/mm/yyyy (as
    typed in the form) or ISO (links); bad input falls back to today with the reason shown."""
    q = request.query_params
    preset = q.get("range", "")
    try:
        if q.get("start"):
            preset = ""
            start = parse_day_vi(q.get("start"), "Từ ngày")
            end = parse_day_vi(q.get("end"), "Đến ngày") if q.get("end") else start
            f = rp.Filters.make(start, end, q.get("location"), q.get("device"), q.get("producer"))
        else:
            preset = preset or default
            start, end = rp.named_range(preset)
            f = rp.Filters.make(start, end, q.get("location"), q.get("device"), q.get("producer"))
        return f, preset, ""
    except rp.ReportError as exc:
        start, end = rp.named_range(default)
        return rp.Filters.make(start, end), default, str(exc)


def _filter_form(action: str, f: rp.Filters, preset: str, conn, with_device=True, with_producer=True) -> str:
    keep = {"location": f.location, "device": f.device, "producer": f.producer}
    links = "".join(f'<a class="{"on" if preset == k else ""}" href="{action}?{qs(range=k, **keep)}">{label}</a>'
                    for k, label in PRESETS)
    locs = select("location", [(x["code"], x["name"] or x["code"]) for x in rp.locations(conn)], f.location)
    fields = f'<label>Điểm bán{locs}</label>'
    if with_device:
        fields += f'<label>Máy bán{select("device", [(x["code"], x["code"] + " · " + x["name"]) for x in rp.devices(conn)], f.device)}</label>'
    if with_producer:
        prods = [(p["id"], p["name"]) for p in ca.list_producers(conn)]
        fields += f'<label>Nhà sản xuất{select("producer", prods, f.producer)}</label>'
    return (f'<form class="filters" method="get" action="{action}"><div class="presets">{links}</div>'
            f'<label>Từ ngày{date_input("start", f.start)}</label>'
            f'<label>Đến ngày{date_input("end", f.end)}</label>{fields}'
            f'<button type="submit">Xem</button></form>')


def _iso_redirect(request: Request) -> RedirectResponse | None:
    """Days typed dd/mm/yyyy in a GET form come back as the same page with ISO days in the URL,
    so links, bookmarks and downloads always carry ISO dates."""
    q = dict(request.query_params)
    changed = False
    for k in ("start", "end"):
        v = q.get(k)
        if v and not (len(v) == 10 and v[4] == "-"):
            try:
                q[k] = parse_day_vi(v)
            except rp.ReportError:
                return None  # the page shows the error
            changed = True
    return RedirectResponse(f"{request.url.path}?{qs(**q)}", status_code=303) if changed else None


def _period_text(f: rp.Filters) -> str:
    if f.start == f.end:
        return f"Ngày {day_vi(f.start)}"
    return f"Từ {day_vi(f.start)} đến {day_vi(f.end)}"


# -- sign in ----------------------------------------------------------------------------------
def _safe_next(value: str | None) -> str:
    return value if value and value.startswith("/office") and "//" not in value else "/office"


def _login_page(error: str = "", next_: str = "/office", username: str = "") -> str:
    body = (f'<form class="login" method="post" action="/office/login"><h2>Đăng nhập văn phòng trung tâm</h2>'
            f'{notice(error, "bad")}<input type="hidden" name="next" value="{e(next_)}">'
            f'<label>Tên đăng nhập<br><input name="username" id="username" value="{e(username)}" autofocus required></label>'
            f'<label>Mật khẩu<br><input type="password" name="password" id="password" required></label>'
            f'<button type="submit">Đăng nhập</button>'
            f'<div class="muted">Tài khoản do quản trị viên tạo (main.py server create-user).</div></form>')
    return page("Đăng nhập", body).replace("<h1>Đăng nhập</h1>", "")


@router.get("/login")
def login_form(request: Request, next: str = "/office"):
    return _html(_login_page(next_=_safe_next(next)))


@router.post("/login")
def login(request: Request, username: Annotated[str, Form()] = "", password: Annotated[str, Form()] = "",
          next: Annotated[str, Form()] = "/office"):
    settings = request.app.state.settings
    got = auth.login(_engine(request), username.strip(), password, settings.user_token_hours) \
        if username.strip() and password else None
    if got is None:
        return _html(_login_page("Sai tên đăng nhập hoặc mật khẩu.", _safe_next(next), username), 401)
    token, _exp = got
    resp = RedirectResponse(_safe_next(next), status_code=status.HTTP_303_SEE_OTHER)
    resp.set_cookie(auth.COOKIE, token, max_age=settings.user_token_hours * 3600, httponly=True,
                    samesite="strict", path="/", secure=request.url.scheme == "https")
    return resp


@router.post("/logout")
def logout(request: Request, user: User):
    auth.logout(_engine(request), user.token)
    resp = RedirectResponse("/office/login", status_code=status.HTTP_303_SEE_OTHER)
    resp.delete_cookie(auth.COOKIE, path="/")
    return resp


@router.get("/static/{name}")
def static(name: str):
    path = STATIC / name
    if "/" in name or not path.is_file():
        raise HTTPException(status.HTTP_404_NOT_FOUND, "không có tệp này")
    return FileResponse(path, headers={"Cache-Control": "max-age=300"})


# -- overview ---------------------------------------------------------------------------------
@router.get("")
def overview(request: Request, user: User):
    if (back := _iso_redirect(request)) is not None:
        return back
    f, preset, err = filters_from(request)
    with _engine(request).connect() as conn:
        summ = rp.summary(conn, f)
        trend = rp.by_day(conn, f)
        c = rp.cube(conn, f)
        locs = rp.by_location(conn, f, c)
        devs = rp.by_device(conn, f, c)
        prods = rp.by_product(conn, f, c=c)
        producers = rp.by_producer(conn, f, c)
        pays = rp.by_payment(conn, f)
        form = _filter_form("/office", f, preset, conn)
        banner = problems_banner(_problems(conn))
    kpis = [("Doanh thu bán", summ["gross"], ""), ("Hoàn trả", summ["refunds"], "neg" if summ["refunds"] else ""),
            ("Thực thu", summ["net"], ""), ("Thuế GTGT trong thực thu", summ["vat"], "")]
    kpi_html = "".join(f'<div class="kpi {c}" data-kpi="{i}"><div class="k">{e(k)}</div><div class="v">{vnd(v)}</div></div>'
                       for i, (k, v, c) in enumerate(kpis))
    kpi_html += (f'<div class="kpi"><div class="k">Số hóa đơn bán / trả</div><div class="v">{num(summ["sales_count"])}'
                 f' / {num(summ["refunds_count"])}</div></div>'
                 f'<div class="kpi"><div class="k">Bình quân một hóa đơn</div><div class="v">{vnd(summ["avg_ticket"])}</div></div>')
    trend_pts = [(day_vi(d["business_day"])[:5], d["net"]) for d in trend]
    charts = (f'<div class="charts"><div class="card wide">{column_chart(trend_pts, "Thực thu theo ngày", width=1240, height=280)}</div>'
              f'<div class="card">{bar_chart([(p["name_vi"], p["net"]) for p in prods[:10]], "10 sản phẩm bán chạy (thực thu)")}</div>'
              f'<div class="card">{bar_chart([(x["location_name"], x["net"]) for x in locs], "Thực thu theo điểm bán")}</div></div>')
    money = [("Doanh thu", "n"), ("Hoàn trả", "n"), ("Thực thu", "n")]
    loc_t = table([("Điểm bán", "")] + money, [[e(x["location_name"]), vnd(x["gross"]), vnd(x["refunds"]), vnd(x["net"])]
                                               for x in locs], cls="by-location")
    dev_t = table([("Máy bán", ""), ("Điểm bán", "")] + money,
                  [[e(x["device_code"]), e(x["location_code"]), vnd(x["gross"]), vnd(x["refunds"]), vnd(x["net"])]
                   for x in devs], cls="by-device")
    prod_t = table([("Nhà sản xuất", ""), ("Số mặt hàng", "n")] + money,
                   [[e(x["producer_name"]), num(x["products"]), vnd(x["gross"]), vnd(x["refunds"]), vnd(x["net"])]
                    for x in producers], cls="by-producer")
    pay_t = table([("Hình thức", ""), ("Số lần", "n"), ("Đã thu", "n"), ("Đã trả lại", "n"), ("Còn lại", "n")],
                  [[e(METHOD_VI.get(x["method"], x["method"])), num(x["payments_count"]), vnd(x["taken"]),
                    vnd(x["refunded"]), vnd(x["net"])] for x in pays], cls="by-payment")
    item_t = table([("Mã hàng", ""), ("Tên hàng", ""), ("SL bán", "n"), ("SL trả", "n")] + money,
                   [[e(x["sku"]), e(x["name_vi"]), e(st.fmt_qty(x["qty_sold"], x["unit"], x["sold_by_weight"])),
                     e(st.fmt_qty(x["qty_refunded"], x["unit"], x["sold_by_weight"])), vnd(x["gross"]),
                     vnd(x["refunds"]), vnd(x["net"])] for x in prods[:200]], cls="by-product")
    dl = qs(start=f.start, end=f.end, location=f.location, device=f.device, producer=f.producer)
    body = (f'{banner}{form}{notice(err, "bad")}<p class="muted">{_period_text(f)} · ngày bán hàng theo giờ Việt Nam · '
            f'<a id="dl-lines" href="/office/lines.csv?{dl}">Tải các dòng bán (CSV)</a></p>'
            f'<div class="kpis">{kpi_html}</div>{charts}'
            f'<div class="grid2"><div><h2>Theo điểm bán</h2>{loc_t}</div><div><h2>Theo máy bán</h2>{dev_t}</div></div>'
            f'<div class="grid2"><div><h2>Theo nhà sản xuất</h2>{prod_t}</div><div><h2>Theo hình thức thanh toán</h2>'
            f'{pay_t}</div></div><h2>Theo sản phẩm</h2>{item_t}')
    return _html(page("Tổng quan doanh số", body, user, "overview"))


@router.get("/lines.csv")
def lines_csv(request: Request, user: User):
    """Every counted sale line of the filtered period (refunds negative), as the nightly file."""
    import csv
    import io

    from central.figures import nightly

    f, _p, _e = filters_from(request)
    with _engine(request).connect() as conn:
        lines = rp.sale_lines(conn, f, limit=500_000)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([h for _, h in nightly.LINE_COLS])
    for ln in lines:
        ln["kind"] = nightly.KIND_VI.get(ln["kind"], ln["kind"])
        w.writerow([ln[k] for k, _ in nightly.LINE_COLS])
    return _download(("\ufeff" + buf.getvalue()).encode("utf-8"), f"dong-ban_{f.start}_{f.end}.csv",
                     "text/csv; charset=utf-8")


# -- stock ------------------------------------------------------------------------------------
@router.get("/stock")
def stock(request: Request, user: User, location: str = "", only: str = ""):
    with _engine(request).connect() as conn:
        rows = rp.stock_on_hand(conn, location or None)
        certs = rp.cert_warnings(conn)
        locs = rp.locations(conn)
    if only == "warn":
        rows = [r for r in rows if r["warnings"]]
    form = (f'<form class="filters" method="get" action="/office/stock"><label>Điểm bán'
            f'{select("location", [(x["code"], x["name"] or x["code"]) for x in locs], location)}</label>'
            f'<label>Hiển thị{select("only", [("warn", "Chỉ mặt hàng cần chú ý")], only, blank="Tất cả mặt hàng")}</label>'
            f'<button>Xem</button></form>')

    def tags(ws):
        return "".join(f'<span class="tag {WARN_VI[w][1]}">{WARN_VI[w][0]}</span>' for w in ws) or \
            '<span class="tag ok">Đủ hàng</span>'
    table_html = table(
        [("Điểm bán", ""), ("Mã hàng", ""), ("Tên hàng", ""), ("OCOP", ""), ("Tồn", "n"), ("Ngưỡng", "n"),
         ("Hết hạn chứng nhận", ""), ("Cảnh báo", "")],
        [[e(r["location_name"]), e(r["sku"]), e(r["name_vi"]), _stars(r["ocop_stars"]),
          e(st.fmt_qty(r["qty"], r["unit"], r["sold_by_weight"])),
          e(st.fmt_qty(r["low_stock"], r["unit"], r["sold_by_weight"])) if r["low_stock"] else "—",
          day_vi(r["ocop_cert_expires"]), tags(r["warnings"])] for r in rows], cls="stock")
    cert_html = table([("Mã hàng", ""), ("Tên hàng", ""), ("Số chứng nhận", ""), ("Hết hạn", ""), ("", "")],
                      [[e(c["sku"]), e(c["name_vi"]), e(c["ocop_cert_no"] or "—"), day_vi(c["ocop_cert_expires"]),
                        f'<span class="tag {WARN_VI["cert_" + c["state"]][1]}">{WARN_VI["cert_" + c["state"]][0]}</span>']
                       for c in certs], cls="certs", empty="Không có chứng nhận nào sắp hết hạn")
    n_warn = sum(1 for r in rows if r["warnings"])
    body = (f'{form}<p class="muted">Tồn kho tính từ sổ nhập - xuất mà các máy bán đã đồng bộ về. '
            f'{n_warn} dòng cần chú ý.</p>{table_html}'
            f'<h2>Chứng nhận OCOP hết hạn hoặc hết hạn trong {rp.CERT_WARN_DAYS} ngày tới</h2>{cert_html}')
    return _html(page("Tồn kho theo điểm bán", body, user, "stock"))


# -- sync health ------------------------------------------------------------------------------
@router.get("/sync")
def sync_health(request: Request, user: User):
    with _engine(request).connect() as conn:
        rows = rp.sync_health(conn)

    def state(r):
        label, cls = STATE_VI.get(r["state"], (r["state"], "mute"))
        return f'<span class="tag {cls}">{label}</span>'

    def recon(r):
        if not r["reconciled_at"]:
            return "Chưa đối soát"
        if r["mismatch_days"]:
            return f'<span class="tag bad">Lệch: {", ".join(day_vi(d) for d in r["mismatch_days"])}</span>'
        return f'<span class="tag ok">Khớp {r["reconciled_days"]} ngày</span> {when_vi(r["reconciled_at"])}'

    body = table(
        [("Máy bán", ""), ("Điểm bán", ""), ("Lần cuối liên lạc", ""), ("Đã nhận đến số", "n"),
         ("Sự kiện còn thiếu", "n"), ("Chưa gửi lúc đối soát", "n"), ("Đối soát gần nhất", ""), ("Tình trạng", "")],
        [[e(r["device_code"]) + (f'<div class="muted">{e(r["name"])}</div>' if r["name"] != r["device_code"] else ""), e(r["location_name"]),
          when_vi(r["last_seen_at"]), num(r["ack"]), num(r["missing_events"]), num(r["unsynced_at_reconcile"]),
          recon(r), state(r)] for r in rows], cls="sync", empty="Chưa có máy bán nào")
    body = (f'<p class="muted">Mỗi máy bán gửi sự kiện đánh số liên tục; "còn thiếu" là các số máy đã gửi sau '
            f'nhưng máy chủ chưa nhận đủ phía trước. Đối soát hằng đêm so số liệu từng ngày giữa máy và máy chủ.</p>'
            f'{body}')
    return _html(page("Tình trạng đồng bộ", body, user, "sync"))


# -- settlement -------------------------------------------------------------------------------
def _settle_filters(request: Request) -> tuple[rp.Filters, str, str]:
    return filters_from(request, default="last_month")


@router.get("/settlement")
def settlement_page(request: Request, user: User):
    if (back := _iso_redirect(request)) is not None:
        return back
    f, preset, err = _settle_filters(request)
    with _engine(request).connect() as conn:
        rows = st.settlement(conn, f)
        form = _filter_form("/office/settlement", f, preset, conn, with_device=False, with_producer=False)
    t = st.totals(rows)
    q = qs(start=f.start, end=f.end, location=f.location)
    body_rows = [[e(r["code"]), e(r["name"]), vnd(r["gross"]), vnd(r["refunds"]), vnd(r["net"]),
                  e(st.fmt_rates(r)), vnd(r["commission"]), vnd(r["payable"]),
                  f'<a href="/office/settlement/{quote(r["producer_id"])}/statement?{q}" target="_blank">Bảng quyết toán</a>']
                 for r in rows]
    tbl = table([("Mã", ""), ("Nhà sản xuất", ""), ("Doanh thu", "n"), ("Hoàn trả", "n"), ("Thực thu", "n"),
                 ("Tỷ lệ hoa hồng", "n"), ("Hoa hồng", "n"), ("Phải trả", "n"), ("", "")], body_rows,
                cls="settlement", foot=["", "Tổng cộng", vnd(t["gross"]), vnd(t["refunds"]), vnd(t["net"]), "",
                                        vnd(t["commission"]), vnd(t["payable"]), ""] if rows else None)
    body = (f'{form}{notice(err, "bad")}<p class="muted">{_period_text(f)}. Thực thu = doanh thu sau chiết khấu '
            f'(gồm thuế GTGT) trừ hoàn trả; hoa hồng tính trên thực thu của cả kỳ, theo mức hoa hồng áp dụng vào ngày '
            f'bán (kỳ có đổi mức thì hiện các mức theo thứ tự, chi tiết trong bảng quyết toán).</p>'
            f'<p class="row-actions"><a class="btn" id="dl-csv" href="/office/settlement.csv?{q}">Tải CSV</a>'
            f'<a class="btn" id="dl-xlsx" href="/office/settlement.xlsx?{q}">Tải Excel (XLSX)</a></p>{tbl}')
    return _html(page("Quyết toán hàng ký gửi", body, user, "settlement"))


def _download(content: bytes, name: str, media: str) -> Response:
    return Response(content, media_type=media,
                    headers={"Content-Disposition": f"attachment; filename=\"{name}\"", "Cache-Control": "no-store"})


@router.get("/settlement.csv")
def settlement_csv(request: Request, user: User):
    f, _p, _e = _settle_filters(request)
    with _engine(request).connect() as conn:
        rows = st.settlement(conn, f)
    return _download(st.to_csv(rows, f), f"quyet-toan_{f.start}_{f.end}.csv", "text/csv; charset=utf-8")


@router.get("/settlement.xlsx")
def settlement_xlsx(request: Request, user: User):
    f, _p, _e = _settle_filters(request)
    with _engine(request).connect() as conn:
        rows = st.settlement(conn, f)
    return _download(st.to_xlsx(rows, f), f"quyet-toan_{f.start}_{f.end}.xlsx",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@router.get("/settlement/{producer_id}/statement")
def statement(producer_id: str, request: Request, user: User):
    f, _p, err = _settle_filters(request)
    f = rp.Filters(f.start, f.end, f.location, None, producer_id)
    with _engine(request).connect() as conn:
        rows = st.settlement(conn, f)
        if not rows:
            prod = ca.get_producer(conn, producer_id)
            if prod is None:
                raise HTTPException(status.HTTP_404_NOT_FOUND, "không có nhà sản xuất này")
            rows = [{"producer_id": producer_id, "code": prod["code"], "name": prod["name"], "kind": prod["kind"],
                     "tax_code": prod["tax_code"], "address": prod["address"], "phone": prod["phone"],
                     "province": prod["province"], "commission_bp": prod["commission_bp"], "products": [],
                     "locations": [], "gross": 0, "refunds": 0, "net": 0, "vat": 0, "commission": 0, "payable": 0}]
        issuer = _issuer(conn)
    return _html(st.statement_html(rows[0], f, issuer=issuer, issued=vn_today()))


def _issuer(conn) -> str:
    """Who issues statements: the chain-wide `store_name` setting, if the office set one."""
    import json

    import sqlalchemy as sa

    from central import models as m

    raw = conn.execute(sa.select(m.settings.c.value).where(m.settings.c.location_code == "",
                                                           m.settings.c.key == "store_name")).scalar()
    try:
        name = json.loads(raw) if raw else ""
    except ValueError:
        name = ""
    return str(name or "Trung tâm Xúc tiến Thương mại OCOP")


# -- catalog ----------------------------------------------------------------------------------
@router.get("/catalog")
def catalog_page(request: Request, user: User, q: str = "", producer: str = "", msg: str = ""):
    with _engine(request).connect() as conn:
        prods = ca.list_products(conn, q.strip(), producer)
        producers = ca.list_producers(conn)
        banner = problems_banner(_problems(conn))
    names = {p["id"]: p["name"] for p in producers}
    edit = user.can_edit
    form = (f'<form class="filters" method="get" action="/office/catalog"><label>Tìm (mã, tên, mã vạch)'
            f'<input name="q" value="{e(q)}"></label><label>Nhà sản xuất'
            f'{select("producer", [(p["id"], p["name"]) for p in producers], producer)}</label><button>Tìm</button>'
            + (' <a class="btn secondary" href="/office/catalog/product/new">+ Sản phẩm</a>'
               ' <a class="btn secondary" href="/office/catalog/producer/new">+ Nhà sản xuất</a>' if edit else "")
            + '</form>')
    prod_t = table([("Mã hàng", ""), ("Tên hàng", ""), ("Nhà sản xuất", ""), ("Giá bán", "n"), ("OCOP", ""),
                    ("Hết hạn CN", ""), ("Mã vạch", ""), ("", "")],
                   [[e(p["sku"]), e(p["name_vi"]) + ("" if p["active"] else ' <span class="tag mute">Ngừng bán</span>'),
                     e(names.get(p["producer_id"], "?")), vnd(p["price"]), _stars(p["ocop_stars"]),
                     day_vi(p["ocop_cert_expires"]), e(", ".join(p["barcodes"])),
                     f'<a href="/office/catalog/product/{quote(p["id"])}">{"Sửa" if edit else "Xem"}</a>']
                    for p in prods], cls="products")
    producer_t = table([("Mã", ""), ("Tên", ""), ("Loại hình", ""), ("Tỉnh", ""), ("Hoa hồng", "n"), ("", "")],
                       [[e(p["code"]), e(p["name"]), e(st.KIND_VI.get(p["kind"], p["kind"])), e(p["province"]),
                         e(st.fmt_bp(p["commission_bp"])),
                         f'<a href="/office/catalog/producer/{quote(p["id"])}">{"Sửa" if edit else "Xem"}</a>']
                        for p in producers], cls="producers")
    body = f'{banner}{form}{notice(msg)}<h2>Sản phẩm ({len(prods)})</h2>{prod_t}<h2>Nhà sản xuất</h2>{producer_t}'
    return _html(page("Danh mục hàng hóa", body, user, "catalog"))


def _field(label: str, name: str, value, kind: str = "text", extra: str = "", cls: str = "") -> str:
    v = "" if value is None else value
    return f'<label class="{cls}">{e(label)}<input type="{kind}" name="{name}" id="f-{name}" value="{e(str(v))}" {extra}></label>'


def _product_form(user, conn, p: dict, error: str = "", field: str = "") -> str:
    producers = ca.list_producers(conn)
    cats = ca.list_categories(conn)
    pid = p.get("id") or ""
    action = f"/office/catalog/product/{quote(pid)}" if pid else "/office/catalog/product/new"
    stars = select("ocop_stars", [("3", "3 sao"), ("4", "4 sao"), ("5", "5 sao")],
                   str(p.get("ocop_stars") or ""), blank="Chưa xếp hạng")
    vat = select("vat_rate", [(str(v), f"{v} %") for v in (0, 5, 8, 10)], str(p.get("vat_rate", 8)), blank=None)
    weight = ' checked' if p.get("sold_by_weight") else ''
    active = ' checked' if p.get("active", 1) else ''
    price = p.get("price")
    form = (f'<form class="edit" method="post" action="{action}">{csrf_field(user)}'
            f'{notice(error, "bad")}'
            + _field("Mã hàng (SKU)", "sku", p.get("sku"), extra="required")
            + _field("Tên tiếng Việt", "name_vi", p.get("name_vi"), extra="required")
            + _field("Tên tiếng Anh", "name_en", p.get("name_en"))
            + f'<label>Nhà sản xuất{select("producer_id", [(x["id"], x["name"]) for x in producers], p.get("producer_id"), blank="— chọn —")}</label>'
            + f'<label>Nhóm hàng{select("category_id", [(c["id"], c["name_vi"]) for c in cats], p.get("category_id"), blank="—")}</label>'
            + _field("Đơn vị", "unit", p.get("unit", "cái"))
            + _field("Giá bán (₫, gồm VAT)", "price", fmt_vnd(price, symbol=False) if isinstance(price, int) else price,
                     extra='inputmode="numeric" required')
            + f'<label>Thuế GTGT{vat}</label><label>Hạng OCOP{stars}</label>'
            + _field("Số chứng nhận OCOP", "ocop_cert_no", p.get("ocop_cert_no"))
            + f'<label>Ngày cấp chứng nhận{date_input("ocop_cert_issued", p.get("ocop_cert_issued"))}</label>'
            + f'<label>Ngày hết hạn (trống: 36 tháng sau ngày cấp)'
              f'{date_input("ocop_cert_expires", p.get("ocop_cert_expires"))}</label>'
            + _field("Mã vạch (cách nhau bằng dấu cách)", "barcodes",
                     " ".join(p.get("barcodes") or []) if isinstance(p.get("barcodes"), list) else p.get("barcodes"))
            + _field("Ngưỡng tồn thấp", "low_stock", p.get("low_stock", 0), "number", 'min="0"')
            + _field("Xuất xứ", "origin", p.get("origin"))
            + _field("Đường dẫn truy xuất", "trace_url", p.get("trace_url"))
            + f'<label><span><input type="checkbox" name="sold_by_weight" value="1"{weight}> Bán theo cân (kg)</span></label>'
            + f'<label><span><input type="checkbox" name="active" value="1"{active}> Đang bán</span></label>'
            + ('<div class="actions"><button type="submit">Lưu và gửi xuống máy bán</button>'
               '<a class="btn secondary" href="/office/catalog">Quay lại</a></div>' if user.can_edit else "")
            + '</form>')
    return form


def _location_prices_html(user, conn, p: dict) -> str:
    if not p.get("id"):
        return ""
    own = {r["location_code"]: r["price"] for r in ca.location_prices(conn, p["id"])}
    rows = []
    for loc in rp.locations(conn):
        code = loc["code"]
        cur = own.get(code)
        cell = vnd(cur) if cur is not None else '<span class="muted">theo giá chung</span>'
        act = ""
        if user.can_edit:
            act = (f'<form method="post" action="/office/catalog/product/{quote(p["id"])}/price" class="row-actions">'
                   f'{csrf_field(user)}<input type="hidden" name="location_code" value="{e(code)}">'
                   f'<input name="price" placeholder="giá riêng, ₫" inputmode="numeric" size="12">'
                   f'<button>Đặt giá</button>'
                   + (f'<button class="secondary" name="clear" value="1">Bỏ giá riêng</button>' if cur is not None else "")
                   + '</form>')
        rows.append([e(loc["name"] or code), cell, act])
    return "<h2>Giá riêng theo điểm bán</h2>" + table([("Điểm bán", ""), ("Giá", "n"), ("", "")], rows,
                                                     cls="location-prices", empty="Chưa có điểm bán nào")


def _form_product(form) -> dict:
    data = {k: (form.get(k) or "").strip() for k in
            ("sku", "name_vi", "name_en", "producer_id", "category_id", "unit", "price", "vat_rate", "ocop_stars",
             "ocop_cert_no", "ocop_cert_issued", "ocop_cert_expires", "barcodes", "low_stock", "origin", "trace_url")}
    data["sold_by_weight"] = 1 if form.get("sold_by_weight") else 0
    data["active"] = 1 if form.get("active") else 0
    data["low_stock"] = data["low_stock"] or 0
    return data


@router.get("/catalog/product/new")
def product_new(request: Request, user: Editor):
    with _engine(request).connect() as conn:
        body = _product_form(user, conn, {"vat_rate": 8, "active": 1})
    return _html(page("Thêm sản phẩm", body, user, "catalog"))


@router.get("/catalog/product/{product_id}")
def product_edit(product_id: str, request: Request, user: User, msg: str = ""):
    with _engine(request).connect() as conn:
        p = ca.get_product(conn, product_id)
        if p is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "không có sản phẩm này")
        body = notice(msg) + _product_form(user, conn, p) + _location_prices_html(user, conn, p)
    return _html(page(f"Sản phẩm {p['sku']}", body, user, "catalog"))


@router.post("/catalog/product/{product_id}")
async def product_save(product_id: str, request: Request, user: Editor):
    form = await request.form()
    data = _form_product(form)
    if product_id != "new":
        data["id"] = product_id
    try:
        with _engine(request).begin() as conn:
            res = ca.save_product(conn, data)
    except ca.CatalogError as exc:
        with _engine(request).connect() as conn:
            body = _product_form(user, conn, {**data, "id": None if product_id == "new" else product_id}, str(exc))
        return _html(page("Sửa sản phẩm", body, user, "catalog"), 422)
    return RedirectResponse(f"/office/catalog/product/{quote(res['id'])}?msg=" +
                            quote(f"Đã lưu (phiên bản danh mục {res['rev']}); máy bán sẽ nhận ở lần đồng bộ tới."),
                            status_code=303)


@router.post("/catalog/product/{product_id}/price")
async def product_price(product_id: str, request: Request, user: Editor):
    form = await request.form()
    price = None if form.get("clear") else str(form.get("price") or "").strip()
    if price == "":
        price = None if form.get("clear") else "?"
    try:
        with _engine(request).begin() as conn:
            ca.set_location_price(conn, product_id, str(form.get("location_code") or ""), price)
        msg = "Đã cập nhật giá theo điểm bán."
    except ca.CatalogError as exc:
        msg = f"Không lưu được: {exc}"
    return RedirectResponse(f"/office/catalog/product/{quote(product_id)}?msg={quote(msg)}", status_code=303)


def _producer_form(user, p: dict, error: str = "") -> str:
    pid = p.get("id") or ""
    action = f"/office/catalog/producer/{quote(pid)}" if pid else "/office/catalog/producer/new"
    kind = select("kind", list(st.KIND_VI.items()), p.get("kind", "household"), blank=None)
    active = ' checked' if p.get("active", 1) else ''
    return (f'<form class="edit" method="post" action="{action}">{csrf_field(user)}{notice(error, "bad")}'
            + _field("Mã nhà sản xuất", "code", p.get("code"), extra="required")
            + _field("Tên", "name", p.get("name"), extra="required")
            + f'<label>Loại hình{kind}</label>'
            + (_field("Hoa hồng (phần vạn: 1500 = 15 %)", "commission_bp", p.get("commission_bp", 0), "number",
                      'min="0" max="10000"') if not pid else
               f'<label>Hoa hồng đang áp dụng<input id="f-commission_now" value="{e(st.fmt_bp(p.get("commission_bp") or 0))}" '
               f'disabled><span class="muted">đổi ở mục "Mức hoa hồng" bên dưới</span></label>')
            + _field("Mã số thuế", "tax_code", p.get("tax_code"))
            + _field("Tỉnh / thành", "province", p.get("province"))
            + _field("Quận / huyện", "district", p.get("district"))
            + _field("Địa chỉ", "address", p.get("address"), cls="full")
            + _field("Người liên hệ", "contact_name", p.get("contact_name"))
            + _field("Điện thoại", "phone", p.get("phone"))
            + _field("Email", "email", p.get("email"))
            + f'<label><span><input type="checkbox" name="active" value="1"{active}> Đang hợp tác</span></label>'
            + ('<div class="actions"><button type="submit">Lưu</button>'
               '<a class="btn secondary" href="/office/catalog">Quay lại</a></div>' if user.can_edit else "")
            + '</form>')


@router.get("/catalog/producer/new")
def producer_new(request: Request, user: Editor):
    return _html(page("Thêm nhà sản xuất", _producer_form(user, {"kind": "household"}), user, "catalog"))


@router.get("/catalog/producer/{producer_id}")
def producer_edit(producer_id: str, request: Request, user: User, msg: str = ""):
    with _engine(request).connect() as conn:
        p = ca.get_producer(conn, producer_id)
        if p is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "không có nhà sản xuất này")
        rates = rh.list_rates(conn, producer_id)
    body = notice(msg) + _producer_form(user, p) + _rates_html(user, p, rates)
    return _html(page(f"Nhà sản xuất {p['code']}", body, user, "catalog"))


def _rates_html(user, p: dict, rates: list[dict], error: str = "", typed: dict | None = None) -> str:
    """The producer's commission history (newest first) and, for editors, the form for a new rate."""
    today = vn_today().isoformat()
    current = next((r["id"] for r in rates if r["effective_from"] <= today), None)
    rows = []
    for r in rates:
        if r["effective_from"] > today:
            tag = '<span class="tag warn">Chờ đến ngày</span>'
        elif r["id"] == current:
            tag = '<span class="tag ok">Đang áp dụng</span>'
        else:
            tag = '<span class="tag mute">Đã thay</span>'
        start = "Từ đầu" if r["effective_from"] == rh.BEGINNING else day_vi(r["effective_from"])
        rows.append([start, e(st.fmt_bp(r["commission_bp"])), tag, e(r["note"]), e(r["created_by"]),
                     when_vi(r["created_at"])])
    tbl = table([("Áp dụng từ ngày", ""), ("Mức", "n"), ("Trạng thái", ""), ("Ghi chú", ""), ("Người đổi", ""),
                 ("Lúc", "")], rows, cls="rates", empty="Chưa có mức hoa hồng nào")
    form = ""
    if user.can_edit:
        t = typed or {}
        form = (f'<form class="edit" method="post" action="/office/catalog/producer/{quote(p["id"])}/commission" '
                f'data-confirm="Lưu mức hoa hồng mới?">{csrf_field(user)}{notice(error, "bad")}'
                f'<label>Mức mới (%)<input name="percent" id="f-percent" value="{e(t.get("percent", ""))}" '
                f'placeholder="ví dụ 12,5" inputmode="decimal" required></label>'
                f'<label>Áp dụng từ ngày (giờ Việt Nam){date_input("effective_from", t.get("effective_from") or today, "required")}</label>'
                f'<label>Ghi chú<input name="note" id="f-rate-note" value="{e(t.get("note", ""))}" '
                f'placeholder="số phụ lục hợp đồng…"></label>'
                f'<div class="full muted">Chỉ nhận ngày từ hôm nay trở đi: hàng bán trước ngày áp dụng giữ mức cũ, '
                f'nên các kỳ quyết toán đã lập không thay đổi. Mức từ một ngày sau hôm nay được đưa xuống máy bán '
                f'khi đến ngày.</div><div class="actions"><button type="submit" id="save-rate">Lưu mức hoa hồng</button>'
                f'</div></form>')
    return f'<h2 id="rates">Mức hoa hồng ký gửi theo ngày áp dụng</h2>{form}{tbl}'


@router.post("/catalog/producer/{producer_id}/commission")
async def producer_commission(producer_id: str, request: Request, user: Editor):
    form = await request.form()
    typed = {k: str(form.get(k) or "").strip() for k in ("percent", "effective_from", "note")}
    try:
        bp = _percent_bp(typed["percent"]) if typed["percent"] else None
        if bp is None:
            raise ca.CatalogError("cần mức hoa hồng mới (%)", "percent")
        day = parse_day_vi(typed["effective_from"], "Ngày áp dụng") if typed["effective_from"] else None
        with _engine(request).begin() as conn:
            res = cm.set_rate(conn, producer_id, bp, day, user.username, typed["note"])
    except (ca.CatalogError, rp.ReportError) as exc:
        with _engine(request).connect() as conn:
            p = ca.get_producer(conn, producer_id)
            if p is None:
                raise HTTPException(status.HTTP_404_NOT_FOUND, "không có nhà sản xuất này") from None
            rates = rh.list_rates(conn, producer_id)
        body = _producer_form(user, p) + _rates_html(user, p, rates, f"Không lưu được: {exc}", typed)
        return _html(page(f"Nhà sản xuất {p['code']}", body, user, "catalog"), 422)
    msg = (f"Đã lưu mức hoa hồng {st.fmt_bp(res['commission_bp'])} từ ngày {day_vi(res['effective_from'])}"
           + ("; máy bán nhận ở lần đồng bộ tới." if res["applied"] else "."))
    return RedirectResponse(f"/office/catalog/producer/{quote(producer_id)}?msg={quote(msg)}#rates", status_code=303)


@router.post("/catalog/producer/{producer_id}")
async def producer_save(producer_id: str, request: Request, user: Editor):
    form = await request.form()
    data = {k: str(form.get(k) or "").strip() for k in
            ("code", "name", "kind", "commission_bp", "tax_code", "province", "district", "address", "contact_name",
             "phone", "email")}
    data["active"] = 1 if form.get("active") else 0
    data["commission_bp"] = data["commission_bp"] or 0
    if producer_id != "new":
        data["id"] = producer_id
        del data["commission_bp"]  # an existing producer's rate changes only from a day (/commission)
    try:
        with _engine(request).begin() as conn:
            res = ca.save_producer(conn, data, user.username)
    except ca.CatalogError as exc:
        return _html(page("Sửa nhà sản xuất", _producer_form(user, {**data, "id": None if producer_id == "new"
                                                                    else producer_id}, str(exc)), user, "catalog"), 422)
    return RedirectResponse(f"/office/catalog/producer/{quote(res['id'])}?msg=" + quote("Đã lưu."), status_code=303)


# -- import -----------------------------------------------------------------------------------
_ACTION_VI = {"create": ("Thêm mới", "ok"), "update": ("Cập nhật", "warn"), "unchanged": ("Không đổi", "mute")}


@router.get("/catalog/import")
def import_form(request: Request, user: Editor, msg: str = ""):
    cols = "sku (Mã hàng), name_vi (Tên hàng), producer_code (Mã NSX), producer_name (Nhà sản xuất, để tạo NSX mới), " \
           "unit, price (Giá bán), vat_rate, ocop_stars, ocop_cert_no, ocop_cert_issued, ocop_cert_expires, " \
           "barcodes (Mã vạch), sold_by_weight, low_stock, origin"
    body = (f'{notice(msg)}<form class="edit" method="post" action="/office/catalog/import" enctype="multipart/form-data">'
            f'{csrf_field(user)}<label class="full">Tệp CSV (UTF-8) hoặc Excel (.xlsx)'
            f'<input type="file" name="file" id="f-file" accept=".csv,.xlsx" required></label>'
            f'<div class="full muted">Dòng đầu là tiêu đề. Các cột nhận: {e(cols)}. '
            f'Sau khi tải lên sẽ có bản xem trước lỗi từng dòng; chưa thay đổi gì cho đến khi bấm Áp dụng.</div>'
            f'<div class="actions"><button type="submit">Tải lên và xem trước</button></div></form>')
    return _html(page("Nhập danh mục từ tệp", body, user, "import"))


@router.post("/catalog/import")
async def import_upload(request: Request, user: Editor, file: Annotated[UploadFile, File()]):
    data = await file.read()
    try:
        with _engine(request).begin() as conn:
            imp = ca.create_import(conn, file.filename or "", data, user.username)
    except ca.CatalogError as exc:
        return RedirectResponse("/office/catalog/import?msg=" + quote(f"Không đọc được tệp: {exc}"), status_code=303)
    return RedirectResponse(f"/office/catalog/import/{imp['id']}", status_code=303)


@router.get("/catalog/import/{import_id}")
def import_preview(import_id: str, request: Request, user: Editor, msg: str = ""):
    with _engine(request).connect() as conn:
        imp = ca.get_import(conn, import_id)
    if imp is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "không có lần nhập này")
    prev = imp["preview"]
    counts = {k: sum(1 for p in prev if p["action"] == k) for k in _ACTION_VI}
    bad = [p for p in prev if p["errors"]]
    rows = []
    for p in prev:
        if p["errors"]:
            tag = '<span class="tag bad">Lỗi</span>'
        else:
            label, cls = _ACTION_VI.get(p["action"], (p["action"], "mute"))
            tag = f'<span class="tag {cls}">{label}</span>'
            if p.get("new_producer"):
                tag += f' <span class="tag warn">NSX mới {e(p["new_producer"])}</span>'
        rows.append([num(p["row"]), e(p["sku"]), e(p["name_vi"]), tag, "<br>".join(e(x) for x in p["errors"])])
    tbl = table([("Dòng", "n"), ("Mã hàng", ""), ("Tên hàng", ""), ("Kết quả", ""), ("Lỗi", "")], rows, cls="preview")
    summary = (f'Tệp {e(imp["filename"])}: {len(prev)} dòng · {counts["create"]} thêm mới · {counts["update"]} cập nhật '
               f'· {counts["unchanged"]} không đổi · {len(bad)} dòng lỗi.')
    if imp["applied_at"]:
        action = notice(f"Đã áp dụng lúc {when_vi(imp['applied_at'])} (phiên bản danh mục {imp['applied_rev']}).")
    elif bad:
        action = notice("Sửa các dòng lỗi trong tệp rồi tải lên lại; tệp có lỗi sẽ không được áp dụng.", "bad")
    else:
        action = (f'<form method="post" action="/office/catalog/import/{e(import_id)}/apply" '
                  f'data-confirm="Áp dụng {counts["create"] + counts["update"]} thay đổi vào danh mục?">'
                  f'{csrf_field(user)}<button id="apply">Áp dụng vào danh mục</button></form>')
    body = f'{notice(msg)}<p>{summary}</p>{action}{tbl}'
    return _html(page("Xem trước khi nhập", body, user, "import"))


@router.post("/catalog/import/{import_id}/apply")
def import_apply(import_id: str, request: Request, user: Editor):
    try:
        with _engine(request).begin() as conn:
            res = ca.apply_import(conn, import_id)
        msg = (f"Đã áp dụng: {res['created']} thêm mới, {res['updated']} cập nhật, "
               f"{res['producers_created']} nhà sản xuất mới.")
    except ca.CatalogError as exc:
        msg = f"Chưa áp dụng: {exc}"
    return RedirectResponse(f"/office/catalog/import/{quote(import_id)}?msg={quote(msg)}", status_code=303)


# -- bulk price change ------------------------------------------------------------------------
_STATUS_VI = {"pending": ("Chờ đến ngày", "warn"), "applied": ("Đã áp dụng", "ok"), "cancelled": ("Đã hủy", "mute")}


@router.get("/catalog/prices")
def prices_page(request: Request, user: Editor, msg: str = ""):
    with _engine(request).begin() as conn:
        ca.apply_due_price_changes(conn)
    with _engine(request).connect() as conn:
        batches = ca.price_change_batches(conn)
        producers = ca.list_producers(conn)
        locs = rp.locations(conn)
    day = (vn_today() + dt.timedelta(days=1)).isoformat()
    form = (f'<form class="edit" method="post" action="/office/catalog/prices" '
            f'data-confirm="Lưu lịch đổi giá?">{csrf_field(user)}'
            f'<label>Áp dụng từ ngày (giờ Việt Nam){date_input("effective_day", day, "required")}</label>'
            f'<label>Điểm bán{select("location_code", [(x["code"], x["name"] or x["code"]) for x in locs], "", blank="Giá chung (mọi điểm bán)")}</label>'
            f'<label>Ghi chú<input name="note" id="f-note"></label>'
            f'<label class="full">Giá mới từng mặt hàng: mỗi dòng "Mã hàng; giá"'
            f'<textarea name="items" id="f-items" rows="5" placeholder="MUOI-500; 48.000"></textarea></label>'
            f'<div class="full muted">Hoặc để trống ô trên và đổi giá đồng loạt theo %:</div>'
            f'<label>Tăng / giảm (%)<input name="percent" id="f-percent" placeholder="5 hoặc -10"></label>'
            f'<label>Chỉ hàng của nhà sản xuất{select("producer_id", [(p["id"], p["name"]) for p in producers], "")}</label>'
            f'<label>Làm tròn đến (₫)<input name="round_to" value="1000" inputmode="numeric"></label>'
            f'<div class="actions"><button type="submit">Lưu lịch đổi giá</button></div></form>')
    rows = []
    for b in batches:
        label, cls = _STATUS_VI.get(b["status"], (b["status"], "mute"))
        cancel = ""
        if b["status"] == "pending":
            cancel = (f'<form method="post" action="/office/catalog/prices/{e(b["batch_id"])}/cancel">{csrf_field(user)}'
                      f'<button class="danger">Hủy</button></form>')
        rows.append([f'<a href="/office/catalog/prices/{e(b["batch_id"])}">{day_vi(b["effective_day"])}</a>',
                     e(b["location_code"] or "Giá chung"), num(b["items"]),
                     f'<span class="tag {cls}">{label}</span>', e(b["note"]), e(b["created_by"]),
                     when_vi(b["created_at"]), cancel])
    tbl = table([("Từ ngày", ""), ("Điểm bán", ""), ("Số mặt hàng", "n"), ("Trạng thái", ""), ("Ghi chú", ""),
                 ("Người lập", ""), ("Lúc", ""), ("", "")], rows, cls="batches", empty="Chưa có lịch đổi giá")
    body = f'{notice(msg)}{form}<h2>Lịch đổi giá</h2>{tbl}'
    return _html(page("Đổi giá theo ngày", body, user, "prices"))


def parse_items(text: str) -> list[dict]:
    items = []
    for n, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [x.strip() for x in line.replace("\t", ";").split(";")]
        if len(parts) != 2 or not parts[0]:
            raise ca.CatalogError(f"dòng {n}: cần dạng 'Mã hàng; giá', nhận được {line.strip()!r}", "items")
        items.append({"sku": parts[0], "price": parts[1]})
    return items


def _percent_bp(text: str) -> int:
    t = (text or "").strip().replace(",", ".").replace("%", "")
    try:
        whole, _, frac = t.lstrip("+-").partition(".")
        if not whole.isdigit() or (frac and not frac.isdigit()) or len(frac) > 2:
            raise ValueError
        bp = int(whole) * 100 + int((frac + "00")[:2])
    except ValueError:
        raise ca.CatalogError(f"mức thay đổi không hợp lệ: {text!r}", "percent") from None
    return -bp if t.startswith("-") else bp


@router.post("/catalog/prices")
async def prices_save(request: Request, user: Editor):
    form = await request.form()
    try:
        with _engine(request).begin() as conn:
            items = parse_items(str(form.get("items") or ""))
            loc = str(form.get("location_code") or "")
            if items:
                plan = ca.plan_bulk_change(conn, items=items, location_code=loc)
            else:
                plan = ca.plan_bulk_change(conn, percent_bp=_percent_bp(str(form.get("percent") or "")),
                                           producer_id=str(form.get("producer_id") or ""),
                                           round_to=str(form.get("round_to") or "1000"), location_code=loc)
            res = ca.schedule_price_change(conn, plan, form.get("effective_day"), user.username,
                                           str(form.get("note") or ""), location_code=loc)
        msg = (f"Đã lưu {res['items']} giá mới từ ngày {day_vi(res['effective_day'])}"
               + (f"; đã áp dụng ngay {res['applied']} giá." if res["applied"] else "."))
    except ca.CatalogError as exc:
        msg = f"Không lưu được: {exc}"
    return RedirectResponse(f"/office/catalog/prices?msg={quote(msg)}", status_code=303)


@router.get("/catalog/prices/{batch_id}")
def prices_batch(batch_id: str, request: Request, user: Editor):
    with _engine(request).connect() as conn:
        items = ca.batch_items(conn, batch_id)
    if not items:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "không có lịch đổi giá này")
    first = items[0]
    label, cls = _STATUS_VI.get(first["status"], (first["status"], "mute"))

    def change(it):
        if it["old_price"] is None or not it["old_price"]:
            return "—"
        bp = (it["price"] - it["old_price"]) * 10_000 // it["old_price"]
        return ("+" if bp >= 0 else "") + st.fmt_bp(bp)
    tbl = table([("Mã hàng", ""), ("Tên hàng", ""), ("Giá cũ", "n"), ("Giá mới", "n"), ("Thay đổi", "n")],
                [[e(it["sku"] or it["product_id"]), e(it["name_vi"] or ""),
                  vnd(it["old_price"]) if it["old_price"] is not None else "—", vnd(it["price"]), change(it)]
                 for it in items], cls="batch-items")
    body = (f'<p>Áp dụng từ ngày {day_vi(first["effective_day"])} · {e(first["location_code"] or "giá chung")} · '
            f'<span class="tag {cls}">{label}</span> · {e(first["note"])}</p>{tbl}'
            f'<p><a class="btn secondary" href="/office/catalog/prices">Quay lại</a></p>')
    return _html(page("Chi tiết lịch đổi giá", body, user, "prices"))


@router.post("/catalog/prices/{batch_id}/cancel")
def prices_cancel(batch_id: str, request: Request, user: Editor):
    with _engine(request).begin() as conn:
        n = ca.cancel_batch(conn, batch_id)
    return RedirectResponse("/office/catalog/prices?msg=" + quote(f"Đã hủy {n} giá chờ áp dụng."), status_code=303)

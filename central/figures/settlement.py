"""Consignment settlement: what the chain owes each producer for a period, across all kiosks.

The rule is the kiosk's own (pos.reports.producer_settlement), so a kiosk's settlement and the
centre's for the same period and kiosk are equal to the đồng: net = sales after discounts (VAT
included) - refunds; commission = the producer's commission_bp basis points of net, rounded half
away from zero ONCE on the producer's total (never per line or per location, which would drift);
payable = net - commission. A gift set's money is credited to the producers of its components, by
the shares the kiosk wrote (central/figures/set_shares.py).

The rate is the one in force on each line's business day (central/catalog/rates.py; a refund
counts on its own day, so it carries that day's rate). When a period spans a rate change the
commission is still rounded once per producer: round_div(sum over rates of net_at_rate * bp,
10_000). The split per rate (`commission_rates`) shows each rate's share, rounded cumulatively
(share k = rounded total of shares 1..k minus rounded total of shares 1..k-1), so the shares add
up to the producer's commission exactly and each is within 1 đồng of its exact value. The kiosk
only knows its current rate, so kiosk and centre agree for periods without a rate change.

Promotions (docs/promotions.md, docs/settlement.md): the commission is taken on the basis before
promotions, basis = net + the promotions on the producer's lines (booth- and producer-carried, less
what refunds took back: promo_uses.py), and payable = basis - commission - the producer-carried
ones (pos/promo_share.py: the kiosk's settlement applies the same, so they stay equal).
"""
from __future__ import annotations

import datetime as dt
import functools
import io

import sqlalchemy as sa

from pos import promo_share
from pos.money import fmt_vnd, round_div

from central import models as m
from central.catalog import rates
from central.catalog.rules import N_
from central.clock import business_date, vn_today
from central.figures import cells, render
from central.figures import promo_uses
from central.figures import settlement_stock as ss
from central.figures.reports import Filters, flagged_events, producer_names, product_info
from central.figures.set_shares import settled_totals

KIND_VI = {"household": "Hộ kinh doanh", "cooperative": "Hợp tác xã", "coop_group": "Tổ hợp tác",
           "enterprise": "Doanh nghiệp"}
_SUMS = ("gross", "refunds", "net", "vat")
_QTY_SUMS = ("qty_sold", "qty_refunded", *_SUMS)


def settlement(conn, f: Filters) -> list[dict]:
    """One row per producer with sales in the period: products (with per-location detail),
    per-location totals, and gross / refunds / net / vat / commission / payable."""
    totals = settled_totals(conn, f, ["producer_id", "product_id", "location_code"])
    info = product_info(conn, {k[1] for k in totals})
    prods = producer_names(conn)
    loc_names = dict(conn.execute(sa.select(m.locations.c.code, m.locations.c.name)).all())
    out: dict[str, dict] = {}
    for (pid, product_id, loc), sums in sorted(totals.items()):  # a dict made only for a new key: 14,000 keys
        row = out.get(pid)
        if row is None:
            row = out[pid] = _producer_row(pid, prods.get(pid))
        prod = row["products"].get(product_id)
        if prod is None:
            prod = row["products"][product_id] = _product_row(product_id, info.get(product_id, {}))
        for k in _QTY_SUMS:
            prod[k] += sums[k]
        name = loc_names.get(loc, loc)
        prod["by_location"].append({"location_code": loc, "location_name": name, **{k: sums[k] for k in _QTY_SUMS}})
        lrow = row["locations"].get(loc)
        if lrow is None:
            lrow = row["locations"][loc] = {"location_code": loc, "location_name": name, **dict.fromkeys(_SUMS, 0)}
        for k in _SUMS:
            lrow[k] += sums[k]
            row[k] += sums[k]
    for pid, row in out.items():
        if pid not in prods:  # the key only on such rows: the API's answers keep their shape
            row["unassigned"] = "unknown" if pid else "none"
    rows = sorted(out.values(), key=lambda r: (bool(r.get("unassigned")), r["name"], r["code"], r["producer_id"]))
    for r in rows:
        r["products"] = sorted(r["products"].values(), key=lambda x: x["sku"])
        for prod in r["products"]:
            prod["by_location"].sort(key=lambda x: x["location_code"])
        r["locations"] = sorted(r["locations"].values(), key=lambda x: x["location_code"])
    _commission(conn, f, rows)
    return rows


def _producer_row(pid: str, p: dict | None) -> dict:
    p = p or {"code": "", "name": "", "kind": "", "tax_code": "", "commission_bp": 0}
    return {"producer_id": pid, "code": p["code"], "name": p["name"], "kind": p["kind"], "tax_code": p["tax_code"],
            "address": p.get("address", ""), "phone": p.get("phone", ""), "province": p.get("province", ""),
            "commission_bp": int(p["commission_bp"] or 0), "products": {}, "locations": {}, **dict.fromkeys(_SUMS, 0)}


def _product_row(product_id: str, i: dict) -> dict:
    return {"product_id": product_id, "sku": i.get("sku", ""), "name_vi": i.get("name_vi", ""),
            "unit": i.get("unit", ""), "sold_by_weight": int(i.get("sold_by_weight", 0) or 0), "qty_sold": 0,
            "qty_refunded": 0, **dict.fromkeys(_SUMS, 0), "by_location": []}


def _commission(conn, f: Filters, rows: list[dict]) -> None:
    """commission, payable and the per-rate split of each producer row (see the module doc), the
    promotions charged to who carries them (promo_uses.py; docs/promotions.md)."""
    hist = rates.histories(conn, [r["producer_id"] for r in rows])
    split = {}
    for r in rows:
        h = hist.get(r["producer_id"]) or [(rates.BEGINNING, r["commission_bp"])]
        split[r["producer_id"]] = rates.segments(h, f.start, f.end)
    promo = promo_uses.carried(conn, f, by_day=True)
    by_day: dict[str, list[tuple[str, int, dict]]] = {}
    if any(len(v) > 1 for v in split.values()):  # only then: one more pass over the period
        for (pid, day), sums in settled_totals(conn, f, ["producer_id", "business_day"]).items():
            by_day.setdefault(pid, []).append((day, sums["net"], promo.get((pid, day), NO_PROMO)))
    carried: dict[str, dict] = {}
    for (pid, _day), p in promo.items():
        c = carried.setdefault(pid, dict(NO_PROMO))
        for k in c:
            c[k] += p[k]
    for r in rows:
        if r.get("unassigned"):  # nobody to pay and no rate: shown, summed in net, never in what is payable
            r.update(commission_rates=[], commission_bp=None, commission=0, payable=0)
            continue
        p = carried.get(r["producer_id"], NO_PROMO)
        if p["booth"] or p["producer"]:  # the keys only then: a settlement without keeps its shape
            r["promo_booth"], r["promo_producer"] = p["booth"], p["producer"]
        segs = [dict(s, net=0, **({"basis": 0} if "promo_booth" in r else {})) for s in split[r["producer_id"]]]
        if len(segs) == 1:
            segs[0]["net"] = r["net"]
            if "basis" in segs[0]:
                segs[0]["basis"] = basis(r["net"], p)
        else:
            for day, net, dp in by_day.get(r["producer_id"], []):
                seg = next(s for s in segs if s["from"] <= day <= s["to"])
                seg["net"] += net
                if "basis" in seg:
                    seg["basis"] += basis(net, dp)
        exact, shown = 0, 0
        for s in segs:
            exact += s.get("basis", s["net"]) * s["commission_bp"]
            s["commission"] = round_div(exact, 10_000) - shown
            shown += s["commission"]
        r["commission_rates"] = segs
        r["commission_bp"] = segs[0]["commission_bp"] if len(segs) == 1 else None
        r["commission"] = shown  # == round_div(sum of basis * bp, 10_000): rounded once
        r["payable"] = payable(r["net"], p, shown)


NO_PROMO, basis, payable = promo_share.NO_PROMO, promo_share.basis, promo_share.payable  # the rule: pos/promo_share.py


def fmt_rates(r: dict) -> str:
    """The rate of a row: '15 %', or '15 % → 12,34 %' when the period spans a change."""
    if r.get("unassigned"):
        return "—"
    return " → ".join(fmt_bp(s["commission_bp"]) for s in r.get("commission_rates") or
                      [{"commission_bp": r["commission_bp"]}])


def totals(rows: list[dict]) -> dict:
    """Sums of every row: money of lines without a known producer counts in gross ... vat (as in
    the sales reports), never in commission or payable (see unassigned)."""
    return {k: sum(r[k] for r in rows) for k in ("gross", "refunds", "net", "vat", "commission", "payable")}


def unassigned(rows) -> dict:
    """The lines no statement takes (no producer, or one the centre does not know): how many
    products and their net, so pages, files and a close say so instead of leaving them out unseen."""
    rows = [r for r in rows if r.get("unassigned")]
    return {"products": sum(len(r["products"]) for r in rows), "net": sum(r["net"] for r in rows)}


UNASSIGNED_VI = {"none": N_("CHƯA GÁN NHÀ SẢN XUẤT"), "unknown": N_("NHÀ SẢN XUẤT KHÔNG CÓ TRONG DANH MỤC")}
UNASSIGNED_NOTE = N_("Cảnh báo: {n} mặt hàng bán trong kỳ không có nhà sản xuất đã biết (thực thu {net} ₫): "
                     "được cộng vào doanh thu nhưng không vào hoa hồng, số phải trả hay bảng quyết toán nào "
                     "cho tới khi gán nhà sản xuất")


def producer_label(r: dict, translate=lambda msgid: msgid) -> str:
    """The producer's name, or the flag of a row without a known producer (with the id it has)."""
    if not r.get("unassigned"):
        return r["name"]
    label = translate(UNASSIGNED_VI[r["unassigned"]])
    return f"{label} ({r['producer_id']})" if r["producer_id"] else label


def unassigned_note(rows: list[dict], translate=lambda msgid: msgid) -> str:
    """The warning the page and the files carry when some lines have no known producer."""
    u = unassigned(rows)
    if not u["products"]:
        return ""
    return translate(UNASSIGNED_NOTE).format(n=u["products"], net=fmt_vnd(u["net"], symbol=False))


def fmt_qty(qty: int, unit: str, by_weight: int) -> str:
    """Weighed goods are held in grams: show kilograms with a Vietnamese decimal comma."""
    if by_weight:
        kg = f"{qty / 1000:.3f}".rstrip("0").rstrip(".").replace(".", ",")
        return f"{kg} kg"
    return f"{qty:,}".replace(",", ".") + (f" {unit}" if unit else "")


def fmt_bp(bp: int) -> str:
    return f"{bp / 100:.2f}".rstrip("0").rstrip(".").replace(".", ",") + " %"


# -- exports ----------------------------------------------------------------------------------
HEADER = ["Mã NSX", "Nhà sản xuất", "Mã hàng", "Tên hàng", "Đơn vị", "Điểm bán", "SL bán", "SL trả",
          "Doanh thu (₫)", "Hoàn trả (₫)", "Thực thu (₫)", "Thuế GTGT (₫)"]
SUMMARY_HEADER = ["Mã NSX", "Nhà sản xuất", "Loại hình", "Mã số thuế", "Doanh thu (₫)", "Hoàn trả (₫)",
                  "Thực thu (₫)", "Thuế GTGT (₫)", "Hoa hồng (‱)", "Hoa hồng (₫)", "Phải trả (₫)"]


def detail_rows(rows: list[dict]) -> list[list]:
    """Per producer, product and location. Quantities are units, or grams for weighed goods."""
    out = []
    for r in rows:
        for prod in r["products"]:
            unit = "g" if prod["sold_by_weight"] else prod["unit"]
            for loc in prod["by_location"]:
                out.append([r["code"], producer_label(r), prod["sku"], prod["name_vi"], unit, loc["location_code"],
                            loc["qty_sold"], loc["qty_refunded"], loc["gross"], loc["refunds"], loc["net"],
                            loc["vat"]])
    return out


def _bp_cell(r: dict):
    """The rate column: the number, or '1500 → 1234' (basis points) when the period spans a change."""
    if r["commission_bp"] is not None:
        return r["commission_bp"]
    return " → ".join(str(s["commission_bp"]) for s in r["commission_rates"])


def summary_rows(rows: list[dict]) -> list[list]:
    """One row per producer; a row without a known producer is flagged in the name column and
    leaves rate, commission and payable empty (nobody to pay)."""
    return [[r["code"], producer_label(r), KIND_VI.get(r["kind"], r["kind"]), r["tax_code"], r["gross"], r["refunds"],
             r["net"], r["vat"], *(["", "", ""] if r.get("unassigned") else [_bp_cell(r), r["commission"],
                                                                           r["payable"]])] for r in rows]


RATE_HEADER = ["Mã NSX", "Nhà sản xuất", "Từ ngày", "Đến ngày", "Hoa hồng (‱)", "Thực thu (₫)", "Hoa hồng (₫)"]


def rate_rows(rows: list[dict]) -> list[list]:
    """Per producer and rate in force: the net sold at that rate and its share of the commission."""
    return [[r["code"], r["name"], s["from"], s["to"], s["commission_bp"], s["net"], s["commission"]]
            for r in rows for s in r["commission_rates"]]


PROMO_HEADER = ["Mã NSX", "Nhà sản xuất", "Thực thu (₫)", "KM gian hàng chịu (₫)", "KM nhà sản xuất chịu (₫)",
                "Giá trị trước KM, cơ sở hoa hồng (₫)", "Hoa hồng (₫)", "Phải trả (₫)"]


def promo_rows(rows: list[dict]) -> list[list]:
    """Per producer whose lines carried promotions: who carried what and the payable it makes
    (basis - commission - producer-carried; docs/promotions.md). Empty without promotions."""
    return [[r["code"], r["name"], r["net"], r["promo_booth"], r["promo_producer"],
             basis(r["net"], {"booth": r["promo_booth"], "producer": r["promo_producer"]}), r["commission"],
             r["payable"]] for r in rows if "promo_booth" in r]


FLAG_NOTE = N_("Cảnh báo: {n} sự kiện trong kỳ bị gắn cờ (hóa đơn có số liệu lệch với các dòng, tính theo dòng; "
               "hoặc bị từ chối vì trùng mã) — xem /office/problems/sales")


def flag_note(conn, f: Filters, translate=lambda msgid: msgid) -> str:
    """A warning when the period holds flagged events (sales whose own figures disagree with their
    lines: summed here by their lines; events refused), so none is summed without it showing.
    In Vietnamese for the files; the office page passes its `translate` (gettext)."""
    n = len(flagged_events(conn, f, limit=100_000))
    return translate(FLAG_NOTE).format(n=n) if n else ""


def to_csv(rows: list[dict], f: Filters, note: str = "") -> bytes:
    """UTF-8 with a BOM so Excel opens the Vietnamese names right; amounts are plain integers."""
    buf = io.StringIO()
    w = cells.SafeWriter(buf)
    w.writerow(["Quyết toán ký gửi", f.start, f.end])
    for line in (note, unassigned_note(rows)):
        if line:
            w.writerow([line])
    w.writerow([])
    w.writerow(SUMMARY_HEADER)
    w.writerows(summary_rows(rows))
    t = totals(rows)
    w.writerow(["", "Tổng cộng", "", "", t["gross"], t["refunds"], t["net"], t["vat"], "", t["commission"],
                t["payable"]])
    w.writerow([])
    w.writerow(HEADER)
    w.writerows(detail_rows(rows))
    w.writerow([])
    w.writerow(RATE_HEADER)
    w.writerows(rate_rows(rows))
    if promo_rows(rows):  # only a period with promotions: the file keeps its shape otherwise
        w.writerow([])
        w.writerow(PROMO_HEADER)
        w.writerows(promo_rows(rows))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _sheet(ws, header: list[str], body: list[list], money_from: int) -> None:
    from openpyxl.styles import Font

    cells.append(ws, header)
    for c in ws[1]:
        c.font = Font(bold=True)
    for row in body:
        cells.append(ws, row)
    for col in ws.iter_cols(min_col=money_from + 1, min_row=2):
        for c in col:
            if isinstance(c.value, int):
                c.number_format = "#,##0"
    for i, h in enumerate(header, start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = max(10, min(40, len(h) + 6))
    ws.freeze_panes = "A2"


def to_xlsx(rows: list[dict], f: Filters, note: str = "") -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    t = totals(rows)
    body = summary_rows(rows) + [["", "Tổng cộng", "", "", t["gross"], t["refunds"], t["net"], t["vat"], None,
                                  t["commission"], t["payable"]]]
    _sheet(ws, SUMMARY_HEADER, body, 4)
    ws2 = wb.create_sheet("Chi tiết")
    _sheet(ws2, HEADER, detail_rows(rows), 6)
    _sheet(wb.create_sheet("Hoa hồng theo mức"), RATE_HEADER, rate_rows(rows), 5)
    if promo_rows(rows):
        _sheet(wb.create_sheet("Khuyến mãi"), PROMO_HEADER, promo_rows(rows), 2)
    ws3 = wb.create_sheet("Kỳ")
    ws3.append(["Từ ngày", f.start])
    ws3.append(["Đến ngày", f.end])
    for line in (note, unassigned_note(rows)):
        if line:
            ws3.append(["Cảnh báo", line])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# -- the printable statement -------------------------------------------------------------------
def _d(day: str) -> str:
    return dt.date.fromisoformat(day).strftime("%d/%m/%Y")


ISSUER = "Trung tâm Xúc tiến Thương mại OCOP"


def statement_html(row: dict, f: Filters, issuer: str = ISSUER, issued: dt.date | None = None,
                   closed: dict | None = None) -> str:
    """A print-ready A4 page in Vietnamese: the producer, the period, each product (sold, refunded,
    amounts), per-location totals, commission (one line per rate when the rate changed in the
    period) and the amount payable, and signature blocks (central/figures/templates/statement.html).
    `closed`: a closed statement's frozen body (settlement_close.py) adds its number, the stock
    section, the adjustments of earlier periods and the amount due; it is dated the day it closed."""
    if closed:
        issued = business_date(dt.datetime.fromisoformat(closed["closed_at"]))
    issued = issued or vn_today()  # the Vietnam date, whatever zone the server runs in
    stock = {"stock_fields": ss.fields_of(closed["stock"]) if closed else ss.FIELDS, "stock_head": ss.HEAD_VI,
             "stock_rule": ss.BALANCE_VI, "before": rates.BEGINNING}
    return _papers().get_template("statement.html").render(row=row, f=f, issuer=issuer, issued=issued,
                                                           kind_vi=KIND_VI, qty=fmt_qty, closed=closed, **stock)


@functools.cache
def _papers():
    """The templates' environment, made on first use (exports and reports never need it)."""
    return render.environment(day=_d, vnd=fmt_vnd, bp=fmt_bp)
